//! One connection type for both backends: SQLite (embedded, the default)
//! and PostgreSQL (the multi-office server, feature `postgres`).
//!
//! The store's logic (the chain, checkpoints, folds, verification) is
//! written once, against [`Koneksi`]. Its SQL keeps to what both engines
//! read alike: `?N` placeholders (rewritten to `$N` for PostgreSQL),
//! `INSERT … ON CONFLICT`, `RETURNING`, `CAST(… AS BIGINT)` around sums.
//! What differs (schemas, pragmas, locking, backups) is chosen here or by
//! [`Koneksi::pg`] and `Gudang::init_di` / `buka_di`, never by the logic
//! above.
//!
//! The API mirrors the parts of rusqlite's the store used, so the logic
//! reads as it did: `query_row`, `prepare_cached`, `query`, `Rows::next`,
//! `Baris::get`.

use crate::GalatStore;
type R<T> = Result<T, GalatStore>;

/// A value bound to a statement.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be bound to a placeholder.
pub trait KeParam {
    fn param(&self) -> Param<'_>;
}

macro_rules! param_int {
    ($($t:ty),*) => {$(
        impl KeParam for $t {
            fn param(&self) -> Param<'_> {
                Param::Int(*self as i64)
            }
        }
    )*};
}
param_int!(i64, i32, u32, u8, usize, u64);

impl KeParam for bool {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}
impl KeParam for f64 {
    fn param(&self) -> Param<'_> {
        Param::Real(*self)
    }
}
impl KeParam for str {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl KeParam for String {
    fn param(&self) -> Param<'_> {
        Param::Text(self)
    }
}
impl KeParam for [u8] {
    fn param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl KeParam for Vec<u8> {
    fn param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl<const N: usize> KeParam for [u8; N] {
    fn param(&self) -> Param<'_> {
        Param::Blob(self)
    }
}
impl<T: KeParam> KeParam for Option<T> {
    fn param(&self) -> Param<'_> {
        match self {
            Some(v) => v.param(),
            None => Param::Null,
        }
    }
}
impl<T: KeParam + ?Sized> KeParam for &T {
    fn param(&self) -> Param<'_> {
        (**self).param()
    }
}
impl<T: KeParam + ?Sized> KeParam for Box<T> {
    fn param(&self) -> Param<'_> {
        (**self).param()
    }
}
impl KeParam for Param<'_> {
    fn param(&self) -> Param<'_> {
        *self
    }
}

/// A statement's parameters: `[]`, `[a, b]` of one type, or `params![…]`.
/// Handed over one by one, so binding them allocates nothing (the
/// import's every row binds through here).
pub trait Params {
    fn tiap<'a>(&'a self, f: &mut dyn FnMut(Param<'a>) -> R<()>) -> R<()>;
    /// Collected, for PostgreSQL's client.
    #[cfg(feature = "postgres")]
    fn nilai(&self) -> R<Vec<Param<'_>>> {
        let mut v = vec![];
        self.tiap(&mut |p| {
            v.push(p);
            Ok(())
        })?;
        Ok(v)
    }
}

impl Params for [&dyn KeParam; 0] {
    fn tiap<'a>(&'a self, _: &mut dyn FnMut(Param<'a>) -> R<()>) -> R<()> {
        Ok(())
    }
}
impl Params for &[&dyn KeParam] {
    fn tiap<'a>(&'a self, f: &mut dyn FnMut(Param<'a>) -> R<()>) -> R<()> {
        self.iter().try_for_each(|p| f(p.param()))
    }
}
impl<T: KeParam> Params for Vec<T> {
    fn tiap<'a>(&'a self, f: &mut dyn FnMut(Param<'a>) -> R<()>) -> R<()> {
        self.iter().try_for_each(|p| f(p.param()))
    }
}

macro_rules! params_larik {
    ($($n:literal),*) => {$(
        impl<T: KeParam> Params for [T; $n] {
            fn tiap<'a>(&'a self, f: &mut dyn FnMut(Param<'a>) -> R<()>) -> R<()> {
                self.iter().try_for_each(|p| f(p.param()))
            }
        }
    )*};
}
params_larik!(1, 2, 3, 4, 5, 6, 7, 8);

