//! Extra comparisons: columns outside the voter schema that a user asks the
//! engine to compare (`padan link --compare NO_IDENTITAS=id`), each of one
//! kind.
//!
//! They sit in [`SLOT`] fixed places after the seven voter comparisons, all
//! with the same five levels (`sama`, `hampir`, `mirip`, `beda`, `hilang`),
//! so a pattern stays one small number and a run without extras has exactly
//! the patterns it had before (see [`crate::rekaman::Vektor::pola`]). What
//! `hampir` and `mirip` mean depends on the kind, as [`Jenis`] says.

use crate::banding;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How many extra comparisons a run may have.
pub const SLOT: usize = 4;

/// Levels of every extra comparison (the last is "missing").
pub const JUMLAH: usize = 5;

/// The levels' names, as in an explanation.
pub const NAMA_LEVEL: [&str; JUMLAH] = ["sama", "hampir", "mirip", "beda", "hilang"];

/// The kind of an extra comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Jenis {
    /// Equal or not (after trimming and upper-casing).
    Exact,
    /// Jaro-Winkler: `hampir` ≥ 0.92, `mirip` ≥ 0.80.
    Text,
    /// As the voter's name is compared: `hampir` a typing error or a token
    /// more, `mirip` close tokens or initials.
    Name,
    /// `hampir`: day and month swapped or one digit off; `mirip`: the same
    /// year.
    Date,
    /// An identifier: `hampir` one character off, `mirip` two adjacent
    /// ones swapped or two off.
    Id,
    /// A number: `hampir` within 1 %, `mirip` within 10 %.
    Number,
    /// A postcode: `hampir` the first three characters agree, `mirip` the
    /// first two.
    Postcode,
    /// A region name that resolved to no code (`KELURAHAN` of a foreign
    /// file), compared as [`Jenis::Text`]; set by the reader, not by
    /// `--compare`, so that blocking can tell it from other text.
    Wilayah,
}

impl Jenis {
    pub const SEMUA: [Jenis; 7] = [
        Jenis::Exact,
        Jenis::Text,
        Jenis::Name,
        Jenis::Date,
        Jenis::Id,
        Jenis::Number,
        Jenis::Postcode,
    ];

    /// The kind's name on the command line.
    pub fn nama(self) -> &'static str {
        match self {
            Jenis::Exact => "exact",
            Jenis::Text => "text",
            Jenis::Name => "name",
            Jenis::Date => "date",
            Jenis::Id => "id",
            Jenis::Number => "number",
            Jenis::Postcode => "postcode",
            Jenis::Wilayah => "text",
        }
    }

    pub fn dari_nama(s: &str) -> Option<Jenis> {
        let s = s.trim().to_ascii_lowercase();
        Jenis::SEMUA.into_iter().find(|j| j.nama() == s)
    }
}

/// One record's value of an extra comparison, in the form its kind
/// compares.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Nilai {
    #[default]
    Kosong,
    /// [`Jenis::Exact`]: a hash of the upper-cased text.
    Sama(u64),
    /// [`Jenis::Text`], [`Jenis::Id`] and [`Jenis::Postcode`]: the
    /// upper-cased text without spaces inside an identifier.
    Teks(Jenis, Arc<str>),
    /// [`Jenis::Name`]: the normalised name.
    Nama(Arc<str>),
    Tanggal(NaiveDate),
    Angka(f64),
}

impl Nilai {
    /// A cell's value; what cannot be read as its kind (a date that is no
    /// date, a number that is no number) is missing.
    pub fn dari(jenis: Jenis, s: &str) -> Nilai {
        let s = s.trim();
        if s.is_empty() {
            return Nilai::Kosong;
        }
        match jenis {
            Jenis::Exact => Nilai::Sama(crate::blok::hash_kunci(&s.to_uppercase())),
            Jenis::Text | Jenis::Wilayah => Nilai::Teks(jenis, s.to_uppercase().into()),
            Jenis::Id | Jenis::Postcode => {
                let t: String = s
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_uppercase)
                    .collect();
                if t.is_empty() {
                    Nilai::Kosong
                } else {
                    Nilai::Teks(jenis, t.into())
                }
            }
            Jenis::Name => {
                let n = crate::normal::nama(s);
                if n.teks().is_empty() {
                    Nilai::Kosong
                } else {
                    Nilai::Nama(n.teks().into())
                }
            }
            Jenis::Date => padan_core::tanggal::urai(s).map_or(Nilai::Kosong, Nilai::Tanggal),
            Jenis::Number => s
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map_or(Nilai::Kosong, Nilai::Angka),
        }
    }
}

