//! Writing a table as CSV or XLSX, atomically: rows go to a temporary file
//! that replaces the target only when [`PenulisTabel::selesai`] is called, so
//! a crash never leaves half a rejects file or export.

use crate::galat::GalatIo;
use rust_xlsxwriter::Workbook;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatKeluar {
    Csv { pemisah: u8 },
    Xlsx,
}

impl FormatKeluar {
    /// From the target's extension: `.xlsx` → XLSX, anything else CSV.
    pub fn dari_path(p: &Path) -> FormatKeluar {
        match crate::atomik::ekstensi(p).as_str() {
            "xlsx" => FormatKeluar::Xlsx,
            _ => FormatKeluar::Csv { pemisah: b',' },
        }
    }
}

enum Isi {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx { wb: Box<Workbook>, row: u32 },
}

pub struct PenulisTabel {
    target: PathBuf,
    tmp: PathBuf,
    isi: Option<Isi>,
    pub baris: u64,
    /// XLSX columns written as dates (`YYYY-MM-DD` values) and as whole
    /// numbers; every other cell is text.
    tanggal: Vec<usize>,
    angka: Vec<usize>,
}

fn galat(p: &Path, e: impl std::fmt::Display) -> GalatIo {
    GalatIo::Tulis(p.into(), e.to_string())
}

impl PenulisTabel {
    pub fn buat<S: AsRef<str>>(
        target: &Path,
        format: FormatKeluar,
        judul: &[S],
    ) -> Result<PenulisTabel, GalatIo> {
        let tmp = path_sementara(target);
        let isi = match format {
            FormatKeluar::Csv { pemisah } => {
                let f = File::create(&tmp).map_err(|e| galat(target, e))?;
                Isi::Csv(Box::new(
                    csv::WriterBuilder::new()
                        .delimiter(pemisah)
                        .flexible(true)
                        .from_writer(BufWriter::with_capacity(1 << 20, f)),
                ))
            }
            FormatKeluar::Xlsx => {
                let mut wb = Box::new(Workbook::new());
                // Laid out for a person: the header row stays in view.
                wb.add_worksheet_with_constant_memory()
                    .and_then(|ws| ws.set_freeze_panes(1, 0).map(|_| ()))
                    .map_err(|e| galat(target, e))?;
                Isi::Xlsx { wb, row: 0 }
            }
        };
        let mut w = PenulisTabel {
            target: target.into(),
            tmp,
            isi: Some(isi),
            baris: 0,
            tanggal: vec![],
            angka: vec![],
        };
        w.tulis(judul)?;
        w.baris = 0;
        Ok(w)
    }

    /// In XLSX, these columns hold dates (shown `dd-mm-yyyy`) and those
    /// whole numbers (shown with thousands), for a person to sort and
    /// count; a value that is not one stays text. CSV is unchanged.
    pub fn jenis_kolom(&mut self, tanggal: &[usize], angka: &[usize]) {
        self.tanggal = tanggal.to_vec();
        self.angka = angka.to_vec();
    }

    /// Names the XLSX sheet (nothing for CSV).
    pub fn nama_lembar(&mut self, nama: &str) -> Result<(), GalatIo> {
        if let Some(Isi::Xlsx { wb, .. }) = &mut self.isi {
            wb.worksheet_from_index(0)
                .and_then(|ws| ws.set_name(nama).map(|_| ()))
                .map_err(|e| galat(&self.target, e))?;
        }
        Ok(())
    }

