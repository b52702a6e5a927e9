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
    }
}

/// Three voters on 1 Jan; voter 2 renamed on 1 Mar; voter 3 dies 3 Mar,
/// recorded later.
fn isi() -> (tempfile::TempDir, Gudang) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Gudang::init(dir.path(), "35.79").unwrap();
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
