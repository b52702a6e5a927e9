//! Public reports brought in on paper (Formulir Model A-Tanggapan, through
//! the PPS): each opens a case in the review queue, with its own receipt
//! number and chronology. The web form (#9) calls the same use case.

use crate::galat::Galat;
use crate::izin::{self, Aksi};
use crate::manual::dokumen_dasar;
use crate::ruang::Ruang;
use padan_core::{JenisBatch, JenisTanggapan, masker};
use padan_store::tindak::{IsiTanggapan, Nomoran, kunci_tanggapan};
use padan_store::{InfoBatch, Keadaan, Perubahan, RingkasanBatch, Toko};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct OpsiTanggapan {
    pub jenis: JenisTanggapan,
    pub nik: String,
    pub teks: String,
    pub dokumen: String,
    pub operator: String,
}

/// The receipt.
#[derive(Debug, Clone, Serialize)]
pub struct HasilTanggapan {
    /// `TG-00000001`: the receipt number, also the case in the queue.
    pub nomor: String,
    pub jenis: JenisTanggapan,
    pub nik_samar: String,
    /// The voter the NIK names, if on the register.
    pub pemilih: Option<String>,
    pub peristiwa: i64,
    pub dicatat: String,
}

/// The reported NIK, cleaned, or why it cannot be a person's (a structural
/// refusal: it says nothing of whether the NIK is on the register).
fn nik_laporan(raw: &str) -> Result<String, Galat> {
    let nik = padan_core::nik::bersihkan(raw);
    use padan_core::nik::GalatStruktur as G;
    let salah = match padan_core::Nik::urai(&nik) {
        Ok(_) => None,
        Err(G::Placeholder) => Some((
            "NIK pengganti (placeholder), bukan NIK seseorang",
            "a placeholder, not a person's NIK",
        )),
        Err(G::Kosong) => Some(("NIK kosong", "the NIK is empty")),
        Err(_) => Some(("NIK harus 16 angka", "a NIK is 16 digits")),
    };
    match salah {
        Some((id, en)) => Err(Galat::baru(
            format!("NIK '{}' ditolak: {id}", masker::nik(&nik)),
            format!("NIK '{}' refused: {en}", masker::nik(&nik)),
        )),
        None => Ok(nik),
    }
}

/// The active voter with the NIK, or else the last one (a TMS voter a
/// report asks to restore).
fn pemilih_nik(g: &dyn Toko, nik: &str) -> Result<Option<(i64, Keadaan)>, Galat> {
    let mut pemilih = None;
    for id in g.cari(nik)? {
        let k = g.keadaan(id)?;
        if pemilih.is_none() || k.as_ref().is_some_and(|k| k.aktif) {
            pemilih = k.map(|k| (id, k));
        }
    }
    Ok(pemilih)
}

/// What a report's batch records.
struct Catatan<'a> {
    jenis: JenisTanggapan,
    nik: &'a str,
    teks: &'a str,
    dokumen: &'a str,
    berkas: Option<padan_store::DokumenTersimpan>,
    operator: &'a str,
}

/// Writes a report as its own batch: the event opens case `TG-…` in the
/// review queue. Returns the report's number and the event.
fn catat(
    g: &mut dyn Toko,
    c: Catatan<'_>,
    pemilih: Option<(i64, Keadaan)>,
) -> Result<(i64, i64, Option<i64>), Galat> {
    let desa = pemilih
        .as_ref()
        .map(|(_, k)| k.pemilih.kode_desa.clone())
        .unwrap_or_default();
    let berlaku = g.hari_ini();
    let mut b = g.mulai_batch(InfoBatch {
        jenis: JenisBatch::Tanggapan,
        sumber: format!("tanggapan masyarakat ({})", c.jenis),
        dokumen: c.dokumen.to_owned(),
        berkas: c.berkas,
        berlaku,
        operator: c.operator.to_owned(),
        alasan: format!("tanggapan masyarakat {}", c.jenis),
        tolak_dokumen_sama: false,
    })?;
    let nomor = b.nomor_berikut(Nomoran::Tanggapan)?;
    let id = pemilih.as_ref().map(|(id, _)| *id);
    let seq = b.catat(
        id,
        &Perubahan::Tanggapan(Box::new(IsiTanggapan {
            nomor,
            jenis: c.jenis,
            nik: c.nik.to_owned(),
            teks: c.teks.trim().to_owned(),
            pemilih: id,
            kode_desa: desa,
        })),
        None,
    )?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok((nomor, seq, id))
}

