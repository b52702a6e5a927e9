//! The register's memory: an append-only, hash-chained, bitemporal event log
//! in SQLite, with a signed Merkle checkpoint per batch, and the current
//! register as a projection that can always be rebuilt from the log alone.
//!
//! Why events and not rows: a court asks "what did the list say on 10 April,
//! and who changed it, from which document?". A table that is updated in
//! place cannot answer; a log of changes, each with its effective date,
//! recorded time, operator, document hash and reason, can.

pub mod akses;
pub mod antarmuka;
mod batch;
pub mod dosir;
pub mod kesesuaian;
mod kueri;
pub mod kunci;
pub mod log_cp;
#[cfg(feature = "postgres")]
mod migrasi;
pub mod pemadanan;
#[cfg(feature = "postgres")]
pub mod provinsi;
pub mod rantai;
pub mod saksi;
mod skema;
pub(crate) mod sql;
pub mod tindak;
#[cfg(feature = "postgres")]
pub mod uji_pg;
mod verifikasi;

pub use akses::{Akses, SandiTersimpan};
pub use antarmuka::{Dokumen, LogPeristiwa, Proyeksi, RunTemuan, Toko, TulisBatch};
pub use batch::{Batch, DaftarSiap, InfoBatch, IsiSiap, KonteksIsi, RingkasanBatch};
pub use kueri::{Keadaan, KeadaanRingkas, Peristiwa, Saringan, terapkan};

/// One desa of the register's table: its active voters by sex and the
/// polling stations they are at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitungDesa {
    pub desa: String,
    pub l: u64,
    pub p: u64,
    pub tps: u64,
}
pub use kunci::OpsiKunci;
pub use tindak::BacaTindak;
pub use verifikasi::{Harapan, LaporanVerifikasi, Masalah, sha256_berkas};

use crate::sql::{Koneksi, Opsional, params};
use chrono::{NaiveDate, Utc};
use padan_core::{Bahasa, KodeTms, Pemilih, Wilayah};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const BERKAS_DB: &str = "padan.sqlite";
pub const DIR_DOKUMEN: &str = "dokumen";
pub const DIR_TOLAKAN: &str = "tolakan";
/// `meta` key set when `verify` fails: new writes are refused until an
/// operator acknowledges it (`padan acknowledge`).
pub(crate) const META_GAGAL: &str = "verifikasi_gagal";
/// Sets a `meta` key.
pub(crate) const UPSERT_META: &str = "INSERT INTO meta(kunci, nilai) VALUES (?1, ?2) ON CONFLICT(kunci) DO UPDATE SET nilai = excluded.nilai";

/// What the store refuses or cannot do. Each error carries its values; its
/// words, in Bahasa Indonesia and English, are the catalogue's
/// ([`padan_core::pesan::Templat`]): [`GalatStore::teks`], `Display` in
/// Bahasa Indonesia.
#[derive(Debug)]
pub enum GalatStore {
    /// The backend's own failure, as text: no backend type crosses the
    /// store's API.
    Basisdata(String),
    Io(PathBuf, std::io::Error),
    BelumInit(PathBuf),
    SudahAda(PathBuf),
    Kunci(String),
    /// Stored data that the store's own rules say cannot be (written
    /// behind the program's back): said, never read as something else.
    Rusak(String),
    Data(i64, String),
    Versi(i64, i64),
    SandiDiperlukan,
    SandiSalah(PathBuf),
    KunciRusak(PathBuf),
    KunciLain(PathBuf),
    SudahDiimpor {
        sha256: String,
        batch: i64,
        jenis: String,
        dicatat: String,
    },
    GagalVerifikasi(String),
    NikTerdaftar {
        nik: String,
        ids: String,
    },
    Sibuk,
    SebelumDaftar {
        id: String,
        berlaku: String,
        daftar: String,
    },
    /// A query that had to answer one row answered none.
    TanpaBaris,
    /// The office already has a register in this PostgreSQL database
    /// (its code, its schema).
    KantorAda(String, String),
    /// A PostgreSQL workspace, in a build without the `postgres` feature.
    TanpaPostgres,
    /// A PostgreSQL URL for a workspace whose register is SQLite.
    BukanPostgres(PathBuf),
    /// An applied migration whose text differs from the program's
    /// (number, its SHA-256, the program's).
    MigrasiBeda(i64, String, String),
}

impl From<rusqlite::Error> for GalatStore {
    fn from(e: rusqlite::Error) -> GalatStore {
        if matches!(e, rusqlite::Error::QueryReturnedNoRows) {
            return GalatStore::TanpaBaris;
        }
        // A lock held past the busy timeout: said plainly, not as SQLite's
        // English "database is locked".
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return GalatStore::Sibuk;
        }
        GalatStore::Basisdata(e.to_string())
    }
}

