//! The Fellegi-Sunter model: for each comparison and level, m (its
//! probability among true matches) and u (among non-matches); a pair's
//! weight is the sum of log2(m/u) over its non-missing comparisons.
//!
//! u comes from random pairs (almost all non-matches); m and the expected
//! number of matches come from EM over the counts of agreement patterns of
//! the blocked pairs, not over the pairs themselves (the fastLink trick: a few
//! thousand patterns stand for millions of pairs). A missing value adds
//! nothing either way.

use crate::rekaman::{
    JUMLAH_LEVEL, K, K_DASAR, KODE_TAMBAHAN, NAMA_PERBANDINGAN, POLA_DASAR, Rekaman, Vektor, idx,
    nama_level, urai_pola, urai_tambahan,
};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The format of a saved model; a model of another format is refused.
pub const FORMAT: &str = "padan-fs/2";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// [`FORMAT`].
    pub versi: String,
    /// The comparisons, in the order of `m` and `u` (for readers of the
    /// JSON).
    pub perbandingan: Vec<String>,
    /// m[comparison][level]; the last level (missing) is unused.
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
    /// Prior probability that a blocked pair is a match.
    pub p: f64,
    pub iterasi: u32,
    /// Whether exact agreement on name and birth date is weighed by how
    /// common the value is (term frequency).
    pub tf: bool,
    /// What each extra comparison slot held when trained (`COLUMN=KIND`,
    /// see [`crate::tambahan`]); empty without `--compare`. A model is
    /// applied only to runs whose slots hold the same.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tambahan: Vec<String>,
    /// log2(m/u) per comparison and level, from `m` and `u`.
    #[serde(skip)]
    tabel: Vec<Vec<f64>>,
    /// Per pattern number, the sum of its comparisons' weights, leaving out
    /// the levels whose u is a term frequency (added per pair): scoring a
    /// pair is then one lookup, not seven. Over the voter's comparisons
    /// ([`POLA_DASAR`] patterns); the extras' part is a second lookup.
    #[serde(skip)]
    pola_dasar: Vec<f64>,
    /// Per value of a pattern's extras' part, their weights.
    #[serde(skip)]
    pola_tambahan: Vec<f64>,
}

/// One comparison's part in a pair's weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rincian {
    pub perbandingan: &'static str,
    pub level: &'static str,
    pub m: f64,
    /// u as used: the level's u, or the value's frequency when `tf`.
    pub u: f64,
    /// u was the value's frequency (term-frequency adjustment).
    pub tf: bool,
    /// log2(m/u); 0 for a missing value.
    pub bobot: f64,
}

/// Pattern counts in pattern order: sums over them come out the same to
/// the last bit on every run (a hash map's order changes from process to
/// process, and with it the rounding; the saved model and its SHA-256 in a
/// run's manifest must repeat).
fn urut_pola(pola: &HashMap<u32, u64>) -> impl Iterator<Item = (u32, u64)> {
    let mut v: Vec<(u32, u64)> = pola.iter().map(|(k, c)| (*k, *c)).collect();
    v.sort_unstable();
    v.into_iter()
}

/// The levels whose u is replaced by the value's frequency.
fn pakai_tf(k: usize, l: usize) -> bool {
    (k == idx::NAMA || k == idx::LAHIR) && l <= 1
}

/// The smallest u a term frequency may give (a value seen once among many
/// must not weigh without bound).
const TF_MIN: f64 = 1e-7;

const HALUS: f64 = 1e-6;

