//! The conformance suite of the store seam ([`crate::antarmuka`]): what
//! every backend must answer alike, whatever it keeps the log in. SQLite
//! runs it in `tests/kesesuaian.rs`; a PostgreSQL backend runs the same
//! functions against its own stores.
//!
//! Each check takes a maker of fresh, empty stores for office 35.79 (and a
//! scratch folder for source files) and panics, as a test does, when the
//! backend answers otherwise. Tampering with a backend's storage is not
//! here: how it is detected depends on how it is stored (see
//! `tests/log.rs` for SQLite's).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::pemadanan::{RunBaru, SaringanTemuan, TemuanBaru};
use crate::{GalatStore, Harapan, InfoBatch, Perubahan, RingkasanBatch, Saringan, Toko};
use chrono::NaiveDate;
use padan_core::pemilih::{JenisKelamin, StatusKawin};
use padan_core::{JenisBatch, JenisTemuan, KodeTms, Pemilih};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Makes a fresh, empty store for office 35.79, with a scratch folder.
pub type Pembuat<'a> = dyn FnMut() -> (Box<dyn Toko>, PathBuf) + 'a;

/// Every check, in order.
pub fn semua(buat: &mut Pembuat) {
    log_utuh_dan_dibangun_ulang_sama(buat);
    tanggal_bitemporal(buat);
    batch_tak_selesai_tanpa_jejak(buat);
    perubahan_sebelum_daftar_ditolak(buat);
    gagal_verifikasi_menahan_tulisan(buat);
    dokumen_sama_ditolak(buat);
    run_dan_temuan_terbaca_kembali(buat);
    tindak_lanjut_dari_log(buat);
    sandi_di_samping_log(buat);
}

