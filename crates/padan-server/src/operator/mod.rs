//! The operator web app under `/operator`: sign-in, the dashboard with the
//! recap, voter search and history, the review queue with decisions and
//! approvals (four eyes, by the use cases), and the audit of every act.
//!
//! Every read goes through [`padan_app::lingkup`] (the operator's regions),
//! every change through the use case the command line calls, under the
//! operator's own name; the server adds only sessions, CSRF and lock-out
//! ([`sesi`]).

pub(crate) mod api;
mod dokumen;
pub mod sesi;
mod unggah;

use crate::audit::CatatanOperator;
use crate::{Lang, Layanan, Negara, bahasa, tanpa_simpan, token_baru, token_sah};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use minijinja::context;
use padan_app::padan_store::tindak::InfoOperator;
use padan_app::tinjau::OpsiAntrian;
use padan_app::{Galat, izin};
use padan_core::{Bahasa, Peran, Putusan, StatusKasus};
use serde::Deserialize;
use sesi::Sesi;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A signed-in request: its token, session and operator (read afresh from
/// the register, so a changed role counts at once).
pub(crate) struct Aktif {
    token: String,
    sesi: Sesi,
    op: InfoOperator,
    /// The client ([`Layanan::klien`]), for the audit.
    klien: IpAddr,
    /// No `Origin` of another site came with the request.
    asal_sah: bool,
}

/// The client of a request: its peer (every connection of [`crate::layani`]
/// carries one), through the configured proxies.
pub(crate) fn klien_dari(l: &Layanan, parts: &axum::http::request::Parts) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    l.klien(peer, &parts.headers)
}

/// A page of the operator app asks for [`Aktif`]: without a live session
/// the request goes to the sign-in instead.
impl axum::extract::FromRequestParts<Arc<Layanan>> for Aktif {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        l: &Arc<Layanan>,
    ) -> Result<Aktif, Response> {
        let q = Query::<Lang>::try_from_uri(&parts.uri)
            .map(|Query(q)| q)
            .unwrap_or_default();
        let mut a = l.aktif(&parts.headers, &q).await?;
        a.klien = klien_dari(l, parts);
        a.asal_sah = asal_sah(&parts.headers);
        Ok(a)
    }
}

impl Aktif {
    fn b(&self) -> Bahasa {
        self.sesi.bahasa
    }
}

fn id(b: Bahasa) -> bool {
    b == Bahasa::Id
}

/// A file to download, not kept by the browser's cache.
pub(super) fn unduhan(isi: Vec<u8>, jenis: &'static str, nama: &str) -> Response {
    let mut r = isi.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(jenis));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nama}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    tanpa_simpan(r)
}

/// A voter as the audit names it: the voter ID as typed, anything else (a
/// NIK typed into a URL) masked, so the audit never holds a full NIK.
pub(super) fn objek_pemilih(kunci: &str) -> String {
    let k = kunci.trim();
    if k.to_uppercase().starts_with("PM-") {
        k.to_owned()
    } else {
        padan_core::masker::nik(k)
    }
}

/// `r` with a `Set-Cookie`.
fn dengan_kuki(mut r: Response, kuki: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(kuki) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    tanpa_simpan(r)
}

fn ke_masuk() -> Response {
    Redirect::to("/operator/masuk").into_response()
}

impl Layanan {
    fn catat_op(&self, operator: &str, aksi: &str, objek: &str, hasil: &str, klien: IpAddr) {
        self.audit_op.catat(&CatatanOperator {
            waktu: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            operator: operator.to_owned(),
            aksi: aksi.to_owned(),
            objek: objek.to_owned(),
            hasil: hasil.to_owned(),
            klien: padan_app::cek::sidik(&self.rahasia, &klien.to_string()),
        });
    }

    /// An act of a signed-in operator, audited.
    fn catat(&self, a: &Aktif, aksi: &str, objek: &str, hasil: &str) {
        self.catat_op(&a.op.nama, aksi, objek, hasil, a.klien);
    }

