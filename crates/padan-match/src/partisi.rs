//! Matching beyond memory: records partitioned on disk by blocking key and
//! matched one partition at a time.
//!
//! Every record is written once per blocking rule that gives it a key, to
//! the partition `key mod N` of that rule, with all its keys. All records
//! sharing a key under a rule are thus in one partition: a block is never
//! split, and one partition's blocks are worked on exactly as the
//! in-memory engine ([`crate::mesin`]) works on all of them, by the same
//! operators ([`crate::blok::pasangan_blok`], [`crate::model::Model::skor`]
//! and the engine's block functions), which take records in and give pairs
//! and counts out. This module is the runner around them: the files, the
//! order of the rules, and the little that must be known of all records at
//! once, kept in memory:
//!
//! - term frequencies (a count per distinct name and birth date);
//! - a uniform sample of records per side (reservoir), for u;
//! - per rule, the keys of its oversized blocks (rules run in order, and a
//!   later rule must know which of an earlier rule's blocks were not
//!   expanded);
//! - in a link, one flag per record: matched by a primary rule (the
//!   fallback rules only pair the others).
//!
//! A run without a model reads the primary rules' partitions twice: once
//! to count agreement patterns (training and the prior), once to score.
//! The pairs are the in-memory engine's with the same model (tested); a
//! model trained here can differ from the in-memory one only through u,
//! drawn from the sample rather than from all records, and through
//! training on every pair where the in-memory engine samples beyond
//! [`Setelan::maks_latih`] (EM over counts hardly notices either).

use crate::blok::{self, AturanBlok, BlokBesar, kunci_semua};
use crate::mesin::{GalatMesin, PasanganSkor, Setelan, StatistikBlok};
use crate::model::{Model, u_acak};
use crate::rekaman::{PetaCepat, Rekaman, Vektor};
use chrono::NaiveDate;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Partitions per rule at most: two sides × eight rules × 64 files stay
/// under the usual limit of 1,024 open files.
pub const MAKS_PARTISI: u32 = 64;

/// Records per side kept for drawing u's random pairs.
const SAMPEL_U: usize = 100_000;

/// Which file a record is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sisi {
    Kiri = 0,
    Kanan = 1,
}

/// One record as written: the record, the caller's ID, its keys under
/// every rule (a later rule asks whether an earlier one paired it).
#[derive(serde::Serialize)]
struct EntriTulis<'a> {
    rekaman: &'a Rekaman,
    id: &'a str,
    kunci: &'a [u64],
}

#[derive(serde::Deserialize)]
struct Entri {
    rekaman: Rekaman,
    id: String,
    kunci: Vec<u64>,
}

/// Records being written to partitions. [`Partisi::tambah`] takes them a
/// chunk at a time; [`Partisi::mulai`] starts matching.
pub struct Partisi {
    dir: tempfile::TempDir,
    n: u32,
    aturan: &'static [AturanBlok],
    sendiri: bool,
    /// Index `(side × rules + rule) × n + partition`.
    berkas: Vec<BufWriter<File>>,
    jumlah: [u64; 2],
    nama: PetaCepat<Box<str>, u32>,
    lahir: PetaCepat<NaiveDate, u32>,
    sampel: [Vec<Rekaman>; 2],
    /// One generator per side: the two files are read at once, and the
    /// samples must not depend on how their chunks interleave.
    rng: [ChaCha8Rng; 2],
    bait: u64,
}

fn galat_io(apa: &str, e: std::io::Error) -> GalatMesin {
    GalatMesin::Partisi(format!("{apa}: {e}"))
}

