//! The KPU Provinsi's view of a PostgreSQL database that serves several
//! offices: each office keeps its own schema (`kantor_3579`), chain and
//! key; the province reads them together, and only reads.
//!
//! [`siapkan`] makes (or remakes, as offices are added) the schema
//! `provinsi_PP` of views over every office of province `PP` in the
//! database, and a role `padan_provinsi_PP` that may read those views and
//! nothing else: no office's own tables, no write anywhere (a union view
//! cannot be written through). A provincial login is a member of that
//! role. [`rekap`] reads the views in a read-only transaction: per office,
//! the voters, the events and the head of its chain.

use crate::GalatStore;
use crate::sql::Koneksi;
use serde::Serialize;

type R<T> = Result<T, GalatStore>;

/// The province's schema and role, from its two-digit code.
fn nama(provinsi: &str) -> R<(String, String)> {
    let angka: String = provinsi.chars().filter(char::is_ascii_digit).collect();
    if angka.len() != 2 || provinsi.trim() != angka {
        return Err(GalatStore::Data(
            0,
            format!("'{provinsi}' bukan kode provinsi dua angka (mis. 35)"),
        ));
    }
    Ok((
        format!("provinsi_{angka}"),
        format!("padan_provinsi_{angka}"),
    ))
}

/// One office in the province's recap.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BarisKantor {
    pub kantor: String,
    pub aktif: i64,
    pub laki: i64,
    pub perempuan: i64,
    pub tidak_aktif: i64,
    pub peristiwa: i64,
    /// The last signed checkpoint's hash (hex), the head its office
    /// publishes; empty when it has none.
    pub kepala: String,
}

/// Makes the province's views and role; the offices they cover.
pub fn siapkan(url: &str, provinsi: &str) -> R<Vec<String>> {
    let (skema, peran) = nama(provinsi)?;
    let k = Koneksi::pg(url, &skema)?;
    let awalan = format!("kantor_{}", skema.trim_start_matches("provinsi_"));
    let mut kantor: Vec<(String, String)> = vec![];
    {
        let mut st = k.prepare(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'meta' AND table_schema LIKE ?1 ORDER BY table_schema",
        )?;
        let daftar: Vec<String> = st
            .query_map([format!("{awalan}%")], |r| r.get(0))?
            .collect::<R<_>>()?;
        for s in daftar {
            // Only schemas of ours: `kantor_` and four digits.
            let kode = s.trim_start_matches("kantor_");
            if kode.len() != 4 || !kode.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let ada: Option<String> = crate::sql::Opsional::optional(k.query_row(
                &format!("SELECT nilai FROM {s}.meta WHERE kunci = 'kantor'"),
                [],
                |r| r.get(0),
            ))?;
            if let Some(kode) = ada {
                kantor.push((s, kode));
            }
        }
    }
    let tx = k.transaksi(false)?;
    tx.execute_batch(&format!(
        "CREATE SCHEMA IF NOT EXISTS {skema}; DROP VIEW IF EXISTS {skema}.pemilih; DROP VIEW IF EXISTS {skema}.kepala"
    ))?;
    if !kantor.is_empty() {
        let pemilih: Vec<String> = kantor
            .iter()
            .map(|(s, kode)| format!("SELECT '{kode}'::text AS kantor, p.* FROM {s}.pemilih p"))
            .collect();
        let kepala: Vec<String> = kantor
            .iter()
            .map(|(s, kode)| {
                format!(
                    "SELECT '{kode}'::text AS kantor, (SELECT COUNT(*) FROM {s}.peristiwa) AS peristiwa, (SELECT hash FROM {s}.checkpoint ORDER BY batch DESC LIMIT 1) AS kepala"
                )
            })
            .collect();
        tx.execute_batch(&format!(
            "CREATE VIEW {skema}.pemilih AS {}; CREATE VIEW {skema}.kepala AS {};",
            pemilih.join(" UNION ALL "),
            kepala.join(" UNION ALL ")
        ))?;
    }
    tx.execute_batch(&format!(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{peran}') THEN CREATE ROLE {peran} NOLOGIN; END IF; END $$;
         REVOKE ALL ON SCHEMA {skema} FROM PUBLIC;
         GRANT USAGE ON SCHEMA {skema} TO {peran};
         GRANT SELECT ON ALL TABLES IN SCHEMA {skema} TO {peran};"
    ))?;
    tx.commit()?;
    Ok(kantor.into_iter().map(|(_, k)| k).collect())
}

/// Per office: voters active (men, women), not active, events, head; read
/// through the province's views only, in a read-only transaction.
pub fn rekap(url: &str, provinsi: &str) -> R<Vec<BarisKantor>> {
    let (skema, _) = nama(provinsi)?;
    let k = Koneksi::pg(url, &skema)?;
    if !k.ada_tabel("kepala")? {
        return Ok(vec![]);
    }
    let tx = k.snapshot()?;
    let mut out: Vec<BarisKantor> = vec![];
    {
        let mut st = tx.prepare("SELECT kantor, peristiwa, kepala FROM kepala ORDER BY kantor")?;
        for r in st.query_map([], |r| {
            Ok(BarisKantor {
                kantor: r.get(0)?,
                aktif: 0,
                laki: 0,
                perempuan: 0,
                tidak_aktif: 0,
                peristiwa: r.get(1)?,
                kepala: hex::encode(r.get::<Option<Vec<u8>>>(2)?.unwrap_or_default()),
            })
        })? {
            out.push(r?);
        }
        let mut st = tx.prepare(
            "SELECT kantor, CAST(SUM(CASE WHEN aktif <> 0 THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN aktif <> 0 AND jenis_kelamin = 'L' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN aktif <> 0 AND jenis_kelamin = 'P' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN aktif = 0 THEN 1 ELSE 0 END) AS BIGINT) FROM pemilih GROUP BY kantor",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let kode: String = r.get(0)?;
            if let Some(b) = out.iter_mut().find(|b| b.kantor == kode) {
                b.aktif = r.get(1)?;
                b.laki = r.get(2)?;
                b.perempuan = r.get(3)?;
                b.tidak_aktif = r.get(4)?;
            }
        }
    }
    tx.commit()?;
    Ok(out)
}
