//! Blocking: which pairs are compared at all.
//!
//! Several rules, each giving a key per record; records sharing a key in
//! any rule form a candidate pair, compared once: a rule skips the pairs an
//! earlier rule already produced (their keys agree under that rule), so no
//! set of seen pairs is needed and blocks can be worked on in parallel or
//! one partition at a time. The first rule that found a pair is kept, for
//! the explanation. A block larger than the limit (50,000 people called
//! SITI born in one year) is not expanded: it is reported with the pairs it
//! would have made, never dropped silently.

use crate::rekaman::{Rekaman, idx};
use crate::tambahan::{Jenis, Nilai};
use chrono::Datelike;
use serde::Serialize;

pub struct AturanBlok {
    pub nama: &'static str,
    /// Writes the record's key into the buffer (cleared first); `None`
    /// when the rule does not apply. A buffer rather than a new string:
    /// keys are made for every record under every rule.
    pub kunci: fn(&Rekaman, &mut String) -> Option<()>,
    /// The comparisons (see [`crate::rekaman::idx`]) that agree by
    /// construction in this rule's pairs, left out when training.
    pub tetap: &'static [usize],
    /// Whether m is trained on this rule's pairs. Rules whose pairs are
    /// mostly one household (same NKK) would teach the model households,
    /// not persons; they block but do not train.
    pub latih: bool,
    /// A fallback rule: in a link it only pairs records that the rules
    /// before the first fallback left without a match (most records are
    /// found by NIK or by name and birth date; the fallbacks are for the
    /// messy rest, and broad, so running them on everyone would cost most
    /// of the time for almost no pairs).
    pub lanjutan: bool,
    /// A cheap part of the key (0: none): two records whose parts differ
    /// cannot share the key. A link's fallback rules make keys only for
    /// the records whose part the other side has (most unmatched register
    /// records share no birth date and desa with the few unmatched extract
    /// records, and building their keys was most of those rules' time).
    pub bagian: Option<fn(&Rekaman) -> u64>,
}

impl AturanBlok {
    /// The key as text (for reports).
    pub fn teks_kunci(&self, r: &Rekaman) -> Option<String> {
        let mut s = String::new();
        (self.kunci)(r, &mut s).map(|_| s)
    }
}

use std::fmt::Write as _;

/// Digits `dari..sampai` of a number, as text.
fn tulis_digit(s: &mut String, a: &crate::banding::Angka, dari: usize, sampai: usize) {
    for i in dari..sampai {
        s.push(char::from(b'0' + a.digit(i)));
    }
}

/// The name's tokens sorted, joined by spaces; `None` for a one-token
/// name (AHMAD, SITI: left to the rules with the full birth date, since
/// without it their blocks hold thousands).
fn tulis_token_urut(r: &Rekaman, s: &mut String) -> Option<()> {
    let mut t: Vec<&str> = r.token().collect();
    (t.len() >= 2).then_some(())?;
    t.sort_unstable();
    for (i, x) in t.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(x);
    }
    Some(())
}

fn nik_utuh(r: &Rekaman, s: &mut String) -> Option<()> {
    r.nik.ada().then_some(())?;
    tulis_digit(s, &r.nik, 0, r.nik.panjang());
    Some(())
}

/// A date as `YYYY-MM-DD`, by integer formatting (chrono's formatter costs
/// more, and keys are made for every record).
fn tulis_tanggal(s: &mut String, d: chrono::NaiveDate) -> Option<()> {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        return write!(s, "{y}-{:02}-{:02}", d.month(), d.day()).ok();
    }
    let (y, m, h) = (y as u32, d.month(), d.day());
    for x in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push(char::from(b'0' + x as u8));
    }
    for (a, b) in [(m / 10, m % 10), (h / 10, h % 10)] {
        s.push('-');
        s.push(char::from(b'0' + a as u8));
        s.push(char::from(b'0' + b as u8));
    }
    Some(())
}

/// The first extra comparison when it is an identifier (`--compare
/// NO_IDENTITAS=id`; the caller puts identifiers first): for data without
/// a NIK, the rule the NIK has.
fn id_tambahan(r: &Rekaman, s: &mut String) -> Option<()> {
    match r.tambahan.first()? {
        Nilai::Teks(Jenis::Id, t) => {
            s.push_str(t);
            Some(())
        }
        _ => None,
    }
}

fn nama_depan_lahir(r: &Rekaman, s: &mut String) -> Option<()> {
    let (n, d) = (r.token().next()?, r.lahir?);
    write!(s, "{n}|").ok()?;
    tulis_tanggal(s, d)
}

/// The kecamatan (`PPKKCC`) of a desa code, if known.
fn kecamatan(r: &Rekaman) -> Option<u64> {
    (r.desa != 0).then_some(r.desa / 10_000)
}

