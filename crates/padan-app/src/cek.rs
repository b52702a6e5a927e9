//! The public lookup ("cek DPT"): a citizen gives a NIK and a second factor
//! (the birth date, or the name as on the KTP) and learns whether they are
//! on the list and where they vote: a masked name, the desa and the TPS,
//! nothing else.
//!
//! The lookup is an oracle that must not confirm a leak (in 2023 a seller
//! of 204.8 million rows proved them with screenshots of the public lookup;
//! in 2024 it answered placeholder NIKs with real voters). So:
//! - every kind of "no" (not found, wrong second factor, a placeholder or
//!   invalid NIK, a voter no longer on the list) is one answer,
//!   [`JawabanCek::Tidak`], that says nothing about which it was;
//! - a NIK that cannot be a person's never reaches the database
//!   ([`nik_layak`]);
//! - the audit trail holds a keyed hash of the NIK ([`sidik`]), never the
//!   NIK.
//!
//! Rate budgets and the uniform answer time belong to the web service; the
//! rules of what is answered are here, for every caller.

use crate::galat::Galat;
use crate::ruang::Ruang;
use hmac::{Hmac, Mac};
use padan_core::wilayah::{Tingkat, induk};
use padan_core::{Wilayah, masker};
use padan_store::{Keadaan, Toko};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

/// The second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Faktor {
    /// The birth date as typed (`1990-03-07`, `07-03-1990`, …).
    TanggalLahir(String),
    /// The name as on the KTP; case, spaces and punctuation do not count.
    Nama(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermintaanCek {
    pub nik: String,
    pub faktor: Faktor,
}

/// What the lookup answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "hasil", rename_all = "snake_case")]
pub enum JawabanCek {
    Terdaftar {
        /// `SIT* RAH***` ([`masker::nama`]).
        nama_samar: String,
        kode_desa: String,
        desa: String,
        kecamatan: String,
        kabupaten_kota: String,
        tps: String,
    },
    /// Every kind of "no", alike.
    Tidak,
}

impl JawabanCek {
    /// A short name of the outcome, for counters and the audit trail.
    pub fn kelas(&self) -> &'static str {
        match self {
            JawabanCek::Terdaftar { .. } => "terdaftar",
            JawabanCek::Tidak => "tidak",
        }
    }
}

/// What the lookup reads of the register: the voters a NIK names, in their
/// current state. A seam, so that a test can count what reaches the
/// database.
pub trait SumberCek {
    fn pemilih_nik(&self, nik: &str) -> Result<Vec<Keadaan>, Galat>;
}

impl<T: Toko + ?Sized> SumberCek for T {
    fn pemilih_nik(&self, nik: &str) -> Result<Vec<Keadaan>, Galat> {
        let mut out = vec![];
        for id in self.cari(nik)? {
            if let Some(k) = self.keadaan(id)? {
                out.push(k);
            }
        }
        Ok(out)
    }
}

/// The NIK, cleaned, when it could be a person's: 16 digits, no
/// placeholder, a real day and month in digits 7–12, a serial above 0000.
/// `None` for anything else; such a NIK is answered without a query.
pub fn nik_layak(raw: &str) -> Option<String> {
    let nik = padan_core::Nik::urai(raw).ok()?;
    (nik.hari_bulan().is_some() && nik.serial() != 0).then(|| nik.teks())
}

