//! The Fellegi-Sunter model: for each comparison and level, m (its
//! probability among true matches) and u (among non-matches); a pair's
//! weight is the sum of log2(m/u) over its non-missing comparisons.
//!
//! u comes from random pairs (almost all non-matches); m and the expected
//! number of matches come from EM over the counts of agreement patterns of
//! the blocked pairs, not over the pairs themselves (the fastLink trick: a few
//! thousand patterns stand for millions of pairs). A missing value adds
//! nothing either way.

use crate::rekaman::{JUMLAH_LEVEL, Rekaman, Vektor, urai_pola};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub versi: String,
    /// m[comparison][level]; the last level (missing) is unused.
    pub m: Vec<Vec<f64>>,
    pub u: Vec<Vec<f64>>,
    /// Prior probability that a blocked pair is a match.
    pub p: f64,
    pub iterasi: u32,
}

const HALUS: f64 = 1e-6;

/// u from `n` random pairs (of one set, or left × right), smoothed.
pub fn u_acak(kiri: &[Rekaman], kanan: Option<&[Rekaman]>, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let kanan_ = kanan.unwrap_or(kiri);
    let mut hitung: Vec<Vec<f64>> = JUMLAH_LEVEL.iter().map(|&l| vec![1.0; l]).collect();
    if kiri.is_empty() || kanan_.is_empty() {
        return normalisasi(hitung);
    }
    for _ in 0..n {
        let a = (rng.next_u64() % kiri.len() as u64) as usize;
        let b = (rng.next_u64() % kanan_.len() as u64) as usize;
        if kanan.is_none() && a == b {
            continue;
        }
        for (k, l) in Vektor::dari(&kiri[a], &kanan_[b])
            .level()
            .iter()
            .enumerate()
        {
            hitung[k][*l] += 1.0;
        }
    }
    normalisasi(hitung)
}

/// Each comparison's levels sum to 1 over the non-missing ones.
fn normalisasi(mut v: Vec<Vec<f64>>) -> Vec<Vec<f64>> {
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

/// Counts of agreement patterns.
pub fn hitung_pola<'a>(
    pasangan: impl Iterator<Item = (&'a Rekaman, &'a Rekaman)>,
) -> HashMap<u32, u64> {
    let mut h = HashMap::new();
    for (a, b) in pasangan {
        *h.entry(Vektor::dari(a, b).pola()).or_insert(0) += 1;
    }
    h
}

impl Model {
    /// Trains the model, as Splink does: u fixed from random pairs; m by
    /// EM once per blocking rule, on the pairs that rule found, leaving out
    /// the comparisons the rule conditions on (they agree by construction,
    /// and a NIK rule also fixes the birth date and sex the NIK encodes);
    /// each comparison's m is the average over the sessions that estimated
    /// it. The prior is then solved over all `total_pasangan` possible pairs:
    /// λ = Σ P(match | pair) over the blocked pairs / all pairs.
    ///
    /// `sesi`: per rule, its pattern counts and the comparisons it fixes.
    pub fn latih(
        sesi: &[(HashMap<u32, u64>, Vec<usize>)],
        u: Vec<Vec<f64>>,
        total_pasangan: f64,
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
        let mut jumlah_m: Vec<Vec<f64>> = JUMLAH_LEVEL.iter().map(|&n| vec![0.0; n]).collect();
        let mut sesi_per_k = [0u32; 7];
        let mut iterasi = 0;
        for (pola, tetap) in sesi {
            let daftar: Vec<([usize; 7], f64)> = pola
                .iter()
                .map(|(k, c)| {
                    let mut lv = urai_pola(*k);
                    // A fixed comparison is ignored, like a missing one.
                    for &t in tetap {
                        lv[t] = JUMLAH_LEVEL[t] - 1;
                    }
                    (lv, *c as f64)
                })
                .collect();
            let total: f64 = daftar.iter().map(|x| x.1).sum();
            if total == 0.0 {
                continue;
            }
            let mut m = awal_m();
            let mut p = 0.01;
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
                m = normalisasi(num);
                if selisih < 1e-10 {
                    break;
                }
            }
            for k in 0..7 {
                if !tetap.contains(&k) {
                    sesi_per_k[k] += 1;
                    for (l, x) in m[k].iter().enumerate() {
                        jumlah_m[k][l] += x;
                    }
                }
            }
        }
        let mut m = awal_m();
        for k in 0..7 {
            if sesi_per_k[k] > 0 {
                m[k] = jumlah_m[k]
                    .iter()
                    .map(|x| x / f64::from(sesi_per_k[k]))
                    .collect();
                let n = m[k].len();
                m[k][n - 1] = 1.0;
            }
        }
        // The prior: a fixed point over every blocked pair (pairs outside
        // the blocks are taken as non-matches).
        let semua: HashMap<[usize; 7], f64> = sesi.iter().flat_map(|(pola, _)| pola.iter()).fold(
            HashMap::new(),
            |mut acc, (k, c)| {
                *acc.entry(urai_pola(*k)).or_insert(0.0) += *c as f64;
                acc
            },
        );
        let mut prior = 1.0 / total_pasangan.max(2.0);
        for _ in 0..200 {
            let harapan: f64 = semua
                .iter()
                .map(|(lv, c)| c * posterior(&m, &u, prior, lv))
                .sum();
            let baru = (harapan / total_pasangan.max(1.0)).clamp(1e-15, 1.0 - HALUS);
            if (baru - prior).abs() <= prior * 1e-9 {
                prior = baru;
                break;
            }
            prior = baru;
        }
        Model {
            versi: "padan-fs/1".into(),
            m,
            u,
            p: prior,
            iterasi,
        }
    }

    /// The match weight (log2 odds) of a pair with these levels.
    pub fn bobot(&self, lv: &[usize; 7]) -> f64 {
        let mut w = (self.p / (1.0 - self.p)).log2();
        for (k, l) in lv.iter().enumerate() {
            if *l + 1 < JUMLAH_LEVEL[k] {
                w += (self.m[k][*l] / self.u[k][*l]).log2();
            }
        }
        w
    }

    /// The probability that a pair with these levels is a match.
    pub fn peluang(&self, lv: &[usize; 7]) -> f64 {
        1.0 / (1.0 + (-self.bobot(lv)).exp2())
    }
}

fn posterior(m: &[Vec<f64>], u: &[Vec<f64>], p: f64, lv: &[usize; 7]) -> f64 {
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
    fn em_separates_two_clear_classes() {
        // 100 pairs agreeing on everything, 900 agreeing on nothing.
        let sama = [0usize, 0, 0, 0, 0, 0, 0];
        let beda = [5usize, 6, 5, 1, 1, 4, 5];
        let kode = |lv: [usize; 7]| {
            lv.iter()
                .zip(JUMLAH_LEVEL)
                .fold(0u32, |p, (l, n)| p * n as u32 + *l as u32)
        };
        let pola = HashMap::from([(kode(sama), 100u64), (kode(beda), 900u64)]);
        let u = normalisasi(JUMLAH_LEVEL.iter().map(|&n| vec![1.0; n]).collect());
        // The 1,000 pairs are all there are: the prior is 100 / 1,000.
        let m = Model::latih(&[(pola, vec![])], u, 1000.0, 200);
        assert!((m.p - 0.1).abs() < 0.01, "prior {}", m.p);
        assert!(m.peluang(&sama) > 0.99);
        assert!(m.peluang(&beda) < 0.01);
    }
}
