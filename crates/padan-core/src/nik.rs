//! NIK and NKK: the 16-digit population numbers.
//!
//! NIK = `PP KK CC DDMMYY SSSS`: province, kab/kota and kecamatan *where it was
//! issued*, the birth date with 40 added to the day for women, and a serial.
//! NKK = region (6) + issue date `DDMMYY` + serial (4).

use crate::aturan::{Kode, Nomor, TemuanAturan};
use crate::masker;
use crate::pemilih::JenisKelamin;
use crate::wilayah::Wilayah;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A NIK that passed the structural rules (16 digits, not a placeholder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Nik(u64);

/// A NKK that passed the structural rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Nkk(u64);

/// What the structural check of a 16-digit number found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GalatStruktur {
    Kosong,
    Format,
    Panjang(usize),
    Placeholder,
}

/// Cleans what spreadsheets do to long numbers: a leading apostrophe, spaces,
/// and dots or dashes used as separators.
pub fn bersihkan(raw: &str) -> String {
    raw.trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect()
}

fn struktur(raw: &str) -> Result<u64, GalatStruktur> {
    let s = bersihkan(raw);
    if s.is_empty() {
        return Err(GalatStruktur::Kosong);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(GalatStruktur::Format);
    }
    if s.len() != 16 {
        return Err(GalatStruktur::Panjang(s.len()));
    }
    if adalah_placeholder(&s) {
        return Err(GalatStruktur::Placeholder);
    }
    s.parse().map_err(|_| GalatStruktur::Format)
}

/// Placeholder numbers seen in real data: one digit repeated
/// (`2222222222222222`), a zero region (`0000…`), and counting sequences.
pub fn adalah_placeholder(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else { return true };
    b.iter().all(|&c| c == first)
        || s.starts_with("00")
        || s.starts_with("1234567890")
        || s.starts_with("9876543210")
}

fn pesan_struktur(nomor: Nomor, raw: &str, e: &GalatStruktur) -> TemuanAturan {
    let m = masker::nik(raw);
    let kind = nomor.nama();
    let kolom = Some(nomor.kolom());
    match e {
        GalatStruktur::Kosong => TemuanAturan::galat(
            nomor.kosong(),
            kolom,
            format!("{kind} kosong; isi dengan {kind} 16 digit"),
            format!("{kind} is empty; fill in the 16-digit {kind}"),
        ),
        GalatStruktur::Format => TemuanAturan::galat(
            nomor.format(),
            kolom,
            format!("{kind} '{m}' berisi selain angka; tulis 16 angka saja"),
            format!("{kind} '{m}' contains non-digits; write the 16 digits only"),
        ),
        GalatStruktur::Panjang(n) => TemuanAturan::galat(
            nomor.panjang(),
            kolom,
            format!(
                "{kind} '{m}' terdiri dari {n} digit, seharusnya 16{}; periksa dengan KK/KTP-el",
                if *n == 15 {
                    " (digit hilang saat migrasi data?)"
                } else {
                    ""
                }
            ),
            format!(
                "{kind} '{m}' has {n} digits, expected 16{}; check against the family card/KTP-el",
                if *n == 15 {
                    " (digit lost in data migration?)"
                } else {
                    ""
                }
            ),
        ),
        GalatStruktur::Placeholder => TemuanAturan::galat(
            nomor.placeholder(),
            kolom,
            format!(
                "{kind} '{m}' adalah nomor pengisi, bukan {kind} seseorang; isi dengan {kind} asli"
            ),
            format!("{kind} '{m}' is a placeholder, not a real {kind}; fill in the real one"),
        ),
    }
}

impl Nik {
    /// Structural check only (digits, length, placeholder).
    pub fn urai(raw: &str) -> Result<Nik, GalatStruktur> {
        struktur(raw).map(Nik)
    }

    pub fn angka(self) -> u64 {
        self.0
    }

    pub fn teks(self) -> String {
        format!("{:016}", self.0)
    }

    /// `PPKKCC` as a number, e.g. 357901.
    pub fn kode_kecamatan(self) -> u32 {
        (self.0 / 10_000_000_000) as u32
    }

