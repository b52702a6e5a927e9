//! Noise in the population data (DP4) beyond what the period's fates
//! make: the corruption a user sets (`padan synth --noise nik=0.02 …`), so
//! that the matching engine can be tried on settings it was not tuned on.
//!
//! Each kind is an independent chance per DP4 row, drawn from a stream of
//! its own: with every rate at 0 (the default) not one random number is
//! drawn, and the output is byte for byte what it was before noise existed.

use crate::Rng;

/// Per kind, the chance that a DP4 row gets it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Derau {
    /// One NIK digit replaced.
    pub nik: f64,
    /// Two neighbouring NIK digits swapped.
    pub nik_tukar: f64,
    /// The NIK left blank.
    pub nik_kosong: f64,
    /// The name misspelt, shortened, run together or in the old spelling.
    pub nama: f64,
    /// The name's tokens in reverse order.
    pub nama_tukar: f64,
    /// One digit of the birth date changed (still a real date).
    pub lahir: f64,
    /// Day and month of the birth date swapped (where both are ≤ 12).
    pub lahir_tukar: f64,
    /// The birth date left blank.
    pub lahir_kosong: f64,
    /// One of place of birth, sex, address, RT, RW left blank.
    pub kosong: f64,
    /// Another street address.
    pub alamat: f64,
    /// Another desa of the same kab/kota.
    pub desa: f64,
}

/// The kinds by their names on the command line, with their rates.
const JENIS: [&str; 11] = [
    "nik",
    "nik-tukar",
    "nik-kosong",
    "nama",
    "nama-tukar",
    "lahir",
    "lahir-tukar",
    "lahir-kosong",
    "kosong",
    "alamat",
    "desa",
];

impl Derau {
    fn tempat(&mut self, jenis: &str) -> Option<&mut f64> {
        Some(match jenis {
            "nik" => &mut self.nik,
            "nik-tukar" => &mut self.nik_tukar,
            "nik-kosong" => &mut self.nik_kosong,
            "nama" => &mut self.nama,
            "nama-tukar" => &mut self.nama_tukar,
            "lahir" => &mut self.lahir,
            "lahir-tukar" => &mut self.lahir_tukar,
            "lahir-kosong" => &mut self.lahir_kosong,
            "kosong" => &mut self.kosong,
            "alamat" => &mut self.alamat,
            "desa" => &mut self.desa,
            _ => return None,
        })
    }

    /// Sets one kind from `KIND=RATE`; the error names what is wrong.
    pub fn atur(&mut self, s: &str) -> Result<(), String> {
        let (j, r) = s
            .split_once('=')
            .ok_or_else(|| format!("'{s}': harus JENIS=PELUANG, mis. nik=0.02"))?;
        let r: f64 = r
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| (0.0..=1.0).contains(x))
            .ok_or_else(|| format!("'{s}': peluang harus angka 0–1"))?;
        let t = self.tempat(j.trim()).ok_or_else(|| {
            format!(
                "'{s}': jenis '{j}' tidak dikenal; yang dikenal: {}",
                JENIS.join(", ")
            )
        })?;
        *t = r;
        Ok(())
    }

    pub fn ada(&self) -> bool {
        *self != Derau::default()
    }

    /// Applies the noise to one DP4 row (Model A columns), `desa_lain`
    /// the desa a move may go to.
    pub(crate) fn terapkan(&self, rng: &mut Rng, baris: &mut [String; 15], desa_lain: &[String]) {
        let nik = 1;
        let nama = 2;
        let lahir = 4;
        if rng.chance(self.nik) {
            ganti_digit(rng, &mut baris[nik]);
        }
        if rng.chance(self.nik_tukar) {
            tukar_digit(rng, &mut baris[nik]);
        }
        if rng.chance(self.nik_kosong) {
            baris[nik].clear();
        }
        if rng.chance(self.nama) {
            baris[nama] = crate::varian_nama(rng, &baris[nama]);
        }
        if rng.chance(self.nama_tukar) {
            let t: Vec<&str> = baris[nama].split(' ').rev().collect();
            baris[nama] = t.join(" ");
        }
        if rng.chance(self.lahir) {
            ganti_tanggal(rng, &mut baris[lahir]);
        }
        if rng.chance(self.lahir_tukar) {
            // `DD-MM-YYYY`.
            let b = &baris[lahir];
            if let (Some(d), Some(m), Some(y)) = (b.get(..2), b.get(3..5), b.get(6..))
                && d.parse::<u32>().is_ok_and(|x| x <= 12)
            {
                baris[lahir] = format!("{m}-{d}-{y}");
            }
        }
        if rng.chance(self.lahir_kosong) {
            baris[lahir].clear();
        }
        if rng.chance(self.kosong) {
            let i = [3, 6, 7, 8, 9][rng.below(5) as usize];
            baris[i].clear();
        }
        if rng.chance(self.alamat) {
            baris[7] = format!("JL. {} NO. {}", rng.pick(crate::JALAN), rng.between(1, 150));
        }
        if rng.chance(self.desa) && !desa_lain.is_empty() {
            baris[13] = rng.pick(desa_lain).clone();
        }
    }
}

