//! Text renderings of the use cases' results, in the operator's language.
//! Identifiers are masked in text: this is what gets pasted into reports and
//! messages; `--json` carries the full data for programs.

use padan_app::baca::{HasilBeda, HasilEkspor, JenisBeda, Riwayat};
use padan_app::bukti::{Pasangan, teks_tinjau};
use padan_app::impor::HasilImpor;
use padan_app::padan_match::blok::RingkasanBlokBesar;
use padan_app::padan_match::model::{self, Model};
use padan_app::padan_store::pemadanan::tampil_temuan;
use padan_app::padan_store::{Keadaan, Perubahan, tampil_id};
use padan_app::pemadanan::{RingkasanRun, arti_jenis};
use padan_app::pesan::Pesan as P;
use padan_app::register::{HasilBangunUlang, HasilInit, HasilVerifikasi};
use padan_app::tautan::RingkasanLink;
use padan_app::teks::{Bahasa, angka, pilih, t};
use padan_app::temuan::{DaftarTemuan, Penjelasan, air_terjun};
use padan_core::JenisTemuan;
use padan_core::pemilih::Elemen;
use padan_core::{awal, masker};
use std::fmt::Write;
use std::path::Path;

/// A text inside a JSON value (a run's manifest), or nothing.
fn teks<'a>(v: &'a serde_json::Value, jalur: &str) -> &'a str {
    v.pointer(jalur).and_then(|x| x.as_str()).unwrap_or("")
}

/// A path for display (relative when inside the current folder).
pub fn tampil_path(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|c| p.strip_prefix(c).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| p.display().to_string())
}

pub fn ringkasan_impor(h: &HasilImpor, b: Bahasa) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {} {} ({}, sha256 {}…)",
        t(b, P::Import),
        h.jenis,
        t(b, P::From),
        h.berkas,
        h.format,
        awal(&h.dokumen_sha256, 12)
    );
    let _ = writeln!(
        s,
        "  batch {} · {} {}",
        h.batch,
        t(b, P::Effective),
        h.berlaku
    );
    let _ = writeln!(
        s,
        "  {} {} {} = {} {} + {} {}",
        t(b, P::Read),
        angka(h.dibaca, b),
        t(b, P::Rows),
        t(b, P::Accepted),
        angka(h.diterima, b),
        t(b, P::Rejected),
        angka(h.ditolak, b)
    );
    let mut ev = vec![];
    for (n, p) in [
        (h.pemilih_baru, P::NewVoters),
        (h.diubah, P::RecordsChanged),
        (h.tms, P::Tms),
        (h.rekaman_sumber, P::SourceRecordsForMatching),
        (h.tanpa_perubahan, P::Unchanged),
    ] {
        if n > 0 {
            ev.push(format!("{} {}", angka(n, b), t(b, p)));
        }
    }
    if !ev.is_empty() {
        let _ = writeln!(s, "  {}: {}", t(b, P::Result), ev.join(", "));
    }
    let desc = |kode: &str| padan_core::Kode::dari_str(kode).map_or("", |k| k.teks(b));
    if !h.peringatan.is_empty() {
        let _ = writeln!(s, "  {}:", t(b, P::WarningsRowsStillAccepted));
        for (kode, n) in &h.peringatan {
            let _ = writeln!(s, "    {kode:<24} {:>9}  {}", angka(*n, b), desc(kode));
        }
    }
    if !h.galat.is_empty() {
        let _ = writeln!(s, "  {}:", t(b, P::RejectedFor));
        for (kode, n) in &h.galat {
            let _ = writeln!(s, "    {kode:<24} {:>9}  {}", angka(*n, b), desc(kode));
        }
        let _ = writeln!(s, "  {}:", t(b, P::SampleRejectedRows));
        for c in h.contoh_tolakan.iter().take(5) {
            let _ = writeln!(s, "    {} {}: {}", t(b, P::Row), c.baris, c.pesan);
        }
    }
    for c in &h.catatan {
        let _ = writeln!(s, "  {}: {c}", t(b, P::Note));
    }
    if !h.kolom_diabaikan.is_empty() {
        let _ = writeln!(
            s,
            "  {}: {}",
            t(b, P::UnknownColumnsIgnored),
            h.kolom_diabaikan.join(", ")
        );
    }
    if let Some(p) = &h.berkas_tolakan {
        let _ = writeln!(s, "  {}: {}", t(b, P::RejectsFile), tampil_path(p));
    }
    let _ = writeln!(
        s,
        "  checkpoint: {} {}…, {}",
        t(b, P::MerkleRoot),
        awal(&h.akar_merkle, 16),
        t(b, P::SignedWithTheOffice)
    );
    s
}

