//! The recap of the continuous register (rekapitulasi DPB) between two
//! states of the log: per desa, kecamatan and kab/kota, the desa and TPS,
//! voters L/P/total, the previous total, pemilih baru, moves in and out,
//! TMS per code, withdrawn registrations and corrections.
//!
//! Every number is counted from one fold of the log under two filters (the
//! previous state and this one), voter by voter, by one classification
//! ([`golongkan`]) that the lineage of a cell uses too: a cell's lineage is
//! exactly the voters it counted. The invariants are checked before
//! anything is written ([`periksa`]); a recap that breaks one is refused,
//! naming the cell.

use padan_core::wilayah::{Tingkat, induk};
use padan_core::{JenisKelamin, KodeTms, Wilayah};
use padan_store::{GalatStore, Keadaan, KeadaanRingkas, LogPeristiwa, Proyeksi, Saringan};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The recap's columns, in the order a published recap shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kolom {
    Desa,
    Tps,
    L,
    P,
    Total,
    Sebelum,
    Baru,
    PindahMasuk,
    Tms1,
    Tms2,
    Tms3,
    Tms4,
    Tms5,
    Tms6,
    Tms7,
    Tms8,
    PindahKeluar,
    Batal,
    Perbaikan,
}

impl Kolom {
    /// Whether the column counts a change between the two states: zero for
    /// a voter whose state is the same under both (`sebelum`, L, P, total,
    /// desa and TPS count a state).
    pub fn perubahan(self) -> bool {
        !matches!(
            self,
            Kolom::Desa | Kolom::Tps | Kolom::L | Kolom::P | Kolom::Total | Kolom::Sebelum
        )
    }

    pub const SEMUA: [Kolom; 19] = [
        Kolom::Desa,
        Kolom::Tps,
        Kolom::L,
        Kolom::P,
        Kolom::Total,
        Kolom::Sebelum,
        Kolom::Baru,
        Kolom::PindahMasuk,
        Kolom::Tms1,
        Kolom::Tms2,
        Kolom::Tms3,
        Kolom::Tms4,
        Kolom::Tms5,
        Kolom::Tms6,
        Kolom::Tms7,
        Kolom::Tms8,
        Kolom::PindahKeluar,
        Kolom::Batal,
        Kolom::Perbaikan,
    ];

