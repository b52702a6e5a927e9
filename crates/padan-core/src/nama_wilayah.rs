//! Region names to official codes: a desa or kelurahan given by name
//! (`KEL. SISIR`, `Kec. Batu`, `KAB MALANG`), as most published lists and
//! many Dukcapil extracts give it, resolved through the region list within
//! whatever parents the row names too.
//!
//! A name resolves only when exactly one desa fits every name the row
//! gives: `SUKAMAJU` alone fits 65 desa and stays unresolved, `SUKAMAJU`
//! in a named kecamatan usually fits one. Spelling is forgiven where the
//! parent is known (a typo among the ten desa of one kecamatan is
//! unambiguous; among 83,000 it is not).

use crate::wilayah::{Tingkat, Wilayah, tingkat};
use std::collections::HashMap;

/// The names one row gives, each empty when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NamaWilayah<'a> {
    pub provinsi: &'a str,
    pub kabkota: &'a str,
    pub kecamatan: &'a str,
    pub desa: &'a str,
}

/// What a row's names resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tunjuk {
    /// One desa: its code `PP.KK.CC.DDDD`.
    Kode(String),
    /// No desa fits.
    TidakAda,
    /// Several fit (how many).
    Ganda(usize),
}

/// A kab/kota's kind as its name says it, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Jenis {
    Kabupaten,
    Kota,
}

/// A name as compared: upper case, letters and digits, single spaces, the
/// level's prefix (`KEL.`, `DS`, `KECAMATAN`, `KAB.`, `PROVINSI`) left
/// out; for a kab/kota, the kind the prefix said.
fn normal(s: &str, t: Tingkat) -> (String, Option<Jenis>) {
    let up = s.to_uppercase();
    let token: Vec<&str> = up
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .collect();
    let awalan: &[&str] = match t {
        Tingkat::Desa => &["DESA", "DS", "KEL", "KELURAHAN", "KELDESA"],
        Tingkat::Kecamatan => &["KEC", "KECAMATAN", "DISTRIK"],
        Tingkat::KabKota => &["KAB", "KABUPATEN", "KOTA", "KOTAMADYA", "KOTAMADYAH"],
        Tingkat::Provinsi => &[
            "PROV", "PROVINSI", "PROPINSI", "DAERAH", "KHUSUS", "IBUKOTA", "ISTIMEWA", "DKI", "DI",
            "DIY",
        ],
    };
    let mut jenis = None;
    let mut i = 0;
    while let Some(x) = token.get(i) {
        if !awalan.contains(x) {
            break;
        }
        if t == Tingkat::KabKota {
            jenis = Some(if x.starts_with("KOTA") {
                Jenis::Kota
            } else {
                Jenis::Kabupaten
            });
        }
        i += 1;
    }
    // `DIY` alone is Yogyakarta; "Kota" alone is a name (a kecamatan is
    // called Kota), not a prefix with nothing after it.
    if i == token.len() {
        if t == Tingkat::Provinsi && token.last() == Some(&"DIY") {
            return ("YOGYAKARTA".into(), None);
        }
        i = 0;
        jenis = None;
    }
    (token.get(i..).unwrap_or(&[]).join(" "), jenis)
}

/// One region of the list as the resolver holds it.
#[derive(Debug)]
struct Entri {
    kode: String,
    nama: String,
    jenis: Option<Jenis>,
}

/// The resolver: the list indexed by level and by name.
#[derive(Debug)]
pub struct PenunjukNama {
    /// Per level (provinsi, kab/kota, kecamatan, desa), every region.
    entri: [Vec<Entri>; 4],
    /// Per level, name → indices into `entri`.
    per_nama: [HashMap<String, Vec<usize>>; 4],
}

/// The candidates of the nearest named level above: its level and codes.
type Induk<'a> = Option<(Tingkat, Vec<&'a str>)>;

const TINGKAT: [Tingkat; 4] = [
    Tingkat::Provinsi,
    Tingkat::KabKota,
    Tingkat::Kecamatan,
    Tingkat::Desa,
];

/// Jaro-Winkler at or above this is a spelling of the same name.
const MIRIP: f64 = 0.92;

