//! Realistic synthetic registers for tests, benchmarks and the demo.
//!
//! `buat` writes, for a region: a register (`dpt.csv`), the next semester's
//! update set (population extract `dp4.csv`, `meninggal.csv`,
//! `tni_polri.csv`, `coklit.csv`) and the ground truth under `kebenaran/`
//! (which person each row is, and what happened to them).
//!
//! Same seed, same bytes: every random draw comes from ChaCha8 seeded by the
//! seed and the desa's position, and files are written in code order. People
//! are generated and written one household at a time, so memory stays flat
//! at any size (only the set of NIKs used is kept, to keep them unique).
// Indexing here is on the generator's own tables and draws (bounded by
// construction); it reads no outside input. `unwrap`/`expect` stay forbidden.
#![allow(clippy::indexing_slicing)]

mod derau;
mod nama;

pub use derau::Derau;

use chrono::{Datelike, Days, NaiveDate};
use padan_core::wilayah::{Tingkat, Wilayah, induk, penduduk, tingkat};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use std::collections::HashSet;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Share of the population on the voter list (Kota Batu: 170,636 of 225,408).
pub const RASIO_PEMILIH: f64 = 0.757;
/// Voters per TPS (Kota Batu: 164,516 in 611 TPS).
pub const PEMILIH_PER_TPS: u64 = 270;

/// What the generator cannot do; its words are the catalogue's
/// ([`padan_core::pesan::Templat`]): [`GalatSynth::teks`].
#[derive(Debug)]
pub enum GalatSynth {
    WilayahTidakAda(String),
    TanpaDesa(String),
    TanpaPenduduk(String),
    Io(PathBuf, String),
}

impl GalatSynth {
    /// The message in the language in use.
    pub fn teks(&self, b: padan_core::Bahasa) -> String {
        use padan_core::pesan::Templat as T;
        match self {
            GalatSynth::WilayahTidakAda(w) => T::SynthWilayahTidakAda.isi(b, &[w]),
            GalatSynth::TanpaDesa(w) => T::SynthTanpaDesa.isi(b, &[w]),
            GalatSynth::TanpaPenduduk(w) => T::SynthTanpaPenduduk.isi(b, &[w]),
            GalatSynth::Io(p, m) => T::SynthIo.isi(b, &[&p.display(), m]),
        }
    }
}

impl std::fmt::Display for GalatSynth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.teks(padan_core::Bahasa::Id))
    }
}

impl std::error::Error for GalatSynth {}

#[derive(Debug, Clone)]
pub struct Konfigurasi {
    /// Province or kab/kota code, e.g. `35.79`.
    pub wilayah: String,
    /// Voters on the register; default: population × [`RASIO_PEMILIH`].
    pub pemilih: Option<u64>,
    pub seed: u64,
    /// The register's date.
    pub tanggal_dpt: NaiveDate,
    /// The update set's date (end of the next period).
    pub tanggal_pembaruan: NaiveDate,
    /// Share of register rows with a defect that import must refuse.
    pub cacat: f64,
    /// Noise in the population data beyond the period's fates.
    pub derau: Derau,
    /// Household sizes multiplied by this (1: as drawn).
    pub ukuran_kk: f64,
    /// The share of each name pool drawn from, most common names first
    /// (1: all; smaller: more namesakes).
    pub kolam_nama: f64,
}

impl Konfigurasi {
    pub fn baru(wilayah: &str, pemilih: Option<u64>, seed: u64) -> Konfigurasi {
        Konfigurasi {
            wilayah: wilayah.into(),
            pemilih,
            seed,
            tanggal_dpt: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default(),
            tanggal_pembaruan: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default(),
            cacat: 0.0005,
            derau: Derau::default(),
            ukuran_kk: 1.0,
            kolam_nama: 1.0,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Ringkasan {
    pub desa: u64,
    pub dpt: u64,
    pub dp4: u64,
    pub meninggal: u64,
    pub tni_polri: u64,
    pub coklit: u64,
    pub ganda: u64,
    pub cacat: u64,
    pub pindah_keluar: u64,
    pub pindah_masuk: u64,
    pub baru_17: u64,
    pub kawin_bawah_umur: u64,
    pub perbaikan: u64,
}

/// The register's columns, in Model A order.
pub fn judul_pemilih() -> Vec<String> {
    padan_core::Elemen::PEMILIH
        .iter()
        .map(|e| e.judul())
        .collect()
}

struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        r.set_stream(stream);
        Rng(r)
    }
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.0.next_u64()) * u128::from(n)) >> 64) as u64
    }
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// Zipf-like: index i drawn with weight 1/(i+1)^0.9.
    fn zipf<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        let total: f64 = (0..xs.len())
            .map(|i| 1.0 / ((i + 1) as f64).powf(0.9))
            .sum();
        let mut x = self.unit() * total;
        for (i, s) in xs.iter().enumerate() {
            x -= 1.0 / ((i + 1) as f64).powf(0.9);
            if x <= 0.0 {
                return s;
            }
        }
        xs[xs.len() - 1]
    }
    fn weighted<'a>(&mut self, xs: &'a [(&'a str, u32)]) -> &'a str {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut x = self.below(u64::from(total)) as u32;
        for (s, w) in xs {
            if x < *w {
                return s;
            }
            x -= w;
        }
        xs[0].0
    }
    fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Days::new(self.below(span + 1))
    }
}