    /// The column's name in files and on the command line.
    pub fn nama(self) -> &'static str {
        match self {
            Kolom::Desa => "desa",
            Kolom::Tps => "tps",
            Kolom::L => "l",
            Kolom::P => "p",
            Kolom::Total => "total",
            Kolom::Sebelum => "sebelum",
            Kolom::Baru => "baru",
            Kolom::PindahMasuk => "pindah_masuk",
            Kolom::Tms1 => "tms1",
            Kolom::Tms2 => "tms2",
            Kolom::Tms3 => "tms3",
            Kolom::Tms4 => "tms4",
            Kolom::Tms5 => "tms5",
            Kolom::Tms6 => "tms6",
            Kolom::Tms7 => "tms7",
            Kolom::Tms8 => "tms8",
            Kolom::PindahKeluar => "pindah_keluar",
            Kolom::Batal => "batal",
            Kolom::Perbaikan => "perbaikan",
        }
    }

    pub fn dari_nama(s: &str) -> Option<Kolom> {
        let s = s.trim().to_lowercase().replace('-', "_");
        Kolom::SEMUA.into_iter().find(|k| k.nama() == s)
    }

    fn tms(k: KodeTms) -> Kolom {
        match k {
            KodeTms::Meninggal => Kolom::Tms1,
            KodeTms::Ganda => Kolom::Tms2,
            KodeTms::BawahUmur => Kolom::Tms3,
            KodeTms::PindahDomisili => Kolom::Tms4,
            KodeTms::TidakDikenal => Kolom::Tms5,
            KodeTms::Tni => Kolom::Tms6,
            KodeTms::Polri => Kolom::Tms7,
            KodeTms::SalahTps => Kolom::Tms8,
        }
    }

    /// What the column counts and from which events: the recap's data
    /// description ("Deskripsi data"), made before anyone asks.
    pub fn arti(self) -> (&'static str, &'static str) {
        match self {
            Kolom::Desa => (
                "jumlah desa/kelurahan menurut daftar wilayah Kemendagri",
                "the number of desa/kelurahan in the Kemendagri region list",
            ),
            Kolom::Tps => (
                "jumlah TPS berbeda yang memuat pemilih aktif pada keadaan ini",
                "distinct polling stations holding an active voter in this state",
            ),
            Kolom::L => (
                "pemilih aktif laki-laki pada keadaan ini (lipatan log: peristiwa daftar, ubah, tms, gabung, pulih)",
                "active male voters in this state (fold of the log: registration, change, TMS, merge, restore events)",
            ),
            Kolom::P => (
                "pemilih aktif perempuan pada keadaan ini",
                "active female voters in this state",
            ),
            Kolom::Total => (
                "pemilih aktif pada keadaan ini = L + P",
                "active voters in this state = L + P",
            ),
            Kolom::Sebelum => (
                "pemilih aktif pada keadaan sebelumnya (periode sebelumnya yang ditutup), di desa tempat mereka saat itu",
                "active voters in the previous state (the previous closed period), in the desa they were in then",
            ),
            Kolom::Baru => (
                "pemilih yang tidak aktif di mana pun sebelumnya dan aktif kini (peristiwa daftar, atau pulih)",
                "voters active nowhere before and active now (a registration or a restore event)",
            ),
            Kolom::PindahMasuk => (
                "pemilih aktif di kedua keadaan yang kini tercatat di desa ini dan sebelumnya di desa lain (peristiwa ubah kode_desa)",
                "voters active in both states now in this desa and before in another (a change of kode_desa)",
            ),
            Kolom::Tms1 => (
                "pemilih aktif sebelumnya yang kini TMS 1 meninggal",
                "voters active before, now TMS 1 deceased",
            ),
            Kolom::Tms2 => (
                "pemilih aktif sebelumnya yang kini TMS 2 ganda (peristiwa tms atau gabung)",
                "voters active before, now TMS 2 duplicate (a TMS or merge event)",
            ),
            Kolom::Tms3 => (
                "pemilih aktif sebelumnya yang kini TMS 3 di bawah umur",
                "voters active before, now TMS 3 under age",
            ),
            Kolom::Tms4 => (
                "pemilih aktif sebelumnya yang kini TMS 4 pindah domisili",
                "voters active before, now TMS 4 moved away",
            ),
            Kolom::Tms5 => (
                "pemilih aktif sebelumnya yang kini TMS 5 tidak dikenal",
                "voters active before, now TMS 5 unknown",
            ),
            Kolom::Tms6 => (
                "pemilih aktif sebelumnya yang kini TMS 6 TNI",
                "voters active before, now TMS 6 TNI",
            ),
            Kolom::Tms7 => (
                "pemilih aktif sebelumnya yang kini TMS 7 Polri",
                "voters active before, now TMS 7 Polri",
            ),
            Kolom::Tms8 => (
                "pemilih yang kini bertanda TMS 8 salah penempatan TPS; tetap aktif, tidak dikurangkan",
                "voters now marked TMS 8 wrong TPS; still active, not subtracted",
            ),
            Kolom::PindahKeluar => (
                "pemilih aktif di kedua keadaan yang sebelumnya di desa ini dan kini di desa lain",
                "voters active in both states before in this desa and now in another",
            ),
            Kolom::Batal => (
                "pemilih aktif sebelumnya yang pendaftarannya ditarik (pembatalan keputusan)",
                "voters active before whose registration was withdrawn (an undone decision)",
            ),
            Kolom::Perbaikan => (
                "pemilih aktif di kedua keadaan yang elemen datanya berubah (selain desa dan keterangan)",
                "voters active in both states whose data elements changed (other than desa and remark)",
            ),
        }
    }
}

/// One row's numbers, by column.
pub type Angka = BTreeMap<Kolom, u64>;

/// One row of the recap.
#[derive(Debug, Clone, Serialize)]
pub struct BarisDpb {
    pub kode: String,
    pub nama: String,
    pub tingkat: &'static str,
    pub angka: Angka,
}

/// The recap: desa rows with their kecamatan after them, and the kab/kota
/// row last.
#[derive(Debug, Clone, Serialize)]
pub struct RekapDpb {
    pub kantor: String,
    pub baris: Vec<BarisDpb>,
}

/// A count a voter adds to one cell: its desa, its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hitungan<'a> {
    pub desa: &'a str,
    pub kolom: Kolom,
}

