//! The lookup in a real headless browser (Debian's chromium, driven through
//! /usr/bin/chromedriver), on a phone-sized window, the way a citizen uses
//! it: type the NIK and the name, press the button, read the answer;
//! switch to English; a NIK that is no one's. Screenshots of each page go to
//! `$PADAN_SCREENSHOT_DIR` (default: the target folder's `screenshots/`).
//!
//! Needs chromium and chromium-driver (`.ci/run` installs them). Without
//! them the test says so and passes, unless `PADAN_E2E=1` (as in CI), where
//! it fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use fantoccini::{ClientBuilder, Locator};
use padan_server::batas::SetelanBatas;
use padan_server::{Layanan, Setelan};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn port_bebas() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn folder_gambar() -> PathBuf {
    let d = std::env::var_os("PADAN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Types into the field with this id.
async fn isi(c: &fantoccini::Client, id: &str, teks: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap()
        .send_keys(teks)
        .await
        .unwrap();
}

/// Clicks the element this CSS selector finds.
async fn klik(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The answer box's text, once the next page has it.
async fn baca_jawaban(c: &fantoccini::Client) -> String {
    teks(c, "jawaban").await
}

/// Whether chromium and its driver are here; with `PADAN_E2E=1` (CI) their
/// absence fails the test instead of skipping it.
fn ada_peramban() -> bool {
    if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
        return true;
    }
    assert!(
        std::env::var("PADAN_E2E").as_deref() != Ok("1"),
        "PADAN_E2E=1 but {CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install chromium chromium-driver)"
    );
    eprintln!("skipped: no {CHROMEDRIVER}; apt-get install chromium chromium-driver");
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citizen_checks_their_registration_in_a_browser() {
    if !ada_peramban() {
        return;
    }
    let (_d, r) = common::ruang();
    let mut s = Setelan::baru(r.clone());
    s.batas = SetelanBatas::default();
    s.tanggapan_min = Duration::from_millis(300);
    let l = Layanan::baru(s).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let alamat = format!("http://{}", listener.local_addr().unwrap());
    let (henti, tunggu) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(padan_server::layani(l, listener, async {
        let _ = tunggu.await;
    }));

    let unduhan = _d.path().join("unduhan");
    std::fs::create_dir_all(&unduhan).unwrap();
    let (_driver, c) = peramban(&unduhan).await;
    let gambar = folder_gambar();
    let simpan = |nama: &'static str, png: Vec<u8>| {
        let p = gambar.join(nama);
        std::fs::write(&p, png).unwrap();
    };

    // The form, empty.
    c.goto(&format!("{alamat}/cek")).await.unwrap();
    simpan("cek-form.png", c.screenshot().await.unwrap());
    // The holder: NIK and the name as on the KTP, as typed on a phone.
    isi(&c, "nik", "3579011901683468").await;
    isi(&c, "nama", "Dwi Agus").await;
    klik(&c, "button[type=submit]").await;
    let jawaban = baca_jawaban(&c).await;
    assert!(jawaban.contains("Terdaftar sebagai pemilih"), "{jawaban}");
    assert!(jawaban.contains("DW* AGU*") && jawaban.contains("Temas") && jawaban.contains("001"));
    let halaman = c.source().await.unwrap();
    assert!(
        !halaman.contains("3579011901683468"),
        "the NIK is shown back"
    );
    simpan("cek-terdaftar.png", c.screenshot().await.unwrap());
    // The answer fits a phone: nothing wider than the window.
    let lebar = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(lebar[1], 390, "not a phone's viewport");
    assert!(
        lebar[0].as_u64() <= lebar[1].as_u64(),
        "the page is wider than the phone: {lebar}"
    );

    // English, through the link in the header; a placeholder NIK is "no".
    c.find(Locator::LinkText("English"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .for_element(Locator::Css("html[lang=en] #nik"))
        .await
        .unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/cek?lang=en")
    );
    isi(&c, "nik", "2222222222222222").await;
    isi(&c, "nama", "DWI AGUS").await;
    klik(&c, "button[type=submit]").await;
    let jawaban = baca_jawaban(&c).await;
    let url = c.current_url().await.unwrap();
    assert!(jawaban.contains("No record found"), "{url} {jawaban}");
    simpan("cek-tidak-en.png", c.screenshot().await.unwrap());

    // A citizen's report, through the header's link, reaches the queue.
    klik(&c, "header a[href^='/tanggapan']").await;
    c.wait().for_element(Locator::Id("teks")).await.unwrap();
    klik(&c, "select#jenis option[value=tidak-memenuhi-syarat]").await;
    isi(&c, "nik", "3579011901683468").await;
    isi(&c, "teks", "Bapak kami telah meninggal dunia bulan lalu.").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    klik(&c, "form[action^='/tanggapan?'] button").await;
    let jawaban = baca_jawaban(&c).await;
    assert!(
        jawaban.contains("Report received") && jawaban.contains("TG-00000001-"),
        "{jawaban}"
    );
    simpan("tanggapan-diterima.png", c.screenshot().await.unwrap());
    let g = r.buka().unwrap();
    let k = g
        .kasus("TG-00000001")
        .unwrap()
        .expect("the report is not in the queue");
    assert_eq!(k.status, padan_core::StatusKasus::Terbuka);
    let t = g.tanggapan(1).unwrap().unwrap();
    assert_eq!(t.isi.jenis, padan_core::JenisTanggapan::TidakMemenuhiSyarat);

    c.close().await.unwrap();
    let _ = henti.send(());
    server.await.unwrap().unwrap();
}

/// Starts chromedriver and a headless chromium on a phone's viewport (a
/// desktop window is at least ~500 px), in Indonesian (the pages follow
/// the browser's language), saving downloads to `unduhan`.
async fn peramban(unduhan: &Path) -> (Driver, fantoccini::Client) {
    let port = port_bebas();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut cap = serde_json::Map::new();
    cap.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=390,844", "--lang=id"],
            "prefs": {"intl.accept_languages": "id-ID,id",
                      "download.default_directory": unduhan, "download.prompt_for_download": false},
            "mobileEmulation": {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 1.0}},
        }),
    );
    for _ in 0..100 {
        let mut b = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        b.capabilities(cap.clone());
        if let Ok(k) = b.connect(&format!("http://127.0.0.1:{port}")).await {
            return (driver, k);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}

async fn masuk_sebagai(c: &fantoccini::Client, alamat: &str, nama: &str) {
    c.goto(&format!("{alamat}/operator/masuk")).await.unwrap();
    isi(c, "nama", nama).await;
    isi(c, "sandi", common::SANDI).await;
    klik(c, "#masuk").await;
    if c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Id("total"))
        .await
        .is_err()
    {
        let url = c.current_url().await.unwrap();
        panic!("not signed in: {url} {}", c.source().await.unwrap());
    }
}

