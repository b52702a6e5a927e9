//! Normalising Indonesian names, addresses and places into matching keys.
//!
//! A key is for comparing, not for display: two spellings of one name should
//! give one key, even where that merges some distinct names (other fields
//! tell those apart). The rules, in the order applied:
//!
//! | step | rule | example |
//! |---|---|---|
//! | 1 | upper case, `'` and `` ` `` dropped | `Ma'ruf` → `MARUF` |
//! | 2 | degrees after a comma are titles | `SITI, S.PD.` → `SITI` + [S.PD] |
//! | 3 | leading titles, trailing degrees are titles | `H. DRS. AHMAD SH` → `AHMAD` + [H, DRS, SH] |
//! | 4 | remaining punctuation separates tokens | `NUR-AINI` → `NUR AINI` |
//! | 5 | `BIN`/`BINTI` and what follows is the patronymic | `AHMAD BIN SALIM` → `AHMAD`, bin `SALIM` |
//! | 6 | Muhammad variants as a first token → `MUHAMAD` | `MOCH.`, `MOH.`, `MUH.`, `M.`, `MOHAMMAD` … |
//! | 7 | pre-1972 spelling → one key: `OE`→`U`, `DJ`→`J`, `TJ`→`C`, `SJ`→`SY`, `CH`→`KH` | `SOEKARNO` → `SUKARNO`, `TJAHJONO` → `CAHYONO` |
//! | 8 | `J`→`Y` (old `J` is today's `Y`; today's `J` from `DJ` merges with it) | `JUSUF`/`YUSUF` → `YUSUF`, `DJOKO`/`JOKO` → `YOKO` |
//! | 9 | doubled letters once | `MUHAMMAD` → `MUHAMAD`, `ABDULLAH` → `ABDULAH` |
//! | 10 | a final `Y` after a consonant → `I` | `DEWY` → `DEWI` |
//!
//! Joined and split tokens (`RATNA SARI` / `RATNASARI`) are compared through
//! [`NamaNormal::gabung`], the tokens without spaces (the `gabung-sama`
//! level of `banding::nama`).

use serde::Serialize;

/// Titles and degrees, without dots, as they appear before or after a name.
const GELAR_DEPAN: &[&str] = &[
    "H", "HJ", "HAJI", "HAJJAH", "DRS", "DRA", "DR", "IR", "PROF", "KH", "R", "RA", "RM", "RR",
    "NY", "TN", "SDR", "SDRI", "ALM", "ALMH",
];
const GELAR_BELAKANG: &[&str] = &[
    "SPD", "SPDI", "SH", "SE", "SKOM", "AMD", "AMDKEP", "AMDKEB", "SAG", "ST", "SSI", "SS", "SSOS",
    "SIP", "SKM", "SKED", "SFARM", "SPSI", "SHI", "STP", "SP", "SPT", "MPD", "MM", "MSI", "MH",
    "MT", "MAG", "MKES", "MKOM", "MA", "MSC", "PHD", "BA", "BSC",
];
const MUHAMMAD: &[&str] = &[
    "MUHAMMAD",
    "MUHAMAD",
    "MOHAMMAD",
    "MOHAMAD",
    "MOCHAMMAD",
    "MOCHAMAD",
    "MOCHAMED",
    "MOHAMED",
    "MUHAMMED",
    "MOCH",
    "MOH",
    "MUH",
    "MUHD",
    "MOHD",
    "MHD",
    "MUCHAMAD",
    "MUCHAMMAD",
    "M",
];

/// A name as a matching key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamaNormal {
    /// The name's tokens, normalised (steps 1–10).
    pub token: Vec<String>,
    /// Titles and degrees found (without dots), kept as a feature.
    pub gelar: Vec<String>,
    /// The patronymic after BIN/BINTI, normalised, if any.
    pub bin: Option<String>,
    /// The tokens joined with spaces, made once (compared many times).
    #[serde(skip)]
    teks: String,
}

impl NamaNormal {
    fn baru(token: Vec<String>, gelar: Vec<String>, bin: Option<String>) -> NamaNormal {
        NamaNormal {
            teks: token.join(" "),
            token,
            gelar,
            bin,
        }
    }

    /// The tokens joined with spaces.
    pub fn teks(&self) -> &str {
        &self.teks
    }

