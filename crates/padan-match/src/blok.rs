//! Blocking: which pairs are compared at all.
//!
//! Several rules, each giving a key per record; records sharing a key in any
//! rule form a candidate pair, compared once (the first rule that found it
//! is kept, for the explanation). A block larger than the limit (50,000
//! people called SITI born in one year) is not expanded: it is reported with
//! the pairs it would have made, never dropped silently.

use crate::rekaman::Rekaman;
use chrono::Datelike;
use std::collections::{HashMap, HashSet};

pub struct AturanBlok {
    pub nama: &'static str,
    pub kunci: fn(&Rekaman) -> Option<String>,
    /// The comparisons (indices into `rekaman::NAMA_PERBANDINGAN`) that
    /// agree by construction in this rule's pairs, left out when training.
    pub tetap: &'static [usize],
    /// Whether m is trained on this rule's pairs. Rules whose pairs are
    /// mostly one household (same NKK) would teach the model households,
    /// not persons; they block but do not train.
    pub latih: bool,
}

fn nik_utuh(r: &Rekaman) -> Option<String> {
    (r.nik.len() == 16).then(|| r.nik.clone())
}

fn nama_depan_lahir(r: &Rekaman) -> Option<String> {
    Some(format!("{}|{}", r.nama.token.first()?, r.lahir?))
}

fn gabung_tahun_kecamatan(r: &Rekaman) -> Option<String> {
    let g = r.nama.gabung();
    (!g.is_empty()).then_some(())?;
    Some(format!("{g}|{}|{}", r.lahir?.year(), r.desa.get(..8)?))
}

fn nik_tanpa_serial(r: &Rekaman) -> Option<String> {
    (r.nik.len() == 16).then(|| r.nik[..12].to_owned())
}

fn nkk_nama_depan(r: &Rekaman) -> Option<String> {
    (r.nkk.len() == 16).then_some(())?;
    Some(format!("{}|{}", r.nkk, r.nama.token.first()?))
}

/// The default rules, strongest first. The NIK rule trains on everything
/// but the NIK (the stated birth date and sex may disagree with it in real
/// data); the name and birth-date rule trains the NIK and the rest.
pub const ATURAN_BAKU: &[AturanBlok] = &[
    AturanBlok {
        nama: "nik",
        kunci: nik_utuh,
        tetap: &[0],
        latih: true,
    },
    AturanBlok {
        nama: "nama-depan+tanggal-lahir",
        kunci: nama_depan_lahir,
        tetap: &[1, 2],
        latih: true,
    },
    AturanBlok {
        nama: "nama-gabung+tahun+kecamatan",
        kunci: gabung_tahun_kecamatan,
        tetap: &[1, 2, 5],
        latih: false,
    },
    AturanBlok {
        nama: "nik-tanpa-serial",
        kunci: nik_tanpa_serial,
        tetap: &[0, 2, 3],
        latih: false,
    },
    AturanBlok {
        nama: "nkk+nama-depan",
        kunci: nkk_nama_depan,
        tetap: &[6, 1],
        latih: false,
    },
];

/// A candidate pair: indices into the record slices, and the rule (index
/// into the rules) that found it first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pasangan {
    pub a: u32,
    pub b: u32,
    pub aturan: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlokBesar {
    pub aturan: &'static str,
    pub kunci: String,
    pub ukuran: usize,
    pub pasangan_tertunda: u64,
}

#[derive(Debug, Clone, Default)]
pub struct HasilBlok {
    pub pasangan: Vec<Pasangan>,
    /// Blocks over the limit, not expanded.
    pub besar: Vec<BlokBesar>,
    /// New pairs each rule contributed.
    pub per_aturan: Vec<(&'static str, u64)>,
}

fn kelompok(rs: &[Rekaman], a: &AturanBlok) -> HashMap<String, Vec<u32>> {
    let mut m: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, r) in rs.iter().enumerate() {
        if let Some(k) = (a.kunci)(r) {
            m.entry(k).or_default().push(i as u32);
        }
    }
    m
}

/// Records a pair unless an earlier rule found it; true when new.
fn catat_sekali(
    h: &mut HasilBlok,
    sudah: &mut HashSet<u64>,
    a: u32,
    b: u32,
    aturan: usize,
) -> bool {
    let baru = sudah.insert(u64::from(a) << 32 | u64::from(b));
    if baru {
        h.pasangan.push(Pasangan {
            a,
            b,
            aturan: aturan as u8,
        });
    }
    baru
}