fn gabung_tahun_kecamatan(r: &Rekaman, s: &mut String) -> Option<()> {
    (!r.nama.is_empty()).then_some(())?;
    let (d, k) = (r.lahir?, kecamatan(r)?);
    s.extend(r.nama.chars().filter(|c| *c != ' '));
    write!(s, "|{}|{k}", d.year()).ok()
}

fn nkk_nama_depan(r: &Rekaman, s: &mut String) -> Option<()> {
    (r.nkk.panjang() == 16).then_some(())?;
    let n = r.token().next()?;
    tulis_digit(s, &r.nkk, 0, 16);
    write!(s, "|{n}").ok()
}

/// The family card and half the NIK: a NIK with a slip in the other half
/// together with the name and the birth date changed or left out (a
/// household's card outlives a mistyped form).
fn nkk_separuh_nik(r: &Rekaman, s: &mut String, awal: bool) -> Option<()> {
    (r.nkk.panjang() == 16 && r.nik.panjang() == 16).then_some(())?;
    tulis_digit(s, &r.nkk, 0, 16);
    s.push(if awal { '<' } else { '>' });
    let (a, b) = if awal { (0, 8) } else { (8, 16) };
    tulis_digit(s, &r.nik, a, b);
    Some(())
}

fn nkk_nik_awal(r: &Rekaman, s: &mut String) -> Option<()> {
    nkk_separuh_nik(r, s, true)
}

fn nkk_nik_akhir(r: &Rekaman, s: &mut String) -> Option<()> {
    nkk_separuh_nik(r, s, false)
}

fn nama_belakang_lahir(r: &Rekaman, s: &mut String) -> Option<()> {
    let (n, d) = (r.token().last()?, r.lahir?);
    write!(s, "{n}|").ok()?;
    tulis_tanggal(s, d)
}

/// The name's tokens in any order (`FITZPATRICK LUCY` = `LUCY FITZPATRICK`)
/// and the year of birth: a wrong day or month does not hide the pair.
fn nama_urut_tahun(r: &Rekaman, s: &mut String) -> Option<()> {
    let d = r.lahir?;
    tulis_token_urut(r, s)?;
    write!(s, "|{}", d.year()).ok()
}

/// Birth date and the initials of the name in any order: catches names
/// swapped and misspelt after their first letter (`STEPHENSON ELIZBETH` /
/// `ELIZABETH STEPHENSON`).
fn lahir_inisial(r: &Rekaman, s: &mut String) -> Option<()> {
    let d = r.lahir?;
    let mut i: Vec<char> = r.token().filter_map(|t| t.chars().next()).collect();
    (!i.is_empty()).then_some(())?;
    i.sort_unstable();
    tulis_tanggal(s, d)?;
    s.push('|');
    s.extend(i);
    write!(s, "|{}", r.desa / 1_000_000).ok()
}

/// Birth date and where one lives (desa and address), whatever the name.
fn lahir_alamat(r: &Rekaman, s: &mut String) -> Option<()> {
    (!r.alamat.is_empty()).then_some(())?;
    tulis_tanggal(s, r.lahir?)?;
    write!(s, "|{}|{}", r.desa, r.alamat).ok()
}

/// The first postcode compared (`--compare …=postcode`), for data without
/// desa codes: the nearest thing to one. Data with desa codes has its own
/// rules (`tanggal-lahir+alamat`, `nama-gabung+tahun+kecamatan`); the
/// postcode rules made 4,263 pairs there (`padan synth` 1M × 400k keyed on
/// the desa instead), none true, and in a deduplication every two people of
/// a desa born on one day.
fn kode_pos(r: &Rekaman) -> Option<u64> {
    if r.desa != 0 {
        return None;
    }
    r.tambahan.iter().find_map(|n| match n {
        Nilai::Teks(Jenis::Postcode, t) => Some(hash_kunci(t)),
        _ => None,
    })
}

/// Birth date and postcode, whatever the name and the address: a name
/// misspelt past recognition (`LAUR A HEFFORD`), reordered with a token
/// lost.
fn lahir_kode_pos(r: &Rekaman, s: &mut String) -> Option<()> {
    let t = kode_pos(r)?;
    tulis_tanggal(s, r.lahir?)?;
    write!(s, "|{t}").ok()
}

/// The name's tokens in any order and the postcode, without the birth
/// date: a date missing or mistyped together with a wrong identifier.
/// (Keyed on the desa, on `padan synth` 1M × 400k it made 165,487 pairs of
/// namesakes, none true.)
fn nama_urut_kode_pos(r: &Rekaman, s: &mut String) -> Option<()> {
    let t = kode_pos(r)?;
    tulis_token_urut(r, s)?;
    write!(s, "|{t}").ok()
}

