//! The anomaly profile (profil data): per desa, what a critic of the
//! register will point at, counted beforehand, each line with the rule
//! that explains it.
//!
//! - birth dates Dukcapil fills by rule when the real one is unknown
//!   (31 December before 2004, 1 July from SIAK in 2004, 1 January);
//! - ages over 100;
//! - families (NKK) and addresses holding more voters than a threshold;
//! - a NIK whose date part contradicts the birth date, or whose day
//!   (+40 for women) contradicts the sex;
//! - a desa whose rate of pemilih baru or TMS between two states stands
//!   far from its peers'.

use crate::dpb::{Kolom, RekapDpb};
use chrono::Datelike;
use padan_core::wilayah::Tingkat;
use padan_core::{Nik, Wilayah};
use padan_store::{GalatStore, Keadaan, LogPeristiwa, Proyeksi, Saringan};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Thresholds: more voters than this in one family, at one address.
pub const BATAS_NKK: u64 = 10;
pub const BATAS_ALAMAT: u64 = 30;
/// How far (in standard deviations of its peers) a desa's rate may stand.
pub const BATAS_Z: f64 = 3.0;

/// One kind of line, with its explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Jenis {
    Tanggal31Desember,
    Tanggal1Juli,
    Tanggal1Januari,
    UsiaLebih100,
    NkkBesar,
    AlamatPadat,
    NikTanggalBeda,
    NikKelaminBeda,
    BaruMenyimpang,
    TmsMenyimpang,
}

impl Jenis {
    pub const SEMUA: [Jenis; 10] = [
        Jenis::Tanggal31Desember,
        Jenis::Tanggal1Juli,
        Jenis::Tanggal1Januari,
        Jenis::UsiaLebih100,
        Jenis::NkkBesar,
        Jenis::AlamatPadat,
        Jenis::NikTanggalBeda,
        Jenis::NikKelaminBeda,
        Jenis::BaruMenyimpang,
        Jenis::TmsMenyimpang,
    ];

    /// What the line counts, and the rule or reason that explains it.
    pub fn arti(self) -> (&'static str, &'static str) {
        match self {
            Jenis::Tanggal31Desember => (
                "lahir 31 Desember",
                "Dukcapil mengisi 31 Desember bila tanggal lahir tidak diketahui, untuk data sebelum 2004: tanggal pengganti yang sah, bukan tanda data palsu",
            ),
            Jenis::Tanggal1Juli => (
                "lahir 1 Juli",
                "SIAK (sejak 2004) mengisi 1 Juli bila tanggal lahir tidak diketahui: tanggal pengganti yang sah",
            ),
            Jenis::Tanggal1Januari => (
                "lahir 1 Januari",
                "banyak data lama mengisi 1 Januari bila hanya tahun lahir yang diketahui",
            ),
            Jenis::UsiaLebih100 => (
                "berusia lebih dari 100 tahun",
                "periksa di lapangan: kematian yang belum dilaporkan, atau tahun lahir yang salah ketik",
            ),
            Jenis::NkkBesar => (
                "KK dengan lebih dari 10 pemilih",
                "keluarga besar, atau KK lama yang belum dipecah: periksa bila jauh di atas batas",
            ),
            Jenis::AlamatPadat => (
                "alamat dengan lebih dari 30 pemilih",
                "asrama, pondok pesantren, panti, atau alamat yang ditulis terlalu umum (hanya nama dusun)",
            ),
            Jenis::NikTanggalBeda => (
                "NIK yang bagian tanggalnya tidak sama dengan tanggal lahir",
                "tanggal lahir dikoreksi setelah NIK terbit, atau salah ketik; NIK tetap seumur hidup",
            ),
            Jenis::NikKelaminBeda => (
                "NIK yang harinya tidak sesuai jenis kelamin (perempuan +40)",
                "jenis kelamin atau NIK salah ketik: periksa dengan KTP-el",
            ),
            Jenis::BaruMenyimpang => (
                "desa dengan laju pemilih baru jauh dari desa lain",
                "lebih dari 3 simpangan baku dari rata-rata desa lain di kantor ini, antara dua keadaan",
            ),
            Jenis::TmsMenyimpang => (
                "desa dengan laju TMS jauh dari desa lain",
                "lebih dari 3 simpangan baku dari rata-rata desa lain di kantor ini, antara dua keadaan",
            ),
        }
    }
}

