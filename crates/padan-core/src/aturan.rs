//! Findings of the rules: a stable code, a severity, the column, and a message
//! in both languages.

use serde::{Deserialize, Serialize};

/// How bad a finding is. An error refuses the row; a warning keeps it and is
/// recorded with the event it produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tingkat {
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
pub struct Temuan {
    /// Stable rule code, e.g. `NIK-TANGGAL`. Never reworded: scripts and
    /// reports group on it.
    pub kode: String,
    pub tingkat: Tingkat,
    /// The column (element) the finding is about, if one.
    pub kolom: Option<String>,
    /// Message in Bahasa Indonesia.
    pub pesan: String,
    /// The same message in English.
    pub message: String,
}

impl Temuan {
    pub fn galat(kode: &str, kolom: Option<&str>, pesan: String, message: String) -> Self {
        Self {
            kode: kode.to_owned(),
            tingkat: Tingkat::Galat,
            kolom: kolom.map(str::to_owned),
            pesan,
            message,
        }
    }

    pub fn peringatan(kode: &str, kolom: Option<&str>, pesan: String, message: String) -> Self {
        Self {
            kode: kode.to_owned(),
            tingkat: Tingkat::Peringatan,
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
        self.tingkat == Tingkat::Galat
    }
}

/// Every rule code with a one-line description (Indonesian, English), for the
/// documentation and `padan aturan`.
pub const ATURAN: &[(&str, &str, &str)] = &[
    ("NIK-KOSONG", "NIK wajib diisi", "NIK is required"),
    (
        "NIK-FORMAT",
        "NIK hanya boleh berisi angka",
        "NIK must contain digits only",
    ),
    (
        "NIK-PANJANG",
        "NIK harus 16 digit",
        "NIK must have 16 digits",
    ),
    (
        "NIK-PLACEHOLDER",
        "NIK pengisi (0000…, 2222…, 1234…) ditolak",
        "placeholder NIKs are refused",
    ),
    (
        "NIK-TANGGAL",
        "bagian tanggal NIK (digit 7–12) harus tanggal yang ada",
        "the date part of the NIK must be a real date",
    ),
    (
        "NIK-TGL-LAHIR",
        "bagian tanggal NIK harus sama dengan tanggal lahir",
        "the NIK's date part must agree with the birth date",
    ),
    (
        "NIK-JK",
        "hari pada NIK +40 untuk perempuan harus sesuai jenis kelamin",
        "the NIK day (+40 for women) must agree with the sex",
    ),
    (
        "NIK-SERIAL",
        "nomor urut NIK (4 digit terakhir) tidak boleh 0000",
        "the NIK serial must not be 0000",
    ),
    (
        "NIK-WILAYAH",
        "kode wilayah NIK tidak ada di daftar wilayah terkini (bisa kode sebelum pemekaran)",
        "the NIK region code is not in the current list (may predate a region split)",
    ),
    (
        "NIK-GANDA-BERKAS",
        "NIK yang sama muncul lebih dari sekali dalam berkas",
        "the same NIK appears more than once in the file",
    ),
    (
        "NIK-SUDAH-TERDAFTAR",
        "NIK sudah ada di daftar pemilih",
        "the NIK is already on the register",
    ),
    ("NKK-KOSONG", "NKK wajib diisi", "NKK is required"),
    (
        "NKK-FORMAT",
        "NKK hanya boleh berisi angka",
        "NKK must contain digits only",
    ),
    (
        "NKK-PANJANG",
        "NKK harus 16 digit",
        "NKK must have 16 digits",
    ),
    (
        "NKK-PLACEHOLDER",
        "NKK pengisi ditolak",
        "placeholder NKKs are refused",
    ),
    (
        "NKK-TANGGAL",
        "bagian tanggal terbit NKK harus tanggal yang ada dan tidak di masa depan",
        "the NKK issue date must be a real date, not in the future",
    ),
    (
        "NKK-SERIAL",
        "nomor urut NKK tidak boleh 0000",
        "the NKK serial must not be 0000",
    ),
    (
        "NKK-WILAYAH",
        "kode wilayah NKK tidak ada di daftar wilayah terkini",
        "the NKK region code is not in the current list",
    ),
    ("NAMA-KOSONG", "nama wajib diisi", "name is required"),
    (
        "NAMA-KARAKTER",
        "nama berisi angka atau tanda yang tidak lazim",
        "the name contains digits or unusual characters",
    ),
    (
        "TGL-LAHIR-KOSONG",
        "tanggal lahir wajib diisi",
        "birth date is required",
    ),
    (
        "TGL-LAHIR-FORMAT",
        "tanggal lahir tidak terbaca atau bukan tanggal yang ada",
        "birth date unreadable or not a real date",
    ),
    (
        "TGL-LAHIR-MASA-DEPAN",
        "tanggal lahir di masa depan",
        "birth date in the future",
    ),
    (
        "TGL-LAHIR-TUA",
        "umur lebih dari 120 tahun",
        "age over 120 years",
    ),
    (
        "JK-NILAI",
        "jenis kelamin harus L atau P",
        "sex must be L or P",
    ),
    (
        "SK-NILAI",
        "status kawin harus B, S atau P",
        "marital status must be B, S or P",
    ),
    (
        "RT-NILAI",
        "RT/RW harus angka 1–999",
        "RT/RW must be a number 1–999",
    ),
    (
        "DIS-NILAI",
        "disabilitas harus 0–6",
        "disability must be 0–6",
    ),
    (
        "KTP-NILAI",
        "status KTP-el harus S (sudah) atau B (belum)",
        "KTP-el status must be S or B",
    ),
    (
        "DESA-KOSONG",
        "kode desa/kelurahan wajib diisi",
        "desa/kelurahan code is required",
    ),
    (
        "DESA-TIDAK-DIKENAL",
        "kode desa/kelurahan tidak ada di daftar wilayah",
        "unknown desa/kelurahan code",
    ),
    (
        "DESA-LUAR-WILAYAH",
        "desa/kelurahan di luar wilayah kantor ini",
        "desa/kelurahan outside this office's area",
    ),
    (
        "TPS-NILAI",
        "nomor TPS harus angka 1–999",
        "TPS must be a number 1–999",
    ),
    (
        "KET-NILAI",
        "keterangan harus kosong, B, U, atau kode TMS 1–8",
        "keterangan must be empty, B, U or a TMS code 1–8",
    ),
    (
        "PEMILIH-UMUR",
        "belum 17 tahun dan belum pernah kawin pada tanggal acuan",
        "under 17 and never married on the reference date",
    ),
    (
        "PEMILIH-TNI-POLRI",
        "anggota TNI/Polri aktif tidak memiliki hak pilih",
        "serving TNI/Polri members may not vote",
    ),
    (
        "TGL-MENINGGAL-KOSONG",
        "tanggal meninggal wajib diisi",
        "date of death is required",
    ),
    (
        "TGL-MENINGGAL-FORMAT",
        "tanggal meninggal tidak terbaca, di masa depan, atau sebelum lahir",
        "date of death unreadable, in the future or before birth",
    ),
    (
        "INSTANSI-NILAI",
        "instansi harus TNI atau POLRI",
        "instansi must be TNI or POLRI",
    ),
    (
        "COKLIT-TIDAK-DITEMUKAN",
        "NIK tidak ditemukan di daftar pemilih",
        "NIK not found on the register",
    ),
    (
        "COKLIT-AMBIGU",
        "NIK cocok dengan lebih dari satu pemilih; tentukan dengan ID pemilih",
        "NIK matches more than one voter; use the voter ID",
    ),
    (
        "PERUBAHAN-SEBELUM-DAFTAR",
        "perubahan berlaku sebelum pemilih itu terdaftar",
        "the change takes effect before the voter was registered",
    ),
    (
        "BARIS-KOLOM",
        "jumlah kolom baris tidak sama dengan judul",
        "row has a different number of fields than the header",
    ),
    (
        "MEDAN-PANJANG",
        "isi satu kolom lebih dari 1.000 karakter",
        "a field is longer than 1,000 characters",
    ),
];
