//! The evidence of a matching finding: a versioned struct, stored as JSON
//! with the finding and sealed with its run. What it holds is data, not
//! text: the summary an operator reads ([`ringkas`]) and the review
//! reason of a cluster are rendered when shown, in the language asked.

use crate::galat::Galat;
use crate::pesan::Bahasa;
use padan_core::JenisTemuan;
use padan_store::pemadanan::Temuan;
use serde::{Deserialize, Serialize};

/// The evidence format this version writes. Evidence stored without a
/// version is version 1 (the same fields).
pub const VERSI: u32 = 1;

fn versi_1() -> u32 {
    1
}

/// One scored pair: enough to rebuild its waterfall from the run's model
/// exactly (the comparison pattern, and the u each term-frequency level
/// used).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pasangan {
    pub pola: u32,
    pub bobot: f64,
    pub peluang: f64,
    pub aturan_blok: String,
    pub u_tf: Vec<Option<f64>>,
}

/// An edge of a duplicate cluster: two voters and their pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tepi {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub pasangan: Pasangan,
}

/// Why a duplicate cluster goes to a person rather than a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "alasan")]
pub enum Tinjau {
    /// Two members joined only through others.
    TidakSepakat { a: String, b: String, peluang: f64 },
    /// More members than one person is ever listed.
    TerlaluBesar { anggota: usize },
}

/// An element that differs between the register and the population data
/// (values masked as shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BedaElemen {
    pub elemen: String,
    pub daftar: String,
    pub penduduk: String,
}

/// What a kind of finding adds to its pair.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tanggal_meninggal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_akta: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instansi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tanggal_acuan: Option<String>,
    /// A minor's birth date, masked, and marital status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lahir_samar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_kawin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desa_daftar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desa_penduduk: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elemen: Vec<BedaElemen>,
}

/// The strongest candidate of an unmatched voter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calon {
    pub rekaman_sumber_seq: Option<i64>,
    pub peluang: f64,
}

/// The evidence of one finding. Which fields are set depends on its kind:
/// a pair (`pasangan` fields, flattened) with `detail` for a match; the
/// members, edges and review reason for a duplicate; the strongest
/// candidate for a voter not found; the source row for a new resident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bukti {
    #[serde(default = "versi_1")]
    pub versi: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pola: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bobot: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peluang: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aturan_blok: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub u_tf: Option<Vec<Option<f64>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baris_sumber: Option<i64>,
    /// The source batch (a voter not found in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_sumber: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calon_terkuat: Option<Calon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tanggal_acuan: Option<String>,
    /// A resident or duplicate's NIK, masked, and a resident's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik_samar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nama: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anggota: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tepi: Vec<Tepi>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tinjau: Option<Tinjau>,
}

impl Bukti {
    /// The evidence of a scored pair.
    pub fn dari_pasangan(p: Pasangan) -> Bukti {
        Bukti {
            versi: VERSI,
            pola: Some(p.pola),
            bobot: Some(p.bobot),
            peluang: Some(p.peluang),
            aturan_blok: Some(p.aturan_blok),
            u_tf: Some(p.u_tf),
            ..Bukti::baru()
        }
    }

    pub fn baru() -> Bukti {
        Bukti {
            versi: VERSI,
            ..Default::default()
        }
    }

    /// The pair, where the finding is one.
    pub fn pasangan(&self) -> Option<Pasangan> {
        Some(Pasangan {
            pola: self.pola?,
            bobot: self.bobot?,
            peluang: self.peluang?,
            aturan_blok: self.aturan_blok.clone().unwrap_or_default(),
            u_tf: self.u_tf.clone().unwrap_or_default(),
        })
    }

    /// The stored form.
    pub fn json(&self) -> Result<String, Galat> {
        serde_json::to_string(self).map_err(|e| Galat::baru(e.to_string(), e.to_string()))
    }

