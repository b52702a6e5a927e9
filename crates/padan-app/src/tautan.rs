//! `padan link`: the matching engine on any one or two CSV/XLSX files,
//! without a workspace. Also the reading of such files into match records,
//! which the workspace commands share.

use crate::galat::Galat;
use crate::kemajuan::Kemajuan;
use crate::teks::Bahasa;
use padan_core::pemilih::Elemen;
use padan_io::baca::{Baris, BarisPadat};
use padan_io::{Pembaca, PenulisTabel};
use padan_match::blok::{ATURAN_BAKU, RingkasanBlokBesar};
use padan_match::mesin::{self, GalatMesin, Hasil, Setelan};
use padan_match::model::Model;
use padan_match::partisi::{Partisi, Sisi};
use padan_match::rekaman::{Medan, NAMA_PERBANDINGAN, Rekaman, idx, isi_frekuensi};
use padan_match::tambahan::{Jenis, Nilai};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The fields the engine compares, in [`Medan`] order.
pub const MEDAN: [Elemen; 10] = [
    Elemen::Nik,
    Elemen::Nkk,
    Elemen::Nama,
    Elemen::TanggalLahir,
    Elemen::JenisKelamin,
    Elemen::TempatLahir,
    Elemen::KodeDesa,
    Elemen::Rt,
    Elemen::Rw,
    Elemen::Alamat,
];

/// Which columns feed each field (several columns are joined with a space:
/// `given_name` and `surname` into `nama`), and the ID column.
#[derive(Debug, Clone)]
pub struct PetaKolom {
    pub kolom: [Vec<usize>; 10],
    pub id: Option<usize>,
    /// The extra comparisons (`--compare`), in slot order: the column and
    /// its kind.
    pub banding: Vec<(usize, Jenis)>,
    /// Region given by name.
    pub wilayah: PetaNamaWilayah,
    /// What each column of the header was used for, said out loud.
    pub pemakaian: PemakaianKolom,
}

/// Region-name columns (`KELURAHAN`, `KECAMATAN`, `KABUPATEN`, `PROVINSI`):
/// resolved to a desa code through the built-in list where the file has a
/// desa name and no code column, and compared as text where a row's names
/// resolve to no single desa.
#[derive(Debug, Clone, Default)]
pub struct PetaNamaWilayah {
    /// The column per level: provinsi, kab/kota, kecamatan, desa.
    pub kolom: [Option<usize>; 4],
    /// Whether names are resolved to codes.
    pub urai: bool,
    /// The columns compared as text where a row does not resolve, deepest
    /// first, in the extra slots after `--compare`'s.
    pub teks: Vec<usize>,
}

impl PetaNamaWilayah {
    fn ada(&self) -> bool {
        self.urai || !self.teks.is_empty()
    }
}

/// How a file's region names resolved, per row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HitungNamaWilayah {
    pub baris: u64,
    /// Rows whose names fit exactly one desa.
    pub terurai: u64,
    /// Rows whose names fit several.
    pub ganda: u64,
    /// Rows whose names fit none (or give no desa).
    pub tidak_ada: u64,
    /// The columns of the names, deepest first.
    pub kolom: Vec<String>,
    /// Fewer than 1 % resolved: the names are compared as text only.
    pub peringatan: bool,
}

/// Which column of a file served which field, and which were ignored: every
/// run prints it and keeps it in its summary, so that a user can tell why a
/// column made no difference.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PemakaianKolom {
    pub berkas: String,
    pub dipakai: Vec<KolomDipakai>,
    /// Headers that fed nothing.
    pub diabaikan: Vec<String>,
    /// Ignored headers that look like an identifier (NO_IDENTITAS, NO_KTP,
    /// NOMOR…): a column the user probably meant to use.
    pub mirip_id: Vec<String>,
    /// Region names, when the file gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nama_wilayah: Option<HitungNamaWilayah>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KolomDipakai {
    pub kolom: String,
    /// The field it feeds (`nama`, `nik`, …), or `id` for the record ID.
    pub medan: String,
    /// `map`: named by `--map`/`--id`; `judul`: recognised by its header;
    /// `compare`: an extra comparison named by `--compare`.
    pub cara: &'static str,
    /// The kind of an extra comparison (`id`, `postcode`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jenis: Option<&'static str>,
    /// A region name's extra slot, where its row does not resolve.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadangan: Option<String>,
}

/// Whether a header names an identifier: a word of it is a number or ID
/// word (`NO_IDENTITAS`, `NOMOR_KTP`, `soc_sec_id`, `PASSPORT`).
pub fn judul_mirip_id(judul: &str) -> bool {
    const KATA: [&str; 16] = [
        "NO",
        "NOMOR",
        "NOMER",
        "NIK",
        "NKK",
        "KTP",
        "IDENTITAS",
        "ID",
        "NIP",
        "NRP",
        "SSN",
        "SEC",
        "PASPOR",
        "PASSPORT",
        "KK",
        "NUMBER",
    ];
    padan_io::kolom::normalisasi_judul(judul)
        .split('_')
        .any(|k| KATA.contains(&k))
}

