//! The store seam's conformance suite on PostgreSQL, against a real server:
//! `PADAN_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`),
//! a database the tests may create others from. Each store gets a database
//! of its own, created here and dropped at the end, whatever the outcome.
//!
//! Without a server the tests say so and pass, unless `PADAN_PG=1` (CI),
//! where an unreachable server fails them ([`padan_store::uji_pg`]).
#![cfg(feature = "postgres")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use padan_store::uji_pg::Server;
use padan_store::{
    Basisdata, GalatStore, Gudang, Harapan, OpsiKunci, RingkasanBatch, Toko, kesesuaian, provinsi,
};

fn sandi() -> OpsiKunci {
    OpsiKunci::dengan_sandi("sandi uji")
}

#[test]
fn postgres_answers_as_every_backend_must() {
    let Some(mut server) = Server::sambung() else {
        return;
    };
    let mut dirs = vec![];
    let mut buat = || {
        let url = server.basis_baru();
        let d = tempfile::tempdir().unwrap();
        let g = Gudang::init_di(
            &d.path().join("ws"),
            "35.79",
            &sandi(),
            &Basisdata::Postgres(url),
        )
        .unwrap();
        let scratch = d.path().to_path_buf();
        dirs.push(d);
        (Box::new(g) as Box<dyn Toko>, scratch)
    };
    kesesuaian::semua(&mut buat);
}

/// One database, two offices: each its own schema, chain and key; the
/// second `init` of an office is refused; reopening finds the database
/// from the workspace.
#[test]
fn one_database_serves_several_offices() {
    let Some(mut server) = Server::sambung() else {
        return;
    };
    let url = server.basis_baru();
    let d = tempfile::tempdir().unwrap();
    let basis = Basisdata::Postgres(url.clone());
    let mut batu = Gudang::init_di(&d.path().join("batu"), "35.79", &sandi(), &basis).unwrap();
    let mut kediri = Gudang::init_di(&d.path().join("kediri"), "35.06", &sandi(), &basis).unwrap();
    kesesuaian::isi(&mut batu);
    let mut b = kediri
        .mulai_batch(kesesuaian::info(padan_core::JenisBatch::Dpt, "2026-01-01"))
        .unwrap();
    let mut p = kesesuaian::orang(1);
    p.nik = "3506010703900001".into();
    p.kode_desa = "35.06.01.2001".into();
    b.daftar(p, vec![], Some(2), None).unwrap();
    b.selesai(RingkasanBatch::semua_diterima(1)).unwrap();
    let (rb, rk) = (
        batu.verifikasi_dengan(&Harapan::default()).unwrap(),
        kediri.verifikasi_dengan(&Harapan::default()).unwrap(),
    );
    assert!(rb.utuh() && rk.utuh(), "{:?} {:?}", rb.masalah, rk.masalah);
    assert_eq!((rb.peristiwa, rk.peristiwa), (5, 1), "each its own chain");
    assert_ne!(
        batu.meta("kunci_publik").unwrap(),
        kediri.meta("kunci_publik").unwrap(),
        "each its own key"
    );
    match Gudang::init_di(&d.path().join("batu2"), "35.79", &sandi(), &basis) {
        Err(GalatStore::KantorAda(k, s)) => {
            assert_eq!((k.as_str(), s.as_str()), ("35.79", "kantor_3579"))
        }
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("a second register for 35.79 was made"),
    }
    assert!(
        !d.path().join("batu2").exists(),
        "a refused init leaves no workspace"
    );
    // The events are in the server, one schema per office, not in a file.
    assert!(!d.path().join("batu").join("padan.sqlite").exists());
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let n = |c: &mut postgres::Client, t: &str| -> i64 {
        c.query_one(&format!("SELECT COUNT(*) FROM {t}"), &[])
            .unwrap()
            .get(0)
    };
    assert_eq!(n(&mut c, "kantor_3579.peristiwa"), 5);
    assert_eq!(n(&mut c, "kantor_3506.peristiwa"), 1);
    assert_eq!(n(&mut c, "kantor_3579.migrasi"), 1);
    drop(batu);
    let batu = Gudang::buka(&d.path().join("batu")).unwrap();
    assert_eq!(batu.kantor, "35.79");
    assert_eq!(batu.jumlah_peristiwa().unwrap(), 5);

    // The KPU Provinsi's view: both offices, read-only.
    assert_eq!(provinsi::siapkan(&url, "35").unwrap(), ["35.06", "35.79"]);
    let r = provinsi::rekap(&url, "35").unwrap();
    let ringkas: Vec<_> = r
        .iter()
        .map(|b| (b.kantor.as_str(), b.aktif, b.tidak_aktif, b.peristiwa))
        .collect();
    assert_eq!(ringkas, [("35.06", 1, 0, 1), ("35.79", 2, 1, 5)]);
    assert!(r.iter().all(|b| b.kepala.len() == 64), "{r:?}");
    assert!(
        provinsi::rekap(&url, "35.79").is_err(),
        "a province is two digits"
    );
    c.batch_execute("SET ROLE padan_provinsi_35").unwrap();
    assert_eq!(n(&mut c, "provinsi_35.pemilih"), 4);
    for tolak in [
        "SELECT COUNT(*) FROM kantor_3579.pemilih",
        "DELETE FROM provinsi_35.pemilih",
        "UPDATE provinsi_35.pemilih SET nama = 'X'",
        "DROP VIEW provinsi_35.pemilih",
    ] {
        assert!(c.batch_execute(tolak).is_err(), "{tolak} was allowed");
    }
    // The role is the cluster's, shared with other databases there: it
    // stays (it cannot log in); its grants go with this database.
    c.batch_execute("RESET ROLE").unwrap();
}
