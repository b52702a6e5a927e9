//! Kemendagri region codes `PP.KK.CC.DDDD`.
//!
//! Built in: the full official Kemendagri list, 38 provinces, 514 kab/kota,
//! 7,285 kecamatan and 83,762 desa/kelurahan (MIT, notice in
//! `data/LICENSE-wilayah`), compressed into the binary and unpacked at
//! first use. `padan region import` adds a newer list to one workspace.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// The official list, zlib-compressed (`scripts/wilayah-bawaan.py`).
const BAWAAN_Z: &[u8] = include_bytes!("../data/wilayah.tsv.z");

/// Population by province and kab/kota (`kode, nama, pria, wanita, total`),
/// the sizes synthetic registers are drawn to.
pub const PENDUDUK_TSV: &str = include_str!("../data/penduduk_kabkota.tsv");

/// Population per kab/kota code from [`PENDUDUK_TSV`].
pub fn penduduk() -> BTreeMap<String, u64> {
    PENDUDUK_TSV
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.first()?.to_string(), f.get(4)?.trim().parse().ok()?))
        })
        .collect()
}

/// The level of a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tingkat {
    Provinsi,
    KabKota,
    Kecamatan,
    Desa,
}

/// A region list: code → name, ordered by code. The built-in list is
/// shared by every copy (unpacked once per process, never cloned); codes
/// added from a file or a workspace lie over it.
#[derive(Debug, Clone, Default)]
pub struct Wilayah {
    dasar: Option<&'static Dasar>,
    nama: BTreeMap<String, String>,
    kecamatan: HashSet<u32>,
}

/// The built-in list, unpacked: (code, name) sorted by code.
#[derive(Debug)]
struct Dasar {
    kode_nama: Vec<(&'static str, &'static str)>,
    /// Code → name: every import row looks its desa up (a binary search
    /// over 91,000 codes missed the cache and cost 5 % of an import).
    indeks: HashMap<&'static str, &'static str>,
    kecamatan: HashSet<u32>,
}

impl Dasar {
    fn cari(&self, kode: &str) -> Option<&'static str> {
        self.indeks.get(kode).copied()
    }

    /// The entries whose code starts with `awalan`.
    fn dengan_awalan(&self, awalan: &str) -> &[(&'static str, &'static str)] {
        let mulai = self.kode_nama.partition_point(|(k, _)| *k < awalan);
        let rest = self.kode_nama.get(mulai..).unwrap_or(&[]);
        let n = rest.partition_point(|(k, _)| k.starts_with(awalan));
        rest.get(..n).unwrap_or(&[])
    }
}

fn angka_kecamatan(kode: &str) -> Option<u32> {
    (tingkat(kode) == Some(Tingkat::Kecamatan))
        .then(|| kode.replace('.', "").parse::<u32>().ok())
        .flatten()
}

/// A line of a region file that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("baris {baris}: {pesan}")]
pub struct GalatWilayah {
    pub baris: usize,
    pub pesan: String,
}

/// A region code, dotted (`35.79.01.2001`) or not (`3579012001`): its
/// digits as a number and its level; `None` if the text is no region code.
/// The one parser of region codes: the dotted form, the engine's numeric
/// desa code and every check go through it.
pub fn urai_kode(s: &str) -> Option<(u64, Tingkat)> {
    let s = s.trim();
    let mut n = 0u64;
    let mut digit = 0usize;
    let mut segmen: [usize; 4] = [0; 4];
    let mut i_segmen = 0usize;
    let bertitik = s.contains('.');
    for c in s.bytes() {
        if c == b'.' {
            i_segmen += 1;
            if i_segmen >= segmen.len() {
                return None;
            }
            continue;
        }
        if !c.is_ascii_digit() || digit >= 10 {
            return None;
        }
        n = n * 10 + u64::from(c - b'0');
        digit += 1;
        if let Some(x) = segmen.get_mut(i_segmen) {
            *x += 1;
        }
    }
    let tingkat = match digit {
        2 => Tingkat::Provinsi,
        4 => Tingkat::KabKota,
        6 => Tingkat::Kecamatan,
        10 => Tingkat::Desa,
        _ => return None,
    };
    if bertitik {
        let harap: &[usize] = match tingkat {
            Tingkat::Provinsi => &[2],
            Tingkat::KabKota => &[2, 2],
            Tingkat::Kecamatan => &[2, 2, 2],
            Tingkat::Desa => &[2, 2, 2, 4],
        };
        if segmen.get(..=i_segmen) != Some(harap) {
            return None;
        }
    }
    Some((n, tingkat))
}

