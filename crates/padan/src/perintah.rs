//! The commands. Each prints text in the chosen language, or JSON with
//! `--json`, and returns the exit status.

use crate::galat::Galat;
use crate::impor::{self, HasilImpor, OpsiImpor, perubahan_ubah, tampil_path};
use crate::teks::{Bahasa, angka, t};
use crate::{AksiRegion, ArgPerubahan, Cli, Lang, Perintah};
use chrono::NaiveDate;
use padan_core::pemilih::{Elemen, Mentah};
use padan_core::validasi::{self, KEBIJAKAN_DAFTAR, Konteks};
use padan_core::{KodeTms, Temuan, Wilayah, masker};
use padan_io::PenulisTabel;
use padan_io::tulis::FormatKeluar;
use padan_store::{Gudang, InfoBatch, Keadaan, Perubahan, RingkasanBatch, Saringan, tampil_id};
use serde::Serialize;
use std::path::Path;

pub struct Konteks2 {
    pub bahasa: Bahasa,
    pub json: bool,
}

pub fn cetak_json<T: Serialize>(v: &T) -> Result<(), Galat> {
    let s =
        serde_json::to_string_pretty(v).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
    crate::cetakln!("{s}");
    Ok(())
}

pub fn jalankan(cli: Cli) -> Result<i32, Galat> {
    let k = Konteks2 {
        bahasa: match cli.lang {
            Lang::Id => Bahasa::Id,
            Lang::En => Bahasa::En,
        },
        json: cli.json,
    };
    let ws = cli.workspace.as_path();
    crate::keluaran::atur_json(cli.json);
    match cli.perintah {
        Perintah::Init { kantor } => init(&k, ws, &kantor),
        Perintah::Acknowledge { reason, operator } => {
            acknowledge(&k, ws, &reason, operator_dari(operator))
        }
        Perintah::Region {
            aksi: AksiRegion::Import { file },
        } => region_import(&k, ws, &file),
        Perintah::Import {
            kind,
            file,
            source,
            document,
            effective,
            operator,
            sheet,
            force,
        } => {
            let mut g = crate::ruang::buka_tulis(ws)?;
            let o = OpsiImpor {
                jenis: kind,
                berkas: file,
                sumber: source,
                dokumen: document,
                berlaku: tanggal_berlaku(effective.as_deref())?,
                operator: operator_dari(operator),
                lembar: sheet,
                paksa: force,
            };
            let h = impor::impor(&mut g, &o, k.bahasa)?;
            crate::keluaran::tandai_diubah();
            if k.json {
                cetak_json(&h)?
            } else {
                crate::cetak!("{}", ringkasan_impor(&h, k.bahasa))
            }
            Ok(0)
        }
        Perintah::Verify {
            expect_key,
            expect_head,
        } => verify(&k, ws, expect_key, expect_head.as_deref()),
        Perintah::History { pemilih, masked } => history(&k, ws, &pemilih, masked),
        Perintah::Export {
            as_of,
            recorded_as_of,
            out,
            all,
        } => export(
            &k,
            ws,
            as_of.as_deref(),
            recorded_as_of.as_deref(),
            &out,
            all,
        ),
        Perintah::Diff { date1, date2, out } => diff(&k, ws, &date1, &date2, out.as_deref()),
        Perintah::Add {
            elemen,
            p,
            allow_duplicate_nik,
            masked,
        } => add(&k, ws, &elemen, &p, allow_duplicate_nik, masked),
        Perintah::Edit { pemilih, elemen, p } => edit(&k, ws, &pemilih, &elemen, &p),
        Perintah::Tms { pemilih, code, p } => tms(&k, ws, &pemilih, code, &p),
        Perintah::Rebuild => rebuild(&k, ws),
        Perintah::Rekap { desa } => rekap(&k, ws, desa),
        Perintah::Rules => rules(&k),
        Perintah::Synth {
            region,
            voters,
            seed,
            out,
            wilayah,
            defects,
        } => synth(&k, &region, voters, seed, &out, wilayah.as_deref(), defects),
        Perintah::Demo { voters, seed } => crate::demo::demo(&k, ws, voters, seed),
        Perintah::Match { against, r } => crate::temuan::cocokkan(&k, ws, &against, &opsi_run(r)),
        Perintah::Dedupe { r } => crate::temuan::ganda(&k, ws, &opsi_run(r)),
        Perintah::Findings {
            jenis,
            region,
            run,
            limit,
        } => crate::temuan::daftar(
            &k,
            ws,
            padan_store::pemadanan::SaringanTemuan {
                run,
                jenis,
                wilayah: region,
                batas: Some(limit),
            },
        ),
        Perintah::Explain { finding } => crate::temuan::jelaskan(&k, ws, &finding),
        Perintah::Link {
            left,
            right,
            out,
            map,
            id,
            threshold,
            model,
            save_model,
            clusters,
            min_probability,
            partitions,
            partition_dir,
        } => crate::tautan::link(
            &k,
            &crate::tautan::OpsiLink {
                kiri: left,
                kanan: right,
                keluar: out,
                map,
                id,
                ambang: threshold,
                model,
                simpan_model: save_model,
                klaster: clusters,
                min_peluang: min_probability,
                partisi: partitions,
                dir_partisi: partition_dir,
            },
        ),
    }
}

fn opsi_run(r: crate::ArgRun) -> crate::temuan::OpsiRun {
    crate::temuan::OpsiRun {
        ambang: r.threshold,
        model: r.model,
        operator: operator_dari(r.operator),
        senyap: false,
    }
}

pub fn operator_dari(o: Option<String>) -> String {
    o.or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "operator".into())
}

/// The earliest effective date a change may have: the register began
/// with the 1999 election (KPU was formed that year); nothing earlier can
/// be a change to it.
pub const BERLAKU_PALING_AWAL: (i32, u32, u32) = (1999, 1, 1);
/// How far ahead a change may take effect: a year (a decision for the next
/// semester is fine, `9999-12-31` is a typing error).
pub const BERLAKU_HARI_KE_DEPAN: i64 = 366;

