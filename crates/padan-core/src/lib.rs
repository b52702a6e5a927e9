//! Domain types and rules of Indonesia's continuous voter register.
//!
//! Everything here is pure: no files, no database, no clock. The rules are
//! written once, here, and every entry point (file import, manual edits, the
//! matching engine) calls them, so a NIK means the same thing everywhere.
//!
//! Each rule that can refuse or flag a value has a stable code (`NIK-TANGGAL`,
//! `DESA-TIDAK-DIKENAL`, …, see [`aturan::Kode`]) and a message in Bahasa
//! Indonesia and English that names the value (masked where it is personal)
//! and the fix.

pub mod aturan;
pub mod jenis;
pub mod kelayakan;
pub mod masker;
pub mod nama_wilayah;
pub mod nik;
pub mod pemilih;
pub mod pesan;
pub mod tanggal;
pub mod tms;
pub mod validasi;
pub mod wilayah;

pub use aturan::{Bahasa, Keparahan, Kode, TemuanAturan};
pub use jenis::{JenisBatch, JenisTanggapan, JenisTemuan, Peran, Putusan, StatusKasus};
pub use nik::{Nik, Nkk};
pub use pemilih::{Elemen, JenisKelamin, Pemilih, StatusKawin};
pub use tms::KodeTms;
pub use wilayah::Wilayah;

/// The first `n` characters of a text: never cut inside a character, and
/// safe on a value shorter than expected (a hash written behind the
/// program's back).
pub fn awal(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// `170636` → `170.636` (id) or `170,636` (en): a count as a publication
/// in that language writes it.
pub fn angka(n: u64, b: Bahasa) -> String {
    let s = n.to_string();
    let sep = match b {
        Bahasa::Id => '.',
        Bahasa::En => ',',
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn awal_never_cuts_a_character() {
        assert_eq!(super::awal("abcdef", 3), "abc");
        assert_eq!(super::awal("ab", 12), "ab");
        assert_eq!(super::awal("ééé", 2), "éé");
    }
}