/// u from about `n` random pairs (of one set, or left × right), smoothed.
///
/// As Splink draws them: a random sample of records on each side, every
/// pair among them compared (about 1,585 × 631 records for a million pairs
/// of a 1,000,000 × 400,000 link). The sample fits in the processor's
/// cache, where a million independent pairs would each fetch two records
/// from anywhere in memory, which was most of this step's time.
pub fn u_acak(kiri: &[Rekaman], kanan: Option<&[Rekaman]>, n: usize, seed: u64) -> Vec<Vec<f64>> {
    use rayon::prelude::*;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let kanan_ = kanan.unwrap_or(kiri);
    let awal: Vec<Vec<f64>> = JUMLAH_LEVEL.iter().map(|&l| vec![1.0; l]).collect();
    if kiri.is_empty() || kanan_.is_empty() {
        return normalisasi(awal);
    }
    // When there are no more pairs than the sample would draw, every pair
    // is taken instead: exact, and no million comparisons for a file of
    // ten rows.
    let (nl, nr) = (kiri.len() as u64, kanan_.len() as u64);
    let semua = if kanan.is_some() {
        nl * nr
    } else {
        nl * nl.saturating_sub(1) / 2
    };
    let mut ambil = |dari: u64, k: u64| -> Vec<u32> {
        // Without repetition (a record paired with itself would agree on
        // everything), in index order.
        let mut v: Vec<u32> = if k >= dari {
            (0..dari as u32).collect()
        } else {
            let mut set = std::collections::BTreeSet::new();
            while (set.len() as u64) < k {
                set.insert((rng.next_u64() % dari) as u32);
            }
            set.into_iter().collect()
        };
        v.shrink_to_fit();
        v
    };
    let (sa, sb): (Vec<u32>, Vec<u32>) = if semua <= n as u64 {
        ((0..nl as u32).collect(), (0..nr as u32).collect())
    } else if kanan.is_some() {
        // The same share of each side: sl × sr ≈ n.
        let bagian = (n as f64 / semua as f64).sqrt();
        let sl = ((nl as f64 * bagian).ceil() as u64).clamp(1, nl);
        let sr = (n as u64).div_ceil(sl).clamp(1, nr);
        (ambil(nl, sl), ambil(nr, sr))
    } else {
        // s records give s(s-1)/2 pairs.
        let s = (((1.0 + (1.0 + 8.0 * n as f64).sqrt()) / 2.0).ceil() as u64).clamp(2, nl);
        let v = ambil(nl, s);
        (v.clone(), v)
    };
    let pasangan: Vec<(u32, u32)> = sa
        .iter()
        .enumerate()
        .flat_map(|(i, &a)| {
            // One set: each pair once (a before b in the sample).
            let dari = if kanan.is_some() { 0 } else { i + 1 };
            sb[dari.min(sb.len())..].iter().map(move |&b| (a, b))
        })
        .collect();
    let nol: Vec<Vec<f64>> = JUMLAH_LEVEL.iter().map(|&l| vec![0.0; l]).collect();
    // Whole counts, so the sum is exact in any order: the same u on any
    // number of threads.
    let mut hitung = pasangan
        .par_chunks(4096)
        .fold(
            || nol.clone(),
            |mut h, c| {
                for &(a, b) in c {
                    let lv = Vektor::dari(&kiri[a as usize], &kanan_[b as usize]).level();
                    for (k, l) in lv.iter().enumerate() {
                        h[k][*l] += 1.0;
                    }
                }
                h
            },
        )
        .reduce(
            || nol.clone(),
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    for (p, q) in x.iter_mut().zip(y) {
                        *p += q;
                    }
                }
                a
            },
        );
    for (h, a) in hitung.iter_mut().zip(&awal) {
        for (x, y) in h.iter_mut().zip(a) {
            *x += y;
        }
    }
    normalisasi(hitung)
}

/// Each comparison's levels sum to 1 over the non-missing ones.
pub(crate) fn normalisasi(mut v: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    for row in &mut v {
        let n = row.len();
        let s: f64 = row[..n - 1].iter().sum();
        for x in &mut row[..n - 1] {
            *x = (*x / s.max(HALUS)).max(HALUS);
        }
        row[n - 1] = 1.0;
    }
    v
}

/// The smallest m of a level. Without a floor, a level never seen among
/// the estimated matches (a name typed quite differently) would veto a pair
/// whatever else agrees (−20 bits); real duplicates do show such errors.
const M_MIN: f64 = 1e-3;

/// Like [`normalisasi`], with m's floor.
fn normalisasi_m(v: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
    let mut v = normalisasi(v);
    for row in &mut v {
        let n = row.len();
        for x in &mut row[..n - 1] {
            *x = x.max(M_MIN);
        }
        let s: f64 = row[..n - 1].iter().sum();
        for x in &mut row[..n - 1] {
            *x /= s;
        }
    }
    v
}

