//! Pemadanan on the workspace: `padan match --against BATCH` and `padan
//! dedupe`.
//!
//! A run reads the register (active voters) and, for `match`, the source
//! records of one batch (population extract, deaths, TNI/Polri); the engine
//! scores pairs; the pairs become typed findings, each with its evidence
//! (the comparison pattern, the weight, the blocking rule, the term
//! frequencies used), stored with the run's manifest and model in one
//! transaction. `explain` ([`crate::temuan`]) rebuilds the waterfall from
//! exactly those.

use crate::bukti::{BedaElemen, Bukti, Calon, Detail, Pasangan, Tepi, Tinjau};
use crate::galat::Galat;
use crate::kemajuan::Kemajuan;
use crate::pesan::Pesan;
use crate::ruang::Ruang;
use crate::tautan::jalankan_mesin;
use chrono::NaiveDate;
use padan_core::pemilih::{Elemen, Pemilih};
use padan_core::{JenisBatch, JenisTemuan};
use padan_core::{kelayakan, masker};
use padan_match::blok::{ATURAN_BAKU, RingkasanBlokBesar};
use padan_match::mesin::{self, Hasil, PasanganSkor, Setelan};
use padan_match::model::{self, Model};
use padan_match::rekaman::{Medan, Rekaman, isi_frekuensi};
use padan_store::pemadanan::{BatchSumber, RekamanSumber, RunBaru, TemuanBaru};
use padan_store::{Keadaan, Toko, tampil_id};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What each kind of finding means, for the operator.
pub fn arti_jenis(j: JenisTemuan) -> Pesan {
    match j {
        JenisTemuan::Padan => Pesan::ArtiPadan,
        JenisTemuan::Perbaikan => Pesan::ArtiPerbaikan,
        JenisTemuan::Pindah => Pesan::ArtiPindah,
        JenisTemuan::Meninggal => Pesan::ArtiMeninggal,
        JenisTemuan::TniPolri => Pesan::ArtiTniPolri,
        JenisTemuan::BawahUmur => Pesan::ArtiBawahUmur,
        JenisTemuan::BelumTerdaftar => Pesan::ArtiBelumTerdaftar,
        JenisTemuan::SudahTms => Pesan::ArtiSudahTms,
        JenisTemuan::TidakPadan => Pesan::ArtiTidakPadan,
        JenisTemuan::Ganda => Pesan::ArtiGanda,
    }
}

fn rekaman_pemilih(i: usize, p: &Pemilih) -> Rekaman {
    Rekaman::dari(
        i as u64,
        &Medan {
            nik: &p.nik,
            nkk: &p.nkk,
            nama: &p.nama,
            lahir: Some(p.tanggal_lahir),
            jk: p.jenis_kelamin.kode(),
            tempat: &p.tempat_lahir,
            desa: &p.kode_desa,
            rt: &p.rt,
            rw: &p.rw,
            alamat: &p.alamat,
        },
    )
}

fn rekaman_sumber(i: usize, r: &BTreeMap<String, String>) -> Rekaman {
    let g = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
    Rekaman::dari(
        i as u64,
        &Medan {
            nik: g("nik"),
            nkk: g("nkk"),
            nama: g("nama"),
            lahir: padan_core::tanggal::urai(g("tanggal_lahir")).ok(),
            jk: g("jenis_kelamin"),
            tempat: g("tempat_lahir"),
            desa: g("kode_desa"),
            rt: g("rt"),
            rw: g("rw"),
            alamat: g("alamat"),
        },
    )
}

/// Active voters, the projection's fingerprint, the log's last event, and
/// the voters off the list (TMS) by NIK.
type Register = (Vec<(i64, Pemilih)>, String, i64, HashMap<String, i64>);

