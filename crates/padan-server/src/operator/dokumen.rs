//! The office's documents on the web: closing a period with its Berita
//! Acara (the ketua's), and a voter's signed dossier.

use super::{Aktif, csrf_sah, id, tolak_csrf, tulis, unduhan};
use crate::{Layanan, Negara};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use padan_app::{Galat, izin};
use padan_core::Bahasa;
use serde::Deserialize;
use std::sync::Arc;

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
pub(super) async fn tutup(State(l): Negara, a: Aktif, Form(f): Form<FormTutup>) -> Response {
    if !csrf_sah(&a, &f.csrf) {
        return tolak_csrf(&l, &a, "tutup-periode");
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
            l.catat(&a, "tutup-periode", &ba.periode, "ok");
            let v = context! {
                periode => &ba.periode, sampai => &ba.sampai, pemilih => ba.pemilih,
                seq_awal => ba.seq_awal, seq_akhir => ba.seq_akhir, keputusan => ba.keputusan.len(),
                checkpoint => ba.checkpoint.batch,
            };
            halaman(&l, &a, StatusCode::OK, Some(v), None).await
        }
        Err(e) => {
            l.catat(&a, "tutup-periode", &nama, e.teks(Bahasa::Id));
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
pub(super) async fn ba_pdf(State(l): Negara, a: Aktif, Path(nama): Path<String>) -> Response {
    // The name is a period's (`2026-TW4`), never a path.
    let sah = padan_app::periode::urai_periode(&nama).is_ok_and(|(n, _)| n == nama);
    let path =
        l.s.ruang
            .dir
            .join("berita-acara")
            .join(format!("BA-{nama}.pdf"));
    match (sah, tokio::fs::read(&path).await) {
        (true, Ok(isi)) => {
            l.catat(&a, "unduh-ba", &nama, "ok");
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
    Path((kunci, format)): Path<(String, String)>,
) -> Response {
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
            l.catat(&a, "dosir", &super::objek_pemilih(&kunci), "tidak ada");
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
            l.catat(&a, "dosir", &riwayat.id_pemilih, "ok");
            unduhan(isi, jenis, &nama)
        }
        Err(e) => {
            l.catat(&a, "dosir", &riwayat.id_pemilih, e.teks(Bahasa::Id));
            l.op_pesan(&a, StatusCode::UNPROCESSABLE_ENTITY, e.teks(a.b()))
        }
    }
}
