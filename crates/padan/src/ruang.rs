//! Opening the workspace with the process's key and log options, and the
//! office key's passphrase: from `PADAN_PASSPHRASE`, or asked on the
//! terminal, never on the command line (it would sit in the shell history).

use crate::galat::Galat;
use padan_store::{GalatStore, Gudang, OpsiKunci};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Debug, Clone, Default)]
pub struct Opsi {
    pub kunci: Option<PathBuf>,
    pub log_checkpoint: Option<PathBuf>,
}

static OPSI: std::sync::OnceLock<Opsi> = std::sync::OnceLock::new();
/// A passphrase this process was given (the demo's), used before the
/// environment's.
static SANDI: std::sync::OnceLock<Zeroizing<String>> = std::sync::OnceLock::new();

/// The passphrase of the demo's key, which says what it is.
pub const SANDI_DEMO: &str = "demo-bukan-rahasia";

pub fn atur_sandi(s: &str) {
    let _ = SANDI.set(Zeroizing::new(s.to_owned()));
}

pub fn atur(o: Opsi) {
    let _ = OPSI.set(o);
}

fn opsi() -> Opsi {
    OPSI.get().cloned().unwrap_or_default()
}

fn opsi_kunci(sandi: Option<Zeroizing<String>>) -> OpsiKunci {
    OpsiKunci {
        berkas: opsi().kunci,
        sandi: sandi.or_else(|| SANDI.get().cloned()),
    }
}

fn dengan_log(mut g: Gudang) -> Gudang {
    if let Some(p) = opsi().log_checkpoint {
        g.atur_log_checkpoint(p);
    }
    g
}

/// Opens a workspace for reading: no passphrase is needed.
pub fn buka(ws: &Path) -> Result<Gudang, Galat> {
    Ok(dengan_log(Gudang::buka_dengan(ws, &opsi_kunci(None))?))
}

/// The passphrase from the environment, or asked on a terminal; `ulang`
/// asks twice (a new key).
pub fn sandi(ulang: bool) -> Result<Option<Zeroizing<String>>, Galat> {
    if std::env::var(padan_store::kunci::ENV_SANDI).is_ok_and(|s| !s.is_empty()) {
        return Ok(None);
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let tanya = |p: &str| {
        rpassword::prompt_password(p)
            .map(Zeroizing::new)
            .map_err(Galat::from)
    };
    let s = tanya("Sandi kunci kantor (passphrase): ")?;
    if ulang {
        let s2 = tanya("Ulangi sandi (repeat): ")?;
        if *s != *s2 {
            return Err(Galat::baru(
                "kedua sandi tidak sama",
                "the two passphrases differ",
            ));
        }
        if s.chars().count() < 8 {
            return Err(Galat::baru(
                "sandi kunci kantor minimal 8 karakter",
                "the office key's passphrase needs at least 8 characters",
            ));
        }
    }
    Ok(Some(s))
}

/// Opens a workspace for writing: the office key is opened now, so a
/// wrong or missing passphrase is said before any work is done.
pub fn buka_tulis(ws: &Path) -> Result<Gudang, Galat> {
    let mut g = buka(ws)?;
    match g.siapkan_kunci() {
        // Asked only when the environment gave none (or a wrong one) and a
        // terminal can answer.
        Err(e @ (GalatStore::SandiDiperlukan | GalatStore::SandiSalah(_))) => match sandi(false)? {
            Some(s) => {
                g.atur_opsi_kunci(opsi_kunci(Some(s)));
                g.siapkan_kunci()?;
            }
            None => return Err(e.into()),
        },
        r => r?,
    }
    Ok(g)
}

/// Creates a workspace; the passphrase is asked twice on a terminal.
pub fn buat(ws: &Path, kantor: &str, sandi_eksplisit: Option<&str>) -> Result<Gudang, Galat> {
    let s = match sandi_eksplisit {
        Some(s) => Some(Zeroizing::new(s.to_owned())),
        None => sandi(true)?,
    };
    Ok(dengan_log(Gudang::init(ws, kantor, &opsi_kunci(s))?))
}
