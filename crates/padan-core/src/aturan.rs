//! Findings of the rules: a stable code, a severity, the column, and a message
//! in both languages.

use serde::{Deserialize, Serialize};

/// How bad a finding is. An error refuses the row; a warning keeps it and is
/// recorded with the event it produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Keparahan {
    Galat,
    Peringatan,
}

/// Language of operator-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bahasa {
    #[default]
    Id,
    En,
}

/// One finding of one rule on one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemuanAturan {
    /// Stable rule code, e.g. `NIK-TANGGAL`. Never reworded: scripts and
    /// reports group on it.
    pub kode: Kode,
    pub tingkat: Keparahan,
    /// The column (element) the finding is about, if one.
    pub kolom: Option<String>,
    /// Message in Bahasa Indonesia.
    pub pesan: String,
    /// The same message in English.
    pub message: String,
}

impl TemuanAturan {
    pub fn galat(kode: Kode, kolom: Option<&str>, pesan: String, message: String) -> Self {
        Self {
            kode,
            tingkat: Keparahan::Galat,
            kolom: kolom.map(str::to_owned),
            pesan,
            message,
        }
    }

    pub fn peringatan(kode: Kode, kolom: Option<&str>, pesan: String, message: String) -> Self {
        Self {
            kode,
            tingkat: Keparahan::Peringatan,
            kolom: kolom.map(str::to_owned),
            pesan,
            message,
        }
    }

    pub fn teks(&self, bahasa: Bahasa) -> &str {
        match bahasa {
            Bahasa::Id => &self.pesan,
            Bahasa::En => &self.message,
        }
    }

    pub fn is_galat(&self) -> bool {
        self.tingkat == Keparahan::Galat
    }
}

/// Every rule code, with a one-line description (Indonesian, English):
/// the list `padan rules` prints and the documentation shows is generated
/// from this one table, so a code emitted is a code listed.
macro_rules! aturan {
    ($($v:ident = $kode:literal: $id:literal, $en:literal;)*) => {
        /// A rule's stable code, e.g. `NIK-TANGGAL`. Never reworded: scripts
        /// and reports group on its text ([`Kode::as_str`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kode { $($v,)* }

        impl Kode {
            /// Every code, in the order `padan rules` lists them.
            pub const SEMUA: &[Kode] = &[$(Kode::$v,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kode::$v => $kode,)* }
            }

            /// The rule in Bahasa Indonesia.
            pub fn id(self) -> &'static str {
                match self { $(Kode::$v => $id,)* }
            }

            /// The rule in English.
            pub fn en(self) -> &'static str {
                match self { $(Kode::$v => $en,)* }
            }
        }
    };
}

