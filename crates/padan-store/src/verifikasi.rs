//! `padan verify`: the chain, the checkpoints and their signatures, the
//! stored documents, the batch counts, and the projection against the log.
//! Every problem names the event, batch, document or voter it is about.

use crate::batch::IsiCheckpoint;
use crate::kueri::{Saringan, jelajah_proyeksi_urut, lipat_banyak};
use crate::rantai::{self, BahanHash, Hash, Merkle};
use crate::{DIR_DOKUMEN, GalatStore, Gudang, kunci, tampil_id};
use ed25519_dalek::Verifier;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Masalah {
    /// Stable code: `PERISTIWA-DIUBAH`, `RANTAI-HILANG`, `CHECKPOINT-AKAR`, …
    pub kode: &'static str,
    pub seq: Option<i64>,
    pub batch: Option<i64>,
    pub pesan: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LaporanVerifikasi {
    pub peristiwa: u64,
    pub batch: u64,
    pub checkpoint: u64,
    pub pemilih: u64,
    pub dokumen: u64,
    /// Fingerprint of the office key the checkpoints must be signed with.
    pub sidik_kunci: String,
    pub kepala_rantai: String,
    pub masalah: Vec<Masalah>,
}

impl LaporanVerifikasi {
    pub fn utuh(&self) -> bool {
        self.masalah.is_empty()
    }
}

const BATAS_MASALAH: usize = 100;

/// Only the kind of an event (its single top-level key): the chain pass
/// checks it without building the whole event; the projection pass applies
/// every voter event in full.
fn jenis_data(data: &str) -> Option<String> {
    let m: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
        serde_json::from_str(data).ok()?;
    let mut keys = m.into_keys();
    match (keys.next(), keys.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

struct Catat(Vec<Masalah>);

impl Catat {
    fn tambah(
        &mut self,
        kode: &'static str,
        seq: Option<i64>,
        batch: Option<i64>,
        pesan: String,
        message: String,
    ) {
        if self.0.len() < BATAS_MASALAH {
            self.0.push(Masalah {
                kode,
                seq,
                batch,
                pesan,
                message,
            });
        }
    }
}

struct Cp {
    seq_awal: i64,
    seq_akhir: i64,
    jumlah: i64,
    akar: Vec<u8>,
    kepala: Vec<u8>,
    dicatat: String,
    kunci_publik: String,
    tanda_tangan: Vec<u8>,
}

impl Gudang {
    pub fn verifikasi(&self) -> Result<LaporanVerifikasi, GalatStore> {
        // Two passes on two cores: the projection against the fold of the log
        // on a second, read-only connection; the chain, checkpoints and
        // documents here.
        let db = self.dir.join(crate::BERKAS_DB);
        std::thread::scope(|sc| {
            let proyeksi = sc.spawn(move || periksa_proyeksi(&db));
            self.verifikasi_rantai(proyeksi)
        })
    }

    fn verifikasi_rantai(
        &self,
        proyeksi: std::thread::ScopedJoinHandle<'_, Result<(Catat, u64), GalatStore>>,
    ) -> Result<LaporanVerifikasi, GalatStore> {
        let mut m = Catat(vec![]);
        let publik_hex = self.meta("kunci_publik")?.unwrap_or_default();
        let publik = kunci::publik_dari_hex(&publik_hex);
        let berkas_pub =
            std::fs::read_to_string(self.dir.join(kunci::BERKAS_PUBLIK)).unwrap_or_default();
        if publik.is_none() || berkas_pub.trim() != publik_hex {
            m.tambah(
                "KUNCI-BEDA",
                None,
                None,
                "kunci publik di basis data tidak sama dengan kunci/kantor.pub; checkpoint tidak dapat dipercaya".into(),
                "the public key in the database differs from kunci/kantor.pub; checkpoints cannot be trusted".into(),
            );
        }

        // Checkpoints and batches, by batch id.
        let mut cps: BTreeMap<i64, Cp> = BTreeMap::new();
        {
            let mut st = self.conn.prepare("SELECT batch, seq_awal, seq_akhir, jumlah, akar, kepala, dicatat, kunci_publik, tanda_tangan FROM checkpoint")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                cps.insert(
                    r.get(0)?,
                    Cp {
                        seq_awal: r.get(1)?,
                        seq_akhir: r.get(2)?,
                        jumlah: r.get(3)?,
                        akar: r.get(4)?,
                        kepala: r.get(5)?,
                        dicatat: r.get(6)?,
                        kunci_publik: r.get(7)?,
                        tanda_tangan: r.get(8)?,
                    },
                );
            }
        }
        let mut batches: Vec<(i64, i64, i64, i64, i64)> = vec![];
        {
            let mut st = self.conn.prepare("SELECT b.id, b.dibaca, b.diterima, b.ditolak, (SELECT COUNT(*) FROM tolakan t WHERE t.batch = b.id) FROM batch b ORDER BY b.id")?;
            let rows = st.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
            for r in rows {
                batches.push(r?);
            }
        }

        // The fields every event takes from its batch.
        let mut dari_batch: std::collections::HashMap<
            i64,
            (String, String, String, Option<String>, String),
        > = Default::default();
        {
            let mut st = self.conn.prepare(
                "SELECT id, dicatat, operator, kantor, dokumen_sha256, alasan FROM batch",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            })?;
            for r in rows {
                let (id, v) = r?;
                dari_batch.insert(id, v);
            }
        }

        // The chain, in sequence order; Merkle trees per batch as we go.
        let mut prev: Hash = rantai::AWAL;
        let mut harap = 1i64;
        let mut n = 0u64;
        let mut pohon: BTreeMap<i64, (Merkle, i64, i64)> = BTreeMap::new();
        let mut hash_pada: BTreeMap<i64, Hash> = BTreeMap::new();
        let kosong = (
            String::new(),
            String::new(),
            String::new(),
            None,
            String::new(),
        );
        {
            let mut st = self.conn.prepare("SELECT seq, subjek, jenis, berlaku, batch, baris, alasan, data, hash FROM peristiwa ORDER BY seq")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                n += 1;
                let seq: i64 = r.get(0)?;
                let subjek: Option<i64> = r.get(1)?;
                let jenis: String = r.get(2)?;
                let berlaku: String = r.get(3)?;
                let batch: i64 = r.get(4)?;
                let alasan: Option<String> = r.get(6)?;
                let data: String = r.get(7)?;
                let disimpan: Vec<u8> = r.get(8)?;
                let b = dari_batch.get(&batch).unwrap_or(&kosong);
                let lompat = seq != harap;
                if lompat {
                    m.tambah(
                        "RANTAI-HILANG",
                        Some(seq),
                        Some(batch),
                        format!(
                            "peristiwa #{harap} sampai #{} hilang: urutan melompat ke #{seq}",
                            seq - 1
                        ),
                        format!(
                            "events #{harap} to #{} are missing: the sequence jumps to #{seq}",
                            seq - 1
                        ),
                    );
                }
                let isi = rantai::hash_isi(&BahanHash {
                    jenis: &jenis,
                    berlaku: &berlaku,
                    dicatat: &b.0,
                    operator: &b.1,
                    kantor: &b.2,
                    batch,
                    dokumen: b.3.as_deref(),
                    baris: r.get(5)?,
                    alasan: alasan.as_deref().unwrap_or(&b.4),
                    data: &data,
                });
                // Linked to the previous stored hash, so one altered event is
                // named once, not with every event after it.
                let h = rantai::hash_peristiwa(&prev, seq, subjek, &isi);
                if h.as_slice() != disimpan.as_slice() {
                    if lompat {
                        m.tambah(
                            "RANTAI-PUTUS",
                            Some(seq),
                            Some(batch),
                            format!("peristiwa #{seq} (batch {batch}) tidak menyambung ke peristiwa sebelumnya: ada yang dihapus atau disisipkan"),
                            format!("event #{seq} (batch {batch}) does not link to the previous event: something was deleted or inserted"),
                        );
                    } else {
                        m.tambah(
                            "PERISTIWA-DIUBAH",
                            Some(seq),
                            Some(batch),
                            format!("isi peristiwa #{seq} (batch {batch}, {jenis}) tidak sama dengan hash-nya: peristiwa ini atau batch-nya diubah, dipindah atau diurutkan ulang setelah dicatat"),
                            format!("the content of event #{seq} (batch {batch}, {jenis}) does not match its hash: it or its batch was altered, moved or reordered after being recorded"),
                        );
                    }
                }
                match jenis_data(&data) {
                    Some(t) if t == jenis => {}
                    _ => m.tambah(
                        "PERISTIWA-RUSAK",
                        Some(seq),
                        Some(batch),
                        format!(
                            "data peristiwa #{seq} tidak terbaca atau jenisnya bukan '{jenis}'"
                        ),
                        format!("the data of event #{seq} is unreadable or not of kind '{jenis}'"),
                    ),
                }
                let disimpan: Hash = disimpan.as_slice().try_into().unwrap_or([0; 32]);
                let e = pohon.entry(batch).or_insert((Merkle::default(), seq, seq));
                e.0.tambah(&disimpan);
                e.2 = seq;
                hash_pada.insert(seq, disimpan);
                prev = disimpan;
                harap = seq + 1;
            }
        }
        // Only the checkpoints' heads are needed; drop the rest early.
        let kepala_diperlukan: std::collections::BTreeSet<i64> =
            cps.values().map(|c| c.seq_akhir).collect();
        hash_pada.retain(|s, _| kepala_diperlukan.contains(s) || *s == 0);

        for (run, disimpan, dihitung) in self.periksa_run()? {
            // The seal as stored may be anything (it was tampered with):
            // cut by characters, never by bytes.
            let awal = |h: &str| h.chars().take(12).collect::<String>();
            let (disimpan, dihitung) = (awal(&disimpan), awal(&dihitung));
            m.tambah(
                "TEMUAN-DIUBAH",
                None,
                None,
                format!("run pemadanan {run}: temuan, manifest atau model tidak cocok dengan segelnya (tersimpan {disimpan}…, dihitung {dihitung}…); ada yang mengubahnya setelah run"),
                format!("matching run {run}: findings, manifest or model do not match its seal (stored {disimpan}…, computed {dihitung}…); changed after the run"),
            );
        }
        for (id, dibaca, diterima, ditolak, tolakan) in &batches {
            let id = *id;
            if dibaca != &(diterima + ditolak) || ditolak != tolakan {
                m.tambah(
                    "BATCH-HITUNG",
                    None,
                    Some(id),
                    format!("batch {id}: dibaca {dibaca} ≠ diterima {diterima} + ditolak {ditolak}, atau baris tolakan tersimpan {tolakan} ≠ {ditolak}"),
                    format!("batch {id}: read {dibaca} ≠ accepted {diterima} + rejected {ditolak}, or stored rejects {tolakan} ≠ {ditolak}"),
                );
            }
            let Some(cp) = cps.get(&id) else {
                m.tambah(
                    "CHECKPOINT-HILANG",
                    None,
                    Some(id),
                    format!("batch {id} tidak punya checkpoint"),
                    format!("batch {id} has no checkpoint"),
                );
                continue;
            };
            let (merkle, awal, akhir) =
                pohon
                    .remove(&id)
                    .unwrap_or((Merkle::default(), cp.seq_awal, cp.seq_akhir));
            let akar = merkle.akar();
            let kepala: Hash = if cp.jumlah == 0 {
                cp.kepala.as_slice().try_into().unwrap_or([0; 32])
            } else {
                hash_pada.get(&akhir).copied().unwrap_or([0; 32])
            };
            if merkle.jumlah as i64 != cp.jumlah
                || (cp.jumlah > 0 && (awal != cp.seq_awal || akhir != cp.seq_akhir))
            {
                m.tambah(
                    "CHECKPOINT-JUMLAH",
                    None,
                    Some(id),
                    format!("batch {id}: checkpoint mencatat {} peristiwa (#{}–#{}), log berisi {} (#{awal}–#{akhir})", cp.jumlah, cp.seq_awal, cp.seq_akhir, merkle.jumlah),
                    format!("batch {id}: the checkpoint lists {} events (#{}–#{}), the log holds {} (#{awal}–#{akhir})", cp.jumlah, cp.seq_awal, cp.seq_akhir, merkle.jumlah),
                );
            } else if akar.as_slice() != cp.akar.as_slice()
                || kepala.as_slice() != cp.kepala.as_slice()
            {
                m.tambah(
                    "CHECKPOINT-AKAR",
                    None,
                    Some(id),
                    format!("batch {id}: akar Merkle atau kepala rantai tidak sama dengan checkpoint yang ditandatangani"),
                    format!("batch {id}: the Merkle root or chain head differs from the signed checkpoint"),
                );
            }
            let cp_akar: Hash = cp.akar.as_slice().try_into().unwrap_or([0; 32]);
            let cp_kepala: Hash = cp.kepala.as_slice().try_into().unwrap_or([0; 32]);
            let msg = IsiCheckpoint {
                kantor: &self.kantor,
                batch: id,
                seq_awal: cp.seq_awal,
                seq_akhir: cp.seq_akhir,
                jumlah: cp.jumlah as u64,
                akar: cp_akar,
                kepala: cp_kepala,
                dicatat: &cp.dicatat,
            }
            .pesan();
            let sah = publik.is_some_and(|k| {
                cp.kunci_publik == publik_hex
                    && kunci::tanda_tangan_dari(&cp.tanda_tangan)
                        .is_some_and(|s| k.verify(&msg, &s).is_ok())
            });
            if !sah {
                m.tambah(
                    "CHECKPOINT-TANDA-TANGAN",
                    None,
                    Some(id),
                    format!("batch {id}: tanda tangan checkpoint tidak sah untuk kunci kantor ini"),
                    format!(
                        "batch {id}: the checkpoint signature is not valid for this office's key"
                    ),
                );
            }
        }
        for (id, (_, awal, _)) in pohon {
            m.tambah(
                "PERISTIWA-TANPA-BATCH",
                Some(awal),
                Some(id),
                format!("peristiwa mulai #{awal} milik batch {id} yang tidak tercatat atau tanpa checkpoint"),
                format!("events from #{awal} belong to batch {id}, which is not recorded or has no checkpoint"),
            );
        }

        // Stored documents: present and with the bytes their name promises.
        let mut dokumen = 0u64;
        {
            let mut st = self
                .conn
                .prepare("SELECT sha256, disimpan FROM dokumen ORDER BY sha256")?;
            let rows =
                st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for r in rows {
                let (sha, nama) = r?;
                dokumen += 1;
                let path = self.dir.join(DIR_DOKUMEN).join(&nama);
                match sha256_berkas(&path) {
                    Ok(h) if h == sha => {}
                    Ok(_) => m.tambah(
                        "DOKUMEN-BEDA",
                        None,
                        None,
                        format!("dokumen {nama} isinya berubah sejak disimpan"),
                        format!("document {nama} changed since it was stored"),
                    ),
                    Err(_) => m.tambah(
                        "DOKUMEN-HILANG",
                        None,
                        None,
                        format!("dokumen {nama} tidak ada di ruang kerja"),
                        format!("document {nama} is missing from the workspace"),
                    ),
                }
            }
        }

        let (masalah_proyeksi, pemilih) = match proyeksi.join() {
            Ok(r) => r?,
            Err(_) => return Err(GalatStore::Data(0, "pemeriksaan proyeksi gagal".into())),
        };
        for x in masalah_proyeksi.0 {
            m.tambah(x.kode, x.seq, x.batch, x.pesan, x.message);
        }

        Ok(LaporanVerifikasi {
            peristiwa: n,
            batch: batches.len() as u64,
            checkpoint: cps.len() as u64,
            pemilih,
            dokumen,
            sidik_kunci: publik.map(|k| kunci::sidik(&k)).unwrap_or_default(),
            kepala_rantai: hex::encode(prev),
            masalah: m.0,
        })
    }
}

