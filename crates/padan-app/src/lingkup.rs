//! What a signed-in operator may read: the register, the queue, a case and
//! the recap, each cut to the operator's regions (#6). The web service
//! reads only through here.
//!
//! Out of scope reads as absent: a voter, a case or a report outside the
//! operator's regions is answered exactly as one that does not exist, so
//! that typing another region's ID into a URL tells nothing.

use crate::baca::{Riwayat, riwayat_dari};
use crate::galat::Galat;
use crate::rekapitulasi::HasilRekap;
use crate::tinjau::{Antrian, OpsiAntrian, Tinjauan, antrian_dari, tinjau_dari};
use padan_core::masker;
use padan_core::pemilih::Elemen;
use padan_store::tindak::InfoOperator;
use padan_store::{Saringan, Toko, tampil_id};
use serde::Serialize;

/// Whether `op` may see what lies in `kode_desa` (empty: no desa known,
/// e.g. a report of a voter not on the register, which only an operator of
/// the whole office sees).
pub fn boleh(op: &InfoOperator, kantor: &str, kode_desa: &str) -> bool {
    if kode_desa.is_empty() {
        op.wilayah.iter().any(|w| w == kantor)
    } else {
        op.boleh_wilayah(kode_desa)
    }
}

fn tidak_ada(apa: &str, what: &str, kunci: &str) -> Galat {
    Galat::baru(
        format!("{apa} {kunci} tidak ada"),
        format!("{what} {kunci} does not exist"),
    )
}

/// One voter found by a search.
#[derive(Debug, Clone, Serialize)]
pub struct Ditemukan {
    pub id: String,
    pub nik: String,
    pub nama: String,
    pub tanggal_lahir: String,
    pub kode_desa: String,
    pub tps: String,
    pub aktif: bool,
}

/// The most voters a search answers: search finds a voter; it does not
/// list the register (export is a command with its own role).
pub const MAKS_CARI: usize = 50;

/// Voters by NIK, voter ID, or a part of the name (at least three
/// letters), within the operator's regions; NIKs are masked.
pub fn cari(g: &dyn Toko, op: &InfoOperator, q: &str) -> Result<Vec<Ditemukan>, Galat> {
    let q = q.trim();
    let mut hasil = vec![];
    let mut tambah = |id: i64, k: &padan_store::Keadaan| {
        if hasil.len() < MAKS_CARI && boleh(op, g.kantor(), &k.pemilih.kode_desa) {
            hasil.push(Ditemukan {
                id: tampil_id(id),
                nik: masker::nilai(Elemen::Nik, &k.pemilih.nik),
                nama: k.pemilih.nama.clone(),
                tanggal_lahir: masker::nilai(
                    Elemen::TanggalLahir,
                    &k.pemilih.tanggal_lahir.to_string(),
                ),
                kode_desa: k.pemilih.kode_desa.clone(),
                tps: k.pemilih.tps.clone(),
                aktif: k.aktif,
            });
        }
    };
    let ids = g.cari(q)?;
    if !ids.is_empty() {
        for id in ids {
            if let Some(k) = g.keadaan(id)? {
                tambah(id, &k);
            }
        }
        return Ok(hasil);
    }
    let nama = q.to_uppercase();
    if nama.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return Ok(hasil);
    }
    for w in &op.wilayah {
        g.lipat_wilayah_dyn(&Saringan::default(), Some(w), &mut |id, r| {
            if r.nama.contains(&nama)
                && let Some(k) = g.keadaan(id)?
            {
                tambah(id, &k);
            }
            Ok(())
        })?;
    }
    Ok(hasil)
}

/// A voter's chronology, when the voter lies in the operator's regions.
pub fn riwayat(g: &dyn Toko, op: &InfoOperator, kunci: &str) -> Result<Riwayat, Galat> {
    let ids = g.cari(kunci)?;
    let [id] = ids.as_slice() else {
        return Err(tidak_ada("pemilih", "voter", kunci));
    };
    match g.keadaan(*id)? {
        Some(k) if boleh(op, g.kantor(), &k.pemilih.kode_desa) => riwayat_dari(g, *id),
        _ => Err(tidak_ada("pemilih", "voter", kunci)),
    }
}

