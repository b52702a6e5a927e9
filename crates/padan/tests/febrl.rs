//! The public FEBRL benchmark sets through `padan link` with a column map:
//! F1 at the default threshold, against the truth in the record IDs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn data(f: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/febrl")
        .join(f)
}

const PETA: [&str; 18] = [
    "--id",
    "rec_id",
    "--map",
    "given_name=nama",
    "--map",
    "surname=nama",
    "--map",
    "date_of_birth=tanggal_lahir",
    "--map",
    "soc_sec_id=nik",
    "--map",
    "street_number=alamat",
    "--map",
    "address_1=alamat",
    "--map",
    "address_2=alamat",
    "--map",
    "suburb=alamat",
];

fn orang(id: &str) -> &str {
    id.split('-').nth(1).unwrap_or(id)
}

fn f1(pred: &HashSet<(String, String)>, benar: &HashSet<(String, String)>) -> (f64, f64, f64) {
    let tp = pred.intersection(benar).count() as f64;
    let p = tp / pred.len().max(1) as f64;
    let r = tp / benar.len().max(1) as f64;
    (p, r, 2.0 * tp / (pred.len() + benar.len()) as f64)
}

fn pasangan(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

fn id_berkas(f: &str) -> Vec<String> {
    csv::Reader::from_path(data(f))
        .unwrap()
        .records()
        .map(|r| r.unwrap()[0].trim().to_owned())
        .collect()
}

#[test]
fn febrl4_linkage_f1_at_least_0_99() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pasangan.csv");
    let (kiri, kanan) = (data("dataset4a.csv"), data("dataset4b.csv"));
    let mut args = vec![
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--right",
        kanan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(PETA);
    let o = common::padan(d.path(), &args);
    assert_eq!(o.kode, 0, "{}", o.semua());
    // Every compared pair is written: the true ones among them are the
    // blocking recall.
    let semua: Vec<csv::StringRecord> = csv::Reader::from_path(&out)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let dibandingkan: HashSet<(String, String)> =
        semua.iter().map(|r| pasangan(&r[0], &r[1])).collect();
    let pred: HashSet<(String, String)> = semua
        .iter()
        .filter(|r| r[2].parse::<f64>().unwrap() >= 0.5)
        .map(|r| pasangan(&r[0], &r[1]))
        .collect();
    let di_b: HashMap<String, String> = id_berkas("dataset4b.csv")
        .into_iter()
        .map(|i| (orang(&i).to_owned(), i))
        .collect();
    let benar: HashSet<(String, String)> = id_berkas("dataset4a.csv")
        .iter()
        .filter_map(|a| di_b.get(orang(a)).map(|b| pasangan(a, b)))
        .collect();
    assert_eq!(benar.len(), 5000);
    let recall_blok = benar.intersection(&dibandingkan).count() as f64 / benar.len() as f64;
    let (p, r, f) = f1(&pred, &benar);
    println!("febrl4: blocking recall {recall_blok:.4} precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(recall_blok >= 0.985, "blocking recall {recall_blok}");
    assert!(f >= 0.99, "F1 {f} (precision {p}, recall {r})");
}

#[test]
fn febrl3_deduplication_f1_at_least_0_99() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pasangan.csv");
    let klaster = d.path().join("klaster.csv");
    let kiri = data("dataset3.csv");
    let mut args = vec![
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--clusters",
        klaster.to_str().unwrap(),
    ];
    args.extend(PETA);
    let o = common::padan(d.path(), &args);
    assert_eq!(o.kode, 0, "{}", o.semua());
    // Pairs in one cluster are predicted matches.
    let mut per_klaster: HashMap<String, Vec<String>> = HashMap::new();
    for r in csv::Reader::from_path(&klaster).unwrap().records() {
        let r = r.unwrap();
        per_klaster
            .entry(r[1].to_owned())
            .or_default()
            .push(r[0].to_owned());
    }
    let semua_pasangan = |v: &[String]| -> Vec<(String, String)> {
        let mut out = vec![];
        for (i, a) in v.iter().enumerate() {
            for b in &v[i + 1..] {
                out.push(pasangan(a, b));
            }
        }
        out
    };
    let pred: HashSet<(String, String)> = per_klaster
        .values()
        .flat_map(|v| semua_pasangan(v))
        .collect();
    let mut per_orang: HashMap<String, Vec<String>> = HashMap::new();
    for i in id_berkas("dataset3.csv") {
        per_orang.entry(orang(&i).to_owned()).or_default().push(i);
    }
    let benar: HashSet<(String, String)> =
        per_orang.values().flat_map(|v| semua_pasangan(v)).collect();
    let (p, r, f) = f1(&pred, &benar);
    println!("febrl3 (clusters): precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(f >= 0.99, "F1 {f} (precision {p}, recall {r})");
}
