//! The event log end to end: batches, folding, rebuild, bitemporal queries,
//! and tampering that `verifikasi` must name.

use chrono::NaiveDate;
use padan_core::pemilih::{JenisKelamin, StatusKawin};
use padan_core::{KodeTms, Pemilih};
use padan_store::{Gudang, InfoBatch, Perubahan, RingkasanBatch, Saringan};
use std::collections::BTreeMap;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn orang(i: u32) -> Pemilih {
    Pemilih {
        nkk: format!("357901120315{i:04}"),
        nik: format!("35790107039{i:05}"),
        nama: format!("WARGA {i}"),
        tempat_lahir: "BATU".into(),
        tanggal_lahir: d("1990-03-07"),
        status_kawin: StatusKawin::S,
        jenis_kelamin: JenisKelamin::L,
        alamat: "JL. DIPONEGORO".into(),
        rt: "001".into(),
        rw: "002".into(),
        disabilitas: 0,
        ktp_el: "S".into(),
        keterangan: String::new(),
        kode_desa: "35.79.01.1001".into(),
        tps: "001".into(),
    }
}

fn info(jenis: &str, berlaku: &str) -> InfoBatch {
    InfoBatch {
        jenis: jenis.into(),
        sumber: "uji".into(),
        dokumen: "BA-1".into(),
        berkas: None,
        berlaku: d(berlaku),
        operator: "operator-uji".into(),
        alasan: "uji".into(),
        tolak_dokumen_sama: false,
    }
}

fn kunci() -> padan_store::OpsiKunci {
    padan_store::OpsiKunci::dengan_sandi("sandi uji")
}

/// Three voters on 1 Jan; voter 2 renamed on 1 Mar; voter 3 dies 3 Mar,
/// recorded later.
fn isi() -> (tempfile::TempDir, Gudang) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(dir.path(), "35.79", &kunci()).unwrap();
    let mut b = g.mulai_batch(info("dpt", "2026-01-01")).unwrap();
    for i in 1..=3 {
        b.daftar(orang(i), vec![], Some(i64::from(i) + 1), None)
            .unwrap();
    }
    b.selesai(RingkasanBatch {
        dibaca: 3,
        diterima: 3,
        ..Default::default()
    })
    .unwrap();
    let mut b = g.mulai_batch(info("manual", "2026-03-01")).unwrap();
    let p = Perubahan::Ubah {
        sebelum: BTreeMap::from([("nama".into(), "WARGA 2".into())]),
        sesudah: BTreeMap::from([("nama".into(), "WARGA DUA".into())]),
        peringatan: vec![],
    };
    b.ubah(2, &p, None, Some("salah ketik")).unwrap();
    b.selesai(RingkasanBatch {
        dibaca: 1,
        diterima: 1,
        ..Default::default()
    })
    .unwrap();
    let mut b = g.mulai_batch(info("manual", "2026-03-03")).unwrap();
    b.ubah(
        3,
        &Perubahan::Tms {
            kode: KodeTms::Meninggal,
        },
        None,
        Some("akta kematian"),
    )
    .unwrap();
    b.selesai(RingkasanBatch {
        dibaca: 1,
        diterima: 1,
        ..Default::default()
    })
    .unwrap();
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
fn a_clean_log_verifies_and_rebuilds_identically() {
    let (_d, mut g) = isi();
    let r = g.verifikasi().unwrap();
    assert!(r.utuh(), "{:?}", r.masalah);
    assert_eq!(
        (r.peristiwa, r.batch, r.checkpoint, r.pemilih),
        (5, 3, 3, 3)
    );
    let before = g.sidik_proyeksi().unwrap();
    assert_eq!(g.bangun_ulang_proyeksi().unwrap(), 3);
    assert_eq!(g.sidik_proyeksi().unwrap(), before);
    let k = g.keadaan(3).unwrap().unwrap();
    assert!(!k.aktif);
    assert_eq!(k.kode_tms, Some(KodeTms::Meninggal));
    assert_eq!(g.keadaan(2).unwrap().unwrap().pemilih.nama, "WARGA DUA");
}

