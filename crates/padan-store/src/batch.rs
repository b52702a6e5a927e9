//! A batch: one atomic unit of change (an import, a manual edit). It is one
//! SQLite transaction; dropping it without [`Batch::selesai`] rolls back every
//! event, rejected row and projection change, so a crash leaves no trace.

use crate::kueri::{self, Keadaan};
use crate::rantai::{self, BahanHash, Hash, Merkle};
use crate::{GalatStore, Gudang, Perubahan, waktu_sekarang};
use chrono::NaiveDate;
use ed25519_dalek::Signer;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

/// Who, what and from which document.
#[derive(Debug, Clone)]
pub struct InfoBatch {
    /// `dpt`, `dp4`, `meninggal`, `tni-polri`, `coklit`, `manual`.
    pub jenis: String,
    /// Where the data came from ("Disdukcapil Kota Batu, DP4 semester II").
    pub sumber: String,
    /// The document it came in (its name or number).
    pub dokumen: String,
    /// The stored file the batch came from, when there is one.
    pub berkas: Option<crate::DokumenTersimpan>,
    /// When the changes take effect (valid time).
    pub berlaku: NaiveDate,
    pub operator: String,
}

/// Counts the batch closes with; stored as JSON beside the batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RingkasanBatch {
    pub dibaca: u64,
    pub diterima: u64,
    pub ditolak: u64,
    /// Any further details (counts per rule code, notes on reading the file).
    pub rincian: serde_json::Value,
}

pub struct Batch<'a> {
    tx: Transaction<'a>,
    kunci: &'a ed25519_dalek::SigningKey,
    pub id: i64,
    info: InfoBatch,
    kantor: String,
    dokumen_sha256: Option<String>,
    dicatat: String,
    berlaku: String,
    prev: Hash,
    seq_awal: i64,
    seq: i64,
    id_berikut: i64,
    merkle: Merkle,
}

/// What a checkpoint commits to; its text is what the office key signs.
pub(crate) struct IsiCheckpoint<'a> {
    pub kantor: &'a str,
    pub batch: i64,
    pub seq_awal: i64,
    pub seq_akhir: i64,
    pub jumlah: u64,
    pub akar: Hash,
    pub kepala: Hash,
    pub dicatat: &'a str,
}

impl IsiCheckpoint<'_> {
    /// The signed text. Shared by signing and verification.
    pub fn pesan(&self) -> Vec<u8> {
        format!(
            "padan-checkpoint/v1\nkantor={}\nbatch={}\nseq={}..{}\njumlah={}\nakar={}\nkepala={}\ndicatat={}\n",
            self.kantor,
            self.batch,
            self.seq_awal,
            self.seq_akhir,
            self.jumlah,
            hex::encode(self.akar),
            hex::encode(self.kepala),
            self.dicatat
        )
        .into_bytes()
    }
}

impl Gudang {
    /// Starts a batch. Only one batch writes at a time (an immediate lock).
    pub fn mulai_batch(&mut self, info: InfoBatch) -> Result<Batch<'_>, GalatStore> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (seq, prev): (i64, Option<Vec<u8>>) = tx
            .query_row(
                "SELECT seq, hash FROM peristiwa ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, None));
        let prev: Hash = prev.and_then(|p| p.try_into().ok()).unwrap_or(rantai::AWAL);
        let id_berikut: i64 = tx.query_row(
            "SELECT COALESCE(MAX(subjek), 0) + 1 FROM peristiwa WHERE subjek IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        let dicatat = waktu_sekarang();
        let berlaku = info.berlaku.format("%Y-%m-%d").to_string();
        if let Some(d) = &info.berkas {
            tx.execute(
                "INSERT OR IGNORE INTO dokumen(sha256, nama, ukuran, disimpan) VALUES (?1, ?2, ?3, ?4)",
                params![d.sha256, d.nama, d.ukuran as i64, d.path.file_name().map(|n| n.to_string_lossy().into_owned())],
            )?;
        }
        let sha = info.berkas.as_ref().map(|d| d.sha256.clone());
        tx.execute(
            "INSERT INTO batch(jenis, sumber, dokumen, dokumen_sha256, berlaku, dicatat, operator, kantor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![info.jenis, info.sumber, info.dokumen, sha, berlaku, dicatat, info.operator, self.kantor],
        )?;
        let id = tx.last_insert_rowid();
        Ok(Batch {
            tx,
            kunci: &self.kunci,
            id,
            info,
            kantor: self.kantor.clone(),
            dokumen_sha256: sha,
            dicatat,
            berlaku,
            prev,
            seq_awal: seq + 1,
            seq,
            id_berikut,
            merkle: Merkle::default(),
        })
    }
}

impl Batch<'_> {
    pub fn dicatat(&self) -> &str {
        &self.dicatat
    }