/// A password is kept, replaced and read back per name, and is not an
/// event: the log does not grow and still verifies.
pub fn sandi_di_samping_log(buat: &mut Pembuat) {
    let (g, _) = terisi(buat);
    let n = g.jumlah_peristiwa().unwrap();
    assert!(g.sandi_operator("ani").unwrap().is_none());
    g.simpan_sandi_operator("ani", "$argon2id$satu").unwrap();
    g.simpan_sandi_operator("budi", "$argon2id$dua").unwrap();
    g.simpan_sandi_operator("ani", "$argon2id$tiga").unwrap();
    let s = g.sandi_operator("ani").unwrap().unwrap();
    assert_eq!((s.nama.as_str(), s.phc.as_str()), ("ani", "$argon2id$tiga"));
    assert!(!s.diubah.is_empty());
    assert_eq!(
        g.sandi_operator("budi").unwrap().unwrap().phc,
        "$argon2id$dua"
    );
    assert!(
        g.sandi_operator("Ani").unwrap().is_none(),
        "names are exact"
    );
    // API tokens: by their hash, revoked per operator.
    assert!(g.token_api("aa").unwrap().is_none());
    g.simpan_token_api("ani", "aa").unwrap();
    g.simpan_token_api("ani", "bb").unwrap();
    g.simpan_token_api("budi", "cc").unwrap();
    assert_eq!(g.token_api("bb").unwrap().as_deref(), Some("ani"));
    assert_eq!(g.cabut_token_api("ani").unwrap(), 2);
    assert!(g.token_api("aa").unwrap().is_none());
    assert_eq!(g.token_api("cc").unwrap().as_deref(), Some("budi"));
    assert_eq!(g.jumlah_peristiwa().unwrap(), n);
    assert!(g.verifikasi_dengan(&Harapan::default()).unwrap().utuh());
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A valid voter of Kota Batu.
pub fn orang(i: u32) -> Pemilih {
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

pub fn info(jenis: JenisBatch, berlaku: &str) -> InfoBatch {
    InfoBatch {
        jenis,
        sumber: "uji".into(),
        dokumen: "BA-1".into(),
        berkas: None,
        berlaku: d(berlaku),
        operator: "operator-uji".into(),
        alasan: "uji".into(),
        tolak_dokumen_sama: false,
    }
}

fn satu() -> RingkasanBatch {
    RingkasanBatch::semua_diterima(1)
}

/// Three voters on 1 Jan; voter 2 renamed on 1 Mar; voter 3 dies 3 Mar.
pub fn isi(g: &mut dyn Toko) {
    let mut b = g.mulai_batch(info(JenisBatch::Dpt, "2026-01-01")).unwrap();
    for i in 1..=3 {
        b.daftar(orang(i), vec![], Some(i64::from(i) + 1), None)
            .unwrap();
    }
    b.selesai(RingkasanBatch::semua_diterima(3)).unwrap();
    let mut b = g
        .mulai_batch(info(JenisBatch::Manual, "2026-03-01"))
        .unwrap();
    let p = Perubahan::Ubah {
        sebelum: BTreeMap::from([("nama".into(), "WARGA 2".into())]),
        sesudah: BTreeMap::from([("nama".into(), "WARGA DUA".into())]),
        peringatan: vec![],
    };
    b.ubah(2, &p, None, Some("salah ketik")).unwrap();
    b.selesai(satu()).unwrap();
    let mut b = g
        .mulai_batch(info(JenisBatch::Manual, "2026-03-03"))
        .unwrap();
    let tms = Perubahan::Tms {
        kode: KodeTms::Meninggal,
    };
    b.ubah(3, &tms, None, Some("akta kematian")).unwrap();
    b.selesai(satu()).unwrap();
}

fn terisi(buat: &mut Pembuat) -> (Box<dyn Toko>, PathBuf) {
    let (mut g, dir) = buat();
    isi(&mut *g);
    (g, dir)
}

pub fn log_utuh_dan_dibangun_ulang_sama(buat: &mut Pembuat) {
    let (mut g, _) = terisi(buat);
    let r = g.verifikasi_dengan(&Harapan::default()).unwrap();
    assert!(r.utuh(), "{:?}", r.masalah);
    assert_eq!(
        (r.peristiwa, r.batch, r.checkpoint, r.pemilih),
        (5, 3, 3, 3)
    );
    let sebelum = g.sidik_proyeksi().unwrap();
    assert_eq!(g.bangun_ulang_proyeksi().unwrap(), 3);
    assert_eq!(g.sidik_proyeksi().unwrap(), sebelum);
    let k = g.keadaan(3).unwrap().unwrap();
    assert!(!k.aktif);
    assert_eq!(k.kode_tms, Some(KodeTms::Meninggal));
    assert_eq!(g.keadaan(2).unwrap().unwrap().pemilih.nama, "WARGA DUA");
    let riwayat = g.riwayat(2).unwrap();
    assert_eq!(riwayat.len(), 2, "registration, then the change");
    assert!(riwayat.windows(2).all(|w| w[0].seq < w[1].seq));
    assert_eq!(g.cari(&orang(1).nik).unwrap(), [1]);
}

pub fn tanggal_bitemporal(buat: &mut Pembuat) {
    let (g, _) = terisi(buat);
    let hitung = |s: Saringan, id_nama: Option<i64>| {
        let (mut aktif, mut nama) = (0usize, String::new());
        g.lipat_dyn(&s, &mut |id, k| {
            aktif += usize::from(k.aktif);
            if Some(id) == id_nama {
                nama = k.pemilih.nama.clone();
            }
            Ok(())
        })
        .unwrap();
        (aktif, nama)
    };
    let per = |t| Saringan {
        berlaku: Some(d(t)),
        dicatat: None,
    };
    assert_eq!(hitung(per("2026-02-10"), None).0, 3);
    assert_eq!(hitung(per("2026-02-28"), Some(2)).1, "WARGA 2");
    assert_eq!(hitung(per("2026-03-04"), Some(2)), (2, "WARGA DUA".into()));
    // As known before anything was recorded: nobody.
    let dulu = Saringan {
        berlaku: None,
        dicatat: Some("2000-01-01T00:00:00.000000Z".into()),
    };
    assert_eq!(hitung(dulu.clone(), None).0, 0);
    let mut beda = 0;
    g.lipat_dua_dyn(&per("2026-02-28"), &per("2026-03-04"), &mut |_, x, y| {
        beda += usize::from(
            x.map(|k| (&k.pemilih.nama, k.aktif)) != y.map(|k| (&k.pemilih.nama, k.aktif)),
        );
        Ok(())
    })
    .unwrap();
    assert_eq!(beda, 2, "voter 2 renamed, voter 3 removed");
    // Only the voters with an event between two states are folded for a
    // change, by effective date and by recorded time alike.
    let berubah = |a: &Saringan, b: &Saringan| {
        let mut ids = vec![];
        g.lipat_dua_berubah(a, b, &mut |id, _, _| {
            ids.push(id);
            Ok(())
        })
        .unwrap();
        ids
    };
    assert_eq!(berubah(&per("2026-02-28"), &per("2026-03-04")), [2, 3]);
    assert_eq!(berubah(&per("2026-03-02"), &per("2026-03-04")), [3]);
    assert_eq!(berubah(&per("2026-03-04"), &per("2026-03-02")), [3]);
    assert!(berubah(&per("2026-03-04"), &per("2026-12-31")).is_empty());
    assert_eq!(berubah(&dulu, &Saringan::default()), [1, 2, 3]);
    // A state column's read (the register's table for the untouched, the
    // fold for the others) is the fold, in every region and under every
    // filter.
    for s in [
        per("2026-02-10"),
        per("2026-02-28"),
        per("2026-03-04"),
        dulu,
        Saringan::default(),
    ] {
        for w in [None, Some("35.79.01"), Some("35.79.02")] {
            let di = |desa: &str| w.is_none_or(|w| desa.starts_with(&format!("{w}.")));
            let mut lipat = vec![];
            g.lipat_dyn(&s, &mut |id, k| {
                if di(&k.pemilih.kode_desa) {
                    let r = crate::KeadaanRingkas::from(k);
                    lipat.push((id, r.nama.to_owned(), r.aktif, r.seq_terakhir));
                }
                Ok(())
            })
            .unwrap();
            let mut baca = vec![];
            g.lipat_wilayah_dyn(&s, w, &mut |id, k| {
                if di(k.kode_desa) {
                    baca.push((id, k.nama.to_owned(), k.aktif, k.seq_terakhir));
                }
                Ok(())
            })
            .unwrap();
            assert_eq!(baca, lipat, "{s:?} {w:?}");
        }
    }
}

pub fn batch_tak_selesai_tanpa_jejak(buat: &mut Pembuat) {
    let (mut g, _) = terisi(buat);
    let sebelum = g.sidik_proyeksi().unwrap();
    {
        let mut b = g.mulai_batch(info(JenisBatch::Dpt, "2026-04-01")).unwrap();
        b.daftar(orang(9), vec![], Some(2), None).unwrap();
        b.tolak(3, "NIK-PANJANG", "x", &["1".into()]).unwrap();
    }
    assert_eq!(g.sidik_proyeksi().unwrap(), sebelum);
    assert_eq!(g.jumlah_peristiwa().unwrap(), 5);
    assert!(g.cari(&orang(9).nik).unwrap().is_empty());
    assert!(g.verifikasi_dengan(&Harapan::default()).unwrap().utuh());
}

pub fn perubahan_sebelum_daftar_ditolak(buat: &mut Pembuat) {
    let (mut g, _) = terisi(buat);
    let mut b = g
        .mulai_batch(info(JenisBatch::Manual, "2025-12-31"))
        .unwrap();
    let tms = Perubahan::Tms {
        kode: KodeTms::Ganda,
    };
    let e = b.ubah(1, &tms, None, None).unwrap_err();
    assert!(matches!(e, GalatStore::SebelumDaftar { .. }), "{e}");
    drop(b);
    assert_eq!(g.jumlah_peristiwa().unwrap(), 5);
}

pub fn gagal_verifikasi_menahan_tulisan(buat: &mut Pembuat) {
    let (mut g, _) = terisi(buat);
    g.tandai_gagal("PERISTIWA-DIUBAH").unwrap();
    assert!(matches!(
        g.mulai_batch(info(JenisBatch::Manual, "2026-04-01")),
        Err(GalatStore::GagalVerifikasi(_))
    ));
    assert_eq!(
        g.gagal_verifikasi().unwrap().as_deref(),
        Some("PERISTIWA-DIUBAH")
    );
    let seq = g
        .akui_gagal("uji", "diperiksa", "PERISTIWA-DIUBAH")
        .unwrap();
    assert_eq!(seq, 6);
    assert!(g.gagal_verifikasi().unwrap().is_none());
    assert!(
        g.mulai_batch(info(JenisBatch::Manual, "2026-04-01"))
            .is_ok()
    );
}

pub fn dokumen_sama_ditolak(buat: &mut Pembuat) {
    let (mut g, dir) = buat();
    let src = dir.join("dpt.csv");
    std::fs::write(&src, b"NIK\n1\n").unwrap();
    let dok = g.simpan_dokumen(&src).unwrap();
    assert_eq!(dok.ukuran, 6);
    let mut i = info(JenisBatch::Dpt, "2026-01-01");
    i.berkas = Some(dok);
    i.tolak_dokumen_sama = true;
    g.mulai_batch(i.clone())
        .unwrap()
        .selesai(RingkasanBatch::default())
        .unwrap();
    assert!(matches!(
        g.mulai_batch(i),
        Err(GalatStore::SudahDiimpor { batch: 1, .. })
    ));
}

pub fn run_dan_temuan_terbaca_kembali(buat: &mut Pembuat) {
    let (mut g, _) = terisi(buat);
    let temuan = |jenis: JenisTemuan, pemilih: i64| TemuanBaru {
        jenis,
        pemilih: Some(pemilih),
        sumber_seq: None,
        kode_desa: "35.79.01.1001".into(),
        peluang: Some(0.99),
        ringkas: jenis.nama().into(),
        bukti: r#"{"pola": 7}"#.into(),
    };
    let run = g
        .simpan_run(
            &RunBaru {
                jenis: "dedupe".into(),
                batch_lawan: None,
                dimulai: "2026-01-01T00:00:00Z".into(),
                operator: "uji".into(),
                manifest: serde_json::json!({"register": {"seq_terakhir": 5}}),
                model: "{}".into(),
            },
            &[
                temuan(JenisTemuan::Ganda, 1),
                temuan(JenisTemuan::Ganda, 2),
                temuan(JenisTemuan::Perbaikan, 2),
            ],
        )
        .unwrap();
    let r = g.run(None).unwrap().unwrap();
    assert_eq!((r.id, r.jenis.as_str(), r.jumlah), (run, "dedupe", 3));
    assert_eq!(r.manifest["register"]["seq_terakhir"], 5);
    assert_eq!(g.model_run(run).unwrap().as_deref(), Some("{}"));
    assert_eq!(
        g.hitung_temuan(run).unwrap(),
        [("ganda".to_owned(), 2), ("perbaikan".to_owned(), 1)]
    );
    let ts = g
        .daftar_temuan(&SaringanTemuan {
            run: Some(run),
            jenis: Some(JenisTemuan::Ganda),
            wilayah: None,
            batas: None,
        })
        .unwrap();
    assert_eq!(ts.len(), 2);
    let satu = g.temuan(ts[0].id).unwrap().unwrap();
    assert_eq!(satu.bukti().unwrap()["pola"], 7);
    // The run is sealed into the log by a batch of its own.
    let v = g.verifikasi_dengan(&Harapan::default()).unwrap();
    assert!(v.utuh(), "{:?}", v.masalah);
    assert_eq!(v.run, 1);
}

/// The follow-up's projection: written with its events, read under the
/// write lock, and rebuilt from the log alone to the same answers.
pub fn tindak_lanjut_dari_log(buat: &mut Pembuat) {
    use crate::tindak::{IsiKeputusan, Nomoran, Rencana};
    use padan_core::{Peran, Putusan, StatusKasus};
    let (mut g, _) = terisi(buat);
    let mut b = g
        .mulai_batch(info(JenisBatch::Operator, "2026-03-05"))
        .unwrap();
    let op = Perubahan::Operator {
        nama: "ani".into(),
        peran: Peran::Operator,
        wilayah: vec!["35.79.01".into()],
    };
    b.catat(None, &op, None).unwrap();
    assert_eq!(
        b.operator("ani").unwrap().unwrap().peran,
        Peran::Operator,
        "read under the lock"
    );
    b.selesai(satu()).unwrap();
    let kp = |nomor, kasus: &str, putusan, rencana: Vec<Rencana>, tolak: Vec<String>| {
        Perubahan::Keputusan(Box::new(IsiKeputusan {
            nomor,
            kasus: kasus.into(),
            jenis: "ganda".into(),
            putusan,
            pemilih: vec![1, 2],
            run: Some(1),
            model_sha256: Some("0".repeat(64)),
            bukti_sha256: "1".repeat(64),
            dokumen: "BA".into(),
            perlu_persetujuan: !rencana.is_empty(),
            rencana,
            diterapkan: vec![],
            pasangan_ditolak: tolak,
        }))
    };
    let mut b = g
        .mulai_batch(info(JenisBatch::TindakLanjut, "2026-03-06"))
        .unwrap();
    assert_eq!(b.nomor_berikut(Nomoran::Keputusan).unwrap(), 1);
    b.catat(
        Some(1),
        &kp(
            1,
            "TM-00000001",
            Putusan::Terima,
            vec![Rencana::Gabung { dari: 2, ke: 1 }],
            vec![],
        ),
        None,
    )
    .unwrap();
    b.catat(
        Some(1),
        &kp(
            2,
            "TM-00000002",
            Putusan::Tolak,
            vec![],
            vec!["g:1:2".into()],
        ),
        None,
    )
    .unwrap();
    b.selesai(satu()).unwrap();
    let k = g.kasus("TM-00000001").unwrap().unwrap();
    assert_eq!(
        (k.status, k.keputusan, k.menunggu),
        (StatusKasus::Diputus, Some(1), true)
    );
    assert_eq!(g.menunggu_persetujuan().unwrap().len(), 1);
    let mut b = g
        .mulai_batch(info(JenisBatch::TindakLanjut, "2026-03-07"))
        .unwrap();
    b.ubah(2, &Perubahan::Gabung { ke: 1 }, None, None).unwrap();
    b.catat(
        Some(1),
        &Perubahan::Persetujuan {
            nomor: 1,
            kasus: "TM-00000001".into(),
            diterapkan: vec![],
        },
        None,
    )
    .unwrap();
    b.catat(
        Some(1),
        &Perubahan::Pembatalan {
            nomor: 2,
            kasus: "TM-00000002".into(),
            diterapkan: vec![],
        },
        None,
    )
    .unwrap();
    b.selesai(satu()).unwrap();
    let baca = |g: &dyn Toko| {
        (
            g.kasus("TM-00000001").unwrap(),
            g.kasus("TM-00000002").unwrap(),
            g.keputusan(1)
                .unwrap()
                .map(|k| (k.disetujui_oleh, k.dibatalkan_seq)),
            g.keputusan(2).unwrap().map(|k| k.dibatalkan_seq.is_some()),
            g.pasangan_ditolak().unwrap(),
            g.gabungan(1).unwrap(),
            g.daftar_operator().unwrap(),
            g.menunggu_persetujuan().unwrap().len(),
        )
    };
    let sebelum = baca(&*g);
    assert_eq!(sebelum.0.as_ref().unwrap().status, StatusKasus::Disetujui);
    assert_eq!(
        sebelum.1.as_ref().unwrap().status,
        StatusKasus::Terbuka,
        "undone: open again"
    );
    assert_eq!(sebelum.3, Some(true));
    assert!(sebelum.4.is_empty(), "an undone rejection is forgotten");
    assert_eq!(sebelum.5.len(), 1);
    assert_eq!(sebelum.7, 0);
    let k2 = g.keadaan(2).unwrap().unwrap();
    assert!(!k2.aktif);
    assert_eq!(k2.kode_tms, Some(KodeTms::Ganda));
    g.bangun_ulang_proyeksi().unwrap();
    assert_eq!(baca(&*g), sebelum, "rebuilt from the log alone");
    let r = g.verifikasi_dengan(&Harapan::default()).unwrap();
    assert!(r.utuh(), "{:?}", r.masalah);
}