pub fn teks_verifikasi(h: &HasilVerifikasi, b: Bahasa) -> String {
    let r = &h.laporan;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {}, {} batch, {} checkpoint, {} {}, {} {}, {} run",
        t(b, P::Checked),
        angka(r.peristiwa, b),
        t(b, P::Events),
        angka(r.batch, b),
        angka(r.checkpoint, b),
        angka(r.dokumen, b),
        t(b, P::Documents),
        angka(r.pemilih, b),
        t(b, P::Voters),
        angka(r.run, b)
    );
    let _ = writeln!(s, "{} {}", t(b, P::OfficeKeyFingerprint), r.sidik_kunci);
    let _ = writeln!(s, "{} {}", t(b, P::HeadPublishItCheck), r.kepala);
    let _ = writeln!(
        s,
        "{} {} ({})",
        t(b, P::CheckpointLog),
        h.tempat_log,
        match r.log_checkpoint {
            Some(n) => format!("{} {}", angka(n, b), t(b, P::Lines)),
            None => t(b, P::Missing).to_owned(),
        }
    );
    if let Some(x) = &h.saksi {
        let _ = writeln!(
            s,
            "{} {} ({} {}) {} {} {} ({} {})",
            pilih(b, "Saksi:", "Witness:"),
            x.catatan.asal,
            angka(x.catatan.ukuran, b),
            pilih(b, "peristiwa", "events"),
            pilih(b, "diperpanjang log kini", "extended by today's log"),
            angka(x.ukuran_kini, b),
            pilih(b, "peristiwa", "events"),
            pilih(
                b,
                "bukti konsistensi RFC 9162:",
                "RFC 9162 consistency proof:"
            ),
            x.bukti.len()
        );
    }
    if r.utuh() {
        let _ = writeln!(s, "{}", t(b, P::IntactHashChainSigned));
    } else {
        let _ = writeln!(
            s,
            "{} {} {}:",
            t(b, P::NotIntact),
            r.masalah.len(),
            t(b, P::Problems)
        );
        for m in &r.masalah {
            let _ = writeln!(
                s,
                "  [{}] {}",
                m.kode,
                if b == Bahasa::Id {
                    &m.pesan
                } else {
                    &m.message
                }
            );
        }
        let _ = writeln!(s, "{}", t(b, P::NewChangesAreRefused));
    }
    s
}

fn status(k: &Keadaan, b: Bahasa) -> String {
    match k.kode_tms {
        Some(c) if !k.aktif => format!(
            "TMS {} ({})",
            c.angka(),
            if b == Bahasa::Id {
                c.nama()
            } else {
                c.name_en()
            }
        ),
        Some(c) => format!("{} ({} {})", t(b, P::Active), t(b, P::Tms), c.angka()),
        None => t(b, P::Active).into(),
    }
}

