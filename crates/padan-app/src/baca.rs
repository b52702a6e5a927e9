//! Reading the register: one voter's chronology, the list as of a date,
//! the difference between two dates, the recap.

use crate::galat::Galat;
use crate::ruang::Ruang;
use crate::tanggal::{tanggal_berlaku, waktu_dicatat};
use chrono::NaiveDate;
use padan_core::masker;
use padan_core::pemilih::Elemen;
use padan_io::PenulisTabel;
use padan_io::tulis::FormatKeluar;
use padan_store::{Keadaan, Peristiwa, Saringan, Toko, tampil_id};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The one voter a NIK or voter ID names, or a clear refusal.
pub fn satu_pemilih(g: &dyn Toko, kunci: &str) -> Result<i64, Galat> {
    let ids = g.cari(kunci)?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(Galat::baru(
            format!(
                "pemilih '{}' tidak ditemukan (cari dengan NIK atau ID pemilih PM-…)",
                masker::nik(kunci)
            ),
            format!(
                "voter '{}' not found (search by NIK or voter ID PM-…)",
                masker::nik(kunci)
            ),
        )),
        banyak => {
            let daftar = padan_store::tampil_ids(banyak);
            Err(Galat::baru(
                format!(
                    "NIK ini dimiliki {} pemilih: {daftar}; sebutkan ID pemilihnya",
                    banyak.len()
                ),
                format!(
                    "this NIK belongs to {} voters: {daftar}; give the voter ID",
                    banyak.len()
                ),
            ))
        }
    }
}

/// One voter's chronology: the state now and every event, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Riwayat {
    pub id_pemilih: String,
    pub keadaan: Keadaan,
    pub peristiwa: Vec<Peristiwa>,
}

/// The chronology of a voter known by ID.
pub fn riwayat_dari(g: &dyn Toko, id: i64) -> Result<Riwayat, Galat> {
    let Some(keadaan) = g.keadaan(id)? else {
        return Err(Galat::baru(
            format!("pemilih {} tidak ada", tampil_id(id)),
            format!("voter {} does not exist", tampil_id(id)),
        ));
    };
    // A merge makes two IDs one person: the history of either shows both.
    let mut peristiwa = g.riwayat(id)?;
    let mut lain: Vec<i64> = g
        .gabungan(id)?
        .into_iter()
        .map(|(dari, ke, _)| if dari == id { ke } else { dari })
        .collect();
    lain.sort_unstable();
    lain.dedup();
    for x in lain {
        peristiwa.extend(g.riwayat(x)?);
    }
    peristiwa.sort_by_key(|e| e.seq);
    peristiwa.dedup_by_key(|e| e.seq);
    Ok(Riwayat {
        id_pemilih: tampil_id(id),
        keadaan,
        peristiwa,
    })
}

/// `padan history`: by NIK or voter ID.
pub fn riwayat(r: &Ruang, kunci: &str) -> Result<Riwayat, Galat> {
    let g = r.buka()?;
    let id = satu_pemilih(&*g, kunci)?;
    riwayat_dari(&*g, id)
}

/// A JSON value with every NIK, NKK and birth date in it masked (the
/// `--masked` outputs): keys named after those elements, at any depth.
pub fn samarkan_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (kunci, x) in m.iter_mut() {
                match (kunci.as_str(), x.as_str()) {
                    ("nik" | "nkk", Some(s)) => *x = masker::nik(s).into(),
                    ("tanggal_lahir", Some(s)) => *x = masker::tanggal_teks(s).into(),
                    _ => samarkan_json(x),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(samarkan_json),
        _ => {}
    }
}

/// Who a copy of the register is for, and so what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profil {
    /// Every element (the office's own).
    Lengkap,
    /// Bawaslu: the 7 elements of its copy (nama, jenis kelamin, usia,
    /// alamat, RT, RW, keterangan), with the desa and TPS they vote at.
    Bawaslu,
    /// A political party: what Bawaslu receives.
    Partai,
    /// A published list: no full NIK, NKK, birth date or disability.
    Publik,
}

