//! `padan serve`: the web service on this workspace, until Ctrl-C or
//! SIGTERM.

use crate::ArgServe;
use crate::perintah::Konteks;
use padan_app::Galat;
use padan_app::teks::pilih;
use std::time::Duration;

/// Structured logs on standard error: JSON lines with `PADAN_LOG=json`
/// (for a log collector), plain lines otherwise.
fn pasang_log() {
    let json = std::env::var("PADAN_LOG").is_ok_and(|v| v == "json");
    let b = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let r = if json {
        b.json().try_init()
    } else {
        b.compact().try_init()
    };
    // Already set (a second serve in one process, a test): keep that one.
    drop(r);
}

pub fn serve(k: &Konteks, a: ArgServe) -> Result<i32, Galat> {
    let b = k.bahasa;
    let ruang = k.ruang.clone();
    pasang_log();
    let mut s = padan_server::Setelan::baru(ruang);
    s.batas = padan_server::batas::SetelanBatas {
        per_klien_menit: a.cek_per_client,
        global_detik: a.cek_global,
        maks_nik_jam: a.cek_max_nik,
    };
    s.waktu_cek = Duration::from_millis(a.cek_ms);
    s.proksi = a.trusted_proxy;
    let io =
        |e: std::io::Error| Galat::baru(format!("layanan web: {e}"), format!("web service: {e}"));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(io)?;
    rt.block_on(async {
        let l = padan_server::Layanan::baru(s)?;
        let listener = tokio::net::TcpListener::bind(a.listen).await.map_err(|e| {
            Galat::baru(
                format!("tidak dapat mendengar di {}: {e}", a.listen),
                format!("cannot listen on {}: {e}", a.listen),
            )
        })?;
        let alamat = listener.local_addr().map_err(io)?;
        eprintln!(
            "{} http://{alamat}/cek · /healthz · /readyz · /metrics · {} {}",
            pilih(b, "melayani", "serving"),
            pilih(b, "audit:", "audit:"),
            l.path_audit().display()
        );
        padan_server::layani(l, listener, padan_server::sinyal_berhenti())
            .await
            .map_err(io)
    })?;
    eprintln!("{}", pilih(b, "layanan berhenti", "service stopped"));
    Ok(0)
}