/// Text of one voter's chronology. Identifiers are masked: this is the form
/// that gets pasted into reports and messages; `--json` has the full data.
pub fn teks_riwayat(r: &Riwayat, b: Bahasa) -> String {
    let mut s = String::new();
    let kini = &r.keadaan;
    let p = &kini.pemilih;
    let _ = writeln!(
        s,
        "{}  {}  NIK {}  {} {}",
        r.id_pemilih,
        p.nama,
        masker::nik(&p.nik),
        t(b, P::Status),
        status(kini, b)
    );
    for e in &r.peristiwa {
        // A merged voter's history holds the other ID's events: say whose.
        let siapa = match &e.id_pemilih {
            Some(x) if *x != r.id_pemilih => format!(" [{x}]"),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "  #{:<8}{siapa} {} {} · {} {} · operator {} · batch {} ({})",
            e.seq,
            t(b, P::Effective),
            e.berlaku,
            t(b, P::Recorded),
            e.dicatat,
            e.operator,
            e.batch,
            e.batch_jenis
        );
        let asal = match (&e.dokumen_sha256, e.baris) {
            (Some(h), Some(r)) => format!(
                "{} \"{}\" {} {r} (sha256 {}…)",
                t(b, P::Document),
                e.dokumen,
                t(b, P::Row),
                awal(h, 12)
            ),
            (Some(h), None) => format!(
                "{} \"{}\" (sha256 {}…)",
                t(b, P::Document),
                e.dokumen,
                awal(h, 12)
            ),
            _ => format!("{} \"{}\"", t(b, P::Document), e.dokumen),
        };
        let apa = match &e.perubahan {
            Perubahan::Pengakuan { masalah } => {
                format!("{} {masalah}", t(b, P::AcknowledgedFailedVerification))
            }
            Perubahan::Daftar {
                pemilih,
                peringatan,
            } => {
                let mut x = format!(
                    "{} {} {}, desa {}, TPS {}",
                    t(b, P::Registered),
                    pemilih.nama,
                    pemilih.jenis_kelamin.kode(),
                    pemilih.kode_desa,
                    pemilih.tps
                );
                if !peringatan.is_empty() {
                    x.push_str(&format!(
                        " [{}: {}]",
                        t(b, P::Warnings),
                        peringatan.join(", ")
                    ));
                }
                x
            }
            Perubahan::Ubah {
                sebelum, sesudah, ..
            } => {
                let parts: Vec<String> = sesudah
                    .iter()
                    .map(|(el, v)| {
                        let a = sebelum.get(el).cloned().unwrap_or_default();
                        let samar = |x: &str| {
                            Elemen::dari_nama(el)
                                .map_or_else(|| x.to_owned(), |e| masker::nilai(e, x))
                        };
                        format!("{el}: \"{}\" → \"{}\"", samar(&a), samar(v))
                    })
                    .collect();
                format!("{} {}", t(b, P::Changed), parts.join("; "))
            }
            Perubahan::Tms { kode } => format!(
                "TMS {} ({})",
                kode.angka(),
                if b == Bahasa::Id {
                    kode.nama()
                } else {
                    kode.name_en()
                }
            ),
            Perubahan::Sumber { sumber, .. } => format!("{} {sumber}", t(b, P::Source)),
            Perubahan::Operator {
                nama,
                peran,
                wilayah,
            } => format!(
                "{} {nama} {} {peran}, {} {}",
                pilih(b, "operator", "operator"),
                pilih(b, "berperan", "with role"),
                pilih(b, "wilayah", "regions"),
                wilayah.join(", ")
            ),
            Perubahan::Keputusan(k) => format!(
                "{} {} {} {}: {}{} (run {}, model sha256 {}…, bukti sha256 {}…)",
                pilih(b, "keputusan", "decision"),
                padan_app::padan_store::tindak::tampil_keputusan(k.nomor),
                pilih(b, "atas", "on"),
                k.kasus,
                k.putusan,
                if k.putusan == padan_core::Putusan::Terima && k.perlu_persetujuan {
                    pilih(
                        b,
                        " (pencoretan, menunggu persetujuan)",
                        " (removal, awaiting approval)",
                    )
                } else {
                    ""
                },
                k.run.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
                awal(k.model_sha256.as_deref().unwrap_or("-"), 12),
                awal(&k.bukti_sha256, 12)
            ),
            Perubahan::Persetujuan { nomor, kasus, .. } => format!(
                "{} {} {} {kasus}",
                pilih(b, "persetujuan", "approval of"),
                padan_app::padan_store::tindak::tampil_keputusan(*nomor),
                pilih(b, "atas", "on")
            ),
            Perubahan::Pembatalan { nomor, kasus, .. } => format!(
                "{} {} {} {kasus}",
                pilih(b, "pembatalan", "undo of"),
                padan_app::padan_store::tindak::tampil_keputusan(*nomor),
                pilih(b, "atas", "on")
            ),
            Perubahan::Tanggapan(x) => format!(
                "{} {} {}: \"{}\"",
                pilih(b, "tanggapan masyarakat", "public report"),
                padan_app::padan_store::tindak::kunci_tanggapan(x.nomor),
                x.jenis,
                x.teks
            ),
            Perubahan::Gabung { ke } => format!(
                "{} {} (TMS 2 ganda)",
                pilih(b, "digabung ke", "merged into"),
                padan_app::padan_store::tampil_id(*ke)
            ),
            Perubahan::Pulih {
                aktif, kode_tms, ..
            } => format!(
                "{}: {}{}",
                pilih(b, "status dipulihkan", "status restored"),
                if *aktif {
                    pilih(b, "aktif", "active")
                } else {
                    pilih(b, "tidak aktif", "inactive")
                },
                kode_tms
                    .map(|k| format!(", TMS {}", k.angka()))
                    .unwrap_or_default()
            ),
            Perubahan::Salinan {
                profil,
                penerima,
                sha256,
                baris,
                ..
            } => format!(
                "{} {profil} {} {penerima}: {baris} {} (sha256 {}…)",
                pilih(b, "salinan daftar profil", "copy of the register, profile"),
                pilih(b, "untuk", "for"),
                pilih(b, "baris", "rows"),
                awal(sha256, 12)
            ),
            Perubahan::Periode(x) => format!(
                "{} {} {} {}",
                pilih(b, "periode", "period"),
                x.nama,
                pilih(b, "ditutup, sampai", "closed, to"),
                x.sampai
            ),
        };
        let _ = writeln!(s, "            {apa}");
        let _ = writeln!(
            s,
            "            {}: {} · {asal} · {} {} · hash {}…",
            t(b, P::Reason),
            e.alasan,
            t(b, P::Source2),
            potong(&e.sumber, 40),
            awal(&e.hash, 16)
        );
    }
    s
}

fn potong(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

pub fn teks_rekap(r: &padan_app::padan_report::Rekap, desa: bool, b: Bahasa) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({})",
        t(b, P::RecapOfActiveVoters),
        r.jumlah.nama,
        r.jumlah.kode
    );
    let _ = writeln!(
        s,
        "  {:<14} {:<26} {:>10} {:>10} {:>10}",
        t(b, P::Code),
        t(b, P::DistrictVillage),
        "L",
        "P",
        t(b, P::Total)
    );
    let baris =
        |s: &mut String, indent: &str, lebar: usize, j: &padan_app::padan_report::BarisRekap| {
            let _ = writeln!(
                s,
                "{indent}{:<lebar$} {:<26} {:>10} {:>10} {:>10}",
                j.kode,
                j.nama,
                angka(j.l, b),
                angka(j.p, b),
                angka(j.total, b)
            );
        };
    for kc in &r.kecamatan {
        baris(&mut s, "  ", 14, &kc.jumlah);
        if desa {
            for d in &kc.desa {
                baris(&mut s, "    ", 12, d);
            }
        }
    }
    let j = &r.jumlah;
    let _ = writeln!(
        s,
        "  {:<14} {:<26} {:>10} {:>10} {:>10}",
        "",
        t(b, P::Total2),
        angka(j.l, b),
        angka(j.p, b),
        angka(j.total, b)
    );
    s
}

