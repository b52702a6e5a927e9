//! Masking of personal identifiers for logs, messages and public outputs.
//!
//! UU 27/2022 (PDP) and the 2023 leak: a full NIK, NKK or birth date must never
//! reach a log line, an error message or a checkpoint.

/// `3579014703900001` → `357901********01`: the region of issue stays (it is
/// public knowledge), the birth-date part and most of the serial go.
pub fn nik(raw: &str) -> String {
    let raw = raw.trim();
    // A NIK is ASCII digits: sliced by bytes, no per-character copy (a
    // lineage masks a million of them).
    if raw.is_ascii() {
        let n = raw.len();
        if n <= 8 {
            return "*".repeat(n);
        }
        let mut s = String::with_capacity(n);
        s.push_str(raw.get(..6).unwrap_or(""));
        s.extend(std::iter::repeat_n('*', n - 8));
        s.push_str(raw.get(n - 2..).unwrap_or(""));
        return s;
    }
    nik_per_huruf(raw)
}

/// [`nik`] counted in characters, for text that is not ASCII.
fn nik_per_huruf(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let n = chars.len();
    if n <= 8 {
        return "*".repeat(n);
    }
    let head: String = chars.iter().take(6).collect();
    let tail: String = chars.iter().skip(n - 2).collect();
    format!("{head}{}{tail}", "*".repeat(n - 8))
}

/// A birth date keeps only its year: `1990-**-**`.
pub fn tanggal(d: chrono::NaiveDate) -> String {
    format!("{}-**-**", d.format("%Y"))
}

/// A date written as text (`1990-03-07`, `07-03-1990`): only its year, when
/// it reads as a date; otherwise all stars.
pub fn tanggal_teks(s: &str) -> String {
    match crate::tanggal::urai(s) {
        Ok(d) => tanggal(d),
        Err(_) => "*".repeat(s.trim().chars().count()),
    }
}

/// A date as typed that did not read as one (`31-02-1990`, `7/3/90x`): its
/// digits masked but for a four-digit year, `**-**-1990`. A mistyped birth
/// date is still a birth date.
pub fn tanggal_mentah(s: &str) -> String {
    let t = s.trim();
    let mut out = String::with_capacity(t.len());
    let mut digit = String::new();
    let lepas = |digit: &mut String, out: &mut String| {
        let tahun = digit.chars().count() == 4;
        out.extend(digit.chars().map(|c| if tahun { c } else { '*' }));
        digit.clear();
    };
    for c in t.chars() {
        if c.is_ascii_digit() {
            digit.push(c);
        } else {
            lepas(&mut digit, &mut out);
            out.push(c);
        }
    }
    lepas(&mut digit, &mut out);
    out
}

/// A name as the public lookup may show it: each word keeps its first three
/// letters (fewer in a short word, so that a star always hides one),
/// `SITI RAHAYU` → `SIT* RAH***`. The holder recognises it; a list of such
/// names is no list of voters.
pub fn nama(v: &str) -> String {
    v.split_whitespace()
        .map(|w| {
            let n = w.chars().count();
            let tampak = 3.min(n.saturating_sub(1));
            w.chars()
                .enumerate()
                .map(|(i, c)| if i < tampak { c } else { '*' })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An element's value as it may be shown: NIK, NKK and birth date masked.
pub fn nilai(e: crate::pemilih::Elemen, v: &str) -> String {
    use crate::pemilih::Elemen;
    match e {
        Elemen::Nik | Elemen::Nkk => nik(v),
        Elemen::TanggalLahir => tanggal_teks(v),
        _ => v.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// The byte-sliced path masks as the per-character one would.
        #[test]
        fn ascii_masks_as_per_character(s in "[ 0-9A-Za-z*]{0,24}") {
            proptest::prop_assert_eq!(super::nik(&s), super::nik_per_huruf(s.trim()));
        }
    }

    #[test]
    fn a_name_keeps_three_letters_a_word() {
        assert_eq!(super::nama("SITI RAHAYU"), "SIT* RAH***");
        assert_eq!(super::nama("  NUR  A "), "NU* *");
        assert_eq!(super::nama("ÉDI"), "ÉD*");
        assert_eq!(super::nama(""), "");
    }

    #[test]
    fn masks_the_date_part() {
        assert_eq!(super::nik("3579014703900001"), "357901********01");
        assert_eq!(super::nik("123"), "***");
        assert!(!super::nik("3579014703900001").contains("470390"));
        assert_eq!(super::tanggal_teks("07-03-1990"), "1990-**-**");
        assert_eq!(super::tanggal_mentah("31-02-1990"), "**-**-1990");
        assert_eq!(super::tanggal_mentah("07031990"), "********");
        assert_eq!(
            super::nilai(crate::pemilih::Elemen::TanggalLahir, "1990-03-07"),
            "1990-**-**"
        );
    }
}
