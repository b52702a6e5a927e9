//! The service's audit trails, one JSON line per act:
//! - `WORKSPACE/audit/cek.jsonl`, every lookup, with the keyed mark of the
//!   NIK and of the client ([`padan_app::cek::sidik`]), never either in
//!   clear;
//! - `WORKSPACE/audit/operator.jsonl`, every sign-in, sign-out and action
//!   of an operator in the web app, with what it was done to and how it
//!   ended (what an action changed is in the event log as well).
//!
//! Written by one thread, so that a lookup never waits on the disk; the
//! file is flushed at least every 200 ms and when the service stops.

use serde::Serialize;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The audit reaches the file at least this often.
const SIRAM: Duration = Duration::from_millis(200);

/// One lookup, as audited.
#[derive(Debug, Clone, Serialize)]
pub struct CatatanCek {
    pub waktu: String,
    /// The NIK's mark; empty when no NIK was given.
    pub nik: String,
    pub klien: String,
    pub faktor: &'static str,
    pub hasil: &'static str,
}

pub struct Audit {
    path: PathBuf,
    tx: Mutex<Option<Sender<String>>>,
    penulis: Mutex<Option<JoinHandle<()>>>,
}

/// One operator's act in the web app, as audited.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CatatanOperator {
    pub waktu: String,
    /// The operator's name, or the name typed at a failed sign-in.
    pub operator: String,
    /// `masuk`, `masuk-gagal`, `terkunci`, `keluar`, `putus`, `setujui`,
    /// `impor`, `tutup-periode`, `dosir`, `lihat-pemilih`, `csrf`, ….
    pub aksi: String,
    /// What it was done to (a case, a voter ID, a file's name).
    pub objek: String,
    /// `ok`, or why not.
    pub hasil: String,
    /// The client's keyed mark.
    pub klien: String,
}

/// The lookups' audit file in a workspace.
pub fn path_audit(ws: &Path) -> PathBuf {
    ws.join("audit").join("cek.jsonl")
}

/// The operators' audit file in a workspace.
pub fn path_audit_operator(ws: &Path) -> PathBuf {
    ws.join("audit").join("operator.jsonl")
}

impl Audit {
    /// Opens (appends to) an audit file.
    pub fn buka(path: PathBuf) -> std::io::Result<Audit> {
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        let mut o = std::fs::OpenOptions::new();
        o.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let f = o.open(&path)?;
        let (tx, rx) = channel();
        let penulis = std::thread::Builder::new()
            .name("padan-audit".into())
            .spawn(move || tulis(BufWriter::new(f), rx))?;
        Ok(Audit {
            path,
            tx: Mutex::new(Some(tx)),
            penulis: Mutex::new(Some(penulis)),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn catat<T: Serialize>(&self, c: &T) {
        let Ok(baris) = serde_json::to_string(c) else {
            return;
        };
        let tx = self
            .tx
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tx) = tx.as_ref()
            && tx.send(baris).is_err()
        {
            tracing::error!("audit: penulis berhenti; catatan hilang");
        }
    }

    /// Writes what is queued and closes the file (at shutdown).
    pub fn tutup(&self) {
        drop(
            self.tx
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take(),
        );
        let h = self
            .penulis
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(h) = h
            && h.join().is_err()
        {
            tracing::error!("audit: penulis gagal");
        }
    }
}

impl Drop for Audit {
    fn drop(&mut self) {
        self.tutup();
    }
}

fn tulis(mut w: BufWriter<std::fs::File>, rx: Receiver<String>) {
    let gagal = |e: std::io::Error| tracing::error!(galat = %e, "audit: tidak dapat menulis");
    let mut disiram = Instant::now();
    loop {
        match rx.recv_timeout(SIRAM) {
            Ok(b) => {
                if let Err(e) = w.write_all(b.as_bytes()).and_then(|_| w.write_all(b"\n")) {
                    gagal(e);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Under steady load the queue is never empty for long: flush by
        // the clock, not only when idle.
        if disiram.elapsed() >= SIRAM {
            if let Err(e) = w.flush() {
                gagal(e);
            }
            disiram = Instant::now();
        }
    }
    if let Err(e) = w.flush().and_then(|_| w.get_ref().sync_all()) {
        gagal(e);
    }
}