impl PenunjukNama {
    pub fn baru(w: &Wilayah) -> PenunjukNama {
        let mut p = PenunjukNama {
            entri: Default::default(),
            per_nama: Default::default(),
        };
        for (kode, nama) in w.semua() {
            let Some(t) = tingkat(kode) else { continue };
            let Some(l) = TINGKAT.iter().position(|x| *x == t) else {
                continue;
            };
            let (n, jenis) = normal(nama, t);
            let (Some(entri), Some(per_nama)) = (p.entri.get_mut(l), p.per_nama.get_mut(l)) else {
                continue;
            };
            per_nama.entry(n.clone()).or_default().push(entri.len());
            entri.push(Entri {
                kode: kode.to_owned(),
                nama: n,
                jenis,
            });
        }
        p
    }

    /// The desa the names fit.
    pub fn tunjuk(&self, n: &NamaWilayah) -> Tunjuk {
        if n.desa.trim().is_empty() {
            return Tunjuk::TidakAda;
        }
        // Top down: each named level's candidates, within the candidates
        // of the named level above (if any).
        let mut induk: Induk<'_> = None;
        for (l, (t, nama)) in TINGKAT
            .iter()
            .zip([n.provinsi, n.kabkota, n.kecamatan, n.desa])
            .enumerate()
        {
            if nama.trim().is_empty() {
                continue;
            }
            let calon = self.calon(l, *t, nama, &induk);
            if calon.is_empty() {
                return Tunjuk::TidakAda;
            }
            induk = Some((*t, calon));
        }
        match induk {
            Some((Tingkat::Desa, v)) => match v.as_slice() {
                [k] => Tunjuk::Kode((*k).to_owned()),
                _ => Tunjuk::Ganda(v.len()),
            },
            _ => Tunjuk::TidakAda,
        }
    }

