//! Dates an operator gives: effective dates and recorded-as-of bounds, in
//! the office's local time (WIB, WITA or WIT).

use crate::galat::Galat;
use chrono::NaiveDate;
use padan_store::hari_ini;

/// The earliest effective date a change may have: the register began
/// with the 1999 election (KPU was formed that year); nothing earlier can
/// be a change to it.
pub const BERLAKU_PALING_AWAL: (i32, u32, u32) = (1999, 1, 1);
/// How far ahead a change may take effect: a year (a decision for the next
/// semester is fine, `9999-12-31` is a typing error).
pub const BERLAKU_HARI_KE_DEPAN: i64 = 366;

/// An effective date (default today at office `kantor`), within the
/// window above.
pub fn tanggal_berlaku(s: Option<&str>, kantor: &str) -> Result<NaiveDate, Galat> {
    let d = match s {
        None => return Ok(hari_ini(kantor)),
        Some(s) => padan_core::tanggal::urai(s).map_err(|_| {
            Galat::baru(
                format!("tanggal '{s}' tidak terbaca; tulis HH-BB-TTTT atau TTTT-BB-HH"),
                format!("date '{s}' unreadable; write DD-MM-YYYY or YYYY-MM-DD"),
            )
        })?,
    };
    let (y, m, h) = BERLAKU_PALING_AWAL;
    let awal = NaiveDate::from_ymd_opt(y, m, h).unwrap_or_default();
    let akhir = hari_ini(kantor) + chrono::Duration::days(BERLAKU_HARI_KE_DEPAN);
    if d < awal || d > akhir {
        return Err(Galat::baru(
            format!("tanggal berlaku {d} di luar rentang yang masuk akal ({awal} sampai {akhir}: sejak pemilu 1999, paling jauh setahun ke depan)"),
            format!("effective date {d} is outside the sane window ({awal} to {akhir}: since the 1999 election, at most a year ahead)"),
        )
        .misuse());
    }
    Ok(d)
}

/// A recorded-as-of bound in the log's time format (UTC): a date means the
/// end of that day in the office's local time; a full RFC 3339 time is
/// taken as is.
pub fn waktu_dicatat(s: &str, kantor: &str) -> Result<String, Galat> {
    const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(t.with_timezone(&chrono::Utc).format(FORMAT).to_string());
    }
    let d = tanggal_berlaku(Some(s), kantor)?;
    let jam = padan_core::wilayah::selisih_jam(kantor);
    let akhir =
        d.and_hms_micro_opt(23, 59, 59, 999_999).unwrap_or_default() - chrono::Duration::hours(jam);
    Ok(akhir.format(FORMAT).to_string())
}
