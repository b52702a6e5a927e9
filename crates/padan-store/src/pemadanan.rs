//! What pemadanan reads from the register and what it leaves there: runs
//! (with their manifest and model) and their findings, append-only. A run is
//! sealed by a SHA-256 over its manifest, model and every finding, which
//! `padan verify` recomputes: a finding changed afterwards is named.

use crate::kueri::{self, Keadaan};
use crate::sql::{Baris, Opsional, params};
use crate::{GalatStore, Gudang, Perubahan, waktu_sekarang};
use padan_core::{JenisBatch, JenisTemuan};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Tables of pemadanan; created on opening, so older workspaces gain them.
pub(crate) const SKEMA_PADAN: &str = r#"
CREATE TABLE IF NOT EXISTS run_padan (
    id INTEGER PRIMARY KEY,
    jenis TEXT NOT NULL,
    batch_lawan INTEGER,
    dimulai TEXT NOT NULL,
    selesai TEXT NOT NULL,
    operator TEXT NOT NULL,
    manifest TEXT NOT NULL,
    model TEXT NOT NULL,
    jumlah INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    -- The batch whose signed summary names this run and its seal.
    batch INTEGER
);
CREATE TABLE IF NOT EXISTS temuan (
    id INTEGER PRIMARY KEY,
    run INTEGER NOT NULL,
    jenis TEXT NOT NULL,
    pemilih INTEGER,
    sumber_seq INTEGER,
    kode_desa TEXT NOT NULL,
    peluang REAL,
    ringkas TEXT NOT NULL,
    bukti TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS temuan_run ON temuan(run, jenis);
"#;

/// A batch of source records (population extract, deaths, TNI/Polri).
#[derive(Debug, Clone, Serialize)]
pub struct BatchSumber {
    pub id: i64,
    pub jenis: JenisBatch,
    pub sumber: String,
    pub dokumen: String,
    pub dokumen_sha256: Option<String>,
    pub berlaku: String,
}

/// One source record: its event, the file row, its elements.
#[derive(Debug, Clone)]
pub struct RekamanSumber {
    pub seq: i64,
    pub baris: Option<i64>,
    pub rekaman: BTreeMap<String, String>,
}

/// A run to store.
#[derive(Debug, Clone)]
pub struct RunBaru {
    /// `match` or `dedupe`.
    pub jenis: String,
    pub batch_lawan: Option<i64>,
    pub dimulai: String,
    pub operator: String,
    /// Input hashes, parameters, code version.
    pub manifest: serde_json::Value,
    /// The model as saved (exact text).
    pub model: String,
}

/// A finding to store.
#[derive(Debug, Clone, Serialize)]
pub struct TemuanBaru {
    pub jenis: JenisTemuan,
    pub pemilih: Option<i64>,
    pub sumber_seq: Option<i64>,
    pub kode_desa: String,
    pub peluang: Option<f64>,
    /// One line, in Bahasa Indonesia.
    pub ringkas: String,
    /// The evidence, as JSON text (made once, when the finding is made:
    /// a run may hold a finding for every voter).
    pub bukti: String,
}

/// A stored finding.
#[derive(Debug, Clone, Serialize)]
pub struct Temuan {
    pub id: i64,
    pub run: i64,
    #[serde(flatten)]
    pub isi: TemuanBaru,
}

impl Temuan {
    /// The evidence, parsed; unreadable evidence is said, never read as
    /// none.
    pub fn bukti(&self) -> Result<serde_json::Value, GalatStore> {
        serde_json::from_str(&self.isi.bukti).map_err(|e| {
            GalatStore::Rusak(format!(
                "bukti temuan {} tidak terbaca: {e}",
                tampil_temuan(self.id)
            ))
        })
    }
}

/// A stored run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub id: i64,
    pub jenis: String,
    pub batch_lawan: Option<i64>,
    pub dimulai: String,
    pub selesai: String,
    pub operator: String,
    pub manifest: serde_json::Value,
    pub model: serde_json::Value,
    pub jumlah: i64,
    pub sha256: String,
}

/// Which findings to list.
#[derive(Debug, Clone, Default)]
pub struct SaringanTemuan {
    pub run: Option<i64>,
    pub jenis: Option<JenisTemuan>,
    /// A region code prefix (`35.79.01`).
    pub wilayah: Option<String>,
    pub batas: Option<u64>,
}