/// The first half of a compared identifier (`--compare …=id`) and the
/// postcode: an identifier with a slip in its second half, together with
/// a changed birth date. Not the NIK: its first half is the kecamatan and
/// the birth day, blocks of thousands. (The second half was measured too:
/// on FEBRL3 it added 4 pairs, none true.)
fn id_awal_kode_pos(r: &Rekaman, s: &mut String) -> Option<()> {
    let t = kode_pos(r)?;
    let id = match r.tambahan.first()? {
        Nilai::Teks(Jenis::Id, x) if x.len() >= 6 => x,
        _ => return None,
    };
    write!(s, "{}|{t}", id.get(..id.len() / 2)?).ok()
}

/// A region name that resolved to no code (the deepest one the file
/// gives), as text.
fn nama_wilayah(r: &Rekaman) -> Option<&str> {
    r.tambahan.iter().find_map(|n| match n {
        Nilai::Teks(Jenis::Wilayah, t) => Some(&**t),
        _ => None,
    })
}

/// Birth date and the region's name where it resolved to no code: a
/// postcode mistyped (`2325` / `2235`) in the same suburb.
fn lahir_nama_wilayah(r: &Rekaman, s: &mut String) -> Option<()> {
    let w = nama_wilayah(r)?;
    tulis_tanggal(s, r.lahir?)?;
    write!(s, "|{w}").ok()
}

fn bagian_lahir_nama_wilayah(r: &Rekaman) -> u64 {
    match (hari(r), nama_wilayah(r)) {
        (Some(h), Some(w)) => ADA | (h << 40 ^ hash_kunci(w)) >> 1,
        _ => 0,
    }
}

fn bagian_kode_pos(r: &Rekaman) -> u64 {
    kode_pos(r).map_or(0, |t| ADA | t >> 1)
}

/// [`nama_urut_kode_pos`]'s postcode and the name's length (the same
/// tokens in any order have the same length once joined).
fn bagian_kode_pos_panjang(r: &Rekaman) -> u64 {
    kode_pos(r).map_or(0, |t| ADA | (t ^ (r.nama.len() as u64) << 48) >> 1)
}

fn bagian_lahir_kode_pos(r: &Rekaman) -> u64 {
    match (hari(r), kode_pos(r)) {
        (Some(h), Some(t)) => ADA | (h << 40 ^ t) >> 1,
        _ => 0,
    }
}

/// The birth date as a day number, if any.
fn hari(r: &Rekaman) -> Option<u64> {
    r.lahir.map(|d| d.num_days_from_ce() as u64 & 0xF_FFFF)
}

/// A part, never 0 (which says the rule does not apply).
const ADA: u64 = 1 << 63;

/// [`nama_urut_tahun`]'s year and the name's length (the same tokens in any
/// order have the same length once joined).
fn bagian_tahun_panjang(r: &Rekaman) -> u64 {
    r.lahir.map_or(0, |d| {
        ADA | (d.year() as u64 & 0xFFFF) << 16 | r.nama.len() as u64 & 0xFFFF
    })
}

fn bagian_lahir_provinsi(r: &Rekaman) -> u64 {
    hari(r).map_or(0, |h| ADA | h << 8 | (r.desa / 1_000_000) & 0xFF)
}

fn bagian_lahir_desa(r: &Rekaman) -> u64 {
    hari(r).map_or(0, |h| ADA | (h << 40 ^ r.desa))
}

fn bagian_tahun_kecamatan(r: &Rekaman) -> u64 {
    match (r.lahir, kecamatan(r)) {
        (Some(d), Some(k)) => ADA | ((d.year() as u64 & 0xFFFF) << 40 ^ k),
        _ => 0,
    }
}

fn bagian_nkk(r: &Rekaman) -> u64 {
    if r.nkk.panjang() != 16 {
        return 0;
    }
    ADA | (0..16).fold(0u64, |a, i| a * 10 + u64::from(r.nkk.digit(i)))
}