/// The register's active voters, with the fingerprint of the projection
/// they came from (the same as `padan rebuild` prints) and the log's last
/// sequence number, all read in one snapshot: an import committing
/// meanwhile cannot make the manifest name a state the voters are not from.
fn baca_register(g: &dyn Toko) -> Result<Register, Galat> {
    let mut h = Sha256::new();
    let mut out = vec![];
    let mut tms = HashMap::new();
    let seq = g.jelajah_tetap(&mut |id, k: Keadaan| {
        h.update(id.to_le_bytes());
        let isi =
            serde_json::to_vec(&k).map_err(|e| padan_store::GalatStore::Data(id, e.to_string()))?;
        h.update(isi);
        if k.aktif {
            out.push((id, k.pemilih));
        } else if k.kode_tms.is_some() {
            tms.insert(k.pemilih.nik, id);
        }
        Ok(())
    })?;
    Ok((out, hex::encode(h.finalize()), seq, tms))
}

/// The evidence of one scored pair: enough to rebuild its waterfall from
/// the run's model exactly (the pattern, and the u each term-frequency
/// level used).
fn bukti_pasangan(m: &Model, p: &PasanganSkor, a: &Rekaman, b: &Rekaman) -> Pasangan {
    let rincian = m.rincian(a, b);
    let u_tf: Vec<Option<f64>> = rincian.iter().map(|r| r.tf.then_some(r.u)).collect();
    let (_, bobot) = m.skor(a, b);
    Pasangan {
        pola: padan_match::rekaman::Vektor::dari(a, b).pola(),
        bobot,
        peluang: model::peluang(bobot),
        aturan_blok: ATURAN_BAKU
            .get(usize::from(p.aturan))
            .map(|x| x.nama)
            .unwrap_or("")
            .into(),
        u_tf,
    }
}

fn baca_model(path: Option<&Path>) -> Result<Option<Model>, Galat> {
    let Some(p) = path else { return Ok(None) };
    let s = std::fs::read_to_string(p)?;
    Model::muat(&s).map(Some).map_err(|e| {
        Galat::baru(
            format!("model {} tidak terbaca: {e}", p.display()),
            format!("model {} unreadable: {e}", p.display()),
        )
    })
}

fn cek_ambang(a: f64) -> Result<(), Galat> {
    if !(0.0..=1.0).contains(&a) || a.is_nan() {
        return Err(mesin::GalatMesin::Ambang(a).into());
    }
    Ok(())
}

/// What a run found, for the operator.
#[derive(Debug, Clone, Serialize)]
pub struct RingkasanRun {
    pub run: i64,
    pub jenis: String,
    pub batch_lawan: Option<i64>,
    pub pemilih_aktif: usize,
    pub rekaman_lawan: usize,
    pub dibandingkan: u64,
    pub temuan: BTreeMap<String, u64>,
    pub ditinjau: u64,
    /// Pairs left out: judged "not the same person" by an earlier decision.
    pub ditolak_sebelumnya: u64,
    pub blok_besar: RingkasanBlokBesar,
    /// The pairs kept (p ≥ 0.01) by band of probability, with the matches
    /// each should hold: the sum of its probabilities. Also in the manifest.
    pub pita: Vec<crate::akurasi::Pita>,
    pub detik: f64,
}

#[derive(Debug, Clone)]
pub struct OpsiRun {
    pub ambang: f64,
    pub model: Option<PathBuf>,
    pub operator: String,
}

/// The source record as a voter record (the voter's own record with the
/// source's elements applied), to list which elements differ.
fn pemilih_dari_sumber(dasar: &Pemilih, r: &BTreeMap<String, String>) -> Pemilih {
    let mut p = dasar.clone();
    for (k, v) in r {
        if let Some(e) = Elemen::dari_nama(k)
            && Elemen::PEMILIH.contains(&e)
            && !matches!(e, Elemen::Tps | Elemen::Keterangan)
        {
            let _ = p.terapkan(e, v);
        }
    }
    p
}