/// Binds `p` to a SQLite statement, every placeholder once.
fn ikat(st: &mut rusqlite::CachedStatement<'_>, p: &impl Params) -> R<()> {
    let mut i = 0usize;
    p.tiap(&mut |v| {
        i += 1;
        Ok(st.raw_bind_parameter(i, v)?)
    })?;
    if i != st.parameter_count() {
        return Err(GalatStore::Basisdata(format!(
            "{i} nilai untuk {} parameter",
            st.parameter_count()
        )));
    }
    Ok(())
}

/// `params![a, b, …]`: parameters of mixed types.
macro_rules! params {
    () => { &[] as &[&dyn $crate::sql::KeParam] };
    ($($x:expr),+ $(,)?) => { &[$(&$x as &dyn $crate::sql::KeParam),+] as &[&dyn $crate::sql::KeParam] };
}
pub(crate) use params;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(v) => ValueRef::Integer(v),
            Param::Real(v) => ValueRef::Real(v),
            Param::Text(s) => ValueRef::Text(s.as_bytes()),
            Param::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

/// A value of any column, owned: what a table copy carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Nilai {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl KeParam for Nilai {
    fn param(&self) -> Param<'_> {
        match self {
            Nilai::Null => Param::Null,
            Nilai::Int(v) => Param::Int(*v),
            Nilai::Real(v) => Param::Real(*v),
            Nilai::Text(s) => Param::Text(s),
            Nilai::Blob(b) => Param::Blob(b),
        }
    }
}

impl Ambil for Nilai {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        use rusqlite::types::ValueRef as V;
        Some(match v {
            V::Null => Nilai::Null,
            V::Integer(i) => Nilai::Int(i),
            V::Real(x) => Nilai::Real(x),
            V::Text(t) => Nilai::Text(String::from_utf8_lossy(t).into_owned()),
            V::Blob(b) => Nilai::Blob(b.to_vec()),
        })
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        use postgres::types::Type;
        let ty = r.columns().get(i).map(|c| c.type_().clone());
        Ok(match ty {
            Some(Type::INT8 | Type::INT4 | Type::INT2 | Type::BOOL) => {
                i64::dari_pg(r, i)?.map(Nilai::Int)
            }
            Some(Type::FLOAT8 | Type::FLOAT4) => f64::dari_pg(r, i)?.map(Nilai::Real),
            Some(Type::BYTEA) => Vec::<u8>::dari_pg(r, i)?.map(Nilai::Blob),
            _ => String::dari_pg(r, i)?.map(Nilai::Text),
        })
    }
    fn boleh_null() -> Option<Self> {
        Some(Nilai::Null)
    }
}

/// `.optional()` on a query's result: no row is `None`, as in rusqlite.
pub trait Opsional<T> {
    fn optional(self) -> R<Option<T>>;
}

impl<T> Opsional<T> for R<T> {
    fn optional(self) -> R<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(GalatStore::TanpaBaris) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Where a store's database is, to open another connection to it.
#[derive(Debug, Clone)]
pub enum Asal {
    Sqlite(std::path::PathBuf),
    #[cfg(feature = "postgres")]
    Pg {
        url: String,
        skema: String,
    },
}

impl Asal {
    /// Another connection, for reading beside the first.
    pub fn buka_baca(&self) -> R<Koneksi> {
        match self {
            Asal::Sqlite(db) => {
                let mut c = rusqlite::Connection::open_with_flags(
                    db,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )?;
                // Waits for a writer as the main connection does.
                c.busy_handler(Some(crate::tunggu))?;
                Ok(Koneksi::Sqlite(c))
            }
            #[cfg(feature = "postgres")]
            Asal::Pg { url, skema } => Koneksi::pg(url, skema),
        }
    }
}

/// A connection to the store's database.
pub enum Koneksi {
    Sqlite(rusqlite::Connection),
    #[cfg(feature = "postgres")]
    Pg(Box<pg::KoneksiPg>),
}

impl std::fmt::Debug for Koneksi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Koneksi::Sqlite(_) => "Koneksi::Sqlite",
            #[cfg(feature = "postgres")]
            Koneksi::Pg(_) => "Koneksi::Pg",
        })
    }
}