impl Model {
    /// Trains m: u is given (from random pairs); m by EM once per training
    /// blocking rule, on the pairs that rule found, leaving out the
    /// comparisons the rule conditions on (they agree by construction).
    /// The prior is set afterwards by [`Model::tetapkan_prior`], over the
    /// pairs actually compared.
    ///
    /// `sesi`: per rule, its pattern counts and the comparisons it fixes.
    pub fn latih(
        sesi: &[(HashMap<u32, u64>, Vec<usize>)],
        tf: bool,
        u: Vec<Vec<f64>>,
        maks_iterasi: u32,
    ) -> Model {
        let awal_m = || -> Vec<Vec<f64>> {
            JUMLAH_LEVEL
                .iter()
                .map(|&n| {
                    let mut row = vec![0.1 / (n as f64 - 2.0).max(1.0); n];
                    row[0] = 0.9;
                    row[n - 1] = 1.0;
                    row
                })
                .collect()
        };
        // Sessions run in order; each estimates only the comparisons no
        // earlier session estimated, holding those it already knows fixed
        // in the E-step. A rule that fixes the NIK (its pairs are almost
        // all the same person) so teaches names, dates and places from
        // clean pairs first, and the name-and-date rule then has only the
        // NIK left to learn: EM cannot drift into some other latent class
        // (people of one kecamatan) that its pairs share.
        let mut m = awal_m();
        let mut diketahui = [false; K];
        let mut iterasi = 0;
        for (pola, tetap) in sesi {
            // A comparison missing in every pattern (an extra slot no
            // `--compare` filled) has nothing to learn here.
            let mut ada = [false; K];
            for &p in pola.keys() {
                for (k, l) in urai_pola(p).into_iter().enumerate() {
                    ada[k] |= l + 1 < JUMLAH_LEVEL[k];
                }
            }
            let dicari: Vec<usize> = (0..K)
                .filter(|k| !tetap.contains(k) && !diketahui[*k] && ada[*k])
                .collect();
            if dicari.is_empty() {
                continue;
            }
            let daftar: Vec<([usize; K], f64)> = urut_pola(pola)
                .map(|(k, c)| {
                    let mut lv = urai_pola(k);
                    // A fixed comparison is ignored, like a missing one.
                    for &t in tetap {
                        lv[t] = JUMLAH_LEVEL[t] - 1;
                    }
                    (lv, c as f64)
                })
                .collect();
            let total: f64 = daftar.iter().map(|x| x.1).sum();
            if total == 0.0 {
                continue;
            }
            let mut p = 0.5;
            for _ in 0..maks_iterasi {
                iterasi += 1;
                let mut num: Vec<Vec<f64>> = JUMLAH_LEVEL.iter().map(|&n| vec![HALUS; n]).collect();
                let mut sum_g = 0.0;
                for (lv, c) in &daftar {
                    let g = posterior(&m, &u, p, lv);
                    sum_g += c * g;
                    for (k, l) in lv.iter().enumerate() {
                        num[k][*l] += c * g;
                    }
                }
                let p_baru = (sum_g / total).clamp(HALUS, 1.0 - HALUS);
                let selisih = (p_baru - p).abs();
                p = p_baru;
                let baru = normalisasi_m(num);
                for &k in &dicari {
                    m[k] = baru[k].clone();
                }
                if selisih < 1e-10 {
                    break;
                }
            }
            for k in dicari {
                diketahui[k] = true;
            }
        }
        Model {
            versi: FORMAT.into(),
            perbandingan: NAMA_PERBANDINGAN.iter().map(|s| s.to_string()).collect(),
            m,
            u,
            p: 1e-6,
            iterasi,
            tf,
            tambahan: vec![],
            tabel: vec![],
            pola_dasar: vec![],
            pola_tambahan: vec![],
        }
        .siap()
    }

