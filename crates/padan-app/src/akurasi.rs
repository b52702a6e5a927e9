//! How good a link was: against a truth file (`padan link --truth F`),
//! precision, recall and F1 at the threshold and at the best threshold,
//! blocking recall, the calibration table and the worst mistakes with their
//! waterfalls; without truth, the matches each probability band should hold.

use crate::galat::Galat;
use padan_io::baca::Baris;
use padan_match::mesin::PasanganSkor;
use padan_match::model::{Model, Rincian};
use padan_match::rekaman::Rekaman;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A pair of record indexes: left and right (in a deduplication, the lower
/// index first).
type Kunci = (u32, u32);

fn kunci(a: u32, b: u32, sendiri: bool) -> Kunci {
    if sendiri && b < a { (b, a) } else { (a, b) }
}

/// The true pairs of a truth file: a CSV (or XLSX) with a header whose
/// first two columns are a left and a right record ID (in a deduplication,
/// two IDs of the one file). Every ID must be in the inputs: a truth file
/// about other records would make every figure wrong without a word.
pub fn baca_kebenaran(
    path: &Path,
    kiri: &[String],
    kanan: Option<&[String]>,
) -> Result<HashSet<Kunci>, Galat> {
    let peta = |ids: &[String]| -> HashMap<String, u32> {
        let mut m = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            m.entry(id.clone()).or_insert(i as u32);
        }
        m
    };
    let di_kiri = peta(kiri);
    let di_kanan = kanan.map(peta);
    let mut p = padan_io::Pembaca::buka(path, None)?;
    if p.judul.len() < 2 {
        return Err(Galat::baru(
            format!(
                "--truth {}: perlu dua kolom ID (kiri, kanan); judulnya: {}",
                path.display(),
                p.judul.join(", ")
            ),
            format!(
                "--truth {}: needs two ID columns (left, right); its header: {}",
                path.display(),
                p.judul.join(", ")
            ),
        )
        .misuse());
    }
    let mut out = HashSet::new();
    let mut hilang: Vec<(u64, String)> = vec![];
    let mut n_hilang = 0u64;
    let mut baris = padan_io::baca::BarisPadat::default();
    while let Some(n) = p.baca(&mut baris)? {
        let a = padan_io::baca::rapi(baris.medan(0));
        let b = padan_io::baca::rapi(baris.medan(1));
        let pasangan = match &di_kanan {
            None => match (di_kiri.get(a), di_kiri.get(b)) {
                (Some(&x), Some(&y)) if x != y => Some(kunci(x, y, true)),
                _ => None,
            },
            // Either order: a truth file written right-first is still read.
            Some(k) => match (di_kiri.get(a), k.get(b), di_kiri.get(b), k.get(a)) {
                (Some(&x), Some(&y), _, _) | (_, _, Some(&x), Some(&y)) => Some((x, y)),
                _ => None,
            },
        };
        match pasangan {
            Some(k) => {
                out.insert(k);
            }
            None => {
                n_hilang += 1;
                if hilang.len() < 3 {
                    hilang.push((n, format!("{a} – {b}")));
                }
            }
        }
    }
    if n_hilang > 0 {
        let contoh: Vec<String> = hilang
            .iter()
            .map(|(n, p)| format!("baris {n}: {p}"))
            .collect();
        let example: Vec<String> = hilang
            .iter()
            .map(|(n, p)| format!("row {n}: {p}"))
            .collect();
        return Err(Galat::baru(
            format!(
                "--truth {}: {n_hilang} pasangan menyebut ID yang tidak ada di berkas masukan ({}); tidak ada yang ditulis",
                path.display(),
                contoh.join("; ")
            ),
            format!(
                "--truth {}: {n_hilang} pairs name IDs that are not in the input files ({}); nothing written",
                path.display(),
                example.join("; ")
            ),
        ));
    }
    if out.is_empty() {
        return Err(Galat::baru(
            format!("--truth {}: tidak ada pasangan", path.display()),
            format!("--truth {}: no pairs", path.display()),
        ));
    }
    Ok(out)
}

/// Precision, recall and F1 at one threshold.
#[derive(Debug, Clone, Serialize)]
pub struct Titik {
    pub ambang: f64,
    pub presisi: f64,
    pub recall: f64,
    pub f1: f64,
    pub benar_positif: u64,
    pub salah_positif: u64,
    pub salah_negatif: u64,
}