pub fn teks_synth(r: &padan_app::padan_synth::Ringkasan, out: &Path, b: Bahasa) -> String {
    format!(
        "{} {}: dpt.csv {} {} ({} {}, {} {}), dp4.csv {}, meninggal.csv {}, tni_polri.csv {}, coklit.csv {}; {} kebenaran/\n",
        t(b, P::SyntheticDataIn),
        out.display(),
        angka(r.dpt, b),
        t(b, P::Rows),
        angka(r.ganda, b),
        t(b, P::Duplicates),
        angka(r.cacat, b),
        t(b, P::Defective),
        angka(r.dp4, b),
        angka(r.meninggal, b),
        angka(r.tni_polri, b),
        angka(r.coklit, b),
        t(b, P::GroundTruthIn),
    )
}

pub fn teks_run(r: &RingkasanRun, b: Bahasa) -> String {
    {
        let n = |x: u64| angka(x, b);
        let mut out = format!(
            "{} {} ({}): {} {}",
            t(b, P::MatchingRun),
            r.run,
            r.jenis,
            n(r.pemilih_aktif as u64),
            t(b, P::ActiveVoters),
        );
        if let Some(bt) = r.batch_lawan {
            out += &format!(
                " × {} {} batch {bt}",
                n(r.rekaman_lawan as u64),
                t(b, P::RecordsOf)
            );
        }
        out += &format!(
            "; {} {} ({:.1} {})\n",
            n(r.dibandingkan),
            t(b, P::PairsCompared),
            r.detik,
            t(b, P::S)
        );
        for &j in JenisTemuan::SEMUA {
            if let Some(c) = r.temuan.get(j.nama()) {
                out += &format!("  {j:<16} {:>9}  {}\n", n(*c), t(b, arti_jenis(j)));
            }
        }
        if r.temuan.is_empty() {
            out += t(b, P::NoFindings);
        }
        if r.ditolak_sebelumnya > 0 {
            out += &format!(
                "  {}: {}\n",
                pilih(
                    b,
                    "tidak diusulkan lagi (ditolak sebagai bukan orang yang sama)",
                    "not proposed again (rejected as not the same person)"
                ),
                n(r.ditolak_sebelumnya)
            );
        }
        if r.ditinjau > 0 {
            out += &format!("  {}: {}\n", t(b, P::ToBeReviewedBy), n(r.ditinjau));
        }
        out += &teks_blok_besar(&r.blok_besar, b);
        out += &teks_pita(&r.pita, b);
        out += &format!(
            "{}: padan findings --run {} ; padan explain TM-…\n",
            t(b, P::See),
            r.run
        );
        out
    }
}

/// Oversized blocks for the operator: the ten largest, then how many more.
pub fn teks_blok_besar(r: &RingkasanBlokBesar, b: Bahasa) -> String {
    let mut out = String::new();
    for bb in r.terbesar.iter().take(10) {
        out += &format!(
            "  {} {} '{}': {} {}, {} {}\n",
            t(b, P::BlockTooLargeNot),
            bb.aturan,
            bb.kunci,
            angka(bb.ukuran as u64, b),
            t(b, P::Records),
            angka(bb.pasangan_tertunda, b),
            t(b, P::PairsLeftOut)
        );
    }
    if r.jumlah > 10 {
        out += &format!(
            "  {} {} {} ({} {}; {})\n",
            t(b, P::And),
            angka((r.jumlah - 10) as u64, b),
            t(b, P::MoreOversizedBlocks),
            angka(r.pasangan_tertunda, b),
            t(b, P::PairsLeftOutIn),
            t(b, P::TheListInJson)
        );
    }
    out
}

/// The kept pairs per band of probability: the matches each should hold
/// (the sum of its probabilities) and, with truth, holds.
fn teks_pita(pita: &[padan_app::akurasi::Pita], b: Bahasa) -> String {
    let mut out = String::new();
    for x in pita.iter().rev().filter(|x| x.pasangan > 0) {
        if out.is_empty() {
            out += pilih(
                b,
                "Per pita peluang (pasangan yang disimpan):\n",
                "Per band of probability (the pairs kept):\n",
            );
        }
        out += &format!(
            "  {:.1}–{:.1}: {} {}, {} {}",
            x.dari,
            x.sampai,
            angka(x.pasangan, b),
            pilih(b, "pasangan", "pairs"),
            pilih(b, "perkiraan padan", "expected matches"),
            angka(x.perkiraan_padan.round() as u64, b),
        );
        if let (Some(d), Some(p)) = (x.padan, x.presisi) {
            out += &format!(
                ", {} {} ({} {p:.4}, {} {:.4})",
                pilih(b, "benar", "true"),
                angka(d, b),
                pilih(b, "presisi", "precision"),
                pilih(b, "rata-rata peluang", "mean probability"),
                x.rata_peluang
            );
        }
        out.push('\n');
    }
    out
}