/// One desa's lines.
#[derive(Debug, Clone, Serialize)]
pub struct BarisProfil {
    pub kode: String,
    pub nama: String,
    pub pemilih: u64,
    pub jumlah: BTreeMap<Jenis, u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Profil {
    pub kantor: String,
    pub baris: Vec<BarisProfil>,
    pub total: BTreeMap<Jenis, u64>,
}

/// Counts the profile of the register in state `kini`, with the rates of
/// the recap `dpb` (between the previous state and this one).
pub fn hitung<G: LogPeristiwa + Proyeksi + ?Sized>(
    g: &G,
    kini: &Saringan,
    dpb: &RekapDpb,
) -> Result<Profil, GalatStore> {
    let w: Wilayah = g.wilayah()?;
    let acuan = kini.berlaku.unwrap_or_else(|| g.hari_ini());
    let mut desa: BTreeMap<String, BarisProfil> = w
        .di_bawah(g.kantor(), Tingkat::Desa)
        .into_iter()
        .map(|(k, n)| {
            (
                k.to_owned(),
                BarisProfil {
                    kode: k.to_owned(),
                    nama: n.to_owned(),
                    pemilih: 0,
                    jumlah: BTreeMap::new(),
                },
            )
        })
        .collect();
    let mut nkk: HashMap<String, (String, u64)> = HashMap::new();
    let mut alamat: HashMap<(String, String, String, String), u64> = HashMap::new();
    let tambah = |desa: &mut BTreeMap<String, BarisProfil>, kode: &str, j: Jenis| {
        if let Some(b) = desa.get_mut(kode) {
            *b.jumlah.entry(j).or_default() += 1;
        }
    };
    g.lipat_dyn(kini, &mut |_, k: &Keadaan| {
        if !k.aktif {
            return Ok(());
        }
        let p = &k.pemilih;
        let d = p.kode_desa.as_str();
        if let Some(b) = desa.get_mut(d) {
            b.pemilih += 1;
        }
        let t = p.tanggal_lahir;
        match (t.day(), t.month()) {
            (31, 12) => tambah(&mut desa, d, Jenis::Tanggal31Desember),
            (1, 7) => tambah(&mut desa, d, Jenis::Tanggal1Juli),
            (1, 1) => tambah(&mut desa, d, Jenis::Tanggal1Januari),
            _ => {}
        }
        if padan_core::tanggal::umur(t, acuan) > 100 {
            tambah(&mut desa, d, Jenis::UsiaLebih100);
        }
        if let Ok(n) = Nik::urai(&p.nik) {
            if n.jenis_kelamin().is_some_and(|jk| jk != p.jenis_kelamin) {
                tambah(&mut desa, d, Jenis::NikKelaminBeda);
            }
            if n.hari_bulan().is_some_and(|(hr, bl)| {
                (hr, bl) != (t.day(), t.month())
                    || n.tahun_dua_digit() != t.year().rem_euclid(100) as u32
            }) {
                tambah(&mut desa, d, Jenis::NikTanggalBeda);
            }
        }
        if !p.nkk.is_empty() {
            nkk.entry(p.nkk.clone())
                .or_insert_with(|| (p.kode_desa.clone(), 0))
                .1 += 1;
        }
        *alamat
            .entry((
                p.kode_desa.clone(),
                p.alamat.clone(),
                p.rt.clone(),
                p.rw.clone(),
            ))
            .or_default() += 1;
        Ok(())
    })?;
    for (d, n) in nkk.values() {
        if *n > BATAS_NKK {
            tambah(&mut desa, d, Jenis::NkkBesar);
        }
    }
    for ((d, ..), n) in &alamat {
        if *n > BATAS_ALAMAT {
            tambah(&mut desa, d, Jenis::AlamatPadat);
        }
    }
    // Rates between the two states, against the other desa's.
    let laju = |kol: &[Kolom]| -> Vec<(String, f64)> {
        dpb.baris
            .iter()
            .filter(|b| b.tingkat == "desa")
            .filter_map(|b| {
                let sebelum = b.angka.get(&Kolom::Sebelum).copied().unwrap_or(0);
                (sebelum > 0).then(|| {
                    let n: u64 = kol
                        .iter()
                        .map(|k| b.angka.get(k).copied().unwrap_or(0))
                        .sum();
                    (b.kode.clone(), n as f64 / sebelum as f64)
                })
            })
            .collect()
    };
    let tms = [
        Kolom::Tms1,
        Kolom::Tms2,
        Kolom::Tms3,
        Kolom::Tms4,
        Kolom::Tms5,
        Kolom::Tms6,
        Kolom::Tms7,
    ];
    for (kol, jenis) in [
        (&[Kolom::Baru][..], Jenis::BaruMenyimpang),
        (&tms[..], Jenis::TmsMenyimpang),
    ] {
        let v = laju(kol);
        for (i, (kode, x)) in v.iter().enumerate() {
            let lain: Vec<f64> = v
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, (_, y))| *y)
                .collect();
            if lain.len() < 3 {
                continue;
            }
            let rata = lain.iter().sum::<f64>() / lain.len() as f64;
            let sb =
                (lain.iter().map(|y| (y - rata).powi(2)).sum::<f64>() / lain.len() as f64).sqrt();
            if sb > 0.0 && ((x - rata) / sb).abs() > BATAS_Z {
                tambah(&mut desa, kode, jenis);
            }
        }
    }
    let mut total = BTreeMap::new();
    for b in desa.values() {
        for (j, n) in &b.jumlah {
            *total.entry(*j).or_default() += n;
        }
    }
    Ok(Profil {
        kantor: g.kantor().to_owned(),
        baris: desa.into_values().collect(),
        total,
    })
}

