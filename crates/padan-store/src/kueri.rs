//! Reading the log: one voter's history, the register as of any effective
//! date and recorded time, the difference between two dates, and the
//! projection folded from events.

use crate::sql::{Baris as Row, Koneksi as Connection, Opsional, params};
use crate::{GalatStore, Gudang, Perubahan, tampil_id};
use chrono::NaiveDate;
use padan_core::pemilih::{Elemen, JenisKelamin, StatusKawin};
use padan_core::{KodeTms, Pemilih};
use serde::Serialize;

/// A voter's state at some point: the record, whether on the list, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keadaan {
    pub pemilih: Pemilih,
    /// On the list (not removed by a TMS code that removes).
    pub aktif: bool,
    pub kode_tms: Option<KodeTms>,
    /// The last event that shaped this state.
    pub seq_terakhir: i64,
}

/// What a state column of a recap reads of a voter, borrowed, so that the
/// register's table can hand it over without copying a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeadaanRingkas<'a> {
    pub nik: &'a str,
    pub nama: &'a str,
    pub kode_desa: &'a str,
    pub jenis_kelamin: JenisKelamin,
    pub aktif: bool,
    pub seq_terakhir: i64,
}

impl<'a> From<&'a Keadaan> for KeadaanRingkas<'a> {
    fn from(k: &'a Keadaan) -> Self {
        KeadaanRingkas {
            nik: &k.pemilih.nik,
            nama: &k.pemilih.nama,
            kode_desa: &k.pemilih.kode_desa,
            jenis_kelamin: k.pemilih.jenis_kelamin,
            aktif: k.aktif,
            seq_terakhir: k.seq_terakhir,
        }
    }
}

/// Which events count: effective on or before `berlaku`, recorded on or before
/// `dicatat` (`None`: all). Bitemporal: "as the list stood on D" and "as we
/// knew it at time T" are separate questions.
#[derive(Debug, Clone, Default)]
pub struct Saringan {
    pub berlaku: Option<NaiveDate>,
    /// Recorded-time text in the log's format (see `waktu_sekarang`).
    pub dicatat: Option<String>,
}

impl Saringan {
    /// The bounds as text, once per fold rather than once per event.
    fn batas(&self) -> (Option<String>, Option<&str>) {
        (
            self.berlaku.map(padan_core::tanggal::iso),
            self.dicatat.as_deref(),
        )
    }
}

fn lolos(batas: &(Option<String>, Option<&str>), berlaku: &str, dicatat: &str) -> bool {
    batas.0.as_deref().is_none_or(|b| berlaku <= b) && batas.1.is_none_or(|d| dicatat <= d)
}

/// Applies one event to a voter's state. The single definition of what each
/// kind of event means for the register.
pub fn terapkan(state: &mut Option<Keadaan>, p: Perubahan, seq: i64) -> Result<(), GalatStore> {
    match p {
        Perubahan::Daftar { pemilih, .. } => {
            *state = Some(Keadaan {
                pemilih,
                aktif: true,
                kode_tms: None,
                seq_terakhir: seq,
            });
        }
        Perubahan::Ubah { sesudah, .. } => {
            if let Some(k) = state {
                for (nama, v) in &sesudah {
                    let e = Elemen::dari_nama(nama).ok_or_else(|| {
                        GalatStore::Data(seq, format!("elemen '{nama}' tidak dikenal"))
                    })?;
                    k.pemilih
                        .terapkan(e, v)
                        .map_err(|m| GalatStore::Data(seq, m))?;
                }
                k.pemilih.keterangan = "U".into();
                k.seq_terakhir = seq;
            }
        }
        Perubahan::Tms { kode } => {
            if let Some(k) = state {
                k.aktif = !kode.mencoret();
                k.kode_tms = Some(kode);
                k.pemilih.keterangan = kode.angka().to_string();
                k.seq_terakhir = seq;
            }
        }
        Perubahan::Gabung { .. } => {
            if let Some(k) = state {
                k.aktif = false;
                k.kode_tms = Some(KodeTms::Ganda);
                k.pemilih.keterangan = KodeTms::Ganda.angka().to_string();
                k.seq_terakhir = seq;
            }
        }
        Perubahan::Pulih {
            aktif,
            kode_tms,
            keterangan,
        } => {
            if let Some(k) = state {
                k.aktif = aktif;
                k.kode_tms = kode_tms;
                k.pemilih.keterangan = keterangan;
                k.seq_terakhir = seq;
            }
        }
        // Events of the log that change no voter's data.
        Perubahan::Sumber { .. }
        | Perubahan::Pengakuan { .. }
        | Perubahan::Operator { .. }
        | Perubahan::Keputusan(_)
        | Perubahan::Persetujuan { .. }
        | Perubahan::Pembatalan { .. }
        | Perubahan::Tanggapan(_)
        | Perubahan::Periode(_)
        | Perubahan::Salinan { .. } => {}
    }
    Ok(())
}