#[derive(Debug, Clone)]
struct Orang {
    id: u64,
    nik: u64,
    nkk: u64,
    nama: String,
    tempat: String,
    lahir: NaiveDate,
    perempuan: bool,
    kawin: &'static str,
    alamat: String,
    rt: u32,
    rw: u32,
    dis: u8,
    ktp: &'static str,
    desa: String,
    tps: u64,
}

impl Orang {
    fn baris(&self, ket: &str, tps: bool) -> [String; 15] {
        [
            format!("{:016}", self.nkk),
            format!("{:016}", self.nik),
            self.nama.clone(),
            self.tempat.clone(),
            self.lahir.format("%d-%m-%Y").to_string(),
            self.kawin.into(),
            if self.perempuan { "P" } else { "L" }.into(),
            self.alamat.clone(),
            format!("{:03}", self.rt),
            format!("{:03}", self.rw),
            self.dis.to_string(),
            self.ktp.into(),
            ket.into(),
            self.desa.clone(),
            if tps {
                format!("{:03}", self.tps)
            } else {
                String::new()
            },
        ]
    }
}

struct Penulis {
    w: csv::Writer<BufWriter<File>>,
    baris: u64,
    path: PathBuf,
}

impl Penulis {
    /// Written under a temporary name and moved into place, synced, when
    /// done (`padan_io::atomik`): a generator stopped halfway leaves no file
    /// that looks whole.
    fn buat<S: AsRef<[u8]>>(path: PathBuf, judul: &[S]) -> Result<Penulis, GalatSynth> {
        let tmp = padan_io::atomik::path_sementara(&path);
        let f = File::create(&tmp).map_err(|e| GalatSynth::Io(path.clone(), e.to_string()))?;
        let mut w = csv::WriterBuilder::new()
            .flexible(false)
            .from_writer(BufWriter::with_capacity(1 << 20, f));
        w.write_record(judul)
            .map_err(|e| GalatSynth::Io(path.clone(), e.to_string()))?;
        Ok(Penulis { w, baris: 1, path })
    }
    /// Writes a row; returns its line number (header = 1).
    fn tulis<S: AsRef<[u8]>>(&mut self, r: &[S]) -> Result<u64, GalatSynth> {
        self.w
            .write_record(r)
            .map_err(|e| GalatSynth::Io(self.path.clone(), e.to_string()))?;
        self.baris += 1;
        Ok(self.baris)
    }
    fn selesai(self) -> Result<(), GalatSynth> {
        let galat = |e: String| GalatSynth::Io(self.path.clone(), e);
        let f = self
            .w
            .into_inner()
            .map_err(|e| galat(e.to_string()))?
            .into_inner()
            .map_err(|e| galat(e.to_string()))?;
        f.sync_all().map_err(|e| galat(e.to_string()))?;
        let tmp = padan_io::atomik::path_sementara(&self.path);
        padan_io::atomik::pindahkan(&tmp, &self.path).map_err(|e| galat(e.to_string()))
    }
}

struct Keluaran {
    dpt: Penulis,
    dp4: Penulis,
    meninggal: Penulis,
    tni: Penulis,
    coklit: Penulis,
    k_dpt: Penulis,
    k_dp4: Penulis,
    k_meninggal: Penulis,
    k_tni: Penulis,
    k_coklit: Penulis,
    k_nasib: Penulis,
}

const JALAN: &[&str] = &[
    "DIPONEGORO",
    "SUDIRMAN",
    "PANGLIMA SUDIRMAN",
    "AHMAD YANI",
    "GAJAH MADA",
    "BRANTAS",
    "SULTAN AGUNG",
    "KARTINI",
    "IMAM BONJOL",
    "PATIMURA",
    "DIENG",
    "ABDUL GANI",
    "WUKIR",
    "KAWI",
    "SEMERU",
    "ARJUNO",
    "MERAPI",
    "TRUNOJOYO",
    "HASANUDIN",
    "BUKIT BERBUNGA",
];
const DUSUN: &[&str] = &[
    "KRAJAN",
    "SUMBERSARI",
    "NGAGLIK",
    "GANGSIRAN",
    "DRESEL",
    "CANGAR",
    "WONOREJO",
    "KETEGAN",
    "GONDANG",
    "JUWET",
    "SEKAR",
    "TEGAL",
];
const KOTA_LAHIR: &[&str] = &[
    "MALANG",
    "SURABAYA",
    "KEDIRI",
    "BLITAR",
    "PASURUAN",
    "JAKARTA",
    "JOMBANG",
    "TULUNGAGUNG",
    "PROBOLINGGO",
    "MOJOKERTO",
    "SIDOARJO",
    "YOGYAKARTA",
];

struct Gen<'a> {
    cfg: &'a Konfigurasi,
    nik_dipakai: HashSet<u64>,
    nkk_dipakai: HashSet<u64>,
    kecamatan: Vec<u32>,
    /// The desa of the kab/kota being generated (for moves within it).
    desa_kk: Vec<String>,
    next_id: u64,
    r: Ringkasan,
}

fn kode_angka(kode: &str) -> u64 {
    padan_core::wilayah::urai_kode(kode).map_or(0, |(n, _)| n)
}

