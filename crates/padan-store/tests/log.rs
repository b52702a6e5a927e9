//! Tampering with SQLite's storage that `verifikasi` must name, and the
//! checkpoint log outside it. What every backend must answer alike
//! (batches, folding, rebuild, bitemporal queries) is the conformance suite
//! (`padan_store::kesesuaian`, run in `tests/kesesuaian.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

use padan_store::{Gudang, RingkasanBatch};

use padan_core::JenisBatch;
use padan_store::kesesuaian::{info, orang};

fn kunci() -> padan_store::OpsiKunci {
    padan_store::OpsiKunci::dengan_sandi("sandi uji")
}

/// The conformance suite's register: three voters on 1 Jan; voter 2
/// renamed on 1 Mar; voter 3 dies 3 Mar.
fn isi() -> (tempfile::TempDir, Gudang) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(dir.path(), "35.79", &kunci()).unwrap();
    padan_store::kesesuaian::isi(&mut g);
    (dir, g)
}

fn kode(g: &Gudang) -> Vec<(&'static str, Option<i64>)> {
    g.verifikasi()
        .unwrap()
        .masalah
        .iter()
        .map(|m| (m.kode, m.seq))
        .collect()
}

fn sql(dir: &tempfile::TempDir, q: &str) {
    let c = rusqlite::Connection::open(dir.path().join("padan.sqlite")).unwrap();
    c.execute_batch(q).unwrap();
}

#[test]
fn a_changed_event_is_named() {
    let (d, g) = isi();
    sql(
        &d,
        "UPDATE peristiwa SET data = replace(data, 'WARGA 1', 'WARGA SATU') WHERE seq = 1",
    );
    let k = kode(&g);
    assert_eq!(k.first(), Some(&("PERISTIWA-DIUBAH", Some(1))), "{k:?}");
}

#[test]
fn a_changed_column_is_named() {
    let (d, g) = isi();
    sql(
        &d,
        "UPDATE peristiwa SET berlaku = '2026-01-02' WHERE seq = 4",
    );
    assert!(kode(&g).contains(&("PERISTIWA-DIUBAH", Some(4))));
    // An event's effective date is its batch's (the lineage reads events by
    // batch), so the moved date is named as such too.
    assert!(kode(&g).contains(&("BERLAKU-BEDA", Some(4))));
    // A batch's operator is part of each of its events.
    sql(&d, "UPDATE batch SET operator = 'orang lain' WHERE id = 3");
    assert!(kode(&g).contains(&("PERISTIWA-DIUBAH", Some(5))));
}

#[test]
fn a_deleted_event_is_named() {
    let (d, g) = isi();
    sql(&d, "DELETE FROM peristiwa WHERE seq = 2");
    let k = kode(&g);
    assert!(k.contains(&("RANTAI-HILANG", Some(3))), "{k:?}");
    assert!(k.contains(&("RANTAI-PUTUS", Some(3))), "{k:?}");
}

#[test]
fn reordered_events_are_named() {
    let (d, g) = isi();
    sql(
        &d,
        "UPDATE peristiwa SET seq = -1 WHERE seq = 1; UPDATE peristiwa SET seq = 1 WHERE seq = 2; UPDATE peristiwa SET seq = 2 WHERE seq = -1;",
    );
    let k = kode(&g);
    assert!(
        k.iter()
            .any(|(c, s)| *c == "PERISTIWA-DIUBAH" && *s == Some(1)),
        "{k:?}"
    );
}

#[test]
fn a_projection_changed_behind_the_log_is_named() {
    let (d, g) = isi();
    sql(&d, "UPDATE pemilih SET nama = 'SIAPA' WHERE id = 1");
    assert!(kode(&g).contains(&("PROYEKSI-BEDA", None)));
}

#[test]
fn a_forged_checkpoint_is_named() {
    let (d, g) = isi();
    sql(
        &d,
        "UPDATE checkpoint SET dicatat = '2020-01-01T00:00:00.000000Z' WHERE batch = 2",
    );
    let m = g.verifikasi().unwrap().masalah;
    assert!(
        m.iter()
            .any(|m| m.kode == "CHECKPOINT-TANDA-TANGAN" && m.batch == Some(2)),
        "{m:?}"
    );
}

fn ada(g: &Gudang, kode: &str, batch: Option<i64>) -> bool {
    g.verifikasi()
        .unwrap()
        .masalah
        .iter()
        .any(|m| m.kode == kode && (batch.is_none() || m.batch == batch))
}

