//! Matching beyond memory: records on disk, indexed by blocking key, and
//! matched one partition at a time.
//!
//! Every record is written once, to its side's record store (one postcard
//! frame, with its keys under every rule). Each rule's partitions hold
//! only where the records are: for every record the rule gives a key, one
//! eight-byte address (offset and length) in the partition `key mod N` of
//! that rule. All records sharing a key under a rule are thus in one
//! partition: a block is never split, and one partition's blocks are
//! worked on exactly as the in-memory engine ([`crate::mesin`]) works on
//! all of them, by the same operators ([`crate::blok::pasangan_blok`],
//! [`crate::model::Model::skor`] and the engine's block functions), which
//! take records in and give pairs and counts out. Loading a partition
//! reads its addresses, sorts them (file order) and reads the records
//! with positioned reads, neighbours in one read, in parallel. This module
//! is the runner around the operators: the files, the order of the rules,
//! and the little that must be known of all records at once, kept in
//! memory:
//!
//! - term frequencies (a count per distinct name and birth date);
//! - a uniform sample of records per side (reservoir), for u;
//! - per rule, the keys of its oversized blocks (rules run in order, and a
//!   later rule must know which of an earlier rule's blocks were not
//!   expanded);
//! - in a link, one flag per record: matched by a primary rule (the
//!   fallback rules only pair the others).
//!
//! Why addresses rather than a copy of each record per rule (the first
//! version) or compressed copies: a province of 31.5 million voters wrote
//! 41 GB of copies; the addresses are 8 bytes per record and rule, the
//! records ~200 bytes once, and the store is read from the page cache.
//! (Expected from the sizes, not yet measured at scale; compressed copies
//! were not built.)
//!
//! A run without a model first counts agreement patterns over the primary
//! rules' partitions (training and the prior), then scores them all. The
//! count reads, per primary rule, at least an eighth of its partitions and
//! goes on until [`LATIH_PER_SESI`] × [`Setelan::maks_latih`] pairs are
//! counted or all are read; partitions are a uniform sample of the blocks
//! (keys are hashes), and the prior scales the new pairs' counts up by the
//! share read. On a register small enough that every partition is read,
//! the model is the in-memory one but for u, drawn from the sample rather
//! than from all records (EM over counts hardly notices); with the same
//! model the pairs are the in-memory engine's (both tested).

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
use std::path::{Path, PathBuf};

/// Partitions per rule at most. The partitions' files are opened only to
/// append a batch of addresses, so the limit is the folder's size, not the
/// open-file limit.
pub const MAKS_PARTISI: u32 = 1024;

/// Records per side kept for drawing u's random pairs.
const SAMPEL_U: usize = 100_000;

/// A training count stops once a primary rule has this many times
/// [`Setelan::maks_latih`] pairs (and an eighth of its partitions).
pub const LATIH_PER_SESI: u64 = 8;

/// Addresses held before they are appended to their partition files.
const ANTRE_MAKS: usize = 4 << 20;

/// Records whose frames lie within this many bytes of each other are read
/// in one positioned read.
const CELAH_BACA: u64 = 4096;
/// Longest positioned read.
const BACA_MAKS: u64 = 1 << 20;

/// A frame's address: offset in its store (40 bits: 1 TiB) and length
/// (24 bits: 16 MiB).
fn alamat(offset: u64, panjang: usize) -> Option<u64> {
    (offset < 1 << 40 && panjang < 1 << 24).then_some(offset << 24 | panjang as u64)
}

fn urai_alamat(a: u64) -> (u64, u64) {
    (a >> 24, a & ((1 << 24) - 1))
}

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

/// Records being written. [`Partisi::tambah`] takes them a chunk at a
/// time; [`Partisi::mulai`] starts matching.
pub struct Partisi {
    dir: tempfile::TempDir,
    /// The folder the caller chose (named when its disk fills).
    induk: PathBuf,
    n: u32,
    aturan: &'static [AturanBlok],
    sendiri: bool,
    /// Each side's record store, written in file order.
    toko: [Option<BufWriter<File>>; 2],
    /// Bytes in each store (the next record's offset).
    panjang_toko: [u64; 2],
    /// Addresses not yet appended, index `(side × rules + rule) × n +
    /// partition`.
    antre: Vec<Vec<u64>>,
    antre_isi: usize,
    jumlah: [u64; 2],
    nama: PetaCepat<Box<str>, u32>,
    lahir: PetaCepat<NaiveDate, u32>,
    sampel: [Vec<Rekaman>; 2],
    /// One generator per side: the two files are read at once, and the
    /// samples must not depend on how their chunks interleave.
    rng: [ChaCha8Rng; 2],
    bait_indeks: u64,
    /// For tests: the bytes the disk holds (a full disk beyond).
    batas_bait: Option<u64>,
}

