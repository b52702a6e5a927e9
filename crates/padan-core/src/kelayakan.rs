//! Who may vote (UU 7/2017 Pasal 198): 17 years old on the reference date, or
//! married / ever married; not a serving TNI or Polri member.

use crate::aturan::{Kode, TemuanAturan};
use crate::masker;
use crate::pemilih::StatusKawin;
use crate::tanggal::umur;
use chrono::NaiveDate;

/// `None` when eligible; otherwise the finding that says why not.
pub fn periksa(
    lahir: NaiveDate,
    kawin: StatusKawin,
    tni_polri: bool,
    pada: NaiveDate,
) -> Option<TemuanAturan> {
    if tni_polri {
        return Some(TemuanAturan::galat(
            Kode::PemilihTniPolri,
            Some("pekerjaan"),
            "anggota TNI/Polri aktif tidak memiliki hak pilih; catat sebagai TMS 6/7 bila sudah terdaftar".into(),
            "serving TNI/Polri members may not vote; record TMS 6/7 if already registered".into(),
        ));
    }
    let u = umur(lahir, pada);
    if u < 17 && kawin == StatusKawin::B {
        return Some(TemuanAturan::galat(
            Kode::PemilihUmur,
            Some("tanggal_lahir"),
            format!(
                "lahir {} berumur {u} tahun pada {} dan belum kawin; belum memenuhi syarat (17 tahun atau sudah/pernah kawin, buktikan dengan KK)",
                masker::tanggal(lahir),
                pada
            ),
            format!(
                "born {} is {u} on {} and never married; not yet eligible (17, or married/ever married as shown on the family card)",
                masker::tanggal(lahir),
                pada
            ),
        ));
    }
    None
}

/// The eligibility check as a boolean, for reports and the matching engine.
pub fn layak(lahir: NaiveDate, kawin: StatusKawin, tni_polri: bool, pada: NaiveDate) -> bool {
    periksa(lahir, kawin, tni_polri, pada).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    #[test]
    fn seventeen_or_married() {
        let pemilu = d(2024, 2, 14);
        assert!(layak(d(2007, 2, 14), StatusKawin::B, false, pemilu));
        assert!(!layak(d(2007, 2, 15), StatusKawin::B, false, pemilu));
        assert!(layak(d(2008, 1, 1), StatusKawin::S, false, pemilu));
        assert!(layak(d(2008, 1, 1), StatusKawin::P, false, pemilu));
        assert!(!layak(d(1980, 1, 1), StatusKawin::S, true, pemilu));
    }
}