/// Reads `--map COLUMN=FIELD` and the header. Mapped columns come first;
/// a field no `--map` names is found through the header aliases of import.
/// The name column is required.
pub fn peta_kolom(
    judul: &[String],
    map: &[String],
    id: Option<&str>,
    banding: &[String],
    berkas: &Path,
) -> Result<PetaKolom, Galat> {
    let cari = |nama: &str| {
        let n = padan_io::kolom::normalisasi_judul(nama);
        judul
            .iter()
            .position(|j| padan_io::kolom::normalisasi_judul(j) == n)
    };
    let daftar_judul = || padan_io::kolom::judul_terbaca(judul).0;
    let mut kolom: [Vec<usize>; 10] = Default::default();
    let mut dari_map: Vec<usize> = vec![];
    for m in map {
        let Some((c, f)) = m.split_once('=') else {
            return Err(Galat::baru(
                format!("--map '{m}' harus berbentuk KOLOM=MEDAN, mis. --map given_name=nama"),
                format!("--map '{m}' must be COLUMN=FIELD, e.g. --map given_name=nama"),
            )
            .misuse());
        };
        let e = padan_io::kolom::elemen_dari_judul(f)
            .filter(|e| MEDAN.contains(e))
            .ok_or_else(|| {
                let ada = MEDAN
                    .iter()
                    .map(|e| e.nama())
                    .collect::<Vec<_>>()
                    .join(", ");
                Galat::baru(
                    format!("--map {m}: medan '{f}' tidak dikenal; yang dikenal: {ada}"),
                    format!("--map {m}: unknown field '{f}'; known: {ada}"),
                )
                .misuse()
            })?;
        let i = cari(c).ok_or_else(|| {
            Galat::baru(
                format!(
                    "--map {m}: kolom '{c}' tidak ada di {}; judul yang terbaca: {}",
                    berkas.display(),
                    daftar_judul()
                ),
                format!(
                    "--map {m}: column '{c}' is not in {}; header read: {}",
                    berkas.display(),
                    daftar_judul()
                ),
            )
            .misuse()
        })?;
        if let Some(k) = MEDAN
            .iter()
            .position(|x| *x == e)
            .and_then(|k| kolom.get_mut(k))
        {
            k.push(i);
            dari_map.push(i);
        }
    }
    let banding = peta_banding(banding, &cari, &dari_map, &daftar_judul, berkas)?;
    let dipetakan: Vec<usize> = kolom
        .iter()
        .flatten()
        .copied()
        .chain(banding.iter().map(|b| b.0))
        .collect();
    for (i, j) in judul.iter().enumerate() {
        if dipetakan.contains(&i) {
            continue;
        }
        if let Some(e) = padan_io::kolom::elemen_dari_judul(j)
            && let Some(k) = MEDAN.iter().position(|x| *x == e)
            && let Some(k) = kolom.get_mut(k)
            && k.is_empty()
        {
            k.push(i);
        }
    }
    let wilayah = peta_nama_wilayah(judul, &kolom, &dipetakan, banding.len());
    // The name column given to `--compare` leaves the engine without the
    // name it blocks on: said as such, not as a missing column.
    if kolom[2].is_empty()
        && let Some(j) = banding
            .iter()
            .filter_map(|b| judul.get(b.0))
            .find(|j| padan_io::kolom::elemen_dari_judul(j) == Some(Elemen::Nama))
    {
        let j = j.trim();
        return Err(Galat::baru(
            format!(
                "kolom {j} adalah nama pemilih, yang wajib untuk pemadanan; jangan berikan ke --compare (ia sudah dibandingkan sebagai nama)"
            ),
            format!(
                "column {j} is the voter's name, which matching needs; do not give it to --compare (it is compared as the name already)"
            ),
        )
        .misuse());
    }
    if kolom[2].is_empty() {
        return Err(Galat::baru(
            format!(
                "{}: kolom nama tidak ada; judul yang terbaca: {}. Beri nama kolomnya NAMA, atau petakan: --map KOLOM=nama",
                berkas.display(),
                daftar_judul()
            ),
            format!(
                "{}: no name column; header read: {}. Call it NAMA/NAME, or map it: --map COLUMN=nama",
                berkas.display(),
                daftar_judul()
            ),
        ));
    }
    let id = match id {
        None => None,
        Some(c) => Some(cari(c).ok_or_else(|| {
            Galat::baru(
                format!(
                    "--id {c}: kolom tidak ada di {}; judul yang terbaca: {}",
                    berkas.display(),
                    daftar_judul()
                ),
                format!(
                    "--id {c}: no such column in {}; header read: {}",
                    berkas.display(),
                    daftar_judul()
                ),
            )
            .misuse()
        })?),
    };
    let mut pemakaian = PemakaianKolom {
        berkas: berkas.display().to_string(),
        ..PemakaianKolom::default()
    };
    for (i, j) in judul.iter().enumerate() {
        let nama = j.trim().trim_start_matches('\u{feff}').to_owned();
        let medan = MEDAN
            .iter()
            .zip(&kolom)
            .find(|(_, k)| k.contains(&i))
            .map(|(e, _)| e.nama())
            .or((id == Some(i)).then_some("id"));
        if let Some((slot, (_, j))) = banding.iter().enumerate().find(|(_, b)| b.0 == i) {
            pemakaian.dipakai.push(KolomDipakai {
                kolom: nama,
                medan: NAMA_PERBANDINGAN
                    .get(idx::TAMBAHAN + slot)
                    .map_or_else(String::new, |s| (*s).to_owned()),
                cara: "compare",
                jenis: Some(j.nama()),
                cadangan: None,
            });
            continue;
        }
        if wilayah.kolom.contains(&Some(i)) && wilayah.ada() {
            let slot = wilayah
                .teks
                .iter()
                .position(|&c| c == i)
                .and_then(|k| NAMA_PERBANDINGAN.get(idx::TAMBAHAN + banding.len() + k))
                .map(|s| (*s).to_owned());
            pemakaian.dipakai.push(KolomDipakai {
                kolom: nama,
                medan: if wilayah.urai {
                    "kode_desa".to_owned()
                } else {
                    slot.clone().unwrap_or_default()
                },
                cara: "nama-wilayah",
                jenis: Some("text"),
                cadangan: slot.filter(|_| wilayah.urai),
            });
            continue;
        }
        match medan {
            Some(m) => pemakaian.dipakai.push(KolomDipakai {
                kolom: nama,
                medan: m.to_owned(),
                cara: if dari_map.contains(&i) || id == Some(i) {
                    "map"
                } else {
                    "judul"
                },
                jenis: None,
                cadangan: None,
            }),
            None if nama.is_empty() => {}
            None => {
                // A voter element the engine does not compare (KTP_EL is
                // the e-KTP status, not a number) is no identifier left out.
                if judul_mirip_id(&nama) && padan_io::kolom::elemen_dari_judul(&nama).is_none() {
                    pemakaian.mirip_id.push(nama.clone());
                }
                pemakaian.diabaikan.push(nama);
            }
        }
    }
    if let Some(i) = id
        && banding.iter().any(|b| b.0 == i)
    {
        return Err(ganda_map_banding(judul.get(i).map_or("", |j| j.trim())));
    }
    if wilayah.ada() {
        pemakaian.nama_wilayah = Some(HitungNamaWilayah {
            kolom: wilayah
                .kolom
                .iter()
                .rev()
                .flatten()
                .filter_map(|&c| judul.get(c))
                .map(|j| j.trim().to_owned())
                .collect(),
            ..HitungNamaWilayah::default()
        });
    }
    Ok(PetaKolom {
        kolom,
        id,
        banding,
        wilayah,
        pemakaian,
    })
}

