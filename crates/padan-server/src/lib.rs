//! `padan serve`: Padan's web service. Every page and endpoint calls a use
//! case of `padan_app`; none holds a domain rule.
//!
//! What is here so far (issue #9, in progress):
//! - the public lookup, `/cek` (page) and `/api/cek` (JSON): the rules of
//!   [`padan_app::cek`], behind rate budgets ([`batas`]), answered in one
//!   fixed time whatever the outcome, and audited with keyed marks only
//!   ([`audit`]);
//! - `/healthz` (the process answers), `/readyz` (the register can be
//!   read), `/metrics` (Prometheus text);
//! - graceful shutdown: in-flight requests finish, the audit is flushed.
//!
//! Logs (`tracing`) hold outcomes, times and marks, never a NIK, an NKK or
//! a birth date.

pub mod audit;
pub mod batas;
mod halaman;
pub mod operator;

use audit::{Audit, CatatanCek};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Json, Router};
use batas::{Batas, SetelanBatas, Tolak};
use padan_app::cek::{Faktor, JawabanCek, PermintaanCek};
use padan_app::padan_store::Toko;
use padan_app::{Galat, Ruang};
use padan_core::{Bahasa, Wilayah};
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use serde::Deserialize;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// How the service runs (`padan serve`'s options).
#[derive(Clone)]
pub struct Setelan {
    pub ruang: Ruang,
    pub batas: SetelanBatas,
    /// Every lookup is answered this long after it arrived, whatever it
    /// found, so that time tells nothing (a lookup takes well under it).
    pub waktu_cek: Duration,
    /// Proxies whose `X-Forwarded-For` is believed; from anyone else the
    /// header is ignored and the peer address is the client.
    pub proksi: Vec<IpAddr>,
    /// Readers of the register kept open at most.
    pub maks_pembaca: usize,
    /// A report sent sooner than this after its form was served is a
    /// machine's, refused.
    pub tanggapan_min: Duration,
}

impl Setelan {
    pub fn baru(ruang: Ruang) -> Setelan {
        Setelan {
            ruang,
            batas: SetelanBatas::default(),
            waktu_cek: Duration::from_millis(5),
            proksi: vec![],
            maks_pembaca: 8,
            tanggapan_min: Duration::from_secs(3),
        }
    }
}

/// Readers of the register, opened on demand and kept for the next
/// request (SQLite connections are cheap to keep, dear to open per query).
struct Kolam {
    ruang: Ruang,
    isi: Mutex<Vec<Box<dyn Toko + Send>>>,
    maks: usize,
    izin: tokio::sync::Semaphore,
}

impl Kolam {
    /// Runs `f` on a reader, off the async threads.
    async fn pakai<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&dyn Toko) -> Result<T, Galat> + Send + 'static,
    ) -> Result<T, Galat> {
        let _izin = self
            .izin
            .acquire()
            .await
            .map_err(|_| Galat::baru("layanan berhenti", "the service is stopping"))?;
        let k = Arc::clone(self);
        let r = tokio::task::spawn_blocking(move || {
            let ambil = k
                .isi
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .pop();
            let g = match ambil {
                Some(g) => g,
                None => k.ruang.buka_kirim()?,
            };
            let r = f(&*g);
            let mut isi = k
                .isi
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if isi.len() < k.maks {
                isi.push(g);
            }
            r
        })
        .await;
        r.unwrap_or_else(|e| {
            Err(Galat::baru(
                format!("pembaca register gagal: {e}"),
                format!("register reader failed: {e}"),
            ))
        })
    }
}

struct Metrik {
    registry: Registry,
    cek: Family<Vec<(String, String)>, Counter>,
    tanggapan: Family<Vec<(String, String)>, Counter>,
    durasi_cek: Histogram,
}

impl Metrik {
    fn baru() -> Metrik {
        let mut registry = Registry::with_prefix("padan");
        let cek = Family::<Vec<(String, String)>, Counter>::default();
        registry.register("cek", "Lookups answered, by outcome", cek.clone());
        let tanggapan = Family::<Vec<(String, String)>, Counter>::default();
        registry.register(
            "tanggapan",
            "Public reports sent, by outcome",
            tanggapan.clone(),
        );
        let durasi_cek = Histogram::new(exponential_buckets(0.000_25, 2.0, 12));
        registry.register(
            "cek_kerja_detik",
            "Time a lookup's work took, before the fixed answer time",
            durasi_cek.clone(),
        );
        Metrik {
            registry,
            cek,
            tanggapan,
            durasi_cek,
        }
    }

