//! Versioned migrations of the PostgreSQL store.
//!
//! Each migration is a numbered SQL file under `migrasi/pg/`, applied once,
//! in order, inside one transaction, and recorded in the office schema's
//! `migrasi` table with its SHA-256. A recorded migration whose text no
//! longer matches the program's is refused: the files are frozen, and a
//! change is a new number. A database newer than the program is refused
//! too.

use crate::GalatStore;
use crate::sql::{Koneksi, params};
use sha2::{Digest, Sha256};

type R<T> = Result<T, GalatStore>;

/// Every migration, in order: number, name, SQL.
pub const MIGRASI: &[(i64, &str, &str)] =
    &[(1, "skema awal", include_str!("../migrasi/pg/0001_awal.sql"))];

/// The schema an office's register lives in: `kantor_3579` for 35.79.
pub fn skema_kantor(kantor: &str) -> String {
    let angka: String = kantor.chars().filter(char::is_ascii_digit).collect();
    format!("kantor_{angka}")
}

/// Applies what is missing; checks what was applied.
pub fn terapkan(k: &Koneksi) -> R<()> {
    k.execute_batch(
        "CREATE TABLE IF NOT EXISTS migrasi (versi BIGINT PRIMARY KEY, nama TEXT NOT NULL, sha256 TEXT NOT NULL, diterapkan TEXT NOT NULL)",
    )?;
    let tx = k.transaksi(false)?;
    // Two processes opening a new database at once: one migrates, the
    // other waits and then finds it done.
    tx.execute_batch("LOCK TABLE migrasi IN EXCLUSIVE MODE")?;
    let mut sudah: Vec<(i64, String)> = vec![];
    {
        let mut st = tx.prepare("SELECT versi, sha256 FROM migrasi ORDER BY versi")?;
        for r in st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            sudah.push(r?);
        }
    }
    let terbaru = MIGRASI.last().map(|m| m.0).unwrap_or(0);
    for (versi, sha) in &sudah {
        match MIGRASI.iter().find(|m| m.0 == *versi) {
            None => return Err(GalatStore::Versi(*versi, terbaru)),
            Some((_, _, isi)) => {
                let harap = hex::encode(Sha256::digest(isi.as_bytes()));
                if &harap != sha {
                    return Err(GalatStore::MigrasiBeda(*versi, sha.clone(), harap));
                }
            }
        }
    }
    for (versi, nama, isi) in MIGRASI {
        if sudah.iter().any(|(v, _)| v == versi) {
            continue;
        }
        tx.execute_batch(isi)?;
        tx.execute(
            "INSERT INTO migrasi(versi, nama, sha256, diterapkan) VALUES (?1, ?2, ?3, ?4)",
            params![
                versi,
                nama,
                hex::encode(Sha256::digest(isi.as_bytes())),
                crate::waktu_sekarang()
            ],
        )?;
    }
    tx.commit()
}

#[cfg(test)]
mod tests {
    #[test]
    fn office_schema_is_its_code_digits() {
        assert_eq!(super::skema_kantor("35.79"), "kantor_3579");
    }
}