fn galat_io(apa: &str, e: std::io::Error) -> GalatMesin {
    GalatMesin::Partisi(format!("{apa}: {e}"))
}

#[cfg(unix)]
fn baca_di(f: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, offset)
}

#[cfg(windows)]
fn baca_di(f: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match f.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = std::mem::take(&mut buf).get_mut(n..).unwrap_or_default();
                offset += n as u64;
            }
        }
    }
    Ok(())
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
        let tmp = tempfile::Builder::new()
            .prefix("padan-partisi-")
            .tempdir_in(dir)
            .map_err(|e| galat_tulis(dir, "membuat folder partisi", e))?;
        let sisi = if kanan { 2 } else { 1 };
        let mut toko = [None, None];
        for (s, t) in toko.iter_mut().enumerate().take(sisi) {
            let path = tmp.path().join(format!("rekaman-{s}"));
            let f = File::create(&path).map_err(|e| galat_tulis(dir, "membuat toko rekaman", e))?;
            *t = Some(BufWriter::with_capacity(1 << 20, f));
        }
        Ok(Partisi {
            dir: tmp,
            induk: dir.to_path_buf(),
            n,
            aturan,
            sendiri: !kanan,
            toko,
            panjang_toko: [0, 0],
            antre: vec![vec![]; sisi * aturan.len() * n as usize],
            antre_isi: 0,
            jumlah: [0, 0],
            nama: PetaCepat::default(),
            lahir: PetaCepat::default(),
            sampel: [vec![], vec![]],
            rng: [
                ChaCha8Rng::seed_from_u64(seed),
                ChaCha8Rng::seed_from_u64(seed ^ 0x006b_616e_616e),
            ],
            bait_indeks: 0,
            batas_bait: None,
        })
    }

    /// For tests of a full disk: writes beyond `bait` bytes in all fail as
    /// a full disk does.
    #[doc(hidden)]
    pub fn batasi_disk(&mut self, bait: u64) {
        self.batas_bait = Some(bait);
    }

    /// Room for `n` more bytes, or a full disk.
    fn ruang(&self, n: usize) -> std::io::Result<()> {
        match self.batas_bait {
            Some(b) if self.bait_rekaman() + self.bait_indeks + n as u64 > b => Err(
                std::io::Error::new(std::io::ErrorKind::StorageFull, "disk penuh (uji)"),
            ),
            _ => Ok(()),
        }
    }

    fn bait_rekaman(&self) -> u64 {
        self.panjang_toko.iter().sum()
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
        // Each record encoded once (in parallel), written once.
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
                postcard::to_stdvec(&e)
                    .map_err(|e| GalatMesin::Partisi(format!("menyandikan rekaman: {e}")))
            })
            .collect::<Result<_, GalatMesin>>()?;
        for (i, b) in kode.iter().enumerate() {
            let a = alamat(self.panjang_toko[s], b.len()).ok_or_else(|| {
                GalatMesin::Partisi("toko rekaman melebihi 1 TiB atau rekaman 16 MiB".into())
            })?;
            let tulis = self.ruang(b.len()).and_then(|()| match &mut self.toko[s] {
                Some(w) => w.write_all(b),
                None => Err(std::io::ErrorKind::BrokenPipe.into()),
            });
            tulis.map_err(|e| galat_tulis(&self.induk, "menulis toko rekaman", e))?;
            self.panjang_toko[s] += b.len() as u64;
            for (ai, ka) in kunci.iter().enumerate() {
                let k = ka[i];
                if k != 0 {
                    let j = self.indeks(s, ai, (k % u64::from(self.n)) as u32);
                    if let Some(q) = self.antre.get_mut(j) {
                        q.push(a);
                        self.antre_isi += 1;
                    }
                }
            }
        }
        if self.antre_isi >= ANTRE_MAKS {
            self.kosongkan_antre()?;
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

    /// Appends the held addresses to their partition files (each opened
    /// only for this).
    fn kosongkan_antre(&mut self) -> Result<(), GalatMesin> {
        let per_sisi = self.aturan.len() * self.n as usize;
        for j in 0..self.antre.len() {
            let q = match self.antre.get_mut(j) {
                Some(q) if !q.is_empty() => std::mem::take(q),
                _ => continue,
            };
            let (s, sisa) = (j / per_sisi, j % per_sisi);
            let (ai, pi) = (sisa / self.n as usize, sisa % self.n as usize);
            let path = self.dir.path().join(format!("{s}-{ai}-{pi}"));
            let bait: Vec<u8> = q.iter().flat_map(|a| a.to_le_bytes()).collect();
            let tulis = self.ruang(bait.len()).and_then(|()| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)?
                    .write_all(&bait)
            });
            tulis.map_err(|e| galat_tulis(&self.induk, "menulis partisi", e))?;
            self.bait_indeks += bait.len() as u64;
            let mut q = q;
            q.clear();
            if let Some(x) = self.antre.get_mut(j) {
                *x = q;
            }
        }
        self.antre_isi = 0;
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
        self.kosongkan_antre()?;
        self.antre = vec![];
        // Each store written, closed and opened again for reading.
        let mut baca: [Option<File>; 2] = [None, None];
        for (s, (w, b)) in self.toko.iter_mut().zip(&mut baca).enumerate() {
            if let Some(mut t) = w.take() {
                t.flush()
                    .map_err(|e| galat_tulis(&self.induk, "menulis toko rekaman", e))?;
                let path = self.dir.path().join(format!("rekaman-{s}"));
                *b = Some(File::open(&path).map_err(|e| galat_io("membaca toko rekaman", e))?);
            }
        }
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
            toko: baca,
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
            partisi_latih: 0,
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

