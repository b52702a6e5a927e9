//! Comparisons: each pair of values gives a level, from full agreement down
//! to disagreement. `Hilang` (missing on either side) is its own level: the
//! model treats it as neither agreement nor disagreement.

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

/// An identity number of digits only (a NIK, an NKK, or another source's
/// number such as FEBRL's `soc_sec_id`), held inline as four bits a digit:
/// no allocation per record, equality is one integer comparison, and the
/// digits that differ are the non-zero nibbles of an XOR. Fewer than 4 or
/// more than 24 digits, or anything but digits: missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Angka {
    /// Digit i (from the left) in bits 4i..4i+4.
    v: u128,
    n: u8,
}

/// The low bit of every nibble.
const NIBBLE_RENDAH: u128 = 0x1111_1111_1111_1111_1111_1111;

impl Angka {
    pub fn dari(s: &str) -> Angka {
        let b = s.trim().as_bytes();
        if !(4..=24).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) {
            return Angka::default();
        }
        let mut v = 0u128;
        for (i, c) in b.iter().enumerate() {
            v |= u128::from(c - b'0') << (4 * i);
        }
        Angka {
            v,
            n: b.len() as u8,
        }
    }

    pub fn ada(&self) -> bool {
        self.n > 0
    }

    pub fn panjang(&self) -> usize {
        usize::from(self.n)
    }

    /// Digit `i` from the left.
    pub fn digit(&self, i: usize) -> u8 {
        ((self.v >> (4 * i)) & 0xF) as u8
    }

    pub fn teks(&self) -> String {
        (0..self.panjang())
            .map(|i| char::from(b'0' + self.digit(i)))
            .collect()
    }

    /// A mask with the low bit of each nibble set where the digits of two
    /// numbers differ.
    fn beda(&self, lain: &Angka) -> u128 {
        let x = self.v ^ lain.v;
        (x | x >> 1 | x >> 2 | x >> 3) & NIBBLE_RENDAH
    }

    /// Whether digits `dari..sampai` are equal.
    fn sama_di(&self, lain: &Angka, dari: usize, sampai: usize) -> bool {
        let lebar = 4 * (sampai - dari);
        let mask = ((1u128 << lebar) - 1) << (4 * dari);
        (self.v ^ lain.v) & mask == 0
    }
}

