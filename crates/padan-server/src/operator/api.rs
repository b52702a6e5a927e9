//! The operators' JSON API beside the pages, on the same use cases, for an
//! operator's own scripts: `Authorization: Bearer pdn_…` (a token from
//! `padan operator token NAME`). A token is not a cookie, so another
//! site's page cannot make a browser send it: no CSRF token is needed.

use crate::{GalatApi, Layanan, Negara};
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use padan_app::Galat;
use padan_app::padan_store::tindak::InfoOperator;
use padan_app::tinjau::OpsiAntrian;
use padan_core::{Bahasa, Putusan};
use serde::Deserialize;
use std::net::IpAddr;
use std::sync::Arc;

/// The operator a request's token names, and the client (for the audit).
pub(crate) struct OperatorApi(InfoOperator, IpAddr);

fn tolak(status: StatusCode, pesan: &str) -> Response {
    crate::tanpa_simpan(
        (
            status,
            Json(GalatApi {
                galat: pesan.to_owned(),
            }),
        )
            .into_response(),
    )
}

impl FromRequestParts<Arc<Layanan>> for OperatorApi {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        l: &Arc<Layanan>,
    ) -> Result<OperatorApi, Response> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("")
            .trim()
            .to_owned();
        let r = l
            .kolam
            .pakai(move |g| padan_app::masuk::periksa_token(g, &token))
            .await;
        match r {
            Ok(Some(op)) => Ok(OperatorApi(op, super::klien_dari(l, parts))),
            Ok(None) => Err(tolak(
                StatusCode::UNAUTHORIZED,
                "token API tidak sah atau dicabut (Authorization: Bearer pdn_…; buat dengan padan operator token NAMA)",
            )),
            Err(e) => Err(tolak(StatusCode::SERVICE_UNAVAILABLE, e.teks(Bahasa::Id))),
        }
    }
}

fn json_atau(r: Result<serde_json::Value, Galat>, gagal: StatusCode) -> Response {
    match r {
        Ok(v) => crate::tanpa_simpan(Json(v).into_response()),
        Err(e) => tolak(gagal, e.teks(Bahasa::Id)),
    }
}

fn nilai(x: &impl serde::Serialize) -> Result<serde_json::Value, Galat> {
    serde_json::to_value(x).map_err(|e| Galat::baru(e.to_string(), e.to_string()))
}

/// `GET /api/operator/antrian`.
#[utoipa::path(get, path = "/api/operator/antrian", tag = "operator", security(("token" = [])),
    summary = "The review queue, cut to the operator's regions (reports, then the last run's findings)",
    responses((status = 200, description = "The queue, as `padan review --json` gives it"), (status = 401, description = "No valid token", body = GalatApi)))]
pub(crate) async fn antrian(State(l): Negara, OperatorApi(op, _): OperatorApi) -> Response {
    let r = l
        .kolam
        .pakai(move |g| {
            nilai(&padan_app::lingkup::antrian(
                g,
                &op,
                &OpsiAntrian {
                    batas: 1000,
                    ..OpsiAntrian::default()
                },
            )?)
        })
        .await;
    json_atau(r, StatusCode::SERVICE_UNAVAILABLE)
}

/// `GET /api/operator/pemilih/{kunci}`.
#[utoipa::path(get, path = "/api/operator/pemilih/{kunci}", tag = "operator", security(("token" = [])),
    summary = "A voter's chronology (NIK, NKK, birth date masked), for a voter in the operator's regions",
    params(("kunci" = String, Path, description = "NIK or voter ID (PM-…)")),
    responses((status = 200, description = "The chronology, masked"), (status = 404, description = "No such voter in the operator's regions", body = GalatApi)))]
pub(crate) async fn pemilih(
    State(l): Negara,
    OperatorApi(op, klien): OperatorApi,
    Path(kunci): Path<String>,
) -> Response {
    let (o, k) = (op.clone(), kunci.clone());
    let r = l
        .kolam
        .pakai(move |g| {
            let mut v = nilai(&padan_app::lingkup::riwayat(g, &o, &k)?)?;
            padan_app::baca::samarkan_json(&mut v);
            Ok(v)
        })
        .await;
    l.catat_op(
        &op.nama,
        "api:lihat-pemilih",
        &super::objek_pemilih(&kunci),
        if r.is_ok() { "ok" } else { "tidak ada" },
        klien,
    );
    json_atau(r, StatusCode::NOT_FOUND)
}