fn urai_data(seq: i64, data: &str) -> Result<Perubahan, GalatStore> {
    serde_json::from_str(data).map_err(|e| GalatStore::Data(seq, e.to_string()))
}

/// One event as read for a fold: its content still unparsed.
struct Mentah {
    seq: i64,
    berlaku: String,
    tercatat: usize,
    data: String,
}

/// One voter's state under each filter. Filters that let the same events
/// through share one state, built once (most voters: nothing of theirs
/// happened between two states), so a recap folds most voters once, not twice.
#[derive(Debug)]
pub(crate) struct Lipatan {
    keadaan: Vec<Option<Keadaan>>,
    /// Filter `i`'s state is `keadaan[peta[i]]`.
    peta: Vec<usize>,
}

impl Lipatan {
    /// The state under filter `i` (`None`: not registered under it).
    pub(crate) fn di(&self, i: usize) -> Option<&Keadaan> {
        self.peta
            .get(i)
            .and_then(|j| self.keadaan.get(*j))
            .and_then(Option::as_ref)
    }
}

/// Hands a voter's two states to `f`, unless it was registered under
/// neither.
fn kirim_dua(
    f: &mut impl FnMut(i64, Option<&Keadaan>, Option<&Keadaan>) -> Result<(), GalatStore>,
    id: i64,
    st: &Lipatan,
) -> Result<(), GalatStore> {
    match (st.di(0), st.di(1)) {
        (None, None) => Ok(()),
        (x, y) => f(id, x, y),
    }
}

/// One voter's events under each filter, folded.
fn lipat_pemilih(
    ev: &[Mentah],
    batas: &[(Option<String>, Option<&str>)],
    dicatat: &[String],
) -> Result<Lipatan, GalatStore> {
    let mut l = Lipatan {
        keadaan: vec![None],
        peta: vec![0; batas.len()],
    };
    let mut lewat = vec![false; batas.len()];
    let mut kena: Vec<usize> = vec![];
    for e in ev {
        let tercatat = dicatat.get(e.tercatat).map(String::as_str).unwrap_or("");
        for (x, b) in lewat.iter_mut().zip(batas) {
            *x = lolos(b, &e.berlaku, tercatat);
        }
        if !lewat.iter().any(|x| *x) {
            continue;
        }
        // Each shared state takes the event in place when every filter
        // sharing it lets the event through; when only some do, those get a
        // copy of it first.
        kena.clear();
        for s in 0..l.keadaan.len() {
            let (mut ya, mut tidak) = (false, false);
            for (j, x) in l.peta.iter().zip(&lewat) {
                if *j == s {
                    if *x {
                        ya = true;
                    } else {
                        tidak = true;
                    }
                }
            }
            if !ya {
                continue;
            }
            if !tidak {
                kena.push(s);
                continue;
            }
            let salinan = l.keadaan.get(s).cloned().flatten();
            let baru = l.keadaan.len();
            l.keadaan.push(salinan);
            for (j, x) in l.peta.iter_mut().zip(&lewat) {
                if *j == s && *x {
                    *j = baru;
                }
            }
            kena.push(baru);
        }
        let p = urai_data(e.seq, &e.data)?;
        if let Some((akhir, awal)) = kena.split_last() {
            for s in awal {
                if let Some(state) = l.keadaan.get_mut(*s) {
                    terapkan(state, p.clone(), e.seq)?;
                }
            }
            if let Some(state) = l.keadaan.get_mut(*akhir) {
                terapkan(state, p, e.seq)?;
            }
        }
    }
    Ok(l)
}