/// The region-name columns of a header that no `--map` or `--compare`
/// took: resolved when there is a desa name and no code column, compared
/// as text (deepest first) in the extra slots left free.
fn peta_nama_wilayah(
    judul: &[String],
    kolom: &[Vec<usize>; 10],
    dipetakan: &[usize],
    terpakai: usize,
) -> PetaNamaWilayah {
    let mut w = PetaNamaWilayah {
        kolom: padan_io::kolom::kolom_nama_wilayah(judul, |i| {
            dipetakan.contains(&i) || kolom.iter().any(|k| k.contains(&i))
        }),
        ..PetaNamaWilayah::default()
    };
    let ada_kode = kolom.get(6).is_some_and(|k| !k.is_empty());
    if ada_kode {
        // The codes are given: the names add nothing.
        return PetaNamaWilayah::default();
    }
    w.urai = w.kolom[3].is_some();
    w.teks = w
        .kolom
        .iter()
        .rev()
        .flatten()
        .copied()
        .take(padan_match::tambahan::SLOT.saturating_sub(terpakai))
        .collect();
    w
}

fn ganda_map_banding(c: &str) -> Galat {
    Galat::baru(
        format!(
            "kolom '{c}' diberikan ke --map/--id dan ke --compare sekaligus; satu kolom melayani satu medan atau satu perbandingan"
        ),
        format!(
            "column '{c}' is given to both --map/--id and --compare; a column serves one field or one comparison"
        ),
    )
    .misuse()
}

/// `--compare` in slot order (identifiers first), each as `COLUMN=KIND`
/// with the column's header normalised: what a saved model records of its
/// extra slots.
fn susunan_banding(banding: &[String]) -> Vec<String> {
    let mut v: Vec<(bool, String)> = banding
        .iter()
        .map(|b| {
            let (c, j) = b.split_once('=').unwrap_or((b, ""));
            let jenis = Jenis::dari_nama(j);
            let j = jenis.map_or_else(|| j.trim().to_owned(), |x| x.nama().to_owned());
            (
                jenis != Some(Jenis::Id),
                format!("{}={j}", padan_io::kolom::normalisasi_judul(c)),
            )
        })
        .collect();
    v.sort_by_key(|x| x.0);
    v.into_iter().map(|x| x.1).collect()
}

/// Reads `--compare COLUMN=KIND`: the columns and kinds of the extra
/// comparisons, identifiers first (the blocking rule `id-tambahan` keys on
/// the first slot).
fn peta_banding(
    banding: &[String],
    cari: &dyn Fn(&str) -> Option<usize>,
    dari_map: &[usize],
    daftar_judul: &dyn Fn() -> String,
    berkas: &Path,
) -> Result<Vec<(usize, Jenis)>, Galat> {
    use padan_match::tambahan::SLOT;
    if banding.len() > SLOT {
        return Err(Galat::baru(
            format!(
                "--compare diberikan {} kali; paling banyak {SLOT} kolom tambahan",
                banding.len()
            ),
            format!(
                "--compare given {} times; at most {SLOT} extra columns",
                banding.len()
            ),
        )
        .misuse());
    }
    let mut out: Vec<(usize, Jenis)> = vec![];
    for b in banding {
        let ada = || {
            Jenis::SEMUA
                .iter()
                .map(|j| j.nama())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((c, j)) = b.split_once('=') else {
            return Err(Galat::baru(
                format!("--compare '{b}' harus berbentuk KOLOM=JENIS, mis. --compare NO_IDENTITAS=id; jenis: {}", ada()),
                format!("--compare '{b}' must be COLUMN=KIND, e.g. --compare NO_IDENTITAS=id; kinds: {}", ada()),
            )
            .misuse());
        };
        let jenis = Jenis::dari_nama(j).ok_or_else(|| {
            Galat::baru(
                format!(
                    "--compare {b}: jenis '{j}' tidak dikenal; yang dikenal: {}",
                    ada()
                ),
                format!("--compare {b}: unknown kind '{j}'; known: {}", ada()),
            )
            .misuse()
        })?;
        let i = cari(c).ok_or_else(|| {
            Galat::baru(
                format!(
                    "--compare {b}: kolom '{c}' tidak ada di {}; judul yang terbaca: {}",
                    berkas.display(),
                    daftar_judul()
                ),
                format!(
                    "--compare {b}: column '{c}' is not in {}; header read: {}",
                    berkas.display(),
                    daftar_judul()
                ),
            )
            .misuse()
        })?;
        if dari_map.contains(&i) {
            return Err(ganda_map_banding(c));
        }
        if out.iter().any(|x| x.0 == i) {
            return Err(Galat::baru(
                format!("--compare: kolom '{c}' disebut dua kali"),
                format!("--compare: column '{c}' is named twice"),
            )
            .misuse());
        }
        out.push((i, jenis));
    }
    // Stable: identifiers first, the rest in the order given.
    out.sort_by_key(|b| b.1 != Jenis::Id);
    Ok(out)
}

/// Region names to desa codes while a file is read: each distinct set of
/// names of a chunk is resolved once, before the chunk is normalised in
/// parallel (an office's rows share a few hundred desa).
struct UraiWilayah<'a> {
    peta: &'a PetaNamaWilayah,
    tembolok: Option<padan_core::nama_wilayah::Tembolok>,
    terurai: std::sync::atomic::AtomicU64,
    ganda: std::sync::atomic::AtomicU64,
    tidak_ada: std::sync::atomic::AtomicU64,
}

