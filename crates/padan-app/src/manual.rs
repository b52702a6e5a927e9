//! Changes by hand: `add`, `edit`, `tms`. Each is its own batch, under the
//! same rules as an import's register rows, with a reason and a document.

use crate::baca::{Riwayat, satu_pemilih};
use crate::galat::Galat;
use crate::impor::perubahan_ubah;
use crate::izin::Aksi;
use crate::ruang::Ruang;
use crate::tanggal::tanggal_berlaku;
use padan_core::pemilih::{Elemen, Mentah};
use padan_core::validasi::{self, KEBIJAKAN_DAFTAR, Konteks};
use padan_core::{KodeTms, TemuanAturan, Wilayah, masker};
use padan_store::{InfoBatch, Keadaan, Perubahan, RingkasanBatch, Toko, TulisBatch, tampil_id};

use serde::Serialize;
use std::path::Path;

/// Who changes what, why, from which document.
#[derive(Debug, Clone)]
pub struct OpsiPerubahan {
    pub alasan: String,
    /// A file's path (stored and hashed) or a document's number or name.
    pub dokumen: String,
    /// The effective date as given (default today).
    pub berlaku: Option<String>,
    pub operator: String,
}

/// A change recorded by hand.
#[derive(Debug, Clone, Serialize)]
pub struct HasilManual {
    pub id_pemilih: String,
    pub peristiwa: i64,
    pub keadaan: Option<Keadaan>,
    /// The voter's chronology after the change (shown as text).
    #[serde(skip)]
    pub riwayat: Riwayat,
    /// `add --allow-duplicate-nik`: the voters that already hold the NIK.
    #[serde(skip)]
    pub juga_terdaftar: Vec<i64>,
}

/// `ELEMENT=VALUE` arguments into a raw record; the elements named.
pub fn urai_elemen(args: &[String], m: &mut Mentah) -> Result<Vec<Elemen>, Galat> {
    let mut out = vec![];
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            return Err(Galat::baru(
                format!("'{a}' bukan ELEMEN=NILAI"),
                format!("'{a}' is not ELEMENT=VALUE"),
            ));
        };
        let e = padan_io::kolom::elemen_dari_judul(k)
            .filter(|e| Elemen::PEMILIH.contains(e) && *e != Elemen::Keterangan)
            .ok_or_else(|| {
                let nama = Elemen::PEMILIH
                    .iter()
                    .filter(|e| **e != Elemen::Keterangan)
                    .map(|e| e.nama())
                    .collect::<Vec<_>>()
                    .join(", ");
                Galat::baru(
                    format!("elemen '{k}' tidak dikenal; pilih salah satu: {nama}"),
                    format!("unknown element '{k}'; use one of: {nama}"),
                )
            })?;
        if out.contains(&e) {
            return Err(Galat::baru(
                format!(
                    "elemen '{}' diberikan dua kali; berikan sekali saja",
                    e.nama()
                ),
                format!("element '{}' is given twice; give it once", e.nama()),
            )
            .misuse());
        }
        m.set(e, v);
        out.push(e);
    }
    Ok(out)
}

/// A change's document: a file is stored and hashed (a symbolic link to
/// one is refused, as on import); anything else is a document's name or
/// number.
pub(crate) fn dokumen_dasar(
    g: &dyn Toko,
    dokumen: &str,
) -> Result<Option<padan_store::DokumenTersimpan>, Galat> {
    if std::fs::symlink_metadata(dokumen).is_ok_and(|m| m.is_file() || m.file_type().is_symlink()) {
        padan_io::baca::periksa_berkas(Path::new(dokumen))?;
        Ok(Some(g.simpan_dokumen(Path::new(dokumen))?))
    } else {
        Ok(None)
    }
}

/// A record by hand under the same rules as an import's register rows;
/// refused with every error, or the record with its warning codes.
pub(crate) fn periksa_mentah(
    g: &dyn Toko,
    wilayah: &Wilayah,
    berlaku: chrono::NaiveDate,
    m: &Mentah,
) -> Result<(padan_core::Pemilih, Vec<String>), Galat> {
    let ctx = Konteks {
        wilayah,
        kantor: g.kantor(),
        tanggal_acuan: berlaku,
        hari_ini: g.hari_ini(),
    };
    let mut temuan = vec![];
    match validasi::periksa_pemilih(m, &ctx, KEBIJAKAN_DAFTAR, &mut temuan) {
        Some(p) => Ok((p, temuan.iter().map(|x| x.kode.to_string()).collect())),
        None => Err(tolak_temuan(&temuan)),
    }
}

struct Manual {
    g: Box<dyn Toko>,
    info: InfoBatch,
    wilayah: Wilayah,
}

fn buka_manual(r: &Ruang, p: &OpsiPerubahan) -> Result<Manual, Galat> {
    if p.alasan.trim().is_empty() || p.dokumen.trim().is_empty() {
        return Err(Galat::baru(
            "--reason dan --document wajib diisi: setiap perubahan punya alasan dan dokumen dasar",
            "--reason and --document are required: every change has a reason and a document",
        ));
    }
    let g = r.buka_tulis()?;
    let berkas = dokumen_dasar(&*g, &p.dokumen)?;
    let info = InfoBatch {
        jenis: padan_core::JenisBatch::Manual,
        sumber: format!("perubahan manual oleh {}", p.operator),
        dokumen: p.dokumen.clone(),
        berkas,
        berlaku: tanggal_berlaku(p.berlaku.as_deref(), g.kantor())?,
        operator: p.operator.clone(),
        alasan: p.alasan.clone(),
        tolak_dokumen_sama: false,
    };
    let wilayah = g.wilayah()?;
    Ok(Manual { g, info, wilayah })
}