/// A prepared statement.
pub enum Stmt<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    #[cfg(feature = "postgres")]
    Pg(&'c pg::KoneksiPg, postgres::Statement),
}

/// Rows being read.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    #[cfg(feature = "postgres")]
    Pg(std::vec::IntoIter<postgres::Row>, Option<postgres::Row>),
}

/// One row.
#[derive(Clone, Copy)]
pub enum Baris<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    #[cfg(feature = "postgres")]
    Pg(&'r postgres::Row),
}

/// What a column can be read as.
pub trait Ambil: Sized {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self>;
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String>;
    /// Whether NULL reads as a value (`Option`) rather than an error.
    fn boleh_null() -> Option<Self> {
        None
    }
}

fn salah_jenis(i: usize) -> GalatStore {
    GalatStore::Basisdata(format!("kolom {i}: jenis nilai tak terduga"))
}

impl<'r> Baris<'r> {
    pub fn get<T: Ambil>(&self, i: usize) -> R<T> {
        match self {
            Baris::Sqlite(r) => {
                let v = r.get_ref(i)?;
                if v == rusqlite::types::ValueRef::Null {
                    return T::boleh_null().ok_or_else(|| salah_jenis(i));
                }
                T::dari_sqlite(v).ok_or_else(|| salah_jenis(i))
            }
            #[cfg(feature = "postgres")]
            Baris::Pg(r) => match T::dari_pg(r, i).map_err(GalatStore::Basisdata)? {
                Some(v) => Ok(v),
                None => T::boleh_null().ok_or_else(|| salah_jenis(i)),
            },
        }
    }

    /// A text column, borrowed.
    pub fn teks(&self, i: usize) -> R<&'r str> {
        match *self {
            Baris::Sqlite(r) => r
                .get_ref(i)?
                .as_str()
                .map_err(|e| GalatStore::Basisdata(e.to_string())),
            #[cfg(feature = "postgres")]
            Baris::Pg(r) => r
                .try_get::<_, &str>(i)
                .map_err(|e| GalatStore::Basisdata(e.to_string())),
        }
    }

    /// A text or blob column's bytes, borrowed (empty for NULL).
    pub fn bita(&self, i: usize) -> R<&'r [u8]> {
        match *self {
            Baris::Sqlite(r) => Ok(r.get_ref(i)?.as_bytes().unwrap_or_default()),
            #[cfg(feature = "postgres")]
            Baris::Pg(r) => {
                use postgres::types::Type;
                let ty = r.columns().get(i).map(|c| c.type_().clone());
                let v = if ty == Some(Type::BYTEA) {
                    r.try_get::<_, Option<&[u8]>>(i)
                } else {
                    r.try_get::<_, Option<&str>>(i)
                        .map(|s| s.map(str::as_bytes))
                };
                Ok(v.map_err(|e| GalatStore::Basisdata(e.to_string()))?
                    .unwrap_or_default())
            }
        }
    }
}

impl Ambil for i64 {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match v {
            rusqlite::types::ValueRef::Integer(i) => Some(i),
            _ => None,
        }
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        use postgres::types::Type;
        let ty = r.columns().get(i).map(|c| c.type_().clone());
        let e = |e: postgres::Error| e.to_string();
        Ok(match ty {
            Some(Type::INT8) => r.try_get::<_, Option<i64>>(i).map_err(e)?,
            Some(Type::INT4) => r.try_get::<_, Option<i32>>(i).map_err(e)?.map(i64::from),
            Some(Type::INT2) => r.try_get::<_, Option<i16>>(i).map_err(e)?.map(i64::from),
            Some(Type::BOOL) => r.try_get::<_, Option<bool>>(i).map_err(e)?.map(i64::from),
            t => return Err(format!("kolom {i}: bukan bilangan bulat ({t:?})")),
        })
    }
}

macro_rules! ambil_dari_i64 {
    ($($t:ty),*) => {$(
        impl Ambil for $t {
            fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
                i64::dari_sqlite(v).and_then(|x| <$t>::try_from(x).ok())
            }
            #[cfg(feature = "postgres")]
            fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
                i64::dari_pg(r, i)?
                    .map(|x| <$t>::try_from(x).map_err(|e| e.to_string()))
                    .transpose()
            }
        }
    )*};
}
ambil_dari_i64!(i32, u32, u8, u64, usize);

