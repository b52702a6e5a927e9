//! Errors of reading and writing files, each with a message in Bahasa
//! Indonesia (`Display`) and English ([`GalatIo::english`]).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum GalatIo {
    #[error("berkas {0} tidak dapat dibuka: {1}")]
    Buka(PathBuf, std::io::Error),
    #[error("berkas {} tidak ada", .0.display())]
    TidakAda(PathBuf),
    #[error("berkas {0} kosong (0 bait); tidak ada yang diimpor")]
    Kosong(PathBuf),
    #[error(
        "berkas {path} berekstensi .{ext} tetapi isinya {isi}; simpan ulang dalam format yang benar atau ganti ekstensinya"
    )]
    FormatTidakCocok {
        path: PathBuf,
        ext: String,
        isi: &'static str,
    },
    #[error("berkas {path} adalah {isi}, bukan CSV atau XLSX")]
    FormatTidakDidukung { path: PathBuf, isi: &'static str },
    #[error("berkas {0} tidak punya baris judul kolom")]
    TanpaJudul(PathBuf),
    #[error(
        "kolom '{nama}' muncul dua kali di judul (kolom ke-{a} dan ke-{b}); hapus salah satunya"
    )]
    JudulGanda { nama: String, a: usize, b: usize },
    #[error("kolom wajib tidak ada: {hilang}; judul yang terbaca: {terbaca}{saran}")]
    KolomHilang {
        hilang: String,
        terbaca: String,
        saran: String,
    },
    #[error("lembar '{0}' tidak ada; lembar yang ada: {1}")]
    LembarTidakAda(String, String),
    #[error(
        "lembar '{lembar}' berisi sel gabungan (merged) di {sel}; pisahkan sel gabungan lalu isi setiap baris, agar tidak ada nilai yang hilang"
    )]
    SelGabungan { lembar: String, sel: String },
    #[error("berkas XLSX {0} tidak terbaca: {1}")]
    Xlsx(PathBuf, String),
    #[error("baris {baris}: CSV tidak terbaca: {pesan}")]
    Csv { baris: u64, pesan: String },
    #[error("gagal menulis {0}: {1}")]
    Tulis(PathBuf, String),
    #[error("{path} adalah {jenis}, bukan berkas biasa; berikan berkas aslinya", path = .path.display())]
    BukanBerkas {
        path: PathBuf,
        jenis: &'static str,
        kind: &'static str,
    },
    #[error("judul berisi {kolom} kolom, melebihi batas {batas} kolom")]
    BatasKolom { kolom: usize, batas: usize },
    #[error(
        "baris {baris}: satu baris CSV melebihi batas {} MiB; periksa tanda kutip yang tidak ditutup", batas >> 20
    )]
    BatasBaris { baris: u64, batas: u64 },
    #[error(
        "berkas XLSX: bagian '{bagian}' melebihi batas {batas} {apa}; berkas ini ditolak agar memori tetap terbatas"
    )]
    BatasXlsx {
        bagian: String,
        apa: &'static str,
        what: &'static str,
        /// The limit as a person reads it (`128 MiB`, `8000000`).
        batas: String,
    },
}

impl GalatIo {
    /// The message in English.
    pub fn english(&self) -> String {
        match self {
            GalatIo::Buka(p, e) => format!("cannot open {}: {e}", p.display()),
            GalatIo::TidakAda(p) => format!("{} does not exist", p.display()),
            GalatIo::Kosong(p) => format!("{} is empty (0 bytes); nothing imported", p.display()),
            GalatIo::FormatTidakCocok { path, ext, isi } => {
                format!(
                    "{} has extension .{ext} but contains {isi}; save it in the right format or rename it",
                    path.display()
                )
            }
            GalatIo::FormatTidakDidukung { path, isi } => {
                format!("{} is {isi}, not CSV or XLSX", path.display())
            }
            GalatIo::TanpaJudul(p) => format!("{} has no header row", p.display()),
            GalatIo::JudulGanda { nama, a, b } => format!(
                "column '{nama}' appears twice in the header (columns {a} and {b}); remove one"
            ),
            GalatIo::KolomHilang {
                hilang,
                terbaca,
                saran,
            } => {
                let saran = if saran.contains("bukan judul") {
                    " (the first row looks like data, not a header; add a header row: NIK, NAMA, …)"
                } else if saran.is_empty() {
                    ""
                } else {
                    " (only one column read: the delimiter was not recognised; use comma, semicolon, tab or |)"
                };
                format!("required columns missing: {hilang}; header read: {terbaca}{saran}")
            }
            GalatIo::LembarTidakAda(a, b) => format!("sheet '{a}' not found; sheets: {b}"),
            GalatIo::SelGabungan { lembar, sel } => format!(
                "sheet '{lembar}' has merged cells at {sel}; unmerge them and fill every row"
            ),
            GalatIo::Xlsx(p, e) => format!("XLSX file {} unreadable: {e}", p.display()),
            GalatIo::Csv { baris, pesan } => format!("line {baris}: unreadable CSV: {pesan}"),
            GalatIo::Tulis(p, e) => format!("cannot write {}: {e}", p.display()),
            GalatIo::BukanBerkas { path, kind, .. } => {
                format!(
                    "{} is {kind}, not a regular file; give the file itself",
                    path.display()
                )
            }
            GalatIo::BatasKolom { kolom, batas } => {
                format!("the header has {kolom} columns, over the limit of {batas}")
            }
            GalatIo::BatasBaris { baris, batas } => format!(
                "line {baris}: one CSV record is over the limit of {} MiB; look for an unclosed quote",
                batas >> 20
            ),
            GalatIo::BatasXlsx {
                bagian,
                what,
                batas,
                ..
            } => format!(
                "XLSX file: part '{bagian}' is over the limit of {batas} {what}; refused so that memory stays bounded"
            ),
        }
    }
}
