//! `padan verify`: the chain, the checkpoints and their signatures, the
//! stored documents, the batch counts, and the projection against the log.
//! Every problem names the event, batch, document or voter it is about.

use crate::batch::h32;
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
    /// Matching runs, each sealed into the chain by a batch.
    pub run: u64,
    /// Fingerprint of the office key the checkpoints must be signed with.
    pub sidik_kunci: String,
    /// The last event's chain hash.
    pub kepala_rantai: String,
    /// `N:HASH`: the last checkpoint's batch and the SHA-256 of its signed
    /// text, which links every checkpoint before it. What an office
    /// publishes, and what `verify --expect-head` checks against.
    pub kepala: String,
    /// Lines in the checkpoint log outside the database.
    pub log_checkpoint: Option<u64>,
    pub masalah: Vec<Masalah>,
}

/// What was published earlier, to check the workspace against.
#[derive(Debug, Clone, Default)]
pub struct Harapan {
    /// The office key's fingerprint.
    pub sidik_kunci: Option<String>,
    /// A head `N:HASH` (a checkpoint an auditor kept).
    pub kepala: Option<(i64, String)>,
}

impl Harapan {
    /// `N:HASH` as published.
    pub fn urai_kepala(s: &str) -> Option<(i64, String)> {
        let (n, h) = s.trim().split_once(':')?;
        let h = h.trim().to_lowercase();
        (h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some((n.trim().parse().ok()?, h))
    }
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

type Cp = crate::batch::CheckpointTersimpan;

/// What every event takes from its batch: recorded time, operator,
/// office, document hash, default reason, effective date.
type DariBatch = (String, String, String, Option<String>, String, String);

impl Gudang {
    pub fn verifikasi(&self) -> Result<LaporanVerifikasi, GalatStore> {
        self.verifikasi_dengan(&Harapan::default())
    }

    /// Verification, and the workspace against what was published earlier.
    pub fn verifikasi_dengan(&self, harap: &Harapan) -> Result<LaporanVerifikasi, GalatStore> {
        // Two passes on two cores: the projection against the fold of the log
        // on a second, read-only connection; the chain, checkpoints and
        // documents here.
        let asal = self.asal.clone();
        std::thread::scope(|sc| {
            let proyeksi = sc.spawn(move || periksa_proyeksi(&asal));
            self.verifikasi_rantai(proyeksi, harap)
        })
    }

    fn verifikasi_rantai(
        &self,
        proyeksi: std::thread::ScopedJoinHandle<'_, Result<(Catat, u64), GalatStore>>,
        harapan: &Harapan,
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
        let cps: BTreeMap<i64, Cp> = Cp::sesudah(&self.conn, i64::MIN)?;
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
        let mut dari_batch: std::collections::HashMap<i64, DariBatch> = Default::default();
        {
            let mut st = self.conn.prepare(
                "SELECT id, dicatat, operator, kantor, dokumen_sha256, alasan, berlaku FROM batch",
            )?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get(0)?,
                    (
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ),
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
                // Every event takes its batch's effective date: reads that
                // select events by batch (the lineage) rely on it.
                if let Some(b) = dari_batch.get(&batch)
                    && b.5 != berlaku
                {
                    m.tambah(
                        "BERLAKU-BEDA",
                        Some(seq),
                        Some(batch),
                        format!(
                            "peristiwa #{seq} berlaku {berlaku}, batch {batch}-nya berlaku {}: tanggal berlaku peristiwa diubah",
                            b.5
                        ),
                        format!(
                            "event #{seq} is effective {berlaku}, its batch {batch} {}: the event's effective date was altered",
                            b.5
                        ),
                    );
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
        let mut id_sebelum = 0i64;
        // The last checkpoint seen: what the next must link to, and at the
        // end the head.
        let mut kepala_cp = (0i64, rantai::AWAL);
        for (id, dibaca, diterima, ditolak, tolakan) in &batches {
            let id = *id;
            if id != id_sebelum + 1 {
                m.tambah(
                    "BATCH-HILANG",
                    None,
                    Some(id),
                    format!("batch {} sampai {} tidak ada: nomor batch melompat dari {id_sebelum} ke {id}", id_sebelum + 1, id - 1),
                    format!("batches {} to {} are missing: batch numbers jump from {id_sebelum} to {id}", id_sebelum + 1, id - 1),
                );
            }
            id_sebelum = id;
            if dibaca != &(diterima + ditolak) || ditolak != tolakan {
                m.tambah(
                    "BATCH-HITUNG",
                    None,
                    Some(id),
                    format!("batch {id}: dibaca {dibaca} ≠ diterima {diterima} + ditolak {ditolak}, atau baris tolakan tersimpan {tolakan} ≠ {ditolak}"),
                    format!("batch {id}: read {dibaca} ≠ accepted {diterima} + rejected {ditolak}, or stored rejects {tolakan} ≠ {ditolak}"),
                );
            }
            if let Some(Some(sha)) = dari_batch.get(&id).map(|b| &b.3)
                && !crate::ada_dokumen(&self.conn, sha)?
            {
                let pendek: String = sha.chars().take(12).collect();
                m.tambah(
                    "DOKUMEN-HILANG",
                    None,
                    Some(id),
                    format!("batch {id}: dokumen sumbernya (sha256 {pendek}…) tidak tercatat lagi di ruang kerja: dokumen dan barisnya dihapus"),
                    format!("batch {id}: its source document (sha256 {pendek}…) is no longer recorded in the workspace: the document and its row were removed"),
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
                h32(&cp.kepala)
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
            if crate::batch::digest_meta(&self.conn, id)?.as_slice() != cp.meta.as_slice() {
                m.tambah(
                    "BATCH-DIUBAH",
                    None,
                    Some(id),
                    format!("batch {id}: asal-usulnya (jenis, sumber, dokumen, tanggal berlaku, operator, jumlah baris atau ringkasan) tidak sama dengan yang ditandatangani: diubah setelah dicatat"),
                    format!("batch {id}: its provenance (kind, source, document, effective date, operator, counts or summary) differs from what was signed: changed after it was recorded"),
                );
            }
            if crate::batch::digest_tolakan(&self.conn, id)?.as_slice() != cp.tolakan.as_slice() {
                m.tambah(
                    "TOLAKAN-DIUBAH",
                    None,
                    Some(id),
                    format!("batch {id}: baris tolakan beserta alasannya tidak sama dengan yang ditandatangani: diubah, ditambah atau dihapus setelah dicatat"),
                    format!("batch {id}: its rejected rows and their reasons differ from what was signed: changed, added or removed after they were recorded"),
                );
            }
            let isi = cp.isi(&self.kantor, id);
            let msg = isi.pesan();
            let hash_cp = isi.hash();
            if cp.sebelum.as_slice() != kepala_cp.1.as_slice()
                || cp.hash.as_slice() != hash_cp.as_slice()
            {
                m.tambah(
                    "CHECKPOINT-RANTAI",
                    None,
                    Some(id),
                    format!("batch {id}: checkpoint-nya tidak menyambung ke checkpoint sebelumnya: ada checkpoint yang dihapus, disisipkan atau diganti"),
                    format!("batch {id}: its checkpoint does not link to the one before: a checkpoint was removed, inserted or replaced"),
                );
            }
            kepala_cp = (id, hash_cp);
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
        let (n_run, masalah_run) = self.periksa_run_rantai(harap - 1)?;
        for (kode, batch, pesan, message) in masalah_run {
            m.tambah(kode, None, batch, pesan, message);
        }
        let log_checkpoint = self.periksa_log(&cps, &mut m)?;
        let kepala = format!("{}:{}", kepala_cp.0, hex::encode(kepala_cp.1));
        let sidik = publik.map(|k| kunci::sidik(&k)).unwrap_or_default();
        if let Some(s) = &harapan.sidik_kunci
            && s.trim().to_lowercase() != sidik
        {
            m.tambah(
                "KUNCI-TIDAK-SESUAI",
                None,
                None,
                format!("sidik kunci kantor {sidik} tidak sama dengan yang diterbitkan ({}): checkpoint ditandatangani ulang dengan kunci lain", s.trim()),
                format!("the office key fingerprint {sidik} differs from the one published ({}): checkpoints were re-signed with another key", s.trim()),
            );
        }
        if let Some((n_h, h)) = &harapan.kepala {
            match cps.get(n_h) {
                None => m.tambah(
                    "EKOR-TERPOTONG",
                    None,
                    Some(*n_h),
                    format!("checkpoint batch {n_h} yang diterbitkan tidak ada lagi di basis data (kepala kini {kepala}): ekor log dipotong"),
                    format!("the published checkpoint of batch {n_h} is no longer in the database (head now {kepala}): the log's tail was cut"),
                ),
                Some(cp) if hex::encode(&cp.hash) != *h => m.tambah(
                    "KEPALA-BEDA",
                    None,
                    Some(*n_h),
                    format!("checkpoint batch {n_h} tidak sama dengan yang diterbitkan ({}…): riwayat sampai batch itu ditulis ulang", padan_core::awal(h, 12)),
                    format!("the checkpoint of batch {n_h} differs from the one published ({}…): history up to that batch was rewritten", padan_core::awal(h, 12)),
                ),
                Some(_) => {}
            }
        }

        // Stored documents: present and with the bytes their name promises.
        let mut dokumen = 0u64;
        {
            let mut st = self
                .conn
                .prepare("SELECT sha256, disimpan FROM dokumen ORDER BY sha256")?;
            let rows = st.query_map([], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))?;
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
            run: n_run,
            sidik_kunci: sidik,
            kepala_rantai: hex::encode(prev),
            kepala,
            log_checkpoint,
            masalah: m.0,
        })
    }
}

impl Gudang {
    /// The checkpoint log outside the database against the checkpoints in
    /// it: a line the database cannot show is a cut tail (or a rewritten
    /// checkpoint). Returns the number of lines.
    fn periksa_log(
        &self,
        cps: &BTreeMap<i64, Cp>,
        m: &mut Catat,
    ) -> Result<Option<u64>, GalatStore> {
        let path = &self.log_checkpoint;
        let Some(baris) = crate::log_cp::baca(path)? else {
            if !cps.is_empty() {
                m.tambah(
                    "LOG-CHECKPOINT-HILANG",
                    None,
                    None,
                    format!("log checkpoint {} tidak ada, padahal basis data berisi {} checkpoint: log itu dihapus atau dipindah (lihat --checkpoint-log)", path.display(), cps.len()),
                    format!("the checkpoint log {} is missing while the database holds {} checkpoints: it was removed or moved (see --checkpoint-log)", path.display(), cps.len()),
                );
            }
            return Ok(None);
        };
        let maks = cps.keys().next_back().copied().unwrap_or(0);
        for b in &baris {
            match b {
                Err(no) => m.tambah(
                    "LOG-CHECKPOINT-RUSAK",
                    None,
                    None,
                    format!("log checkpoint {} baris {no} tidak terbaca", path.display()),
                    format!("checkpoint log {} line {no} is unreadable", path.display()),
                ),
                Ok(l) => match cps.get(&l.batch) {
                    None if l.batch > maks => m.tambah(
                        "EKOR-TERPOTONG",
                        None,
                        Some(l.batch),
                        format!("log checkpoint memuat batch {} yang tidak ada lagi di basis data (batch terakhir {maks}): ekor log dipotong", l.batch),
                        format!("the checkpoint log holds batch {}, which the database no longer has (last batch {maks}): the log's tail was cut", l.batch),
                    ),
                    None => m.tambah(
                        "CHECKPOINT-HILANG",
                        None,
                        Some(l.batch),
                        format!("log checkpoint memuat batch {} yang tidak ada di basis data", l.batch),
                        format!("the checkpoint log holds batch {}, which the database lacks", l.batch),
                    ),
                    Some(cp) if hex::encode(&cp.hash) != l.hash => m.tambah(
                        "CHECKPOINT-BEDA-LOG",
                        None,
                        Some(l.batch),
                        format!("checkpoint batch {} di basis data tidak sama dengan salinannya di log checkpoint: ditulis ulang", l.batch),
                        format!("the checkpoint of batch {} in the database differs from its copy in the checkpoint log: rewritten", l.batch),
                    ),
                    Some(_) => {}
                },
            }
        }
        Ok(Some(baris.len() as u64))
    }
}

/// The projection must be exactly the fold of the log: fold voter by voter
/// and look each one up in the table (streaming, flat memory), then look for
/// table rows the log does not know.
fn periksa_proyeksi(asal: &crate::sql::Asal) -> Result<(Catat, u64), GalatStore> {
    let conn = asal.buka_baca()?;
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
        let Some(k) = st.di(0) else {
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
        let isi = buf.get(..n).unwrap_or_default();
        h.update(isi);
    }
    Ok(hex::encode(h.finalize()))
}