/// `35.79.01.2001`, `3579012001`, `35.79`, `3579` → dotted form; `None` if the
/// text is no region code.
pub fn normalisasi_kode(s: &str) -> Option<String> {
    let (n, t) = urai_kode(s)?;
    let (digit, potong): (usize, &[usize]) = match t {
        Tingkat::Provinsi => (2, &[2]),
        Tingkat::KabKota => (4, &[2, 4]),
        Tingkat::Kecamatan => (6, &[2, 4, 6]),
        Tingkat::Desa => (10, &[2, 4, 6, 10]),
    };
    let angka = format!("{n:0digit$}");
    let mut out = String::with_capacity(13);
    let mut mulai = 0;
    for &c in potong {
        if mulai > 0 {
            out.push('.');
        }
        out.push_str(angka.get(mulai..c)?);
        mulai = c;
    }
    Some(out)
}

/// Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zona {
    /// Waktu Indonesia Barat, UTC+7: Sumatra, Java, West and Central Kalimantan.
    Wib,
    /// Waktu Indonesia Tengah, UTC+8: Bali, Nusa Tenggara, South, East and
    /// North Kalimantan, Sulawesi.
    Wita,
    /// Waktu Indonesia Timur, UTC+9: Maluku and Papua.
    Wit,
}

impl Zona {
    /// Hours ahead of UTC.
    pub fn jam(self) -> i64 {
        match self {
            Zona::Wib => 7,
            Zona::Wita => 8,
            Zona::Wit => 9,
        }
    }
}

/// Hours an office's local time is ahead of UTC: its zone's, or WIB's
/// where the code names no province.
pub fn selisih_jam(kantor: &str) -> i64 {
    zona(kantor).map_or(Zona::Wib.jam(), Zona::jam)
}

/// The time zone of a region, from its province (no kab/kota in Indonesia
/// lies in another zone than its province). `None`: no known province.
pub fn zona(kode: &str) -> Option<Zona> {
    match kode.get(..2)? {
        "11" | "12" | "13" | "14" | "15" | "16" | "17" | "18" | "19" | "21" | "31" | "32"
        | "33" | "34" | "35" | "36" | "61" | "62" => Some(Zona::Wib),
        "51" | "52" | "53" | "63" | "64" | "65" | "71" | "72" | "73" | "74" | "75" | "76" => {
            Some(Zona::Wita)
        }
        "81" | "82" | "91" | "92" | "93" | "94" | "95" | "96" => Some(Zona::Wit),
        _ => None,
    }
}

pub fn tingkat(kode: &str) -> Option<Tingkat> {
    match kode.split('.').count() {
        1 => Some(Tingkat::Provinsi),
        2 => Some(Tingkat::KabKota),
        3 => Some(Tingkat::Kecamatan),
        4 => Some(Tingkat::Desa),
        _ => None,
    }
}

/// The code of the parent at `t`, e.g. the kecamatan of a desa.
pub fn induk(kode: &str, t: Tingkat) -> Option<&str> {
    let n = match t {
        Tingkat::Provinsi => 2,
        Tingkat::KabKota => 5,
        Tingkat::Kecamatan => 8,
        Tingkat::Desa => 13,
    };
    kode.get(..n)
}