    /// The prior: the share of all `total_pasangan` possible pairs that
    /// match, solved as a fixed point over the pattern counts of every
    /// compared pair (pairs outside the blocks are taken as non-matches):
    /// λ = Σ P(match | pattern, λ) · count / all pairs.
    pub fn tetapkan_prior(&mut self, pola: &HashMap<u32, u64>, total_pasangan: f64) {
        let daftar: Vec<([usize; K], f64)> = urut_pola(pola)
            .map(|(k, c)| (urai_pola(k), c as f64))
            .collect();
        let mut prior = 1.0 / total_pasangan.max(2.0);
        for _ in 0..500 {
            let harapan: f64 = daftar
                .iter()
                .map(|(lv, c)| c * posterior(&self.m, &self.u, prior, lv))
                .sum();
            let baru = (harapan / total_pasangan.max(1.0)).clamp(1e-15, 1.0 - HALUS);
            let selesai = (baru - prior).abs() <= prior * 1e-9;
            prior = baru;
            if selesai {
                break;
            }
        }
        self.p = prior;
    }

    /// Fills the weight table (after training or loading).
    fn siap(mut self) -> Model {
        self.tabel = self
            .m
            .iter()
            .zip(&self.u)
            .map(|(m, u)| m.iter().zip(u).map(|(m, u)| (m / u).log2()).collect())
            .collect();
        self.pola_dasar = (0..POLA_DASAR)
            .map(|p| {
                urai_pola(p)
                    .into_iter()
                    .enumerate()
                    .take(K_DASAR)
                    .filter(|&(k, l)| l + 1 < JUMLAH_LEVEL[k] && !(self.tf && pakai_tf(k, l)))
                    .map(|(k, l)| self.tabel[k][l])
                    .sum()
            })
            .collect();
        self.pola_tambahan = (0..KODE_TAMBAHAN)
            .map(|e| {
                urai_tambahan(e)
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| (K_DASAR + i, l))
                    .filter(|&(k, l)| l + 1 < JUMLAH_LEVEL[k])
                    .map(|(k, l)| self.tabel[k][l])
                    .sum()
            })
            .collect();
        self
    }

    /// The model as JSON, to save with a run.
    /// The model as saved; a model that cannot be written (a weight that
    /// is not a number) is refused, never saved as nothing.
    pub fn json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self).map_err(|e| format!("model tidak dapat ditulis: {e}"))
    }

    /// A saved model; refused when its format or shape is not this
    /// version's.
    pub fn muat(json: &str) -> Result<Model, String> {
        let mut m: Model = serde_json::from_str(json).map_err(|e| e.to_string())?;
        // A model saved before extra comparisons existed: they weigh
        // nothing (m = u), as in the runs it was trained on.
        if m.m.len() == K_DASAR && m.u.len() == K_DASAR {
            for k in K_DASAR..K {
                let netral = vec![1.0 / JUMLAH_LEVEL[k] as f64; JUMLAH_LEVEL[k]];
                m.m.push(netral.clone());
                m.u.push(netral);
                m.perbandingan.push(NAMA_PERBANDINGAN[k].into());
            }
        }
        if m.versi != FORMAT {
            return Err(format!(
                "format model '{}', yang dikenal '{FORMAT}'",
                m.versi
            ));
        }
        let bentuk = |v: &Vec<Vec<f64>>| {
            v.len() == K && v.iter().zip(JUMLAH_LEVEL).all(|(r, n)| r.len() == n)
        };
        if !bentuk(&m.m) || !bentuk(&m.u) || !(0.0..1.0).contains(&m.p) {
            return Err("bentuk model tidak sesuai versi ini".into());
        }
        Ok(m.siap())
    }

    /// The prior as a weight: log2(p / (1 - p)).
    pub fn bobot_awal(&self) -> f64 {
        (self.p / (1.0 - self.p)).log2()
    }

    /// The waterfall of a comparison pattern: each comparison's level, m,
    /// u and weight, and the total from the prior on. `u_tf[k]`: the u a
    /// term-frequency level used for that pair (stored with its evidence),
    /// which replaces the model's u. A missing value weighs nothing.
    pub fn air_terjun(&self, pola: u32, u_tf: &[Option<f64>]) -> (Vec<Langkah>, f64) {
        let mut total = self.bobot_awal();
        let mut out = Vec::with_capacity(K);
        for (k, l) in urai_pola(pola).into_iter().enumerate() {
            let hilang = l + 1 >= JUMLAH_LEVEL[k];
            let mk = self.m.get(k).and_then(|r| r.get(l)).copied().unwrap_or(1.0);
            let tf = u_tf.get(k).copied().flatten();
            let u =
                tf.unwrap_or_else(|| self.u.get(k).and_then(|r| r.get(l)).copied().unwrap_or(1.0));
            let bobot = if hilang { 0.0 } else { (mk / u).log2() };
            total += bobot;
            out.push(Langkah {
                perbandingan: NAMA_PERBANDINGAN[k],
                level: nama_level(k, l),
                m: mk,
                u,
                tf: tf.is_some(),
                bobot,
            });
        }
        (out, total)
    }

    /// The weight of comparison `k` at level `l` for this pair.
    fn bobot_k(&self, k: usize, l: usize, a: &Rekaman, b: &Rekaman) -> (f64, Option<f64>) {
        if l + 1 >= JUMLAH_LEVEL[k] {
            return (0.0, None);
        }
        if self.tf && pakai_tf(k, l) {
            let f = if k == idx::NAMA {
                a.tf_nama.max(b.tf_nama)
            } else {
                a.tf_lahir.max(b.tf_lahir)
            };
            if f > 0.0 {
                let u = f64::from(f).max(TF_MIN);
                return ((self.m[k][l] / u).log2(), Some(u));
            }
        }
        (self.tabel[k][l], None)
    }

    /// A pair's comparison vector and match weight (log2 odds).
    pub fn skor(&self, a: &Rekaman, b: &Rekaman) -> (Vektor, f64) {
        let v = Vektor::dari(a, b);
        (v, self.bobot_pola(v.pola(), a, b))
    }

    /// The match weight of a pair already compared (its pattern number),
    /// with the term frequencies of its two records.
    pub fn bobot_pola(&self, pola: u32, a: &Rekaman, b: &Rekaman) -> f64 {
        let (dasar, tambahan) = (pola % POLA_DASAR, pola / POLA_DASAR);
        let mut w = self.bobot_awal()
            + self.pola_dasar.get(dasar as usize).copied().unwrap_or(0.0)
            + self
                .pola_tambahan
                .get(tambahan as usize)
                .copied()
                .unwrap_or(0.0);
        if self.tf {
            // The name's and the birth date's levels, from the pattern's
            // mixed radix (see `rekaman::pola_dari`).
            let setelah = |k: usize| {
                JUMLAH_LEVEL[k + 1..K_DASAR]
                    .iter()
                    .map(|&x| x as u32)
                    .product::<u32>()
            };
            for k in [idx::NAMA, idx::LAHIR] {
                let l = ((dasar / setelah(k)) % JUMLAH_LEVEL[k] as u32) as usize;
                if pakai_tf(k, l) {
                    w += self.bobot_k(k, l, a, b).0;
                }
            }
        }
        w
    }

    /// Each comparison's part in the weight (the waterfall of an
    /// explanation); the parts and the prior sum to [`Model::skor`]'s weight.
    pub fn rincian(&self, a: &Rekaman, b: &Rekaman) -> Vec<Rincian> {
        let v = Vektor::dari(a, b);
        v.level()
            .into_iter()
            .enumerate()
            .map(|(k, l)| {
                let (bobot, tf) = self.bobot_k(k, l, a, b);
                Rincian {
                    perbandingan: NAMA_PERBANDINGAN[k],
                    level: nama_level(k, l),
                    m: self.m[k][l],
                    u: tf.unwrap_or(self.u[k][l]),
                    tf: tf.is_some(),
                    bobot,
                }
            })
            .collect()
    }

    /// The match weight of a pattern, without term frequencies.
    pub fn bobot(&self, lv: &[usize; K]) -> f64 {
        let mut w = self.bobot_awal();
        for (k, l) in lv.iter().enumerate() {
            if *l + 1 < JUMLAH_LEVEL[k] {
                w += self.tabel[k][*l];
            }
        }
        w
    }

    /// The probability that a pair with these levels is a match.
    pub fn peluang(&self, lv: &[usize; K]) -> f64 {
        peluang(self.bobot(lv))
    }
}