/// The default rules, strongest first. The NIK rule trains on everything
/// but the NIK (the stated birth date and sex may disagree with it in real
/// data); the name and birth-date rule trains the NIK and the rest.
pub const ATURAN_BAKU: &[AturanBlok] = &[
    AturanBlok {
        nama: "nik",
        kunci: nik_utuh,
        tetap: &[idx::NIK],
        latih: true,
        bagian: None,
        lanjutan: false,
    },
    AturanBlok {
        nama: "id-tambahan",
        kunci: id_tambahan,
        tetap: &[idx::TAMBAHAN],
        latih: true,
        bagian: None,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-depan+tanggal-lahir",
        kunci: nama_depan_lahir,
        tetap: &[idx::NAMA, idx::LAHIR],
        latih: true,
        bagian: None,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-belakang+tanggal-lahir",
        kunci: nama_belakang_lahir,
        tetap: &[idx::NAMA, idx::LAHIR],
        latih: false,
        bagian: None,
        lanjutan: false,
    },
    AturanBlok {
        nama: "nama-urut+tahun",
        kunci: nama_urut_tahun,
        tetap: &[idx::NAMA],
        latih: false,
        bagian: Some(bagian_tahun_panjang),
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+inisial",
        kunci: lahir_inisial,
        tetap: &[idx::LAHIR],
        latih: false,
        bagian: Some(bagian_lahir_provinsi),
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+alamat",
        kunci: lahir_alamat,
        tetap: &[idx::LAHIR, idx::WILAYAH, idx::ALAMAT],
        latih: false,
        bagian: Some(bagian_lahir_desa),
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+kodepos",
        kunci: lahir_kode_pos,
        tetap: &[idx::LAHIR],
        latih: false,
        bagian: Some(bagian_lahir_kode_pos),
        lanjutan: true,
    },
    AturanBlok {
        nama: "nama-urut+kodepos",
        kunci: nama_urut_kode_pos,
        tetap: &[idx::NAMA],
        latih: false,
        bagian: Some(bagian_kode_pos_panjang),
        lanjutan: true,
    },
    AturanBlok {
        nama: "id-awal+kodepos",
        kunci: id_awal_kode_pos,
        tetap: &[],
        latih: false,
        bagian: Some(bagian_kode_pos),
        lanjutan: true,
    },
    AturanBlok {
        nama: "tanggal-lahir+nama-wilayah",
        kunci: lahir_nama_wilayah,
        tetap: &[idx::LAHIR],
        latih: false,
        bagian: Some(bagian_lahir_nama_wilayah),
        lanjutan: true,
    },
    AturanBlok {
        nama: "nama-gabung+tahun+kecamatan",
        kunci: gabung_tahun_kecamatan,
        tetap: &[idx::NAMA, idx::LAHIR, idx::WILAYAH],
        latih: false,
        bagian: Some(bagian_tahun_kecamatan),
        lanjutan: true,
    },
    AturanBlok {
        nama: "nkk+nik-awal",
        kunci: nkk_nik_awal,
        tetap: &[idx::WILAYAH],
        latih: false,
        bagian: Some(bagian_nkk),
        lanjutan: true,
    },
    AturanBlok {
        nama: "nkk+nik-akhir",
        kunci: nkk_nik_akhir,
        tetap: &[idx::WILAYAH],
        latih: false,
        bagian: Some(bagian_nkk),
        lanjutan: true,
    },
    AturanBlok {
        nama: "nkk+nama-depan",
        kunci: nkk_nama_depan,
        tetap: &[idx::WILAYAH, idx::NAMA],
        latih: false,
        bagian: Some(bagian_nkk),
        lanjutan: true,
    },
];

/// A key as a number: blocks are found by sorting numbers, not strings. Two
/// keys sharing a hash only make a block larger (more pairs compared), never
/// lose a pair. Never 0, which means "no key".
pub fn hash_kunci(k: &str) -> u64 {
    use std::hash::BuildHasher;
    // A fixed seed: the same keys, the same blocks, on every run.
    foldhash::fast::FixedState::with_seed(0x7061_6461_6e00)
        .hash_one(k)
        .max(1)
}

/// Each record's key under each rule (0: the rule does not apply).
pub fn kunci_semua(rs: &[Rekaman], aturan: &[AturanBlok]) -> Vec<Vec<u64>> {
    aturan
        .iter()
        .map(|a| kunci_aturan(rs, a, |_, _| true))
        .collect()
}

/// Each record's key under one rule, for the records `ikut` takes (0 for
/// the others), in parallel, into one reused buffer per thread.
fn kunci_aturan(
    rs: &[Rekaman],
    a: &AturanBlok,
    ikut: impl Fn(usize, &Rekaman) -> bool + Sync + Send,
) -> Vec<u64> {
    use rayon::prelude::*;
    rs.par_iter()
        .enumerate()
        .map_init(String::new, |buf, (i, r)| {
            if !ikut(i, r) {
                return 0;
            }
            buf.clear();
            (a.kunci)(r, buf).map_or(0, |_| hash_kunci(buf))
        })
        .collect()
}

type SetKunci = std::collections::HashSet<u64, foldhash::fast::FixedState>;

