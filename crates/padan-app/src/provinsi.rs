//! `padan province`: the KPU Provinsi's consolidated, read-only view of
//! the offices of one province that keep their registers in one
//! PostgreSQL database ([`padan_store::provinsi`]).

use crate::galat::Galat;
use crate::ruang::Ruang;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct HasilProvinsi {
    pub provinsi: String,
    /// The offices the views were (re)made over, when asked to.
    pub disegarkan: Option<Vec<String>>,
    pub kantor: Vec<padan_store::provinsi::BarisKantor>,
}

/// The province's recap per office; `segarkan`: (re)make its views and
/// read-only role first (after an office is added).
pub fn rekap(r: &Ruang, provinsi: &str, segarkan: bool) -> Result<HasilProvinsi, Galat> {
    let Some(padan_store::Basisdata::Postgres(url)) = &r.basis else {
        return Err(Galat::baru(
            "tampilan provinsi membaca basis data PostgreSQL bersama: beri --database postgres://…",
            "the province view reads the shared PostgreSQL database: give --database postgres://…",
        )
        .misuse());
    };
    let disegarkan = if segarkan {
        Some(padan_store::provinsi::siapkan(url, provinsi)?)
    } else {
        None
    };
    Ok(HasilProvinsi {
        provinsi: provinsi.to_owned(),
        disegarkan,
        kantor: padan_store::provinsi::rekap(url, provinsi)?,
    })
}