impl Manual {
    /// The same rules as an import's register rows; refused with every
    /// error, or the record with its warning codes.
    fn periksa(&self, m: &Mentah) -> Result<(padan_core::Pemilih, Vec<String>), Galat> {
        periksa_mentah(&*self.g, &self.wilayah, self.info.berlaku, m)
    }

    /// One manual change as its own batch: `f` writes its event and returns
    /// (voter, sequence number).
    fn catat(
        &mut self,
        f: impl FnOnce(&mut dyn TulisBatch) -> Result<(i64, i64), padan_store::GalatStore>,
    ) -> Result<(i64, i64), Galat> {
        let mut b = self.g.mulai_batch(self.info.clone())?;
        let hasil = f(&mut *b)?;
        b.selesai(RingkasanBatch::semua_diterima(1))?;
        Ok(hasil)
    }

    fn hasil(&self, id: i64, seq: i64) -> Result<HasilManual, Galat> {
        let riwayat = crate::baca::riwayat_dari(&*self.g, id)?;
        Ok(HasilManual {
            id_pemilih: tampil_id(id),
            peristiwa: seq,
            keadaan: Some(riwayat.keadaan.clone()),
            riwayat,
            juga_terdaftar: vec![],
        })
    }
}

fn tolak_temuan(temuan: &[TemuanAturan]) -> Galat {
    let g: Vec<&TemuanAturan> = temuan.iter().filter(|x| x.is_galat()).collect();
    Galat::baru(
        format!(
            "ditolak: {}",
            g.iter()
                .map(|x| format!("[{}] {}", x.kode, x.pesan))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!(
            "refused: {}",
            g.iter()
                .map(|x| format!("[{}] {}", x.kode, x.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    )
}

/// `padan add`. A NIK already on the register is refused (the check is
/// made under the write lock): an operator who adds a voter twice would
/// otherwise create a duplicate the next matching run must find. Where the
/// same NIK really is given to two people (a Dukcapil error),
/// `izinkan_ganda` records it with the warning `NIK-SUDAH-TERDAFTAR`.
pub fn tambah(
    r: &Ruang,
    args: &[String],
    p: &OpsiPerubahan,
    izinkan_ganda: bool,
) -> Result<HasilManual, Galat> {
    let mut mn = buka_manual(r, p)?;
    let mut m = Mentah::default();
    urai_elemen(args, &mut m)?;
    let (pem, mut w) = mn.periksa(&m)?;
    crate::izin::periksa(&*mn.g, &p.operator, Aksi::Ubah, &[&pem.kode_desa])?;
    let nik = pem.nik.clone();
    let mut ada_ganda = vec![];
    let (id, _) = mn.catat(|b| {
        let ada = b.cari_nik(&nik)?;
        if !ada.is_empty() {
            if !izinkan_ganda {
                return Err(padan_store::GalatStore::NikTerdaftar {
                    nik: masker::nik(&nik),
                    ids: padan_store::tampil_ids(&ada),
                });
            }
            w.push("NIK-SUDAH-TERDAFTAR".into());
            ada_ganda = ada;
        }
        let id = b.daftar(pem, w, None, None)?;
        Ok((id, 0))
    })?;
    let seq = mn.g.jumlah_peristiwa()?;
    let mut h = mn.hasil(id, seq)?;
    h.juga_terdaftar = ada_ganda;
    Ok(h)
}

/// `padan edit`.
pub fn ubah(
    r: &Ruang,
    kunci: &str,
    args: &[String],
    p: &OpsiPerubahan,
) -> Result<HasilManual, Galat> {
    let mut mn = buka_manual(r, p)?;
    let id = satu_pemilih(&*mn.g, kunci)?;
    let Some(lama) = mn.g.keadaan(id)? else {
        return Err(Galat::baru("pemilih tidak ada", "voter does not exist"));
    };
    crate::izin::periksa(&*mn.g, &p.operator, Aksi::Ubah, &[&lama.pemilih.kode_desa])?;
    let mut m = lama.pemilih.mentah();
    urai_elemen(args, &mut m)?;
    let (baru, w) = mn.periksa(&m)?;
    let beda: Vec<_> = lama.pemilih.beda(&baru);
    if beda.is_empty() {
        return Err(Galat::baru(
            "tidak ada yang berubah: nilai baru sama dengan yang tercatat",
            "nothing changes: the new values equal the recorded ones",
        ));
    }
    let (_, seq) = mn.catat(|b| Ok((id, b.ubah(id, &perubahan_ubah(beda, w), None, None)?)))?;
    mn.hasil(id, seq)
}

/// `padan tms`.
pub fn tms(r: &Ruang, kunci: &str, code: u8, p: &OpsiPerubahan) -> Result<HasilManual, Galat> {
    let kode = KodeTms::try_from(code).map_err(|_| {
        Galat::baru(
            format!("kode TMS {code} tidak dikenal; pakai 1–8"),
            format!("unknown TMS code {code}; use 1–8"),
        )
    })?;
    let mut mn = buka_manual(r, p)?;
    let id = satu_pemilih(&*mn.g, kunci)?;
    let desa =
        mn.g.keadaan(id)?
            .map(|k| k.pemilih.kode_desa)
            .unwrap_or_default();
    crate::izin::periksa(&*mn.g, &p.operator, Aksi::Ubah, &[&desa])?;
    if mn.g.keadaan(id)?.is_some_and(|s| s.kode_tms == Some(kode)) {
        return Err(Galat::baru(
            format!("{} sudah TMS {}", tampil_id(id), kode.angka()),
            format!("{} is already TMS {}", tampil_id(id), kode.angka()),
        ));
    }
    let (_, seq) = mn.catat(|b| Ok((id, b.ubah(id, &Perubahan::Tms { kode }, None, None)?)))?;
    mn.hasil(id, seq)
}
