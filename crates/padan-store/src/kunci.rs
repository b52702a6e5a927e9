//! The office's ed25519 key: made at `padan init`, kept in the workspace with
//! owner-only permissions, used to sign each batch's checkpoint.

use crate::GalatStore;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use std::path::Path;

pub const BERKAS_KUNCI: &str = "kunci/kantor.key";
pub const BERKAS_PUBLIK: &str = "kunci/kantor.pub";

pub fn buat(dir: &Path) -> Result<SigningKey, GalatStore> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| GalatStore::Kunci(format!("tidak dapat membuat bilangan acak: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let kdir = dir.join("kunci");
    std::fs::create_dir_all(&kdir).map_err(|e| GalatStore::Io(kdir.clone(), e))?;
    let path = dir.join(BERKAS_KUNCI);
    tulis_rahasia(&path, hex::encode(seed).as_bytes())?;
    std::fs::write(
        dir.join(BERKAS_PUBLIK),
        hex::encode(key.verifying_key().as_bytes()),
    )
    .map_err(|e| GalatStore::Io(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&kdir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(key)
}

fn tulis_rahasia(path: &Path, isi: &[u8]) -> Result<(), GalatStore> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .map_err(|e| GalatStore::Io(path.into(), e))?;
    f.write_all(isi)
        .and_then(|_| f.sync_all())
        .map_err(|e| GalatStore::Io(path.into(), e))
}

pub fn muat(dir: &Path) -> Result<SigningKey, GalatStore> {
    let path = dir.join(BERKAS_KUNCI);
    let teks = std::fs::read_to_string(&path).map_err(|e| GalatStore::Io(path.clone(), e))?;
    let bytes: [u8; 32] = hex::decode(teks.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            GalatStore::Kunci(format!(
                "{} rusak: bukan kunci ed25519 (64 digit heksadesimal)",
                path.display()
            ))
        })?;
    Ok(SigningKey::from_bytes(&bytes))
}

pub fn publik_dari_hex(h: &str) -> Option<VerifyingKey> {
    let b: [u8; 32] = hex::decode(h).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&b).ok()
}

pub fn tanda_tangan_dari(b: &[u8]) -> Option<Signature> {
    Signature::from_slice(b).ok()
}

/// A short fingerprint of a public key, for an auditor to compare with the
/// one the office published.
pub fn sidik(k: &VerifyingKey) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(k.as_bytes());
    hex::encode(&h[..8])
}
