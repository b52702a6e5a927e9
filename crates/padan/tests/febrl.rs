//! The public FEBRL benchmark sets through `padan link` with a column map:
//! F1 at the default threshold, against the truth in the record IDs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

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

/// FEBRL4 linked with `peta` (a column map, or compare options): blocking
/// recall, precision, recall and F1 at the default threshold.
fn link4(kiri: &Path, kanan: &Path, peta: &[&str]) -> (f64, f64, f64, f64) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pasangan.csv");
    let mut args = vec![
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--right",
        kanan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(peta);
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
    (recall_blok, p, r, f)
}

/// FEBRL3 deduplicated with `peta`: precision, recall and F1 of the pairs
/// within the clusters.
fn dedupe3(kiri: &Path, peta: &[&str]) -> (f64, f64, f64) {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("pasangan.csv");
    let klaster = d.path().join("klaster.csv");
    let mut args = vec![
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--clusters",
        klaster.to_str().unwrap(),
    ];
    args.extend(peta);
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
    f1(&pred, &benar)
}

#[test]
fn febrl4_linkage_f1_at_least_0_99() {
    let (b, p, r, f) = link4(&data("dataset4a.csv"), &data("dataset4b.csv"), &PETA);
    println!("febrl4: blocking recall {b:.4} precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(b >= 0.985, "blocking recall {b}");
    assert!(f >= 0.99, "F1 {f} (precision {p}, recall {r})");
}

#[test]
fn febrl3_deduplication_f1_at_least_0_99() {
    let (p, r, f) = dedupe3(&data("dataset3.csv"), &PETA);
    println!("febrl3 (clusters): precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(f >= 0.99, "F1 {f} (precision {p}, recall {r})");
}

/// Issue #8's regression: the sets with Indonesian headers, no `--map`
/// at all, only `--compare` for the identifier and the postcode.
#[test]
fn febrl_with_indonesian_headers_and_compare_only_f1_at_least_0_99() {
    let d = tempfile::tempdir().unwrap();
    let berkas = |f: &str| {
        let p = d.path().join(f);
        indonesia(f, &p);
        p
    };
    let (a, b, c) = (
        berkas("dataset4a.csv"),
        berkas("dataset4b.csv"),
        berkas("dataset3.csv"),
    );
    const BANDING: [&str; 6] = [
        "--id",
        "ID",
        "--compare",
        "NO_IDENTITAS=id",
        "--compare",
        "KODE_POS=postcode",
    ];
    let (rb, p, r, f) = link4(&a, &b, &BANDING);
    println!("febrl4 (id): blocking recall {rb:.4} precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(rb >= 0.995, "blocking recall {rb}");
    assert!(f >= 0.99, "febrl4 F1 {f} (precision {p}, recall {r})");
    let (p, r, f) = dedupe3(&c, &BANDING);
    println!("febrl3 (id, clusters): precision {p:.4} recall {r:.4} F1 {f:.4}");
    assert!(f >= 0.99, "febrl3 F1 {f} (precision {p}, recall {r})");
}

/// A FEBRL file as a published Indonesian list would have it: one name
/// column, region and postcode as text, the identifier under its own name.
fn indonesia(f: &str, ke: &Path) {
    let mut r = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(data(f))
        .unwrap();
    let mut w = csv::Writer::from_path(ke).unwrap();
    w.write_record([
        "ID",
        "NAMA",
        "TANGGAL_LAHIR",
        "ALAMAT",
        "KELURAHAN",
        "KODE_POS",
        "PROVINSI",
        "NO_IDENTITAS",
    ])
    .unwrap();
    for x in r.records() {
        let x = x.unwrap();
        let gabung = |i: &[usize]| {
            i.iter()
                .map(|&i| &x[i])
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        w.write_record([
            x[0].to_owned(),
            gabung(&[1, 2]),
            x[9].to_owned(),
            gabung(&[3, 4, 5]),
            x[6].to_owned(),
            x[7].to_owned(),
            x[8].to_owned(),
            x[10].to_owned(),
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn every_column_is_said_used_or_ignored_and_an_identifier_left_out_is_hinted() {
    let d = tempfile::tempdir().unwrap();
    let (kiri, kanan) = (d.path().join("a.csv"), d.path().join("b.csv"));
    indonesia("dataset4a.csv", &kiri);
    indonesia("dataset4b.csv", &kanan);
    let out = d.path().join("pasangan.csv");
    let args = [
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--right",
        kanan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--id",
        "ID",
    ];
    let mut j = vec!["--json"];
    j.extend(args);
    let o = common::padan(d.path(), &j);
    assert_eq!(o.kode, 0, "{}", o.semua());
    let v = o.json();
    let kolom = v["kolom"].as_array().unwrap();
    assert_eq!(kolom.len(), 2, "{v}");
    for k in kolom {
        let dipakai: Vec<(String, String, String)> = k["dipakai"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["kolom"].as_str().unwrap().to_owned(),
                    d["medan"].as_str().unwrap().to_owned(),
                    d["cara"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let s = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            dipakai,
            [
                s("ID", "id", "map"),
                s("NAMA", "nama", "judul"),
                s("TANGGAL_LAHIR", "tanggal_lahir", "judul"),
                s("ALAMAT", "alamat", "judul"),
                s("KELURAHAN", "kode_desa", "nama-wilayah"),
                s("PROVINSI", "kode_desa", "nama-wilayah"),
            ],
            "{k}"
        );
        assert_eq!(
            k["diabaikan"],
            serde_json::json!(["KODE_POS", "NO_IDENTITAS"])
        );
        // Australian suburbs resolve to no desa: said, and compared as
        // text in the free extra slots.
        let w = &k["nama_wilayah"];
        assert_eq!(
            (w["baris"].as_u64(), w["terurai"].as_u64()),
            (Some(5000), Some(0)),
            "{w}"
        );
        assert_eq!(w["peringatan"], true);
        assert_eq!(k["dipakai"][4]["cadangan"], "tambahan_1");
        assert_eq!(k["mirip_id"], serde_json::json!(["NO_IDENTITAS"]));
    }
    // The text says it too, with the hint.
    let t = common::padan(d.path(), &args);
    assert_eq!(t.kode, 0, "{}", t.semua());
    let teks = t.semua();
    assert!(teks.contains("diabaikan: KODE_POS, NO_IDENTITAS"), "{teks}");
    assert!(teks.contains("--map NO_IDENTITAS=nik"), "{teks}");
    // Mapped, the identifier is used and the hint is gone.
    let mut m = j.clone();
    m.extend(["--map", "NO_IDENTITAS=nik"]);
    let v = common::padan(d.path(), &m).json();
    assert_eq!(v["kolom"][0]["mirip_id"], serde_json::json!([]));
    assert!(
        v["kolom"][0]["dipakai"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kolom"] == "NO_IDENTITAS" && d["medan"] == "nik" && d["cara"] == "map")
    );
}

#[test]
fn headers_that_name_an_identifier_are_told_apart() {
    use padan_app::tautan::judul_mirip_id;
    for j in [
        "NO_IDENTITAS",
        "No. KTP",
        "NOMOR",
        "soc_sec_id",
        "Passport Number",
        "NIK Ayah",
    ] {
        assert!(judul_mirip_id(j), "{j}");
    }
    for j in [
        "NAMA",
        "KELURAHAN",
        "KODE_POS",
        "ALAMAT",
        "NOTE",
        "IDENTITY_THEFT_FLAG",
    ] {
        assert!(!judul_mirip_id(j), "{j}");
    }
}

/// The true pairs of FEBRL4 as a truth file: the same person's two records.
fn kebenaran4(ke: &std::path::Path) -> usize {
    let di_b: HashMap<String, String> = id_berkas("dataset4b.csv")
        .into_iter()
        .map(|i| (orang(&i).to_owned(), i))
        .collect();
    let mut w = csv::Writer::from_path(ke).unwrap();
    w.write_record(["id_a", "id_b"]).unwrap();
    let mut n = 0;
    for a in id_berkas("dataset4a.csv") {
        if let Some(b) = di_b.get(orang(&a)) {
            w.write_record([&a, b]).unwrap();
            n += 1;
        }
    }
    w.flush().unwrap();
    n
}

#[test]
fn the_accuracy_report_agrees_with_the_pairs_and_a_truth_about_other_records_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let truth = d.path().join("truth.csv");
    assert_eq!(kebenaran4(&truth), 5000);
    let out = d.path().join("pasangan.csv");
    let (kiri, kanan) = (data("dataset4a.csv"), data("dataset4b.csv"));
    let mut args = vec![
        "--json",
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--right",
        kanan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ];
    args.extend(PETA);
    let o = common::padan(d.path(), &args);
    assert_eq!(o.kode, 0, "{}", o.semua());
    let v = o.json();
    let a = &v["akurasi"];
    assert_eq!(a["pasangan_benar"], 5000);
    // The report's figures are the pairs file's, counted here again.
    let semua: Vec<csv::StringRecord> = csv::Reader::from_path(&out)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let benar = |r: &csv::StringRecord| orang(&r[0]) == orang(&r[1]);
    let lolos: Vec<&csv::StringRecord> = semua
        .iter()
        .filter(|r| r[2].parse::<f64>().unwrap() >= 0.5)
        .collect();
    let tp = lolos.iter().filter(|r| benar(r)).count() as u64;
    assert_eq!(a["di_ambang"]["benar_positif"], tp);
    assert_eq!(a["di_ambang"]["salah_positif"], lolos.len() as u64 - tp);
    let dibandingkan_benar = semua.iter().filter(|r| benar(r)).count() as f64;
    assert!((a["recall_blok"].as_f64().unwrap() - dibandingkan_benar / 5000.0).abs() < 1e-9);
    assert!(a["terbaik"]["f1"].as_f64().unwrap() >= a["di_ambang"]["f1"].as_f64().unwrap());
    // Calibrated at p ≥ 0.5 on FEBRL4: precision within 0.02 of the mean.
    let s = &a["di_atas_setengah"];
    let selisih = s["presisi"].as_f64().unwrap() - s["rata_peluang"].as_f64().unwrap();
    assert!(selisih.abs() <= 0.02, "{s}");
    // The worst misses come with their waterfalls; the bands add up to the
    // pairs compared.
    let sn = a["salah_negatif"].as_array().unwrap();
    assert!(!sn.is_empty() && sn.len() <= 20);
    assert!(
        sn.iter()
            .all(|x| !x["rincian"].as_array().unwrap().is_empty())
    );
    let n_pita: u64 = v["pita"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pasangan"].as_u64().unwrap())
        .sum();
    assert_eq!(n_pita, semua.len() as u64);

    // A truth file naming records that are in neither input: refused by
    // row, and no pairs file is written.
    let lain = d.path().join("lain.csv");
    std::fs::write(
        &lain,
        "a,b\nrec-1070-org,rec-1070-dup-0\nrec-1-org,bukan-rekaman\n",
    )
    .unwrap();
    let keluar = d.path().join("tidak.csv");
    let o = common::padan(
        d.path(),
        &[
            "link",
            "--left",
            kiri.to_str().unwrap(),
            "--right",
            kanan.to_str().unwrap(),
            "--out",
            keluar.to_str().unwrap(),
            "--id",
            "rec_id",
            "--truth",
            lain.to_str().unwrap(),
        ],
    );
    assert_ne!(o.kode, 0);
    assert!(
        o.semua().contains("baris 3: rec-1-org – bukan-rekaman"),
        "{}",
        o.semua()
    );
    assert!(!keluar.exists());
    // Not yet with --partitions: said, not ignored.
    let o = common::padan(
        d.path(),
        &[
            "link",
            "--left",
            kiri.to_str().unwrap(),
            "--out",
            keluar.to_str().unwrap(),
            "--partitions",
            "2",
            "--truth",
            truth.to_str().unwrap(),
        ],
    );
    assert_ne!(o.kode, 0);
    assert!(o.semua().contains("--truth"), "{}", o.semua());
    assert!(!keluar.exists());
}

#[test]
fn a_compare_that_cannot_be_done_is_refused_with_nothing_written() {
    let d = tempfile::tempdir().unwrap();
    let (kiri, kanan) = (d.path().join("a.csv"), d.path().join("b.csv"));
    indonesia("dataset4a.csv", &kiri);
    indonesia("dataset4b.csv", &kanan);
    let out = d.path().join("pasangan.csv");
    let dasar = [
        "link",
        "--left",
        kiri.to_str().unwrap(),
        "--right",
        kanan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--id",
        "ID",
    ];
    // `padan [--json] link … EXTRA`.
    let dengan = |json: bool, extra: &[&str]| {
        let mut a: Vec<&str> = if json { vec!["--json"] } else { vec![] };
        a.extend(dasar);
        a.extend(extra);
        common::padan(d.path(), &a)
    };
    for (opsi, pesan) in [
        (
            vec!["--compare", "NO_PASPOR=id"],
            "kolom 'NO_PASPOR' tidak ada",
        ),
        (
            vec!["--compare", "KODE_POS=fuzzy"],
            "jenis 'fuzzy' tidak dikenal",
        ),
        (vec!["--compare", "KODE_POS"], "harus berbentuk KOLOM=JENIS"),
        (
            vec!["--map", "NO_IDENTITAS=nik", "--compare", "NO_IDENTITAS=id"],
            "ke --map/--id dan ke --compare sekaligus",
        ),
        (
            vec!["--compare", "ID=exact"],
            "ke --map/--id dan ke --compare sekaligus",
        ),
        (
            vec!["--compare", "KODE_POS=postcode", "--compare", "kode_pos=id"],
            "disebut dua kali",
        ),
        (
            vec!["--compare", "NAMA=name"],
            "kolom NAMA adalah nama pemilih",
        ),
    ] {
        let o = dengan(false, &opsi);
        assert_eq!(o.kode, 2, "{opsi:?}: {}", o.semua());
        assert!(o.semua().contains(pesan), "{opsi:?}: {}", o.semua());
        assert!(!o.semua().contains("panicked"), "{}", o.semua());
        assert!(!out.exists(), "{opsi:?} left a pairs file");
    }
    // Said out loud: the compared columns and their kinds, in the JSON.
    let o = dengan(
        true,
        &[
            "--compare",
            "KODE_POS=postcode",
            "--compare",
            "NO_IDENTITAS=id",
        ],
    );
    assert_eq!(o.kode, 0, "{}", o.semua());
    let v = o.json();
    let dipakai = v["kolom"][1]["dipakai"].as_array().unwrap();
    let cari = |k: &str| dipakai.iter().find(|d| d["kolom"] == k).unwrap().clone();
    // Identifiers take the first slot, whatever the order given.
    assert_eq!(cari("NO_IDENTITAS")["medan"], "tambahan_1");
    assert_eq!(cari("NO_IDENTITAS")["jenis"], "id");
    assert_eq!(cari("KODE_POS")["medan"], "tambahan_2");
    assert_eq!(cari("KODE_POS")["cara"], "compare");
    assert_eq!(v["kolom"][1]["mirip_id"], serde_json::json!([]));

    // A saved model says what its extra slots held; a run whose slots hold
    // something else is refused, one with the same is not.
    let model = d.path().join("model.json");
    let o = dengan(
        false,
        &[
            "--compare",
            "NO_IDENTITAS=id",
            "--save-model",
            model.to_str().unwrap(),
        ],
    );
    assert_eq!(o.kode, 0, "{}", o.semua());
    let simpan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&model).unwrap()).unwrap();
    assert_eq!(simpan["tambahan"], serde_json::json!(["NO_IDENTITAS=id"]));
    std::fs::remove_file(&out).unwrap();
    let o = dengan(
        false,
        &[
            "--compare",
            "KODE_POS=id",
            "--model",
            model.to_str().unwrap(),
        ],
    );
    assert_eq!(o.kode, 2, "{}", o.semua());
    assert!(
        o.semua()
            .contains("dilatih dengan --compare NO_IDENTITAS=id"),
        "{}",
        o.semua()
    );
    assert!(!out.exists());
    let o = dengan(
        false,
        &[
            "--compare",
            "no_identitas=id",
            "--model",
            model.to_str().unwrap(),
        ],
    );
    assert_eq!(o.kode, 0, "{}", o.semua());
}
