//! A record prepared for matching: normalised once, compared many times.

use crate::banding::Angka;
use crate::banding::{
    self, LevelAlamat, LevelNama, LevelNik, LevelSama, LevelTanggal, LevelWilayah,
};
use crate::normal;
use crate::tambahan;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The fields of one input record, as text (what a CSV row or a register
/// row gives). Empty means unknown.
#[derive(Debug, Clone, Default)]
pub struct Medan<'a> {
    pub nik: &'a str,
    pub nkk: &'a str,
    pub nama: &'a str,
    pub lahir: Option<NaiveDate>,
    /// `L`/`P`; empty: taken from the NIK.
    pub jk: &'a str,
    pub tempat: &'a str,
    /// Desa code `PP.KK.CC.DDDD`.
    pub desa: &'a str,
    pub rt: &'a str,
    pub rw: &'a str,
    pub alamat: &'a str,
}

/// A record as the engine holds it: compact (about 150 bytes, the name and
/// address shared with every record of the same text read on the same
/// thread, against a dozen strings as read), since a province holds tens of
/// millions, and every field already in the form its comparison wants.
/// Serialised only into a run's own partition files (see
/// [`crate::partisi`]), never as a published format.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rekaman {
    /// The caller's identifier (voter ID, row number).
    pub id: u64,
    pub nik: Angka,
    pub nkk: Angka,
    /// The normalised name: tokens joined by single spaces.
    pub nama: std::sync::Arc<str>,
    pub lahir: Option<NaiveDate>,
    /// `L`/`P` as stated, or as the NIK implies when not stated; 0 unknown.
    pub jk: u8,
    /// A hash of the normalised place of birth; 0 unknown.
    pub tempat: u64,
    /// See [`banding::kode_desa`]; 0 unknown.
    pub desa: u64,
    /// See [`banding::kode_rtrw`]; 0 unknown.
    pub rtrw: u32,
    /// The normalised address.
    pub alamat: std::sync::Arc<str>,
    /// The values of the run's extra comparisons (`--compare`), in slot
    /// order; empty in most runs (no allocation).
    pub tambahan: Box<[crate::tambahan::Nilai]>,
    /// Share of the records with this exact name; 0 until
    /// [`isi_frekuensi`] runs.
    #[serde(skip)]
    pub tf_nama: f32,
    /// Share of the records with this birth date.
    #[serde(skip)]
    pub tf_lahir: f32,
}

/// Normalised values already computed on this thread. Names, places and
/// addresses repeat (a register of a million has perhaps a fifth as many
/// distinct names), and normalising is most of the cost of reading.
#[derive(Default)]
struct Ingatan {
    nama: PetaCepat<Box<str>, std::sync::Arc<str>>,
    tempat: PetaCepat<Box<str>, u64>,
    alamat: PetaCepat<Box<str>, std::sync::Arc<str>>,
}

/// A hash map with a fast, fixed (unseeded) hash: its keys come from our
/// own files, and these maps are on the path of every record read.
pub type PetaCepat<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

thread_local! {
    static INGATAN: std::cell::RefCell<Ingatan> = std::cell::RefCell::default();
}

/// Entries per table before it is emptied (memory stays bounded).
const INGATAN_MAKS: usize = 1 << 18;

fn ingat<V: Clone>(
    tabel: fn(&mut Ingatan) -> &mut PetaCepat<Box<str>, V>,
    kunci: &str,
    hitung: impl FnOnce(&str) -> V,
) -> V {
    INGATAN.with(|c| {
        let mut c = c.borrow_mut();
        let t = tabel(&mut c);
        if let Some(v) = t.get(kunci) {
            return v.clone();
        }
        let v = hitung(kunci);
        if t.len() >= INGATAN_MAKS {
            t.clear();
        }
        t.insert(kunci.into(), v.clone());
        v
    })
}

/// A text's hash for equality-only comparisons; never 0 (0 is unknown).
fn hash_teks(s: &str) -> u64 {
    if s.is_empty() {
        return 0;
    }
    crate::blok::hash_kunci(s)
}

