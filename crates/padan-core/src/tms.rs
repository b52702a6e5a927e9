//! TMS (Tidak Memenuhi Syarat) codes of the coklit, Pemilu 2024.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum KodeTms {
    Meninggal = 1,
    Ganda = 2,
    BawahUmur = 3,
    PindahDomisili = 4,
    TidakDikenal = 5,
    Tni = 6,
    Polri = 7,
    SalahTps = 8,
}

impl KodeTms {
    pub const SEMUA: [KodeTms; 8] = [
        KodeTms::Meninggal,
        KodeTms::Ganda,
        KodeTms::BawahUmur,
        KodeTms::PindahDomisili,
        KodeTms::TidakDikenal,
        KodeTms::Tni,
        KodeTms::Polri,
        KodeTms::SalahTps,
    ];

    pub fn angka(self) -> u8 {
        self as u8
    }

    pub fn nama(self) -> &'static str {
        match self {
            KodeTms::Meninggal => "meninggal",
            KodeTms::Ganda => "ganda",
            KodeTms::BawahUmur => "di bawah umur",
            KodeTms::PindahDomisili => "pindah domisili",
            KodeTms::TidakDikenal => "tidak dikenal",
            KodeTms::Tni => "TNI",
            KodeTms::Polri => "Polri",
            KodeTms::SalahTps => "salah penempatan TPS",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            KodeTms::Meninggal => "deceased",
            KodeTms::Ganda => "duplicate",
            KodeTms::BawahUmur => "under age",
            KodeTms::PindahDomisili => "moved away",
            KodeTms::TidakDikenal => "unknown at address",
            KodeTms::Tni => "TNI (military)",
            KodeTms::Polri => "Polri (police)",
            KodeTms::SalahTps => "wrong polling station",
        }
    }

    /// Whether the voter leaves the register. Code 8 only moves the voter to
    /// another TPS in the same desa.
    pub fn mencoret(self) -> bool {
        self != KodeTms::SalahTps
    }
}

impl TryFrom<u8> for KodeTms {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, String> {
        KodeTms::SEMUA
            .get(usize::from(v).wrapping_sub(1))
            .copied()
            .ok_or_else(|| format!("kode TMS {v} tidak dikenal (1–8)"))
    }
}

impl From<KodeTms> for u8 {
    fn from(k: KodeTms) -> u8 {
        k.angka()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn codes_round_trip() {
        for k in KodeTms::SEMUA {
            assert_eq!(KodeTms::try_from(k.angka()), Ok(k));
        }
        assert!(KodeTms::try_from(0).is_err());
        assert!(KodeTms::try_from(9).is_err());
    }
}
