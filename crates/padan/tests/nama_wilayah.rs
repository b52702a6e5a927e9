//! Region given by name (KELURAHAN, KECAMATAN, KAB_KOTA) instead of a
//! code: resolved through the built-in list, counted, and where it does
//! not resolve, compared as text with a warning.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use padan_core::wilayah::Wilayah;
use std::path::Path;

/// `dpt.csv` of a synthetic office with its desa codes replaced by
/// names as a published list would spell them: prefixes (`KEL.`, `DS.`,
/// `KEC.`), upper and mixed case, and every seventh desa name misspelt.
/// `asing`: every name replaced by one that is in no list.
/// `kode`: the same rows with their codes; both get an ID column.
fn dengan_nama(dari: &Path, (kode_ke, ke): (&Path, &Path), asing: bool) -> usize {
    let w = Wilayah::bawaan();
    let mut r = csv::Reader::from_path(dari).unwrap();
    let h = r.headers().unwrap().clone();
    let i = h.iter().position(|x| x == "KODE_DESA").unwrap();
    let mut judul: Vec<&str> = std::iter::once("ID").chain(h.iter()).collect();
    let mut dengan_kode = csv::Writer::from_path(kode_ke).unwrap();
    dengan_kode.write_record(&judul).unwrap();
    judul.splice(i + 1..=i + 1, ["KELURAHAN", "KECAMATAN", "KAB_KOTA"]);
    let mut o = csv::Writer::from_path(ke).unwrap();
    o.write_record(&judul).unwrap();
    let mut n = 0;
    for (k, x) in r.records().enumerate() {
        let x = x.unwrap();
        let kode = &x[i];
        // The generator's one defective row may have a code in no list.
        let (Some(desa), Some(kec), Some(kab)) = (
            w.nama(kode),
            kode.get(..8).and_then(|k| w.nama(k)),
            kode.get(..5).and_then(|k| w.nama(k)),
        ) else {
            continue;
        };
        let mut desa = desa.to_uppercase();
        if k % 7 == 3 && desa.len() > 5 {
            // Two neighbouring letters swapped.
            let b: Vec<char> = desa.chars().collect();
            let mut b2 = b.clone();
            b2.swap(2, 3);
            desa = b2.into_iter().collect();
        }
        let desa = match (k % 3, kode.as_bytes()[9]) {
            (0, b'1') => format!("KEL. {desa}"),
            (0, _) => format!("DS. {desa}"),
            _ => desa,
        };
        let kec = format!("Kec. {kec}");
        let kab = kab.to_owned();
        let (desa, kec, kab) = if asing {
            (format!("SUBURB {}", k % 50), "NOWHERE".into(), "NSW".into())
        } else {
            (desa, kec, kab)
        };
        let mut baris: Vec<String> = std::iter::once(format!("B{k}"))
            .chain(x.iter().map(str::to_owned))
            .collect();
        dengan_kode.write_record(&baris).unwrap();
        baris.splice(i + 1..=i + 1, [desa, kec, kab]);
        o.write_record(&baris).unwrap();
        n += 1;
    }
    o.flush().unwrap();
    dengan_kode.flush().unwrap();
    n
}

fn link(d: &Path, kanan: &Path) -> serde_json::Value {
    let kiri = d.join("kode.csv");
    let out = d.join("pasangan.csv");
    let o = common::padan(
        d,
        &[
            "--json",
            "link",
            "--left",
            kiri.to_str().unwrap(),
            "--right",
            kanan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--id",
            "ID",
        ],
    );
    assert_eq!(o.kode, 0, "{}", o.semua());
    o.json()
}

/// The share of records matched to themselves at p ≥ 0.5.
fn diri_sendiri(d: &Path) -> f64 {
    let mut n = 0;
    let mut ya = 0;
    for r in csv::Reader::from_path(d.join("pasangan.csv"))
        .unwrap()
        .records()
    {
        let r = r.unwrap();
        if r[0] == r[1] {
            n += 1;
            if r[2].parse::<f64>().unwrap() >= 0.5 {
                ya += 1;
            }
        }
    }
    ya as f64 / n.max(1) as f64
}

