//! Who may do what, on which regions: operators and their roles
//! (`padan operator add`), and the one check every acting use case makes.
//!
//! | role | may |
//! |---|---|
//! | operator | import, change by hand, run the matching, decide, record reports, undo |
//! | verifikator | approve removals decided by someone else; decide; undo |
//! | ketua | close periods, register operators, acknowledge a failed verification; undo |
//! | auditor | read everything, change nothing |
//!
//! A workspace with no operator registered yet keeps working as before for
//! imports, changes by hand and runs (the name given is recorded as is);
//! the follow-up (decide, approve, undo, reports, periods) needs registered
//! operators from the start, and the first operator registered must be a
//! ketua, who registers the rest.

use crate::galat::Galat;
use crate::ruang::Ruang;
use padan_core::{Peran, Wilayah};
use padan_store::tindak::{BacaTindak, InfoOperator};
use padan_store::{InfoBatch, Perubahan, RingkasanBatch};
use serde::Serialize;

/// What an acting use case is about to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aksi {
    Impor,
    Ubah,
    Padan,
    Putus,
    Setujui,
    Batal,
    Tanggapan,
    TutupPeriode,
    KelolaOperator,
    Akui,
}

impl Aksi {
    fn nama(self) -> (&'static str, &'static str) {
        match self {
            Aksi::Impor => ("mengimpor", "import"),
            Aksi::Ubah => ("mengubah data pemilih", "change voter data"),
            Aksi::Padan => ("menjalankan pemadanan", "run the matching"),
            Aksi::Putus => ("memutus temuan", "decide findings"),
            Aksi::Setujui => ("menyetujui pencoretan", "approve removals"),
            Aksi::Batal => ("membatalkan keputusan", "undo decisions"),
            Aksi::Tanggapan => ("mencatat tanggapan masyarakat", "record public reports"),
            Aksi::TutupPeriode => ("menutup periode", "close periods"),
            Aksi::KelolaOperator => ("mendaftarkan operator", "register operators"),
            Aksi::Akui => (
                "mengakui verifikasi gagal",
                "acknowledge a failed verification",
            ),
        }
    }

    /// The follow-up's own actions: they need registered operators even in
    /// a workspace that has none yet.
    fn tindak_lanjut(self) -> bool {
        matches!(
            self,
            Aksi::Putus | Aksi::Setujui | Aksi::Batal | Aksi::Tanggapan | Aksi::TutupPeriode
        )
    }
}

/// Whether a role may do an action.
pub fn boleh(peran: Peran, aksi: Aksi) -> bool {
    use Aksi as A;
    match peran {
        Peran::Operator => matches!(
            aksi,
            A::Impor | A::Ubah | A::Padan | A::Putus | A::Tanggapan | A::Batal
        ),
        // A verifikator may also decide (small offices have few hands);
        // four eyes still hold: no one approves their own decision.
        Peran::Verifikator => matches!(aksi, A::Putus | A::Setujui | A::Batal),
        Peran::Ketua => matches!(
            aksi,
            A::TutupPeriode | A::KelolaOperator | A::Akui | A::Batal
        ),
        Peran::Auditor => false,
    }
}

