//! The operator web app as its users meet it: sign-in with lock-out, a
//! session that cannot be fixed or forged, CSRF on every form, regions
//! that hold whatever URL is typed, and a removal decided by one operator
//! and approved by another before the recap moves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use padan_app::Ruang;
use padan_core::JenisTanggapan;
use padan_server::{Layanan, Setelan, aplikasi};
use std::net::SocketAddr;
use std::sync::Arc;
use tower::ServiceExt;

use common::{SANDI, siapkan};

fn layanan(r: &Ruang) -> Arc<Layanan> {
    Layanan::baru(Setelan::baru(r.clone())).unwrap()
}

struct Jawab {
    status: StatusCode,
    lokasi: Option<String>,
    kuki: Option<String>,
    isi: String,
}

async fn kirim(l: &Arc<Layanan>, mut req: Request<Body>) -> Jawab {
    let peer: SocketAddr = "10.1.0.1:40000".parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    let r = aplikasi(Arc::clone(l)).oneshot(req).await.unwrap();
    let status = r.status();
    let lokasi = r
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_owned());
    let kuki = r
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_owned());
    let b = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Jawab {
        status,
        lokasi,
        kuki,
        isi: String::from_utf8_lossy(&b).into_owned(),
    }
}

fn get(path: &str, kuki: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(k) = kuki {
        r = r.header(header::COOKIE, k);
    }
    r.body(Body::empty()).unwrap()
}

fn post(path: &str, kuki: Option<&str>, badan: &str) -> Request<Body> {
    let mut r = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if let Some(k) = kuki {
        r = r.header(header::COOKIE, k);
    }
    r.body(Body::from(badan.to_owned())).unwrap()
}

fn nilai(halaman: &str, nama: &str) -> String {
    let tanda = format!("name=\"{nama}\" value=\"");
    let awal = halaman.find(&tanda).unwrap() + tanda.len();
    let akhir = halaman[awal..].find('"').unwrap();
    halaman[awal..awal + akhir].to_owned()
}