/// A match weight (log2 odds) as a probability.
pub fn peluang(bobot: f64) -> f64 {
    1.0 / (1.0 + (-bobot).exp2())
}

fn posterior(m: &[Vec<f64>], u: &[Vec<f64>], p: f64, lv: &[usize; K]) -> f64 {
    let (mut pm, mut pu) = (p, 1.0 - p);
    for (k, l) in lv.iter().enumerate() {
        if *l + 1 < JUMLAH_LEVEL[k] {
            pm *= m[k][*l];
            pu *= u[k][*l];
        }
    }
    pm / (pm + pu)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_repeats_to_the_last_bit() {
        // Many patterns with uneven counts, in maps that iterate them in
        // different orders: the same model, the same JSON.
        let n = JUMLAH_LEVEL.iter().product::<usize>() as u32;
        let pola: Vec<(u32, u64)> = (0..400u32)
            .map(|i| {
                (
                    i.wrapping_mul(2_654_435_761) % n,
                    u64::from(i % 97 + 1) * 1_003,
                )
            })
            .collect();
        let u = normalisasi(JUMLAH_LEVEL.iter().map(|&n| vec![1.0; n]).collect());
        let latih = |p: HashMap<u32, u64>| {
            let mut m = Model::latih(&[(p.clone(), vec![idx::NIK])], true, u.clone(), 50);
            m.tetapkan_prior(&p, 1e9);
            m.json().unwrap()
        };
        let a: HashMap<u32, u64> = pola.iter().copied().collect();
        let b: HashMap<u32, u64> = pola.iter().rev().copied().collect();
        let pertama = latih(a);
        for _ in 0..5 {
            assert_eq!(pertama, latih(b.clone()));
        }
    }

    #[test]
    fn em_separates_two_clear_classes() {
        // 100 pairs agreeing on everything, 900 agreeing on nothing.
        let sama = [0usize; K];
        let beda = [5usize, 7, 5, 1, 1, 7, 2, 3, 3, 3, 3];
        let kode = |lv: [usize; K]| crate::rekaman::pola_dari(&lv);
        let pola = HashMap::from([(kode(sama), 100u64), (kode(beda), 900u64)]);
        let u = normalisasi(JUMLAH_LEVEL.iter().map(|&n| vec![1.0; n]).collect());
        // The 1,000 pairs are all there are: the prior is 100 / 1,000.
        let mut m = Model::latih(&[(pola.clone(), vec![])], false, u, 200);
        m.tetapkan_prior(&pola, 1000.0);
        assert!((m.p - 0.1).abs() < 0.01, "prior {}", m.p);
        assert!(m.peluang(&sama) > 0.99);
        assert!(m.peluang(&beda) < 0.01);
        // The weight from the pattern table equals the waterfall's sum,
        // with and without term frequencies.
        use crate::rekaman::Medan;
        let r = |nama: &str, tf: f32| {
            let mut x = Rekaman::dari(
                0,
                &Medan {
                    nik: "3579014703900001",
                    nama,
                    lahir: chrono::NaiveDate::from_ymd_opt(1990, 3, 7),
                    ..Medan::default()
                },
            );
            x.tf_nama = tf;
            x.tf_lahir = tf;
            x
        };
        for model in [
            m.clone(),
            Model {
                tf: true,
                ..m.clone()
            }
            .siap(),
        ] {
            for (a, b) in [
                (r("SITI", 0.01), r("SITI", 0.01)),
                (r("SITI", 0.2), r("BUDI", 0.1)),
            ] {
                let (_, w) = model.skor(&a, &b);
                let jumlah: f64 =
                    model.rincian(&a, &b).iter().map(|x| x.bobot).sum::<f64>() + model.bobot_awal();
                assert!((w - jumlah).abs() < 1e-9, "{w} vs {jumlah}");
            }
        }
        let lagi = Model::muat(&m.json().unwrap()).unwrap();
        assert_eq!(lagi, m, "saved and loaded");
        assert!(Model::muat(&m.json().unwrap().replace(FORMAT, "padan-fs/0")).is_err());
    }
}

/// One comparison's line of a waterfall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Langkah {
    pub perbandingan: &'static str,
    pub level: &'static str,
    pub m: f64,
    pub u: f64,
    /// u is the value's own frequency, not the level's.
    pub tf: bool,
    pub bobot: f64,
}
