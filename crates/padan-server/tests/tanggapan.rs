//! Public reports on the web (`/tanggapan`): a citizen's report becomes a
//! case in the review queue with its own chronology, and a receipt that
//! only its holder can check; a machine's form, a flood and a closed office
//! are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use padan_app::Ruang;
use padan_server::{Layanan, Setelan, aplikasi};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

fn layanan(r: &Ruang, min: Duration) -> Arc<Layanan> {
    let mut s = Setelan::baru(r.clone());
    s.waktu_cek = Duration::ZERO;
    s.tanggapan_min = min;
    Layanan::baru(s).unwrap()
}

async fn kirim(l: &Arc<Layanan>, mut req: Request<Body>, dari: &str) -> (StatusCode, String) {
    let peer: SocketAddr = format!("{dari}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    let r = aplikasi(Arc::clone(l)).oneshot(req).await.unwrap();
    let s = r.status();
    let b = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    (s, String::from_utf8(b).unwrap())
}

fn post(path: &str, badan: &str) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(badan.to_owned()))
        .unwrap()
}

/// The form's token, as a browser would send it back.
async fn token(l: &Arc<Layanan>) -> String {
    let (_, halaman) = kirim(
        l,
        Request::get("/tanggapan").body(Body::empty()).unwrap(),
        "10.0.0.1",
    )
    .await;
    let awal = halaman.find("name=\"token\" value=\"").unwrap() + 20;
    let akhir = halaman[awal..].find('"').unwrap();
    halaman[awal..awal + akhir].to_owned()
}

/// `TG-00000001-ABCDEF12` from a receipt page.
fn tanda(halaman: &str) -> String {
    let i = halaman.find("TG-").unwrap();
    halaman[i..i + 20].to_owned()
}