async fn teks(c: &fantoccini::Client, id: &str) -> String {
    c.wait()
        .for_element(Locator::Id(id))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Operators at work: sign in, upload a DPT with a bad row and download
/// its rejects, run the matching, decide a removal as one operator and
/// approve it as another, and see the recap change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_work_in_a_browser() {
    if !ada_peramban() {
        return;
    }
    let (d, r) = common::siapkan();
    let l = Layanan::baru(Setelan::baru(r.clone())).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    // `localhost`: a browser keeps a `Secure` cookie from plain HTTP only
    // there (a real service sits behind HTTPS).
    let alamat = format!("http://localhost:{}", listener.local_addr().unwrap().port());
    let (henti, tunggu) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(padan_server::layani(l, listener, async {
        let _ = tunggu.await;
    }));
    let unduhan = d.path().join("unduhan");
    std::fs::create_dir_all(&unduhan).unwrap();
    let (_driver, c) = peramban(&unduhan).await;
    let gambar = folder_gambar();
    let simpan = |nama: &'static str, png: Vec<u8>| std::fs::write(gambar.join(nama), png).unwrap();

    // 1. Sign in.
    c.goto(&format!("{alamat}/operator")).await.unwrap();
    c.wait().for_element(Locator::Id("sandi")).await.unwrap();
    simpan("operator-masuk.png", c.screenshot().await.unwrap());
    masuk_sebagai(&c, &alamat, "ani").await;
    // htmx, built in, runs under the pages' CSP (no script from elsewhere).
    let htmx = c.execute("return typeof htmx", vec![]).await.unwrap();
    assert_eq!(htmx, "object", "htmx did not load");
    let awal: u64 = teks(&c, "total").await.parse().unwrap();
    assert_eq!(awal, 2);

    // 2. Upload a DPT with a bad row; the same man entered twice under a
    //    mistyped NIK is for the matching to find.
    let dpt = d.path().join("dpt-pps-temas.csv");
    std::fs::write(
        &dpt,
        "NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,STATUS_KAWIN,JENIS_KELAMIN,ALAMAT,RT,RW,DISABILITAS,KTP_EL,KETERANGAN,KODE_DESA,TPS\n\
3579013007217117,3579011901683469,DWI AGUS,BATU,19-01-1968,S,L,JL. PATIMURA NO. 68,002,008,0,S,B,35.79.01.1001,001\n\
3579013007217118,1234,SALAH NIK,BATU,05-05-1990,B,P,JL. DIPONEGORO 1,001,002,0,S,B,35.79.01.1002,003\n\
3579013007217118,3579014505900001,RINA WATI,BATU,05-05-1990,B,P,JL. DIPONEGORO 1,001,002,0,S,B,35.79.01.1002,003\n",
    )
    .unwrap();
    c.goto(&format!("{alamat}/operator/impor")).await.unwrap();
    isi(&c, "sumber", "PPS Temas").await;
    isi(&c, "dokumen", "BA PPS 12/2026").await;
    isi(&c, "berkas", dpt.to_str().unwrap()).await;
    klik(&c, "#unggah").await;
    let ringkas = teks(&c, "ringkas").await;
    assert_eq!(ringkas, "3 dibaca = 2 diterima + 1 ditolak");
    simpan("operator-impor.png", c.screenshot().await.unwrap());
    klik(&c, "#unduh-tolakan").await;
    let mut tolakan = None;
    for _ in 0..100 {
        tolakan = std::fs::read_dir(&unduhan)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".csv"));
        if tolakan.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let isi_tolakan =
        std::fs::read_to_string(tolakan.expect("no rejects file downloaded")).unwrap();
    assert!(
        isi_tolakan.contains("SALAH NIK") && !isi_tolakan.contains("RINA"),
        "{isi_tolakan}"
    );

    // 3. Run the matching.
    c.goto(&format!("{alamat}/operator/antrian")).await.unwrap();
    klik(&c, "#padan").await;
    c.wait().for_element(Locator::Id("temuan")).await.unwrap();
    simpan("operator-antrian.png", c.screenshot().await.unwrap());
    klik(&c, "#temuan a").await;

    // 4. Ani decides the removal; Vera approves it.
    c.wait().for_element(Locator::Id("putusan")).await.unwrap();
    simpan("operator-kasus.png", c.screenshot().await.unwrap());
    let kasus = c.current_url().await.unwrap().to_string();
    isi(&c, "alasan", "Orang yang sama, NIK salah ketik").await;
    isi(&c, "dokumen", "BA pleno PPS 13/2026").await;
    klik(&c, "#putus").await;
    let pesan = teks(&c, "pesan").await;
    assert!(pesan.contains("KP-"), "{pesan}");
    assert!(teks(&c, "status").await.contains("menunggu persetujuan"));
    klik(&c, "header form button").await;
    c.wait().for_element(Locator::Id("sandi")).await.unwrap();
    masuk_sebagai(&c, &alamat, "vera").await;
    // 5. The recap counts the new voters, not yet the removal.
    assert_eq!(teks(&c, "total").await.parse::<u64>().unwrap(), awal + 2);
    c.goto(&kasus).await.unwrap();
    klik(&c, "#setujui").await;
    let pesan = teks(&c, "pesan").await;
    let status = teks(&c, "status").await;
    assert!(status.contains("approved"), "{status} {pesan}");
    c.goto(&format!("{alamat}/operator")).await.unwrap();
    assert_eq!(teks(&c, "total").await.parse::<u64>().unwrap(), awal + 1);
    simpan("operator-dasbor.png", c.screenshot().await.unwrap());
    let lebar = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        lebar[0].as_u64() <= lebar[1].as_u64(),
        "the dashboard is wider than the phone: {lebar}"
    );

    c.close().await.unwrap();
    let _ = henti.send(());
    server.await.unwrap().unwrap();
}