    fn hitung_tanggapan(&self, hasil: &str) {
        self.tanggapan
            .get_or_create(&vec![("hasil".to_owned(), hasil.to_owned())])
            .inc();
    }

    fn hitung(&self, hasil: &str) {
        self.cek
            .get_or_create(&vec![("hasil".to_owned(), hasil.to_owned())])
            .inc();
    }
}

/// The service's state, shared by every request.
pub struct Layanan {
    s: Setelan,
    kolam: Arc<Kolam>,
    wilayah: Arc<Wilayah>,
    rahasia: Zeroizing<Vec<u8>>,
    batas: Batas,
    /// The public reports' budgets: 5 an hour a client, 60 a minute in all.
    batas_tanggapan: Batas,
    /// Whether reports can be written (the office key opens); else the
    /// form says the service is not open.
    bisa_tulis: bool,
    /// One report written at a time (the workspace has one writer).
    penulis: tokio::sync::Mutex<()>,
    audit: Audit,
    /// Operators' acts in the web app.
    audit_op: Audit,
    /// Operators' sessions and failed sign-ins.
    sesi: operator::sesi::Sesi2,
    /// Sign-in attempts: 30 an hour a client, 300 a minute in all.
    batas_masuk: Batas,
    /// The recap of the register now, with the event count it was made at.
    rekap: tokio::sync::Mutex<Option<(i64, Arc<padan_app::rekapitulasi::HasilRekap>)>>,
    halaman: halaman::Halaman,
    metrik: Metrik,
}