/// `padan match --against BATCH`.
pub fn cocokkan(
    r: &Ruang,
    lawan: &str,
    o: &OpsiRun,
    k: &dyn Kemajuan,
) -> Result<RingkasanRun, Galat> {
    cek_ambang(o.ambang)?;
    let mut g = r.buka_tulis()?;
    jalankan_cocok(&mut *g, lawan, o, k)
}

/// A `match` run on an open workspace: stored, and summarised.
pub fn jalankan_cocok(
    g: &mut dyn Toko,
    lawan: &str,
    o: &OpsiRun,
    k: &dyn Kemajuan,
) -> Result<RingkasanRun, Galat> {
    let mulai = Instant::now();
    let dimulai = padan_store::waktu_sekarang();
    crate::izin::periksa(&*g, &o.operator, crate::izin::Aksi::Padan, &[])?;
    cek_ambang(o.ambang)?;
    let model_dimuat = baca_model(o.model.as_deref())?;
    let Some(batch) = g.cari_batch_sumber(lawan)? else {
        return Err(Galat::baru(
            format!(
                "batch '{lawan}' tidak ada atau bukan data sumber (dp4, meninggal, tni-polri); impor dulu dengan padan import --kind dp4|meninggal|tni-polri, lalu sebut nomor batch atau jenisnya"
            ),
            format!(
                "batch '{lawan}' does not exist or is not source data (dp4, meninggal, tni-polri); import it with padan import --kind dp4|meninggal|tni-polri, then give its number or kind"
            ),
        ));
    };
    let (register, sidik, seq_terakhir, tms) = baca_register(g)?;
    let sumber = g.rekaman_sumber(batch.id)?;
    if register.is_empty() {
        return Err(Galat::baru(
            "daftar pemilih kosong: impor DPT dulu (padan import --kind dpt)",
            "the register is empty: import a DPT first (padan import --kind dpt)",
        ));
    }
    if sumber.is_empty() {
        return Err(Galat::baru(
            format!(
                "batch {} ({}) tidak berisi rekaman yang diterima; tidak ada yang dipadankan",
                batch.id, batch.jenis
            ),
            format!(
                "batch {} ({}) holds no accepted records; nothing to match",
                batch.id, batch.jenis
            ),
        ));
    }
    let mut kiri: Vec<Rekaman> = register
        .par_iter()
        .enumerate()
        .map(|(i, (_, p))| rekaman_pemilih(i, p))
        .collect();
    let mut kanan: Vec<Rekaman> = sumber
        .par_iter()
        .enumerate()
        .map(|(i, r)| rekaman_sumber(i, &r.rekaman))
        .collect();
    isi_frekuensi(&mut [&mut kiri, &mut kanan]);
    let s = Setelan {
        ambang: o.ambang,
        ..Setelan::default()
    };
    let mut h = jalankan_mesin(&kiri, Some(&kanan), &s, model_dimuat, k)?;
    // Pairs an operator judged "not the same person" are never proposed
    // again: left out before the one-to-one assignment, so the source
    // record may still match its right voter.
    let ditolak = g.pasangan_ditolak()?;
    let ditolak_sebelumnya = if ditolak.is_empty() {
        0
    } else {
        let (ids, ditolak) = kunci_ditolak(ditolak);
        tinggalkan(&mut h, o.ambang, |p| {
            match (register.get(p.a as usize), sumber.get(p.b as usize)) {
                (Some((id, _)), Some(r)) if ids.contains(id) => {
                    ditolak.contains(&crate::tindak::kunci_pasangan_sumber(*id, &r.rekaman))
                }
                _ => false,
            }
        })
    };
    let satu = mesin::satu_satu(&h.pasangan, o.ambang);
    let acuan = padan_core::tanggal::urai(&batch.berlaku).unwrap_or_else(|_| g.hari_ini());
    let temuan = temuan_cocok(
        &batch, &register, &tms, &sumber, &kiri, &kanan, &h, &satu, acuan,
    )?;
    simpan_dan_ringkas(
        g,
        Selesai {
            jenis: "match",
            batch: Some(&batch),
            pemilih_aktif: register.len(),
            sidik: &sidik,
            seq_terakhir,
            rekaman_lawan: sumber.len(),
            setelan: &s,
            hasil: &h,
            opsi: o,
            dimulai,
            mulai,
            ditinjau: 0,
            ditolak_sebelumnya,
        },
        &temuan,
    )
}

