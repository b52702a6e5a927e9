//! The store seam: what the use cases need of a register's store, as
//! traits a second backend (PostgreSQL, for the multi-office server) can
//! implement without the use cases changing.
//!
//! - [`LogPeristiwa`]: the event log, written a batch at a time
//!   ([`TulisBatch`]) and verified;
//! - [`Proyeksi`]: the register as the log says it is (the projection);
//! - [`Dokumen`]: the stored source documents;
//! - [`RunTemuan`]: matching runs, their findings and the source records
//!   they were matched against;
//! - [`Akses`]: operators' sign-in credentials, kept beside the log.
//!
//! [`Toko`] is all of them, with the follow-up's reads ([`BacaTindak`]). Every method is object safe, so a use case takes
//! `&dyn Toko` (or `&mut dyn Toko`) and never names the backend; the
//! conformance suite ([`crate::kesesuaian`]) holds any backend to the same
//! answers. No backend type crosses the seam: errors are [`GalatStore`].

use crate::akses::{Akses, SandiTersimpan};
use crate::batch::{DaftarSiap, InfoBatch, IsiSiap, KonteksIsi, RingkasanBatch};
use crate::kueri::{Keadaan, KeadaanRingkas, Peristiwa, Saringan};
use crate::pemadanan::{
    BatchSumber, RekamanSumber, Run, RunBaru, SaringanTemuan, Temuan, TemuanBaru,
};
use crate::rantai::Hash;
use crate::tindak::{BacaTindak, InfoCheckpoint, PerPeristiwa};
use crate::verifikasi::{Harapan, LaporanVerifikasi};
use crate::{DokumenTersimpan, GalatStore, Gudang, Perubahan};
use padan_core::{Pemilih, Wilayah};
use std::path::Path;

type R<T> = Result<T, GalatStore>;

/// What [`Proyeksi::lipat_dua_dyn`] hands each voter to: its state under
/// each filter.
pub type LipatDua<'a> = dyn FnMut(i64, Option<&Keadaan>, Option<&Keadaan>) -> R<()> + 'a;

/// One open batch: the events it appends are committed together by
/// [`TulisBatch::selesai`], or not at all (dropping it rolls back). What it
/// reads of the follow-up ([`BacaTindak`]) it reads under the write lock.
pub trait TulisBatch: BacaTindak {
    fn id(&self) -> i64;
    /// This batch's effective date (`YYYY-MM-DD`).
    fn berlaku(&self) -> &str;
    /// Where this batch's rejects file (named after the input `nama`, in
    /// format `ext`) is written; its folder exists.
    fn path_tolakan(&self, nama: &str, ext: &str) -> R<std::path::PathBuf>;
    /// What a reader thread needs to prepare this batch's events.
    fn konteks_isi(&self) -> KonteksIsi;
    /// Appends a prepared event about `subjek`; its sequence number.
    fn tulis(&mut self, subjek: Option<i64>, isi: &IsiSiap) -> R<i64>;
    /// Registers a prepared voter; the new voter's ID.
    fn daftar_siap(&mut self, d: DaftarSiap) -> R<i64>;
    /// Registers a voter; the new voter's ID.
    fn daftar(
        &mut self,
        pemilih: Pemilih,
        peringatan: Vec<String>,
        baris: Option<i64>,
        alasan: Option<&str>,
    ) -> R<i64>;
    /// A change to a voter; the event's sequence number.
    fn ubah(&mut self, id: i64, p: &Perubahan, baris: Option<i64>, alasan: Option<&str>) -> R<i64>;
    /// Appends an event that changes no voter's data (a decision, an
    /// operator, a report, a period); its sequence number.
    fn catat(&mut self, subjek: Option<i64>, p: &Perubahan, alasan: Option<&str>) -> R<i64>;
    /// A rejected row, kept with its reason and its fields.
    fn tolak(&mut self, baris: i64, kode: &str, pesan: &str, nilai: &[String]) -> R<()>;
    /// A voter's state as this batch sees it (its own changes included).
    fn keadaan(&self, id: i64) -> R<Option<Keadaan>>;
    /// The effective date of a voter's registration.
    fn berlaku_daftar(&self, id: i64) -> R<Option<String>>;
    fn ada_pemilih(&self) -> R<bool>;
    /// Voters with this NIK as this batch sees them.
    fn cari_nik(&self, nik: &str) -> R<Vec<i64>>;
    /// A hint that the batch is a bulk load into an empty register.
    fn tunda_indeks(&mut self) -> R<()>;
    /// Commits the batch with its summary and signed checkpoint; the
    /// checkpoint's Merkle root.
    fn selesai(self: Box<Self>, r: RingkasanBatch) -> R<Hash>;
}

