//! Witnessed checkpoints: a log cut off together with its checkpoints
//! passes `verify` but not `verify --witness`; a note of another key, or a
//! changed one, is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::{JUDUL, Ruang, baris};

fn dpt(r: &Ruang, nama: &str, dari: u32, sampai: u32) {
    let mut isi = format!("{JUDUL}\n");
    for i in dari..sampai {
        isi.push_str(&baris(i));
        isi.push('\n');
    }
    r.tulis(nama, isi.as_bytes());
    let h = r.impor("dpt", nama, &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
}

#[test]
fn a_witness_sees_a_log_cut_off_with_its_checkpoints() {
    let r = Ruang::baru();
    dpt(&r, "a.csv", 1, 20);
    let h = r.jalan(&["checkpoint", "export", "--out", "saksi-1.txt"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let catatan = std::fs::read_to_string(r.path("saksi-1.txt")).unwrap();
    assert!(catatan.starts_with("padan/35.79\n19\n"), "{catatan}");
    assert!(
        catatan.contains("\n\n— padan/35.79 "),
        "a C2SP signed note: {catatan}"
    );
    dpt(&r, "b.csv", 20, 30);
    assert_eq!(
        r.jalan(&["checkpoint", "export", "--out", "saksi-2.txt"])
            .kode,
        0
    );
    let h = r.jalan(&["--json", "verify", "--witness", "saksi-1.txt"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(j["saksi"]["catatan"]["ukuran"], 19);
    assert_eq!(j["saksi"]["ukuran_kini"], 29);
    assert!(
        !j["saksi"]["bukti"].as_array().unwrap().is_empty(),
        "a real consistency proof"
    );

    // Cut off the second batch with its checkpoint, in the database and in
    // the checkpoint log, and make the projection match: what is left is a
    // shorter log that is consistent in itself.
    let db = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    db.execute_batch(
        "DELETE FROM peristiwa WHERE batch = 2; DELETE FROM checkpoint WHERE batch = 2; \
         DELETE FROM tolakan WHERE batch = 2; DELETE FROM batch WHERE id = 2; \
         DELETE FROM pemilih WHERE id >= 20;",
    )
    .unwrap();
    drop(db);
    let log = std::fs::read_to_string(r.path("ws/checkpoint.log")).unwrap();
    let pertama: String = log.lines().take(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(r.path("ws/checkpoint.log"), pertama).unwrap();
    let biasa = r.jalan(&["--json", "verify"]);
    assert_eq!(
        biasa.kode,
        0,
        "verify alone cannot see the cut: {}",
        biasa.semua()
    );
    // The witness of the longer log can.
    let h = r.jalan(&["--json", "verify", "--witness", "saksi-2.txt"]);
    assert_ne!(h.kode, 0);
    assert!(h.stdout.contains("SAKSI-TERPOTONG"), "{}", h.semua());
    assert!(
        h.stdout.contains("29") && h.stdout.contains("19"),
        "{}",
        h.stdout
    );
}

#[test]
fn a_note_of_another_key_or_changed_is_refused() {
    let r = Ruang::baru();
    dpt(&r, "a.csv", 1, 5);
    let lain = Ruang::baru();
    dpt(&lain, "a.csv", 1, 5);
    assert_eq!(
        lain.jalan(&["checkpoint", "export", "--out", "lain.txt"])
            .kode,
        0
    );
    std::fs::copy(lain.path("lain.txt"), r.path("lain.txt")).unwrap();
    let h = r.jalan(&["verify", "--witness", "lain.txt"]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("kunci kantor lain"), "{}", h.semua());
    // Our own note, one byte changed.
    assert_eq!(
        r.jalan(&["checkpoint", "export", "--out", "saksi.txt"])
            .kode,
        0
    );
    let t = std::fs::read_to_string(r.path("saksi.txt")).unwrap();
    std::fs::write(r.path("ubah.txt"), t.replacen("\n4\n", "\n3\n", 1)).unwrap();
    let h = r.jalan(&["verify", "--witness", "ubah.txt"]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("ditolak"), "{}", h.semua());
    assert_eq!(r.jalan(&["verify", "--witness", "saksi.txt"]).kode, 0);
}