impl Partisi {
    /// Partition files in a new temporary folder inside `dir` (removed
    /// when the run ends, also on an error). `kanan`: a link, else a
    /// deduplication.
    pub fn baru(
        dir: &Path,
        n: u32,
        aturan: &'static [AturanBlok],
        kanan: bool,
        seed: u64,
    ) -> Result<Partisi, GalatMesin> {
        if n == 0 || n > MAKS_PARTISI {
            return Err(GalatMesin::JumlahPartisi(n));
        }
        let dir = tempfile::Builder::new()
            .prefix("padan-partisi-")
            .tempdir_in(dir)
            .map_err(|e| galat_io(&dir.display().to_string(), e))?;
        let sisi = if kanan { 2 } else { 1 };
        let mut berkas = Vec::with_capacity(sisi * aturan.len() * n as usize);
        for s in 0..sisi {
            for a in 0..aturan.len() {
                for p in 0..n {
                    let path = dir.path().join(format!("{s}-{a}-{p}"));
                    let f = File::create(&path)
                        .map_err(|e| galat_io(&path.display().to_string(), e))?;
                    berkas.push(BufWriter::with_capacity(1 << 16, f));
                }
            }
        }
        Ok(Partisi {
            dir,
            n,
            aturan,
            sendiri: !kanan,
            berkas,
            jumlah: [0, 0],
            nama: PetaCepat::default(),
            lahir: PetaCepat::default(),
            sampel: [vec![], vec![]],
            rng: [
                ChaCha8Rng::seed_from_u64(seed),
                ChaCha8Rng::seed_from_u64(seed ^ 0x006b_616e_616e),
            ],
            bait: 0,
        })
    }

    fn indeks(&self, sisi: usize, aturan: usize, p: u32) -> usize {
        (sisi * self.aturan.len() + aturan) * self.n as usize + p as usize
    }

    /// Adds a chunk of one side's records, in file order, with their IDs.
    /// Each record's `id` becomes its number on its side.
    pub fn tambah(
        &mut self,
        sisi: Sisi,
        rekaman: &mut [Rekaman],
        id: &[String],
    ) -> Result<(), GalatMesin> {
        let s = sisi as usize;
        if self.sendiri && sisi == Sisi::Kanan {
            return Err(GalatMesin::Partisi(
                "rekaman kanan pada pencarian ganda".into(),
            ));
        }
        let awal = self.jumlah[s];
        for (i, r) in rekaman.iter_mut().enumerate() {
            r.id = awal + i as u64;
        }
        let kunci = kunci_semua(rekaman, self.aturan);
        // Each record encoded once (in parallel); the same bytes go to each
        // rule's partition.
        let kode: Vec<Vec<u8>> = rekaman
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let k: Vec<u64> = kunci.iter().map(|ka| ka[i]).collect();
                let e = EntriTulis {
                    rekaman: r,
                    id: id.get(i).map(String::as_str).unwrap_or(""),
                    kunci: &k,
                };
                let isi = postcard::to_stdvec(&e)
                    .map_err(|e| GalatMesin::Partisi(format!("menyandikan rekaman: {e}")))?;
                let mut out = Vec::with_capacity(isi.len() + 4);
                out.extend_from_slice(&(isi.len() as u32).to_le_bytes());
                out.extend(isi);
                Ok(out)
            })
            .collect::<Result<_, GalatMesin>>()?;
        for (i, b) in kode.iter().enumerate() {
            for (a, ka) in kunci.iter().enumerate() {
                let k = ka[i];
                if k != 0 {
                    let j = self.indeks(s, a, (k % u64::from(self.n)) as u32);
                    self.berkas[j]
                        .write_all(b)
                        .map_err(|e| galat_io("menulis partisi", e))?;
                    self.bait += b.len() as u64;
                }
            }
        }
        for r in rekaman.iter() {
            if !r.nama.is_empty() {
                match self.nama.get_mut(&*r.nama) {
                    Some(c) => *c += 1,
                    None => {
                        self.nama.insert(r.nama.as_ref().into(), 1);
                    }
                }
            }
            if let Some(d) = r.lahir {
                *self.lahir.entry(d).or_insert(0) += 1;
            }
            // Reservoir sampling (algorithm R): every record read so far
            // equally likely to be in the sample.
            let dilihat = self.jumlah[s] + 1;
            if self.sampel[s].len() < SAMPEL_U {
                self.sampel[s].push(r.clone());
            } else {
                let j = self.rng[s].next_u64() % dilihat;
                if let Some(x) = self.sampel[s].get_mut(j as usize) {
                    *x = r.clone();
                }
            }
            self.jumlah[s] = dilihat;
        }
        Ok(())
    }

    /// Records added per side.
    pub fn jumlah(&self, sisi: Sisi) -> u64 {
        self.jumlah[sisi as usize]
    }

    /// Flushes the files and trains the model when none is given (reading
    /// the primary rules' partitions once); then [`Jalan::berikut`] gives
    /// the scored pairs a partition at a time.
    pub fn mulai(
        mut self,
        s: &Setelan,
        model: Option<Model>,
        kabar: &(dyn Fn(&str) + Sync),
    ) -> Result<Jalan, GalatMesin> {
        crate::mesin::periksa(
            s,
            self.jumlah[0] as usize,
            (!self.sendiri).then_some(self.jumlah[1] as usize),
        )?;
        for b in &mut self.berkas {
            b.flush().map_err(|e| galat_io("menulis partisi", e))?;
        }
        self.berkas.clear();
        let n_utama = self.aturan.iter().take_while(|a| !a.lanjutan).count();
        let mut j = Jalan {
            padan: [
                vec![false; self.jumlah[0] as usize],
                vec![
                    false;
                    if self.sendiri {
                        0
                    } else {
                        self.jumlah[1] as usize
                    }
                ],
            ],
            p: self,
            model: None,
            s: s.clone(),
            n_utama,
            besar: vec![],
            blok_besar: vec![],
            statistik: vec![],
            dibandingkan: 0,
            aturan_ini: 0,
            partisi_ini: 0,
            maks_rekaman: 0,
        };
        j.reset_aturan();
        j.model = Some(match model {
            Some(m) => m,
            None => {
                let m = j.latih(kabar)?;
                // The count pass noted the oversized blocks; the scoring
                // pass notes them again.
                j.reset_aturan();
                m
            }
        });
        kabar("skor partisi");
        Ok(j)
    }
}