/// An effective date (default today), within the window above.
pub fn tanggal_berlaku(s: Option<&str>) -> Result<NaiveDate, Galat> {
    let d = match s {
        None => return Ok(Gudang::hari_ini()),
        Some(s) => padan_core::tanggal::urai(s).map_err(|_| {
            Galat::baru(
                format!("tanggal '{s}' tidak terbaca; tulis HH-BB-TTTT atau TTTT-BB-HH"),
                format!("date '{s}' unreadable; write DD-MM-YYYY or YYYY-MM-DD"),
            )
        })?,
    };
    let (y, m, h) = BERLAKU_PALING_AWAL;
    let awal = NaiveDate::from_ymd_opt(y, m, h).unwrap_or_default();
    let akhir = Gudang::hari_ini() + chrono::Duration::days(BERLAKU_HARI_KE_DEPAN);
    if d < awal || d > akhir {
        return Err(Galat::baru(
            format!("tanggal berlaku {d} di luar rentang yang masuk akal ({awal} sampai {akhir}: sejak pemilu 1999, paling jauh setahun ke depan)"),
            format!("effective date {d} is outside the sane window ({awal} to {akhir}: since the 1999 election, at most a year ahead)"),
        )
        .misuse());
    }
    Ok(d)
}

/// A recorded-as-of bound in the log's time format: a date means the end of
/// that day (UTC); a full RFC 3339 time is taken as is.
pub fn waktu_dicatat(s: &str) -> Result<String, Galat> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(t
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string());
    }
    let d = tanggal_berlaku(Some(s))?;
    Ok(format!("{}T23:59:59.999999Z", d.format("%Y-%m-%d")))
}

fn init(k: &Konteks2, ws: &Path, kantor: &str) -> Result<i32, Galat> {
    let w = Wilayah::bawaan();
    let kode = padan_core::wilayah::normalisasi_kode(kantor)
        .filter(|c| {
            padan_core::wilayah::tingkat(c) == Some(padan_core::wilayah::Tingkat::KabKota)
                && w.ada(c)
        })
        .ok_or_else(|| {
            Galat::baru(
                format!("'{kantor}' bukan kode kabupaten/kota (PP.KK), mis. 35.79"),
                format!("'{kantor}' is not a kab/kota code (PP.KK), e.g. 35.79"),
            )
        })?;
    let g = crate::ruang::buat(ws, &kode, None)?;
    crate::keluaran::tandai_diubah();
    let r = g.verifikasi()?;
    if k.json {
        cetak_json(
            &serde_json::json!({"ruang_kerja": ws, "kantor": kode, "nama": w.nama(&kode), "sidik_kunci": r.sidik_kunci}),
        )?;
    } else {
        crate::cetakln!(
            "{} {} — {} {} ({})",
            t(k.bahasa, "Ruang kerja dibuat:", "Workspace created:"),
            ws.display(),
            t(k.bahasa, "kantor", "office"),
            kode,
            w.nama(&kode).unwrap_or("")
        );
        crate::cetakln!(
            "{} {} ({})",
            t(
                k.bahasa,
                "Kunci tanda tangan kantor: sidik",
                "Office signing key: fingerprint"
            ),
            r.sidik_kunci,
            t(
                k.bahasa,
                "kunci rahasia tersegel dengan sandi (Argon2id + XChaCha20-Poly1305), hanya dapat dibaca pemiliknya; terbitkan sidik ini",
                "secret key sealed under the passphrase (Argon2id + XChaCha20-Poly1305), readable by its owner only; publish this fingerprint"
            )
        );
    }
    Ok(0)
}