/// The accuracy against `--truth`: both thresholds, blocking recall,
/// calibration at p ≥ 0.5, and the worst mistakes with their waterfalls.
fn teks_akurasi(a: &padan_app::akurasi::Akurasi, b: Bahasa) -> String {
    let titik = |judul: String, x: &padan_app::akurasi::Titik| {
        format!(
            "  {judul}: {} {:.4}, recall {:.4}, F1 {:.4} ({} {}, {} {}, {} {})\n",
            pilih(b, "presisi", "precision"),
            x.presisi,
            x.recall,
            x.f1,
            pilih(b, "BP", "TP"),
            angka(x.benar_positif, b),
            pilih(b, "SP", "FP"),
            angka(x.salah_positif, b),
            pilih(b, "SN", "FN"),
            angka(x.salah_negatif, b),
        )
    };
    let mut out = format!(
        "{} ({} {}):\n",
        pilih(b, "Akurasi terhadap --truth", "Accuracy against --truth"),
        angka(a.pasangan_benar, b),
        pilih(b, "pasangan benar", "true pairs"),
    );
    out += &titik(
        format!(
            "{} {}",
            pilih(b, "pada ambang", "at the threshold"),
            a.di_ambang.ambang
        ),
        &a.di_ambang,
    );
    out += &titik(
        format!(
            "{} {:.4}",
            pilih(b, "ambang terbaik", "best threshold"),
            a.terbaik.ambang
        ),
        &a.terbaik,
    );
    out += &format!(
        "  {} {:.4}; {:.1} {}\n",
        pilih(b, "recall blok", "blocking recall"),
        a.recall_blok,
        a.banding_per_benar,
        pilih(
            b,
            "perbandingan per pasangan benar",
            "comparisons per true pair"
        ),
    );
    let s = &a.di_atas_setengah;
    if let Some(p) = s.presisi {
        out += &format!(
            "  {} p ≥ 0.5: {} {}, {} {:.4}, {} {p:.4} ({} {:+.4})\n",
            pilih(b, "kalibrasi", "calibration"),
            angka(s.pasangan, b),
            pilih(b, "pasangan", "pairs"),
            pilih(b, "rata-rata peluang", "mean probability"),
            s.rata_peluang,
            pilih(b, "presisi", "precision"),
            pilih(b, "selisih", "difference"),
            p - s.rata_peluang,
        );
    }
    let contoh = |judul: &str, xs: &[padan_app::akurasi::Contoh]| {
        let mut out = String::new();
        if xs.is_empty() {
            return out;
        }
        out += &format!("  {judul}:\n");
        for x in xs {
            // Missing values weigh nothing: left out of the line.
            let rincian: Vec<String> = x
                .rincian
                .iter()
                .filter(|r| r.level != "hilang")
                .map(|r| format!("{} {} {:+.1}", r.perbandingan, r.level, r.bobot))
                .collect();
            out += &format!(
                "    {} – {}  p {:.4}{}  {}\n",
                x.id_kiri,
                x.id_kanan,
                x.peluang,
                if x.dibandingkan {
                    ""
                } else {
                    pilih(
                        b,
                        " (tidak dibandingkan oleh blok)",
                        " (never compared by blocking)",
                    )
                },
                rincian.join(" · ")
            );
        }
        out
    };
    out += &contoh(
        pilih(b, "salah positif terburuk", "worst false positives"),
        &a.salah_positif,
    );
    out += &contoh(
        pilih(b, "salah negatif terburuk", "worst false negatives"),
        &a.salah_negatif,
    );
    out
}

/// Which column of a file served which field, which were ignored, and a
/// hint for an ignored column that looks like an identifier.
fn teks_pemakaian(k: &padan_app::tautan::PemakaianKolom, b: Bahasa) -> String {
    let dipakai: Vec<String> = k
        .dipakai
        .iter()
        .map(|d| match (d.jenis, &d.cadangan) {
            (Some(j), Some(c)) => format!("{} → {} / {c} ({j})", d.kolom, d.medan),
            (Some(j), None) => format!("{} → {} ({j})", d.kolom, d.medan),
            _ => format!("{} → {}", d.kolom, d.medan),
        })
        .collect();
    let mut out = format!(
        "{} {}: {}",
        t(b, P::ColumnsOf),
        k.berkas,
        dipakai.join(", ")
    );
    if !k.diabaikan.is_empty() {
        out += &format!("; {}: {}", t(b, P::ColumnsIgnored), k.diabaikan.join(", "));
    }
    out.push('\n');
    for m in &k.mirip_id {
        out += &padan_app::pesan::Templat::LinkMiripId.isi(b, &[m]);
        out.push('\n');
    }
    if let Some(w) = &k.nama_wilayah
        && w.baris > 0
    {
        let kolom = w.kolom.join(", ");
        out += &padan_app::pesan::Templat::LinkNamaWilayah.isi(
            b,
            &[
                &kolom,
                &angka(w.terurai, b),
                &angka(w.baris, b),
                &angka(w.ganda, b),
                &angka(w.tidak_ada, b),
            ],
        );
        out.push('\n');
        if w.peringatan {
            out += &padan_app::pesan::Templat::LinkNamaWilayahSedikit.isi(b, &[&kolom]);
            out.push('\n');
        }
    }
    out
}