#[test]
fn attack_forged_provenance_of_a_batch_is_named() {
    for q in [
        "UPDATE batch SET sumber = 'PALSU', dokumen = 'SURAT-PALSU-99', jenis = 'dp4' WHERE id = 1",
        "UPDATE batch SET berlaku = '2020-01-01' WHERE id = 1",
        "UPDATE batch SET dibaca = 4, ditolak = 1 WHERE id = 1",
        "UPDATE batch SET ringkasan = '{\"catatan\":[\"palsu\"]}' WHERE id = 1",
    ] {
        let (d, g) = isi();
        assert!(g.verifikasi().unwrap().utuh());
        sql(&d, q);
        assert!(ada(&g, "BATCH-DIUBAH", Some(1)), "{q}: {:?}", kode(&g));
    }
}

#[test]
fn attack_changed_or_removed_rejected_rows_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(dir.path(), "35.79", &kunci()).unwrap();
    let mut b = g.mulai_batch(info(JenisBatch::Dpt, "2026-01-01")).unwrap();
    b.daftar(orang(1), vec![], Some(2), None).unwrap();
    b.tolak(3, "NIK-PANJANG", "NIK 15 digit", &["x".into()])
        .unwrap();
    b.selesai(RingkasanBatch {
        dibaca: 2,
        diterima: 1,
        ditolak: 1,
        ..Default::default()
    })
    .unwrap();
    assert!(g.verifikasi().unwrap().utuh());
    sql(&dir, "UPDATE tolakan SET pesan = 'lain' WHERE batch = 1");
    assert!(ada(&g, "TOLAKAN-DIUBAH", Some(1)), "{:?}", kode(&g));
}

#[test]
fn attack_a_source_document_removed_with_its_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(&dir.path().join("ws"), "35.79", &kunci()).unwrap();
    let src = dir.path().join("ba.pdf");
    std::fs::write(&src, b"%PDF berita acara").unwrap();
    let dok = g.simpan_dokumen(&src).unwrap();
    let mut i = info(JenisBatch::Manual, "2026-01-01");
    i.berkas = Some(dok.clone());
    let mut b = g.mulai_batch(i).unwrap();
    b.daftar(orang(1), vec![], None, None).unwrap();
    b.selesai(RingkasanBatch {
        dibaca: 1,
        diterima: 1,
        ..Default::default()
    })
    .unwrap();
    assert!(g.verifikasi().unwrap().utuh());
    std::fs::remove_file(&dok.path).unwrap();
    let c = rusqlite::Connection::open(dir.path().join("ws/padan.sqlite")).unwrap();
    c.execute_batch("DELETE FROM dokumen").unwrap();
    assert!(ada(&g, "DOKUMEN-HILANG", Some(1)), "{:?}", kode(&g));
}

#[test]
fn attack_cutting_the_tail_is_named_by_the_checkpoint_log_and_the_published_head() {
    let (d, mut g) = isi();
    let r = g.verifikasi().unwrap();
    assert!(r.utuh(), "{:?}", r.masalah);
    assert_eq!(r.log_checkpoint, Some(3));
    let kepala = padan_store::Harapan::urai_kepala(&r.kepala).unwrap();
    assert_eq!(kepala.0, 3);
    // The TMS of batch 3 disappears: the deceased voter is active again.
    sql(
        &d,
        "DELETE FROM peristiwa WHERE batch = 3; DELETE FROM checkpoint WHERE batch = 3; DELETE FROM batch WHERE id = 3;",
    );
    g.bangun_ulang_proyeksi().unwrap();
    assert!(g.keadaan(3).unwrap().unwrap().aktif);
    assert!(ada(&g, "EKOR-TERPOTONG", Some(3)), "{:?}", kode(&g));
    // And with the log truncated too, by whoever kept the head.
    std::fs::write(d.path().join("checkpoint.log"), "").unwrap();
    let h = padan_store::Harapan {
        kepala: Some(kepala),
        ..Default::default()
    };
    let m = g.verifikasi_dengan(&h).unwrap().masalah;
    assert!(m.iter().any(|m| m.kode == "EKOR-TERPOTONG"), "{m:?}");
}

#[test]
fn attack_a_checkpoint_replaced_in_the_middle_breaks_the_checkpoint_chain() {
    let (d, g) = isi();
    sql(
        &d,
        "UPDATE checkpoint SET sebelum = zeroblob(32) WHERE batch = 2",
    );
    assert!(ada(&g, "CHECKPOINT-RANTAI", Some(2)), "{:?}", kode(&g));
}