#[tokio::test]
async fn a_report_becomes_a_case_with_a_receipt_its_holder_can_check() {
    let (_d, r) = common::ruang();
    let l = layanan(&r, Duration::ZERO);
    let t = token(&l).await;
    let (s, h) = kirim(
        &l,
        post(
            "/tanggapan",
            &format!(
                "token={t}&jenis=perbaikan&nik=3579011901683468&teks=Alamat+saya+sudah+pindah+RT"
            ),
        ),
        "10.0.0.1",
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{h}");
    assert!(h.contains("Tanggapan diterima"), "{h}");
    let tanda1 = tanda(&h);
    assert!(tanda1.starts_with("TG-00000001-"), "{tanda1}");
    assert!(!h.contains("3579011901683468") && !h.contains("DWI AGUS"));

    // A report about a NIK no one on the register has: received alike.
    let t = token(&l).await;
    let (s, h2) = kirim(
        &l,
        post(
            "/tanggapan",
            &format!("token={t}&jenis=belum-terdaftar&nik=3579015505050001&teks=Anak+saya+belum+terdaftar"),
        ),
        "10.0.0.2",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let tanda2 = tanda(&h2);
    assert_eq!(
        h.len(),
        h2.len(),
        "the two receipts differ in more than their numbers"
    );

    // Each is a case in the review queue, in the chain, in the voter's
    // chronology; the register still verifies.
    let g = r.buka().unwrap();
    let k = g.kasus("TG-00000001").unwrap().unwrap();
    assert_eq!(k.status, padan_core::StatusKasus::Terbuka);
    assert!(g.kasus("TG-00000002").unwrap().is_some());
    let id = padan_app::baca::satu_pemilih(&*g, "3579011901683468").unwrap();
    let riwayat = padan_app::baca::riwayat_dari(&*g, id).unwrap();
    assert!(
        riwayat
            .peristiwa
            .iter()
            .any(|e| format!("{:?}", e).contains("Tanggapan")),
        "the report is not in the voter's chronology"
    );
    drop(g);
    let v = padan_app::register::verifikasi(&r, None, None, None).unwrap();
    assert!(v.laporan.utuh(), "{:?}", v.laporan);

    // The receipt, checked; a wrong code and an unknown number read alike.
    let (_, h) = kirim(
        &l,
        post("/tanggapan/status", &format!("tanda={tanda1}")),
        "10.0.0.1",
    )
    .await;
    assert!(h.contains("menunggu peninjauan"), "{h}");
    let (_, h) = kirim(
        &l,
        post(
            "/tanggapan/status",
            &format!("tanda={}", tanda2.to_lowercase()),
        ),
        "10.0.0.1",
    )
    .await;
    assert!(h.contains("menunggu peninjauan"), "{h}");
    let salah = format!("{}00000000", &tanda1[..12]);
    let (_, a) = kirim(
        &l,
        post("/tanggapan/status", &format!("tanda={salah}")),
        "10.0.0.1",
    )
    .await;
    let (_, b) = kirim(
        &l,
        post("/tanggapan/status", "tanda=TG-00000099-ABCDEF12"),
        "10.0.0.1",
    )
    .await;
    assert!(a.contains("tidak dikenal"));
    let tanpa_token = |h: &str| h.split("name=\"token\"").next().unwrap().to_owned();
    assert_eq!(tanpa_token(&a), tanpa_token(&b));
}

#[tokio::test]
async fn a_machines_form_a_flood_and_bad_input_are_refused() {
    let (_d, r) = common::ruang();
    let l = layanan(&r, Duration::ZERO);
    let t = token(&l).await;
    let isi = "jenis=ganda&nik=3579011901683468&teks=Terdaftar+dua+kali";
    // The hidden field filled, no token, a forged token.
    for badan in [
        format!("token={t}&situs=http%3A%2F%2Fspam&{isi}"),
        isi.to_owned(),
        format!("token=1700000000000.00000000000000000000000000000000&{isi}"),
    ] {
        let (s, h) = kirim(&l, post("/tanggapan", &badan), "10.0.0.3").await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{badan}");
        assert!(h.contains("Formulir tidak sah"));
    }
    // What the citizen can fix is said: the NIK's form, an empty text, a kind.
    for (badan, kata) in [
        (
            format!("token={t}&jenis=ganda&nik=2222222222222222&teks=x"),
            "placeholder",
        ),
        (
            format!("token={t}&jenis=ganda&nik=3579011901683468&teks=+"),
            "kosong",
        ),
        (
            format!("token={t}&jenis=entah&nik=3579011901683468&teks=x"),
            "Pilih jenis",
        ),
    ] {
        let (s, h) = kirim(&l, post("/tanggapan", &badan), "10.0.0.4").await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{badan}");
        assert!(h.contains(kata), "{kata}: {h}");
    }
    // Five reports an hour from one client; the sixth waits.
    let mut diterima = 0;
    for i in 0..8 {
        let badan = format!("token={t}&jenis=perbaikan&nik=3579011901683468&teks=Laporan+{i}");
        let (s, _) = kirim(&l, post("/tanggapan", &badan), "10.0.0.5").await;
        if s == StatusCode::OK {
            diterima += 1;
        } else {
            assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
        }
    }
    assert_eq!(diterima, 5);
    // A form sent faster than a person types.
    let l = layanan(&r, Duration::from_secs(60));
    let t = token(&l).await;
    let (s, _) = kirim(
        &l,
        post("/tanggapan", &format!("token={t}&{isi}")),
        "10.0.0.6",
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn without_the_office_key_reports_are_closed_and_lookups_go_on() {
    let (_d, mut r) = common::ruang();
    r.sandi = None;
    if std::env::var_os("PADAN_PASSPHRASE").is_some() {
        // A passphrase in the environment would open the key (or not):
        // this test is about a server started without one.
        return;
    }
    let l = layanan(&r, Duration::ZERO);
    let t = token(&l).await;
    let (s, h) = kirim(
        &l,
        post(
            "/tanggapan",
            &format!("token={t}&jenis=ganda&nik=3579011901683468&teks=x"),
        ),
        "10.0.0.7",
    )
    .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(h.contains("belum dibuka"), "{h}");
    let (s, h) = kirim(
        &l,
        post("/cek", "nik=3579011901683468&tanggal_lahir=1968-01-19"),
        "10.0.0.7",
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(h.contains("DW* AGU*"));
}