fn region_import(k: &Konteks2, ws: &Path, file: &Path) -> Result<i32, Galat> {
    let mut g = crate::ruang::buka(ws)?;
    let bytes = std::fs::read(file).map_err(|e| {
        Galat::baru(
            format!("berkas {} tidak dapat dibaca: {e}", file.display()),
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    let teks = String::from_utf8(bytes).map_err(|_| {
        Galat::baru(
            format!("{} bukan teks UTF-8; simpan ulang sebagai UTF-8 (nama wilayah beraksen akan salah bila ditebak)", file.display()),
            format!("{} is not UTF-8 text; save it as UTF-8 (accented region names would be wrong if guessed)", file.display()),
        )
    })?;
    let mut w = Wilayah::default();
    let n = w.muat_teks(&teks).map_err(|e| {
        Galat::baru(
            format!("{}: {e}; tidak ada kode yang dimuat", file.display()),
            format!(
                "{}: line {}: {}; nothing loaded",
                file.display(),
                e.baris,
                e.pesan
            ),
        )
    })?;
    let sha = padan_store::sha256_berkas(file)?;
    g.simpan_wilayah(&w, &sha)?;
    if k.json {
        cetak_json(&serde_json::json!({"kode_dimuat": n, "sha256": sha}))?;
    } else {
        crate::cetakln!(
            "{} {} {} (sha256 {}…)",
            angka(n as u64, k.bahasa),
            t(
                k.bahasa,
                "kode wilayah dimuat dari",
                "region codes loaded from"
            ),
            file.display(),
            &sha[..12]
        );
    }
    Ok(0)
}

pub fn ringkasan_impor(h: &HasilImpor, b: Bahasa) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} {} {} ({}, sha256 {}…)",
        t(b, "Impor", "Import"),
        h.jenis,
        t(b, "dari", "from"),
        h.berkas,
        h.format,
        &h.dokumen_sha256[..12.min(h.dokumen_sha256.len())]
    );
    let _ = writeln!(
        s,
        "  batch {} · {} {}",
        h.batch,
        t(b, "berlaku", "effective"),
        h.berlaku
    );
    let _ = writeln!(
        s,
        "  {} {} {} = {} {} + {} {}",
        t(b, "dibaca", "read"),
        angka(h.dibaca, b),
        t(b, "baris", "rows"),
        t(b, "diterima", "accepted"),
        angka(h.diterima, b),
        t(b, "ditolak", "rejected"),
        angka(h.ditolak, b)
    );
    let mut ev = vec![];
    for (n, id, en) in [
        (h.pemilih_baru, "pemilih baru", "new voters"),
        (h.diubah, "data diubah", "records changed"),
        (h.tms, "TMS", "TMS"),
        (
            h.rekaman_sumber,
            "rekaman sumber untuk pemadanan",
            "source records for matching",
        ),
        (h.tanpa_perubahan, "tanpa perubahan", "unchanged"),
    ] {
        if n > 0 {
            ev.push(format!("{} {}", angka(n, b), t(b, id, en)));
        }
    }
    if !ev.is_empty() {
        let _ = writeln!(s, "  {}: {}", t(b, "hasil", "result"), ev.join(", "));
    }
    let desc = |kode: &str| {
        padan_core::aturan::ATURAN
            .iter()
            .find(|a| a.0 == kode)
            .map(|a| if b == Bahasa::Id { a.1 } else { a.2 })
            .unwrap_or("")
    };
    if !h.peringatan.is_empty() {
        let _ = writeln!(
            s,
            "  {}:",
            t(
                b,
                "peringatan (baris tetap diterima)",
                "warnings (rows still accepted)"
            )
        );
        for (kode, n) in &h.peringatan {
            let _ = writeln!(s, "    {kode:<24} {:>9}  {}", angka(*n, b), desc(kode));
        }
    }
    if !h.galat.is_empty() {
        let _ = writeln!(s, "  {}:", t(b, "ditolak karena", "rejected for"));
        for (kode, n) in &h.galat {
            let _ = writeln!(s, "    {kode:<24} {:>9}  {}", angka(*n, b), desc(kode));
        }
        let _ = writeln!(
            s,
            "  {}:",
            t(b, "contoh baris ditolak", "sample rejected rows")
        );
        for c in h.contoh_tolakan.iter().take(5) {
            let _ = writeln!(s, "    {} {}: {}", t(b, "baris", "row"), c.baris, c.pesan);
        }
    }
    for c in &h.catatan {
        let _ = writeln!(s, "  {}: {c}", t(b, "catatan", "note"));
    }
    if !h.kolom_diabaikan.is_empty() {
        let _ = writeln!(
            s,
            "  {}: {}",
            t(
                b,
                "kolom tidak dikenal, diabaikan",
                "unknown columns, ignored"
            ),
            h.kolom_diabaikan.join(", ")
        );
    }
    if let Some(p) = &h.berkas_tolakan {
        let _ = writeln!(
            s,
            "  {}: {}",
            t(b, "berkas tolakan", "rejects file"),
            tampil_path(p)
        );
    }
    let _ = writeln!(
        s,
        "  checkpoint: {} {}…, {}",
        t(b, "akar Merkle", "Merkle root"),
        &h.akar_merkle[..16.min(h.akar_merkle.len())],
        t(
            b,
            "ditandatangani kunci kantor",
            "signed with the office key"
        )
    );
    s
}

fn verify(
    k: &Konteks2,
    ws: &Path,
    expect_key: Option<String>,
    expect_head: Option<&str>,
) -> Result<i32, Galat> {
    let g = crate::ruang::buka(ws)?;
    let kepala = match expect_head {
        None => None,
        Some(h) => Some(padan_store::Harapan::urai_kepala(h).ok_or_else(|| {
            Galat::baru(
                format!("--expect-head '{h}' bukan N:HASH (nomor batch, titik dua, 64 digit heksadesimal)"),
                format!("--expect-head '{h}' is not N:HASH (batch number, colon, 64 hex digits)"),
            )
            .misuse()
        })?),
    };
    let r = g.verifikasi_dengan(&padan_store::Harapan {
        sidik_kunci: expect_key,
        kepala,
    })?;
    if !r.utuh() {
        // New writes wait for an operator's acknowledgement. The codes are
        // what the acknowledgement will have to answer.
        let kode: std::collections::BTreeSet<&str> = r.masalah.iter().map(|m| m.kode).collect();
        let kode: Vec<&str> = kode.into_iter().collect();
        let _ = g.tandai_gagal(&format!(
            "{} {}",
            padan_store::waktu_sekarang(),
            kode.join(",")
        ));
    }
    if k.json {
        cetak_json(&r)?;
    } else {
        let b = k.bahasa;
        crate::cetakln!(
            "{} {} {}, {} batch, {} checkpoint, {} {}, {} {}, {} run",
            t(b, "Diperiksa:", "Checked:"),
            angka(r.peristiwa, b),
            t(b, "peristiwa", "events"),
            angka(r.batch, b),
            angka(r.checkpoint, b),
            angka(r.dokumen, b),
            t(b, "dokumen", "documents"),
            angka(r.pemilih, b),
            t(b, "pemilih", "voters"),
            angka(r.run, b)
        );
        crate::cetakln!(
            "{} {}",
            t(b, "Sidik kunci kantor:", "Office key fingerprint:"),
            r.sidik_kunci
        );
        crate::cetakln!(
            "{} {}",
            t(
                b,
                "Kepala (terbitkan; periksa nanti dengan --expect-head):",
                "Head (publish it; check later with --expect-head):"
            ),
            r.kepala
        );
        crate::cetakln!(
            "{} {} ({})",
            t(b, "Log checkpoint:", "Checkpoint log:"),
            g.log_checkpoint().display(),
            match r.log_checkpoint {
                Some(n) => format!("{} {}", angka(n, b), t(b, "baris", "lines")),
                None => t(b, "tidak ada", "missing").to_owned(),
            }
        );
        if r.utuh() {
            crate::cetakln!(
                "{}",
                t(
                    b,
                    "UTUH: rantai hash, checkpoint bertanda tangan beserta asal-usul batch, tolakan, dokumen, run pemadanan dan tabel pemilih sesuai log.",
                    "INTACT: hash chain, signed checkpoints with batch provenance, rejects, documents, matching runs and voter table agree with the log."
                )
            );
        } else {
            crate::cetakln!(
                "{} {} {}:",
                t(b, "TIDAK UTUH:", "NOT INTACT:"),
                r.masalah.len(),
                t(b, "masalah", "problems")
            );
            for m in &r.masalah {
                crate::cetakln!(
                    "  [{}] {}",
                    m.kode,
                    if b == Bahasa::Id {
                        &m.pesan
                    } else {
                        &m.message
                    }
                );
            }
            crate::cetakln!(
                "{}",
                t(
                    b,
                    "Perubahan baru ditolak sampai operator memeriksa dan menjalankan 'padan acknowledge --reason \"…\"'.",
                    "New changes are refused until an operator has looked and run 'padan acknowledge --reason \"…\"'."
                )
            );
        }
    }
    Ok(if r.utuh() { 0 } else { 1 })
}