impl Profil {
    pub fn dari_nama(s: &str) -> Result<Profil, Galat> {
        match s.trim().to_lowercase().as_str() {
            "lengkap" => Ok(Profil::Lengkap),
            "bawaslu" => Ok(Profil::Bawaslu),
            "partai" => Ok(Profil::Partai),
            "publik" => Ok(Profil::Publik),
            _ => Err(Galat::baru(
                format!(
                    "profil ekspor '{s}' tidak ada; pilih lengkap, bawaslu, partai atau publik"
                ),
                format!(
                    "export profile '{s}' does not exist; choose lengkap, bawaslu, partai or publik"
                ),
            )
            .misuse()),
        }
    }

    pub fn nama(self) -> &'static str {
        match self {
            Profil::Lengkap => "lengkap",
            Profil::Bawaslu => "bawaslu",
            Profil::Partai => "partai",
            Profil::Publik => "publik",
        }
    }

    /// A copy's columns; `None` for the office's own (every element).
    fn kolom(self) -> Option<&'static [&'static str]> {
        match self {
            Profil::Lengkap => None,
            Profil::Bawaslu | Profil::Partai => Some(&[
                "NAMA",
                "JENIS_KELAMIN",
                "USIA",
                "ALAMAT",
                "RT",
                "RW",
                "KETERANGAN",
                "KODE_DESA",
                "TPS",
            ]),
            Profil::Publik => Some(&[
                "NIK",
                "NAMA",
                "JENIS_KELAMIN",
                "USIA",
                "ALAMAT",
                "RT",
                "RW",
                "KODE_DESA",
                "TPS",
                "KETERANGAN",
            ]),
        }
    }

    fn judul(self) -> Vec<String> {
        match self.kolom() {
            Some(k) => k.iter().map(|s| (*s).to_owned()).collect(),
            None => std::iter::once("ID_PEMILIH".to_owned())
                .chain(Elemen::PEMILIH.iter().map(|e| e.judul()))
                .collect(),
        }
    }

    /// One voter's row: a copy's NIK masked, its age on the date instead
    /// of a birth date, every other column the element itself.
    fn baris(self, id: i64, k: &Keadaan, acuan: chrono::NaiveDate) -> Vec<String> {
        let Some(kolom) = self.kolom() else {
            return baris_ekspor(id, k);
        };
        let p = &k.pemilih;
        kolom
            .iter()
            .map(|c| match *c {
                "NIK" => masker::nik(&p.nik),
                "USIA" => padan_core::tanggal::umur(p.tanggal_lahir, acuan).to_string(),
                c => Elemen::dari_nama(c).map(|e| p.nilai(e)).unwrap_or_default(),
            })
            .collect()
    }
}

