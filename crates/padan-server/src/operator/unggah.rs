//! Import by upload: a CSV or XLSX file streamed to disk as it arrives (a
//! 200 MB file never sits in memory), then imported by the use case the
//! command line calls, as one batch under the operator's name. The page
//! shows *read = accepted + rejected* and offers the rejects file.

use super::{Aktif, csrf_sah, id, tolak_csrf};
use crate::{Layanan, Negara};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use padan_app::Galat;
use padan_app::impor::{JenisImpor, OpsiImpor};
use padan_core::{Bahasa, Peran};
use std::sync::Arc;
use tokio::io::AsyncWriteExt;

/// The largest upload accepted.
pub const MAKS_UNGGAH: usize = 512 * 1024 * 1024;

async fn halaman(
    l: &Arc<Layanan>,
    a: &Aktif,
    status: StatusCode,
    hasil: Option<minijinja::Value>,
    pesan: Option<String>,
) -> Response {
    let jenis: Vec<&str> = JenisImpor::SEMUA.iter().map(|j| j.nama()).collect();
    l.op_halaman(
        a,
        "op_impor.html",
        status,
        context! { jenis => jenis, hasil => hasil, pesan => pesan },
    )
}

pub(super) async fn impor_halaman(State(l): Negara, a: Aktif) -> Response {
    halaman(&l, &a, StatusCode::OK, None, None).await
}

/// A name safe to keep: letters, digits, `.`, `-` and `_` of the last path
/// part, with its extension (which tells CSV from XLSX).
fn nama_aman(s: &str) -> String {
    let akhir = s.rsplit(['/', '\\']).next().unwrap_or("");
    let n: String = akhir
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let n = n.trim_start_matches('.').to_owned();
    if n.is_empty() {
        "unggahan.csv".into()
    } else {
        n
    }
}

struct Isian {
    csrf: String,
    jenis: String,
    sumber: String,
    dokumen: String,
    berkas: Option<(std::path::PathBuf, String, u64)>,
}

/// Reads the form; the file goes to `dir` chunk by chunk.
async fn baca(mut m: Multipart, dir: &std::path::Path) -> Result<Isian, String> {
    let mut i = Isian {
        csrf: String::new(),
        jenis: String::new(),
        sumber: String::new(),
        dokumen: String::new(),
        berkas: None,
    };
    while let Some(mut f) = m.next_field().await.map_err(|e| e.to_string())? {
        let nama = f.name().unwrap_or("").to_owned();
        if nama == "berkas" {
            let asli = nama_aman(f.file_name().unwrap_or(""));
            let path = dir.join(format!("{}-{asli}", chrono::Utc::now().timestamp_millis()));
            let mut o = tokio::fs::OpenOptions::new();
            o.write(true).create_new(true);
            #[cfg(unix)]
            o.mode(0o600);
            let mut w = tokio::io::BufWriter::with_capacity(
                1 << 20,
                o.open(&path).await.map_err(|e| e.to_string())?,
            );
            let mut n = 0u64;
            let r: Result<(), String> = async {
                while let Some(c) = f.chunk().await.map_err(|e| e.to_string())? {
                    n += c.len() as u64;
                    w.write_all(&c).await.map_err(|e| e.to_string())?;
                }
                w.flush().await.map_err(|e| e.to_string())
            }
            .await;
            if let Err(e) = r {
                let _ = tokio::fs::remove_file(&path).await;
                return Err(e);
            }
            i.berkas = Some((path, asli, n));
        } else {
            let v = f.text().await.map_err(|e| e.to_string())?;
            match nama.as_str() {
                "csrf" => i.csrf = v,
                "jenis" => i.jenis = v,
                "sumber" => i.sumber = v,
                "dokumen" => i.dokumen = v,
                _ => {}
            }
        }
    }
    Ok(i)
}