impl Gen<'_> {
    fn nik(&mut self, rng: &mut Rng, kec: u32, lahir: NaiveDate, perempuan: bool) -> u64 {
        let jk = if perempuan {
            padan_core::JenisKelamin::P
        } else {
            padan_core::JenisKelamin::L
        };
        let day = padan_core::nik::hari_nik(lahir.day(), jk);
        let date = u64::from(day) * 10_000
            + u64::from(lahir.month()) * 100
            + (lahir.year().rem_euclid(100)) as u64;
        let base = u64::from(kec) * 10_000_000_000 + date * 10_000;
        loop {
            let n = base + 1 + rng.below(9_999);
            if self.nik_dipakai.insert(n) {
                return n;
            }
        }
    }

    fn nkk(&mut self, rng: &mut Rng, kec: u32) -> u64 {
        let terbit = rng.date(
            NaiveDate::from_ymd_opt(2005, 1, 1).unwrap_or_default(),
            self.cfg.tanggal_dpt,
        );
        let date = u64::from(terbit.day()) * 10_000
            + u64::from(terbit.month()) * 100
            + (terbit.year().rem_euclid(100)) as u64;
        let base = u64::from(kec) * 10_000_000_000 + date * 10_000;
        loop {
            let n = base + 1 + rng.below(9_999);
            if self.nkk_dipakai.insert(n) {
                return n;
            }
        }
    }

    fn nama(
        &mut self,
        rng: &mut Rng,
        perempuan: bool,
        lahir: NaiveDate,
        ref_date: NaiveDate,
    ) -> String {
        let tahun = lahir.year();
        let umur = ref_date.year() - tahun;
        let p_tunggal = if tahun < 1970 {
            0.5
        } else if tahun < 1990 {
            0.3
        } else {
            0.12
        };
        let f = self.cfg.kolam_nama;
        let kolam = |xs: &'static [&'static str]| -> &'static [&'static str] {
            let n = ((xs.len() as f64 * f).ceil() as usize).clamp(1, xs.len());
            &xs[..n]
        };
        let mut first = if perempuan {
            rng.zipf(kolam(nama::PEREMPUAN)).to_owned()
        } else {
            rng.zipf(kolam(nama::LAKI)).to_owned()
        };
        if first == "MUHAMMAD" {
            first = rng.weighted(nama::MUHAMMAD).to_owned();
        }
        let mut n = first.clone();
        let must_more = first.ends_with('.')
            || matches!(
                first.as_str(),
                "MUHAMMAD"
                    | "MUHAMAD"
                    | "MOHAMMAD"
                    | "MOHAMAD"
                    | "MOCHAMMAD"
                    | "MOCHAMAD"
                    | "ABDUL"
                    | "NUR"
                    | "SITI"
                    | "SRI"
                    | "DWI"
                    | "TRI"
            );
        if must_more || !rng.chance(p_tunggal) {
            let second = if perempuan {
                if rng.chance(0.6) {
                    rng.zipf(kolam(nama::NAMA_BELAKANG_P))
                } else {
                    rng.zipf(kolam(nama::PEREMPUAN))
                }
            } else if rng.chance(0.6) {
                rng.zipf(kolam(nama::NAMA_BELAKANG_L))
            } else {
                rng.zipf(kolam(nama::LAKI))
            };
            if second != first {
                n = format!("{n} {second}");
            }
            if tahun >= 1985 && rng.chance(0.15) {
                let third = if perempuan {
                    rng.zipf(kolam(nama::NAMA_BELAKANG_P))
                } else {
                    rng.zipf(kolam(nama::NAMA_BELAKANG_L))
                };
                if !n.contains(third) {
                    n = format!("{n} {third}");
                }
            }
        }
        if rng.chance(0.01) {
            let ayah = rng.zipf(nama::LAKI);
            n = format!("{n} {} {ayah}", if perempuan { "BINTI" } else { "BIN" });
        }
        if tahun < 1972 && rng.chance(0.35) {
            n = nama::ejaan_lama(&n);
        }
        if umur > 45 && rng.chance(0.06) {
            let g = if perempuan {
                rng.pick(nama::GELAR_DEPAN_P)
            } else {
                rng.pick(nama::GELAR_DEPAN_L)
            };
            n = format!("{g} {n}");
        }
        if (23..60).contains(&umur) && rng.chance(0.04) {
            n = format!("{n}, {}", rng.pick(nama::GELAR_BELAKANG));
        }
        n
    }

    /// A birth date for someone `umur` years old on `pada`, sometimes a
    /// Dukcapil placeholder (1 July, 31 December, 1 January, the 15th).
    fn lahir(&self, rng: &mut Rng, umur: i32, pada: NaiveDate) -> NaiveDate {
        let y = pada.year() - umur - 1;
        let mut d = rng.date(
            NaiveDate::from_ymd_opt(y, pada.month(), 1).unwrap_or(pada),
            NaiveDate::from_ymd_opt(y + 1, pada.month(), 1).unwrap_or(pada),
        );
        if rng.chance(0.085) {
            let x = rng.unit();
            d = if x < 0.56 {
                NaiveDate::from_ymd_opt(d.year(), 7, 1)
            } else if x < 0.86 {
                NaiveDate::from_ymd_opt(d.year(), 12, 31)
            } else if x < 0.99 {
                NaiveDate::from_ymd_opt(d.year(), 1, 1)
            } else {
                NaiveDate::from_ymd_opt(d.year(), d.month(), 15)
            }
            .unwrap_or(d);
        }
        d
    }

    fn umur_dewasa(rng: &mut Rng) -> i32 {
        let bands: [(i32, i32, f64); 7] = [
            (17, 24, 0.15),
            (25, 34, 0.20),
            (35, 44, 0.20),
            (45, 54, 0.18),
            (55, 64, 0.14),
            (65, 74, 0.09),
            (75, 92, 0.04),
        ];
        let mut x = rng.unit();
        for (lo, hi, w) in bands {
            if x < w {
                return rng.between(i64::from(lo), i64::from(hi)) as i32;
            }
            x -= w;
        }
        40
    }

    fn kec_terbit(&self, rng: &mut Rng, kec_rumah: u32, kabkota: u32) -> u32 {
        let x = rng.unit();
        if x < 0.85 || self.kecamatan.is_empty() {
            kec_rumah
        } else if x < 0.95 {
            let same: Vec<u32> = self
                .kecamatan
                .iter()
                .copied()
                .filter(|k| k / 100 == kabkota)
                .collect();
            if same.is_empty() {
                kec_rumah
            } else {
                *rng.pick(&same)
            }
        } else {
            *rng.pick(&self.kecamatan)
        }
    }
}

