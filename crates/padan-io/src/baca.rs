//! Streaming rows out of CSV and XLSX files.
//!
//! The format is decided by the file's first bytes; a name that lies about its
//! content is refused with a message, since the document's name is part of
//! the chronology. CSV is streamed (a 2 GB file is never held whole); XLSX is a
//! zip whose sheet calamine reads at once, which the format's 1,048,576-row
//! limit keeps bounded.

use crate::galat::GalatIo;
use calamine::{Data, Reader, Xlsx};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatBerkas {
    Csv { pemisah: u8 },
    Xlsx,
}

impl FormatBerkas {
    pub fn nama(self) -> String {
        match self {
            FormatBerkas::Csv { pemisah } => format!(
                "CSV (pemisah '{}')",
                if pemisah == b'\t' {
                    "tab".into()
                } else {
                    (pemisah as char).to_string()
                }
            ),
            FormatBerkas::Xlsx => "XLSX".into(),
        }
    }

    /// The same in English.
    pub fn name_en(self) -> String {
        self.nama().replace("pemisah", "delimiter")
    }
}

/// A note about how the file was read (encoding fallback, sheets skipped), in
/// both languages. Notes are shown in the import summary and stored with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catatan {
    pub id: String,
    pub en: String,
}

enum Sumber {
    Csv {
        rdr: csv::Reader<BufReader<Terbatas>>,
        rec: csv::ByteRecord,
        /// Bytes handed to the parser and where the last record ended.
        hitung: std::sync::Arc<Hitung>,
    },
    Xlsx {
        rx: std::sync::mpsc::Receiver<PotonganXlsx>,
        kini: std::vec::IntoIter<(u64, Vec<String>)>,
    },
}

/// The limits every file is read within, so that no file, however made, can
/// take more than a bounded amount of memory. Each refusal names its limit.
pub mod batas {
    /// Characters in one field. A longer field makes its row a rejected row
    /// (`MEDAN-PANJANG`), kept cut to this length.
    pub const MEDAN: usize = 1_000;
    /// Columns in the header (and fields kept of any row).
    pub const KOLOM: usize = 512;
    /// Bytes in one CSV record (an unclosed quote makes the rest of the file
    /// one record). Above [`MEDAN`] × [`KOLOM`] on purpose: a row with one
    /// overlong field is a rejected row, not a refused file.
    pub const BARIS: u64 = 16 << 20;
    /// Rows of an XLSX sheet: the format's own limit.
    pub const BARIS_XLSX: u64 = 1_048_576;
    /// Decompressed bytes of one XLSX part other than a sheet (the shared
    /// strings table above all: calamine holds it in memory).
    pub const BAGIAN_XLSX: u64 = 128 << 20;
    /// Decompressed bytes of one sheet (streamed, never held).
    pub const LEMBAR_XLSX: u64 = 2 << 30;
    /// Bytes between two tags of any XLSX part: the longest text one cell
    /// or shared string may hold, since a text is held whole while parsed.
    pub const TEKS_XLSX: u64 = 1 << 20;
    /// Entries of the shared strings table (`uniqueCount`, which calamine
    /// reserves up front).
    pub const STRING_XLSX: u64 = 8_000_000;
    /// Entries in the zip.
    pub const ENTRI_XLSX: usize = 10_000;
}

/// Counts the bytes a CSV parser takes from the file, and refuses to hand
/// it more once one record has grown past [`batas::BARIS`].
#[derive(Debug, Default)]
struct Hitung {
    dibaca: std::sync::atomic::AtomicU64,
    akhir_rekaman: std::sync::atomic::AtomicU64,
    /// Line of the last whole record.
    baris_rekaman: std::sync::atomic::AtomicU64,
    lewat: std::sync::atomic::AtomicBool,
    /// The file's line breaks, counted here from the bytes read: the csv
    /// crate's own line numbers lag by one after a `\r\n` (it consumes the
    /// `\n` only when it starts the next record; rust-csv issue 395), and
    /// most CSV files from Excel end their lines so.
    garis: std::sync::Mutex<Garis>,
}

/// The offsets of the line breaks read but not yet passed by the parser,
/// and how many lay before them.
#[derive(Debug, Default)]
struct Garis {
    depan: std::collections::VecDeque<u64>,
    sebelum: u64,
}