impl Ambil for bool {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        i64::dari_sqlite(v).map(|x| x != 0)
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        Ok(i64::dari_pg(r, i)?.map(|x| x != 0))
    }
}

impl Ambil for f64 {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match v {
            rusqlite::types::ValueRef::Real(x) => Some(x),
            rusqlite::types::ValueRef::Integer(x) => Some(x as f64),
            _ => None,
        }
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        use postgres::types::Type;
        let ty = r.columns().get(i).map(|c| c.type_().clone());
        match ty {
            Some(Type::FLOAT8) => r.try_get::<_, Option<f64>>(i).map_err(|e| e.to_string()),
            Some(Type::FLOAT4) => r
                .try_get::<_, Option<f32>>(i)
                .map(|v| v.map(f64::from))
                .map_err(|e| e.to_string()),
            _ => Ok(i64::dari_pg(r, i)?.map(|x| x as f64)),
        }
    }
}

impl Ambil for String {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match v {
            rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().map(str::to_owned),
            _ => None,
        }
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        r.try_get::<_, Option<String>>(i).map_err(|e| e.to_string())
    }
}

impl Ambil for Vec<u8> {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        match v {
            rusqlite::types::ValueRef::Blob(b) | rusqlite::types::ValueRef::Text(b) => {
                Some(b.to_vec())
            }
            _ => None,
        }
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        use postgres::types::Type;
        let ty = r.columns().get(i).map(|c| c.type_().clone());
        if ty == Some(Type::BYTEA) {
            r.try_get::<_, Option<Vec<u8>>>(i)
                .map_err(|e| e.to_string())
        } else {
            Ok(String::dari_pg(r, i)?.map(String::into_bytes))
        }
    }
}

impl<T: Ambil> Ambil for Option<T> {
    fn dari_sqlite(v: rusqlite::types::ValueRef<'_>) -> Option<Self> {
        T::dari_sqlite(v).map(Some)
    }
    #[cfg(feature = "postgres")]
    fn dari_pg(r: &postgres::Row, i: usize) -> Result<Option<Self>, String> {
        Ok(T::dari_pg(r, i)?.map(Some))
    }
    fn boleh_null() -> Option<Self> {
        Some(None)
    }
}

impl<'s> Rows<'s> {
    /// The next row, or `None` at the end.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> R<Option<Baris<'_>>> {
        match self {
            Rows::Sqlite(r) => Ok(r.next()?.map(Baris::Sqlite)),
            #[cfg(feature = "postgres")]
            Rows::Pg(it, kini) => {
                *kini = it.next();
                Ok(kini.as_ref().map(Baris::Pg))
            }
        }
    }
}

impl<'c> Stmt<'c> {
    /// The names of the columns it answers.
    pub fn kolom(&self) -> Vec<String> {
        match self {
            Stmt::Sqlite(st) => st.column_names().map(str::to_owned).collect(),
            #[cfg(feature = "postgres")]
            Stmt::Pg(_, st) => st.columns().iter().map(|c| c.name().to_owned()).collect(),
        }
    }

    pub fn execute(&mut self, p: impl Params) -> R<usize> {
        match self {
            Stmt::Sqlite(st) => {
                ikat(st, &p)?;
                Ok(st.raw_execute()?)
            }
            #[cfg(feature = "postgres")]
            Stmt::Pg(k, st) => k.execute(st, &p.nilai()?),
        }
    }

    pub fn query(&mut self, p: impl Params) -> R<Rows<'_>> {
        match self {
            Stmt::Sqlite(st) => {
                ikat(st, &p)?;
                Ok(Rows::Sqlite(st.raw_query()))
            }
            #[cfg(feature = "postgres")]
            Stmt::Pg(k, st) => Ok(Rows::Pg(k.query(st, &p.nilai()?)?.into_iter(), None)),
        }
    }

    /// Every row through `f`, collected.
    pub fn query_map<T>(
        &mut self,
        p: impl Params,
        mut f: impl FnMut(&Baris<'_>) -> R<T>,
    ) -> R<std::vec::IntoIter<R<T>>> {
        let mut rows = self.query(p)?;
        let mut out = vec![];
        while let Some(r) = rows.next()? {
            out.push(f(&r));
        }
        Ok(out.into_iter())
    }

    pub fn query_row<T>(&mut self, p: impl Params, f: impl FnOnce(&Baris<'_>) -> R<T>) -> R<T> {
        let mut rows = self.query(p)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(GalatStore::TanpaBaris),
        }
    }
}