#[allow(clippy::too_many_arguments)]
fn temuan_cocok(
    batch: &BatchSumber,
    register: &[(i64, Pemilih)],
    tms: &HashMap<String, i64>,
    sumber: &[RekamanSumber],
    kiri: &[Rekaman],
    kanan: &[Rekaman],
    h: &Hasil,
    satu: &[PasanganSkor],
    acuan: NaiveDate,
) -> Result<Vec<TemuanBaru>, Galat> {
    let mut out = vec![];
    let mut terpadan_kiri = std::collections::HashSet::new();
    let mut terpadan_kanan = std::collections::HashSet::new();
    for p in satu {
        let (a, b) = (p.a as usize, p.b as usize);
        let (Some((id, pem)), Some(src), Some(ra), Some(rb)) =
            (register.get(a), sumber.get(b), kiri.get(a), kanan.get(b))
        else {
            continue;
        };
        terpadan_kiri.insert(a);
        terpadan_kanan.insert(b);
        let mut bukti = Bukti::dari_pasangan(bukti_pasangan(&h.model, p, ra, rb));
        let nilai = |k: &str| src.rekaman.get(k).cloned();
        let (jenis, detail) = match batch.jenis {
            JenisBatch::Meninggal => (
                JenisTemuan::Meninggal,
                Detail {
                    tanggal_meninggal: Some(nilai("tanggal_meninggal").unwrap_or_default()),
                    no_akta: Some(nilai("no_akta").unwrap_or_default()),
                    ..Default::default()
                },
            ),
            JenisBatch::TniPolri => (
                JenisTemuan::TniPolri,
                Detail {
                    instansi: Some(nilai("instansi").unwrap_or_default()),
                    ..Default::default()
                },
            ),
            _ => {
                let lain = pemilih_dari_sumber(pem, &src.rekaman);
                let beda: Vec<(Elemen, String, String)> = pem
                    .beda(&lain)
                    .into_iter()
                    .filter(|(e, _, _)| !matches!(e, Elemen::Tps))
                    .collect();
                if !kelayakan::layak(lain.tanggal_lahir, lain.status_kawin, false, acuan) {
                    (
                        JenisTemuan::BawahUmur,
                        Detail {
                            tanggal_acuan: Some(acuan.to_string()),
                            lahir_samar: Some(masker::tanggal(lain.tanggal_lahir)),
                            status_kawin: Some(lain.status_kawin.kode().into()),
                            ..Default::default()
                        },
                    )
                } else if lain.kode_desa != pem.kode_desa {
                    (
                        JenisTemuan::Pindah,
                        Detail {
                            desa_daftar: Some(pem.kode_desa.clone()),
                            desa_penduduk: Some(lain.kode_desa.clone()),
                            ..Default::default()
                        },
                    )
                } else if !beda.is_empty() {
                    let elemen = beda
                        .iter()
                        .map(|(e, a, b)| BedaElemen {
                            elemen: e.nama().into(),
                            daftar: masker::nilai(*e, a),
                            penduduk: masker::nilai(*e, b),
                        })
                        .collect();
                    (
                        JenisTemuan::Perbaikan,
                        Detail {
                            elemen,
                            ..Default::default()
                        },
                    )
                } else {
                    (JenisTemuan::Padan, Detail::default())
                }
            }
        };
        bukti.detail = Some(detail);
        bukti.baris_sumber = src.baris;
        out.push(TemuanBaru {
            jenis,
            pemilih: Some(*id),
            sumber_seq: Some(src.seq),
            kode_desa: pem.kode_desa.clone(),
            peluang: Some(p.peluang()),
            ringkas: String::new(),
            bukti: bukti.json()?,
        });
    }
    if batch.jenis == JenisBatch::Dp4 {
        // The strongest candidate of an unmatched voter, if any, as evidence
        // of why it is not a match.
        let mut terbaik: HashMap<u32, &PasanganSkor> = HashMap::new();
        for p in &h.pasangan {
            let e = terbaik.entry(p.a).or_insert(p);
            if p.bobot > e.bobot {
                *e = p;
            }
        }
        for (a, (id, pem)) in register.iter().enumerate() {
            if terpadan_kiri.contains(&a) {
                continue;
            }
            let bukti = Bukti {
                calon_terkuat: terbaik.get(&(a as u32)).map(|p| Calon {
                    rekaman_sumber_seq: sumber.get(p.b as usize).map(|s| s.seq),
                    peluang: p.peluang(),
                }),
                batch_sumber: Some(batch.id),
                ..Bukti::baru()
            };
            out.push(TemuanBaru {
                jenis: JenisTemuan::TidakPadan,
                pemilih: Some(*id),
                sumber_seq: None,
                kode_desa: pem.kode_desa.clone(),
                peluang: None,
                ringkas: String::new(),
                bukti: bukti.json()?,
            });
        }
        // A voter's record as the base the source's elements are laid on
        // (the register is not empty: checked before the run).
        let Some((_, dasar)) = register.first() else {
            return Ok(out);
        };
        for (b, src) in sumber.iter().enumerate() {
            if terpadan_kanan.contains(&b) {
                continue;
            }
            let p = pemilih_dari_sumber(dasar, &src.rekaman);
            if !kelayakan::layak(p.tanggal_lahir, p.status_kawin, false, acuan) {
                continue;
            }
            let nik = src.rekaman.get("nik").map(String::as_str).unwrap_or("");
            let bukti = Bukti {
                baris_sumber: src.baris,
                tanggal_acuan: Some(acuan.to_string()),
                nik_samar: Some(masker::nik(nik)),
                nama: Some(src.rekaman.get("nama").cloned().unwrap_or_default()),
                ..Bukti::baru()
            };
            // A resident already TMS (a death recurs in later extracts
            // until Dukcapil has the certificate) is not a new voter.
            let sudah_tms = tms.get(&padan_core::nik::bersihkan(nik)).copied();
            out.push(TemuanBaru {
                jenis: if sudah_tms.is_some() {
                    JenisTemuan::SudahTms
                } else {
                    JenisTemuan::BelumTerdaftar
                },
                pemilih: sudah_tms,
                sumber_seq: Some(src.seq),
                kode_desa: src.rekaman.get("kode_desa").cloned().unwrap_or_default(),
                peluang: None,
                ringkas: String::new(),
                bukti: bukti.json()?,
            });
        }
    }
    Ok(out)
}