/// `name=value` of a Set-Cookie.
fn pasangan(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

async fn coba_masuk(l: &Arc<Layanan>, nama: &str, sandi: &str, kuki: Option<&str>) -> Jawab {
    let h = kirim(l, get("/operator/masuk", None)).await;
    let token = nilai(&h.isi, "token");
    kirim(
        l,
        post(
            "/operator/masuk",
            kuki,
            &format!("nama={nama}&sandi={sandi}&token={token}"),
        ),
    )
    .await
}

/// Signs in; returns the cookie to send and the session's CSRF token.
async fn masuk(l: &Arc<Layanan>, nama: &str) -> (String, String) {
    let j = coba_masuk(l, nama, SANDI, None).await;
    assert_eq!(j.status, StatusCode::SEE_OTHER, "{}", j.isi);
    let k = j.kuki.unwrap();
    assert!(
        k.contains("HttpOnly") && k.contains("Secure") && k.contains("SameSite=Strict"),
        "{k}"
    );
    let kuki = pasangan(&k);
    let d = kirim(l, get("/operator", Some(&kuki))).await;
    assert_eq!(d.status, StatusCode::OK);
    (kuki, nilai(&d.isi, "csrf"))
}

#[tokio::test]
async fn masuk_salah_lalu_terkunci() {
    let (_d, r) = siapkan();
    let l = layanan(&r);
    // Without a session every page sends to the sign-in.
    let j = kirim(&l, get("/operator", None)).await;
    assert_eq!(j.lokasi.as_deref(), Some("/operator/masuk"));
    // A wrong password and an unknown name read the same.
    let salah = coba_masuk(&l, "ani", "bukan-sandinya-1", None).await;
    let asing = coba_masuk(&l, "siapa", SANDI, None).await;
    assert_eq!(salah.status, StatusCode::UNAUTHORIZED);
    assert_eq!(asing.status, StatusCode::UNAUTHORIZED);
    assert!(salah.kuki.is_none());
    let pesan = |h: &str| {
        h[h.find("id=\"pesan\"").unwrap()..]
            .split("</p>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(pesan(&salah.isi), pesan(&asing.isi));
    // A form without our token is refused before the password is looked at.
    let j = kirim(
        &l,
        post(
            "/operator/masuk",
            None,
            &format!("nama=ani&sandi={SANDI}&token=1.x"),
        ),
    )
    .await;
    assert_eq!(j.status, StatusCode::FORBIDDEN);
    // Five wrong in all lock the name: then even the right password fails.
    for _ in 0..4 {
        coba_masuk(&l, "ani", "bukan-sandinya-1", None).await;
    }
    let j = coba_masuk(&l, "ani", SANDI, None).await;
    assert_eq!(j.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(j.kuki.is_none());
    assert!(j.isi.contains("dikunci"), "{}", j.isi);
    // Another name is not locked by it.
    masuk(&l, "budi").await;
    // Every attempt is in the operators' audit.
    l.tutup();
    let audit = std::fs::read_to_string(r.dir.join("audit/operator.jsonl")).unwrap();
    assert_eq!(audit.matches("\"masuk-gagal\"").count(), 7, "{audit}");
    assert!(audit.contains("\"terkunci\""));
    assert!(
        !audit.contains(SANDI),
        "the password never reaches the audit"
    );
}

#[tokio::test]
async fn sesi_tidak_bisa_dipasang() {
    let (_d, r) = siapkan();
    let l = layanan(&r);
    // An attacker's planted cookie: sign-in gives a new one, and the planted
    // one opens nothing.
    let tanam =
        "__Host-padan-sesi=0000000000000000000000000000000000000000000000000000000000000000";
    let j = coba_masuk(&l, "ani", SANDI, Some(tanam)).await;
    assert_eq!(j.status, StatusCode::SEE_OTHER);
    let baru = pasangan(&j.kuki.unwrap());
    assert_ne!(baru, tanam);
    assert_eq!(
        kirim(&l, get("/operator", Some(tanam))).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        kirim(&l, get("/operator", Some(&baru))).await.status,
        StatusCode::OK
    );
    // Two sign-ins, two sessions; signing out ends only its own, and the
    // cookie is cleared.
    let (kedua, csrf) = masuk(&l, "ani").await;
    assert_ne!(kedua, baru);
    let j = kirim(
        &l,
        post("/operator/keluar", Some(&kedua), &format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(j.lokasi.as_deref(), Some("/operator/masuk"));
    assert!(j.kuki.unwrap().contains("Max-Age=0"));
    assert_eq!(
        kirim(&l, get("/operator", Some(&kedua))).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        kirim(&l, get("/operator", Some(&baru))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wilayah_bertahan_apa_pun_url_nya() {
    let (_d, r) = siapkan();
    let l = layanan(&r);
    let (ani, _) = masuk(&l, "ani").await; // 35.79.01, where all three voters live
    let (budi, _) = masuk(&l, "budi").await; // 35.79.02
    let nik = "3579012001939270";
    let j = kirim(&l, get(&format!("/operator/pemilih?q={nik}"), Some(&ani))).await;
    assert!(j.isi.contains("IMAM SANTOSO"), "{}", j.isi);
    // The results never print a full NIK, even to the voter's operator.
    assert!(!j.isi[j.isi.find("id=\"hasil\"").unwrap()..].contains(nik));
    let id = {
        let i = j.isi.find("/operator/pemilih/").unwrap() + 18;
        j.isi[i..i + 12].split('"').next().unwrap().to_owned()
    };
    let lihat = kirim(&l, get(&format!("/operator/pemilih/{id}"), Some(&ani))).await;
    assert_eq!(lihat.status, StatusCode::OK);
    assert!(lihat.isi.contains("kronologi"));
    // Budi: the search finds nothing, by NIK or by name, and the voter's
    // URL reads exactly as a voter that does not exist.
    let j = kirim(&l, get(&format!("/operator/pemilih?q={nik}"), Some(&budi))).await;
    assert!(!j.isi.contains("IMAM"), "{}", j.isi);
    let j = kirim(&l, get("/operator/pemilih?q=IMAM", Some(&budi))).await;
    assert!(!j.isi.contains("IMAM SANTOSO"));
    let luar = kirim(&l, get(&format!("/operator/pemilih/{id}"), Some(&budi))).await;
    let tiada = kirim(&l, get("/operator/pemilih/P-99999999", Some(&budi))).await;
    assert_eq!(luar.status, StatusCode::NOT_FOUND);
    assert_eq!(tiada.status, StatusCode::NOT_FOUND);
    assert_eq!(
        luar.isi.replace(&id, "X"),
        tiada.isi.replace("P-99999999", "X")
    );
    // Nor does the recap show him Ani's desa.
    let d = kirim(&l, get("/operator", Some(&budi))).await;
    assert!(!d.isi.contains("35.79.01.1001"));
    let d = kirim(&l, get("/operator", Some(&ani))).await;
    assert!(d.isi.contains("35.79.01.1001"));
}

/// A citizen's report of a dead relative: decided by Ani, refused to her
/// own approval and to a forged form, approved by Vera; the recap moves.
#[tokio::test]
async fn empat_mata_lewat_web() {
    let (_d, r) = siapkan();
    let rahasia = padan_app::cek::rahasia(&r).unwrap();
    let t = padan_app::tanggapan::dari_publik(
        &r,
        &rahasia,
        &padan_app::tanggapan::LaporanPublik {
            jenis: JenisTanggapan::TidakMemenuhiSyarat,
            nik: "3579012001939270".into(),
            teks: "Ayah saya meninggal bulan lalu".into(),
        },
    )
    .unwrap();
    let kasus = &t.tanda[..11];
    let l = layanan(&r);
    let (ani, csrf_ani) = masuk(&l, "ani").await;
    let (budi, _) = masuk(&l, "budi").await;
    let (vera, csrf_vera) = masuk(&l, "vera").await;
    let total = |h: &str| {
        let i = h.find("id=\"total\">").unwrap() + 11;
        h[i..].split('<').next().unwrap().parse::<u64>().unwrap()
    };
    let awal = total(&kirim(&l, get("/operator", Some(&vera))).await.isi);
    assert_eq!(awal, 2);
    // The report is in Ani's queue, not Budi's.
    let q = kirim(&l, get("/operator/antrian", Some(&ani))).await;
    assert!(q.isi.contains(kasus), "{}", q.isi);
    assert!(
        !kirim(&l, get("/operator/antrian", Some(&budi)))
            .await
            .isi
            .contains(kasus)
    );
    let url = format!("/operator/kasus/{kasus}");
    assert_eq!(
        kirim(&l, get(&url, Some(&budi))).await.status,
        StatusCode::NOT_FOUND
    );
    let putus = format!("{url}/putus");
    let badan = "putusan=accept&alasan=akta+kematian+diperiksa&dokumen=Akta+474.3%2F12&kode=1";
    // Without the session's CSRF token, and from another site: refused,
    // nothing recorded.
    let j = kirim(&l, post(&putus, Some(&ani), &format!("{badan}&csrf=salah"))).await;
    assert_eq!(j.status, StatusCode::FORBIDDEN);
    let mut req = post(&putus, Some(&ani), &format!("{badan}&csrf={csrf_ani}"));
    req.headers_mut()
        .insert(header::HOST, "padan.kpu.local".parse().unwrap());
    req.headers_mut()
        .insert(header::ORIGIN, "https://jahat.example".parse().unwrap());
    assert_eq!(kirim(&l, req).await.status, StatusCode::FORBIDDEN);
    // Budi, outside the region, cannot decide it either.
    let (_, csrf_budi) = masuk(&l, "budi").await;
    let j = kirim(
        &l,
        post(&putus, Some(&budi), &format!("{badan}&csrf={csrf_budi}")),
    )
    .await;
    assert_eq!(j.status, StatusCode::FORBIDDEN, "{}", j.isi);
    // Ani decides.
    let j = kirim(
        &l,
        post(&putus, Some(&ani), &format!("{badan}&csrf={csrf_ani}")),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    assert!(j.isi.contains("KP-"), "{}", j.isi);
    assert!(j.isi.contains("menunggu persetujuan"));
    // The removal waits: the recap has not moved.
    assert_eq!(
        total(&kirim(&l, get("/operator", Some(&vera))).await.isi),
        awal
    );
    // Ani has no approve form, and a forged one is refused by the use case.
    let setujui = format!("{url}/setujui");
    let j = kirim(&l, post(&setujui, Some(&ani), &format!("csrf={csrf_ani}"))).await;
    assert_eq!(j.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Vera approves.
    let halaman = kirim(&l, get(&url, Some(&vera))).await;
    assert!(halaman.isi.contains("id=\"setujui\""));
    let j = kirim(
        &l,
        post(
            &setujui,
            Some(&vera),
            &format!("csrf={csrf_vera}&alasan=sesuai"),
        ),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    assert!(j.isi.contains("approved"), "{}", j.isi);
    assert_eq!(
        total(&kirim(&l, get("/operator", Some(&vera))).await.isi),
        awal - 1
    );
    // Ani downloads the voter's signed dossier; Budi cannot.
    let h = padan_app::baca::riwayat(&r, "3579012001939270").unwrap();
    let dosir = format!("/operator/pemilih/{}/dosir.pdf", h.id_pemilih);
    let j = kirim(&l, get(&dosir, Some(&ani))).await;
    assert_eq!(j.status, StatusCode::OK);
    assert!(j.isi.starts_with("%PDF"));
    let j = kirim(&l, get(&dosir.replace(".pdf", ".json"), Some(&ani))).await;
    assert!(j.isi.contains("tanda_tangan"), "{}", j.isi);
    assert_eq!(
        kirim(&l, get(&dosir, Some(&budi))).await.status,
        StatusCode::NOT_FOUND
    );
    // The ketua closes the period in plenary; the Berita Acara downloads.
    let (ketua, csrf_ketua) = masuk(&l, "ketua").await;
    let tutup = "periode=2026-TW4&dokumen=BA+pleno+20%2F2026";
    let j = kirim(
        &l,
        post(
            "/operator/periode",
            Some(&ani),
            &format!("{tutup}&csrf={csrf_ani}"),
        ),
    )
    .await;
    assert_eq!(
        j.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an operator may not close a period"
    );
    let j = kirim(
        &l,
        post(
            "/operator/periode",
            Some(&ketua),
            &format!("{tutup}&csrf={csrf_ketua}"),
        ),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    assert!(j.isi.contains("id=\"ba-pemilih\">1<"), "{}", j.isi);
    let j = kirim(&l, get("/operator/periode/2026-TW4/ba.pdf", Some(&ketua))).await;
    assert!(j.isi.starts_with("%PDF"));
    let j = kirim(
        &l,
        get("/operator/periode/..%2F..%2Fdb/ba.pdf", Some(&ketua)),
    )
    .await;
    assert_eq!(j.status, StatusCode::NOT_FOUND);
    // The voter's chronology names both.
    let h = padan_app::baca::riwayat(&r, "3579012001939270").unwrap();
    let oleh: Vec<_> = h.peristiwa.iter().map(|e| e.operator.as_str()).collect();
    assert!(oleh.contains(&"vera"), "{oleh:?}");
    // And the audit holds each act, the refused ones too.
    l.tutup();
    let audit = std::fs::read_to_string(r.dir.join("audit/operator.jsonl")).unwrap();
    for s in [
        "\"csrf\"",
        "\"putus\"",
        "\"setujui\"",
        "\"lihat-kasus\"",
        "\"dosir\"",
        "\"tutup-periode\"",
    ] {
        assert!(audit.contains(s), "{s}: {audit}");
    }
}

fn multipart(csrf: &str, nama_berkas: &str, isi: &str) -> (String, String) {
    let batas = "----padanuji7MA4YWxkTrZu0gW";
    let mut b = String::new();
    for (k, v) in [
        ("csrf", csrf),
        ("jenis", "dpt"),
        ("sumber", "PPS Temas"),
        ("dokumen", "BA 12/2026"),
    ] {
        b += &format!("--{batas}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n");
    }
    b += &format!(
        "--{batas}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{nama_berkas}\"\r\nContent-Type: text/csv\r\n\r\n{isi}\r\n--{batas}--\r\n"
    );
    (format!("multipart/form-data; boundary={batas}"), b)
}

#[tokio::test]
async fn unggah_dpt_dengan_baris_buruk() {
    let (_d, r) = siapkan();
    let l = layanan(&r);
    let (ani, csrf) = masuk(&l, "ani").await;
    let (budi, _) = masuk(&l, "budi").await;
    let dpt = "NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,STATUS_KAWIN,JENIS_KELAMIN,ALAMAT,RT,RW,DISABILITAS,KTP_EL,KETERANGAN,KODE_DESA,TPS\n\
3579013007217118,3579014505900001,RINA WATI,BATU,05-05-1990,B,P,JL. DIPONEGORO 1,001,002,0,S,B,35.79.01.1002,003\n\
3579013007217118,1234,SALAH NIK,BATU,05-05-1990,B,P,JL. DIPONEGORO 1,001,002,0,S,B,35.79.01.1002,003\n\
3579013007217118,3579011203950002,ADI PUTRA,BATU,12-03-1995,B,L,JL. DIPONEGORO 1,001,002,0,S,B,35.79.01.1002,003\n";
    let kirim_unggah = |kuki: String, csrf: String, nama: &'static str| {
        let (jenis, badan) = multipart(&csrf, nama, dpt);
        Request::post("/operator/impor")
            .header("content-type", jenis)
            .header(header::COOKIE, kuki)
            .body(Body::from(badan))
            .unwrap()
    };
    // A forged form (wrong token) imports nothing and leaves no file.
    let j = kirim(&l, kirim_unggah(ani.clone(), "salah".into(), "dpt.csv")).await;
    assert_eq!(j.status, StatusCode::FORBIDDEN);
    assert_eq!(std::fs::read_dir(r.dir.join("unggah")).unwrap().count(), 0);
    let j = kirim(
        &l,
        kirim_unggah(ani.clone(), csrf.clone(), "../../dpt baru.csv"),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    assert!(
        j.isi.contains("3 dibaca = 2 diterima + 1 ditolak"),
        "{}",
        j.isi
    );
    // The uploaded copy is gone (the store keeps the document).
    assert_eq!(std::fs::read_dir(r.dir.join("unggah")).unwrap().count(), 0);
    let i = j.isi.find("/operator/impor/").unwrap();
    let url = j.isi[i..].split('"').next().unwrap().to_owned();
    let t = kirim(&l, get(&url, Some(&ani))).await;
    assert_eq!(t.status, StatusCode::OK);
    assert!(
        t.isi.contains("SALAH NIK") && t.isi.contains("kode_galat"),
        "{}",
        t.isi
    );
    assert!(!t.isi.contains("RINA WATI"));
    // Another operator's session cannot fetch it.
    assert_eq!(
        kirim(&l, get(&url, Some(&budi))).await.status,
        StatusCode::NOT_FOUND
    );
    // The two voters are on the register, by Ani.
    let h = padan_app::baca::riwayat(&r, "3579014505900001").unwrap();
    assert_eq!(h.peristiwa[0].operator, "ani");
}

fn json_req(method: &str, path: &str, token: &str, badan: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(badan.to_owned()))
        .unwrap()
}

/// The JSON API with per-operator tokens: the same regions and four eyes
/// as the pages; a revoked token opens nothing.
#[tokio::test]
async fn api_dengan_token() {
    let (_d, r) = siapkan();
    let rahasia = padan_app::cek::rahasia(&r).unwrap();
    let t = padan_app::tanggapan::dari_publik(
        &r,
        &rahasia,
        &padan_app::tanggapan::LaporanPublik {
            jenis: JenisTanggapan::TidakMemenuhiSyarat,
            nik: "3579012001939270".into(),
            teks: "Meninggal".into(),
        },
    )
    .unwrap();
    let kasus = t.tanda[..11].to_owned();
    let ani = padan_app::masuk::buat_token(&r, "ani").unwrap();
    let budi = padan_app::masuk::buat_token(&r, "budi").unwrap();
    let vera = padan_app::masuk::buat_token(&r, "vera").unwrap();
    assert!(ani.starts_with("pdn_") && ani.len() == 68);
    let l = layanan(&r);
    // No token, a wrong one: 401.
    let j = kirim(&l, get("/api/operator/antrian", None)).await;
    assert_eq!(j.status, StatusCode::UNAUTHORIZED);
    let j = kirim(
        &l,
        json_req(
            "GET",
            "/api/operator/antrian",
            &format!("pdn_{}", "0".repeat(64)),
            "",
        ),
    )
    .await;
    assert_eq!(j.status, StatusCode::UNAUTHORIZED);
    // The queue: Ani sees the report, Budi does not.
    let j = kirim(&l, json_req("GET", "/api/operator/antrian", &ani, "")).await;
    assert_eq!(j.status, StatusCode::OK);
    assert!(j.isi.contains(&kasus), "{}", j.isi);
    assert!(
        !kirim(&l, json_req("GET", "/api/operator/antrian", &budi, ""))
            .await
            .isi
            .contains(&kasus)
    );
    // A voter: masked for Ani, absent for Budi.
    let j = kirim(
        &l,
        json_req("GET", "/api/operator/pemilih/3579012001939270", &ani, ""),
    )
    .await;
    assert_eq!(j.status, StatusCode::OK);
    assert!(
        j.isi.contains("IMAM SANTOSO") && !j.isi.contains("3579012001939270"),
        "{}",
        j.isi
    );
    let j = kirim(
        &l,
        json_req("GET", "/api/operator/pemilih/3579012001939270", &budi, ""),
    )
    .await;
    assert_eq!(j.status, StatusCode::NOT_FOUND);
    // Decide as Ani, approve as Ani (refused), then as Vera.
    let putus = format!("/api/operator/kasus/{kasus}/putus");
    let badan = r#"{"putusan":"accept","alasan":"akta kematian","dokumen":"Akta 1","kode":1}"#;
    let j = kirim(&l, json_req("POST", &putus, &ani, badan)).await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    assert!(j.isi.contains("\"menunggu_persetujuan\":true"), "{}", j.isi);
    let setujui = format!("/api/operator/kasus/{kasus}/setujui");
    let j = kirim(&l, json_req("POST", &setujui, &ani, "{}")).await;
    assert_eq!(j.status, StatusCode::UNPROCESSABLE_ENTITY);
    let j = kirim(&l, json_req("POST", &setujui, &vera, "{}")).await;
    assert_eq!(j.status, StatusCode::OK, "{}", j.isi);
    // Revoked: nothing.
    assert_eq!(padan_app::masuk::cabut_token(&r, "ani").unwrap(), 1);
    let j = kirim(&l, json_req("GET", "/api/operator/antrian", &ani, "")).await;
    assert_eq!(j.status, StatusCode::UNAUTHORIZED);
    // A NIK typed into a URL reaches the audit masked only.
    l.tutup();
    let audit = std::fs::read_to_string(r.dir.join("audit/operator.jsonl")).unwrap();
    assert!(audit.contains("\"api:lihat-pemilih\""), "{audit}");
    assert!(!audit.contains("3579012001939270"), "{audit}");
    // The API is in the OpenAPI document, with its security scheme.
    let j = kirim(&l, get("/openapi.json", None)).await;
    assert!(
        j.isi.contains("/api/operator/kasus/{kunci}/putus") && j.isi.contains("bearer"),
        "{}",
        j.isi
    );
}