/// The state columns one voter counts in under one state: `sebelum` for
/// the previous state's column, else total and L or P. Part of
/// [`golongkan`], and on its own for the lineage of a state column, which
/// needs one state only.
pub fn kolom_keadaan(k: KeadaanRingkas<'_>, sebelum: bool, f: &mut dyn FnMut(Kolom)) {
    if !k.aktif {
        return;
    }
    if sebelum {
        f(Kolom::Sebelum);
        return;
    }
    f(Kolom::Total);
    f(match k.jenis_kelamin {
        JenisKelamin::L => Kolom::L,
        JenisKelamin::P => Kolom::P,
    });
}

/// The cells one voter counts in, from its state before (`x`) and now
/// (`y`). The one definition of the recap's columns.
pub fn golongkan<'a>(
    x: Option<&'a Keadaan>,
    y: Option<&'a Keadaan>,
    f: &mut dyn FnMut(Hitungan<'a>),
) {
    let a = x.filter(|k| k.aktif);
    let b = y.filter(|k| k.aktif);
    let mut c = |desa: &'a str, kolom| f(Hitungan { desa, kolom });
    if let Some(a) = a {
        kolom_keadaan(a.into(), true, &mut |k| c(&a.pemilih.kode_desa, k));
    }
    if let Some(b) = b {
        let d = &b.pemilih.kode_desa;
        kolom_keadaan(b.into(), false, &mut |k| c(d, k));
        if b.kode_tms == Some(KodeTms::SalahTps)
            && x.is_none_or(|x| x.kode_tms != Some(KodeTms::SalahTps))
        {
            c(d, Kolom::Tms8);
        }
    }
    match (a, b) {
        (None, Some(b)) => c(&b.pemilih.kode_desa, Kolom::Baru),
        // The same state under both filters (one shared by the fold):
        // nothing of this voter changed between them.
        (Some(a), Some(b)) if std::ptr::eq(a, b) => {}
        (Some(a), Some(b)) => {
            if a.pemilih.kode_desa != b.pemilih.kode_desa {
                c(&a.pemilih.kode_desa, Kolom::PindahKeluar);
                c(&b.pemilih.kode_desa, Kolom::PindahMasuk);
            }
            if !a.pemilih.sama_selain_desa(&b.pemilih) {
                c(&b.pemilih.kode_desa, Kolom::Perbaikan);
            }
        }
        (Some(a), None) => match y.and_then(|k| k.kode_tms) {
            Some(k) => c(&a.pemilih.kode_desa, Kolom::tms(k)),
            None => c(&a.pemilih.kode_desa, Kolom::Batal),
        },
        (None, None) => {}
    }
}

/// A filter that no event passes: the state before anything.
pub fn kosong() -> Saringan {
    Saringan {
        berlaku: chrono::NaiveDate::from_ymd_opt(1900, 1, 1),
        dicatat: None,
    }
}

/// Counts every desa between two states.
pub fn hitung<G: LogPeristiwa + Proyeksi + ?Sized>(
    g: &G,
    sebelum: &Saringan,
    kini: &Saringan,
) -> Result<RekapDpb, GalatStore> {
    let w = g.wilayah()?;
    let mut desa: BTreeMap<String, Angka> = w
        .di_bawah(g.kantor(), Tingkat::Desa)
        .into_iter()
        .map(|(k, _)| (k.to_owned(), Angka::new()))
        .collect();
    let mut tps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut tambah_sel = |h: Hitungan<'_>| {
        // Looked up by borrowed code: every desa of the region list has
        // its entry already; only a code outside it is made.
        match desa.get_mut(h.desa) {
            Some(e) => *e.entry(h.kolom).or_default() += 1,
            None => {
                *desa
                    .entry(h.desa.to_owned())
                    .or_default()
                    .entry(h.kolom)
                    .or_default() += 1
            }
        }
    };
    // Per desa its polling stations, looked up by borrowed text (a
    // million voters, a few thousand stations).
    let mut tambah_tps = |desa: &str, t: &str| match tps.get_mut(desa) {
        Some(s) => {
            if !s.contains(t) {
                s.insert(t.to_owned());
            }
        }
        None => {
            tps.insert(desa.to_owned(), BTreeSet::from([t.to_owned()]));
        }
    };
    g.lipat_dua_dyn(sebelum, kini, &mut |_, x, y| {
        golongkan(x, y, &mut tambah_sel);
        if let Some(b) = y.filter(|k| k.aktif) {
            tambah_tps(&b.pemilih.kode_desa, &b.pemilih.tps);
        }
        Ok(())
    })?;
    for (d, t) in &tps {
        *desa
            .entry(d.clone())
            .or_default()
            .entry(Kolom::Tps)
            .or_default() += t.len() as u64;
    }
    Ok(susun(g.kantor(), &w, desa))
}