/// The event log.
pub trait LogPeristiwa {
    /// The office (kab/kota code) the log belongs to.
    fn kantor(&self) -> &str;
    /// Today in the office's local time.
    fn hari_ini(&self) -> chrono::NaiveDate {
        crate::hari_ini(self.kantor())
    }
    /// Opens a batch. One batch writes at a time; checks that depend on
    /// the state are made once it holds the log.
    fn mulai_batch(&mut self, info: InfoBatch) -> R<Box<dyn TulisBatch + '_>>;
    /// A voter's events, oldest first.
    fn riwayat(&self, id: i64) -> R<Vec<Peristiwa>>;
    fn jumlah_peristiwa(&self) -> R<i64>;
    fn verifikasi_dengan(&self, harap: &Harapan) -> R<LaporanVerifikasi>;
    /// Where the checkpoint log outside the store is kept, for the operator.
    fn tempat_log_checkpoint(&self) -> String;
    /// A consistent copy of the whole store's database at `ke` (a backup).
    fn cadangkan_ke(&self, ke: &Path) -> R<()>;
    /// Remembers a failed verification: writes wait for an acknowledgement.
    fn tandai_gagal(&self, ringkas: &str) -> R<()>;
    fn gagal_verifikasi(&self) -> R<Option<String>>;
    /// Records an acknowledgement as an event; its sequence number.
    fn akui_gagal(&mut self, operator: &str, alasan: &str, masalah: &str) -> R<i64>;
    /// The signed checkpoint of one batch.
    fn checkpoint_batch(&self, batch: i64) -> R<Option<InfoCheckpoint>>;
    /// The latest signed checkpoint.
    fn checkpoint_terakhir(&self) -> R<Option<InfoCheckpoint>>;
    /// The first batch of a kind: its number, effective date and recorded
    /// time (the register an office began with is its first `dpt`).
    fn batch_pertama(&self, jenis: padan_core::JenisBatch) -> R<Option<(i64, String, String)>>;
    /// Events with every field their hash covers, their inclusion proofs,
    /// and their batches' signed checkpoints: a dossier's proof.
    fn bukti_peristiwa(
        &self,
        seqs: &[i64],
    ) -> R<(
        Vec<crate::dosir::PeristiwaBukti>,
        Vec<crate::dosir::CheckpointBukti>,
    )>;
    /// The whole log's tree head, signed with the office key as a C2SP
    /// note, for a witness to keep.
    fn catatan_saksi(&mut self) -> R<String>;
    /// Signs a dossier's content with the office key (hex).
    fn tanda_tangan_dosir(&mut self, isi: &[u8]) -> R<String>;
    /// Today's log against a note a witness kept.
    fn periksa_saksi(
        &self,
        teks: &str,
    ) -> R<Result<crate::saksi::HasilSaksi, crate::saksi::GagalSaksi>>;
    /// The events `(awal, akhir]` other than source records, in order,
    /// each with its subject and the subject's desa now.
    fn peristiwa_rentang(&self, awal: i64, akhir: i64, f: &mut PerPeristiwa<'_>) -> R<()>;
}

/// The register as the log says it is.
pub trait Proyeksi {
    fn keadaan(&self, id: i64) -> R<Option<Keadaan>>;
    /// Voters by NIK or voter ID.
    fn cari(&self, kunci: &str) -> R<Vec<i64>>;
    /// The register under a filter, voter by voter.
    fn lipat_dyn(&self, s: &Saringan, f: &mut dyn FnMut(i64, &Keadaan) -> R<()>) -> R<()>;
    /// What a state column reads of the voters that could be in a region
    /// (`None`: the whole office) under the filter, in ID order; the
    /// voters none of whose events it holds back are read from the
    /// register's table instead of folded.
    fn lipat_wilayah_dyn(
        &self,
        s: &Saringan,
        wilayah: Option<&str>,
        f: &mut dyn FnMut(i64, KeadaanRingkas<'_>) -> R<()>,
    ) -> R<()>;
    /// Each voter's state under two filters at once.
    fn lipat_dua_dyn(&self, a: &Saringan, b: &Saringan, f: &mut LipatDua<'_>) -> R<()>;
    /// [`Proyeksi::lipat_dua_dyn`] for the voters whose state can differ
    /// between the two filters (an event of theirs passes one and not the
    /// other).
    fn lipat_dua_berubah(&self, a: &Saringan, b: &Saringan, f: &mut LipatDua<'_>) -> R<()>;
    /// Every voter now (active or not), in ID order, with the log's last
    /// sequence number, all read in one snapshot.
    fn jelajah_tetap(&self, f: &mut dyn FnMut(i64, Keadaan) -> R<()>) -> R<i64>;
    /// A fingerprint of the whole projection.
    fn sidik_proyeksi(&self) -> R<String>;
    /// Rebuilds the projection from the log alone; the voter count.
    fn bangun_ulang_proyeksi(&mut self) -> R<u64>;
    /// Active voters L and P and their distinct TPS per desa, from the
    /// register's table, in desa order.
    fn hitung_per_desa(&self) -> R<Vec<crate::HitungDesa>>;
    /// A voter with an event of this kind, for examples.
    fn pemilih_dengan_peristiwa(&self, jenis: &str) -> R<Option<i64>>;
    /// The region list: built in, with the workspace's own over it.
    fn wilayah(&self) -> R<Wilayah>;
    fn simpan_wilayah(&mut self, w: &Wilayah, sha256: &str) -> R<usize>;
}

/// The stored source documents.
pub trait Dokumen {
    /// Copies a document in, hashing it; what was stored.
    fn simpan_dokumen(&self, src: &Path) -> R<DokumenTersimpan>;
    /// Removes a stored copy no batch refers to.
    fn buang_dokumen_yatim(&self, d: &DokumenTersimpan) -> R<()>;
}

/// Matching runs and their findings.
pub trait RunTemuan {
    /// Stores a run with its manifest, model and findings, sealed into the
    /// log; the run's number.
    fn simpan_run(&mut self, r: &RunBaru, temuan: &[TemuanBaru]) -> R<i64>;
    /// A run (the last one for `None`).
    fn run(&self, id: Option<i64>) -> R<Option<Run>>;
    fn model_run(&self, id: i64) -> R<Option<String>>;
    fn daftar_temuan(&self, s: &SaringanTemuan) -> R<Vec<Temuan>>;
    fn hitung_temuan(&self, run: i64) -> R<Vec<(String, i64)>>;
    fn temuan(&self, id: i64) -> R<Option<Temuan>>;
    /// A source batch by number or kind (its last of that kind).
    fn cari_batch_sumber(&self, kunci: &str) -> R<Option<BatchSumber>>;
    fn rekaman_sumber(&self, batch: i64) -> R<Vec<RekamanSumber>>;
    fn jumlah_rekaman_sumber(&self, batch: i64) -> R<i64>;
    fn satu_rekaman_sumber(&self, seq: i64) -> R<Option<RekamanSumber>>;
    /// The newer run that supersedes run `id` (same kind, same kind of
    /// source), if any.
    fn run_pengganti(&self, id: i64) -> R<Option<i64>>;
}

/// A register's whole store.
pub trait Toko: LogPeristiwa + Proyeksi + Dokumen + RunTemuan + BacaTindak + Akses {}

impl<T: LogPeristiwa + Proyeksi + Dokumen + RunTemuan + BacaTindak + Akses> Toko for T {}

impl TulisBatch for crate::Batch<'_> {
    fn id(&self) -> i64 {
        self.id
    }
    fn berlaku(&self) -> &str {
        crate::Batch::berlaku(self)
    }
    fn path_tolakan(&self, nama: &str, ext: &str) -> R<std::path::PathBuf> {
        crate::Batch::path_tolakan(self, nama, ext)
    }
    fn konteks_isi(&self) -> KonteksIsi {
        crate::Batch::konteks_isi(self)
    }
    fn tulis(&mut self, subjek: Option<i64>, isi: &IsiSiap) -> R<i64> {
        crate::Batch::tulis(self, subjek, isi)
    }
    fn daftar_siap(&mut self, d: DaftarSiap) -> R<i64> {
        crate::Batch::daftar_siap(self, d)
    }
    fn daftar(
        &mut self,
        pemilih: Pemilih,
        peringatan: Vec<String>,
        baris: Option<i64>,
        alasan: Option<&str>,
    ) -> R<i64> {
        crate::Batch::daftar(self, pemilih, peringatan, baris, alasan)
    }
    fn ubah(&mut self, id: i64, p: &Perubahan, baris: Option<i64>, alasan: Option<&str>) -> R<i64> {
        crate::Batch::ubah(self, id, p, baris, alasan)
    }
    fn tolak(&mut self, baris: i64, kode: &str, pesan: &str, nilai: &[String]) -> R<()> {
        crate::Batch::tolak(self, baris, kode, pesan, nilai)
    }
    fn catat(&mut self, subjek: Option<i64>, p: &Perubahan, alasan: Option<&str>) -> R<i64> {
        crate::Batch::catat(self, subjek, p, None, alasan)
    }
    fn keadaan(&self, id: i64) -> R<Option<Keadaan>> {
        crate::Batch::keadaan(self, id)
    }
    fn berlaku_daftar(&self, id: i64) -> R<Option<String>> {
        crate::Batch::berlaku_daftar(self, id)
    }
    fn ada_pemilih(&self) -> R<bool> {
        crate::Batch::ada_pemilih(self)
    }
    fn cari_nik(&self, nik: &str) -> R<Vec<i64>> {
        crate::Batch::cari_nik(self, nik)
    }
    fn tunda_indeks(&mut self) -> R<()> {
        crate::Batch::tunda_indeks(self)
    }
    fn selesai(self: Box<Self>, r: RingkasanBatch) -> R<Hash> {
        crate::Batch::selesai(*self, r)
    }
}

impl LogPeristiwa for Gudang {
    fn kantor(&self) -> &str {
        &self.kantor
    }
    fn mulai_batch(&mut self, info: InfoBatch) -> R<Box<dyn TulisBatch + '_>> {
        Ok(Box::new(Gudang::mulai_batch(self, info)?))
    }
    fn riwayat(&self, id: i64) -> R<Vec<Peristiwa>> {
        Gudang::riwayat(self, id)
    }
    fn jumlah_peristiwa(&self) -> R<i64> {
        Gudang::jumlah_peristiwa(self)
    }
    fn verifikasi_dengan(&self, harap: &Harapan) -> R<LaporanVerifikasi> {
        Gudang::verifikasi_dengan(self, harap)
    }
    fn tempat_log_checkpoint(&self) -> String {
        self.log_checkpoint().display().to_string()
    }
    fn cadangkan_ke(&self, ke: &Path) -> R<()> {
        Gudang::cadangkan_basis_data(self, ke)
    }
    fn tandai_gagal(&self, ringkas: &str) -> R<()> {
        Gudang::tandai_gagal(self, ringkas)
    }
    fn gagal_verifikasi(&self) -> R<Option<String>> {
        Gudang::gagal_verifikasi(self)
    }
    fn akui_gagal(&mut self, operator: &str, alasan: &str, masalah: &str) -> R<i64> {
        Gudang::akui_gagal(self, operator, alasan, masalah)
    }
    fn checkpoint_batch(&self, batch: i64) -> R<Option<InfoCheckpoint>> {
        Gudang::checkpoint_batch(self, batch)
    }
    fn bukti_peristiwa(
        &self,
        seqs: &[i64],
    ) -> R<(
        Vec<crate::dosir::PeristiwaBukti>,
        Vec<crate::dosir::CheckpointBukti>,
    )> {
        Gudang::bukti_peristiwa(self, seqs)
    }
    fn tanda_tangan_dosir(&mut self, isi: &[u8]) -> R<String> {
        Gudang::tanda_tangan_dosir(self, isi)
    }
    fn batch_pertama(&self, jenis: padan_core::JenisBatch) -> R<Option<(i64, String, String)>> {
        use crate::sql::Opsional;
        self.conn
            .query_row(
                "SELECT id, berlaku, dicatat FROM batch WHERE jenis = ?1 ORDER BY id LIMIT 1",
                [jenis.nama()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
    }
    fn catatan_saksi(&mut self) -> R<String> {
        Gudang::catatan_saksi(self)
    }
    fn periksa_saksi(
        &self,
        teks: &str,
    ) -> R<Result<crate::saksi::HasilSaksi, crate::saksi::GagalSaksi>> {
        Gudang::periksa_saksi(self, teks)
    }
    fn checkpoint_terakhir(&self) -> R<Option<InfoCheckpoint>> {
        use crate::sql::Opsional;
        let b: Option<i64> = self
            .conn
            .query_row("SELECT MAX(batch) FROM checkpoint", [], |r| r.get(0))
            .optional()?
            .flatten();
        match b {
            Some(b) => Gudang::checkpoint_batch(self, b),
            None => Ok(None),
        }
    }
    fn peristiwa_rentang(&self, awal: i64, akhir: i64, f: &mut PerPeristiwa<'_>) -> R<()> {
        Gudang::peristiwa_rentang(self, awal, akhir, f)
    }
}

impl Proyeksi for Gudang {
    fn keadaan(&self, id: i64) -> R<Option<Keadaan>> {
        Gudang::keadaan(self, id)
    }
    fn cari(&self, kunci: &str) -> R<Vec<i64>> {
        Gudang::cari(self, kunci)
    }
    fn lipat_dyn(&self, s: &Saringan, f: &mut dyn FnMut(i64, &Keadaan) -> R<()>) -> R<()> {
        Gudang::lipat(self, s, f)
    }
    fn lipat_dua_dyn(&self, a: &Saringan, b: &Saringan, f: &mut LipatDua<'_>) -> R<()> {
        Gudang::lipat_dua(self, a, b, f)
    }
    fn lipat_dua_berubah(&self, a: &Saringan, b: &Saringan, f: &mut LipatDua<'_>) -> R<()> {
        Gudang::lipat_dua_berubah(self, a, b, f)
    }
    fn lipat_wilayah_dyn(
        &self,
        s: &Saringan,
        wilayah: Option<&str>,
        f: &mut dyn FnMut(i64, KeadaanRingkas<'_>) -> R<()>,
    ) -> R<()> {
        Gudang::lipat_wilayah(self, s, wilayah, f)
    }
    fn jelajah_tetap(&self, f: &mut dyn FnMut(i64, Keadaan) -> R<()>) -> R<i64> {
        self.tetap(|g| {
            let seq = g.seq_terakhir()?;
            g.jelajah_pemilih(&mut *f)?;
            Ok(seq)
        })
    }
    fn sidik_proyeksi(&self) -> R<String> {
        Gudang::sidik_proyeksi(self)
    }
    fn bangun_ulang_proyeksi(&mut self) -> R<u64> {
        Gudang::bangun_ulang_proyeksi(self)
    }
    fn hitung_per_desa(&self) -> R<Vec<crate::HitungDesa>> {
        Gudang::hitung_per_desa(self)
    }
    fn pemilih_dengan_peristiwa(&self, jenis: &str) -> R<Option<i64>> {
        Gudang::pemilih_dengan_peristiwa(self, jenis)
    }
    fn wilayah(&self) -> R<Wilayah> {
        Gudang::wilayah(self)
    }
    fn simpan_wilayah(&mut self, w: &Wilayah, sha256: &str) -> R<usize> {
        Gudang::simpan_wilayah(self, w, sha256)
    }
}

impl Akses for Gudang {
    fn sandi_operator(&self, nama: &str) -> R<Option<SandiTersimpan>> {
        crate::akses::sandi(&self.conn, nama)
    }
    fn simpan_sandi_operator(&self, nama: &str, phc: &str) -> R<()> {
        crate::akses::simpan(&self.conn, nama, phc, &crate::waktu_sekarang())
    }
    fn simpan_token_api(&self, nama: &str, sha256: &str) -> R<()> {
        crate::akses::simpan_token(&self.conn, nama, sha256, &crate::waktu_sekarang())
    }
    fn token_api(&self, sha256: &str) -> R<Option<String>> {
        crate::akses::token(&self.conn, sha256)
    }
    fn cabut_token_api(&self, nama: &str) -> R<usize> {
        crate::akses::cabut_token(&self.conn, nama)
    }
}

impl Dokumen for Gudang {
    fn simpan_dokumen(&self, src: &Path) -> R<DokumenTersimpan> {
        Gudang::simpan_dokumen(self, src)
    }
    fn buang_dokumen_yatim(&self, d: &DokumenTersimpan) -> R<()> {
        Gudang::buang_dokumen_yatim(self, d)
    }
}

impl RunTemuan for Gudang {
    fn simpan_run(&mut self, r: &RunBaru, temuan: &[TemuanBaru]) -> R<i64> {
        Gudang::simpan_run(self, r, temuan)
    }
    fn run(&self, id: Option<i64>) -> R<Option<Run>> {
        Gudang::run(self, id)
    }
    fn model_run(&self, id: i64) -> R<Option<String>> {
        Gudang::model_run(self, id)
    }
    fn daftar_temuan(&self, s: &SaringanTemuan) -> R<Vec<Temuan>> {
        Gudang::daftar_temuan(self, s)
    }
    fn hitung_temuan(&self, run: i64) -> R<Vec<(String, i64)>> {
        Gudang::hitung_temuan(self, run)
    }
    fn temuan(&self, id: i64) -> R<Option<Temuan>> {
        Gudang::temuan(self, id)
    }
    fn cari_batch_sumber(&self, kunci: &str) -> R<Option<BatchSumber>> {
        Gudang::cari_batch_sumber(self, kunci)
    }
    fn rekaman_sumber(&self, batch: i64) -> R<Vec<RekamanSumber>> {
        Gudang::rekaman_sumber(self, batch)
    }
    fn jumlah_rekaman_sumber(&self, batch: i64) -> R<i64> {
        Gudang::jumlah_rekaman_sumber(self, batch)
    }
    fn satu_rekaman_sumber(&self, seq: i64) -> R<Option<RekamanSumber>> {
        Gudang::satu_rekaman_sumber(self, seq)
    }
    fn run_pengganti(&self, id: i64) -> R<Option<i64>> {
        Gudang::run_pengganti(self, id)
    }
}