impl Hitung {
    /// The line (from 1) of a record the parser says starts at `byte`. The
    /// parser may put a record's start on the `\n` of the line break before
    /// it; that break counts as passed.
    fn baris_pada(&self, byte: u64) -> u64 {
        let Ok(mut g) = self.garis.lock() else {
            return 0;
        };
        while g.depan.front().is_some_and(|&b| b <= byte) {
            g.depan.pop_front();
            g.sebelum += 1;
        }
        g.sebelum + 1
    }
}

struct Terbatas {
    f: File,
    h: std::sync::Arc<Hitung>,
}

/// What the reader keeps ahead of the parser: its buffer and the parser's.
const PENYANGGA: u64 = 2 << 20;

impl Read for Terbatas {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::atomic::Ordering::Relaxed;
        let dibaca = self.h.dibaca.load(Relaxed);
        if dibaca.saturating_sub(self.h.akhir_rekaman.load(Relaxed)) > batas::BARIS + PENYANGGA {
            self.h.lewat.store(true, Relaxed);
            return Err(std::io::Error::other("batas baris"));
        }
        let n = self.f.read(buf)?;
        let awal = self.h.dibaca.fetch_add(n as u64, Relaxed);
        if let Ok(mut g) = self.h.garis.lock() {
            g.depan.extend(
                memchr::memchr_iter(b'\n', buf.get(..n).unwrap_or(&[])).map(|i| awal + i as u64),
            );
        }
        Ok(n)
    }
}

/// An open file: its header, then its rows one at a time.
pub struct Pembaca {
    pub path: PathBuf,
    pub format: FormatBerkas,
    pub judul: Vec<String>,
    pub catatan: Vec<Catatan>,
    /// Rows with a field that was not UTF-8 and was read as Windows-1252.
    pub baris_non_utf8: u64,
    /// Rows whose every field was empty: skipped and counted.
    pub baris_kosong: u64,
    /// The last row read had a field longer than [`batas::MEDAN`]
    /// characters: (column, its length). The field was cut to the limit.
    pub medan_panjang: Option<(usize, usize)>,
    sumber: Sumber,
}

/// What the first bytes say the file is.
fn jenis_isi(head: &[u8]) -> Result<&'static str, &'static str> {
    if head.starts_with(b"PK\x03\x04") {
        Ok("xlsx")
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err("berkas Excel 97–2003 (.xls); simpan ulang sebagai .xlsx atau CSV UTF-8")
    } else if head.starts_with(b"%PDF") {
        Err("dokumen PDF")
    } else if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        Err("teks UTF-16; simpan ulang sebagai CSV UTF-8")
    } else if head.contains(&0) {
        Err("berkas biner")
    } else {
        Ok("csv")
    }
}

/// The delimiter of a CSV header line: the most frequent of `,` `;` tab `|`
/// outside quotes.
fn tebak_pemisah(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|(c, _)| *c == b) {
            c.1 += 1;
        }
    }
    // The most frequent; on a tie the comma (listed first).
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, n))| (*n, usize::from(*i == 0)))
        .map_or((b',', 0), |(_, c)| *c);
    if best.1 == 0 { b',' } else { best.0 }
}

/// A field without surrounding whitespace, as `str::trim`; a field that
/// begins and ends with a visible ASCII character (almost every field) is
/// given back without walking it for Unicode whitespace.
#[inline]
pub fn rapi(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A field's bytes as text: UTF-8 as it is, anything else as
/// Windows-1252 (and said so through `non_utf8`).
fn teks_bait<'a>(bytes: &'a [u8], non_utf8: &mut bool) -> std::borrow::Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            *non_utf8 = true;
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn ke_teks(bytes: &[u8], non_utf8: &mut bool) -> String {
    teks_bait(bytes, non_utf8).into_owned()
}

/// Where [`Pembaca::baca`] puts a row's fields: a `Vec<String>` (each
/// field's string reused from row to row), or a [`BarisPadat`] (one text
/// for the whole row, for readers that hand rows to other threads: a row
/// is then one or two cache lines to fetch, not one per field).
pub trait Baris {
    /// A new row of `n` fields begins.
    fn mulai(&mut self, n: usize);
    /// Field `i` (they come in order) is `s`.
    fn isi(&mut self, i: usize, s: &str);
    fn jumlah(&self) -> usize;
    /// Field `i`, `""` past the end.
    fn medan(&self, i: usize) -> &str;
    /// Keeps the first `n` fields.
    fn potong(&mut self, n: usize);
}