impl Layanan {
    /// Opens the workspace (read-only), its region list, the lookup secret
    /// and the audit file. Refuses a workspace that cannot be read.
    pub fn baru(s: Setelan) -> Result<Arc<Layanan>, Galat> {
        let g = s.ruang.buka_kirim()?;
        let wilayah = Arc::new(g.wilayah()?);
        let rahasia = padan_app::cek::rahasia(&s.ruang)?;
        let audit = Audit::buka(audit::path_audit(&s.ruang.dir)).map_err(|e| {
            Galat::baru(
                format!("berkas audit di {}: {e}", s.ruang.dir.display()),
                format!("audit file in {}: {e}", s.ruang.dir.display()),
            )
        })?;
        let audit_op = Audit::buka(audit::path_audit_operator(&s.ruang.dir)).map_err(|e| {
            Galat::baru(
                format!("berkas audit operator di {}: {e}", s.ruang.dir.display()),
                format!("operator audit file in {}: {e}", s.ruang.dir.display()),
            )
        })?;
        let kolam = Arc::new(Kolam {
            ruang: s.ruang.clone(),
            isi: Mutex::new(vec![g]),
            maks: s.maks_pembaca.max(1),
            izin: tokio::sync::Semaphore::new(s.maks_pembaca.max(1)),
        });
        // Reports are written under the office key: without its passphrase
        // the service still answers lookups, and says reports are closed.
        let bisa_tulis = match s.ruang.buka_tulis() {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(galat = %e.teks(Bahasa::Id), "tanggapan daring ditutup: kunci kantor tidak terbuka (PADAN_PASSPHRASE)");
                false
            }
        };
        Ok(Arc::new(Layanan {
            batas: Batas::baru(s.batas),
            batas_tanggapan: Batas::per_jam(5, 60, 5),
            bisa_tulis,
            penulis: tokio::sync::Mutex::new(()),
            s,
            kolam,
            wilayah,
            rahasia,
            audit,
            audit_op,
            sesi: operator::sesi::Sesi2::default(),
            batas_masuk: Batas::per_jam(30, 300, 0),
            rekap: tokio::sync::Mutex::new(None),
            halaman: halaman::Halaman::baru(),
            metrik: Metrik::baru(),
        }))
    }

    /// Where the lookups are audited.
    pub fn path_audit(&self) -> &std::path::Path {
        self.audit.path()
    }

    /// Writes out the audits (at shutdown).
    pub fn tutup(&self) {
        self.audit.tutup();
        self.audit_op.tutup();
    }

    /// The recap of the register now: made again only when an event was
    /// added since (a recap folds the whole register; a page must not).
    async fn rekap_kini(
        self: &Arc<Self>,
    ) -> Result<Arc<padan_app::rekapitulasi::HasilRekap>, Galat> {
        let n = self.kolam.pakai(|g| Ok(g.jumlah_peristiwa()?)).await?;
        let mut c = self.rekap.lock().await;
        if let Some((m, r)) = c.as_ref()
            && *m == n
        {
            return Ok(Arc::clone(r));
        }
        let ruang = self.s.ruang.clone();
        let r = tokio::task::spawn_blocking(move || {
            padan_app::rekapitulasi::rekap_dpb(
                &ruang,
                &padan_app::rekapitulasi::OpsiRekap {
                    keadaan: padan_app::rekapitulasi::Keadaan::default(),
                    tingkat: padan_app::rekapitulasi::Tingkat::Desa,
                    keluar: None,
                },
            )
        })
        .await
        .unwrap_or_else(|e| {
            Err(Galat::baru(
                format!("rekap gagal: {e}"),
                format!("recap failed: {e}"),
            ))
        })?;
        let r = Arc::new(r);
        *c = Some((n, Arc::clone(&r)));
        Ok(r)
    }

    /// The client a request comes from: the peer, or, from a configured
    /// proxy, the last address in `X-Forwarded-For` that is not one of ours.
    fn klien(&self, peer: IpAddr, h: &HeaderMap) -> IpAddr {
        if !self.s.proksi.contains(&peer) {
            return peer;
        }
        let mut terakhir = peer;
        for v in h.get_all("x-forwarded-for") {
            let Ok(v) = v.to_str() else { continue };
            for a in v.split(',').rev() {
                match a.trim().parse::<IpAddr>() {
                    Ok(ip) if self.s.proksi.contains(&ip) => terakhir = ip,
                    Ok(ip) => return ip,
                    // A hop that does not parse ends what can be believed.
                    Err(_) => return terakhir,
                }
            }
        }
        terakhir
    }

    /// One lookup, from budget to audit. Answers at `t0 + waktu_cek`.
    async fn jawab(
        self: &Arc<Self>,
        t0: Instant,
        klien: IpAddr,
        p: PermintaanCek,
    ) -> Result<JawabanCek, Hasil> {
        let bersih = padan_core::nik::bersihkan(&p.nik);
        let angka = batas::angka_nik(&bersih);
        let faktor = match p.faktor {
            Faktor::TanggalLahir(_) => "tanggal_lahir",
            Faktor::Nama(_) => "nama",
        };
        let hasil = match self.batas.periksa(klien, angka, t0) {
            Err(t) => Err(Hasil::Dibatasi(t)),
            Ok(()) => {
                let (l, w) = (Arc::clone(self), Arc::clone(&self.wilayah));
                match l.kolam.pakai(move |g| padan_app::cek::cek(g, &w, &p)).await {
                    Ok(j) => Ok(j),
                    Err(e) => Err(Hasil::Galat(e)),
                }
            }
        };
        let kelas = match &hasil {
            Ok(j) => j.kelas(),
            Err(Hasil::Dibatasi(t)) => t.kelas(),
            Err(Hasil::Galat(_)) => "galat",
        };
        self.metrik.hitung(kelas);
        self.metrik.durasi_cek.observe(t0.elapsed().as_secs_f64());
        let nik = if bersih.is_empty() {
            String::new()
        } else {
            padan_app::cek::sidik(&self.rahasia, &bersih)
        };
        let klien_sidik = padan_app::cek::sidik(&self.rahasia, &klien.to_string());
        match &hasil {
            Err(Hasil::Galat(e)) => {
                tracing::error!(nik = %nik, galat = %e.teks(Bahasa::Id), "cek gagal")
            }
            _ => tracing::info!(nik = %nik, klien = %klien_sidik, hasil = kelas, "cek"),
        }
        self.audit.catat(&CatatanCek {
            waktu: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            nik,
            klien: klien_sidik,
            faktor,
            hasil: kelas,
        });
        tokio::time::sleep_until((t0 + self.s.waktu_cek).into()).await;
        hasil
    }
}

