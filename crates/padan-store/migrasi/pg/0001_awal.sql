-- Migration 1 of the PostgreSQL store: the schema of SQLite's version 2
-- (src/skema.rs and the follow-up, matching and access tables), in one
-- office's own schema. Types: BIGINT for INTEGER, BYTEA for BLOB, DOUBLE
-- PRECISION for REAL, and byte order ("C") for text, as SQLite compares it.
-- Frozen: a later change is a new numbered file, never an edit of this one.
CREATE TABLE IF NOT EXISTS meta (kunci TEXT COLLATE "C" PRIMARY KEY, nilai TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS wilayah (kode TEXT COLLATE "C" PRIMARY KEY, nama TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS dokumen (
    sha256 TEXT COLLATE "C" PRIMARY KEY,
    nama TEXT COLLATE "C" NOT NULL,
    ukuran BIGINT NOT NULL,
    disimpan TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS batch (
    id BIGINT PRIMARY KEY,
    jenis TEXT COLLATE "C" NOT NULL,
    sumber TEXT COLLATE "C" NOT NULL,
    dokumen TEXT COLLATE "C" NOT NULL,
    dokumen_sha256 TEXT COLLATE "C",
    berlaku TEXT COLLATE "C" NOT NULL,
    dicatat TEXT COLLATE "C" NOT NULL,
    operator TEXT COLLATE "C" NOT NULL,
    kantor TEXT COLLATE "C" NOT NULL,
    alasan TEXT COLLATE "C" NOT NULL,
    dibaca BIGINT NOT NULL DEFAULT 0,
    diterima BIGINT NOT NULL DEFAULT 0,
    ditolak BIGINT NOT NULL DEFAULT 0,
    ringkasan TEXT COLLATE "C" NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS batch_dokumen ON batch(dokumen_sha256);
-- One row per event. Recorded time, operator, office, document and the
-- default reason are the batch's (one transaction, one of each) and live in
-- `batch`; the event's hash covers them all the same. `alasan` is NULL when
-- it is the batch's.
CREATE TABLE IF NOT EXISTS peristiwa (
    seq BIGINT PRIMARY KEY,
    subjek BIGINT,
    jenis TEXT COLLATE "C" NOT NULL,
    berlaku TEXT COLLATE "C" NOT NULL,
    batch BIGINT NOT NULL,
    baris BIGINT,
    alasan TEXT COLLATE "C",
    data TEXT COLLATE "C" NOT NULL,
    hash BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoint (
    batch BIGINT PRIMARY KEY,
    seq_awal BIGINT NOT NULL,
    seq_akhir BIGINT NOT NULL,
    jumlah BIGINT NOT NULL,
    akar BYTEA NOT NULL,
    kepala BYTEA NOT NULL,
    dicatat TEXT COLLATE "C" NOT NULL,
    kunci_publik TEXT COLLATE "C" NOT NULL,
    tanda_tangan BYTEA NOT NULL,
    -- SHA-256 of the batch row with its document row (`batch_sha256`), of
    -- its rejected rows (`tolakan_sha256`), and of the previous checkpoint's
    -- signed text (`sebelum`): the whole provenance is signed and chained.
    meta BYTEA NOT NULL,
    tolakan BYTEA NOT NULL,
    sebelum BYTEA NOT NULL,
    hash BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS tolakan (
    batch BIGINT NOT NULL,
    baris BIGINT NOT NULL,
    kode TEXT COLLATE "C" NOT NULL,
    pesan TEXT COLLATE "C" NOT NULL,
    nilai TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS tolakan_batch ON tolakan(batch);
CREATE TABLE IF NOT EXISTS pemilih (
    id BIGINT PRIMARY KEY,
    nkk TEXT COLLATE "C" NOT NULL,
    nik TEXT COLLATE "C" NOT NULL,
    nama TEXT COLLATE "C" NOT NULL,
    tempat_lahir TEXT COLLATE "C" NOT NULL,
    tanggal_lahir TEXT COLLATE "C" NOT NULL,
    status_kawin TEXT COLLATE "C" NOT NULL,
    jenis_kelamin TEXT COLLATE "C" NOT NULL,
    alamat TEXT COLLATE "C" NOT NULL,
    rt TEXT COLLATE "C" NOT NULL,
    rw TEXT COLLATE "C" NOT NULL,
    disabilitas BIGINT NOT NULL,
    ktp_el TEXT COLLATE "C" NOT NULL,
    keterangan TEXT COLLATE "C" NOT NULL,
    kode_desa TEXT COLLATE "C" NOT NULL,
    tps TEXT COLLATE "C" NOT NULL,
    aktif BIGINT NOT NULL,
    kode_tms BIGINT,
    seq_terakhir BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS pemilih_nik ON pemilih(nik);
CREATE INDEX IF NOT EXISTS peristiwa_subjek ON peristiwa(subjek, berlaku, seq) WHERE subjek IS NOT NULL;
CREATE TABLE IF NOT EXISTS run_padan (
    id BIGINT PRIMARY KEY,
    jenis TEXT COLLATE "C" NOT NULL,
    batch_lawan BIGINT,
    dimulai TEXT COLLATE "C" NOT NULL,
    selesai TEXT COLLATE "C" NOT NULL,
    operator TEXT COLLATE "C" NOT NULL,
    manifest TEXT COLLATE "C" NOT NULL,
    model TEXT COLLATE "C" NOT NULL,
    jumlah BIGINT NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    -- The batch whose signed summary names this run and its seal.
    batch BIGINT
);
CREATE TABLE IF NOT EXISTS temuan (
    id BIGINT PRIMARY KEY,
    run BIGINT NOT NULL,
    jenis TEXT COLLATE "C" NOT NULL,
    pemilih BIGINT,
    sumber_seq BIGINT,
    kode_desa TEXT COLLATE "C" NOT NULL,
    peluang DOUBLE PRECISION,
    ringkas TEXT COLLATE "C" NOT NULL,
    bukti TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS temuan_run ON temuan(run, jenis);
CREATE TABLE IF NOT EXISTS operator (
    nama TEXT COLLATE "C" PRIMARY KEY,
    peran TEXT COLLATE "C" NOT NULL,
    wilayah TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS kasus (
    kunci TEXT COLLATE "C" PRIMARY KEY,
    temuan BIGINT,
    status TEXT COLLATE "C" NOT NULL,
    keputusan BIGINT,
    menunggu BIGINT NOT NULL DEFAULT 0,
    seq BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS kasus_temuan ON kasus(temuan);
CREATE TABLE IF NOT EXISTS keputusan (
    nomor BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    kasus TEXT COLLATE "C" NOT NULL,
    operator TEXT COLLATE "C" NOT NULL,
    berlaku TEXT COLLATE "C" NOT NULL,
    disetujui_seq BIGINT,
    disetujui_oleh TEXT COLLATE "C",
    dibatalkan_seq BIGINT,
    data TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS keputusan_seq ON keputusan(seq);
CREATE INDEX IF NOT EXISTS keputusan_kasus ON keputusan(kasus);
CREATE TABLE IF NOT EXISTS tanggapan (
    nomor BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    jenis TEXT COLLATE "C" NOT NULL,
    pemilih BIGINT,
    kode_desa TEXT COLLATE "C" NOT NULL,
    operator TEXT COLLATE "C" NOT NULL,
    data TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS tolak_pasangan (
    kunci TEXT COLLATE "C" PRIMARY KEY,
    keputusan BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS gabung (
    dari BIGINT NOT NULL,
    ke BIGINT NOT NULL,
    seq BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS gabung_dari ON gabung(dari);
CREATE INDEX IF NOT EXISTS gabung_ke ON gabung(ke);
CREATE TABLE IF NOT EXISTS periode (
    nama TEXT COLLATE "C" PRIMARY KEY,
    seq BIGINT NOT NULL,
    batch BIGINT NOT NULL,
    data TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS sandi_operator (
    nama TEXT COLLATE "C" PRIMARY KEY,
    phc TEXT COLLATE "C" NOT NULL,
    diubah TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS token_api (
    sha256 TEXT COLLATE "C" PRIMARY KEY,
    nama TEXT COLLATE "C" NOT NULL,
    dibuat TEXT COLLATE "C" NOT NULL
);