impl<'a> UraiWilayah<'a> {
    fn baru(peta: &'a PetaNamaWilayah) -> Self {
        UraiWilayah {
            peta,
            tembolok: peta.urai.then(|| {
                padan_core::nama_wilayah::Tembolok::baru(&padan_core::wilayah::Wilayah::bawaan())
            }),
            terurai: Default::default(),
            ganda: Default::default(),
            tidak_ada: Default::default(),
        }
    }

    fn nama<'r>(
        peta: &PetaNamaWilayah,
        r: &'r BarisPadat,
    ) -> padan_core::nama_wilayah::NamaWilayah<'r> {
        padan_io::kolom::nama_wilayah_baris(&peta.kolom, |c| padan_io::baca::rapi(r.medan(c)))
    }

    /// Resolves the names of a chunk's rows not seen before.
    fn siapkan<'r>(&mut self, baris: impl Iterator<Item = &'r BarisPadat>) {
        let Some(t) = self.tembolok.as_mut() else {
            return;
        };
        for r in baris {
            t.tunjuk(&Self::nama(self.peta, r));
        }
    }

    /// The row's desa code, when its names fit one desa; counted.
    fn kode(&self, r: &BarisPadat) -> Option<&str> {
        use padan_core::nama_wilayah::Tunjuk;
        use std::sync::atomic::Ordering::Relaxed;
        match self.tembolok.as_ref()?.lihat(&Self::nama(self.peta, r)) {
            Some(Tunjuk::Kode(k)) => {
                self.terurai.fetch_add(1, Relaxed);
                Some(k)
            }
            Some(Tunjuk::Ganda(_)) => {
                self.ganda.fetch_add(1, Relaxed);
                None
            }
            _ => {
                self.tidak_ada.fetch_add(1, Relaxed);
                None
            }
        }
    }

    /// The counts into the file's column report; fewer than 1 % resolved
    /// is flagged (the names were then compared as text almost
    /// everywhere).
    fn hitung(self, p: &mut PemakaianKolom) {
        let Some(h) = p.nama_wilayah.as_mut() else {
            return;
        };
        h.terurai = self.terurai.into_inner();
        h.ganda = self.ganda.into_inner();
        h.tidak_ada = self.tidak_ada.into_inner();
        h.baris = h.terurai + h.ganda + h.tidak_ada;
        h.peringatan = self.peta.urai && h.terurai * 100 < h.baris;
    }
}

/// Records read from a file, with each one's ID as the file gives it.
pub struct BerkasRekaman {
    /// The records, unless [`baca_alir`]'s caller took them.
    pub rekaman: Vec<Rekaman>,
    pub id: Vec<String>,
    /// Data rows read.
    pub jumlah: u64,
    /// Birth dates present but unreadable, taken as missing.
    pub tanggal_tak_terbaca: u64,
    /// Rows with more or fewer fields than the header: read, a missing
    /// field as empty, and counted so the operator is told.
    pub baris_kolom_beda: u64,
    /// What each column was used for.
    pub pemakaian: PemakaianKolom,
}

/// One field of a row: a field fed by one column borrows it; several are
/// joined with a space.
fn medan<'a>(peta: &PetaKolom, r: &'a BarisPadat, k: usize) -> std::borrow::Cow<'a, str> {
    let kolom = peta.kolom.get(k).map_or(&[][..], Vec::as_slice);
    if let [i] = kolom {
        return std::borrow::Cow::Borrowed(padan_io::baca::rapi(r.medan(*i)));
    }
    let mut out = String::new();
    for v in kolom
        .iter()
        .map(|&i| padan_io::baca::rapi(r.medan(i)))
        .filter(|s| !s.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(v);
    }
    std::borrow::Cow::Owned(out)
}

/// Reads a whole file into match records (normalised in parallel).
pub fn baca_berkas(path: &Path, o: &OpsiLink, k: &dyn Kemajuan) -> Result<BerkasRekaman, Galat> {
    baca_alir(path, o, true, k, &mut |_, _| Ok(()))
}

/// What [`baca_alir`] hands each chunk to: the records and their IDs.
pub type Terima<'a> = dyn FnMut(&mut Vec<Rekaman>, &mut Vec<String>) -> Result<(), Galat> + 'a;