/// A lookup that was not answered.
enum Hasil {
    Dibatasi(Tolak),
    Galat(Galat),
}

/// The service's own failure, as a citizen reads it.
fn pesan_galat(b: Bahasa) -> &'static str {
    padan_app::teks::pilih(
        b,
        "Layanan sedang tidak dapat menjawab. Coba lagi nanti.",
        "The service cannot answer now. Please try again later.",
    )
}

impl Hasil {
    fn status(&self) -> StatusCode {
        match self {
            Hasil::Dibatasi(_) => StatusCode::TOO_MANY_REQUESTS,
            Hasil::Galat(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn pesan(&self, b: Bahasa) -> &'static str {
        match (self, b) {
            (Hasil::Dibatasi(_), Bahasa::Id) => {
                "Terlalu banyak permintaan dari alamat Anda. Coba lagi nanti."
            }
            (Hasil::Dibatasi(_), Bahasa::En) => {
                "Too many requests from your address. Please try again later."
            }
            (Hasil::Galat(_), Bahasa::Id) => {
                "Layanan sedang tidak dapat menjawab. Coba lagi nanti."
            }
            (Hasil::Galat(_), Bahasa::En) => {
                "The service cannot answer now. Please try again later."
            }
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct Lang {
    lang: Option<String>,
}

/// English when asked for (`?lang=en`), or when the browser prefers it;
/// Bahasa Indonesia otherwise.
fn bahasa(q: &Lang, h: &HeaderMap) -> Bahasa {
    match q.lang.as_deref() {
        Some("en") => Bahasa::En,
        Some(_) => Bahasa::Id,
        None => {
            let pilihan = h
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if pilihan.trim_start().to_ascii_lowercase().starts_with("en") {
                Bahasa::En
            } else {
                Bahasa::Id
            }
        }
    }
}

/// The lookup form's fields; all optional, so that a form with a field
/// missing is an ordinary "no", not a framework's error page.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
struct FormCek {
    /// The NIK, 16 digits (spaces, dots and dashes are ignored).
    #[serde(default)]
    nik: String,
    /// The birth date (`1990-03-07` or `07-03-1990`); when given, the name
    /// is not used.
    #[serde(default)]
    tanggal_lahir: String,
    /// The name as on the KTP-el (case, spaces and punctuation do not count).
    #[serde(default)]
    nama: String,
}

/// A refusal of the JSON API.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
struct GalatApi {
    galat: String,
}

impl FormCek {
    fn permintaan(self) -> PermintaanCek {
        PermintaanCek {
            nik: self.nik,
            faktor: if self.tanggal_lahir.trim().is_empty() {
                Faktor::Nama(self.nama)
            } else {
                Faktor::TanggalLahir(self.tanggal_lahir)
            },
        }
    }
}

type Negara = State<Arc<Layanan>>;

/// No page of the service may be cached by a browser or a proxy, nor framed.
fn tanpa_simpan(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; form-action 'self'",
        ),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // Same-origin: no other site learns where a visitor came from, and
    // our own forms keep their `Origin` (which `no-referrer` makes "null").
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    r
}

async fn cek_halaman(State(l): Negara, Query(q): Query<Lang>, h: HeaderMap) -> Response {
    tanpa_simpan(Html(l.halaman.cek(bahasa(&q, &h), None)).into_response())
}

async fn cek_kirim(
    State(l): Negara,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Lang>,
    h: HeaderMap,
    Form(f): Form<FormCek>,
) -> Response {
    let t0 = Instant::now();
    let b = bahasa(&q, &h);
    let klien = l.klien(peer.ip(), &h);
    let r = match l.jawab(t0, klien, f.permintaan()).await {
        Ok(j) => Html(l.halaman.cek(b, Some(&j))).into_response(),
        Err(e) => (e.status(), Html(l.halaman.cek_pesan(b, e.pesan(b)))).into_response(),
    };
    tanpa_simpan(r)
}

/// `/api/cek`: the same lookup as JSON, `{"nik", "tanggal_lahir" | "nama"}`.
#[utoipa::path(
    post,
    path = "/api/cek",
    tag = "cek",
    summary = "Cek DPT: is this NIK registered, and where does its holder vote?",
    description = "Every kind of no (not found, wrong second factor, placeholder or invalid NIK, removed voter) is the same answer, {\"hasil\":\"tidak\"}, in the same time. Metered per client and in all.",
    request_body = FormCek,
    params(("lang" = Option<String>, Query, description = "id (default, or the browser's) or en")),
    responses(
        (status = 200, description = "The answer", body = JawabanCek),
        (status = 429, description = "The client's or the service's budget is spent", body = GalatApi),
        (status = 503, description = "The register cannot be read now", body = GalatApi),
    )
)]
async fn cek_api(
    State(l): Negara,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Lang>,
    h: HeaderMap,
    Json(f): Json<FormCek>,
) -> Response {
    let t0 = Instant::now();
    let b = bahasa(&q, &h);
    let klien = l.klien(peer.ip(), &h);
    let r = match l.jawab(t0, klien, f.permintaan()).await {
        Ok(j) => Json(j).into_response(),
        Err(e) => (
            e.status(),
            Json(GalatApi {
                galat: e.pesan(b).to_owned(),
            }),
        )
            .into_response(),
    };
    tanpa_simpan(r)
}

/// The form's token: when it was served, signed, so that a report can be
/// told to come from a form a person had open for a few seconds.
fn token_baru(rahasia: &[u8]) -> String {
    let ms = chrono::Utc::now().timestamp_millis();
    format!(
        "{ms}.{}",
        padan_app::cek::sidik(rahasia, &format!("formulir:{ms}"))
    )
}

/// Whether a token is ours and its form was open at least `min` (and at
/// most two hours).
fn token_sah(rahasia: &[u8], token: &str, min: Duration) -> bool {
    let Some((ms, mac)) = token.split_once('.') else {
        return false;
    };
    let Ok(t) = ms.parse::<i64>() else {
        return false;
    };
    let umur = chrono::Utc::now().timestamp_millis() - t;
    mac == padan_app::cek::sidik(rahasia, &format!("formulir:{ms}"))
        && umur >= i64::try_from(min.as_millis()).unwrap_or(i64::MAX)
        && umur <= 2 * 3600 * 1000
}

#[derive(Debug, Default, Deserialize)]
struct FormTanggapan {
    #[serde(default)]
    jenis: String,
    #[serde(default)]
    nik: String,
    #[serde(default)]
    teks: String,
    #[serde(default)]
    token: String,
    /// Hidden from people; a machine that fills every field fills it.
    #[serde(default)]
    situs: String,
}

#[derive(Debug, Default, Deserialize)]
struct FormStatus {
    #[serde(default)]
    tanda: String,
}

fn halaman_tanggapan(
    l: &Layanan,
    b: Bahasa,
    status: StatusCode,
    isi: halaman::IsiTanggapan<'_>,
) -> Response {
    let token = token_baru(&l.rahasia);
    tanpa_simpan((status, Html(l.halaman.tanggapan(b, &token, isi))).into_response())
}

async fn tanggapan_halaman(State(l): Negara, Query(q): Query<Lang>, h: HeaderMap) -> Response {
    halaman_tanggapan(
        &l,
        bahasa(&q, &h),
        StatusCode::OK,
        halaman::IsiTanggapan::Kosong,
    )
}

fn pesan_tutup(b: Bahasa) -> &'static str {
    padan_app::teks::pilih(
        b,
        "Tanggapan daring belum dibuka di kantor ini. Sampaikan tanggapan melalui PPS atau KPU kabupaten/kota.",
        "Online reports are not open at this office. Report through the PPS or the KPU of your regency or city.",
    )
}

async fn tanggapan_kirim(
    State(l): Negara,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Lang>,
    h: HeaderMap,
    Form(f): Form<FormTanggapan>,
) -> Response {
    use halaman::IsiTanggapan as I;
    let b = bahasa(&q, &h);
    let klien = l.klien(peer.ip(), &h);
    if !f.situs.is_empty() || !token_sah(&l.rahasia, &f.token, l.s.tanggapan_min) {
        tracing::info!(klien = %padan_app::cek::sidik(&l.rahasia, &klien.to_string()), "tanggapan: formulir tidak sah");
        let p = padan_app::teks::pilih(
            b,
            "Formulir tidak sah atau terlalu cepat dikirim. Isi formulir ini lalu kirim lagi.",
            "The form is not valid or was sent too fast. Fill in this form and send it again.",
        );
        return halaman_tanggapan(&l, b, StatusCode::BAD_REQUEST, I::Pesan(p));
    }
    if let Err(t) = l
        .batas_tanggapan
        .periksa(klien, batas::angka_nik(&f.nik), Instant::now())
    {
        l.metrik.hitung_tanggapan(t.kelas());
        let p = Hasil::Dibatasi(t).pesan(b);
        return halaman_tanggapan(&l, b, StatusCode::TOO_MANY_REQUESTS, I::Pesan(p));
    }
    if !l.bisa_tulis {
        return halaman_tanggapan(
            &l,
            b,
            StatusCode::SERVICE_UNAVAILABLE,
            I::Pesan(pesan_tutup(b)),
        );
    }
    let Some(jenis) = padan_core::JenisTanggapan::dari_nama(&f.jenis) else {
        let p = padan_app::teks::pilih(b, "Pilih jenis tanggapan.", "Choose the kind of report.");
        return halaman_tanggapan(&l, b, StatusCode::UNPROCESSABLE_ENTITY, I::Pesan(p));
    };
    let laporan = padan_app::tanggapan::LaporanPublik {
        jenis,
        nik: f.nik,
        teks: f.teks,
    };
    let _satu = l.penulis.lock().await;
    let (ruang, rahasia) = (l.s.ruang.clone(), l.rahasia.clone());
    let r = tokio::task::spawn_blocking(move || {
        padan_app::tanggapan::dari_publik(&ruang, &rahasia, &laporan)
    })
    .await;
    match r {
        Ok(Ok(t)) => {
            l.metrik.hitung_tanggapan("diterima");
            tracing::info!(tanda = %t.tanda.get(..11).unwrap_or(""), jenis = %t.jenis, "tanggapan diterima");
            halaman_tanggapan(&l, b, StatusCode::OK, I::Terima(&t))
        }
        // What the citizen can fix (the text, the NIK's form) is said.
        Ok(Err(padan_app::tanggapan::GagalPublik::Isian(e))) => {
            l.metrik.hitung_tanggapan("ditolak");
            halaman_tanggapan(&l, b, StatusCode::UNPROCESSABLE_ENTITY, I::Pesan(e.teks(b)))
        }
        Ok(Err(padan_app::tanggapan::GagalPublik::Layanan(e))) => {
            l.metrik.hitung_tanggapan("galat");
            tracing::error!(galat = %e.teks(Bahasa::Id), "tanggapan gagal dicatat");
            halaman_tanggapan(
                &l,
                b,
                StatusCode::SERVICE_UNAVAILABLE,
                I::Pesan(pesan_galat(b)),
            )
        }
        Err(e) => {
            l.metrik.hitung_tanggapan("galat");
            tracing::error!(galat = %e, "tanggapan gagal dicatat");
            halaman_tanggapan(
                &l,
                b,
                StatusCode::SERVICE_UNAVAILABLE,
                I::Pesan(pesan_galat(b)),
            )
        }
    }
}

async fn tanggapan_status(
    State(l): Negara,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Lang>,
    h: HeaderMap,
    Form(f): Form<FormStatus>,
) -> Response {
    use halaman::IsiTanggapan as I;
    let b = bahasa(&q, &h);
    let klien = l.klien(peer.ip(), &h);
    // Receipts are checked on the lookup's budget: guessing them is
    // guessing too.
    if let Err(t) = l.batas.periksa(klien, None, Instant::now()) {
        let p = Hasil::Dibatasi(t).pesan(b);
        return halaman_tanggapan(&l, b, StatusCode::TOO_MANY_REQUESTS, I::Pesan(p));
    }
    let rahasia = l.rahasia.clone();
    let tanda = f.tanda;
    match l
        .kolam
        .pakai(move |g| padan_app::tanggapan::status_publik(g, &rahasia, &tanda))
        .await
    {
        Ok(Some(s)) => halaman_tanggapan(&l, b, StatusCode::OK, I::Status(&s)),
        Ok(None) => {
            let p = padan_app::teks::pilih(
                b,
                "Nomor tanda terima tidak dikenal. Periksa kembali nomornya, lengkap dengan kode di belakangnya.",
                "Receipt number not known. Check the number, with the code at its end.",
            );
            halaman_tanggapan(&l, b, StatusCode::OK, I::Pesan(p))
        }
        Err(e) => {
            tracing::error!(galat = %e.teks(Bahasa::Id), "status tanggapan gagal dibaca");
            halaman_tanggapan(
                &l,
                b,
                StatusCode::SERVICE_UNAVAILABLE,
                I::Pesan(pesan_galat(b)),
            )
        }
    }
}

/// htmx, built in (assets/htmx): its name carries its version, so it may
/// be cached for good.
async fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        include_str!("../../../assets/htmx/htmx-2.0.11.min.js"),
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(l): Negara) -> Response {
    match l.kolam.pakai(|g| Ok(g.jumlah_peristiwa()?)).await {
        Ok(_) => (StatusCode::OK, "siap\n").into_response(),
        Err(e) => {
            tracing::error!(galat = %e.teks(Bahasa::Id), "readyz: register tidak terbaca");
            (StatusCode::SERVICE_UNAVAILABLE, "belum siap\n").into_response()
        }
    }
}

