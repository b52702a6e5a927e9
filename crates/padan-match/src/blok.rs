//! Blocking: which pairs are compared at all.
//!
//! Several rules, each giving a key per record; records sharing a key in
//! any rule form a candidate pair, compared once: a rule skips the pairs an
//! earlier rule already produced (their keys agree under that rule), so no
//! set of seen pairs is needed and blocks can be worked on in parallel or
//! one partition at a time. The first rule that found a pair is kept, for
//! the explanation. A block larger than the limit (50,000 people called
//! SITI born in one year) is not expanded: it is reported with the pairs it
//! would have made, never dropped silently.

use crate::rekaman::{Rekaman, idx};
use chrono::Datelike;
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

pub struct AturanBlok {
    pub nama: &'static str,
    /// Writes the record's key into the buffer (cleared first); `None`
    /// when the rule does not apply. A buffer rather than a new string:
    /// keys are made for every record under every rule.
    pub kunci: fn(&Rekaman, &mut String) -> Option<()>,
    /// The comparisons (see [`crate::rekaman::idx`]) that agree by
    /// construction in this rule's pairs, left out when training.
    pub tetap: &'static [usize],
    /// Whether m is trained on this rule's pairs. Rules whose pairs are
    /// mostly one household (same NKK) would teach the model households,
    /// not persons; they block but do not train.
    pub latih: bool,
    /// A fallback rule: in a link it only pairs records that the rules
    /// before the first fallback left without a match (most records are
    /// found by NIK or by name and birth date; the fallbacks are for the
    /// messy rest, and broad, so running them on everyone would cost most
    /// of the time for almost no pairs).
    pub lanjutan: bool,
}

impl AturanBlok {
    /// The key as text (for reports).
    pub fn teks_kunci(&self, r: &Rekaman) -> Option<String> {
        let mut s = String::new();
        (self.kunci)(r, &mut s).map(|_| s)
    }
}

use std::fmt::Write as _;

fn nik_utuh(r: &Rekaman, s: &mut String) -> Option<()> {
    (r.nik.len() >= 4).then_some(())?;
    s.push_str(&r.nik);
    Some(())
}

fn nama_depan_lahir(r: &Rekaman, s: &mut String) -> Option<()> {
    let (n, d) = (r.nama.token.first()?, r.lahir?);
    write!(s, "{n}|{d}").ok()
}

fn gabung_tahun_kecamatan(r: &Rekaman, s: &mut String) -> Option<()> {
    (!r.nama.token.is_empty()).then_some(())?;
    let (d, k) = (r.lahir?, r.desa.get(..8)?);
    for t in &r.nama.token {
        s.push_str(t);
    }
    write!(s, "|{}|{k}", d.year()).ok()
}

fn nkk_nama_depan(r: &Rekaman, s: &mut String) -> Option<()> {
    (r.nkk.len() == 16).then_some(())?;
    write!(s, "{}|{}", r.nkk, r.nama.token.first()?).ok()
}

fn nama_belakang_lahir(r: &Rekaman, s: &mut String) -> Option<()> {
    let (n, d) = (r.nama.token.last()?, r.lahir?);
    write!(s, "{n}|{d}").ok()
}

/// The name's tokens in any order (`FITZPATRICK LUCY` = `LUCY FITZPATRICK`)
/// and the year of birth: a wrong day or month does not hide the pair.
fn nama_urut_tahun(r: &Rekaman, s: &mut String) -> Option<()> {
    // One-token names (AHMAD, SITI) are left to the rules with the full
    // birth date: by year alone their blocks hold thousands.
    (r.nama.token.len() >= 2).then_some(())?;
    let d = r.lahir?;
    let mut t: Vec<&str> = r.nama.token.iter().map(String::as_str).collect();
    t.sort_unstable();
    for (i, x) in t.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(x);
    }
    write!(s, "|{}", d.year()).ok()
}

/// Birth date and the initials of the name in any order: catches names
/// swapped and misspelt after their first letter (`STEPHENSON ELIZBETH` /
/// `ELIZABETH STEPHENSON`).
fn lahir_inisial(r: &Rekaman, s: &mut String) -> Option<()> {
    let d = r.lahir?;
    let mut i: Vec<char> = r
        .nama
        .token
        .iter()
        .filter_map(|t| t.chars().next())
        .collect();
    (!i.is_empty()).then_some(())?;
    i.sort_unstable();
    write!(s, "{d}|").ok()?;
    s.extend(i);
    write!(s, "|{}", r.desa.get(..5).unwrap_or("")).ok()
}