/// Writes the profile as XLSX (the counts, and a sheet with what each
/// line means) or PDF.
pub fn tulis(p: &Profil, judul: &str, keluar: &std::path::Path) -> Result<(), padan_io::GalatIo> {
    let galat = |e: &dyn std::fmt::Display| padan_io::GalatIo::Tulis(keluar.into(), e.to_string());
    let ext = padan_io::atomik::ekstensi(keluar);
    let isi = match ext.as_str() {
        "xlsx" => xlsx(p, judul).map_err(|e| galat(&e))?,
        "pdf" => pdf(p, judul),
        "json" => serde_json::to_vec_pretty(p).map_err(|e| galat(&e))?,
        _ => {
            return Err(padan_io::GalatIo::Tulis(
                keluar.into(),
                "pakai .xlsx, .pdf atau .json".into(),
            ));
        }
    };
    padan_io::atomik::tulis(keluar, &isi).map_err(|e| galat(&e))
}

fn xlsx(p: &Profil, judul: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let tebal = Format::new().set_bold().set_text_wrap();
    let angka = Format::new().set_num_format("#,##0");
    let ws = wb.add_worksheet();
    ws.set_name("Profil data")?;
    ws.write_string_with_format(0, 0, judul, &tebal)?;
    ws.write_string_with_format(2, 0, "kode", &tebal)?;
    ws.write_string_with_format(2, 1, "desa/kelurahan", &tebal)?;
    ws.write_string_with_format(2, 2, "pemilih", &tebal)?;
    for (c, j) in Jenis::SEMUA.iter().enumerate() {
        ws.write_string_with_format(2, 3 + c as u16, j.arti().0, &tebal)?;
        ws.set_column_width(3 + c as u16, 14)?;
    }
    for (i, b) in p.baris.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string(r, 0, &b.kode)?;
        ws.write_string(r, 1, &b.nama)?;
        ws.write_number_with_format(r, 2, b.pemilih as f64, &angka)?;
        for (c, j) in Jenis::SEMUA.iter().enumerate() {
            ws.write_number_with_format(
                r,
                3 + c as u16,
                b.jumlah.get(j).copied().unwrap_or(0) as f64,
                &angka,
            )?;
        }
    }
    ws.set_freeze_panes(3, 2)?;
    ws.set_column_width(1, 22)?;
    let d = wb.add_worksheet();
    d.set_name("Penjelasan")?;
    d.write_string_with_format(0, 0, "baris", &tebal)?;
    d.write_string_with_format(0, 1, "penjelasan", &tebal)?;
    d.write_string_with_format(0, 2, "jumlah di kantor", &tebal)?;
    for (i, j) in Jenis::SEMUA.iter().enumerate() {
        let (a, b) = j.arti();
        d.write_string(1 + i as u32, 0, a)?;
        d.write_string(1 + i as u32, 1, b)?;
        d.write_number(1 + i as u32, 2, p.total.get(j).copied().unwrap_or(0) as f64)?;
    }
    d.set_column_width(0, 45)?;
    d.set_column_width(1, 100)?;
    wb.save_to_buffer()
}

fn pdf(p: &Profil, judul: &str) -> Vec<u8> {
    use crate::pdf::{Dokumen, Kolom as K, angka};
    let mut d = Dokumen::baru(judul);
    d.judul(&judul.to_uppercase(), 11.0);
    d.jarak(4.0);
    for j in Jenis::SEMUA {
        let (a, b) = j.arti();
        d.teks(
            &format!(
                "{}: {} — {b}",
                a,
                angka(p.total.get(&j).copied().unwrap_or(0))
            ),
            7.5,
            false,
        );
    }
    d.jarak(6.0);
    let mut kolom = vec![
        K {
            lebar: 90.0,
            kanan: false,
        },
        K {
            lebar: 40.0,
            kanan: true,
        },
    ];
    kolom.extend(Jenis::SEMUA.iter().map(|_| K {
        lebar: 36.9,
        kanan: true,
    }));
    let mut kepala = vec!["Desa/kel.".to_owned(), "Pemilih".to_owned()];
    kepala.extend(
        [
            "31/12", "1/7", "1/1", ">100", "KK>10", "Alamat", "NIK-tgl", "NIK-jk", "Baru±", "TMS±",
        ]
        .map(String::from),
    );
    d.baris(&kolom, &kepala, 7.0, true);
    for b in &p.baris {
        let mut s = vec![b.nama.clone(), angka(b.pemilih)];
        s.extend(
            Jenis::SEMUA
                .iter()
                .map(|j| angka(b.jumlah.get(j).copied().unwrap_or(0))),
        );
        d.baris(&kolom, &s, 7.0, false);
    }
    d.selesai()
}