async fn metrics(State(l): Negara) -> Response {
    let mut s = String::new();
    match encode(&mut s, &l.metrik.registry) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            s,
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The JSON API's description (OpenAPI 3.1), served at `/openapi.json`.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Padan",
        description = "The JSON API of a KPU office's Padan service: the public lookup, and the operators' API (a token from `padan operator token NAME`, sent as `Authorization: Bearer pdn_…`). Pages and API call the same use cases."
    ),
    paths(
        cek_api,
        operator::api::antrian,
        operator::api::rekap,
        operator::api::pemilih,
        operator::api::putus,
        operator::api::setujui
    ),
    components(schemas(FormCek, JawabanCek, GalatApi, operator::api::PutusApi, operator::api::SetujuiApi)),
    modifiers(&Keamanan)
)]
struct Dok;

/// The operators' API tokens, as an OpenAPI security scheme.
struct Keamanan;

impl utoipa::Modify for Keamanan {
    fn modify(&self, o: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        if let Some(c) = o.components.as_mut() {
            c.add_security_scheme(
                "token",
                SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
            );
        }
    }
}

async fn openapi() -> Response {
    Json(<Dok as utoipa::OpenApi>::openapi()).into_response()
}

/// The routes, for [`layani`] and for tests (which give each request its
/// peer as a `ConnectInfo` extension).
pub fn aplikasi(l: Arc<Layanan>) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/cek") }))
        .route("/cek", get(cek_halaman).post(cek_kirim))
        .route("/api/cek", axum::routing::post(cek_api))
        .route("/tanggapan", get(tanggapan_halaman).post(tanggapan_kirim))
        .route("/tanggapan/status", axum::routing::post(tanggapan_status))
        .route("/openapi.json", get(openapi))
        .route("/static/htmx-2.0.11.min.js", get(htmx))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(operator::rute())
        .with_state(l)
}

/// Serves until `berhenti` resolves, then lets in-flight requests finish
/// and writes out the audit.
pub async fn layani(
    l: Arc<Layanan>,
    listener: tokio::net::TcpListener,
    berhenti: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = aplikasi(Arc::clone(&l)).into_make_service_with_connect_info::<SocketAddr>();
    let r = axum::serve(listener, app)
        .with_graceful_shutdown(berhenti)
        .await;
    l.tutup();
    r
}

/// Resolves on Ctrl-C or SIGTERM (how a service manager stops us).
pub async fn sinyal_berhenti() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("berhenti: menyelesaikan permintaan yang berjalan");
}