    /// The tokens joined without spaces (`RATNA SARI` = `RATNASARI`).
    pub fn gabung(&self) -> String {
        self.token.concat()
    }
}

/// The letters of a token: dots go (titles are written with and without),
/// and digits go (a name has none; a digit must not hide a title).
fn tanpa_titik(t: &str) -> String {
    t.chars().filter(|c| c.is_ascii_alphabetic()).collect()
}

/// Steps 7–10 on one token of letters, repeated until nothing changes (one
/// rule can make the input of another: `TJH` → `CH` → `KH`). Every rule
/// shortens the token or removes a `J` or a `C`, so this ends.
pub fn kunci_ejaan(t: &str) -> String {
    if ejaan_tetap(t) {
        return t.to_owned();
    }
    kunci_ejaan_penuh(t)
}

/// Whether no rule of [`kunci_ejaan`] touches `t` (most tokens: `SITI`,
/// `PUTRI`): no `J`, no `OE` or `CH`, no doubled letter, no `Y` ending after
/// a consonant. One pass over the letters instead of the rules' copies.
fn ejaan_tetap(t: &str) -> bool {
    let mut sebelum: Option<char> = None;
    for c in t.chars() {
        if c == 'J' {
            return false;
        }
        if let Some(p) = sebelum
            && ((p == c && c.is_ascii_alphabetic()) || matches!((p, c), ('O', 'E') | ('C', 'H')))
        {
            return false;
        }
        sebelum = Some(c);
    }
    let mut balik = t.chars().rev();
    !(t.len() > 1
        && balik.next() == Some('Y')
        && balik.next().is_some_and(|p| !"AIUEO".contains(p)))
}

fn kunci_ejaan_penuh(t: &str) -> String {
    let mut kini = t.to_owned();
    for _ in 0..16 {
        let baru = kunci_ejaan_sekali(&kini);
        if baru == kini {
            break;
        }
        kini = baru;
    }
    kini
}

fn kunci_ejaan_sekali(t: &str) -> String {
    let b: Vec<char> = t.chars().collect();
    let mut s = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (c, n) = (b[i], b.get(i + 1).copied());
        let (out, step) = match (c, n) {
            ('O', Some('E')) => ("U", 2),
            ('D', Some('J')) => ("J", 2),
            ('T', Some('J')) => ("C", 2),
            ('S', Some('J')) => ("SY", 2),
            ('C', Some('H')) => ("KH", 2),
            _ => ("", 1),
        };
        if out.is_empty() {
            s.push(c);
        } else {
            s.push_str(out);
        }
        i += step;
    }
    let s: String = s.chars().map(|c| if c == 'J' { 'Y' } else { c }).collect();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.ends_with(c) && c.is_ascii_alphabetic() {
            continue;
        }
        out.push(c);
    }
    if out.len() > 1 && out.ends_with('Y') {
        let prev = out.chars().rev().nth(1).unwrap_or('A');
        if !"AIUEO".contains(prev) {
            out.pop();
            out.push('I');
        }
    }
    out
}

/// A token of a name before its key is taken: its letters and digits, and
/// whether it was written with a dot (an abbreviation or a title).
struct Token {
    teks: String,
    bertitik: bool,
}

/// A title or degree: in the list as written or as a key; single letters
/// (`H.`, `R.`) only with their dot, so a one-letter name is not taken.
fn gelar_dari(t: &Token, daftar: &[&str]) -> bool {
    (t.bertitik || t.teks.len() >= 2)
        && (daftar.contains(&t.teks.as_str())
            || (!ejaan_tetap(&t.teks) && daftar.contains(&kunci_ejaan(&t.teks).as_str())))
}