/// Writes the synthetic register and update set for `cfg` into `out`.
pub fn buat(
    cfg: &Konfigurasi,
    w: &Wilayah,
    out: &Path,
    mut kemajuan: impl FnMut(u64, u64),
) -> Result<Ringkasan, GalatSynth> {
    let kode = padan_core::wilayah::normalisasi_kode(&cfg.wilayah)
        .ok_or_else(|| GalatSynth::WilayahTidakAda(cfg.wilayah.clone()))?;
    if !w.ada(&kode) {
        return Err(GalatSynth::WilayahTidakAda(kode));
    }
    let kabkota: Vec<String> = match tingkat(&kode) {
        Some(Tingkat::Provinsi) => w
            .di_bawah(&kode, Tingkat::KabKota)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect(),
        Some(Tingkat::KabKota) => vec![kode.clone()],
        _ => {
            return Err(GalatSynth::WilayahTidakAda(format!(
                "{kode} (pilih provinsi atau kabupaten/kota)"
            )));
        }
    };
    let pend = penduduk();
    let mut desa_per_kk: Vec<(String, Vec<String>, u64)> = vec![];
    for kk in &kabkota {
        let desa: Vec<String> = w
            .di_bawah(kk, Tingkat::Desa)
            .into_iter()
            .map(|(k, _)| k.to_owned())
            .collect();
        if desa.is_empty() {
            return Err(GalatSynth::TanpaDesa(kk.clone()));
        }
        let p = pend.get(kk).copied();
        if p.is_none() && cfg.pemilih.is_none() {
            return Err(GalatSynth::TanpaPenduduk(kk.clone()));
        }
        desa_per_kk.push((kk.clone(), desa, p.unwrap_or(1)));
    }
    let total_pend: u64 = desa_per_kk.iter().map(|x| x.2).sum();
    let total = cfg
        .pemilih
        .unwrap_or((total_pend as f64 * RASIO_PEMILIH).round() as u64);

    // Voters per desa: kab/kota share by population, desa share by a seeded
    // random weight; rounding remainders go to the last desa.
    let mut rng0 = Rng::new(cfg.seed, 0);
    let mut rencana: Vec<(String, String, u64)> = vec![];
    let mut dibagi = 0u64;
    for (i, (kk, desa, p)) in desa_per_kk.iter().enumerate() {
        let share = if i + 1 == desa_per_kk.len() {
            total - dibagi
        } else {
            (total as f64 * *p as f64 / total_pend as f64).round() as u64
        };
        dibagi += share;
        let weights: Vec<f64> = desa.iter().map(|_| 0.4 + 1.2 * rng0.unit()).collect();
        let wsum: f64 = weights.iter().sum();
        let mut given = 0u64;
        for (j, d) in desa.iter().enumerate() {
            let n = if j + 1 == desa.len() {
                share.saturating_sub(given)
            } else {
                (share as f64 * weights[j] / wsum).round() as u64
            };
            given += n;
            rencana.push((kk.clone(), d.clone(), n));
        }
    }

    std::fs::create_dir_all(out.join("kebenaran"))
        .map_err(|e| GalatSynth::Io(out.into(), e.to_string()))?;
    let p = |n: &str| out.join(n);
    let mut o = Keluaran {
        dpt: Penulis::buat(p("dpt.csv"), &judul_pemilih())?,
        dp4: Penulis::buat(p("dp4.csv"), &judul_pemilih()[..14])?,
        meninggal: Penulis::buat(
            p("meninggal.csv"),
            &[
                "NIK",
                "NAMA",
                "TANGGAL_LAHIR",
                "JENIS_KELAMIN",
                "TANGGAL_MENINGGAL",
                "NO_AKTA",
                "KODE_DESA",
            ],
        )?,
        tni: Penulis::buat(
            p("tni_polri.csv"),
            &["NIK", "NAMA", "TANGGAL_LAHIR", "JENIS_KELAMIN", "INSTANSI"],
        )?,
        coklit: Penulis::buat(p("coklit.csv"), &judul_pemilih())?,
        k_dpt: Penulis::buat(p("kebenaran/dpt.csv"), &["BARIS", "ID_ORANG", "CATATAN"])?,
        k_dp4: Penulis::buat(p("kebenaran/dp4.csv"), &["BARIS", "ID_ORANG", "CATATAN"])?,
        k_meninggal: Penulis::buat(
            p("kebenaran/meninggal.csv"),
            &["BARIS", "ID_ORANG", "CATATAN"],
        )?,
        k_tni: Penulis::buat(
            p("kebenaran/tni_polri.csv"),
            &["BARIS", "ID_ORANG", "CATATAN"],
        )?,
        k_coklit: Penulis::buat(p("kebenaran/coklit.csv"), &["BARIS", "ID_ORANG", "CATATAN"])?,
        k_nasib: Penulis::buat(p("kebenaran/nasib.csv"), &["ID_ORANG", "NASIB", "RINCIAN"])?,
    };
    let mut g = Gen {
        cfg,
        nik_dipakai: HashSet::with_capacity(total as usize * 11 / 10),
        nkk_dipakai: HashSet::new(),
        kecamatan: w.semua_kecamatan(),
        desa_kk: vec![],
        next_id: 1,
        r: Ringkasan::default(),
    };
    let mut dibuat = 0u64;
    for (i, (kk, desa, n)) in rencana.iter().enumerate() {
        let mut rng = Rng::new(cfg.seed, i as u64 + 1);
        if g.desa_kk
            .first()
            .is_none_or(|d| !d.starts_with(kk.as_str()))
        {
            g.desa_kk = w
                .di_bawah(kk, Tingkat::Desa)
                .into_iter()
                .map(|(k, _)| k.to_owned())
                .collect();
        }
        let nama_kk = w
            .nama(kk)
            .unwrap_or("")
            .to_uppercase()
            .replace("KABUPATEN ", "")
            .replace("KOTA ", "");
        buat_desa(&mut g, &mut rng, &mut o, kk, &nama_kk, desa, *n)?;
        g.r.desa += 1;
        dibuat += n;
        kemajuan(dibuat, total);
    }
    for pw in [
        o.dpt,
        o.dp4,
        o.meninggal,
        o.tni,
        o.coklit,
        o.k_dpt,
        o.k_dp4,
        o.k_meninggal,
        o.k_tni,
        o.k_coklit,
        o.k_nasib,
    ] {
        pw.selesai()?;
    }
    Ok(g.r)
}

