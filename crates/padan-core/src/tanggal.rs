//! Dates as they come in Indonesian files: `1990-03-07`, `07-03-1990`,
//! `07/03/1990`, `07.03.1990`, `7-3-1990`, `19900307`.

use chrono::NaiveDate;

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GalatTanggal {
    /// Not in any accepted layout.
    Format,
    /// In a layout, but no such day (31-02-1990).
    TidakAda,
}

/// Parses a date in the layouts above. Day first unless the first part has
/// four digits (ISO).
pub fn urai(teks: &str) -> Result<NaiveDate, GalatTanggal> {
    let t = teks.trim();
    // A datetime from a spreadsheet ("1990-03-07 00:00:00"): keep the date.
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    // Up to three parts, without collecting them (a date per row read).
    let mut it = t.split(['-', '/', '.']);
    let parts = (it.next(), it.next(), it.next(), it.next());
    let (y, m, d) = match parts {
        (Some(a), None, _, _) if a.len() == 8 && a.bytes().all(|b| b.is_ascii_digit()) => {
            (&a[0..4], &a[4..6], &a[6..8])
        }
        (Some(a), Some(b), Some(c), None) if a.len() == 4 => (a, b, c),
        (Some(a), Some(b), Some(c), None) if c.len() == 4 => (c, b, a),
        _ => return Err(GalatTanggal::Format),
    };
    let angka = |s: &str| -> Result<u32, GalatTanggal> {
        if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(GalatTanggal::Format);
        }
        s.parse().map_err(|_| GalatTanggal::Format)
    };
    let (y, m, d) = (angka(y)?, angka(m)?, angka(d)?);
    let y = i32::try_from(y).map_err(|_| GalatTanggal::Format)?;
    NaiveDate::from_ymd_opt(y, m, d).ok_or(GalatTanggal::TidakAda)
}

/// `YYYY-MM-DD`, written by hand: chrono's formatter parses its pattern on
/// every call, and the import writes a date per row.
pub fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, dd) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return d.format("%Y-%m-%d").to_string();
    }
    let y = y as u32;
    let b = [
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (dd / 10) as u8,
        b'0' + (dd % 10) as u8,
    ];
    b.iter().map(|&c| c as char).collect()
}

/// Age in whole years on `pada`.
pub fn umur(lahir: NaiveDate, pada: NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut u = pada.year() - lahir.year();
    if (pada.month(), pada.day()) < (lahir.month(), lahir.day()) {
        u -= 1;
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn layouts() {
        let d = NaiveDate::from_ymd_opt(1990, 3, 7).unwrap();
        for t in [
            "1990-03-07",
            "07-03-1990",
            "07/03/1990",
            "7-3-1990",
            "07.03.1990",
            "19900307",
            "1990-03-07 00:00:00",
        ] {
            assert_eq!(urai(t), Ok(d), "{t}");
        }
        assert_eq!(urai("31-02-1990"), Err(GalatTanggal::TidakAda));
        assert_eq!(urai("kemarin"), Err(GalatTanggal::Format));
        assert_eq!(urai(""), Err(GalatTanggal::Format));
    }

    #[test]
    fn age_turns_on_the_birthday() {
        let lahir = NaiveDate::from_ymd_opt(2007, 2, 14).unwrap();
        assert_eq!(
            umur(lahir, NaiveDate::from_ymd_opt(2024, 2, 13).unwrap()),
            16
        );
        assert_eq!(
            umur(lahir, NaiveDate::from_ymd_opt(2024, 2, 14).unwrap()),
            17
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") { let _ = urai(&s); }

        #[test]
        fn iso_matches_chrono(o in 0u64..60000) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(o);
            prop_assert_eq!(iso(d), d.format("%Y-%m-%d").to_string());
        }

        #[test]
        fn round_trips(y in 1900i32..2100, o in 0u32..36500) {
            let d = NaiveDate::from_ymd_opt(y, 1, 1).unwrap() + chrono::Days::new(u64::from(o % 365));
            prop_assert_eq!(urai(&d.format("%d-%m-%Y").to_string()), Ok(d));
            prop_assert_eq!(urai(&d.format("%Y-%m-%d").to_string()), Ok(d));
        }
    }
}