/// Birth date and where one lives (desa and address), whatever the name.
fn lahir_alamat(r: &Rekaman, s: &mut String) -> Option<()> {
    (!r.alamat.is_empty()).then_some(())?;
    write!(s, "{}|{}|{}", r.lahir?, r.desa, r.alamat).ok()
}

/// The default rules, strongest first. The NIK rule trains on everything
/// but the NIK (the stated birth date and sex may disagree with it in real
/// data); the name and birth-date rule trains the NIK and the rest.
pub const ATURAN_BAKU: &[AturanBlok] = &[
    AturanBlok {
        nama: "nik",
        kunci: nik_utuh,
        tetap: &[idx::NIK],
        latih: true,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-depan+tanggal-lahir",
        kunci: nama_depan_lahir,
        tetap: &[idx::NAMA, idx::LAHIR],
        latih: true,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-belakang+tanggal-lahir",
        kunci: nama_belakang_lahir,
        tetap: &[idx::NAMA, idx::LAHIR],
        latih: false,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-urut+tahun",
        kunci: nama_urut_tahun,
        tetap: &[idx::NAMA],
        latih: false,
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+inisial",
        kunci: lahir_inisial,
        tetap: &[idx::LAHIR],
        latih: false,
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+alamat",
        kunci: lahir_alamat,
        tetap: &[idx::LAHIR, idx::WILAYAH, idx::ALAMAT],
        latih: false,
        lanjutan: true,
    },
    AturanBlok {
        nama: "nama-gabung+tahun+kecamatan",
        kunci: gabung_tahun_kecamatan,
        tetap: &[idx::NAMA, idx::LAHIR, idx::WILAYAH],
        latih: false,
        lanjutan: true,
    },
    AturanBlok {
        nama: "nkk+nama-depan",
        kunci: nkk_nama_depan,
        tetap: &[idx::WILAYAH, idx::NAMA],
        latih: false,
        lanjutan: true,
    },
];

/// A key as a number: blocks are found by sorting numbers, not strings. Two
/// keys sharing a hash only make a block larger (more pairs compared), never
/// lose a pair.
pub fn hash_kunci(k: &str) -> u64 {
    let mut h = DefaultHasher::new();
    k.hash(&mut h);
    h.finish()
}

/// Each record's key under each rule (`None`: the rule does not apply).
pub fn kunci_semua(rs: &[Rekaman], aturan: &[AturanBlok]) -> Vec<Vec<Option<u64>>> {
    use rayon::prelude::*;
    aturan
        .iter()
        .map(|a| {
            rs.par_iter()
                .map_init(String::new, |buf, r| {
                    buf.clear();
                    (a.kunci)(r, buf).map(|_| hash_kunci(buf))
                })
                .collect()
        })
        .collect()
}

/// A candidate pair: indices into the record slices, and the rule (index
/// into the rules) that found it first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pasangan {
    pub a: u32,
    pub b: u32,
    pub aturan: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlokBesar {
    pub aturan: &'static str,
    pub kunci: String,
    pub ukuran: usize,
    pub pasangan_tertunda: u64,
}

/// One block of one rule: the members on the left and (for a link) on the
/// right.
#[derive(Debug, Clone)]
pub struct Blok {
    pub aturan: usize,
    pub kunci: u64,
    pub kiri: Vec<u32>,
    pub kanan: Vec<u32>,
}

impl Blok {
    /// Pairs this block would make.
    pub fn ukuran_pasangan(&self, sendiri: bool) -> u64 {
        let (l, r) = (self.kiri.len() as u64, self.kanan.len() as u64);
        if sendiri {
            l * l.saturating_sub(1) / 2
        } else {
            l * r
        }
    }
}

/// The blocks of one rule with at least one pair, in key order.
/// `kanan_kunci` is `None` for deduplication.
pub fn blok_aturan(
    aturan: usize,
    kiri_kunci: &[Option<u64>],
    kanan_kunci: Option<&[Option<u64>]>,
) -> Vec<Blok> {
    use rayon::prelude::*;
    let mut semua: Vec<(u64, bool, u32)> = kiri_kunci
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, false, i as u32)))
        .collect();
    if let Some(kk) = kanan_kunci {
        semua.extend(
            kk.iter()
                .enumerate()
                .filter_map(|(i, k)| k.map(|k| (k, true, i as u32))),
        );
    }
    semua.par_sort_unstable();
    let mut out = Vec::new();
    for run in semua.chunk_by(|x, y| x.0 == y.0) {
        let kiri: Vec<u32> = run.iter().filter(|x| !x.1).map(|x| x.2).collect();
        let kanan: Vec<u32> = run.iter().filter(|x| x.1).map(|x| x.2).collect();
        let berguna = if kanan_kunci.is_some() {
            !kiri.is_empty() && !kanan.is_empty()
        } else {
            kiri.len() >= 2
        };
        if berguna {
            out.push(Blok {
                aturan,
                kunci: run[0].0,
                kiri,
                kanan,
            });
        }
    }
    out
}