/// The level of two values (index into [`NAMA_LEVEL`]); values of two
/// kinds (never within one run) or a missing one: `hilang`.
pub fn banding(a: &Nilai, b: &Nilai) -> u8 {
    const SAMA: u8 = 0;
    const HAMPIR: u8 = 1;
    const MIRIP: u8 = 2;
    const BEDA: u8 = 3;
    const HILANG: u8 = 4;
    match (a, b) {
        (Nilai::Sama(x), Nilai::Sama(y)) => {
            if x == y {
                SAMA
            } else {
                BEDA
            }
        }
        (Nilai::Teks(j, x), Nilai::Teks(k, y)) if j == k => {
            if x == y {
                return SAMA;
            }
            match j {
                Jenis::Id => match jarak_id(x.as_bytes(), y.as_bytes()) {
                    1 => HAMPIR,
                    2 => MIRIP,
                    _ => BEDA,
                },
                Jenis::Postcode => {
                    let awal = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
                    match awal {
                        3.. => HAMPIR,
                        2 => MIRIP,
                        _ => BEDA,
                    }
                }
                _ => {
                    let jw = banding::jaro_winkler(x.as_bytes(), y.as_bytes());
                    if jw >= 0.92 {
                        HAMPIR
                    } else if jw >= 0.80 {
                        MIRIP
                    } else {
                        BEDA
                    }
                }
            }
        }
        (Nilai::Nama(x), Nilai::Nama(y)) => {
            use banding::LevelNama as N;
            match banding::nama(x, y) {
                N::Sama | N::GabungSama => SAMA,
                N::SangatMirip | N::TokenTermuat => HAMPIR,
                N::Mirip | N::Inisial => MIRIP,
                N::Sebagian | N::Beda => BEDA,
                N::Hilang => HILANG,
            }
        }
        (Nilai::Tanggal(x), Nilai::Tanggal(y)) => {
            use banding::LevelTanggal as T;
            match banding::tanggal(Some(*x), Some(*y)) {
                T::Sama | T::SamaPengisi => SAMA,
                T::HariBulanTertukar | T::SatuDigit => HAMPIR,
                T::TahunSama => MIRIP,
                T::Beda => {
                    if x.year() == y.year() {
                        MIRIP
                    } else {
                        BEDA
                    }
                }
                T::Hilang => HILANG,
            }
        }
        (Nilai::Angka(x), Nilai::Angka(y)) => {
            if x == y {
                return SAMA;
            }
            let skala = x.abs().max(y.abs());
            let d = (x - y).abs() / skala;
            if d <= 0.01 {
                HAMPIR
            } else if d <= 0.10 {
                MIRIP
            } else {
                BEDA
            }
        }
        _ => HILANG,
    }
}

/// The edit distance of two identifiers, counted only up to 2 (a
/// transposition of neighbours counts 1, as a typing slip): 3 means "more".
fn jarak_id(a: &[u8], b: &[u8]) -> u8 {
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    if a.len() == b.len() {
        let beda: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        match beda.as_slice() {
            [_] => return 1,
            [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] => return 1,
            [_, _] => return 2,
            _ => {}
        }
    }
    // Insertions and deletions: the Levenshtein distance, by strsim
    // (identifiers are short; this path is rare).
    let d = strsim::levenshtein(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    d.min(3) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lv(j: Jenis, a: &str, b: &str) -> &'static str {
        NAMA_LEVEL[usize::from(banding(&Nilai::dari(j, a), &Nilai::dari(j, b)))]
    }

    #[test]
    fn each_kind_has_its_levels() {
        assert_eq!(lv(Jenis::Id, "1234567", "1234567"), "sama");
        assert_eq!(lv(Jenis::Id, "1234567", "1234568"), "hampir");
        assert_eq!(lv(Jenis::Id, "1234567", "1243567"), "hampir", "swap");
        assert_eq!(lv(Jenis::Id, "1234567", "1234598"), "mirip");
        assert_eq!(lv(Jenis::Id, "1234567", "7654321"), "beda");
        assert_eq!(lv(Jenis::Id, "123-4567", "1234567"), "sama");
        assert_eq!(lv(Jenis::Id, "", "1234567"), "hilang");
        assert_eq!(lv(Jenis::Postcode, "2615", "2615"), "sama");
        assert_eq!(lv(Jenis::Postcode, "2615", "2617"), "hampir");
        assert_eq!(lv(Jenis::Postcode, "2615", "2690"), "mirip");
        assert_eq!(lv(Jenis::Postcode, "2615", "3000"), "beda");
        assert_eq!(lv(Jenis::Exact, "vic", "VIC"), "sama");
        assert_eq!(lv(Jenis::Exact, "vic", "nsw"), "beda");
        assert_eq!(lv(Jenis::Text, "KINGSTON", "KINGSTN"), "hampir");
        assert_eq!(lv(Jenis::Text, "KINGSTON", "WODEN"), "beda");
        assert_eq!(lv(Jenis::Name, "BUDI SANTOSO", "SANTOSO BUDI"), "hampir");
        assert_eq!(lv(Jenis::Date, "1990-03-07", "1990-07-03"), "hampir");
        assert_eq!(lv(Jenis::Date, "1990-03-07", "1990-11-20"), "mirip");
        assert_eq!(lv(Jenis::Date, "bukan", "1990-11-20"), "hilang");
        assert_eq!(lv(Jenis::Number, "100", "100.5"), "hampir");
        assert_eq!(lv(Jenis::Number, "100", "108"), "mirip");
        assert_eq!(lv(Jenis::Number, "100", "200"), "beda");
        assert_eq!(lv(Jenis::Number, "seratus", "200"), "hilang");
        for j in Jenis::SEMUA {
            assert_eq!(Jenis::dari_nama(j.nama()), Some(j));
        }
        assert_eq!(Jenis::dari_nama("fuzzy"), None);
    }
}