/// The keys of a link's two sides under `aturan`, for the records marked
/// in `sisa_kiri` / `sisa_kanan` (0 for the others). A rule with a
/// [`AturanBlok::bagian`] makes a key only for the records whose part the
/// other side's records have too; the blocks are the same as with every
/// key made.
pub fn kunci_link(
    (kiri, sisa_kiri): (&[Rekaman], &[bool]),
    (kanan, sisa_kanan): (&[Rekaman], &[bool]),
    aturan: &[AturanBlok],
) -> (Vec<Vec<u64>>, Vec<Vec<u64>>) {
    let ikut = |sisa: &[bool], i: usize| sisa.get(i).copied().unwrap_or(false);
    let bagian_sisi = |rs: &[Rekaman], sisa: &[bool], f: fn(&Rekaman) -> u64| -> SetKunci {
        rs.iter()
            .enumerate()
            .filter(|(i, _)| ikut(sisa, *i))
            .map(|(_, r)| f(r))
            .filter(|b| *b != 0)
            .collect()
    };
    let kunci = |rs: &[Rekaman], sisa: &[bool], a: &AturanBlok, lawan: Option<&SetKunci>| {
        kunci_aturan(rs, a, |i, r| {
            ikut(sisa, i)
                && match (a.bagian, lawan) {
                    (Some(f), Some(set)) => set.contains(&f(r)),
                    _ => true,
                }
        })
    };
    aturan
        .iter()
        .map(|a| {
            // The parts of the side with fewer records left filter the
            // other side.
            let n = |sisa: &[bool]| sisa.iter().filter(|x| **x).count();
            let (set_kiri, set_kanan) = match a.bagian {
                Some(f) if n(sisa_kanan) < n(sisa_kiri) => {
                    (None, Some(bagian_sisi(kanan, sisa_kanan, f)))
                }
                Some(f) => (Some(bagian_sisi(kiri, sisa_kiri, f)), None),
                None => (None, None),
            };
            (
                kunci(kiri, sisa_kiri, a, set_kanan.as_ref()),
                kunci(kanan, sisa_kanan, a, set_kiri.as_ref()),
            )
        })
        .unzip()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlokBesar {
    pub aturan: &'static str,
    pub kunci: String,
    pub ukuran: usize,
    pub pasangan_tertunda: u64,
}

/// Oversized blocks, summarised for a report: how many, the pairs they
/// would have made, and the largest (a province can have many thousands).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RingkasanBlokBesar {
    pub jumlah: usize,
    pub pasangan_tertunda: u64,
    /// The largest, largest first, at most [`RingkasanBlokBesar::MAKS`].
    pub terbesar: Vec<BlokBesar>,
}

impl RingkasanBlokBesar {
    pub const MAKS: usize = 100;

    pub fn dari(semua: &[BlokBesar]) -> RingkasanBlokBesar {
        let mut v: Vec<&BlokBesar> = semua.iter().collect();
        v.sort_by(|a, b| {
            b.pasangan_tertunda
                .cmp(&a.pasangan_tertunda)
                .then(a.kunci.cmp(&b.kunci))
        });
        RingkasanBlokBesar {
            jumlah: semua.len(),
            pasangan_tertunda: semua.iter().map(|b| b.pasangan_tertunda).sum(),
            terbesar: v.into_iter().take(Self::MAKS).cloned().collect(),
        }
    }
}

/// One block of one rule: the members on the left and (for a link) on the
/// right, as slices of the rule's sorted index (no allocation per block).
#[derive(Debug, Clone, Copy)]
pub struct Blok<'a> {
    pub kunci: u64,
    pub kiri: &'a [u32],
    pub kanan: &'a [u32],
}

impl Blok<'_> {
    /// Pairs this block would make.
    pub fn ukuran_pasangan(&self, sendiri: bool) -> u64 {
        let (l, r) = (self.kiri.len() as u64, self.kanan.len() as u64);
        if sendiri {
            l * l.saturating_sub(1) / 2
        } else {
            l * r
        }
    }
}

/// Where one block lies in the sorted indices.
#[derive(Debug, Clone, Copy)]
struct Rentang {
    kunci: u64,
    kiri: (u32, u32),
    kanan: (u32, u32),
}

/// The blocks of one rule with at least one pair, in key order: the
/// records sorted by key, and the ranges of equal keys.
pub struct BlokAturan {
    urut_kiri: Vec<u32>,
    urut_kanan: Vec<u32>,
    rentang: Vec<Rentang>,
}

impl BlokAturan {
    pub fn len(&self) -> usize {
        self.rentang.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rentang.is_empty()
    }

    fn lihat(&self, r: &Rentang) -> Blok<'_> {
        Blok {
            kunci: r.kunci,
            kiri: &self.urut_kiri[r.kiri.0 as usize..r.kiri.1 as usize],
            kanan: &self.urut_kanan[r.kanan.0 as usize..r.kanan.1 as usize],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Blok<'_>> {
        self.rentang.iter().map(|r| self.lihat(r))
    }