pub fn teks_link(r: &RingkasanLink, min_peluang: f64, klaster: Option<&Path>, b: Bahasa) -> String {
    let angka = |n: u64| angka(n, b);
    let mut out = String::new();
    match r.kanan {
        Some(n) => {
            out += &format!(
                "{} {} × {} {}\n",
                t(b, P::Linked),
                angka(r.kiri),
                angka(n),
                t(b, P::Records)
            )
        }
        None => {
            out += &format!(
                "{} {} {}\n",
                t(b, P::Deduplicated),
                angka(r.kiri),
                t(b, P::Records)
            )
        }
    }
    out += &format!(
        "{}: {}; {} ≥ {}: {}\n",
        t(b, P::PairsCompared2),
        angka(r.dibandingkan),
        t(b, P::Probability),
        r.ambang,
        angka(r.di_atas_ambang)
    );
    if min_peluang > 0.0 {
        out += &format!("{} {}\n", t(b, P::PairsWrittenOnlyThose), min_peluang);
    }
    if r.di_atas_ambang == 0 {
        out += t(b, P::NoPairMatchesThe);
    }
    for s in &r.blok {
        out += &format!(
            "  {} {}: {} {}\n",
            t(b, P::BlockingRule),
            s.aturan,
            angka(s.pasangan_baru),
            t(b, P::NewPairs)
        );
    }
    out += &teks_blok_besar(&r.blok_besar, b);
    for k in &r.kolom {
        out += &teks_pemakaian(k, b);
    }
    out += &teks_pita(&r.pita, b);
    if let Some(a) = &r.akurasi {
        out += &teks_akurasi(a, b);
    }
    if r.baris_kolom_beda > 0 {
        out += &format!(
            "{}: {}\n",
            t(b, P::RowsWithMoreOr),
            angka(r.baris_kolom_beda)
        );
    }
    if r.tanggal_tak_terbaca > 0 {
        out += &format!(
            "{}: {}\n",
            t(b, P::UnreadableBirthDatesTaken),
            angka(r.tanggal_tak_terbaca)
        );
    }
    out += &format!(
        "{}: {} ({:.1} {})\n",
        t(b, P::PairsWrittenTo),
        r.keluaran,
        r.detik,
        t(b, P::S)
    );
    if let Some(p) = klaster {
        out += &format!(
            "{}: {} ({} {}) → {}\n",
            t(b, P::ClustersSamePerson),
            angka(r.klaster),
            angka(r.klaster_ditinjau),
            t(b, P::ToReviewChainedOr),
            p.display()
        );
    }
    if !r.model.is_empty() {
        out += &format!("{}: {}\n", t(b, P::ModelSaved), r.model);
    }
    if let Some(p) = &r.partisi {
        out += &format!(
            "{}: {} {}; {} MB {}; {} {}\n",
            t(b, P::PartitionsOnDisk),
            p.per_aturan,
            t(b, P::PerBlockingRule),
            angka(p.bait / 1_000_000),
            t(b, P::WrittenRemovedSince),
            t(b, P::LargestPartition),
            angka(p.maks_rekaman)
        );
    }
    out
}

pub fn teks_daftar_temuan(d: &DaftarTemuan, b: Bahasa) -> String {
    let (run, ts) = (&d.run, &d.temuan);
    let mut out = format!(
        "{} {} ({}, {}): {} {}\n",
        t(b, P::FindingsOfRun),
        run.id,
        run.jenis,
        run.selesai,
        angka(ts.len() as u64, b),
        t(b, P::Shown)
    );
    for (j, c) in &d.hitung {
        out += &format!("  {j:<16} {:>9}\n", angka(*c as u64, b));
    }
    for (tm, bk) in ts {
        out += &format!(
            "{}  {:<15} {:<13} {:>6}  {}\n",
            tampil_temuan(tm.id),
            tm.isi.jenis,
            tm.isi.kode_desa,
            tm.isi
                .peluang
                .map(|p| format!("{p:.3}"))
                .unwrap_or_else(|| "-".into()),
            padan_app::temuan::ringkas_temuan(tm, bk, b)
        );
    }
    out
}

fn teks_air_terjun(m: &Model, pasangan: &Pasangan, b: Bahasa) -> String {
    let (langkah, total) = air_terjun(m, pasangan);
    let mut out = format!(
        "    {:<16} {:<20} {:>9} {:>11} {:>8}\n",
        t(b, P::Comparison),
        "level",
        "m",
        "u",
        t(b, P::Weight)
    );
    out += &format!(
        "    {:<16} {:<20} {:>9} {:>11} {:>+8.2}\n",
        t(b, P::Prior),
        format!("λ = {:.2e}", m.p),
        "",
        "",
        m.bobot_awal()
    );
    for l in &langkah {
        out += &format!(
            "    {:<16} {:<20} {:>9.4} {:>11.3e} {:>+8.2}{}\n",
            l.perbandingan,
            l.level,
            l.m,
            l.u,
            l.bobot,
            if l.tf {
                t(b, P::UValueFrequency)
            } else if l.level == "hilang" {
                t(b, P::MissingNotCounted)
            } else {
                ""
            }
        );
    }
    out += &format!(
        "    {:<16} {:<20} {:>9} {:>11} {:>+8.2}  → {} {:.4}\n",
        "total",
        format!("blok: {}", pasangan.aturan_blok),
        "",
        "",
        total,
        t(b, P::Probability),
        model::peluang(total)
    );
    out
}