/// `a / b`, and 0 for an empty `b` (a band or a set with nothing in it).
fn bagi(a: f64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a / b as f64 }
}

fn titik(ambang: f64, tp: u64, diprediksi: u64, benar: u64) -> Titik {
    Titik {
        ambang,
        presisi: bagi(tp as f64, diprediksi),
        recall: bagi(tp as f64, benar),
        f1: bagi((2 * tp) as f64, diprediksi + benar),
        benar_positif: tp,
        salah_positif: diprediksi - tp,
        salah_negatif: benar - tp,
    }
}

/// One band of predicted probability: its pairs, their mean probability,
/// the matches that probability promises (its sum), and with truth the
/// matches it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Pita {
    pub dari: f64,
    pub sampai: f64,
    pub pasangan: u64,
    pub rata_peluang: f64,
    /// Expected matches: the sum of the probabilities.
    pub perkiraan_padan: f64,
    pub padan: Option<u64>,
    /// The share of its pairs that are true matches.
    pub presisi: Option<f64>,
}

impl Pita {
    /// A band from its pairs' count, their probabilities' sum and, with
    /// truth, the true matches among them.
    fn baru(dari: f64, sampai: f64, pasangan: u64, jumlah: f64, padan: Option<u64>) -> Pita {
        Pita {
            dari,
            sampai,
            pasangan,
            rata_peluang: bagi(jumlah, pasangan),
            perkiraan_padan: jumlah,
            padan,
            presisi: padan.map(|d| bagi(d as f64, pasangan)),
        }
    }
}

/// A mistake, with the waterfall that explains its score.
#[derive(Debug, Clone, Serialize)]
pub struct Contoh {
    pub id_kiri: String,
    pub id_kanan: String,
    pub peluang: f64,
    /// False: blocking never compared the pair (its score is what the
    /// model would have given it).
    pub dibandingkan: bool,
    pub rincian: Vec<Rincian>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Akurasi {
    pub pasangan_benar: u64,
    pub di_ambang: Titik,
    pub terbaik: Titik,
    /// The share of true pairs that blocking compared.
    pub recall_blok: f64,
    /// Comparisons per true pair.
    pub banding_per_benar: f64,
    /// The pairs at p ≥ 0.5 as one band: calibrated when its precision is
    /// its mean probability.
    pub di_atas_setengah: Pita,
    pub salah_positif: Vec<Contoh>,
    pub salah_negatif: Vec<Contoh>,
}

/// Worst mistakes listed.
pub const CONTOH: usize = 20;

/// Ten bands of 0.1 over the pairs (with `benar`, the true matches in each).
pub fn pita(pasangan: &[PasanganSkor], sendiri: bool, benar: Option<&HashSet<Kunci>>) -> Vec<Pita> {
    let mut n = [0u64; 10];
    let mut jumlah = [0f64; 10];
    let mut padan = [0u64; 10];
    for p in pasangan {
        let pel = p.peluang();
        let i = ((pel * 10.0) as usize).min(9);
        if let (Some(x), Some(j), Some(d)) = (n.get_mut(i), jumlah.get_mut(i), padan.get_mut(i)) {
            *x += 1;
            *j += pel;
            *d += u64::from(benar.is_some_and(|b| b.contains(&kunci(p.a, p.b, sendiri))));
        }
    }
    (0..10)
        .map(|i| {
            Pita::baru(
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                n.get(i).copied().unwrap_or(0),
                jumlah.get(i).copied().unwrap_or(0.0),
                benar.map(|_| padan.get(i).copied().unwrap_or(0)),
            )
        })
        .collect()
}

/// The records and IDs of a link's two sides.
pub struct Sisi<'a> {
    pub kiri: &'a [Rekaman],
    pub kiri_id: &'a [String],
    pub kanan: Option<(&'a [Rekaman], &'a [String])>,
}

