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

/// An identity number of digits only (a NIK, an NKK, or another source's
/// number such as FEBRL's `soc_sec_id`).
fn angka(s: &str) -> Option<&[u8]> {
    let b = s.as_bytes();
    (b.len() >= 4 && b.iter().all(u8::is_ascii_digit)).then_some(b)
}

/// NIK (or another source's identity number).
///
/// The date part of a 16-digit NIK is a function of the birth date and
/// sex, which are compared on their own: counting it again would add the
/// same evidence twice (the cause of the first model's false matches). So
/// when the stated birth dates agree (`tanggal_sama`), the NIK is judged on
/// what it adds: a typo in its region part still counts as a typo, but a
/// difference in the serial only says "same region" (two people of one
/// kecamatan born on one day, twins above all, get serials a digit apart).
/// When the dates do not agree, `TanggalSama` (the NIK's date part agrees)
/// is a sign that one stated date is wrong.
pub fn nik(a: &str, b: &str, tanggal_sama: bool) -> LevelNik {
    let (Some(x), Some(y)) = (angka(a), angka(b)) else {
        return LevelNik::Hilang;
    };
    if x == y {
        return LevelNik::Sama;
    }
    let nik16 = x.len() == 16 && y.len() == 16;
    if x.len() == y.len() {
        let mut beda = (0..x.len()).filter(|&i| x[i] != y[i]);
        let (i, j, k) = (beda.next(), beda.next(), beda.next());
        // With the dates agreeing, only a slip in the region part counts.
        let boleh = |p: usize| !(nik16 && tanggal_sama) || p < 6;
        match (i, j, k) {
            (Some(i), None, _) if boleh(i) => return LevelNik::SatuDigit,
            (Some(i), Some(j), None) if j == i + 1 && x[i] == y[j] && x[j] == y[i] && boleh(j) => {
                return LevelNik::Transposisi;
            }
            _ => {}
        }
    }
    if !nik16 {
        return LevelNik::Beda;
    }
    if !tanggal_sama && x[6..12] == y[6..12] {
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
    /// Same tokens, one of them with a typing error (token Jaro-Winkler
    /// ≥ 0.9 each, and the whole ≥ 0.92).
    SangatMirip,
    /// Every token of the shorter name is in the longer one
    /// (`BUDI SANTOSO` / `BUDI SANTOSO WIBOWO`).
    TokenTermuat,
    /// Every token of the shorter name has a close token (≥ 0.85) in the
    /// other.
    Mirip,
    /// The initials agree and a full token too (`B SANTOSO` / `BUDI
    /// SANTOSO`).
    Inisial,
    /// At least one whole token (of three letters or more) is shared:
    /// `MOLLY MCCARTHY` / `JAROD MCCARTHY`; weak, common first names
    /// (SITI) share it often.
    Sebagian,
    Beda,
    Hilang,
}

/// How well the tokens of `a` are found in `b`: for each token of `a`, its
/// best Jaro-Winkler against `b`'s tokens; the weakest of these. A shared
/// common first token (MUHAMAD, SITI) therefore does not make two names
/// alike, as it does for Jaro-Winkler over the whole string.
fn token_termuat(a: &NamaNormal, b: &NamaNormal) -> f64 {
    a.token
        .iter()
        .map(|x| {
            b.token
                .iter()
                .map(|y| strsim::jaro_winkler(x, y))
                .fold(0.0, f64::max)
        })
        .fold(1.0, f64::min)
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
    // Either way round: the comparison must not depend on which record
    // comes first.
    let (pendek, panjang) = if (a.token.len(), a.teks()) <= (b.token.len(), b.teks()) {
        (a, b)
    } else {
        (b, a)
    };
    let termuat = token_termuat(pendek, panjang);
    if a.token.len() == b.token.len()
        && termuat >= 0.9
        && token_termuat(panjang, pendek) >= 0.9
        && strsim::jaro_winkler(a.teks(), b.teks()) >= 0.92
    {
        return LevelNama::SangatMirip;
    }
    if termuat >= 1.0 {
        return LevelNama::TokenTermuat;
    }
    if termuat >= 0.85 {
        return LevelNama::Mirip;
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
    if a.token.iter().any(|x| x.len() >= 3 && b.token.contains(x)) {
        return LevelNama::Sebagian;
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
    /// The same family card (NKK): one household.
    Kk,
    /// Same desa, the same RT/RW and the same address.
    Alamat,
    /// Same desa and the same RT/RW.
    RtRw,
    Desa,
    Kecamatan,
    KabKota,
    Provinsi,
    Beda,
    Hilang,
}

/// Where two records live, as one hierarchy: the family card (NKK), then
/// desa codes (`PP.KK.CC.DDDD`), then, within one desa, RT/RW (`003/005`,
/// empty when unknown) and the normalised address. One comparison rather
/// than four: a household shares its card, address and RT, and the address
/// is only telling within one desa (many share a dusun's name); counted
/// apart they would add the same evidence several times over (a father
/// and his son named after him looked like one person).
pub fn wilayah(a: &Tempat, b: &Tempat) -> LevelWilayah {
    if digit16(a.nkk).is_some() && a.nkk == b.nkk {
        return LevelWilayah::Kk;
    }
    let (da, db) = (a.desa, b.desa);
    if da.len() != 13 || db.len() != 13 {
        return LevelWilayah::Hilang;
    }
    if da == db {
        match (
            !a.rtrw.is_empty() && a.rtrw == b.rtrw,
            !a.alamat.is_empty() && a.alamat == b.alamat,
        ) {
            (true, true) => LevelWilayah::Alamat,
            (true, false) => LevelWilayah::RtRw,
            _ => LevelWilayah::Desa,
        }
    } else if da.get(..8) == db.get(..8) {
        LevelWilayah::Kecamatan
    } else if da.get(..5) == db.get(..5) {
        LevelWilayah::KabKota
    } else if da.get(..2) == db.get(..2) {
        LevelWilayah::Provinsi
    } else {
        LevelWilayah::Beda
    }
}

/// Where a record lives, for [`wilayah`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Tempat<'a> {
    pub nkk: &'a str,
    pub desa: &'a str,
    pub rtrw: &'a str,
    pub alamat: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LevelAlamat {
    Sama,
    /// Jaro-Winkler ≥ 0.88 between the normalised addresses.
    Mirip,
    Beda,
    Hilang,
}

/// Two normalised addresses (see [`crate::normal::alamat`]), for records
/// without desa codes (another source's files); with desa codes the
/// address is part of [`wilayah`].
pub fn alamat(a: &str, b: &str) -> LevelAlamat {
    if a.is_empty() || b.is_empty() {
        LevelAlamat::Hilang
    } else if a == b {
        LevelAlamat::Sama
    } else if strsim::jaro_winkler(a, b) >= 0.88 {
        LevelAlamat::Mirip
    } else {
        LevelAlamat::Beda
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
        assert_eq!(nik(a, a, true), LevelNik::Sama);
        assert_eq!(nik(a, "3579014703900002", false), LevelNik::SatuDigit);
        assert_eq!(nik(a, "3579014703900010", false), LevelNik::Transposisi);
        // Same date: a serial a digit apart is another person of the same
        // region and day; a slip in the region part is still a typo.
        assert_eq!(nik(a, "3579014703900002", true), LevelNik::WilayahSama);
        assert_eq!(nik(a, "3579024703900001", true), LevelNik::SatuDigit);
        assert_eq!(nik(a, "3507014703900123", false), LevelNik::TanggalSama);
        // The date part adds nothing when the stated dates already agree.
        assert_eq!(nik(a, "3507014703900123", true), LevelNik::Beda);
        assert_eq!(nik(a, "3579010101800123", false), LevelNik::WilayahSama);
        assert_eq!(nik(a, "1101010101800123", false), LevelNik::Beda);
        assert_eq!(nik(a, "", true), LevelNik::Hilang);
        assert_eq!(nik("5304218", "5304281", false), LevelNik::Transposisi);
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
            LevelNama::TokenTermuat
        );
        assert_eq!(
            nama(&n("MUHAMMAD RAHMAT"), &n("MUHAMMAD ARIFIN")),
            LevelNama::Sebagian,
            "a shared common first name is not a likeness, only a shared token"
        );
        assert_eq!(
            nama(&n("SANTOSO BUDI"), &n("BUDI SANTOSO WIBOWO")),
            LevelNama::TokenTermuat
        );
        assert_eq!(nama(&n("AGUS"), &n("SLAMET")), LevelNama::Beda);
        assert_eq!(
            nama(&n("MOLLY MCCARTHY"), &n("JAROD MCCARTHY")),
            LevelNama::Sebagian
        );
        assert_eq!(nama(&n(""), &n("SLAMET")), LevelNama::Hilang);
    }

    #[test]
    fn regions() {
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "001/002",
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "001/002",
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Alamat
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "001/002",
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "001/002",
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::RtRw
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "001/002",
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "",
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Desa
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.79.01.2005",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Kecamatan
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.79.02.2001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::KabKota
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "35.07.01.2001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Provinsi
        );
        let kk = "3579011203150004";
        assert_eq!(
            wilayah(
                &Tempat {
                    nkk: kk,
                    ..Tempat::default()
                },
                &Tempat {
                    nkk: kk,
                    desa: "35.79.01.1001",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Kk
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: "35.79.01.1001",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: "",
                    rtrw: "",
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Hilang
        );
    }

    proptest! {
        #[test]
        fn comparisons_are_symmetric(a in "[0-9]{16}", b in "[0-9]{16}", x in "\\PC{0,20}", y in "\\PC{0,20}") {
            prop_assert_eq!(nik(&a, &b, false), nik(&b, &a, false));
            let (p, q) = (normal::nama(&x), normal::nama(&y));
            prop_assert_eq!(nama(&p, &q), nama(&q, &p));
            prop_assert_eq!(nama(&p, &p) == LevelNama::Sama, !p.token.is_empty());
        }
    }
}