    /// (day as written, month, two-digit year).
    fn bagian_tanggal(self) -> (u32, u32, u32) {
        let t = ((self.0 / 10_000) % 1_000_000) as u32;
        (t / 10_000, (t / 100) % 100, t % 100)
    }

    pub fn serial(self) -> u32 {
        (self.0 % 10_000) as u32
    }

    /// Sex read from the NIK (see [`urai_hari`]).
    pub fn jenis_kelamin(self) -> Option<JenisKelamin> {
        urai_hari(self.bagian_tanggal().0).map(|(_, jk)| jk)
    }

    /// Day and month of birth from the NIK, if they form a possible date
    /// (checked against the leap year 2000, since the century is unknown).
    pub fn hari_bulan(self) -> Option<(u32, u32)> {
        let (d, m, _) = self.bagian_tanggal();
        let (d, _) = urai_hari(d)?;
        NaiveDate::from_ymd_opt(2000, m, d).map(|_| (d, m))
    }

    pub fn tahun_dua_digit(self) -> u32 {
        self.bagian_tanggal().2
    }

    /// Masked text for messages and logs.
    pub fn samar(self) -> String {
        masker::nik(&self.teks())
    }
}

/// What a woman's NIK adds to her day of birth (the NIK sex rule, here
/// only: Dukcapil writes day + 40 for women).
pub const TAMBAH_HARI_PEREMPUAN: u32 = 40;

/// The day field of a NIK for a birth day and sex.
pub fn hari_nik(hari: u32, jk: JenisKelamin) -> u32 {
    match jk {
        JenisKelamin::L => hari,
        JenisKelamin::P => hari + TAMBAH_HARI_PEREMPUAN,
    }
}

/// The birth day and sex a NIK's day field says; `None` when it can be
/// neither (0, 32–40, above 71).
pub fn urai_hari(d: u32) -> Option<(u32, JenisKelamin)> {
    match d {
        1..=31 => Some((d, JenisKelamin::L)),
        41..=71 => Some((d - TAMBAH_HARI_PEREMPUAN, JenisKelamin::P)),
        _ => None,
    }
}

