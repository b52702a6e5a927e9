//! Kemendagri region codes `PP.KK.CC.DDDD`.
//!
//! Built in: every province, kab/kota and kecamatan (so a NIK's region of
//! issue can be checked anywhere), and Kota Batu down to desa/kelurahan.
//! `padan region import` adds the full official list to a workspace.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

const BAWAAN: &str = include_str!("../data/wilayah_inti.tsv");

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

/// A region list: code → name, ordered by code.
#[derive(Debug, Clone, Default)]
pub struct Wilayah {
    nama: BTreeMap<String, String>,
    kecamatan: HashSet<u32>,
}

/// A line of a region file that cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("baris {baris}: {pesan}")]
pub struct GalatWilayah {
    pub baris: usize,
    pub pesan: String,
}

/// `35.79.01.2001`, `3579012001`, `35.79`, `3579` → dotted form; `None` if the
/// text is no region code.
pub fn normalisasi_kode(s: &str) -> Option<String> {
    let s = s.trim();
    let digits: String = s.chars().filter(|c| *c != '.').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.contains('.') {
        let parts: Vec<&str> = s.split('.').collect();
        let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
        let ok = matches!(lens.as_slice(), [2] | [2, 2] | [2, 2, 2] | [2, 2, 2, 4]);
        return ok.then(|| s.to_owned());
    }
    let cuts: &[usize] = match digits.len() {
        2 => &[2],
        4 => &[2, 4],
        6 => &[2, 4, 6],
        10 => &[2, 4, 6, 10],
        _ => return None,
    };
    let mut out = String::with_capacity(13);
    let mut start = 0;
    for &c in cuts {
        if start > 0 {
            out.push('.');
        }
        out.push_str(&digits[start..c]);
        start = c;
    }
    Some(out)
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
        static W: OnceLock<Wilayah> = OnceLock::new();
        W.get_or_init(|| {
            let mut w = Wilayah::default();
            // The embedded file is ours and tested; a failure here is a build defect.
            if let Err(e) = w.muat_teks(BAWAAN) {
                panic!("built-in region list is corrupt: {e}");
            }
            w
        })
        .clone()
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
        if tingkat(&kode) == Some(Tingkat::Kecamatan)
            && let Ok(n) = kode.replace('.', "").parse::<u32>()
        {
            self.kecamatan.insert(n);
        }
        self.nama.insert(kode, nama);
    }

    pub fn nama(&self, kode: &str) -> Option<&str> {
        self.nama.get(kode).map(String::as_str)
    }

    pub fn ada(&self, kode: &str) -> bool {
        self.nama.contains_key(kode)
    }

    /// Whether a kecamatan `PPKKCC` (as a number) is in the list.
    pub fn ada_kecamatan_angka(&self, kode: u32) -> bool {
        self.kecamatan.contains(&kode)
    }

    /// Codes under `induk` at level `t`, in code order.
    pub fn di_bawah(&self, induk: &str, t: Tingkat) -> Vec<(&str, &str)> {
        let prefix = format!("{induk}.");
        self.nama
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter(|(k, _)| tingkat(k) == Some(t))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// Every kecamatan code (`PPKKCC` as a number), for drawing NIK regions.
    pub fn semua_kecamatan(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.kecamatan.iter().copied().collect();
        v.sort_unstable();
        v
    }

    pub fn len(&self) -> usize {
        self.nama.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nama.is_empty()
    }

    pub fn semua(&self) -> impl Iterator<Item = (&str, &str)> {
        self.nama.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn codes_normalise() {
        assert_eq!(
            normalisasi_kode("3579012001").as_deref(),
            Some("35.79.01.2001")
        );
        assert_eq!(normalisasi_kode("35.79").as_deref(), Some("35.79"));
        assert_eq!(normalisasi_kode("35.7.01"), None);
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
