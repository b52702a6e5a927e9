//! The office's ed25519 key: made at `padan init`, used to sign each batch's
//! checkpoint, and kept encrypted at rest.
//!
//! Why encrypted: anyone who can write the database could otherwise also
//! read the key beside it and re-sign whatever they changed, with the same
//! fingerprint. The seed is sealed with XChaCha20-Poly1305 under a key
//! derived from the office's passphrase by Argon2id; the file may also live
//! outside the workspace (`--key FILE`), e.g. on removable media.

use crate::GalatStore;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub const BERKAS_KUNCI: &str = "kunci/kantor.key";
pub const BERKAS_PUBLIK: &str = "kunci/kantor.pub";
/// The environment variable a passphrase may come from.
pub const ENV_SANDI: &str = "PADAN_PASSPHRASE";

/// Where the office key lies and how to open it.
#[derive(Clone, Default)]
pub struct OpsiKunci {
    /// The key file; `None`: `kunci/kantor.key` in the workspace.
    pub berkas: Option<PathBuf>,
    /// The passphrase; `None`: `$PADAN_PASSPHRASE`.
    pub sandi: Option<Zeroizing<String>>,
}

impl std::fmt::Debug for OpsiKunci {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpsiKunci")
            .field("berkas", &self.berkas)
            .field("sandi", &self.sandi.as_ref().map(|_| "***"))
            .finish()
    }
}

impl OpsiKunci {
    pub fn dengan_sandi(s: &str) -> OpsiKunci {
        OpsiKunci {
            berkas: None,
            sandi: Some(Zeroizing::new(s.to_owned())),
        }
    }

    pub fn path(&self, ws: &Path) -> PathBuf {
        self.berkas.clone().unwrap_or_else(|| ws.join(BERKAS_KUNCI))
    }

    fn sandi(&self) -> Result<Zeroizing<String>, GalatStore> {
        if let Some(s) = &self.sandi {
            return Ok(s.clone());
        }
        match std::env::var(ENV_SANDI) {
            Ok(s) if !s.is_empty() => Ok(Zeroizing::new(s)),
            _ => Err(GalatStore::SandiDiperlukan),
        }
    }
}

/// The sealed key as stored (JSON).
#[derive(Serialize, Deserialize)]
struct Tersegel {
    format: String,
    kdf: String,
    /// Argon2id memory in KiB, passes, lanes.
    m: u32,
    t: u32,
    p: u32,
    garam: String,
    nonce: String,
    sandi: String,
    kunci_publik: String,
}

const FORMAT: &str = "padan-kunci/v1";
// OWASP's minimum for Argon2id (19 MiB, 2 passes): a write command opens
// the key once, so this costs tens of milliseconds per command.
const M_KIB: u32 = 19_456;
const T: u32 = 2;
const P: u32 = 1;

fn turunkan(
    sandi: &str,
    garam: &[u8],
    m: u32,
    t: u32,
    p: u32,
) -> Result<Zeroizing<[u8; 32]>, GalatStore> {
    let params = argon2::Params::new(m, t, p, Some(32))
        .map_err(|e| GalatStore::Kunci(format!("parameter Argon2 tidak sah: {e}")))?;
    let a = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    a.hash_password_into(sandi.as_bytes(), garam, out.as_mut())
        .map_err(|e| GalatStore::Kunci(format!("Argon2: {e}")))?;
    Ok(out)
}

fn acak<const N: usize>() -> Result<[u8; N], GalatStore> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b)
        .map_err(|e| GalatStore::Kunci(format!("tidak dapat membuat bilangan acak: {e}")))?;
    Ok(b)
}

