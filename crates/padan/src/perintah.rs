//! The dispatch: each command calls its use case and prints the result as
//! text in the chosen language, or as JSON with `--json`; it returns the
//! exit status.

use crate::kemajuan::Terminal;
use crate::tampil;
use crate::{AksiRegion, ArgPerubahan, ArgRun, Cli, Lang, Perintah};
use padan_app::pesan::Pesan as P;
use padan_app::teks::{Bahasa, angka, t};
use padan_app::{Galat, Ruang, baca, impor, manual, pemadanan, register, tautan, temuan};
use serde::Serialize;

pub struct Konteks {
    pub bahasa: Bahasa,
    pub json: bool,
    pub ruang: Ruang,
}

impl Konteks {
    /// Prints a result: JSON with `--json`, else the text `teks` makes.
    pub(crate) fn cetak<T: Serialize>(
        &self,
        v: &T,
        teks: impl FnOnce(&T, Bahasa) -> String,
    ) -> Result<(), Galat> {
        if self.json {
            cetak_json(v)
        } else {
            crate::cetak!("{}", teks(v, self.bahasa));
            Ok(())
        }
    }
}

pub fn cetak_json<T: Serialize>(v: &T) -> Result<(), Galat> {
    let s =
        serde_json::to_string_pretty(v).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
    crate::cetakln!("{s}");
    Ok(())
}

/// The operator named, else the login's name.
pub fn operator_dari(o: Option<String>) -> String {
    o.or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "operator".into())
}

fn opsi_perubahan(p: ArgPerubahan) -> manual::OpsiPerubahan {
    manual::OpsiPerubahan {
        alasan: p.reason,
        dokumen: p.document,
        berlaku: p.effective,
        operator: operator_dari(p.operator),
    }
}

fn opsi_run(r: ArgRun) -> pemadanan::OpsiRun {
    pemadanan::OpsiRun {
        ambang: r.threshold,
        model: r.model,
        operator: operator_dari(r.operator),
    }
}

/// A change recorded by hand: the event, then the voter's chronology.
fn selesai_manual(k: &Konteks, h: &manual::HasilManual, masked: bool) -> Result<i32, Galat> {
    crate::keluaran::tandai_diubah();
    if k.json {
        let mut v =
            serde_json::to_value(h).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
        if masked {
            baca::samarkan_json(&mut v);
        }
        cetak_json(&v)?;
    } else {
        crate::cetakln!(
            "{} #{} {} {}.",
            t(k.bahasa, P::Event2),
            h.peristiwa,
            t(k.bahasa, P::RecordedFor),
            h.id_pemilih
        );
        crate::cetak!("{}", tampil::teks_riwayat(&h.riwayat, k.bahasa));
    }
    Ok(0)
}