/// `padan acknowledge`: an operator has looked at a failed verification;
/// the acknowledgement, with its reason and the problems it answers, is a
/// batch with one event of its own, and writes are accepted again.
fn acknowledge(k: &Konteks2, ws: &Path, alasan: &str, operator: String) -> Result<i32, Galat> {
    if alasan.trim().is_empty() {
        return Err(Galat::baru(
            "--reason wajib diisi: tuliskan apa yang diperiksa dan tindakannya",
            "--reason is required: say what was checked and what was done",
        )
        .misuse());
    }
    let mut g = crate::ruang::buka_tulis(ws)?;
    let Some(gagal) = g.gagal_verifikasi()? else {
        crate::cetakln!(
            "{}",
            t(
                k.bahasa,
                "Tidak ada verifikasi gagal yang perlu diakui.",
                "There is no failed verification to acknowledge."
            )
        );
        return Ok(0);
    };
    let seq = g.akui_gagal(&operator, alasan, &gagal)?;
    crate::keluaran::tandai_diubah();
    if k.json {
        cetak_json(&serde_json::json!({"peristiwa": seq, "diakui": gagal}))?;
    } else {
        crate::cetakln!(
            "{} #{seq}: {gagal}",
            t(
                k.bahasa,
                "Pengakuan dicatat sebagai peristiwa",
                "Acknowledgement recorded as event"
            )
        );
    }
    Ok(0)
}

/// The one voter a NIK or voter ID names, or a clear refusal.
pub fn satu_pemilih(g: &Gudang, kunci: &str) -> Result<i64, Galat> {
    let ids = g.cari(kunci)?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(Galat::baru(
            format!(
                "pemilih '{}' tidak ditemukan (cari dengan NIK atau ID pemilih PM-…)",
                masker::nik(kunci)
            ),
            format!(
                "voter '{}' not found (search by NIK or voter ID PM-…)",
                masker::nik(kunci)
            ),
        )),
        banyak => {
            let daftar = padan_store::tampil_ids(banyak);
            Err(Galat::baru(
                format!(
                    "NIK ini dimiliki {} pemilih: {daftar}; sebutkan ID pemilihnya",
                    banyak.len()
                ),
                format!(
                    "this NIK belongs to {} voters: {daftar}; give the voter ID",
                    banyak.len()
                ),
            ))
        }
    }
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
        Some(c) => format!(
            "{} ({} {})",
            t(b, "aktif", "active"),
            t(b, "TMS", "TMS"),
            c.angka()
        ),
        None => t(b, "aktif", "active").into(),
    }
}

