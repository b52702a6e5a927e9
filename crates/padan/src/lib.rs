//! The `padan` command line: arguments in, a use case of `padan_app`
//! called, its result printed as text or JSON.
//!
//! - this file: the arguments (clap);
//! - [`perintah`]: one arm per command, calling its use case;
//! - [`tampil`]: the text form of each result;
//! - [`demo`]: the demo, a composition of use cases;
//! - [`serve`]: the web service (`padan_server`) started and stopped;
//! - [`kemajuan`], [`keluaran`], [`sandi`]: the terminal: progress,
//!   standard output, the passphrase prompt.

/// `println!` that ends the command quietly when stdout is closed early
/// (`padan history … | head`): see [`keluaran`].
#[macro_export]
macro_rules! cetakln {
    ($($t:tt)*) => { $crate::keluaran::tulis(format_args!("{}\n", format_args!($($t)*))) };
}

/// `print!` with the same care as [`cetakln!`].
#[macro_export]
macro_rules! cetak {
    ($($t:tt)*) => { $crate::keluaran::tulis(format_args!($($t)*)) };
}

pub mod demo;
pub mod keluaran;
pub mod kemajuan;
pub mod perintah;
pub mod sandi;
pub mod serve;
pub mod tampil;
pub mod tindak;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Id,
    En,
}

/// What a file to import holds (`padan_app::impor::JenisImpor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArgJenis {
    /// The register (DPT/DPB): every row becomes a voter.
    Dpt,
    /// Population extract from Kemendagri: reference records for matching.
    Dp4,
    /// Death records: reference records for matching.
    Meninggal,
    /// Serving TNI/Polri members: reference records for matching.
    TniPolri,
    /// Field verification results: B (new), U (changed), 1–8 (TMS).
    Coklit,
}

impl From<ArgJenis> for padan_app::impor::JenisImpor {
    fn from(j: ArgJenis) -> Self {
        use padan_app::impor::JenisImpor as J;
        match j {
            ArgJenis::Dpt => J::Dpt,
            ArgJenis::Dp4 => J::Dp4,
            ArgJenis::Meninggal => J::Meninggal,
            ArgJenis::TniPolri => J::TniPolri,
            ArgJenis::Coklit => J::Coklit,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "padan",
    version,
    about = "Padan: daftar pemilih berkelanjutan dengan impor yang cermat dan kronologi yang dapat diverifikasi\n(the continuous voter register, with careful import and a verifiable chronology)"
)]
pub struct Cli {
    /// Ruang kerja (workspace directory).
    #[arg(
        long,
        global = true,
        env = "PADAN_WORKSPACE",
        default_value = "padan-data"
    )]
    pub workspace: PathBuf,
    /// Bahasa pesan (message language).
    #[arg(
        long,
        global = true,
        value_enum,
        env = "PADAN_LANG",
        default_value = "id"
    )]
    pub lang: Lang,
    /// Keluaran JSON (machine-readable output).
    #[arg(long, global = true)]
    pub json: bool,
    /// Berkas kunci kantor tersegel di luar ruang kerja (sealed office key kept outside the workspace), default DIR/kunci/kantor.key.
    #[arg(long, global = true, env = "PADAN_KEY", value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Log checkpoint di luar basis data (checkpoint log), default DIR/checkpoint.log; salin atau kirim ke tempat lain.
    #[arg(long, global = true, env = "PADAN_CHECKPOINT_LOG", value_name = "FILE")]
    pub checkpoint_log: Option<PathBuf>,
    /// Basis data register (the register's database): sqlite (berkas di ruang kerja, bawaan), sqlite:FOLDER (ruang kerja itu), atau postgres://… (skema kantor di server PostgreSQL; dipilih saat init, diingat ruang kerja).
    #[arg(long, global = true, env = "PADAN_DATABASE", value_name = "URL")]
    pub database: Option<String>,
    #[command(subcommand)]
    pub perintah: Perintah,
}

