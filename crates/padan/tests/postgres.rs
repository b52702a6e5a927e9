//! The command line on PostgreSQL, as an operator uses it: `--database`
//! at `init`, then every command on the workspace as on SQLite; the KPU
//! Provinsi's view; a backup restored into SQLite; and the refusals.
//! Needs a server (`PADAN_PG_URL`); without one the tests that need it
//! say so and pass, unless `PADAN_PG=1` (CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::{baris, csv, padan};
use padan_app::padan_store::uji_pg::Server;

#[test]
fn a_database_that_is_not_understood_or_not_the_workspaces_is_refused() {
    let r = common::Ruang::baru();
    let h = r.jalan(&["--database", "mysql://x/y", "verify"]);
    assert_eq!(h.kode, 2, "{}", h.semua());
    assert!(
        h.stderr.contains("--database 'mysql://x/y' tidak dikenal"),
        "{}",
        h.stderr
    );
    // A SQLite workspace is not reached through a PostgreSQL URL.
    let h = r.jalan(&["--database", "postgres://postgres@127.0.0.1/x", "verify"]);
    assert_ne!(h.kode, 0);
    assert!(h.stderr.contains("disimpan di SQLite"), "{}", h.stderr);
    // A server that does not answer: said, and no workspace is left.
    let h = padan(
        r.dir.path(),
        &[
            "--workspace",
            "baru",
            "--database",
            "postgres://postgres@127.0.0.1:9/x",
            "init",
        ],
    );
    assert_ne!(h.kode, 0);
    assert!(h.stderr.contains("PostgreSQL"), "{}", h.stderr);
    assert!(!r.path("baru").exists());
}

#[test]
fn an_office_works_on_postgres_as_on_sqlite() {
    let Some(mut server) = Server::sambung() else {
        return;
    };
    let url = server.basis_baru();
    let d = tempfile::tempdir().unwrap();
    let jalan = |args: &[&str]| padan(d.path(), args);
    let h = jalan(&["--workspace", "ws", "--database", &url, "init"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(d.path().join("ws/basisdata.pg").exists());
    assert!(!d.path().join("ws/padan.sqlite").exists());
    let mut rows: Vec<String> = (1..=5).map(baris).collect();
    rows.push("bukan,baris,yang,benar".into());
    std::fs::write(d.path().join("dpt.csv"), csv(&rows)).unwrap();
    let h = jalan(&[
        "--workspace",
        "ws",
        "--json",
        "import",
        "--kind",
        "dpt",
        "dpt.csv",
        "--source",
        "uji",
        "--document",
        "BA-uji",
        "--effective",
        "2026-06-30",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(
        (h.json()["diterima"].as_u64(), h.json()["ditolak"].as_u64()),
        (Some(5), Some(1))
    );
    let h = jalan(&["--workspace", "ws", "--json", "verify"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(h.json()["pemilih"].as_u64(), Some(5));
    let h = jalan(&["--workspace", "ws", "history", "3579010703900003"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(h.stdout.contains("BUDI SANTOSO 3"), "{}", h.stdout);
    // The service on it: ready, and a citizen's lookup answered from the
    // server (the synchronous client inside the service's runtime).
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut srv = std::process::Command::new(common::BIN)
        .current_dir(d.path())
        .args([
            "--workspace",
            "ws",
            "serve",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("PADAN_WORKSPACE")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let minta = |req: &str| -> String {
        use std::io::{Read, Write};
        for _ in 0..100 {
            if let Ok(mut c) = std::net::TcpStream::connect(("127.0.0.1", port)) {
                c.write_all(req.as_bytes()).unwrap();
                let mut b = String::new();
                let _ = c.read_to_string(&mut b);
                return b;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the service did not start");
    };
    let siap = minta("GET /readyz HTTP/1.0\r\n\r\n");
    let badan = "nik=3579010703900003&tanggal_lahir=1990-03-07";
    let cek = minta(&format!(
        "POST /cek HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{badan}",
        badan.len()
    ));
    let _ = srv.kill();
    let _ = srv.wait();
    assert!(siap.starts_with("HTTP/1.0 200"), "{siap}");
    assert!(
        cek.contains("Terdaftar sebagai pemilih") && cek.contains("BUD* SAN**** *"),
        "{cek}"
    );
    // The province sees the office, read-only.
    let h = jalan(&[
        "--database",
        &url,
        "--json",
        "province",
        "--code",
        "35",
        "--refresh",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(h.json()["kantor"][0]["kantor"], "35.79");
    assert_eq!(h.json()["kantor"][0]["aktif"], 5);
    // Backed up from the server, restored into a SQLite workspace: whole.
    let h = jalan(&["--workspace", "ws", "backup", "--out", "c.zip"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let h = jalan(&["--workspace", "pulih", "restore", "c.zip"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert!(d.path().join("pulih/padan.sqlite").exists());
    let h = jalan(&["--workspace", "pulih", "--json", "verify"]);
    assert_eq!(h.json()["pemilih"].as_u64(), Some(5), "{}", h.semua());
    // A second register for the office in that database: refused.
    let h = jalan(&["--workspace", "ws2", "--database", &url, "init"]);
    assert_ne!(h.kode, 0);
    assert!(
        h.stderr.contains("kantor 35.79 sudah punya register"),
        "{}",
        h.stderr
    );
    assert!(!d.path().join("ws2").exists());
}