fn ganti_digit(rng: &mut Rng, s: &mut String) {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.is_empty() {
        return;
    }
    let i = rng.below(b.len() as u64) as usize;
    if b[i].is_ascii_digit() {
        b[i] = b'0' + ((b[i] - b'0' + 1 + rng.below(9) as u8) % 10);
    }
    *s = String::from_utf8(b).unwrap_or_default();
}

fn tukar_digit(rng: &mut Rng, s: &mut String) {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.len() < 2 {
        return;
    }
    let i = rng.below(b.len() as u64 - 1) as usize;
    b.swap(i, i + 1);
    *s = String::from_utf8(b).unwrap_or_default();
}

/// One digit of a `DD-MM-YYYY` date changed, kept only if still a date.
fn ganti_tanggal(rng: &mut Rng, s: &mut String) {
    let mut t = s.clone();
    ganti_digit(rng, &mut t);
    if chrono::NaiveDate::parse_from_str(&t, "%d-%m-%Y").is_ok() {
        *s = t;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_set_by_name_and_bad_ones_refused() {
        let mut d = Derau::default();
        assert!(!d.ada());
        d.atur("nik=0.02").unwrap();
        d.atur("lahir-tukar=0.5").unwrap();
        assert_eq!((d.nik, d.lahir_tukar), (0.02, 0.5));
        assert!(d.ada());
        assert!(d.atur("nik").unwrap_err().contains("JENIS=PELUANG"));
        assert!(d.atur("nik=2").unwrap_err().contains("0–1"));
        assert!(d.atur("telepon=0.1").unwrap_err().contains("tidak dikenal"));
    }

    #[test]
    fn every_kind_changes_what_it_names() {
        let asli: [String; 15] = [
            "3579011203150004",
            "3579010703900001",
            "BUDI SANTOSO",
            "BATU",
            "07-03-1990",
            "S",
            "L",
            "JL. DIPONEGORO",
            "1",
            "2",
            "0",
            "S",
            "",
            "35.79.01.1001",
            "1",
        ]
        .map(str::to_owned);
        let mut rng = Rng::new(7, 1);
        let semua = |f: &dyn Fn(&mut Derau)| {
            let mut d = Derau::default();
            f(&mut d);
            let mut b = asli.clone();
            d.terapkan(&mut Rng::new(7, 1), &mut b, &["35.79.02.1001".to_owned()]);
            b
        };
        let b = semua(&|d| d.nik = 1.0);
        assert_ne!(b[1], asli[1]);
        assert_eq!(b[1].len(), 16);
        assert_eq!(semua(&|d| d.nik_kosong = 1.0)[1], "");
        assert_eq!(semua(&|d| d.nama_tukar = 1.0)[2], "SANTOSO BUDI");
        assert_eq!(semua(&|d| d.lahir_tukar = 1.0)[4], "03-07-1990");
        assert_eq!(semua(&|d| d.lahir_kosong = 1.0)[4], "");
        assert_eq!(semua(&|d| d.desa = 1.0)[13], "35.79.02.1001");
        let b = semua(&|d| d.lahir = 1.0);
        assert!(chrono::NaiveDate::parse_from_str(&b[4], "%d-%m-%Y").is_ok());
        // No noise, no change.
        let mut b = asli.clone();
        Derau::default().terapkan(&mut rng, &mut b, &[]);
        assert_eq!(b, asli);
    }
}