/// Who changes what, why, from which document.
#[derive(Debug, Clone, Args)]
pub struct ArgPerubahan {
    /// Alasan perubahan (reason).
    #[arg(long)]
    pub reason: String,
    /// Dokumen dasar: path berkas (disimpan dan di-hash) atau nomor/nama dokumen.
    #[arg(long)]
    pub document: String,
    /// Tanggal berlaku (effective date), default hari ini.
    #[arg(long)]
    pub effective: Option<String>,
    /// Nama operator, default $PADAN_OPERATOR atau $USER.
    #[arg(long, env = "PADAN_OPERATOR")]
    pub operator: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Perintah {
    /// Buat ruang kerja baru dan kunci tanda tangan kantor.
    Init {
        /// Kode kabupaten/kota kantor (office), mis. 35.79 (Kota Batu).
        #[arg(long, default_value = "35.79")]
        kantor: String,
    },
    /// Daftar wilayah Kemendagri.
    Region {
        #[command(subcommand)]
        aksi: AksiRegion,
    },
    /// Impor berkas CSV/XLSX sebagai satu batch atomik.
    Import {
        #[arg(long, value_enum)]
        kind: ArgJenis,
        file: PathBuf,
        /// Asal data (source), mis. "Disdukcapil Kota Batu".
        #[arg(long)]
        source: String,
        /// Nama/nomor dokumen pengantar (document).
        #[arg(long)]
        document: String,
        /// Tanggal berlaku (effective date), default hari ini.
        #[arg(long)]
        effective: Option<String>,
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
        /// Lembar XLSX (sheet), default lembar pertama.
        #[arg(long)]
        sheet: Option<String>,
        /// Impor juga bila berkas yang sama sudah pernah diimpor.
        #[arg(long)]
        force: bool,
    },
    /// Periksa rantai peristiwa, checkpoint, dokumen dan proyeksi; cetak sidik kunci dan kepala rantai untuk diterbitkan.
    Verify {
        /// Sidik kunci kantor yang diterbitkan sebelumnya (published key fingerprint).
        #[arg(long, value_name = "FINGERPRINT")]
        expect_key: Option<String>,
        /// Kepala yang diterbitkan sebelumnya, N:HASH (a published head).
        #[arg(long, value_name = "N:HASH")]
        expect_head: Option<String>,
        /// Catatan checkpoint yang disimpan saksi (padan checkpoint export): buktikan log kini masih memperpanjangnya (RFC 9162).
        #[arg(long, value_name = "FILE")]
        witness: Option<PathBuf>,
    },
    /// Dosir satu pemilih: kronologi, dokumen, temuan, keputusan, dan bukti inklusi tiap peristiwa (.json dapat diperiksa; .pdf untuk dibaca).
    Dossier {
        pemilih: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Periksa dosir JSON tanpa ruang kerja, hanya dengan kunci publik kantor.
    VerifyDossier {
        file: PathBuf,
        /// Kunci publik kantor (64 digit heksadesimal) yang diterbitkan; tanpa ini, kunci yang tertulis di dosir dipakai dan sidiknya dicetak untuk dibandingkan.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Checkpoint bertanda tangan untuk saksi (Bawaslu, partai).
    Checkpoint {
        #[command(subcommand)]
        aksi: AksiCheckpoint,
    },
    /// Akui hasil verifikasi yang gagal agar perubahan baru diterima lagi (dicatat sebagai peristiwa).
    Acknowledge {
        /// Alasan pengakuan (reason), mis. hasil pemeriksaan dan tindakannya.
        #[arg(long)]
        reason: String,
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
    },
    /// Kronologi satu pemilih (NIK atau ID pemilih PM-…). Dengan --json keluarannya memuat NIK, NKK dan tanggal lahir lengkap; tambahkan --masked untuk versi tersamar.
    History {
        pemilih: String,
        /// Samarkan NIK, NKK dan tanggal lahir pada keluaran (mask identifiers).
        #[arg(long)]
        masked: bool,
    },
    /// Ekspor daftar sebagaimana berlaku pada suatu tanggal.
    Export {
        /// Tanggal berlaku (as of effective date), default hari ini.
        #[arg(long)]
        as_of: Option<String>,
        /// Sebagaimana diketahui pada waktu pencatatan ini (recorded as of).
        #[arg(long)]
        recorded_as_of: Option<String>,
        /// Berkas keluaran .csv atau .xlsx.
        #[arg(long)]
        out: PathBuf,
        /// Sertakan pemilih TMS, dengan kolom status.
        #[arg(long)]
        all: bool,
        /// Salinan untuk penerima: lengkap, bawaslu, partai, publik (dicatat sebagai peristiwa dengan hash berkasnya).
        #[arg(long)]
        profile: Option<String>,
        /// Penerima salinan (wajib dengan --profile), mis. "Bawaslu Kota Batu".
        #[arg(long)]
        recipient: Option<String>,
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
    },
    /// Salinan daftar yang pernah diberikan (profil, penerima, hash berkas); --sha256 mencari asal berkas yang bocor.
    /// Tampilan KPU Provinsi (read-only) atas kantor-kantor satu provinsi di basis data PostgreSQL bersama (--database postgres://…).
    #[cfg(feature = "postgres")]
    Province {
        /// Kode provinsi, mis. 35.
        #[arg(long)]
        code: String,
        /// Buat ulang tampilan dan peran baca-saja dulu (setelah kantor baru ditambahkan).
        #[arg(long)]
        refresh: bool,
    },
    Copies {
        #[arg(long)]
        sha256: Option<String>,
    },
    /// Siapa ditambah, dihapus dan diubah di antara dua tanggal.
    Diff {
        date1: String,
        date2: String,
        /// Tulis semua baris perbedaan ke CSV/XLSX.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Tambah pemilih: ELEMEN=NILAI … (nik=… nama=… …). NIK yang sudah terdaftar ditolak kecuali --allow-duplicate-nik. Dengan --json keluarannya memuat identitas lengkap; --masked menyamarkannya.
    Add {
        #[arg(required = true)]
        elemen: Vec<String>,
        #[command(flatten)]
        p: ArgPerubahan,
        /// Terima juga bila NIK sudah terdaftar (calon temuan ganda untuk pemadanan).
        #[arg(long)]
        allow_duplicate_nik: bool,
        /// Samarkan NIK, NKK dan tanggal lahir pada keluaran.
        #[arg(long)]
        masked: bool,
    },
    /// Ubah elemen data pemilih: ELEMEN=NILAI …
    Edit {
        pemilih: String,
        #[arg(required = true)]
        elemen: Vec<String>,
        #[command(flatten)]
        p: ArgPerubahan,
    },
    /// Tandai pemilih TMS dengan kode 1–8.
    Tms {
        pemilih: String,
        #[arg(long)]
        code: u8,
        #[command(flatten)]
        p: ArgPerubahan,
    },
    /// Bangun ulang tabel pemilih dari log peristiwa saja.
    Rebuild,
    /// Rekapitulasi per kecamatan dan desa/kelurahan (L/P/total); dengan --out, --as-of atau --level: rekapitulasi DPB lengkap (sebelumnya, baru, pindah, TMS 1–8, perbaikan) dengan invariannya.
    Rekap {
        /// Tampilkan juga setiap desa/kelurahan.
        #[arg(long)]
        desa: bool,
        /// Rekap periode yang sudah ditutup (beku), mis. 2026-TW4.
        #[arg(long)]
        period: Option<String>,
        /// Rekap per tanggal berlaku (dibandingkan dengan periode terakhir yang ditutup sebelumnya).
        #[arg(long, conflicts_with = "period")]
        as_of: Option<String>,
        /// Tingkat baris berkas: desa (semua), kecamatan, kabkota.
        #[arg(long, value_enum)]
        level: Option<tindak::ArgTingkat>,
        /// Tulis rekap DPB lengkap (.xlsx dengan lembar "Deskripsi data", .pdf, .csv, .json) setelah invariannya diperiksa.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Profil data: per desa tanggal lahir pengganti, usia > 100, KK dan alamat padat, NIK yang tidak sesuai, desa yang menyimpang; tiap baris dengan penjelasannya.
    Profile {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, conflicts_with = "period")]
        as_of: Option<String>,
        /// Berkas .xlsx, .pdf atau .json.
        #[arg(long)]
        out: PathBuf,
    },
    /// Infografis rekap untuk media sosial (PNG 1080×1350): total, L/P, baru, TMS, per kecamatan; hanya agregat.
    Infographic {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, conflicts_with = "period")]
        as_of: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Peristiwa di balik satu sel rekap (tersamar): jumlahnya sama dengan sel itu.
    Lineage {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, conflicts_with = "period")]
        as_of: Option<String>,
        /// Kode desa, kecamatan atau kabupaten/kota.
        #[arg(long)]
        region: String,
        /// Kolom rekap: desa, tps, l, p, total, sebelum, baru, pindah_masuk, tms1…tms8, pindah_keluar, batal, perbaikan.
        #[arg(long)]
        column: String,
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// Operator dan perannya (operator, verifikator, ketua, auditor) per wilayah.
    Operator {
        #[command(subcommand)]
        aksi: tindak::AksiOperator,
    },
    /// Antrean tinjauan temuan dan tanggapan, atau satu kasus berdampingan (TM-…/TG-…).
    Review(tindak::ArgReview),
    /// Putuskan kasus: --accept, --reject atau --field-check, dengan alasan dan dokumen; atau massal dengan --run/--type/--min-probability [--apply].
    Decide(tindak::ArgDecide),
    /// Setujui pencoretan yang diputus operator lain (empat mata).
    Approve(tindak::ArgApprove),
    /// Batalkan keputusan KP-… dengan peristiwa kompensasi (pemisahan untuk penggabungan).
    Undo(tindak::ArgUndo),
    /// Tanggapan masyarakat (Formulir Model A-Tanggapan).
    Tanggapan {
        #[command(subcommand)]
        aksi: tindak::AksiTanggapan,
    },
    /// Periode (triwulan, semester): tutup dalam pleno dengan Berita Acara.
    Period {
        #[command(subcommand)]
        aksi: tindak::AksiPeriode,
    },
    /// Daftar aturan validasi dan kodenya.
    Rules,
    /// Buat data sintetis: DPT, perangkat pembaruan, dan kebenaran dasar.
    Synth {
        #[arg(long, default_value = "35.79")]
        region: String,
        /// Jumlah pemilih (default: penduduk × 0,757).
        #[arg(long)]
        voters: Option<u64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
        /// Daftar wilayah lengkap (wilayah.tsv) untuk wilayah di luar Kota Batu.
        #[arg(long)]
        wilayah: Option<PathBuf>,
        /// Proporsi baris DPT cacat yang harus ditolak saat impor.
        #[arg(long, default_value_t = 0.0005)]
        defects: f64,
        /// Derau pada data DP4: JENIS=PELUANG (nik, nik-tukar, nik-kosong, nama, nama-tukar, lahir, lahir-tukar, lahir-kosong, kosong, alamat, desa); boleh berulang.
        #[arg(long, value_name = "JENIS=PELUANG")]
        noise: Vec<String>,
        /// Ukuran keluarga (KK) dikalikan ini (default 1).
        #[arg(long, default_value_t = 1.0)]
        household_scale: f64,
        /// Bagian kolam nama yang dipakai, nama paling umum dahulu (0–1; lebih kecil: lebih banyak nama kembar).
        #[arg(long, default_value_t = 1.0)]
        name_pool: f64,
    },
    /// Pemadanan: padankan daftar pemilih dengan satu batch data sumber (dp4, meninggal, tni-polri) dan simpan temuannya.
    Match {
        /// Nomor batch, atau jenisnya (dp4, meninggal, tni-polri) untuk batch terakhir jenis itu.
        #[arg(long)]
        against: String,
        #[command(flatten)]
        r: ArgRun,
    },
    /// Cari pemilih yang terdaftar lebih dari sekali (ganda) dan simpan temuannya.
    Dedupe {
        #[command(flatten)]
        r: ArgRun,
    },
    /// Daftar temuan pemadanan (run terakhir, atau --run N).
    Findings {
        /// Jenis temuan: ganda, meninggal, tni-polri, bawah-umur, pindah, perbaikan, tidak-padan, belum-terdaftar, padan.
        #[arg(long = "type")]
        jenis: Option<String>,
        /// Awalan kode wilayah, mis. 35.79.01.
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        run: Option<i64>,
        /// Tampilkan paling banyak sekian temuan.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Uraikan satu temuan: bukti per perbandingan, aturan blok, model, manifest run.
    Explain { finding: String },
    /// Padankan dua berkas CSV/XLSX (atau cari ganda dalam satu) tanpa ruang kerja; tulis setiap pasangan yang dibandingkan.
    Link {
        /// Berkas kiri (left file).
        #[arg(long)]
        left: PathBuf,
        /// Berkas kanan (right file); tanpa ini: cari ganda dalam berkas kiri.
        #[arg(long)]
        right: Option<PathBuf>,
        /// Berkas pasangan keluaran (.csv atau .xlsx).
        #[arg(long)]
        out: PathBuf,
        /// Petakan kolom ke medan: KOLOM=MEDAN (nik, nkk, nama, tanggal_lahir, jenis_kelamin, tempat_lahir, kode_desa, rt, rw, alamat); boleh berulang, beberapa kolom ke satu medan digabung.
        #[arg(long)]
        map: Vec<String>,
        /// Kolom pengenal baris (default: nomor baris).
        #[arg(long)]
        id: Option<String>,
        /// Bandingkan kolom di luar skema pemilih: KOLOM=JENIS (exact, text, name, date, id, number, postcode); boleh berulang, paling banyak 4.
        #[arg(long, value_name = "KOLOM=JENIS")]
        compare: Vec<String>,
        /// Ambang peluang padan (0–1).
        #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
        threshold: f64,
        /// Pakai model tersimpan (JSON) alih-alih melatih.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Simpan model yang dilatih (JSON).
        #[arg(long)]
        save_model: Option<PathBuf>,
        /// Tulis hanya pasangan berpeluang sekurang-kurangnya ini (default 0: setiap pasangan yang dibandingkan).
        #[arg(long, default_value_t = 0.0)]
        min_probability: f64,
        /// Tulis klaster setiap rekaman yang padan (id, klaster, tinjau); dengan --right, id diawali kiri:/kanan:.
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Di luar memori: rekaman dipartisi di disk menurut kunci blok, N partisi per aturan (1–1024), dipadankan satu partisi sekali jalan.
        #[arg(long, value_name = "N")]
        partitions: Option<u32>,
        /// Folder berkas partisi (default: folder --out); dihapus setelah selesai.
        #[arg(long, value_name = "DIR")]
        partition_dir: Option<PathBuf>,
        /// Pasangan yang benar (CSV/XLSX, dua kolom ID: kiri, kanan): laporan akurasi (presisi, recall, F1, recall blok, kalibrasi, 20 kesalahan terburuk dengan rinciannya).
        #[arg(long, value_name = "FILE")]
        truth: Option<PathBuf>,
    },
    /// Cadangkan ruang kerja ke satu berkas zip: basis data, log checkpoint, kunci tersegel, dokumen, tolakan, audit, dengan manifest SHA-256.
    Backup {
        /// Berkas cadangan (.zip) yang belum ada.
        #[arg(long)]
        out: PathBuf,
    },
    /// Pulihkan cadangan ke ruang kerja baru (--workspace, belum ada), lalu verifikasi seluruhnya.
    Restore { file: PathBuf },
    /// Jalankan layanan web: cek DPT publik (/cek, /api/cek), /healthz, /readyz, /metrics. Berhenti dengan Ctrl-C atau SIGTERM.
    Serve(ArgServe),
    /// Demo lengkap: data sintetis Kota Batu → impor → verifikasi → rekap → kronologi → pemadanan → tindak lanjut oleh dua orang → periode dan Berita Acara → rekap periode dan dosir.
    Demo {
        #[arg(long)]
        voters: Option<u64>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// `padan serve`'s options.
#[derive(Debug, Clone, Args)]
pub struct ArgServe {
    /// Alamat dengar (listen address).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// Batas cek per klien per menit.
    #[arg(long, default_value_t = 10)]
    pub cek_per_client: u32,
    /// Batas cek per detik untuk seluruh layanan.
    #[arg(long, default_value_t = 1000)]
    pub cek_global: u32,
    /// NIK berbeda yang boleh ditanyakan satu klien per jam (lebih: dianggap enumerasi, ditolak sejam).
    #[arg(long, default_value_t = 20)]
    pub cek_max_nik: u32,
    /// Setiap cek dijawab setelah sekian milidetik, apa pun hasilnya.
    #[arg(long, default_value_t = 5)]
    pub cek_ms: u64,
    /// Proksi tepercaya: hanya darinya header X-Forwarded-For dipercaya (boleh berulang).
    #[arg(long, value_name = "IP")]
    pub trusted_proxy: Vec<std::net::IpAddr>,
}

/// Settings of a matching run on the workspace.
#[derive(Debug, Clone, Args)]
pub struct ArgRun {
    /// Ambang peluang padan (0–1).
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
    pub threshold: f64,
    /// Pakai model tersimpan (JSON, dari padan link --save-model) alih-alih melatih.
    #[arg(long)]
    pub model: Option<PathBuf>,
    #[arg(long, env = "PADAN_OPERATOR")]
    pub operator: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AksiCheckpoint {
    /// Tulis kepala log kini sebagai catatan bertanda tangan C2SP (RFC 9162).
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AksiRegion {
    /// Muat daftar wilayah resmi (TSV/CSV dengan kolom kode, nama).
    Import { file: PathBuf },
}

/// Runs a parsed command line; returns the process exit status.
pub fn jalankan(cli: Cli) -> Result<i32, padan_app::Galat> {
    perintah::jalankan(cli)
}
