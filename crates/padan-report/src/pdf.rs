//! A small PDF writer for the office's documents (Berita Acara, recaps,
//! dossiers): A4 pages of text lines and tables, laid out top to bottom
//! with page breaks, in the DejaVu Sans fonts shipped in `assets/font`
//! (free licence) and embedded in every file, so a document renders the
//! same on any machine. The PDF objects are written by `pdf-writer`, the
//! font's widths read by `ttf-parser`; only the layout is ours.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

const LEBAR: f32 = 595.0;
const TINGGI: f32 = 842.0;
const TEPI: f32 = 48.0;

/// One column of a table: its width in points and whether it is right
/// aligned (numbers).
#[derive(Debug, Clone, Copy)]
pub struct Kolom {
    pub lebar: f32,
    pub kanan: bool,
}

/// A document being laid out.
pub struct Dokumen {
    halaman: Vec<Content>,
    y: f32,
    /// Printed at the foot of every page, with the page number.
    kaki: String,
}

static BIASA: &[u8] = include_bytes!("../../../assets/font/DejaVuSans.ttf");
static TEBAL: &[u8] = include_bytes!("../../../assets/font/DejaVuSans-Bold.ttf");

/// The character a WinAnsi code stands for (what our documents print).
fn dari_winansi(c: u8) -> char {
    match c {
        0x85 => '…',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0xD7 => '×',
        c => char::from(c),
    }
}

/// One embedded font: its advance widths (per 1000 em) for WinAnsi codes
/// 32–255, and its metrics for the descriptor.
struct Huruf {
    lebar: Vec<f32>,
    naik: f32,
    turun: f32,
    tinggi_kapital: f32,
    kotak: [f32; 4],
}

fn huruf(data: &[u8]) -> Huruf {
    let Ok(f) = ttf_parser::Face::parse(data, 0) else {
        return Huruf {
            lebar: vec![556.0; 224],
            naik: 760.0,
            turun: -240.0,
            tinggi_kapital: 730.0,
            kotak: [-1021.0, -463.0, 1793.0, 1232.0],
        };
    };
    let skala = 1000.0 / f32::from(f.units_per_em());
    let lebar = (32u8..=255)
        .map(|c| {
            f.glyph_index(dari_winansi(c))
                .and_then(|g| f.glyph_hor_advance(g))
                .map_or(600.0, |a| f32::from(a) * skala)
        })
        .collect();
    let b = f.global_bounding_box();
    Huruf {
        lebar,
        naik: f32::from(f.ascender()) * skala,
        turun: f32::from(f.descender()) * skala,
        tinggi_kapital: f.capital_height().map_or(730.0, |h| f32::from(h) * skala),
        kotak: [
            f32::from(b.x_min) * skala,
            f32::from(b.y_min) * skala,
            f32::from(b.x_max) * skala,
            f32::from(b.y_max) * skala,
        ],
    }
}

fn metrik(tebal: bool) -> &'static Huruf {
    static B: std::sync::OnceLock<Huruf> = std::sync::OnceLock::new();
    static T: std::sync::OnceLock<Huruf> = std::sync::OnceLock::new();
    if tebal {
        T.get_or_init(|| huruf(TEBAL))
    } else {
        B.get_or_init(|| huruf(BIASA))
    }
}

fn lebar_huruf(c: char, tebal: bool) -> f32 {
    let kode = winansi(&c.to_string()).first().copied().unwrap_or(b'?');
    metrik(tebal)
        .lebar
        .get(usize::from(kode.saturating_sub(32)))
        .copied()
        .unwrap_or(600.0)
}

/// Width of a text in points.
pub fn lebar_teks(s: &str, ukuran: f32, tebal: bool) -> f32 {
    s.chars().map(|c| lebar_huruf(c, tebal)).sum::<f32>() * ukuran / 1000.0
}

/// Text in WinAnsi (the base fonts' encoding): Latin-1 as is, the few
/// typographic characters we use mapped, anything else as `?`.
fn winansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '–' => 0x96,
            '—' => 0x97,
            '•' => 0x95,
            '…' => 0x85,
            '→' => b'>',
            '≥' => b'>',
            '×' => 0xD7,
            c if (c as u32) < 0x80 => c as u8,
            c if (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            _ => b'?',
        })
        .collect()
}