/// Builds every level from the desa rows: a parent is the sum of its
/// children, column by column.
pub fn susun(kantor: &str, w: &Wilayah, desa: BTreeMap<String, Angka>) -> RekapDpb {
    let nama = |k: &str| w.nama(k).unwrap_or("(tidak dikenal)").to_owned();
    let mut baris = vec![];
    let mut kec: BTreeMap<String, Vec<(String, Angka)>> = BTreeMap::new();
    for (kode, mut a) in desa {
        a.insert(Kolom::Desa, 1);
        for k in Kolom::SEMUA {
            a.entry(k).or_insert(0);
        }
        let induk = induk(&kode, Tingkat::Kecamatan).unwrap_or("").to_owned();
        kec.entry(induk).or_default().push((kode, a));
    }
    let mut semua = Angka::new();
    for (k, ds) in kec {
        let mut jumlah = Angka::new();
        for (kode, a) in ds {
            tambah(&mut jumlah, &a);
            baris.push(BarisDpb {
                nama: nama(&kode),
                kode,
                tingkat: "desa",
                angka: a,
            });
        }
        tambah(&mut semua, &jumlah);
        baris.push(BarisDpb {
            nama: nama(&k),
            kode: k,
            tingkat: "kecamatan",
            angka: jumlah,
        });
    }
    baris.push(BarisDpb {
        kode: kantor.to_owned(),
        nama: nama(kantor),
        tingkat: "kabkota",
        angka: semua,
    });
    RekapDpb {
        kantor: kantor.to_owned(),
        baris,
    }
}

fn tambah(a: &mut Angka, b: &Angka) {
    for (k, n) in b {
        *a.entry(*k).or_default() += n;
    }
}

/// A broken invariant: the cell, and what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelSalah {
    pub kode: String,
    pub kolom: Kolom,
    pub ada: u64,
    pub harus: u64,
    pub aturan: &'static str,
}

impl SelSalah {
    pub fn teks(&self, b: padan_core::Bahasa) -> String {
        match b {
            padan_core::Bahasa::Id => format!(
                "rekap tidak ditulis: sel {} kolom {} berisi {} padahal menurut aturan \"{}\" harus {}",
                self.kode,
                self.kolom.nama(),
                self.ada,
                self.aturan,
                self.harus
            ),
            padan_core::Bahasa::En => format!(
                "recap not written: cell {} column {} holds {} where the rule \"{}\" makes it {}",
                self.kode,
                self.kolom.nama(),
                self.ada,
                self.aturan,
                self.harus
            ),
        }
    }
}

fn n(a: &Angka, k: Kolom) -> u64 {
    a.get(&k).copied().unwrap_or(0)
}