/// What `padan export` wants.
#[derive(Debug, Clone)]
pub struct OpsiEkspor {
    pub berlaku: Option<String>,
    pub dicatat: Option<String>,
    pub keluar: PathBuf,
    /// TMS voters too, with a status column.
    pub semua: bool,
    /// A copy for someone: its profile and who receives it; recorded as an
    /// event with the file's SHA-256, so a leak can be traced to its copy.
    pub salinan: Option<(Profil, String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilEkspor {
    pub berkas: PathBuf,
    pub baris: u64,
    pub berlaku: String,
    pub dicatat_sampai: Option<String>,
    /// A copy's profile, recipient, file hash and event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salinan: Option<serde_json::Value>,
}

fn baris_ekspor(id: i64, k: &Keadaan) -> Vec<String> {
    let mut v = vec![tampil_id(id)];
    v.extend(Elemen::PEMILIH.iter().map(|e| k.pemilih.nilai(*e)));
    v
}

/// `padan export`: the list as in effect on a date (as recorded by a time).
pub fn ekspor(r: &Ruang, o: &OpsiEkspor) -> Result<HasilEkspor, Galat> {
    let mut g = if o.salinan.is_some() {
        r.buka_tulis()?
    } else {
        r.buka()?
    };
    let profil = o.salinan.as_ref().map(|x| x.0).unwrap_or(Profil::Lengkap);
    if let Some((_, penerima, operator)) = &o.salinan {
        if penerima.trim().is_empty() {
            return Err(Galat::baru(
                "--recipient wajib untuk salinan: siapa yang menerimanya",
                "--recipient is required for a copy: who receives it",
            )
            .misuse());
        }
        crate::izin::periksa(&*g, operator, crate::izin::Aksi::Impor, &[])?;
    }
    let berlaku = tanggal_berlaku(o.berlaku.as_deref(), g.kantor())?;
    let s = Saringan {
        berlaku: Some(berlaku),
        dicatat: o
            .dicatat
            .as_deref()
            .map(|d| waktu_dicatat(d, g.kantor()))
            .transpose()?,
    };
    let semua = o.semua;
    let mut judul = profil.judul();
    if semua {
        judul.extend(["STATUS".to_owned(), "KODE_TMS".to_owned()]);
    }
    let mut w = PenulisTabel::buat(&o.keluar, FormatKeluar::dari_path(&o.keluar), &judul)?;
    w.nama_lembar(&format!("Daftar Pemilih {}", berlaku.format("%d-%m-%Y")))?;
    // A copy is laid out for a person: dates as dates, ages as numbers.
    if o.salinan.is_some() {
        let di = |nama: &str| judul.iter().position(|j| j == nama);
        w.jenis_kolom(
            &di("TANGGAL_LAHIR").into_iter().collect::<Vec<_>>(),
            &di("USIA").into_iter().collect::<Vec<_>>(),
        );
    }
    let mut n = 0u64;
    let mut galat_tulis = None;
    g.lipat_dyn(&s, &mut |id, st| {
        if !st.aktif && !semua {
            return Ok(());
        }
        let mut row = profil.baris(id, st, berlaku);
        if semua {
            row.push(if st.aktif {
                "aktif".into()
            } else {
                "tms".into()
            });
            row.push(
                st.kode_tms
                    .map(|c| c.angka().to_string())
                    .unwrap_or_default(),
            );
        }
        if let Err(e) = w.tulis(&row) {
            galat_tulis.get_or_insert(e);
        }
        n += 1;
        Ok(())
    })?;
    if let Some(e) = galat_tulis {
        return Err(e.into());
    }
    let (berkas, salinan) = match &o.salinan {
        None => (w.selesai()?, None),
        // A copy is recorded before it is moved into place: no copy leaves
        // without its event, and a copy whose event failed is removed.
        Some((profil, penerima, operator)) => {
            let t = w.tutup()?;
            let catat = |g: &mut Box<dyn padan_store::Toko>| -> Result<serde_json::Value, Galat> {
                let sha = padan_store::sha256_berkas(t.sementara())?;
                let hari = g.hari_ini();
                let mut b = g.mulai_batch(padan_store::InfoBatch {
                    jenis: padan_core::JenisBatch::Salinan,
                    sumber: format!("salinan daftar profil {} untuk {penerima}", profil.nama()),
                    dokumen: o.keluar.display().to_string(),
                    berkas: None,
                    berlaku: hari,
                    operator: operator.clone(),
                    alasan: format!("salinan untuk {penerima}"),
                    tolak_dokumen_sama: false,
                })?;
                let seq = b.catat(
                    None,
                    &padan_store::Perubahan::Salinan {
                        profil: profil.nama().into(),
                        penerima: penerima.clone(),
                        sha256: sha.clone(),
                        baris: n,
                        berlaku: berlaku.to_string(),
                    },
                    None,
                )?;
                b.selesai(padan_store::RingkasanBatch::semua_diterima(n))?;
                Ok(serde_json::json!({
                    "profil": profil.nama(),
                    "penerima": penerima,
                    "sha256": sha,
                    "peristiwa": seq,
                }))
            };
            match catat(&mut g) {
                Ok(v) => (t.pindahkan()?, Some(v)),
                Err(e) => {
                    t.buang();
                    return Err(e);
                }
            }
        }
    };
    Ok(HasilEkspor {
        berkas,
        baris: n,
        berlaku: berlaku.to_string(),
        dicatat_sampai: s.dicatat,
        salinan,
    })
}

/// One copy of the register given out, as its event records it.
#[derive(Debug, Clone, Serialize)]
pub struct Salinan {
    pub peristiwa: i64,
    pub profil: String,
    pub penerima: String,
    pub sha256: String,
    pub baris: u64,
    pub berlaku: String,
}

/// `padan copies [--sha256 H]`: every copy given out (or the one a leaked
/// file's hash names).
pub fn salinan(r: &Ruang, sha256: Option<&str>) -> Result<Vec<Salinan>, Galat> {
    let g = r.buka()?;
    let mut out = vec![];
    let akhir = g.jumlah_peristiwa()?;
    g.peristiwa_rentang(0, akhir, &mut |seq, _, _, jenis, p| {
        if jenis == padan_core::JenisBatch::Salinan
            && let padan_store::Perubahan::Salinan {
                profil,
                penerima,
                sha256: h,
                baris,
                berlaku,
            } = p
            && sha256.is_none_or(|x| x.trim().eq_ignore_ascii_case(&h))
        {
            out.push(Salinan {
                peristiwa: seq,
                profil,
                penerima,
                sha256: h,
                baris,
                berlaku,
            });
        }
        Ok(())
    })?;
    Ok(out)
}

/// What changed for one voter between two dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JenisBeda {
    Ditambah,
    Dihapus,
    Diubah,
}

impl JenisBeda {
    pub fn nama(self) -> &'static str {
        match self {
            JenisBeda::Ditambah => "ditambah",
            JenisBeda::Dihapus => "dihapus",
            JenisBeda::Diubah => "diubah",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BarisBeda {
    pub id_pemilih: String,
    pub perubahan: JenisBeda,
    pub elemen: String,
    pub sebelum: String,
    pub sesudah: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilBeda {
    pub dari: NaiveDate,
    pub sampai: NaiveDate,
    pub ditambah: u64,
    pub dihapus: u64,
    pub diubah: u64,
    pub baris: Vec<BarisBeda>,
}

/// `padan diff`: who was added, removed and changed between two dates;
/// every row also to `keluar` when given.
pub fn beda(r: &Ruang, d1: &str, d2: &str, keluar: Option<&Path>) -> Result<HasilBeda, Galat> {
    let g = r.buka()?;
    let (a, b_) = (
        tanggal_berlaku(Some(d1), g.kantor())?,
        tanggal_berlaku(Some(d2), g.kantor())?,
    );
    let mut rows: Vec<BarisBeda> = vec![];
    let (mut tambah, mut hapus, mut ubah) = (0u64, 0u64, 0u64);
    let saring = |d| Saringan {
        berlaku: Some(d),
        dicatat: None,
    };
    g.lipat_dua_dyn(&saring(a), &saring(b_), &mut |id, x, y| {
        let xa = x.is_some_and(|s| s.aktif);
        let ya = y.is_some_and(|s| s.aktif);
        let baris = |perubahan, elemen: &str, sebelum, sesudah| BarisBeda {
            id_pemilih: tampil_id(id),
            perubahan,
            elemen: elemen.into(),
            sebelum,
            sesudah,
        };
        match (xa, ya, x, y) {
            (false, true, _, Some(y)) => {
                tambah += 1;
                rows.push(baris(
                    JenisBeda::Ditambah,
                    "",
                    String::new(),
                    y.pemilih.nama.clone(),
                ));
            }
            (true, false, Some(x), y) => {
                hapus += 1;
                let why = y
                    .and_then(|s| s.kode_tms)
                    .map(|c| format!("TMS {} ({})", c.angka(), c.nama()))
                    .unwrap_or_default();
                rows.push(baris(JenisBeda::Dihapus, "", x.pemilih.nama.clone(), why));
            }
            (true, true, Some(x), Some(y)) => {
                let beda: Vec<_> = x.pemilih.beda(&y.pemilih);
                if !beda.is_empty() {
                    ubah += 1;
                }
                for (e, s1, s2) in beda {
                    rows.push(baris(JenisBeda::Diubah, e.nama(), s1, s2));
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    if let Some(out) = keluar {
        let mut w = PenulisTabel::buat(
            out,
            FormatKeluar::dari_path(out),
            &["ID_PEMILIH", "PERUBAHAN", "ELEMEN", "SEBELUM", "SESUDAH"],
        )?;
        for r in &rows {
            w.tulis(&[
                r.id_pemilih.as_str(),
                r.perubahan.nama(),
                &r.elemen,
                &r.sebelum,
                &r.sesudah,
            ])?;
        }
        w.selesai()?;
    }
    Ok(HasilBeda {
        dari: a,
        sampai: b_,
        ditambah: tambah,
        dihapus: hapus,
        diubah: ubah,
        baris: rows,
    })
}