#[test]
fn as_of_dates_are_bitemporal() {
    let (_d, g) = isi();
    let mut aktif_10_feb = 0;
    g.lipat(
        &Saringan {
            berlaku: Some(d("2026-02-10")),
            dicatat: None,
        },
        |_, k| {
            aktif_10_feb += usize::from(k.aktif);
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(aktif_10_feb, 3);
    let mut nama = String::new();
    g.lipat(
        &Saringan {
            berlaku: Some(d("2026-02-28")),
            dicatat: None,
        },
        |id, k| {
            if id == 2 {
                nama = k.pemilih.nama.clone();
            }
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(nama, "WARGA 2");
    // As known before anything was recorded: nobody.
    let mut n = 0;
    g.lipat(
        &Saringan {
            berlaku: None,
            dicatat: Some("2000-01-01T00:00:00.000000Z".into()),
        },
        |_, _| {
            n += 1;
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn an_unfinished_batch_leaves_no_trace() {
    let (_d, mut g) = isi();
    let before = g.sidik_proyeksi().unwrap();
    {
        let mut b = g.mulai_batch(info("dpt", "2026-04-01")).unwrap();
        b.daftar(orang(9), vec![], Some(2), None).unwrap();
        b.tolak(3, "NIK-PANJANG", "x", &["1".into()]).unwrap();
    }
    assert_eq!(g.sidik_proyeksi().unwrap(), before);
    assert_eq!(g.jumlah_peristiwa().unwrap(), 5);
    assert!(g.verifikasi().unwrap().utuh());
}

#[test]
fn a_change_before_registration_is_refused() {
    let (_d, mut g) = isi();
    let mut b = g.mulai_batch(info("manual", "2025-12-31")).unwrap();
    let e = b
        .ubah(
            1,
            &Perubahan::Tms {
                kode: KodeTms::Ganda,
            },
            None,
            None,
        )
        .unwrap_err();
    assert!(
        matches!(e, padan_store::GalatStore::SebelumDaftar { .. }),
        "{e}"
    );
    drop(b);
    assert_eq!(g.jumlah_peristiwa().unwrap(), 5);
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
    let mut b = g.mulai_batch(info("dpt", "2026-01-01")).unwrap();
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
    let mut i = info("manual", "2026-01-01");
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
            jenis: "ganda".into(),
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
fn a_workspace_that_failed_verification_refuses_writes_until_acknowledged() {
    let (_d, mut g) = isi();
    g.tandai_gagal("PERISTIWA-DIUBAH").unwrap();
    assert!(matches!(
        g.mulai_batch(info("manual", "2026-04-01")),
        Err(padan_store::GalatStore::GagalVerifikasi(_))
    ));
    // The acknowledgement itself is a batch, and is allowed.
    assert!(g.mulai_batch(info("pengakuan", "2026-04-01")).is_ok());
}

#[test]
fn a_second_import_of_the_same_bytes_is_refused_under_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(&dir.path().join("ws"), "35.79", &kunci()).unwrap();
    let src = dir.path().join("dpt.csv");
    std::fs::write(&src, b"NIK\n1\n").unwrap();
    let dok = g.simpan_dokumen(&src).unwrap();
    let mut i = info("dpt", "2026-01-01");
    i.berkas = Some(dok);
    i.tolak_dokumen_sama = true;
    g.mulai_batch(i.clone())
        .unwrap()
        .selesai(RingkasanBatch::default())
        .unwrap();
    assert!(matches!(
        g.mulai_batch(i),
        Err(padan_store::GalatStore::SudahDiimpor { batch: 1, .. })
    ));
}

#[test]
fn a_checkpoint_line_lost_in_a_crash_is_caught_up_by_the_next_batch() {
    let (d, mut g) = isi();
    let log = d.path().join("checkpoint.log");
    let teks = std::fs::read_to_string(&log).unwrap();
    // Killed between the commit of batch 3 and its line.
    let tanpa: Vec<&str> = teks.lines().take(2).collect();
    std::fs::write(&log, tanpa.join("\n") + "\n").unwrap();
    let mut b = g.mulai_batch(info("manual", "2026-04-01")).unwrap();
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