    pub fn par_iter(&self) -> impl rayon::iter::ParallelIterator<Item = Blok<'_>> {
        use rayon::prelude::*;
        self.rentang.par_iter().map(|r| self.lihat(r))
    }
}

/// Records with a key, sorted by key: (keys, indices).
fn urut(kunci: &[u64]) -> (Vec<u64>, Vec<u32>) {
    use rayon::prelude::*;
    // Vectors made at their final size: growing them by doubling copied
    // and faulted in fresh pages (a quarter of a large link's page faults).
    let n = kunci.iter().filter(|k| **k != 0).count();
    let mut v: Vec<(u64, u32)> = Vec::with_capacity(n);
    v.extend(
        kunci
            .iter()
            .enumerate()
            .filter(|(_, k)| **k != 0)
            .map(|(i, k)| (*k, i as u32)),
    );
    v.par_sort_unstable();
    let (mut k, mut i) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (a, b) in v {
        k.push(a);
        i.push(b);
    }
    (k, i)
}

/// Runs of equal keys: (key, start, end).
fn runs(k: &[u64]) -> impl Iterator<Item = (u64, u32, u32)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = i;
        let kunci = *k.get(start)?;
        while i < k.len() && k[i] == kunci {
            i += 1;
        }
        Some((kunci, start as u32, i as u32))
    })
}

/// The blocks of one rule. `kanan_kunci` is `None` for deduplication.
pub fn blok_aturan(kiri_kunci: &[u64], kanan_kunci: Option<&[u64]>) -> BlokAturan {
    let (kl, il) = urut(kiri_kunci);
    // At most one block per left record: reserved, and only the part used
    // is ever touched.
    let mut rentang = Vec::with_capacity(kl.len());
    match kanan_kunci {
        None => {
            for (kunci, a, b) in runs(&kl) {
                if b - a >= 2 {
                    rentang.push(Rentang {
                        kunci,
                        kiri: (a, b),
                        kanan: (0, 0),
                    });
                }
            }
            BlokAturan {
                urut_kiri: il,
                urut_kanan: vec![],
                rentang,
            }
        }
        Some(kk) => {
            let (kr, ir) = urut(kk);
            // A merge of the two sorted key lists.
            let mut kanan = runs(&kr).peekable();
            for (kunci, a, b) in runs(&kl) {
                while kanan.peek().is_some_and(|r| r.0 < kunci) {
                    kanan.next();
                }
                if let Some(&(k2, c, d)) = kanan.peek()
                    && k2 == kunci
                {
                    rentang.push(Rentang {
                        kunci,
                        kiri: (a, b),
                        kanan: (c, d),
                    });
                }
            }
            BlokAturan {
                urut_kiri: il,
                urut_kanan: ir,
                rentang,
            }
        }
    }
}

/// Whether an earlier rule already produced the pair `(a, b)`: their keys
/// agree there and that block was not over the limit.
pub fn sudah_oleh(
    aturan: usize,
    kunci_kiri: &[Vec<u64>],
    kunci_kanan: &[Vec<u64>],
    besar: &[std::collections::HashSet<u64>],
    a: u32,
    b: u32,
) -> bool {
    (0..aturan).any(|r| {
        let (x, y) = (kunci_kiri[r][a as usize], kunci_kanan[r][b as usize]);
        x != 0 && x == y && (besar[r].is_empty() || !besar[r].contains(&x))
    })
}

/// The pairs of one block, each as `(left, right)`: the partition-level
/// operator (no I/O, no state), so a distributed runner can call it too.
pub fn pasangan_blok(b: &Blok, sendiri: bool, mut f: impl FnMut(u32, u32)) {
    if sendiri {
        for (i, &p) in b.kiri.iter().enumerate() {
            for &q in &b.kiri[i + 1..] {
                f(p.min(q), p.max(q));
            }
        }
    } else {
        for &p in b.kiri {
            for &q in b.kanan {
                f(p, q);
            }
        }
    }
}

/// Asks the processor to start loading `x` into its cache, and returns at
/// once. Comparing a pair is mostly waiting for its two records to arrive
/// from memory (blocks are in key order, their records anywhere), so the
/// records of a block a few places ahead are asked for while this one is
/// compared.
#[inline(always)]
fn pratambil<T: ?Sized>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        let p = (x as *const T).cast::<i8>();
        let mut o = 0;
        while o < std::mem::size_of_val(x) {
            // SAFETY: a prefetch is a hint: it never faults and changes
            // nothing the program can observe; the address lies in `x`.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    p.wrapping_add(o),
                )
            };
            o += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Blocks this many places ahead are prefetched.
