//! The engine against the ground truth of `padan synth`: duplicates within
//! the register, and the register against the population extract.
//!
//! `cargo test -p padan-match --test sintetis -- --nocapture` prints the
//! figures; with `DEBUG_MATCH=1` also m, u and the misclassified pairs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use padan_match::blok::ATURAN_BAKU;
use padan_match::mesin::{Hasil, Setelan, jalankan, satu_satu};
use padan_match::rekaman::{NAMA_PERBANDINGAN, Rekaman, isi_frekuensi};
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn baca(p: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(p)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// Records of a register-shaped file, with each row's person from the
/// truth file (planted defects, person 0, left out).
fn rekaman(dir: &Path, nama: &str) -> (Vec<Rekaman>, Vec<u64>) {
    let rows = baca(&dir.join(format!("{nama}.csv")));
    let truth = baca(&dir.join(format!("kebenaran/{nama}.csv")));
    let mut rs = vec![];
    let mut orang = vec![];
    for (r, t) in rows.iter().zip(&truth) {
        let o: u64 = t[1].parse().unwrap();
        if o == 0 {
            continue;
        }
        rs.push(common::rekaman_baris(rs.len() as u64, r));
        orang.push(o);
    }
    (rs, orang)
}

fn synth(n: u64, seed: u64) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    padan_synth::buat(
        &padan_synth::Konfigurasi::baru("35.79", Some(n), seed),
        &padan_core::Wilayah::bawaan(),
        d.path(),
        |_, _| {},
    )
    .unwrap();
    d
}