/// Text of one voter's chronology. Identifiers are masked: this is the form
/// that gets pasted into reports and messages; `--json` has the full data.
pub fn teks_riwayat(g: &Gudang, id: i64, b: Bahasa) -> Result<String, Galat> {
    use std::fmt::Write;
    let mut s = String::new();
    let Some(kini) = g.keadaan(id)? else {
        return Err(Galat::baru(
            format!("pemilih {} tidak ada", tampil_id(id)),
            format!("voter {} does not exist", tampil_id(id)),
        ));
    };
    let p = &kini.pemilih;
    let _ = writeln!(
        s,
        "{}  {}  NIK {}  {} {}",
        tampil_id(id),
        p.nama,
        masker::nik(&p.nik),
        t(b, "status:", "status:"),
        status(&kini, b)
    );
    for e in g.riwayat(id)? {
        let _ = writeln!(
            s,
            "  #{:<8} {} {} · {} {} · operator {} · batch {} ({})",
            e.seq,
            t(b, "berlaku", "effective"),
            e.berlaku,
            t(b, "dicatat", "recorded"),
            e.dicatat,
            e.operator,
            e.batch,
            e.batch_jenis
        );
        let asal = match (&e.dokumen_sha256, e.baris) {
            (Some(h), Some(r)) => format!(
                "{} \"{}\" {} {r} (sha256 {}…)",
                t(b, "dokumen", "document"),
                e.dokumen,
                t(b, "baris", "row"),
                &h[..12]
            ),
            (Some(h), None) => format!(
                "{} \"{}\" (sha256 {}…)",
                t(b, "dokumen", "document"),
                e.dokumen,
                &h[..12]
            ),
            _ => format!("{} \"{}\"", t(b, "dokumen", "document"), e.dokumen),
        };
        let apa = match &e.perubahan {
            Perubahan::Pengakuan { masalah } => format!(
                "{} {masalah}",
                t(
                    b,
                    "PENGAKUAN verifikasi gagal:",
                    "ACKNOWLEDGED failed verification:"
                )
            ),
            Perubahan::Daftar {
                pemilih,
                peringatan,
            } => {
                let mut x = format!(
                    "{} {} {}, desa {}, TPS {}",
                    t(b, "DAFTAR:", "REGISTERED:"),
                    pemilih.nama,
                    pemilih.jenis_kelamin.kode(),
                    pemilih.kode_desa,
                    pemilih.tps
                );
                if !peringatan.is_empty() {
                    x.push_str(&format!(
                        " [{}: {}]",
                        t(b, "peringatan", "warnings"),
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
                            if matches!(el.as_str(), "nik" | "nkk") {
                                masker::nik(x)
                            } else if el == "tanggal_lahir" {
                                format!("{}-**-**", x.get(..4).unwrap_or(""))
                            } else {
                                x.to_owned()
                            }
                        };
                        format!("{el}: \"{}\" → \"{}\"", samar(&a), samar(v))
                    })
                    .collect();
                format!("{} {}", t(b, "UBAH:", "CHANGED:"), parts.join("; "))
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
            Perubahan::Sumber { sumber, .. } => format!("{} {sumber}", t(b, "SUMBER:", "SOURCE:")),
        };
        let _ = writeln!(s, "            {apa}");
        let _ = writeln!(
            s,
            "            {}: {} · {asal} · {} {} · hash {}…",
            t(b, "alasan", "reason"),
            e.alasan,
            t(b, "sumber", "source"),
            potong(&e.sumber, 40),
            &e.hash[..16]
        );
    }
    Ok(s)
}

fn potong(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// A JSON value with every NIK, NKK and birth date in it masked (the
/// `--masked` outputs): keys named after those elements, at any depth.
pub fn samarkan_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (kunci, x) in m.iter_mut() {
                match (kunci.as_str(), x.as_str()) {
                    ("nik" | "nkk", Some(s)) => *x = masker::nik(s).into(),
                    ("tanggal_lahir", Some(s)) => *x = masker::tanggal_teks(s).into(),
                    _ => samarkan_json(x),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(samarkan_json),
        _ => {}
    }
}

fn history(k: &Konteks2, ws: &Path, kunci: &str, masked: bool) -> Result<i32, Galat> {
    let g = crate::ruang::buka(ws)?;
    let id = satu_pemilih(&g, kunci)?;
    if k.json {
        let mut v = serde_json::json!({"id_pemilih": tampil_id(id), "keadaan": g.keadaan(id)?, "peristiwa": g.riwayat(id)?});
        if masked {
            samarkan_json(&mut v);
        }
        cetak_json(&v)?;
    } else {
        crate::cetak!("{}", teks_riwayat(&g, id, k.bahasa)?);
    }
    Ok(0)
}

fn baris_ekspor(id: i64, k: &Keadaan) -> Vec<String> {
    let mut v = vec![tampil_id(id)];
    v.extend(Elemen::PEMILIH.iter().map(|e| k.pemilih.nilai(*e)));
    v
}

fn export(
    k: &Konteks2,
    ws: &Path,
    as_of: Option<&str>,
    recorded: Option<&str>,
    out: &Path,
    semua: bool,
) -> Result<i32, Galat> {
    let g = crate::ruang::buka(ws)?;
    let berlaku = tanggal_berlaku(as_of)?;
    let s = Saringan {
        berlaku: Some(berlaku),
        dicatat: recorded.map(waktu_dicatat).transpose()?,
    };
    let mut judul: Vec<String> = std::iter::once("ID_PEMILIH".to_owned())
        .chain(Elemen::PEMILIH.iter().map(|e| e.judul()))
        .collect();
    if semua {
        judul.extend(["STATUS".to_owned(), "KODE_TMS".to_owned()]);
    }
    let mut w = PenulisTabel::buat(out, FormatKeluar::dari_path(out), &judul)?;
    let mut n = 0u64;
    let mut galat_tulis = None;
    g.lipat(&s, |id, st| {
        if !st.aktif && !semua {
            return Ok(());
        }
        let mut row = baris_ekspor(id, st);
        if semua {
            row.push(if st.aktif {
                "aktif".into()
            } else {
                "tms".into()
            });
            row.push(
                st.kode_tms
                    .map(|c| c.angka().to_string())
                    .unwrap_or_default(),
            );
        }
        if let Err(e) = w.tulis(&row) {
            galat_tulis.get_or_insert(e);
        }
        n += 1;
        Ok(())
    })?;
    if let Some(e) = galat_tulis {
        return Err(e.into());
    }
    let path = w.selesai()?;
    if k.json {
        cetak_json(
            &serde_json::json!({"berkas": path, "baris": n, "berlaku": berlaku.to_string(), "dicatat_sampai": s.dicatat}),
        )?;
    } else {
        let b = k.bahasa;
        crate::cetakln!(
            "{} {} {} → {} ({} {}{})",
            angka(n, b),
            t(b, "pemilih", "voters"),
            t(b, "diekspor", "exported"),
            path.display(),
            t(b, "berlaku per", "as of"),
            berlaku,
            s.dicatat
                .as_ref()
                .map(|d| format!(
                    ", {} {d}",
                    t(b, "sebagaimana tercatat sampai", "as recorded by")
                ))
                .unwrap_or_default()
        );
    }
    Ok(0)
}

#[derive(Debug, Serialize)]
struct BarisBeda {
    id_pemilih: String,
    perubahan: &'static str,
    elemen: String,
    sebelum: String,
    sesudah: String,
}

fn diff(k: &Konteks2, ws: &Path, d1: &str, d2: &str, out: Option<&Path>) -> Result<i32, Galat> {
    let g = crate::ruang::buka(ws)?;
    let (a, b_) = (tanggal_berlaku(Some(d1))?, tanggal_berlaku(Some(d2))?);
    let mut rows: Vec<BarisBeda> = vec![];
    let (mut tambah, mut hapus, mut ubah) = (0u64, 0u64, 0u64);
    g.lipat_dua(
        &Saringan {
            berlaku: Some(a),
            dicatat: None,
        },
        &Saringan {
            berlaku: Some(b_),
            dicatat: None,
        },
        |id, x, y| {
            let xa = x.is_some_and(|s| s.aktif);
            let ya = y.is_some_and(|s| s.aktif);
            match (xa, ya, x, y) {
                (false, true, _, Some(y)) => {
                    tambah += 1;
                    rows.push(BarisBeda {
                        id_pemilih: tampil_id(id),
                        perubahan: "ditambah",
                        elemen: String::new(),
                        sebelum: String::new(),
                        sesudah: y.pemilih.nama.clone(),
                    });
                }
                (true, false, Some(x), y) => {
                    hapus += 1;
                    let why = y
                        .and_then(|s| s.kode_tms)
                        .map(|c| format!("TMS {} ({})", c.angka(), c.nama()))
                        .unwrap_or_default();
                    rows.push(BarisBeda {
                        id_pemilih: tampil_id(id),
                        perubahan: "dihapus",
                        elemen: String::new(),
                        sebelum: x.pemilih.nama.clone(),
                        sesudah: why,
                    });
                }
                (true, true, Some(x), Some(y)) => {
                    let beda: Vec<_> = x.pemilih.beda(&y.pemilih);
                    if !beda.is_empty() {
                        ubah += 1;
                    }
                    for (e, s1, s2) in beda {
                        rows.push(BarisBeda {
                            id_pemilih: tampil_id(id),
                            perubahan: "diubah",
                            elemen: e.nama().into(),
                            sebelum: s1,
                            sesudah: s2,
                        });
                    }
                }
                _ => {}
            }
            Ok(())
        },
    )?;
    if let Some(out) = out {
        let mut w = PenulisTabel::buat(
            out,
            FormatKeluar::dari_path(out),
            &["ID_PEMILIH", "PERUBAHAN", "ELEMEN", "SEBELUM", "SESUDAH"],
        )?;
        for r in &rows {
            w.tulis(&[
                r.id_pemilih.as_str(),
                r.perubahan,
                &r.elemen,
                &r.sebelum,
                &r.sesudah,
            ])?;
        }
        w.selesai()?;
    }
    if k.json {
        cetak_json(
            &serde_json::json!({"dari": a.to_string(), "sampai": b_.to_string(), "ditambah": tambah, "dihapus": hapus, "diubah": ubah, "baris": rows}),
        )?;
    } else {
        let b = k.bahasa;
        crate::cetakln!(
            "{} {a} → {b_}: {} {}, {} {}, {} {}",
            t(b, "Perbedaan", "Difference"),
            angka(tambah, b),
            t(b, "ditambah", "added"),
            angka(hapus, b),
            t(b, "dihapus", "removed"),
            angka(ubah, b),
            t(b, "diubah", "changed")
        );
        for r in rows.iter().take(20) {
            // The text form masks identifiers and birth dates; the file
            // (`--out`) and `--json` carry them for programs.
            let (s1, s2) = match Elemen::dari_nama(&r.elemen) {
                Some(e) => (masker::nilai(e, &r.sebelum), masker::nilai(e, &r.sesudah)),
                None => (r.sebelum.clone(), r.sesudah.clone()),
            };
            let apa = match (b, r.perubahan) {
                (Bahasa::En, "ditambah") => "added",
                (Bahasa::En, "dihapus") => "removed",
                (Bahasa::En, "diubah") => "changed",
                (_, x) => x,
            };
            crate::cetakln!(
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
        if rows.len() > 20 {
            crate::cetakln!(
                "  … {} {}",
                angka(rows.len() as u64 - 20, b),
                t(
                    b,
                    "baris lagi (pakai --out atau --json)",
                    "more rows (use --out or --json)"
                )
            );
        }
    }
    Ok(0)
}

fn urai_elemen(args: &[String], m: &mut Mentah) -> Result<Vec<Elemen>, Galat> {
    let mut out = vec![];
    for a in args {
        let Some((k, v)) = a.split_once('=') else {
            return Err(Galat::baru(
                format!("'{a}' bukan ELEMEN=NILAI"),
                format!("'{a}' is not ELEMENT=VALUE"),
            ));
        };
        let e = padan_io::kolom::elemen_dari_judul(k)
            .filter(|e| Elemen::PEMILIH.contains(e) && *e != Elemen::Keterangan)
            .ok_or_else(|| {
                let nama = Elemen::PEMILIH
                    .iter()
                    .filter(|e| **e != Elemen::Keterangan)
                    .map(|e| e.nama())
                    .collect::<Vec<_>>()
                    .join(", ");
                Galat::baru(
                    format!("elemen '{k}' tidak dikenal; pilih salah satu: {nama}"),
                    format!("unknown element '{k}'; use one of: {nama}"),
                )
            })?;
        if out.contains(&e) {
            return Err(Galat::baru(
                format!(
                    "elemen '{}' diberikan dua kali; berikan sekali saja",
                    e.nama()
                ),
                format!("element '{}' is given twice; give it once", e.nama()),
            )
            .misuse());
        }
        m.set(e, v);
        out.push(e);
    }
    Ok(out)
}

struct Manual {
    g: Gudang,
    info: InfoBatch,
    wilayah: Wilayah,
}

fn buka_manual(ws: &Path, p: &ArgPerubahan) -> Result<Manual, Galat> {
    if p.reason.trim().is_empty() || p.document.trim().is_empty() {
        return Err(Galat::baru(
            "--reason dan --document wajib diisi: setiap perubahan punya alasan dan dokumen dasar",
            "--reason and --document are required: every change has a reason and a document",
        ));
    }
    let g = crate::ruang::buka_tulis(ws)?;
    // A file is a document to store (a symbolic link to one is refused, as
    // on import); anything else is a document's name or number.
    let berkas = if std::fs::symlink_metadata(&p.document)
        .is_ok_and(|m| m.is_file() || m.file_type().is_symlink())
    {
        padan_io::baca::periksa_berkas(Path::new(&p.document))?;
        Some(g.simpan_dokumen(Path::new(&p.document))?)
    } else {
        None
    };
    let info = InfoBatch {
        jenis: "manual".into(),
        sumber: format!(
            "perubahan manual oleh {}",
            operator_dari(p.operator.clone())
        ),
        dokumen: p.document.clone(),
        berkas,
        berlaku: tanggal_berlaku(p.effective.as_deref())?,
        operator: operator_dari(p.operator.clone()),
        alasan: p.reason.clone(),
        tolak_dokumen_sama: false,
    };
    let wilayah = g.wilayah()?;
    Ok(Manual { g, info, wilayah })
}

impl Manual {
    /// The same rules as an import's register rows; refused with every
    /// error, or the record with its warning codes.
    fn periksa(&self, m: &Mentah) -> Result<(padan_core::Pemilih, Vec<String>), Galat> {
        let ctx = Konteks {
            wilayah: &self.wilayah,
            kantor: &self.g.kantor,
            tanggal_acuan: self.info.berlaku,
            hari_ini: Gudang::hari_ini(),
        };
        let mut temuan = vec![];
        match validasi::periksa_pemilih(m, &ctx, KEBIJAKAN_DAFTAR, &mut temuan) {
            Some(p) => Ok((p, temuan.iter().map(|x| x.kode.clone()).collect())),
            None => Err(tolak_temuan(&temuan)),
        }
    }

    /// One manual change as its own batch: `f` writes its event and returns
    /// (voter, sequence number).
    fn catat(
        &mut self,
        f: impl FnOnce(&mut padan_store::Batch) -> Result<(i64, i64), padan_store::GalatStore>,
    ) -> Result<(i64, i64), Galat> {
        let mut b = self.g.mulai_batch(self.info.clone())?;
        let hasil = f(&mut b)?;
        b.selesai(RingkasanBatch {
            dibaca: 1,
            diterima: 1,
            ..Default::default()
        })?;
        crate::keluaran::tandai_diubah();
        Ok(hasil)
    }
}

fn tolak_temuan(temuan: &[Temuan]) -> Galat {
    let g: Vec<&Temuan> = temuan.iter().filter(|x| x.is_galat()).collect();
    Galat::baru(
        format!(
            "ditolak: {}",
            g.iter()
                .map(|x| format!("[{}] {}", x.kode, x.pesan))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!(
            "refused: {}",
            g.iter()
                .map(|x| format!("[{}] {}", x.kode, x.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    )
}

fn selesai_manual(k: &Konteks2, g: &Gudang, id: i64, seq: i64, masked: bool) -> Result<i32, Galat> {
    if k.json {
        let mut v = serde_json::json!({"id_pemilih": tampil_id(id), "peristiwa": seq, "keadaan": g.keadaan(id)?});
        if masked {
            samarkan_json(&mut v);
        }
        cetak_json(&v)?;
    } else {
        crate::cetakln!(
            "{} #{seq} {} {}.",
            t(k.bahasa, "Peristiwa", "Event"),
            t(k.bahasa, "dicatat untuk", "recorded for"),
            tampil_id(id)
        );
        crate::cetak!("{}", teks_riwayat(g, id, k.bahasa)?);
    }
    Ok(0)
}

/// `padan add`. A NIK already on the register is refused (the check is
/// made under the write lock): an operator who adds a voter twice would
/// otherwise create a duplicate the next matching run must find. Where the
/// same NIK really is given to two people (a Dukcapil error),
/// `--allow-duplicate-nik` records it with the warning `NIK-SUDAH-TERDAFTAR`.
fn add(
    k: &Konteks2,
    ws: &Path,
    args: &[String],
    p: &ArgPerubahan,
    izinkan_ganda: bool,
    masked: bool,
) -> Result<i32, Galat> {
    let mut mn = buka_manual(ws, p)?;
    let mut m = Mentah::default();
    urai_elemen(args, &mut m)?;
    let (pem, mut w) = mn.periksa(&m)?;
    let nik = pem.nik.clone();
    let mut ada_ganda = vec![];
    let hasil = mn.catat(|b| {
        let ada = b.cari_nik(&nik)?;
        if !ada.is_empty() {
            if !izinkan_ganda {
                return Err(padan_store::GalatStore::NikTerdaftar {
                    nik: masker::nik(&nik),
                    ids: padan_store::tampil_ids(&ada),
                });
            }
            w.push("NIK-SUDAH-TERDAFTAR".into());
            ada_ganda = ada;
        }
        let id = b.daftar(pem, w, None, None)?;
        Ok((id, 0))
    });
    let (id, _) = hasil?;
    if !ada_ganda.is_empty() {
        eprintln!(
            "{}: NIK {} {} {}",
            t(k.bahasa, "peringatan", "warning"),
            masker::nik(&nik),
            t(k.bahasa, "juga terdaftar sebagai", "is also registered as"),
            padan_store::tampil_ids(&ada_ganda)
        );
    }
    let seq = mn.g.jumlah_peristiwa()?;
    selesai_manual(k, &mn.g, id, seq, masked)
}

fn edit(
    k: &Konteks2,
    ws: &Path,
    kunci: &str,
    args: &[String],
    p: &ArgPerubahan,
) -> Result<i32, Galat> {
    let mut mn = buka_manual(ws, p)?;
    let id = satu_pemilih(&mn.g, kunci)?;
    let Some(lama) = mn.g.keadaan(id)? else {
        return Err(Galat::baru("pemilih tidak ada", "voter does not exist"));
    };
    let mut m = lama.pemilih.mentah();
    urai_elemen(args, &mut m)?;
    let (baru, w) = mn.periksa(&m)?;
    let beda: Vec<_> = lama.pemilih.beda(&baru);
    if beda.is_empty() {
        return Err(Galat::baru(
            "tidak ada yang berubah: nilai baru sama dengan yang tercatat",
            "nothing changes: the new values equal the recorded ones",
        ));
    }
    let (_, seq) = mn.catat(|b| Ok((id, b.ubah(id, &perubahan_ubah(beda, w), None, None)?)))?;
    selesai_manual(k, &mn.g, id, seq, false)
}

fn tms(k: &Konteks2, ws: &Path, kunci: &str, code: u8, p: &ArgPerubahan) -> Result<i32, Galat> {
    let kode = KodeTms::try_from(code).map_err(|_| {
        Galat::baru(
            format!("kode TMS {code} tidak dikenal; pakai 1–8"),
            format!("unknown TMS code {code}; use 1–8"),
        )
    })?;
    let mut mn = buka_manual(ws, p)?;
    let id = satu_pemilih(&mn.g, kunci)?;
    if mn.g.keadaan(id)?.is_some_and(|s| s.kode_tms == Some(kode)) {
        return Err(Galat::baru(
            format!("{} sudah TMS {}", tampil_id(id), kode.angka()),
            format!("{} is already TMS {}", tampil_id(id), kode.angka()),
        ));
    }
    let (_, seq) = mn.catat(|b| Ok((id, b.ubah(id, &Perubahan::Tms { kode }, None, None)?)))?;
    selesai_manual(k, &mn.g, id, seq, false)
}

fn rebuild(k: &Konteks2, ws: &Path) -> Result<i32, Galat> {
    let mut g = crate::ruang::buka(ws)?;
    let sebelum = g.sidik_proyeksi()?;
    let mulai = std::time::Instant::now();
    let n = g.bangun_ulang_proyeksi()?;
    let detik = mulai.elapsed().as_secs_f64();
    let sesudah = g.sidik_proyeksi()?;
    if k.json {
        cetak_json(
            &serde_json::json!({"pemilih": n, "detik": detik, "sidik_sebelum": sebelum, "sidik_sesudah": sesudah, "sama": sebelum == sesudah}),
        )?;
    } else {
        let b = k.bahasa;
        crate::cetakln!(
            "{} {} {} ({detik:.2} {})",
            t(
                b,
                "Tabel pemilih dibangun ulang dari log:",
                "Voter table rebuilt from the log:"
            ),
            angka(n, b),
            t(b, "pemilih", "voters"),
            t(b, "detik", "s")
        );
        crate::cetakln!(
            "  {} {}…  {} {}…  {}",
            t(b, "sidik sebelum", "fingerprint before"),
            &sebelum[..16],
            t(b, "sesudah", "after"),
            &sesudah[..16],
            if sebelum == sesudah {
                t(b, "SAMA", "IDENTICAL")
            } else {
                t(
                    b,
                    "BERBEDA: tabel lama tidak sesuai log",
                    "DIFFERENT: the old table did not match the log",
                )
            }
        );
    }
    Ok(0)
}

pub fn teks_rekap(r: &padan_report::Rekap, desa: bool, b: Bahasa) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} ({})",
        t(b, "Rekapitulasi pemilih aktif", "Recap of active voters"),
        r.jumlah.nama,
        r.jumlah.kode
    );
    let _ = writeln!(
        s,
        "  {:<14} {:<26} {:>10} {:>10} {:>10}",
        t(b, "kode", "code"),
        t(b, "kecamatan/desa", "district/village"),
        "L",
        "P",
        t(b, "jumlah", "total")
    );
    let baris = |s: &mut String, indent: &str, lebar: usize, j: &padan_report::BarisRekap| {
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
        t(b, "JUMLAH", "TOTAL"),
        angka(j.l, b),
        angka(j.p, b),
        angka(j.total, b)
    );
    s
}

fn rekap(k: &Konteks2, ws: &Path, desa: bool) -> Result<i32, Galat> {
    let g = crate::ruang::buka(ws)?;
    let r = padan_report::rekap(&g)?;
    if k.json {
        cetak_json(&r)?
    } else {
        crate::cetak!("{}", teks_rekap(&r, desa, k.bahasa))
    }
    Ok(0)
}

fn rules(k: &Konteks2) -> Result<i32, Galat> {
    if k.json {
        let v: Vec<_> = padan_core::aturan::ATURAN
            .iter()
            .map(|(c, id, en)| serde_json::json!({"kode": c, "id": id, "en": en}))
            .collect();
        cetak_json(&v)?;
    } else {
        for (c, id, en) in padan_core::aturan::ATURAN {
            crate::cetakln!("{c:<24} {}", t(k.bahasa, id, en));
        }
    }
    Ok(0)
}

pub fn muat_wilayah(path: Option<&Path>) -> Result<Wilayah, Galat> {
    let mut w = Wilayah::bawaan();
    if let Some(p) = path {
        let teks = std::fs::read_to_string(p).map_err(|e| {
            Galat::baru(
                format!("{}: {e}", p.display()),
                format!("{}: {e}", p.display()),
            )
        })?;
        w.muat_teks(&teks).map_err(|e| {
            Galat::baru(
                format!("{}: {e}", p.display()),
                format!("{}: line {}: {}", p.display(), e.baris, e.pesan),
            )
        })?;
    }
    Ok(w)
}

fn synth(
    k: &Konteks2,
    region: &str,
    voters: Option<u64>,
    seed: u64,
    out: &Path,
    wilayah: Option<&Path>,
    defects: f64,
) -> Result<i32, Galat> {
    if !(0.0..=1.0).contains(&defects) {
        return Err(Galat::baru(
            "--defects harus antara 0 dan 1",
            "--defects must be between 0 and 1",
        ));
    }
    let w = muat_wilayah(wilayah)?;
    let mut cfg = padan_synth::Konfigurasi::baru(region, voters, seed);
    cfg.cacat = defects;
    let mut kem = crate::kemajuan::Kemajuan::baru("synth", None, t(k.bahasa, "pemilih", "voters"));
    let r = padan_synth::buat(&cfg, &w, out, |n, _| kem.set(n))?;
    kem.selesai();
    if k.json {
        cetak_json(&r)?;
    } else {
        crate::cetak!("{}", teks_synth(&r, out, k.bahasa));
    }
    Ok(0)
}

pub fn teks_synth(r: &padan_synth::Ringkasan, out: &Path, b: Bahasa) -> String {
    format!(
        "{} {}: dpt.csv {} {} ({} {}, {} {}), dp4.csv {}, meninggal.csv {}, tni_polri.csv {}, coklit.csv {}; {} kebenaran/\n",
        t(b, "Data sintetis di", "Synthetic data in"),
        out.display(),
        angka(r.dpt, b),
        t(b, "baris", "rows"),
        angka(r.ganda, b),
        t(b, "ganda", "duplicates"),
        angka(r.cacat, b),
        t(b, "cacat", "defective"),
        angka(r.dp4, b),
        angka(r.meninggal, b),
        angka(r.tni_polri, b),
        angka(r.coklit, b),
        t(b, "kebenaran dasar di", "ground truth in"),
    )
}
