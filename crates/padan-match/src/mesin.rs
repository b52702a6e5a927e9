//! The engine: block, train, score, in parallel, over records in memory.
//!
//! One run links two sets (left × right) or deduplicates one. Blocks of
//! every rule are worked on in parallel (rayon); each block is handed to
//! the pure partition-level operators of [`crate::blok`] and
//! [`crate::model`], which take records in and give pairs and counts out.

use crate::blok::{self, AturanBlok, BlokBesar, blok_aturan, kunci_semua};
use crate::model::{Model, u_acak};
use crate::rekaman::{Rekaman, Vektor};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What a run is told.
#[derive(Debug, Clone, Serialize)]
pub struct Setelan {
    /// Probability from which a pair is a match (0–1).
    pub ambang: f64,
    /// A block making more pairs than this is not expanded, and reported.
    pub batas_blok: u64,
    /// The same for the fallback rules, which are broad (names by year
    /// across a province) and only catch what the primary rules missed.
    pub batas_blok_lanjutan: u64,
    /// Random pairs for u.
    pub sampel_u: usize,
    /// Pairs per training rule at most (a deterministic sample beyond).
    pub maks_latih: u64,
    pub seed: u64,
    /// Term-frequency adjustment for names and birth dates.
    pub tf: bool,
    /// Keep every compared pair (for `padan link`), not only those from
    /// [`Setelan::simpan_dari`].
    pub simpan_semua: bool,
    /// Pairs below this probability are counted, not kept.
    pub simpan_dari: f64,
}

impl Default for Setelan {
    fn default() -> Setelan {
        Setelan {
            ambang: 0.5,
            batas_blok: 250_000,
            batas_blok_lanjutan: 20_000,
            sampel_u: 1_000_000,
            maks_latih: 2_000_000,
            seed: 1,
            tf: true,
            simpan_semua: false,
            simpan_dari: 0.01,
        }
    }
}

/// What the engine refuses. The engine speaks no operator's language: its
/// Display is a developer's note, and the use cases say each in Bahasa
/// Indonesia and English (`padan_app::Galat`).
#[derive(Debug, thiserror::Error)]
pub enum GalatMesin {
    #[error("threshold {0} outside 0..=1")]
    Ambang(f64),
    /// No records on the side named.
    #[error("no records ({0})")]
    Kosong(&'static str),
    #[error("{0} partitions outside 1..={max}", max = crate::partisi::MAKS_PARTISI)]
    JumlahPartisi(u32),
    #[error("partition files: {0}")]
    Partisi(String),
    /// The disk holding the partition folder (named) is full; the
    /// partition files are removed.
    #[error("disk full under {0}")]
    DiskPenuh(String),
}

/// A compared pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PasanganSkor {
    /// Index into the left records.
    pub a: u32,
    /// Index into the right records (the left ones when deduplicating).
    pub b: u32,
    /// The blocking rule that found the pair (index into the rules).
    pub aturan: u8,
    /// Match weight, log2 odds.
    pub bobot: f32,
}