/// A run over the partitions, giving pairs a partition at a time.
pub struct Jalan {
    p: Partisi,
    /// Set before the first [`Jalan::berikut`].
    model: Option<Model>,
    s: Setelan,
    n_utama: usize,
    besar: Vec<HashSet<u64>>,
    blok_besar: Vec<BlokBesar>,
    statistik: Vec<StatistikBlok>,
    /// In a link: matched by a primary rule, per record of each side.
    padan: [Vec<bool>; 2],
    dibandingkan: u64,
    aturan_ini: usize,
    partisi_ini: u32,
    /// Records (both sides) of the largest partition loaded.
    maks_rekaman: usize,
}

/// One side of one partition in memory.
struct Muatan {
    rekaman: Vec<Rekaman>,
    id: Vec<String>,
    /// Keys per rule, per record (the engine's layout).
    kunci: Vec<Vec<u64>>,
}

/// The pairs of one partition, with the IDs they refer to.
pub struct Bagian {
    id_kiri: Vec<String>,
    id_kanan: Vec<String>,
    /// `a`, `b` index [`Bagian::id`]'s sides; `aturan` the rule.
    pub pasangan: Vec<PasanganSkor>,
}

impl Bagian {
    /// The IDs of a pair (left, right).
    pub fn id(&self, p: &PasanganSkor) -> (&str, &str) {
        let kanan = if self.id_kanan.is_empty() {
            &self.id_kiri
        } else {
            &self.id_kanan
        };
        (
            self.id_kiri.get(p.a as usize).map_or("", String::as_str),
            kanan.get(p.b as usize).map_or("", String::as_str),
        )
    }
}