    /// The codes at level `l` whose name is `nama` (or, where the parents
    /// are few, a close spelling of it), under one of `induk`.
    fn calon(&self, l: usize, t: Tingkat, nama: &str, induk: &Induk<'_>) -> Vec<&str> {
        let (Some(entri), Some(per_nama)) = (self.entri.get(l), self.per_nama.get(l)) else {
            return vec![];
        };
        let (n, jenis) = normal(nama, t);
        let di_bawah = |e: &Entri| {
            induk.as_ref().is_none_or(|(ti, v)| {
                let atas = crate::wilayah::induk(&e.kode, *ti);
                v.iter().any(|i| atas == Some(*i))
            }) && (jenis.is_none() || e.jenis.is_none() || e.jenis == jenis)
        };
        let sama: Vec<&str> = per_nama
            .get(&n)
            .into_iter()
            .flatten()
            .filter_map(|&i| entri.get(i))
            .filter(|e| di_bawah(e))
            .map(|e| e.kode.as_str())
            .collect();
        if !sama.is_empty() {
            return sama;
        }
        // Spelling: only among the children of known parents, or among the
        // few provinces and kab/kota; the single closest, if close enough.
        let kolam: Vec<&Entri> = match induk {
            Some((_, v)) if v.len() <= 4 => entri.iter().filter(|e| di_bawah(e)).collect(),
            None if l <= 1 => entri.iter().filter(|e| di_bawah(e)).collect(),
            _ => return vec![],
        };
        let mut skor: Vec<(f64, &Entri)> = kolam
            .into_iter()
            .map(|e| (strsim::jaro_winkler(&n, &e.nama), e))
            .filter(|(s, _)| *s >= MIRIP)
            .collect();
        skor.sort_by(|a, b| b.0.total_cmp(&a.0));
        match skor.as_slice() {
            [(a, e), (b, _), ..] if a > b => vec![e.kode.as_str()],
            [(_, e)] => vec![e.kode.as_str()],
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kode(p: &PenunjukNama, n: NamaWilayah) -> Tunjuk {
        p.tunjuk(&n)
    }

    #[test]
    fn names_resolve_within_their_parents_and_forgive_spelling() {
        let p = PenunjukNama::baru(&Wilayah::bawaan());
        let k = |s: &str| Tunjuk::Kode(s.into());
        let n = |prov, kab, kec, desa| NamaWilayah {
            provinsi: prov,
            kabkota: kab,
            kecamatan: kec,
            desa,
        };
        assert_eq!(kode(&p, n("", "", "Batu", "Sisir")), k("35.79.01.1004"));
        assert_eq!(
            kode(&p, n("", "", "KEC. BATU", "KEL. SISIR")),
            k("35.79.01.1004")
        );
        assert_eq!(
            kode(&p, n("JAWA TIMUR", "KOTA BATU", "BATU", "DS. SONGGOKERTO")),
            k("35.79.01.1003")
        );
        // A typo among the desa of one kecamatan.
        assert_eq!(
            kode(&p, n("", "Kota Batu", "Batu", "Songgokerta")),
            k("35.79.01.1003")
        );
        // A common name alone fits many.
        assert!(matches!(kode(&p, n("", "", "", "Sukamaju")), Tunjuk::Ganda(x) if x > 10));
        // A name nowhere in the list, or under the wrong parent.
        assert_eq!(kode(&p, n("", "", "", "Winston Hills")), Tunjuk::TidakAda);
        assert_eq!(kode(&p, n("nsw", "", "", "Sisir")), Tunjuk::TidakAda);
        assert_eq!(kode(&p, n("", "", "", "")), Tunjuk::TidakAda);
        // Kabupaten and Kota of one name are told apart by the prefix.
        let kab = kode(&p, n("", "KAB. MALANG", "", "Sumberejo"));
        let kota = kode(&p, n("", "KOTA MALANG", "", "Sumberejo"));
        assert_ne!(kab, kota);
        assert_eq!(
            kode(&p, n("DKI Jakarta", "", "Gambir", "Gambir")),
            kode(
                &p,
                n("Daerah Khusus Ibukota Jakarta", "", "Gambir", "Gambir")
            )
        );
    }

    #[test]
    fn prefixes_are_left_out_but_a_bare_word_is_a_name() {
        assert_eq!(normal("Kel. Oro-oro Ombo", Tingkat::Desa).0, "ORO ORO OMBO");
        assert_eq!(normal("Kota", Tingkat::Kecamatan).0, "KOTA");
        assert_eq!(
            normal("KOTA BATU", Tingkat::KabKota),
            ("BATU".into(), Some(Jenis::Kota))
        );
        assert_eq!(
            normal("Kabupaten Malang", Tingkat::KabKota),
            ("MALANG".into(), Some(Jenis::Kabupaten))
        );
        assert_eq!(normal("DIY", Tingkat::Provinsi).0, "YOGYAKARTA");
        assert_eq!(
            normal("Daerah Istimewa Yogyakarta", Tingkat::Provinsi).0,
            "YOGYAKARTA"
        );
    }
}

/// The resolver with what it has resolved: a file's rows share a few
/// hundred sets of names, each resolved once.
#[derive(Debug)]
pub struct Tembolok {
    penunjuk: PenunjukNama,
    tunjuk: HashMap<String, Tunjuk>,
    /// The names joined, reused row after row (a hit allocates nothing).
    kunci: String,
}

fn tulis_kunci(n: &NamaWilayah, s: &mut String) {
    s.clear();
    for x in [n.provinsi, n.kabkota, n.kecamatan, n.desa] {
        s.push_str(x);
        s.push('\u{1f}');
    }
}

impl Tembolok {
    pub fn baru(w: &Wilayah) -> Tembolok {
        Tembolok {
            penunjuk: PenunjukNama::baru(w),
            tunjuk: HashMap::new(),
            kunci: String::new(),
        }
    }

    /// What the names resolve to, resolved now if not seen before.
    pub fn tunjuk(&mut self, n: &NamaWilayah) -> &Tunjuk {
        tulis_kunci(n, &mut self.kunci);
        if !self.tunjuk.contains_key(&self.kunci) {
            let t = self.penunjuk.tunjuk(n);
            self.tunjuk.insert(self.kunci.clone(), t);
        }
        self.tunjuk.get(&self.kunci).unwrap_or(&Tunjuk::TidakAda)
    }

    /// What names already resolved by [`Tembolok::tunjuk`] resolve to
    /// (for readers sharing the cache, in parallel).
    pub fn lihat(&self, n: &NamaWilayah) -> Option<&Tunjuk> {
        let mut k = String::new();
        tulis_kunci(n, &mut k);
        self.tunjuk.get(&k)
    }
}