/// `padan dedupe`.
pub fn ganda(r: &Ruang, o: &OpsiRun, k: &dyn Kemajuan) -> Result<RingkasanRun, Galat> {
    cek_ambang(o.ambang)?;
    let mut g = r.buka_tulis()?;
    jalankan_ganda(&mut *g, o, k)
}

/// A `dedupe` run on an open workspace: stored, and summarised.
pub fn jalankan_ganda(
    g: &mut dyn Toko,
    o: &OpsiRun,
    k: &dyn Kemajuan,
) -> Result<RingkasanRun, Galat> {
    let mulai = Instant::now();
    let dimulai = padan_store::waktu_sekarang();
    crate::izin::periksa(&*g, &o.operator, crate::izin::Aksi::Padan, &[])?;
    cek_ambang(o.ambang)?;
    let model_dimuat = baca_model(o.model.as_deref())?;
    let (register, sidik, seq_terakhir, _) = baca_register(g)?;
    if register.len() < 2 {
        return Err(Galat::baru(
            "daftar pemilih berisi kurang dari dua pemilih aktif: tidak ada yang dapat ganda",
            "the register holds fewer than two active voters: nothing can be a duplicate",
        ));
    }
    let mut rs: Vec<Rekaman> = register
        .par_iter()
        .enumerate()
        .map(|(i, (_, p))| rekaman_pemilih(i, p))
        .collect();
    isi_frekuensi(&mut [&mut rs]);
    let s = Setelan {
        ambang: o.ambang,
        ..Setelan::default()
    };
    let mut h = jalankan_mesin(&rs, None, &s, model_dimuat, k)?;
    let ditolak = g.pasangan_ditolak()?;
    let ditolak_sebelumnya = if ditolak.is_empty() {
        0
    } else {
        let (ids, ditolak) = kunci_ditolak(ditolak);
        tinggalkan(&mut h, o.ambang, |p| {
            match (register.get(p.a as usize), register.get(p.b as usize)) {
                (Some((a, _)), Some((b, _))) if ids.contains(a.min(b)) => {
                    ditolak.contains(&crate::tindak::kunci_pasangan_ganda(*a, *b))
                }
                _ => false,
            }
        })
    };
    let ks = mesin::klaster_hasil(&h, &rs, None, o.ambang);
    let mut temuan = vec![];
    let mut ditinjau = 0u64;
    // The engine's record numbers are indices into the register it was given.
    let pemilih_ke = |i: u32| register.get(i as usize);
    let id_node = |i: u32| {
        pemilih_ke(i)
            .map(|(id, _)| tampil_id(*id))
            .unwrap_or_default()
    };
    for kl in &ks {
        let Some((_, pertama)) = kl.anggota.first().and_then(|&i| pemilih_ke(i)) else {
            continue;
        };
        let anggota: Vec<i64> = kl
            .anggota
            .iter()
            .filter_map(|&i| pemilih_ke(i).map(|(id, _)| *id))
            .collect();
        let tepi: Vec<Tepi> = h
            .pasangan
            .iter()
            .filter(|p| {
                p.peluang() >= o.ambang
                    && kl.anggota.binary_search(&p.a).is_ok()
                    && kl.anggota.binary_search(&p.b).is_ok()
            })
            .filter_map(|p| {
                Some(Tepi {
                    a: id_node(p.a),
                    b: id_node(p.b),
                    pasangan: bukti_pasangan(
                        &h.model,
                        p,
                        rs.get(p.a as usize)?,
                        rs.get(p.b as usize)?,
                    ),
                })
            })
            .collect();
        let terlemah = tepi.iter().map(|t| t.pasangan.peluang).fold(1.0, f64::min);
        let tinjau = kl.tinjau.as_ref().map(|t| Tinjau::dari(t, id_node));
        ditinjau += u64::from(tinjau.is_some());
        let bukti = Bukti {
            nik_samar: Some(masker::nik(&pertama.nik)),
            anggota: anggota.iter().map(|i| tampil_id(*i)).collect(),
            tepi,
            tinjau,
            ..Bukti::baru()
        };
        temuan.push(TemuanBaru {
            jenis: JenisTemuan::Ganda,
            pemilih: anggota.first().copied(),
            sumber_seq: None,
            kode_desa: pertama.kode_desa.clone(),
            peluang: Some(terlemah),
            ringkas: String::new(),
            bukti: bukti.json()?,
        });
    }
    simpan_dan_ringkas(
        g,
        Selesai {
            jenis: "dedupe",
            batch: None,
            pemilih_aktif: register.len(),
            sidik: &sidik,
            seq_terakhir,
            rekaman_lawan: 0,
            setelan: &s,
            hasil: &h,
            opsi: o,
            dimulai,
            mulai,
            ditinjau,
            ditolak_sebelumnya,
        },
        &temuan,
    )
}

