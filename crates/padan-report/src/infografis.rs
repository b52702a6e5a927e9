//! An infographic of a recap for social media: totals, L/P, pemilih baru
//! and TMS, and a bar per kecamatan. Aggregates only, no personal data;
//! 1080 × 1350 pixels, readable on a phone. Drawn by `plotters` with the
//! DejaVu Sans fonts shipped in `assets/font` (free licence, see its
//! LICENSE), so the PNG is the same on any machine.

use crate::dpb::{Kolom, RekapDpb};
use crate::pdf::angka;
use plotters::prelude::*;
use plotters::style::FontStyle;

const BIRU: RGBColor = RGBColor(0x1f, 0x4e, 0x99);
const MERAH: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const ABU: RGBColor = RGBColor(0x55, 0x5b, 0x66);
const LATAR: RGBColor = RGBColor(0xee, 0xf2, 0xf8);
const LEBAR: u32 = 1080;
const TINGGI: u32 = 1350;
static BIASA: &[u8] = include_bytes!("../../../assets/font/DejaVuSans.ttf");
static TEBAL: &[u8] = include_bytes!("../../../assets/font/DejaVuSans-Bold.ttf");

/// A text style of the shipped font.
fn tulis(_: &str, ukuran: u32, tebal: bool, warna: &'static RGBColor) -> TextStyle<'static> {
    let f = if tebal {
        ("sans-serif", ukuran, FontStyle::Bold).into_font()
    } else {
        ("sans-serif", ukuran).into_font()
    };
    TextStyle::from(f).color(warna)
}

fn n(a: &crate::dpb::Angka, k: Kolom) -> u64 {
    a.get(&k).copied().unwrap_or(0)
}

/// Draws the infographic of `r` (its kecamatan rows and the kab/kota row)
/// into a PNG file at `keluar`.
pub fn gambar(
    r: &RekapDpb,
    judul: &str,
    keterangan: &str,
    keluar: &std::path::Path,
) -> Result<(), String> {
    // Registering twice is harmless: the same bytes under the same name.
    plotters::style::register_font("sans-serif", FontStyle::Normal, BIASA)
        .map_err(|_| "font DejaVu Sans tidak terbaca".to_owned())?;
    plotters::style::register_font("sans-serif", FontStyle::Bold, TEBAL)
        .map_err(|_| "font DejaVu Sans Bold tidak terbaca".to_owned())?;
    let e = |x: &dyn std::fmt::Display| x.to_string();
    let kab = r
        .baris
        .iter()
        .find(|b| b.tingkat == "kabkota")
        .ok_or("rekap tanpa baris kabupaten/kota")?;
    let kec: Vec<&crate::dpb::BarisDpb> = r
        .baris
        .iter()
        .filter(|b| b.tingkat == "kecamatan")
        .collect();
    // Drawn beside the target, then moved into place: never half a PNG.
    let nama = keluar
        .file_name()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sementara = keluar.with_file_name(format!(".{nama}.sementara.png"));
    {
        let root = BitMapBackend::new(&sementara, (LEBAR, TINGGI)).into_drawing_area();
        root.fill(&WHITE).map_err(|x| e(&x))?;
        root.draw(&Rectangle::new(
            [(0, 0), (LEBAR as i32, 150)],
            BIRU.filled(),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            judul.to_owned(),
            (50, 40),
            tulis(judul, 44, true, &WHITE),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            keterangan.to_owned(),
            (50, 100),
            tulis(keterangan, 26, false, &WHITE),
        ))
        .map_err(|x| e(&x))?;
        let total = n(&kab.angka, Kolom::Total);
        root.draw(&Text::new(
            angka(total),
            (50, 190),
            tulis("", 110, true, &BLACK),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            "pemilih".to_owned(),
            (50, 320),
            tulis("", 40, false, &ABU),
        ))
        .map_err(|x| e(&x))?;
        let (l, p) = (n(&kab.angka, Kolom::L), n(&kab.angka, Kolom::P));
        root.draw(&Text::new(
            format!("Laki-laki {}", angka(l)),
            (50, 390),
            tulis("", 38, true, &BIRU),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            format!("Perempuan {}", angka(p)),
            (560, 390),
            tulis("", 38, true, &MERAH),
        ))
        .map_err(|x| e(&x))?;
        let tms: u64 = [
            Kolom::Tms1,
            Kolom::Tms2,
            Kolom::Tms3,
            Kolom::Tms4,
            Kolom::Tms5,
            Kolom::Tms6,
            Kolom::Tms7,
        ]
        .iter()
        .map(|k| n(&kab.angka, *k))
        .sum();
        let kotak = [
            ("Pemilih baru", n(&kab.angka, Kolom::Baru)),
            ("TMS", tms),
            ("Perbaikan", n(&kab.angka, Kolom::Perbaikan)),
        ];
        for (i, (nama, nilai)) in kotak.iter().enumerate() {
            let x = 50 + i as i32 * 335;
            root.draw(&Rectangle::new([(x, 470), (x + 305, 620)], LATAR.filled()))
                .map_err(|x| e(&x))?;
            root.draw(&Text::new(
                angka(*nilai),
                (x + 20, 490),
                tulis("", 56, true, &BLACK),
            ))
            .map_err(|x| e(&x))?;
            root.draw(&Text::new(
                (*nama).to_owned(),
                (x + 20, 565),
                tulis("", 30, false, &ABU),
            ))
            .map_err(|x| e(&x))?;
        }
        root.draw(&Text::new(
            "Pemilih per kecamatan".to_owned(),
            (50, 680),
            tulis("", 38, true, &BLACK),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Rectangle::new([(640, 690), (668, 718)], BIRU.filled()))
            .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            "L".to_owned(),
            (676, 688),
            tulis("", 28, false, &BLACK),
        ))
        .map_err(|x| e(&x))?;
        root.draw(&Rectangle::new([(720, 690), (748, 718)], MERAH.filled()))
            .map_err(|x| e(&x))?;
        root.draw(&Text::new(
            "P".to_owned(),
            (756, 688),
            tulis("", 28, false, &BLACK),
        ))
        .map_err(|x| e(&x))?;
        let maks = kec
            .iter()
            .map(|k| n(&k.angka, Kolom::Total))
            .max()
            .unwrap_or(1)
            .max(1);
        let tinggi_bar = if kec.is_empty() {
            0
        } else {
            (520 / kec.len() as i32).min(110)
        };
        for (i, k) in kec.iter().enumerate() {
            let y = 750 + i as i32 * tinggi_bar;
            let lebar = |v: u64| (v as f64 / maks as f64 * 620.0) as i32;
            let (kl, kp) = (n(&k.angka, Kolom::L), n(&k.angka, Kolom::P));
            root.draw(&Text::new(
                k.nama.clone(),
                (50, y + 10),
                tulis("", 30, false, &BLACK),
            ))
            .map_err(|x| e(&x))?;
            let x0 = 330;
            let h = (tinggi_bar - 30).max(10);
            root.draw(&Rectangle::new(
                [(x0, y), (x0 + lebar(kl), y + h)],
                BIRU.filled(),
            ))
            .map_err(|x| e(&x))?;
            root.draw(&Rectangle::new(
                [(x0 + lebar(kl), y), (x0 + lebar(kl) + lebar(kp), y + h)],
                MERAH.filled(),
            ))
            .map_err(|x| e(&x))?;
            root.draw(&Text::new(
                angka(kl + kp),
                (x0 + lebar(kl + kp) + 12, y + 10),
                tulis("", 30, true, &BLACK),
            ))
            .map_err(|x| e(&x))?;
        }
        root.draw(&Text::new(
            "Angka agregat dari log peristiwa bertanda tangan; tanpa data pribadi.".to_owned(),
            (50, TINGGI as i32 - 60),
            tulis("", 24, false, &ABU),
        ))
        .map_err(|x| e(&x))?;
        root.present().map_err(|x| e(&x))?;
    }
    padan_io::atomik::pindahkan(&sementara, keluar).map_err(|x| e(&x))
}