/// The invariants, checked before anything is written:
/// - L + P = total, in every row;
/// - a parent is the sum of its children, in every column;
/// - before + baru + moved in − TMS 1–7 − moved out − withdrawn = total;
/// - the desa and TPS of a desa row are what the register holds
///   (`proyeksi`: active voters and TPS per desa from the register's
///   table, when this recap is of the register now).
pub fn periksa(
    r: &RekapDpb,
    proyeksi: Option<&BTreeMap<String, (u64, u64, u64)>>,
) -> Result<(), SelSalah> {
    let salah = |b: &BarisDpb, kolom, ada, harus, aturan| {
        Err(SelSalah {
            kode: b.kode.clone(),
            kolom,
            ada,
            harus,
            aturan,
        })
    };
    for b in &r.baris {
        let a = &b.angka;
        if n(a, Kolom::L) + n(a, Kolom::P) != n(a, Kolom::Total) {
            return salah(
                b,
                Kolom::Total,
                n(a, Kolom::Total),
                n(a, Kolom::L) + n(a, Kolom::P),
                "L + P = total",
            );
        }
        let masuk = n(a, Kolom::Sebelum) + n(a, Kolom::Baru) + n(a, Kolom::PindahMasuk);
        let keluar: u64 = [
            Kolom::Tms1,
            Kolom::Tms2,
            Kolom::Tms3,
            Kolom::Tms4,
            Kolom::Tms5,
            Kolom::Tms6,
            Kolom::Tms7,
            Kolom::PindahKeluar,
            Kolom::Batal,
        ]
        .into_iter()
        .map(|k| n(a, k))
        .sum();
        if masuk.checked_sub(keluar) != Some(n(a, Kolom::Total)) {
            return salah(
                b,
                Kolom::Total,
                n(a, Kolom::Total),
                masuk.saturating_sub(keluar),
                "sebelum + baru + pindah masuk − TMS 1–7 − pindah keluar − batal = total",
            );
        }
        if b.tingkat == "desa"
            && let Some(p) = proyeksi
        {
            let (l, pr, tps) = p.get(&b.kode).copied().unwrap_or((0, 0, 0));
            for (kolom, harus) in [(Kolom::L, l), (Kolom::P, pr), (Kolom::Tps, tps)] {
                if n(a, kolom) != harus {
                    return salah(b, kolom, n(a, kolom), harus, "sama dengan tabel pemilih");
                }
            }
        }
    }
    // Parents: each kecamatan row is the sum of the desa rows before it;
    // the kab/kota row the sum of the kecamatan rows.
    let mut anak = Angka::new();
    let mut kec = Angka::new();
    for b in &r.baris {
        match b.tingkat {
            "desa" => tambah(&mut anak, &b.angka),
            "kecamatan" => {
                for k in Kolom::SEMUA {
                    if n(&anak, k) != n(&b.angka, k) {
                        return salah(b, k, n(&b.angka, k), n(&anak, k), "jumlah desa = kecamatan");
                    }
                }
                tambah(&mut kec, &b.angka);
                anak.clear();
            }
            _ => {
                for k in Kolom::SEMUA {
                    if n(&kec, k) != n(&b.angka, k) {
                        return salah(
                            b,
                            k,
                            n(&b.angka, k),
                            n(&kec, k),
                            "jumlah kecamatan = kabupaten/kota",
                        );
                    }
                }
            }
        }
    }
    Ok(())
}