/// The remembered pairs, and the voters they start with (`m:ID:…`,
/// `g:ID:…`): a run's millions of pairs are checked against the voters
/// first, and only theirs build a key.
fn kunci_ditolak(
    ditolak: Vec<String>,
) -> (
    std::collections::HashSet<i64>,
    std::collections::HashSet<String>,
) {
    let ids = ditolak
        .iter()
        .filter_map(|k| k.split(':').nth(1)?.parse().ok())
        .collect();
    (ids, ditolak.into_iter().collect())
}

/// Leaves out the pairs `ditolak` names; how many of them the run would
/// have proposed (at or above the threshold).
fn tinggalkan(h: &mut Hasil, ambang: f64, ditolak: impl Fn(&PasanganSkor) -> bool) -> u64 {
    let mut n = 0;
    h.pasangan.retain(|p| {
        let buang = ditolak(p);
        n += u64::from(buang && p.peluang() >= ambang);
        !buang
    });
    n
}

/// What a finished run of either kind stores and reports.
struct Selesai<'a> {
    jenis: &'static str,
    batch: Option<&'a BatchSumber>,
    pemilih_aktif: usize,
    /// The register projection's fingerprint.
    sidik: &'a str,
    /// The log's last event when the register was read.
    seq_terakhir: i64,
    rekaman_lawan: usize,
    setelan: &'a Setelan,
    hasil: &'a Hasil,
    opsi: &'a OpsiRun,
    dimulai: String,
    mulai: Instant,
    ditinjau: u64,
    /// Pairs left out because an operator judged them not the same person.
    ditolak_sebelumnya: u64,
}

