//! A record prepared for matching: normalised once, compared many times.

use crate::banding::{self, LevelNama, LevelNik, LevelSama, LevelTanggal, LevelWilayah};
use crate::normal::{self, NamaNormal};
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Rekaman {
    /// The caller's identifier (voter ID, row number).
    pub id: u64,
    pub nik: String,
    pub nkk: String,
    pub nama: NamaNormal,
    pub lahir: Option<NaiveDate>,
    /// `L`/`P` as stated, or as the NIK implies when not stated.
    pub jk: String,
    pub tempat: String,
    /// Desa code `PP.KK.CC.DDDD`.
    pub desa: String,
}

impl Rekaman {
    #[allow(clippy::too_many_arguments)]
    pub fn baru(
        id: u64,
        nik: &str,
        nkk: &str,
        nama: &str,
        lahir: Option<NaiveDate>,
        jk: &str,
        tempat: &str,
        desa: &str,
    ) -> Rekaman {
        let jk = match jk.trim() {
            "" => banding::jk_dari_nik(nik).unwrap_or("").to_owned(),
            j => j.to_owned(),
        };
        Rekaman {
            id,
            nik: nik.trim().to_owned(),
            nkk: nkk.trim().to_owned(),
            nama: normal::nama(nama),
            lahir,
            jk,
            tempat: normal::tempat(tempat),
            desa: desa.trim().to_owned(),
        }
    }
}

/// The comparisons of one pair, in a fixed order (see [`NAMA_PERBANDINGAN`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Vektor {
    pub nik: LevelNik,
    pub nama: LevelNama,
    pub lahir: LevelTanggal,
    pub jk: LevelSama,
    pub tempat: LevelSama,
    pub wilayah: LevelWilayah,
    pub nkk: LevelNik,
}

/// Names of the comparisons, in pattern order.
pub const NAMA_PERBANDINGAN: [&str; 7] = [
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "tempat_lahir",
    "wilayah",
    "nkk",
];
/// Levels per comparison (the last is always "missing").
pub const JUMLAH_LEVEL: [usize; 7] = [7, 8, 7, 3, 3, 6, 7];

impl Vektor {
    pub fn dari(a: &Rekaman, b: &Rekaman) -> Vektor {
        Vektor {
            nik: banding::nik(&a.nik, &b.nik),
            nama: banding::nama(&a.nama, &b.nama),
            lahir: banding::tanggal(a.lahir, b.lahir),
            jk: banding::sama(&a.jk, &b.jk),
            tempat: banding::sama(&a.tempat, &b.tempat),
            wilayah: banding::wilayah(&a.desa, &b.desa),
            nkk: banding::nik(&a.nkk, &b.nkk),
        }
    }

    /// Each comparison's level index (0 = strongest agreement; the last
    /// index of each is "missing").
    pub fn level(&self) -> [usize; 7] {
        [
            self.nik as usize,
            self.nama as usize,
            self.lahir as usize,
            self.jk as usize,
            self.tempat as usize,
            self.wilayah as usize,
            self.nkk as usize,
        ]
    }

    /// The pattern as one number (mixed radix over [`JUMLAH_LEVEL`]).
    pub fn pola(&self) -> u32 {
        let mut p = 0u32;
        for (l, n) in self.level().iter().zip(JUMLAH_LEVEL) {
            p = p * n as u32 + *l as u32;
        }
        p
    }
}

/// The level indices of a pattern number.
pub fn urai_pola(mut p: u32) -> [usize; 7] {
    let mut out = [0usize; 7];
    for i in (0..7).rev() {
        let n = JUMLAH_LEVEL[i] as u32;
        out[i] = (p % n) as usize;
        p /= n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_round_trip_and_missing_is_last() {
        let a = Rekaman::baru(
            1,
            "3579014703900001",
            "",
            "SITI",
            NaiveDate::from_ymd_opt(1990, 3, 7),
            "",
            "BATU",
            "35.79.01.1001",
        );
        let b = Rekaman::baru(
            2,
            "3579014703900002",
            "3579011203150004",
            "SITI",
            None,
            "P",
            "MALANG",
            "35.79.01.1001",
        );
        let v = Vektor::dari(&a, &b);
        assert_eq!(a.jk, "P", "sex from the NIK");
        assert_eq!(urai_pola(v.pola()), v.level());
        assert_eq!(v.lahir as usize, JUMLAH_LEVEL[2] - 1);
        assert_eq!(v.nkk as usize, JUMLAH_LEVEL[6] - 1);
    }
}
