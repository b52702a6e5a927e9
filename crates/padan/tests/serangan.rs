//! The register attacked as an insider or a careless operator would (issue
//! #4), through the real binary. Each test's name says what it defends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::*;
use std::process::{Command, Stdio};

fn sql(r: &Ruang, q: &str) {
    let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    c.execute_batch(q).unwrap();
}

fn kode_masalah(r: &Ruang, extra: &[&str]) -> Vec<String> {
    let mut a = vec!["--json", "verify"];
    a.extend_from_slice(extra);
    let h = r.jalan(&a);
    h.json()["masalah"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|x| x["kode"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn rows(n: u32, dari: u32) -> Vec<String> {
    (dari..dari + n).map(baris_ke).collect()
}

fn spawn(r: &Ruang, args: &[&str]) -> std::process::Child {
    let mut a = vec!["--workspace", "ws"];
    a.extend_from_slice(args);
    Command::new(BIN)
        .current_dir(r.dir.path())
        .args(&a)
        .env_remove("PADAN_WORKSPACE")
        .env("PADAN_OPERATOR", "uji")
        .env("PADAN_PASSPHRASE", SANDI)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn tunggu(c: std::process::Child) -> Hasil {
    let o = c.wait_with_output().expect("wait");
    let h = Hasil {
        kode: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(!h.stderr.contains("panicked"), "{}", h.stderr);
    h
}

const IMPOR: [&str; 8] = [
    "import",
    "--kind",
    "dpt",
    "",
    "--source",
    "uji",
    "--document",
    "BA",
];

fn impor_args(berkas: &str) -> Vec<&str> {
    let mut a = IMPOR.to_vec();
    a[3] = berkas;
    a.extend_from_slice(&["--effective", "2026-06-30"]);
    a
}

#[test]
fn attack_two_imports_of_the_same_file_at_once_one_succeeds_one_is_refused() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&rows(30_000, 1)));
    let a = spawn(&r, &impor_args("dpt.csv"));
    let b = spawn(&r, &impor_args("dpt.csv"));
    let (a, b) = (tunggu(a), tunggu(b));
    let ok = [a.kode, b.kode].iter().filter(|k| **k == 0).count();
    assert_eq!(ok, 1, "A: {}\nB: {}", a.semua(), b.semua());
    let ditolak = if a.kode == 0 { &b } else { &a };
    assert!(
        ditolak.semua().contains("sudah diimpor"),
        "{}",
        ditolak.semua()
    );
    let (_, batch, pemilih) = r.hitung();
    assert_eq!((batch, pemilih), (1, 30_000), "the register doubled");
}

#[test]
fn attack_ten_mixed_writers_and_readers_lose_or_double_nothing_and_no_reader_fails() {
    let r = Ruang::baru();
    r.tulis("awal.csv", &csv(&rows(2_000, 1)));
    assert_eq!(r.impor("dpt", "awal.csv", &[]).kode, 0);
    let mut anak = vec![];
    for i in 0..5u32 {
        let nama = format!("dpt{i}.csv");
        r.tulis(&nama, &csv(&rows(8_000, 10_000 + i * 8_000)));
    }
    for i in 0..5u32 {
        let nama = format!("dpt{i}.csv");
        anak.push(("tulis", spawn(&r, &impor_args(&nama))));
        let baca: &[&str] = match i % 3 {
            0 => &["--json", "verify"],
            1 => &["history", "PM-00000001"],
            _ => &["rekap"],
        };
        anak.push(("baca", spawn(&r, baca)));
    }
    for (jenis, c) in anak {
        let h = tunggu(c);
        assert_eq!(h.kode, 0, "{jenis}: {}", h.semua());
        assert!(!h.semua().contains("locked"), "{}", h.semua());
    }
    let (_, batch, pemilih) = r.hitung();
    assert_eq!((batch, pemilih), (6, 42_000));
}

#[test]
fn a_match_run_during_an_import_has_a_manifest_that_agrees_with_its_voters() {
    let r = Ruang::baru();
    r.tulis("awal.csv", &csv(&rows(3_000, 1)));
    assert_eq!(r.impor("dpt", "awal.csv", &[]).kode, 0);
    r.tulis("besar.csv", &csv(&rows(40_000, 100_000)));
    let imp = spawn(&r, &impor_args("besar.csv"));
    std::thread::sleep(std::time::Duration::from_millis(300));
    let run = spawn(&r, &["--json", "dedupe"]);
    let (imp, run) = (tunggu(imp), tunggu(run));
    assert_eq!(imp.kode, 0, "{}", imp.semua());
    assert_eq!(run.kode, 0, "{}", run.semua());
    let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    let m: String = c
        .query_row("SELECT manifest FROM run_padan", [], |x| x.get(0))
        .unwrap();
    let j: serde_json::Value = serde_json::from_str(&m).unwrap();
    let reg = &j["register"];
    let (seq, aktif) = (
        reg["seq_terakhir"].as_i64().unwrap_or(-1),
        reg["pemilih_aktif"].as_i64().unwrap_or(-1),
    );
    // Either before the import or after it, never a mixture.
    assert!(
        (seq, aktif) == (3_000, 3_000) || (seq, aktif) == (43_000, 43_000),
        "{seq} {aktif}"
    );
    assert_eq!(r.hitung().1, 3);
}

#[test]
fn attack_cutting_the_tail_and_rebuilding_is_named() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&rows(5, 1)));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    let h = r.jalan(&[
        "tms",
        "PM-00000002",
        "--code",
        "1",
        "--reason",
        "akta kematian",
        "--document",
        "AKTA-1",
        "--effective",
        "2026-07-01",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let kepala = r.jalan(&["--json", "verify"]).json()["kepala"]
        .as_str()
        .unwrap()
        .to_owned();
    sql(
        &r,
        "DELETE FROM peristiwa WHERE batch = 2; DELETE FROM checkpoint WHERE batch = 2; DELETE FROM batch WHERE id = 2;",
    );
    assert_eq!(r.jalan(&["rebuild"]).kode, 0);
    assert!(kode_masalah(&r, &[]).contains(&"EKOR-TERPOTONG".to_owned()));
    // With the log cut as well, the published head still tells.
    std::fs::write(r.path("ws/checkpoint.log"), "").unwrap();
    let k = kode_masalah(&r, &["--expect-head", &kepala]);
    assert!(k.contains(&"EKOR-TERPOTONG".to_owned()), "{k:?}");
}

#[test]
fn attack_forged_provenance_shows_in_verify_and_blocks_writes_until_acknowledged() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&rows(3, 1)));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    sql(
        &r,
        "UPDATE batch SET sumber='PALSU', dokumen='SURAT-PALSU-99', jenis='dp4' WHERE id=1",
    );
    let h = r.jalan(&["verify"]);
    assert_eq!(h.kode, 1);
    assert!(h.stdout.contains("BATCH-DIUBAH"), "{}", h.stdout);
    r.tulis("lagi.csv", &csv(&rows(2, 50)));
    let h = r.impor("dpt", "lagi.csv", &[]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("gagal verifikasi"), "{}", h.semua());
    let h = r.jalan(&[
        "acknowledge",
        "--reason",
        "diperiksa: batch 1 dipulihkan dari arsip",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(r.impor("dpt", "lagi.csv", &[]).kode, 0);
    // The acknowledgement is an event in the chain, with its reason.
    let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    let (jenis, alasan): (String, String) = c
        .query_row(
            "SELECT p.jenis, b.alasan FROM peristiwa p JOIN batch b ON b.id = p.batch WHERE p.jenis = 'pengakuan'",
            [],
            |x| Ok((x.get(0)?, x.get(1)?)),
        )
        .unwrap();
    assert_eq!(jenis, "pengakuan");
    assert!(alasan.contains("dipulihkan"));
}

#[test]
fn attack_a_key_other_than_the_published_fingerprint_is_named() {
    let r = Ruang::baru();
    let j = r.jalan(&["--json", "verify"]).json();
    let sidik = j["sidik_kunci"].as_str().unwrap().to_owned();
    assert!(kode_masalah(&r, &["--expect-key", &sidik]).is_empty());
    let k = kode_masalah(&r, &["--expect-key", "0000000000000000"]);
    assert!(k.contains(&"KUNCI-TIDAK-SESUAI".to_owned()), "{k:?}");
}

#[test]
fn the_office_key_is_sealed_and_a_wrong_or_missing_passphrase_is_said() {
    let r = Ruang::baru();
    let kunci = std::fs::read_to_string(r.path("ws/kunci/kantor.key")).unwrap();
    assert!(kunci.contains("padan-kunci/v1"), "{kunci}");
    r.tulis("dpt.csv", &csv(&rows(2, 1)));
    let a = impor_args("dpt.csv");
    let mut full = vec!["--workspace", "ws"];
    full.extend_from_slice(&a);
    let jalan = |sandi: Option<&str>| {
        let mut c = Command::new(BIN);
        c.current_dir(r.dir.path())
            .args(&full)
            .env_remove("PADAN_PASSPHRASE")
            .stdin(Stdio::null());
        if let Some(s) = sandi {
            c.env("PADAN_PASSPHRASE", s);
        }
        let o = c.output().unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (k, e) = jalan(None);
    assert_eq!(k, 1);
    assert!(e.contains("PADAN_PASSPHRASE"), "{e}");
    let (k, e) = jalan(Some("salah"));
    assert_eq!(k, 1);
    assert!(e.contains("sandi kunci kantor salah"), "{e}");
    assert_eq!(r.hitung().1, 0);
    // Reading needs no passphrase.
    let o = Command::new(BIN)
        .current_dir(r.dir.path())
        .args(["--workspace", "ws", "verify"])
        .env_remove("PADAN_PASSPHRASE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn attack_formulas_in_names_are_exported_inert_and_round_trip() {
    let r = Ruang::baru();
    let rows = vec![
        baris(1).replace("BUDI SANTOSO 1", "=1+1"),
        baris(2).replace("JL. DIPONEGORO", "=HYPERLINK(\"http://x\")"),
        baris(3).replace("BUDI SANTOSO 3", "@SUM(A1)"),
    ];
    r.tulis("dpt.csv", &csv(&rows));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    for out in ["e.csv", "e.xlsx"] {
        assert_eq!(
            r.jalan(&["export", "--as-of", "2026-06-30", "--out", out])
                .kode,
            0
        );
    }
    assert_eq!(
        r.jalan(&["diff", "2026-01-01", "2026-06-30", "--out", "d.csv"])
            .kode,
        0
    );
    for f in ["e.csv", "d.csv"] {
        let t = std::fs::read_to_string(r.path(f)).unwrap();
        for sel in t.lines().flat_map(|l| l.split(',')) {
            let sel = sel.trim_start_matches('"');
            assert!(!sel.starts_with(['=', '+', '@']), "{f}: live cell {sel}");
        }
        assert!(t.contains("'=1+1"), "{t}");
    }
    // Re-imported, the names are as they were.
    let r2 = Ruang::baru();
    std::fs::copy(r.path("e.csv"), r2.path("e.csv")).unwrap();
    assert_eq!(r2.impor("dpt", "e.csv", &[]).kode, 0);
    let h = r2.jalan(&["--json", "history", "PM-00000001"]).json();
    assert_eq!(h["keadaan"]["pemilih"]["nama"], "=1+1");
}

#[test]
fn attack_personal_data_never_reaches_a_message() {
    let r = Ruang::baru();
    let nik: Vec<String> = (0..6)
        .map(|i| format!("35790107039{:05}", 70 + i))
        .collect();
    let nkk = "3579011203150004";
    let bad = vec![
        baris(70).replace(&nik[0], &nik[0][..15]),
        baris(71).replace("07-03-1990", "31-02-1990"),
        baris(72).replace(",S,L,", ",X,L,"),
        format!("{},EXTRA", baris(73)),
        baris(74).replace("JL. DIPONEGORO", &"A".repeat(2_000)),
        baris(75).replace("3579011001", "3579019999"),
    ];
    r.tulis("buruk.csv", &csv(&bad));
    // No header: the first voter's row where the header should be.
    let tanpa: String = (70..73).map(|i| baris(i) + "\n").collect();
    r.tulis("tanpa_judul.csv", tanpa.as_bytes());
    let mut teks = String::new();
    for lang in ["id", "en"] {
        for f in ["buruk.csv", "tanpa_judul.csv"] {
            for json in [true, false] {
                let mut a = vec!["--lang", lang];
                if json {
                    a.push("--json");
                }
                a.extend_from_slice(&impor_args(f));
                a.push("--force");
                teks += &r.jalan(&a).semua();
            }
        }
        teks += &r
            .jalan(&[
                "--lang",
                lang,
                "link",
                "--left",
                "tanpa_judul.csv",
                "--out",
                "p.csv",
            ])
            .semua();
    }
    // What the database keeps as reasons, too.
    let c = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    let mut st = c.prepare("SELECT pesan FROM tolakan").unwrap();
    for p in st.query_map([], |x| x.get::<_, String>(0)).unwrap() {
        teks += &p.unwrap();
    }
    assert!(
        teks.contains("MEDAN-PANJANG") || teks.contains("lebih panjang"),
        "{teks}"
    );
    for n in nik.iter().map(String::as_str).chain([nkk, &nik[0][..15]]) {
        assert!(!teks.contains(n), "{n} printed in full:\n{teks}");
    }
    for d in ["07-03-1990", "31-02-1990", "1990-03-07"] {
        assert!(!teks.contains(d), "birth date {d} printed:\n{teks}");
    }
}

#[test]
fn attack_hostile_files_are_refused_with_the_limit_named() {
    let r = Ruang::baru();
    // A 10 MB field: the row is refused, kept cut short.
    let besar = baris(2).replace("BUDI SANTOSO 2", &"X".repeat(10 << 20));
    r.tulis("besar.csv", &csv(&[baris(1), besar]));
    let h = r.impor("dpt", "besar.csv", &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(
        (j["diterima"].as_u64(), j["ditolak"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(j["galat"]["MEDAN-PANJANG"], 1);
    // An unclosed quote: the rest of the file is one record.
    let mut s = JUDUL.to_owned() + "\n\"";
    s += &"A,".repeat(12_000_000);
    r.tulis("kutip.csv", s.as_bytes());
    let h = r.impor("dpt", "kutip.csv", &[]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("melebihi batas"), "{}", h.semua());
    // Too many columns.
    let lebar = (0..600)
        .map(|i| format!("K{i}"))
        .collect::<Vec<_>>()
        .join(",");
    r.tulis("lebar.csv", format!("{lebar}\n").as_bytes());
    let h = r.impor("dpt", "lebar.csv", &[]);
    assert!(h.semua().contains("batas 512 kolom"), "{}", h.semua());
    // Effective dates outside the window.
    r.tulis("dpt.csv", &csv(&[baris(9)]));
    for d in ["9999-12-31", "0000-01-01", "1900-01-01"] {
        let h = r.impor_pada("dpt", "dpt.csv", d, &[]);
        assert_eq!(h.kode, 2, "{d}: {}", h.semua());
        assert!(h.semua().contains("di luar rentang"), "{}", h.semua());
    }
    assert_eq!(r.hitung().1, 1);
}

#[cfg(unix)]
#[test]
fn attack_a_symlink_or_device_is_refused_without_quoting_it() {
    let r = Ruang::baru();
    std::os::unix::fs::symlink("/etc/passwd", r.path("passwd.csv")).unwrap();
    for f in ["passwd.csv", "/dev/zero"] {
        let h = r.impor("dpt", f, &[]);
        assert_ne!(h.kode, 0);
        assert!(!h.semua().contains("root:"), "{}", h.semua());
        assert!(h.semua().contains("bukan berkas biasa"), "{}", h.semua());
    }
    assert_eq!(r.hitung(), (0, 0, 0));
}

#[test]
fn attack_an_xlsx_shared_strings_bomb_is_refused_before_it_is_held() {
    use std::io::Write;
    let r = Ruang::baru();
    let path = r.path("bom.xlsx");
    let f = std::fs::File::create(&path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("[Content_Types].xml", o).unwrap();
    z.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    z.start_file("xl/sharedStrings.xml", o).unwrap();
    z.write_all(b"<sst uniqueCount=\"9000000\">").unwrap();
    let si = b"<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>".repeat(4096);
    for _ in 0..700 {
        z.write_all(&si).unwrap();
    }
    z.write_all(b"</sst>").unwrap();
    z.finish().unwrap();
    let h = r.impor("dpt", "bom.xlsx", &[]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("melebihi batas"), "{}", h.semua());
    assert_eq!(r.hitung(), (0, 0, 0));
}

#[cfg(unix)]
#[test]
fn the_workspace_and_everything_in_it_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let r = Ruang::baru();
    r.tulis(
        "dpt.csv",
        &csv(&[baris(1), baris(2).replace(",S,L,", ",X,L,")]),
    );
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    assert_eq!(
        r.jalan(&["export", "--as-of", "2026-06-30", "--out", "e.xlsx"])
            .kode,
        0
    );
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&r.path("ws")), 0o700);
    for d in ["dokumen", "tolakan", "kunci"] {
        assert_eq!(mode(&r.path("ws").join(d)), 0o700, "{d}");
    }
    let mut berkas = vec![
        r.path("ws/padan.sqlite"),
        r.path("ws/checkpoint.log"),
        r.path("e.xlsx"),
    ];
    for d in ["dokumen", "tolakan"] {
        for e in std::fs::read_dir(r.path("ws").join(d)).unwrap() {
            berkas.push(e.unwrap().path());
        }
    }
    assert!(berkas.len() >= 5);
    for p in berkas {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn a_closed_pipe_is_not_a_crash_and_a_committed_import_is_not_a_failure() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&rows(50, 1)));
    let jalan = |args: &[&str]| {
        let mut a = vec!["--workspace", "ws"];
        a.extend_from_slice(args);
        // The reading end is closed before the command starts: a pipe
        // closed only after spawning races a short output into its buffer.
        let (baca, tulis) = std::io::pipe().unwrap();
        drop(baca);
        let c = Command::new(BIN)
            .current_dir(r.dir.path())
            .args(&a)
            .env("PADAN_PASSPHRASE", SANDI)
            .stdout(tulis)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let o = c.wait_with_output().unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (k, e) = jalan(&impor_args("dpt.csv"));
    assert_eq!(k, Some(0), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert_eq!(r.hitung().1, 1);
    let (k, e) = jalan(&["history", "PM-00000001"]);
    assert_eq!(k, Some(141), "{e}");
    assert!(e.is_empty(), "{e}");
}

#[test]
fn an_element_given_twice_and_a_duplicate_nik_from_add_are_refused() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&[baris(1)]));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    let h = r.jalan(&[
        "edit",
        "PM-00000001",
        "nama=A",
        "nama=B",
        "--reason",
        "x",
        "--document",
        "y",
    ]);
    assert_eq!(h.kode, 2);
    assert!(h.semua().contains("dua kali"), "{}", h.semua());
    let add = |extra: &[&str]| {
        let mut a = vec![
            "add",
            "nkk=3579011203150004",
            "nik=3579010703900001",
            "nama=BUDI",
            "tempat_lahir=BATU",
            "tanggal_lahir=07-03-1990",
            "status_kawin=S",
            "jenis_kelamin=L",
            "alamat=JL. A",
            "kode_desa=3579011001",
            "tps=1",
            "--reason",
            "uji",
            "--document",
            "BA-1",
            "--effective",
            "2026-07-01",
        ];
        a.extend_from_slice(extra);
        r.jalan(&a)
    };
    let h = add(&[]);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert!(h.semua().contains("sudah terdaftar sebagai PM-00000001"));
    assert!(!h.semua().contains("3579010703900001"));
    assert_eq!(add(&["--allow-duplicate-nik"]).kode, 0);
    assert_eq!(r.hitung().2, 2);
}

#[test]
fn masked_json_outputs_hide_identifiers() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&[baris(1)]));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    let penuh = r.jalan(&["--json", "history", "PM-00000001"]).stdout;
    assert!(penuh.contains("3579010703900001"));
    let samar = r
        .jalan(&["--json", "history", "PM-00000001", "--masked"])
        .stdout;
    for x in ["3579010703900001", "3579011203150004", "1990-03-07"] {
        assert!(!samar.contains(x), "{x} in {samar}");
    }
    assert!(samar.contains("357901********01"));
}