fn nasib(o: &mut Keluaran, id: u64, n: &str, rincian: &str) -> Result<(), GalatSynth> {
    o.k_nasib
        .tulis(&[id.to_string().as_str(), n, rincian])
        .map(|_| ())
}

#[allow(clippy::too_many_arguments)]
fn buat_desa(
    g: &mut Gen,
    rng: &mut Rng,
    o: &mut Keluaran,
    kk: &str,
    nama_kk: &str,
    desa: &str,
    target: u64,
) -> Result<(), GalatSynth> {
    let cfg = g.cfg;
    let kec = kode_angka(induk(desa, Tingkat::Kecamatan).unwrap_or("")) as u32;
    let kk_num = kode_angka(kk) as u32;
    let kelurahan = desa.rsplit('.').next().is_some_and(|d| d.starts_with('1'));
    let n_rw = rng.between(3, 12) as u32;
    let mut dibuat = 0u64;
    let mut urut_tps = 0u64;
    let dpt_date = cfg.tanggal_dpt;
    let upd = cfg.tanggal_pembaruan;
    while dibuat < target {
        let ukuran = {
            let x = rng.unit();
            let ukuran: u64 = if x < 0.2 {
                1
            } else if x < 0.6 {
                2
            } else if x < 0.8 {
                3
            } else if x < 0.92 {
                4
            } else {
                5
            };
            // Scaled without another draw: the default makes the same bytes.
            let ukuran = if cfg.ukuran_kk == 1.0 {
                ukuran
            } else {
                ((ukuran as f64 * cfg.ukuran_kk).round() as u64).max(1)
            };
            ukuran.min(target - dibuat)
        };
        let nkk = g.nkk(rng, kec);
        let rw = rng.between(1, i64::from(n_rw)) as u32;
        let rt = rng.between(1, 8) as u32;
        let alamat = if kelurahan {
            format!("JL. {} NO. {}", rng.pick(JALAN), rng.between(1, 150))
        } else {
            format!("DSN. {}", rng.pick(DUSUN))
        };
        let tps = urut_tps / PEMILIH_PER_TPS + 1;
        let head_age = Gen::umur_dewasa(rng).max(if ukuran > 2 { 40 } else { 17 });
        let head_female = rng.chance(0.15);
        let mut anggota: Vec<Orang> = vec![];
        for m in 0..ukuran {
            let (umur, perempuan) = match m {
                0 => (head_age, head_female),
                1 => (
                    (head_age + rng.between(-5, 5) as i32).clamp(17, 95),
                    !head_female,
                ),
                _ => (
                    rng.between(17, i64::from((head_age - 18).max(17))) as i32,
                    rng.chance(0.5),
                ),
            };
            let lahir = g.lahir(rng, umur, dpt_date);
            let umur_nyata = padan_core::tanggal::umur(lahir, dpt_date);
            if umur_nyata < 17 {
                continue;
            }
            let kawin = match m {
                0 | 1 if ukuran >= 2 => "S",
                0 => {
                    if umur > 55 && rng.chance(0.5) {
                        "P"
                    } else if umur > 25 && rng.chance(0.6) {
                        "S"
                    } else {
                        "B"
                    }
                }
                _ => {
                    if umur > 22 && rng.chance(0.25) {
                        "S"
                    } else {
                        "B"
                    }
                }
            };
            let kec_nik = g.kec_terbit(rng, kec, kk_num);
            let nik = g.nik(rng, kec_nik, lahir, perempuan);
            let nama = g.nama(rng, perempuan, lahir, dpt_date);
            let id = g.next_id;
            g.next_id += 1;
            anggota.push(Orang {
                id,
                nik,
                nkk,
                nama,
                tempat: if rng.chance(0.8) {
                    nama_kk.to_owned()
                } else {
                    rng.pick(KOTA_LAHIR).to_string()
                },
                lahir,
                perempuan,
                kawin,
                alamat: alamat.clone(),
                rt,
                rw,
                dis: if rng.chance(0.01) {
                    rng.between(1, 6) as u8
                } else {
                    0
                },
                ktp: if rng.chance(0.95) { "S" } else { "B" },
                desa: desa.to_owned(),
                tps,
            });
        }
        for org in &anggota {
            tulis_orang(g, rng, o, org, kec)?;
            dibuat += 1;
            urut_tps += 1;
        }
        if anggota.is_empty() {
            // A household whose draws all came out under 17 still counts
            // toward the loop so it terminates.
            dibuat += 1;
        }
        // Newcomers of this household: a child turning 17 in the period, a
        // married under-17.
        if rng.chance(0.035) {
            let lahir = rng.date(
                NaiveDate::from_ymd_opt(dpt_date.year() - 17, dpt_date.month(), dpt_date.day())
                    .unwrap_or(dpt_date)
                    + Days::new(1),
                NaiveDate::from_ymd_opt(upd.year() - 17, upd.month(), upd.day()).unwrap_or(upd),
            );
            let kawin_muda = rng.chance(0.02);
            let lahir = if kawin_muda {
                lahir + Days::new(200)
            } else {
                lahir
            };
            let perempuan = rng.chance(if kawin_muda { 0.9 } else { 0.5 });
            let nik = g.nik(rng, kec, lahir, perempuan);
            let id = g.next_id;
            g.next_id += 1;
            let baru = Orang {
                id,
                nik,
                nkk,
                nama: g.nama(rng, perempuan, lahir, upd),
                tempat: nama_kk.to_owned(),
                lahir,
                perempuan,
                kawin: if kawin_muda { "S" } else { "B" },
                alamat: alamat.clone(),
                rt,
                rw,
                dis: 0,
                ktp: if kawin_muda { "B" } else { "S" },
                desa: desa.to_owned(),
                tps,
            };
            let jenis = if kawin_muda {
                "kawin-bawah-umur"
            } else {
                "baru-17"
            };
            if kawin_muda {
                g.r.kawin_bawah_umur += 1;
            } else {
                g.r.baru_17 += 1;
            }
            tulis_pendatang(g, rng, o, &baru, jenis)?;
        }
        if rng.chance(0.012) {
            // A household moving in from elsewhere: NIKs issued outside.
            let umur = Gen::umur_dewasa(rng);
            let perempuan = rng.chance(0.45);
            let lahir = g.lahir(rng, umur, upd);
            let kec_luar = if g.kecamatan.is_empty() {
                kec
            } else {
                *rng.pick(&g.kecamatan)
            };
            let nik = g.nik(rng, kec_luar, lahir, perempuan);
            let nkk_baru = g.nkk(rng, kec);
            let id = g.next_id;
            g.next_id += 1;
            let datang = Orang {
                id,
                nik,
                nkk: nkk_baru,
                nama: g.nama(rng, perempuan, lahir, upd),
                tempat: rng.pick(KOTA_LAHIR).to_string(),
                lahir,
                perempuan,
                kawin: if umur > 25 { "S" } else { "B" },
                alamat: if kelurahan {
                    format!("JL. {} NO. {}", rng.pick(JALAN), rng.between(1, 150))
                } else {
                    format!("DSN. {}", rng.pick(DUSUN))
                },
                rt: rng.between(1, 8) as u32,
                rw: rng.between(1, i64::from(n_rw)) as u32,
                dis: 0,
                ktp: "S",
                desa: desa.to_owned(),
                tps,
            };
            g.r.pindah_masuk += 1;
            tulis_pendatang(g, rng, o, &datang, "pindah-masuk")?;
        }
    }
    Ok(())
}