impl Koneksi {
    /// A connection to a PostgreSQL database, reading and writing the
    /// schema `skema` ([`pg::KoneksiPg::sambung`]).
    #[cfg(feature = "postgres")]
    pub fn pg(url: &str, skema: &str) -> R<Koneksi> {
        Ok(Koneksi::Pg(Box::new(pg::KoneksiPg::sambung(url, skema)?)))
    }

    /// Whether this is the embedded SQLite store.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Koneksi::Sqlite(c) => Some(c),
            #[cfg(feature = "postgres")]
            Koneksi::Pg(_) => None,
        }
    }

    pub fn prepare(&self, sql: &str) -> R<Stmt<'_>> {
        self.prepare_cached(sql)
    }

    pub fn prepare_cached(&self, sql: &str) -> R<Stmt<'_>> {
        match self {
            Koneksi::Sqlite(c) => Ok(Stmt::Sqlite(c.prepare_cached(sql)?)),
            #[cfg(feature = "postgres")]
            Koneksi::Pg(k) => Ok(Stmt::Pg(k, k.siapkan(sql)?)),
        }
    }

    pub fn execute(&self, sql: &str, p: impl Params) -> R<usize> {
        self.prepare_cached(sql)?.execute(p)
    }

    pub fn execute_batch(&self, sql: &str) -> R<()> {
        match self {
            Koneksi::Sqlite(c) => Ok(c.execute_batch(sql)?),
            #[cfg(feature = "postgres")]
            Koneksi::Pg(k) => k.batch(sql),
        }
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        p: impl Params,
        f: impl FnOnce(&Baris<'_>) -> R<T>,
    ) -> R<T> {
        self.prepare_cached(sql)?.query_row(p, f)
    }

    /// Opens a transaction; `tulis`: one that will write, so it takes the
    /// write lock now (SQLite `BEGIN IMMEDIATE`; PostgreSQL a lock that
    /// keeps other writers out, not readers).
    pub fn transaksi(&self, tulis: bool) -> R<Tx<'_>> {
        match self {
            Koneksi::Sqlite(c) => {
                c.execute_batch(if tulis { "BEGIN IMMEDIATE" } else { "BEGIN" })?
            }
            #[cfg(feature = "postgres")]
            Koneksi::Pg(k) => k.batch(if tulis {
                "BEGIN; LOCK TABLE meta IN SHARE ROW EXCLUSIVE MODE"
            } else {
                "BEGIN"
            })?,
        }
        Ok(Tx {
            k: self,
            selesai: false,
        })
    }

    /// A read-only transaction that sees one snapshot throughout.
    pub fn snapshot(&self) -> R<Tx<'_>> {
        match self {
            Koneksi::Sqlite(c) => c.execute_batch("BEGIN")?,
            #[cfg(feature = "postgres")]
            Koneksi::Pg(k) => k.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?,
        }
        Ok(Tx {
            k: self,
            selesai: false,
        })
    }

    /// Whether a table exists.
    pub fn ada_tabel(&self, nama: &str) -> R<bool> {
        match self {
            Koneksi::Sqlite(_) => self.query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = ?1)",
                [nama],
                |r| r.get(0),
            ),
            #[cfg(feature = "postgres")]
            Koneksi::Pg(_) => self.query_row(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?1)",
                [nama],
                |r| r.get(0),
            ),
        }
    }
}

