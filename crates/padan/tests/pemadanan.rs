//! Pemadanan through the real binary: runs on a workspace against the
//! synthetic truth, explanations that add up, a tampered finding named by
//! verify, and every bad input issue 3 lists.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use common::{Hasil, Ruang, padan};
use std::collections::{HashMap, HashSet};
use std::path::Path;

fn baca(p: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(p)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn synth(r: &Ruang, n: &str, seed: &str, out: &str) {
    let h = r.jalan(&["synth", "--voters", n, "--seed", seed, "--out", out]);
    assert_eq!(h.kode, 0, "{}", h.semua());
}

fn impor(r: &Ruang, jenis: &str, berkas: &str, berlaku: &str) {
    let h = r.impor_pada(jenis, berkas, berlaku, &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
}

fn json_ok(h: &Hasil) -> serde_json::Value {
    assert_eq!(h.kode, 0, "{}", h.semua());
    h.json()
}

#[test]
fn match_dedupe_findings_and_explain_on_a_workspace() {
    let r = Ruang::baru();
    synth(&r, "4000", "21", "data");
    impor(&r, "dpt", "data/dpt.csv", "2026-06-30");
    impor(&r, "dp4", "data/dp4.csv", "2026-10-31");
    impor(&r, "meninggal", "data/meninggal.csv", "2026-10-31");

    // Register × population extract.
    let m = json_ok(&r.jalan(&["--json", "match", "--against", "dp4"]));
    let per = &m["temuan"];
    let padan_n = per["padan"].as_u64().unwrap_or(0);
    assert!(padan_n > 3500, "{m}");
    assert!(per["perbaikan"].as_u64().unwrap_or(0) > 0, "{m}");
    assert!(per["belum-terdaftar"].as_u64().unwrap_or(0) > 0, "{m}");
    // Without truth, the matches each band of probability should hold: the
    // top band holds about one match per matched voter.
    let pita = m["pita"].as_array().unwrap();
    assert_eq!(pita.len(), 10);
    let atas = pita[9]["perkiraan_padan"].as_f64().unwrap();
    assert!(atas > 0.9 * padan_n as f64, "{m}");
    assert!(pita.iter().all(|p| p["padan"].is_null()));

    // Each `perbaikan` names elements that really differ between the two
    // records (the explanation shows both values).
    let f = json_ok(&r.jalan(&["--json", "findings", "--type", "perbaikan", "--limit", "3"]));
    let daftar = f["temuan"].as_array().unwrap();
    assert!(!daftar.is_empty());
    let id = daftar[0]["id"].as_str().unwrap();
    let e = json_ok(&r.jalan(&["--json", "explain", id]));
    let air = &e["air_terjun"];
    let jumlah: f64 = air["langkah"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["bobot"].as_f64().unwrap())
        .sum::<f64>()
        + air["bobot_awal"].as_f64().unwrap();
    assert!(
        (jumlah - air["total"].as_f64().unwrap()).abs() < 1e-9,
        "the waterfall adds up"
    );
    assert!(air["peluang"].as_f64().unwrap() >= 0.5);
    let unsur = e["temuan"]["bukti"]["detail"]["elemen"].as_array().unwrap();
    assert!(!unsur.is_empty());
    for u in unsur {
        assert_ne!(u["daftar"], u["penduduk"], "{u}");
    }
    // The manifest says what the run read and with what.
    let mf = &e["run"]["manifest"];
    assert_eq!(mf["setelan"]["ambang"], 0.5);
    assert!(mf["batch_lawan"]["dokumen_sha256"].as_str().unwrap().len() == 64);
    assert!(mf["register"]["sidik_proyeksi"].as_str().unwrap().len() == 64);
    let teks = r.jalan(&["explain", id]);
    assert_eq!(teks.kode, 0);
    assert!(teks.stdout.contains("perbandingan") && teks.stdout.contains("total"));
    assert!(
        !teks.stdout.contains("3579010"),
        "no full NIK in an explanation:\n{}",
        teks.stdout
    );

    // Deaths: every `meninggal` finding is a person the truth says died.
    let mm = json_ok(&r.jalan(&["--json", "match", "--against", "meninggal"]));
    let run_m = mm["run"].as_i64().unwrap().to_string();
    let fm = json_ok(&r.jalan(&["--json", "findings", "--run", &run_m, "--limit", "100000"]));
    let nasib: HashMap<String, String> = baca(&r.path("data/kebenaran/nasib.csv"))
        .iter()
        .map(|x| (x[0].to_owned(), x[1].to_owned()))
        .collect();
    let orang_dpt: Vec<String> = baca(&r.path("data/kebenaran/dpt.csv"))
        .iter()
        .filter(|x| &x[1] != "0")
        .map(|x| x[1].to_owned())
        .collect();
    let meninggal = fm["temuan"].as_array().unwrap();
    assert!(!meninggal.is_empty());
    for t in meninggal {
        assert_eq!(t["jenis"], "meninggal");
        // PM-000000NN is the NN-th accepted register row.
        let pm: usize = t["pemilih"].as_str().unwrap()[3..].parse().unwrap();
        let orang = &orang_dpt[pm - 1];
        assert_eq!(
            nasib.get(orang).map(String::as_str),
            Some("meninggal"),
            "{t}"
        );
    }

    // Duplicates against the truth: each `ganda` cluster is one person.
    let d = json_ok(&r.jalan(&["--json", "dedupe"]));
    let run_d = d["run"].as_i64().unwrap().to_string();
    let fd = json_ok(&r.jalan(&["--json", "findings", "--run", &run_d, "--limit", "100000"]));
    let benar_ganda = baca(&r.path("data/kebenaran/dpt.csv"))
        .iter()
        .filter(|x| &x[2] == "ganda")
        .count();
    let ganda = fd["temuan"].as_array().unwrap();
    assert!(
        ganda.len() as f64 >= 0.95 * benar_ganda as f64,
        "{} of {benar_ganda}",
        ganda.len()
    );
    let mut salah = 0;
    for t in ganda {
        let e = json_ok(&r.jalan(&["--json", "explain", t["id"].as_str().unwrap()]));
        let orang: HashSet<&String> = e["temuan"]["bukti"]["anggota"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &orang_dpt[a.as_str().unwrap()[3..].parse::<usize>().unwrap() - 1])
            .collect();
        salah += usize::from(orang.len() != 1);
    }
    assert!(
        salah * 100 <= ganda.len(),
        "{salah} wrong of {}",
        ganda.len()
    );

    // A finding changed behind the program is named by verify.
    {
        let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
        c.execute(
            "UPDATE temuan SET jenis = 'padan' WHERE id = (SELECT MIN(id) FROM temuan WHERE jenis = 'perbaikan')",
            [],
        )
        .unwrap();
        // A seal overwritten with anything at all is named, not a crash.
        c.execute(
            "UPDATE run_padan SET sha256 = 'ééééééééééééé' WHERE id = (SELECT MAX(id) FROM run_padan)",
            [],
        )
        .unwrap();
    }
    let v = r.jalan(&["verify"]);
    assert_eq!(v.kode, 1, "{}", v.semua());
    assert!(v.semua().contains("TEMUAN-DIUBAH"), "{}", v.semua());
    assert!(v.semua().contains("run pemadanan 1"), "{}", v.semua());
    assert!(v.semua().contains("ééé"), "{}", v.semua());
}

/// A register-shaped CSV of `n` people called SITI born 1 July 1990 (the
/// placeholder date), each with a different NIK.
fn siti(n: u32) -> Vec<u8> {
    let mut s = String::from("NIK,NAMA,TGL_LAHIR,JK\n");
    for i in 0..n {
        s.push_str(&format!("35790141079{:05},SITI,01-07-1990,P\n", i));
    }
    s.into_bytes()
}

#[test]
fn bad_input_to_link_gets_a_clear_message_and_writes_nothing() {
    let r = Ruang::baru();
    synth(&r, "1500", "5", "a");
    synth(&r, "1500", "6", "b");
    let out = r.path("pasangan.csv");
    let o = out.to_str().unwrap();
    let link = |args: &[&str]| {
        let mut a = vec!["link", "--out", o];
        a.extend_from_slice(args);
        r.jalan(&a)
    };

    // An empty extract, and one with a header only.
    r.tulis("kosong.csv", b"");
    let h = link(&["--left", "a/dpt.csv", "--right", "kosong.csv"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("kosong"), "{}", h.stderr);
    assert!(!out.exists());
    r.tulis("judul.csv", b"NIK,NAMA,TGL_LAHIR\n");
    let h = link(&["--left", "a/dpt.csv", "--right", "judul.csv"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("tidak ada baris data"), "{}", h.stderr);
    assert!(!out.exists());

    // Rows with too few or too many fields are read and counted, never
    // skipped in silence.
    r.tulis(
        "pendek.csv",
        b"NIK,NAMA,TGL_LAHIR\n3579014107900001,SITI,01-07-1990\n3579014107900002,BUDI\n3579014107900003,ANI,02-07-1990,X\n",
    );
    let h = link(&["--left", "pendek.csv"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(
        h.stdout.contains("jumlah kolom berbeda dari judul")
            && h.stdout.contains("tanda kutip): 2\n"),
        "{}",
        h.stdout
    );
    let _ = std::fs::remove_file(&out);

    // A file without a name column.
    r.tulis(
        "tanpa_nama.csv",
        b"NIK,TGL_LAHIR\n3579014107900001,01-07-1990\n",
    );
    let h = link(&["--left", "tanpa_nama.csv"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("kolom nama tidak ada"), "{}", h.stderr);
    assert!(!out.exists());

    // Column maps that do not fit the file.
    let h = link(&["--left", "a/dpt.csv", "--map", "GIVEN_NAME=nama"]);
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(h.stderr.contains("GIVEN_NAME"), "{}", h.stderr);
    let h = link(&["--left", "a/dpt.csv", "--map", "NAMA=hobi"]);
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(
        h.stderr.contains("hobi") && h.stderr.contains("nama"),
        "{}",
        h.stderr
    );
    let h = link(&["--left", "a/dpt.csv", "--map", "NAMA"]);
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(!out.exists());

    // Thresholds outside 0–1, here and on a workspace.
    for a in ["1.5", "-0.1", "NaN"] {
        let h = link(&["--left", "a/dpt.csv", "--threshold", a]);
        assert_eq!(h.kode, 2, "{a}: {}", h.semua());
        assert!(h.stderr.contains("di luar 0–1"), "{}", h.stderr);
    }
    let h = r.jalan(&["dedupe", "--threshold", "2"]);
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(!out.exists());

    // English on request.
    let h = r.jalan(&[
        "--lang",
        "en",
        "link",
        "--left",
        "a/dpt.csv",
        "--out",
        o,
        "--threshold",
        "7",
    ]);
    assert!(h.stderr.contains("outside 0–1"), "{}", h.stderr);

    // An extract that shares no one with the register: it runs, and says so.
    let h = link(&["--left", "a/dpt.csv", "--right", "b/dp4.csv"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(
        h.stdout.contains("Tidak ada pasangan yang padan"),
        "{}",
        h.stdout
    );
    let hj = json_ok(&r.jalan(&[
        "--json",
        "link",
        "--left",
        "a/dpt.csv",
        "--right",
        "b/dp4.csv",
        "--out",
        o,
    ]));
    assert_eq!(hj["di_atas_ambang"], 0, "{hj}");

    // 50,000 people called SITI born the same day: the block is reported,
    // not expanded, and the run ends.
    r.tulis("siti.csv", &siti(50_000));
    let h = json_ok(&r.jalan(&["--json", "link", "--left", "siti.csv", "--out", o]));
    let besar = h["blok_besar"]["terbesar"].as_array().unwrap();
    assert!(h["blok_besar"]["jumlah"].as_u64().unwrap() >= 1);
    assert!(
        besar
            .iter()
            .any(|b| b["aturan"] == "nama-depan+tanggal-lahir"
                && b["ukuran"] == 50_000
                && b["pasangan_tertunda"] == 50_000u64 * 49_999 / 2),
        "{h}"
    );
    let t = r.jalan(&["link", "--left", "siti.csv", "--out", o]);
    assert!(t.stdout.contains("BLOK TERLALU BESAR"), "{}", t.stdout);

    // A workspace match against a batch that is not source data.
    let h = r.jalan(&["match", "--against", "dpt"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("bukan data sumber"), "{}", h.stderr);
    let h = r.jalan(&["dedupe"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("kurang dari dua"), "{}", h.stderr);
    let h = r.jalan(&["findings"]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("belum ada run"), "{}", h.stderr);
}

#[test]
fn a_saved_model_gives_the_same_pairs() {
    let d = tempfile::tempdir().unwrap();
    let h = padan(
        d.path(),
        &["synth", "--voters", "2000", "--seed", "8", "--out", "s"],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let satu = padan(
        d.path(),
        &[
            "link",
            "--left",
            "s/dpt.csv",
            "--right",
            "s/dp4.csv",
            "--out",
            "p1.csv",
            "--save-model",
            "m.json",
        ],
    );
    assert_eq!(satu.kode, 0, "{}", satu.semua());
    let dua = padan(
        d.path(),
        &[
            "link",
            "--left",
            "s/dpt.csv",
            "--right",
            "s/dp4.csv",
            "--out",
            "p2.csv",
            "--model",
            "m.json",
        ],
    );
    assert_eq!(dua.kode, 0, "{}", dua.semua());
    let a = std::fs::read(d.path().join("p1.csv")).unwrap();
    let b = std::fs::read(d.path().join("p2.csv")).unwrap();
    assert!(a.len() > 1000);
    assert_eq!(a, b, "the reloaded model scores every pair the same");
    // A model file of another version is refused, by name.
    let m = std::fs::read_to_string(d.path().join("m.json")).unwrap();
    std::fs::write(
        d.path().join("lama.json"),
        m.replace("padan-fs/2", "padan-fs/1"),
    )
    .unwrap();
    let h = padan(
        d.path(),
        &[
            "link",
            "--left",
            "s/dpt.csv",
            "--out",
            "p3.csv",
            "--model",
            "lama.json",
        ],
    );
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("padan-fs/1"), "{}", h.stderr);
}

#[test]
fn partitions_on_disk_give_the_in_memory_pairs() {
    let d = tempfile::tempdir().unwrap();
    let jalan = |a: &[&str]| {
        let h = padan(d.path(), a);
        assert_eq!(h.kode, 0, "{}", h.semua());
        h
    };
    jalan(&["synth", "--voters", "3000", "--seed", "4", "--out", "s"]);
    let link = ["link", "--left", "s/dpt.csv", "--right", "s/dp4.csv"];
    let baris = |f: &str| {
        let mut v: Vec<String> = std::fs::read_to_string(d.path().join(f))
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        v.sort();
        v
    };
    jalan(&[&link[..], &["--out", "m.csv", "--save-model", "m.json"]].concat());
    let h = jalan(
        &[
            &link[..],
            &["--out", "p.csv", "--model", "m.json", "--partitions", "4"],
        ]
        .concat(),
    );
    assert!(h.stdout.contains("Partisi di disk: 4"), "{}", h.stdout);
    let m = baris("m.csv");
    assert!(m.len() > 3000, "{}", m.len());
    assert_eq!(m, baris("p.csv"), "the same pairs, in another order");
    // Trained on partitions and deduplicating: the same again.
    for (f, extra) in [("dm.csv", &[][..]), ("dp.csv", &["--partitions", "7"][..])] {
        jalan(
            &[
                &[
                    "link",
                    "--left",
                    "s/dpt.csv",
                    "--out",
                    f,
                    "--min-probability",
                    "0.2",
                ][..],
                extra,
            ]
            .concat(),
        );
    }
    assert_eq!(baris("dm.csv"), baris("dp.csv"));
    // Nothing of the partitions is left behind.
    let sisa: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("padan-partisi"))
        .collect();
    assert!(sisa.is_empty(), "{sisa:?}");

    // Refused: a count outside 1–1024, clusters (they need every record).
    for n in ["0", "1025"] {
        let h = padan(
            d.path(),
            &[&link[..], &["--out", "x.csv", "--partitions", n]].concat(),
        );
        assert_eq!(h.kode, 2, "{}", h.semua());
        assert!(h.stderr.contains("di luar 1–1024"), "{}", h.stderr);
    }
    let h = padan(
        d.path(),
        &[
            &link[..],
            &["--out", "x.csv", "--partitions", "2", "--clusters", "k.csv"],
        ]
        .concat(),
    );
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(h.stderr.contains("--clusters"), "{}", h.stderr);
    assert!(!d.path().join("x.csv").exists());
    // A partition folder that cannot be made.
    let h = padan(
        d.path(),
        &[
            &link[..],
            &[
                "--out",
                "x.csv",
                "--partitions",
                "2",
                "--partition-dir",
                "tidak/ada",
            ],
        ]
        .concat(),
    );
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.stderr.contains("tidak/ada"), "{}", h.stderr);
    assert!(!d.path().join("x.csv").exists());
}