/// Upper-case letters and digits, one space between words: how two
/// spellings of one name on a KTP are compared (no fuzzy match: a lookup
/// that forgives typos helps a guesser too).
fn nama_baku(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the second factor is this voter's.
fn faktor_cocok(f: &Faktor, k: &Keadaan) -> bool {
    match f {
        Faktor::TanggalLahir(t) => {
            padan_core::tanggal::urai(t).is_ok_and(|d| d == k.pemilih.tanggal_lahir)
        }
        Faktor::Nama(n) => {
            let n = nama_baku(n);
            !n.is_empty() && n == nama_baku(&k.pemilih.nama)
        }
    }
}

/// The lookup. An error is the database's, never the citizen's: every
/// refusal of theirs is [`JawabanCek::Tidak`].
pub fn cek<S: SumberCek + ?Sized>(
    src: &S,
    wilayah: &Wilayah,
    p: &PermintaanCek,
) -> Result<JawabanCek, Galat> {
    let Some(nik) = nik_layak(&p.nik) else {
        return Ok(JawabanCek::Tidak);
    };
    // Only a voter on the list is answered; a removed one (TMS) is a "no"
    // like any other.
    let Some(k) = src
        .pemilih_nik(&nik)?
        .into_iter()
        .find(|k| k.aktif && faktor_cocok(&p.faktor, k))
    else {
        return Ok(JawabanCek::Tidak);
    };
    let desa = &k.pemilih.kode_desa;
    let nama = |t: Tingkat| {
        induk(desa, t)
            .and_then(|kode| wilayah.nama(kode))
            .unwrap_or("")
            .to_owned()
    };
    Ok(JawabanCek::Terdaftar {
        nama_samar: masker::nama(&k.pemilih.nama),
        kode_desa: desa.clone(),
        desa: nama(Tingkat::Desa),
        kecamatan: nama(Tingkat::Kecamatan),
        kabupaten_kota: nama(Tingkat::KabKota),
        tps: k.pemilih.tps.clone(),
    })
}

/// A keyed hash (HMAC-SHA256 under the office's secret) of a value that
/// may not be kept in clear, as 32 hex digits: the same NIK gives the same
/// mark, so repeated lookups of one NIK can be seen in the audit trail,
/// while without the secret the mark names no one (a NIK has too few
/// possible values for a plain hash to hide it).
pub fn sidik(kunci: &[u8], nilai: &str) -> String {
    // HMAC takes a key of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(kunci) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(nilai.as_bytes());
    let h = mac.finalize().into_bytes();
    hex::encode(h.get(..16).unwrap_or(&h))
}

/// Where the office's lookup secret is kept, beside its signing key.
pub const BERKAS_RAHASIA: &str = "kunci/rahasia-cek";

/// The secret that keys [`sidik`]: `PADAN_RAHASIA_CEK` (hex, at least 32
/// digits) when set, so that several servers of one office mark alike;
/// otherwise 32 random bytes kept in the workspace, made on first use
/// (owner-only, like the rest of the workspace).
pub fn rahasia(r: &Ruang) -> Result<Zeroizing<Vec<u8>>, Galat> {
    if let Ok(h) = std::env::var("PADAN_RAHASIA_CEK") {
        return match hex::decode(h.trim()) {
            Ok(b) if b.len() >= 16 => Ok(Zeroizing::new(b)),
            _ => Err(Galat::baru(
                "PADAN_RAHASIA_CEK harus heksadesimal, sekurang-kurangnya 32 digit",
                "PADAN_RAHASIA_CEK must be hexadecimal, at least 32 digits",
            )
            .misuse()),
        };
    }
    let p = r.dir.join(BERKAS_RAHASIA);
    let io = |e: std::io::Error| {
        Galat::baru(
            format!("rahasia cek {}: {e}", p.display()),
            format!("lookup secret {}: {e}", p.display()),
        )
    };
    match std::fs::read(&p) {
        Ok(b) if b.len() >= 16 => return Ok(Zeroizing::new(b)),
        Ok(_) => {
            return Err(Galat::baru(
                format!("rahasia cek {} terlalu pendek", p.display()),
                format!("lookup secret {} is too short", p.display()),
            ));
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        Err(_) => {}
    }
    let mut b = Zeroizing::new(vec![0u8; 32]);
    getrandom::fill(&mut b).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).map_err(io)?;
    }
    // The one way Padan writes a secret: owner-only, whole or not at all,
    // never over one that exists.
    match padan_io::atomik::tulis_rahasia(&p, &b) {
        Ok(()) => Ok(b),
        // Another server made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(&p).map(Zeroizing::new).map_err(io)
        }
        Err(e) => Err(io(e)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use padan_core::pemilih::Pemilih;
    use std::cell::Cell;

    struct Palsu {
        pemilih: Vec<Keadaan>,
        kueri: Cell<u32>,
    }

    impl SumberCek for Palsu {
        fn pemilih_nik(&self, nik: &str) -> Result<Vec<Keadaan>, Galat> {
            self.kueri.set(self.kueri.get() + 1);
            Ok(self
                .pemilih
                .iter()
                .filter(|k| k.pemilih.nik == nik)
                .cloned()
                .collect())
        }
    }

    fn keadaan(nik: &str, nama: &str, lahir: &str, aktif: bool) -> Keadaan {
        let p = Pemilih {
            nkk: "3579010101000001".into(),
            nik: nik.into(),
            nama: nama.into(),
            tempat_lahir: "BATU".into(),
            tanggal_lahir: padan_core::tanggal::urai(lahir).unwrap(),
            status_kawin: padan_core::pemilih::StatusKawin::B,
            jenis_kelamin: padan_core::pemilih::JenisKelamin::P,
            alamat: "JL. MAWAR 1".into(),
            rt: "001".into(),
            rw: "002".into(),
            disabilitas: 0,
            ktp_el: "S".into(),
            keterangan: String::new(),
            kode_desa: "35.79.01.1001".into(),
            tps: "003".into(),
        };
        Keadaan {
            pemilih: p,
            aktif,
            kode_tms: None,
            seq_terakhir: 1,
        }
    }

    fn palsu() -> Palsu {
        Palsu {
            pemilih: vec![
                keadaan("3579014703900001", "SITI RAHAYU", "1990-03-07", true),
                keadaan("3579010101500002", "AHMAD", "1950-01-01", false),
            ],
            kueri: Cell::new(0),
        }
    }

    fn minta(nik: &str, f: Faktor) -> PermintaanCek {
        PermintaanCek {
            nik: nik.into(),
            faktor: f,
        }
    }

    #[test]
    fn the_holder_learns_a_masked_name_the_desa_and_the_tps() {
        let s = palsu();
        let w = Wilayah::bawaan();
        for f in [
            Faktor::TanggalLahir("07-03-1990".into()),
            Faktor::Nama("Siti  rahayu.".into()),
        ] {
            let j = cek(&s, &w, &minta("3579 0147 0390 0001", f)).unwrap();
            let JawabanCek::Terdaftar {
                nama_samar,
                desa,
                kecamatan,
                tps,
                ..
            } = j
            else {
                panic!("not found: {j:?}");
            };
            assert_eq!(nama_samar, "SIT* RAH***");
            assert_eq!(tps, "003");
            assert!(
                !desa.is_empty() && !kecamatan.is_empty(),
                "{desa} {kecamatan}"
            );
        }
    }

    #[test]
    fn every_kind_of_no_is_one_answer_and_bad_niks_are_not_looked_up() {
        let s = palsu();
        let w = Wilayah::bawaan();
        let lahir = |t: &str| Faktor::TanggalLahir(t.into());
        // Wrong factor, removed voter, unknown NIK: looked up, then "no".
        for p in [
            minta("3579014703900001", lahir("1990-03-08")),
            minta("3579014703900001", Faktor::Nama("SITI RAHAYUU".into())),
            minta("3579014703900001", Faktor::Nama(" . ".into())),
            minta("3579014703900001", lahir("bukan tanggal")),
            minta("3579010101500002", lahir("1950-01-01")),
            minta("3579014703900009", lahir("1990-03-07")),
        ] {
            assert_eq!(cek(&s, &w, &p).unwrap(), JawabanCek::Tidak, "{p:?}");
        }
        assert_eq!(s.kueri.get(), 6);
        // Placeholders and NIKs that cannot be a person's: never queried.
        for n in [
            "2222222222222222",
            "0000000000000000",
            "1234567890123456",
            "357901470390000",
            "35790147039000011",
            "3579014713900001", // month 13
            "3579013203900001", // day 32
            "3579014703900000", // serial 0000
            "357901470390000X",
            "",
        ] {
            assert_eq!(
                cek(&s, &w, &minta(n, lahir("1990-03-07"))).unwrap(),
                JawabanCek::Tidak,
                "{n}"
            );
        }
        assert_eq!(s.kueri.get(), 6, "a bad NIK reached the database");
    }

    #[test]
    fn the_mark_of_a_nik_depends_on_the_secret() {
        let a = sidik(b"rahasia-1", "3579014703900001");
        assert_eq!(a.len(), 32);
        assert_eq!(a, sidik(b"rahasia-1", "3579014703900001"));
        assert_ne!(a, sidik(b"rahasia-2", "3579014703900001"));
        assert_ne!(a, sidik(b"rahasia-1", "3579014703900002"));
        assert!(!a.contains("470390"));
    }

    #[test]
    fn the_secret_is_made_once_and_kept() {
        let d = tempfile::tempdir().unwrap();
        let r = Ruang::baru(d.path());
        let a = rahasia(&r).unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(*a, *rahasia(&r).unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let m = std::fs::metadata(d.path().join(BERKAS_RAHASIA)).unwrap();
            assert_eq!(m.permissions().mode() & 0o077, 0);
        }
    }

    proptest::proptest! {
        /// Whatever is typed, the lookup answers and never panics; a text
        /// that is not 16 digits is never looked up.
        #[test]
        fn any_input_is_answered(nik in "\\PC{0,24}", f in "\\PC{0,24}") {
            let s = palsu();
            let w = Wilayah::bawaan();
            let j = cek(&s, &w, &minta(&nik, Faktor::Nama(f)));
            proptest::prop_assert!(j.is_ok());
            if nik_layak(&nik).is_none() {
                proptest::prop_assert_eq!(s.kueri.get(), 0);
            }
        }
    }
}