/// Scores every compared pair against the truth.
pub fn nilai(
    pasangan: &[PasanganSkor],
    dibandingkan: u64,
    benar: &HashSet<Kunci>,
    model: &Model,
    sisi: &Sisi<'_>,
    ambang: f64,
) -> Akurasi {
    let sendiri = sisi.kanan.is_none();
    let (kanan, kanan_id) = sisi.kanan.unwrap_or((sisi.kiri, sisi.kiri_id));
    let nb = benar.len() as u64;
    // Every compared pair once, highest probability first, with whether it
    // is true (looked up once).
    let mut urut: Vec<(f64, Kunci)> = pasangan
        .iter()
        .map(|p| (p.peluang(), kunci(p.a, p.b, sendiri)))
        .collect();
    urut.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    urut.dedup_by_key(|x| x.1);
    let urut: Vec<(f64, Kunci, bool)> = urut
        .into_iter()
        .map(|(p, k)| (p, k, benar.contains(&k)))
        .collect();
    let mut tp = 0u64;
    let mut terbaik = titik(1.0, 0, 0, nb);
    let mut di_ambang = titik(ambang, 0, 0, nb);
    for (i, (pel, _, b)) in urut.iter().enumerate() {
        tp += u64::from(*b);
        // A threshold sits between distinct probabilities.
        let akhir = urut.get(i + 1).is_none_or(|x| x.0 < *pel);
        if akhir {
            let t = titik(*pel, tp, i as u64 + 1, nb);
            if t.f1 > terbaik.f1 {
                terbaik = t;
            }
            if *pel >= ambang {
                di_ambang = titik(ambang, tp, i as u64 + 1, nb);
            }
        }
    }
    let atas = urut.iter().filter(|x| x.0 >= 0.5);
    let di_atas_setengah = Pita::baru(
        0.5,
        1.0,
        atas.clone().count() as u64,
        atas.clone().map(|x| x.0).sum(),
        Some(atas.filter(|x| x.2).count() as u64),
    );
    let contoh = |(a, b): Kunci, pel: f64, dibandingkan: bool| -> Option<Contoh> {
        let (x, y) = (sisi.kiri.get(a as usize)?, kanan.get(b as usize)?);
        Some(Contoh {
            id_kiri: sisi.kiri_id.get(a as usize)?.clone(),
            id_kanan: kanan_id.get(b as usize)?.clone(),
            peluang: pel,
            dibandingkan,
            rincian: model.rincian(x, y),
        })
    };
    let salah_positif = urut
        .iter()
        .filter(|x| x.0 >= ambang && !x.2)
        .take(CONTOH)
        .filter_map(|x| contoh(x.1, x.0, true))
        .collect();
    // The worst misses: true pairs never compared first (scored as the model
    // would have), then the compared ones with the lowest probability.
    let peluang_dari: HashMap<Kunci, f64> =
        urut.iter().filter(|x| x.2).map(|x| (x.1, x.0)).collect();
    let mut luput: Vec<(bool, f64, Kunci)> = benar
        .iter()
        .filter_map(|k| match peluang_dari.get(k) {
            Some(p) if *p >= ambang => None,
            Some(p) => Some((true, *p, *k)),
            None => {
                let (x, y) = (sisi.kiri.get(k.0 as usize)?, kanan.get(k.1 as usize)?);
                Some((false, padan_match::model::peluang(model.skor(x, y).1), *k))
            }
        })
        .collect();
    luput.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let salah_negatif = luput
        .iter()
        .take(CONTOH)
        .filter_map(|(d, p, k)| contoh(*k, *p, *d))
        .collect();
    Akurasi {
        pasangan_benar: nb,
        di_ambang,
        terbaik,
        // `tp` ends as every true pair compared, each counted once.
        recall_blok: bagi(tp as f64, nb),
        banding_per_benar: bagi(dibandingkan as f64, nb),
        di_atas_setengah,
        salah_positif,
        salah_negatif,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: u32, b: u32, pel: f64) -> PasanganSkor {
        PasanganSkor {
            a,
            b,
            aturan: 0,
            bobot: (pel / (1.0 - pel)).log2() as f32,
        }
    }

    #[test]
    fn bands_count_pairs_and_the_matches_their_probabilities_promise() {
        let ps = [p(0, 0, 0.95), p(1, 1, 0.95), p(2, 2, 0.05), p(0, 2, 0.55)];
        let benar: HashSet<Kunci> = [(0, 0), (1, 1), (2, 2)].into();
        let b = pita(&ps, false, Some(&benar));
        assert_eq!(b.len(), 10);
        assert_eq!(b[9].pasangan, 2);
        assert_eq!(b[9].padan, Some(2));
        assert!((b[9].perkiraan_padan - 1.9).abs() < 1e-3);
        assert_eq!(b[5].presisi, Some(0.0));
        assert_eq!(b[0].padan, Some(1));
        assert!(pita(&ps, false, None)[9].padan.is_none());
    }
}
