//! The public lookup as a citizen, a guesser and an operator meet it:
//! through the service's routes, on a real workspace.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use padan_app::Ruang;
use padan_server::batas::SetelanBatas;
use padan_server::{Layanan, Setelan, aplikasi};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

mod common;
use common::ruang;

fn layanan(r: &Ruang, batas: SetelanBatas) -> Arc<Layanan> {
    let mut s = Setelan::baru(r.clone());
    s.batas = batas;
    s.waktu_cek = Duration::ZERO;
    s.proksi = vec!["10.9.9.9".parse().unwrap()];
    Layanan::baru(s).unwrap()
}

fn longgar() -> SetelanBatas {
    SetelanBatas {
        per_klien_menit: 100_000,
        global_detik: 100_000,
        maks_nik_jam: 100_000,
    }
}

struct Jawab {
    status: StatusCode,
    badan: String,
    header: axum::http::HeaderMap,
}

async fn kirim(l: &Arc<Layanan>, req: Request<Body>, dari: &str) -> Jawab {
    let mut req = req;
    let peer: SocketAddr = format!("{dari}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    let r = aplikasi(Arc::clone(l)).oneshot(req).await.unwrap();
    let status = r.status();
    let header = r.headers().clone();
    let badan =
        String::from_utf8(r.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    Jawab {
        status,
        badan,
        header,
    }
}

fn form(badan: &str) -> Request<Body> {
    Request::post("/cek")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(badan.to_owned()))
        .unwrap()
}

fn json(badan: &str) -> Request<Body> {
    Request::post("/api/cek")
        .header("content-type", "application/json")
        .body(Body::from(badan.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn the_holder_is_told_a_masked_name_the_desa_and_the_tps_only() {
    let (_d, r) = ruang();
    let l = layanan(&r, longgar());
    let j = kirim(
        &l,
        form("nik=3579011901683468&tanggal_lahir=1968-01-19"),
        "10.0.0.1",
    )
    .await;
    assert_eq!(j.status, StatusCode::OK);
    assert!(j.badan.contains("Terdaftar sebagai pemilih"), "{}", j.badan);
    assert!(j.badan.contains("DW* AGU*") && j.badan.contains("Temas"));
    for rahasia in [
        "3579011901683468",
        "DWI AGUS",
        "1968-01-19",
        "19-01-1968",
        "PATIMURA",
    ] {
        assert!(!j.badan.contains(rahasia), "the page shows {rahasia}");
    }
    assert_eq!(j.header["cache-control"], "no-store");
    // By name as on the KTP, in any case, and as JSON; in English.
    let j = kirim(
        &l,
        json(r#"{"nik":"3579012001939270","nama":"imam  santoso"}"#),
        "10.0.0.1",
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&j.badan).unwrap();
    assert_eq!(v["hasil"], "terdaftar");
    assert_eq!(v["tps"], "004");
    assert_eq!(v["nama_samar"], "IMA* SAN****");
    assert_eq!(v.as_object().unwrap().len(), 7, "{v}");
    let j = kirim(
        &l,
        Request::post("/cek?lang=en")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("nik=3579011901683468&nama=Dwi+Agus"))
            .unwrap(),
        "10.0.0.1",
    )
    .await;
    assert!(j.badan.contains("Registered as a voter"), "{}", j.badan);
}

#[tokio::test]
async fn every_kind_of_no_is_the_same_answer() {
    let (_d, r) = ruang();
    let l = layanan(&r, longgar());
    let tidak = [
        // not on the register
        "nik=3579011901683469&tanggal_lahir=1968-01-19",
        // the wrong birth date, the wrong name
        "nik=3579011901683468&tanggal_lahir=1968-01-20",
        "nik=3579011901683468&nama=DWI+AGUSS",
        // a voter removed (TMS 1)
        "nik=3579017007668633&tanggal_lahir=1966-07-30",
        // placeholders and NIKs that cannot be a person's
        "nik=2222222222222222&tanggal_lahir=1968-01-19",
        "nik=0000000000000000&tanggal_lahir=1968-01-19",
        "nik=1234567890123456&tanggal_lahir=1968-01-19",
        "nik=357901190168346&tanggal_lahir=1968-01-19",
        "nik=35790119016834681&tanggal_lahir=1968-01-19",
        "nik=3579011913683468&tanggal_lahir=1968-01-19",
        "nik=357901190168346X&tanggal_lahir=1968-01-19",
        "nik=%27%3Cscript%3E&tanggal_lahir=%3Cb%3E",
        // fields missing or empty
        "nik=3579011901683468",
        "",
        "tanggal_lahir=1968-01-19",
        "nik=3579011901683468&tanggal_lahir=bukan-tanggal",
    ];
    let mut jawaban = vec![];
    for b in tidak {
        let j = kirim(&l, form(b), "10.0.0.1").await;
        assert_eq!(j.status, StatusCode::OK, "{b}");
        assert!(j.badan.contains("Data tidak ditemukan"), "{b}");
        jawaban.push(j.badan);
    }
    assert!(
        jawaban.windows(2).all(|w| w[0] == w[1]),
        "two kinds of no differ"
    );
    // The JSON answer too: one body for every no.
    let a = kirim(
        &l,
        json(r#"{"nik":"2222222222222222","tanggal_lahir":"1968-01-19"}"#),
        "10.0.0.1",
    )
    .await;
    let b = kirim(
        &l,
        json(r#"{"nik":"3579017007668633","tanggal_lahir":"1966-07-30"}"#),
        "10.0.0.1",
    )
    .await;
    assert_eq!(a.badan, r#"{"hasil":"tidak"}"#);
    assert_eq!(a.badan, b.badan);
}

#[tokio::test]
async fn an_enumeration_of_ten_thousand_niks_gets_no_more_than_its_budget() {
    let (_d, r) = ruang();
    let n = |i: u64| format!("nik={}&tanggal_lahir=1990-01-01", 3579010101900001 + i);
    // The default budgets: 10 lookups a minute per client.
    let l = layanan(&r, SetelanBatas::default());
    let mut dijawab = 0;
    for i in 0..10_000 {
        let j = kirim(&l, form(&n(i)), "10.0.0.7").await;
        if j.status == StatusCode::OK {
            dijawab += 1;
        } else {
            assert_eq!(j.status, StatusCode::TOO_MANY_REQUESTS);
            assert!(j.badan.contains("Terlalu banyak permintaan"));
        }
    }
    assert!(dijawab <= 10, "{dijawab} answered");
    // A generous request budget: the enumeration detector stops it after
    // a few close NIKs, and the client stays refused.
    let mut b = longgar();
    b.maks_nik_jam = 20;
    let l = layanan(&r, b);
    let mut dijawab = 0;
    for i in 0..10_000 {
        if kirim(&l, form(&n(i)), "10.0.0.8").await.status == StatusCode::OK {
            dijawab += 1;
        }
    }
    assert!(dijawab <= 5, "{dijawab} answered");
    let j = kirim(
        &l,
        form("nik=3579011901683468&tanggal_lahir=1968-01-19"),
        "10.0.0.8",
    )
    .await;
    assert_eq!(j.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client is served as before.
    let j = kirim(
        &l,
        form("nik=3579011901683468&tanggal_lahir=1968-01-19"),
        "10.0.0.9",
    )
    .await;
    assert!(j.badan.contains("DW* AGU*"));
}

#[tokio::test]
async fn forwarded_addresses_are_believed_from_the_proxy_only() {
    let (_d, r) = ruang();
    let mut b = longgar();
    b.per_klien_menit = 3;
    let l = layanan(&r, b);
    let lewat = |xff: &str| {
        Request::post("/cek")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", xff.to_owned())
            .body(Body::from("nik=3579011901683469&tanggal_lahir=1968-01-19"))
            .unwrap()
    };
    // A client that writes its own header gets no new budget by it.
    let mut ok = 0;
    for i in 0..20 {
        if kirim(&l, lewat(&format!("192.0.2.{i}")), "10.0.0.20")
            .await
            .status
            == StatusCode::OK
        {
            ok += 1;
        }
    }
    assert_eq!(ok, 3);
    // Through the configured proxy, each client has its own budget; a
    // spoofed hop before the real client's is not believed either.
    let mut ok = 0;
    for i in 0..20 {
        let xff = format!("198.51.100.{i}, 203.0.113.5");
        if kirim(&l, lewat(&xff), "10.9.9.9").await.status == StatusCode::OK {
            ok += 1;
        }
    }
    assert_eq!(ok, 3, "the proxy's clients are 203.0.113.5 alone");
    let mut ok = 0;
    for i in 0..20 {
        if kirim(&l, lewat(&format!("203.0.113.{}", 100 + i)), "10.9.9.9")
            .await
            .status
            == StatusCode::OK
        {
            ok += 1;
        }
    }
    assert_eq!(ok, 20);
}

#[tokio::test]
async fn the_audit_holds_marks_and_no_nik() {
    let (_d, r) = ruang();
    let l = layanan(&r, longgar());
    kirim(
        &l,
        form("nik=3579011901683468&tanggal_lahir=1968-01-19"),
        "10.0.0.1",
    )
    .await;
    kirim(
        &l,
        form("nik=3579011901683468&tanggal_lahir=1968-01-20"),
        "10.0.0.1",
    )
    .await;
    kirim(
        &l,
        form("nik=2222222222222222&tanggal_lahir=1968-01-19"),
        "10.0.0.1",
    )
    .await;
    let path = l.path_audit().to_path_buf();
    l.tutup();
    let teks = std::fs::read_to_string(path).unwrap();
    let baris: Vec<serde_json::Value> = teks
        .lines()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(baris.len(), 3);
    assert_eq!(baris[0]["hasil"], "terdaftar");
    assert_eq!(baris[1]["hasil"], "tidak");
    assert_eq!(baris[0]["nik"], baris[1]["nik"], "one NIK, one mark");
    assert_ne!(baris[0]["nik"], baris[2]["nik"]);
    for rahasia in ["3579011901683468", "2222222222222222", "1968", "10.0.0.1"] {
        assert!(!teks.contains(rahasia), "the audit holds {rahasia}");
    }
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let (_d, r) = ruang();
    let l = layanan(&r, longgar());
    let get = |p: &str| Request::get(p).body(Body::empty()).unwrap();
    assert_eq!(
        kirim(&l, get("/healthz"), "127.0.0.1").await.status,
        StatusCode::OK
    );
    assert_eq!(
        kirim(&l, get("/readyz"), "127.0.0.1").await.status,
        StatusCode::OK
    );
    kirim(
        &l,
        form("nik=2222222222222222&tanggal_lahir=1968-01-19"),
        "10.0.0.1",
    )
    .await;
    let m = kirim(&l, get("/metrics"), "127.0.0.1").await;
    assert!(
        m.badan.contains("padan_cek_total{hasil=\"tidak\"} 1"),
        "{}",
        m.badan
    );
    let p = kirim(&l, get("/cek"), "10.0.0.1").await;
    assert!(p.badan.contains("name=\"nik\"") && p.badan.contains("width=device-width"));
    // A workspace that cannot be read is refused at start.
    std::fs::remove_dir_all(&r.dir).unwrap();
    let l2 = Layanan::baru(Setelan::baru(r.clone()));
    assert!(l2.is_err());
}

#[tokio::test]
async fn the_json_api_is_described_by_its_openapi_document() {
    let (_d, r) = ruang();
    let l = layanan(&r, longgar());
    let j = kirim(
        &l,
        Request::get("/openapi.json").body(Body::empty()).unwrap(),
        "127.0.0.1",
    )
    .await;
    assert_eq!(j.status, StatusCode::OK);
    let dok: serde_json::Value = serde_json::from_str(&j.badan).unwrap();
    assert!(dok["openapi"].as_str().unwrap().starts_with("3."));
    let op = &dok["paths"]["/api/cek"]["post"];
    for s in ["200", "429", "503"] {
        assert!(op["responses"][s].is_object(), "no {s} in {op}");
    }
    // Every field the API really answers is one the document names.
    let skema = serde_json::to_string(&dok["components"]["schemas"]["JawabanCek"]).unwrap();
    let ya = kirim(
        &l,
        json(r#"{"nik":"3579011901683468","tanggal_lahir":"19-01-1968"}"#),
        "10.0.0.1",
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&ya.badan).unwrap();
    for k in v.as_object().unwrap().keys() {
        assert!(
            skema.contains(&format!("\"{k}\"")),
            "{k} is not in the schema {skema}"
        );
    }
    for k in ["nik", "tanggal_lahir", "nama"] {
        assert!(
            dok["components"]["schemas"]["FormCek"]["properties"][k].is_object(),
            "{k}"
        );
    }
}
