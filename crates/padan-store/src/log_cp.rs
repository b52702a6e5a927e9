//! The checkpoint log: every checkpoint the office signs, appended to a file
//! outside the database (`checkpoint.log` in the workspace, or wherever
//! `--checkpoint-log` puts it), one JSON line each. It can be copied,
//! shipped or published as it grows; whoever keeps a copy can tell when the
//! database has lost its tail, since the database can no longer show the
//! checkpoints that copy holds.

use crate::GalatStore;
use crate::rantai::Hash;
use crate::sql::Koneksi as Connection;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

pub const BERKAS_LOG: &str = "checkpoint.log";

/// One line of the log.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BarisLog {
    pub batch: i64,
    /// SHA-256 of the signed text: the head an office publishes.
    pub hash: String,
    /// The signed text itself.
    pub pesan: String,
    pub tanda_tangan: String,
    pub kunci_publik: String,
}

pub(crate) fn baris(
    batch: i64,
    pesan: &[u8],
    hash: &Hash,
    sig: &[u8],
    k: &ed25519_dalek::VerifyingKey,
) -> BarisLog {
    BarisLog {
        batch,
        hash: hex::encode(hash),
        pesan: String::from_utf8_lossy(pesan).into_owned(),
        tanda_tangan: hex::encode(sig),
        kunci_publik: hex::encode(k.as_bytes()),
    }
}

pub(crate) fn tambah(path: &Path, b: &BarisLog) -> Result<(), GalatStore> {
    let io = |e| GalatStore::Io(path.into(), e);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(io)?;
    let mut line = serde_json::to_string(b).map_err(|e| GalatStore::Data(0, e.to_string()))?;
    line.push('\n');
    f.write_all(line.as_bytes()).map_err(io)?;
    f.sync_data().map_err(io)
}

/// The lines of a log, in order; `None` when there is no log file. A line
/// that does not parse is returned as `Err(line number)`.
pub fn baca(path: &Path) -> Result<Option<Vec<Result<BarisLog, usize>>>, GalatStore> {
    let teks = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(GalatStore::Io(path.into(), e)),
    };
    Ok(Some(
        teks.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| serde_json::from_str(l).map_err(|_| i + 1))
            .collect(),
    ))
}

/// The batch of the log's last readable line (0: none). Only the file's
/// tail is read: this runs at the start of every batch, and the log grows
/// by a line a batch for as long as the office exists.
fn batch_terakhir(path: &Path) -> Result<i64, GalatStore> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |e| GalatStore::Io(path.into(), e);
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(e)),
    };
    let n = f.metadata().map_err(io)?.len();
    let ekor = 64 * 1024;
    f.seek(SeekFrom::Start(n.saturating_sub(ekor)))
        .map_err(io)?;
    let mut b = Vec::new();
    f.read_to_end(&mut b).map_err(io)?;
    let dari_ekor = String::from_utf8_lossy(&b)
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<BarisLog>(l).ok())
        .map(|b| b.batch);
    Ok(match dari_ekor {
        Some(b) => b,
        // No whole line in the tail: read it all.
        None if n > ekor => baca(path)?
            .into_iter()
            .flatten()
            .rev()
            .find_map(Result::ok)
            .map_or(0, |b| b.batch),
        None => 0,
    })
}

/// Appends the checkpoints the log lacks (after a crash between a commit
/// and its line). Only ever appends after the log's last batch; a log that
/// runs ahead of the database is left as it is, for `verify` to report.
pub(crate) fn susul(conn: &Connection, path: &Path) -> Result<(), GalatStore> {
    let terakhir = batch_terakhir(path)?;
    let kantor: String =
        conn.query_row("SELECT nilai FROM meta WHERE kunci = 'kantor'", [], |r| {
            r.get(0)
        })?;
    for (batch, cp) in crate::batch::CheckpointTersimpan::sesudah(conn, terakhir)? {
        tambah(
            path,
            &BarisLog {
                batch,
                hash: hex::encode(&cp.hash),
                pesan: String::from_utf8_lossy(&cp.isi(&kantor, batch).pesan()).into_owned(),
                tanda_tangan: hex::encode(&cp.tanda_tangan),
                kunci_publik: cp.kunci_publik.clone(),
            },
        )?;
    }
    Ok(())
}