/// `GET /api/operator/rekap`.
#[utoipa::path(get, path = "/api/operator/rekap", tag = "operator", security(("token" = [])),
    summary = "The recap of the register now (rekapitulasi DPB), the operator's rows",
    responses((status = 200, description = "The recap with its data description")))]
pub(crate) async fn rekap(State(l): Negara, OperatorApi(op, _): OperatorApi) -> Response {
    let r = match l.rekap_kini().await {
        Ok(h) => nilai(&padan_app::lingkup::rekap(&h, &op)),
        Err(e) => Err(e),
    };
    json_atau(r, StatusCode::SERVICE_UNAVAILABLE)
}

/// A decision asked for over the API.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub(crate) struct PutusApi {
    /// `accept`, `reject` or `field-check`.
    putusan: String,
    alasan: String,
    /// The document's number or name.
    dokumen: String,
    /// A TMS code (1–8) where the decision needs one.
    #[serde(default)]
    kode: Option<u8>,
    /// `ELEMENT=VALUE` for corrections.
    #[serde(default)]
    elemen: Vec<String>,
    #[serde(default)]
    bukan_orang_sama: bool,
}

/// `POST /api/operator/kasus/{kunci}/putus`.
#[utoipa::path(post, path = "/api/operator/kasus/{kunci}/putus", tag = "operator", security(("token" = [])),
    summary = "Decide a case (as padan decide): a removal then waits for another person's approval",
    params(("kunci" = String, Path, description = "TM-… or TG-…")), request_body = PutusApi,
    responses((status = 200, description = "The decision recorded"), (status = 422, description = "Refused, and why", body = GalatApi)))]
pub(crate) async fn putus(
    State(l): Negara,
    OperatorApi(op, klien): OperatorApi,
    Path(kunci): Path<String>,
    Json(f): Json<PutusApi>,
) -> Response {
    let Some(putusan) = Putusan::dari_nama(&f.putusan) else {
        return tolak(
            StatusCode::UNPROCESSABLE_ENTITY,
            "putusan: accept, reject atau field-check",
        );
    };
    let o = padan_app::tindak::OpsiPutus {
        putusan,
        alasan: f.alasan,
        dokumen: f.dokumen,
        operator: op.nama.clone(),
        berlaku: None,
        bukan_orang_sama: f.bukan_orang_sama,
        kode: f.kode,
        elemen: f.elemen,
    };
    let k = kunci.clone();
    let r = super::tulis(&l, move |r| nilai(&padan_app::tindak::putuskan(r, &k, &o)?)).await;
    l.catat_op(
        &op.nama,
        "api:putus",
        &kunci,
        match &r {
            Ok(_) => "ok",
            Err(e) => e.teks(Bahasa::Id),
        },
        klien,
    );
    json_atau(r, StatusCode::UNPROCESSABLE_ENTITY)
}

/// An approval asked for over the API.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub(crate) struct SetujuiApi {
    #[serde(default)]
    alasan: Option<String>,
}

/// `POST /api/operator/kasus/{kunci}/setujui`.
#[utoipa::path(post, path = "/api/operator/kasus/{kunci}/setujui", tag = "operator", security(("token" = [])),
    summary = "Approve a removal decided by someone else (as padan approve; a verifikator's)",
    params(("kunci" = String, Path, description = "TM-… or TG-…")), request_body = SetujuiApi,
    responses((status = 200, description = "The approval recorded"), (status = 422, description = "Refused, and why", body = GalatApi)))]
pub(crate) async fn setujui(
    State(l): Negara,
    OperatorApi(op, klien): OperatorApi,
    Path(kunci): Path<String>,
    Json(f): Json<SetujuiApi>,
) -> Response {
    let o = padan_app::tindak::OpsiSetujui {
        operator: op.nama.clone(),
        alasan: f.alasan,
        dokumen: None,
    };
    let k = kunci.clone();
    let r = super::tulis(&l, move |r| nilai(&padan_app::tindak::setujui(r, &k, &o)?)).await;
    l.catat_op(
        &op.nama,
        "api:setujui",
        &kunci,
        match &r {
            Ok(_) => "ok",
            Err(e) => e.teks(Bahasa::Id),
        },
        klien,
    );
    json_atau(r, StatusCode::UNPROCESSABLE_ENTITY)
}
