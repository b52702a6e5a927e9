//! Opening a workspace with its key and log options, and the office key's
//! passphrase: given outright (the demo's), from `PADAN_PASSPHRASE` (read
//! by the store), or asked through the caller's [`TanyaSandi`] (a terminal
//! prompt in the command line, never a command-line argument).

use crate::galat::Galat;
use padan_store::{Basisdata, GalatStore, Gudang, OpsiKunci, Toko};
use std::path::PathBuf;
use std::sync::Arc;
use zeroize::Zeroizing;

/// Asks a person for the passphrase; `ulang`: ask twice (a new key).
/// `Ok(None)`: nobody can answer.
pub type TanyaSandi = dyn Fn(bool) -> Result<Option<Zeroizing<String>>, Galat> + Send + Sync;

/// The passphrase of the demo's key, which says what it is.
pub const SANDI_DEMO: &str = "demo-bukan-rahasia";

/// A workspace and how to open it.
#[derive(Clone)]
pub struct Ruang {
    pub dir: PathBuf,
    /// The sealed office key, when kept outside the workspace.
    pub kunci: Option<PathBuf>,
    /// The checkpoint log, when kept outside the workspace.
    pub log_checkpoint: Option<PathBuf>,
    /// A passphrase given outright, used before the environment's.
    pub sandi: Option<Zeroizing<String>>,
    /// Asks where no passphrase was given or it was wrong.
    pub tanya: Option<Arc<TanyaSandi>>,
    /// Where the register's database is: for a new workspace, where to
    /// make it (`None`: SQLite in the workspace); for an existing one, a
    /// PostgreSQL URL to reach it by instead of the one it was made with.
    pub basis: Option<Basisdata>,
}

impl Ruang {
    pub fn baru(dir: impl Into<PathBuf>) -> Ruang {
        Ruang {
            dir: dir.into(),
            kunci: None,
            log_checkpoint: None,
            sandi: None,
            tanya: None,
            basis: None,
        }
    }

    fn opsi_kunci(&self, sandi: Option<Zeroizing<String>>) -> OpsiKunci {
        OpsiKunci {
            berkas: self.kunci.clone(),
            sandi: sandi.or_else(|| self.sandi.clone()),
        }
    }

    fn dengan_log(&self, mut g: Gudang) -> Gudang {
        if let Some(p) = &self.log_checkpoint {
            g.atur_log_checkpoint(p.clone());
        }
        g
    }

    fn tanya(&self, ulang: bool) -> Result<Option<Zeroizing<String>>, Galat> {
        match &self.tanya {
            Some(f) => f(ulang),
            None => Ok(None),
        }
    }

    fn buka_gudang(&self) -> Result<Gudang, Galat> {
        let url = match &self.basis {
            Some(Basisdata::Postgres(u)) => Some(u.as_str()),
            _ => None,
        };
        Ok(self.dengan_log(Gudang::buka_di(&self.dir, &self.opsi_kunci(None), url)?))
    }

    /// Opens the workspace for reading: no passphrase is needed. The use
    /// cases see only the store seam ([`Toko`]); the backend is chosen
    /// here (SQLite, the embedded default).
    pub fn buka(&self) -> Result<Box<dyn Toko>, Galat> {
        Ok(Box::new(self.buka_gudang()?))
    }

    /// [`Ruang::buka`] for a caller that moves the store between threads
    /// (the web service's pool of readers).
    pub fn buka_kirim(&self) -> Result<Box<dyn Toko + Send>, Galat> {
        Ok(Box::new(self.buka_gudang()?))
    }

    /// Opens the workspace for writing: the office key is opened now, so a
    /// wrong or missing passphrase is said before any work is done.
    pub fn buka_tulis(&self) -> Result<Box<dyn Toko>, Galat> {
        let mut g = self.buka_gudang()?;
        match g.siapkan_kunci() {
            // Asked only when none was given (or a wrong one) and someone
            // can answer.
            Err(e @ (GalatStore::SandiDiperlukan | GalatStore::SandiSalah(_))) => {
                match self.tanya(false)? {
                    Some(s) => {
                        g.atur_opsi_kunci(self.opsi_kunci(Some(s)));
                        g.siapkan_kunci()?;
                    }
                    None => return Err(e.into()),
                }
            }
            r => r?,
        }
        Ok(Box::new(g))
    }

    /// Creates the workspace; the passphrase is asked twice where asked.
    pub fn buat(&self, kantor: &str) -> Result<Box<dyn Toko>, Galat> {
        let s = match &self.sandi {
            Some(s) => Some(s.clone()),
            None => self.tanya(true)?,
        };
        Ok(Box::new(self.dengan_log(Gudang::init_di(
            &self.dir,
            kantor,
            &self.opsi_kunci(s),
            self.basis.as_ref().unwrap_or(&Basisdata::Sqlite),
        )?)))
    }
}
