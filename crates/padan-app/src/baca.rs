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

/// What `padan export` wants.
#[derive(Debug, Clone)]
pub struct OpsiEkspor {
    pub berlaku: Option<String>,
    pub dicatat: Option<String>,
    pub keluar: PathBuf,
    /// TMS voters too, with a status column.
    pub semua: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilEkspor {
    pub berkas: PathBuf,
    pub baris: u64,
    pub berlaku: String,
    pub dicatat_sampai: Option<String>,
}

fn baris_ekspor(id: i64, k: &Keadaan) -> Vec<String> {
    let mut v = vec![tampil_id(id)];
    v.extend(Elemen::PEMILIH.iter().map(|e| k.pemilih.nilai(*e)));
    v
}

/// `padan export`: the list as in effect on a date (as recorded by a time).
pub fn ekspor(r: &Ruang, o: &OpsiEkspor) -> Result<HasilEkspor, Galat> {
    let g = r.buka()?;
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
    let mut judul: Vec<String> = std::iter::once("ID_PEMILIH".to_owned())
        .chain(Elemen::PEMILIH.iter().map(|e| e.judul()))
        .collect();
    if semua {
        judul.extend(["STATUS".to_owned(), "KODE_TMS".to_owned()]);
    }
    let mut w = PenulisTabel::buat(&o.keluar, FormatKeluar::dari_path(&o.keluar), &judul)?;
    let mut n = 0u64;
    let mut galat_tulis = None;
    g.lipat_dyn(&s, &mut |id, st| {
        if !st.aktif && !semua {
            return Ok(());
        }
        let mut row = baris_ekspor(id, st);
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
    let berkas = w.selesai()?;
    Ok(HasilEkspor {
        berkas,
        baris: n,
        berlaku: berlaku.to_string(),
        dicatat_sampai: s.dicatat,
    })
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

/// `padan rekap`: active voters per kecamatan and desa.
pub fn rekap(r: &Ruang, periode: Option<&str>) -> Result<padan_report::Rekap, Galat> {
    let g = r.buka()?;
    match periode {
        // A closed period's recap is frozen: later changes do not move it.
        Some(p) => Ok(crate::periode::rekap_periode(&*g, p)?.1),
        None => Ok(padan_report::rekap(&*g)?),
    }
}