/// The queue cut to the operator's regions: reports and findings whose
/// desa lies in one of them.
pub fn antrian(g: &dyn Toko, op: &InfoOperator, o: &OpsiAntrian) -> Result<Antrian, Galat> {
    let mut semua = antrian_dari(
        g,
        &OpsiAntrian {
            wilayah: None,
            ..o.clone()
        },
    )?;
    if op.wilayah.iter().any(|w| w == g.kantor()) {
        return Ok(semua);
    }
    semua
        .tanggapan
        .retain(|(t, _)| boleh(op, g.kantor(), &t.isi.kode_desa));
    // Per region from the store, so that the limit counts what is seen.
    semua.temuan.clear();
    for w in &op.wilayah {
        let a = antrian_dari(
            g,
            &OpsiAntrian {
                wilayah: Some(w.clone()),
                ..o.clone()
            },
        )?;
        semua.temuan.extend(a.temuan);
    }
    semua.temuan.sort_by_key(|b| b.temuan.id);
    semua.temuan.dedup_by_key(|b| b.temuan.id);
    semua
        .temuan
        .truncate(usize::try_from(o.batas).unwrap_or(usize::MAX));
    Ok(semua)
}

/// One case, when every voter in it (and a report's desa) lies in the
/// operator's regions.
pub fn tinjau(g: &dyn Toko, op: &InfoOperator, kunci: &str) -> Result<Tinjauan, Galat> {
    let t = tinjau_dari(g, kunci).map_err(|_| tidak_ada("kasus", "case", kunci))?;
    let kantor = g.kantor();
    let pemilih_ok = t.pemilih.iter().all(|(_, k)| {
        k.as_ref()
            .is_none_or(|k| boleh(op, kantor, &k.pemilih.kode_desa))
    });
    let tanggapan_ok = t
        .tanggapan
        .as_ref()
        .is_none_or(|x| boleh(op, kantor, &x.isi.kode_desa));
    if pemilih_ok && tanggapan_ok {
        Ok(t)
    } else {
        Err(tidak_ada("kasus", "case", kunci))
    }
}

/// The recap's rows the operator may see: the desa, kecamatan and (for an
/// operator of the whole office) kab/kota rows within their regions.
pub fn rekap(h: &HasilRekap, op: &InfoOperator) -> HasilRekap {
    let mut h = h.clone();
    h.rekap.baris.retain(|b| op.boleh_wilayah(&b.kode));
    h
}

/// The numbers of the operator's whole scope: the sum of the rows of their
/// own regions (the kab/kota row for an operator of the whole office).
pub fn jumlah(h: &HasilRekap, op: &InfoOperator) -> padan_report::dpb::Angka {
    let mut a = padan_report::dpb::Angka::new();
    for b in h
        .rekap
        .baris
        .iter()
        .filter(|b| op.wilayah.contains(&b.kode))
    {
        for (k, v) in &b.angka {
            *a.entry(*k).or_default() += v;
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use padan_core::Peran;

    fn op(w: &[&str]) -> InfoOperator {
        InfoOperator {
            nama: "x".into(),
            peran: Peran::Operator,
            wilayah: w.iter().map(|s| s.to_string()).collect(),
            seq: 1,
        }
    }

    #[test]
    fn wilayah() {
        let batu = op(&["35.79"]);
        assert!(boleh(&batu, "35.79", "35.79.01.1001"));
        assert!(!boleh(&batu, "35.79", "35.07.01.1001"));
        // 35.7 is not a prefix of 35.79 in region terms.
        assert!(!boleh(&op(&["35.7"]), "35.79", "35.79.01.1001"));
        // A report with no desa: only the whole office's operators.
        assert!(boleh(&batu, "35.79", ""));
        assert!(!boleh(&op(&["35.79.01"]), "35.79", ""));
    }
}