    /// A finding's evidence, read back; evidence of a newer format, or
    /// unreadable, is said.
    pub fn dari(tm: &Temuan) -> Result<Bukti, Galat> {
        let b: Bukti = serde_json::from_str(&tm.isi.bukti).map_err(|e| {
            Galat::baru(
                format!("bukti temuan {} tidak terbaca: {e}", tm.id),
                format!("the evidence of finding {} is unreadable: {e}", tm.id),
            )
        })?;
        if b.versi > VERSI {
            return Err(Galat::baru(
                format!(
                    "bukti temuan {} berformat versi {}, lebih baru dari program ini (versi {VERSI}); perbarui Padan",
                    tm.id, b.versi
                ),
                format!(
                    "the evidence of finding {} is format version {}, newer than this program's ({VERSI}); update Padan",
                    tm.id, b.versi
                ),
            ));
        }
        Ok(b)
    }
}

impl Tinjau {
    /// The engine's review reason, its records named by `id`.
    pub fn dari(t: &padan_match::klaster::Tinjau, id: impl Fn(u32) -> String) -> Tinjau {
        match t {
            padan_match::klaster::Tinjau::TidakSepakat { a, b, peluang } => Tinjau::TidakSepakat {
                a: id(*a),
                b: id(*b),
                peluang: *peluang,
            },
            padan_match::klaster::Tinjau::TerlaluBesar { anggota } => {
                Tinjau::TerlaluBesar { anggota: *anggota }
            }
        }
    }
}

/// Why a cluster is to be reviewed, in the language in use.
pub fn teks_tinjau(t: &Tinjau, b: Bahasa) -> String {
    match (t, b) {
        (Tinjau::TidakSepakat { a, b: x, peluang }, Bahasa::Id) => format!(
            "rantai: {a} dan {x} hanya tersambung lewat anggota lain (peluang langsung {peluang:.3}); periksa sebelum memutuskan"
        ),
        (Tinjau::TidakSepakat { a, b: x, peluang }, Bahasa::En) => format!(
            "chain: {a} and {x} are joined only through other members (direct probability {peluang:.3}); check before deciding"
        ),
        (Tinjau::TerlaluBesar { anggota }, Bahasa::Id) => {
            format!("{anggota} anggota: terlalu banyak untuk satu orang; periksa")
        }
        (Tinjau::TerlaluBesar { anggota }, Bahasa::En) => {
            format!("{anggota} members: too many for one person; check")
        }
    }
}