/// The projection's rows in a region (a desa, or every desa under a code):
/// bound with [`params_wilayah`].
const DI_WILAYAH: &str = "(kode_desa = ?1 OR kode_desa LIKE ?2 ESCAPE '\\')";

fn params_wilayah(wilayah: &str) -> [String; 2] {
    let esc = wilayah
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    [wilayah.to_owned(), format!("{esc}.%")]
}

/// The voters with an event that some of the filters let through and some
/// do not, in ID order: the only ones whose state can differ between them.
/// Every event takes its batch's recorded time and effective date (`verify`
/// checks the latter: `BERLAKU-BEDA`), so the filters agree or disagree on a
/// whole batch at once: only the events of the batches they disagree on are
/// read, by sequence range, not the whole subject index. Events outside
/// every checkpointed batch count as differing, so the answer can be too
/// wide, never too narrow.
pub(crate) fn berubah_antara(
    conn: &Connection,
    saringan: &[Saringan],
) -> Result<Vec<i64>, GalatStore> {
    let batas: Vec<_> = saringan.iter().map(Saringan::batas).collect();
    // Filters with the same bounds let the same events through: nothing
    // can differ, and the log need not be read.
    if batas.windows(2).all(|w| w.first() == w.last()) {
        return Ok(vec![]);
    }
    let mut baca: Vec<(i64, i64)> = vec![];
    let mut berikut = 1i64;
    {
        let mut st = conn.prepare(
            "SELECT c.seq_awal, c.seq_akhir, b.dicatat, b.berlaku FROM checkpoint c JOIN batch b ON b.id = c.batch ORDER BY c.seq_awal",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (awal, akhir): (i64, i64) = (r.get(0)?, r.get(1)?);
            let dicatat = r.teks(2)?;
            let berlaku = r.teks(3)?;
            let mut lewat = batas.iter().map(|b| lolos(b, berlaku, dicatat));
            let pertama = lewat.next().unwrap_or(true);
            if lewat.any(|x| x != pertama) {
                baca.push((awal, akhir));
            }
            // A gap between checkpointed batches is read too.
            if awal > berikut {
                baca.push((berikut, awal - 1));
            }
            berikut = berikut.max(akhir.saturating_add(1));
        }
    }
    baca.push((berikut, i64::MAX));
    let mut st = conn.prepare(
        "SELECT subjek FROM peristiwa WHERE seq BETWEEN ?1 AND ?2 AND subjek IS NOT NULL",
    )?;
    let mut out: Vec<i64> = vec![];
    for (awal, akhir) in baca {
        let mut rows = st.query([awal, akhir])?;
        while let Some(r) = rows.next()? {
            out.push(r.get(0)?);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Every batch's recorded time (an event's is its batch's; batches are few,
/// so a fold looks them up in memory), and each batch's place in it.
fn waktu_batch(
    conn: &Connection,
) -> Result<(Vec<String>, std::collections::HashMap<i64, usize>), GalatStore> {
    let mut dicatat: Vec<String> = vec![];
    let mut indeks = std::collections::HashMap::new();
    let mut st = conn.prepare("SELECT id, dicatat FROM batch")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        indeks.insert(r.get(0)?, dicatat.len());
        dicatat.push(r.get(1)?);
    }
    Ok((dicatat, indeks))
}

/// [`lipat_banyak`] for one voter at a time, read by the subject index.
struct Pelipat<'c> {
    st: crate::sql::Stmt<'c>,
    dicatat: Vec<String>,
    indeks: std::collections::HashMap<i64, usize>,
    batas: Vec<(Option<String>, Option<String>)>,
}

impl<'c> Pelipat<'c> {
    fn baru(conn: &'c Connection, saringan: &[Saringan]) -> Result<Self, GalatStore> {
        let (dicatat, indeks) = waktu_batch(conn)?;
        Ok(Pelipat {
            st: conn.prepare_cached(
                "SELECT seq, berlaku, batch, data FROM peristiwa WHERE subjek = ?1 ORDER BY berlaku, seq",
            )?,
            dicatat,
            indeks,
            batas: saringan
                .iter()
                .map(|s| {
                    let (b, d) = s.batas();
                    (b, d.map(str::to_owned))
                })
                .collect(),
        })
    }

    /// The voter's state under each filter; `None` when it has no events.
    fn lipat(&mut self, id: i64) -> Result<Option<Lipatan>, GalatStore> {
        let indeks = &self.indeks;
        let ev: Vec<Mentah> = self
            .st
            .query_map([id], |r| {
                let batch: i64 = r.get(2)?;
                Ok(Mentah {
                    seq: r.get(0)?,
                    berlaku: r.get(1)?,
                    tercatat: indeks.get(&batch).copied().unwrap_or(usize::MAX),
                    data: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        if ev.is_empty() {
            return Ok(None);
        }
        let batas: Vec<(Option<String>, Option<&str>)> = self
            .batas
            .iter()
            .map(|(b, d)| (b.clone(), d.as_deref()))
            .collect();
        Ok(Some(lipat_pemilih(&ev, &batas, &self.dicatat)?))
    }
}

/// [`lipat_banyak`] for some voters only (`ids` in ascending order).
pub(crate) fn lipat_sebagian(
    conn: &Connection,
    saringan: &[Saringan],
    ids: &[i64],
    mut f: impl FnMut(i64, &Lipatan) -> Result<(), GalatStore>,
) -> Result<(), GalatStore> {
    let mut p = Pelipat::baru(conn, saringan)?;
    for id in ids {
        if let Some(st) = p.lipat(*id)? {
            f(*id, &st)?;
        }
    }
    Ok(())
}

/// Walks the register's table (the rows in region `wilayah`, `None`: all)
/// and the voters `ids` (ascending, wherever they are) together in ID
/// order: `f(id, None)` for each of `ids`, `f(id, Some(row))` for each
/// other row. Both are read as they come; nothing is collected.
fn gabung_tabel(
    conn: &Connection,
    ids: &[i64],
    wilayah: Option<&str>,
    mut f: impl FnMut(i64, Option<KeadaanRingkas<'_>>) -> Result<(), GalatStore>,
) -> Result<(), GalatStore> {
    let mut lain = ids.iter().copied().peekable();
    jelajah_ringkas(conn, wilayah, |id, k| {
        while let Some(j) = lain.next_if(|j| *j < id) {
            f(j, None)?;
        }
        if lain.next_if_eq(&id).is_some() {
            f(id, None)
        } else {
            f(id, Some(k))
        }
    })?;
    for j in lain {
        f(j, None)?;
    }
    Ok(())
}

/// Events per chunk handed to the folding threads.
const POTONGAN: usize = 16_384;

type Potongan = Vec<(i64, Vec<Mentah>)>;
type Terlipat = Result<Vec<(i64, Lipatan)>, GalatStore>;

/// Folds the events of every voter, voter by voter, in (effective date,
/// sequence) order, once per filter. `f` gets each voter's state under each
/// filter, in voter order. Memory stays flat whatever the register's size:
/// the log is read here in chunks of whole voters, which other cores parse
/// and fold while the next chunk is read (measured on 1,000,000 voters:
/// parsing the events is most of a fold's time).
pub(crate) fn lipat_banyak(
    conn: &Connection,
    saringan: &[Saringan],
    mut f: impl FnMut(i64, &Lipatan) -> Result<(), GalatStore>,
) -> Result<(), GalatStore> {
    use rayon::prelude::*;
    let (dicatat, indeks) = waktu_batch(conn)?;
    let batas: Vec<_> = saringan.iter().map(Saringan::batas).collect();
    let mut st = conn.prepare("SELECT subjek, seq, berlaku, batch, data FROM peristiwa WHERE subjek IS NOT NULL ORDER BY subjek, berlaku, seq")?;
    let mut rows = st.query([])?;
    std::thread::scope(|sc| -> Result<(), GalatStore> {
        let (kirim, terima) = std::sync::mpsc::sync_channel::<Potongan>(2);
        let (kembali, hasil) = std::sync::mpsc::sync_channel::<Terlipat>(2);
        let (batas, dicatat) = (&batas, &dicatat);
        sc.spawn(move || {
            for p in terima {
                let r: Terlipat = p
                    .par_iter()
                    .map(|(id, ev)| Ok((*id, lipat_pemilih(ev, batas, dicatat)?)))
                    .collect();
                if kembali.send(r).is_err() {
                    return;
                }
            }
        });
        let mut sampaikan = |r: Terlipat| -> Result<(), GalatStore> {
            for (id, st) in r? {
                f(id, &st)?;
            }
            Ok(())
        };
        let mut potongan: Potongan = vec![];
        let mut n = 0usize;
        let mut dikirim = 0usize;
        let mut diterima = 0usize;
        let mut kirim = Some(kirim);
        while let Some(r) = rows.next()? {
            let (subjek, seq, batch): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(3)?);
            let berlaku: String = r.get(2)?;
            let data: String = r.get(4)?;
            let tercatat = indeks.get(&batch).copied().unwrap_or(usize::MAX);
            let e = Mentah {
                seq,
                berlaku,
                tercatat,
                data,
            };
            match potongan.last_mut() {
                Some((id, ev)) if *id == subjek => ev.push(e),
                _ => {
                    // A chunk ends only between voters.
                    if n >= POTONGAN {
                        if let Some(k) = &kirim
                            && k.send(std::mem::take(&mut potongan)).is_ok()
                        {
                            dikirim += 1;
                        }
                        n = 0;
                        while let Ok(r) = hasil.try_recv() {
                            diterima += 1;
                            sampaikan(r)?;
                        }
                    }
                    potongan.push((subjek, vec![e]));
                }
            }
            n += 1;
        }
        if !potongan.is_empty()
            && let Some(k) = &kirim
            && k.send(potongan).is_ok()
        {
            dikirim += 1;
        }
        kirim.take();
        while diterima < dikirim {
            let Ok(r) = hasil.recv() else { break };
            diterima += 1;
            sampaikan(r)?;
        }
        Ok(())
    })
}

/// One voter's state from all of its events.
pub(crate) fn lipat_satu(conn: &Connection, id: i64) -> Result<Option<Keadaan>, GalatStore> {
    let mut st = conn.prepare_cached(
        "SELECT seq, data FROM peristiwa WHERE subjek = ?1 ORDER BY berlaku, seq",
    )?;
    let mut rows = st.query([id])?;
    let mut state = None;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let data: String = r.get(1)?;
        terapkan(&mut state, urai_data(seq, &data)?, seq)?;
    }
    Ok(state)
}

/// Writes a voter's projection row. `baru`: the ID is new, so a plain
/// INSERT serves (no conflict handling, no statement journal: the bulk path).
pub(crate) fn tulis_proyeksi(
    conn: &Connection,
    id: i64,
    k: &Keadaan,
    baru: bool,
) -> Result<(), GalatStore> {
    let p = &k.pemilih;
    let mut st = conn.prepare_cached(if baru { SISIP } else { GANTI })?;
    st.execute(params![
        id,
        p.nkk,
        p.nik,
        p.nama,
        p.tempat_lahir,
        padan_core::tanggal::iso(p.tanggal_lahir),
        p.status_kawin.kode(),
        p.jenis_kelamin.kode(),
        p.alamat,
        p.rt,
        p.rw,
        p.disabilitas,
        p.ktp_el,
        p.keterangan,
        p.kode_desa,
        p.tps,
        k.aktif,
        k.kode_tms.map(|c| c.angka()),
        k.seq_terakhir
    ])?;
    Ok(())
}

/// One placeholder per projection column.
macro_rules! nilai_proyeksi {
    () => {
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
    };
}

/// The projection's columns, once, for every statement that names them
/// (in the order `tulis_proyeksi` binds and `dari_baris` reads).
macro_rules! kolom_proyeksi {
    () => {
        "id, nkk, nik, nama, tempat_lahir, tanggal_lahir, status_kawin, jenis_kelamin, alamat, rt, rw, disabilitas, ktp_el, keterangan, kode_desa, tps, aktif, kode_tms, seq_terakhir"
    };
}
const SISIP: &str = concat!(
    "INSERT INTO pemilih(",
    kolom_proyeksi!(),
    ") ",
    nilai_proyeksi!()
);
const GANTI: &str = concat!(
    "INSERT INTO pemilih(",
    kolom_proyeksi!(),
    ") ",
    nilai_proyeksi!(),
    " ON CONFLICT(id) DO UPDATE SET nkk = excluded.nkk, nik = excluded.nik, nama = excluded.nama, tempat_lahir = excluded.tempat_lahir, tanggal_lahir = excluded.tanggal_lahir, status_kawin = excluded.status_kawin, jenis_kelamin = excluded.jenis_kelamin, alamat = excluded.alamat, rt = excluded.rt, rw = excluded.rw, disabilitas = excluded.disabilitas, ktp_el = excluded.ktp_el, keterangan = excluded.keterangan, kode_desa = excluded.kode_desa, tps = excluded.tps, aktif = excluded.aktif, kode_tms = excluded.kode_tms, seq_terakhir = excluded.seq_terakhir"
);
const KOLOM_PROYEKSI: &str = kolom_proyeksi!();

fn dari_baris(r: &Row) -> Result<(i64, Keadaan), GalatStore> {
    let bad = |i: usize, m: &str| GalatStore::Rusak(format!("kolom {i}: {m}"));
    let tgl: String = r.get(5)?;
    let sk: String = r.get(6)?;
    let jk: String = r.get(7)?;
    let kode: Option<u8> = r.get(17)?;
    Ok((
        r.get(0)?,
        Keadaan {
            pemilih: Pemilih {
                nkk: r.get(1)?,
                nik: r.get(2)?,
                nama: r.get(3)?,
                tempat_lahir: r.get(4)?,
                tanggal_lahir: NaiveDate::parse_from_str(&tgl, "%Y-%m-%d")
                    .map_err(|_| bad(5, "tanggal_lahir"))?,
                status_kawin: StatusKawin::urai(&sk).ok_or_else(|| bad(6, "status_kawin"))?,
                jenis_kelamin: JenisKelamin::urai(&jk).ok_or_else(|| bad(7, "jenis_kelamin"))?,
                alamat: r.get(8)?,
                rt: r.get(9)?,
                rw: r.get(10)?,
                disabilitas: r.get(11)?,
                ktp_el: r.get(12)?,
                keterangan: r.get(13)?,
                kode_desa: r.get(14)?,
                tps: r.get(15)?,
            },
            aktif: r.get(16)?,
            kode_tms: kode
                .map(KodeTms::try_from)
                .transpose()
                .map_err(|m| bad(17, &m))?,
            seq_terakhir: r.get(18)?,
        },
    ))
}

pub(crate) fn baca_proyeksi(conn: &Connection, id: i64) -> Result<Option<Keadaan>, GalatStore> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {KOLOM_PROYEKSI} FROM pemilih WHERE id = ?1"
    ))?;
    Ok(st.query_row([id], dari_baris).optional()?.map(|(_, k)| k))
}

/// A cursor over the projection in ID order, read in pages by key (so no
/// statement is held across the caller's other queries on the connection).
pub(crate) struct KursorProyeksi<'c> {
    conn: &'c Connection,
    buf: std::collections::VecDeque<(i64, Keadaan)>,
    terakhir: i64,
    habis: bool,
}

