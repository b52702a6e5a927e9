//! The follow-up of the matching (tindak lanjut) as the log records it:
//! operators and their roles, decisions on cases (findings `TM-…` and
//! public reports `TG-…`), approvals, undos, merges and closed periods.
//!
//! Every one of them is an event in the hash chain ([`Perubahan`]); the
//! tables here are a projection of those events, written in the batch that
//! writes the event and rebuilt from the log alone by `padan rebuild`, like
//! the voter table. Nothing in them is the truth; the events are.

use crate::pemadanan::Temuan;
use crate::sql::{Baris, Koneksi as Connection, Opsional, params};
use crate::{GalatStore, Perubahan};
use padan_core::{JenisTanggapan, KodeTms, Peran, Putusan, StatusKasus};
use serde::{Deserialize, Serialize};

type R<T> = Result<T, GalatStore>;

/// The projection's tables; created on opening, so older workspaces gain
/// them (empty: they had no such events).
pub(crate) const SKEMA_TINDAK: &str = r#"
CREATE TABLE IF NOT EXISTS operator (
    nama TEXT PRIMARY KEY,
    peran TEXT NOT NULL,
    wilayah TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kasus (
    kunci TEXT PRIMARY KEY,
    temuan INTEGER,
    status TEXT NOT NULL,
    keputusan INTEGER,
    menunggu INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS kasus_temuan ON kasus(temuan);
CREATE TABLE IF NOT EXISTS keputusan (
    nomor INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    kasus TEXT NOT NULL,
    operator TEXT NOT NULL,
    berlaku TEXT NOT NULL,
    disetujui_seq INTEGER,
    disetujui_oleh TEXT,
    dibatalkan_seq INTEGER,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS keputusan_seq ON keputusan(seq);
CREATE INDEX IF NOT EXISTS keputusan_kasus ON keputusan(kasus);
CREATE TABLE IF NOT EXISTS tanggapan (
    nomor INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    jenis TEXT NOT NULL,
    pemilih INTEGER,
    kode_desa TEXT NOT NULL,
    operator TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tolak_pasangan (
    kunci TEXT PRIMARY KEY,
    keputusan INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS gabung (
    dari INTEGER NOT NULL,
    ke INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS gabung_dari ON gabung(dari);
CREATE INDEX IF NOT EXISTS gabung_ke ON gabung(ke);
CREATE TABLE IF NOT EXISTS periode (
    nama TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    batch INTEGER NOT NULL,
    data TEXT NOT NULL
);
"#;

/// The follow-up's tables.
pub(crate) const TABEL: &[&str] = &[
    "operator",
    "kasus",
    "keputusan",
    "tanggapan",
    "tolak_pasangan",
    "gabung",
    "periode",
];

/// Event kinds this projection reads.
const JENIS: &str =
    "'operator','keputusan','persetujuan','pembatalan','tanggapan','gabung','periode'";

/// `TM-00000012`: how a finding is shown and named as a case.
pub fn kunci_temuan(id: i64) -> String {
    crate::pemadanan::tampil_temuan(id)
}

/// `TG-00000003`: a public report's receipt number.
pub fn kunci_tanggapan(nomor: i64) -> String {
    format!("TG-{nomor:08}")
}

/// `KP-00000007`: a decision's number.
pub fn tampil_keputusan(nomor: i64) -> String {
    format!("KP-{nomor:08}")
}

fn urai_awalan(s: &str, awalan: &str) -> Option<i64> {
    let t = s.trim().to_uppercase();
    t.strip_prefix(awalan)
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
}

pub fn urai_tanggapan(s: &str) -> Option<i64> {
    urai_awalan(s, "TG-")
}

pub fn urai_keputusan(s: &str) -> Option<i64> {
    urai_awalan(s, "KP-")
}

/// A change a decision made, with the event that takes it back: an undo
/// applies `balik` (computed when the change was made, from the state it
/// changed; refused if the voter changed since, see `seq`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terapan {
    /// The change's event.
    pub seq: i64,
    pub pemilih: i64,
    pub balik: Perubahan,
}

/// A change a removal decision will make once approved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rencana {
    Tms {
        pemilih: i64,
        kode: KodeTms,
    },
    /// `dari` is merged into `ke` (ganda): `ke` survives.
    Gabung {
        dari: i64,
        ke: i64,
    },
}

/// What a decision event holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsiKeputusan {
    pub nomor: i64,
    /// `TM-…` or `TG-…`.
    pub kasus: String,
    /// The finding's kind, or `tanggapan:KIND`.
    pub jenis: String,
    pub putusan: Putusan,
    /// The voters the case is about.
    pub pemilih: Vec<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<i64>,
    /// SHA-256 of the run's model, as its manifest gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_sha256: Option<String>,
    /// SHA-256 of the finding's stored evidence (or the report's event).
    pub bukti_sha256: String,
    pub dokumen: String,
    /// A removal: takes effect only at a verifikator's approval.
    pub perlu_persetujuan: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rencana: Vec<Rencana>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diterapkan: Vec<Terapan>,
    /// Pairs judged "not the same person": never proposed again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pasangan_ditolak: Vec<String>,
}

/// A registered operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoOperator {
    pub nama: String,
    pub peran: Peran,
    /// Region code prefixes the operator may act on (`35.79`, `35.79.01`).
    pub wilayah: Vec<String>,
    /// The event that last set this.
    pub seq: i64,
}

impl InfoOperator {
    /// Whether a desa code lies in this operator's regions.
    pub fn boleh_wilayah(&self, kode_desa: &str) -> bool {
        self.wilayah.iter().any(|w| {
            kode_desa == w
                || kode_desa
                    .strip_prefix(w.as_str())
                    .is_some_and(|r| r.starts_with('.'))
        })
    }
}

/// Where a case stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kasus {
    pub kunci: String,
    pub status: StatusKasus,
    /// The decision in force, if any.
    pub keputusan: Option<i64>,
    /// A removal decided and waiting for approval.
    pub menunggu: bool,
}

impl Kasus {
    pub fn terbuka(kunci: String) -> Kasus {
        Kasus {
            kunci,
            status: StatusKasus::Terbuka,
            keputusan: None,
            menunggu: false,
        }
    }
}

/// A stored decision with what happened to it since.
#[derive(Debug, Clone, Serialize)]
pub struct Keputusan {
    pub seq: i64,
    pub operator: String,
    /// The decision's effective date.
    pub berlaku: String,
    #[serde(flatten)]
    pub isi: IsiKeputusan,
    pub disetujui_seq: Option<i64>,
    pub disetujui_oleh: Option<String>,
    pub dibatalkan_seq: Option<i64>,
}

/// What a report event holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsiTanggapan {
    pub nomor: i64,
    pub jenis: JenisTanggapan,
    pub nik: String,
    pub teks: String,
    /// The voter the NIK names, if on the register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pemilih: Option<i64>,
    pub kode_desa: String,
}