#[test]
fn region_names_resolve_to_the_codes_they_name_and_unknown_ones_are_compared_as_text() {
    let d = tempfile::tempdir().unwrap();
    let s = common::padan(
        d.path(),
        &["synth", "--voters", "3000", "--seed", "11", "--out", "data"],
    );
    assert_eq!(s.kode, 0, "{}", s.semua());
    let nama = d.path().join("nama.csv");
    let kode = d.path().join("kode.csv");
    let n = dengan_nama(&d.path().join("data/dpt.csv"), (&kode, &nama), false) as u64;

    let v = link(d.path(), &nama);
    let w = &v["kolom"][1]["nama_wilayah"];
    assert_eq!(w["baris"], n, "{w}");
    assert_eq!(
        w["terurai"], n,
        "every name, misspelt or prefixed, resolves: {w}"
    );
    assert_eq!(w["peringatan"], false);
    let dipakai = v["kolom"][1]["dipakai"].as_array().unwrap();
    let kel = dipakai.iter().find(|x| x["kolom"] == "KELURAHAN").unwrap();
    assert_eq!(kel["medan"], "kode_desa");
    assert_eq!(kel["cara"], "nama-wilayah");
    // The left file has codes: no region names to resolve there.
    assert!(v["kolom"][0].get("nama_wilayah").is_none());
    // Resolved, the region weighs as a code: every record finds itself.
    let sendiri = diri_sendiri(d.path());
    assert!(sendiri >= 0.999, "{sendiri}");

    // Names that are in no list: counted, warned about, compared as text.
    let asing = d.path().join("asing.csv");
    let kode2 = d.path().join("kode2.csv");
    dengan_nama(&d.path().join("data/dpt.csv"), (&kode2, &asing), true);
    let v = link(d.path(), &asing);
    let w = &v["kolom"][1]["nama_wilayah"];
    assert_eq!(w["terurai"], 0, "{w}");
    assert_eq!(w["tidak_ada"], n, "{w}");
    assert_eq!(w["peringatan"], true);
    let dipakai = v["kolom"][1]["dipakai"].as_array().unwrap();
    let kel = dipakai.iter().find(|x| x["kolom"] == "KELURAHAN").unwrap();
    assert_eq!(kel["cadangan"], "tambahan_1", "{kel}");
    let kab = dipakai.iter().find(|x| x["kolom"] == "KAB_KOTA").unwrap();
    assert_eq!(kab["cadangan"], "tambahan_3", "{kab}");

    // The text says it, with the warning naming the columns.
    let kiri = d.path().join("kode.csv");
    let out = d.path().join("pasangan.csv");
    let t = common::padan(
        d.path(),
        &[
            "link",
            "--left",
            kiri.to_str().unwrap(),
            "--right",
            asing.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--id",
            "ID",
        ],
    );
    assert_eq!(t.kode, 0, "{}", t.semua());
    assert!(
        t.semua()
            .contains("peringatan: kolom KELURAHAN, KECAMATAN, KAB_KOTA: kurang dari 1 %"),
        "{}",
        t.semua()
    );
}

#[test]
fn a_register_with_region_names_imports_and_a_name_that_fits_no_single_desa_is_a_rejected_row() {
    let r = common::Ruang::baru();
    let judul = common::JUDUL.replace("KODE_DESA", "KELURAHAN,KECAMATAN");
    let baris = |s: u32, kel: &str, kec: &str| {
        common::baris(s).replace("3579011001", &format!("{kel},{kec}"))
    };
    let rows = [
        baris(1, "TEMAS", "BATU"),
        baris(2, "Kel. Sisir", "Kec. Batu"),
        baris(3, "SONGGOKERTA", "BATU"), // a typo within the kecamatan
        baris(4, "ANTAH BERANTAH", "BATU"),
        baris(5, "SUKAMAJU", ""),          // 65 desa have this name
        baris(6, "TEMAS", "KEC. JUNREJO"), // the wrong kecamatan
    ];
    let mut isi = judul;
    for b in &rows {
        isi.push('\n');
        isi.push_str(b);
    }
    isi.push('\n');
    r.tulis("dpt.csv", isi.as_bytes());
    let h = r.impor("dpt", "dpt.csv", &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(
        (j["dibaca"].as_u64(), j["diterima"].as_u64()),
        (Some(6), Some(3)),
        "{j}"
    );
    assert_eq!(j["galat"]["DESA-NAMA"], 3, "{j}");
    // Each refused row is kept with its reason.
    let tolakan = j["berkas_tolakan"].as_str().unwrap();
    let teks = std::fs::read_to_string(r.path(tolakan)).unwrap();
    assert!(
        teks.contains("'ANTAH BERANTAH', kecamatan 'BATU' tidak ada di daftar wilayah"),
        "{teks}"
    );
    assert!(teks.contains("'SUKAMAJU' cocok dengan"), "{teks}");
    assert!(
        teks.contains("'TEMAS', kecamatan 'KEC. JUNREJO' tidak ada"),
        "{teks}"
    );
    // The accepted voters have the codes their names resolved to.
    let c = r.jalan(&["history", "3579010703900003"]);
    assert_eq!(c.kode, 0, "{}", c.semua());
    assert!(c.stdout.contains("35.79.01.1003"), "{}", c.stdout);
}