/// Copies every row of table `t` from one connection to another (either
/// backend to either), by column name; the number of rows.
pub fn salin_tabel(dari: &Koneksi, ke: &Koneksi, t: &str) -> R<u64> {
    let mut st = dari.prepare(&format!("SELECT * FROM {t}"))?;
    let kolom = st.kolom();
    let tanda: Vec<String> = (1..=kolom.len()).map(|i| format!("?{i}")).collect();
    let mut sisip = ke.prepare(&format!(
        "INSERT INTO {t}({}) VALUES ({})",
        kolom.join(", "),
        tanda.join(", ")
    ))?;
    let mut rows = st.query([])?;
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let v = (0..kolom.len())
            .map(|i| r.get::<Nilai>(i))
            .collect::<R<Vec<_>>>()?;
        sisip.execute(v)?;
        n += 1;
    }
    Ok(n)
}

/// An open transaction: committed by [`Tx::commit`], rolled back when
/// dropped otherwise. It reads and writes through its connection.
pub struct Tx<'c> {
    k: &'c Koneksi,
    selesai: bool,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Koneksi;
    fn deref(&self) -> &Koneksi {
        self.k
    }
}

impl Tx<'_> {
    pub fn commit(mut self) -> R<()> {
        self.selesai = true;
        self.k.execute_batch("COMMIT")
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.selesai {
            let _ = self.k.execute_batch("ROLLBACK");
        }
    }
}

#[cfg(feature = "postgres")]
pub mod pg {
    //! PostgreSQL: the client, statement cache, placeholder rewriting and
    //! values.
    use super::{Param, R};
    use crate::GalatStore;
    use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// Keeps a value in a cell borrowed for one call at a time.
    fn pinjam<T, U>(c: &RefCell<T>, f: impl FnOnce(&mut T) -> U) -> R<U> {
        let mut b = c
            .try_borrow_mut()
            .map_err(|_| GalatStore::Basisdata("koneksi sedang dipakai".into()))?;
        Ok(f(&mut b))
    }

