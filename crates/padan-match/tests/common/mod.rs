//! What the engine's integration tests share.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

use chrono::NaiveDate;
use padan_match::rekaman::{Medan, Rekaman};

/// A record from a row of a `padan synth` register-shaped file (`dpt.csv`,
/// `dp4.csv`).
pub fn rekaman_baris(id: u64, r: &csv::StringRecord) -> Rekaman {
    Rekaman::dari(
        id,
        &Medan {
            nkk: &r[0],
            nik: &r[1],
            nama: &r[2],
            tempat: &r[3],
            lahir: NaiveDate::parse_from_str(&r[4], "%d-%m-%Y").ok(),
            jk: &r[6],
            alamat: &r[7],
            rt: &r[8],
            rw: &r[9],
            desa: &r[13],
        },
    )
}