fn baris_pemilih(id: i64, k: Option<&Keadaan>, b: Bahasa) -> String {
    match k {
        Some(k) => {
            let p = &k.pemilih;
            format!(
                "{} NIK {} NKK {} {} {}, {} {} {} RT {} RW {} desa {}{}",
                tampil_id(id),
                masker::nik(&p.nik),
                masker::nik(&p.nkk),
                p.nama,
                p.jenis_kelamin.kode(),
                p.tempat_lahir,
                masker::tanggal(p.tanggal_lahir),
                p.alamat,
                p.rt,
                p.rw,
                p.kode_desa,
                if k.aktif { "" } else { t(b, P::NotActive) }
            )
        }
        None => tampil_id(id),
    }
}

/// One finding in full, as text.
pub fn teks_jelaskan(p: &Penjelasan, b: Bahasa) -> String {
    let Penjelasan {
        tm,
        bukti,
        run,
        model,
        sumber,
        pemilih,
    } = p;
    let baris = |i: i64| {
        let k = pemilih
            .iter()
            .find(|(j, _)| *j == i)
            .and_then(|(_, k)| k.as_ref());
        baris_pemilih(i, k, b)
    };
    let mut out = format!(
        "{} {}: {} ({})\n  {}\n",
        t(b, P::Finding),
        tampil_temuan(tm.id),
        tm.isi.jenis,
        t(b, arti_jenis(tm.isi.jenis)),
        p.ringkas(b)
    );
    if tm.isi.jenis == JenisTemuan::Ganda {
        out += &format!("  {}:\n", t(b, P::Members));
        for (i, _) in pemilih {
            out += &format!("    {}\n", baris(*i));
        }
        if let Some(r) = &bukti.tinjau {
            out += &format!("  {}: {}\n", t(b, P::ToReview), teks_tinjau(r, b));
        }
        for e in &bukti.tepi {
            out += &format!("  {} {} – {}:\n", t(b, P::Pair), e.a, e.b);
            out += &teks_air_terjun(model, &e.pasangan, b);
        }
    } else {
        if let Some(p) = tm.isi.pemilih {
            out += &format!("  {}: {}\n", t(b, P::Voter), baris(p));
        }
        if let Some(s) = &sumber {
            let v = |k: &str| s.rekaman.get(k).cloned().unwrap_or_default();
            out += &format!(
                "  {}: batch {}, {} {}, {} {}: NIK {} {} {} {} desa {}\n",
                t(b, P::SourceRecord),
                run.batch_lawan.map(|x| x.to_string()).unwrap_or_default(),
                t(b, P::Row),
                s.baris.map(|x| x.to_string()).unwrap_or_default(),
                t(b, P::Event),
                s.seq,
                masker::nik(&v("nik")),
                v("nama"),
                v("jenis_kelamin"),
                masker::tanggal_teks(&v("tanggal_lahir")),
                v("kode_desa")
            );
        }
        for e in bukti.detail.iter().flat_map(|d| &d.elemen) {
            out += &format!(
                "    {}: {} {} → {} {}\n",
                e.elemen,
                t(b, P::Register),
                e.daftar,
                t(b, P::Population),
                e.penduduk
            );
        }
        if let Some(ps) = bukti.pasangan() {
            out += &format!("  {}:\n", t(b, P::EvidenceWeightPerComparison));
            out += &teks_air_terjun(model, &ps, b);
        } else if let Some(c) = &bukti.calon_terkuat {
            out += &format!(
                "  {}: {} {:.4}, {} {}\n",
                t(b, P::StrongestCandidateBelowThe),
                t(b, P::Probability),
                c.peluang,
                t(b, P::SourceEvent),
                c.rekaman_sumber_seq
                    .map_or("null".into(), |x| x.to_string())
            );
        }
    }
    let mf = &run.manifest;
    out += &format!(
        "  {}: {} {} ({}), {} {} → {}; {} {}, git {}; {} {}; {} {}…; model {} sha256 {}…\n",
        t(b, P::Run),
        run.id,
        run.jenis,
        run.operator,
        t(b, P::Started),
        run.dimulai,
        run.selesai,
        t(b, P::Padan),
        teks(mf, "/padan_versi"),
        teks(mf, "/kode_git"),
        t(b, P::Threshold),
        mf.pointer("/setelan/ambang")
            .unwrap_or(&serde_json::Value::Null),
        t(b, P::RegisterFingerprint),
        awal(teks(mf, "/register/sidik_proyeksi"), 12),
        model.versi,
        awal(teks(mf, "/model_sha256"), 12),
    );
    if let Some(d) = mf
        .pointer("/batch_lawan/dokumen_sha256")
        .and_then(|v| v.as_str())
    {
        out += &format!(
            "  {}: {} sha256 {}\n",
            t(b, P::SourceDocument),
            teks(mf, "/batch_lawan/dokumen"),
            d
        );
    }
    out
}