impl GalatStore {
    /// The message in the language in use.
    pub fn teks(&self, b: Bahasa) -> String {
        use padan_core::pesan::Templat as T;
        match self {
            GalatStore::Basisdata(e) => T::StoreBasisdata.isi(b, &[e]),
            GalatStore::Io(p, e) => T::StoreIo.isi(b, &[&p.display(), e]),
            GalatStore::BelumInit(p) => T::StoreBelumInit.isi(b, &[&p.display()]),
            GalatStore::SudahAda(p) => T::StoreSudahAda.isi(b, &[&p.display()]),
            GalatStore::Kunci(m) => T::StoreKunci.isi(b, &[m]),
            GalatStore::Rusak(m) => T::StoreRusak.isi(b, &[m]),
            GalatStore::Data(seq, m) => T::StoreData.isi(b, &[seq, m]),
            GalatStore::Versi(a, x) if a < x => T::StoreVersiLama.isi(b, &[a]),
            GalatStore::Versi(a, x) => T::StoreVersiBaru.isi(b, &[a, x]),
            GalatStore::SandiDiperlukan => T::StoreSandiDiperlukan.isi(b, &[]),
            GalatStore::SandiSalah(p) => T::StoreSandiSalah.isi(b, &[&p.display()]),
            GalatStore::KunciRusak(p) => T::StoreKunciRusak.isi(b, &[&p.display()]),
            GalatStore::KunciLain(p) => T::StoreKunciLain.isi(b, &[&p.display()]),
            GalatStore::SudahDiimpor {
                sha256,
                batch,
                jenis,
                dicatat,
            } => {
                T::StoreSudahDiimpor.isi(b, &[&padan_core::awal(sha256, 12), batch, jenis, dicatat])
            }
            GalatStore::GagalVerifikasi(m) => T::StoreGagalVerifikasi.isi(b, &[m]),
            GalatStore::NikTerdaftar { nik, ids } => T::StoreNikTerdaftar.isi(b, &[nik, ids]),
            GalatStore::Sibuk => T::StoreSibuk.isi(b, &[]),
            GalatStore::TanpaBaris => T::StoreBasisdata.isi(b, &[&"tidak ada baris"]),
            GalatStore::KantorAda(k, s) => T::StoreKantorAda.isi(b, &[k, s]),
            GalatStore::TanpaPostgres => T::StoreTanpaPostgres.isi(b, &[]),
            GalatStore::BukanPostgres(p) => T::StoreBukanPostgres.isi(b, &[&p.display()]),
            GalatStore::MigrasiBeda(v, a, x) => T::StoreMigrasiBeda.isi(
                b,
                &[
                    v as &dyn std::fmt::Display,
                    &padan_core::awal(a, 12),
                    &padan_core::awal(x, 12),
                ],
            ),
            GalatStore::SebelumDaftar {
                id,
                berlaku,
                daftar,
            } => T::StoreSebelumDaftar.isi(b, &[id, berlaku, daftar]),
        }
    }
}

impl std::fmt::Display for GalatStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.teks(Bahasa::Id))
    }
}

impl std::error::Error for GalatStore {}

/// What an event did. Stored as JSON in the event's `data`, tagged by kind.
/// Externally tagged (`{"daftar": {…}}`): serde reads it in one pass, where
/// an internal tag would buffer every event first (seen in profiles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
// Events are built and applied one at a time; boxing the record would only
// add an allocation per event on the import path.
#[allow(clippy::large_enum_variant)]
pub enum Perubahan {
    /// A voter enters the register.
    Daftar {
        pemilih: Pemilih,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        peringatan: Vec<String>,
    },
    /// Elements of a voter's data change: (element → value) before and after.
    Ubah {
        sebelum: BTreeMap<String, String>,
        sesudah: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        peringatan: Vec<String>,
    },
    /// The voter is found not to qualify (TMS), with the code.
    Tms { kode: KodeTms },
    /// An operator acknowledged a failed verification (`padan
    /// acknowledge`): the problems it answers; the reason is the batch's.
    Pengakuan { masalah: String },
    /// A record of another source (population extract, death record,
    /// TNI/Polri list) received; it changes no voter until matched and decided.
    Sumber {
        sumber: String,
        rekaman: BTreeMap<String, String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        peringatan: Vec<String>,
    },
    /// An operator registered or changed: role and regions.
    Operator {
        nama: String,
        peran: padan_core::Peran,
        wilayah: Vec<String>,
    },
    /// A decision on a case (finding or report); its changes, if any, are
    /// the events just before it in the same batch.
    Keputusan(Box<tindak::IsiKeputusan>),
    /// A verifikator's approval of a removal; its changes are the events
    /// just before it.
    Persetujuan {
        nomor: i64,
        kasus: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        diterapkan: Vec<tindak::Terapan>,
    },
    /// A decision taken back; the compensating events are just before it.
    Pembatalan {
        nomor: i64,
        kasus: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        diterapkan: Vec<tindak::Terapan>,
    },
    /// A public report (Formulir Model A-Tanggapan) received: a case.
    Tanggapan(Box<tindak::IsiTanggapan>),
    /// The voter is merged into `ke` (ganda): off the list as TMS 2, its
    /// history part of the survivor's.
    Gabung { ke: i64 },
    /// A voter's status set back (the undo of a removal, a merge or a
    /// registration): exactly as it was before.
    Pulih {
        aktif: bool,
        kode_tms: Option<KodeTms>,
        keterangan: String,
    },
    /// A period closed in plenary.
    Periode(Box<tindak::IsiPeriode>),
    /// A copy of the register given to someone: which profile, to whom,
    /// the file's SHA-256 (a leaked file leads back to its copy).
    Salinan {
        profil: String,
        penerima: String,
        sha256: String,
        baris: u64,
        berlaku: String,
    },
}