fn peran_yang_boleh(aksi: Aksi) -> String {
    Peran::SEMUA
        .iter()
        .filter(|p| boleh(**p, aksi))
        .map(|p| p.nama())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that `nama` may do `aksi` on voters of the desa in `desa` (none:
/// no voter yet). Returns the registered operator, or `None` in a workspace
/// without operators where the action does not need one. The refusal names
/// what is wrong: an unknown operator, the role, or the region.
pub fn periksa(
    g: &dyn BacaTindak,
    nama: &str,
    aksi: Aksi,
    desa: &[&str],
) -> Result<Option<InfoOperator>, Galat> {
    let (apa, what) = aksi.nama();
    let Some(op) = g.operator(nama)? else {
        if !aksi.tindak_lanjut() && g.daftar_operator()?.is_empty() {
            return Ok(None);
        }
        return Err(Galat::baru(
            format!(
                "operator '{nama}' tidak terdaftar; daftarkan dengan padan operator add {nama} --role … --region … (oleh ketua), lalu ulangi dengan --operator {nama}"
            ),
            format!(
                "operator '{nama}' is not registered; register it with padan operator add {nama} --role … --region … (by a ketua), then retry with --operator {nama}"
            ),
        ));
    };
    if !boleh(op.peran, aksi) {
        return Err(Galat::baru(
            format!(
                "operator '{nama}' berperan {} dan tidak boleh {apa}; yang boleh: {}",
                op.peran,
                peran_yang_boleh(aksi)
            ),
            format!(
                "operator '{nama}' has the role {} and may not {what}; roles that may: {}",
                op.peran,
                peran_yang_boleh(aksi)
            ),
        ));
    }
    for d in desa {
        if !op.boleh_wilayah(d) {
            return Err(Galat::baru(
                format!(
                    "pemilih di wilayah {d} berada di luar wilayah operator '{nama}' ({})",
                    op.wilayah.join(", ")
                ),
                format!(
                    "the voter in region {d} lies outside the regions of operator '{nama}' ({})",
                    op.wilayah.join(", ")
                ),
            ));
        }
    }
    Ok(Some(op))
}

/// `padan operator add`.
#[derive(Debug, Clone)]
pub struct OpsiOperator {
    pub nama: String,
    pub peran: Peran,
    pub wilayah: Vec<String>,
    /// Who registers: a ketua (anyone for the first operator, which must
    /// then be a ketua).
    pub oleh: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilOperator {
    pub operator: InfoOperator,
    pub peristiwa: i64,
}

/// `padan operator add NAME --role R --region CODE…`: an event.
pub fn tambah(r: &Ruang, o: &OpsiOperator) -> Result<HasilOperator, Galat> {
    let nama = o.nama.trim();
    if nama.is_empty() || nama.chars().any(|c| c.is_control()) {
        return Err(Galat::baru(
            "nama operator kosong atau berisi karakter kendali",
            "the operator name is empty or holds control characters",
        )
        .misuse());
    }
    if o.wilayah.is_empty() {
        return Err(Galat::baru(
            "sebutkan sekurang-kurangnya satu --region (mis. 35.79 untuk seluruh Kota Batu)",
            "give at least one --region (e.g. 35.79 for all of Kota Batu)",
        )
        .misuse());
    }
    let mut g = r.buka_tulis()?;
    let w = g.wilayah()?;
    let mut wilayah = vec![];
    for k in &o.wilayah {
        wilayah.push(kode_wilayah(&w, k, g.kantor())?);
    }
    let hari = g.hari_ini();
    let mut b = g.mulai_batch(InfoBatch {
        jenis: padan_core::JenisBatch::Operator,
        sumber: format!("pendaftaran operator oleh {}", o.oleh),
        dokumen: String::new(),
        berkas: None,
        berlaku: hari,
        operator: o.oleh.clone(),
        alasan: format!("operator {nama} berperan {}", o.peran),
        tolak_dokumen_sama: false,
    })?;
    // Under the write lock: who may register whom.
    let ada = b.daftar_operator()?;
    if ada.is_empty() {
        if o.peran != Peran::Ketua {
            return Err(Galat::baru(
                "operator pertama harus ketua (--role ketua): ketua mendaftarkan operator lainnya",
                "the first operator must be a ketua (--role ketua): the ketua registers the others",
            ));
        }
    } else {
        periksa(&*b, &o.oleh, Aksi::KelolaOperator, &[])?;
    }
    let p = Perubahan::Operator {
        nama: nama.to_owned(),
        peran: o.peran,
        wilayah: wilayah.clone(),
    };
    let seq = b.catat(None, &p, None)?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok(HasilOperator {
        operator: InfoOperator {
            nama: nama.to_owned(),
            peran: o.peran,
            wilayah,
            seq,
        },
        peristiwa: seq,
    })
}

/// A region code in its official form, refused when the list does not
/// know it or it lies outside the office.
fn kode_wilayah(w: &Wilayah, k: &str, kantor: &str) -> Result<String, Galat> {
    let kode = padan_core::wilayah::normalisasi_kode(k).unwrap_or_else(|| k.trim().to_owned());
    if w.nama(&kode).is_none() {
        return Err(Galat::baru(
            format!("kode wilayah '{k}' tidak ada di daftar wilayah Kemendagri"),
            format!("region code '{k}' is not in the Kemendagri region list"),
        ));
    }
    if !(kode == kantor || kode.starts_with(&format!("{kantor}."))) {
        return Err(Galat::baru(
            format!("wilayah {kode} berada di luar kantor {kantor}"),
            format!("region {kode} lies outside office {kantor}"),
        ));
    }
    Ok(kode)
}

/// `padan operator list`.
pub fn daftar(r: &Ruang) -> Result<Vec<InfoOperator>, Galat> {
    Ok(r.buka()?.daftar_operator()?)
}
