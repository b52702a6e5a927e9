//! `padan demo`: from nothing to a verified register of Kota Batu in one
//! go: synthetic data → init → import the register → import the update
//! set → verify → recap → one voter's chronology → pemadanan against each
//! source and within the register → a few findings with their evidence.
//!
//! Each step's result is handed to the caller as it is ready (the command
//! line prints it), and all of them come back together at the end.

use crate::baca::{Riwayat, riwayat_dari};
use crate::galat::Galat;
use crate::impor::{HasilImpor, JenisImpor, OpsiImpor, impor};
use crate::kemajuan::Kemajuan;
use crate::pemadanan::{OpsiRun, RingkasanRun, jalankan_cocok, jalankan_ganda};
use crate::pesan::Pesan;
use crate::ruang::{Ruang, SANDI_DEMO};
use crate::teks::Bahasa;
use crate::temuan::{Penjelasan, jelaskan};
use chrono::NaiveDate;
use padan_core::JenisTemuan;
use padan_store::pemadanan::{SaringanTemuan, tampil_temuan};
use padan_store::{LaporanVerifikasi, tampil_id};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One step of the demo, as it happens.
pub enum LangkahDemo<'a> {
    /// A step begins: its number, its title, and what it is about.
    Judul(usize, Pesan, Option<String>),
    Synth(&'a padan_synth::Ringkasan, &'a Path),
    /// The workspace; `sandi_demo`: its key is sealed under [`SANDI_DEMO`].
    Ruang {
        dir: &'a Path,
        sandi_demo: bool,
    },
    Impor(&'a HasilImpor),
    Verifikasi(&'a LaporanVerifikasi),
    Rekap(&'a padan_report::Rekap),
    Riwayat(&'a Riwayat),
    /// A source with no records (a small demo drew no one for it).
    Dilewati,
    Run(&'a RingkasanRun),
    Temuan(&'a Penjelasan),
    /// A decision or an approval, with who made it.
    Putus(&'a crate::tindak::HasilPutus, &'a str),
    Periode(&'a crate::periode::BeritaAcara),
    /// The period's recap with all its columns.
    RekapDpb(&'a crate::rekapitulasi::HasilRekap),
    /// A dossier written and checked as a third party would.
    Dosir(&'a crate::dosir::HasilDosir, &'a crate::dosir::HasilPeriksa),
}

/// Everything the demo did.
#[derive(Debug, Clone, Serialize)]
pub struct HasilDemo {
    pub ruang_kerja: PathBuf,
    pub synth: padan_synth::Ringkasan,
    pub impor: Vec<HasilImpor>,
    pub verifikasi: LaporanVerifikasi,
    pub rekap: padan_report::Rekap,
    pub contoh_pemilih: Option<String>,
    pub pemadanan: Vec<RingkasanRun>,
    pub contoh_temuan: Vec<String>,
    /// The follow-up: decisions and approvals, and the period closed.
    pub tindak_lanjut: Vec<crate::tindak::HasilPutus>,
    pub berita_acara: Option<crate::periode::BeritaAcara>,
    /// The period's recap file and one voter's dossier, checked offline.
    pub rekap_periode: Option<PathBuf>,
    pub dosir: Option<crate::dosir::HasilPeriksa>,
    pub detik: f64,
    #[serde(skip)]
    pub tanggal_dpt: NaiveDate,
    #[serde(skip)]
    pub tanggal_pembaruan: NaiveDate,
}

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

/// Runs the demo beside (or in) `r`'s workspace. `kemajuan` shows the
/// counted stages (synthetic data, imports); the engine's stages are not
/// reported, each run's summary is.
pub fn demo(
    r: &Ruang,
    pemilih: Option<u64>,
    seed: u64,
    bahasa: Bahasa,
    kemajuan: &dyn Kemajuan,
    lapor: &mut dyn FnMut(LangkahDemo),
) -> Result<HasilDemo, Galat> {
    let mulai = Instant::now();
    let ws = ruang_demo(&r.dir);
    let data = ws.join("synth");
    lapor(LangkahDemo::Judul(1, Pesan::SyntheticDataForKota, None));
    let mut cfg = padan_synth::Konfigurasi::baru("35.79", pemilih, seed);
    cfg.cacat = 0.0005;
    let w = padan_core::Wilayah::bawaan();
    kemajuan.mulai("synth", Pesan::Voters.teks(bahasa));
    let synth = padan_synth::buat(&cfg, &w, &data, |n, _| kemajuan.maju(n))?;
    kemajuan.selesai();
    lapor(LangkahDemo::Synth(&synth, &data));

    lapor(LangkahDemo::Judul(2, Pesan::WorkspaceAndOfficeKey, None));
    // The demo never asks: it uses $PADAN_PASSPHRASE, or a demo passphrase
    // that says what it is.
    let sandi = std::env::var(padan_store::kunci::ENV_SANDI)
        .ok()
        .filter(|s| !s.is_empty());
    let sandi_demo = sandi.is_none();
    let ruang = Ruang {
        dir: ws.clone(),
        sandi: Some(zeroize::Zeroizing::new(
            sandi.unwrap_or_else(|| SANDI_DEMO.into()),
        )),
        ..r.clone()
    };
    let mut g = ruang.buat("35.79")?;
    lapor(LangkahDemo::Ruang {
        dir: &ws,
        sandi_demo,
    });

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
    for (i, (jenis, berkas, sumber, berlaku)) in langkah.into_iter().enumerate() {
        lapor(LangkahDemo::Judul(
            i + 3,
            Pesan::Import,
            Some(jenis.nama().into()),
        ));
        let o = OpsiImpor {
            jenis,
            berkas: data.join(berkas),
            sumber: sumber.into(),
            dokumen: format!("{berkas} (demo)"),
            berlaku: Some(berlaku.to_string()),
            operator: operator.clone(),
            lembar: None,
            paksa: false,
        };
        let h = impor(&mut *g, &o, bahasa, kemajuan)?;
        lapor(LangkahDemo::Impor(&h));
        hasil.push(h);
    }

    lapor(LangkahDemo::Judul(8, Pesan::Verification, None));
    let verifikasi = g.verifikasi_dengan(&Default::default())?;
    lapor(LangkahDemo::Verifikasi(&verifikasi));

    lapor(LangkahDemo::Judul(9, Pesan::RecapByKecamatan, None));
    let rekap = padan_report::rekap(&*g)?;
    lapor(LangkahDemo::Rekap(&rekap));

    let contoh = match g.pemilih_dengan_peristiwa("ubah")? {
        Some(id) => Some(id),
        None => g.pemilih_dengan_peristiwa("tms")?,
    };
    if let Some(id) = contoh {
        lapor(LangkahDemo::Judul(
            10,
            Pesan::ChronologyOfOneVoter,
            Some(tampil_id(id)),
        ));
        lapor(LangkahDemo::Riwayat(&riwayat_dari(&*g, id)?));
    }
    // Pemadanan: the register against each source batch, then against
    // itself; a few findings shown with their evidence.
    let opsi = OpsiRun {
        ambang: 0.5,
        model: None,
        operator,
    };
    let mut runs = vec![];
    for (i, (lawan, judul)) in [
        ("dp4", Pesan::RegisterPopulationData),
        ("meninggal", Pesan::RegisterDeathRecords),
        ("tni-polri", Pesan::RegisterTniPolriList),
    ]
    .into_iter()
    .enumerate()
    {
        lapor(LangkahDemo::Judul(
            i + 11,
            Pesan::Matching,
            Some(judul.teks(bahasa).into()),
        ));
        // A small demo may have drawn no one for a list (no TNI/Polri among
        // 500 voters): nothing to match, said so.
        let ada = match g.cari_batch_sumber(lawan)? {
            Some(bt) => g.jumlah_rekaman_sumber(bt.id)? > 0,
            None => false,
        };
        if !ada {
            lapor(LangkahDemo::Dilewati);
            continue;
        }
        let r = jalankan_cocok(&mut *g, lawan, &opsi, &crate::Diam)?;
        lapor(LangkahDemo::Run(&r));
        runs.push(r);
    }
    lapor(LangkahDemo::Judul(
        14,
        Pesan::DuplicatesWithinTheRegister,
        None,
    ));
    let rg = jalankan_ganda(&mut *g, &opsi, &crate::Diam)?;
    lapor(LangkahDemo::Run(&rg));
    runs.push(rg);
    lapor(LangkahDemo::Judul(
        15,
        Pesan::ExampleFindingsWithTheir,
        None,
    ));
    let mut contoh_temuan = vec![];
    for jenis in [
        JenisTemuan::Perbaikan,
        JenisTemuan::Meninggal,
        JenisTemuan::Ganda,
    ] {
        let ts = g.daftar_temuan(&SaringanTemuan {
            run: None,
            jenis: Some(jenis),
            wilayah: None,
            batas: Some(1),
        })?;
        if let Some(tm) = ts.first() {
            lapor(LangkahDemo::Temuan(&jelaskan(&ruang, &tm.id.to_string())?));
            contoh_temuan.push(tampil_temuan(tm.id));
        }
    }
    drop(g);
    lapor(LangkahDemo::Judul(16, Pesan::FollowUpTwoOperators, None));
    let (tindak_lanjut, berita_acara) =
        tindak_lanjut(&ruang, cfg.tanggal_dpt, cfg.tanggal_pembaruan, lapor)?;
    lapor(LangkahDemo::Periode(&berita_acara));
    lapor(LangkahDemo::Judul(17, Pesan::PeriodRecapAndDossier, None));
    let rekap_periode = crate::rekapitulasi::rekap_dpb(
        &ruang,
        &crate::rekapitulasi::OpsiRekap {
            keadaan: crate::rekapitulasi::Keadaan {
                periode: Some(berita_acara.periode.clone()),
                per_tanggal: None,
            },
            tingkat: crate::rekapitulasi::Tingkat::Kecamatan,
            keluar: Some(ws.join(format!("rekap-{}.xlsx", berita_acara.periode))),
        },
    )?;
    lapor(LangkahDemo::RekapDpb(&rekap_periode));
    // The dossier of a voter the follow-up touched, checked as Bawaslu
    // would: the file and the office's public key, nothing else.
    let dosir = match tindak_lanjut
        .iter()
        .flat_map(|h| h.diterapkan.iter())
        .next()
    {
        Some(t) => {
            let f = ws.join(format!("dosir-{}.json", tampil_id(t.pemilih)));
            let d = crate::dosir::buat(&ruang, &tampil_id(t.pemilih), &f)?;
            let p = crate::dosir::periksa(&f, None)?;
            lapor(LangkahDemo::Dosir(&d, &p));
            Some(p)
        }
        None => None,
    };
    let g = ruang.buka()?;
    let verifikasi = g.verifikasi_dengan(&Default::default())?;
    Ok(HasilDemo {
        tindak_lanjut,
        berita_acara: Some(berita_acara),
        rekap_periode: rekap_periode.berkas,
        dosir,
        ruang_kerja: ws,
        synth,
        impor: hasil,
        verifikasi,
        rekap,
        contoh_pemilih: contoh.map(tampil_id),
        pemadanan: runs,
        contoh_temuan,
        detik: mulai.elapsed().as_secs_f64(),
        tanggal_dpt: cfg.tanggal_dpt,
        tanggal_pembaruan: cfg.tanggal_pembaruan,
    })
}

/// The follow-up on the demo's findings, by two people: a removal decided
/// by an operator and approved by a verifikator, a rejection, a
/// correction; then the ketua closes the period of the update.
fn tindak_lanjut(
    r: &Ruang,
    tanggal_dpt: NaiveDate,
    tanggal: NaiveDate,
    lapor: &mut dyn FnMut(LangkahDemo),
) -> Result<(Vec<crate::tindak::HasilPutus>, crate::periode::BeritaAcara), Galat> {
    use crate::izin::{OpsiOperator, tambah};
    use crate::tindak::{OpsiPutus, OpsiSetujui, putuskan, setujui};
    use chrono::Datelike;
    use padan_core::{Peran, Putusan};
    let (ketua, operator, verifikator) = ("ketua-demo", "operator-demo", "verifikator-demo");
    for (nama, peran) in [
        (ketua, Peran::Ketua),
        (operator, Peran::Operator),
        (verifikator, Peran::Verifikator),
    ] {
        tambah(
            r,
            &OpsiOperator {
                nama: nama.into(),
                peran,
                wilayah: vec!["35.79".into()],
                oleh: ketua.into(),
            },
        )?;
    }
    let g = r.buka()?;
    let pertama = |jenis| -> Result<Option<String>, Galat> {
        let run = g
            .daftar_temuan(&SaringanTemuan {
                run: None,
                jenis: Some(jenis),
                wilayah: None,
                batas: Some(1),
            })?
            .first()
            .map(|t| t.run);
        Ok(g.antrian(&padan_store::tindak::SaringanKasus {
            run,
            jenis: Some(jenis),
            batas: 1,
            ..Default::default()
        })?
        .first()
        .map(|b| b.kasus.kunci.clone()))
    };
    let rencana = [
        (
            JenisTemuan::Meninggal,
            Putusan::Terima,
            "akta kematian Disdukcapil",
        ),
        (
            JenisTemuan::Ganda,
            Putusan::Tolak,
            "diperiksa: dua orang berbeda",
        ),
        (
            JenisTemuan::Perbaikan,
            Putusan::Terima,
            "data kependudukan semester II",
        ),
    ]
    .map(|(j, p, a)| (pertama(j), p, a));
    drop(g);
    let mut out = vec![];
    for (kasus, putusan, alasan) in rencana {
        let Some(kasus) = kasus? else { continue };
        let h = putuskan(
            r,
            &kasus,
            &OpsiPutus {
                putusan,
                alasan: alasan.into(),
                dokumen: "BA rapat tindak lanjut (demo)".into(),
                operator: operator.into(),
                berlaku: None,
                bukan_orang_sama: false,
                kode: None,
                elemen: vec![],
            },
        )?;
        lapor(LangkahDemo::Putus(&h, operator));
        let menunggu = h.menunggu_persetujuan;
        out.push(h);
        if menunggu {
            let a = setujui(
                r,
                &kasus,
                &OpsiSetujui {
                    operator: verifikator.into(),
                    alasan: None,
                    dokumen: None,
                },
            )?;
            lapor(LangkahDemo::Putus(&a, verifikator));
            out.push(a);
        }
    }
    let triwulan = |d: NaiveDate| format!("{}-TW{}", d.year(), d.month0() / 3 + 1);
    // The triwulan of the register the demo began with is closed first, so
    // the update's triwulan has a previous total to add up from.
    if triwulan(tanggal_dpt) != triwulan(tanggal) {
        crate::periode::tutup(
            r,
            &crate::periode::OpsiTutup {
                periode: triwulan(tanggal_dpt),
                dokumen: "BA pleno rekapitulasi DPB (demo)".into(),
                operator: ketua.into(),
                keluar: None,
            },
        )?;
    }
    let periode = triwulan(tanggal);
    let ba = crate::periode::tutup(
        r,
        &crate::periode::OpsiTutup {
            periode,
            dokumen: "BA pleno rekapitulasi DPB (demo)".into(),
            operator: ketua.into(),
            keluar: None,
        },
    )?;
    Ok((out, ba))
}
