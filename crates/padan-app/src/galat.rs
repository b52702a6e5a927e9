//! The one error type of the use cases: a message in both languages and
//! the exit status a command line gives it.

use padan_core::Bahasa;

#[derive(Debug)]
pub struct Galat {
    pub id: String,
    pub en: String,
    /// Exit status: 1 for refused input or a failed check, 2 for misuse.
    pub kode_keluar: i32,
}

impl Galat {
    pub fn baru(id: impl Into<String>, en: impl Into<String>) -> Galat {
        Galat {
            id: id.into(),
            en: en.into(),
            kode_keluar: 1,
        }
    }

    /// The same error as misuse of the command (exit status 2).
    pub fn misuse(mut self) -> Galat {
        self.kode_keluar = 2;
        self
    }

    pub fn teks(&self, b: Bahasa) -> &str {
        match b {
            Bahasa::Id => &self.id,
            Bahasa::En => &self.en,
        }
    }
}

impl std::fmt::Display for Galat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.id)
    }
}

impl std::error::Error for Galat {}

impl From<padan_store::GalatStore> for Galat {
    fn from(e: padan_store::GalatStore) -> Galat {
        Galat::baru(e.teks(Bahasa::Id), e.teks(Bahasa::En))
    }
}

impl From<padan_io::GalatIo> for Galat {
    fn from(e: padan_io::GalatIo) -> Galat {
        Galat::baru(e.teks(Bahasa::Id), e.teks(Bahasa::En))
    }
}

impl From<padan_synth::GalatSynth> for Galat {
    fn from(e: padan_synth::GalatSynth) -> Galat {
        Galat::baru(e.teks(Bahasa::Id), e.teks(Bahasa::En))
    }
}

impl From<std::io::Error> for Galat {
    fn from(e: std::io::Error) -> Galat {
        Galat::baru(
            format!("galat masukan/keluaran: {e}"),
            format!("I/O error: {e}"),
        )
    }
}

impl From<padan_match::mesin::GalatMesin> for Galat {
    fn from(e: padan_match::mesin::GalatMesin) -> Galat {
        use padan_match::mesin::GalatMesin as M;
        let maks = padan_match::partisi::MAKS_PARTISI;
        match e {
            M::Ambang(a) => Galat::baru(
                format!("ambang {a} di luar 0–1; pakai misalnya 0.5"),
                format!("threshold {a} outside 0–1; use e.g. 0.5"),
            )
            .misuse(),
            M::Kosong(s) => Galat::baru(
                format!("tidak ada rekaman untuk dipadankan ({s} kosong)"),
                format!("no records to match (the {s} is empty)"),
            ),
            M::JumlahPartisi(n) => Galat::baru(
                format!("jumlah partisi {n} di luar 1–{maks}"),
                format!("{n} partitions is outside 1–{maks}"),
            )
            .misuse(),
            M::Partisi(m) => Galat::baru(
                format!("berkas partisi: {m}"),
                format!("partition files: {m}"),
            ),
            M::DiskPenuh(d) => Galat::baru(
                format!(
                    "disk penuh saat menulis partisi di {d}; berkas partisi sudah dihapus, tidak ada keluaran yang ditulis. Kosongkan ruang atau pilih folder lain dengan --partition-dir"
                ),
                format!(
                    "disk full while writing partitions under {d}; the partition files were removed and no output was written. Free space or choose another folder with --partition-dir"
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_data_errors_have_an_english_form() {
        let g = super::Galat::from(padan_synth::GalatSynth::TanpaPenduduk("99.99".into()));
        assert!(g.id.contains("penduduk"), "{}", g.id);
        assert!(
            g.en.contains("population") && g.en.contains("99.99"),
            "{}",
            g.en
        );
    }
}