impl Rekaman {
    fn tempat_tinggal(&self) -> banding::Tempat<'_> {
        banding::Tempat {
            nkk: self.nkk,
            desa: self.desa,
            rtrw: self.rtrw,
            alamat: &self.alamat,
        }
    }

    pub fn dari(id: u64, m: &Medan) -> Rekaman {
        let jk = match m.jk.trim() {
            "" => banding::jk_dari_nik(m.nik.trim()).unwrap_or(""),
            j => j,
        };
        let jk = match jk.as_bytes().first().map(u8::to_ascii_uppercase) {
            Some(b'L') | Some(b'M') => b'L',
            Some(b'P') | Some(b'F') | Some(b'W') => b'P',
            _ => 0,
        };
        Rekaman {
            id,
            nik: banding::Angka::dari(m.nik),
            nkk: banding::Angka::dari(m.nkk),
            nama: ingat(|c| &mut c.nama, m.nama, |s| normal::nama(s).teks().into()),
            lahir: m.lahir,
            jk,
            tempat: ingat(
                |c| &mut c.tempat,
                m.tempat,
                |s| hash_teks(&normal::tempat(s)),
            ),
            desa: banding::kode_desa(m.desa),
            rtrw: banding::kode_rtrw(m.rt, m.rw),
            alamat: ingat(|c| &mut c.alamat, m.alamat, |s| normal::alamat(s).into()),
            tambahan: Box::default(),
            tf_nama: 0.0,
            tf_lahir: 0.0,
        }
    }

    /// The name's tokens.
    pub fn token(&self) -> impl Iterator<Item = &str> + Clone {
        self.nama.split(' ').filter(|t| !t.is_empty())
    }
}

/// Term frequencies, from the records themselves: each record learns how
/// common its name and its birth date are among all of them (both sides of
/// a link together). A match on SITI born 1 July means less than a match
/// on a rare name born 14 March, and the model uses exactly this share as
/// the chance that two different people agree on that value.
pub fn isi_frekuensi(kelompok: &mut [&mut [Rekaman]]) {
    use rayon::prelude::*;
    type Hitung<'a> = (PetaCepat<&'a str, u32>, PetaCepat<NaiveDate, u32>);
    fn gabung<'a>(mut a: Hitung<'a>, b: Hitung<'a>) -> Hitung<'a> {
        for (k, v) in b.0 {
            *a.0.entry(k).or_insert(0) += v;
        }
        for (k, v) in b.1 {
            *a.1.entry(k).or_insert(0) += v;
        }
        a
    }
    let tf: Vec<Vec<(f32, f32)>> = {
        // Counted in parallel, per thread, then merged.
        let (nama, lahir) = kelompok
            .iter()
            .map(|rs| {
                rs.par_iter()
                    .fold(Hitung::default, |mut h, r| {
                        if !r.nama.is_empty() {
                            *h.0.entry(&r.nama).or_insert(0) += 1;
                        }
                        if let Some(d) = r.lahir {
                            *h.1.entry(d).or_insert(0) += 1;
                        }
                        h
                    })
                    .reduce(Hitung::default, gabung)
            })
            .fold(Hitung::default(), gabung);
        let n = kelompok.iter().map(|rs| rs.len()).sum::<usize>().max(1) as f32;
        kelompok
            .iter()
            .map(|rs| {
                rs.par_iter()
                    .map(|r| {
                        (
                            nama.get(&*r.nama).copied().unwrap_or(0) as f32 / n,
                            r.lahir.and_then(|d| lahir.get(&d)).copied().unwrap_or(0) as f32 / n,
                        )
                    })
                    .collect()
            })
            .collect()
    };
    for (rs, tf) in kelompok.iter_mut().zip(tf) {
        for (r, (a, b)) in rs.iter_mut().zip(tf) {
            r.tf_nama = a;
            r.tf_lahir = b;
        }
    }
}