/// The projection must be exactly the fold of the log: fold voter by voter
/// and look each one up in the table (streaming, flat memory), then look for
/// table rows the log does not know.
fn periksa_proyeksi(db: &std::path::Path) -> Result<(Catat, u64), GalatStore> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    let mut m = Catat(vec![]);
    let beda = |m: &mut Catat, id: i64, kasus: u8| {
        let (pesan, message) = match kasus {
            0 => (
                format!(
                    "data pemilih {} di tabel pemilih tidak sama dengan hasil log peristiwa (diubah langsung, bukan lewat peristiwa)",
                    tampil_id(id)
                ),
                format!(
                    "voter {} in the voter table differs from what the event log gives (changed directly, not through an event)",
                    tampil_id(id)
                ),
            ),
            1 => (
                format!(
                    "pemilih {} ada di log tetapi hilang dari tabel pemilih",
                    tampil_id(id)
                ),
                format!(
                    "voter {} is in the log but missing from the voter table",
                    tampil_id(id)
                ),
            ),
            _ => (
                format!(
                    "pemilih {} ada di tabel pemilih tetapi tidak di log peristiwa",
                    tampil_id(id)
                ),
                format!(
                    "voter {} is in the voter table but not in the event log",
                    tampil_id(id)
                ),
            ),
        };
        m.tambah("PROYEKSI-BEDA", None, None, pesan, message);
    };
    // A merge of two streams in ID order: the fold of the log and the table.
    let mut tabel = jelajah_proyeksi_urut(&conn)?;
    let mut kini = tabel.berikut()?;
    let mut pemilih = 0u64;
    let hasil = lipat_banyak(&conn, &[Saringan::default()], |id, st| {
        let Some(Some(k)) = st.first() else {
            return Ok(());
        };
        pemilih += 1;
        while let Some((tid, _)) = &kini {
            if *tid >= id {
                break;
            }
            beda(&mut m, *tid, 2);
            kini = tabel.berikut()?;
        }
        match &kini {
            Some((tid, tk)) if *tid == id => {
                if tk != k {
                    beda(&mut m, id, 0);
                }
                kini = tabel.berikut()?;
            }
            _ => beda(&mut m, id, 1),
        }
        Ok(())
    });
    match hasil {
        Ok(()) => {}
        Err(GalatStore::Data(seq, e)) => m.tambah(
            "PERISTIWA-RUSAK",
            Some(seq),
            None,
            format!("peristiwa #{seq} tidak dapat diterapkan: {e}"),
            format!("event #{seq} cannot be applied: {e}"),
        ),
        Err(e) => return Err(e),
    }
    while let Some((tid, _)) = kini {
        beda(&mut m, tid, 2);
        kini = tabel.berikut()?;
    }
    Ok((m, pemilih))
}

pub fn sha256_berkas(p: &std::path::Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(p)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}
