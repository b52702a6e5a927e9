//! Operators' sessions, the forms' CSRF tokens, and the lock-out after
//! repeated failed sign-ins.
//!
//! - A session is a random 256-bit token in a cookie that scripts cannot
//!   read (`HttpOnly`), that is sent only over HTTPS or to the machine
//!   itself (`Secure`, with the `__Host-` prefix: no domain, path `/`) and
//!   never by another site's page (`SameSite=Strict`). The server keeps
//!   only the token's SHA-256, so a memory dump holds no usable token.
//! - A new token is made at every sign-in, and a token the server did not
//!   make is never adopted (no session fixation).
//! - Sessions end after 30 minutes idle, 12 hours in all, at sign-out, and
//!   when the service restarts.
//! - Every form of a session carries the session's CSRF token; the sign-in
//!   form, before any session, carries a signed, dated token instead.
//! - Five failed sign-ins for one name lock it for 15 minutes (a correct
//!   password then is refused too); each client is also metered.

use padan_core::Bahasa;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session cookie's name.
pub const KUKI: &str = "__Host-padan-sesi";
pub const MAKS_DIAM: Duration = Duration::from_secs(30 * 60);
pub const MAKS_UMUR: Duration = Duration::from_secs(12 * 3600);
/// Failed sign-ins that lock a name, and for how long.
pub const MAKS_GAGAL: u32 = 5;
pub const LAMA_KUNCI: Duration = Duration::from_secs(15 * 60);

/// A signed-in operator's session.
#[derive(Debug, Clone)]
pub struct Sesi {
    pub operator: String,
    pub csrf: String,
    pub bahasa: Bahasa,
    /// Batches this session imported (their rejects are its to download).
    pub unggahan: Vec<i64>,
    dibuat: Instant,
    terakhir: Instant,
}

#[derive(Debug, Default)]
struct Gagal {
    kali: u32,
    terakhir: Option<Instant>,
}

#[derive(Default)]
pub struct Sesi2 {
    aktif: Mutex<HashMap<String, Sesi>>,
    gagal: Mutex<HashMap<String, Gagal>>,
}

fn acak() -> Option<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).ok()?;
    Some(hex::encode(b))
}

fn kunci(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Equal in time whatever the bytes (a CSRF token compared).
pub fn sama(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Sesi2 {
    /// A new session for `operator`; returns its token (for the cookie).
    pub fn buat(&self, operator: &str, bahasa: Bahasa) -> Option<String> {
        let token = acak()?;
        let now = Instant::now();
        let s = Sesi {
            operator: operator.to_owned(),
            csrf: acak()?,
            bahasa,
            unggahan: vec![],
            dibuat: now,
            terakhir: now,
        };
        let mut m = self
            .aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.retain(|_, s| hidup(s, now));
        m.insert(kunci(&token), s);
        Some(token)
    }

    /// The live session of a token, touched.
    pub fn cari(&self, token: &str) -> Option<Sesi> {
        let now = Instant::now();
        let mut m = self
            .aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let k = kunci(token);
        let s = m.get_mut(&k)?;
        if !hidup(s, now) {
            m.remove(&k);
            return None;
        }
        s.terakhir = now;
        Some(s.clone())
    }

    pub fn atur_bahasa(&self, token: &str, b: Bahasa) {
        let mut m = self
            .aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = m.get_mut(&kunci(token)) {
            s.bahasa = b;
        }
    }

    pub fn catat_unggahan(&self, token: &str, batch: i64) {
        let mut m = self
            .aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(s) = m.get_mut(&kunci(token)) {
            s.unggahan.push(batch);
        }
    }

    pub fn hapus(&self, token: &str) {
        self.aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&kunci(token));
    }

    /// Ends every session of an operator (their password changed, they
    /// were locked).
    pub fn hapus_operator(&self, operator: &str) {
        self.aktif
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|_, s| s.operator != operator);
    }

    /// Whether a name is locked now.
    pub fn terkunci(&self, nama: &str) -> bool {
        let m = self
            .gagal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        m.get(&nama.to_lowercase()).is_some_and(|g| {
            g.kali >= MAKS_GAGAL && g.terakhir.is_some_and(|t| t.elapsed() < LAMA_KUNCI)
        })
    }

    /// Counts a failure; true when it locks the name.
    pub fn gagal(&self, nama: &str) -> bool {
        let mut m = self
            .gagal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let g = m.entry(nama.to_lowercase()).or_default();
        if g.terakhir.is_some_and(|t| t.elapsed() >= LAMA_KUNCI) {
            g.kali = 0;
        }
        g.kali += 1;
        g.terakhir = Some(Instant::now());
        g.kali == MAKS_GAGAL
    }

    pub fn berhasil(&self, nama: &str) {
        self.gagal
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&nama.to_lowercase());
    }
}

fn hidup(s: &Sesi, now: Instant) -> bool {
    now.duration_since(s.terakhir) < MAKS_DIAM && now.duration_since(s.dibuat) < MAKS_UMUR
}

/// The session cookie for a token.
pub fn kuki(token: &str) -> String {
    format!(
        "{KUKI}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={}",
        MAKS_UMUR.as_secs()
    )
}

/// The cookie that ends a session in the browser.
pub fn kuki_hapus() -> String {
    format!("{KUKI}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The session token a request carries, if any.
pub fn token_dari(h: &axum::http::HeaderMap) -> Option<String> {
    for v in h.get_all(axum::http::header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for bagian in v.split(';') {
            if let Some((k, isi)) = bagian.trim().split_once('=')
                && k == KUKI
                && !isi.is_empty()
            {
                return Some(isi.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sesi_dan_kunci() {
        let s = Sesi2::default();
        let t = s.buat("budi", Bahasa::Id).unwrap();
        assert_eq!(s.cari(&t).unwrap().operator, "budi");
        assert!(s.cari("palsu").is_none());
        // The stored key is not the token.
        assert!(!s.aktif.lock().unwrap().contains_key(&t));
        s.hapus(&t);
        assert!(s.cari(&t).is_none());

        for i in 1..MAKS_GAGAL {
            assert!(!s.gagal("Budi"), "{i}");
            assert!(!s.terkunci("budi"));
        }
        assert!(s.gagal("budi"));
        assert!(s.terkunci("BUDI"));
        assert!(sama("abc", "abc") && !sama("abc", "abd") && !sama("abc", "ab"));
    }

    #[test]
    fn kuki_dibaca() {
        let mut h = axum::http::HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            format!("lain=1; {KUKI}=abc123").parse().unwrap(),
        );
        assert_eq!(token_dari(&h).as_deref(), Some("abc123"));
        assert!(kuki("x").contains("HttpOnly") && kuki("x").contains("SameSite=Strict"));
    }
}