    pub fn tulis<S: AsRef<str>>(&mut self, nilai: &[S]) -> Result<(), GalatIo> {
        match &mut self.isi {
            None => {}
            Some(Isi::Csv(w)) => w
                .write_record(nilai.iter().map(|s| aman_sel(s.as_ref()).into_owned()))
                .map_err(|e| galat(&self.target, e))?,
            Some(Isi::Xlsx { wb, row }) => {
                let ws = wb
                    .worksheet_from_index(0)
                    .map_err(|e| galat(&self.target, e))?;
                let tebal = rust_xlsxwriter::Format::new().set_bold();
                for (c, v) in nilai.iter().enumerate() {
                    // Every cell as text: a NIK must never become a number,
                    // and a text cell is never evaluated as a formula. The
                    // same quote as in CSV, so a sheet saved as CSV later
                    // stays inert too.
                    let v = aman_sel(v.as_ref());
                    let tgl = (*row > 0 && self.tanggal.contains(&c))
                        .then(|| rust_xlsxwriter::ExcelDateTime::parse_from_str(v.as_ref()).ok())
                        .flatten()
                        .filter(|_| v.len() == 10);
                    let bil = (*row > 0 && self.angka.contains(&c))
                        .then(|| v.parse::<u32>().ok())
                        .flatten();
                    if *row == 0 {
                        ws.write_string_with_format(0, c as u16, v.as_ref(), &tebal)
                    } else if let Some(t) = tgl {
                        let f = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
                        ws.write_datetime_with_format(*row, c as u16, &t, &f)
                    } else if let Some(n) = bil {
                        let f = rust_xlsxwriter::Format::new().set_num_format("#,##0");
                        ws.write_number_with_format(*row, c as u16, f64::from(n), &f)
                    } else {
                        ws.write_string(*row, c as u16, v.as_ref())
                    }
                    .map_err(|e| galat(&self.target, e))?;
                }
                *row += 1;
            }
        }
        self.baris += 1;
        Ok(())
    }

    /// Writes the file out to its temporary name, complete and synced, but
    /// does not move it into place yet (see [`Tertutup::pindahkan`]): an
    /// import writes its rejects file before it commits and moves it after.
    pub fn tutup(mut self) -> Result<Tertutup, GalatIo> {
        match self.isi.take() {
            None => {}
            Some(Isi::Csv(mut w)) => {
                let r = (|| {
                    w.flush()?;
                    let inner = w.into_inner().map_err(|e| e.into_error())?;
                    inner.into_inner().map_err(|e| e.into_error())?.sync_all()
                })();
                if let Err(e) = r {
                    let _ = std::fs::remove_file(&self.tmp);
                    return Err(galat(&self.target, e));
                }
            }
            Some(Isi::Xlsx { mut wb, .. }) => {
                if let Err(e) = wb
                    .save(&self.tmp)
                    .map_err(|e| e.to_string())
                    .and_then(|_| crate::atomik::sinkron(&self.tmp).map_err(|e| e.to_string()))
                {
                    let _ = std::fs::remove_file(&self.tmp);
                    return Err(galat(&self.target, e));
                }
            }
        }
        Ok(Tertutup {
            target: self.target.clone(),
            tmp: self.tmp.clone(),
        })
    }

    /// Writes the file out and moves it into place.
    pub fn selesai(self) -> Result<PathBuf, GalatIo> {
        self.tutup()?.pindahkan()
    }
}

pub use crate::atomik::path_sementara;

/// A table written out under its temporary name.
#[derive(Debug)]
pub struct Tertutup {
    target: PathBuf,
    tmp: PathBuf,
}

impl Tertutup {
    /// The complete file at its temporary name (to hash it before it is
    /// moved into place).
    pub fn sementara(&self) -> &Path {
        &self.tmp
    }

    pub fn pindahkan(self) -> Result<PathBuf, GalatIo> {
        match crate::atomik::pindahkan(&self.tmp, &self.target) {
            Ok(()) => Ok(self.target.clone()),
            // Another writer's cleanup finished the move for us (it moves a
            // committed batch's file into place).
            Err(_) if !self.tmp.exists() && self.target.exists() => Ok(self.target.clone()),
            Err(e) => Err(galat(&self.target, e)),
        }
    }

    /// Removes the temporary file (the batch it belonged to did not commit).
    pub fn buang(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// The characters a spreadsheet reads as the start of a formula (OWASP,
/// "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
const AWAL_RUMUS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as it may be written to a file a spreadsheet opens: one that
/// begins like a formula gets a leading `'`, which Excel and LibreOffice
/// show as text and never evaluate. [`pulihkan_sel`] takes it off again on
/// import, so data round-trips.
pub fn aman_sel(v: &str) -> std::borrow::Cow<'_, str> {
    match v.chars().next() {
        Some(c) if AWAL_RUMUS.contains(&c) => std::borrow::Cow::Owned(format!("'{v}")),
        // A value that itself begins with the quote we add: quoted once more,
        // so that un-quoting on import gives it back exactly.
        Some('\'') if v[1..].starts_with(AWAL_RUMUS) || v[1..].starts_with('\'') => {
            std::borrow::Cow::Owned(format!("'{v}"))
        }
        _ => std::borrow::Cow::Borrowed(v),
    }
}

/// The inverse of [`aman_sel`], applied to every field read.
pub fn pulihkan_sel(v: &str) -> Option<&str> {
    let rest = v.strip_prefix('\'')?;
    (rest.starts_with(AWAL_RUMUS) || rest.starts_with('\'')).then_some(rest)
}

impl Drop for PenulisTabel {
    fn drop(&mut self) {
        // An abandoned writer leaves nothing behind.
        if self.isi.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baca::Pembaca;

    #[test]
    fn xlsx_round_trip_keeps_nik_as_text() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.xlsx");
        let mut w = PenulisTabel::buat(&p, FormatKeluar::Xlsx, &["NIK", "NAMA"]).unwrap();
        w.tulis(&["3579014703900001", "SITI"]).unwrap();
        w.selesai().unwrap();
        let mut r = Pembaca::buka(&p, None).unwrap();
        let mut buf = vec![];
        r.baca(&mut buf).unwrap();
        assert_eq!(buf, ["3579014703900001", "SITI"]);
    }