/// Normalises a name (see the module's rule table). Normalising a key again
/// gives the same key.
pub fn nama(s: &str) -> NamaNormal {
    let up: String = s
        .to_uppercase()
        .chars()
        .filter(|c| *c != '\'' && *c != '`' && *c != '’')
        .collect();
    let mut gelar = Vec::new();
    let (inti, sesudah_koma) = match up.split_once(',') {
        Some((a, b)) => (a.to_owned(), Some(b.to_owned())),
        None => (up.clone(), None),
    };
    if let Some(b) = sesudah_koma {
        gelar.extend(
            b.split([',', ' '])
                .map(tanpa_titik)
                .filter(|g| !g.is_empty()),
        );
    }
    // Pieces between anything but letters, digits and dots; a piece that is
    // a title or a Muhammad form stays whole, others split at their dots.
    let mut toks: Vec<Token> = Vec::new();
    for piece in inti
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .filter(|p| !p.is_empty())
    {
        let polos = tanpa_titik(piece);
        if polos.is_empty() {
            continue;
        }
        let utuh = Token {
            teks: polos.clone(),
            bertitik: piece.contains('.'),
        };
        if gelar_dari(&utuh, GELAR_DEPAN)
            || gelar_dari(&utuh, GELAR_BELAKANG)
            || MUHAMMAD.contains(&polos.as_str())
        {
            toks.push(utuh);
        } else {
            // Letters only here too, so a digit never hides a title.
            toks.extend(
                piece
                    .split('.')
                    .map(tanpa_titik)
                    .filter(|p| !p.is_empty())
                    .map(|teks| Token {
                        teks,
                        bertitik: false,
                    }),
            );
        }
    }
    while toks.len() > 1 && gelar_dari(&toks[0], GELAR_DEPAN) {
        gelar.push(toks.remove(0).teks);
    }
    while toks.len() > 1 && toks.last().is_some_and(|t| gelar_dari(t, GELAR_BELAKANG)) {
        if let Some(t) = toks.pop() {
            gelar.push(t.teks);
        }
    }
    let mut token: Vec<String> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if i == 0
            && toks.len() > 1
            && (MUHAMMAD.contains(&t.teks.as_str())
                || MUHAMMAD.contains(&kunci_ejaan(&t.teks).as_str()))
            && (t.teks.len() > 1 || t.bertitik)
        {
            token.push("MUHAMMAD".into());
            continue;
        }
        let huruf: String = t.teks.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        if !huruf.is_empty() {
            token.push(huruf);
        }
    }
    let mut bin = None;
    if let Some(pos) = token.iter().position(|t| t == "BIN" || t == "BINTI")
        && pos > 0
    {
        let ayah: Vec<String> = token.drain(pos..).skip(1).collect();
        if !ayah.is_empty() {
            bin = Some(
                ayah.iter()
                    .map(|t| kunci_ejaan(t))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    let token = token.iter().map(|t| kunci_ejaan(t)).collect();
    NamaNormal::baru(token, gelar, bin)
}

/// Normalises an address: common abbreviations to one form, RT/RW padded,
/// punctuation to spaces.
pub fn alamat(s: &str) -> String {
    let up = s.to_uppercase();
    let spaced: String = up
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let toks: Vec<&str> = spaced.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let norm = match t {
            "JL" | "JLN" | "JALAN" => "JL".to_owned(),
            "DSN" | "DUSUN" | "DK" | "DUKUH" => "DSN".to_owned(),
            "GG" | "GANG" => "GG".to_owned(),
            "NO" | "NOMOR" | "NOMER" => "NO".to_owned(),
            "PERUM" | "PERUMAHAN" => "PERUM".to_owned(),
            "KEL" | "KELURAHAN" => "KEL".to_owned(),
            "DS" | "DESA" => "DS".to_owned(),
            "KEC" | "KECAMATAN" => "KEC".to_owned(),
            "KAB" | "KABUPATEN" => "KAB".to_owned(),
            "BLK" | "BLOK" => "BLOK".to_owned(),
            "RT" | "RW" => {
                // RT 3 / RT003 / RT.03 → RT 003
                if let Some(n) = toks.get(i + 1).and_then(|n| n.parse::<u32>().ok()) {
                    out.push(format!("{t} {n:03}"));
                    i += 2;
                    continue;
                }
                t.to_owned()
            }
            _ => {
                let (huruf, angka): (String, String) = (
                    t.chars().take_while(|c| c.is_ascii_alphabetic()).collect(),
                    t.chars().skip_while(|c| c.is_ascii_alphabetic()).collect(),
                );
                if (huruf == "RT" || huruf == "RW")
                    && !angka.is_empty()
                    && angka.chars().all(|c| c.is_ascii_digit())
                {
                    format!("{huruf} {:03}", angka.parse::<u32>().unwrap_or(0))
                } else if t.chars().all(|c| c.is_ascii_digit()) {
                    // House numbers without leading zeros: 03 = 3.
                    let n = t.trim_start_matches('0');
                    if n.is_empty() {
                        "0".to_owned()
                    } else {
                        n.to_owned()
                    }
                } else {
                    t.to_owned()
                }
            }
        };
        out.push(norm);
        i += 1;
    }
    out.join(" ")
}

/// Normalises a place (of birth): the KAB./KOTA prefix dropped, spelling keys
/// per token.
pub fn tempat(s: &str) -> String {
    let up = s.to_uppercase();
    let spaced: String = up
        .chars()
        .map(|c| if c.is_ascii_alphabetic() { c } else { ' ' })
        .collect();
    let mut toks: Vec<&str> = spaced.split_whitespace().collect();
    while toks.len() > 1
        && matches!(
            toks[0],
            "KAB" | "KABUPATEN" | "KOTA" | "KOTAMADYA" | "KODYA" | "KOTIF"
        )
    {
        toks.remove(0);
    }
    toks.iter()
        .map(|t| kunci_ejaan(t))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_are_features_not_name() {
        let n = nama("H. DRS. AHMAD FAUZI, S.PD., M.M.");
        assert_eq!(n.teks(), "AHMAD FAUZI");
        assert_eq!(n.gelar, ["SPD", "MM", "H", "DRS"]);
        assert_eq!(nama("HJ. SITI AMINAH SE").teks(), "SITI AMINAH");
        // A one-word name that is also a title stays a name.
        assert_eq!(nama("DR").teks(), "DR");
    }

    #[test]
    fn old_spellings_and_variants_meet() {
        for (a, b) in [
            ("SOEKARNO", "SUKARNO"),
            ("DJOKO SANTOSO", "JOKO SANTOSO"),
            ("TJAHJONO", "CAHYONO"),
            ("JUSUF", "YUSUF"),
            ("SJAHRIR", "SYAHRIR"),
            ("CHAIRUL", "KHAIRUL"),
            ("MOCH. RIZKY", "MUHAMMAD RIZKY"),
            ("M. RIZKY", "MOHAMAD RIZKY"),
            ("DEWY", "DEWI"),
            ("Ma'ruf", "MARUF"),
        ] {
            assert_eq!(nama(a).teks(), nama(b).teks(), "{a} / {b}");
        }
        assert_eq!(nama("RATNA SARI").gabung(), nama("RATNASARI").gabung());
        assert_ne!(nama("BUDI").teks(), nama("BUDIMAN").teks());
    }

    #[test]
    fn patronymics() {
        let n = nama("AHMAD BIN SALIM");
        assert_eq!(n.teks(), "AHMAD");
        assert_eq!(n.bin.as_deref(), Some("SALIM"));
        assert_eq!(nama("NUR BINTI ABDULLAH").bin.as_deref(), Some("ABDULAH"));
    }

    #[test]
    fn addresses_and_places() {
        assert_eq!(
            alamat("Jln. Diponegoro No.3 RT 3/RW.05"),
            alamat("JALAN DIPONEGORO NOMOR 3 RT003 RW 5")
        );
        assert_eq!(
            alamat("Dusun Krajan RT.01 RW.02"),
            "DSN KRAJAN RT 001 RW 002"
        );
        assert_eq!(tempat("Kab. Malang"), tempat("MALANG"));
        assert_eq!(tempat("KOTA BATU"), "BATU");
    }

    proptest! {
        #[test]
        fn the_quick_spelling_check_changes_nothing(s in "[A-Z OEJCHYDTS\\.é]{0,12}") {
            prop_assert_eq!(kunci_ejaan(&s), kunci_ejaan_penuh(&s));
        }

        #[test]
        fn keys_are_stable_and_plain(s in "\\PC{0,40}") {
            let n = nama(&s);
            let again = nama(n.teks());
            prop_assert_eq!(&again.token, &n.token);
            prop_assert!(n.teks().chars().all(|c| c.is_ascii_uppercase() || c == ' '));
            let a = alamat(&s);
            prop_assert_eq!(alamat(&a), a.clone());
            let t = tempat(&s);
            prop_assert_eq!(tempat(&t), t);
        }
    }
}
