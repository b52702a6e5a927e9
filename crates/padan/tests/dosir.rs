//! A voter's dossier checks itself offline, with only the office's public
//! key; any changed byte fails it, and the failure names what broke.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::{Hasil, Ruang, padan};
use serde_json::Value;

fn ok(h: &Hasil) -> Value {
    assert_eq!(h.kode, 0, "{}", h.semua());
    h.json()
}

#[test]
fn a_dossier_proves_itself_and_any_changed_byte_fails() {
    let r = Ruang::baru();
    assert_eq!(
        r.jalan(&["synth", "--voters", "1500", "--seed", "8", "--out", "data"])
            .kode,
        0
    );
    for (j, f) in [("dpt", "dpt"), ("meninggal", "meninggal")] {
        let h = r.impor_pada(j, &format!("data/{f}.csv"), "2026-10-31", &[]);
        assert_eq!(h.kode, 0, "{}", h.semua());
    }
    for (n, p) in [
        ("ketua", "ketua"),
        ("ani", "operator"),
        ("budi", "verifikator"),
    ] {
        assert_eq!(
            r.jalan(&[
                "operator",
                "add",
                n,
                "--role",
                p,
                "--region",
                "35.79",
                "--operator",
                "ketua"
            ])
            .kode,
            0
        );
    }
    ok(&r.jalan(&[
        "--json",
        "match",
        "--against",
        "meninggal",
        "--operator",
        "ani",
    ]));
    let q = ok(&r.jalan(&["--json", "review", "--type", "meninggal", "--limit", "1"]));
    let tm = q["temuan"][0]["kasus"]["kunci"]
        .as_str()
        .unwrap()
        .to_owned();
    let pm = format!(
        "PM-{:08}",
        q["temuan"][0]["temuan"]["pemilih"].as_i64().unwrap()
    );
    ok(&r.jalan(&[
        "--json",
        "decide",
        &tm,
        "--accept",
        "--reason",
        "akta",
        "--document",
        "akta-1",
        "--operator",
        "ani",
    ]));
    ok(&r.jalan(&["--json", "approve", &tm, "--operator", "budi"]));

    let h = ok(&r.jalan(&["--json", "dossier", &pm, "--out", "dosir.json"]));
    assert_eq!(h["temuan"], 1, "the finding decided on, with its evidence");
    assert!(
        h["peristiwa"].as_u64().unwrap() >= 4,
        "registration, decision, TMS, approval: {h}"
    );
    ok(&r.jalan(&["--json", "dossier", &pm, "--out", "dosir.pdf"]));
    assert!(
        std::fs::read(r.path("dosir.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
    let teks = std::fs::read_to_string(r.path("dosir.json")).unwrap();
    let d: Value = serde_json::from_str(&teks).unwrap();
    let pk = d["isi"]["kunci_publik"].as_str().unwrap().to_owned();
    // The chronology, documents and rows, decisions with operator and approver.
    let jenis: Vec<&str> = d["isi"]["peristiwa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["jenis"].as_str().unwrap())
        .collect();
    assert!(
        jenis.contains(&"daftar")
            && jenis.contains(&"keputusan")
            && jenis.contains(&"tms")
            && jenis.contains(&"persetujuan"),
        "{jenis:?}"
    );
    assert!(
        d["isi"]["peristiwa"][0]["dokumen_sha256"]
            .as_str()
            .unwrap()
            .len()
            == 64
    );
    assert!(d["isi"]["peristiwa"][0]["baris"].as_i64().unwrap() > 1);

    // Checked with no workspace at all, from another folder.
    let luar = tempfile::tempdir().unwrap();
    std::fs::write(luar.path().join("dosir.json"), &teks).unwrap();
    let v = padan(
        luar.path(),
        &[
            "--json",
            "verify-dossier",
            "dosir.json",
            "--public-key",
            &pk,
        ],
    );
    assert_eq!(v.kode, 0, "{}", v.semua());
    assert_eq!(v.json()["sah"], true);

    // Another office's key.
    let lain = "11".repeat(32);
    let v = padan(
        luar.path(),
        &["verify-dossier", "dosir.json", "--public-key", &lain],
    );
    assert_ne!(v.kode, 0);

    // Every digit, one at a time (a sample), changed: always refused.
    let posisi: Vec<usize> = teks
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let mut diperiksa = 0;
    for &i in posisi.iter().step_by(posisi.len() / 60 + 1) {
        let mut b = teks.clone().into_bytes();
        b[i] = b'0' + (b[i] - b'0' + 1) % 10;
        std::fs::write(luar.path().join("ubah.json"), &b).unwrap();
        let v = padan(
            luar.path(),
            &["verify-dossier", "ubah.json", "--public-key", &pk],
        );
        assert_ne!(v.kode, 0, "byte {i} changed and still valid");
        assert!(!v.semua().trim().is_empty());
        diperiksa += 1;
    }
    assert!(diperiksa >= 50);
    // The failure names what broke: an event's row.
    let mut d2 = d.clone();
    d2["isi"]["peristiwa"][0]["baris"] = serde_json::json!(9999);
    std::fs::write(
        luar.path().join("baris.json"),
        serde_json::to_vec(&d2).unwrap(),
    )
    .unwrap();
    let v = padan(
        luar.path(),
        &["verify-dossier", "baris.json", "--public-key", &pk],
    );
    let seq = d["isi"]["peristiwa"][0]["seq"].as_i64().unwrap();
    assert!(
        v.semua().contains(&format!("peristiwa #{seq}")),
        "{}",
        v.semua()
    );
}