impl Baris for Vec<String> {
    fn mulai(&mut self, n: usize) {
        self.truncate(n);
    }

    fn isi(&mut self, i: usize, s: &str) {
        match self.get_mut(i) {
            Some(x) => {
                x.clear();
                x.push_str(s);
            }
            None => self.push(s.to_owned()),
        }
    }

    fn jumlah(&self) -> usize {
        self.len()
    }

    fn medan(&self, i: usize) -> &str {
        self.get(i).map_or("", String::as_str)
    }

    fn potong(&mut self, n: usize) {
        self.truncate(n);
    }
}

/// A row as one text and where each field ends.
#[derive(Debug, Clone, Default)]
pub struct BarisPadat {
    teks: String,
    akhir: Vec<usize>,
}

impl Baris for BarisPadat {
    fn mulai(&mut self, _: usize) {
        self.teks.clear();
        self.akhir.clear();
    }

    fn isi(&mut self, _: usize, s: &str) {
        self.teks.push_str(s);
        self.akhir.push(self.teks.len());
    }

    fn jumlah(&self) -> usize {
        self.akhir.len()
    }

    fn medan(&self, i: usize) -> &str {
        let awal = match i {
            0 => 0,
            _ => self.akhir.get(i - 1).copied().unwrap_or(usize::MAX),
        };
        let akhir = self.akhir.get(i).copied().unwrap_or(0);
        self.teks.get(awal..akhir).unwrap_or("")
    }

    fn potong(&mut self, n: usize) {
        self.akhir.truncate(n);
        let panjang = self.akhir.last().copied().unwrap_or(0);
        self.teks.truncate(panjang);
    }
}

fn sel_ke_teks(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map(|d| d.date().format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e}"),
        Data::Empty => String::new(),
    }
}

/// `(row, col)` zero-based → `B7`.
pub fn nama_sel(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut s = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        s.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    format!("{}{}", String::from_utf8_lossy(&s), row + 1)
}

/// A field cut to [`batas::MEDAN`] characters, and its length in
/// characters when it was longer (0 when it was not).
fn potong_medan(s: &str) -> (&str, usize) {
    if s.len() <= batas::MEDAN {
        return (s, 0);
    }
    match s.char_indices().nth(batas::MEDAN) {
        Some((i, _)) => (&s[..i], s.chars().count()),
        None => (s, 0),
    }
}

fn tandai_akhir(h: &Hitung, rec: &csv::ByteRecord) {
    if let Some(p) = rec.position() {
        use std::sync::atomic::Ordering::Relaxed;
        h.akhir_rekaman
            .store(p.byte() + rec.as_slice().len() as u64, Relaxed);
        h.baris_rekaman.store(h.baris_pada(p.byte()), Relaxed);
    }
}

fn galat_csv(h: &Hitung, e: csv::Error) -> GalatIo {
    let baris = e.position().map(|p| h.baris_pada(p.byte())).unwrap_or(0);
    if h.lewat.load(std::sync::atomic::Ordering::Relaxed) {
        // The record that grew too long begins after the last whole one.
        return GalatIo::BatasBaris {
            baris: h.baris_rekaman.load(std::sync::atomic::Ordering::Relaxed) + 1,
            batas: batas::BARIS,
        };
    }
    GalatIo::Csv {
        baris,
        pesan: e.to_string(),
    }
}

/// Only a regular file is read. A symbolic link or a device is refused
/// before anything of it is opened, so no message can quote what it points
/// to.
pub fn periksa_berkas(path: &Path) -> Result<(), GalatIo> {
    let m = std::fs::symlink_metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GalatIo::TidakAda(path.into()),
        _ => GalatIo::Buka(path.into(), e),
    })?;
    if m.file_type().is_symlink() {
        return Err(GalatIo::BukanBerkas {
            path: path.into(),
            jenis: "tautan simbolik",
            kind: "a symbolic link",
        });
    }
    if !m.is_file() {
        return Err(GalatIo::BukanBerkas {
            path: path.into(),
            jenis: if m.is_dir() {
                "direktori"
            } else {
                "perangkat atau pipa"
            },
            kind: if m.is_dir() {
                "a directory"
            } else {
                "a device or pipe"
            },
        });
    }
    Ok(())
}

