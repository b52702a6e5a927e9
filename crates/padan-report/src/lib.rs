//! Recaps ("rekapitulasi") that always add up.
//!
//! Only the desa/kelurahan counts per sex are read from the register; every
//! other number (kecamatan, kab/kota, totals, L + P) is summed from them here,
//! so no level can disagree with another. One published recap once showed a
//! kecamatan total of 39,819 whose own L + P made 49,819: here a total is
//! never stored, only computed.

pub mod dpb;
pub mod infografis;
pub mod pdf;
pub mod profil;

use padan_core::Wilayah;
use padan_core::wilayah::{Tingkat, induk};
use padan_store::{GalatStore, LogPeristiwa, Proyeksi};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Jumlah {
    pub l: u64,
    pub p: u64,
}

impl Jumlah {
    pub fn total(&self) -> u64 {
        self.l + self.p
    }
    fn tambah(&mut self, o: &Jumlah) {
        self.l += o.l;
        self.p += o.p;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BarisRekap {
    pub kode: String,
    pub nama: String,
    pub l: u64,
    pub p: u64,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RekapKecamatan {
    #[serde(flatten)]
    pub jumlah: BarisRekap,
    pub desa: Vec<BarisRekap>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rekap {
    #[serde(flatten)]
    pub jumlah: BarisRekap,
    pub kecamatan: Vec<RekapKecamatan>,
}

fn baris(kode: &str, w: &Wilayah, j: &Jumlah) -> BarisRekap {
    BarisRekap {
        kode: kode.into(),
        nama: w.nama(kode).unwrap_or("(tidak dikenal)").into(),
        l: j.l,
        p: j.p,
        total: j.total(),
    }
}

/// The recap of the current register of the office, by kecamatan and desa,
/// including desa with no voters.
pub fn rekap<G: LogPeristiwa + Proyeksi + ?Sized>(g: &G) -> Result<Rekap, GalatStore> {
    let w = g.wilayah()?;
    let mut desa: BTreeMap<String, Jumlah> = w
        .di_bawah(g.kantor(), Tingkat::Desa)
        .into_iter()
        .map(|(k, _)| (k.to_owned(), Jumlah::default()))
        .collect();
    for h in g.hitung_per_desa()? {
        let e = desa.entry(h.desa).or_default();
        e.l += h.l;
        e.p += h.p;
    }
    Ok(susun(g.kantor(), &w, &desa))
}

/// Builds every level from desa counts.
pub fn susun(kantor: &str, w: &Wilayah, desa: &BTreeMap<String, Jumlah>) -> Rekap {
    let mut kec: BTreeMap<String, (Jumlah, Vec<BarisRekap>)> = BTreeMap::new();
    let mut semua = Jumlah::default();
    for (kode, j) in desa {
        let k = induk(kode, Tingkat::Kecamatan).unwrap_or("").to_owned();
        let e = kec.entry(k).or_default();
        e.0.tambah(j);
        e.1.push(baris(kode, w, j));
        semua.tambah(j);
    }
    Rekap {
        jumlah: baris(kantor, w, &semua),
        kecamatan: kec
            .into_iter()
            .map(|(k, (j, d))| RekapKecamatan {
                jumlah: baris(&k, w, &j),
                desa: d,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_adds_up() {
        let w = Wilayah::bawaan();
        let mut desa = BTreeMap::new();
        desa.insert("35.79.01.1001".to_string(), Jumlah { l: 10, p: 12 });
        desa.insert("35.79.01.1002".to_string(), Jumlah { l: 5, p: 0 });
        desa.insert("35.79.03.2002".to_string(), Jumlah { l: 1, p: 2 });
        let r = susun("35.79", &w, &desa);
        assert_eq!((r.jumlah.l, r.jumlah.p, r.jumlah.total), (16, 14, 30));
        for k in &r.kecamatan {
            assert_eq!(k.jumlah.total, k.jumlah.l + k.jumlah.p);
            assert_eq!(k.jumlah.total, k.desa.iter().map(|d| d.total).sum::<u64>());
        }
        assert_eq!(r.kecamatan[0].jumlah.nama, "Batu");
    }
}
