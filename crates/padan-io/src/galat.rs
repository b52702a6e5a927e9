//! Errors of reading and writing files. Each carries its values; its words,
//! in Bahasa Indonesia and English, are the catalogue's
//! ([`padan_core::pesan::Templat`]): [`GalatIo::teks`], `Display` in
//! Bahasa Indonesia.

use padan_core::Bahasa;
use padan_core::pesan::Templat as T;
use std::path::PathBuf;

/// Why required columns may be missing, as the reader saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saran {
    /// The first row looks like data.
    BukanJudul,
    /// Only one column was read: the delimiter was not recognised.
    Pemisah,
}

#[derive(Debug)]
pub enum GalatIo {
    Buka(PathBuf, std::io::Error),
    TidakAda(PathBuf),
    Kosong(PathBuf),
    FormatTidakCocok {
        path: PathBuf,
        ext: String,
        isi: &'static str,
    },
    FormatTidakDidukung {
        path: PathBuf,
        isi: &'static str,
    },
    TanpaJudul(PathBuf),
    JudulGanda {
        nama: String,
        a: usize,
        b: usize,
    },
    KolomHilang {
        hilang: String,
        terbaca: String,
        saran: Option<Saran>,
    },
    LembarTidakAda(String, String),
    SelGabungan {
        lembar: String,
        sel: String,
    },
    Xlsx(PathBuf, String),
    Csv {
        baris: u64,
        pesan: String,
    },
    Tulis(PathBuf, String),
    BukanBerkas {
        path: PathBuf,
        jenis: &'static str,
        kind: &'static str,
    },
    BatasKolom {
        kolom: usize,
        batas: usize,
    },
    BatasBaris {
        baris: u64,
        batas: u64,
    },
    BatasXlsx {
        bagian: String,
        apa: &'static str,
        what: &'static str,
        /// The limit as a person reads it (`128 MiB`, `8000000`).
        batas: String,
    },
}

impl GalatIo {
    /// The message in the language in use.
    pub fn teks(&self, b: Bahasa) -> String {
        match self {
            GalatIo::Buka(p, e) => T::IoBuka.isi(b, &[&p.display(), e]),
            GalatIo::TidakAda(p) => T::IoTidakAda.isi(b, &[&p.display()]),
            GalatIo::Kosong(p) => T::IoKosong.isi(b, &[&p.display()]),
            GalatIo::FormatTidakCocok { path, ext, isi } => {
                T::IoFormatTidakCocok.isi(b, &[&path.display(), ext, isi])
            }
            GalatIo::FormatTidakDidukung { path, isi } => {
                T::IoFormatTidakDidukung.isi(b, &[&path.display(), isi])
            }
            GalatIo::TanpaJudul(p) => T::IoTanpaJudul.isi(b, &[&p.display()]),
            GalatIo::JudulGanda { nama, a, b: kedua } => T::IoJudulGanda.isi(b, &[nama, a, kedua]),
            GalatIo::KolomHilang {
                hilang,
                terbaca,
                saran,
            } => {
                let saran = match saran {
                    Some(Saran::BukanJudul) => T::IoSaranBukanJudul.isi(b, &[]),
                    Some(Saran::Pemisah) => T::IoSaranPemisah.isi(b, &[]),
                    None => String::new(),
                };
                T::IoKolomHilang.isi(b, &[hilang, terbaca, &saran])
            }
            GalatIo::LembarTidakAda(a, x) => T::IoLembarTidakAda.isi(b, &[a, x]),
            GalatIo::SelGabungan { lembar, sel } => T::IoSelGabungan.isi(b, &[lembar, sel]),
            GalatIo::Xlsx(p, e) => T::IoXlsx.isi(b, &[&p.display(), e]),
            GalatIo::Csv { baris, pesan } => T::IoCsv.isi(b, &[baris, pesan]),
            GalatIo::Tulis(p, e) => T::IoTulis.isi(b, &[&p.display(), e]),
            GalatIo::BukanBerkas { path, jenis, kind } => T::IoBukanBerkas.isi(
                b,
                &[&path.display(), if b == Bahasa::Id { jenis } else { kind }],
            ),
            GalatIo::BatasKolom { kolom, batas } => T::IoBatasKolom.isi(b, &[kolom, batas]),
            GalatIo::BatasBaris { baris, batas } => {
                T::IoBatasBaris.isi(b, &[baris, &(batas >> 20)])
            }
            GalatIo::BatasXlsx {
                bagian,
                apa,
                what,
                batas,
            } => T::IoBatasXlsx.isi(
                b,
                &[bagian, batas, if b == Bahasa::Id { apa } else { what }],
            ),
        }
    }
}

impl std::fmt::Display for GalatIo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.teks(Bahasa::Id))
    }
}

impl std::error::Error for GalatIo {}
