//! The SQLite schema. The event log (`peristiwa`) and `checkpoint` are the
//! truth; `pemilih` is a projection rebuilt from them.

/// 2: each checkpoint also signs its batch's metadata, its rejected rows
/// and the checkpoint before it (version 1 signed the events only).
pub const VERSI: i64 = 2;

pub const SKEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (kunci TEXT PRIMARY KEY, nilai TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS wilayah (kode TEXT PRIMARY KEY, nama TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS dokumen (
    sha256 TEXT PRIMARY KEY,
    nama TEXT NOT NULL,
    ukuran INTEGER NOT NULL,
    disimpan TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batch (
    id INTEGER PRIMARY KEY,
    jenis TEXT NOT NULL,
    sumber TEXT NOT NULL,
    dokumen TEXT NOT NULL,
    dokumen_sha256 TEXT,
    berlaku TEXT NOT NULL,
    dicatat TEXT NOT NULL,
    operator TEXT NOT NULL,
    kantor TEXT NOT NULL,
    alasan TEXT NOT NULL,
    dibaca INTEGER NOT NULL DEFAULT 0,
    diterima INTEGER NOT NULL DEFAULT 0,
    ditolak INTEGER NOT NULL DEFAULT 0,
    ringkasan TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS batch_dokumen ON batch(dokumen_sha256);
-- One row per event. Recorded time, operator, office, document and the
-- default reason are the batch's (one transaction, one of each) and live in
-- `batch`; the event's hash covers them all the same. `alasan` is NULL when
-- it is the batch's.
CREATE TABLE IF NOT EXISTS peristiwa (
    seq INTEGER PRIMARY KEY,
    subjek INTEGER,
    jenis TEXT NOT NULL,
    berlaku TEXT NOT NULL,
    batch INTEGER NOT NULL,
    baris INTEGER,
    alasan TEXT,
    data TEXT NOT NULL,
    hash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoint (
    batch INTEGER PRIMARY KEY,
    seq_awal INTEGER NOT NULL,
    seq_akhir INTEGER NOT NULL,
    jumlah INTEGER NOT NULL,
    akar BLOB NOT NULL,
    kepala BLOB NOT NULL,
    dicatat TEXT NOT NULL,
    kunci_publik TEXT NOT NULL,
    tanda_tangan BLOB NOT NULL,
    -- SHA-256 of the batch row with its document row (`batch_sha256`), of
    -- its rejected rows (`tolakan_sha256`), and of the previous checkpoint's
    -- signed text (`sebelum`): the whole provenance is signed and chained.
    meta BLOB NOT NULL,
    tolakan BLOB NOT NULL,
    sebelum BLOB NOT NULL,
    hash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS tolakan (
    batch INTEGER NOT NULL,
    baris INTEGER NOT NULL,
    kode TEXT NOT NULL,
    pesan TEXT NOT NULL,
    nilai TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tolakan_batch ON tolakan(batch);
CREATE TABLE IF NOT EXISTS pemilih (
    id INTEGER PRIMARY KEY,
    nkk TEXT NOT NULL,
    nik TEXT NOT NULL,
    nama TEXT NOT NULL,
    tempat_lahir TEXT NOT NULL,
    tanggal_lahir TEXT NOT NULL,
    status_kawin TEXT NOT NULL,
    jenis_kelamin TEXT NOT NULL,
    alamat TEXT NOT NULL,
    rt TEXT NOT NULL,
    rw TEXT NOT NULL,
    disabilitas INTEGER NOT NULL,
    ktp_el TEXT NOT NULL,
    keterangan TEXT NOT NULL,
    kode_desa TEXT NOT NULL,
    tps TEXT NOT NULL,
    aktif INTEGER NOT NULL,
    kode_tms INTEGER,
    seq_terakhir INTEGER NOT NULL
);
"#;

/// The projection's NIK index (dropped and rebuilt around bulk loads).
pub const INDEKS_NIK: &str = "CREATE INDEX IF NOT EXISTS pemilih_nik ON pemilih(nik);";

/// A voter's events in fold order (dropped and rebuilt around bulk loads
/// into an empty register).
pub const INDEKS_SUBJEK: &str = "CREATE INDEX IF NOT EXISTS peristiwa_subjek ON peristiwa(subjek, berlaku, seq) WHERE subjek IS NOT NULL;";