/// A stored report.
#[derive(Debug, Clone, Serialize)]
pub struct InfoTanggapan {
    pub seq: i64,
    pub operator: String,
    #[serde(flatten)]
    pub isi: IsiTanggapan,
}

/// What a period-close event holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsiPeriode {
    /// `2026-TW4`, `2026-S2`.
    pub nama: String,
    /// The period's last effective day.
    pub sampai: String,
    /// The last event that belongs to the period.
    pub seq_akhir: i64,
    /// The period closed before this one (its `seq_akhir` is where this
    /// one begins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sebelum: Option<String>,
    pub dokumen: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct InfoPeriode {
    pub seq: i64,
    pub batch: i64,
    #[serde(flatten)]
    pub isi: IsiPeriode,
}

/// Which cases the review queue lists.
#[derive(Debug, Clone, Default)]
pub struct SaringanKasus {
    pub run: Option<i64>,
    pub jenis: Option<padan_core::JenisTemuan>,
    pub wilayah: Option<String>,
    /// Probability band, inclusive.
    pub pita: Option<(f64, f64)>,
    pub status: Option<StatusKasus>,
    pub batas: u64,
    /// Findings after this one (paging by key).
    pub setelah: Option<i64>,
}

/// One line of the queue: a finding with its state.
#[derive(Debug, Clone, Serialize)]
pub struct BarisAntrian {
    pub temuan: Temuan,
    pub kasus: Kasus,
}