pub(super) async fn impor_kirim(State(l): Negara, a: Aktif, m: Multipart) -> Response {
    let b = a.b();
    let dir = l.s.ruang.dir.join("unggah");
    if let Err(e) = tokio::fs::create_dir_all(&dir).await {
        return l.galat(
            b,
            &Galat::baru(
                format!("folder unggahan: {e}"),
                format!("upload folder: {e}"),
            ),
        );
    }
    let isian = match baca(m, &dir).await {
        Ok(i) => i,
        Err(e) => {
            l.catat(&a, "impor", "", "unggahan terputus");
            let p = padan_app::teks::pilih(
                b,
                "Unggahan terputus atau tidak terbaca",
                "The upload broke off or could not be read",
            );
            return halaman(
                &l,
                &a,
                StatusCode::BAD_REQUEST,
                None,
                Some(format!("{p}: {e}")),
            )
            .await;
        }
    };
    let hapus = |p: &std::path::Path| {
        let _ = std::fs::remove_file(p);
    };
    // The token is checked once the form is read; a forged form's file is
    // removed unread.
    if !csrf_sah(&a, &isian.csrf) {
        if let Some((p, ..)) = &isian.berkas {
            hapus(p);
        }
        return tolak_csrf(&l, &a, "impor");
    }
    let (Some((path, asli, ukuran)), Some(jenis)) = (
        isian.berkas,
        JenisImpor::SEMUA
            .iter()
            .copied()
            .find(|j| j.nama() == isian.jenis),
    ) else {
        let p = padan_app::teks::pilih(
            b,
            "Pilih jenis data dan berkasnya.",
            "Choose the kind of data and its file.",
        );
        return halaman(
            &l,
            &a,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            Some(p.into()),
        )
        .await;
    };
    let o = OpsiImpor {
        jenis,
        berkas: path.clone(),
        sumber: isian.sumber,
        dokumen: isian.dokumen,
        berlaku: None,
        operator: a.op.nama.clone(),
        lembar: None,
        paksa: false,
    };
    let t0 = std::time::Instant::now();
    let r = super::tulis(&l, move |r| {
        padan_app::impor::jalankan(r, &o, b, &padan_app::Diam)
    })
    .await;
    // The document is kept by the store (hashed); our copy goes.
    hapus(&path);
    match r {
        Ok(hs) => {
            l.sesi.catat_unggahan(&a.token, hs.batch);
            l.catat(
                &a,
                "impor",
                &asli,
                &format!(
                    "ok batch {} dibaca {} diterima {} ditolak {}",
                    hs.batch, hs.dibaca, hs.diterima, hs.ditolak
                ),
            );
            tracing::info!(operator = %a.op.nama, batch = hs.batch, dibaca = hs.dibaca, ukuran, detik = t0.elapsed().as_secs_f64(), "impor lewat web");
            let v = context! {
                batch => hs.batch, jenis => &hs.jenis, berkas => &asli, dibaca => hs.dibaca, diterima => hs.diterima,
                ditolak => hs.ditolak, sha256 => &hs.dokumen_sha256, contoh => &hs.contoh_tolakan,
                tolakan => hs.berkas_tolakan.is_some() && hs.ditolak > 0,
                galat => &hs.galat, peringatan => &hs.peringatan,
            };
            halaman(&l, &a, StatusCode::OK, Some(v), None).await
        }
        Err(e) => {
            l.catat(&a, "impor", &asli, e.teks(Bahasa::Id));
            halaman(
                &l,
                &a,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                Some(e.teks(b).to_owned()),
            )
            .await
        }
    }
}

/// The rejects of a batch: to the operator who uploaded it (in this
/// session), or to a ketua or auditor.
pub(super) async fn tolakan(State(l): Negara, a: Aktif, Path(batch): Path<i64>) -> Response {
    let boleh =
        matches!(a.op.peran, Peran::Ketua | Peran::Auditor) || a.sesi.unggahan.contains(&batch);
    let dir = l.s.ruang.dir.join(padan_app::padan_store::DIR_TOLAKAN);
    let awal = format!("batch-{batch}-");
    let berkas = if boleh {
        std::fs::read_dir(&dir).ok().and_then(|rd| {
            rd.flatten().map(|e| e.path()).find(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&awal))
            })
        })
    } else {
        None
    };
    let Some(p) = berkas else {
        l.catat(&a, "unduh-tolakan", &batch.to_string(), "tidak ada");
        let m = if id(a.b()) {
            "Berkas tolakan tidak ada."
        } else {
            "No such rejects file."
        };
        return l.op_pesan(&a, StatusCode::NOT_FOUND, m);
    };
    match tokio::fs::read(&p).await {
        Ok(isi) => {
            l.catat(&a, "unduh-tolakan", &batch.to_string(), "ok");
            let nama = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("tolakan.csv")
                .to_owned();
            let jenis = if nama.ends_with(".xlsx") {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            } else {
                "text/csv; charset=utf-8"
            };
            super::unduhan(isi, jenis, &nama)
        }
        Err(e) => l.galat(
            a.b(),
            &Galat::baru(format!("berkas tolakan: {e}"), format!("rejects file: {e}")),
        ),
    }
}
