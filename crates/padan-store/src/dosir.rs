//! A voter's dossier carries its own proof: each event with every field
//! its hash covers, the chain link, its inclusion proof (RFC 9162) in its
//! batch's Merkle tree, and that batch's checkpoint as signed with the
//! office key. [`periksa`] checks it with nothing but the office's public
//! key: no workspace, no database.

use crate::batch::{CheckpointTersimpan, h32};
use crate::rantai::{self, BahanHash, Hash};
use crate::{GalatStore, Gudang, Keadaan, Perubahan, terapkan};
use ed25519_dalek::Verifier;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

type R<T> = Result<T, GalatStore>;

/// One event as its hash covers it, with its proofs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeristiwaBukti {
    pub seq: i64,
    pub subjek: Option<i64>,
    pub jenis: String,
    pub berlaku: String,
    pub dicatat: String,
    pub operator: String,
    pub kantor: String,
    pub batch: i64,
    /// The source document's name, and the SHA-256 of its stored bytes.
    pub dokumen: String,
    pub dokumen_sha256: Option<String>,
    pub baris: Option<i64>,
    pub alasan: String,
    /// The event's content exactly as stored and hashed.
    pub data: String,
    /// The chain hash of the event before it, and its own.
    pub sebelum: String,
    pub hash: String,
    /// Its place in its batch's tree and the path to the batch's root.
    pub indeks: u64,
    pub jalur: Vec<String>,
}

/// A batch's checkpoint as signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointBukti {
    pub batch: i64,
    /// The exact signed text.
    pub pesan: String,
    pub tanda_tangan: String,
}

fn hex32(s: &str) -> Option<Hash> {
    hex::decode(s).ok()?.try_into().ok()
}

impl Gudang {
    /// The events `seqs` with their proofs, and the checkpoints of their
    /// batches.
    pub fn bukti_peristiwa(&self, seqs: &[i64]) -> R<(Vec<PeristiwaBukti>, Vec<CheckpointBukti>)> {
        let mut per_batch: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        let mut out = vec![];
        let mut st = self.conn.prepare_cached(
            "SELECT p.seq, p.subjek, p.jenis, p.berlaku, b.dicatat, b.operator, b.kantor, p.batch, b.dokumen, b.dokumen_sha256, p.baris, COALESCE(p.alasan, b.alasan), p.data, p.hash, (SELECT hash FROM peristiwa q WHERE q.seq = p.seq - 1) FROM peristiwa p JOIN batch b ON b.id = p.batch WHERE p.seq = ?1",
        )?;
        for seq in seqs {
            let e = st.query_row([seq], |r| {
                Ok(PeristiwaBukti {
                    seq: r.get(0)?,
                    subjek: r.get(1)?,
                    jenis: r.get(2)?,
                    berlaku: r.get(3)?,
                    dicatat: r.get(4)?,
                    operator: r.get(5)?,
                    kantor: r.get(6)?,
                    batch: r.get(7)?,
                    dokumen: r.get(8)?,
                    dokumen_sha256: r.get(9)?,
                    baris: r.get(10)?,
                    alasan: r.get(11)?,
                    data: r.get(12)?,
                    hash: hex::encode(r.get::<Vec<u8>>(13)?),
                    sebelum: hex::encode(
                        r.get::<Option<Vec<u8>>>(14)?
                            .unwrap_or_else(|| rantai::AWAL.to_vec()),
                    ),
                    indeks: 0,
                    jalur: vec![],
                })
            })?;
            per_batch.entry(e.batch).or_default().push(e.seq);
            out.push(e);
        }
        let semua = CheckpointTersimpan::sesudah(&self.conn, 0)?;
        let mut cps = vec![];
        let mut hs = self.conn.prepare_cached(
            "SELECT hash FROM peristiwa WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
        )?;
        for (batch, _) in per_batch {
            let Some(cp) = semua.get(&batch) else {
                return Err(GalatStore::Rusak(format!(
                    "checkpoint batch {batch} tidak ada"
                )));
            };
            let daun: Vec<Hash> = hs
                .query_map([cp.seq_awal, cp.seq_akhir], |r| r.get::<Vec<u8>>(0))?
                .map(|h| h.map(|h| rantai::hash_daun(&h32(&h))))
                .collect::<Result<_, _>>()?;
            for e in out.iter_mut().filter(|e| e.batch == batch) {
                let i = usize::try_from(e.seq - cp.seq_awal).unwrap_or(0);
                e.indeks = i as u64;
                e.jalur = rantai::bukti_inklusi(&daun, i)
                    .iter()
                    .map(hex::encode)
                    .collect();
            }
            cps.push(CheckpointBukti {
                batch,
                pesan: String::from_utf8_lossy(&cp.isi(&self.kantor, batch).pesan()).into_owned(),
                tanda_tangan: hex::encode(&cp.tanda_tangan),
            });
        }
        Ok((out, cps))
    }
}

/// A line `kunci=nilai` of a signed checkpoint text.
fn nilai<'a>(pesan: &'a str, kunci: &str) -> Option<&'a str> {
    pesan
        .lines()
        .find_map(|l| l.strip_prefix(kunci).and_then(|r| r.strip_prefix('=')))
}

