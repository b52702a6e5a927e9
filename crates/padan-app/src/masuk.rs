//! Operators' sign-in: `padan operator passwd NAME` sets a password, the
//! web service checks it. Passwords are hashed with Argon2id (OWASP's
//! parameters: 19 MiB, 2 passes) into a PHC string kept beside the log
//! ([`padan_store::Akses`]); the password itself is never stored or
//! logged.

use crate::galat::Galat;
use crate::ruang::Ruang;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use padan_store::Toko;
use padan_store::tindak::InfoOperator;

/// The shortest password accepted.
pub const PANJANG_MIN: usize = 12;

fn argon() -> Result<argon2::Argon2<'static>, Galat> {
    let p = argon2::Params::new(19 * 1024, 2, 1, None).map_err(|e| {
        Galat::baru(
            format!("parameter Argon2: {e}"),
            format!("Argon2 parameters: {e}"),
        )
    })?;
    Ok(argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        p,
    ))
}

fn hash(sandi: &str) -> Result<String, Galat> {
    let mut garam = [0u8; 16];
    getrandom::fill(&mut garam).map_err(|e| {
        Galat::baru(
            format!("sumber acak sistem: {e}"),
            format!("system random source: {e}"),
        )
    })?;
    let salt = SaltString::encode_b64(&garam)
        .map_err(|e| Galat::baru(format!("garam: {e}"), format!("salt: {e}")))?;
    Ok(argon()?
        .hash_password(sandi.as_bytes(), &salt)
        .map_err(|e| Galat::baru(format!("Argon2: {e}"), format!("Argon2: {e}")))?
        .to_string())
}

/// Why a password is refused, or `None`.
pub fn sandi_lemah(nama: &str, sandi: &str) -> Option<Galat> {
    if sandi.chars().count() < PANJANG_MIN {
        return Some(
            Galat::baru(
                format!("kata sandi terlalu pendek: sekurang-kurangnya {PANJANG_MIN} karakter"),
                format!("the password is too short: at least {PANJANG_MIN} characters"),
            )
            .misuse(),
        );
    }
    if sandi.to_lowercase().contains(&nama.to_lowercase()) {
        return Some(
            Galat::baru(
                "kata sandi tidak boleh memuat nama operator",
                "the password may not contain the operator's name",
            )
            .misuse(),
        );
    }
    if sandi
        .chars()
        .all(|c| c == sandi.chars().next().unwrap_or(' '))
    {
        return Some(
            Galat::baru(
                "kata sandi tidak boleh satu karakter yang diulang",
                "the password may not be one character repeated",
            )
            .misuse(),
        );
    }
    None
}

/// `padan operator passwd NAME`: sets the password of a registered
/// operator. Run at the office's own machine (whoever can run it can open
/// the workspace); the change itself is not an event of the register.
pub fn atur_sandi(r: &Ruang, nama: &str, sandi: &str) -> Result<InfoOperator, Galat> {
    let g = r.buka()?;
    let Some(op) = g.operator(nama)? else {
        return Err(Galat::baru(
            format!(
                "operator '{nama}' tidak terdaftar; daftarkan dulu dengan padan operator add {nama} --role … --region …"
            ),
            format!(
                "operator '{nama}' is not registered; register it first with padan operator add {nama} --role … --region …"
            ),
        ));
    };
    if let Some(e) = sandi_lemah(nama, sandi) {
        return Err(e);
    }
    g.simpan_sandi_operator(nama, &hash(sandi)?)?;
    Ok(op)
}

/// A hash of nothing anyone knows: an unknown name is checked against it,
/// so that it takes as long as a known one.
fn hash_kosong() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$6sJ0SCWcvE7gCwuAnBnR9Hm2ndhRx3iJFH1fMHBvP1c"
}

/// Checks a name and password: the operator when both are right, `None`
/// otherwise (unknown name, no password set, wrong password: one answer,
/// in about one time).
pub fn periksa_sandi(g: &dyn Toko, nama: &str, sandi: &str) -> Result<Option<InfoOperator>, Galat> {
    let tersimpan = g.sandi_operator(nama)?;
    let op = g.operator(nama)?;
    let phc = tersimpan.as_ref().map_or(hash_kosong(), |s| s.phc.as_str());
    let Ok(h) = PasswordHash::new(phc) else {
        return Err(Galat::baru(
            format!(
                "kata sandi tersimpan operator '{nama}' rusak; atur ulang dengan padan operator passwd {nama}"
            ),
            format!(
                "the stored password of operator '{nama}' is damaged; reset it with padan operator passwd {nama}"
            ),
        ));
    };
    let cocok = argon()?.verify_password(sandi.as_bytes(), &h).is_ok();
    Ok(match (cocok, tersimpan, op) {
        (true, Some(_), Some(op)) => Some(op),
        _ => None,
    })
}

/// The prefix of Padan's API tokens (so a leaked one is recognisable).
pub const AWALAN_TOKEN: &str = "pdn_";

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

/// `padan operator token NAME`: a new API token for a registered operator,
/// shown once; only its SHA-256 is kept (a token is 256 random bits, so a
/// fast hash suffices, unlike a password).
pub fn buat_token(r: &Ruang, nama: &str) -> Result<String, Galat> {
    let g = r.buka()?;
    if g.operator(nama)?.is_none() {
        return Err(Galat::baru(
            format!("operator '{nama}' tidak terdaftar"),
            format!("operator '{nama}' is not registered"),
        ));
    }
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| {
        Galat::baru(
            format!("sumber acak sistem: {e}"),
            format!("system random source: {e}"),
        )
    })?;
    let token = format!("{AWALAN_TOKEN}{}", hex::encode(b));
    g.simpan_token_api(nama, &sha256_hex(&token))?;
    Ok(token)
}

/// `padan operator revoke-tokens NAME`: how many were revoked.
pub fn cabut_token(r: &Ruang, nama: &str) -> Result<usize, Galat> {
    Ok(r.buka()?.cabut_token_api(nama)?)
}

/// The operator an API token belongs to (still registered), or `None`.
pub fn periksa_token(g: &dyn Toko, token: &str) -> Result<Option<InfoOperator>, Galat> {
    if !token.starts_with(AWALAN_TOKEN) || token.len() != AWALAN_TOKEN.len() + 64 {
        return Ok(None);
    }
    match g.token_api(&sha256_hex(token))? {
        Some(nama) => Ok(g.operator(&nama)?),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemah() {
        assert!(sandi_lemah("budi", "pendek").is_some());
        assert!(sandi_lemah("budi", "Budi-2026-rahasia").is_some());
        assert!(sandi_lemah("budi", "aaaaaaaaaaaaaaa").is_some());
        assert!(sandi_lemah("budi", "kuda-laut-ungu-7").is_none());
    }

    #[test]
    fn hash_lalu_periksa() {
        let h = hash("kuda-laut-ungu-7").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        let p = PasswordHash::new(&h).unwrap();
        assert!(
            argon()
                .unwrap()
                .verify_password(b"kuda-laut-ungu-7", &p)
                .is_ok()
        );
        assert!(
            argon()
                .unwrap()
                .verify_password(b"kuda-laut-ungu-8", &p)
                .is_err()
        );
        // Two hashes of one password differ (the salt).
        assert_ne!(h, hash("kuda-laut-ungu-7").unwrap());
        assert!(PasswordHash::new(hash_kosong()).is_ok());
    }
}