/// NIK (or another source's identity number), as text.
pub fn nik(a: &str, b: &str, tanggal_sama: bool) -> LevelNik {
    nik_angka(&Angka::dari(a), &Angka::dari(b), tanggal_sama)
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
pub fn nik_angka(a: &Angka, b: &Angka, tanggal_sama: bool) -> LevelNik {
    if !a.ada() || !b.ada() {
        return LevelNik::Hilang;
    }
    if a == b {
        return LevelNik::Sama;
    }
    let nik16 = a.n == 16 && b.n == 16;
    if a.n == b.n {
        let beda = a.beda(b);
        // With the dates agreeing, only a slip in the region part counts.
        let boleh = |p: usize| !(nik16 && tanggal_sama) || p < 6;
        let i = (beda.trailing_zeros() / 4) as usize;
        match beda.count_ones() {
            1 if boleh(i) => return LevelNik::SatuDigit,
            2 => {
                let j = ((beda & (beda - 1)).trailing_zeros() / 4) as usize;
                if j == i + 1 && a.digit(i) == b.digit(j) && a.digit(j) == b.digit(i) && boleh(j) {
                    return LevelNik::Transposisi;
                }
            }
            _ => {}
        }
    }
    if !nik16 {
        return LevelNik::Beda;
    }
    if !tanggal_sama && a.sama_di(b, 6, 12) {
        LevelNik::TanggalSama
    } else if a.sama_di(b, 0, 6) {
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
    // YYYYMMDD as a number, compared digit by digit (no formatting: most
    // pairs compared have different dates).
    let angka =
        |d: NaiveDate| d.year().rem_euclid(10_000) as u32 * 10_000 + d.month() * 100 + d.day();
    let (mut p, mut q, mut beda) = (angka(x), angka(y), 0);
    for _ in 0..8 {
        beda += u32::from(p % 10 != q % 10);
        p /= 10;
        q /= 10;
    }
    if beda == 1 {
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

/// Jaro-Winkler over bytes, as `strsim::jaro_winkler` computes it (the
/// prefix bonus above 0.7, up to four characters), without allocating:
/// normalised names are short ASCII, and this runs for every pair compared.
pub fn jaro_winkler(a: &[u8], b: &[u8]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    if la > 64 || lb > 64 {
        return strsim::jaro_winkler(&String::from_utf8_lossy(a), &String::from_utf8_lossy(b));
    }
    if la == 0 && lb == 0 {
        return 1.0;
    }
    if la == 0 || lb == 0 {
        return 0.0;
    }
    let jangkau = (la.max(lb) / 2).saturating_sub(1);
    let (mut fa, mut fb) = (0u64, 0u64);
    let mut cocok = 0usize;
    for (i, x) in a.iter().enumerate() {
        let lo = i.saturating_sub(jangkau);
        let hi = (i + jangkau + 1).min(lb);
        for (j, y) in b.iter().enumerate().take(hi).skip(lo) {
            if fb & (1 << j) == 0 && x == y {
                fa |= 1 << i;
                fb |= 1 << j;
                cocok += 1;
                break;
            }
        }
    }
    if cocok == 0 {
        return 0.0;
    }
    let mut tukar = 0usize;
    let mut j = 0usize;
    for (i, x) in a.iter().enumerate() {
        if fa & (1 << i) != 0 {
            while fb & (1 << j) == 0 {
                j += 1;
            }
            tukar += usize::from(*x != b[j]);
            j += 1;
        }
    }
    let m = cocok as f64;
    let jaro = (m / la as f64 + m / lb as f64 + (m - (tukar / 2) as f64) / m) / 3.0;
    if jaro > 0.7 {
        let awalan = a.iter().zip(b).take(4).take_while(|(p, q)| p == q).count();
        jaro + 0.1 * awalan as f64 * (1.0 - jaro)
    } else {
        jaro
    }
}

/// Most tokens a name is compared on; a longer name's extra tokens join
/// the last one (no real name has so many, and the exact levels compare
/// the whole text first).
const MAKS_TOKEN: usize = 12;

/// A name's tokens, split once and kept on the stack: a comparison looks
/// at them many times over.
struct Token<'a> {
    t: [&'a [u8]; MAKS_TOKEN],
    n: usize,
}

impl<'a> Token<'a> {
    fn dari(nama: &'a str) -> Token<'a> {
        let mut t: [&[u8]; MAKS_TOKEN] = [&[]; MAKS_TOKEN];
        let mut n = 0;
        let b = nama.as_bytes();
        let mut mulai = None;
        for (i, c) in b.iter().enumerate() {
            match (c == &b' ', mulai) {
                (false, None) => mulai = Some(i),
                (true, Some(m)) if n + 1 < MAKS_TOKEN => {
                    t[n] = &b[m..i];
                    n += 1;
                    mulai = None;
                }
                _ => {}
            }
        }
        if let Some(m) = mulai {
            t[n] = &b[m..];
            n += 1;
        }
        Token { t, n }
    }

    fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        self.t[..self.n].iter().copied()
    }
}

/// How well the tokens of `a` are found in `b`: for each token of `a`, its
/// best Jaro-Winkler against `b`'s tokens; the weakest of these. A shared
/// common first token (MUHAMAD, SITI) therefore does not make two names
/// alike, as it does for Jaro-Winkler over the whole string.
///
/// Below `cukup` the exact value no longer matters to any level, so the
/// search stops there (most pairs compared share no token at all).
fn token_termuat(a: &Token, b: &Token, cukup: f64) -> f64 {
    let mut terlemah = 1.0f64;
    for x in a.iter() {
        let mut terbaik = 0.0f64;
        for y in b.iter() {
            if x == y {
                terbaik = 1.0;
                break;
            }
            terbaik = terbaik.max(jaro_winkler(x, y));
        }
        terlemah = terlemah.min(terbaik);
        if terlemah < cukup {
            break;
        }
    }
    terlemah
}

/// The same once spaces are ignored.
fn sama_tanpa_spasi(a: &str, b: &str) -> bool {
    a.bytes()
        .filter(|c| *c != b' ')
        .eq(b.bytes().filter(|c| *c != b' '))
}

/// Two normalised names (tokens joined by single spaces, see
/// [`crate::normal::NamaNormal::teks`]).
pub fn nama(a: &str, b: &str) -> LevelNama {
    if a.is_empty() || b.is_empty() {
        return LevelNama::Hilang;
    }
    if a == b {
        return LevelNama::Sama;
    }
    if sama_tanpa_spasi(a, b) {
        return LevelNama::GabungSama;
    }
    let (ta, tb) = (Token::dari(a), Token::dari(b));
    let (na, nb) = (ta.n, tb.n);
    // Either way round: the comparison must not depend on which record
    // comes first.
    let (pendek, panjang) = if (na, a) <= (nb, b) {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    let termuat = token_termuat(pendek, panjang, 0.85);
    if na == nb
        && termuat >= 0.9
        && token_termuat(panjang, pendek, 0.9) >= 0.9
        && jaro_winkler(a.as_bytes(), b.as_bytes()) >= 0.92
    {
        return LevelNama::SangatMirip;
    }
    if termuat >= 1.0 {
        return LevelNama::TokenTermuat;
    }
    if termuat >= 0.85 {
        return LevelNama::Mirip;
    }
    if na == nb
        && ta
            .iter()
            .zip(tb.iter())
            .all(|(x, y)| x.first() == y.first())
        && ta.iter().zip(tb.iter()).any(|(x, y)| x == y && x.len() > 1)
    {
        return LevelNama::Inisial;
    }
    if ta.iter().any(|x| x.len() >= 3 && tb.iter().any(|y| y == x)) {
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

/// The sex a NIK implies (day + 40 for women), as `L` or `P`.
pub fn jk_dari_nik(nik: &str) -> Option<&'static str> {
    let a = Angka::dari(nik);
    (a.panjang() == 16).then_some(())?;
    let hari = a.digit(6) * 10 + a.digit(7);
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
    if a.nkk.panjang() == 16 && a.nkk == b.nkk {
        return LevelWilayah::Kk;
    }
    let (da, db) = (a.desa, b.desa);
    if da == 0 || db == 0 {
        return LevelWilayah::Hilang;
    }
    if da == db {
        match (
            a.rtrw != 0 && a.rtrw == b.rtrw,
            !a.alamat.is_empty() && a.alamat == b.alamat,
        ) {
            (true, true) => LevelWilayah::Alamat,
            (true, false) => LevelWilayah::RtRw,
            _ => LevelWilayah::Desa,
        }
    } else if da / 10_000 == db / 10_000 {
        LevelWilayah::Kecamatan
    } else if da / 1_000_000 == db / 1_000_000 {
        LevelWilayah::KabKota
    } else if da / 100_000_000 == db / 100_000_000 {
        LevelWilayah::Provinsi
    } else {
        LevelWilayah::Beda
    }
}

/// Where a record lives, for [`wilayah`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Tempat<'a> {
    pub nkk: Angka,
    /// See [`kode_desa`]; 0 when unknown.
    pub desa: u64,
    /// See [`kode_rtrw`]; 0 when unknown.
    pub rtrw: u32,
    pub alamat: &'a str,
}

/// A desa code, dotted (`PP.KK.CC.DDDD`) or not, as the number
/// `PPKKCCDDDD`, so that its kecamatan, kab/kota and province are its
/// leading digits; 0 when the text is not a desa code. Parsed by the one
/// region-code parser (`padan_core::wilayah::urai_kode`).
pub fn kode_desa(s: &str) -> u64 {
    match padan_core::wilayah::urai_kode(s) {
        // A leading 1 keeps a real code distinct from "unknown" (0) without
        // changing which leading digits two codes share.
        Some((n, padan_core::wilayah::Tingkat::Desa)) => n + 10_000_000_000,
        _ => 0,
    }
}

/// RT and RW as one number (leading zeros do not matter); 0 when either
/// is unknown.
pub fn kode_rtrw(rt: &str, rw: &str) -> u32 {
    let angka = |s: &str| -> Option<u32> {
        let t = s.trim();
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    match (angka(rt), angka(rw)) {
        (Some(t), Some(w)) => t * 10_000 + w + 1,
        _ => 0,
    }
}

/// Two values already reduced to numbers (0: unknown): sex, a hashed place.
pub fn sama_id(a: u64, b: u64) -> LevelSama {
    if a == 0 || b == 0 {
        LevelSama::Hilang
    } else if a == b {
        LevelSama::Sama
    } else {
        LevelSama::Beda
    }
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
    } else if jaro_winkler(a.as_bytes(), b.as_bytes()) >= 0.88 {
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
        assert_eq!(
            nama(n("SOEKARNO").teks(), n("SUKARNO").teks()),
            LevelNama::Sama
        );
        assert_eq!(
            nama(n("RATNA SARI").teks(), n("RATNASARI").teks()),
            LevelNama::GabungSama
        );
        assert_eq!(
            nama(n("SITI AMINAH").teks(), n("SITI AMINA").teks()),
            LevelNama::SangatMirip
        );
        assert_eq!(
            nama(n("BUDI SANTOSO").teks(), n("BUDI SANTOSO WIBOWO").teks()),
            LevelNama::TokenTermuat
        );
        assert_eq!(
            nama(n("MUHAMMAD RAHMAT").teks(), n("MUHAMMAD ARIFIN").teks()),
            LevelNama::Sebagian,
            "a shared common first name is not a likeness, only a shared token"
        );
        assert_eq!(
            nama(n("SANTOSO BUDI").teks(), n("BUDI SANTOSO WIBOWO").teks()),
            LevelNama::TokenTermuat
        );
        assert_eq!(nama(n("AGUS").teks(), n("SLAMET").teks()), LevelNama::Beda);
        assert_eq!(
            nama(n("MOLLY MCCARTHY").teks(), n("JAROD MCCARTHY").teks()),
            LevelNama::Sebagian
        );
        assert_eq!(nama(n("").teks(), n("SLAMET").teks()), LevelNama::Hilang);
    }

    #[test]
    fn regions() {
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: kode_rtrw("001", "002"),
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: kode_rtrw("001", "002"),
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Alamat
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: kode_rtrw("001", "002"),
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: kode_rtrw("001", "002"),
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::RtRw
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: kode_rtrw("001", "002"),
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: 0,
                    alamat: "DSN KRAJAN",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Desa
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.79.01.2005"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Kecamatan
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.79.02.2001"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                }
            ),
            LevelWilayah::KabKota
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa("35.07.01.2001"),
                    rtrw: 0,
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
                    nkk: Angka::dari(kk),
                    ..Tempat::default()
                },
                &Tempat {
                    nkk: Angka::dari(kk),
                    desa: kode_desa("35.79.01.1001"),
                    ..Tempat::default()
                }
            ),
            LevelWilayah::Kk
        );
        assert_eq!(
            wilayah(
                &Tempat {
                    desa: kode_desa("35.79.01.1001"),
                    rtrw: 0,
                    alamat: "",
                    ..Tempat::default()
                },
                &Tempat {
                    desa: kode_desa(""),
                    rtrw: 0,
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
            prop_assert_eq!(nama(p.teks(), q.teks()), nama(q.teks(), p.teks()));
            prop_assert_eq!(nama(p.teks(), p.teks()) == LevelNama::Sama, !p.token.is_empty());
            let (a, b) = (p.teks().as_bytes(), q.teks().as_bytes());
            prop_assert!((jaro_winkler(a, b) - strsim::jaro_winkler(p.teks(), q.teks())).abs() < 1e-12);
        }
    }
}