/// Which numbering a new case or decision takes.
#[derive(Debug, Clone, Copy)]
pub enum Nomoran {
    Keputusan,
    Tanggapan,
}

fn json<T: Serialize>(x: &T) -> R<String> {
    serde_json::to_string(x).map_err(|e| GalatStore::Data(0, e.to_string()))
}

fn dari_json<T: serde::de::DeserializeOwned>(s: &str) -> R<T> {
    serde_json::from_str(s).map_err(|e| GalatStore::Rusak(format!("proyeksi tindak lanjut: {e}")))
}

fn atur_kasus(
    tx: &Connection,
    kunci: &str,
    status: StatusKasus,
    keputusan: Option<i64>,
    menunggu: bool,
    seq: i64,
) -> R<()> {
    let temuan = crate::pemadanan::urai_temuan(kunci);
    tx.prepare_cached(
        "INSERT INTO kasus(kunci, temuan, status, keputusan, menunggu, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(kunci) DO UPDATE SET temuan = excluded.temuan, status = excluded.status, keputusan = excluded.keputusan, menunggu = excluded.menunggu, seq = excluded.seq",
    )?
    .execute(params![kunci, temuan, status.nama(), keputusan, menunggu, seq])?;
    Ok(())
}

/// Applies one event to the projection. The single definition of what
/// each follow-up event means for these tables.
#[allow(clippy::too_many_arguments)]
pub(crate) fn proyeksikan(
    tx: &Connection,
    seq: i64,
    subjek: Option<i64>,
    operator: &str,
    berlaku: &str,
    batch: i64,
    p: &Perubahan,
) -> R<()> {
    match p {
        Perubahan::Operator {
            nama,
            peran,
            wilayah,
        } => {
            tx.execute(
                "INSERT INTO operator(nama, peran, wilayah, seq) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(nama) DO UPDATE SET peran = excluded.peran, wilayah = excluded.wilayah, seq = excluded.seq",
                params![nama, peran.nama(), json(wilayah)?, seq],
            )?;
        }
        Perubahan::Keputusan(k) => {
            tx.prepare_cached(
                "INSERT INTO keputusan(nomor, seq, kasus, operator, berlaku, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![k.nomor, seq, k.kasus, operator, berlaku, json(k)?])?;
            let status = match k.putusan {
                Putusan::CekLapangan => StatusKasus::CekLapangan,
                _ => StatusKasus::Diputus,
            };
            let menunggu = k.putusan == Putusan::Terima && k.perlu_persetujuan;
            atur_kasus(tx, &k.kasus, status, Some(k.nomor), menunggu, seq)?;
            let mut st = tx.prepare_cached(
                "INSERT INTO tolak_pasangan(kunci, keputusan) VALUES (?1, ?2) ON CONFLICT(kunci) DO UPDATE SET keputusan = excluded.keputusan",
            )?;
            for x in &k.pasangan_ditolak {
                st.execute(params![x, k.nomor])?;
            }
        }
        Perubahan::Persetujuan { nomor, kasus, .. } => {
            tx.execute(
                "UPDATE keputusan SET disetujui_seq = ?1, disetujui_oleh = ?2 WHERE nomor = ?3",
                params![seq, operator, nomor],
            )?;
            atur_kasus(tx, kasus, StatusKasus::Disetujui, Some(*nomor), false, seq)?;
        }
        Perubahan::Pembatalan { nomor, kasus, .. } => {
            tx.execute(
                "UPDATE keputusan SET dibatalkan_seq = ?1 WHERE nomor = ?2",
                params![seq, nomor],
            )?;
            tx.execute("DELETE FROM tolak_pasangan WHERE keputusan = ?1", [nomor])?;
            atur_kasus(tx, kasus, StatusKasus::Terbuka, None, false, seq)?;
        }
        Perubahan::Tanggapan(t) => {
            tx.execute(
                "INSERT INTO tanggapan(nomor, seq, jenis, pemilih, kode_desa, operator, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![t.nomor, seq, t.jenis.nama(), t.pemilih, t.kode_desa, operator, json(t)?],
            )?;
            atur_kasus(
                tx,
                &kunci_tanggapan(t.nomor),
                StatusKasus::Terbuka,
                None,
                false,
                seq,
            )?;
        }
        Perubahan::Gabung { ke } => {
            if let Some(dari) = subjek {
                tx.execute(
                    "INSERT INTO gabung(dari, ke, seq) VALUES (?1, ?2, ?3)",
                    params![dari, ke, seq],
                )?;
            }
        }
        Perubahan::Periode(x) => {
            tx.execute(
                "INSERT INTO periode(nama, seq, batch, data) VALUES (?1, ?2, ?3, ?4)",
                params![x.nama, seq, batch, json(x)?],
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// Rebuilds the projection from the log alone (inside the caller's
/// transaction).
pub(crate) fn bangun_ulang(tx: &Connection) -> R<()> {
    for t in TABEL {
        tx.execute(&format!("DELETE FROM {t}"), [])?;
    }
    let mut st = tx.prepare(&format!(
        "SELECT p.seq, p.subjek, b.operator, p.batch, p.data, p.berlaku FROM peristiwa p JOIN batch b ON b.id = p.batch WHERE p.jenis IN ({JENIS}) ORDER BY p.seq"
    ))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let data: String = r.get(4)?;
        let p: Perubahan =
            serde_json::from_str(&data).map_err(|e| GalatStore::Data(seq, e.to_string()))?;
        let operator: String = r.get(2)?;
        let berlaku: String = r.get(5)?;
        proyeksikan(tx, seq, r.get(1)?, &operator, &berlaku, r.get(3)?, &p)?;
    }
    Ok(())
}

fn baris_operator(r: &Baris) -> Result<(String, String, String, i64), GalatStore> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn jadi_operator(x: (String, String, String, i64)) -> R<InfoOperator> {
    let (nama, peran, wilayah, seq) = x;
    Ok(InfoOperator {
        peran: Peran::dari_nama(&peran)
            .ok_or_else(|| GalatStore::Rusak(format!("peran '{peran}' tidak dikenal")))?,
        wilayah: dari_json(&wilayah)?,
        nama,
        seq,
    })
}

fn jadi_kasus(kunci: String, status: String, keputusan: Option<i64>, menunggu: bool) -> R<Kasus> {
    Ok(Kasus {
        status: StatusKasus::dari_nama(&status)
            .ok_or_else(|| GalatStore::Rusak(format!("status kasus '{status}' tidak dikenal")))?,
        kunci,
        keputusan,
        menunggu,
    })
}

type BarisKeputusan = (
    i64,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<i64>,
    String,
);

fn jadi_keputusan(x: BarisKeputusan) -> R<Keputusan> {
    let (seq, operator, berlaku, disetujui_seq, disetujui_oleh, dibatalkan_seq, data) = x;
    Ok(Keputusan {
        seq,
        operator,
        berlaku,
        isi: dari_json(&data)?,
        disetujui_seq,
        disetujui_oleh,
        dibatalkan_seq,
    })
}

const KOLOM_KEPUTUSAN: &str =
    "seq, operator, berlaku, disetujui_seq, disetujui_oleh, dibatalkan_seq, data FROM keputusan";

fn baris_keputusan(r: &Baris) -> Result<BarisKeputusan, GalatStore> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

/// Reading the follow-up projection, inside a batch (under the write lock)
/// or outside one.
pub trait BacaTindak {
    fn operator(&self, nama: &str) -> R<Option<InfoOperator>>;
    fn daftar_operator(&self) -> R<Vec<InfoOperator>>;
    fn kasus(&self, kunci: &str) -> R<Option<Kasus>>;
    fn keputusan(&self, nomor: i64) -> R<Option<Keputusan>>;
    /// Decisions recorded in events `(awal, akhir]`, in order.
    fn daftar_keputusan(&self, awal: i64, akhir: i64) -> R<Vec<Keputusan>>;
    /// Every decision on one case, oldest first.
    fn keputusan_kasus(&self, kunci: &str) -> R<Vec<Keputusan>>;
    fn nomor_berikut(&self, n: Nomoran) -> R<i64>;
    fn tanggapan(&self, nomor: i64) -> R<Option<InfoTanggapan>>;
    fn daftar_tanggapan(&self) -> R<Vec<(InfoTanggapan, Kasus)>>;
    /// Every pair judged "not the same person".
    fn pasangan_ditolak(&self) -> R<Vec<String>>;
    /// Merges a voter took part in: (merged, survivor, event).
    fn gabungan(&self, id: i64) -> R<Vec<(i64, i64, i64)>>;
    fn daftar_periode(&self) -> R<Vec<InfoPeriode>>;
    /// Removals decided and not yet approved.
    fn menunggu_persetujuan(&self) -> R<Vec<Keputusan>>;
    /// The review queue.
    fn antrian(&self, s: &SaringanKasus) -> R<Vec<BarisAntrian>>;
}

pub(crate) struct Baca<'c>(pub &'c Connection);

impl BacaTindak for Baca<'_> {
    fn operator(&self, nama: &str) -> R<Option<InfoOperator>> {
        self.0
            .query_row(
                "SELECT nama, peran, wilayah, seq FROM operator WHERE nama = ?1",
                [nama],
                baris_operator,
            )
            .optional()?
            .map(jadi_operator)
            .transpose()
    }
    fn daftar_operator(&self) -> R<Vec<InfoOperator>> {
        let mut st = self
            .0
            .prepare("SELECT nama, peran, wilayah, seq FROM operator ORDER BY nama")?;
        let rows = st.query_map([], baris_operator)?;
        rows.map(|r| jadi_operator(r?)).collect()
    }
    fn kasus(&self, kunci: &str) -> R<Option<Kasus>> {
        self.0
            .query_row(
                "SELECT status, keputusan, menunggu FROM kasus WHERE kunci = ?1",
                [kunci],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .map(|(s, k, m)| jadi_kasus(kunci.to_owned(), s, k, m))
            .transpose()
    }
    fn keputusan(&self, nomor: i64) -> R<Option<Keputusan>> {
        self.0
            .query_row(
                &format!("SELECT {KOLOM_KEPUTUSAN} WHERE nomor = ?1"),
                [nomor],
                baris_keputusan,
            )
            .optional()?
            .map(jadi_keputusan)
            .transpose()
    }
    fn daftar_keputusan(&self, awal: i64, akhir: i64) -> R<Vec<Keputusan>> {
        let mut st = self.0.prepare(&format!(
            "SELECT {KOLOM_KEPUTUSAN} WHERE seq > ?1 AND seq <= ?2 ORDER BY nomor"
        ))?;
        let rows = st.query_map([awal, akhir], baris_keputusan)?;
        rows.map(|r| jadi_keputusan(r?)).collect()
    }
    fn keputusan_kasus(&self, kunci: &str) -> R<Vec<Keputusan>> {
        let mut st = self.0.prepare(&format!(
            "SELECT {KOLOM_KEPUTUSAN} WHERE kasus = ?1 ORDER BY nomor"
        ))?;
        let rows = st.query_map([kunci], baris_keputusan)?;
        rows.map(|r| jadi_keputusan(r?)).collect()
    }
    fn nomor_berikut(&self, n: Nomoran) -> R<i64> {
        let t = match n {
            Nomoran::Keputusan => "keputusan",
            Nomoran::Tanggapan => "tanggapan",
        };
        self.0.query_row(
            &format!("SELECT COALESCE(MAX(nomor), 0) + 1 FROM {t}"),
            [],
            |r| r.get(0),
        )
    }
    fn tanggapan(&self, nomor: i64) -> R<Option<InfoTanggapan>> {
        self.0
            .query_row(
                "SELECT seq, operator, data FROM tanggapan WHERE nomor = ?1",
                [nomor],
                |r| Ok((r.get(0)?, r.get(1)?, r.get::<String>(2)?)),
            )
            .optional()?
            .map(|(seq, operator, d)| {
                Ok(InfoTanggapan {
                    seq,
                    operator,
                    isi: dari_json(&d)?,
                })
            })
            .transpose()
    }
    fn daftar_tanggapan(&self) -> R<Vec<(InfoTanggapan, Kasus)>> {
        let mut st = self.0.prepare(
            "SELECT t.seq, t.operator, t.data, k.kunci, k.status, k.keputusan, k.menunggu FROM tanggapan t JOIN kasus k ON k.kunci LIKE 'TG-%' AND CAST(substr(k.kunci, 4) AS BIGINT) = t.nomor ORDER BY t.nomor",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<String>(4)?,
                r.get::<Option<i64>>(5)?,
                r.get::<bool>(6)?,
            ))
        })?;
        rows.map(|r| {
            let (seq, operator, d, kunci, s, k, m) = r?;
            Ok((
                InfoTanggapan {
                    seq,
                    operator,
                    isi: dari_json(&d)?,
                },
                jadi_kasus(kunci, s, k, m)?,
            ))
        })
        .collect()
    }
    fn pasangan_ditolak(&self) -> R<Vec<String>> {
        let mut st = self.0.prepare("SELECT kunci FROM tolak_pasangan")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()
    }
    fn gabungan(&self, id: i64) -> R<Vec<(i64, i64, i64)>> {
        let mut st = self
            .0
            .prepare("SELECT dari, ke, seq FROM gabung WHERE dari = ?1 OR ke = ?1 ORDER BY seq")?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<Result<_, _>>()
    }
    fn daftar_periode(&self) -> R<Vec<InfoPeriode>> {
        let mut st = self
            .0
            .prepare("SELECT seq, batch, data FROM periode ORDER BY seq")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<String>(2)?)))?;
        rows.map(|r| {
            let (seq, batch, d) = r?;
            Ok(InfoPeriode {
                seq,
                batch,
                isi: dari_json(&d)?,
            })
        })
        .collect()
    }
    fn menunggu_persetujuan(&self) -> R<Vec<Keputusan>> {
        let mut st = self.0.prepare(&format!(
            "SELECT {KOLOM_KEPUTUSAN} WHERE nomor IN (SELECT keputusan FROM kasus WHERE menunggu = 1) ORDER BY nomor"
        ))?;
        let rows = st.query_map([], baris_keputusan)?;
        rows.map(|r| jadi_keputusan(r?)).collect()
    }
    fn antrian(&self, s: &SaringanKasus) -> R<Vec<BarisAntrian>> {
        let mut w = vec!["t.id > ?".to_owned()];
        let mut v: Vec<Box<dyn crate::sql::KeParam>> = vec![Box::new(s.setelah.unwrap_or(0))];
        if let Some(r) = s.run {
            w.push("t.run = ?".into());
            v.push(Box::new(r));
        }
        match s.jenis {
            Some(j) => {
                w.push("t.jenis = ?".into());
                v.push(Box::new(j.nama()));
            }
            // Matched and equal: nothing to decide.
            None => w.push("t.jenis <> 'padan'".into()),
        }
        if let Some(x) = &s.wilayah {
            w.push("(t.kode_desa = ? OR t.kode_desa LIKE ? ESCAPE '\\')".into());
            v.push(Box::new(x.clone()));
            let esc = x
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            v.push(Box::new(format!("{esc}.%")));
        }
        if let Some((a, b)) = s.pita {
            w.push("t.peluang >= ? AND t.peluang <= ?".into());
            v.push(Box::new(a));
            v.push(Box::new(b));
        }
        if let Some(st) = s.status {
            if st == StatusKasus::Terbuka {
                w.push("(k.status IS NULL OR k.status = 'open')".into());
            } else {
                w.push("k.status = ?".into());
                v.push(Box::new(st.nama()));
            }
        }
        v.push(Box::new(s.batas.min(i64::MAX as u64) as i64));
        // Decided cases are few next to a run's findings: an inner join
        // lets SQLite start from them.
        let gabung = match s.status {
            Some(x) if x != StatusKasus::Terbuka => "JOIN",
            _ => "LEFT JOIN",
        };
        let sql = format!(
            "SELECT {}, k.status, k.keputusan, k.menunggu FROM temuan t {gabung} kasus k ON k.temuan = t.id WHERE {} ORDER BY t.id LIMIT ?",
            crate::pemadanan::KOLOM_TEMUAN
                .split(", ")
                .map(|c| format!("t.{c}"))
                .collect::<Vec<_>>()
                .join(", "),
            w.join(" AND ")
        );
        let mut st = self.0.prepare(&sql)?;
        let rows = st.query_map(v, |r| {
            Ok((
                crate::pemadanan::baris_temuan(r)?,
                r.get::<Option<String>>(9)?,
                r.get::<Option<i64>>(10)?,
                r.get::<Option<bool>>(11)?,
            ))
        })?;
        rows.map(|r| {
            let (temuan, status, k, m) = r?;
            let kunci = kunci_temuan(temuan.id);
            let kasus = match status {
                Some(s) => jadi_kasus(kunci, s, k, m.unwrap_or(false))?,
                None => Kasus::terbuka(kunci),
            };
            Ok(BarisAntrian { temuan, kasus })
        })
        .collect()
    }
}