    /// The signed-in operator of a request, or the redirect to sign in.
    async fn aktif(self: &Arc<Self>, h: &HeaderMap, q: &Lang) -> Result<Aktif, Response> {
        let Some(token) = sesi::token_dari(h) else {
            return Err(ke_masuk());
        };
        let Some(mut s) = self.sesi.cari(&token) else {
            return Err(ke_masuk());
        };
        if q.lang.is_some() {
            s.bahasa = bahasa(q, h);
            self.sesi.atur_bahasa(&token, s.bahasa);
        }
        let nama = s.operator.clone();
        match self.kolam.pakai(move |g| Ok(g.operator(&nama)?)).await {
            Ok(Some(op)) => Ok(Aktif {
                token,
                sesi: s,
                op,
                klien: IpAddr::from([0, 0, 0, 0]),
                asal_sah: false,
            }),
            Ok(None) => {
                self.sesi.hapus(&token);
                Err(ke_masuk())
            }
            Err(e) => Err(self.galat(s.bahasa, &e)),
        }
    }

    fn galat(&self, b: Bahasa, e: &Galat) -> Response {
        tracing::error!(galat = %e.teks(Bahasa::Id), "halaman operator gagal");
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Html(self.halaman.render(
                "op_pesan.html",
                context! { id => id(b), pesan => e.teks(b) },
            )),
        )
            .into_response()
    }

    /// A page of a signed-in operator.
    fn op_halaman(
        &self,
        a: &Aktif,
        nama: &str,
        status: StatusCode,
        ctx: minijinja::Value,
    ) -> Response {
        let ctx = context! {
            id => id(a.b()), op => &a.op, csrf => &a.sesi.csrf,
            boleh_setujui => izin::boleh(a.op.peran, izin::Aksi::Setujui),
            boleh_putus => izin::boleh(a.op.peran, izin::Aksi::Putus),
            boleh_padan => izin::boleh(a.op.peran, izin::Aksi::Padan),
            ..ctx
        };
        tanpa_simpan((status, Html(self.halaman.render(nama, ctx))).into_response())
    }

    /// A refusal on a signed-in page, said in the operator's language.
    fn op_pesan(&self, a: &Aktif, status: StatusCode, pesan: &str) -> Response {
        self.op_halaman(a, "op_pesan.html", status, context! { pesan => pesan })
    }
}

/// Whether a form came from our own pages: the CSRF token of the session,
/// and no `Origin` of another site.
fn asal_sah(h: &HeaderMap) -> bool {
    let Some(asal) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    asal.split_once("://").is_some_and(|(_, a)| a == host)
}

fn csrf_sah(a: &Aktif, csrf: &str) -> bool {
    a.asal_sah && sesi::sama(&a.sesi.csrf, csrf)
}

fn tolak_csrf(l: &Layanan, a: &Aktif, objek: &str) -> Response {
    l.catat(a, "csrf", objek, "ditolak");
    l.op_pesan(
        a,
        StatusCode::FORBIDDEN,
        padan_app::teks::pilih(
            a.b(),
            "Formulir ini tidak berasal dari halaman Padan yang sedang Anda buka (token CSRF tidak cocok). Muat ulang halaman lalu ulangi.",
            "This form did not come from the Padan page you have open (CSRF token mismatch). Reload the page and try again.",
        ),
    )
}

// ---- sign-in ----

#[derive(Debug, Default, Deserialize)]
struct FormMasuk {
    #[serde(default)]
    nama: String,
    #[serde(default)]
    sandi: String,
    #[serde(default)]
    token: String,
}

fn halaman_masuk(l: &Layanan, b: Bahasa, status: StatusCode, pesan: Option<&str>) -> Response {
    let token = token_baru(&l.rahasia);
    tanpa_simpan(
        (
            status,
            Html(l.halaman.render(
                "op_masuk.html",
                context! { id => id(b), token => token, pesan => pesan },
            )),
        )
            .into_response(),
    )
}

async fn masuk_halaman(State(l): Negara, Query(q): Query<Lang>, h: HeaderMap) -> Response {
    if let Some(t) = sesi::token_dari(&h)
        && l.sesi.cari(&t).is_some()
    {
        return Redirect::to("/operator").into_response();
    }
    halaman_masuk(&l, bahasa(&q, &h), StatusCode::OK, None)
}

