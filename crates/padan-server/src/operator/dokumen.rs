//! The office's documents on the web: closing a period with its Berita
//! Acara (the ketua's), and a voter's signed dossier.

use super::{Aktif, csrf_sah, id, tolak_csrf, tulis};
use crate::{Layanan, Negara};
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use padan_app::{Galat, izin};
use padan_core::Bahasa;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;

/// A file to download, not kept by the browser's cache.
fn unduhan(isi: Vec<u8>, jenis: &'static str, nama: &str) -> Response {
    let mut r = isi.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(jenis));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nama}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    crate::tanpa_simpan(r)
}

async fn halaman(
    l: &Arc<Layanan>,
    a: &Aktif,
    status: StatusCode,
    ba: Option<minijinja::Value>,
    pesan: Option<String>,
) -> Response {
    let periode = l
        .kolam
        .pakai(|g| Ok(g.daftar_periode()?))
        .await
        .unwrap_or_default();
    let periode: Vec<_> = periode
        .iter()
        .rev()
        .map(|p| context! { nama => &p.isi.nama, sampai => &p.isi.sampai, dokumen => &p.isi.dokumen, seq => p.seq })
        .collect();
    l.op_halaman(
        a,
        "op_periode.html",
        status,
        context! {
            periode => periode, ba => ba, pesan => pesan,
            boleh_tutup => izin::boleh(a.op.peran, izin::Aksi::TutupPeriode),
        },
    )
}

pub(super) async fn periode_halaman(State(l): Negara, a: Aktif) -> Response {
    halaman(&l, &a, StatusCode::OK, None, None).await
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct FormTutup {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    periode: String,
    #[serde(default)]
    dokumen: String,
}

/// `padan period close` from the web: the use case checks the role (ketua),
/// the order of periods and that no removal awaits approval.
pub(super) async fn tutup(
    State(l): Negara,
    a: Aktif,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    h: HeaderMap,
    Form(f): Form<FormTutup>,
) -> Response {
    let klien = l.klien(peer.ip(), &h);
    if !csrf_sah(&a, &h, &f.csrf) {
        return tolak_csrf(&l, &a, klien, "tutup-periode");
    }
    let o = padan_app::periode::OpsiTutup {
        periode: f.periode.trim().to_owned(),
        dokumen: f.dokumen,
        operator: a.op.nama.clone(),
        keluar: None,
    };
    let nama = o.periode.clone();
    match tulis(&l, move |r| padan_app::periode::tutup(r, &o)).await {
        Ok(ba) => {
            l.catat_op(&a.op.nama, "tutup-periode", &ba.periode, "ok", klien);
            let v = context! {
                periode => &ba.periode, sampai => &ba.sampai, pemilih => ba.pemilih,
                seq_awal => ba.seq_awal, seq_akhir => ba.seq_akhir, keputusan => ba.keputusan.len(),
                checkpoint => ba.checkpoint.batch,
            };
            halaman(&l, &a, StatusCode::OK, Some(v), None).await
        }
        Err(e) => {
            l.catat_op(
                &a.op.nama,
                "tutup-periode",
                &nama,
                e.teks(Bahasa::Id),
                klien,
            );
            halaman(
                &l,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(e.teks(a.b()).to_owned()),
            )
            .await
        }
    }
}

/// A closed period's Berita Acara (PDF), as written when it was closed.
pub(super) async fn ba_pdf(
    State(l): Negara,
    a: Aktif,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(nama): Path<String>,
    h: HeaderMap,
) -> Response {
    let klien = l.klien(peer.ip(), &h);
    // The name is a period's (`2026-TW4`), never a path.
    let sah = padan_app::periode::urai_periode(&nama).is_ok_and(|(n, _)| n == nama);
    let path =
        l.s.ruang
            .dir
            .join("berita-acara")
            .join(format!("BA-{nama}.pdf"));
    match (sah, tokio::fs::read(&path).await) {
        (true, Ok(isi)) => {
            l.catat_op(&a.op.nama, "unduh-ba", &nama, "ok", klien);
            unduhan(isi, "application/pdf", &format!("BA-{nama}.pdf"))
        }
        _ => {
            let m = if id(a.b()) {
                "Berita acara periode itu tidak ada."
            } else {
                "No Berita Acara for that period."
            };
            l.op_pesan(&a, StatusCode::NOT_FOUND, m)
        }
    }
}

/// A voter's signed dossier (PDF or JSON), for a voter in the operator's
/// regions.
pub(super) async fn dosir(
    State(l): Negara,
    a: Aktif,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((kunci, format)): Path<(String, String)>,
    h: HeaderMap,
) -> Response {
    let klien = l.klien(peer.ip(), &h);
    let (op, k) = (a.op.clone(), kunci.clone());
    let ada = l
        .kolam
        .pakai(move |g| padan_app::lingkup::riwayat(g, &op, &k))
        .await;
    let jenis = match format.as_str() {
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "",
    };
    let riwayat = match ada {
        Ok(r) if !jenis.is_empty() => r,
        _ => {
            l.catat_op(&a.op.nama, "dosir", &kunci, "tidak ada", klien);
            let m = if id(a.b()) {
                "Pemilih itu tidak ada."
            } else {
                "No such voter."
            };
            return l.op_pesan(&a, StatusCode::NOT_FOUND, m);
        }
    };
    let dir = l.s.ruang.dir.join("unggah");
    let nama = format!("dosir-{}.{format}", riwayat.id_pemilih);
    let path = dir.join(format!("{}-{nama}", chrono::Utc::now().timestamp_millis()));
    let (p, id_pemilih) = (path.clone(), riwayat.id_pemilih.clone());
    let r = tulis(&l, move |r| {
        std::fs::create_dir_all(&dir).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
        padan_app::dosir::buat(r, &id_pemilih, &p)
    })
    .await;
    let isi = match r {
        Ok(_) => tokio::fs::read(&path)
            .await
            .map_err(|e| Galat::baru(e.to_string(), e.to_string())),
        Err(e) => Err(e),
    };
    let _ = tokio::fs::remove_file(&path).await;
    match isi {
        Ok(isi) => {
            l.catat_op(&a.op.nama, "dosir", &riwayat.id_pemilih, "ok", klien);
            unduhan(isi, jenis, &nama)
        }
        Err(e) => {
            l.catat_op(
                &a.op.nama,
                "dosir",
                &riwayat.id_pemilih,
                e.teks(Bahasa::Id),
                klien,
            );
            l.op_pesan(&a, StatusCode::UNPROCESSABLE_ENTITY, e.teks(a.b()))
        }
    }
}
