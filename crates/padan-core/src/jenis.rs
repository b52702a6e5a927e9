//! The closed kinds of the register: what a matching finding says about a
//! voter, and what a batch of events is. Stored and printed by their
//! names; typed everywhere in between.

use serde::{Deserialize, Serialize};

macro_rules! jenis {
    ($(#[$m:meta])* $t:ident { $($(#[$vm:meta])* $v:ident = $nama:literal,)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $t { $($(#[$vm])* $v,)* }

        impl $t {
            /// Every kind, in the order reports list them.
            pub const SEMUA: &[$t] = &[$($t::$v,)*];

            /// The stored and printed name.
            pub fn nama(self) -> &'static str {
                match self { $($t::$v => $nama,)* }
            }

            /// The kind a name names.
            pub fn dari_nama(s: &str) -> Option<$t> {
                $t::SEMUA.iter().copied().find(|j| j.nama() == s)
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.nama())
            }
        }

        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.nama())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = String::deserialize(d)?;
                $t::dari_nama(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!("jenis '{s}' tidak dikenal"))
                })
            }
        }
    };
}

jenis! {
    /// What a matching run found about a voter (or a resident).
    JenisTemuan {
        /// Listed more than once.
        Ganda = "ganda",
        /// Matched to a death record.
        Meninggal = "meninggal",
        /// Matched to the list of serving TNI/Polri members.
        TniPolri = "tni-polri",
        /// Under 17 and never married per the population data.
        BawahUmur = "bawah-umur",
        /// Matched to a resident of another desa.
        Pindah = "pindah",
        /// Matched, elements differ: data to correct.
        Perbaikan = "perbaikan",
        /// On the register, not found in the population data.
        TidakPadan = "tidak-padan",
        /// An eligible resident not on the register.
        BelumTerdaftar = "belum-terdaftar",
        /// A resident of the population data who is on the register but
        /// already TMS (a death recurs in later extracts until Dukcapil
        /// has the certificate): not a new voter.
        SudahTms = "sudah-tms",
        /// Matched, elements equal.
        Padan = "padan",
    }
}

jenis! {
    /// What a batch of events is.
    JenisBatch {
        /// The register (DPT/DPB) imported.
        Dpt = "dpt",
        /// A population extract (DP4) imported as source records.
        Dp4 = "dp4",
        /// Death records imported as source records.
        Meninggal = "meninggal",
        /// The TNI/Polri list imported as source records.
        TniPolri = "tni-polri",
        /// Field verification results.
        Coklit = "coklit",
        /// One change by hand.
        Manual = "manual",
        /// An acknowledged failed verification.
        Pengakuan = "pengakuan",
        /// A matching run sealed into the chain.
        Pemadanan = "pemadanan",
        /// Decisions, approvals and undos of the follow-up (tindak lanjut).
        TindakLanjut = "tindak-lanjut",
        /// An operator registered or changed.
        Operator = "operator",
        /// A public report (tanggapan masyarakat) received.
        Tanggapan = "tanggapan",
        /// A period (triwulan, semester) closed in plenary.
        Periode = "periode",
        /// A copy of the register given to someone.
        Salinan = "salinan",
    }
}

jenis! {
    /// What an operator may do (`padan operator add --role`).
    Peran {
        /// Decides findings and reports, imports, changes by hand.
        Operator = "operator",
        /// Approves removals decided by someone else (four eyes).
        Verifikator = "verifikator",
        /// Closes periods, registers operators.
        Ketua = "ketua",
        /// Reads everything, changes nothing (Bawaslu).
        Auditor = "auditor",
    }
}

jenis! {
    /// What a decision says about a finding or a report.
    Putusan {
        /// The finding is right: its change is made (a removal once approved).
        Terima = "accept",
        /// The finding is wrong: nothing changes.
        Tolak = "reject",
        /// Needs verification in the field (coklit terbatas) first.
        CekLapangan = "field-check",
    }
}

jenis! {
    /// Where a case (finding or report) stands in the review queue.
    StatusKasus {
        /// Not decided yet.
        Terbuka = "open",
        /// Decided; a removal waits here for its approval.
        Diputus = "decided",
        /// A removal approved by a verifikator: in effect.
        Disetujui = "approved",
        /// Sent to the field; decided again with what the field found.
        CekLapangan = "field-check",
    }
}

jenis! {
    /// What a public report (Formulir Model A-Tanggapan) is about.
    JenisTanggapan {
        /// A resident says they are eligible and not on the list.
        BelumTerdaftar = "belum-terdaftar",
        /// An element of a voter's data is wrong.
        Perbaikan = "perbaikan",
        /// A voter lives elsewhere now.
        Domisili = "domisili",
        /// A voter is listed twice.
        Ganda = "ganda",
        /// A voter does not qualify (deceased, under age, TNI/Polri, …).
        TidakMemenuhiSyarat = "tidak-memenuhi-syarat",
    }
}

impl JenisBatch {
    /// Batches whose events are source records for matching.
    pub fn sumber(self) -> bool {
        matches!(
            self,
            JenisBatch::Dp4 | JenisBatch::Meninggal | JenisBatch::TniPolri
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for j in JenisTemuan::SEMUA {
            assert_eq!(JenisTemuan::dari_nama(j.nama()), Some(*j));
        }
        for j in JenisBatch::SEMUA {
            assert_eq!(JenisBatch::dari_nama(j.nama()), Some(*j));
        }
        for j in Peran::SEMUA {
            assert_eq!(Peran::dari_nama(j.nama()), Some(*j));
        }
        for j in StatusKasus::SEMUA {
            assert_eq!(StatusKasus::dari_nama(j.nama()), Some(*j));
        }
        assert_eq!(
            serde_json::to_string(&JenisTemuan::TniPolri).unwrap(),
            "\"tni-polri\""
        );
    }
}