async fn masuk_kirim(
    State(l): Negara,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Lang>,
    h: HeaderMap,
    Form(f): Form<FormMasuk>,
) -> Response {
    let b = bahasa(&q, &h);
    let klien = l.klien(peer.ip(), &h);
    let pilih = |id: &'static str, en: &'static str| padan_app::teks::pilih(b, id, en);
    if !asal_sah(&h) || !token_sah(&l.rahasia, &f.token, Duration::ZERO) {
        l.catat_op(&f.nama, "masuk-gagal", "", "formulir tidak sah", klien);
        return halaman_masuk(
            &l,
            b,
            StatusCode::FORBIDDEN,
            Some(pilih(
                "Formulir masuk tidak sah atau kedaluwarsa. Coba lagi.",
                "The sign-in form is not valid or has expired. Try again.",
            )),
        );
    }
    if l.batas_masuk.periksa(klien, None, Instant::now()).is_err() {
        l.catat_op(&f.nama, "masuk-gagal", "", "dibatasi", klien);
        return halaman_masuk(
            &l,
            b,
            StatusCode::TOO_MANY_REQUESTS,
            Some(pilih(
                "Terlalu banyak percobaan masuk dari alamat Anda. Coba lagi nanti.",
                "Too many sign-in attempts from your address. Try again later.",
            )),
        );
    }
    let nama = f.nama.trim().to_owned();
    let terkunci = pilih(
        "Akun ini dikunci 15 menit setelah 5 kali salah kata sandi. Coba lagi nanti atau hubungi ketua.",
        "This account is locked for 15 minutes after 5 wrong passwords. Try again later or ask the ketua.",
    );
    if l.sesi.terkunci(&nama) {
        l.catat_op(&nama, "terkunci", "", "ditolak", klien);
        return halaman_masuk(&l, b, StatusCode::TOO_MANY_REQUESTS, Some(terkunci));
    }
    let (n, s) = (nama.clone(), zeroize::Zeroizing::new(f.sandi));
    let r = l
        .kolam
        .pakai(move |g| padan_app::masuk::periksa_sandi(g, &n, &s))
        .await;
    match r {
        Ok(Some(op)) => {
            l.sesi.berhasil(&op.nama);
            // A token the browser brought is never promoted: a new one.
            if let Some(lama) = sesi::token_dari(&h) {
                l.sesi.hapus(&lama);
            }
            let Some(token) = l.sesi.buat(&op.nama, b) else {
                return l.galat(
                    b,
                    &Galat::baru("sumber acak sistem gagal", "system random source failed"),
                );
            };
            l.catat_op(&op.nama, "masuk", "", "ok", klien);
            tracing::info!(operator = %op.nama, "operator masuk");
            dengan_kuki(
                Redirect::to("/operator").into_response(),
                &sesi::kuki(&token),
            )
        }
        Ok(None) => {
            let kunci = l.sesi.gagal(&nama);
            l.catat_op(
                &nama,
                "masuk-gagal",
                "",
                if kunci { "dikunci" } else { "salah" },
                klien,
            );
            if kunci {
                l.sesi.hapus_operator(&nama);
                return halaman_masuk(&l, b, StatusCode::TOO_MANY_REQUESTS, Some(terkunci));
            }
            halaman_masuk(
                &l,
                b,
                StatusCode::UNAUTHORIZED,
                Some(pilih(
                    "Nama operator atau kata sandi salah.",
                    "Wrong operator name or password.",
                )),
            )
        }
        Err(e) => l.galat(b, &e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct FormCsrf {
    #[serde(default)]
    csrf: String,
}

async fn keluar(State(l): Negara, a: Aktif, Form(f): Form<FormCsrf>) -> Response {
    if !csrf_sah(&a, &f.csrf) {
        return tolak_csrf(&l, &a, "keluar");
    }
    l.sesi.hapus(&a.token);
    l.catat(&a, "keluar", "", "ok");
    dengan_kuki(
        Redirect::to("/operator/masuk").into_response(),
        &sesi::kuki_hapus(),
    )
}

// ---- dashboard ----

async fn dasbor(State(l): Negara, a: Aktif) -> Response {
    let rekap = match l.rekap_kini().await {
        Ok(r) => padan_app::lingkup::rekap(&r, &a.op),
        Err(e) => return l.galat(a.b(), &e),
    };
    use padan_app::padan_report::dpb::{Angka, Kolom as K};
    let sel = |a: &Angka, k: K| a.get(&k).copied().unwrap_or(0);
    let jumlah = padan_app::lingkup::jumlah(&rekap, &a.op);
    let ringkas = context! {
        total => sel(&jumlah, K::Total), l => sel(&jumlah, K::L), p => sel(&jumlah, K::P), tps => sel(&jumlah, K::Tps),
    };
    let op = a.op.clone();
    let antri = l
        .kolam
        .pakai(move |g| {
            padan_app::lingkup::antrian(
                g,
                &op,
                &OpsiAntrian {
                    status: Some(StatusKasus::Terbuka),
                    batas: 10_000,
                    ..OpsiAntrian::default()
                },
            )
        })
        .await;
    let (terbuka, tanggapan) = match &antri {
        Ok(x) => (x.temuan.len(), x.tanggapan.len()),
        Err(_) => (0, 0),
    };
    // Bars: each kecamatan's voters against the largest.
    let kec: Vec<_> = rekap
        .rekap
        .baris
        .iter()
        .filter(|b| b.tingkat == "kecamatan")
        .collect();
    let maks = kec
        .iter()
        .map(|b| sel(&b.angka, K::Total))
        .max()
        .unwrap_or(1)
        .max(1);
    let batang: Vec<_> = kec
        .iter()
        .map(|b| {
            let get = |k| sel(&b.angka, k);
            let total = get(K::Total);
            context! {
                kode => &b.kode, nama => &b.nama, total => total, l => get(K::L), p => get(K::P),
                baru => get(K::Baru), tms => K::SEMUA.iter().filter(|k| k.nama().starts_with("tms")).map(|k| get(*k)).sum::<u64>(),
                lebar => (total as f64 / maks as f64 * 100.0).round(),
                lebar_l => if total == 0 { 0.0 } else { (get(K::L) as f64 / total as f64 * 100.0).round() },
            }
        })
        .collect();
    let kolom: Vec<_> = K::SEMUA.iter().map(|k| k.nama()).collect();
    let baris: Vec<_> = rekap
        .rekap
        .baris
        .iter()
        .map(|b| {
            let angka: Vec<u64> = K::SEMUA.iter().map(|k| sel(&b.angka, *k)).collect();
            context! { kode => &b.kode, nama => &b.nama, tingkat => b.tingkat, angka => angka }
        })
        .collect();
    l.op_halaman(
        &a,
        "op_dasbor.html",
        StatusCode::OK,
        context! {
            keterangan => &rekap.keterangan, batang => batang, kolom => kolom, baris => baris,
            terbuka => terbuka, tanggapan => tanggapan, ringkas => ringkas,
        },
    )
}

// ---- voters ----

#[derive(Debug, Default, Deserialize)]
struct Cari {
    #[serde(default)]
    q: String,
}

async fn pemilih_cari(State(l): Negara, a: Aktif, Query(c): Query<Cari>) -> Response {
    let hasil = if c.q.trim().is_empty() {
        vec![]
    } else {
        let (op, q) = (a.op.clone(), c.q.clone());
        match l
            .kolam
            .pakai(move |g| padan_app::lingkup::cari(g, &op, &q))
            .await
        {
            Ok(h) => h,
            Err(e) => return l.galat(a.b(), &e),
        }
    };
    l.op_halaman(
        &a,
        "op_cari.html",
        StatusCode::OK,
        context! { q => c.q.trim(), hasil => hasil, dicari => !c.q.trim().is_empty(), maks => padan_app::lingkup::MAKS_CARI },
    )
}

async fn pemilih_riwayat(State(l): Negara, a: Aktif, Path(kunci): Path<String>) -> Response {
    let (op, k) = (a.op.clone(), kunci.clone());
    match l
        .kolam
        .pakai(move |g| padan_app::lingkup::riwayat(g, &op, &k))
        .await
    {
        Ok(r) => {
            l.catat(&a, "lihat-pemilih", &r.id_pemilih, "ok");
            let mut v = serde_json::to_value(&r).unwrap_or_default();
            padan_app::baca::samarkan_json(&mut v);
            l.op_halaman(&a, "op_riwayat.html", StatusCode::OK, context! { r => v })
        }
        Err(e) => {
            l.catat(&a, "lihat-pemilih", &objek_pemilih(&kunci), "tidak ada");
            l.op_pesan(&a, StatusCode::NOT_FOUND, e.teks(a.b()))
        }
    }
}

// ---- the review queue ----

async fn antrian(State(l): Negara, a: Aktif) -> Response {
    let op = a.op.clone();
    let b = a.b();
    let r = l
        .kolam
        .pakai(move |g| {
            let x = padan_app::lingkup::antrian(
                g,
                &op,
                &OpsiAntrian {
                    batas: 200,
                    ..OpsiAntrian::default()
                },
            )?;
            let temuan: Vec<_> = x
                .temuan
                .iter()
                .map(|t| {
                    let ringkas = padan_app::tinjau::bukti_baris(t)
                        .map(|bk| padan_app::temuan::ringkas_temuan(&t.temuan, &bk, b))
                        .unwrap_or_default();
                    context! {
                        kunci => &t.kasus.kunci, jenis => t.temuan.isi.jenis.nama(), peluang => t.temuan.isi.peluang,
                        desa => &t.temuan.isi.kode_desa, status => t.kasus.status.nama(), menunggu => t.kasus.menunggu,
                        ringkas => ringkas,
                    }
                })
                .collect();
            let tanggapan: Vec<_> = x
                .tanggapan
                .iter()
                .map(|(t, k)| {
                    context! {
                        kunci => &k.kunci, jenis => t.isi.jenis.nama(), desa => &t.isi.kode_desa,
                        status => k.status.nama(), menunggu => k.menunggu, oleh => &t.operator,
                    }
                })
                .collect();
            Ok((x.run, temuan, tanggapan))
        })
        .await;
    match r {
        Ok((run, temuan, tanggapan)) => l.op_halaman(
            &a,
            "op_antrian.html",
            StatusCode::OK,
            context! { run => run, temuan => temuan, tanggapan => tanggapan },
        ),
        Err(e) => l.galat(a.b(), &e),
    }
}

async fn kasus(State(l): Negara, a: Aktif, Path(kunci): Path<String>) -> Response {
    halaman_kasus(&l, &a, &kunci, StatusCode::OK, None).await
}

async fn halaman_kasus(
    l: &Arc<Layanan>,
    a: &Aktif,
    kunci: &str,
    status: StatusCode,
    pesan: Option<(bool, String)>,
) -> Response {
    let (op, k, b) = (a.op.clone(), kunci.to_owned(), a.b());
    match l
        .kolam
        .pakai(move |g| padan_app::lingkup::tinjau(g, &op, &k).map(|t| t.json(b)))
        .await
    {
        Ok(mut v) => {
            l.catat(a, "lihat-kasus", kunci, "ok");
            padan_app::baca::samarkan_json(&mut v);
            l.op_halaman(
                a,
                "op_kasus.html",
                status,
                context! { k => v, kunci => kunci, pesan => pesan },
            )
        }
        Err(e) => {
            l.catat(a, "lihat-kasus", kunci, "tidak ada");
            l.op_pesan(a, StatusCode::NOT_FOUND, e.teks(a.b()))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct FormPutus {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    putusan: String,
    #[serde(default)]
    alasan: String,
    #[serde(default)]
    dokumen: String,
    #[serde(default)]
    kode: String,
    #[serde(default)]
    elemen: String,
    #[serde(default)]
    bukan_orang_sama: String,
}

/// Runs a change under the one writer, off the async threads.
async fn tulis<T: Send + 'static>(
    l: &Arc<Layanan>,
    f: impl FnOnce(&padan_app::Ruang) -> Result<T, Galat> + Send + 'static,
) -> Result<T, Galat> {
    if !l.bisa_tulis {
        return Err(Galat::baru(
            "layanan berjalan tanpa kunci kantor (PADAN_PASSPHRASE): perubahan tidak dapat dicatat",
            "the service runs without the office key (PADAN_PASSPHRASE): changes cannot be recorded",
        ));
    }
    let _satu = l.penulis.lock().await;
    let ruang = l.s.ruang.clone();
    tokio::task::spawn_blocking(move || f(&ruang))
        .await
        .unwrap_or_else(|e| {
            Err(Galat::baru(
                format!("penulis gagal: {e}"),
                format!("writer failed: {e}"),
            ))
        })
}

async fn putus(
    State(l): Negara,
    a: Aktif,
    Path(kunci): Path<String>,
    Form(f): Form<FormPutus>,
) -> Response {
    if !csrf_sah(&a, &f.csrf) {
        return tolak_csrf(&l, &a, &kunci);
    }
    let Some(putusan) = Putusan::dari_nama(&f.putusan) else {
        let p = padan_app::teks::pilih(a.b(), "Pilih putusan.", "Choose a decision.");
        return halaman_kasus(
            &l,
            &a,
            &kunci,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((false, p.into())),
        )
        .await;
    };
    let kode = match f.kode.trim() {
        "" => None,
        k => match k.parse::<u8>() {
            Ok(k) => Some(k),
            Err(_) => {
                let p = padan_app::teks::pilih(
                    a.b(),
                    "Kode TMS harus angka 1–8.",
                    "The TMS code must be a number 1–8.",
                );
                return halaman_kasus(
                    &l,
                    &a,
                    &kunci,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some((false, p.into())),
                )
                .await;
            }
        },
    };
    let o = padan_app::tindak::OpsiPutus {
        putusan,
        alasan: f.alasan,
        dokumen: f.dokumen,
        operator: a.op.nama.clone(),
        berlaku: None,
        bukan_orang_sama: !f.bukan_orang_sama.is_empty(),
        kode,
        elemen: f
            .elemen
            .lines()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    let k = kunci.clone();
    let r = tulis(&l, move |r| padan_app::tindak::putuskan(r, &k, &o)).await;
    selesai_tulis(&l, &a, "putus", &kunci, r.map(|h| h.keputusan)).await
}

async fn selesai_tulis(
    l: &Arc<Layanan>,
    a: &Aktif,
    aksi: &str,
    kunci: &str,
    r: Result<String, Galat>,
) -> Response {
    match r {
        Ok(nomor) => {
            l.catat(a, aksi, kunci, &format!("ok {nomor}"));
            let p = format!(
                "{} {nomor}",
                padan_app::teks::pilih(a.b(), "Tercatat sebagai keputusan", "Recorded as decision")
            );
            halaman_kasus(l, a, kunci, StatusCode::OK, Some((true, p))).await
        }
        Err(e) => {
            l.catat(a, aksi, kunci, e.teks(Bahasa::Id));
            halaman_kasus(
                l,
                a,
                kunci,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((false, e.teks(a.b()).to_owned())),
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct FormSetujui {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    alasan: String,
}

async fn setujui(
    State(l): Negara,
    a: Aktif,
    Path(kunci): Path<String>,
    Form(f): Form<FormSetujui>,
) -> Response {
    if !csrf_sah(&a, &f.csrf) {
        return tolak_csrf(&l, &a, &kunci);
    }
    let o = padan_app::tindak::OpsiSetujui {
        operator: a.op.nama.clone(),
        alasan: Some(f.alasan).filter(|s| !s.trim().is_empty()),
        dokumen: None,
    };
    let k = kunci.clone();
    let r = tulis(&l, move |r| padan_app::tindak::setujui(r, &k, &o)).await;
    selesai_tulis(&l, &a, "setujui", &kunci, r.map(|h| h.keputusan)).await
}

#[derive(Debug, Default, Deserialize)]
struct FormPadan {
    #[serde(default)]
    csrf: String,
    /// Empty: the register against itself (ganda); else the batch of a
    /// reference import (DP4, deaths, TNI/Polri) to match against.
    #[serde(default)]
    lawan: String,
}

/// Runs the matching (`padan dedupe` or `padan match --against`), then
/// shows the queue with its findings.
async fn padan(State(l): Negara, a: Aktif, Form(f): Form<FormPadan>) -> Response {
    if !csrf_sah(&a, &f.csrf) {
        return tolak_csrf(&l, &a, "padan");
    }
    let o = padan_app::pemadanan::OpsiRun {
        ambang: 0.5,
        model: None,
        operator: a.op.nama.clone(),
    };
    let lawan = f.lawan.trim().to_owned();
    let objek = if lawan.is_empty() {
        "ganda".to_owned()
    } else {
        lawan.clone()
    };
    let r = tulis(&l, move |r| {
        if lawan.is_empty() {
            padan_app::pemadanan::ganda(r, &o, &padan_app::Diam)
        } else {
            padan_app::pemadanan::cocokkan(r, &lawan, &o, &padan_app::Diam)
        }
    })
    .await;
    match r {
        Ok(x) => {
            let temuan: u64 = x.temuan.values().sum();
            l.catat(
                &a,
                "padan",
                &objek,
                &format!("ok run {} temuan {temuan}", x.run),
            );
            Redirect::to("/operator/antrian").into_response()
        }
        Err(e) => {
            l.catat(&a, "padan", &objek, e.teks(Bahasa::Id));
            l.op_pesan(&a, StatusCode::UNPROCESSABLE_ENTITY, e.teks(a.b()))
        }
    }
}

// ---- audit ----

async fn audit(State(l): Negara, a: Aktif) -> Response {
    // Operators see their own acts; the ketua, verifikator and auditor
    // see everyone's.
    let semua = a.op.peran != Peran::Operator;
    let path = crate::audit::path_audit_operator(&l.s.ruang.dir);
    let nama = a.op.nama.clone();
    let baris = tokio::task::spawn_blocking(move || {
        let isi = std::fs::read_to_string(&path).unwrap_or_default();
        let mut v: Vec<CatatanOperator> = isi
            .lines()
            .filter_map(|b| serde_json::from_str(b).ok())
            .filter(|c: &CatatanOperator| semua || c.operator == nama)
            .collect();
        v.reverse();
        v.truncate(500);
        v
    })
    .await
    .unwrap_or_default();
    l.op_halaman(
        &a,
        "op_audit.html",
        StatusCode::OK,
        context! { baris => baris, semua => semua },
    )
}

/// The operator app's routes.
pub(crate) fn rute() -> Router<Arc<Layanan>> {
    Router::new()
        .route("/operator", get(dasbor))
        .route("/operator/masuk", get(masuk_halaman).post(masuk_kirim))
        .route("/operator/keluar", post(keluar))
        .route("/operator/pemilih", get(pemilih_cari))
        .route("/operator/pemilih/{kunci}", get(pemilih_riwayat))
        .route("/operator/antrian", get(antrian))
        .route("/operator/padan", post(padan))
        .route("/operator/kasus/{kunci}", get(kasus))
        .route("/operator/kasus/{kunci}/putus", post(putus))
        .route("/operator/kasus/{kunci}/setujui", post(setujui))
        .route("/operator/audit", get(audit))
        .route(
            "/operator/impor",
            get(unggah::impor_halaman)
                .post(unggah::impor_kirim)
                .layer(axum::extract::DefaultBodyLimit::max(unggah::MAKS_UNGGAH)),
        )
        .route("/operator/impor/{batch}/tolakan", get(unggah::tolakan))
        .route(
            "/operator/periode",
            get(dokumen::periode_halaman).post(dokumen::tutup),
        )
        .route("/operator/periode/{nama}/ba.pdf", get(dokumen::ba_pdf))
        .route("/api/operator/antrian", get(api::antrian))
        .route("/api/operator/rekap", get(api::rekap))
        .route("/api/operator/pemilih/{kunci}", get(api::pemilih))
        .route("/api/operator/kasus/{kunci}/putus", post(api::putus))
        .route("/api/operator/kasus/{kunci}/setujui", post(api::setujui))
        .route(
            "/operator/pemilih/{kunci}/dosir.{format}",
            get(dokumen::dosir),
        )
}