impl Perubahan {
    pub fn jenis(&self) -> &'static str {
        match self {
            Perubahan::Daftar { .. } => "daftar",
            Perubahan::Ubah { .. } => "ubah",
            Perubahan::Tms { .. } => "tms",
            Perubahan::Sumber { .. } => "sumber",
            Perubahan::Pengakuan { .. } => "pengakuan",
            Perubahan::Operator { .. } => "operator",
            Perubahan::Keputusan(_) => "keputusan",
            Perubahan::Persetujuan { .. } => "persetujuan",
            Perubahan::Pembatalan { .. } => "pembatalan",
            Perubahan::Tanggapan(_) => "tanggapan",
            Perubahan::Gabung { .. } => "gabung",
            Perubahan::Pulih { .. } => "pulih",
            Perubahan::Periode(_) => "periode",
            Perubahan::Salinan { .. } => "salinan",
        }
    }
}

/// `PM-00000042`: how a voter ID is shown. The number is the identity; the
/// NIK is just an element that may be corrected.
pub fn tampil_id(id: i64) -> String {
    format!("PM-{id:08}")
}

/// `PM-00000001, PM-00000002`: voter IDs for a message.
pub fn tampil_ids(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| tampil_id(*i))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn urai_id(s: &str) -> Option<i64> {
    let t = s.trim().to_uppercase();
    t.strip_prefix("PM-")
        .unwrap_or(&t)
        .parse()
        .ok()
        .filter(|n| *n > 0 && t.starts_with("PM-"))
}

/// Recorded-time text: fixed width, UTC, so text order is time order.
pub fn waktu_sekarang() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A file copied into the document store.
#[derive(Debug, Clone)]
pub struct DokumenTersimpan {
    pub sha256: String,
    /// The name it had when it came in.
    pub nama: String,
    pub ukuran: u64,
    /// Where the stored copy lies.
    pub path: PathBuf,
}

/// An open workspace: the database, the document store, the office key.
pub struct Gudang {
    pub(crate) conn: Koneksi,
    pub(crate) asal: sql::Asal,
    pub(crate) dir: PathBuf,
    /// Opened on the first write: reading needs no passphrase.
    pub(crate) kunci: Option<ed25519_dalek::SigningKey>,
    pub(crate) opsi_kunci: OpsiKunci,
    pub(crate) log_checkpoint: PathBuf,
    pub kantor: String,
}

/// What a process waiting for the write lock is told, once (set by the
/// binary in the operator's language); `None`: nothing.
static PESAN_TUNGGU: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what is said when a command has to wait for another writer.
pub fn atur_pesan_tunggu(f: fn()) {
    let _ = PESAN_TUNGGU.set(f);
}

/// SQLite's busy handler: wait in 20 ms steps, say so once after a second,
/// give up after ten minutes (a 1M-row import commits well within that).
pub(crate) fn tunggu(n: i32) -> bool {
    if n == 50
        && let Some(f) = PESAN_TUNGGU.get()
    {
        f();
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    n < 30_000
}

fn buka_koneksi(path: &Path) -> Result<Connection, GalatStore> {
    let mut conn = Connection::open(path)?;
    // The busy handler first: even the pragmas below may have to wait for
    // a writer, and must then wait, not fail.
    conn.busy_handler(Some(tunggu))?;
    // A rollback journal, not WAL: a batch mostly appends new pages, which a
    // rollback journal does not copy, while WAL writes every page twice
    // (measured: a 300,000-row import took 4.6 s with WAL, 3.7 s without).
    // A killed process leaves a hot journal that the next open rolls back,
    // so a batch is still all or nothing. Readers wait (with a message)
    // while a batch commits; the multi-office server uses PostgreSQL.
    conn.pragma_update(None, "journal_mode", "TRUNCATE")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -262_144)?;
    // Reads through a memory map (up to 2 GiB of the file): a full scan of
    // the register's table or the log no longer copies every page into the
    // page cache (measured: the lineage of a desa cell 0.32 → 0.20 s, of the
    // office's total 1.1 → 0.9 s). Writes still go through the journal.
    conn.pragma_update(None, "mmap_size", 1_i64 << 31)?;
    Ok(conn)
}

/// Where a register's database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basisdata {
    /// `padan.sqlite` in the workspace (the default).
    Sqlite,
    /// An office schema in a PostgreSQL database (`postgres://…`).
    Postgres(String),
}

impl Basisdata {
    /// `sqlite` or a `postgres://` / `postgresql://` URL.
    pub fn urai(s: &str) -> Option<Basisdata> {
        if s == "sqlite" {
            Some(Basisdata::Sqlite)
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Some(Basisdata::Postgres(s.to_owned()))
        } else {
            None
        }
    }
}

