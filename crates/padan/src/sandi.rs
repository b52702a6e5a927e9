//! The office key's passphrase on a terminal: asked, never taken from the
//! command line (it would sit in the shell history). `PADAN_PASSPHRASE`
//! is read by the store; a terminal is asked only where it is missing.

use crate::Cli;
use padan_app::{Galat, Ruang};
use std::io::IsTerminal;
use std::sync::Arc;
use zeroize::Zeroizing;

/// The passphrase from a terminal; `ulang` asks twice (a new key).
/// `Ok(None)`: the environment has one, or no terminal can answer.
fn tanya(ulang: bool) -> Result<Option<Zeroizing<String>>, Galat> {
    if std::env::var(padan_app::padan_store::kunci::ENV_SANDI).is_ok_and(|s| !s.is_empty()) {
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

/// An operator's new web password: `PADAN_OPERATOR_PASSWORD` (scripts,
/// tests), else asked twice on a terminal, never an argument.
pub fn sandi_operator(nama: &str) -> Result<Zeroizing<String>, Galat> {
    if let Ok(s) = std::env::var("PADAN_OPERATOR_PASSWORD")
        && !s.is_empty()
    {
        return Ok(Zeroizing::new(s));
    }
    if !std::io::stdin().is_terminal() {
        return Err(Galat::baru(
            "tidak ada terminal untuk menanyakan kata sandi; jalankan di terminal atau isi PADAN_OPERATOR_PASSWORD",
            "no terminal to ask for the password; run it in a terminal or set PADAN_OPERATOR_PASSWORD",
        )
        .misuse());
    }
    let tanya = |p: String| {
        rpassword::prompt_password(p)
            .map(Zeroizing::new)
            .map_err(Galat::from)
    };
    let s = tanya(format!("Kata sandi baru untuk {nama} (new password): "))?;
    let s2 = tanya("Ulangi kata sandi (repeat): ".to_owned())?;
    if *s != *s2 {
        return Err(Galat::baru(
            "kedua kata sandi tidak sama",
            "the two passwords differ",
        ));
    }
    Ok(s)
}

/// The workspace the command line names, with its key and log options
/// and its database (`--database`).
pub fn ruang(cli: &Cli) -> Result<Ruang, Galat> {
    let mut r = Ruang {
        kunci: cli.key.clone(),
        log_checkpoint: cli.checkpoint_log.clone(),
        tanya: Some(Arc::new(tanya)),
        ..Ruang::baru(&cli.workspace)
    };
    let Some(d) = cli.database.as_deref() else {
        return Ok(r);
    };
    // `sqlite:FOLDER` names the workspace (or its `padan.db` file).
    if let Some(p) = d.strip_prefix("sqlite:") {
        let mut dir = std::path::PathBuf::from(p.trim_start_matches("//"));
        if dir.extension().is_some_and(|e| e == "db" || e == "sqlite") {
            dir = dir
                .parent()
                .map(std::path::PathBuf::from)
                .unwrap_or_default();
        }
        r.dir = dir;
        return Ok(r);
    }
    match padan_app::padan_store::Basisdata::urai(d) {
        Some(b) => {
            r.basis = Some(b);
            Ok(r)
        }
        None => Err(Galat::baru(
            format!(
                "--database '{d}' tidak dikenal; tulis sqlite, sqlite:FOLDER atau postgres://…"
            ),
            format!(
                "--database '{d}' is not understood; write sqlite, sqlite:FOLDER or postgres://…"
            ),
        )
        .misuse()),
    }
}
