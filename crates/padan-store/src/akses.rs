//! Operators' sign-in credentials: an Argon2id hash (PHC string) per
//! operator, and its failed attempts.
//!
//! Credentials are not register data: they live beside the event log, not
//! in it, so that a password change neither grows the chain nor puts a
//! hash where every auditor reads. Who an operator is and what they may do
//! stay events ([`crate::Perubahan::Operator`]); only how they prove it is
//! kept here. A backup carries this table with the rest of the database.

use crate::GalatStore;
use rusqlite::{Connection, OptionalExtension, params};

type R<T> = Result<T, GalatStore>;

pub(crate) const SKEMA_AKSES: &str = r#"
CREATE TABLE IF NOT EXISTS sandi_operator (
    nama TEXT PRIMARY KEY,
    phc TEXT NOT NULL,
    diubah TEXT NOT NULL
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
}

pub(crate) fn sandi(conn: &Connection, nama: &str) -> R<Option<SandiTersimpan>> {
    // A workspace opened read-only from before this table reads as one
    // where no password is set.
    let ada: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'sandi_operator')",
        [],
        |r| r.get(0),
    )?;
    if !ada {
        return Ok(None);
    }
    Ok(conn
        .query_row(
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
        .optional()?)
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
