//! Operators' sign-in credentials: an Argon2id hash (PHC string) per
//! operator, and the SHA-256 of each of their API tokens.
//!
//! Credentials are not register data: they live beside the event log, not
//! in it, so that a password change neither grows the chain nor puts a
//! hash where every auditor reads. Who an operator is and what they may do
//! stay events ([`crate::Perubahan::Operator`]); only how they prove it is
//! kept here. A backup carries this table with the rest of the database.

use crate::GalatStore;
use crate::sql::{Koneksi as Connection, Opsional, params};

type R<T> = Result<T, GalatStore>;

pub(crate) const SKEMA_AKSES: &str = r#"
CREATE TABLE IF NOT EXISTS sandi_operator (
    nama TEXT PRIMARY KEY,
    phc TEXT NOT NULL,
    diubah TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS token_api (
    sha256 TEXT PRIMARY KEY,
    nama TEXT NOT NULL,
    dibuat TEXT NOT NULL
);
"#;

/// A stored credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandiTersimpan {
    pub nama: String,
    /// The Argon2id hash in PHC form (`$argon2id$v=19$…`).
    pub phc: String,
    /// When it was set (RFC 3339, UTC).
    pub diubah: String,
}

/// The credentials' side of the store seam.
pub trait Akses {
    fn sandi_operator(&self, nama: &str) -> R<Option<SandiTersimpan>>;
    /// Sets (or replaces) an operator's credential.
    fn simpan_sandi_operator(&self, nama: &str, phc: &str) -> R<()>;
    /// Keeps an API token by its SHA-256 (the token itself is never kept).
    fn simpan_token_api(&self, nama: &str, sha256: &str) -> R<()>;
    /// The operator a token's SHA-256 belongs to.
    fn token_api(&self, sha256: &str) -> R<Option<String>>;
    /// Revokes every API token of an operator; how many there were.
    fn cabut_token_api(&self, nama: &str) -> R<usize>;
}

fn ada_tabel(conn: &Connection, nama: &str) -> R<bool> {
    conn.ada_tabel(nama)
}

pub(crate) fn simpan_token(conn: &Connection, nama: &str, sha256: &str, waktu: &str) -> R<()> {
    conn.execute_batch(SKEMA_AKSES)?;
    conn.execute(
        "INSERT INTO token_api(sha256, nama, dibuat) VALUES (?1, ?2, ?3)",
        params![sha256, nama, waktu],
    )?;
    Ok(())
}

pub(crate) fn token(conn: &Connection, sha256: &str) -> R<Option<String>> {
    if !ada_tabel(conn, "token_api")? {
        return Ok(None);
    }
    conn.query_row(
        "SELECT nama FROM token_api WHERE sha256 = ?1",
        [sha256],
        |r| r.get(0),
    )
    .optional()
}

pub(crate) fn cabut_token(conn: &Connection, nama: &str) -> R<usize> {
    if !ada_tabel(conn, "token_api")? {
        return Ok(0);
    }
    conn.execute("DELETE FROM token_api WHERE nama = ?1", [nama])
}

pub(crate) fn sandi(conn: &Connection, nama: &str) -> R<Option<SandiTersimpan>> {
    // A workspace opened read-only from before this table reads as one
    // where no password is set.
    if !ada_tabel(conn, "sandi_operator")? {
        return Ok(None);
    }
    conn.query_row(
        "SELECT nama, phc, diubah FROM sandi_operator WHERE nama = ?1",
        [nama],
        |r| {
            Ok(SandiTersimpan {
                nama: r.get(0)?,
                phc: r.get(1)?,
                diubah: r.get(2)?,
            })
        },
    )
    .optional()
}

pub(crate) fn simpan(conn: &Connection, nama: &str, phc: &str, waktu: &str) -> R<()> {
    conn.execute_batch(SKEMA_AKSES)?;
    conn.execute(
        "INSERT INTO sandi_operator(nama, phc, diubah) VALUES (?1, ?2, ?3)
         ON CONFLICT(nama) DO UPDATE SET phc = excluded.phc, diubah = excluded.diubah",
        params![nama, phc, waktu],
    )?;
    Ok(())
}