    #[test]
    fn a_copy_for_a_person_holds_dates_as_dates_and_ages_as_numbers() {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.xlsx");
        let mut w =
            PenulisTabel::buat(&p, FormatKeluar::Xlsx, &["NIK", "TANGGAL_LAHIR", "USIA"]).unwrap();
        w.jenis_kolom(&[1], &[2]);
        w.nama_lembar("Daftar Pemilih").unwrap();
        w.tulis(&["3579014703900001", "1990-03-07", "36"]).unwrap();
        w.tulis(&["3579014703900002", "bukan tanggal", "x"])
            .unwrap();
        w.selesai().unwrap();
        let mut wb: Xlsx<_> = open_workbook(&p).unwrap();
        assert_eq!(wb.sheet_names(), ["Daftar Pemilih"]);
        let r = wb.worksheet_range("Daftar Pemilih").unwrap();
        assert!(
            matches!(r.get((1, 0)), Some(Data::String(s)) if s == "3579014703900001"),
            "a NIK stays text"
        );
        assert!(
            matches!(r.get((1, 1)), Some(Data::DateTime(_))),
            "{:?}",
            r.get((1, 1))
        );
        assert!(matches!(r.get((1, 2)), Some(Data::Float(f)) if *f == 36.0));
        assert!(
            matches!(r.get((2, 1)), Some(Data::String(_))),
            "what is not a date stays text"
        );
    }

    proptest::proptest! {
        #[test]
        fn neutralised_cells_round_trip(v in "['=+@\\-\t\r]{0,3}\\PC{0,8}") {
            let a = aman_sel(&v);
            proptest::prop_assert!(!a.starts_with(AWAL_RUMUS));
            proptest::prop_assert_eq!(pulihkan_sel(&a).unwrap_or(&a), v.as_str());
        }
    }

    #[test]
    fn csv_injection_is_neutralised_in_csv_and_xlsx() {
        let d = tempfile::tempdir().unwrap();
        for name in ["a.csv", "a.xlsx"] {
            let p = d.path().join(name);
            let fk = FormatKeluar::dari_path(&p);
            let mut w = PenulisTabel::buat(&p, fk, &["NAMA"]).unwrap();
            for v in [
                "=1+1",
                "=HYPERLINK(\"http://x\",\"y\")",
                "@SUM(A1)",
                "-2+3",
                "+1",
                "BUDI",
            ] {
                w.tulis(&[v]).unwrap();
            }
            w.selesai().unwrap();
            if name.ends_with(".csv") {
                let t = std::fs::read_to_string(&p).unwrap();
                assert!(
                    !t.lines().any(|l| l.starts_with(['=', '+', '-', '@'])),
                    "{t}"
                );
                assert!(t.contains("'=1+1"));
            }
            // Read back through the importer's reader: the values come back.
            let mut r = Pembaca::buka(&p, None).unwrap();
            let mut buf = vec![];
            let mut got = vec![];
            while r.baca(&mut buf).unwrap().is_some() {
                got.push(buf[0].clone());
            }
            assert_eq!(got[0], "=1+1");
            assert_eq!(got[5], "BUDI");
        }
    }

    #[test]
    fn abandoned_writer_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.csv");
        let mut w = PenulisTabel::buat(&p, FormatKeluar::Csv { pemisah: b';' }, &["A"]).unwrap();
        w.tulis(&["1"]).unwrap();
        drop(w);
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