/// Someone not on the register who should be: in the extract, sometimes
/// already found by the coklit.
fn tulis_pendatang(
    g: &mut Gen,
    rng: &mut Rng,
    o: &mut Keluaran,
    org: &Orang,
    jenis: &str,
) -> Result<(), GalatSynth> {
    let b = tulis_dp4(g, o, org, org.baris("", false))?;
    o.k_dp4
        .tulis(&[b.to_string(), org.id.to_string(), jenis.into()])?;
    g.r.dp4 += 1;
    if rng.chance(0.5) {
        let b = o.coklit.tulis(&org.baris("B", true))?;
        o.k_coklit
            .tulis(&[b.to_string(), org.id.to_string(), jenis.into()])?;
        g.r.coklit += 1;
    }
    nasib(o, org.id, jenis, "")
}

/// Writes a person's DP4 row with the configured noise (see [`Derau`]);
/// its row number.
fn tulis_dp4(
    g: &Gen,
    o: &mut Keluaran,
    org: &Orang,
    mut baris: [String; 15],
) -> Result<u64, GalatSynth> {
    if g.cfg.derau.ada() {
        // A stream of its own per person: the fates draw what they drew.
        let mut r = Rng::new(g.cfg.seed ^ 0x6465_7261_7500, org.id);
        g.cfg.derau.terapkan(&mut r, &mut baris, &g.desa_kk);
    }
    o.dp4.tulis(&baris[..14])
}