/// Checks events and checkpoints with the office's public key alone.
/// Every problem names the event or batch and what broke.
pub fn periksa(
    peristiwa: &[PeristiwaBukti],
    checkpoint: &[CheckpointBukti],
    kantor: &str,
    publik: &[u8; 32],
) -> Vec<String> {
    let mut salah = vec![];
    let Ok(kunci) = ed25519_dalek::VerifyingKey::from_bytes(publik) else {
        return vec!["kunci publik kantor tidak sah".into()];
    };
    let mut cps: BTreeMap<i64, (Hash, i64, i64, u64)> = BTreeMap::new();
    for c in checkpoint {
        let sig = hex::decode(&c.tanda_tangan)
            .ok()
            .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok());
        let sah = sig.is_some_and(|s| kunci.verify(c.pesan.as_bytes(), &s).is_ok());
        if !sah {
            salah.push(format!(
                "checkpoint batch {}: tanda tangan tidak sah untuk teksnya (teks atau tanda tangan diubah, atau kunci lain)",
                c.batch
            ));
            continue;
        }
        let bagian = (
            nilai(&c.pesan, "kantor"),
            nilai(&c.pesan, "batch").and_then(|b| b.parse::<i64>().ok()),
            nilai(&c.pesan, "seq").and_then(|s| s.split_once("..")),
            nilai(&c.pesan, "jumlah").and_then(|j| j.parse::<u64>().ok()),
            nilai(&c.pesan, "akar").and_then(hex32),
        );
        match bagian {
            (Some(k), Some(b), Some((a, z)), Some(j), Some(akar)) if k == kantor && b == c.batch => {
                match (a.parse(), z.parse()) {
                    (Ok(a), Ok(z)) => {
                        cps.insert(b, (akar, a, z, j));
                    }
                    _ => salah.push(format!("checkpoint batch {}: rentang peristiwa tidak terbaca", c.batch)),
                }
            }
            _ => salah.push(format!(
                "checkpoint batch {}: teks bertanda tangan bukan checkpoint kantor {kantor} untuk batch ini",
                c.batch
            )),
        }
    }
    for e in peristiwa {
        let nama = format!("peristiwa #{}", e.seq);
        let isi = rantai::hash_isi(&BahanHash {
            jenis: &e.jenis,
            berlaku: &e.berlaku,
            dicatat: &e.dicatat,
            operator: &e.operator,
            kantor: &e.kantor,
            batch: e.batch,
            dokumen: e.dokumen_sha256.as_deref(),
            baris: e.baris,
            alasan: &e.alasan,
            data: &e.data,
        });
        let (Some(sebelum), Some(hash)) = (hex32(&e.sebelum), hex32(&e.hash)) else {
            salah.push(format!("{nama}: hash tidak terbaca"));
            continue;
        };
        if rantai::hash_peristiwa(&sebelum, e.seq, e.subjek, &isi) != hash {
            salah.push(format!(
                "{nama}: isinya (jenis, tanggal, operator, dokumen, baris, alasan atau data) tidak sesuai hash-nya"
            ));
            continue;
        }
        let Some((akar, a, z, jumlah)) = cps.get(&e.batch) else {
            salah.push(format!(
                "{nama}: checkpoint batch {} tidak ada atau tidak sah",
                e.batch
            ));
            continue;
        };
        let jalur: Option<Vec<Hash>> = e.jalur.iter().map(|h| hex32(h)).collect();
        let cocok = e.seq >= *a
            && e.seq <= *z
            && u64::try_from(e.seq - a).ok() == Some(e.indeks)
            && jalur.is_some_and(|j| {
                rantai::periksa_inklusi(e.indeks, *jumlah, &rantai::hash_daun(&hash), &j, akar)
            });
        if !cocok {
            salah.push(format!(
                "{nama}: bukti inklusi ke akar checkpoint batch {} gagal",
                e.batch
            ));
        }
    }
    salah
}

/// The state of voter `id` folded from the dossier's events (each checked
/// by [`periksa`]): what the dossier says the voter is must be this.
pub fn lipat(peristiwa: &[PeristiwaBukti], id: i64) -> R<Option<Keadaan>> {
    let mut e: Vec<&PeristiwaBukti> = peristiwa.iter().filter(|e| e.subjek == Some(id)).collect();
    e.sort_by(|a, b| (a.berlaku.as_str(), a.seq).cmp(&(b.berlaku.as_str(), b.seq)));
    let mut k = None;
    for x in e {
        let p: Perubahan =
            serde_json::from_str(&x.data).map_err(|er| GalatStore::Data(x.seq, er.to_string()))?;
        terapkan(&mut k, p, x.seq)?;
    }
    Ok(k)
}

/// What the office signs a whole dossier over: a tag of its own, so no
/// dossier signature can stand for a checkpoint's or a witness note's.
fn bahan_tanda(isi: &[u8]) -> Vec<u8> {
    let mut v = b"padan-dosir/v1\n".to_vec();
    v.extend_from_slice(isi);
    v
}

impl Gudang {
    /// Signs a dossier's content with the office key.
    pub fn tanda_tangan_dosir(&mut self, isi: &[u8]) -> R<String> {
        use ed25519_dalek::Signer;
        self.siapkan_kunci()?;
        let Some(k) = self.kunci.as_ref() else {
            return Err(GalatStore::Kunci("kunci kantor belum dibuka".into()));
        };
        Ok(hex::encode(k.sign(&bahan_tanda(isi)).to_bytes()))
    }
}

/// Whether a dossier's signature holds over its content.
pub fn tanda_tangan_sah(isi: &[u8], tanda: &str, publik: &[u8; 32]) -> bool {
    let (Ok(k), Some(sig)) = (
        ed25519_dalek::VerifyingKey::from_bytes(publik),
        hex::decode(tanda)
            .ok()
            .and_then(|b| ed25519_dalek::Signature::from_slice(&b).ok()),
    ) else {
        return false;
    };
    k.verify(&bahan_tanda(isi), &sig).is_ok()
}
