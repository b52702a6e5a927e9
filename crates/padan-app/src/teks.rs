//! Operator-facing text: Bahasa Indonesia by default, English with `--lang en`.

pub use crate::pesan::Pesan;
pub use padan_core::Bahasa;

/// A catalogue text in the language in use.
pub fn t(b: Bahasa, p: Pesan) -> &'static str {
    p.teks(b)
}

/// Picks between two texts that come with data (a rule's description, a
/// table of labels), in the language in use.
pub fn pilih<'a>(b: Bahasa, id: &'a str, en: &'a str) -> &'a str {
    match b {
        Bahasa::Id => id,
        Bahasa::En => en,
    }
}

pub use padan_core::angka;

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::angka(170636, super::Bahasa::Id), "170.636");
        assert_eq!(super::angka(1000000, super::Bahasa::En), "1,000,000");
        assert_eq!(super::angka(12, super::Bahasa::Id), "12");
    }
}
