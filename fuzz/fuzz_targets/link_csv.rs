#![no_main]
//! `padan link` on arbitrary bytes as the left file (deduplication) and as
//! the right file against a small valid register: never a panic, and a
//! refused input leaves no pairs file behind; the same on partitions.
use padan_app::tautan::{OpsiLink, link};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(d) = tempfile::tempdir() else { return };
    let masuk = d.path().join("masuk.csv");
    let register = d.path().join("register.csv");
    if std::fs::write(&masuk, data).is_err()
        || std::fs::write(
            &register,
            "NIK,NAMA,TGL_LAHIR,JK,KODE_DESA\n3579014703900001,SITI AMINAH,07-03-1990,P,35.79.01.1001\n3579010101800002,BUDI,01-01-1980,L,35.79.01.1001\n",
        )
        .is_err()
    {
        return;
    }
    for (kanan, partisi) in [
        (None, None),
        (Some(masuk.clone()), None),
        (None, Some(2)),
        (Some(masuk.clone()), Some(3)),
    ] {
        let kiri = if kanan.is_some() { register.clone() } else { masuk.clone() };
        let keluar = d.path().join("pasangan.csv");
        let o = OpsiLink {
            kiri,
            kanan,
            keluar: keluar.clone(),
            map: vec![],
            id: None,
            // One run compares an extra column, when the input has it.
            banding: if partisi == Some(2) {
                vec!["NO_IDENTITAS=id".into(), "KODE_POS=postcode".into()]
            } else {
                vec![]
            },
            ambang: 0.5,
            model: None,
            simpan_model: None,
            klaster: partisi.is_none().then(|| d.path().join("klaster.csv")),
            min_peluang: 0.0,
            partisi,
            dir_partisi: None,
            kebenaran: None,
        };
        if link(&o, padan_core::Bahasa::Id, &padan_app::Diam).is_err() {
            assert!(!keluar.exists(), "a refused input left a pairs file");
        }
        let _ = std::fs::remove_file(&keluar);
    }
});