/// Every pair one rule finds within one set (for training: each session
/// sees all of its rule's pairs, not only those no earlier rule found).
pub fn pasangan_aturan(rs: &[Rekaman], a: &AturanBlok, batas: usize) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for anggota in kelompok(rs, a).into_values() {
        if anggota.len() <= batas {
            out.extend(pasangan_dalam(&anggota));
        }
    }
    out
}

/// Every pair within one block, smaller index first.
fn pasangan_dalam(anggota: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    anggota
        .iter()
        .enumerate()
        .flat_map(move |(i, &p)| anggota[i + 1..].iter().map(move |&q| (p.min(q), p.max(q))))
}

/// Pairs within one set (deduplication).
pub fn sendiri(rs: &[Rekaman], aturan: &[AturanBlok], batas: usize) -> HasilBlok {
    let mut h = HasilBlok::default();
    let mut sudah: HashSet<u64> = HashSet::new();
    for (ai, a) in aturan.iter().enumerate() {
        let mut baru = 0u64;
        let mut blok: Vec<(String, Vec<u32>)> = kelompok(rs, a).into_iter().collect();
        blok.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        for (kunci, anggota) in blok {
            let n = anggota.len();
            if n < 2 {
                continue;
            }
            if n > batas {
                h.besar.push(BlokBesar {
                    aturan: a.nama,
                    kunci,
                    ukuran: n,
                    pasangan_tertunda: (n as u64) * (n as u64 - 1) / 2,
                });
                continue;
            }
            for (x, y) in pasangan_dalam(&anggota) {
                baru += u64::from(catat_sekali(&mut h, &mut sudah, x, y, ai));
            }
        }
        h.per_aturan.push((a.nama, baru));
    }
    h
}

/// Pairs across two sets (left × right).
pub fn dua(kiri: &[Rekaman], kanan: &[Rekaman], aturan: &[AturanBlok], batas: usize) -> HasilBlok {
    let mut h = HasilBlok::default();
    let mut sudah: HashSet<u64> = HashSet::new();
    for (ai, a) in aturan.iter().enumerate() {
        let mut baru = 0u64;
        let kk = kelompok(kanan, a);
        let mut blok: Vec<(String, Vec<u32>)> = kelompok(kiri, a).into_iter().collect();
        blok.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        for (kunci, l) in blok {
            let Some(r) = kk.get(&kunci) else { continue };
            if l.len() * r.len() > batas * batas / 2 {
                h.besar.push(BlokBesar {
                    aturan: a.nama,
                    kunci,
                    ukuran: l.len() + r.len(),
                    pasangan_tertunda: (l.len() * r.len()) as u64,
                });
                continue;
            }
            for &x in &l {
                for &y in r {
                    baru += u64::from(catat_sekali(&mut h, &mut sudah, x, y, ai));
                }
            }
        }
        h.per_aturan.push((a.nama, baru));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn r(id: u64, nik: &str, nama: &str) -> Rekaman {
        Rekaman::baru(
            id,
            nik,
            "",
            nama,
            NaiveDate::from_ymd_opt(1990, 3, 7),
            "",
            "BATU",
            "35.79.01.1001",
        )
    }

    #[test]
    fn each_pair_once_and_big_blocks_reported() {
        let rs = vec![
            r(1, "3579010703900001", "BUDI"),
            r(2, "3579010703900001", "BUDI"),
            r(3, "3579010703900002", "SITI"),
            r(4, "3579010703900003", "SITI"),
        ];
        let h = sendiri(&rs, ATURAN_BAKU, 10);
        let mut p: Vec<(u32, u32)> = h.pasangan.iter().map(|x| (x.a, x.b)).collect();
        p.sort_unstable();
        assert_eq!(
            p,
            [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)],
            "all share the NIK date part"
        );
        assert_eq!(h.pasangan[0].aturan, 0, "the NIK rule found (0, 1) first");
        let h = sendiri(&rs, ATURAN_BAKU, 3);
        assert!(
            h.besar.iter().any(|b| b.aturan == "nik-tanpa-serial"
                && b.ukuran == 4
                && b.pasangan_tertunda == 6)
        );
    }
}