/// Every part of an XLSX zip, decompressed once as a stream before calamine
/// opens it: no part may exceed its size ([`batas`]) nor hold a text longer
/// than [`batas::TEKS_XLSX`], and the shared strings table may not announce
/// more entries than [`batas::STRING_XLSX`]. What a part claims about its
/// own size is not trusted; the bytes are counted.
fn periksa_zip(path: &Path) -> Result<(), GalatIo> {
    let f = File::open(path).map_err(|e| GalatIo::Buka(path.into(), e))?;
    let xerr = |e: String| GalatIo::Xlsx(path.into(), e);
    let mut z = zip::ZipArchive::new(BufReader::new(f)).map_err(|e| xerr(e.to_string()))?;
    if z.len() > batas::ENTRI_XLSX {
        return Err(GalatIo::BatasXlsx {
            bagian: "zip".into(),
            apa: "entri",
            what: "entries",
            batas: batas::ENTRI_XLSX.to_string(),
        });
    }
    let mut buf = vec![0u8; 1 << 16];
    for i in 0..z.len() {
        let mut e = z.by_index(i).map_err(|e| xerr(e.to_string()))?;
        let nama = e.name().map(|n| n.into_owned()).unwrap_or_default();
        let lembar = nama.starts_with("xl/worksheets/");
        let maks = if lembar {
            batas::LEMBAR_XLSX
        } else {
            batas::BAGIAN_XLSX
        };
        let strings = nama.ends_with("sharedStrings.xml");
        let mut total = 0u64;
        // Bytes since the last '<' (across reads).
        let mut sejak_tag = 0u64;
        let mut awal: Vec<u8> = vec![];
        loop {
            let n = match e.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) => return Err(xerr(format!("{nama}: {err}"))),
            };
            let b = buf.get(..n).unwrap_or_default();
            total += n as u64;
            if total > maks {
                return Err(GalatIo::BatasXlsx {
                    bagian: nama,
                    apa: "setelah didekompresi",
                    what: "decompressed",
                    batas: format!("{} MiB", maks >> 20),
                });
            }
            let mut dari = 0usize;
            for j in memchr::memchr_iter(b'<', b) {
                sejak_tag += (j - dari) as u64;
                if sejak_tag > batas::TEKS_XLSX {
                    break;
                }
                sejak_tag = 0;
                dari = j + 1;
            }
            sejak_tag += (n - dari.min(n)) as u64;
            if sejak_tag > batas::TEKS_XLSX {
                return Err(GalatIo::BatasXlsx {
                    bagian: nama,
                    apa: "teks di antara dua tag (satu sel)",
                    what: "of text between two tags (one cell)",
                    batas: format!("{} MiB", batas::TEKS_XLSX >> 20),
                });
            }
            if strings && awal.len() < 4096 {
                awal.extend(b.iter().take(4096 - awal.len()));
            }
        }
        if strings
            && let Some(n) = jumlah_unik(&awal)
            && n > batas::STRING_XLSX
        {
            return Err(GalatIo::BatasXlsx {
                bagian: nama,
                apa: "entri tabel teks bersama (uniqueCount)",
                what: "shared strings entries (uniqueCount)",
                batas: batas::STRING_XLSX.to_string(),
            });
        }
    }
    Ok(())
}