/// A kind stored by its name, read back typed; a name no kind has is
/// corruption, said as such.
fn jenis_dari<T>(r: &Baris, i: usize, urai: impl Fn(&str) -> Option<T>) -> Result<T, GalatStore> {
    let s: String = r.get(i)?;
    urai(&s).ok_or_else(|| GalatStore::Rusak(format!("kolom {i}: jenis '{s}' tidak dikenal")))
}

pub(crate) fn baris_temuan(r: &Baris) -> Result<Temuan, GalatStore> {
    let bukti: String = r.get(8)?;
    Ok(Temuan {
        id: r.get(0)?,
        run: r.get(1)?,
        isi: TemuanBaru {
            jenis: jenis_dari(r, 2, JenisTemuan::dari_nama)?,
            pemilih: r.get(3)?,
            sumber_seq: r.get(4)?,
            kode_desa: r.get(5)?,
            peluang: r.get(6)?,
            ringkas: r.get(7)?,
            bukti,
        },
    })
}

pub(crate) const KOLOM_TEMUAN: &str =
    "id, run, jenis, pemilih, sumber_seq, kode_desa, peluang, ringkas, bukti";

/// The hash that seals a run: its manifest, model and findings in order.
fn hash_run(
    manifest: &str,
    model: &str,
    temuan: impl Iterator<
        Item = (
            String,
            Option<i64>,
            Option<i64>,
            String,
            Option<f64>,
            String,
            String,
        ),
    >,
) -> String {
    let mut h = Sha256::new();
    h.update(b"padan-run/1\0");
    for s in [manifest, model] {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    for (jenis, pemilih, seq, desa, peluang, ringkas, bukti) in temuan {
        let baris = format!(
            "{jenis}\u{1f}{}\u{1f}{}\u{1f}{desa}\u{1f}{}\u{1f}{ringkas}\u{1f}{bukti}",
            pemilih.map(|x| x.to_string()).unwrap_or_default(),
            seq.map(|x| x.to_string()).unwrap_or_default(),
            peluang.map(|x| format!("{x:.9}")).unwrap_or_default(),
        );
        h.update((baris.len() as u64).to_le_bytes());
        h.update(baris.as_bytes());
    }
    hex::encode(h.finalize())
}

impl Gudang {
    /// Every voter in the projection (active or not), in ID order.
    pub fn jelajah_pemilih(
        &self,
        f: impl FnMut(i64, Keadaan) -> Result<(), GalatStore>,
    ) -> Result<(), GalatStore> {
        kueri::jelajah_proyeksi(&self.conn, f)
    }

    /// The last event's sequence number (what a run saw of the log).
    pub fn seq_terakhir(&self) -> Result<i64, GalatStore> {
        self.jumlah_peristiwa()
    }

    /// A batch of source records by number, or the latest of a kind
    /// (`dp4`, `meninggal`, `tni-polri`); `None` when there is none or it
    /// is not a source batch.
    pub fn cari_batch_sumber(&self, kunci: &str) -> Result<Option<BatchSumber>, GalatStore> {
        let sql = "SELECT id, jenis, sumber, dokumen, dokumen_sha256, berlaku FROM batch";
        let baris = |r: &Baris| {
            Ok(BatchSumber {
                id: r.get(0)?,
                jenis: jenis_dari(r, 1, JenisBatch::dari_nama)?,
                sumber: r.get(2)?,
                dokumen: r.get(3)?,
                dokumen_sha256: r.get(4)?,
                berlaku: r.get(5)?,
            })
        };
        let b = match kunci.trim().parse::<i64>() {
            Ok(id) => self
                .conn
                .query_row(&format!("{sql} WHERE id = ?1"), [id], baris)
                .optional()?,
            Err(_) => self
                .conn
                .query_row(
                    &format!("{sql} WHERE jenis = ?1 ORDER BY id DESC LIMIT 1"),
                    [kunci.trim()],
                    baris,
                )
                .optional()?,
        };
        Ok(b.filter(|b| b.jenis.sumber()))
    }

    /// The source records of a batch, in file order.
    pub fn rekaman_sumber(&self, batch: i64) -> Result<Vec<RekamanSumber>, GalatStore> {
        let mut st = self.conn.prepare(
            "SELECT seq, baris, data FROM peristiwa WHERE batch = ?1 AND jenis = 'sumber' ORDER BY seq",
        )?;
        let mut rows = st.query([batch])?;
        let mut out = vec![];
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let data: String = r.get(2)?;
            let p: Perubahan =
                serde_json::from_str(&data).map_err(|e| GalatStore::Data(seq, e.to_string()))?;
            if let Perubahan::Sumber { rekaman, .. } = p {
                out.push(RekamanSumber {
                    seq,
                    baris: r.get(1)?,
                    rekaman,
                });
            }
        }
        Ok(out)
    }

    /// How many source records a batch holds.
    pub fn jumlah_rekaman_sumber(&self, batch: i64) -> Result<i64, GalatStore> {
        self.conn.query_row(
            "SELECT COUNT(*) FROM peristiwa WHERE batch = ?1 AND jenis = 'sumber'",
            [batch],
            |r| r.get(0),
        )
    }

    /// One source record by its event.
    pub fn satu_rekaman_sumber(&self, seq: i64) -> Result<Option<RekamanSumber>, GalatStore> {
        let r: Option<(Option<i64>, String)> = self
            .conn
            .query_row(
                "SELECT baris, data FROM peristiwa WHERE seq = ?1 AND jenis = 'sumber'",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((baris, data)) = r else {
            return Ok(None);
        };
        let p: Perubahan =
            serde_json::from_str(&data).map_err(|e| GalatStore::Data(seq, e.to_string()))?;
        Ok(match p {
            Perubahan::Sumber { rekaman, .. } => Some(RekamanSumber {
                seq,
                baris,
                rekaman,
            }),
            _ => None,
        })
    }

    /// Stores a run and its findings in one transaction; returns the run's
    /// number. All or nothing, like an import.
    pub fn simpan_run(&mut self, r: &RunBaru, temuan: &[TemuanBaru]) -> Result<i64, GalatStore> {
        let RunBaru {
            jenis,
            batch_lawan,
            dimulai,
            operator,
            manifest,
            model,
        } = r;
        let seq = manifest
            .pointer("/register/seq_terakhir")
            .and_then(serde_json::Value::as_i64);
        let manifest = manifest.to_string();
        let bukti: Vec<&String> = temuan.iter().map(|t| &t.bukti).collect();
        let sha = hash_run(
            &manifest,
            model,
            temuan.iter().zip(&bukti).map(|(t, b)| {
                (
                    t.jenis.nama().to_owned(),
                    t.pemilih,
                    t.sumber_seq,
                    t.kode_desa.clone(),
                    t.peluang,
                    t.ringkas.clone(),
                    (*b).clone(),
                )
            }),
        );
        // The run goes into the chain as a batch of its own, whose signed
        // summary names the run and its seal: a run deleted, resealed or
        // inserted afterwards is then named by `verify`.
        let b = self.mulai_batch(crate::InfoBatch {
            jenis: JenisBatch::Pemadanan,
            sumber: format!("pemadanan {jenis}"),
            dokumen: String::new(),
            berkas: None,
            berlaku: crate::hari_ini(&self.kantor),
            operator: operator.clone(),
            alasan: format!("run pemadanan ({jenis})"),
            tolak_dokumen_sama: false,
        })?;
        let tx = &b.tx;
        let run: i64 = tx.query_row(
            "INSERT INTO run_padan(id, jenis, batch_lawan, dimulai, selesai, operator, manifest, model, jumlah, sha256, batch) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM run_padan), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
            params![jenis, batch_lawan, dimulai, waktu_sekarang(), operator, manifest, model, temuan.len() as i64, sha, b.id],
            |r| r.get(0),
        )?;
        {
            let mut st = tx.prepare(
                "INSERT INTO temuan(id, run, jenis, pemilih, sumber_seq, kode_desa, peluang, ringkas, bukti) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM temuan), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (t, bk) in temuan.iter().zip(&bukti) {
                st.execute(params![
                    run,
                    t.jenis.nama(),
                    t.pemilih,
                    t.sumber_seq,
                    t.kode_desa,
                    t.peluang,
                    t.ringkas,
                    bk
                ])?;
            }
        }
        b.selesai(crate::RingkasanBatch {
            rincian: serde_json::json!({
                "run": run,
                "segel": sha,
                "temuan": temuan.len(),
                "seq_terakhir": seq,
            }),
            ..Default::default()
        })?;
        Ok(run)
    }

    /// A run by number, or the latest (`None`).
    pub fn run(&self, id: Option<i64>) -> Result<Option<Run>, GalatStore> {
        let sql = "SELECT id, jenis, batch_lawan, dimulai, selesai, operator, manifest, model, jumlah, sha256 FROM run_padan";
        // The manifest and model are parsed after the row is read, so an
        // unreadable one is said (never read back as null).
        let baris = |r: &Baris| {
            let m: String = r.get(6)?;
            let md: String = r.get(7)?;
            Ok((
                Run {
                    id: r.get(0)?,
                    jenis: r.get(1)?,
                    batch_lawan: r.get(2)?,
                    dimulai: r.get(3)?,
                    selesai: r.get(4)?,
                    operator: r.get(5)?,
                    manifest: serde_json::Value::Null,
                    model: serde_json::Value::Null,
                    jumlah: r.get(8)?,
                    sha256: r.get(9)?,
                },
                m,
                md,
            ))
        };
        let baca = |id: i64, apa: &str, s: &str| {
            serde_json::from_str(s).map_err(|e| {
                GalatStore::Rusak(format!("{apa} run pemadanan {id} tidak terbaca: {e}"))
            })
        };
        let r = match id {
            Some(id) => self
                .conn
                .query_row(&format!("{sql} WHERE id = ?1"), [id], baris)
                .optional()?,
            None => self
                .conn
                .query_row(&format!("{sql} ORDER BY id DESC LIMIT 1"), [], baris)
                .optional()?,
        };
        match r {
            None => Ok(None),
            Some((mut run, m, md)) => {
                run.manifest = baca(run.id, "manifest", &m)?;
                run.model = baca(run.id, "model", &md)?;
                Ok(Some(run))
            }
        }
    }

    /// The stored model of a run, as saved (exact text).
    pub fn model_run(&self, id: i64) -> Result<Option<String>, GalatStore> {
        self.conn
            .query_row("SELECT model FROM run_padan WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
    }

    /// Findings, filtered, in order.
    pub fn daftar_temuan(&self, s: &SaringanTemuan) -> Result<Vec<Temuan>, GalatStore> {
        let mut sql = format!("SELECT {KOLOM_TEMUAN} FROM temuan WHERE 1=1");
        let mut p: Vec<Box<dyn crate::sql::KeParam>> = vec![];
        if let Some(r) = s.run {
            sql += " AND run = ?";
            p.push(Box::new(r));
        }
        if let Some(j) = &s.jenis {
            sql += " AND jenis = ?";
            p.push(Box::new(j.nama()));
        }
        if let Some(w) = &s.wilayah {
            sql += " AND kode_desa LIKE ? ESCAPE '\\'";
            let aman = w
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            p.push(Box::new(format!("{aman}%")));
        }
        sql += " ORDER BY id";
        if let Some(n) = s.batas {
            sql += &format!(" LIMIT {n}");
        }
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(p, baris_temuan)?;
        rows.collect::<Result<_, _>>()
    }

    /// Counts of a run's findings per kind.
    pub fn hitung_temuan(&self, run: i64) -> Result<Vec<(String, i64)>, GalatStore> {
        let mut st = self.conn.prepare(
            "SELECT jenis, COUNT(*) FROM temuan WHERE run = ?1 GROUP BY jenis ORDER BY jenis",
        )?;
        let rows = st.query_map([run], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()
    }

    /// One finding by number.
    pub fn temuan(&self, id: i64) -> Result<Option<Temuan>, GalatStore> {
        self.conn
            .query_row(
                &format!("SELECT {KOLOM_TEMUAN} FROM temuan WHERE id = ?1"),
                [id],
                baris_temuan,
            )
            .optional()
    }

    /// Runs against the batches that sealed them into the chain: each
    /// `pemadanan` batch names its run and seal in its (signed) summary.
    /// Returns the number of runs and the problems found.
    #[allow(clippy::type_complexity)]
    pub(crate) fn periksa_run_rantai(
        &self,
        seq_maks: i64,
    ) -> Result<(u64, Vec<(&'static str, Option<i64>, String, String)>), GalatStore> {
        let mut out = vec![];
        let mut runs: BTreeMap<i64, (Option<i64>, String, String)> = BTreeMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT id, batch, sha256, manifest FROM run_padan ORDER BY id")?;
            let rows = st.query_map([], |r| {
                Ok((r.get::<i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
            })?;
            for r in rows {
                let (id, v) = r?;
                runs.insert(id, v);
            }
        }
        let mut disegel: BTreeMap<i64, i64> = BTreeMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT id, ringkasan FROM batch WHERE jenis = ?1 ORDER BY id")?;
            let rows = st.query_map([JenisBatch::Pemadanan.nama()], |r| {
                Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
            })?;
            for r in rows {
                let (b, ringkas) = r?;
                let v: serde_json::Value = serde_json::from_str(&ringkas).unwrap_or_default();
                let (Some(run), Some(segel)) = (
                    v.get("run").and_then(serde_json::Value::as_i64),
                    v.get("segel").and_then(serde_json::Value::as_str),
                ) else {
                    continue;
                };
                disegel.insert(run, b);
                match runs.get(&run) {
                    None => out.push((
                        "RUN-HILANG",
                        Some(b),
                        format!("run pemadanan {run} (disegel oleh batch {b}) tidak ada lagi: run beserta temuannya dihapus"),
                        format!("matching run {run} (sealed by batch {b}) is gone: the run and its findings were deleted"),
                    )),
                    Some((_, sha, _)) if sha != segel => out.push((
                        "RUN-DISEGEL-ULANG",
                        Some(b),
                        format!("segel run pemadanan {run} tidak sama dengan yang ditandatangani di batch {b}: temuannya diubah lalu disegel ulang"),
                        format!("the seal of matching run {run} differs from the one signed in batch {b}: its findings were changed and resealed"),
                    )),
                    Some(_) => {}
                }
            }
        }
        for (id, (batch, _, manifest)) in &runs {
            if disegel.get(id).is_none_or(|b| Some(*b) != *batch) {
                out.push((
                    "RUN-TANPA-BATCH",
                    *batch,
                    format!("run pemadanan {id} tidak disegel oleh batch mana pun di rantai: disisipkan dari luar"),
                    format!("matching run {id} is not sealed by any batch of the chain: inserted from outside"),
                ));
            }
            let m: serde_json::Value = serde_json::from_str(manifest).unwrap_or_default();
            if let Some(s) = m
                .pointer("/register/seq_terakhir")
                .and_then(serde_json::Value::as_i64)
                && s > seq_maks
            {
                out.push((
                    "RUN-MELAMPAUI-LOG",
                    *batch,
                    format!("manifest run pemadanan {id} menyebut peristiwa #{s}, padahal log kini berakhir di #{seq_maks}: peristiwa di ujung log dihapus"),
                    format!("the manifest of matching run {id} names event #{s}, but the log now ends at #{seq_maks}: events at the log's end were deleted"),
                ));
            }
        }
        Ok((runs.len() as u64, out))
    }

    /// The seal of a stored run recomputed from its stored manifest, model
    /// and findings (`None`: no such run).
    pub fn hitung_segel(&self, id: i64) -> Result<Option<String>, GalatStore> {
        let r: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT manifest, model FROM run_padan WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((manifest, model)) = r else {
            return Ok(None);
        };
        let mut st = self.conn.prepare(
            "SELECT jenis, pemilih, sumber_seq, kode_desa, peluang, ringkas, bukti FROM temuan WHERE run = ?1 ORDER BY id",
        )?;
        let rows: Vec<_> = st
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(hash_run(&manifest, &model, rows.into_iter())))
    }

    /// Runs whose findings no longer hash to their seal: (run, stored,
    /// recomputed).
    pub(crate) fn periksa_run(&self) -> Result<Vec<(i64, String, String)>, GalatStore> {
        let mut out = vec![];
        let mut st = self
            .conn
            .prepare("SELECT id, sha256 FROM run_padan ORDER BY id")?;
        let runs: Vec<(i64, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (id, sha) in runs {
            if let Some(baru) = self.hitung_segel(id)?
                && baru != sha
            {
                out.push((id, sha, baru));
            }
        }
        Ok(out)
    }
}

pub fn tampil_temuan(id: i64) -> String {
    format!("TM-{id:08}")
}

/// `TM-00000042` or `42`.
pub fn urai_temuan(s: &str) -> Option<i64> {
    let t = s.trim();
    let t = t
        .strip_prefix("TM-")
        .or_else(|| t.strip_prefix("tm-"))
        .unwrap_or(t);
    t.parse().ok().filter(|n| *n > 0)
}
