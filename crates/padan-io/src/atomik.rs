//! Files written whole or not at all, and durably: the one way Padan
//! writes a file another program or a court may read later.
//!
//! The content goes to a temporary name beside the target, is synced to
//! disk, and is renamed over the target; the folder is synced so the
//! rename survives a power cut. A crash leaves the old file or the new
//! one, never half of either.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary name a file bound for `target` is written under.
pub fn path_sementara(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("keluaran");
    target.with_file_name(format!(".{name}.sementara"))
}

/// Syncs a file written under its temporary name.
pub fn sinkron(p: &Path) -> std::io::Result<()> {
    std::fs::File::open(p)?.sync_all()
}

/// Moves a synced temporary file into place and syncs the folder.
pub fn pindahkan(tmp: &Path, target: &Path) -> std::io::Result<()> {
    std::fs::rename(tmp, target)?;
    sinkron_folder(target);
    Ok(())
}

/// Syncs the folder holding `p` (where the platform allows it: a folder
/// cannot be opened for syncing on Windows, and the rename is durable there
/// once it returns).
fn sinkron_folder(p: &Path) {
    #[cfg(unix)]
    if let Some(d) = p.parent() {
        let d = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        if let Ok(f) = std::fs::File::open(d) {
            let _ = f.sync_all();
        }
    }
}

/// Writes `isi` to `target` whole or not at all.
pub fn tulis(target: &Path, isi: &[u8]) -> std::io::Result<()> {
    tulis_dengan(target, isi, false)
}

/// Writes a secret (the sealed office key) whole or not at all: readable
/// by its owner only whatever the umask, and never over an existing file.
pub fn tulis_rahasia(target: &Path, isi: &[u8]) -> std::io::Result<()> {
    if target.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "berkas sudah ada",
        ));
    }
    tulis_dengan(target, isi, true)
}

fn tulis_dengan(target: &Path, isi: &[u8], rahasia: bool) -> std::io::Result<()> {
    let tmp = path_sementara(target);
    let r = (|| {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if rahasia {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let _ = rahasia;
        let mut f = opts.open(&tmp)?;
        f.write_all(isi)?;
        f.sync_all()?;
        pindahkan(&tmp, target)
    })();
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

/// A path's extension in lower case (`""` without one): what format a
/// file is written in.
pub fn ekstensi(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_whole_and_leaves_no_temporary() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("model.json");
        super::tulis(&p, b"satu").unwrap();
        super::tulis(&p, b"dua").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"dua");
        assert!(!super::path_sementara(&p).exists());
    }

    #[test]
    fn a_secret_is_the_owners_alone_and_never_overwritten() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("kantor.key");
        super::tulis_rahasia(&p, b"rahasia").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert!(super::tulis_rahasia(&p, b"lain").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"rahasia");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("tidak-ada").join("model.json");
        assert!(super::tulis(&p, b"x").is_err());
        assert!(!p.exists());
    }
}
