//! An import killed with SIGKILL in the middle of 1,000,000 rows leaves no
//! trace: the log verifies, no batch is visible, and the same import then
//! succeeds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn sigkill_mid_import_leaves_no_trace() {
    let r = Ruang::baru();
    let h = padan(
        r.dir.path(),
        &[
            "synth",
            "--voters",
            "1000000",
            "--seed",
            "11",
            "--out",
            "data",
            "--defects",
            "0",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let args = [
        "--workspace",
        "ws",
        "--json",
        "import",
        "--kind",
        "dpt",
        "data/dpt.csv",
        "--source",
        "uji",
        "--document",
        "BA-uji",
        "--effective",
        "2026-06-30",
    ];
    let mut child = Command::new(BIN)
        .current_dir(r.dir.path())
        .args(args)
        .env("PADAN_LOG_DETIK", "0.05")
        .env("PADAN_PASSPHRASE", common::SANDI)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Progress lines go to stderr off a terminal: kill once a third of the
    // rows have been written.
    let stderr = child.stderr.take().expect("stderr");
    let mut dibunuh_pada = 0u64;
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("line");
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && v["tahap"] == "impor"
            && let Some(p) = v["posisi"].as_u64()
            && p >= 300_000
        {
            child.kill().expect("SIGKILL");
            dibunuh_pada = p;
            break;
        }
    }
    let status = child.wait().expect("wait");
    assert!(
        (300_000..1_000_000).contains(&dibunuh_pada),
        "killed at {dibunuh_pada}"
    );
    assert!(!status.success(), "the import was not killed");

    // Nothing of the batch is visible, and the log verifies.
    assert_eq!(r.hitung(), (0, 0, 0));
    // The same import then succeeds, whole.
    let h = r.jalan(&args[2..]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(j["diterima"].as_u64(), j["dibaca"].as_u64());
    let (peristiwa, batch, pemilih) = r.hitung();
    assert_eq!(batch, 1);
    assert_eq!(peristiwa, pemilih);
    assert_eq!(Some(pemilih), j["diterima"].as_u64());
    assert!(pemilih >= 1_000_000);
}