/// The file in a workspace whose register lives in PostgreSQL: the
/// database URL and the office's schema, one per line.
pub const BERKAS_PG: &str = "basisdata.pg";

#[cfg(feature = "postgres")]
fn buka_pg(url: &str, skema: &str) -> Result<(Koneksi, sql::Asal), GalatStore> {
    let conn = Koneksi::pg(url, skema)?;
    migrasi::terapkan(&conn)?;
    Ok((
        conn,
        sql::Asal::Pg {
            url: url.to_owned(),
            skema: skema.to_owned(),
        },
    ))
}

#[cfg(not(feature = "postgres"))]
fn buka_pg(_: &str, _: &str) -> Result<(Koneksi, sql::Asal), GalatStore> {
    Err(GalatStore::TanpaPostgres)
}

/// Writes [`BERKAS_PG`]: readable by the owner only, as the URL may hold
/// a password.
#[cfg(feature = "postgres")]
fn tulis_penunjuk(dir: &Path, url: &str, skema: &str) -> Result<(), GalatStore> {
    let p = dir.join(BERKAS_PG);
    padan_io::atomik::tulis_rahasia(&p, format!("{url}\n{skema}\n").as_bytes())
        .map_err(|e| GalatStore::Io(p, e))
}

/// Every table of a register: the log's and the register's, the
/// matching's, the follow-up's ([`tindak::TABEL`]) and the credentials'.
fn tabel() -> impl Iterator<Item = &'static str> {
    [
        "meta",
        "wilayah",
        "dokumen",
        "batch",
        "peristiwa",
        "checkpoint",
        "tolakan",
        "pemilih",
        "run_padan",
        "temuan",
    ]
    .into_iter()
    .chain(tindak::TABEL.iter().copied())
    .chain(["sandi_operator", "token_api"])
}

/// The embedded schema, on a new SQLite file.
fn skema_sqlite(conn: &Koneksi) -> Result<(), GalatStore> {
    conn.execute_batch(skema::SKEMA)?;
    conn.execute_batch(skema::INDEKS_NIK)?;
    conn.execute_batch(skema::INDEKS_SUBJEK)?;
    conn.execute_batch(pemadanan::SKEMA_PADAN)?;
    conn.execute_batch(tindak::SKEMA_TINDAK)?;
    conn.execute_batch(akses::SKEMA_AKSES)
}

/// The office's schema in a PostgreSQL database, migrated and empty;
/// refused when the office already has a register there. (A schema left
/// migrated but empty by a restore that failed is taken as empty.)
#[cfg(feature = "postgres")]
fn kantor_pg_baru(url: &str, kantor: &str) -> Result<Koneksi, GalatStore> {
    let skema = migrasi::skema_kantor(kantor);
    let conn = Koneksi::pg(url, &skema)?;
    conn.execute_batch(&format!("CREATE SCHEMA IF NOT EXISTS {skema}"))?;
    if conn.ada_tabel("meta")?
        && conn.query_row("SELECT EXISTS (SELECT 1 FROM meta)", [], |r| r.get(0))?
    {
        return Err(GalatStore::KantorAda(kantor.to_owned(), skema));
    }
    migrasi::terapkan(&conn)?;
    Ok(conn)
}

/// Moves a register restored as a SQLite file (`dir/padan.sqlite`, from a
/// backup of either backend) into its office's schema in a PostgreSQL
/// database, all or nothing, and points the workspace `dir` at it; the
/// SQLite file is removed. The office's register must not be there yet.
#[cfg(feature = "postgres")]
pub fn pindahkan_ke_postgres(dir: &Path, url: &str) -> Result<(), GalatStore> {
    let db = dir.join(BERKAS_DB);
    let dari = sql::Asal::Sqlite(db.clone()).buka_baca()?;
    let kantor: String =
        dari.query_row("SELECT nilai FROM meta WHERE kunci = 'kantor'", [], |r| {
            r.get(0)
        })?;
    let ke = kantor_pg_baru(url, &kantor)?;
    let tx = ke.transaksi(true)?;
    for t in tabel() {
        if dari.ada_tabel(t)? {
            sql::salin_tabel(&dari, &tx, t)?;
        }
    }
    tx.commit()?;
    drop(dari);
    tulis_penunjuk(dir, url, &migrasi::skema_kantor(&kantor))?;
    std::fs::remove_file(&db).map_err(|e| GalatStore::Io(db, e))
}

#[cfg(not(feature = "postgres"))]
pub fn pindahkan_ke_postgres(_: &Path, _: &str) -> Result<(), GalatStore> {
    Err(GalatStore::TanpaPostgres)
}