/// Number of comparisons: the seven of a voter and the extra slots.
pub const K: usize = K_DASAR + tambahan::SLOT;

/// The voter's own comparisons, always present.
pub const K_DASAR: usize = 7;

/// Patterns of the voter's comparisons alone: a pattern below this has no
/// extra comparison that is not missing.
pub const POLA_DASAR: u32 = {
    let mut n = 1u32;
    let mut i = 0;
    while i < K_DASAR {
        n *= JUMLAH_LEVEL[i] as u32;
        i += 1;
    }
    n
};

/// The comparisons of one pair, in a fixed order (see [`NAMA_PERBANDINGAN`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Vektor {
    pub nik: LevelNik,
    pub nama: LevelNama,
    pub lahir: LevelTanggal,
    pub jk: LevelSama,
    pub tempat: LevelSama,
    pub wilayah: LevelWilayah,
    pub alamat: LevelAlamat,
    /// The extra comparisons' levels (see [`tambahan::NAMA_LEVEL`]).
    pub tambahan: [u8; tambahan::SLOT],
}

/// Names of the comparisons, in pattern order.
pub const NAMA_PERBANDINGAN: [&str; K] = [
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "tempat_lahir",
    "wilayah",
    "alamat",
    "tambahan_1",
    "tambahan_2",
    "tambahan_3",
    "tambahan_4",
];
/// Levels per comparison (the last is always "missing").
pub const JUMLAH_LEVEL: [usize; K] = [7, 9, 7, 3, 3, 9, 4, 5, 5, 5, 5];

/// Indices into the comparisons, for the blocking rules' `tetap`.
pub mod idx {
    pub const NIK: usize = 0;
    pub const NAMA: usize = 1;
    pub const LAHIR: usize = 2;
    pub const JK: usize = 3;
    pub const TEMPAT: usize = 4;
    pub const WILAYAH: usize = 5;
    pub const ALAMAT: usize = 6;
    /// The first extra comparison.
    pub const TAMBAHAN: usize = 7;
}

impl Vektor {
    pub fn dari(a: &Rekaman, b: &Rekaman) -> Vektor {
        let lahir = banding::tanggal(a.lahir, b.lahir);
        let tanggal_sama = matches!(lahir, LevelTanggal::Sama | LevelTanggal::SamaPengisi);
        let wilayah = banding::wilayah(&a.tempat_tinggal(), &b.tempat_tinggal());
        use banding::LevelWilayah as W;
        // What the place of residence already says is not counted again
        // (found on a province of 10 million, where a random pair rarely
        // shares a kecamatan or a birthplace): two people of one kecamatan
        // usually had their NIK issued there, and two of one kab/kota were
        // mostly born there.
        let sekecamatan = matches!(
            wilayah,
            W::Kk | W::Alamat | W::RtRw | W::Desa | W::Kecamatan
        );
        let sekabkota = sekecamatan || wilayah == W::KabKota;
        let mut nik = banding::nik_angka(&a.nik, &b.nik, tanggal_sama);
        if sekecamatan && nik == LevelNik::WilayahSama {
            nik = LevelNik::Beda;
        }
        Vektor {
            nik,
            nama: banding::nama(&a.nama, &b.nama),
            lahir,
            jk: banding::sama_id(u64::from(a.jk), u64::from(b.jk)),
            tempat: if sekabkota {
                LevelSama::Hilang
            } else {
                banding::sama_id(a.tempat, b.tempat)
            },
            wilayah,
            // Within the region hierarchy when both have desa codes.
            alamat: if a.desa == 0 || b.desa == 0 {
                banding::alamat(&a.alamat, &b.alamat)
            } else {
                LevelAlamat::Hilang
            },
            tambahan: std::array::from_fn(|i| match (a.tambahan.get(i), b.tambahan.get(i)) {
                (Some(x), Some(y)) => tambahan::banding(x, y),
                _ => tambahan::JUMLAH as u8 - 1,
            }),
        }
    }