/// The register's own table: active voters L, P and distinct TPS per desa.
pub fn dari_proyeksi<G: Proyeksi + ?Sized>(
    g: &G,
) -> Result<BTreeMap<String, (u64, u64, u64)>, GalatStore> {
    Ok(g.hitung_per_desa()?
        .into_iter()
        .map(|h| (h.desa, (h.l, h.p, h.tps)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desa(pairs: &[(Kolom, u64)]) -> Angka {
        pairs.iter().copied().collect()
    }

    #[test]
    fn a_recap_that_adds_up_passes_and_a_broken_cell_is_named() {
        let w = Wilayah::bawaan();
        let mut d = BTreeMap::new();
        d.insert(
            "35.79.01.1001".to_string(),
            desa(&[
                (Kolom::L, 3),
                (Kolom::P, 2),
                (Kolom::Total, 5),
                (Kolom::Sebelum, 4),
                (Kolom::Baru, 2),
                (Kolom::Tms1, 1),
            ]),
        );
        let mut r = susun("35.79", &w, d);
        assert_eq!(periksa(&r, None), Ok(()));
        let kab = r.baris.last().unwrap();
        assert_eq!(n(&kab.angka, Kolom::Total), 5);
        assert_eq!(
            n(&kab.angka, Kolom::Desa),
            1,
            "one desa row given, one desa counted"
        );
        // A kecamatan row changed behind the recap's back.
        let i = r
            .baris
            .iter()
            .position(|b| b.tingkat == "kecamatan")
            .unwrap();
        r.baris[i].angka.insert(Kolom::L, 4);
        r.baris[i].angka.insert(Kolom::Total, 6);
        let e = periksa(&r, None).unwrap_err();
        assert_eq!(e.kolom, Kolom::Total);
        assert!(e.teks(padan_core::Bahasa::Id).contains("35.79.01"));
    }

    #[test]
    fn column_names_read_back() {
        for k in Kolom::SEMUA {
            assert_eq!(Kolom::dari_nama(k.nama()), Some(k));
        }
        assert_eq!(Kolom::dari_nama("Pindah-Masuk"), Some(Kolom::PindahMasuk));
    }
}

/// What a written recap says about itself: the state it shows, the state
/// it compares with, the checkpoint its numbers end at.
#[derive(Debug, Clone, Serialize)]
pub struct Keterangan {
    pub judul: String,
    pub keadaan: String,
    pub sebelum: String,
    pub checkpoint: Option<padan_store::tindak::InfoCheckpoint>,
}

fn sel_baris(b: &BarisDpb) -> Vec<String> {
    let mut v = vec![b.kode.clone(), b.nama.clone(), b.tingkat.to_owned()];
    v.extend(Kolom::SEMUA.iter().map(|k| n(&b.angka, *k).to_string()));
    v
}

fn judul_kolom() -> Vec<String> {
    let mut v = vec!["kode".to_owned(), "nama".into(), "tingkat".into()];
    v.extend(Kolom::SEMUA.iter().map(|k| k.nama().to_owned()));
    v
}

/// The data description: every column, what it counts and from which
/// events, and the checkpoint the numbers end at.
pub fn deskripsi(k: &Keterangan, b: padan_core::Bahasa) -> Vec<[String; 3]> {
    let cp = k
        .checkpoint
        .as_ref()
        .map(|c| {
            format!(
                "checkpoint batch {} · log {} · akar {} · kepala {}",
                c.batch, c.ukuran_log, c.akar, c.kepala
            )
        })
        .unwrap_or_default();
    Kolom::SEMUA
        .iter()
        .map(|c| {
            let (id, en) = c.arti();
            [
                c.nama().to_owned(),
                match b {
                    padan_core::Bahasa::Id => id.to_owned(),
                    padan_core::Bahasa::En => en.to_owned(),
                },
                format!("{} · {} · {cp}", k.keadaan, k.sebelum),
            ]
        })
        .collect()
}

/// Writes the recap as JSON, CSV, XLSX (with its "Deskripsi data" sheet)
/// or PDF, by the target's extension; atomically.
pub fn tulis(
    r: &RekapDpb,
    k: &Keterangan,
    keluar: &std::path::Path,
) -> Result<(), padan_io::GalatIo> {
    let galat = |e: &dyn std::fmt::Display| padan_io::GalatIo::Tulis(keluar.into(), e.to_string());
    let ext = padan_io::atomik::ekstensi(keluar);
    let isi: Vec<u8> = match ext.as_str() {
        "json" => serde_json::to_vec_pretty(&serde_json::json!({
            "keterangan": k,
            "deskripsi_data": deskripsi(k, padan_core::Bahasa::Id),
            "baris": r.baris,
        }))
        .map_err(|e| galat(&e))?,
        "csv" => {
            let mut w = csv::Writer::from_writer(vec![]);
            w.write_record(judul_kolom()).map_err(|e| galat(&e))?;
            for b in &r.baris {
                w.write_record(sel_baris(b)).map_err(|e| galat(&e))?;
            }
            w.into_inner().map_err(|e| galat(&e))?
        }
        "xlsx" => xlsx(r, k).map_err(|e| galat(&e))?,
        "pdf" => pdf(r, k),
        _ => {
            return Err(padan_io::GalatIo::Tulis(
                keluar.into(),
                "pakai .xlsx, .pdf, .csv atau .json".into(),
            ));
        }
    };
    padan_io::atomik::tulis(keluar, &isi).map_err(|e| galat(&e))
}

fn xlsx(r: &RekapDpb, k: &Keterangan) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut wb = Workbook::new();
    let tebal = Format::new().set_bold();
    let kepala = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let angka = Format::new().set_num_format("#,##0");
    let angka_tebal = Format::new().set_num_format("#,##0").set_bold();
    let biasa = Format::new();
    let ws = wb.add_worksheet();
    ws.set_name("Rekap DPB")?;
    ws.write_string_with_format(0, 0, &k.judul, &tebal)?;
    ws.write_string(1, 0, &k.keadaan)?;
    ws.write_string(2, 0, &k.sebelum)?;
    let awal = 4u32;
    for (c, j) in judul_kolom().iter().enumerate() {
        ws.write_string_with_format(awal, c as u16, j.to_uppercase().replace('_', " "), &kepala)?;
    }
    for (i, b) in r.baris.iter().enumerate() {
        let row = awal + 1 + i as u32;
        let induk = b.tingkat != "desa";
        let f = if induk { &angka_tebal } else { &angka };
        let nama = if induk {
            format!(
                "{} {}",
                if b.tingkat == "kecamatan" {
                    "Kec."
                } else {
                    "JUMLAH"
                },
                b.nama
            )
        } else {
            b.nama.clone()
        };
        ws.write_string(row, 0, &b.kode)?;
        ws.write_string_with_format(row, 1, &nama, if induk { &tebal } else { &biasa })?;
        ws.write_string(row, 2, b.tingkat)?;
        for (c, kol) in Kolom::SEMUA.iter().enumerate() {
            ws.write_number_with_format(row, 3 + c as u16, n(&b.angka, *kol) as f64, f)?;
        }
    }
    ws.set_freeze_panes(awal + 1, 2)?;
    ws.set_column_width(0, 15)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 10)?;
    for c in 0..Kolom::SEMUA.len() {
        ws.set_column_width(3 + c as u16, 9)?;
    }
    let d = wb.add_worksheet();
    d.set_name("Deskripsi data")?;
    d.write_string_with_format(
        0,
        0,
        "Deskripsi data (dibuat bersama rekap, sebelum ada yang bertanya)",
        &tebal,
    )?;
    for (c, j) in ["kolom", "yang dihitung", "dari peristiwa dan checkpoint"]
        .iter()
        .enumerate()
    {
        d.write_string_with_format(2, c as u16, *j, &kepala)?;
    }
    for (i, baris) in deskripsi(k, padan_core::Bahasa::Id).iter().enumerate() {
        for (c, s) in baris.iter().enumerate() {
            d.write_string(3 + i as u32, c as u16, s)?;
        }
    }
    d.set_column_width(0, 14)?;
    d.set_column_width(1, 70)?;
    d.set_column_width(2, 90)?;
    d.set_freeze_panes(3, 0)?;
    wb.save_to_buffer()
}

fn pdf(r: &RekapDpb, k: &Keterangan) -> Vec<u8> {
    use crate::pdf::{Dokumen, Kolom as K, angka};
    let mut d = Dokumen::baru(&k.judul);
    d.judul(&k.judul.to_uppercase(), 11.0);
    d.teks(&k.keadaan, 8.5, false);
    d.teks(&k.sebelum, 8.5, false);
    if let Some(c) = &k.checkpoint {
        d.teks(
            &format!(
                "checkpoint batch {} · log {} peristiwa · kepala {}",
                c.batch, c.ukuran_log, c.kepala
            ),
            7.5,
            false,
        );
    }
    d.jarak(6.0);
    let mut kolom = vec![K {
        lebar: 76.0,
        kanan: false,
    }];
    kolom.extend(Kolom::SEMUA.iter().map(|c| K {
        lebar: if matches!(
            c,
            Kolom::L | Kolom::P | Kolom::Total | Kolom::Sebelum | Kolom::Baru
        ) {
            30.0
        } else {
            19.5
        },
        kanan: true,
    }));
    let pendek = |c: &Kolom| match c {
        Kolom::Desa => "Ds".to_owned(),
        Kolom::PindahMasuk => "Msk".to_owned(),
        Kolom::PindahKeluar => "Klr".to_owned(),
        Kolom::Perbaikan => "Prb".to_owned(),
        Kolom::Sebelum => "Sblm".to_owned(),
        Kolom::Total => "Total".to_owned(),
        Kolom::Baru => "Baru".to_owned(),
        Kolom::Batal => "Btl".to_owned(),
        c => c.nama().to_uppercase().replace("TMS", "T"),
    };
    let mut kepala = vec!["Wilayah".to_owned()];
    kepala.extend(Kolom::SEMUA.iter().map(pendek));
    d.baris(&kolom, &kepala, 6.5, true);
    for b in &r.baris {
        let induk = b.tingkat != "desa";
        let mut s = vec![match b.tingkat {
            "desa" => format!("  {}", b.nama),
            "kecamatan" => format!("Kec. {}", b.nama),
            _ => "JUMLAH".to_owned(),
        }];
        s.extend(Kolom::SEMUA.iter().map(|c| angka(n(&b.angka, *c))));
        d.baris(&kolom, &s, 6.5, induk);
    }
    d.jarak(8.0);
    d.teks("Deskripsi data", 9.0, true);
    for [kol, arti, _] in deskripsi(k, padan_core::Bahasa::Id) {
        d.teks(&format!("{kol}: {arti}"), 7.0, false);
    }
    d.selesai()
}