    /// Runs a call of the synchronous client, which drives its own small
    /// runtime and so may not block a thread of another one: on a worker
    /// of the web service's (multi-threaded) runtime, the worker is handed
    /// over for the call (`block_in_place`); on a single-threaded
    /// runtime's thread, the call runs on a thread of its own.
    fn di_luar_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
        use tokio::runtime::{Handle, RuntimeFlavor};
        match Handle::try_current().map(|h| h.runtime_flavor()) {
            Err(_) => f(),
            Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
            Ok(_) => std::thread::scope(|s| match s.spawn(f).join() {
                Ok(v) => v,
                Err(p) => std::panic::resume_unwind(p),
            }),
        }
    }

    /// The client's calls, each outside any runtime the caller is in.
    fn klien<U: Send>(
        c: &RefCell<Option<postgres::Client>>,
        f: impl FnOnce(&mut postgres::Client) -> U + Send,
    ) -> R<U> {
        pinjam(c, |k| match k.as_mut() {
            Some(k) => Ok(di_luar_runtime(|| f(k))),
            None => Err(GalatStore::Basisdata("koneksi sudah ditutup".into())),
        })?
    }

    pub struct KoneksiPg {
        client: RefCell<Option<postgres::Client>>,
        cache: RefCell<HashMap<String, postgres::Statement>>,
    }

    impl Drop for KoneksiPg {
        /// Closing the client blocks on its runtime too.
        fn drop(&mut self) {
            if let Some(c) = self.client.get_mut().take() {
                di_luar_runtime(move || drop(c));
            }
        }
    }

    impl From<postgres::Error> for GalatStore {
        fn from(e: postgres::Error) -> GalatStore {
            match e.as_db_error() {
                Some(d) => GalatStore::Basisdata(format!("PostgreSQL: {}", d.message())),
                None => GalatStore::Basisdata(format!("PostgreSQL: {e}")),
            }
        }
    }

    /// `?N` (and bare `?`) to `$N`, outside quoted text.
    pub fn tulis_ulang(sql: &str) -> String {
        let mut out = String::with_capacity(sql.len() + 8);
        let mut kutip: Option<char> = None;
        let mut urut = 0usize;
        let mut it = sql.chars().peekable();
        while let Some(c) = it.next() {
            match (kutip, c) {
                (Some(q), c) if c == q => {
                    kutip = None;
                    out.push(c);
                }
                (Some(_), c) => out.push(c),
                (None, '\'' | '"') => {
                    kutip = Some(c);
                    out.push(c);
                }
                (None, '?') => {
                    let mut n = String::new();
                    while let Some(d) = it.next_if(char::is_ascii_digit) {
                        n.push(d);
                    }
                    if n.is_empty() {
                        urut += 1;
                        n = urut.to_string();
                    }
                    out.push('$');
                    out.push_str(&n);
                }
                (None, c) => out.push(c),
            }
        }
        out
    }

    impl KoneksiPg {
        /// Connects and sets the schema every statement then reads (made
        /// by the caller where it is new). `skema` is ours, never input:
        /// `kantor_` or `provinsi_` and digits.
        pub fn sambung(url: &str, skema: &str) -> R<KoneksiPg> {
            let c = di_luar_runtime(|| -> R<postgres::Client> {
                let mut c = postgres::Client::connect(url, postgres::NoTls)?;
                c.batch_execute(&format!(
                    "SET search_path TO {skema}; SET lock_timeout = '600s'"
                ))?;
                Ok(c)
            })?;
            Ok(KoneksiPg {
                client: RefCell::new(Some(c)),
                cache: RefCell::new(HashMap::new()),
            })
        }

        pub(super) fn siapkan(&self, sql: &str) -> R<postgres::Statement> {
            if let Some(s) = pinjam(&self.cache, |c| c.get(sql).cloned())? {
                return Ok(s);
            }
            let t = tulis_ulang(sql);
            let s = klien(&self.client, |c| c.prepare(&t))??;
            pinjam(&self.cache, |c| c.insert(sql.to_owned(), s.clone()))?;
            Ok(s)
        }

        pub(super) fn execute(&self, st: &postgres::Statement, v: &[Param<'_>]) -> R<usize> {
            let p: Vec<&(dyn ToSql + Sync)> = v.iter().map(|x| x as _).collect();
            Ok(klien(&self.client, |c| c.execute(st, &p))?? as usize)
        }

        pub(super) fn query(
            &self,
            st: &postgres::Statement,
            v: &[Param<'_>],
        ) -> R<Vec<postgres::Row>> {
            let p: Vec<&(dyn ToSql + Sync)> = v.iter().map(|x| x as _).collect();
            Ok(klien(&self.client, |c| c.query(st, &p))??)
        }

        pub(super) fn batch(&self, sql: &str) -> R<()> {
            // DDL may change what cached plans read.
            if !sql.starts_with("BEGIN") && sql != "COMMIT" && sql != "ROLLBACK" {
                pinjam(&self.cache, |c| c.clear())?;
            }
            Ok(klien(&self.client, |c| c.batch_execute(sql))??)
        }
    }

    type Galat = Box<dyn std::error::Error + Sync + Send>;

    impl ToSql for Param<'_> {
        fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Galat> {
            match *self {
                Param::Null => Ok(IsNull::Yes),
                Param::Int(v) => match *ty {
                    Type::INT8 => v.to_sql(ty, out),
                    Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                    Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                    Type::BOOL => (v != 0).to_sql(ty, out),
                    Type::FLOAT8 => (v as f64).to_sql(ty, out),
                    _ => v.to_string().to_sql(ty, out),
                },
                Param::Real(v) => match *ty {
                    Type::FLOAT4 => (v as f32).to_sql(ty, out),
                    Type::FLOAT8 => v.to_sql(ty, out),
                    _ => v.to_string().to_sql(ty, out),
                },
                Param::Text(s) => match *ty {
                    Type::BYTEA => s.as_bytes().to_sql(ty, out),
                    _ => s.to_sql(ty, out),
                },
                Param::Blob(b) => b.to_sql(ty, out),
            }
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        to_sql_checked!();
    }

    #[cfg(test)]
    mod tests {
        use super::tulis_ulang;

        #[test]
        fn placeholders_become_numbered_outside_quotes() {
            assert_eq!(
                tulis_ulang("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?2"),
                "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $2"
            );
            assert_eq!(tulis_ulang("VALUES (?, ?)"), "VALUES ($1, $2)");
            assert_eq!(
                tulis_ulang("x LIKE ?2 ESCAPE '\\'"),
                "x LIKE $2 ESCAPE '\\'"
            );
        }
    }
}
