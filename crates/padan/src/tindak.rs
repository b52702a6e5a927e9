//! The follow-up's commands (`operator`, `review`, `decide`, `approve`,
//! `undo`, `tanggapan`, `period`): arguments, the use case they call, and
//! the text of their results.

use crate::perintah::{Konteks, cetak_json, operator_dari};
use crate::tampil;
use clap::{Args, Subcommand, ValueEnum};
use padan_app::padan_store::tindak::{Kasus, tampil_keputusan};
use padan_app::teks::{Bahasa, angka, pilih};
use padan_app::{Galat, izin, periode, rekapitulasi, tanggapan, tindak, tinjau};
use padan_core::{JenisTanggapan, Peran, Putusan, StatusKasus};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArgPeran {
    Operator,
    Verifikator,
    Ketua,
    Auditor,
}

impl From<ArgPeran> for Peran {
    fn from(p: ArgPeran) -> Peran {
        match p {
            ArgPeran::Operator => Peran::Operator,
            ArgPeran::Verifikator => Peran::Verifikator,
            ArgPeran::Ketua => Peran::Ketua,
            ArgPeran::Auditor => Peran::Auditor,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArgTingkat {
    Desa,
    Kecamatan,
    Kabkota,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArgStatus {
    Open,
    Decided,
    Approved,
    FieldCheck,
}

impl From<ArgStatus> for StatusKasus {
    fn from(s: ArgStatus) -> StatusKasus {
        match s {
            ArgStatus::Open => StatusKasus::Terbuka,
            ArgStatus::Decided => StatusKasus::Diputus,
            ArgStatus::Approved => StatusKasus::Disetujui,
            ArgStatus::FieldCheck => StatusKasus::CekLapangan,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ArgJenisTanggapan {
    BelumTerdaftar,
    Perbaikan,
    Domisili,
    Ganda,
    TidakMemenuhiSyarat,
}

impl From<ArgJenisTanggapan> for JenisTanggapan {
    fn from(j: ArgJenisTanggapan) -> JenisTanggapan {
        match j {
            ArgJenisTanggapan::BelumTerdaftar => JenisTanggapan::BelumTerdaftar,
            ArgJenisTanggapan::Perbaikan => JenisTanggapan::Perbaikan,
            ArgJenisTanggapan::Domisili => JenisTanggapan::Domisili,
            ArgJenisTanggapan::Ganda => JenisTanggapan::Ganda,
            ArgJenisTanggapan::TidakMemenuhiSyarat => JenisTanggapan::TidakMemenuhiSyarat,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AksiOperator {
    /// Daftarkan operator dengan peran dan wilayahnya (sebagai peristiwa); operator pertama harus ketua.
    Add {
        nama: String,
        #[arg(long, value_enum)]
        role: ArgPeran,
        /// Kode wilayah yang boleh ditangani (boleh berulang), mis. 35.79 atau 35.79.01.
        #[arg(long = "region", required = true)]
        region: Vec<String>,
        /// Yang mendaftarkan (ketua), default $PADAN_OPERATOR.
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
    },
    /// Daftar operator terdaftar.
    List,
    /// Atur kata sandi masuk layanan web (padan serve) untuk operator terdaftar; ditanya dua kali di terminal, atau dari $PADAN_OPERATOR_PASSWORD.
    Passwd { nama: String },
    /// Buat token API (JSON API /api/operator/…, header Authorization: Bearer); ditampilkan sekali, yang disimpan hanya hash-nya.
    Token { nama: String },
    /// Cabut semua token API seorang operator.
    RevokeTokens { nama: String },
}

#[derive(Debug, Subcommand)]
pub enum AksiTanggapan {
    /// Catat tanggapan masyarakat (Formulir Model A-Tanggapan): membuka kasus TG-… di antrean tinjauan.
    Add {
        #[arg(long = "type", value_enum)]
        jenis: ArgJenisTanggapan,
        #[arg(long)]
        nik: String,
        /// Isi tanggapan.
        #[arg(long)]
        text: String,
        /// Formulir atau nomornya (berkas disimpan dan di-hash).
        #[arg(long)]
        document: String,
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AksiPeriode {
    /// Tutup periode (mis. 2026-TW4, 2026-S2) dalam pleno: hanya dengan perubahan yang sudah diputus; tulis Berita Acara PDF dan JSON.
    Close {
        periode: String,
        /// Berita acara pleno yang menetapkan.
        #[arg(long)]
        document: String,
        /// Ketua yang menutup.
        #[arg(long, env = "PADAN_OPERATOR")]
        operator: Option<String>,
        /// Folder Berita Acara (default DIR/berita-acara).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Periode yang sudah ditutup.
    List,
}

/// `padan review`.
#[derive(Debug, Args)]
pub struct ArgReview {
    /// Satu kasus (TM-… atau TG-…), berdampingan dengan bukti dan keputusannya.
    pub kasus: Option<String>,
    #[arg(long)]
    pub run: Option<i64>,
    #[arg(long = "type")]
    pub jenis: Option<String>,
    #[arg(long)]
    pub region: Option<String>,
    /// Rentang peluang, mis. 0.5-0.9.
    #[arg(long)]
    pub band: Option<String>,
    #[arg(long, value_enum)]
    pub status: Option<ArgStatus>,
    #[arg(long, default_value_t = 50)]
    pub limit: u64,
}

/// `padan decide`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("putusan").required(true).args(["accept", "reject", "field_check"])))]
pub struct ArgDecide {
    /// Kasus (TM-… atau TG-…); tanpa ini: keputusan massal dengan --run/--type/--min-probability.
    pub kasus: Option<String>,
    /// ELEMEN=NILAI: data pemilih baru atau elemen yang dibetulkan (untuk tanggapan, atau TPS pemilih baru).
    pub elemen: Vec<String>,
    #[arg(long)]
    pub accept: bool,
    #[arg(long)]
    pub reject: bool,
    /// Perlu coklit terbatas (verifikasi lapangan) dulu.
    #[arg(long)]
    pub field_check: bool,
    #[arg(long)]
    pub reason: String,
    #[arg(long)]
    pub document: String,
    #[arg(long, env = "PADAN_OPERATOR")]
    pub operator: Option<String>,
    #[arg(long)]
    pub effective: Option<String>,
    /// Penolakan: bukan orang yang sama (pasangan tidak diusulkan lagi); tersirat untuk ganda, meninggal, tni-polri.
    #[arg(long)]
    pub not_same_person: bool,
    /// Kode TMS 1–8 (tidak-padan setelah cek lapangan; tanggapan tidak-memenuhi-syarat).
    #[arg(long)]
    pub code: Option<u8>,
    /// Massal: run (default run terakhir).
    #[arg(long)]
    pub run: Option<i64>,
    /// Massal: jenis temuan.
    #[arg(long = "type")]
    pub jenis: Option<String>,
    /// Massal: peluang minimum.
    #[arg(long)]
    pub min_probability: Option<f64>,
    /// Massal: lakukan (tanpa ini hanya ditampilkan).
    #[arg(long)]
    pub apply: bool,
    /// Massal: paling banyak sekian temuan (yang bernomor terkecil).
    #[arg(long)]
    pub limit: Option<u64>,
}

/// `padan approve`.
#[derive(Debug, Args)]
pub struct ArgApprove {
    pub kasus: String,
    #[arg(long, env = "PADAN_OPERATOR")]
    pub operator: Option<String>,
    #[arg(long)]
    pub reason: Option<String>,
    #[arg(long)]
    pub document: Option<String>,
}

/// `padan undo`.
#[derive(Debug, Args)]
pub struct ArgUndo {
    /// Nomor keputusan KP-….
    pub keputusan: String,
    #[arg(long)]
    pub reason: String,
    #[arg(long)]
    pub document: String,
    #[arg(long, env = "PADAN_OPERATOR")]
    pub operator: Option<String>,
}

pub fn operator(k: &Konteks, a: AksiOperator) -> Result<i32, Galat> {
    match a {
        AksiOperator::Add {
            nama,
            role,
            region,
            operator,
        } => {
            let h = izin::tambah(
                &k.ruang,
                &izin::OpsiOperator {
                    nama,
                    peran: role.into(),
                    wilayah: region,
                    oleh: operator_dari(operator),
                },
            )?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, |h, b| {
                format!(
                    "{} #{}: {} {} {}, {} {}\n",
                    pilih(
                        b,
                        "Operator terdaftar, peristiwa",
                        "Operator registered, event"
                    ),
                    h.peristiwa,
                    h.operator.nama,
                    pilih(b, "berperan", "with role"),
                    h.operator.peran,
                    pilih(b, "wilayah", "regions"),
                    h.operator.wilayah.join(", ")
                )
            })?;
        }
        AksiOperator::List => {
            let v = izin::daftar(&k.ruang)?;
            k.cetak(&v, |v, b| {
                if v.is_empty() {
                    return format!(
                        "{}\n",
                        pilih(
                            b,
                            "Belum ada operator terdaftar.",
                            "No operator registered yet."
                        )
                    );
                }
                v.iter()
                    .map(|o| format!("{:<20} {:<12} {}\n", o.nama, o.peran, o.wilayah.join(", ")))
                    .collect()
            })?;
        }
        AksiOperator::Token { nama } => {
            let t = padan_app::masuk::buat_token(&k.ruang, &nama)?;
            k.cetak(
                &serde_json::json!({"operator": nama, "token": t}),
                |v, b| {
                    format!(
                        "{}\n{}\n",
                        v["token"].as_str().unwrap_or(""),
                        pilih(
                            b,
                            "Simpan token ini sekarang: Padan hanya menyimpan hash-nya.",
                            "Keep this token now: Padan keeps only its hash."
                        )
                    )
                },
            )?;
        }
        AksiOperator::RevokeTokens { nama } => {
            let n = padan_app::masuk::cabut_token(&k.ruang, &nama)?;
            k.cetak(
                &serde_json::json!({"operator": nama, "dicabut": n}),
                |v, b| {
                    format!(
                        "{} {}\n",
                        pilih(b, "Token dicabut:", "Tokens revoked:"),
                        v["dicabut"]
                    )
                },
            )?;
        }
        AksiOperator::Passwd { nama } => {
            let sandi = crate::sandi::sandi_operator(&nama)?;
            let op = padan_app::masuk::atur_sandi(&k.ruang, &nama, &sandi)?;
            k.cetak(&op, |o, b| {
                format!(
                    "{} {} ({}, {})\n",
                    pilih(b, "Kata sandi diatur untuk", "Password set for"),
                    o.nama,
                    o.peran,
                    o.wilayah.join(", ")
                )
            })?;
        }
    }
    Ok(0)
}

fn status_teks(k: &Kasus, b: Bahasa) -> String {
    let s = match (k.status, b) {
        (StatusKasus::Terbuka, Bahasa::Id) => "terbuka",
        (StatusKasus::Diputus, Bahasa::Id) if k.menunggu => "menunggu persetujuan",
        (StatusKasus::Diputus, Bahasa::Id) => "diputus",
        (StatusKasus::Disetujui, Bahasa::Id) => "disetujui",
        (StatusKasus::CekLapangan, Bahasa::Id) => "cek lapangan",
        (StatusKasus::Diputus, Bahasa::En) if k.menunggu => "awaiting approval",
        (s, Bahasa::En) => s.nama(),
    };
    match k.keputusan {
        Some(n) => format!("{s} ({})", tampil_keputusan(n)),
        None => s.into(),
    }
}

pub fn review(k: &Konteks, a: ArgReview) -> Result<i32, Galat> {
    if let Some(kasus) = a.kasus {
        let h = tinjau::tinjau(&k.ruang, &kasus)?;
        if k.json {
            cetak_json(&h.json(k.bahasa))?;
        } else {
            crate::cetak!("{}", teks_tinjauan(&h, k.bahasa));
        }
        return Ok(0);
    }
    let o = tinjau::OpsiAntrian {
        run: a.run,
        jenis: a
            .jenis
            .as_deref()
            .map(padan_app::temuan::urai_jenis)
            .transpose()?,
        wilayah: a.region,
        pita: a.band.as_deref().map(tinjau::urai_pita).transpose()?,
        status: a.status.map(Into::into),
        batas: a.limit,
    };
    let h = tinjau::antrian(&k.ruang, &o)?;
    k.cetak(&h, |h, b| {
        let mut s = String::new();
        for (t, kasus) in &h.tanggapan {
            let _ = writeln!(
                s,
                "{}  {:<22} {}  {:<14} {}",
                kasus.kunci,
                t.isi.jenis,
                padan_core::masker::nik(&t.isi.nik),
                t.isi
                    .pemilih
                    .map(padan_app::padan_store::tampil_id)
                    .unwrap_or_else(|| "-".into()),
                status_teks(kasus, b)
            );
        }
        if let Some(run) = h.run {
            let _ = writeln!(s, "run {run}:");
        }
        for x in &h.temuan {
            let ringkas = tinjau::bukti_baris(x)
                .map(|bk| padan_app::temuan::ringkas_temuan(&x.temuan, &bk, b))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "{}  {:<16} {:>6}  {:<26} {}",
                x.kasus.kunci,
                x.temuan.isi.jenis,
                x.temuan
                    .isi
                    .peluang
                    .map(|p| format!("{p:.3}"))
                    .unwrap_or_else(|| "-".into()),
                status_teks(&x.kasus, b),
                ringkas
            );
        }
        if h.temuan.is_empty() && h.tanggapan.is_empty() {
            let _ = writeln!(
                s,
                "{}",
                pilih(b, "Tidak ada kasus yang cocok.", "No case matches.")
            );
        }
        s
    })?;
    Ok(0)
}

fn teks_tinjauan(h: &tinjau::Tinjauan, b: Bahasa) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}  {}", h.kasus.kunci, status_teks(&h.kasus, b));
    if let Some(t) = &h.tanggapan {
        let _ = writeln!(
            s,
            "  {} {} · NIK {} · {} {} · operator {}\n  \"{}\"",
            pilih(b, "tanggapan", "report"),
            t.isi.jenis,
            padan_core::masker::nik(&t.isi.nik),
            pilih(b, "pemilih", "voter"),
            t.isi
                .pemilih
                .map(padan_app::padan_store::tampil_id)
                .unwrap_or_else(|| "-".into()),
            t.operator,
            t.isi.teks
        );
    }
    if let Some(p) = &h.penjelasan {
        s.push_str(&tampil::teks_jelaskan(p, b));
    }
    if !h.sisi.is_empty() {
        let _ = writeln!(
            s,
            "  {:<16} {:<28} {:<28}",
            pilih(b, "elemen", "element"),
            pilih(b, "daftar", "register"),
            pilih(b, "sumber", "source")
        );
        for x in &h.sisi {
            let _ = writeln!(
                s,
                "  {:<16} {:<28} {:<28} {}",
                x.elemen,
                x.daftar,
                x.sumber,
                if x.sama { "=" } else { "≠" }
            );
        }
    }
    for kp in &h.keputusan {
        let _ = writeln!(
            s,
            "  {} {} · {} {} · {} \"{}\"{}{}",
            tampil_keputusan(kp.isi.nomor),
            kp.isi.putusan,
            pilih(b, "oleh", "by"),
            kp.operator,
            pilih(b, "dokumen", "document"),
            kp.isi.dokumen,
            kp.disetujui_oleh
                .as_ref()
                .map(|o| format!(" · {} {o}", pilih(b, "disetujui", "approved by")))
                .unwrap_or_default(),
            if kp.dibatalkan_seq.is_some() {
                format!(" · {}", pilih(b, "DIBATALKAN", "UNDONE"))
            } else {
                String::new()
            }
        );
    }
    s
}

pub fn teks_putus(h: &tindak::HasilPutus, b: Bahasa) -> String {
    let mut s = format!(
        "{} {} {} {}: {} · {} #{}\n",
        h.keputusan,
        pilih(b, "atas", "on"),
        h.kasus,
        pilih(b, "dicatat", "recorded"),
        h.putusan,
        pilih(b, "peristiwa", "event"),
        h.peristiwa
    );
    if h.menunggu_persetujuan {
        let _ = writeln!(
            s,
            "{}",
            pilih(
                b,
                "Pencoretan ini berlaku setelah disetujui verifikator lain: padan approve",
                "This removal takes effect once another verifikator approves it: padan approve"
            )
        );
    }
    for t in &h.diterapkan {
        let _ = writeln!(
            s,
            "  {} #{} {} {}",
            pilih(b, "perubahan", "change"),
            t.seq,
            pilih(b, "pada", "on"),
            padan_app::padan_store::tampil_id(t.pemilih)
        );
    }
    s
}

pub fn decide(k: &Konteks, a: ArgDecide) -> Result<i32, Galat> {
    let putusan = if a.accept {
        Putusan::Terima
    } else if a.reject {
        Putusan::Tolak
    } else {
        Putusan::CekLapangan
    };
    let putus = tindak::OpsiPutus {
        putusan,
        alasan: a.reason,
        dokumen: a.document,
        operator: operator_dari(a.operator),
        berlaku: a.effective,
        bukan_orang_sama: a.not_same_person,
        kode: a.code,
        elemen: a.elemen,
    };
    let Some(kasus) = a.kasus else {
        let Some(jenis) = a.jenis else {
            return Err(Galat::baru(
                "sebutkan kasus (TM-…/TG-…), atau untuk keputusan massal --type dan --min-probability",
                "give a case (TM-…/TG-…), or for a bulk decision --type and --min-probability",
            )
            .misuse());
        };
        let h = tindak::putuskan_massal(
            &k.ruang,
            &tindak::OpsiMassal {
                run: a.run,
                jenis: padan_app::temuan::urai_jenis(&jenis)?,
                min_peluang: a.min_probability.unwrap_or(0.99),
                putus,
                terapkan: a.apply,
                batas: a.limit,
            },
        )?;
        if h.diterapkan {
            crate::keluaran::tandai_diubah();
        }
        k.cetak(&h, |h, b| {
            let mut s = format!(
                "run {} · {} · {} ≥ {}: {} {}, {} {}\n",
                h.run,
                h.jenis,
                pilih(b, "peluang", "probability"),
                h.min_peluang,
                angka(h.calon, b),
                pilih(b, "temuan terbuka", "open findings"),
                angka(h.diputus, b),
                if h.diterapkan {
                    pilih(b, "diputus", "decided")
                } else {
                    pilih(b, "akan diputus", "would be decided")
                },
            );
            for (sebab, n) in &h.dilewati {
                let _ = writeln!(
                    s,
                    "  {} {}: {sebab}",
                    angka(*n, b),
                    pilih(b, "dilewati", "left out")
                );
            }
            if !h.contoh.is_empty() {
                let _ = writeln!(
                    s,
                    "  {}: {}",
                    pilih(b, "contoh", "e.g."),
                    h.contoh.join(", ")
                );
            }
            match &h.keputusan {
                Some((a, z)) => {
                    let _ = writeln!(s, "  {a} … {z}");
                    if h.menunggu_persetujuan > 0 {
                        let _ = writeln!(
                            s,
                            "  {} {}",
                            angka(h.menunggu_persetujuan, b),
                            pilih(
                                b,
                                "pencoretan menunggu persetujuan",
                                "removals await approval"
                            )
                        );
                    }
                }
                None if !h.diterapkan => {
                    let _ = writeln!(
                        s,
                        "{}",
                        pilih(
                            b,
                            "Belum ada yang diubah: ulangi dengan --apply untuk melakukannya.",
                            "Nothing changed yet: repeat with --apply to do it."
                        )
                    );
                }
                None => {}
            }
            s
        })?;
        return Ok(0);
    };
    let h = tindak::putuskan(&k.ruang, &kasus, &putus)?;
    crate::keluaran::tandai_diubah();
    k.cetak(&h, teks_putus)?;
    Ok(0)
}

pub fn approve(k: &Konteks, a: ArgApprove) -> Result<i32, Galat> {
    let h = tindak::setujui(
        &k.ruang,
        &a.kasus,
        &tindak::OpsiSetujui {
            operator: operator_dari(a.operator),
            alasan: a.reason,
            dokumen: a.document,
        },
    )?;
    crate::keluaran::tandai_diubah();
    k.cetak(&h, teks_putus)?;
    Ok(0)
}

pub fn undo(k: &Konteks, a: ArgUndo) -> Result<i32, Galat> {
    let h = tindak::batalkan(
        &k.ruang,
        &a.keputusan,
        &tindak::OpsiBatal {
            alasan: a.reason,
            dokumen: a.document,
            operator: operator_dari(a.operator),
        },
    )?;
    crate::keluaran::tandai_diubah();
    k.cetak(&h, |h, b| {
        let mut s = format!(
            "{} {} ({}) · {} #{}\n",
            h.keputusan,
            pilih(b, "dibatalkan", "undone"),
            h.kasus,
            pilih(b, "peristiwa", "event"),
            h.peristiwa
        );
        for t in &h.kompensasi {
            let _ = writeln!(
                s,
                "  {} #{} {} {}",
                pilih(b, "kompensasi", "compensation"),
                t.seq,
                pilih(b, "pada", "on"),
                padan_app::padan_store::tampil_id(t.pemilih)
            );
        }
        s
    })?;
    Ok(0)
}

pub fn tanggapan(k: &Konteks, a: AksiTanggapan) -> Result<i32, Galat> {
    let AksiTanggapan::Add {
        jenis,
        nik,
        text,
        document,
        operator,
    } = a;
    let h = tanggapan::tambah(
        &k.ruang,
        &tanggapan::OpsiTanggapan {
            jenis: jenis.into(),
            nik,
            teks: text,
            dokumen: document,
            operator: operator_dari(operator),
        },
    )?;
    crate::keluaran::tandai_diubah();
    k.cetak(&h, |h, b| {
        format!(
            "{} {} · {} · NIK {} · {} {} · {} #{}\n",
            pilih(b, "Tanda terima", "Receipt"),
            h.nomor,
            h.jenis,
            h.nik_samar,
            pilih(b, "pemilih", "voter"),
            h.pemilih.clone().unwrap_or_else(|| "-".into()),
            pilih(b, "peristiwa", "event"),
            h.peristiwa
        )
    })?;
    Ok(0)
}

pub fn periode(k: &Konteks, a: AksiPeriode) -> Result<i32, Galat> {
    match a {
        AksiPeriode::Close {
            periode,
            document,
            operator,
            out,
        } => {
            let h = periode::tutup(
                &k.ruang,
                &periode::OpsiTutup {
                    periode,
                    dokumen: document,
                    operator: operator_dari(operator),
                    keluar: out,
                },
            )?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, teks_periode)?;
        }
        AksiPeriode::List => {
            let v = periode::daftar(&k.ruang)?;
            k.cetak(&v, |v, b| {
                if v.is_empty() {
                    return format!(
                        "{}\n",
                        pilih(
                            b,
                            "Belum ada periode yang ditutup.",
                            "No period closed yet."
                        )
                    );
                }
                v.iter()
                    .map(|p| {
                        format!(
                            "{:<10} {} {} · {} #{} · \"{}\"\n",
                            p.isi.nama,
                            pilih(b, "sampai", "to"),
                            p.isi.sampai,
                            pilih(b, "peristiwa", "event"),
                            p.seq,
                            p.isi.dokumen
                        )
                    })
                    .collect()
            })?;
        }
    }
    Ok(0)
}

pub fn teks_periode(h: &periode::BeritaAcara, b: Bahasa) -> String {
    let mut s = format!(
        "{} {} {} · {} {} · TMS {} · {} {} · {} {}\n",
        pilih(b, "Periode", "Period"),
        h.periode,
        pilih(b, "ditutup", "closed"),
        pilih(b, "pemilih", "voters"),
        angka(h.pemilih, b),
        angka(h.perubahan.tms_total(), b),
        pilih(b, "baru", "new"),
        angka(h.perubahan.baru, b),
        pilih(b, "keputusan", "decisions"),
        h.keputusan.len()
    );
    let _ = writeln!(
        s,
        "checkpoint batch {} · {} {} · {} {}",
        h.checkpoint.batch,
        pilih(b, "ukuran log", "log size"),
        h.checkpoint.ukuran_log,
        pilih(b, "kepala", "head"),
        h.checkpoint.kepala
    );
    for f in &h.berkas {
        let _ = writeln!(s, "  {}", f.display());
    }
    s
}

pub fn rekap_dpb(
    k: &Konteks,
    desa: bool,
    period: Option<String>,
    as_of: Option<String>,
    level: Option<ArgTingkat>,
    out: Option<PathBuf>,
) -> Result<i32, Galat> {
    let tingkat = match level {
        Some(ArgTingkat::Desa) => rekapitulasi::Tingkat::Desa,
        Some(ArgTingkat::Kabkota) => rekapitulasi::Tingkat::KabKota,
        Some(ArgTingkat::Kecamatan) => rekapitulasi::Tingkat::Kecamatan,
        None if desa || out.is_some() => rekapitulasi::Tingkat::Desa,
        None => rekapitulasi::Tingkat::Kecamatan,
    };
    let h = rekapitulasi::rekap_dpb(
        &k.ruang,
        &rekapitulasi::OpsiRekap {
            keadaan: rekapitulasi::Keadaan {
                periode: period,
                per_tanggal: as_of,
            },
            tingkat,
            keluar: out,
        },
    )?;
    k.cetak(&h, teks_rekap_dpb)?;
    Ok(0)
}

pub fn teks_rekap_dpb(h: &rekapitulasi::HasilRekap, b: Bahasa) -> String {
    {
        use padan_app::padan_report::dpb::Kolom;
        let mut s = format!(
            "{}\n{}\n{}\n",
            h.keterangan.judul, h.keterangan.keadaan, h.keterangan.sebelum
        );
        let kol = [
            Kolom::Tps,
            Kolom::L,
            Kolom::P,
            Kolom::Total,
            Kolom::Sebelum,
            Kolom::Baru,
            Kolom::PindahMasuk,
            Kolom::Tms1,
            Kolom::Tms2,
            Kolom::Tms4,
            Kolom::PindahKeluar,
            Kolom::Perbaikan,
        ];
        let _ = write!(s, "{:<24}", pilih(b, "wilayah", "region"));
        for c in kol {
            let nama = match c {
                Kolom::PindahMasuk => "masuk",
                Kolom::PindahKeluar => "keluar",
                Kolom::Perbaikan => "perbaikan",
                c => c.nama(),
            };
            let _ = write!(s, "{nama:>10}");
        }
        s.push('\n');
        for x in &h.rekap.baris {
            let nama = match x.tingkat {
                "desa" => format!("  {}", x.nama),
                _ => x.nama.clone(),
            };
            let _ = write!(s, "{:<24}", padan_core::awal(&nama, 23));
            for c in kol {
                let _ = write!(s, "{:>10}", angka(x.angka.get(&c).copied().unwrap_or(0), b));
            }
            s.push('\n');
        }
        if let Some(f) = &h.berkas {
            let _ = writeln!(s, "{} {}", pilih(b, "Ditulis:", "Written:"), f.display());
        }
        s
    }
}

pub fn lineage(
    k: &Konteks,
    period: Option<String>,
    as_of: Option<String>,
    region: String,
    column: String,
    limit: usize,
) -> Result<i32, Galat> {
    let h = rekapitulasi::garis(
        &k.ruang,
        &rekapitulasi::OpsiGaris {
            keadaan: rekapitulasi::Keadaan {
                periode: period,
                per_tanggal: as_of,
            },
            wilayah: region,
            kolom: column,
            // JSON lists every voter; the text the first `limit`.
            baris_maks: (!k.json).then_some(limit),
        },
    )?;
    k.cetak(&h, |h, b| {
        let n = h.sel as usize;
        let mut s = format!(
            "{} · {} {} {}: {} · {}\n",
            h.keterangan.keadaan,
            h.wilayah,
            pilih(b, "kolom", "column"),
            h.kolom.nama(),
            angka(h.sel, b),
            pilih(b, "baris di baliknya:", "rows behind it:"),
        );
        let _ = writeln!(s, "  {}", angka(n as u64, b));
        for x in h.peristiwa.iter().take(limit) {
            let _ = writeln!(
                s,
                "  {}  {}  {:<28} {}  #{}",
                x.pemilih,
                x.nik_samar,
                padan_core::awal(&x.nama, 28),
                x.desa,
                x.peristiwa
            );
        }
        for x in h.lain.iter().take(limit) {
            let _ = writeln!(s, "  {x}");
        }
        if n > limit {
            let _ = writeln!(s, "  … (+{})", n - limit);
        }
        s
    })?;
    Ok(0)
}