/// A write error; a full disk is named as such (the run's files go with
/// the temporary folder).
fn galat_tulis(dir: &Path, apa: &str, e: std::io::Error) -> GalatMesin {
    if e.kind() == std::io::ErrorKind::StorageFull {
        GalatMesin::DiskPenuh(dir.display().to_string())
    } else {
        galat_io(apa, e)
    }
}

/// A run over the partitions, giving pairs a partition at a time.
pub struct Jalan {
    p: Partisi,
    /// Each side's record store, open for positioned reads.
    toko: [Option<File>; 2],
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
    /// Partitions the training count read.
    partisi_latih: u32,
}

/// One side of one partition in memory.
struct Muatan {
    rekaman: Vec<Rekaman>,
    id: Vec<String>,
    /// Keys per rule, per record (the engine's layout).
    kunci: Vec<Vec<u64>>,
}

impl Muatan {
    fn kosong(aturan: usize) -> Muatan {
        Muatan {
            rekaman: vec![],
            id: vec![],
            kunci: vec![vec![]; aturan],
        }
    }
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
    /// Bytes written to the record stores (each record once).
    pub bait_rekaman: u64,
    /// Bytes written to the partitions (eight per record and rule).
    pub bait_indeks: u64,
    /// Primary partitions the training count read (of primary rules ×
    /// partitions; 0 with a model given).
    pub partisi_latih: u32,
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
    fn muat(&self, sisi: usize, ai: usize, pi: u32) -> Result<Muatan, GalatMesin> {
        let path = self.p.dir.path().join(format!("{sisi}-{ai}-{pi}"));
        let isi = match std::fs::read(&path) {
            Ok(b) => b,
            // Written only when a record has a key there.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
            Err(e) => return Err(galat_io("membaca partisi", e)),
        };
        let rusak = |apa: &str| GalatMesin::Partisi(format!("{}: {apa}", path.display()));
        if isi.len() % 8 != 0 {
            return Err(rusak("terpotong"));
        }
        let mut alamat: Vec<u64> = isi
            .chunks_exact(8)
            .filter_map(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
            .collect();
        drop(isi);
        // File order: the records' order as read, and neighbours together.
        alamat.par_sort_unstable();
        let toko = match self.toko.get(sisi) {
            Some(Some(f)) => f,
            _ if alamat.is_empty() => return Ok(Muatan::kosong(self.p.aturan.len())),
            _ => return Err(rusak("toko rekaman tidak ada")),
        };
        // Runs of addresses read at once: (first, past the last).
        let mut rentang: Vec<(usize, usize)> = vec![];
        let mut awal = 0usize;
        for i in 1..=alamat.len() {
            let putus = match (
                alamat.get(awal),
                alamat.get(i.saturating_sub(1)),
                alamat.get(i),
            ) {
                (Some(&a0), Some(&sebelum), Some(&ini)) => {
                    let (o0, _) = urai_alamat(a0);
                    let (os, ls) = urai_alamat(sebelum);
                    let (oi, li) = urai_alamat(ini);
                    oi > os + ls + CELAH_BACA || oi + li - o0 > BACA_MAKS
                }
                _ => true,
            };
            if putus {
                rentang.push((awal, i));
                awal = i;
            }
        }
        let lanjutan = self.p.aturan.get(ai).is_some_and(|a| a.lanjutan);
        let buang = (lanjutan && !self.p.sendiri).then_some(&self.padan[sisi]);
        let total = (self.p.jumlah[0] + self.p.jumlah[1]).max(1) as f32;
        let (nama, lahir) = (&self.p.nama, &self.p.lahir);
        // Read, decoded, filtered and given their term frequencies in
        // parallel, a run at a time; then split into the engine's layout,
        // also in parallel (a record is moved, not copied field by field).
        let entri: Vec<Entri> = rentang
            .par_iter()
            .map(|&(x, y)| -> Result<Vec<Entri>, GalatMesin> {
                let bagian = alamat.get(x..y).unwrap_or_default();
                let (Some(&a0), Some(&az)) = (bagian.first(), bagian.last()) else {
                    return Ok(vec![]);
                };
                let (o0, _) = urai_alamat(a0);
                let (oz, lz) = urai_alamat(az);
                let mut buf = vec![0u8; (oz + lz - o0) as usize];
                baca_di(toko, &mut buf, o0).map_err(|e| galat_io("membaca toko rekaman", e))?;
                let mut out = Vec::with_capacity(bagian.len());
                for &a in bagian {
                    let (o, l) = urai_alamat(a);
                    let b = buf
                        .get((o - o0) as usize..(o - o0 + l) as usize)
                        .ok_or_else(|| rusak("alamat di luar toko"))?;
                    let mut e =
                        postcard::from_bytes::<Entri>(b).map_err(|e| rusak(&e.to_string()))?;
                    if buang.is_some_and(|p| p.get(e.rekaman.id as usize).copied().unwrap_or(false))
                    {
                        continue;
                    }
                    let r = &mut e.rekaman;
                    r.tf_nama = nama.get(&*r.nama).copied().unwrap_or(0) as f32 / total;
                    r.tf_lahir =
                        r.lahir.and_then(|d| lahir.get(&d)).copied().unwrap_or(0) as f32 / total;
                    out.push(e);
                }
                Ok(out)
            })
            .collect::<Result<Vec<Vec<Entri>>, _>>()?
            .into_iter()
            .flatten()
            .collect();
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
        let cukup = self.s.maks_latih.saturating_mul(LATIH_PER_SESI);
        let min_partisi = self.p.n.div_ceil(8);
        for ai in 0..self.n_utama {
            let mut baru_aturan: PetaCepat<u32, u64> = PetaCepat::default();
            let (mut dibaca, mut pasangan) = (0u32, 0u64);
            for pi in 0..self.p.n {
                if dibaca >= min_partisi && pasangan >= cukup {
                    break;
                }
                let (l, r) = self.muat_partisi(ai, pi)?;
                let r = r.as_ref().unwrap_or(&l);
                let bs = self.blok(ai, &l, r);
                let (ss, baru) = pola_partisi(self.blok_rekaman(&bs, ai, &l, r));
                pasangan += ss.values().sum::<u64>();
                if aturan[ai].latih {
                    tambah_peta(&mut sesi[ai], ss);
                }
                tambah_peta(&mut baru_aturan, baru);
                dibaca += 1;
            }
            // The partitions read stand for all of this rule's: the prior
            // counts their new pairs up by the share read.
            let skala = f64::from(self.p.n) / f64::from(dibaca.max(1));
            for (k, v) in baru_aturan {
                *semua.entry(k).or_insert(0) += (v as f64 * skala).round() as u64;
            }
            self.partisi_latih += dibaca;
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
            bait_rekaman: self.p.bait_rekaman(),
            bait_indeks: self.p.bait_indeks,
            partisi_latih: self.partisi_latih,
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