/// Name variants a second registration or another source shows.
fn varian_nama(rng: &mut Rng, n: &str) -> String {
    let tokens: Vec<&str> = n.split(' ').collect();
    match rng.below(6) {
        0 if tokens.len() >= 2 => format!("{}{}", tokens[0], tokens[1..].join(" ")),
        1 => n.replacen('I', "Y", 1),
        2 => nama::ejaan_lama(n),
        3 if tokens.len() >= 2 => tokens[..tokens.len() - 1].join(" "),
        4 => {
            let mut c: Vec<char> = n.chars().collect();
            let i = rng.below(c.len() as u64) as usize;
            if c[i].is_ascii_alphabetic() {
                c[i] = (b'A' + rng.below(26) as u8) as char;
            }
            c.into_iter().collect()
        }
        _ => format!("{n} "),
    }
    .trim()
    .to_owned()
}

fn tulis_orang(
    g: &mut Gen,
    rng: &mut Rng,
    o: &mut Keluaran,
    org: &Orang,
    kec: u32,
) -> Result<(), GalatSynth> {
    let id = org.id.to_string();
    let b = o.dpt.tulis(&org.baris("", true))?;
    o.k_dpt.tulis(&[b.to_string(), id.clone(), String::new()])?;
    g.r.dpt += 1;

    // A defective row (refused at import), for a person who is not real.
    if rng.chance(g.cfg.cacat) {
        let mut rusak = org.baris("", true);
        let (kode, nilai) = match rng.below(4) {
            0 => ("NIK-PANJANG", rusak[1][..15].to_owned()),
            1 => ("NIK-PLACEHOLDER", "2222222222222222".to_owned()),
            2 => ("TGL-LAHIR-FORMAT", "31-02-1990".to_owned()),
            _ => ("DESA-TIDAK-DIKENAL", format!("{}.9999", &org.desa[..8])),
        };
        match kode {
            "TGL-LAHIR-FORMAT" => rusak[4] = nilai,
            "DESA-TIDAK-DIKENAL" => rusak[13] = nilai,
            _ => rusak[1] = nilai,
        }
        rusak[2] = format!("{} CACAT", org.nama);
        let b = o.dpt.tulis(&rusak)?;
        o.k_dpt
            .tulis(&[b.to_string(), "0".into(), format!("cacat:{kode}")])?;
        g.r.cacat += 1;
    }

    let umur = padan_core::tanggal::umur(org.lahir, g.cfg.tanggal_pembaruan);
    let x = rng.unit();
    // Fates over the period; the rest stay as they are.
    if x < 0.004 {
        // Listed twice: a second registration with realistic differences.
        let mut dua = org.clone();
        dua.nama = varian_nama(rng, &org.nama);
        match rng.below(3) {
            0 => {}
            1 => {
                dua.nik = g.nik(
                    rng,
                    (org.nik / 10_000_000_000) as u32,
                    org.lahir,
                    org.perempuan,
                )
            }
            _ => {
                dua.nkk = g.nkk(rng, kec);
                dua.alamat = org.alamat.replace("JL.", "JALAN").replace("DSN.", "DUSUN");
            }
        }
        dua.tps = org.tps + 1;
        let b = o.dpt.tulis(&dua.baris("", true))?;
        o.k_dpt
            .tulis(&[b.to_string(), id.clone(), "ganda".into()])?;
        g.r.dpt += 1;
        g.r.ganda += 1;
        nasib(o, org.id, "ganda", &b.to_string())?;
    }
    let y = rng.unit();
    if y < 0.005 {
        let mati = rng.date(g.cfg.tanggal_dpt + Days::new(1), g.cfg.tanggal_pembaruan);
        let nama = if rng.chance(0.1) {
            varian_nama(rng, &org.nama)
        } else {
            org.nama.clone()
        };
        let b = o.meninggal.tulis(&[
            format!("{:016}", org.nik),
            nama,
            org.lahir.format("%d-%m-%Y").to_string(),
            if org.perempuan { "P" } else { "L" }.into(),
            mati.format("%d-%m-%Y").to_string(),
            format!("3579-KM-{}-{:07}", mati.year(), rng.below(9_999_999)),
            org.desa.clone(),
        ])?;
        o.k_meninggal
            .tulis(&[b.to_string(), id.clone(), String::new()])?;
        g.r.meninggal += 1;
        if rng.chance(0.6) {
            tms_coklit(g, o, org, "1")?;
        }
        return nasib(o, org.id, "meninggal", &mati.to_string());
    }
    if y < 0.01 {
        g.r.pindah_keluar += 1;
        if rng.chance(0.5) {
            tms_coklit(g, o, org, "4")?;
        }
        return nasib(o, org.id, "pindah-keluar", "");
    }
    let mut dp4 = org.clone();
    let mut jenis = "";
    if y < 0.0108 && !org.perempuan && (18..40).contains(&umur) {
        let inst = if rng.chance(0.55) { "TNI" } else { "POLRI" };
        let b = o.tni.tulis(&[
            format!("{:016}", org.nik),
            org.nama.clone(),
            org.lahir.format("%d-%m-%Y").to_string(),
            "L".into(),
            inst.into(),
        ])?;
        o.k_tni
            .tulis(&[b.to_string(), id.clone(), inst.to_lowercase()])?;
        g.r.tni_polri += 1;
        if rng.chance(0.4) {
            tms_coklit(g, o, org, if inst == "TNI" { "6" } else { "7" })?;
        }
        nasib(o, org.id, &inst.to_lowercase(), "")?;
    } else if y < 0.027 {
        jenis = "perbaikan";
        match rng.below(5) {
            0 => dp4.nama = varian_nama(rng, &org.nama),
            1 => dp4.alamat = format!("{} GG. {}", org.alamat, rng.between(1, 9)),
            2 if org.kawin == "B" => dp4.kawin = "S",
            3 => dp4.ktp = if org.ktp == "S" { "B" } else { "S" },
            _ => dp4.rt = org.rt % 8 + 1,
        }
    } else if y < 0.032 {
        jenis = "pindah-dalam";
        // Moved within the office's area: another desa of the same kab/kota.
        dp4.desa = rng.pick(&g.desa_kk).clone();
        dp4.rw = rng.between(1, 10) as u32;
        dp4.alamat = format!("JL. {} NO. {}", rng.pick(JALAN), rng.between(1, 150));
        dp4.tps = 1;
    }
    if !jenis.is_empty() && dp4.baris("", false) == org.baris("", false) {
        jenis = "";
    }
    let b = tulis_dp4(g, o, org, dp4.baris("", false))?;
    o.k_dp4.tulis(&[b.to_string(), id.clone(), jenis.into()])?;
    g.r.dp4 += 1;
    if !jenis.is_empty() {
        g.r.perbaikan += 1;
        if rng.chance(0.4) {
            let b = o.coklit.tulis(&dp4.baris("U", true))?;
            o.k_coklit
                .tulis(&[b.to_string(), id.clone(), jenis.into()])?;
            g.r.coklit += 1;
        }
        nasib(o, org.id, jenis, "")?;
    }
    Ok(())
}