/// Stores a run with its manifest, model and findings (one transaction),
/// and sums it up.
fn simpan_dan_ringkas(
    g: &mut dyn Toko,
    x: Selesai,
    temuan: &[TemuanBaru],
) -> Result<RingkasanRun, Galat> {
    let h = x.hasil;
    let model_json = h.model.json().map_err(|e| Galat::baru(e.clone(), e))?;
    let pita = crate::akurasi::pita(&h.pasangan, x.batch.is_none(), None);
    let manifest = json!({
        "jenis": x.jenis,
        "padan_versi": env!("CARGO_PKG_VERSION"),
        "kode_git": env!("PADAN_GIT"),
        "batch_lawan": x.batch,
        "rekaman_lawan": x.rekaman_lawan,
        "register": {
            "pemilih_aktif": x.pemilih_aktif,
            "sidik_proyeksi": x.sidik,
            "seq_terakhir": x.seq_terakhir,
        },
        "setelan": x.setelan,
        "aturan_blok": ATURAN_BAKU.iter().map(|a| a.nama).collect::<Vec<_>>(),
        "statistik_blok": h.blok,
        "blok_besar": RingkasanBlokBesar::dari(&h.blok_besar),
        "dibandingkan": h.dibandingkan,
        "pita": &pita,
        "ditolak_sebelumnya": x.ditolak_sebelumnya,
        "model_sha256": hex::encode(Sha256::digest(model_json.as_bytes())),
        "model_dimuat": x.opsi.model.as_ref().map(|p| p.display().to_string()),
    });
    let run = g.simpan_run(
        &RunBaru {
            jenis: x.jenis.into(),
            batch_lawan: x.batch.map(|b| b.id),
            dimulai: x.dimulai,
            operator: x.opsi.operator.clone(),
            manifest,
            model: model_json,
        },
        temuan,
    )?;
    let mut per: BTreeMap<String, u64> = BTreeMap::new();
    for t in temuan {
        *per.entry(t.jenis.nama().to_owned()).or_insert(0) += 1;
    }
    Ok(RingkasanRun {
        run,
        jenis: x.jenis.into(),
        batch_lawan: x.batch.map(|b| b.id),
        pemilih_aktif: x.pemilih_aktif,
        rekaman_lawan: x.rekaman_lawan,
        dibandingkan: h.dibandingkan,
        temuan: per,
        ditinjau: x.ditinjau,
        ditolak_sebelumnya: x.ditolak_sebelumnya,
        blok_besar: RingkasanBlokBesar::dari(&h.blok_besar),
        pita,
        detik: x.mulai.elapsed().as_secs_f64(),
    })
}