const HALAMAN: usize = 4096;

pub(crate) fn jelajah_proyeksi_urut(conn: &Connection) -> Result<KursorProyeksi<'_>, GalatStore> {
    Ok(KursorProyeksi {
        conn,
        buf: Default::default(),
        terakhir: i64::MIN,
        habis: false,
    })
}

impl KursorProyeksi<'_> {
    /// The next row, or `None` at the end.
    pub fn berikut(&mut self) -> Result<Option<(i64, Keadaan)>, GalatStore> {
        if self.buf.is_empty() && !self.habis {
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT {KOLOM_PROYEKSI} FROM pemilih WHERE id > ?1 ORDER BY id LIMIT {HALAMAN}"
            ))?;
            for r in st.query_map([self.terakhir], dari_baris)? {
                self.buf.push_back(r?);
            }
            self.habis = self.buf.len() < HALAMAN;
            if let Some((id, _)) = self.buf.back() {
                self.terakhir = *id;
            }
        }
        Ok(self.buf.pop_front())
    }
}

/// Walks the projection in ID order.
pub(crate) fn jelajah_proyeksi(
    conn: &Connection,
    mut f: impl FnMut(i64, Keadaan) -> Result<(), GalatStore>,
) -> Result<(), GalatStore> {
    let mut st = conn.prepare(&format!("SELECT {KOLOM_PROYEKSI} FROM pemilih ORDER BY id"))?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (id, k) = dari_baris(&r)?;
        f(id, k)?;
    }
    Ok(())
}