fn tms_coklit(g: &mut Gen, o: &mut Keluaran, org: &Orang, kode: &str) -> Result<(), GalatSynth> {
    let mut r: [String; 15] = Default::default();
    r[1] = format!("{:016}", org.nik);
    r[2] = org.nama.clone();
    r[12] = kode.into();
    let b = o.coklit.tulis(&r)?;
    o.k_coklit
        .tulis(&[b.to_string(), org.id.to_string(), format!("tms-{kode}")])?;
    g.r.coklit += 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(p: &Path) -> Vec<u8> {
        std::fs::read(p).unwrap()
    }

    #[test]
    fn same_seed_same_bytes() {
        let w = Wilayah::bawaan();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let cfg = Konfigurasi::baru("35.79", Some(3000), 7);
        let r1 = buat(&cfg, &w, a.path(), |_, _| {}).unwrap();
        buat(&cfg, &w, b.path(), |_, _| {}).unwrap();
        for f in ["dpt.csv", "dp4.csv", "coklit.csv", "kebenaran/nasib.csv"] {
            assert_eq!(sha(&a.path().join(f)), sha(&b.path().join(f)), "{f}");
        }
        assert!(r1.dpt >= 3000, "{r1:?}");
        assert_eq!(r1.desa, 24);
        let other = tempfile::tempdir().unwrap();
        buat(
            &Konfigurasi::baru("35.79", Some(3000), 8),
            &w,
            other.path(),
            |_, _| {},
        )
        .unwrap();
        assert_ne!(
            sha(&a.path().join("dpt.csv")),
            sha(&other.path().join("dpt.csv"))
        );
    }

    #[test]
    fn every_register_row_passes_or_is_a_planted_defect() {
        use padan_core::pemilih::{Elemen, Mentah};
        use padan_core::validasi::{KEBIJAKAN_DAFTAR, Konteks, periksa_pemilih};
        let w = Wilayah::bawaan();
        let d = tempfile::tempdir().unwrap();
        let mut cfg = Konfigurasi::baru("35.79", Some(5000), 1);
        cfg.cacat = 0.01;
        buat(&cfg, &w, d.path(), |_, _| {}).unwrap();
        let ctx = Konteks {
            wilayah: &w,
            kantor: "35.79",
            tanggal_acuan: cfg.tanggal_dpt,
            hari_ini: cfg.tanggal_pembaruan,
        };
        let mut rd = csv::Reader::from_path(d.path().join("dpt.csv")).unwrap();
        let truth: Vec<csv::StringRecord> =
            csv::Reader::from_path(d.path().join("kebenaran/dpt.csv"))
                .unwrap()
                .records()
                .map(|r| r.unwrap())
                .collect();
        let mut cacat = 0;
        for (rec, t) in rd.records().zip(truth) {
            let rec = rec.unwrap();
            let mut m = Mentah::default();
            for (e, v) in Elemen::PEMILIH.iter().zip(rec.iter()) {
                m.set(*e, v);
            }
            let mut temuan = vec![];
            let ok = periksa_pemilih(&m, &ctx, KEBIJAKAN_DAFTAR, &mut temuan).is_some();
            let planted = t[2].starts_with("cacat:");
            assert_eq!(ok, !planted, "{rec:?} {temuan:?}");
            if planted {
                cacat += 1;
                assert!(
                    temuan.iter().any(|x| t[2].ends_with(x.kode.as_str())),
                    "{t:?} {temuan:?}"
                );
            }
        }
        assert!(cacat > 10);
    }
}
