//! Duplicates within a synthetic register, against its ground truth.
//!
//! Asserted: blocking recall (every true pair is a candidate), and recall at
//! probability 0.5. Printed: precision, which is the open problem (0.10 on
//! seed 9 with 20,000 voters, against issue 3's ≥ 0.99), so it is not
//! asserted yet. `cargo test -p padan-match --test sintetis -- --nocapture`
//! prints the figures; with `DEBUG_MATCH=1` also m, u and wrong pairs.

use chrono::NaiveDate;
use padan_match::blok::{ATURAN_BAKU, pasangan_aturan, sendiri};
use padan_match::model::{Model, hitung_pola, u_acak};
use padan_match::rekaman::{Rekaman, Vektor};
use std::collections::{HashMap, HashSet};

#[test]
fn duplicates_in_a_synthetic_register() {
    let d = tempfile::tempdir().unwrap();
    let w = padan_core::Wilayah::bawaan();
    padan_synth::buat(
        &padan_synth::Konfigurasi::baru("35.79", Some(20_000), 9),
        &w,
        d.path(),
        |_, _| {},
    )
    .unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_path(d.path().join("dpt.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let truth: Vec<csv::StringRecord> = csv::Reader::from_path(d.path().join("kebenaran/dpt.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let mut rs = vec![];
    let mut orang = vec![];
    for (r, t) in rows.iter().zip(&truth) {
        if t[1].parse::<u64>().unwrap() == 0 {
            continue; // a planted defect, refused at import
        }
        let lahir = NaiveDate::parse_from_str(&r[4], "%d-%m-%Y").ok();
        rs.push(Rekaman::baru(
            rs.len() as u64,
            &r[1],
            &r[0],
            &r[2],
            lahir,
            &r[6],
            &r[3],
            &r[13],
        ));
        orang.push(t[1].parse::<u64>().unwrap());
    }
    let mut benar: HashSet<(u32, u32)> = HashSet::new();
    let mut per_orang: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, o) in orang.iter().enumerate() {
        per_orang.entry(*o).or_default().push(i as u32);
    }
    for v in per_orang.values() {
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                benar.insert((v[i], v[j]));
            }
        }
    }
    assert!(benar.len() > 30, "the synthetic register has duplicates");

    let blok = sendiri(&rs, ATURAN_BAKU, 2000);
    let calon: HashSet<(u32, u32)> = blok.pasangan.iter().map(|p| (p.a, p.b)).collect();
    let recall_blok =
        benar.iter().filter(|p| calon.contains(p)).count() as f64 / benar.len() as f64;

    let u = u_acak(&rs, None, 200_000, 1);
    let sesi: Vec<_> = ATURAN_BAKU
        .iter()
        .filter(|a| a.latih)
        .map(|a| {
            (
                hitung_pola(
                    pasangan_aturan(&rs, a, 2000)
                        .iter()
                        .map(|(x, y)| (&rs[*x as usize], &rs[*y as usize])),
                ),
                a.tetap.to_vec(),
            )
        })
        .collect();
    let n = rs.len() as f64;
    let model = Model::latih(&sesi, u, n * (n - 1.0) / 2.0, 500);
    let cocok: HashSet<(u32, u32)> = blok
        .pasangan
        .iter()
        .filter(|p| {
            model.peluang(&Vektor::dari(&rs[p.a as usize], &rs[p.b as usize]).level()) >= 0.5
        })
        .map(|p| (p.a, p.b))
        .collect();
    let tp = cocok.intersection(&benar).count() as f64;
    let presisi = tp / cocok.len().max(1) as f64;
    let recall = tp / benar.len() as f64;
    println!(
        "records {} true pairs {} candidate pairs {} blocking recall {recall_blok:.4} precision {presisi:.4} recall {recall:.4} (prior {:.3e}, {} EM iterations)",
        rs.len(),
        benar.len(),
        calon.len(),
        model.p,
        model.iterasi
    );
    if std::env::var("DEBUG_MATCH").is_ok() {
        for k in 0..7 {
            println!(
                "{} m={:?} u={:?}",
                padan_match::rekaman::NAMA_PERBANDINGAN[k],
                model.m[k]
                    .iter()
                    .map(|x| (x * 1000.0).round() / 1000.0)
                    .collect::<Vec<_>>(),
                model.u[k]
                    .iter()
                    .map(|x| (x * 100000.0).round() / 100000.0)
                    .collect::<Vec<_>>()
            );
        }
        for (a, b) in benar.iter().filter(|p| !cocok.contains(p)).take(8) {
            let v = Vektor::dari(&rs[*a as usize], &rs[*b as usize]);
            println!(
                "FN {:?} w={:.1} {} | {}",
                v,
                model.bobot(&v.level()),
                rs[*a as usize].nama.teks(),
                rs[*b as usize].nama.teks()
            );
        }
        for (a, b) in cocok.iter().filter(|p| !benar.contains(p)).take(8) {
            let v = Vektor::dari(&rs[*a as usize], &rs[*b as usize]);
            println!(
                "FP {:?} w={:.1} {} | {}",
                v,
                model.bobot(&v.level()),
                rs[*a as usize].nama.teks(),
                rs[*b as usize].nama.teks()
            );
        }
    }
    assert!(recall_blok >= 0.97, "blocking recall {recall_blok}");
    assert!(
        blok.besar.is_empty(),
        "no block over the limit here: {:?}",
        blok.besar
    );
    assert!(recall >= 0.95, "recall {recall}");
    // Precision is issue 3's open work; it must at least find true pairs.
    assert!(tp > 0.0 && presisi > 0.0);
}