/// `padan tanggapan add`.
pub fn tambah(r: &Ruang, o: &OpsiTanggapan) -> Result<HasilTanggapan, Galat> {
    if o.teks.trim().is_empty() || o.dokumen.trim().is_empty() {
        return Err(Galat::baru(
            "--text dan --document wajib diisi: isi tanggapan dan formulirnya",
            "--text and --document are required: the report and its form",
        )
        .misuse());
    }
    let nik = nik_laporan(&o.nik)?;
    let mut g = r.buka_tulis()?;
    izin::periksa(&*g, &o.operator, Aksi::Tanggapan, &[])?;
    let pemilih = pemilih_nik(&*g, &nik)?;
    if pemilih.is_none() && o.jenis != JenisTanggapan::BelumTerdaftar {
        return Err(Galat::baru(
            format!(
                "NIK {} tidak ada di daftar; tanggapan {} menyangkut pemilih terdaftar (untuk penduduk yang belum terdaftar pakai --type belum-terdaftar)",
                masker::nik(&nik),
                o.jenis
            ),
            format!(
                "NIK {} is not on the register; a report of kind {} is about a registered voter (for a resident not registered use --type belum-terdaftar)",
                masker::nik(&nik),
                o.jenis
            ),
        ));
    }
    if let Some((_, k)) = &pemilih {
        izin::periksa(&*g, &o.operator, Aksi::Tanggapan, &[&k.pemilih.kode_desa])?;
    }
    let berkas = dokumen_dasar(&*g, &o.dokumen)?;
    let (nomor, seq, id) = catat(
        &mut *g,
        Catatan {
            jenis: o.jenis,
            nik: &nik,
            teks: &o.teks,
            dokumen: &o.dokumen,
            berkas,
            operator: &o.operator,
        },
        pemilih,
    )?;
    Ok(HasilTanggapan {
        nomor: kunci_tanggapan(nomor),
        jenis: o.jenis,
        nik_samar: masker::nik(&nik),
        pemilih: id.map(padan_store::tampil_id),
        peristiwa: seq,
        dicatat: padan_store::waktu_sekarang(),
    })
}

/// The name the public channel signs its batches with: a report from the
/// web has no operator; it is the citizen's, received by the service.
pub const OPERATOR_PUBLIK: &str = "publik:web";

/// Longest report text the web form takes.
pub const MAKS_TEKS: usize = 2000;

/// A report from the public web form (`/tanggapan`).
#[derive(Debug, Clone)]
pub struct LaporanPublik {
    pub jenis: JenisTanggapan,
    pub nik: String,
    pub teks: String,
}

/// The citizen's receipt: the report's number with a check code, so that
/// only its holder can look its state up (numbers are sequential; the code
/// is not guessable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TandaTerima {
    /// `TG-00000007-3F9A1C2B`.
    pub tanda: String,
    pub jenis: JenisTanggapan,
    pub dicatat: String,
}

fn kode_periksa(rahasia: &[u8], nomor: i64) -> String {
    crate::cek::sidik(rahasia, &format!("tanda-terima:{}", kunci_tanggapan(nomor)))
        .get(..8)
        .unwrap_or_default()
        .to_ascii_uppercase()
}

