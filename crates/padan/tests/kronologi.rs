//! The register end to end through the binary: imports, a voter's
//! chronology back to the document row, the list as of two dates (and as
//! known at a recorded time), the diff, manual changes, rebuild, recap, and a
//! tampered event named by verify.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::*;

fn baca_csv(p: &std::path::Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(p)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn impor(r: &Ruang, jenis: &str, berkas: &str, berlaku: &str) -> serde_json::Value {
    let h = r.impor_pada(jenis, berkas, berlaku, &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    h.json()
}

#[test]
fn register_chronology_end_to_end() {
    let r = Ruang::baru();
    let h = padan(
        r.dir.path(),
        &["synth", "--voters", "3000", "--seed", "5", "--out", "data"],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let dpt = impor(&r, "dpt", "data/dpt.csv", "2026-06-30");
    for (k, f) in [
        ("dp4", "data/dp4.csv"),
        ("meninggal", "data/meninggal.csv"),
        ("tni-polri", "data/tni_polri.csv"),
    ] {
        let j = impor(&r, k, f, "2026-10-31");
        assert_eq!(j["rekaman_sumber"], j["diterima"], "{k}");
    }
    let sebelum_coklit = chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let coklit = impor(&r, "coklit", "data/coklit.csv", "2026-10-31");
    let n_dpt = dpt["diterima"].as_u64().unwrap();
    let (baru, tms) = (
        coklit["pemilih_baru"].as_u64().unwrap(),
        coklit["tms"].as_u64().unwrap(),
    );
    assert!(
        baru > 0 && tms > 0 && coklit["diubah"].as_u64().unwrap() > 0,
        "{coklit}"
    );

    // A corrected voter's chronology leads back to the coklit file's row.
    let truth = baca_csv(&r.path("data/kebenaran/coklit.csv"));
    let rows = baca_csv(&r.path("data/coklit.csv"));
    let (i, _) = truth
        .iter()
        .enumerate()
        .find(|(_, t)| &t[2] == "perbaikan")
        .expect("a correction");
    let nik = rows[i][1].to_string();
    let baris_coklit = truth[i][0].parse::<i64>().unwrap();
    let h = r.jalan(&["--json", "history", &nik]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    let ev = j["peristiwa"].as_array().unwrap();
    assert_eq!(ev.len(), 2, "{j}");
    assert_eq!(ev[0]["jenis"], "daftar");
    assert_eq!(ev[0]["dokumen_sha256"], dpt["dokumen_sha256"]);
    assert_eq!(ev[1]["jenis"], "ubah");
    assert_eq!(ev[1]["dokumen_sha256"], coklit["dokumen_sha256"]);
    assert_eq!(ev[1]["baris"], baris_coklit);
    assert_eq!(ev[1]["berlaku"], "2026-10-31");
    assert_eq!(ev[1]["operator"], "uji");
    // The text form masks the NIK.
    let teks = r.jalan(&["history", &nik]).stdout;
    assert!(teks.contains("UBAH") && !teks.contains(&nik), "{teks}");

    // The list as it stood, and as it was known.
    let n = |args: &[&str], out: &str| -> usize {
        let mut a = vec!["export"];
        a.extend_from_slice(args);
        a.extend(["--out", out]);
        let h = r.jalan(&a);
        assert_eq!(h.kode, 0, "{}", h.semua());
        baca_csv(&r.path(out)).len()
    };
    assert_eq!(n(&["--as-of", "2026-06-30"], "a.csv") as u64, n_dpt);
    assert_eq!(
        n(&["--as-of", "2026-10-31"], "b.csv") as u64,
        n_dpt + baru - tms
    );
    assert_eq!(
        n(
            &["--as-of", "2026-10-31", "--recorded-as-of", &sebelum_coklit],
            "c.csv"
        ) as u64,
        n_dpt
    );
    assert_eq!(
        n(&["--as-of", "2026-10-31", "--all"], "d.csv") as u64,
        n_dpt + baru
    );
    let h = r.jalan(&["export", "--as-of", "2026-10-31", "--out", "b.xlsx"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(r.path("b.xlsx").metadata().unwrap().len() > 1000);

    let d = r
        .jalan(&["--json", "diff", "2026-06-30", "2026-10-31"])
        .json();
    assert_eq!(d["ditambah"].as_u64(), Some(baru));
    assert_eq!(d["dihapus"].as_u64(), Some(tms));
    assert_eq!(d["diubah"], coklit["diubah"]);

    // Manual changes: validated like an import, each an event.
    let add = r.jalan(&[
        "--json",
        "add",
        "nik=3579014703900099",
        "nkk=3579011203150004",
        "nama=Siti Aminah",
        "tempat_lahir=Batu",
        "tanggal_lahir=07-03-1990",
        "status_kawin=S",
        "jenis_kelamin=P",
        "alamat=Jl. Kawi 3",
        "kode_desa=3579011001",
        "tps=2",
        "--reason",
        "pendaftaran susulan",
        "--document",
        "BA-12/2026",
    ]);
    assert_eq!(add.kode, 0, "{}", add.semua());
    let id = add.json()["id_pemilih"].as_str().unwrap().to_owned();
    let salah = r.jalan(&[
        "edit",
        &id,
        "tanggal_lahir=31-02-1990",
        "--reason",
        "x",
        "--document",
        "y",
    ]);
    assert_ne!(salah.kode, 0);
    assert!(
        salah.stderr.contains("TGL-LAHIR-FORMAT"),
        "{}",
        salah.stderr
    );
    let dini = r.jalan(&[
        "edit",
        &id,
        "alamat=JL. KAWI 4",
        "--reason",
        "x",
        "--document",
        "y",
        "--effective",
        "2020-01-01",
    ]);
    assert_ne!(dini.kode, 0);
    assert!(
        dini.stderr.contains("sebelum pemilih itu terdaftar"),
        "{}",
        dini.stderr
    );
    r.tulis("surat.pdf", b"%PDF-1.4 surat keterangan");
    let ok = r.jalan(&[
        "edit",
        &id,
        "nama=SITI AMINAH, S.PD.",
        "--reason",
        "gelar",
        "--document",
        "surat.pdf",
    ]);
    assert_eq!(ok.kode, 0, "{}", ok.semua());
    let tms1 = r.jalan(&[
        "tms",
        &id,
        "--code",
        "1",
        "--reason",
        "meninggal",
        "--document",
        "akta 3579-KM-1",
    ]);
    assert_eq!(tms1.kode, 0, "{}", tms1.semua());
    let j = r.jalan(&["--json", "history", &id]).json();
    let jenis: Vec<&str> = j["peristiwa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["jenis"].as_str().unwrap())
        .collect();
    assert_eq!(jenis, ["daftar", "ubah", "tms"]);
    assert!(
        j["peristiwa"][1]["dokumen_sha256"].is_string(),
        "an attached file is stored and hashed"
    );
    assert_eq!(j["keadaan"]["aktif"], false);

    // Rebuilt from the log alone: the same table.
    let rb = r.jalan(&["--json", "rebuild"]).json();
    assert_eq!(rb["sama"], true, "{rb}");

    // The recap adds up, at every level, and matches the list.
    let rk = r.jalan(&["--json", "rekap"]).json();
    let baris = rk["rekap"]["baris"].as_array().unwrap();
    let kab = baris.last().unwrap();
    assert_eq!(kab["tingkat"], "kabkota");
    let n = |b: &serde_json::Value, k: &str| b["angka"][k].as_u64().unwrap_or(0);
    let total = n(kab, "total");
    assert_eq!(total, n(kab, "l") + n(kab, "p"));
    let kec: u64 = baris
        .iter()
        .filter(|b| b["tingkat"] == "kecamatan")
        .map(|b| n(b, "total"))
        .sum();
    assert_eq!(kec, total);
    assert_eq!(total, n_dpt + baru - tms);

    // Tampering is named.
    let (peristiwa, _, _) = r.hitung();
    let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    c.execute(
        "UPDATE peristiwa SET data = replace(data, 'S', 'Z') WHERE seq = 7",
        [],
    )
    .unwrap();
    drop(c);
    let v = r.jalan(&["verify"]);
    assert_eq!(v.kode, 1);
    assert!(
        v.stdout.contains("[PERISTIWA-DIUBAH] isi peristiwa #7"),
        "{}",
        v.stdout
    );
    assert!(peristiwa > 7);
}

#[test]
fn demo_runs_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let h = padan(
        dir.path(),
        &["--workspace", "ws", "demo", "--voters", "5000"],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(h.stdout.contains("UTUH"), "{}", h.stdout);
    assert!(h.stdout.contains("Rekapitulasi pemilih aktif Kota Batu"));
    assert!(h.stdout.contains("Ruang kerja demo: ws"));
    // Pemadanan: runs against each source and within the register, and
    // findings shown with their evidence.
    assert!(h.stdout.contains("Pemadanan: daftar × data kependudukan"));
    assert!(h.stdout.contains("Data ganda dalam daftar"));
    assert!(
        h.stdout.contains("Bukti (bobot per perbandingan"),
        "{}",
        h.stdout
    );
    // A second demo never writes into an existing workspace; a small one
    // may draw nobody for a list, and still ends well.
    let h = padan(
        dir.path(),
        &["--workspace", "ws", "demo", "--voters", "500"],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(h.stdout.contains("ws-demo-1"), "{}", h.stdout);
}

/// The full official region list is built in: an office outside Kota Batu
/// makes synthetic data and imports its DPT with no region list given.
#[test]
fn any_office_imports_without_a_region_list() {
    let d = tempfile::tempdir().expect("tempdir");
    let w = d.path();
    let h = common::padan(w, &["--workspace", "ws", "init", "--kantor", "35.07"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let h = common::padan(
        w,
        &[
            "synth",
            "--region",
            "35.07",
            "--voters",
            "3000",
            "--defects",
            "0.01",
            "--out",
            "s",
            "--json",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let cacat = h.json()["cacat"].as_u64().expect("cacat");
    let h = common::padan(
        w,
        &[
            "--workspace",
            "ws",
            "--json",
            "import",
            "--kind",
            "dpt",
            "s/dpt.csv",
            "--source",
            "uji",
            "--document",
            "uji",
            "--effective",
            "2026-06-30",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    // Only the planted defects are refused (their unknown desa codes
    // end in 9999): every real desa of Kabupaten Malang is known.
    assert_eq!(j["ditolak"].as_u64(), Some(cacat), "{j}");
}