/// What a partitioned run found, besides its pairs.
#[derive(Debug)]
pub struct HasilPartisi {
    pub model: Model,
    pub dibandingkan: u64,
    pub blok: Vec<StatistikBlok>,
    pub blok_besar: Vec<BlokBesar>,
    pub kiri: u64,
    pub kanan: Option<u64>,
    /// Bytes written to the partition files.
    pub bait_partisi: u64,
    /// Records in the largest partition held at once.
    pub maks_rekaman_partisi: usize,
}

impl Jalan {
    fn reset_aturan(&mut self) {
        self.besar = vec![HashSet::new(); self.p.aturan.len()];
        self.blok_besar.clear();
        self.statistik = self
            .p
            .aturan
            .iter()
            .map(|a| StatistikBlok {
                aturan: a.nama,
                pasangan_baru: 0,
                blok: 0,
            })
            .collect();
        self.dibandingkan = 0;
        self.aturan_ini = 0;
        self.partisi_ini = 0;
    }

    /// One side of partition `pi` of rule `ai`, with term frequencies;
    /// in a link, records matched by a primary rule leave the fallback
    /// rules.
    fn muat(&mut self, sisi: usize, ai: usize, pi: u32) -> Result<Muatan, GalatMesin> {
        let path = self.p.dir.path().join(format!("{sisi}-{ai}-{pi}"));
        let isi = std::fs::read(&path).map_err(|e| galat_io("membaca partisi", e))?;
        // The frames' offsets first (a length before each), then decoded
        // in parallel.
        let mut potong = vec![];
        let mut i = 0usize;
        while i < isi.len() {
            let n = isi
                .get(i..i + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map(|b| u32::from_le_bytes(b) as usize)
                .ok_or_else(|| GalatMesin::Partisi(format!("{}: terpotong", path.display())))?;
            let isi_ = isi
                .get(i + 4..i + 4 + n)
                .ok_or_else(|| GalatMesin::Partisi(format!("{}: terpotong", path.display())))?;
            potong.push(isi_);
            i += 4 + n;
        }
        let lanjutan = self.p.aturan.get(ai).is_some_and(|a| a.lanjutan);
        let buang = (lanjutan && !self.p.sendiri).then_some(&self.padan[sisi]);
        let total = (self.p.jumlah[0] + self.p.jumlah[1]).max(1) as f32;
        let (nama, lahir) = (&self.p.nama, &self.p.lahir);
        // Decoded, filtered and given their term frequencies in parallel;
        // then split into the engine's layout, also in parallel (a record
        // is moved, not copied field by field).
        let entri = potong
            .par_iter()
            .map(|b| postcard::from_bytes::<Entri>(b))
            .filter(|e| {
                !buang.is_some_and(|p| {
                    e.as_ref()
                        .is_ok_and(|e| p.get(e.rekaman.id as usize).copied().unwrap_or(false))
                })
            })
            .map(|e| {
                e.map(|mut e| {
                    let r = &mut e.rekaman;
                    r.tf_nama = nama.get(&*r.nama).copied().unwrap_or(0) as f32 / total;
                    r.tf_lahir =
                        r.lahir.and_then(|d| lahir.get(&d)).copied().unwrap_or(0) as f32 / total;
                    e
                })
            })
            .collect::<Result<Vec<Entri>, _>>()
            .map_err(|e| GalatMesin::Partisi(format!("{}: {e}", path.display())))?;
        let kunci: Vec<Vec<u64>> = (0..self.p.aturan.len())
            .map(|a| {
                entri
                    .par_iter()
                    .map(|e| e.kunci.get(a).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        let (rekaman, id): (Vec<Rekaman>, Vec<String>) =
            entri.into_par_iter().map(|e| (e.rekaman, e.id)).unzip();
        Ok(Muatan { rekaman, id, kunci })
    }

    /// Both sides of a partition (the right one empty in a
    /// deduplication).
    fn muat_partisi(&mut self, ai: usize, pi: u32) -> Result<(Muatan, Option<Muatan>), GalatMesin> {
        let kiri = self.muat(0, ai, pi)?;
        let kanan = if self.p.sendiri {
            None
        } else {
            Some(self.muat(1, ai, pi)?)
        };
        self.maks_rekaman = self
            .maks_rekaman
            .max(kiri.rekaman.len() + kanan.as_ref().map_or(0, |k| k.rekaman.len()));
        Ok((kiri, kanan))
    }

    /// Trains on the primary rules' partitions: u from the samples, m by
    /// EM over each training rule's pattern counts, the prior over every
    /// primary pair.
    fn latih(&mut self, kabar: &(dyn Fn(&str) + Sync)) -> Result<Model, GalatMesin> {
        kabar("latih: u dari sampel rekaman");
        let u = u_acak(
            &self.p.sampel[0],
            (!self.p.sendiri).then_some(&self.p.sampel[1][..]),
            self.s.sampel_u,
            self.s.seed,
        );
        kabar("latih: hitung pola per partisi");
        let aturan = self.p.aturan;
        let mut sesi: Vec<PetaCepat<u32, u64>> = vec![PetaCepat::default(); self.n_utama];
        let mut semua: PetaCepat<u32, u64> = PetaCepat::default();
        for ai in 0..self.n_utama {
            for pi in 0..self.p.n {
                let (l, r) = self.muat_partisi(ai, pi)?;
                let r = r.as_ref().unwrap_or(&l);
                let bs = self.blok(ai, &l, r);
                let (ss, baru) = pola_partisi(self.blok_rekaman(&bs, ai, &l, r));
                if aturan[ai].latih {
                    tambah_peta(&mut sesi[ai], ss);
                }
                tambah_peta(&mut semua, baru);
            }
        }
        let sesi: Vec<(HashMap<u32, u64>, Vec<usize>)> = sesi
            .into_iter()
            .zip(aturan)
            .filter(|(_, a)| a.latih)
            .map(|(p, a)| (p.into_iter().collect(), a.tetap.to_vec()))
            .collect();
        kabar("latih: EM");
        let mut m = Model::latih(&sesi, self.s.tf, u, 500);
        let (nl, nr) = (self.p.jumlah[0] as f64, self.p.jumlah[1] as f64);
        let total = if self.p.sendiri {
            nl * (nl - 1.0) / 2.0
        } else {
            nl * nr
        };
        m.tetapkan_prior(&semua.into_iter().collect(), total);
        Ok(m)
    }

    /// A partition's blocks of rule `ai` with its records and keys, for
    /// the pair-level operators.
    fn blok_rekaman<'a>(
        &'a self,
        bs: &'a blok::BlokAturan,
        ai: usize,
        l: &'a Muatan,
        r: &'a Muatan,
    ) -> blok::BlokRekaman<'a> {
        blok::BlokRekaman {
            bs,
            ai,
            sendiri: self.p.sendiri,
            kiri: &l.rekaman,
            kanan: &r.rekaman,
            kk: &l.kunci,
            kr: &r.kunci,
            besar: &self.besar,
        }
    }

    /// The blocks of a partition, noting the oversized ones.
    fn blok(&mut self, ai: usize, l: &Muatan, r: &Muatan) -> blok::BlokAturan {
        let bs = crate::mesin::blok_dicatat(
            ai,
            &l.kunci,
            &r.kunci,
            self.p.sendiri,
            self.p.aturan,
            &l.rekaman,
            &self.s,
            &mut self.besar,
            &mut self.blok_besar,
        );
        if let Some(st) = self.statistik.get_mut(ai) {
            st.blok += bs.len() as u64;
        }
        bs
    }

    /// The next partition's scored pairs (kept as [`Setelan`] says), or
    /// `None` when every rule's partitions are done. Rules in order, the
    /// primary ones first.
    pub fn berikut(&mut self) -> Result<Option<Bagian>, GalatMesin> {
        let aturan = self.p.aturan;
        if self.aturan_ini >= aturan.len() {
            return Ok(None);
        }
        let (ai, pi) = (self.aturan_ini, self.partisi_ini);
        self.partisi_ini += 1;
        if self.partisi_ini >= self.p.n {
            self.partisi_ini = 0;
            self.aturan_ini += 1;
        }
        let (l, r) = self.muat_partisi(ai, pi)?;
        let rr = r.as_ref().unwrap_or(&l);
        let bs = self.blok(ai, &l, rr);
        // In a link the primary pairs at the threshold mark their records
        // matched, whatever is kept.
        let utama_link = !aturan[ai].lanjutan && !self.p.sendiri;
        let mut s = self.s.clone();
        if utama_link {
            s.simpan_dari = s.simpan_dari.min(s.ambang);
        }
        let model = self
            .model
            .as_ref()
            .ok_or_else(|| GalatMesin::Partisi("model belum ada".into()))?;
        let (mut ps, n) =
            crate::mesin::bandingkan_skor(self.blok_rekaman(&bs, ai, &l, rr), model, &s);
        self.dibandingkan += n;
        if let Some(st) = self.statistik.get_mut(ai) {
            st.pasangan_baru += n;
        }
        if utama_link {
            for p in ps.iter().filter(|p| p.peluang() >= self.s.ambang) {
                for (sisi, (m, x)) in [(&l, p.a), (rr, p.b)].into_iter().enumerate() {
                    if let Some(nomor) = m.rekaman.get(x as usize).map(|r| r.id as usize)
                        && let Some(f) = self.padan[sisi].get_mut(nomor)
                    {
                        *f = true;
                    }
                }
            }
            let simpan =
                |p: &PasanganSkor| self.s.simpan_semua || p.peluang() >= self.s.simpan_dari;
            ps.retain(simpan);
        }
        Ok(Some(Bagian {
            id_kiri: l.id,
            id_kanan: r.map(|m| m.id).unwrap_or_default(),
            pasangan: ps,
        }))
    }

    /// What the run found, once [`Jalan::berikut`] gave `None`; the
    /// partition files are removed.
    pub fn selesai(self) -> Result<HasilPartisi, GalatMesin> {
        Ok(HasilPartisi {
            model: self
                .model
                .ok_or_else(|| GalatMesin::Partisi("model belum ada".into()))?,
            dibandingkan: self.dibandingkan,
            blok: self.statistik,
            blok_besar: self.blok_besar,
            kiri: self.p.jumlah[0],
            kanan: (!self.p.sendiri).then_some(self.p.jumlah[1]),
            bait_partisi: self.p.bait,
            maks_rekaman_partisi: self.maks_rekaman,
        })
    }
}

fn tambah_peta(ke: &mut PetaCepat<u32, u64>, dari: PetaCepat<u32, u64>) {
    for (k, v) in dari {
        *ke.entry(k).or_insert(0) += v;
    }
}

/// Pattern counts of one partition of rule `ai`, a partition-level
/// operator (no I/O, no state): of every pair in its blocks that are not
/// oversized (what a training session on this rule sees), and of those no
/// earlier rule produced (each primary pair once, for the prior).
pub fn pola_partisi(b: blok::BlokRekaman<'_>) -> (PetaCepat<u32, u64>, PetaCepat<u32, u64>) {
    type Dua = (PetaCepat<u32, u64>, PetaCepat<u32, u64>);
    let (kiri, kanan) = (b.kiri, b.kanan);
    b.lipat(Dua::default, |(ss, baru), x, y, b| {
        let p = Vektor::dari(&kiri[x as usize], &kanan[y as usize]).pola();
        *ss.entry(p).or_insert(0) += 1;
        if b {
            *baru.entry(p).or_insert(0) += 1;
        }
    })
    .reduce(Dua::default, |mut a, b| {
        tambah_peta(&mut a.0, b.0);
        tambah_peta(&mut a.1, b.1);
        a
    })
}