/// All NIK rules on one value, given the stated birth date and sex when known.
/// Returns the NIK when it is usable (no error), with every finding.
pub fn periksa_nik(
    raw: &str,
    lahir: Option<NaiveDate>,
    jk: Option<JenisKelamin>,
    wilayah: &Wilayah,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<Nik> {
    let nik = match Nik::urai(raw) {
        Ok(n) => n,
        Err(e) => {
            temuan.push(pesan_struktur(Nomor::Nik, raw, &e));
            return None;
        }
    };
    // Masked only when a message needs it (this runs once per imported row).
    let m = || nik.samar();
    let mut ok = true;
    match nik.hari_bulan() {
        None => {
            ok = false;
            temuan.push(TemuanAturan::galat(
                Kode::NikTanggal,
                Some("nik"),
                format!("bagian tanggal NIK '{m}' (digit 7–12) bukan tanggal yang ada (hari 01–31, atau 41–71 untuk perempuan; bulan 01–12); periksa dengan KK/KTP-el", m = m()),
                format!("the date part of NIK '{m}' (digits 7–12) is not a real date (day 01–31, or 41–71 for women; month 01–12); check against the family card/KTP-el", m = m()),
            ));
        }
        Some((d, mo)) => {
            if let Some(l) = lahir
                && (l.day() != d
                    || l.month() != mo
                    || (l.year().rem_euclid(100)) as u32 != nik.tahun_dua_digit())
            {
                ok = false;
                temuan.push(TemuanAturan::galat(
                    Kode::NikTglLahir,
                    Some("nik"),
                    format!("bagian tanggal NIK '{m}' tidak sama dengan tanggal lahir {}; perbaiki NIK atau tanggal lahir sesuai KK", masker::tanggal(l), m = m()),
                    format!("the date part of NIK '{m}' disagrees with birth date {}; correct the NIK or the birth date from the family card", masker::tanggal(l), m = m()),
                ));
            }
            if let (Some(j), Some(jn)) = (jk, nik.jenis_kelamin())
                && j != jn
            {
                ok = false;
                temuan.push(TemuanAturan::galat(
                    Kode::NikJk,
                    Some("nik"),
                    format!("NIK '{m}' menunjukkan jenis kelamin {} (hari lahir +40 untuk perempuan) tetapi tertulis {}; perbaiki salah satunya", jn.kode(), j.kode(), m = m()),
                    format!("NIK '{m}' implies sex {} (birth day +40 for women) but {} is stated; correct one of them", jn.kode(), j.kode(), m = m()),
                ));
            }
        }
    }
    if nik.serial() == 0 {
        ok = false;
        temuan.push(TemuanAturan::galat(
            Kode::NikSerial,
            Some("nik"),
            format!(
                "nomor urut NIK '{m}' adalah 0000; nomor urut dimulai dari 0001",
                m = m()
            ),
            format!(
                "the serial of NIK '{m}' is 0000; serials start at 0001",
                m = m()
            ),
        ));
    }
    if !wilayah.ada_kecamatan_angka(nik.kode_kecamatan()) {
        temuan.push(TemuanAturan::peringatan(
            Kode::NikWilayah,
            Some("nik"),
            format!("kode wilayah NIK '{m}' tidak ada di daftar wilayah terkini; diterima karena kode sebelum pemekaran tetap sah, tetapi periksa", m = m()),
            format!("the region code of NIK '{m}' is not in the current list; accepted since pre-split codes stay valid, but check it", m = m()),
        ));
    }
    ok.then_some(nik)
}

impl Nkk {
    pub fn urai(raw: &str) -> Result<Nkk, GalatStruktur> {
        struktur(raw).map(Nkk)
    }

    pub fn angka(self) -> u64 {
        self.0
    }

    pub fn teks(self) -> String {
        format!("{:016}", self.0)
    }
}

/// All NKK rules on one value. `hari_ini` bounds the issue date.
pub fn periksa_nkk(
    raw: &str,
    hari_ini: NaiveDate,
    wilayah: &Wilayah,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<Nkk> {
    let nkk = match Nkk::urai(raw) {
        Ok(n) => n,
        Err(e) => {
            temuan.push(pesan_struktur(Nomor::Nkk, raw, &e));
            return None;
        }
    };
    let m = || masker::nik(&nkk.teks());
    let mut ok = true;
    let t = ((nkk.0 / 10_000) % 1_000_000) as u32;
    let (d, mo, yy) = (t / 10_000, (t / 100) % 100, t % 100);
    // Two-digit year: the later century that is not in the future.
    let now_yy = (hari_ini.year() % 100) as u32;
    let year = if yy <= now_yy { 2000 + yy } else { 1900 + yy } as i32;
    match NaiveDate::from_ymd_opt(year, mo, d) {
        Some(terbit) if terbit <= hari_ini => {}
        _ => {
            ok = false;
            temuan.push(TemuanAturan::galat(
                Kode::NkkTanggal,
                Some("nkk"),
                format!("bagian tanggal terbit NKK '{m}' (digit 7–12) bukan tanggal yang ada atau di masa depan; periksa dengan KK", m = m()),
                format!("the issue-date part of NKK '{m}' (digits 7–12) is not a real date or lies in the future; check the family card", m = m()),
            ));
        }
    }
    if nkk.0 % 10_000 == 0 {
        ok = false;
        temuan.push(TemuanAturan::galat(
            Kode::NkkSerial,
            Some("nkk"),
            format!(
                "nomor urut NKK '{m}' adalah 0000; nomor urut dimulai dari 0001",
                m = m()
            ),
            format!(
                "the serial of NKK '{m}' is 0000; serials start at 0001",
                m = m()
            ),
        ));
    }
    if !wilayah.ada_kecamatan_angka((nkk.0 / 10_000_000_000) as u32) {
        temuan.push(TemuanAturan::peringatan(
            Kode::NkkWilayah,
            Some("nkk"),
            format!("kode wilayah NKK '{m}' tidak ada di daftar wilayah terkini; diterima, tetapi periksa", m = m()),
            format!("the region code of NKK '{m}' is not in the current list; accepted, but check it", m = m()),
        ));
    }
    ok.then_some(nkk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn w() -> Wilayah {
        Wilayah::bawaan()
    }
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn kode(t: &[TemuanAturan]) -> Vec<&str> {
        t.iter().map(|x| x.kode.as_str()).collect()
    }

    #[test]
    fn a_woman_born_7_march_1990() {
        let mut t = vec![];
        let nik = periksa_nik(
            "3579014703900001",
            Some(d(1990, 3, 7)),
            Some(JenisKelamin::P),
            &w(),
            &mut t,
        );
        assert!(nik.is_some(), "{t:?}");
        assert!(t.is_empty());
        assert_eq!(nik.unwrap().jenis_kelamin(), Some(JenisKelamin::P));
    }

    #[test]
    fn structural_defects() {
        for (raw, code) in [
            ("357901470390001", "NIK-PANJANG"),
            ("35790147039000A1", "NIK-FORMAT"),
            ("", "NIK-KOSONG"),
            ("0000000000000000", "NIK-PLACEHOLDER"),
            ("2222222222222222", "NIK-PLACEHOLDER"),
            ("3579013102900001", "NIK-TANGGAL"),
            ("3579014703900000", "NIK-SERIAL"),
        ] {
            let mut t = vec![];
            assert!(
                periksa_nik(raw, None, None, &w(), &mut t).is_none(),
                "{raw}"
            );
            assert!(kode(&t).contains(&code), "{raw}: {t:?}");
        }
    }

    #[test]
    fn disagreement_with_stated_date_and_sex() {
        let mut t = vec![];
        assert!(periksa_nik("3579014703900001", Some(d(1990, 3, 8)), None, &w(), &mut t).is_none());
        assert_eq!(kode(&t), ["NIK-TGL-LAHIR"]);
        let mut t = vec![];
        assert!(
            periksa_nik(
                "3579014703900001",
                None,
                Some(JenisKelamin::L),
                &w(),
                &mut t
            )
            .is_none()
        );
        assert_eq!(kode(&t), ["NIK-JK"]);
    }

    #[test]
    fn unknown_region_is_only_a_warning() {
        let mut t = vec![];
        assert!(periksa_nik("9979010703900001", None, None, &w(), &mut t).is_some());
        assert_eq!(kode(&t), ["NIK-WILAYAH"]);
        assert!(!t[0].is_galat());
    }

    #[test]
    fn messages_never_show_the_full_number() {
        let mut t = vec![];
        periksa_nik(
            "3579014703900001",
            Some(d(1991, 3, 7)),
            Some(JenisKelamin::L),
            &w(),
            &mut t,
        );
        for x in &t {
            assert!(
                !x.pesan.contains("3579014703900001") && !x.pesan.contains("470390"),
                "{}",
                x.pesan
            );
        }
    }

    #[test]
    fn nkk_rules() {
        let today = d(2026, 11, 28);
        let mut t = vec![];
        assert!(
            periksa_nkk("3579011203150004", today, &w(), &mut t).is_some(),
            "{t:?}"
        );
        let mut t = vec![];
        assert!(periksa_nkk("3579013302150004", today, &w(), &mut t).is_none());
        assert_eq!(kode(&t), ["NKK-TANGGAL"]);
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let mut t = vec![];
            let _ = periksa_nik(&s, None, None, &w(), &mut t);
            let _ = periksa_nkk(&s, d(2026, 1, 1), &w(), &mut t);
        }

        #[test]
        fn any_16_digits_either_pass_or_say_why(n in 0u64..10_000_000_000_000_000) {
            let s = format!("{n:016}");
            let mut t = vec![];
            let r = periksa_nik(&s, None, None, &w(), &mut t);
            prop_assert!(r.is_some() || t.iter().any(|x| x.is_galat()));
        }
    }
}