#[test]
fn attack_a_key_other_than_the_published_one_is_named() {
    let (_d, g) = isi();
    let r = g.verifikasi().unwrap();
    let ok = padan_store::Harapan {
        sidik_kunci: Some(r.sidik_kunci.clone()),
        kepala: padan_store::Harapan::urai_kepala(&r.kepala),
    };
    assert!(g.verifikasi_dengan(&ok).unwrap().utuh());
    let lain = padan_store::Harapan {
        sidik_kunci: Some("0123456789abcdef".into()),
        ..Default::default()
    };
    let m = g.verifikasi_dengan(&lain).unwrap().masalah;
    assert!(m.iter().any(|m| m.kode == "KUNCI-TIDAK-SESUAI"), "{m:?}");
}

fn run(g: &mut Gudang, seq: i64) -> i64 {
    use padan_store::pemadanan::{RunBaru, TemuanBaru};
    g.simpan_run(
        &RunBaru {
            jenis: "dedupe".into(),
            batch_lawan: None,
            dimulai: "2026-01-01T00:00:00Z".into(),
            operator: "uji".into(),
            manifest: serde_json::json!({"register": {"seq_terakhir": seq}}),
            model: "{}".into(),
        },
        &[TemuanBaru {
            jenis: padan_core::JenisTemuan::Ganda,
            pemilih: Some(1),
            sumber_seq: None,
            kode_desa: "35.79.01.1001".into(),
            peluang: Some(0.99),
            ringkas: "ganda".into(),
            bukti: "{}".into(),
        }],
    )
    .unwrap()
}

#[test]
fn attack_deleted_resealed_or_inserted_runs_are_named() {
    let (d, mut g) = isi();
    let r = run(&mut g, 5);
    let v = g.verifikasi().unwrap();
    assert!(v.utuh(), "{:?}", v.masalah);
    assert_eq!(v.run, 1);
    // A finding changed and the seal recomputed, as anyone can.
    sql(&d, "UPDATE temuan SET jenis = 'padan'");
    let segel = g.hitung_segel(r).unwrap().unwrap();
    sql(&d, &format!("UPDATE run_padan SET sha256 = '{segel}'"));
    assert!(ada(&g, "RUN-DISEGEL-ULANG", None), "{:?}", kode(&g));
    // The whole run deleted.
    sql(&d, "DELETE FROM temuan; DELETE FROM run_padan;");
    assert!(ada(&g, "RUN-HILANG", None), "{:?}", kode(&g));
    // A run inserted from outside.
    let (d, g) = isi();
    sql(
        &d,
        "INSERT INTO run_padan(jenis, dimulai, selesai, operator, manifest, model, jumlah, sha256) VALUES ('dedupe', 'x', 'x', 'x', '{}', '{}', 0, 'x')",
    );
    assert!(ada(&g, "RUN-TANPA-BATCH", None), "{:?}", kode(&g));
}

#[test]
fn attack_a_manifest_naming_events_beyond_the_log_is_named() {
    let (d, mut g) = isi();
    run(&mut g, 5);
    sql(&d, "DELETE FROM peristiwa WHERE seq = 5");
    assert!(ada(&g, "RUN-MELAMPAUI-LOG", None), "{:?}", kode(&g));
}

#[test]
fn a_checkpoint_line_lost_in_a_crash_is_caught_up_by_the_next_batch() {
    let (d, mut g) = isi();
    let log = d.path().join("checkpoint.log");
    let teks = std::fs::read_to_string(&log).unwrap();
    // Killed between the commit of batch 3 and its line.
    let tanpa: Vec<&str> = teks.lines().take(2).collect();
    std::fs::write(&log, tanpa.join("\n") + "\n").unwrap();
    let mut b = g
        .mulai_batch(info(JenisBatch::Manual, "2026-04-01"))
        .unwrap();
    b.daftar(orang(9), vec![], None, None).unwrap();
    b.selesai(RingkasanBatch {
        dibaca: 1,
        diterima: 1,
        ..Default::default()
    })
    .unwrap();
    let r = g.verifikasi().unwrap();
    assert!(r.utuh(), "{:?}", r.masalah);
    assert_eq!(r.log_checkpoint, Some(4));
    let batches: Vec<i64> = padan_store::log_cp::baca(&log)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|b| b.unwrap().batch)
        .collect();
    assert_eq!(batches, [1, 2, 3, 4]);
}