/// Reads a file a chunk at a time: after each chunk `terima` is given the
/// records and IDs read so far, and may take them out (the records are
/// numbered by row all the same). `utuh`: the caller keeps every record,
/// so room for the whole file is made at once.
pub fn baca_alir(
    path: &Path,
    o: &OpsiLink,
    utuh: bool,
    kem: &dyn Kemajuan,
    terima: &mut Terima<'_>,
) -> Result<BerkasRekaman, Galat> {
    let mut p = Pembaca::buka(path, None)?;
    let mut peta = peta_kolom(&p.judul, &o.map, o.id.as_deref(), &o.banding, path)?;
    // A reader thread parses rows in chunks while this one normalises the
    // previous chunk on every core: the raw rows of one chunk at a time are
    // in memory, not the file's.
    const POTONGAN: usize = 32_768;
    // Rows as one text each: the normalising threads fetch a row in one
    // or two cache lines, not a string per field.
    type Potongan = Vec<(u64, BarisPadat)>;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Potongan, Galat>>(2);
    // Chunks come back to the reader to be filled again: their row buffers
    // and strings are reused, not allocated for every field.
    let (tx_kembali, rx_kembali) = std::sync::mpsc::sync_channel::<Potongan>(3);
    let ukuran_berkas = std::fs::metadata(path).map_or(0, |m| m.len() as usize);
    let mut rekaman: Vec<Rekaman> = Vec::new();
    let mut ids: Vec<String> = vec![];
    let mut tanggal_tak_terbaca = 0u64;
    let mut baris_kolom_beda = 0u64;
    let mut dibaca = 0usize;
    let lebar_judul = p.judul.len();
    std::thread::scope(|sc| -> Result<(), Galat> {
        sc.spawn(move || {
            let mut bekas: Potongan = rx_kembali.try_recv().unwrap_or_default();
            let mut pot: Potongan = Vec::with_capacity(POTONGAN);
            loop {
                let mut baris = bekas.pop().map(|(_, b)| b).unwrap_or_default();
                match p.baca(&mut baris) {
                    Ok(Some(n)) => {
                        pot.push((n, baris));
                        if pot.len() == POTONGAN {
                            let penuh = std::mem::replace(&mut pot, Vec::with_capacity(POTONGAN));
                            if tx.send(Ok(penuh)).is_err() {
                                return;
                            }
                            bekas = rx_kembali.try_recv().unwrap_or_default();
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        let _ = tx.send(Err(e.into()));
                        return;
                    }
                }
            }
            if !pot.is_empty() {
                let _ = tx.send(Ok(pot));
            }
        });
        kem.mulai("baca", "baris");
        let tak_terbaca = std::sync::atomic::AtomicU64::new(0);
        let mut nama_wilayah = UraiWilayah::baru(&peta.wilayah);
        for pot in rx {
            let pot = pot?;
            nama_wilayah.siapkan(pot.iter().map(|(_, r)| r));
            if utuh && rekaman.capacity() == 0 {
                // Room for the whole file at once, estimated from the first
                // chunk's bytes per row: records are written in place, never
                // copied to a larger vector.
                let bait: usize = pot
                    .iter()
                    .map(|(_, r)| (0..r.jumlah()).map(|i| r.medan(i).len() + 1).sum::<usize>())
                    .sum();
                let per_baris = (bait / pot.len().max(1)).max(1);
                let perkiraan = (ukuran_berkas / per_baris) * 21 / 20 + pot.len();
                rekaman.reserve(perkiraan);
                ids.reserve(perkiraan);
            }
            let awal = dibaca;
            rekaman.par_extend(pot.par_iter().enumerate().map(|(i, (_, r))| {
                let f: [std::borrow::Cow<'_, str>; 10] =
                    std::array::from_fn(|k| medan(&peta, r, k));
                let lahir = padan_core::tanggal::urai(&f[3]).ok();
                if lahir.is_none() && !f[3].is_empty() {
                    tak_terbaca.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                let kode = nama_wilayah.kode(r);
                let mut rek = Rekaman::dari(
                    (awal + i) as u64,
                    &Medan {
                        nik: &f[0],
                        nkk: &f[1],
                        nama: &f[2],
                        lahir,
                        jk: &f[4],
                        tempat: &f[5],
                        desa: kode.unwrap_or(&f[6]),
                        rt: &f[7],
                        rw: &f[8],
                        alamat: &f[9],
                    },
                );
                if !peta.banding.is_empty() || !peta.wilayah.teks.is_empty() {
                    let sel = |c: usize| padan_io::baca::rapi(r.medan(c));
                    rek.tambahan = peta
                        .banding
                        .iter()
                        .map(|&(c, j)| Nilai::dari(j, sel(c)))
                        .chain(peta.wilayah.teks.iter().map(|&c| match kode {
                            Some(_) => Nilai::Kosong,
                            None => Nilai::dari(Jenis::Wilayah, sel(c)),
                        }))
                        .collect();
                }
                rek
            }));
            ids.par_extend(pot.par_iter().map(|(n, r)| match peta.id {
                Some(c) => padan_io::baca::rapi(r.medan(c)).to_owned(),
                None => n.to_string(),
            }));
            baris_kolom_beda += pot
                .iter()
                .filter(|(_, r)| r.jumlah() != lebar_judul)
                .count() as u64;
            dibaca += pot.len();
            kem.maju(dibaca as u64);
            terima(&mut rekaman, &mut ids)?;
            let _ = tx_kembali.try_send(pot);
        }
        kem.selesai();
        tanggal_tak_terbaca = tak_terbaca.into_inner();
        nama_wilayah.hitung(&mut peta.pemakaian);
        Ok(())
    })?;
    if dibaca == 0 {
        return Err(Galat::baru(
            format!(
                "{}: tidak ada baris data (hanya judul); tidak ada yang dipadankan",
                path.display()
            ),
            format!(
                "{}: no data rows (header only); nothing to match",
                path.display()
            ),
        ));
    }
    Ok(BerkasRekaman {
        rekaman,
        id: ids,
        jumlah: dibaca as u64,
        tanggal_tak_terbaca,
        baris_kolom_beda,
        pemakaian: peta.pemakaian,
    })
}

/// Runs the engine with the default blocking rules, its stages reported.
pub fn jalankan_mesin(
    kiri: &[Rekaman],
    kanan: Option<&[Rekaman]>,
    s: &Setelan,
    model: Option<Model>,
    k: &dyn Kemajuan,
) -> Result<Hasil, Galat> {
    let kabar = |t: &str| k.tahap(t);
    Ok(mesin::jalankan(kiri, kanan, ATURAN_BAKU, s, model, &kabar)?)
}

#[derive(Debug, Clone)]
pub struct OpsiLink {
    pub kiri: PathBuf,
    pub kanan: Option<PathBuf>,
    pub keluar: PathBuf,
    pub map: Vec<String>,
    pub id: Option<String>,
    /// Extra comparisons, `COLUMN=KIND` (`--compare`).
    pub banding: Vec<String>,
    pub ambang: f64,
    pub model: Option<PathBuf>,
    pub simpan_model: Option<PathBuf>,
    /// Deduplication: where to write each record's cluster.
    pub klaster: Option<PathBuf>,
    /// Pairs below this probability are not written (0: every pair).
    pub min_peluang: f64,
    /// Partitions per blocking rule, for a run beyond memory.
    pub partisi: Option<u32>,
    /// Where the partition files go (default: the output's folder).
    pub dir_partisi: Option<PathBuf>,
    /// The true pairs (`--truth`): an accuracy report against them.
    pub kebenaran: Option<PathBuf>,
}

/// What a link did.
#[derive(Debug, Clone, Serialize)]
pub struct RingkasanLink {
    pub kiri: u64,
    pub kanan: Option<u64>,
    pub dibandingkan: u64,
    pub di_atas_ambang: u64,
    pub ambang: f64,
    pub blok: Vec<mesin::StatistikBlok>,
    pub blok_besar: RingkasanBlokBesar,
    pub tanggal_tak_terbaca: u64,
    pub baris_kolom_beda: u64,
    /// Per file (left, then right): which column served which field, and
    /// which were ignored.
    pub kolom: Vec<PemakaianKolom>,
    pub keluaran: String,
    pub klaster: u64,
    pub klaster_ditinjau: u64,
    pub model: String,
    /// Set when the run was partitioned on disk.
    pub partisi: Option<RingkasanPartisi>,
    /// The kept pairs by band of probability, with the matches each should
    /// hold (the sum of its probabilities) and, with `--truth`, holds.
    pub pita: Vec<crate::akurasi::Pita>,
    /// With `--truth`: precision, recall, calibration, the worst mistakes.
    pub akurasi: Option<crate::akurasi::Akurasi>,
    pub detik: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RingkasanPartisi {
    /// Partitions per blocking rule.
    pub per_aturan: u32,
    /// Bytes written to the partition files (removed after the run):
    /// the record stores and the partitions' addresses together.
    pub bait: u64,
    /// Of which the record stores (each record once).
    pub bait_rekaman: u64,
    /// Primary partitions read to train (0 with `--model`).
    pub partisi_latih: u32,
    /// Records (both sides) in the largest partition held at once.
    pub maks_rekaman: u64,
}

/// Reads the left file and, on another thread, the right one: each has
/// one thread parsing, which alone cannot keep the cores busy. The left
/// file's reading is the one whose progress is shown.
fn baca_keduanya<T: Send>(
    o: &OpsiLink,
    k: &dyn Kemajuan,
    baca: impl Fn(&Path, Sisi, &dyn Kemajuan) -> Result<T, Galat> + Sync,
) -> Result<(T, Option<T>), Galat> {
    let (kiri, kanan) = std::thread::scope(|sc| {
        let baca = &baca;
        let kanan = o
            .kanan
            .as_ref()
            .map(|p| sc.spawn(move || baca(p, Sisi::Kanan, &crate::Diam)));
        let kiri = baca(&o.kiri, Sisi::Kiri, k);
        let kanan = kanan.map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (kiri, kanan)
    });
    Ok((kiri?, kanan.transpose()?))
}

/// One scored pair as a row of the pairs file; whether it passes the
/// threshold.
fn tulis_pasangan(
    w: &mut PenulisTabel,
    (x, y): (&str, &str),
    p: &mesin::PasanganSkor,
    ambang: f64,
) -> Result<bool, Galat> {
    let pel = p.peluang();
    w.tulis(&[
        x,
        y,
        &format!("{pel:.6}"),
        &format!("{:.3}", p.bobot),
        ATURAN_BAKU
            .get(usize::from(p.aturan))
            .map(|a| a.nama)
            .unwrap_or(""),
    ])?;
    Ok(pel >= ambang)
}

/// The pairs file, written whole or not at all.
fn buka_pasangan(o: &OpsiLink) -> Result<PenulisTabel, Galat> {
    Ok(PenulisTabel::buat(
        &o.keluar,
        padan_io::tulis::FormatKeluar::dari_path(&o.keluar),
        &["id_kiri", "id_kanan", "peluang", "bobot", "aturan_blok"],
    )?)
}

/// `padan link`: the pairs (and clusters) of one or two files.
pub fn link(o: &OpsiLink, bahasa: Bahasa, k: &dyn Kemajuan) -> Result<RingkasanLink, Galat> {
    let mulai = Instant::now();
    if !(0.0..=1.0).contains(&o.ambang) || o.ambang.is_nan() {
        return Err(GalatMesin::Ambang(o.ambang).into());
    }
    if !(0.0..=1.0).contains(&o.min_peluang) || o.min_peluang.is_nan() {
        return Err(Galat::baru(
            format!("--min-probability {} di luar 0–1", o.min_peluang),
            format!("--min-probability {} outside 0–1", o.min_peluang),
        )
        .misuse());
    }
    if o.partisi.is_some() && o.kebenaran.is_some() {
        return Err(Galat::baru(
            "--truth belum tersedia dengan --partitions: laporan akurasinya perlu semua pasangan dan rekaman di memori; jalankan tanpa --partitions".to_string(),
            "--truth is not available with --partitions yet: its accuracy report needs every pair and record in memory; run without --partitions".to_string(),
        )
        .misuse());
    }
    if o.partisi.is_some() && o.klaster.is_some() {
        return Err(Galat::baru(
            "--clusters belum tersedia dengan --partitions: klaster dengan pemeriksaan rantai perlu semua rekaman di memori; jalankan tanpa --partitions, atau buat klaster dari berkas pasangan".to_string(),
            "--clusters is not available with --partitions yet: clusters with the chaining check need every record in memory; run without --partitions, or cluster from the pairs file".to_string(),
        )
        .misuse());
    }
    let model = match &o.model {
        None => None,
        Some(p) => {
            let s = std::fs::read_to_string(p)?;
            Some(Model::muat(&s).map_err(|e| {
                Galat::baru(
                    format!("model {} tidak terbaca: {e}", p.display()),
                    format!("model {} unreadable: {e}", p.display()),
                )
            })?)
        }
    };
    let slot = susunan_banding(&o.banding);
    if let (Some(m), Some(p)) = (&model, &o.model)
        && m.tambahan != slot
    {
        let teks = |v: &[String]| {
            if v.is_empty() {
                "(tidak ada)".to_owned()
            } else {
                v.join(", ")
            }
        };
        return Err(Galat::baru(
            format!(
                "model {} dilatih dengan --compare {}, run ini memakai {}; latih ulang, atau berikan --compare yang sama",
                p.display(),
                teks(&m.tambahan),
                teks(&slot)
            ),
            format!(
                "model {} was trained with --compare {}, this run uses {}; train again, or give the same --compare",
                p.display(),
                teks(&m.tambahan),
                teks(&slot)
            ),
        )
        .misuse());
    }
    let s = Setelan {
        ambang: o.ambang,
        // The accuracy report needs every compared pair, whatever is written.
        simpan_semua: o.min_peluang <= 0.0 || o.kebenaran.is_some(),
        simpan_dari: o.min_peluang,
        ..Setelan::default()
    };
    let log = |t: &str| k.tahap(t);
    let (mut r, model) = match o.partisi {
        Some(n) => link_partisi(o, &s, model, n, k)?,
        None => link_memori(o, &s, model, k, bahasa)?,
    };
    if let Some(p) = &o.simpan_model {
        let mut model = model;
        model.tambahan = slot;
        let isi = model.json().map_err(|e| Galat::baru(e.clone(), e))?;
        padan_io::atomik::tulis(p, isi.as_bytes())?;
        r.model = p.display().to_string();
    }
    log("selesai");
    r.detik = mulai.elapsed().as_secs_f64();
    Ok(r)
}

/// A link's summary from what was read and what the engine found.
fn ringkasan(
    o: &OpsiLink,
    (kiri, kanan): (&BerkasRekaman, Option<&BerkasRekaman>),
    (dibandingkan, di_atas_ambang): (u64, u64),
    blok: Vec<mesin::StatistikBlok>,
    blok_besar: &[padan_match::blok::BlokBesar],
) -> RingkasanLink {
    RingkasanLink {
        kiri: kiri.jumlah,
        kanan: kanan.map(|r| r.jumlah),
        dibandingkan,
        di_atas_ambang,
        ambang: o.ambang,
        blok,
        blok_besar: RingkasanBlokBesar::dari(blok_besar),
        tanggal_tak_terbaca: kiri.tanggal_tak_terbaca + kanan.map_or(0, |r| r.tanggal_tak_terbaca),
        baris_kolom_beda: kiri.baris_kolom_beda + kanan.map_or(0, |r| r.baris_kolom_beda),
        kolom: std::iter::once(&kiri.pemakaian)
            .chain(kanan.map(|r| &r.pemakaian))
            .cloned()
            .collect(),
        keluaran: o.keluar.display().to_string(),
        klaster: 0,
        klaster_ditinjau: 0,
        model: String::new(),
        partisi: None,
        pita: vec![],
        akurasi: None,
        detik: 0.0,
    }
}

/// The whole run in memory.
fn link_memori(
    o: &OpsiLink,
    s: &Setelan,
    model: Option<Model>,
    k: &dyn Kemajuan,
    bahasa: Bahasa,
) -> Result<(RingkasanLink, Model), Galat> {
    let log = |t: &str| k.tahap(t);
    log("baca");
    let (kiri, kanan) = baca_keduanya(o, k, |p, _, k| baca_berkas(p, o, k))?;
    let mut kiri = kiri;
    let mut kanan = kanan;
    log("frekuensi");
    // Read before anything is written: a truth file about other records is
    // refused with no pairs file left behind.
    let benar = match &o.kebenaran {
        Some(p) => Some(crate::akurasi::baca_kebenaran(
            p,
            &kiri.id,
            kanan.as_ref().map(|r| &r.id[..]),
        )?),
        None => None,
    };
    match kanan.as_mut() {
        Some(r) => isi_frekuensi(&mut [&mut kiri.rekaman, &mut r.rekaman]),
        None => isi_frekuensi(&mut [&mut kiri.rekaman]),
    }
    let h = jalankan_mesin(
        &kiri.rekaman,
        kanan.as_ref().map(|r| &r.rekaman[..]),
        s,
        model,
        k,
    )?;
    log("tulis pasangan");
    // The pairs file is written on its own thread while the clusters are
    // made and written on this one.
    let tulis_pasangan = || -> Result<u64, Galat> {
        let kanan_id = kanan.as_ref().map(|r| &r.id).unwrap_or(&kiri.id);
        let mut w = buka_pasangan(o)?;
        let mut lolos = 0u64;
        for p in &h.pasangan {
            if o.min_peluang > 0.0 && p.peluang() < o.min_peluang {
                continue;
            }
            let (a, b) = (p.a as usize, p.b as usize);
            let id = (
                kiri.id.get(a).map(String::as_str).unwrap_or(""),
                kanan_id.get(b).map(String::as_str).unwrap_or(""),
            );
            lolos += u64::from(tulis_pasangan(&mut w, id, p, o.ambang)?);
        }
        w.selesai()?;
        Ok(lolos)
    };
    let buat_klaster = || -> Result<(u64, u64), Galat> {
        let mut klaster_ditinjau = 0u64;
        let mut jumlah_klaster = 0u64;
        if let Some(path) = &o.klaster {
            let ks = mesin::klaster_hasil(
                &h,
                &kiri.rekaman,
                kanan.as_ref().map(|r| &r.rekaman[..]),
                o.ambang,
            );
            let nl = kiri.id.len();
            // A record's ID, and for a link which file it is from, written
            // into a buffer (a row per member: no new string for each).
            let tulis_id = |buf: &mut String, i: u32| {
                let i = i as usize;
                let (awalan, id) = match (&kanan, i >= nl) {
                    (Some(r), true) => ("kanan:", r.id.get(i - nl)),
                    (Some(_), false) => ("kiri:", kiri.id.get(i)),
                    (None, _) => ("", kiri.id.get(i)),
                };
                buf.push_str(awalan);
                buf.push_str(id.map_or("", String::as_str));
            };
            let id_node = |i: u32| -> String {
                let mut s = String::new();
                tulis_id(&mut s, i);
                s
            };
            let mut w = PenulisTabel::buat(
                path,
                padan_io::tulis::FormatKeluar::dari_path(path),
                &["id", "klaster", "tinjau"],
            )?;
            let mut buf = String::new();
            for k in &ks {
                jumlah_klaster += 1;
                klaster_ditinjau += u64::from(k.tinjau.is_some());
                let nama_klaster = k.anggota.first().map(|&i| id_node(i)).unwrap_or_default();
                let tinjau = k
                    .tinjau
                    .as_ref()
                    .map(|t| {
                        crate::bukti::teks_tinjau(&crate::bukti::Tinjau::dari(t, id_node), bahasa)
                    })
                    .unwrap_or_default();
                for &i in &k.anggota {
                    buf.clear();
                    tulis_id(&mut buf, i);
                    w.tulis(&[buf.as_str(), &nama_klaster, &tinjau])?;
                }
            }
            w.selesai()?;
        }
        Ok((jumlah_klaster, klaster_ditinjau))
    };
    let (lolos, klaster) = std::thread::scope(|sc| {
        let t = sc.spawn(tulis_pasangan);
        let k = buat_klaster();
        (t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), k)
    });
    let lolos = lolos?;
    let (jumlah_klaster, klaster_ditinjau) = klaster?;
    let mut r = ringkasan(
        o,
        (&kiri, kanan.as_ref()),
        (h.dibandingkan, lolos),
        h.blok,
        &h.blok_besar,
    );
    r.klaster = jumlah_klaster;
    r.klaster_ditinjau = klaster_ditinjau;
    r.pita = crate::akurasi::pita(&h.pasangan, kanan.is_none(), benar.as_ref());
    r.akurasi = benar.as_ref().map(|b| {
        crate::akurasi::nilai(
            &h.pasangan,
            h.dibandingkan,
            b,
            &h.model,
            &crate::akurasi::Sisi {
                kiri: &kiri.rekaman,
                kiri_id: &kiri.id,
                kanan: kanan.as_ref().map(|r| (&r.rekaman[..], &r.id[..])),
            },
            o.ambang,
        )
    });
    // Freeing a million records one by one (each holding shared names)
    // costs a third of a second of cache misses at exit; the process is
    // about to end, and the system takes the memory back whole.
    std::mem::forget((kiri, kanan, h.pasangan));
    Ok((r, h.model))
}

/// The run beyond memory: records partitioned on disk as they are read,
/// then matched a partition at a time (see `padan_match::partisi`).
fn link_partisi(
    o: &OpsiLink,
    s: &Setelan,
    model: Option<Model>,
    n: u32,
    k: &dyn Kemajuan,
) -> Result<(RingkasanLink, Model), Galat> {
    let log = |t: &str| k.tahap(t);
    // Beside the output by default: on the disk the operator chose for
    // results, not in a /tmp that may be a small memory file system.
    let dir = match &o.dir_partisi {
        Some(d) => d.clone(),
        None => o
            .keluar
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
    };
    let part = std::sync::Mutex::new(Partisi::baru(
        &dir,
        n,
        ATURAN_BAKU,
        o.kanan.is_some(),
        s.seed,
    )?);
    log("baca dan partisi");
    let (kiri, kanan) = baca_keduanya(o, k, |p, sisi, k| {
        baca_alir(p, o, false, k, &mut |r, i| {
            part.lock()
                .map_err(|_| Galat::baru("partisi rusak", "partitions broken"))?
                .tambah(sisi, r, i)?;
            r.clear();
            i.clear();
            Ok(())
        })
    })?;
    let part = part
        .into_inner()
        .map_err(|_| Galat::baru("partisi rusak", "partitions broken"))?;
    let mut j = part.mulai(s, model, &log)?;
    let mut w = buka_pasangan(o)?;
    let mut lolos = 0u64;
    while let Some(b) = j.berikut()? {
        for p in &b.pasangan {
            lolos += u64::from(tulis_pasangan(&mut w, b.id(p), p, o.ambang)?);
        }
    }
    w.selesai()?;
    let h = j.selesai()?;
    let mut r = ringkasan(
        o,
        (&kiri, kanan.as_ref()),
        (h.dibandingkan, lolos),
        h.blok,
        &h.blok_besar,
    );
    r.partisi = Some(RingkasanPartisi {
        per_aturan: n,
        bait: h.bait_rekaman + h.bait_indeks,
        bait_rekaman: h.bait_rekaman,
        partisi_latih: h.partisi_latih,
        maks_rekaman: h.maks_rekaman_partisi as u64,
    });
    Ok((r, h.model))
}
