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
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("xlsx") => FormatKeluar::Xlsx,
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
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("keluaran");
        let tmp = target.with_file_name(format!(".{name}.sementara"));
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
                wb.add_worksheet_with_constant_memory()
                    .map_err(|e| galat(target, e))?;
                Isi::Xlsx { wb, row: 0 }
            }
        };
        let mut w = PenulisTabel {
            target: target.into(),
            tmp,
            isi: Some(isi),
            baris: 0,
        };
        w.tulis(judul)?;
        w.baris = 0;
        Ok(w)
    }

    pub fn tulis<S: AsRef<str>>(&mut self, nilai: &[S]) -> Result<(), GalatIo> {
        match &mut self.isi {
            None => {}
            Some(Isi::Csv(w)) => w
                .write_record(nilai.iter().map(|s| s.as_ref()))
                .map_err(|e| galat(&self.target, e))?,
            Some(Isi::Xlsx { wb, row }) => {
                let ws = wb
                    .worksheet_from_index(0)
                    .map_err(|e| galat(&self.target, e))?;
                for (c, v) in nilai.iter().enumerate() {
                    // Every cell as text: a NIK must never become a number.
                    ws.write_string(*row, c as u16, v.as_ref())
                        .map_err(|e| galat(&self.target, e))?;
                }
                *row += 1;
            }
        }
        self.baris += 1;
        Ok(())
    }

    /// Writes the file out and moves it into place.
    pub fn selesai(mut self) -> Result<PathBuf, GalatIo> {
        match self.isi.take() {
            None => {}
            Some(Isi::Csv(mut w)) => {
                w.flush().map_err(|e| galat(&self.target, e))?;
                let inner = w.into_inner().map_err(|e| galat(&self.target, e))?;
                inner
                    .into_inner()
                    .map_err(|e| galat(&self.target, e))?
                    .sync_all()
                    .map_err(|e| galat(&self.target, e))?;
            }
            Some(Isi::Xlsx { mut wb, .. }) => {
                wb.save(&self.tmp).map_err(|e| galat(&self.target, e))?
            }
        }
        std::fs::rename(&self.tmp, &self.target).map_err(|e| galat(&self.target, e))?;
        Ok(self.target.clone())
    }
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
    fn abandoned_writer_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.csv");
        let mut w = PenulisTabel::buat(&p, FormatKeluar::Csv { pemisah: b';' }, &["A"]).unwrap();
        w.tulis(&["1"]).unwrap();
        drop(w);
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