/// Implements [`BacaTindak`] for a type whose field `$c` is (or derefs
/// to) the connection, by reading through [`Baca`].
macro_rules! baca_lewat {
    ($t:ty, $c:ident) => {
        impl $crate::tindak::BacaTindak for $t {
            fn operator(&self, nama: &str) -> R<Option<InfoOperator>> {
                Baca(&self.$c).operator(nama)
            }
            fn daftar_operator(&self) -> R<Vec<InfoOperator>> {
                Baca(&self.$c).daftar_operator()
            }
            fn kasus(&self, kunci: &str) -> R<Option<Kasus>> {
                Baca(&self.$c).kasus(kunci)
            }
            fn keputusan(&self, nomor: i64) -> R<Option<Keputusan>> {
                Baca(&self.$c).keputusan(nomor)
            }
            fn daftar_keputusan(&self, awal: i64, akhir: i64) -> R<Vec<Keputusan>> {
                Baca(&self.$c).daftar_keputusan(awal, akhir)
            }
            fn keputusan_kasus(&self, kunci: &str) -> R<Vec<Keputusan>> {
                Baca(&self.$c).keputusan_kasus(kunci)
            }
            fn nomor_berikut(&self, n: Nomoran) -> R<i64> {
                Baca(&self.$c).nomor_berikut(n)
            }
            fn tanggapan(&self, nomor: i64) -> R<Option<InfoTanggapan>> {
                Baca(&self.$c).tanggapan(nomor)
            }
            fn daftar_tanggapan(&self) -> R<Vec<(InfoTanggapan, Kasus)>> {
                Baca(&self.$c).daftar_tanggapan()
            }
            fn pasangan_ditolak(&self) -> R<Vec<String>> {
                Baca(&self.$c).pasangan_ditolak()
            }
            fn gabungan(&self, id: i64) -> R<Vec<(i64, i64, i64)>> {
                Baca(&self.$c).gabungan(id)
            }
            fn daftar_periode(&self) -> R<Vec<InfoPeriode>> {
                Baca(&self.$c).daftar_periode()
            }
            fn menunggu_persetujuan(&self) -> R<Vec<Keputusan>> {
                Baca(&self.$c).menunggu_persetujuan()
            }
            fn antrian(&self, s: &SaringanKasus) -> R<Vec<BarisAntrian>> {
                Baca(&self.$c).antrian(s)
            }
        }
    };
}