/// The `uniqueCount` the shared strings table announces.
fn jumlah_unik(awal: &[u8]) -> Option<u64> {
    let t = String::from_utf8_lossy(awal);
    let i = t.find("uniqueCount=")? + "uniqueCount=".len();
    let rest = t.get(i + 1..)?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    // More digits than a u64 holds is past any limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// A chunk of (row number, cells) of a sheet, or why reading stopped.
type PotonganXlsx = Result<Vec<(u64, Vec<String>)>, GalatIo>;
type KirimBaris = std::sync::mpsc::SyncSender<PotonganXlsx>;

/// The sheet's rows, cell by cell, sent in chunks.
fn alirkan_lembar(mut wb: Xlsx<BufReader<File>>, nama: &str, path: &Path, tx: KirimBaris) {
    let xerr = |e: calamine::XlsxError| GalatIo::Xlsx(path.into(), e.to_string());
    let mut r = match wb.worksheet_cells_reader(nama) {
        Ok(r) => r,
        Err(e) => {
            let _ = tx.send(Err(xerr(e)));
            return;
        }
    };
    const POTONGAN: usize = 1024;
    const POTONGAN_BAIT: usize = 4 << 20;
    let mut bait = 0usize;
    let mut potongan: Vec<(u64, Vec<String>)> = Vec::with_capacity(POTONGAN);
    let mut kini: Option<(u32, Vec<String>)> = None;
    let mut n_baris = 0u64;
    let kirim = |p: &mut Vec<(u64, Vec<String>)>| {
        tx.send(Ok(std::mem::replace(p, Vec::with_capacity(POTONGAN))))
            .is_ok()
    };
    loop {
        let sel = match r.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => {
                let _ = tx.send(Err(xerr(e)));
                return;
            }
        };
        let (row, col) = sel.get_position();
        if col as usize >= batas::KOLOM {
            let _ = tx.send(Err(GalatIo::BatasKolom {
                kolom: col as usize + 1,
                batas: batas::KOLOM,
            }));
            return;
        }
        if kini.as_ref().is_some_and(|(r0, _)| *r0 != row) {
            if let Some((r0, v)) = kini.take() {
                potongan.push((u64::from(r0) + 1, v));
            }
            if (potongan.len() == POTONGAN || bait > POTONGAN_BAIT) && !kirim(&mut potongan) {
                return;
            }
            if potongan.is_empty() {
                bait = 0;
            }
        }
        let (_, v) = kini.get_or_insert_with(|| {
            n_baris += 1;
            (row, Vec::new())
        });
        if n_baris > batas::BARIS_XLSX {
            let _ = tx.send(Err(GalatIo::BatasXlsx {
                bagian: nama.into(),
                apa: "baris",
                what: "rows",
                batas: batas::BARIS_XLSX.to_string(),
            }));
            return;
        }
        let c = col as usize;
        if v.len() <= c {
            v.resize(c + 1, String::new());
        }
        let d: Data = sel.get_value().clone().into();
        let mut t = sel_ke_teks(&d);
        // Kept one character past the limit, so the row is still refused
        // for it, without holding the whole text.
        if let Some((i, _)) = t.char_indices().nth(batas::MEDAN + 1) {
            t.truncate(i);
        }
        bait += t.len();
        if let Some(x) = v.get_mut(c) {
            *x = t;
        }
    }
    if let Some((r0, v)) = kini.take() {
        potongan.push((u64::from(r0) + 1, v));
    }
    if !potongan.is_empty() {
        kirim(&mut potongan);
    }
}