    /// Appends one event to the chain. Returns its sequence number.
    pub fn catat(
        &mut self,
        subjek: Option<i64>,
        p: &Perubahan,
        baris: Option<i64>,
        alasan: &str,
    ) -> Result<i64, GalatStore> {
        let data =
            serde_json::to_string(p).map_err(|e| GalatStore::Data(self.seq + 1, e.to_string()))?;
        self.seq += 1;
        let bahan = BahanHash {
            seq: self.seq,
            subjek,
            jenis: p.jenis(),
            berlaku: &self.berlaku,
            dicatat: &self.dicatat,
            operator: &self.info.operator,
            kantor: &self.kantor,
            batch: self.id,
            dokumen: self.dokumen_sha256.as_deref(),
            baris,
            alasan,
            data: &data,
        };
        let h = rantai::hash_peristiwa(&self.prev, &bahan);
        let mut st = self.tx.prepare_cached(
            "INSERT INTO peristiwa(seq, subjek, jenis, berlaku, dicatat, operator, kantor, batch, dokumen, baris, alasan, data, hash_sebelum, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        st.execute(params![
            self.seq,
            subjek,
            p.jenis(),
            self.berlaku,
            self.dicatat,
            self.info.operator,
            self.kantor,
            self.id,
            self.dokumen_sha256,
            baris,
            alasan,
            data,
            &self.prev[..],
            &h[..]
        ])?;
        self.merkle.tambah(&h);
        self.prev = h;
        Ok(self.seq)
    }

    /// A new voter: a `daftar` event and its projection row. Returns the ID.
    pub fn daftar(
        &mut self,
        pemilih: padan_core::Pemilih,
        peringatan: Vec<String>,
        baris: Option<i64>,
        alasan: &str,
    ) -> Result<i64, GalatStore> {
        let id = self.id_berikut;
        self.id_berikut += 1;
        let p = Perubahan::Daftar {
            pemilih,
            peringatan,
        };
        let seq = self.catat(Some(id), &p, baris, alasan)?;
        // Same result as folding this one event; written directly for speed.
        if let Perubahan::Daftar { pemilih, .. } = p {
            kueri::tulis_proyeksi(
                &self.tx,
                id,
                &Keadaan {
                    pemilih,
                    aktif: true,
                    kode_tms: None,
                    seq_terakhir: seq,
                },
            )?;
        }
        Ok(id)
    }

    /// A change to an existing voter (`ubah`, `tms`): the event, then the
    /// voter's projection row folded again from all its events.
    pub fn ubah(
        &mut self,
        id: i64,
        p: &Perubahan,
        baris: Option<i64>,
        alasan: &str,
    ) -> Result<i64, GalatStore> {
        let seq = self.catat(Some(id), p, baris, alasan)?;
        match kueri::lipat_satu(&self.tx, id)? {
            Some(k) => kueri::tulis_proyeksi(&self.tx, id, &k)?,
            None => {
                return Err(GalatStore::Data(
                    seq,
                    format!("pemilih {} tidak ada", crate::tampil_id(id)),
                ));
            }
        }
        Ok(seq)
    }

    /// A voter's state as this batch sees it (including its own changes).
    pub fn keadaan(&self, id: i64) -> Result<Option<Keadaan>, GalatStore> {
        kueri::baca_proyeksi(&self.tx, id)
    }

    /// Whether the register has any voter yet.
    pub fn ada_pemilih(&self) -> Result<bool, GalatStore> {
        Ok(self
            .tx
            .query_row("SELECT EXISTS (SELECT 1 FROM pemilih)", [], |r| r.get(0))?)
    }

    /// Voters with this NIK as this batch sees them.
    pub fn cari_nik(&self, nik: &str) -> Result<Vec<i64>, GalatStore> {
        let mut st = self
            .tx
            .prepare_cached("SELECT id FROM pemilih WHERE nik = ?1 ORDER BY id")?;
        let rows = st.query_map([nik], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A rejected row, kept with its reason and its original fields.
    pub fn tolak(
        &mut self,
        baris: i64,
        kode: &str,
        pesan: &str,
        nilai: &[String],
    ) -> Result<(), GalatStore> {
        let n = serde_json::to_string(nilai).map_err(|e| GalatStore::Data(0, e.to_string()))?;
        let mut st = self.tx.prepare_cached(
            "INSERT INTO tolakan(batch, baris, kode, pesan, nilai) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        st.execute(params![self.id, baris, kode, pesan, n])?;
        Ok(())
    }

    /// Closes the batch: counts, the signed checkpoint, commit. Returns the
    /// Merkle root.
    pub fn selesai(self, r: RingkasanBatch) -> Result<Hash, GalatStore> {
        let ringkasan =
            serde_json::to_string(&r.rincian).map_err(|e| GalatStore::Data(0, e.to_string()))?;
        self.tx.execute(
            "UPDATE batch SET dibaca = ?1, diterima = ?2, ditolak = ?3, ringkasan = ?4 WHERE id = ?5",
            params![r.dibaca as i64, r.diterima as i64, r.ditolak as i64, ringkasan, self.id],
        )?;
        let akar = self.merkle.akar();
        let msg = IsiCheckpoint {
            kantor: &self.kantor,
            batch: self.id,
            seq_awal: self.seq_awal,
            seq_akhir: self.seq,
            jumlah: self.merkle.jumlah,
            akar,
            kepala: self.prev,
            dicatat: &self.dicatat,
        }
        .pesan();
        let sig = self.kunci.sign(&msg);
        self.tx.execute(
            "INSERT INTO checkpoint(batch, seq_awal, seq_akhir, jumlah, akar, kepala, dicatat, kunci_publik, tanda_tangan) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                self.id,
                self.seq_awal,
                self.seq,
                self.merkle.jumlah as i64,
                &akar[..],
                &self.prev[..],
                self.dicatat,
                hex::encode(self.kunci.verifying_key().as_bytes()),
                &sig.to_bytes()[..]
            ],
        )?;
        self.tx.commit()?;
        Ok(akar)
    }
}