/// `TG-00000007-3F9A1C2B` → 7, when its code is right.
fn urai_tanda(rahasia: &[u8], tanda: &str) -> Option<i64> {
    let t = tanda.trim().to_ascii_uppercase();
    let (kunci, kode) = t.rsplit_once('-')?;
    let nomor = padan_store::tindak::urai_tanggapan(kunci)?;
    (kode == kode_periksa(rahasia, nomor)).then_some(nomor)
}

/// A report from the web: recorded as a case like a paper one, whether or
/// not the NIK is on the register (the answer must not tell), signed by
/// [`OPERATOR_PUBLIK`]. Refused only for what the citizen can fix: an
/// empty or too long text, a NIK that cannot be a person's.
pub fn dari_publik(
    r: &Ruang,
    rahasia: &[u8],
    o: &LaporanPublik,
) -> Result<TandaTerima, GagalPublik> {
    let teks = o.teks.trim();
    if teks.is_empty() {
        return Err(GagalPublik::Isian(Galat::baru(
            "isi tanggapan kosong; tuliskan apa yang perlu diperbaiki",
            "the report is empty; write what needs correcting",
        )));
    }
    if teks.chars().count() > MAKS_TEKS {
        return Err(GagalPublik::Isian(Galat::baru(
            format!("isi tanggapan lebih dari {MAKS_TEKS} huruf; ringkaskan"),
            format!("the report is longer than {MAKS_TEKS} characters; shorten it"),
        )));
    }
    let nik = nik_laporan(&o.nik).map_err(GagalPublik::Isian)?;
    catat_publik(r, rahasia, o.jenis, &nik, teks).map_err(GagalPublik::Layanan)
}

/// Why a web report was not recorded.
#[derive(Debug)]
pub enum GagalPublik {
    /// Something the citizen can fix, said to them.
    Isian(Galat),
    /// The service's own failure (the store, the key): logged, not shown.
    Layanan(Galat),
}

fn catat_publik(
    r: &Ruang,
    rahasia: &[u8],
    jenis: JenisTanggapan,
    nik: &str,
    teks: &str,
) -> Result<TandaTerima, Galat> {
    let mut g = r.buka_tulis()?;
    let pemilih = pemilih_nik(&*g, nik)?;
    let (nomor, _, _) = catat(
        &mut *g,
        Catatan {
            jenis,
            nik,
            teks,
            // The web submission is the document; no file is named, so
            // nothing a citizen types is ever read as a path.
            dokumen: "formulir tanggapan masyarakat daring (web)",
            berkas: None,
            operator: OPERATOR_PUBLIK,
        },
        pemilih,
    )?;
    Ok(TandaTerima {
        tanda: format!(
            "{}-{}",
            kunci_tanggapan(nomor),
            kode_periksa(rahasia, nomor)
        ),
        jenis,
        dicatat: padan_store::waktu_sekarang(),
    })
}

/// What the holder of a receipt may learn: the kind and where the case
/// stands, nothing of the voter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusPublik {
    pub tanda: String,
    pub jenis: JenisTanggapan,
    pub status: padan_core::StatusKasus,
    /// A removal decided and waiting for its second signature.
    pub menunggu: bool,
}

/// The state of a report by its receipt; `None` for a receipt that is not
/// one (a wrong code and an unknown number read alike).
pub fn status_publik(
    g: &dyn Toko,
    rahasia: &[u8],
    tanda: &str,
) -> Result<Option<StatusPublik>, Galat> {
    let Some(nomor) = urai_tanda(rahasia, tanda) else {
        return Ok(None);
    };
    let (Some(t), Some(k)) = (g.tanggapan(nomor)?, g.kasus(&kunci_tanggapan(nomor))?) else {
        return Ok(None);
    };
    Ok(Some(StatusPublik {
        tanda: tanda.trim().to_ascii_uppercase(),
        jenis: t.isi.jenis,
        status: k.status,
        menunggu: k.menunggu,
    }))
}