const JARAK_PRATAMBIL: usize = 8;
/// Blocks with more members on a side than this are not prefetched (they
/// would push out what is being compared).
const MAKS_PRATAMBIL: usize = 16;

/// One rule's blocks over one set of records (a whole run's, or one
/// partition's) with everything a pair-level operator reads: the records
/// of both sides (the same for a deduplication), every record's keys under
/// the rules so far, and the oversized blocks of each rule.
#[derive(Clone, Copy)]
pub struct BlokRekaman<'a> {
    pub bs: &'a BlokAturan,
    /// The rule (index into the rules).
    pub ai: usize,
    pub sendiri: bool,
    pub kiri: &'a [Rekaman],
    pub kanan: &'a [Rekaman],
    pub kk: &'a [Vec<u64>],
    pub kr: &'a [Vec<u64>],
    pub besar: &'a [std::collections::HashSet<u64>],
}

impl<'a> BlokRekaman<'a> {
    /// Every pair of the rule's blocks that are not oversized, folded in
    /// parallel (one accumulator per piece of work, as rayon's `fold`):
    /// `f` gets the accumulator, the pair, and whether the pair is new (no
    /// earlier rule produced it, see [`sudah_oleh`]). The partition-level
    /// operator the engine's comparing, scoring and counting are written
    /// with.
    pub fn lipat<A, F>(
        self,
        awal: impl Fn() -> A + Sync + Send + 'a,
        f: F,
    ) -> impl rayon::iter::ParallelIterator<Item = A> + 'a
    where
        A: Send + 'a,
        F: Fn(&mut A, u32, u32, bool) + Sync + Send + 'a,
    {
        let BlokRekaman {
            bs,
            ai,
            sendiri,
            kiri,
            kanan,
            kk,
            kr,
            besar,
        } = self;
        use rayon::prelude::*;
        let besar_ini = besar.get(ai);
        bs.rentang
            .par_iter()
            .enumerate()
            .filter(move |(_, r)| !besar_ini.is_some_and(|s| s.contains(&r.kunci)))
            .fold(awal, move |mut acc, (i, r)| {
                // Two steps: a block's records (and their earlier keys) far
                // ahead, their names (behind a pointer in the record, by then
                // arrived) nearer.
                for (jarak, nama) in [(2 * JARAK_PRATAMBIL, false), (JARAK_PRATAMBIL, true)] {
                    let Some(d) = bs.rentang.get(i + jarak) else {
                        continue;
                    };
                    let d = bs.lihat(d);
                    for (anggota, rs, ks) in [(d.kiri, kiri, kk), (d.kanan, kanan, kr)] {
                        if anggota.len() > MAKS_PRATAMBIL {
                            continue;
                        }
                        for &x in anggota {
                            let Some(r) = rs.get(x as usize) else {
                                continue;
                            };
                            if nama {
                                pratambil(&*r.nama);
                                continue;
                            }
                            pratambil(r);
                            for k in ks.iter().take(ai) {
                                if let Some(k) = k.get(x as usize) {
                                    pratambil(k);
                                }
                            }
                        }
                    }
                }
                pasangan_blok(&bs.lihat(r), sendiri, |x, y| {
                    let baru = !sudah_oleh(ai, kk, kr, besar, x, y);
                    f(&mut acc, x, y, baru)
                });
                acc
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rekaman::Medan;
    use chrono::NaiveDate;
    use std::collections::HashSet;

    fn r(nik: &str, nama: &str) -> Rekaman {
        Rekaman::dari(
            0,
            &Medan {
                nik,
                nama,
                lahir: NaiveDate::from_ymd_opt(1990, 3, 7),
                tempat: "BATU",
                desa: "35.79.01.1001",
                ..Medan::default()
            },
        )
    }

    /// A pair found, and the rule that found it first.
    #[derive(Debug, Clone, Copy)]
    struct Pasangan {
        a: u32,
        b: u32,
        aturan: u8,
    }

    /// All pairs of the default rules over one set, each once, with the
    /// rule that found it.
    fn semua(rs: &[Rekaman], batas: u64) -> (Vec<Pasangan>, Vec<(usize, u64)>) {
        let k = kunci_semua(rs, ATURAN_BAKU);
        let mut besar: Vec<HashSet<u64>> = vec![HashSet::new(); ATURAN_BAKU.len()];
        let mut out = vec![];
        let mut dilewati = vec![];
        for ai in 0..ATURAN_BAKU.len() {
            for b in blok_aturan(&k[ai], None).iter() {
                if b.ukuran_pasangan(true) > batas {
                    besar[ai].insert(b.kunci);
                    dilewati.push((ai, b.ukuran_pasangan(true)));
                    continue;
                }
                pasangan_blok(&b, true, |x, y| {
                    if !sudah_oleh(ai, &k, &k, &besar, x, y) {
                        out.push(Pasangan {
                            a: x,
                            b: y,
                            aturan: ai as u8,
                        });
                    }
                });
            }
        }
        (out, dilewati)
    }

    #[test]
    fn without_a_desa_the_postcode_and_the_identifier_block() {
        use crate::tambahan::{Jenis, Nilai};
        // FEBRL-like: no desa code, an identifier and a postcode compared.
        let x = |nama: &str, lahir: Option<NaiveDate>, id: &str, pos: &str| {
            let mut r = Rekaman::dari(
                0,
                &Medan {
                    nama,
                    lahir,
                    ..Medan::default()
                },
            );
            r.tambahan = vec![
                Nilai::dari(Jenis::Id, id),
                Nilai::dari(Jenis::Postcode, pos),
            ]
            .into();
            r
        };
        let d = NaiveDate::from_ymd_opt(1986, 8, 7);
        let rs = vec![
            x("CHLOE PANTAZOPOULOS", d, "9036067", "2325"),
            x("EBONI PANTAZOOULOS", d, "9030076", "2325"), // name and id garbled
            x("HARRY BOYES", None, "6398424", "3199"),
            x("BOYES HARRY", None, "6388424", "3199"), // no date, id a digit off
            x("LAURA HEFFORD", None, "4977825", "6530"),
            x("HEFFORD LAURA", None, "4977825", "6530"), // the same id
        ];
        let (p, _) = semua(&rs, 100);
        let nama = |a: u32, b: u32| {
            p.iter()
                .find(|q| (q.a, q.b) == (a, b))
                .map(|q| ATURAN_BAKU[usize::from(q.aturan)].nama)
        };
        assert_eq!(nama(0, 1), Some("tanggal-lahir+kodepos"));
        assert_eq!(nama(2, 3), Some("nama-urut+kodepos"));
        assert_eq!(nama(4, 5), Some("id-tambahan"));
        assert_eq!(p.len(), 3, "{p:?}");
        // With a desa code, the postcode rules stand aside.
        let mut a = rs[0].clone();
        let mut b = rs[1].clone();
        a.desa = 1;
        b.desa = 1;
        let (p, _) = semua(&[a, b], 100);
        assert!(
            p.iter()
                .all(|q| ATURAN_BAKU[usize::from(q.aturan)].nama != "tanggal-lahir+kodepos")
        );
    }

    #[test]
    fn dates_in_keys_are_iso() {
        for (y, m, d) in [(1990, 3, 7), (2001, 12, 31), (5, 1, 1)] {
            let mut s = String::new();
            let t = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            tulis_tanggal(&mut s, t).unwrap();
            assert_eq!(s, format!("{y:04}-{m:02}-{d:02}"));
        }
    }

    #[test]
    fn each_pair_once_and_big_blocks_reported() {
        let rs = vec![
            r("3579010703900001", "BUDI"),
            r("3579010703900001", "BUDI"),
            r("3579010703900002", "SITI"),
            r("3579010703900003", "SITI"),
        ];
        let (p, _) = semua(&rs, 100);
        let mut ab: Vec<(u32, u32)> = p.iter().map(|x| (x.a, x.b)).collect();
        ab.sort_unstable();
        assert_eq!(
            ab,
            [(0, 1), (2, 3)],
            "the same NIK, or the same first name and birth date; each pair once"
        );
        assert_eq!(
            p.iter().find(|x| (x.a, x.b) == (0, 1)).map(|x| x.aturan),
            Some(0),
            "the NIK rule found (0, 1) first"
        );
        // With a limit of 0 pairs every block is over it: reported, and
        // none of its pairs made.
        let (p, besar) = semua(&rs, 0);
        assert!(besar.contains(&(0, 1)), "{besar:?}");
        assert!(p.is_empty());
    }

    #[test]
    fn a_link_pairs_left_with_right_only() {
        let kiri = vec![r("3579010703900001", "BUDI"), r("3579010703900002", "SITI")];
        let kanan = vec![r("3579010703900001", "BUDI")];
        let (kl, kr) = (
            kunci_semua(&kiri, ATURAN_BAKU),
            kunci_semua(&kanan, ATURAN_BAKU),
        );
        let b = blok_aturan(&kl[0], Some(&kr[0]));
        assert_eq!(b.len(), 1);
        let mut p = vec![];
        for blok in b.iter() {
            pasangan_blok(&blok, false, |x, y| p.push((x, y)));
        }
        assert_eq!(p, [(0, 0)]);
    }
}