/// Makes a new key, sealed under the passphrase, at `o.path(ws)`; the public
/// key goes beside the workspace's database in `kunci/kantor.pub`.
pub fn buat(ws: &Path, o: &OpsiKunci) -> Result<SigningKey, GalatStore> {
    let sandi = o.sandi()?;
    let seed = Zeroizing::new(acak::<32>()?);
    let key = SigningKey::from_bytes(&seed);
    let path = o.path(ws);
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).map_err(|e| GalatStore::Io(d.into(), e))?;
    }
    let kdir = ws.join("kunci");
    std::fs::create_dir_all(&kdir).map_err(|e| GalatStore::Io(kdir.clone(), e))?;
    let garam = acak::<16>()?;
    let nonce = acak::<24>()?;
    let k = turunkan(&sandi, &garam, M_KIB, T, P)?;
    let publik = hex::encode(key.verifying_key().as_bytes());
    let c = XChaCha20Poly1305::new(k.as_ref().into());
    // The public key is the associated data: a sealed seed cannot be paired
    // with another office's public key unnoticed.
    let sandi_teks = c
        .encrypt(
            XNonce::from_slice(&nonce),
            chacha20poly1305::aead::Payload {
                msg: seed.as_ref(),
                aad: publik.as_bytes(),
            },
        )
        .map_err(|_| GalatStore::Kunci("enkripsi kunci gagal".into()))?;
    let t = Tersegel {
        format: FORMAT.into(),
        kdf: "argon2id".into(),
        m: M_KIB,
        t: T,
        p: P,
        garam: hex::encode(garam),
        nonce: hex::encode(nonce),
        sandi: hex::encode(sandi_teks),
        kunci_publik: publik.clone(),
    };
    let teks = serde_json::to_vec_pretty(&t).map_err(|e| GalatStore::Kunci(e.to_string()))?;
    tulis_rahasia(&path, &teks)?;
    std::fs::write(ws.join(BERKAS_PUBLIK), &publik)
        .map_err(|e| GalatStore::Io(ws.join(BERKAS_PUBLIK), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&kdir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(key)
}

fn tulis_rahasia(path: &Path, isi: &[u8]) -> Result<(), GalatStore> {
    padan_io::atomik::tulis_rahasia(path, isi).map_err(|e| GalatStore::Io(path.into(), e))
}

/// Opens the sealed key. A wrong passphrase, a file that is not a sealed
/// key (an unencrypted key of an older workspace included) and a key that is
/// not this office's are each refused with a message saying which.
pub fn muat(ws: &Path, o: &OpsiKunci, publik_harap: &str) -> Result<SigningKey, GalatStore> {
    let path = o.path(ws);
    let teks = std::fs::read(&path).map_err(|e| GalatStore::Io(path.clone(), e))?;
    let Ok(t) = serde_json::from_slice::<Tersegel>(&teks) else {
        return Err(GalatStore::KunciRusak(path));
    };
    if t.format != FORMAT || t.kdf != "argon2id" {
        return Err(GalatStore::KunciRusak(path));
    }
    let sandi = o.sandi()?;
    let (Ok(garam), Ok(nonce), Ok(ct)) = (
        hex::decode(&t.garam),
        hex::decode(&t.nonce),
        hex::decode(&t.sandi),
    ) else {
        return Err(GalatStore::KunciRusak(path));
    };
    if nonce.len() != 24 || t.m > 4 * 1024 * 1024 || t.t > 64 || t.p > 64 {
        return Err(GalatStore::KunciRusak(path));
    }
    let k = turunkan(&sandi, &garam, t.m, t.t, t.p)?;
    let c = XChaCha20Poly1305::new(k.as_ref().into());
    let seed = c
        .decrypt(
            XNonce::from_slice(&nonce),
            chacha20poly1305::aead::Payload {
                msg: &ct,
                aad: t.kunci_publik.as_bytes(),
            },
        )
        .map_err(|_| GalatStore::SandiSalah(path.clone()))?;
    let seed = Zeroizing::new(seed);
    let bytes: [u8; 32] = seed
        .as_slice()
        .try_into()
        .map_err(|_| GalatStore::KunciRusak(path.clone()))?;
    let key = SigningKey::from_bytes(&bytes);
    if hex::encode(key.verifying_key().as_bytes()) != publik_harap {
        return Err(GalatStore::KunciLain(path));
    }
    Ok(key)
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
    hex::encode(h.get(..8).unwrap_or_default())
}

/// The fingerprint of a public key given as hex (empty when it is not one).
pub fn sidik_hex(publik: &str) -> String {
    hex::decode(publik.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .map(|k| sidik(&k))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_only_with_its_passphrase() {
        let d = tempfile::tempdir().unwrap();
        let k = buat(d.path(), &OpsiKunci::dengan_sandi("rahasia kantor")).unwrap();
        let publik = hex::encode(k.verifying_key().as_bytes());
        let teks = std::fs::read_to_string(d.path().join(BERKAS_KUNCI)).unwrap();
        // The seed is nowhere in the file.
        assert!(!teks.contains(&hex::encode(k.to_bytes())));
        let k2 = muat(
            d.path(),
            &OpsiKunci::dengan_sandi("rahasia kantor"),
            &publik,
        )
        .unwrap();
        assert_eq!(k2.to_bytes(), k.to_bytes());
        assert!(matches!(
            muat(d.path(), &OpsiKunci::dengan_sandi("salah"), &publik),
            Err(GalatStore::SandiSalah(_))
        ));
        assert!(matches!(
            muat(d.path(), &OpsiKunci::dengan_sandi("rahasia kantor"), "00"),
            Err(GalatStore::KunciLain(_))
        ));
        // An unencrypted key (the format before) is refused, not used.
        std::fs::write(d.path().join(BERKAS_KUNCI), hex::encode([7u8; 32])).unwrap();
        assert!(matches!(
            muat(d.path(), &OpsiKunci::dengan_sandi("x"), &publik),
            Err(GalatStore::KunciRusak(_))
        ));
    }
}