pub fn jalankan(cli: Cli) -> Result<i32, Galat> {
    let k = Konteks {
        bahasa: match cli.lang {
            Lang::Id => Bahasa::Id,
            Lang::En => Bahasa::En,
        },
        json: cli.json,
        ruang: crate::sandi::ruang(&cli)?,
    };
    let b = k.bahasa;
    let r = &k.ruang;
    crate::keluaran::atur_json(cli.json);
    match cli.perintah {
        Perintah::Init { kantor } => {
            let h = register::init(r, &kantor)?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, tampil::teks_init)?;
        }
        Perintah::Acknowledge { reason, operator } => {
            let h = register::akui(r, &reason, &operator_dari(operator))?;
            match (h.peristiwa, &h.diakui) {
                (Some(seq), Some(gagal)) => {
                    crate::keluaran::tandai_diubah();
                    k.cetak(&h, |_, b| {
                        format!(
                            "{} #{seq}: {gagal}\n",
                            t(b, P::AcknowledgementRecordedAsEvent)
                        )
                    })?;
                }
                _ => crate::cetakln!("{}", t(b, P::ThereIsNoFailed)),
            }
        }
        Perintah::Region {
            aksi: AksiRegion::Import { file },
        } => {
            let h = register::impor_wilayah(r, &file)?;
            k.cetak(&h, |h, b| {
                format!(
                    "{} {} {} (sha256 {}…)\n",
                    angka(h.kode_dimuat as u64, b),
                    t(b, P::RegionCodesLoadedFrom),
                    file.display(),
                    h.sha256.get(..12).unwrap_or(&h.sha256)
                )
            })?;
        }
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
            let o = impor::OpsiImpor {
                jenis: kind.into(),
                berkas: file,
                sumber: source,
                dokumen: document,
                berlaku: effective,
                operator: operator_dari(operator),
                lembar: sheet,
                paksa: force,
            };
            let h = impor::jalankan(r, &o, b, &Terminal::baru())?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, tampil::ringkasan_impor)?;
        }
        Perintah::Dossier { pemilih, out } => {
            let h = padan_app::dosir::buat(r, &pemilih, &out)?;
            k.cetak(&h, |h, b| {
                format!(
                    "{} {} {}: {} {}, {} checkpoint, {} {}\n",
                    padan_app::teks::pilih(b, "Dosir", "Dossier"),
                    h.pemilih,
                    h.berkas.display(),
                    h.peristiwa,
                    padan_app::teks::pilih(b, "peristiwa", "events"),
                    h.checkpoint,
                    h.temuan,
                    padan_app::teks::pilih(b, "temuan", "findings"),
                )
            })?;
        }
        Perintah::VerifyDossier { file, public_key } => {
            let h = padan_app::dosir::periksa(&file, public_key.as_deref())?;
            k.cetak(&h, |h, b| {
                let mut s = format!(
                    "{} {} · {} {} · {} {} · {} checkpoint\n",
                    if h.sah {
                        padan_app::teks::pilih(b, "SAH: dosir", "VALID: dossier")
                    } else {
                        padan_app::teks::pilih(b, "TIDAK SAH: dosir", "NOT VALID: dossier")
                    },
                    h.pemilih,
                    padan_app::teks::pilih(b, "kantor", "office"),
                    h.kantor,
                    h.peristiwa,
                    padan_app::teks::pilih(b, "peristiwa", "events"),
                    h.checkpoint
                );
                s += &format!(
                    "{} {}\n",
                    padan_app::teks::pilih(
                        b,
                        "Sidik kunci (bandingkan dengan yang diterbitkan):",
                        "Key fingerprint (compare with the published one):"
                    ),
                    h.sidik_kunci
                );
                for m in &h.masalah {
                    s += &format!("  {m}\n");
                }
                s
            })?;
            return Ok(if h.sah { 0 } else { 1 });
        }
        Perintah::Checkpoint {
            aksi: crate::AksiCheckpoint::Export { out },
        } => {
            let teks = register::ekspor_saksi(r, &out)?;
            k.cetak(
                &serde_json::json!({"berkas": out, "catatan": teks}),
                |_, b| {
                    format!(
                        "{} {}\n{teks}",
                        padan_app::teks::pilih(
                            b,
                            "Catatan saksi ditulis:",
                            "Witness note written:"
                        ),
                        out.display()
                    )
                },
            )?;
        }
        Perintah::Verify {
            expect_key,
            expect_head,
            witness,
        } => {
            let h =
                register::verifikasi(r, expect_key, expect_head.as_deref(), witness.as_deref())?;
            k.cetak(&h, tampil::teks_verifikasi)?;
            return Ok(if h.laporan.utuh() { 0 } else { 1 });
        }
        Perintah::History { pemilih, masked } => {
            let h = baca::riwayat(r, &pemilih)?;
            if k.json {
                let mut v = serde_json::to_value(&h)
                    .map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
                if masked {
                    baca::samarkan_json(&mut v);
                }
                cetak_json(&v)?;
            } else {
                crate::cetak!("{}", tampil::teks_riwayat(&h, b));
            }
        }
        Perintah::Export {
            as_of,
            recorded_as_of,
            out,
            all,
            profile,
            recipient,
            operator,
        } => {
            let salinan = match profile {
                Some(p) => Some((
                    baca::Profil::dari_nama(&p)?,
                    recipient.unwrap_or_default(),
                    operator_dari(operator),
                )),
                None => None,
            };
            let h = baca::ekspor(
                r,
                &baca::OpsiEkspor {
                    berlaku: as_of,
                    dicatat: recorded_as_of,
                    keluar: out,
                    semua: all,
                    salinan,
                },
            )?;
            if h.salinan.is_some() {
                crate::keluaran::tandai_diubah();
            }
            k.cetak(&h, tampil::teks_ekspor)?;
        }
        #[cfg(feature = "postgres")]
        Perintah::Province { code, refresh } => {
            let h = padan_app::provinsi::rekap(r, &code, refresh)?;
            k.cetak(&h, tampil::teks_provinsi)?;
        }
        Perintah::Copies { sha256 } => {
            let v = baca::salinan(r, sha256.as_deref())?;
            k.cetak(&v, |v, b| {
                if v.is_empty() {
                    return format!(
                        "{}\n",
                        padan_app::teks::pilih(
                            b,
                            "Tidak ada salinan yang cocok.",
                            "No copy matches."
                        )
                    );
                }
                v.iter()
                    .map(|x| {
                        format!(
                            "#{} {} → {} · {} {} · sha256 {}\n",
                            x.peristiwa,
                            x.profil,
                            x.penerima,
                            x.baris,
                            padan_app::teks::pilih(b, "baris", "rows"),
                            x.sha256
                        )
                    })
                    .collect()
            })?;
        }
        Perintah::Diff { date1, date2, out } => {
            let h = baca::beda(r, &date1, &date2, out.as_deref())?;
            k.cetak(&h, tampil::teks_beda)?;
        }
        Perintah::Add {
            elemen,
            p,
            allow_duplicate_nik,
            masked,
        } => {
            let h = manual::tambah(r, &elemen, &opsi_perubahan(p), allow_duplicate_nik)?;
            if !h.juga_terdaftar.is_empty() {
                eprintln!(
                    "{}: NIK {} {} {}",
                    t(b, P::Warning),
                    padan_core::masker::nik(&h.riwayat.keadaan.pemilih.nik),
                    t(b, P::IsAlsoRegisteredAs),
                    padan_app::padan_store::tampil_ids(&h.juga_terdaftar)
                );
            }
            return selesai_manual(&k, &h, masked);
        }
        Perintah::Edit { pemilih, elemen, p } => {
            let h = manual::ubah(r, &pemilih, &elemen, &opsi_perubahan(p))?;
            return selesai_manual(&k, &h, false);
        }
        Perintah::Tms { pemilih, code, p } => {
            let h = manual::tms(r, &pemilih, code, &opsi_perubahan(p))?;
            return selesai_manual(&k, &h, false);
        }
        Perintah::Rebuild => {
            let h = register::bangun_ulang(r)?;
            k.cetak(&h, tampil::teks_bangun_ulang)?;
        }
        Perintah::Operator { aksi } => return crate::tindak::operator(&k, aksi),
        Perintah::Review(a) => return crate::tindak::review(&k, a),
        Perintah::Decide(a) => return crate::tindak::decide(&k, a),
        Perintah::Approve(a) => return crate::tindak::approve(&k, a),
        Perintah::Undo(a) => return crate::tindak::undo(&k, a),
        Perintah::Tanggapan { aksi } => return crate::tindak::tanggapan(&k, aksi),
        Perintah::Period { aksi } => return crate::tindak::periode(&k, aksi),
        Perintah::Infographic { period, as_of, out } => {
            let h = padan_app::rekapitulasi::infografis(
                r,
                &padan_app::rekapitulasi::Keadaan {
                    periode: period,
                    per_tanggal: as_of,
                },
                &out,
            )?;
            k.cetak(&h, |h, b| {
                format!(
                    "{} {}\n",
                    padan_app::teks::pilih(b, "Infografis ditulis:", "Infographic written:"),
                    h.berkas
                        .as_ref()
                        .map(|f| f.display().to_string())
                        .unwrap_or_default()
                )
            })?;
        }
        Perintah::Profile { period, as_of, out } => {
            let h = padan_app::rekapitulasi::profil(
                r,
                &padan_app::rekapitulasi::Keadaan {
                    periode: period,
                    per_tanggal: as_of,
                },
                &out,
            )?;
            k.cetak(&h, |h, b| {
                let mut s = format!("{}\n", h.keterangan.keadaan);
                for j in padan_app::padan_report::profil::Jenis::SEMUA {
                    let (arti, _) = j.arti();
                    s += &format!(
                        "  {:<62} {:>10}\n",
                        arti,
                        padan_app::teks::angka(h.profil.total.get(&j).copied().unwrap_or(0), b)
                    );
                }
                s += &format!(
                    "{} {}\n",
                    padan_app::teks::pilih(b, "Ditulis:", "Written:"),
                    h.berkas.display()
                );
                s
            })?;
        }
        Perintah::Lineage {
            period,
            as_of,
            region,
            column,
            limit,
        } => return crate::tindak::lineage(&k, period, as_of, region, column, limit),
        Perintah::Rekap {
            desa,
            period,
            as_of,
            level,
            out,
        } => return crate::tindak::rekap_dpb(&k, desa, period, as_of, level, out),
        Perintah::Rules => {
            let v = register::aturan();
            k.cetak(&v, |v, b| {
                v.iter()
                    .map(|a| format!("{:<24} {}\n", a.kode, padan_app::teks::pilih(b, a.id, a.en)))
                    .collect()
            })?;
        }
        Perintah::Synth {
            region,
            voters,
            seed,
            out,
            wilayah,
            defects,
            noise,
            household_scale,
            name_pool,
        } => {
            let o = register::OpsiSynth {
                wilayah: region,
                pemilih: voters,
                seed,
                keluar: out,
                daftar_wilayah: wilayah,
                cacat: defects,
                derau: noise,
                ukuran_kk: household_scale,
                kolam_nama: name_pool,
            };
            let h = register::synth(&o, &Terminal::baru())?;
            k.cetak(&h, |h, b| tampil::teks_synth(h, &o.keluar, b))?;
        }
        Perintah::Backup { out } => {
            let h = padan_app::cadangan::cadangkan(r, &out)?;
            k.cetak(&h, |h, b| {
                format!(
                    "{} {} · {} {} · {} {} {} · SHA-256 {}\n",
                    padan_app::teks::pilih(b, "cadangan", "backup"),
                    h.berkas,
                    padan_app::teks::pilih(b, "kantor", "office"),
                    h.kantor,
                    h.isi.len(),
                    padan_app::teks::pilih(b, "berkas,", "files,"),
                    format_args!(
                        "{} {}",
                        h.peristiwa,
                        padan_app::teks::pilih(b, "peristiwa", "events")
                    ),
                    h.sha256
                )
            })?;
        }
        Perintah::Restore { file } => {
            let h = padan_app::cadangan::pulihkan(&file, r)?;
            crate::keluaran::tandai_diubah();
            let utuh = h.verifikasi.laporan.utuh();
            k.cetak(&h, |h, b| {
                format!(
                    "{} {} ({} {}, {} {})\n{}",
                    padan_app::teks::pilih(b, "dipulihkan ke", "restored to"),
                    h.ruang,
                    padan_app::teks::pilih(b, "kantor", "office"),
                    h.kantor,
                    h.isi,
                    padan_app::teks::pilih(b, "berkas", "files"),
                    tampil::teks_verifikasi(&h.verifikasi, b)
                )
            })?;
            return Ok(if utuh { 0 } else { 1 });
        }
        Perintah::Serve(a) => return crate::serve::serve(&k, a),
        Perintah::Demo { voters, seed } => return crate::demo::demo(&k, voters, seed),
        Perintah::Match { against, r: a } => {
            let h = pemadanan::cocokkan(r, &against, &opsi_run(a), &Terminal::baru())?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, tampil::teks_run)?;
        }
        Perintah::Dedupe { r: a } => {
            let h = pemadanan::ganda(r, &opsi_run(a), &Terminal::baru())?;
            crate::keluaran::tandai_diubah();
            k.cetak(&h, tampil::teks_run)?;
        }
        Perintah::Findings {
            jenis,
            region,
            run,
            limit,
        } => {
            let h = temuan::daftar(
                r,
                padan_app::padan_store::pemadanan::SaringanTemuan {
                    run,
                    jenis: jenis.as_deref().map(temuan::urai_jenis).transpose()?,
                    wilayah: region,
                    batas: Some(limit),
                },
            )?;
            if k.json {
                cetak_json(&h.json(b))?;
            } else {
                crate::cetak!("{}", tampil::teks_daftar_temuan(&h, b));
            }
        }
        Perintah::Explain { finding } => {
            let h = temuan::jelaskan(r, &finding)?;
            if k.json {
                cetak_json(&h.json(b))?;
            } else {
                crate::cetak!("{}", tampil::teks_jelaskan(&h, b));
            }
        }
        Perintah::Link {
            left,
            right,
            out,
            map,
            id,
            compare,
            threshold,
            model,
            save_model,
            clusters,
            min_probability,
            partitions,
            partition_dir,
            truth,
        } => {
            let o = tautan::OpsiLink {
                kiri: left,
                kanan: right,
                keluar: out,
                map,
                id,
                banding: compare,
                ambang: threshold,
                model,
                simpan_model: save_model,
                klaster: clusters,
                min_peluang: min_probability,
                partisi: partitions,
                dir_partisi: partition_dir,
                kebenaran: truth,
            };
            let h = tautan::link(&o, b, &Terminal::baru())?;
            k.cetak(&h, |h, b| {
                tampil::teks_link(h, o.min_peluang, o.klaster.as_deref(), b)
            })?;
        }
    }
    Ok(0)
}
