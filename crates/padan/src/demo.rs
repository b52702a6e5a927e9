//! `padan demo`: the use case's steps printed as they happen.

use crate::kemajuan::Terminal;
use crate::perintah::{Konteks, cetak_json};
use crate::tampil::{
    ringkasan_impor, teks_jelaskan, teks_rekap, teks_riwayat, teks_run, teks_synth,
};
use padan_app::Galat;
use padan_app::demo::LangkahDemo as L;
use padan_app::pesan::Pesan as P;
use padan_app::ruang::SANDI_DEMO;
use padan_app::teks::{Bahasa, angka, t};

fn teks_langkah(l: L, b: Bahasa) -> String {
    match l {
        L::Judul(n, p, None) => format!("== {n}. {} ==", t(b, p)),
        L::Judul(n, p, Some(x)) => format!("== {n}. {} {x} ==", t(b, p)),
        L::Synth(r, data) => teks_synth(r, data, b),
        L::Ruang { dir, sandi_demo } => {
            let mut s = format!("{} {}", t(b, P::Workspace), dir.display());
            if sandi_demo {
                s += &format!(
                    "\n{} PADAN_PASSPHRASE={SANDI_DEMO}",
                    t(b, P::DemoOfficeKeySealed)
                );
            }
            s
        }
        L::Impor(h) => ringkasan_impor(h, b),
        L::Verifikasi(r) => format!(
            "{} {} {}, {} checkpoint, {} {} {}",
            t(b, if r.utuh() { P::Intact } else { P::NotIntact }),
            angka(r.peristiwa, b),
            t(b, P::Events),
            r.checkpoint,
            t(b, P::OfficeKey),
            r.sidik_kunci,
            r.masalah
                .iter()
                .map(|m| format!("\n  [{}] {}", m.kode, m.pesan))
                .collect::<String>()
        ),
        L::Rekap(r) => teks_rekap(r, false, b),
        L::Riwayat(r) => teks_riwayat(r, b),
        L::Dilewati => t(b, P::NoRecordsSkipped).into(),
        L::Run(r) => teks_run(r, b),
        L::Temuan(p) => teks_jelaskan(p, b),
        L::Putus(h, siapa) => format!("[{siapa}] {}", crate::tindak::teks_putus(h, b)),
        L::Periode(ba) => crate::tindak::teks_periode(ba, b),
        L::RekapDpb(h) => crate::tindak::teks_rekap_dpb(h, b),
        L::Dosir(d, p) => format!(
            "{} {}: {} {} · {} · {}",
            padan_app::teks::pilih(b, "Dosir", "Dossier"),
            d.pemilih,
            d.peristiwa,
            padan_app::teks::pilih(
                b,
                "peristiwa dengan bukti inklusi",
                "events with inclusion proofs"
            ),
            d.berkas.display(),
            if p.sah {
                padan_app::teks::pilih(
                    b,
                    "diperiksa tanpa ruang kerja: SAH",
                    "checked without a workspace: VALID",
                )
            } else {
                padan_app::teks::pilih(
                    b,
                    "diperiksa tanpa ruang kerja: TIDAK SAH",
                    "checked without a workspace: NOT VALID",
                )
            }
        ),
    }
}

pub fn demo(k: &Konteks, voters: Option<u64>, seed: u64) -> Result<i32, Galat> {
    let b = k.bahasa;
    let h = padan_app::demo::demo(&k.ruang, voters, seed, b, &Terminal::baru(), &mut |l| {
        if matches!(l, L::Ruang { .. }) {
            crate::keluaran::tandai_diubah();
        }
        if !k.json {
            crate::cetakln!("{}", teks_langkah(l, b).trim_end());
        }
    })?;
    if k.json {
        cetak_json(&h)?;
    } else {
        crate::cetakln!(
            "{} {:.1} {}. {} {}",
            t(b, P::DoneIn),
            h.detik,
            t(b, P::Seconds),
            t(b, P::DemoWorkspace),
            h.ruang_kerja.display()
        );
        let wsd = h.ruang_kerja.display();
        crate::cetakln!(
            "{}\n  padan --workspace {wsd} history {}\n  padan --workspace {wsd} verify\n  padan --workspace {wsd} diff {} {}\n  padan --workspace {wsd} export --as-of {} --out dpt.xlsx\n  padan --workspace {wsd} findings --run {} --type perbaikan\n  padan --workspace {wsd} explain {}\n  padan --workspace {wsd} review --type meninggal\n  padan --workspace {wsd} period list",
            t(b, P::TryNext),
            h.contoh_pemilih.as_deref().unwrap_or("PM-00000001"),
            h.tanggal_dpt,
            h.tanggal_pembaruan,
            h.tanggal_dpt,
            h.pemadanan.first().map(|r| r.run).unwrap_or(1),
            h.contoh_temuan
                .first()
                .map(String::as_str)
                .unwrap_or("TM-00000001")
        );
    }
    Ok(if h.verifikasi.utuh() { 0 } else { 1 })
}
