//! Public reports brought in on paper (Formulir Model A-Tanggapan, through
//! the PPS): each opens a case in the review queue, with its own receipt
//! number and chronology. The web form (#9) calls the same use case.

use crate::galat::Galat;
use crate::izin::{self, Aksi};
use crate::manual::dokumen_dasar;
use crate::ruang::Ruang;
use padan_core::{JenisBatch, JenisTanggapan, masker};
use padan_store::tindak::{IsiTanggapan, Nomoran, kunci_tanggapan};
use padan_store::{InfoBatch, Perubahan, RingkasanBatch};
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

/// `padan tanggapan add`.
pub fn tambah(r: &Ruang, o: &OpsiTanggapan) -> Result<HasilTanggapan, Galat> {
    if o.teks.trim().is_empty() || o.dokumen.trim().is_empty() {
        return Err(Galat::baru(
            "--text dan --document wajib diisi: isi tanggapan dan formulirnya",
            "--text and --document are required: the report and its form",
        )
        .misuse());
    }
    let nik = padan_core::nik::bersihkan(&o.nik);
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
    if let Some((id, en)) = salah {
        return Err(Galat::baru(
            format!("NIK '{}' ditolak: {id}", masker::nik(&nik)),
            format!("NIK '{}' refused: {en}", masker::nik(&nik)),
        ));
    }
    let mut g = r.buka_tulis()?;
    izin::periksa(&*g, &o.operator, Aksi::Tanggapan, &[])?;
    let ids = g.cari(&nik)?;
    // The active voter with the NIK, or else the last one (a TMS voter a
    // report asks to restore).
    let mut pemilih = None;
    for id in &ids {
        let k = g.keadaan(*id)?;
        if pemilih.is_none() || k.as_ref().is_some_and(|k| k.aktif) {
            pemilih = k.map(|k| (*id, k));
        }
    }
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
    let desa = pemilih
        .as_ref()
        .map(|(_, k)| k.pemilih.kode_desa.clone())
        .unwrap_or_default();
    if !desa.is_empty() {
        izin::periksa(&*g, &o.operator, Aksi::Tanggapan, &[&desa])?;
    }
    let berkas = dokumen_dasar(&*g, &o.dokumen)?;
    let berlaku = g.hari_ini();
    let mut b = g.mulai_batch(InfoBatch {
        jenis: JenisBatch::Tanggapan,
        sumber: format!("tanggapan masyarakat ({})", o.jenis),
        dokumen: o.dokumen.clone(),
        berkas,
        berlaku,
        operator: o.operator.clone(),
        alasan: format!("tanggapan masyarakat {}", o.jenis),
        tolak_dokumen_sama: false,
    })?;
    let nomor = b.nomor_berikut(Nomoran::Tanggapan)?;
    let id = pemilih.as_ref().map(|(id, _)| *id);
    let seq = b.catat(
        id,
        &Perubahan::Tanggapan(Box::new(IsiTanggapan {
            nomor,
            jenis: o.jenis,
            nik: nik.clone(),
            teks: o.teks.trim().to_owned(),
            pemilih: id,
            kode_desa: desa,
        })),
        None,
    )?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok(HasilTanggapan {
        nomor: kunci_tanggapan(nomor),
        jenis: o.jenis,
        nik_samar: masker::nik(&nik),
        pemilih: id.map(padan_store::tampil_id),
        peristiwa: seq,
        dicatat: padan_store::waktu_sekarang(),
    })
}