impl PasanganSkor {
    pub fn peluang(&self) -> f64 {
        crate::model::peluang(f64::from(self.bobot))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatistikBlok {
    pub aturan: &'static str,
    /// Pairs this rule added (not found by an earlier rule).
    pub pasangan_baru: u64,
    pub blok: u64,
}

#[derive(Debug)]
pub struct Hasil {
    pub model: Model,
    /// Kept pairs (see [`Setelan::simpan_semua`]), by left then right index.
    pub pasangan: Vec<PasanganSkor>,
    /// Pairs compared in all.
    pub dibandingkan: u64,
    pub blok: Vec<StatistikBlok>,
    pub blok_besar: Vec<BlokBesar>,
}

/// What every run refuses before it starts: a threshold outside 0–1, an
/// empty side.
pub(crate) fn periksa(s: &Setelan, kiri: usize, kanan: Option<usize>) -> Result<(), GalatMesin> {
    if !(0.0..=1.0).contains(&s.ambang) || s.ambang.is_nan() {
        return Err(GalatMesin::Ambang(s.ambang));
    }
    if kiri == 0 {
        return Err(GalatMesin::Kosong("kiri"));
    }
    if kanan == Some(0) {
        return Err(GalatMesin::Kosong("kanan"));
    }
    Ok(())
}

/// Links `kiri` to `kanan`, or deduplicates `kiri` when `kanan` is `None`.
/// A given `model` is used as it is; otherwise one is trained on these
/// records. `kabar` receives progress lines.
///
/// The primary rules run first; in a link, the fallback rules
/// ([`AturanBlok::lanjutan`]) then only pair records the primary rules
/// left without a match at the threshold. The prior is estimated over the
/// primary rules' pairs.
pub fn jalankan(
    kiri: &[Rekaman],
    kanan: Option<&[Rekaman]>,
    aturan: &[AturanBlok],
    s: &Setelan,
    model: Option<Model>,
    kabar: &(dyn Fn(&str) + Sync),
) -> Result<Hasil, GalatMesin> {
    periksa(s, kiri.len(), kanan.map(<[Rekaman]>::len))?;
    let sendiri = kanan.is_none();
    let kanan_ = kanan.unwrap_or(kiri);
    kabar("kunci blok");
    let n_utama = aturan.iter().take_while(|a| !a.lanjutan).count();
    // The fallback rules' keys are made later, and in a link only for the
    // records still without a match.
    let mut kk = kunci_semua(kiri, &aturan[..n_utama]);
    let mut kr = if sendiri {
        kk.clone()
    } else {
        kunci_semua(kanan_, &aturan[..n_utama])
    };
    let mut besar: Vec<HashSet<u64>> = vec![HashSet::new(); aturan.len()];
    let mut blok_besar = vec![];
    let mut semua_blok: Vec<blok::BlokAturan> = vec![];
    for ai in 0..n_utama {
        let bs = blok_dicatat(
            ai,
            &kk,
            &kr,
            sendiri,
            aturan,
            kiri,
            s,
            &mut besar,
            &mut blok_besar,
        );
        semua_blok.push(bs);
    }

    kabar("bandingkan pasangan");
    let mut statistik = vec![];
    let mut terbanding: Vec<(u32, u32, u8, u32)> = vec![];
    for (ai, bs) in semua_blok.iter().enumerate() {
        let ps = bandingkan(blok::BlokRekaman {
            bs,
            ai,
            sendiri,
            kiri,
            kanan: kanan_,
            kk: &kk,
            kr: &kr,
            besar: &besar,
        });
        terbanding.reserve(ps.len());
        statistik.push(StatistikBlok {
            aturan: aturan[ai].nama,
            pasangan_baru: ps.len() as u64,
            blok: bs.len() as u64,
        });
        terbanding.extend(ps);
    }

    let dilatih = model.is_none();
    let mut model = match model {
        Some(m) => m,
        None => {
            kabar("latih: u dari pasangan acak");
            let u = u_acak(kiri, kanan, s.sampel_u, s.seed);
            kabar("latih: m dengan EM per aturan blok");
            // Each training rule's session sees every pair of its blocks,
            // also those an earlier rule found first: taken from the pairs
            // already compared (their keys agree under this rule), not
            // compared again.
            let sesi: Vec<_> = aturan
                .iter()
                .enumerate()
                .take(n_utama)
                .filter(|(_, a)| a.latih)
                // A rule that gave no record a key (`id-tambahan` without
                // `--compare …=id`) has no pairs: not a pass over them all.
                .filter(|(ai, _)| kk[*ai].iter().any(|&k| k != 0))
                .map(|(ai, a)| {
                    let milik = |&&(x, y, r, _): &&(u32, u32, u8, u32)| {
                        usize::from(r) == ai
                            || (usize::from(r) < ai && {
                                let (p, q) = (kk[ai][x as usize], kr[ai][y as usize]);
                                p != 0 && p == q && !besar[ai].contains(&p)
                            })
                    };
                    let total = terbanding.iter().filter(milik).count() as u64;
                    // A deterministic sample: keep a pair when its hash
                    // falls under the share.
                    let bagian = (s.maks_latih as f64 / total.max(1) as f64).min(1.0);
                    let batas_hash = (bagian * u64::MAX as f64) as u64;
                    let pola = hitung_pola(terbanding.par_iter().filter(milik).filter(
                        |&&(x, y, _, _)| {
                            bagian >= 1.0 || campur(u64::from(x) << 32 | u64::from(y)) <= batas_hash
                        },
                    ));
                    (pola, a.tetap.to_vec())
                })
                .collect();
            Model::latih(&sesi, s.tf, u, 500)
        }
    };

    if dilatih {
        let pola = hitung_pola(terbanding.par_iter());
        let total = if sendiri {
            let n = kiri.len() as f64;
            n * (n - 1.0) / 2.0
        } else {
            kiri.len() as f64 * kanan_.len() as f64
        };
        model.tetapkan_prior(&pola, total);
    }
    kabar("skor pasangan utama");
    // Each primary pair's weight, once: to know who is matched before the
    // fallback rules, and to keep.
    let bobot_utama: Vec<f64> = terbanding
        .par_iter()
        .map(|&(x, y, _, pola)| model.bobot_pola(pola, &kiri[x as usize], &kanan_[y as usize]))
        .collect();
    let mut dibandingkan_lanjutan = 0u64;
    let mut lanjutan: Vec<PasanganSkor> = vec![];
    if n_utama < aturan.len() {
        kabar("aturan lanjutan");
        if sendiri {
            kk.extend(kunci_semua(kiri, &aturan[n_utama..]));
            kr = kk.clone();
        } else {
            // Records already matched leave the fallback rules.
            let ambang_bobot = (s.ambang / (1.0 - s.ambang)).log2();
            let mut sisa_kiri = vec![true; kiri.len()];
            let mut sisa_kanan = vec![true; kanan_.len()];
            for (&(x, y, _, _), w) in terbanding.iter().zip(&bobot_utama) {
                if *w >= ambang_bobot {
                    sisa_kiri[x as usize] = false;
                    sisa_kanan[y as usize] = false;
                }
            }
            let (a, b) = blok::kunci_link(
                (kiri, &sisa_kiri),
                (kanan_, &sisa_kanan),
                &aturan[n_utama..],
            );
            kk.extend(a);
            kr.extend(b);
        }
        for ai in n_utama..aturan.len() {
            let bs = blok_dicatat(
                ai,
                &kk,
                &kr,
                sendiri,
                aturan,
                kiri,
                s,
                &mut besar,
                &mut blok_besar,
            );
            // Scored as they are compared, and only the pairs to keep are
            // kept: at a province's size these rules compare hundreds of
            // millions of pairs that nobody needs afterwards.
            let blok_ini = blok::BlokRekaman {
                bs: &bs,
                ai,
                sendiri,
                kiri,
                kanan: kanan_,
                kk: &kk,
                kr: &kr,
                besar: &besar,
            };
            let (ps, n) = bandingkan_skor(blok_ini, &model, s);
            statistik.push(StatistikBlok {
                aturan: aturan[ai].nama,
                pasangan_baru: n,
                blok: bs.len() as u64,
            });
            dibandingkan_lanjutan += n;
            lanjutan.extend(ps);
        }
    }
    let dibandingkan = terbanding.len() as u64 + dibandingkan_lanjutan;
    kabar("skor pasangan");
    let mut pasangan: Vec<PasanganSkor> = terbanding
        .into_par_iter()
        .zip(bobot_utama.into_par_iter())
        .filter_map(|((x, y, ai, _), w)| {
            let p = PasanganSkor {
                a: x,
                b: y,
                aturan: ai,
                bobot: w as f32,
            };
            (s.simpan_semua || p.peluang() >= s.simpan_dari).then_some(p)
        })
        .collect();
    pasangan.extend(lanjutan);
    pasangan.par_sort_unstable_by_key(|p| (p.a, p.b));
    Ok(Hasil {
        model,
        pasangan,
        dibandingkan,
        blok: statistik,
        blok_besar,
    })
}

/// Like [`bandingkan`], scoring each pair at once and keeping only those
/// the settings keep; also returns how many were compared.
pub(crate) fn bandingkan_skor(
    b: blok::BlokRekaman<'_>,
    model: &Model,
    s: &Setelan,
) -> (Vec<PasanganSkor>, u64) {
    let (kiri, kanan, ai) = (b.kiri, b.kanan, b.ai);
    let bagian: Vec<(Vec<PasanganSkor>, u64)> = b
        .lipat(
            || (Vec::new(), 0u64),
            |(out, n), x, y, baru| {
                if baru {
                    *n += 1;
                    let (_, w) = model.skor(&kiri[x as usize], &kanan[y as usize]);
                    let p = PasanganSkor {
                        a: x,
                        b: y,
                        aturan: ai as u8,
                        bobot: w as f32,
                    };
                    if s.simpan_semua || p.peluang() >= s.simpan_dari {
                        out.push(p);
                    }
                }
            },
        )
        .collect();
    let n = bagian.iter().map(|b| b.1).sum();
    (gabung_bagian(bagian.into_iter().map(|b| b.0).collect()), n)
}

/// The blocks of rule `ai`, noting those over the limit (reported, never
/// expanded).
#[allow(clippy::too_many_arguments)]
pub(crate) fn blok_dicatat(
    ai: usize,
    kk: &[Vec<u64>],
    kr: &[Vec<u64>],
    sendiri: bool,
    aturan: &[AturanBlok],
    kiri: &[Rekaman],
    s: &Setelan,
    besar: &mut [HashSet<u64>],
    laporan: &mut Vec<BlokBesar>,
) -> blok::BlokAturan {
    let bs = blok_aturan(&kk[ai], (!sendiri).then_some(&kr[ai][..]));
    let batas = if aturan[ai].lanjutan {
        s.batas_blok_lanjutan.min(s.batas_blok)
    } else {
        s.batas_blok
    };
    for b in bs.iter() {
        let n = b.ukuran_pasangan(sendiri);
        if n > batas {
            besar[ai].insert(b.kunci);
            let contoh = b.kiri.first().map(|&i| &kiri[i as usize]);
            laporan.push(BlokBesar {
                aturan: aturan[ai].nama,
                kunci: contoh
                    .and_then(|r| aturan[ai].teks_kunci(r))
                    .unwrap_or_default(),
                ukuran: b.kiri.len() + b.kanan.len(),
                pasangan_tertunda: n,
            });
        }
    }
    bs
}

/// Compares the new pairs of one rule's blocks (those no earlier rule
/// produced): `(left, right, rule, pattern)`.
fn bandingkan(b: blok::BlokRekaman<'_>) -> Vec<(u32, u32, u8, u32)> {
    let (kiri, kanan, ai) = (b.kiri, b.kanan, b.ai);
    let bagian = b
        .lipat(Vec::new, |out, x, y, baru| {
            if baru {
                let v = Vektor::dari(&kiri[x as usize], &kanan[y as usize]);
                out.push((x, y, ai as u8, v.pola()));
            }
        })
        .collect::<Vec<_>>();
    gabung_bagian(bagian)
}

/// The per-thread parts joined into one vector of the exact size (merging
/// them two by two regrew the vectors over and over).
fn gabung_bagian<T>(bagian: Vec<Vec<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(bagian.iter().map(Vec::len).sum());
    for b in bagian {
        out.extend(b);
    }
    out
}

/// How many compared pairs have each pattern: counted in a dense table
/// per thread (a pattern of the voter's comparisons is a small number),
/// then the non-empty ones; the patterns with an extra comparison
/// (`--compare`) in a map beside it.
fn hitung_pola<'a>(
    pasangan: impl ParallelIterator<Item = &'a (u32, u32, u8, u32)>,
) -> HashMap<u32, u64> {
    let n = crate::rekaman::POLA_DASAR as usize;
    // Boxed: the accumulator is moved for every pair folded, and a pointer
    // moves in a register where the two tables would be copied.
    type Hitung = Box<(Vec<u64>, HashMap<u32, u64>)>;
    let baru = || -> Hitung { Box::new((vec![0u64; n], HashMap::new())) };
    let h = pasangan
        .fold(baru, |mut h: Hitung, p| {
            match h.0.get_mut(p.3 as usize) {
                Some(c) => *c += 1,
                None => *h.1.entry(p.3).or_insert(0) += 1,
            }
            h
        })
        .reduce(baru, |mut a, b| {
            let (padat, lain) = *b;
            for (x, y) in a.0.iter_mut().zip(padat) {
                *x += y;
            }
            for (k, c) in lain {
                *a.1.entry(k).or_insert(0) += c;
            }
            a
        });
    let (padat, lain) = *h;
    let mut out: HashMap<u32, u64> = padat
        .into_iter()
        .enumerate()
        .filter(|(_, c)| *c > 0)
        .map(|(p, c)| (p as u32, c))
        .collect();
    out.extend(lain);
    out
}

/// SplitMix64: a pair's number spread over all of u64, for sampling.
fn campur(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// One-to-one links: each left and each right record in at most one match,
/// the strongest first (a person has one population record). Pairs below
/// the threshold are not linked.
pub fn satu_satu(pasangan: &[PasanganSkor], ambang: f64) -> Vec<PasanganSkor> {
    let mut calon: Vec<&PasanganSkor> = pasangan.iter().filter(|p| p.peluang() >= ambang).collect();
    calon.sort_by(|x, y| {
        y.bobot
            .total_cmp(&x.bobot)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let (mut pakai_a, mut pakai_b) = (HashSet::new(), HashSet::new());
    let mut out = vec![];
    for p in calon {
        if !pakai_a.contains(&p.a) && !pakai_b.contains(&p.b) {
            pakai_a.insert(p.a);
            pakai_b.insert(p.b);
            out.push(*p);
        }
    }
    out.sort_unstable_by_key(|p| (p.a, p.b));
    out
}

/// Clusters of a run's pairs at or above `ambang`, with the chaining
/// guard: two members never compared directly are scored now. For a link
/// (`kanan` given) a right record `j` is node `kiri.len() + j`, and only
/// left–right members are held to agree (two left records in one cluster
/// are a duplicate on the left, which a deduplication run judges).
pub fn klaster_hasil(
    h: &Hasil,
    kiri: &[Rekaman],
    kanan: Option<&[Rekaman]>,
    ambang: f64,
) -> Vec<crate::klaster::Klaster> {
    let nl = kiri.len() as u32;
    let geser = if kanan.is_some() { nl } else { 0 };
    // A fast fixed hash: every kept pair goes in, and it is our own data.
    let skor: crate::rekaman::PetaCepat<(u32, u32), f64> = h
        .pasangan
        .iter()
        .map(|p| ((p.a, p.b + geser), p.peluang()))
        .collect();
    let kanan_ = kanan.unwrap_or(kiri);
    crate::klaster::klaster(
        kiri.len() + kanan.map_or(0, |k| k.len()),
        h.pasangan
            .iter()
            .filter(|p| p.peluang() >= ambang)
            .map(|p| (p.a, p.b + geser)),
        ambang,
        |a, b| {
            let (a, b) = (a.min(b), a.max(b));
            if kanan.is_some() && (b < nl || a >= nl) {
                return 1.0;
            }
            skor.get(&(a, b)).copied().unwrap_or_else(|| {
                let y = &kanan_[(b - geser) as usize];
                crate::model::peluang(h.model.skor(&kiri[a as usize], y).1)
            })
        },
    )
}