/// Cuts a text to fit a width, marking the cut.
fn pas(s: &str, lebar: f32, ukuran: f32, tebal: bool) -> String {
    if lebar_teks(s, ukuran, tebal) <= lebar {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if lebar_teks(&out, ukuran, tebal)
            + lebar_teks("…", ukuran, tebal)
            + lebar_huruf(c, tebal) * ukuran / 1000.0
            > lebar
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

impl Dokumen {
    pub fn baru(kaki: &str) -> Dokumen {
        let mut d = Dokumen {
            halaman: vec![],
            y: 0.0,
            kaki: kaki.to_owned(),
        };
        d.halaman_baru();
        d
    }

    fn halaman_baru(&mut self) {
        self.halaman.push(Content::new());
        self.y = TINGGI - TEPI;
    }

    /// Room for `tinggi` more points on this page, or a new page.
    fn ruang(&mut self, tinggi: f32) {
        if self.y - tinggi < TEPI + 24.0 {
            self.halaman_baru();
        }
    }

    fn tulis_di(&mut self, x: f32, s: &str, ukuran: f32, tebal: bool) {
        let y = self.y;
        if let Some(c) = self.halaman.last_mut() {
            c.begin_text();
            c.set_font(Name(if tebal { b"F2" } else { b"F1" }), ukuran);
            c.next_line(x, y);
            c.show(Str(&winansi(s)));
            c.end_text();
        }
    }

    /// A line of text, wrapped to the page width.
    pub fn teks(&mut self, s: &str, ukuran: f32, tebal: bool) {
        let maks = LEBAR - 2.0 * TEPI;
        let mut baris = String::new();
        for kata in s.split(' ') {
            let calon = if baris.is_empty() {
                kata.to_owned()
            } else {
                format!("{baris} {kata}")
            };
            if lebar_teks(&calon, ukuran, tebal) > maks && !baris.is_empty() {
                self.ruang(ukuran * 1.4);
                self.y -= ukuran * 1.4;
                self.tulis_di(TEPI, &baris, ukuran, tebal);
                baris = kata.to_owned();
            } else {
                baris = calon;
            }
        }
        self.ruang(ukuran * 1.4);
        self.y -= ukuran * 1.4;
        self.tulis_di(TEPI, &pas(&baris, maks, ukuran, tebal), ukuran, tebal);
    }

    /// A centred title, on as many lines as it needs.
    pub fn judul(&mut self, s: &str, ukuran: f32) {
        let maks = LEBAR - 2.0 * TEPI;
        let mut baris: Vec<String> = vec![];
        for kata in s.split(' ') {
            match baris.last_mut() {
                Some(b) if lebar_teks(&format!("{b} {kata}"), ukuran, true) <= maks => {
                    b.push(' ');
                    b.push_str(kata);
                }
                _ => baris.push(kata.to_owned()),
            }
        }
        for b in baris {
            self.ruang(ukuran * 1.5);
            self.y -= ukuran * 1.5;
            let x = ((LEBAR - lebar_teks(&b, ukuran, true)) / 2.0).max(TEPI);
            self.tulis_di(x, &b, ukuran, true);
        }
    }

    /// Keeps the next `tinggi` points on one page (a signature block).
    pub fn tetap_bersama(&mut self, tinggi: f32) {
        self.ruang(tinggi);
    }

    /// Vertical space.
    pub fn jarak(&mut self, t: f32) {
        self.y -= t;
    }

    /// One table row; a header row is bold with a rule under it.
    pub fn baris(&mut self, kolom: &[Kolom], sel: &[String], ukuran: f32, kepala: bool) {
        let tinggi = ukuran * 1.45;
        self.ruang(tinggi + 2.0);
        self.y -= tinggi;
        let mut x = TEPI;
        for (k, s) in kolom.iter().zip(sel) {
            let t = pas(s, k.lebar - 4.0, ukuran, kepala);
            let tx = if k.kanan {
                x + k.lebar - 2.0 - lebar_teks(&t, ukuran, kepala)
            } else {
                x + 2.0
            };
            self.tulis_di(tx, &t, ukuran, kepala);
            x += k.lebar;
        }
        if kepala {
            let y = self.y - 3.0;
            if let Some(c) = self.halaman.last_mut() {
                c.set_line_width(0.6);
                c.move_to(TEPI, y);
                c.line_to(x, y);
                c.stroke();
            }
            self.y -= 3.0;
        }
    }

    /// The finished file.
    pub fn selesai(self) -> Vec<u8> {
        let mut pdf = Pdf::new();
        let katalog = Ref::new(1);
        let pohon = Ref::new(2);
        let f1 = Ref::new(3);
        let f2 = Ref::new(4);
        let n = self.halaman.len();
        let halaman: Vec<Ref> = (0..n).map(|i| Ref::new(5 + 2 * i as i32)).collect();
        pdf.catalog(katalog).pages(pohon);
        pdf.pages(pohon)
            .kids(halaman.iter().copied())
            .count(n as i32);
        for (i, mut c) in self.halaman.into_iter().enumerate() {
            let id = Ref::new(5 + 2 * i as i32);
            let isi = Ref::new(6 + 2 * i as i32);
            let kaki = format!("{} — halaman {} dari {n}", self.kaki, i + 1);
            c.begin_text();
            c.set_font(Name(b"F1"), 7.5);
            c.next_line(TEPI, TEPI - 14.0);
            c.show(Str(&winansi(&kaki)));
            c.end_text();
            let mut p = pdf.page(id);
            p.media_box(Rect::new(0.0, 0.0, LEBAR, TINGGI));
            p.parent(pohon);
            p.contents(isi);
            {
                let mut r = p.resources();
                let mut f = r.fonts();
                f.pair(Name(b"F1"), f1);
                f.pair(Name(b"F2"), f2);
            }
            p.finish();
            pdf.stream(isi, &c.finish());
        }
        for (font, (nama, data, tebal)) in [
            (f1, (b"DejaVuSans".as_slice(), BIASA, false)),
            (f2, (b"DejaVuSans-Bold".as_slice(), TEBAL, true)),
        ] {
            let desk = Ref::new(font.get() + 1000);
            let berkas = Ref::new(font.get() + 2000);
            let m = metrik(tebal);
            {
                let mut d = pdf.indirect(font).dict();
                d.pair(Name(b"Type"), Name(b"Font"));
                d.pair(Name(b"Subtype"), Name(b"TrueType"));
                d.pair(Name(b"BaseFont"), Name(nama));
                d.pair(Name(b"FirstChar"), 32);
                d.pair(Name(b"LastChar"), 255);
                d.pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"));
                d.pair(Name(b"FontDescriptor"), desk);
                d.insert(Name(b"Widths"))
                    .array()
                    .items(m.lebar.iter().copied());
            }
            let [x0, y0, x1, y1] = m.kotak;
            pdf.font_descriptor(desk)
                .name(Name(nama))
                .flags(pdf_writer::types::FontFlags::NON_SYMBOLIC)
                .bbox(Rect::new(x0, y0, x1, y1))
                .italic_angle(0.0)
                .ascent(m.naik)
                .descent(m.turun)
                .cap_height(m.tinggi_kapital)
                .stem_v(if tebal { 140.0 } else { 80.0 })
                .font_file2(berkas);
            let padat = {
                use std::io::Write;
                let mut e = flate2::write::ZlibEncoder::new(vec![], flate2::Compression::default());
                let _ = e.write_all(data);
                e.finish().unwrap_or_default()
            };
            pdf.stream(berkas, &padat)
                .filter(pdf_writer::Filter::FlateDecode)
                .pair(Name(b"Length1"), data.len() as i32);
        }
        pdf.finish()
    }
}

/// `12.345`: a count as an Indonesian publication writes it.
pub fn angka(n: u64) -> String {
    padan_core::angka(n, padan_core::Bahasa::Id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers() {
        assert_eq!(angka(0), "0");
        assert_eq!(angka(999), "999");
        assert_eq!(angka(164_516), "164.516");
        assert_eq!(angka(204_807_222), "204.807.222");
    }

    #[test]
    fn a_document_is_a_pdf_with_its_pages() {
        let mut d = Dokumen::baru("uji");
        d.judul("BERITA ACARA", 14.0);
        for i in 0..120 {
            d.baris(
                &[
                    Kolom {
                        lebar: 200.0,
                        kanan: false,
                    },
                    Kolom {
                        lebar: 80.0,
                        kanan: true,
                    },
                ],
                &[format!("baris {i}"), angka(i * 1000)],
                9.0,
                i == 0,
            );
        }
        let b = d.selesai();
        assert!(b.starts_with(b"%PDF-"));
        let s = String::from_utf8_lossy(&b);
        assert!(s.contains("/Count 3"), "120 rows take three pages");
        assert!(s.contains("/FontFile2"), "the font is embedded");
        assert!(s.contains("DejaVuSans-Bold"));
    }
}