aturan! {
    NikKosong = "NIK-KOSONG": "NIK wajib diisi", "NIK is required";
    NikFormat = "NIK-FORMAT": "NIK hanya boleh berisi angka", "NIK must contain digits only";
    NikPanjang = "NIK-PANJANG": "NIK harus 16 digit", "NIK must have 16 digits";
    NikPlaceholder = "NIK-PLACEHOLDER": "NIK pengisi (0000…, 2222…, 1234…) ditolak", "placeholder NIKs are refused";
    NikTanggal = "NIK-TANGGAL": "bagian tanggal NIK (digit 7–12) harus tanggal yang ada", "the date part of the NIK must be a real date";
    NikTglLahir = "NIK-TGL-LAHIR": "bagian tanggal NIK harus sama dengan tanggal lahir", "the NIK's date part must agree with the birth date";
    NikJk = "NIK-JK": "hari pada NIK +40 untuk perempuan harus sesuai jenis kelamin", "the NIK day (+40 for women) must agree with the sex";
    NikSerial = "NIK-SERIAL": "nomor urut NIK (4 digit terakhir) tidak boleh 0000", "the NIK serial must not be 0000";
    NikWilayah = "NIK-WILAYAH": "kode wilayah NIK tidak ada di daftar wilayah terkini (bisa kode sebelum pemekaran)", "the NIK region code is not in the current list (may predate a region split)";
    NikGandaBerkas = "NIK-GANDA-BERKAS": "NIK yang sama muncul lebih dari sekali dalam berkas", "the same NIK appears more than once in the file";
    NikSudahTerdaftar = "NIK-SUDAH-TERDAFTAR": "NIK sudah ada di daftar pemilih", "the NIK is already on the register";
    NkkKosong = "NKK-KOSONG": "NKK wajib diisi", "NKK is required";
    NkkFormat = "NKK-FORMAT": "NKK hanya boleh berisi angka", "NKK must contain digits only";
    NkkPanjang = "NKK-PANJANG": "NKK harus 16 digit", "NKK must have 16 digits";
    NkkPlaceholder = "NKK-PLACEHOLDER": "NKK pengisi ditolak", "placeholder NKKs are refused";
    NkkTanggal = "NKK-TANGGAL": "bagian tanggal terbit NKK harus tanggal yang ada dan tidak di masa depan", "the NKK issue date must be a real date, not in the future";
    NkkSerial = "NKK-SERIAL": "nomor urut NKK tidak boleh 0000", "the NKK serial must not be 0000";
    NkkWilayah = "NKK-WILAYAH": "kode wilayah NKK tidak ada di daftar wilayah terkini", "the NKK region code is not in the current list";
    NamaKosong = "NAMA-KOSONG": "nama wajib diisi", "name is required";
    NamaKarakter = "NAMA-KARAKTER": "nama berisi angka atau tanda yang tidak lazim", "the name contains digits or unusual characters";
    TglLahirKosong = "TGL-LAHIR-KOSONG": "tanggal lahir wajib diisi", "birth date is required";
    TglLahirFormat = "TGL-LAHIR-FORMAT": "tanggal lahir tidak terbaca atau bukan tanggal yang ada", "birth date unreadable or not a real date";
    TglLahirMasaDepan = "TGL-LAHIR-MASA-DEPAN": "tanggal lahir di masa depan", "birth date in the future";
    TglLahirTua = "TGL-LAHIR-TUA": "umur lebih dari 120 tahun", "age over 120 years";
    JkNilai = "JK-NILAI": "jenis kelamin harus L atau P", "sex must be L or P";
    SkNilai = "SK-NILAI": "status kawin harus B, S atau P", "marital status must be B, S or P";
    RtNilai = "RT-NILAI": "RT/RW harus angka 1–999", "RT/RW must be a number 1–999";
    DisNilai = "DIS-NILAI": "disabilitas harus 0–6", "disability must be 0–6";
    KtpNilai = "KTP-NILAI": "status KTP-el harus S (sudah) atau B (belum)", "KTP-el status must be S or B";
    DesaKosong = "DESA-KOSONG": "kode desa/kelurahan wajib diisi", "desa/kelurahan code is required";
    DesaTidakDikenal = "DESA-TIDAK-DIKENAL": "kode desa/kelurahan tidak ada di daftar wilayah", "unknown desa/kelurahan code";
    DesaNama = "DESA-NAMA": "nama desa/kelurahan tidak terurai ke tepat satu kode di daftar wilayah", "the desa/kelurahan name does not resolve to exactly one code in the region list";
    DesaLuarWilayah = "DESA-LUAR-WILAYAH": "desa/kelurahan di luar wilayah kantor ini", "desa/kelurahan outside this office's area";
    TpsNilai = "TPS-NILAI": "nomor TPS harus angka 1–999", "TPS must be a number 1–999";
    KetNilai = "KET-NILAI": "keterangan harus kosong, B, U, atau kode TMS 1–8", "keterangan must be empty, B, U or a TMS code 1–8";
    PemilihUmur = "PEMILIH-UMUR": "belum 17 tahun dan belum pernah kawin pada tanggal acuan", "under 17 and never married on the reference date";
    PemilihTniPolri = "PEMILIH-TNI-POLRI": "anggota TNI/Polri aktif tidak memiliki hak pilih", "serving TNI/Polri members may not vote";
    TglMeninggalKosong = "TGL-MENINGGAL-KOSONG": "tanggal meninggal wajib diisi", "date of death is required";
    TglMeninggalFormat = "TGL-MENINGGAL-FORMAT": "tanggal meninggal tidak terbaca, di masa depan, atau sebelum lahir", "date of death unreadable, in the future or before birth";
    InstansiNilai = "INSTANSI-NILAI": "instansi harus TNI atau POLRI", "instansi must be TNI or POLRI";
    CoklitTidakDitemukan = "COKLIT-TIDAK-DITEMUKAN": "NIK tidak ditemukan di daftar pemilih", "NIK not found on the register";
    CoklitAmbigu = "COKLIT-AMBIGU": "NIK cocok dengan lebih dari satu pemilih; tentukan dengan ID pemilih", "NIK matches more than one voter; use the voter ID";
    PerubahanSebelumDaftar = "PERUBAHAN-SEBELUM-DAFTAR": "perubahan berlaku sebelum pemilih itu terdaftar", "the change takes effect before the voter was registered";
    BarisKolom = "BARIS-KOLOM": "jumlah kolom baris tidak sama dengan judul", "row has a different number of fields than the header";
    MedanPanjang = "MEDAN-PANJANG": "isi satu kolom lebih dari 1.000 karakter", "a field is longer than 1,000 characters";
    CoklitSudahTms = "COKLIT-SUDAH-TMS": "pemilih sudah TMS dengan kode itu", "the voter is already TMS with that code";
}