/// Voters per test register (`PADAN_UJI_PEMILIH` to try more).
fn n_uji() -> u64 {
    std::env::var("PADAN_UJI_PEMILIH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

fn cetak_model(h: &Hasil) {
    if std::env::var("DEBUG_MATCH").is_err() {
        return;
    }
    for (k, nama) in NAMA_PERBANDINGAN.iter().enumerate() {
        println!(
            "{nama} m={:?} u={:?}",
            h.model.m[k]
                .iter()
                .map(|x| (x * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>(),
            h.model.u[k]
                .iter()
                .map(|x| (x * 100000.0).round() / 100000.0)
                .collect::<Vec<_>>()
        );
    }
}

fn salah(
    h: &Hasil,
    kiri: &[Rekaman],
    kanan: &[Rekaman],
    benar: &HashSet<(u32, u32)>,
    cocok: &HashSet<(u32, u32)>,
) {
    if std::env::var("DEBUG_MATCH").is_err() {
        return;
    }
    let tampil = |label: &str, (a, b): (u32, u32)| {
        let (x, y) = (&kiri[a as usize], &kanan[b as usize]);
        let r = h.model.rincian(x, y);
        let w: f64 = r.iter().map(|r| r.bobot).sum::<f64>() + h.model.bobot_awal();
        println!(
            "{label} w={w:.1} {} {} {:?} | {} {} {:?}",
            x.nama,
            x.nik.teks(),
            x.lahir,
            y.nama,
            y.nik.teks(),
            y.lahir
        );
        for r in r {
            print!(" {}={}({:.1})", r.perbandingan, r.level, r.bobot);
        }
        println!();
    };
    for p in benar.iter().filter(|p| !cocok.contains(p)).take(6) {
        tampil("FN", *p);
    }
    for p in cocok.iter().filter(|p| !benar.contains(p)).take(6) {
        tampil("FP", *p);
    }
}

#[test]
fn duplicates_in_a_synthetic_register() {
    let d = synth(n_uji(), 9);
    let (mut rs, orang) = rekaman(d.path(), "dpt");
    isi_frekuensi(&mut [&mut rs]);
    let mut per_orang: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, o) in orang.iter().enumerate() {
        per_orang.entry(*o).or_default().push(i as u32);
    }
    let benar: HashSet<(u32, u32)> = per_orang
        .values()
        .flat_map(|v| {
            v.iter()
                .enumerate()
                .flat_map(move |(i, a)| v[i + 1..].iter().map(move |b| (*a, *b)))
        })
        .collect();
    assert!(benar.len() > 30, "the synthetic register has duplicates");

    let s = Setelan {
        simpan_semua: true,
        ..Setelan::default()
    };
    let h = jalankan(&rs, None, ATURAN_BAKU, &s, None, &|_| {}).unwrap();
    let calon: HashSet<(u32, u32)> = h.pasangan.iter().map(|p| (p.a, p.b)).collect();
    let cocok: HashSet<(u32, u32)> = h
        .pasangan
        .iter()
        .filter(|p| p.peluang() >= s.ambang)
        .map(|p| (p.a, p.b))
        .collect();
    let recall_blok =
        benar.iter().filter(|p| calon.contains(p)).count() as f64 / benar.len() as f64;
    let tp = cocok.intersection(&benar).count() as f64;
    let presisi = tp / cocok.len().max(1) as f64;
    let recall = tp / benar.len() as f64;
    println!(
        "dedupe: records {} true pairs {} compared {} blocking recall {recall_blok:.4} precision {presisi:.4} recall {recall:.4} (prior {:.3e})",
        rs.len(),
        benar.len(),
        h.dibandingkan,
        h.model.p,
    );
    cetak_model(&h);
    salah(&h, &rs, &rs, &benar, &cocok);
    // Calibration: the pairs kept at probability >= 0.5 are true about as
    // often as their probabilities say (not 0.3 when 0.5 is promised).
    let kept: Vec<f64> = h
        .pasangan
        .iter()
        .filter(|p| p.peluang() >= s.ambang)
        .map(|p| p.peluang())
        .collect();
    let janji = kept.iter().sum::<f64>() / kept.len().max(1) as f64;
    println!("calibration: mean probability promised {janji:.4}, precision observed {presisi:.4}");
    assert!(
        presisi >= janji - 0.02,
        "promised {janji}, observed {presisi}"
    );
    assert!(recall_blok >= 0.99, "blocking recall {recall_blok}");
    assert!(h.blok_besar.is_empty(), "{:?}", h.blok_besar);
    assert!(presisi >= 0.99, "precision {presisi}");
    assert!(recall >= 0.98, "recall {recall}");
}

#[test]
fn register_against_the_population_extract() {
    let d = synth(n_uji(), 11);
    let (mut kiri, orang_kiri) = rekaman(d.path(), "dpt");
    let (mut kanan, orang_kanan) = rekaman(d.path(), "dp4");
    isi_frekuensi(&mut [&mut kiri, &mut kanan]);
    let mut di_kanan: HashMap<u64, Vec<u32>> = HashMap::new();
    for (j, o) in orang_kanan.iter().enumerate() {
        di_kanan.entry(*o).or_default().push(j as u32);
    }
    let benar: HashSet<(u32, u32)> = orang_kiri
        .iter()
        .enumerate()
        .flat_map(|(i, o)| {
            di_kanan
                .get(o)
                .into_iter()
                .flatten()
                .map(move |j| (i as u32, *j))
        })
        .collect();
    let s = Setelan::default();
    let h = jalankan(&kiri, Some(&kanan), ATURAN_BAKU, &s, None, &|_| {}).unwrap();
    let cocok: HashSet<(u32, u32)> = h
        .pasangan
        .iter()
        .filter(|p| p.peluang() >= s.ambang)
        .map(|p| (p.a, p.b))
        .collect();
    let tp = cocok.intersection(&benar).count() as f64;
    let presisi = tp / cocok.len().max(1) as f64;
    let recall = tp / benar.len() as f64;
    let satu = satu_satu(&h.pasangan, s.ambang);
    println!(
        "link: left {} right {} true pairs {} compared {} precision {presisi:.4} recall {recall:.4} one-to-one {}",
        kiri.len(),
        kanan.len(),
        benar.len(),
        h.dibandingkan,
        satu.len()
    );
    cetak_model(&h);
    salah(&h, &kiri, &kanan, &benar, &cocok);
    assert!(presisi >= 0.99, "precision {presisi}");
    assert!(recall >= 0.98, "recall {recall}");
}
