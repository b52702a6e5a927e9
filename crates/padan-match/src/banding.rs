//! Comparisons: each pair of values gives a level, from full agreement down
//! to disagreement. `Hilang` (missing on either side) is its own level: the
//! model treats it as neither agreement nor disagreement.

use crate::normal::NamaNormal;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelNik {
    Sama,
    /// One digit differs (a typing error).
    SatuDigit,
    /// Two adjacent digits swapped.
    Transposisi,
    /// Only the birth-date part (digits 7–12) agrees.
    TanggalSama,
    /// Only the region of issue (digits 1–6) agrees.
    WilayahSama,
    Beda,
    Hilang,
}

fn digit16(s: &str) -> Option<&[u8]> {
    let b = s.as_bytes();
    (b.len() == 16 && b.iter().all(u8::is_ascii_digit)).then_some(b)
}

/// NIK (and NKK, with the same levels).
pub fn nik(a: &str, b: &str) -> LevelNik {
    let (Some(x), Some(y)) = (digit16(a), digit16(b)) else {
        return LevelNik::Hilang;
    };
    if x == y {
        return LevelNik::Sama;
    }
    let beda: Vec<usize> = (0..16).filter(|&i| x[i] != y[i]).collect();
    match beda.as_slice() {
        [_] => return LevelNik::SatuDigit,
        [i, j] if *j == i + 1 && x[*i] == y[*j] && x[*j] == y[*i] => return LevelNik::Transposisi,
        _ => {}
    }
    if x[6..12] == y[6..12] {
        LevelNik::TanggalSama
    } else if x[..6] == y[..6] {
        LevelNik::WilayahSama
    } else {
        LevelNik::Beda
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelTanggal {
    Sama,
    /// Equal, but a date Dukcapil fills in when the real one is unknown
    /// (1 July, 31 December, 1 January): weak evidence.
    SamaPengisi,
    /// Day and month swapped.
    HariBulanTertukar,
    /// One digit of `YYYYMMDD` differs.
    SatuDigit,
    TahunSama,
    Beda,
    Hilang,
}

/// Dates Dukcapil uses when a birth date is unknown.
pub fn tanggal_pengisi(d: NaiveDate) -> bool {
    matches!((d.month(), d.day()), (7, 1) | (12, 31) | (1, 1))
}

pub fn tanggal(a: Option<NaiveDate>, b: Option<NaiveDate>) -> LevelTanggal {
    let (Some(x), Some(y)) = (a, b) else {
        return LevelTanggal::Hilang;
    };
    if x == y {
        return if tanggal_pengisi(x) {
            LevelTanggal::SamaPengisi
        } else {
            LevelTanggal::Sama
        };
    }
    if x.year() == y.year() && x.day() == y.month() && x.month() == y.day() {
        return LevelTanggal::HariBulanTertukar;
    }
    let (sx, sy) = (
        x.format("%Y%m%d").to_string(),
        y.format("%Y%m%d").to_string(),
    );
    if sx.bytes().zip(sy.bytes()).filter(|(p, q)| p != q).count() == 1 {
        return LevelTanggal::SatuDigit;
    }
    if x.year() == y.year() {
        LevelTanggal::TahunSama
    } else {
        LevelTanggal::Beda
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelNama {
    Sama,
    /// Equal once spaces are ignored (`RATNA SARI` / `RATNASARI`).
    GabungSama,
    /// Jaro-Winkler ≥ 0.92.
    SangatMirip,
    /// Jaro-Winkler ≥ 0.85.
    Mirip,
    /// Every token of the shorter name is in the longer one.
    TokenTermuat,
    /// The initials agree (`M. RIZKY` / `MUHAMMAD RIZKY` after normalising,
    /// or `B SANTOSO` / `BUDI SANTOSO`).
    Inisial,
    Beda,
    Hilang,
}

pub fn nama(a: &NamaNormal, b: &NamaNormal) -> LevelNama {
    if a.token.is_empty() || b.token.is_empty() {
        return LevelNama::Hilang;
    }
    if a.token == b.token {
        return LevelNama::Sama;
    }
    if a.gabung() == b.gabung() {
        return LevelNama::GabungSama;
    }
    let jw = strsim::jaro_winkler(&a.teks(), &b.teks());
    if jw >= 0.92 {
        return LevelNama::SangatMirip;
    }
    if jw >= 0.85 {
        return LevelNama::Mirip;
    }
    // As sets, either way round: the comparison must not depend on which
    // record comes first.
    let sa: std::collections::HashSet<&String> = a.token.iter().collect();
    let sb: std::collections::HashSet<&String> = b.token.iter().collect();
    if sa.is_subset(&sb) || sb.is_subset(&sa) {
        return LevelNama::TokenTermuat;
    }
    let inisial = |n: &NamaNormal| {
        n.token
            .iter()
            .filter_map(|t| t.chars().next())
            .collect::<String>()
    };
    if a.token.len() == b.token.len()
        && inisial(a) == inisial(b)
        && a.token
            .iter()
            .zip(&b.token)
            .any(|(x, y)| x == y && x.len() > 1)
    {
        return LevelNama::Inisial;
    }
    LevelNama::Beda
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelSama {
    Sama,
    Beda,
    Hilang,
}

/// Any exact comparison of normalised text (sex, birthplace, RT/RW…).
pub fn sama(a: &str, b: &str) -> LevelSama {
    if a.trim().is_empty() || b.trim().is_empty() {
        LevelSama::Hilang
    } else if a == b {
        LevelSama::Sama
    } else {
        LevelSama::Beda
    }
}

/// The sex a NIK implies (day + 40 for women), as `L` or `P`.
pub fn jk_dari_nik(nik: &str) -> Option<&'static str> {
    let d = digit16(nik)?;
    let hari = (d[6] - b'0') * 10 + (d[7] - b'0');
    match hari {
        1..=31 => Some("L"),
        41..=71 => Some("P"),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelWilayah {
    Desa,
    Kecamatan,
    KabKota,
    Provinsi,
    Beda,
    Hilang,
}

/// Two desa codes (`PP.KK.CC.DDDD`): the finest level they share.
pub fn wilayah(a: &str, b: &str) -> LevelWilayah {
    if a.len() != 13 || b.len() != 13 {
        return LevelWilayah::Hilang;
    }
    if a == b {
        LevelWilayah::Desa
    } else if a.get(..8) == b.get(..8) {
        LevelWilayah::Kecamatan
    } else if a.get(..5) == b.get(..5) {
        LevelWilayah::KabKota
    } else if a.get(..2) == b.get(..2) {
        LevelWilayah::Provinsi
    } else {
        LevelWilayah::Beda
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normal;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, dd: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, dd)
    }

    #[test]
    fn nik_levels() {
        let a = "3579014703900001";
        assert_eq!(nik(a, a), LevelNik::Sama);
        assert_eq!(nik(a, "3579014703900002"), LevelNik::SatuDigit);
        assert_eq!(nik(a, "3579014703900010"), LevelNik::Transposisi);
        assert_eq!(nik(a, "3507014703900123"), LevelNik::TanggalSama);
        assert_eq!(nik(a, "3579010101800123"), LevelNik::WilayahSama);
        assert_eq!(nik(a, "1101010101800123"), LevelNik::Beda);
        assert_eq!(nik(a, ""), LevelNik::Hilang);
        assert_eq!(jk_dari_nik(a), Some("P"));
    }

    #[test]
    fn date_levels() {
        assert_eq!(tanggal(d(1990, 3, 7), d(1990, 3, 7)), LevelTanggal::Sama);
        assert_eq!(
            tanggal(d(1970, 7, 1), d(1970, 7, 1)),
            LevelTanggal::SamaPengisi
        );
        assert_eq!(
            tanggal(d(1990, 3, 7), d(1990, 7, 3)),
            LevelTanggal::HariBulanTertukar
        );
        assert_eq!(
            tanggal(d(1990, 3, 7), d(1991, 3, 7)),
            LevelTanggal::SatuDigit
        );
        assert_eq!(
            tanggal(d(1990, 3, 7), d(1990, 11, 20)),
            LevelTanggal::TahunSama
        );
        assert_eq!(tanggal(d(1990, 3, 7), None), LevelTanggal::Hilang);
    }

    #[test]
    fn name_levels() {
        let n = normal::nama;
        assert_eq!(nama(&n("SOEKARNO"), &n("SUKARNO")), LevelNama::Sama);
        assert_eq!(
            nama(&n("RATNA SARI"), &n("RATNASARI")),
            LevelNama::GabungSama
        );
        assert_eq!(
            nama(&n("SITI AMINAH"), &n("SITI AMINA")),
            LevelNama::SangatMirip
        );
        assert_eq!(
            nama(&n("BUDI SANTOSO"), &n("BUDI SANTOSO WIBOWO")),
            LevelNama::SangatMirip
        );
        assert_eq!(
            nama(&n("SANTOSO BUDI"), &n("BUDI SANTOSO WIBOWO")),
            LevelNama::TokenTermuat
        );
        assert_eq!(nama(&n("AGUS"), &n("SLAMET")), LevelNama::Beda);
        assert_eq!(nama(&n(""), &n("SLAMET")), LevelNama::Hilang);
    }

    #[test]
    fn regions() {
        assert_eq!(
            wilayah("35.79.01.1001", "35.79.01.1001"),
            LevelWilayah::Desa
        );
        assert_eq!(
            wilayah("35.79.01.1001", "35.79.01.2005"),
            LevelWilayah::Kecamatan
        );
        assert_eq!(
            wilayah("35.79.01.1001", "35.79.02.2001"),
            LevelWilayah::KabKota
        );
        assert_eq!(
            wilayah("35.79.01.1001", "35.07.01.2001"),
            LevelWilayah::Provinsi
        );
        assert_eq!(wilayah("35.79.01.1001", ""), LevelWilayah::Hilang);
    }

    proptest! {
        #[test]
        fn comparisons_are_symmetric(a in "[0-9]{16}", b in "[0-9]{16}", x in "\\PC{0,20}", y in "\\PC{0,20}") {
            prop_assert_eq!(nik(&a, &b), nik(&b, &a));
            let (p, q) = (normal::nama(&x), normal::nama(&y));
            prop_assert_eq!(nama(&p, &q), nama(&q, &p));
            prop_assert_eq!(nama(&p, &p) == LevelNama::Sama, !p.token.is_empty());
        }
    }
}