    /// Each comparison's level index (0 = strongest agreement; the last
    /// index of each is "missing").
    pub fn level(&self) -> [usize; K] {
        [
            self.nik as usize,
            self.nama as usize,
            self.lahir as usize,
            self.jk as usize,
            self.tempat as usize,
            self.wilayah as usize,
            self.alamat as usize,
            usize::from(self.tambahan[0]),
            usize::from(self.tambahan[1]),
            usize::from(self.tambahan[2]),
            usize::from(self.tambahan[3]),
        ]
    }

    /// The pattern as one number: see [`pola_dari`].
    pub fn pola(&self) -> u32 {
        pola_dari(&self.level())
    }
}

/// Levels as a pattern number: the voter's comparisons in mixed radix over
/// [`JUMLAH_LEVEL`] (below [`POLA_DASAR`]), and above them the extras, each
/// as a digit in which "missing" is 0. So a run without extras has the
/// patterns of the engine before extras existed, and their tables stay
/// small; the weight of a pattern is its voter part's plus its extras'.
pub fn pola_dari(lv: &[usize; K]) -> u32 {
    let mut p = 0u32;
    for (l, n) in lv[..K_DASAR].iter().zip(JUMLAH_LEVEL) {
        p = p * n as u32 + *l as u32;
    }
    p + POLA_DASAR * kode_tambahan(&lv[K_DASAR..])
}

/// The extras' part of a pattern number.
fn kode_tambahan(lv: &[usize]) -> u32 {
    let n = tambahan::JUMLAH as u32;
    lv.iter().fold(0u32, |e, &l| e * n + (l as u32 + 1) % n)
}

/// The level indices of a pattern number.
pub fn urai_pola(p: u32) -> [usize; K] {
    let mut out = [0usize; K];
    let (mut d, mut e) = (p % POLA_DASAR, p / POLA_DASAR);
    for i in (0..K_DASAR).rev() {
        let n = JUMLAH_LEVEL[i] as u32;
        out[i] = (d % n) as usize;
        d /= n;
    }
    let n = tambahan::JUMLAH as u32;
    for i in (K_DASAR..K).rev() {
        out[i] = ((e % n + n - 1) % n) as usize;
        e /= n;
    }
    out
}

/// The extras' levels of a pattern number's extra part (`p / POLA_DASAR`).
pub fn urai_tambahan(e: u32) -> [usize; tambahan::SLOT] {
    let p = urai_pola(e * POLA_DASAR);
    std::array::from_fn(|i| p[K_DASAR + i])
}

/// How many values the extras' part of a pattern number can take.
pub const KODE_TAMBAHAN: u32 = (tambahan::JUMLAH as u32).pow(tambahan::SLOT as u32);