impl Kode {
    /// The code a text names.
    pub fn dari_str(s: &str) -> Option<Kode> {
        Kode::SEMUA.iter().copied().find(|k| k.as_str() == s)
    }

    /// The rule in the language in use.
    pub fn teks(self, b: Bahasa) -> &'static str {
        match b {
            Bahasa::Id => self.id(),
            Bahasa::En => self.en(),
        }
    }
}

impl std::fmt::Display for Kode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq<&str> for Kode {
    fn eq(&self, s: &&str) -> bool {
        self.as_str() == *s
    }
}

impl Serialize for Kode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kode, D::Error> {
        let s = String::deserialize(d)?;
        Kode::dari_str(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("kode aturan '{s}' tidak dikenal")))
    }
}

/// The two 16-digit numbers of the register, which share their structural
/// rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nomor {
    Nik,
    Nkk,
}

impl Nomor {
    pub fn nama(self) -> &'static str {
        match self {
            Nomor::Nik => "NIK",
            Nomor::Nkk => "NKK",
        }
    }

    pub fn kolom(self) -> &'static str {
        match self {
            Nomor::Nik => "nik",
            Nomor::Nkk => "nkk",
        }
    }

    pub fn kosong(self) -> Kode {
        match self {
            Nomor::Nik => Kode::NikKosong,
            Nomor::Nkk => Kode::NkkKosong,
        }
    }

    pub fn format(self) -> Kode {
        match self {
            Nomor::Nik => Kode::NikFormat,
            Nomor::Nkk => Kode::NkkFormat,
        }
    }

    pub fn panjang(self) -> Kode {
        match self {
            Nomor::Nik => Kode::NikPanjang,
            Nomor::Nkk => Kode::NkkPanjang,
        }
    }

    pub fn placeholder(self) -> Kode {
        match self {
            Nomor::Nik => Kode::NikPlaceholder,
            Nomor::Nkk => Kode::NkkPlaceholder,
        }
    }
}

/// The date elements, which share their rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tanggal {
    Lahir,
    Meninggal,
}

impl Tanggal {
    pub fn kosong(self) -> Kode {
        match self {
            Tanggal::Lahir => Kode::TglLahirKosong,
            Tanggal::Meninggal => Kode::TglMeninggalKosong,
        }
    }

    pub fn format(self) -> Kode {
        match self {
            Tanggal::Lahir => Kode::TglLahirFormat,
            Tanggal::Meninggal => Kode::TglMeninggalFormat,
        }
    }

    /// A date after today. A death "in the future" is an unreadable date
    /// (its own rule has no future form).
    pub fn masa_depan(self) -> Kode {
        match self {
            Tanggal::Lahir => Kode::TglLahirMasaDepan,
            Tanggal::Meninggal => Kode::TglMeninggalFormat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kode;

    #[test]
    fn every_code_is_distinct_described_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for k in Kode::SEMUA {
            assert!(seen.insert(k.as_str()), "{k} twice");
            assert!(!k.id().is_empty() && !k.en().is_empty(), "{k} undescribed");
            assert_eq!(Kode::dari_str(k.as_str()), Some(*k));
            let j = serde_json::to_string(k).unwrap();
            assert_eq!(serde_json::from_str::<Kode>(&j).unwrap(), *k);
        }
        assert!(Kode::dari_str("COKLIT-SUDAH-TMS").is_some());
    }
}