/// Walks what a state column reads of the projection's rows in a region
/// (`None`: all), in ID order.
fn jelajah_ringkas(
    conn: &Connection,
    wilayah: Option<&str>,
    mut f: impl FnMut(i64, KeadaanRingkas<'_>) -> Result<(), GalatStore>,
) -> Result<(), GalatStore> {
    const KOLOM: &str = "id, nik, nama, kode_desa, jenis_kelamin, aktif, seq_terakhir";
    let mut st;
    let mut rows = match wilayah {
        Some(w) => {
            st = conn.prepare(&format!(
                "SELECT {KOLOM} FROM pemilih WHERE {DI_WILAYAH} ORDER BY id"
            ))?;
            st.query(params_wilayah(w))?
        }
        None => {
            st = conn.prepare(&format!("SELECT {KOLOM} FROM pemilih ORDER BY id"))?;
            st.query([])?
        }
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let jenis_kelamin = JenisKelamin::urai(r.teks(4)?)
            .ok_or_else(|| GalatStore::Rusak("kolom 4: jenis_kelamin".into()))?;
        f(
            id,
            KeadaanRingkas {
                nik: r.teks(1)?,
                nama: r.teks(2)?,
                kode_desa: r.teks(3)?,
                jenis_kelamin,
                aktif: r.get(5)?,
                seq_terakhir: r.get(6)?,
            },
        )?;
    }
    Ok(())
}

/// One event as shown in a voter's chronology.
#[derive(Debug, Clone, Serialize)]
pub struct Peristiwa {
    pub seq: i64,
    pub id_pemilih: Option<String>,
    pub jenis: String,
    /// Effective date (valid time).
    pub berlaku: String,
    /// Recorded time (transaction time), UTC.
    pub dicatat: String,
    pub operator: String,
    pub kantor: String,
    pub batch: i64,
    pub batch_jenis: String,
    pub sumber: String,
    /// The document's name as given, and the SHA-256 of its stored bytes.
    pub dokumen: String,
    pub dokumen_sha256: Option<String>,
    /// Row of the document the event came from (header = row 1).
    pub baris: Option<i64>,
    pub alasan: String,
    pub perubahan: Perubahan,
    pub hash: String,
}

impl Gudang {
    /// A voter's chronology, in recorded order.
    pub fn riwayat(&self, id: i64) -> Result<Vec<Peristiwa>, GalatStore> {
        let mut st = self.conn.prepare(
            "SELECT p.seq, p.subjek, p.jenis, p.berlaku, b.dicatat, b.operator, b.kantor, p.batch, b.jenis, b.sumber, b.dokumen, b.dokumen_sha256, p.baris, COALESCE(p.alasan, b.alasan), p.data, p.hash \
             FROM peristiwa p JOIN batch b ON b.id = p.batch WHERE p.subjek = ?1 ORDER BY p.seq",
        )?;
        let mut rows = st.query([id])?;
        let mut out = vec![];
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let data: String = r.get(14)?;
            let hash: Vec<u8> = r.get(15)?;
            out.push(Peristiwa {
                seq,
                id_pemilih: r.get::<Option<i64>>(1)?.map(tampil_id),
                jenis: r.get(2)?,
                berlaku: r.get(3)?,
                dicatat: r.get(4)?,
                operator: r.get(5)?,
                kantor: r.get(6)?,
                batch: r.get(7)?,
                batch_jenis: r.get(8)?,
                sumber: r.get(9)?,
                dokumen: r.get(10)?,
                dokumen_sha256: r.get(11)?,
                baris: r.get(12)?,
                alasan: r.get(13)?,
                perubahan: urai_data(seq, &data)?,
                hash: hex::encode(hash),
            });
        }
        Ok(out)
    }

    /// The register under a filter, voter by voter (those ever registered by
    /// then; check `aktif`).
    pub fn lipat(
        &self,
        s: &Saringan,
        mut f: impl FnMut(i64, &Keadaan) -> Result<(), GalatStore>,
    ) -> Result<(), GalatStore> {
        lipat_banyak(&self.conn, std::slice::from_ref(s), |id, st| {
            match st.di(0) {
                Some(k) => f(id, k),
                None => Ok(()),
            }
        })
    }

    /// Each voter's state under two filters at once (for a diff).
    pub fn lipat_dua(
        &self,
        a: &Saringan,
        b: &Saringan,
        mut f: impl FnMut(i64, Option<&Keadaan>, Option<&Keadaan>) -> Result<(), GalatStore>,
    ) -> Result<(), GalatStore> {
        lipat_banyak(&self.conn, &[a.clone(), b.clone()], |id, st| {
            kirim_dua(&mut f, id, st)
        })
    }

    /// [`Gudang::lipat_dua`] for the voters whose state can differ between
    /// the two filters ([`berubah_antara`]): every voter a change column of
    /// a recap can count. Voters left out have the same state under both.
    pub fn lipat_dua_berubah(
        &self,
        a: &Saringan,
        b: &Saringan,
        mut f: impl FnMut(i64, Option<&Keadaan>, Option<&Keadaan>) -> Result<(), GalatStore>,
    ) -> Result<(), GalatStore> {
        let dua = [a.clone(), b.clone()];
        self.tetap(|g| {
            let ids = berubah_antara(&g.conn, &dua)?;
            lipat_sebagian(&g.conn, &dua, &ids, |id, st| kirim_dua(&mut f, id, st))
        })
    }

    /// What a state column reads of the voters that could be in region
    /// `wilayah` (`None`: the whole office) under `s`, in ID order. A voter none of
    /// whose events `s` holds back is under `s` as the register's table has
    /// it now, so it is read from there (a narrow read of seven columns instead of
    /// parsing its events); only the others ([`berubah_antara`] `s` and the
    /// whole log) are folded. The table is the log's projection, which
    /// `verify` and the recap of the register now check against the log.
    pub fn lipat_wilayah(
        &self,
        s: &Saringan,
        wilayah: Option<&str>,
        mut f: impl FnMut(i64, KeadaanRingkas<'_>) -> Result<(), GalatStore>,
    ) -> Result<(), GalatStore> {
        self.tetap(|g| {
            let ids = berubah_antara(&g.conn, &[s.clone(), Saringan::default()])?;
            let mut p = Pelipat::baru(&g.conn, std::slice::from_ref(s))?;
            gabung_tabel(&g.conn, &ids, wilayah, |id, k| match k {
                Some(k) => f(id, k),
                None => match p.lipat(id)?.as_ref().and_then(|st| st.di(0)) {
                    Some(x) => f(id, x.into()),
                    None => Ok(()),
                },
            })
        })
    }

    /// Runs `f` on one consistent snapshot of the workspace: no batch can
    /// commit between its reads (a matching run reads the voters and the
    /// log's last sequence number, and its manifest must name the state its
    /// findings came from).
    pub fn tetap<T>(
        &self,
        f: impl FnOnce(&Gudang) -> Result<T, GalatStore>,
    ) -> Result<T, GalatStore> {
        let tx = self.conn.snapshot()?;
        // The first read takes the shared lock that the rest then holds.
        tx.query_row("SELECT COUNT(*) FROM meta", [], |r| r.get::<i64>(0))?;
        let t = f(self)?;
        tx.commit()?;
        Ok(t)
    }

    /// Rebuilds the projection from the log alone. Returns the voter count.
    pub fn bangun_ulang_proyeksi(&mut self) -> Result<u64, GalatStore> {
        let tx = self.conn.transaksi(true)?;
        // Rows arrive in ID order; the NIK index is built once at the end.
        tx.execute_batch("DROP INDEX IF EXISTS pemilih_nik; DELETE FROM pemilih;")?;
        let mut n = 0u64;
        lipat_banyak(&tx, &[Saringan::default()], |id, st| {
            if let Some(k) = st.di(0) {
                tulis_proyeksi(&tx, id, k, true)?;
                n += 1;
            }
            Ok(())
        })?;
        tx.execute_batch(crate::skema::INDEKS_NIK)?;
        crate::tindak::bangun_ulang(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    /// SHA-256 over every projection row in ID order: equal fingerprints,
    /// equal registers.
    pub fn sidik_proyeksi(&self) -> Result<String, GalatStore> {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        jelajah_proyeksi(&self.conn, |id, k| {
            h.update(id.to_le_bytes());
            h.update(serde_json::to_vec(&k).map_err(|e| GalatStore::Data(id, e.to_string()))?);
            Ok(())
        })?;
        Ok(hex::encode(h.finalize()))
    }
}