impl Pembaca {
    /// Opens a file; `lembar` picks an XLSX sheet by name (default: the first).
    pub fn buka(path: &Path, lembar: Option<&str>) -> Result<Pembaca, GalatIo> {
        periksa_berkas(path)?;
        let mut f = File::open(path).map_err(|e| GalatIo::Buka(path.into(), e))?;
        let mut head = vec![0u8; 64 * 1024];
        let mut n = 0;
        while n < head.len() {
            let k = f
                .read(head.get_mut(n..).unwrap_or_default())
                .map_err(|e| GalatIo::Buka(path.into(), e))?;
            if k == 0 {
                break;
            }
            n += k;
        }
        head.truncate(n);
        if head.is_empty() {
            return Err(GalatIo::Kosong(path.into()));
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        let isi = jenis_isi(&head).map_err(|isi| GalatIo::FormatTidakDidukung {
            path: path.into(),
            isi,
        })?;
        match (isi, ext.as_str()) {
            ("xlsx", "csv" | "txt" | "tsv") => Err(GalatIo::FormatTidakCocok {
                path: path.into(),
                ext,
                isi: "XLSX (arsip zip)",
            }),
            ("csv", "xlsx" | "xls") => Err(GalatIo::FormatTidakCocok {
                path: path.into(),
                ext,
                isi: "teks (CSV)",
            }),
            ("xlsx", _) => Self::buka_xlsx(path, lembar),
            _ => Self::buka_csv(path, &head),
        }
    }

    fn buka_csv(path: &Path, head: &[u8]) -> Result<Pembaca, GalatIo> {
        let pemisah = tebak_pemisah(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head));
        let f = File::open(path).map_err(|e| GalatIo::Buka(path.into(), e))?;
        let hitung = std::sync::Arc::new(Hitung::default());
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(pemisah)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 20)
            .from_reader(BufReader::with_capacity(
                1 << 20,
                Terbatas {
                    f,
                    h: hitung.clone(),
                },
            ));
        let mut rec = csv::ByteRecord::new();
        let ada = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| galat_csv(&hitung, e))?;
        if !ada {
            return Err(GalatIo::TanpaJudul(path.into()));
        }
        tandai_akhir(&hitung, &rec);
        if rec.len() > batas::KOLOM {
            return Err(GalatIo::BatasKolom {
                kolom: rec.len(),
                batas: batas::KOLOM,
            });
        }
        let mut non_utf8 = false;
        let judul: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let b = if i == 0 {
                    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
                } else {
                    b
                };
                potong_medan(&ke_teks(b, &mut non_utf8)).0.trim().to_owned()
            })
            .collect();
        let mut p = Pembaca {
            path: path.into(),
            format: FormatBerkas::Csv { pemisah },
            judul,
            catatan: vec![],
            baris_non_utf8: 0,
            baris_kosong: 0,
            medan_panjang: None,
            sumber: Sumber::Csv { rdr, rec, hitung },
        };
        if non_utf8 {
            p.baris_non_utf8 += 1;
        }
        Ok(p)
    }

    fn buka_xlsx(path: &Path, lembar: Option<&str>) -> Result<Pembaca, GalatIo> {
        periksa_zip(path)?;
        let f = File::open(path).map_err(|e| GalatIo::Buka(path.into(), e))?;
        let xerr = |e: calamine::XlsxError| GalatIo::Xlsx(path.into(), e.to_string());
        let mut wb: Xlsx<_> = Xlsx::new(BufReader::new(f)).map_err(xerr)?;
        let names = wb.sheet_names();
        let mut catatan = vec![];
        let nama = match lembar {
            Some(l) => names
                .iter()
                .find(|n| n.as_str() == l)
                .cloned()
                .ok_or_else(|| GalatIo::LembarTidakAda(l.into(), names.join(", ")))?,
            None => {
                let first = names
                    .first()
                    .cloned()
                    .ok_or_else(|| GalatIo::Xlsx(path.into(), "tidak ada lembar".into()))?;
                if names.len() > 1 {
                    catatan.push(Catatan {
                        id: format!("berkas punya {} lembar ({}); yang dibaca hanya lembar pertama '{first}'. Pakai --sheet untuk memilih lembar lain", names.len(), names.join(", ")),
                        en: format!("the workbook has {} sheets ({}); only the first, '{first}', was read. Use --sheet to pick another", names.len(), names.join(", ")),
                    });
                }
                first
            }
        };
        let merged = wb.merge_cells_by_sheet_name(&nama).map_err(xerr)?;
        if !merged.is_empty() {
            let sel = merged
                .iter()
                .take(3)
                .map(|d| {
                    format!(
                        "{}:{}",
                        nama_sel(d.start.0, d.start.1),
                        nama_sel(d.end.0, d.end.1)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let more = if merged.len() > 3 {
                format!(" (+{})", merged.len() - 3)
            } else {
                String::new()
            };
            return Err(GalatIo::SelGabungan {
                lembar: nama,
                sel: format!("{sel}{more}"),
            });
        }
        // The sheet is streamed, cell by cell, on a thread of its own (the
        // cell reader borrows the workbook), in chunks of rows through a
        // bounded channel: memory holds the shared strings and a few
        // thousand rows, however long the sheet.
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let p2 = path.to_path_buf();
        std::thread::spawn(move || alirkan_lembar(wb, &nama, &p2, tx));
        let mut p = Pembaca {
            path: path.into(),
            format: FormatBerkas::Xlsx,
            judul: vec![],
            catatan,
            baris_non_utf8: 0,
            baris_kosong: 0,
            medan_panjang: None,
            sumber: Sumber::Xlsx {
                rx,
                kini: Vec::new().into_iter(),
            },
        };
        // The header is the first row with any value.
        loop {
            match p.baris_xlsx()? {
                None => return Err(GalatIo::TanpaJudul(path.into())),
                Some((_, r)) if r.iter().any(|c| !c.trim().is_empty()) => {
                    p.judul = r.into_iter().map(|c| c.trim().to_owned()).collect();
                    break;
                }
                Some(_) => {}
            }
        }
        Ok(p)
    }

    fn baris_xlsx(&mut self) -> Result<Option<(u64, Vec<String>)>, GalatIo> {
        let Sumber::Xlsx { rx, kini } = &mut self.sumber else {
            return Ok(None);
        };
        loop {
            if let Some(r) = kini.next() {
                return Ok(Some(r));
            }
            match rx.recv() {
                Ok(Ok(v)) => *kini = v.into_iter(),
                Ok(Err(e)) => return Err(e),
                Err(_) => return Ok(None),
            }
        }
    }

    /// Reads the next non-empty row into `out`; returns its line (CSV) or row
    /// (XLSX) number in the file, or `None` at the end. A CSV row is written
    /// into the strings `out` already holds (cleared first), so a caller
    /// that passes the same buffer back allocates nothing per field.
    pub fn baca(&mut self, out: &mut impl Baris) -> Result<Option<u64>, GalatIo> {
        loop {
            self.medan_panjang = None;
            let nomor = match &mut self.sumber {
                Sumber::Csv { rdr, rec, hitung } => {
                    let ada = rdr
                        .read_byte_record(rec)
                        .map_err(|e| galat_csv(hitung, e))?;
                    if !ada {
                        return Ok(None);
                    }
                    tandai_akhir(hitung, rec);
                    let mut non_utf8 = false;
                    let n = rec.len().min(batas::KOLOM + 1);
                    out.mulai(n);
                    for (i, b) in rec.iter().take(n).enumerate() {
                        let t = teks_bait(b, &mut non_utf8);
                        let (t, panjang) = potong_medan(&t);
                        if panjang > 0 && self.medan_panjang.is_none() {
                            self.medan_panjang = Some((i, panjang));
                        }
                        out.isi(i, crate::tulis::pulihkan_sel(t).unwrap_or(t));
                    }
                    if non_utf8 {
                        self.baris_non_utf8 += 1;
                    }
                    rec.position()
                        .map(|p| hitung.baris_pada(p.byte()))
                        .unwrap_or(0)
                }
                Sumber::Xlsx { .. } => match self.baris_xlsx()? {
                    None => return Ok(None),
                    Some((n, r)) => {
                        out.mulai(r.len());
                        for (i, c) in r.iter().enumerate() {
                            let (t, panjang) = potong_medan(c);
                            if panjang > 0 && self.medan_panjang.is_none() {
                                self.medan_panjang = Some((i, panjang));
                            }
                            out.isi(i, crate::tulis::pulihkan_sel(t).unwrap_or(t));
                        }
                        // Trailing empty cells are layout, not fields.
                        let mut n_medan = out.jumlah();
                        while n_medan > self.judul.len()
                            && n_medan
                                .checked_sub(1)
                                .is_some_and(|i| out.medan(i).is_empty())
                        {
                            n_medan -= 1;
                        }
                        out.potong(n_medan);
                        n
                    }
                },
            };
            if (0..out.jumlah()).all(|i| out.medan(i).trim().is_empty()) {
                self.baris_kosong += 1;
                continue;
            }
            return Ok(Some(nomor));
        }
    }

    /// Notes about how the file was read, final once every row is read.
    pub fn semua_catatan(&self) -> Vec<Catatan> {
        let mut c = self.catatan.clone();
        if self.baris_non_utf8 > 0 {
            c.push(Catatan {
                id: format!("{} baris bukan UTF-8 dan dibaca sebagai Windows-1252; periksa huruf beraksen, lalu simpan berkas sebagai UTF-8", self.baris_non_utf8),
                en: format!("{} rows were not UTF-8 and were read as Windows-1252; check accented letters, then save the file as UTF-8", self.baris_non_utf8),
            });
        }
        if self.baris_kosong > 0 {
            c.push(Catatan {
                id: format!(
                    "{} baris kosong (semua kolom kosong) dilewati",
                    self.baris_kosong
                ),
                en: format!(
                    "{} empty rows (all fields empty) skipped",
                    self.baris_kosong
                ),
            });
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;

    fn tulis(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.path().join(name);
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    }

    /// Every row, read into strings and, alongside, into one text per row
    /// (asserted to give the same fields and row numbers).
    fn semua(p: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), GalatIo> {
        let mut r = Pembaca::buka(p, None)?;
        let mut r2 = Pembaca::buka(p, None)?;
        let mut rows = vec![];
        let mut buf = vec![];
        let mut padat = BarisPadat::default();
        while let Some(n) = r.baca(&mut buf)? {
            assert_eq!(r2.baca(&mut padat)?, Some(n));
            let v: Vec<&str> = (0..padat.jumlah()).map(|i| padat.medan(i)).collect();
            assert_eq!(v, buf);
            assert_eq!(padat.medan(buf.len()), "");
            rows.push(buf.clone());
        }
        assert_eq!(r2.baca(&mut padat)?, None);
        Ok((r.judul.clone(), rows))
    }

    proptest::proptest! {
        #[test]
        fn rapi_is_trim(s in "\\PC{0,12}") {
            proptest::prop_assert_eq!(rapi(&s), s.trim());
        }
    }

    #[test]
    fn row_numbers_are_the_file_lines_whatever_ends_them() {
        let d = tempfile::tempdir().unwrap();
        for (nama, isi) in [
            ("lf.csv", "NIK,NAMA\n1,A\n2,\"B\nC\"\n3,D\n"),
            ("crlf.csv", "NIK,NAMA\r\n1,A\r\n2,\"B\r\nC\"\r\n3,D\r\n"),
        ] {
            let p = tulis(&d, nama, isi.as_bytes());
            let mut r = Pembaca::buka(&p, None).unwrap();
            let mut buf: Vec<String> = vec![];
            let mut n = vec![];
            while let Some(x) = r.baca(&mut buf).unwrap() {
                n.push(x);
            }
            // The quoted field spans two lines: the row after it is line 5.
            assert_eq!(n, [2, 3, 5], "{nama}");
        }
    }

    #[test]
    fn csv_variants() {
        let d = tempfile::tempdir().unwrap();
        let p = tulis(
            &d,
            "a.csv",
            b"\xEF\xBB\xBFNIK;NAMA\r\n1;\"SITI; AMINAH\"\r\n\r\n;\r\n2;BUDI\r\n",
        );
        let (h, rows) = semua(&p).unwrap();
        assert_eq!(h, ["NIK", "NAMA"]);
        assert_eq!(
            rows,
            vec![
                vec!["1".to_string(), "SITI; AMINAH".into()],
                vec!["2".into(), "BUDI".into()]
            ]
        );
    }

    #[test]
    fn windows_1252_is_read_and_said() {
        let d = tempfile::tempdir().unwrap();
        let p = tulis(&d, "a.csv", b"NIK,NAMA\n1,JOS\xC9\n");
        let mut r = Pembaca::buka(&p, None).unwrap();
        let mut buf = vec![];
        r.baca(&mut buf).unwrap();
        assert_eq!(buf[1], "JOSÉ");
        assert!(r.semua_catatan()[0].id.contains("Windows-1252"));
    }

    #[test]
    fn lying_extensions_and_other_formats() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(
            semua(&tulis(&d, "a.csv", b"")),
            Err(GalatIo::Kosong(_))
        ));
        assert!(matches!(
            semua(&tulis(&d, "b.csv", b"PK\x03\x04rest")),
            Err(GalatIo::FormatTidakCocok { .. })
        ));
        assert!(matches!(
            semua(&tulis(&d, "c.xlsx", b"NIK,NAMA\n")),
            Err(GalatIo::FormatTidakCocok { .. })
        ));
        assert!(matches!(
            semua(&tulis(&d, "d.csv", b"%PDF-1.4")),
            Err(GalatIo::FormatTidakDidukung { .. })
        ));
        assert!(matches!(
            semua(&tulis(&d, "e.xlsx", b"PK\x03\x04broken")),
            Err(GalatIo::Xlsx(..))
        ));
    }

    #[test]
    fn cell_names() {
        assert_eq!(nama_sel(0, 0), "A1");
        assert_eq!(nama_sel(6, 27), "AB7");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), xlsx in any::<bool>()) {
            let d = tempfile::tempdir().unwrap();
            let p = tulis(&d, if xlsx { "f.xlsx" } else { "f.csv" }, &bytes);
            let _ = semua(&p);
        }
    }
}