/// Creates a directory that only its owner may enter.
fn buat_dir_pribadi(d: &Path) -> Result<(), GalatStore> {
    std::fs::create_dir_all(d).map_err(|e| GalatStore::Io(d.into(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| GalatStore::Io(d.into(), e))?;
    }
    Ok(())
}

impl Gudang {
    /// Creates a workspace for the office `kantor` (a kab/kota code), with a
    /// new office key sealed under the passphrase of `kunci`.
    pub fn init(dir: &Path, kantor: &str, kunci: &OpsiKunci) -> Result<Gudang, GalatStore> {
        Gudang::init_di(dir, kantor, kunci, &Basisdata::Sqlite)
    }

    /// [`Gudang::init`] with the register's database in `basis`: the
    /// embedded SQLite file, or an office schema in a PostgreSQL database.
    pub fn init_di(
        dir: &Path,
        kantor: &str,
        kunci: &OpsiKunci,
        basis: &Basisdata,
    ) -> Result<Gudang, GalatStore> {
        let db = dir.join(BERKAS_DB);
        if db.exists() || dir.join(BERKAS_PG).exists() {
            return Err(GalatStore::SudahAda(dir.into()));
        }
        // The database is reached before anything is made here, so a
        // refusal (unreachable server, office already there) leaves no
        // half-made workspace.
        let (conn, asal) = match basis {
            Basisdata::Sqlite => {
                buat_dir_pribadi(dir)?;
                // Larger pages suit ~600-byte events (set before any table exists).
                Connection::open(&db)?.pragma_update(None, "page_size", 8192)?;
                let conn = Koneksi::Sqlite(buka_koneksi(&db)?);
                skema_sqlite(&conn)?;
                (conn, sql::Asal::Sqlite(db))
            }
            #[cfg(feature = "postgres")]
            Basisdata::Postgres(url) => {
                let skema = migrasi::skema_kantor(kantor);
                let conn = kantor_pg_baru(url, kantor)?;
                buat_dir_pribadi(dir)?;
                tulis_penunjuk(dir, url, &skema)?;
                (
                    conn,
                    sql::Asal::Pg {
                        url: url.clone(),
                        skema,
                    },
                )
            }
            #[cfg(not(feature = "postgres"))]
            Basisdata::Postgres(_) => return Err(GalatStore::TanpaPostgres),
        };
        buat_dir_pribadi(&dir.join(DIR_DOKUMEN))?;
        buat_dir_pribadi(&dir.join(DIR_TOLAKAN))?;
        let kunci_tt = kunci::buat(dir, kunci)?;
        let publik = hex::encode(kunci_tt.verifying_key().as_bytes());
        for (k, v) in [
            ("versi_skema", skema::VERSI.to_string()),
            ("kantor", kantor.to_owned()),
            ("kunci_publik", publik),
            ("dibuat", waktu_sekarang()),
        ] {
            conn.execute(
                "INSERT INTO meta(kunci, nilai) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        Ok(Gudang {
            conn,
            asal,
            dir: dir.into(),
            kunci: Some(kunci_tt),
            opsi_kunci: kunci.clone(),
            log_checkpoint: dir.join(log_cp::BERKAS_LOG),
            kantor: kantor.into(),
        })
    }

    /// Opens a workspace. The office key is opened only when a batch is
    /// written, with the passphrase of `kunci` (or `$PADAN_PASSPHRASE`).
    pub fn buka(dir: &Path) -> Result<Gudang, GalatStore> {
        Gudang::buka_dengan(dir, &OpsiKunci::default())
    }

    pub fn buka_dengan(dir: &Path, kunci: &OpsiKunci) -> Result<Gudang, GalatStore> {
        Gudang::buka_di(dir, kunci, None)
    }

    /// [`Gudang::buka_dengan`]; `url`: reach the workspace's PostgreSQL
    /// database by this URL rather than the one it was made with (another
    /// host, another role), its office schema the same.
    pub fn buka_di(dir: &Path, kunci: &OpsiKunci, url: Option<&str>) -> Result<Gudang, GalatStore> {
        let db = dir.join(BERKAS_DB);
        let pg = dir.join(BERKAS_PG);
        let (conn, asal) = if pg.exists() {
            let teks = std::fs::read_to_string(&pg).map_err(|e| GalatStore::Io(pg.clone(), e))?;
            let mut baris = teks.lines();
            let (Some(asli), Some(skema)) = (baris.next(), baris.next()) else {
                return Err(GalatStore::Rusak(format!("{} tidak terbaca", pg.display())));
            };
            buka_pg(url.unwrap_or(asli), skema)?
        } else if url.is_some() && db.exists() {
            return Err(GalatStore::BukanPostgres(dir.into()));
        } else if db.exists() {
            (Koneksi::Sqlite(buka_koneksi(&db)?), sql::Asal::Sqlite(db))
        } else {
            return Err(GalatStore::BelumInit(dir.into()));
        };
        let versi: i64 = conn
            .query_row(
                "SELECT nilai FROM meta WHERE kunci = 'versi_skema'",
                [],
                |r| r.get::<String>(0),
            )?
            .parse()
            .unwrap_or(0);
        if versi != skema::VERSI {
            return Err(GalatStore::Versi(versi, skema::VERSI));
        }
        let kantor: String =
            conn.query_row("SELECT nilai FROM meta WHERE kunci = 'kantor'", [], |r| {
                r.get(0)
            })?;
        // Workspaces from before the follow-up gain its (empty) tables;
        // a read-only open that cannot write them reads as before.
        if !conn.ada_tabel("keputusan")? {
            conn.execute_batch(tindak::SKEMA_TINDAK)?;
        }
        Ok(Gudang {
            conn,
            asal,
            dir: dir.into(),
            kunci: None,
            opsi_kunci: kunci.clone(),
            log_checkpoint: dir.join(log_cp::BERKAS_LOG),
            kantor,
        })
    }

    /// Where the checkpoint log is kept (default `checkpoint.log` in the
    /// workspace).
    pub fn atur_log_checkpoint(&mut self, p: PathBuf) {
        self.log_checkpoint = p;
    }

    pub fn log_checkpoint(&self) -> &Path {
        &self.log_checkpoint
    }

    /// Where the office key lies and how to open it, for the next write.
    pub fn atur_opsi_kunci(&mut self, o: OpsiKunci) {
        self.opsi_kunci = o;
        self.kunci = None;
    }

    /// Opens the office key now (the CLI asks for the passphrase first).
    pub fn siapkan_kunci(&mut self) -> Result<(), GalatStore> {
        if self.kunci.is_none() {
            let publik = self.meta("kunci_publik")?.unwrap_or_default();
            self.kunci = Some(kunci::muat(&self.dir, &self.opsi_kunci, &publik)?);
        }
        Ok(())
    }

    /// Leftovers of a process that was killed, cleaned or finished under the
    /// write lock (no import runs meanwhile): a rejects file written for a
    /// batch that committed is moved into place; one of a batch that did not
    /// commit, and a document copy cut short, are removed; a stored document
    /// no batch refers to is removed once it is an hour old (a younger one
    /// may belong to an import waiting for this lock).
    pub(crate) fn bersihkan(tx: &Koneksi, dir: &Path) -> Result<(), GalatStore> {
        let maks: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM batch", [], |r| r.get(0))?;
        if let Ok(rd) = std::fs::read_dir(dir.join(DIR_TOLAKAN)) {
            for e in rd.flatten() {
                let nama = e.file_name().to_string_lossy().into_owned();
                let Some(akhir) = nama
                    .strip_prefix(".")
                    .and_then(|n| n.strip_suffix(".sementara"))
                else {
                    continue;
                };
                let id = akhir
                    .strip_prefix("batch-")
                    .and_then(|r| r.split('-').next())
                    .and_then(|n| n.parse::<i64>().ok());
                match id {
                    Some(id) if id <= maks => {
                        let target = dir.join(DIR_TOLAKAN).join(akhir);
                        if !target.exists() {
                            let _ = std::fs::rename(e.path(), target);
                        } else {
                            let _ = std::fs::remove_file(e.path());
                        }
                    }
                    _ => {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
        }
        let mut dikenal = std::collections::HashSet::new();
        {
            let mut st = tx.prepare("SELECT disimpan FROM dokumen")?;
            let rows = st.query_map([], |r| r.get::<String>(0))?;
            for r in rows {
                dikenal.insert(r?);
            }
        }
        if let Ok(rd) = std::fs::read_dir(dir.join(DIR_DOKUMEN)) {
            for e in rd.flatten() {
                let nama = e.file_name().to_string_lossy().into_owned();
                let umur = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let buang = if let Some(pid) = nama.strip_prefix(".sementara-") {
                    !proses_hidup(pid)
                } else {
                    !dikenal.contains(&nama) && umur > 3600
                };
                if buang {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn meta(&self, kunci: &str) -> Result<Option<String>, GalatStore> {
        self.conn
            .query_row("SELECT nilai FROM meta WHERE kunci = ?1", [kunci], |r| {
                r.get(0)
            })
            .optional()
    }

    /// The built-in region list plus what `padan region import` added.
    pub fn wilayah(&self) -> Result<Wilayah, GalatStore> {
        let mut w = Wilayah::bawaan();
        let mut st = self.conn.prepare("SELECT kode, nama FROM wilayah")?;
        let rows = st.query_map([], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))?;
        for row in rows {
            let (k, v) = row?;
            w.tambah(k, v);
        }
        Ok(w)
    }

    /// Adds a region list (all or nothing). Returns the number of codes.
    pub fn simpan_wilayah(&mut self, w: &Wilayah, sha256: &str) -> Result<usize, GalatStore> {
        let tx = self.conn.transaksi(true)?;
        {
            let mut st = tx.prepare(
                "INSERT INTO wilayah(kode, nama) VALUES (?1, ?2) ON CONFLICT(kode) DO UPDATE SET nama = excluded.nama",
            )?;
            for (k, v) in w.semua() {
                st.execute(params![k, v])?;
            }
        }
        tx.execute(
            "INSERT INTO meta(kunci, nilai) VALUES ('wilayah_sha256', ?1) ON CONFLICT(kunci) DO UPDATE SET nilai = excluded.nilai",
            [sha256],
        )?;
        tx.commit()?;
        Ok(w.len())
    }

    /// Records that the workspace failed verification (see [`META_GAGAL`]).
    pub fn tandai_gagal(&self, ringkas: &str) -> Result<(), GalatStore> {
        self.conn
            .execute(crate::UPSERT_META, params![META_GAGAL, ringkas])?;
        Ok(())
    }

    /// Records an operator's acknowledgement of a failed verification as a
    /// batch of its own with one event, and accepts writes again. Returns
    /// the event's sequence number.
    pub fn akui_gagal(
        &mut self,
        operator: &str,
        alasan: &str,
        masalah: &str,
    ) -> Result<i64, GalatStore> {
        let mut b = self.mulai_batch(InfoBatch {
            jenis: padan_core::JenisBatch::Pengakuan,
            sumber: "pengakuan verifikasi gagal".into(),
            dokumen: String::new(),
            berkas: None,
            berlaku: hari_ini(&self.kantor),
            operator: operator.into(),
            alasan: alasan.into(),
            tolak_dokumen_sama: false,
        })?;
        let seq = b.catat(
            None,
            &Perubahan::Pengakuan {
                masalah: masalah.into(),
            },
            None,
            None,
        )?;
        b.tx.execute("DELETE FROM meta WHERE kunci = ?1", [META_GAGAL])?;
        b.selesai(RingkasanBatch::semua_diterima(1))?;
        Ok(seq)
    }

    /// Why the workspace refuses writes, if it does.
    pub fn gagal_verifikasi(&self) -> Result<Option<String>, GalatStore> {
        self.meta(META_GAGAL)
    }

    /// Copies a file into the content-addressed document store (the caller
    /// has checked it is a regular file: `padan_io::baca::periksa_berkas`) (streaming,
    /// hashing as it copies). The copy is what gets parsed, so the hash is of
    /// the exact bytes imported. Its row in `dokumen` is written by the batch
    /// that uses it, inside the batch's transaction.
    pub fn simpan_dokumen(&self, src: &Path) -> Result<DokumenTersimpan, GalatStore> {
        use sha2::{Digest, Sha256};
        use std::io::{Read, Write};
        let ddir = self.dir.join(DIR_DOKUMEN);
        let tmp = ddir.join(format!(".sementara-{}", std::process::id()));
        let io = |p: &Path, e| GalatStore::Io(p.into(), e);
        let mut inp = std::fs::File::open(src).map_err(|e| io(src, e))?;
        let mut out = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?,
        );
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut ukuran = 0u64;
        loop {
            let n = inp.read(&mut buf).map_err(|e| io(src, e))?;
            if n == 0 {
                break;
            }
            let isi = buf.get(..n).unwrap_or_default();
            h.update(isi);
            out.write_all(isi).map_err(|e| io(&tmp, e))?;
            ukuran += n as u64;
        }
        out.into_inner()
            .map_err(|e| io(&tmp, e.into_error()))?
            .sync_all()
            .map_err(|e| io(&tmp, e))?;
        let sha = hex::encode(h.finalize());
        let ext = src
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| format!(".{}", e.to_lowercase()))
            .unwrap_or_default();
        let dst = ddir.join(format!("{sha}{ext}"));
        if dst.exists() {
            let _ = std::fs::remove_file(&tmp);
        } else {
            padan_io::atomik::pindahkan(&tmp, &dst).map_err(|e| io(&dst, e))?;
        }
        let nama = src
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(DokumenTersimpan {
            sha256: sha,
            nama,
            ukuran,
            path: dst,
        })
    }

    /// Removes a stored copy that no batch refers to (an import refused
    /// before it began).
    pub fn buang_dokumen_yatim(&self, d: &DokumenTersimpan) -> Result<(), GalatStore> {
        buang_jika_yatim(&self.conn, d)
    }

    /// A consistent, compacted copy of the database at `ke`, which must
    /// not exist (`VACUUM INTO`: one read transaction's view; a writer
    /// waits only while the copy is made).
    pub fn cadangkan_basis_data(&self, ke: &Path) -> Result<(), GalatStore> {
        let s = ke.to_str().ok_or_else(|| {
            GalatStore::Io(ke.into(), std::io::Error::other("nama berkas bukan UTF-8"))
        })?;
        match self.conn.sqlite() {
            Some(c) => {
                c.execute("VACUUM INTO ?1", [s])?;
                Ok(())
            }
            // PostgreSQL: the office's tables, read in one snapshot, into a
            // new SQLite file of the same schema. One backup format for
            // both backends, restorable into either.
            None => {
                let ke_db = Koneksi::Sqlite(buka_koneksi(ke)?);
                skema_sqlite(&ke_db)?;
                let tulis = ke_db.transaksi(true)?;
                let baca = self.conn.snapshot()?;
                for t in tabel() {
                    if baca.ada_tabel(t)? {
                        sql::salin_tabel(&baca, &tulis, t)?;
                    }
                }
                baca.commit()?;
                tulis.commit()
            }
        }
    }

    /// Voters by ID (`PM-…`) or by current NIK.
    pub fn cari(&self, kunci: &str) -> Result<Vec<i64>, GalatStore> {
        if let Some(id) = urai_id(kunci) {
            let ada: Option<i64> = self
                .conn
                .query_row(
                    "SELECT subjek FROM peristiwa WHERE subjek = ?1 LIMIT 1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            return Ok(ada.into_iter().collect());
        }
        let nik = padan_core::nik::bersihkan(kunci);
        let mut st = self
            .conn
            .prepare_cached("SELECT id FROM pemilih WHERE nik = ?1 ORDER BY id")?;
        let rows = st.query_map([nik], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()
    }

    /// Number of events in the log.
    pub fn jumlah_peristiwa(&self) -> Result<i64, GalatStore> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM peristiwa", [], |r| {
                r.get(0)
            })
    }

    /// The first voter with an event of this kind (`ubah`, `tms`), if any.
    pub fn pemilih_dengan_peristiwa(&self, jenis: &str) -> Result<Option<i64>, GalatStore> {
        self.conn.query_row("SELECT subjek FROM peristiwa WHERE jenis = ?1 AND subjek IS NOT NULL ORDER BY seq LIMIT 1", [jenis], |r| r.get(0)).optional()
    }

    /// Active voters L and P and their distinct TPS per desa, in desa
    /// order, counted from the register's table in one scan (a recap's
    /// cross-check, independent of its fold of the log; counted here, not
    /// by SQL's GROUP BY, whose sorts took four times as long).
    pub fn hitung_per_desa(&self) -> Result<Vec<HitungDesa>, GalatStore> {
        use std::collections::{HashMap, HashSet};
        let mut per: HashMap<String, (u64, u64, HashSet<String>)> = HashMap::new();
        let mut st = self
            .conn
            .prepare("SELECT kode_desa, jenis_kelamin, tps FROM pemilih WHERE aktif = 1")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let desa = r.teks(0)?;
            let e = match per.get_mut(desa) {
                Some(e) => e,
                None => per.entry(desa.to_owned()).or_default(),
            };
            // A sex the register cannot hold is corruption, not a man.
            match r.teks(1)? {
                "L" => e.0 += 1,
                "P" => e.1 += 1,
                jk => {
                    return Err(GalatStore::Rusak(format!(
                        "jenis kelamin '{jk}' di desa {desa} bukan L atau P"
                    )));
                }
            }
            let tps = r.teks(2)?;
            if !e.2.contains(tps) {
                e.2.insert(tps.to_owned());
            }
        }
        let mut out: Vec<HitungDesa> = per
            .into_iter()
            .map(|(desa, (l, p, tps))| HitungDesa {
                desa,
                l,
                p,
                tps: tps.len() as u64,
            })
            .collect();
        out.sort_unstable_by(|a, b| a.desa.cmp(&b.desa));
        Ok(out)
    }

    /// A voter's current state from the projection.
    pub fn keadaan(&self, id: i64) -> Result<Option<Keadaan>, GalatStore> {
        kueri::baca_proyeksi(&self.conn, id)
    }
}

/// Today in the local time of the office `kantor` (WIB, WITA or WIT from
/// its province; WIB where the code names no province): a change effective
/// "today" at 06:00 in Jayapura is not yesterday's.
pub fn hari_ini(kantor: &str) -> NaiveDate {
    let jam = padan_core::wilayah::selisih_jam(kantor);
    (Utc::now() + chrono::Duration::hours(jam)).date_naive()
}

/// Where a batch's rejects file goes in workspace `ws`:
/// `tolakan/batch-N-NAME.tolakan.EXT`. The cleanup under the write lock
/// reads the batch back from the name.
pub fn path_tolakan(ws: &Path, batch: i64, nama: &str, ext: &str) -> PathBuf {
    ws.join(DIR_TOLAKAN)
        .join(format!("batch-{batch}-{nama}.tolakan.{ext}"))
}

/// Whether a stored document has its row (a batch refers to it).
pub(crate) fn ada_dokumen(conn: &Koneksi, sha: &str) -> Result<bool, GalatStore> {
    Ok(conn
        .query_row("SELECT 1 FROM dokumen WHERE sha256 = ?1", [sha], |r| {
            r.get::<i64>(0)
        })
        .optional()?
        .is_some())
}

/// Removes a stored copy that no batch refers to.
pub(crate) fn buang_jika_yatim(conn: &Koneksi, d: &DokumenTersimpan) -> Result<(), GalatStore> {
    if !ada_dokumen(conn, &d.sha256)? {
        let _ = std::fs::remove_file(&d.path);
    }
    Ok(())
}

/// Whether process `pid` (a number in a temporary file's name) still runs.
fn proses_hidup(pid: &str) -> bool {
    match pid.parse::<u32>() {
        Ok(p) if p == std::process::id() => true,
        Ok(p) => Path::new(&format!("/proc/{p}")).exists() || !Path::new("/proc/self").exists(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn voter_ids() {
        assert_eq!(tampil_id(42), "PM-00000042");
        assert_eq!(urai_id("pm-00000042"), Some(42));
        assert_eq!(urai_id("3579014703900001"), None);
        assert_eq!(urai_id("PM-0"), None);
    }
}