baca_lewat!(crate::Gudang, conn);
baca_lewat!(crate::Batch<'_>, tx);

/// What [`crate::LogPeristiwa::peristiwa_rentang`] hands each event to:
/// its sequence number, subject, the subject's desa, its batch's kind.
pub type PerPeristiwa<'a> =
    dyn FnMut(i64, Option<i64>, &str, padan_core::JenisBatch, Perubahan) -> R<()> + 'a;

/// A checkpoint as stored: what a period ends at.
#[derive(Debug, Clone, Serialize)]
pub struct InfoCheckpoint {
    pub batch: i64,
    /// Events in the log up to and including this checkpoint's batch.
    pub ukuran_log: i64,
    pub jumlah: i64,
    /// The batch's Merkle root and the chain's head after it (hex).
    pub akar: String,
    pub kepala: String,
    pub dicatat: String,
    pub kunci_publik: String,
    pub tanda_tangan: String,
}

impl crate::Gudang {
    /// The checkpoint of one batch.
    pub fn checkpoint_batch(&self, batch: i64) -> R<Option<InfoCheckpoint>> {
        self
            .conn
            .query_row(
                "SELECT batch, seq_akhir, jumlah, akar, kepala, dicatat, kunci_publik, tanda_tangan FROM checkpoint WHERE batch = ?1",
                [batch],
                |r| {
                    Ok(InfoCheckpoint {
                        batch: r.get(0)?,
                        ukuran_log: r.get(1)?,
                        jumlah: r.get(2)?,
                        akar: hex::encode(r.get::<Vec<u8>>(3)?),
                        kepala: hex::encode(r.get::<Vec<u8>>(4)?),
                        dicatat: r.get(5)?,
                        kunci_publik: r.get(6)?,
                        tanda_tangan: hex::encode(r.get::<Vec<u8>>(7)?),
                    })
                },
            )
            .optional()
    }

    /// The events `(awal, akhir]` that are not source records, each with
    /// its subject's desa as the register has it now and its batch's kind.
    pub fn peristiwa_rentang(&self, awal: i64, akhir: i64, f: &mut PerPeristiwa<'_>) -> R<()> {
        let mut st = self.conn.prepare(
            "SELECT p.seq, p.subjek, COALESCE(m.kode_desa, ''), b.jenis, p.data FROM peristiwa p JOIN batch b ON b.id = p.batch LEFT JOIN pemilih m ON m.id = p.subjek WHERE p.seq > ?1 AND p.seq <= ?2 AND p.jenis <> 'sumber' ORDER BY p.seq",
        )?;
        let mut rows = st.query([awal, akhir])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let desa: String = r.get(2)?;
            let jenis: String = r.get(3)?;
            let jenis = padan_core::JenisBatch::dari_nama(&jenis)
                .ok_or_else(|| GalatStore::Rusak(format!("jenis batch '{jenis}' tidak dikenal")))?;
            let data: String = r.get(4)?;
            let p: Perubahan =
                serde_json::from_str(&data).map_err(|e| GalatStore::Data(seq, e.to_string()))?;
            f(seq, r.get(1)?, &desa, jenis, p)?;
        }
        Ok(())
    }

    /// The newest run of the same kind against the same kind of source,
    /// if one came after run `id`: a finding of `id` is then superseded.
    pub fn run_pengganti(&self, id: i64) -> R<Option<i64>> {
        self.conn.query_row(
            "SELECT MAX(b.id) FROM run_padan a JOIN run_padan b ON b.jenis = a.jenis AND b.id > a.id \
             LEFT JOIN batch ba ON ba.id = a.batch_lawan LEFT JOIN batch bb ON bb.id = b.batch_lawan \
             WHERE a.id = ?1 AND COALESCE(ba.jenis, '') = COALESCE(bb.jenis, '')",
            [id],
            |r| r.get(0),
        )
    }
}