/// Whether an earlier rule already produced the pair `(a, b)`: their keys
/// agree there and that block was not over the limit.
pub fn sudah_oleh(
    aturan: usize,
    kunci_kiri: &[Vec<Option<u64>>],
    kunci_kanan: &[Vec<Option<u64>>],
    besar: &[std::collections::HashSet<u64>],
    a: u32,
    b: u32,
) -> bool {
    (0..aturan).any(
        |r| match (kunci_kiri[r][a as usize], kunci_kanan[r][b as usize]) {
            (Some(x), Some(y)) => x == y && !besar[r].contains(&x),
            _ => false,
        },
    )
}

/// The pairs of one block, each as `(left, right)`: the partition-level
/// operator (no I/O, no state), so a distributed runner can call it too.
pub fn pasangan_blok(b: &Blok, sendiri: bool, mut f: impl FnMut(u32, u32)) {
    if sendiri {
        for (i, &p) in b.kiri.iter().enumerate() {
            for &q in &b.kiri[i + 1..] {
                f(p.min(q), p.max(q));
            }
        }
    } else {
        for &p in &b.kiri {
            for &q in &b.kanan {
                f(p, q);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rekaman::Medan;
    use chrono::NaiveDate;
    use std::collections::HashSet;

    fn r(nik: &str, nama: &str) -> Rekaman {
        Rekaman::dari(
            0,
            &Medan {
                nik,
                nama,
                lahir: NaiveDate::from_ymd_opt(1990, 3, 7),
                tempat: "BATU",
                desa: "35.79.01.1001",
                ..Medan::default()
            },
        )
    }

    /// All pairs of the default rules over one set, each once, with the
    /// rule that found it.
    fn semua(rs: &[Rekaman], batas: u64) -> (Vec<Pasangan>, Vec<(usize, u64)>) {
        let k = kunci_semua(rs, ATURAN_BAKU);
        let mut besar: Vec<HashSet<u64>> = vec![HashSet::new(); ATURAN_BAKU.len()];
        let mut out = vec![];
        let mut dilewati = vec![];
        for ai in 0..ATURAN_BAKU.len() {
            for b in blok_aturan(ai, &k[ai], None) {
                if b.ukuran_pasangan(true) > batas {
                    besar[ai].insert(b.kunci);
                    dilewati.push((ai, b.ukuran_pasangan(true)));
                    continue;
                }
                pasangan_blok(&b, true, |x, y| {
                    if !sudah_oleh(ai, &k, &k, &besar, x, y) {
                        out.push(Pasangan {
                            a: x,
                            b: y,
                            aturan: ai as u8,
                        });
                    }
                });
            }
        }
        (out, dilewati)
    }

    #[test]
    fn each_pair_once_and_big_blocks_reported() {
        let rs = vec![
            r("3579010703900001", "BUDI"),
            r("3579010703900001", "BUDI"),
            r("3579010703900002", "SITI"),
            r("3579010703900003", "SITI"),
        ];
        let (p, _) = semua(&rs, 100);
        let mut ab: Vec<(u32, u32)> = p.iter().map(|x| (x.a, x.b)).collect();
        ab.sort_unstable();
        assert_eq!(
            ab,
            [(0, 1), (2, 3)],
            "the same NIK, or the same first name and birth date; each pair once"
        );
        assert_eq!(
            p.iter().find(|x| (x.a, x.b) == (0, 1)).map(|x| x.aturan),
            Some(0),
            "the NIK rule found (0, 1) first"
        );
        // With a limit of 0 pairs every block is over it: reported, and
        // none of its pairs made.
        let (p, besar) = semua(&rs, 0);
        assert!(besar.contains(&(0, 1)), "{besar:?}");
        assert!(p.is_empty());
    }

    #[test]
    fn a_link_pairs_left_with_right_only() {
        let kiri = vec![r("3579010703900001", "BUDI"), r("3579010703900002", "SITI")];
        let kanan = vec![r("3579010703900001", "BUDI")];
        let (kl, kr) = (
            kunci_semua(&kiri, ATURAN_BAKU),
            kunci_semua(&kanan, ATURAN_BAKU),
        );
        let b = blok_aturan(0, &kl[0], Some(&kr[0]));
        assert_eq!(b.len(), 1);
        let mut p = vec![];
        pasangan_blok(&b[0], false, |x, y| p.push((x, y)));
        assert_eq!(p, [(0, 0)]);
    }
}