pub fn teks_init(h: &HasilInit, b: Bahasa) -> String {
    format!(
        "{} {} — {} {} ({})\n{} {} ({})\n",
        t(b, P::WorkspaceCreated),
        h.ruang_kerja.display(),
        t(b, P::Office),
        h.kantor,
        h.nama.as_deref().unwrap_or(""),
        t(b, P::OfficeSigningKeyFingerprint),
        h.sidik_kunci,
        t(b, P::SecretKeySealedUnder)
    )
}

pub fn teks_ekspor(h: &HasilEkspor, b: Bahasa) -> String {
    format!(
        "{} {} {} → {} ({} {}{})\n",
        angka(h.baris, b),
        t(b, P::Voters),
        t(b, P::Exported),
        h.berkas.display(),
        t(b, P::AsOf),
        h.berlaku,
        h.dicatat_sampai
            .as_ref()
            .map(|d| format!(", {} {d}", t(b, P::AsRecordedBy)))
            .unwrap_or_default()
    )
}

pub fn teks_beda(h: &HasilBeda, b: Bahasa) -> String {
    let mut s = format!(
        "{} {} → {}: {} {}, {} {}, {} {}\n",
        t(b, P::Difference),
        h.dari,
        h.sampai,
        angka(h.ditambah, b),
        t(b, P::Added),
        angka(h.dihapus, b),
        t(b, P::Removed),
        angka(h.diubah, b),
        t(b, P::Changed2)
    );
    for r in h.baris.iter().take(20) {
        // The text form masks identifiers and birth dates; the file
        // (`--out`) and `--json` carry them for programs.
        let (s1, s2) = match Elemen::dari_nama(&r.elemen) {
            Some(e) => (masker::nilai(e, &r.sebelum), masker::nilai(e, &r.sesudah)),
            None => (r.sebelum.clone(), r.sesudah.clone()),
        };
        let apa = match r.perubahan {
            JenisBeda::Ditambah => t(b, P::Added),
            JenisBeda::Dihapus => t(b, P::Removed),
            JenisBeda::Diubah => t(b, P::Changed2),
        };
        let _ = writeln!(
            s,
            "  {} {:<9} {} {} {}",
            r.id_pemilih,
            apa,
            r.elemen,
            s1,
            if s2.is_empty() {
                String::new()
            } else {
                format!("→ {s2}")
            }
        );
    }
    if h.baris.len() > 20 {
        let _ = writeln!(
            s,
            "  … {} {}",
            angka(h.baris.len() as u64 - 20, b),
            t(b, P::MoreRowsUseOut)
        );
    }
    s
}

pub fn teks_bangun_ulang(h: &HasilBangunUlang, b: Bahasa) -> String {
    format!(
        "{} {} {} ({:.2} {})\n  {} {}…  {} {}…  {}\n",
        t(b, P::VoterTableRebuiltFrom),
        angka(h.pemilih, b),
        t(b, P::Voters),
        h.detik,
        t(b, P::S),
        t(b, P::FingerprintBefore),
        awal(&h.sidik_sebelum, 16),
        t(b, P::After),
        awal(&h.sidik_sesudah, 16),
        if h.sama {
            t(b, P::Identical)
        } else {
            t(b, P::DifferentTheOldTable)
        }
    )
}

/// `padan province`: one line per office.
#[cfg(feature = "postgres")]
pub fn teks_provinsi(h: &padan_app::provinsi::HasilProvinsi, b: Bahasa) -> String {
    use padan_app::teks::pilih;
    let mut s = String::new();
    if let Some(k) = &h.disegarkan {
        s += &format!(
            "{} provinsi_{}: {}\n",
            pilih(b, "Tampilan dibuat ulang", "Views remade"),
            h.provinsi,
            k.join(", ")
        );
    }
    if h.kantor.is_empty() {
        s += pilih(
            b,
            "Belum ada kantor di tampilan provinsi ini; jalankan dengan --refresh.\n",
            "No office in this province's view yet; run with --refresh.\n",
        );
        return s;
    }
    s += &format!(
        "{:<8} {:>10} {:>10} {:>10} {:>12} {:>12}  {}\n",
        pilih(b, "kantor", "office"),
        pilih(b, "aktif", "active"),
        "L",
        "P",
        pilih(b, "tidak aktif", "inactive"),
        pilih(b, "peristiwa", "events"),
        pilih(b, "kepala rantai", "chain head"),
    );
    for k in &h.kantor {
        s += &format!(
            "{:<8} {:>10} {:>10} {:>10} {:>12} {:>12}  {}\n",
            k.kantor,
            k.aktif,
            k.laki,
            k.perempuan,
            k.tidak_aktif,
            k.peristiwa,
            padan_core::awal(&k.kepala, 16)
        );
    }
    s
}