/// A finding's one-line summary, rendered from its kind and evidence.
pub fn ringkas(jenis: JenisTemuan, pemilih: Option<&str>, bk: &Bukti, b: Bahasa) -> String {
    let id = pemilih.unwrap_or("");
    let d = bk.detail.clone().unwrap_or_default();
    let s = |x: &Option<String>| x.clone().unwrap_or_default();
    let en = b == Bahasa::En;
    match jenis {
        JenisTemuan::Meninggal if en => format!(
            "{id} matches a death record (died {}, certificate {})",
            s(&d.tanggal_meninggal),
            s(&d.no_akta)
        ),
        JenisTemuan::Meninggal => format!(
            "{id} padan dengan data kematian (meninggal {}, akta {})",
            s(&d.tanggal_meninggal),
            s(&d.no_akta)
        ),
        JenisTemuan::TniPolri if en => format!("{id} matches the list of {}", s(&d.instansi)),
        JenisTemuan::TniPolri => format!("{id} padan dengan daftar anggota {}", s(&d.instansi)),
        JenisTemuan::BawahUmur if en => format!(
            "{id}: the population data gives birth {} and marital status {}: not yet 17 on {}",
            s(&d.lahir_samar),
            s(&d.status_kawin),
            s(&d.tanggal_acuan)
        ),
        JenisTemuan::BawahUmur => format!(
            "{id}: data kependudukan menyatakan lahir {} dan status kawin {}: belum 17 tahun pada {}",
            s(&d.lahir_samar),
            s(&d.status_kawin),
            s(&d.tanggal_acuan)
        ),
        JenisTemuan::Pindah if en => format!(
            "{id} is registered in desa {} but a resident of desa {}",
            s(&d.desa_daftar),
            s(&d.desa_penduduk)
        ),
        JenisTemuan::Pindah => format!(
            "{id} tercatat di desa {} tetapi penduduk desa {}",
            s(&d.desa_daftar),
            s(&d.desa_penduduk)
        ),
        JenisTemuan::Perbaikan => {
            let el: Vec<&str> = d.elemen.iter().map(|e| e.elemen.as_str()).collect();
            if en {
                format!("{id} matches; elements differ: {}", el.join(", "))
            } else {
                format!("{id} padan; elemen berbeda: {}", el.join(", "))
            }
        }
        JenisTemuan::Padan if en => format!("{id} matches"),
        JenisTemuan::Padan => format!("{id} padan"),
        JenisTemuan::TidakPadan if en => format!(
            "{id} not found in the population data of batch {}",
            bk.batch_sumber.map(|x| x.to_string()).unwrap_or_default()
        ),
        JenisTemuan::TidakPadan => format!(
            "{id} tidak ditemukan di data kependudukan batch {}",
            bk.batch_sumber.map(|x| x.to_string()).unwrap_or_default()
        ),
        JenisTemuan::BelumTerdaftar if en => format!(
            "resident {} ({}) eligible on {}, not on the register",
            s(&bk.nik_samar),
            s(&bk.nama),
            s(&bk.tanggal_acuan)
        ),
        JenisTemuan::BelumTerdaftar => format!(
            "penduduk {} ({}) memenuhi syarat pada {}, belum ada di daftar",
            s(&bk.nik_samar),
            s(&bk.nama),
            s(&bk.tanggal_acuan)
        ),
        JenisTemuan::SudahTms if en => format!(
            "resident {} ({}) of the population data is {id}, already TMS: not a new voter",
            s(&bk.nik_samar),
            s(&bk.nama)
        ),
        JenisTemuan::SudahTms => format!(
            "penduduk {} ({}) pada data kependudukan adalah {id} yang sudah TMS: bukan pemilih baru",
            s(&bk.nik_samar),
            s(&bk.nama)
        ),
        JenisTemuan::Ganda => format!(
            "{} {} {} {}: {}{}",
            s(&bk.nik_samar),
            if en { "listed" } else { "terdaftar" },
            bk.anggota.len(),
            if en { "times" } else { "kali" },
            bk.anggota.join(", "),
            match (&bk.tinjau, en) {
                (None, _) => "",
                (Some(_), false) => " (PERLU DITINJAU)",
                (Some(_), true) => " (TO BE REVIEWED)",
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_without_a_version_is_version_one_and_round_trips() {
        let b: Bukti = serde_json::from_str(
            r#"{"pola": 7, "bobot": 3.5, "peluang": 0.9, "aturan_blok": "nik", "u_tf": [null]}"#,
        )
        .unwrap();
        assert_eq!(b.versi, 1);
        assert_eq!(b.pasangan().map(|p| p.pola), Some(7));
        let lagi: Bukti = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
        assert_eq!(lagi, b);
    }

    #[test]
    fn summaries_are_rendered_in_both_languages() {
        let mut b = Bukti::baru();
        b.detail = Some(Detail {
            tanggal_meninggal: Some("2026-03-03".into()),
            no_akta: Some("AK-1".into()),
            ..Default::default()
        });
        let id = ringkas(JenisTemuan::Meninggal, Some("PM-00000003"), &b, Bahasa::Id);
        let en = ringkas(JenisTemuan::Meninggal, Some("PM-00000003"), &b, Bahasa::En);
        assert_eq!(
            id,
            "PM-00000003 padan dengan data kematian (meninggal 2026-03-03, akta AK-1)"
        );
        assert!(en.contains("death record") && en.contains("AK-1"), "{en}");
    }
}