#[test]
fn leftovers_of_a_kill_are_finished_or_cleaned_by_the_next_write() {
    let r = Ruang::baru();
    r.tulis(
        "dpt.csv",
        &csv(&[baris(1), baris(2).replace(",S,L,", ",X,L,")]),
    );
    let j = r.impor("dpt", "dpt.csv", &[]).json();
    let tolakan = r.path(j["berkas_tolakan"].as_str().unwrap());
    // Killed after the commit, before the rejects file was moved into place.
    let nama = tolakan.file_name().unwrap().to_string_lossy().into_owned();
    let tmp = tolakan.with_file_name(format!(".{nama}.sementara"));
    std::fs::rename(&tolakan, &tmp).unwrap();
    // A rejects file of a batch that never committed, and a cut copy.
    let yatim = tolakan.with_file_name(".batch-9-x.tolakan.csv.sementara");
    std::fs::write(&yatim, b"x").unwrap();
    let potong = r.path("ws/dokumen/.sementara-999999999");
    std::fs::write(&potong, b"x").unwrap();
    let h = r.jalan(&[
        "tms",
        "PM-00000001",
        "--code",
        "1",
        "--reason",
        "akta",
        "--document",
        "AKTA-1",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(tolakan.exists() && !tmp.exists());
    assert!(!yatim.exists() && !potong.exists());
}

#[test]
fn stage_lines_are_json_only_with_json() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&rows(20, 1)));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    let h = r.jalan(&["dedupe"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(!h.stderr.contains("{\"tahap\""), "{}", h.stderr);
    let mut a = vec!["--lang", "en"];
    a.extend_from_slice(&impor_args("dpt.csv"));
    a.push("--force");
    let h = r.jalan(&a);
    assert!(!h.stdout.contains("pemisah"), "{}", h.stdout);
}

#[test]
fn the_office_key_can_live_outside_the_workspace() {
    let r = Ruang::baru();
    let luar = r.path("usb/kantor.key");
    let h = padan(
        r.dir.path(),
        &[
            "--workspace",
            "ws2",
            "--key",
            luar.to_str().unwrap(),
            "init",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(luar.exists());
    assert!(!r.path("ws2/kunci/kantor.key").exists());
    r.tulis("dpt.csv", &csv(&[baris(1)]));
    let mut a = vec!["--workspace", "ws2", "--key", luar.to_str().unwrap()];
    a.extend_from_slice(&impor_args("dpt.csv"));
    assert_eq!(padan(r.dir.path(), &a).kode, 0);
    // Without the key file the workspace can be read, not written.
    let mut a = vec!["--workspace", "ws2"];
    a.extend_from_slice(&impor_args("dpt.csv"));
    a.push("--force");
    let h = padan(r.dir.path(), &a);
    assert_eq!(h.kode, 1, "{}", h.semua());
    assert_eq!(
        padan(r.dir.path(), &["--workspace", "ws2", "verify"]).kode,
        0
    );
}

#[test]
fn a_workspace_of_the_format_before_is_refused_with_the_way_out() {
    let r = Ruang::baru();
    sql(
        &r,
        "UPDATE meta SET nilai = '1' WHERE kunci = 'versi_skema'",
    );
    let h = r.jalan(&["verify"]);
    assert_eq!(h.kode, 1);
    assert!(h.semua().contains("padan init"), "{}", h.semua());
    assert!(h.semua().contains("impor ulang"), "{}", h.semua());
}
