//! `padan demo`: from nothing to a verified register of Kota Batu in one
//! command: synthetic data → init → import the register → import the update
//! set → verify → recap → one voter's chronology → pemadanan against each
//! source and within the register → a few findings with their evidence.

use crate::kemajuan::Terminal;
use crate::perintah::Konteks;
use crate::tampil::{
    ringkasan_impor, teks_jelaskan, teks_rekap, teks_riwayat, teks_run, teks_synth,
};
use padan_app::impor::{self, JenisImpor, OpsiImpor};
use padan_app::ruang::SANDI_DEMO;
use padan_app::teks::{angka, t};
use padan_app::{Galat, Ruang, pemadanan};
use padan_store::tampil_id;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The workspace the demo makes: the one asked for if it does not exist yet,
/// otherwise the first free `NAME-demo-N` beside it, so a demo never writes
/// into an office's real workspace.
fn ruang_demo(ws: &Path) -> PathBuf {
    if !ws.join(padan_store::BERKAS_DB).exists() && !ws.join("synth").exists() {
        return ws.to_path_buf();
    }
    let name = ws
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "padan-data".into());
    (1..)
        .map(|i| ws.with_file_name(format!("{name}-demo-{i}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| ws.with_file_name(format!("{name}-demo")))
}

pub fn demo(k: &Konteks, voters: Option<u64>, seed: u64) -> Result<i32, Galat> {
    let b = k.bahasa;
    let mulai = Instant::now();
    let ws = ruang_demo(&k.ruang.dir);
    let data = ws.join("synth");
    say(
        k,
        &format!(
            "== 1. {} ==",
            t(
                b,
                "Data sintetis Kota Batu (35.79)",
                "Synthetic data for Kota Batu (35.79)"
            )
        ),
    );
    let mut cfg = padan_synth::Konfigurasi::baru("35.79", voters, seed);
    cfg.cacat = 0.0005;
    let w = padan_core::Wilayah::bawaan();
    let kem = Terminal::baru();
    padan_app::Kemajuan::mulai(&kem, "synth", t(b, "pemilih", "voters"));
    let rs = padan_synth::buat(&cfg, &w, &data, |n, _| padan_app::Kemajuan::maju(&kem, n))?;
    padan_app::Kemajuan::selesai(&kem);
    say(k, &teks_synth(&rs, &data, b));

    say(
        k,
        &format!(
            "== 2. {} ==",
            t(
                b,
                "Ruang kerja dan kunci kantor",
                "Workspace and office key"
            )
        ),
    );
    // The demo never asks: it uses $PADAN_PASSPHRASE, or a demo passphrase
    // that says what it is.
    let sandi = std::env::var(padan_store::kunci::ENV_SANDI)
        .ok()
        .filter(|s| !s.is_empty());
    let ruang = Ruang {
        dir: ws.clone(),
        sandi: Some(zeroize::Zeroizing::new(
            sandi.clone().unwrap_or_else(|| SANDI_DEMO.into()),
        )),
        ..k.ruang.clone()
    };
    let mut g = ruang.buat("35.79")?;
    crate::keluaran::tandai_diubah();
    say(
        k,
        &format!("{} {}", t(b, "Ruang kerja:", "Workspace:"), ws.display()),
    );
    if sandi.is_none() {
        say(
            k,
            &format!(
                "{} PADAN_PASSPHRASE={}",
                t(
                    b,
                    "Kunci kantor DEMO, disegel dengan sandi demo yang bukan rahasia; untuk perintah tulis berikutnya pada ruang kerja ini:",
                    "DEMO office key, sealed under a demo passphrase that is no secret; for further write commands on this workspace:"
                ),
                SANDI_DEMO
            ),
        );
    }

    let operator = "demo".to_string();
    let langkah = [
        (
            JenisImpor::Dpt,
            "dpt.csv",
            "DPB semester I 2026 (sintetis)",
            cfg.tanggal_dpt,
        ),
        (
            JenisImpor::Dp4,
            "dp4.csv",
            "Data kependudukan semester II 2026 (sintetis)",
            cfg.tanggal_pembaruan,
        ),
        (
            JenisImpor::Meninggal,
            "meninggal.csv",
            "Data kematian Disdukcapil (sintetis)",
            cfg.tanggal_pembaruan,
        ),
        (
            JenisImpor::TniPolri,
            "tni_polri.csv",
            "Data TNI/Polri (sintetis)",
            cfg.tanggal_pembaruan,
        ),
        (
            JenisImpor::Coklit,
            "coklit.csv",
            "Hasil coklit terbatas (sintetis)",
            cfg.tanggal_pembaruan,
        ),
    ];
    let mut hasil = vec![];
    for (i, (jenis, berkas, sumber, berlaku)) in langkah.iter().enumerate() {
        say(
            k,
            &format!(
                "== {}. {} {} ==",
                i + 3,
                t(b, "Impor", "Import"),
                jenis.nama()
            ),
        );
        let o = OpsiImpor {
            jenis: *jenis,
            berkas: data.join(berkas),
            sumber: (*sumber).into(),
            dokumen: format!("{berkas} (demo)"),
            berlaku: *berlaku,
            operator: operator.clone(),
            lembar: None,
            paksa: false,
        };
        let h = impor::impor(&mut g, &o, b, &Terminal::baru())?;
        say(k, &ringkasan_impor(&h, b));
        hasil.push(h);
    }

    say(
        k,
        &format!("== 8. {} ==", t(b, "Verifikasi", "Verification")),
    );
    let r = g.verifikasi()?;
    say(
        k,
        &format!(
            "{} {} {}, {} checkpoint, {} {} {}",
            if r.utuh() {
                t(b, "UTUH:", "INTACT:")
            } else {
                t(b, "TIDAK UTUH:", "NOT INTACT:")
            },
            angka(r.peristiwa, b),
            t(b, "peristiwa", "events"),
            r.checkpoint,
            t(b, "kunci kantor", "office key"),
            r.sidik_kunci,
            r.masalah
                .iter()
                .map(|m| format!("\n  [{}] {}", m.kode, m.pesan))
                .collect::<String>()
        ),
    );

    say(
        k,
        &format!(
            "== 9. {} ==",
            t(b, "Rekapitulasi per kecamatan", "Recap by kecamatan")
        ),
    );
    let rekap = padan_report::rekap(&g)?;
    say(k, &teks_rekap(&rekap, false, b));

    let contoh = match g.pemilih_dengan_peristiwa("ubah")? {
        Some(id) => Some(id),
        None => g.pemilih_dengan_peristiwa("tms")?,
    };
    if let Some(id) = contoh {
        say(
            k,
            &format!(
                "== 10. {} {} ==",
                t(b, "Kronologi satu pemilih:", "Chronology of one voter:"),
                tampil_id(id)
            ),
        );
        say(k, &teks_riwayat(&padan_app::baca::riwayat_dari(&g, id)?, b));
    }
    // Pemadanan: the register against each source batch, then against
    // itself; a few findings shown with their evidence.
    let opsi = pemadanan::OpsiRun {
        ambang: 0.5,
        model: None,
        operator: operator.clone(),
    };
    let senyap = Terminal::senyap();
    let mut runs = vec![];
    for (i, (lawan, judul_id, judul_en)) in [
        (
            "dp4",
            "daftar × data kependudukan",
            "register × population data",
        ),
        (
            "meninggal",
            "daftar × data kematian",
            "register × death records",
        ),
        (
            "tni-polri",
            "daftar × daftar TNI/Polri",
            "register × TNI/Polri list",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        say(
            k,
            &format!(
                "== {}. {} {} ==",
                i + 11,
                t(b, "Pemadanan:", "Matching:"),
                t(b, judul_id, judul_en)
            ),
        );
        // A small demo may have drawn no one for a list (no TNI/Polri among
        // 500 voters): nothing to match, said so.
        let ada = match g.cari_batch_sumber(lawan)? {
            Some(bt) => g.jumlah_rekaman_sumber(bt.id)? > 0,
            None => false,
        };
        if !ada {
            say(
                k,
                t(
                    b,
                    "  (tidak ada rekaman: dilewati)",
                    "  (no records: skipped)",
                ),
            );
            continue;
        }
        let r = pemadanan::jalankan_cocok(&mut g, lawan, &opsi, &senyap)?;
        say(k, &teks_run(&r, b));
        runs.push(r);
    }
    say(
        k,
        &format!(
            "== 14. {} ==",
            t(
                b,
                "Data ganda dalam daftar",
                "Duplicates within the register"
            )
        ),
    );
    let rg = pemadanan::jalankan_ganda(&mut g, &opsi, &senyap)?;
    say(k, &teks_run(&rg, b));
    runs.push(rg);
    say(
        k,
        &format!(
            "== 15. {} ==",
            t(
                b,
                "Contoh temuan dengan buktinya",
                "Example findings with their evidence"
            )
        ),
    );
    let mut contoh_temuan = vec![];
    for jenis in ["perbaikan", "meninggal", "ganda"] {
        let ts = g.daftar_temuan(&padan_store::pemadanan::SaringanTemuan {
            run: None,
            jenis: Some(jenis.into()),
            wilayah: None,
            batas: Some(1),
        })?;
        if let Some(tm) = ts.first() {
            let p = padan_app::temuan::jelaskan(&ruang, &tm.id.to_string())?;
            say(k, &teks_jelaskan(&p, b));
            contoh_temuan.push(padan_store::pemadanan::tampil_temuan(tm.id));
        }
    }

    let detik = mulai.elapsed().as_secs_f64();
    if k.json {
        let v = serde_json::json!({
            "ruang_kerja": ws,
            "synth": rs,
            "impor": hasil,
            "verifikasi": r,
            "rekap": rekap,
            "contoh_pemilih": contoh.map(tampil_id),
            "pemadanan": runs,
            "contoh_temuan": contoh_temuan,
            "detik": detik,
        });
        crate::cetakln!(
            "{}",
            serde_json::to_string_pretty(&v)
                .map_err(|e| Galat::baru(e.to_string(), e.to_string()))?
        );
    } else {
        crate::cetakln!(
            "{} {:.1} {}. {} {}",
            t(b, "Selesai dalam", "Done in"),
            detik,
            t(b, "detik", "seconds"),
            t(b, "Ruang kerja demo:", "Demo workspace:"),
            ws.display()
        );
        let wsd = ws.display();
        crate::cetakln!(
            "{}\n  padan --workspace {wsd} history {}\n  padan --workspace {wsd} verify\n  padan --workspace {wsd} diff {} {}\n  padan --workspace {wsd} export --as-of {} --out dpt.xlsx\n  padan --workspace {wsd} findings --run {} --type perbaikan\n  padan --workspace {wsd} explain {}",
            t(b, "Coba juga:", "Try next:"),
            contoh
                .map(tampil_id)
                .unwrap_or_else(|| "PM-00000001".into()),
            cfg.tanggal_dpt,
            cfg.tanggal_pembaruan,
            cfg.tanggal_dpt,
            runs.first().map(|r| r.run).unwrap_or(1),
            contoh_temuan
                .first()
                .map(String::as_str)
                .unwrap_or("TM-00000001")
        );
    }
    Ok(if r.utuh() { 0 } else { 1 })
}

fn say(k: &Konteks, s: &str) {
    if !k.json {
        crate::cetakln!("{}", s.trim_end());
    }
}
