//! The workspace as a whole: init, the region list, verify and
//! acknowledge, rebuilding the projection, the rule list, synthetic data.

use crate::galat::Galat;
use crate::kemajuan::Kemajuan;
use crate::ruang::Ruang;
use padan_core::Wilayah;
use padan_store::LaporanVerifikasi;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct HasilInit {
    pub ruang_kerja: PathBuf,
    pub kantor: String,
    pub nama: Option<String>,
    pub sidik_kunci: String,
}

/// `padan init`: a new workspace and the office's signing key.
pub fn init(r: &Ruang, kantor: &str) -> Result<HasilInit, Galat> {
    let w = Wilayah::bawaan();
    let kode = padan_core::wilayah::normalisasi_kode(kantor)
        .filter(|c| {
            padan_core::wilayah::tingkat(c) == Some(padan_core::wilayah::Tingkat::KabKota)
                && w.ada(c)
        })
        .ok_or_else(|| {
            Galat::baru(
                format!("'{kantor}' bukan kode kabupaten/kota (PP.KK), mis. 35.79"),
                format!("'{kantor}' is not a kab/kota code (PP.KK), e.g. 35.79"),
            )
        })?;
    let g = r.buat(&kode)?;
    let v = g.verifikasi_dengan(&Default::default())?;
    Ok(HasilInit {
        ruang_kerja: r.dir.clone(),
        nama: w.nama(&kode).map(str::to_owned),
        kantor: kode,
        sidik_kunci: v.sidik_kunci,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilWilayah {
    pub kode_dimuat: usize,
    pub sha256: String,
}

/// A region list file (TSV/CSV with code and name columns), read whole.
fn baca_wilayah(file: &Path, w: &mut Wilayah) -> Result<usize, Galat> {
    let bytes = std::fs::read(file).map_err(|e| {
        Galat::baru(
            format!("berkas {} tidak dapat dibaca: {e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let teks = String::from_utf8(bytes).map_err(|_| {
        Galat::baru(
            format!("{} bukan teks UTF-8; simpan ulang sebagai UTF-8 (nama wilayah beraksen akan salah bila ditebak)", file.display()),
            format!("{} is not UTF-8 text; save it as UTF-8 (accented region names would be wrong if guessed)", file.display()),
        )
    })?;
    w.muat_teks(&teks).map_err(|e| {
        Galat::baru(
            format!("{}: {e}; tidak ada kode yang dimuat", file.display()),
            format!(
                "{}: line {}: {}; nothing loaded",
                file.display(),
                e.baris,
                e.pesan
            ),
        )
    })
}

/// `padan region import`: a newer official region list for the workspace.
pub fn impor_wilayah(r: &Ruang, file: &Path) -> Result<HasilWilayah, Galat> {
    let mut g = r.buka()?;
    let mut w = Wilayah::default();
    let n = baca_wilayah(file, &mut w)?;
    let sha = padan_store::sha256_berkas(file)?;
    g.simpan_wilayah(&w, &sha)?;
    Ok(HasilWilayah {
        kode_dimuat: n,
        sha256: sha,
    })
}

/// The built-in region list, with a file's codes added.
pub fn muat_wilayah(path: Option<&Path>) -> Result<Wilayah, Galat> {
    let mut w = Wilayah::bawaan();
    if let Some(p) = path {
        baca_wilayah(p, &mut w)?;
    }
    Ok(w)
}

/// What `padan verify` found, and where the checkpoint log it read is.
#[derive(Debug, Clone, Serialize)]
pub struct HasilVerifikasi {
    #[serde(flatten)]
    pub laporan: LaporanVerifikasi,
    /// The witness's note checked, with the consistency proof to today's
    /// log (`verify --witness`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saksi: Option<padan_store::saksi::HasilSaksi>,
    /// Where the checkpoint log is kept.
    #[serde(skip)]
    pub tempat_log: String,
}

/// `padan verify`: the chain, checkpoints, documents, runs and projection.
/// A failed check is remembered: writes wait for an acknowledgement.
pub fn verifikasi(
    r: &Ruang,
    sidik_kunci: Option<String>,
    kepala: Option<&str>,
    saksi: Option<&Path>,
) -> Result<HasilVerifikasi, Galat> {
    let g = r.buka()?;
    // A witness's note is read and authenticated first: one of another
    // office's key is refused before anything else is checked.
    let catatan = match saksi {
        Some(p) => {
            padan_io::baca::periksa_berkas(p)?;
            let b = std::fs::read(p)?;
            if b.len() > 64 * 1024 {
                return Err(Galat::baru(
                    format!(
                        "berkas saksi {} terlalu besar untuk sebuah catatan",
                        p.display()
                    ),
                    format!("witness file {} is too large for a note", p.display()),
                ));
            }
            Some(g.periksa_saksi(&String::from_utf8_lossy(&b))?)
        }
        None => None,
    };
    let kepala = match kepala {
        None => None,
        Some(h) => Some(padan_store::Harapan::urai_kepala(h).ok_or_else(|| {
            Galat::baru(
                format!("--expect-head '{h}' bukan N:HASH (nomor batch, titik dua, 64 digit heksadesimal)"),
                format!("--expect-head '{h}' is not N:HASH (batch number, colon, 64 hex digits)"),
            )
            .misuse()
        })?),
    };
    let mut laporan = g.verifikasi_dengan(&padan_store::Harapan {
        sidik_kunci,
        kepala,
    })?;
    use padan_store::saksi::GagalSaksi;
    let saksi = match catatan {
        None => None,
        Some(Ok(h)) => Some(h),
        Some(Err(e)) => {
            let (kode, pesan, message) = match e {
                GagalSaksi::Terpotong { saksi, kini } => (
                    "SAKSI-TERPOTONG",
                    format!(
                        "saksi menyimpan log berisi {saksi} peristiwa, log kini hanya {kini}: peristiwa terakhir (beserta checkpointnya) terpotong"
                    ),
                    format!(
                        "the witness kept a log of {saksi} events, the log now holds {kini}: its last events (with their checkpoints) were cut off"
                    ),
                ),
                GagalSaksi::Beda { ukuran } => (
                    "SAKSI-BEDA",
                    format!(
                        "{ukuran} peristiwa pertama log kini bukan yang disaksikan: bukti konsistensi RFC 9162 gagal"
                    ),
                    format!(
                        "the first {ukuran} events of today's log are not those witnessed: the RFC 9162 consistency proof fails"
                    ),
                ),
            };
            laporan.masalah.push(padan_store::Masalah {
                kode,
                seq: None,
                batch: None,
                pesan,
                message,
            });
            None
        }
    };
    if !laporan.utuh() {
        // New writes wait for an operator's acknowledgement. The codes are
        // what the acknowledgement will have to answer.
        let kode: std::collections::BTreeSet<&str> =
            laporan.masalah.iter().map(|m| m.kode).collect();
        let kode: Vec<&str> = kode.into_iter().collect();
        let _ = g.tandai_gagal(&format!(
            "{} {}",
            padan_store::waktu_sekarang(),
            kode.join(",")
        ));
    }
    Ok(HasilVerifikasi {
        laporan,
        saksi,
        tempat_log: g.tempat_log_checkpoint(),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilPengakuan {
    /// The acknowledgement's event; `None`: nothing was to acknowledge.
    pub peristiwa: Option<i64>,
    pub diakui: Option<String>,
}

/// `padan acknowledge`: an operator has looked at a failed verification;
/// the acknowledgement, with its reason and the problems it answers, is a
/// batch with one event of its own, and writes are accepted again.
pub fn akui(r: &Ruang, alasan: &str, operator: &str) -> Result<HasilPengakuan, Galat> {
    if alasan.trim().is_empty() {
        return Err(Galat::baru(
            "--reason wajib diisi: tuliskan apa yang diperiksa dan tindakannya",
            "--reason is required: say what was checked and what was done",
        )
        .misuse());
    }
    let mut g = r.buka_tulis()?;
    crate::izin::periksa(&*g, operator, crate::izin::Aksi::Akui, &[])?;
    let Some(gagal) = g.gagal_verifikasi()? else {
        return Ok(HasilPengakuan {
            peristiwa: None,
            diakui: None,
        });
    };
    let seq = g.akui_gagal(operator, alasan, &gagal)?;
    Ok(HasilPengakuan {
        peristiwa: Some(seq),
        diakui: Some(gagal),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilBangunUlang {
    pub pemilih: u64,
    pub detik: f64,
    pub sidik_sebelum: String,
    pub sidik_sesudah: String,
    pub sama: bool,
}

/// `padan rebuild`: the voter table again from the log alone.
pub fn bangun_ulang(r: &Ruang) -> Result<HasilBangunUlang, Galat> {
    let mut g = r.buka()?;
    let sebelum = g.sidik_proyeksi()?;
    let mulai = std::time::Instant::now();
    let n = g.bangun_ulang_proyeksi()?;
    let detik = mulai.elapsed().as_secs_f64();
    let sesudah = g.sidik_proyeksi()?;
    Ok(HasilBangunUlang {
        pemilih: n,
        detik,
        sama: sebelum == sesudah,
        sidik_sebelum: sebelum,
        sidik_sesudah: sesudah,
    })
}

/// What `padan synth` makes.
#[derive(Debug, Clone)]
pub struct OpsiSynth {
    pub wilayah: String,
    pub pemilih: Option<u64>,
    pub seed: u64,
    pub keluar: PathBuf,
    /// A full region list for regions beyond the built-in one.
    pub daftar_wilayah: Option<PathBuf>,
    /// The share of register rows with defects an import must reject.
    pub cacat: f64,
    /// Noise in the DP4, `KIND=RATE` each (`--noise`).
    pub derau: Vec<String>,
    /// Household sizes multiplied by this.
    pub ukuran_kk: f64,
    /// The share of each name pool drawn from.
    pub kolam_nama: f64,
}

/// `padan synth`: a synthetic register, update set and ground truth.
pub fn synth(o: &OpsiSynth, k: &dyn Kemajuan) -> Result<padan_synth::Ringkasan, Galat> {
    if !(0.0..=1.0).contains(&o.cacat) {
        return Err(Galat::baru(
            "--defects harus antara 0 dan 1",
            "--defects must be between 0 and 1",
        ));
    }
    let mut cfg = padan_synth::Konfigurasi::baru(&o.wilayah, o.pemilih, o.seed);
    for d in &o.derau {
        cfg.derau.atur(d).map_err(|e| {
            Galat::baru(
                format!("--noise {e}"),
                format!("--noise {e} (KIND=RATE, RATE 0–1)"),
            )
            .misuse()
        })?;
    }
    if !(o.ukuran_kk > 0.0 && o.ukuran_kk <= 5.0) {
        return Err(Galat::baru(
            "--household-scale harus lebih dari 0 dan paling besar 5",
            "--household-scale must be above 0 and at most 5",
        )
        .misuse());
    }
    if !(o.kolam_nama > 0.0 && o.kolam_nama <= 1.0) {
        return Err(Galat::baru(
            "--name-pool harus lebih dari 0 dan paling besar 1",
            "--name-pool must be above 0 and at most 1",
        )
        .misuse());
    }
    cfg.ukuran_kk = o.ukuran_kk;
    cfg.kolam_nama = o.kolam_nama;
    let w = muat_wilayah(o.daftar_wilayah.as_deref())?;
    cfg.cacat = o.cacat;
    k.mulai("synth", "pemilih");
    let r = padan_synth::buat(&cfg, &w, &o.keluar, |n, _| k.maju(n))?;
    k.selesai();
    Ok(r)
}

/// One validation rule, as `padan rules` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Aturan {
    pub kode: &'static str,
    pub id: &'static str,
    pub en: &'static str,
}

/// `padan rules`: every rule code with its description.
pub fn aturan() -> Vec<Aturan> {
    padan_core::Kode::SEMUA
        .iter()
        .map(|k| Aturan {
            kode: k.as_str(),
            id: k.id(),
            en: k.en(),
        })
        .collect()
}

/// `padan checkpoint export --out FILE`: the whole log's tree head as a
/// C2SP signed note, for Bawaslu and the parties to keep.
pub fn ekspor_saksi(r: &Ruang, keluar: &Path) -> Result<String, Galat> {
    let mut g = r.buka_tulis()?;
    let teks = g.catatan_saksi()?;
    padan_io::atomik::tulis(keluar, teks.as_bytes())?;
    Ok(teks)
}