impl Wilayah {
    /// The built-in list (see module docs).
    pub fn bawaan() -> Wilayah {
        static D: OnceLock<Dasar> = OnceLock::new();
        let d = D.get_or_init(|| {
            use std::io::Read;
            let mut teks = String::new();
            // The embedded list is ours and tested (`the_full_list_is_built_in`);
            // a failure here is a build defect, not input.
            if let Err(e) = flate2::read::ZlibDecoder::new(BAWAAN_Z).read_to_string(&mut teks) {
                panic!("built-in region list is corrupt: {e}");
            }
            let teks: &'static str = Box::leak(teks.into_boxed_str());
            let mut kode_nama: Vec<(&'static str, &'static str)> = teks
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once('\t'))
                .collect();
            kode_nama.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let kecamatan = kode_nama
                .iter()
                .filter_map(|(k, _)| angka_kecamatan(k))
                .collect();
            Dasar {
                indeks: kode_nama.iter().copied().collect(),
                kode_nama,
                kecamatan,
            }
        });
        Wilayah {
            dasar: Some(d),
            ..Wilayah::default()
        }
    }

    /// Adds the codes of a TSV or CSV text with a `kode`/`nama` header (the
    /// format of the official list in `shared/data/wilayah`). Returns how many
    /// codes it read. Nothing is added when any line is bad.
    pub fn muat_teks(&mut self, teks: &str) -> Result<usize, GalatWilayah> {
        let teks = teks.trim_start_matches('\u{feff}');
        let mut lines = teks.lines().enumerate();
        let Some((_, header)) = lines.next() else {
            return Err(GalatWilayah {
                baris: 1,
                pesan: "berkas kosong".into(),
            });
        };
        let delim = if header.contains('\t') {
            '\t'
        } else if header.contains(';') {
            ';'
        } else {
            ','
        };
        let head: Vec<String> = header
            .split(delim)
            .map(|h| h.trim().trim_matches('"').to_lowercase())
            .collect();
        if head.first().map(String::as_str) != Some("kode")
            || head.get(1).map(String::as_str) != Some("nama")
        {
            return Err(GalatWilayah {
                baris: 1,
                pesan: format!(
                    "judul kolom harus 'kode' dan 'nama', terbaca '{}'",
                    header.chars().take(60).collect::<String>()
                ),
            });
        }
        let mut baru = Vec::new();
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let mut it = line.splitn(2, delim);
            let raw_kode = it.next().unwrap_or("").trim().trim_matches('"');
            let nama = it.next().unwrap_or("").trim().trim_matches('"');
            let Some(kode) = normalisasi_kode(raw_kode) else {
                return Err(GalatWilayah {
                    baris: i + 1,
                    pesan: format!("'{raw_kode}' bukan kode wilayah (PP.KK.CC.DDDD)"),
                });
            };
            if nama.is_empty() {
                return Err(GalatWilayah {
                    baris: i + 1,
                    pesan: format!("nama wilayah {kode} kosong"),
                });
            }
            baru.push((kode, nama.to_owned()));
        }
        let n = baru.len();
        for (k, v) in baru {
            self.tambah(k, v);
        }
        Ok(n)
    }

    pub fn tambah(&mut self, kode: String, nama: String) {
        if let Some(n) = angka_kecamatan(&kode) {
            self.kecamatan.insert(n);
        }
        self.nama.insert(kode, nama);
    }

    pub fn nama(&self, kode: &str) -> Option<&str> {
        // Codes added over the built-in list are rare (a newer list); the
        // empty map is skipped without a lookup.
        if !self.nama.is_empty()
            && let Some(n) = self.nama.get(kode)
        {
            return Some(n);
        }
        self.dasar.and_then(|d| d.cari(kode))
    }

    pub fn ada(&self, kode: &str) -> bool {
        self.nama(kode).is_some()
    }

    /// Whether a kecamatan `PPKKCC` (as a number) is in the list.
    pub fn ada_kecamatan_angka(&self, kode: u32) -> bool {
        (!self.kecamatan.is_empty() && self.kecamatan.contains(&kode))
            || self.dasar.is_some_and(|d| d.kecamatan.contains(&kode))
    }

    /// The entries whose code starts with `awalan`, added codes over the
    /// built-in ones, in code order.
    fn gabung(&self, awalan: &str) -> BTreeMap<&str, &str> {
        let mut m: BTreeMap<&str, &str> = BTreeMap::new();
        if let Some(d) = self.dasar {
            m.extend(d.dengan_awalan(awalan).iter().copied());
        }
        m.extend(
            self.nama
                .range(awalan.to_owned()..)
                .take_while(|(k, _)| k.starts_with(awalan))
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        m
    }

    /// Codes under `induk` at level `t`, in code order.
    pub fn di_bawah(&self, induk: &str, t: Tingkat) -> Vec<(&str, &str)> {
        self.gabung(&format!("{induk}."))
            .into_iter()
            .filter(|(k, _)| tingkat(k) == Some(t))
            .collect()
    }

    /// Every kecamatan code (`PPKKCC` as a number), for drawing NIK regions.
    pub fn semua_kecamatan(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.kecamatan.iter().copied().collect();
        if let Some(d) = self.dasar {
            v.extend(d.kecamatan.iter().copied());
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    pub fn len(&self) -> usize {
        let dasar = self.dasar.map_or(0, |d| d.kode_nama.len());
        let baru = self
            .nama
            .keys()
            .filter(|k| self.dasar.and_then(|d| d.cari(k)).is_none())
            .count();
        dasar + baru
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every code with its name, in code order.
    pub fn semua(&self) -> impl Iterator<Item = (&str, &str)> {
        self.gabung("").into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_full_list_is_built_in() {
        let w = Wilayah::bawaan();
        let n = |t| w.semua().filter(|(k, _)| tingkat(k) == Some(t)).count();
        assert_eq!(n(Tingkat::Provinsi), 38);
        assert_eq!(n(Tingkat::KabKota), 514);
        assert_eq!(n(Tingkat::Kecamatan), 7285);
        assert_eq!(n(Tingkat::Desa), 83762);
        assert_eq!(w.nama("35.07"), Some("Kabupaten Malang"));
    }

    #[test]
    fn kota_batu_is_built_in() {
        let w = Wilayah::bawaan();
        assert_eq!(w.nama("35.79"), Some("Kota Batu"));
        assert_eq!(w.di_bawah("35.79", Tingkat::Kecamatan).len(), 3);
        assert_eq!(w.di_bawah("35.79", Tingkat::Desa).len(), 24);
        assert!(w.ada_kecamatan_angka(357901));
        assert!(w.ada_kecamatan_angka(110101), "every kecamatan is built in");
    }

    #[test]
    fn every_province_has_its_time_zone() {
        let w = Wilayah::bawaan();
        for (k, _) in w
            .semua()
            .filter(|(k, _)| tingkat(k) == Some(Tingkat::Provinsi))
        {
            assert!(zona(k).is_some(), "{k} has no time zone");
        }
        assert_eq!(zona("35.79"), Some(Zona::Wib));
        assert_eq!(zona("51.71"), Some(Zona::Wita));
        assert_eq!(zona("94.01").map(Zona::jam), Some(9));
    }

    #[test]
    fn codes_normalise() {
        assert_eq!(
            normalisasi_kode("3579012001").as_deref(),
            Some("35.79.01.2001")
        );
        assert_eq!(normalisasi_kode("35.79").as_deref(), Some("35.79"));
        assert_eq!(normalisasi_kode("35.7.01"), None);
        assert_eq!(normalisasi_kode("35.79.01.20011"), None);
        assert_eq!(normalisasi_kode("3.579"), None);
        assert_eq!(normalisasi_kode("00"), Some("00".into()));
        assert_eq!(urai_kode("3579012001"), urai_kode("35.79.01.2001"));
        assert_eq!(
            urai_kode("35.79.01.2001"),
            Some((3579012001, Tingkat::Desa))
        );
        assert_eq!(normalisasi_kode("abc"), None);
        assert_eq!(induk("35.79.01.2001", Tingkat::Kecamatan), Some("35.79.01"));
    }

    #[test]
    fn a_bad_line_adds_nothing() {
        let mut w = Wilayah::default();
        let e = w.muat_teks("kode,nama\n11,Aceh\n11.x,Salah\n").unwrap_err();
        assert_eq!(e.baris, 3);
        assert!(w.is_empty());
        assert_eq!(w.muat_teks("kode\tnama\n11\tAceh\n11.01\tKab. X\n"), Ok(2));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = normalisasi_kode(&s);
            let _ = Wilayah::default().muat_teks(&s);
        }
    }
}