/// A level's name, as in the JSON of an explanation (`sama`,
/// `satu-digit`…).
pub fn nama_level(k: usize, l: usize) -> &'static str {
    const NIK: [&str; 7] = [
        "sama",
        "satu-digit",
        "transposisi",
        "tanggal-sama",
        "wilayah-sama",
        "beda",
        "hilang",
    ];
    const NAMA: [&str; 9] = [
        "sama",
        "gabung-sama",
        "sangat-mirip",
        "token-termuat",
        "mirip",
        "inisial",
        "sebagian",
        "beda",
        "hilang",
    ];
    const TGL: [&str; 7] = [
        "sama",
        "sama-pengisi",
        "hari-bulan-tertukar",
        "satu-digit",
        "tahun-sama",
        "beda",
        "hilang",
    ];
    const SAMA: [&str; 3] = ["sama", "beda", "hilang"];
    const WIL: [&str; 9] = [
        "kk",
        "alamat",
        "rt-rw",
        "desa",
        "kecamatan",
        "kab-kota",
        "provinsi",
        "beda",
        "hilang",
    ];
    const ALAMAT: [&str; 4] = ["sama", "mirip", "beda", "hilang"];
    let t: &[&str] = match k {
        idx::TAMBAHAN.. => &tambahan::NAMA_LEVEL,
        idx::NIK => &NIK,
        idx::NAMA => &NAMA,
        idx::LAHIR => &TGL,
        idx::WILAYAH => &WIL,
        idx::ALAMAT => &ALAMAT,
        _ => &SAMA,
    };
    t.get(l).copied().unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_round_trip_and_missing_is_last() {
        let a = Rekaman::dari(
            1,
            &Medan {
                nik: "3579014703900001",
                nama: "SITI",
                lahir: NaiveDate::from_ymd_opt(1990, 3, 7),
                tempat: "BATU",
                desa: "35.79.01.1001",
                rt: "1",
                rw: "02",
                ..Medan::default()
            },
        );
        let b = Rekaman::dari(
            2,
            &Medan {
                nik: "3579014703900002",
                nkk: "3579011203150004",
                nama: "SITI",
                jk: "P",
                tempat: "MALANG",
                desa: "35.79.01.1001",
                rt: "001",
                rw: "2",
                ..Medan::default()
            },
        );
        let v = Vektor::dari(&a, &b);
        assert_eq!(a.jk, b'P', "sex from the NIK");
        assert_eq!(urai_pola(v.pola()), v.level());
        assert_eq!(v.lahir as usize, JUMLAH_LEVEL[idx::LAHIR] - 1);
        assert_eq!(v.wilayah, LevelWilayah::RtRw, "RT/RW padded alike");
        assert_eq!(
            v.alamat,
            LevelAlamat::Hilang,
            "the address is within the region"
        );
        for (k, l) in v.level().iter().enumerate() {
            assert_ne!(nama_level(k, *l), "?");
            assert_eq!(nama_level(k, JUMLAH_LEVEL[k] - 1), "hilang");
        }
    }

    #[test]
    fn extras_keep_old_patterns_and_round_trip() {
        use crate::tambahan::{Jenis, Nilai};
        let mut a = Rekaman::dari(
            1,
            &Medan {
                nama: "SITI",
                ..Medan::default()
            },
        );
        let mut b = a.clone();
        let tanpa = Vektor::dari(&a, &b);
        assert!(
            tanpa.pola() < POLA_DASAR,
            "no extras: the old pattern numbers"
        );
        assert!(
            urai_pola(tanpa.pola())[K_DASAR..]
                .iter()
                .all(|&l| l == tambahan::JUMLAH - 1)
        );
        a.tambahan = vec![
            Nilai::dari(Jenis::Id, "1234567"),
            Nilai::Kosong,
            Nilai::dari(Jenis::Postcode, "2615"),
        ]
        .into();
        b.tambahan = vec![
            Nilai::dari(Jenis::Id, "1234568"),
            Nilai::Kosong,
            Nilai::dari(Jenis::Postcode, "2615"),
        ]
        .into();
        let v = Vektor::dari(&a, &b);
        assert_eq!(v.tambahan, [1, 4, 0, 4]);
        assert!(v.pola() >= POLA_DASAR);
        assert_eq!(urai_pola(v.pola()), v.level());
        assert_eq!(nama_level(idx::TAMBAHAN, 1), "hampir");
        for p in [
            0,
            POLA_DASAR - 1,
            POLA_DASAR,
            POLA_DASAR * KODE_TAMBAHAN - 1,
        ] {
            assert_eq!(pola_dari(&urai_pola(p)), p);
        }
    }

    #[test]
    fn frequencies_are_shares() {
        let mk = |nama: &str| {
            Rekaman::dari(
                0,
                &Medan {
                    nama,
                    lahir: NaiveDate::from_ymd_opt(1970, 7, 1),
                    ..Medan::default()
                },
            )
        };
        let mut a = vec![mk("SITI"), mk("SITI"), mk("BUDI")];
        let mut b = vec![mk("SITI")];
        isi_frekuensi(&mut [&mut a, &mut b]);
        assert!((a[0].tf_nama - 0.75).abs() < 1e-6);
        assert!((a[2].tf_nama - 0.25).abs() < 1e-6);
        assert!((b[0].tf_lahir - 1.0).abs() < 1e-6);
    }
}
