//! The follow-up of the matching (tindak lanjut): the review queue, one
//! decision or many, four eyes on every removal, and undo.
//!
//! A decision is an event that cites the finding, its run, the model's
//! SHA-256 and the evidence's SHA-256. What it changes is written as
//! ordinary events just before it in the same batch (a TMS with its code,
//! corrected elements, a new voter, a merge), each with the event that
//! takes it back, so `padan undo` applies a compensating event and never
//! rewrites one.
//!
//! What each kind of finding means when accepted, and whether it may be
//! decided in bulk, is [`aturan_jenis`]: the one table of these rules.

use crate::bukti::Bukti;
use crate::galat::Galat;
use crate::izin::{self, Aksi};
use crate::manual::{dokumen_dasar, periksa_mentah, urai_elemen};
use crate::ruang::Ruang;
use crate::tanggal::tanggal_berlaku;
use padan_core::pemilih::{Elemen, Mentah};
use padan_core::{JenisBatch, JenisTanggapan, JenisTemuan, KodeTms, Pemilih, Putusan, StatusKasus};
use padan_store::pemadanan::{Temuan, tampil_temuan, urai_temuan};
use padan_store::tindak::{
    BacaTindak, BarisAntrian, InfoTanggapan, IsiKeputusan, Kasus, Keputusan, Nomoran, Rencana,
    SaringanKasus, Terapan, kunci_tanggapan, tampil_keputusan, urai_keputusan, urai_tanggapan,
};
use padan_store::{InfoBatch, Perubahan, RingkasanBatch, Toko, TulisBatch, tampil_id};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// What accepting a finding of a kind means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AturanJenis {
    /// Accepting removes voters (TMS or merge): only a verifikator's
    /// approval puts it into effect.
    pub pencoretan: bool,
    /// May be decided in bulk (`decide --run --type --apply`). Refused for
    /// kinds whose evidence needs the field (coklit terbatas) by rule.
    pub massal: bool,
    /// Accepting needs a field check first (status `field-check`).
    pub perlu_cek_lapangan: bool,
    /// Nothing to decide (matched and equal; already TMS).
    pub informasi: bool,
}

/// The rules per kind of finding, documented in docs/tindak-lanjut.md:
/// - `meninggal` → TMS 1; `tni-polri` → TMS 6 or 7: removals, from an
///   official list (a death record, the TNI/Polri list), so bulk is allowed;
/// - `ganda` → the lowest voter ID survives, the others are merged into
///   it: a removal; not in bulk (which record survives, and whether a
///   cluster is one person, is looked at);
/// - `bawah-umur` → TMS 3 and `pindah` → TMS 4: removals, not in bulk (a
///   marriage proved by the KK, a move, are checked in the field);
/// - `tidak-padan` → a TMS code given after a field check (`--code`);
/// - `perbaikan` → the population data's elements; `belum-terdaftar` → a
///   new voter: in effect at the decision, bulk allowed;
/// - `padan`, `sudah-tms`: nothing to decide.
pub fn aturan_jenis(j: JenisTemuan) -> AturanJenis {
    let a = |pencoretan, massal, perlu_cek_lapangan| AturanJenis {
        pencoretan,
        massal,
        perlu_cek_lapangan,
        informasi: false,
    };
    match j {
        JenisTemuan::Meninggal | JenisTemuan::TniPolri => a(true, true, false),
        JenisTemuan::Ganda | JenisTemuan::BawahUmur | JenisTemuan::Pindah => a(true, false, false),
        JenisTemuan::TidakPadan => a(true, false, true),
        JenisTemuan::Perbaikan | JenisTemuan::BelumTerdaftar => a(false, true, false),
        JenisTemuan::Padan | JenisTemuan::SudahTms => AturanJenis {
            informasi: true,
            ..a(false, false, false)
        },
    }
}

/// Kinds whose rejection says "not the same person" by itself: the pair
/// is remembered and never proposed again.
fn tolak_berarti_beda_orang(j: JenisTemuan) -> bool {
    matches!(
        j,
        JenisTemuan::Ganda | JenisTemuan::Meninggal | JenisTemuan::TniPolri
    )
}

/// How a decision is asked for.
#[derive(Debug, Clone)]
pub struct OpsiPutus {
    pub putusan: Putusan,
    pub alasan: String,
    /// A file (stored and hashed) or a document's number or name.
    pub dokumen: String,
    pub operator: String,
    pub berlaku: Option<String>,
    /// A rejection says the pair is not the same person (implied for
    /// ganda, meninggal and tni-polri).
    pub bukan_orang_sama: bool,
    /// A TMS code: for `tidak-padan` after the field check, and reports of
    /// kind `tidak-memenuhi-syarat`.
    pub kode: Option<u8>,
    /// `ELEMENT=VALUE` for reports (a correction, a new voter's record),
    /// or to complete a new voter (its TPS).
    pub elemen: Vec<String>,
}

/// A decision recorded.
#[derive(Debug, Clone, Serialize)]
pub struct HasilPutus {
    pub keputusan: String,
    pub kasus: String,
    pub putusan: Putusan,
    pub status: StatusKasus,
    /// A removal that waits for a verifikator's approval.
    pub menunggu_persetujuan: bool,
    /// The changes made now.
    pub diterapkan: Vec<Terapan>,
    pub peristiwa: i64,
}

/// What a decision will write: checked and planned before the write lock,
/// checked again under it.
#[derive(Debug, Clone)]
struct Rancangan {
    kasus: String,
    jenis: String,
    pemilih: Vec<i64>,
    run: Option<i64>,
    model_sha256: Option<String>,
    bukti_sha256: String,
    putusan: Putusan,
    perlu_persetujuan: bool,
    /// Removals, made at the approval.
    rencana: Vec<Rencana>,
    /// Changes made at the decision.
    segera: Vec<Segera>,
    pasangan_ditolak: Vec<String>,
    /// The voters must not have changed after this event (the run's last).
    seq_acuan: i64,
    /// The case as it stood when planned.
    kasus_sebelum: Kasus,
}

/// A change made at the decision. A few per decision: size does not matter.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
enum Segera {
    Ubah {
        id: i64,
        perubahan: Perubahan,
    },
    Daftar {
        pemilih: Box<Pemilih>,
        peringatan: Vec<String>,
    },
    Tms {
        id: i64,
        kode: KodeTms,
    },
}

/// A run as decisions cite it.
#[derive(Debug, Clone)]
struct InfoRun {
    id: i64,
    seq_acuan: i64,
    model_sha256: Option<String>,
    pengganti: Option<i64>,
}

fn info_run(g: &dyn Toko, id: i64) -> Result<InfoRun, Galat> {
    let Some(run) = g.run(Some(id))? else {
        return Err(Galat::baru(
            format!("run {id} tidak ada"),
            format!("run {id} does not exist"),
        ));
    };
    Ok(InfoRun {
        id,
        seq_acuan: run
            .manifest
            .pointer("/register/seq_terakhir")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(0),
        model_sha256: run
            .manifest
            .get("model_sha256")
            .and_then(|x| x.as_str())
            .map(str::to_owned),
        pengganti: g.run_pengganti(id)?,
    })
}

fn sha256(s: &[u8]) -> String {
    hex::encode(Sha256::digest(s))
}

/// The voters a finding is about: a duplicate's members, or its one voter.
pub fn pemilih_temuan(tm: &Temuan, bukti: &Bukti) -> Vec<i64> {
    if tm.isi.jenis == JenisTemuan::Ganda {
        bukti
            .anggota
            .iter()
            .filter_map(|x| padan_store::urai_id(x))
            .collect()
    } else {
        tm.isi.pemilih.into_iter().collect()
    }
}

/// Refuses a case that may not take this decision now.
fn cek_status(k: &Kasus, putusan: Putusan, g: &dyn BacaTindak) -> Result<(), Galat> {
    match k.status {
        StatusKasus::Diputus | StatusKasus::Disetujui => {
            let siapa = match k.keputusan.map(|n| g.keputusan(n)).transpose()?.flatten() {
                Some(x) => format!(
                    "{} ({}, {})",
                    tampil_keputusan(x.isi.nomor),
                    x.operator,
                    x.isi.putusan
                ),
                None => "-".into(),
            };
            Err(Galat::baru(
                format!(
                    "{} sudah diputus: {siapa}; keputusan tidak diambil dua kali (batalkan dulu dengan padan undo bila keliru)",
                    k.kunci
                ),
                format!(
                    "{} is already decided: {siapa}; a case is not decided twice (undo it first with padan undo if it was wrong)",
                    k.kunci
                ),
            ))
        }
        StatusKasus::CekLapangan if putusan == Putusan::CekLapangan => Err(Galat::baru(
            format!(
                "{} sudah menunggu cek lapangan; putuskan dengan --accept atau --reject setelah hasilnya ada",
                k.kunci
            ),
            format!(
                "{} already waits for a field check; decide it with --accept or --reject once it is done",
                k.kunci
            ),
        )),
        _ => Ok(()),
    }
}

/// Refuses a decision on voters that changed after `seq_acuan`, naming
/// the change.
fn cek_basi(g: &dyn Toko, ids: &[i64], seq_acuan: i64, kasus: &str) -> Result<(), Galat> {
    for id in ids {
        let Some(k) = g.keadaan(*id)? else {
            return Err(Galat::baru(
                format!("pemilih {} tidak ada", tampil_id(*id)),
                format!("voter {} does not exist", tampil_id(*id)),
            ));
        };
        if k.seq_terakhir > seq_acuan {
            let e = g
                .riwayat(*id)?
                .into_iter()
                .find(|e| e.seq > seq_acuan && e.seq <= k.seq_terakhir && e.jenis != "keputusan");
            let apa = e
                .map(|e| {
                    format!(
                        "#{} {} berlaku {} dicatat {} oleh {} (batch {})",
                        e.seq, e.jenis, e.berlaku, e.dicatat, e.operator, e.batch
                    )
                })
                .unwrap_or_else(|| format!("#{}", k.seq_terakhir));
            return Err(Galat::baru(
                format!(
                    "keputusan atas {kasus} basi: pemilih {} berubah setelah temuan dibuat (peristiwa {apa}); jalankan pemadanan lagi dan putuskan temuan yang baru",
                    tampil_id(*id)
                ),
                format!(
                    "the decision on {kasus} is stale: voter {} changed after the finding was made (event {apa}); run the matching again and decide the new finding",
                    tampil_id(*id)
                ),
            ));
        }
    }
    Ok(())
}

/// The key of a (voter, source record) pair that a rejection remembers:
/// the voter and the source's NIK (or, without one, name and birth date),
/// so the same person in a later extract is recognised.
pub fn kunci_pasangan_sumber(id: i64, rekaman: &BTreeMap<String, String>) -> String {
    let g = |k: &str| rekaman.get(k).map(String::as_str).unwrap_or("");
    let nik = padan_core::nik::bersihkan(g("nik"));
    if nik.is_empty() {
        format!(
            "m:{id}:~{}|{}",
            g("nama").trim().to_uppercase(),
            g("tanggal_lahir")
        )
    } else {
        format!("m:{id}:{nik}")
    }
}

/// The key of a pair of voters (a duplicate) that a rejection remembers.
pub fn kunci_pasangan_ganda(a: i64, b: i64) -> String {
    format!("g:{}:{}", a.min(b), a.max(b))
}

fn kode_tms(kode: Option<u8>, wajib: &str) -> Result<KodeTms, Galat> {
    let Some(c) = kode else {
        return Err(Galat::baru(
            format!("{wajib}: sebutkan --code 1–8 (kode TMS)"),
            format!("{wajib}: give --code 1–8 (the TMS code)"),
        )
        .misuse());
    };
    KodeTms::try_from(c).map_err(|_| {
        Galat::baru(
            format!("kode TMS {c} tidak dikenal; pakai 1–8"),
            format!("unknown TMS code {c}; use 1–8"),
        )
    })
}

fn tanpa_elemen(o: &OpsiPutus, untuk: &str) -> Result<(), Galat> {
    if o.elemen.is_empty() {
        Ok(())
    } else {
        Err(Galat::baru(
            format!("ELEMEN=NILAI tidak dipakai untuk {untuk}"),
            format!("ELEMENT=VALUE is not used for {untuk}"),
        )
        .misuse())
    }
}

/// Plans the decision on a finding.
fn rancang_temuan(
    g: &dyn Toko,
    tm: &Temuan,
    kasus: Kasus,
    run: &InfoRun,
    o: &OpsiPutus,
    berlaku: chrono::NaiveDate,
) -> Result<Rancangan, Galat> {
    let kunci = tampil_temuan(tm.id);
    let jenis = tm.isi.jenis;
    let aturan = aturan_jenis(jenis);
    if aturan.informasi {
        return Err(Galat::baru(
            format!(
                "{kunci} berjenis {jenis}: tidak ada yang perlu diputus ({})",
                crate::teks::t(padan_core::Bahasa::Id, crate::pemadanan::arti_jenis(jenis))
            ),
            format!(
                "{kunci} is of kind {jenis}: there is nothing to decide ({})",
                crate::teks::t(padan_core::Bahasa::En, crate::pemadanan::arti_jenis(jenis))
            ),
        ));
    }
    if let Some(baru) = run.pengganti {
        return Err(Galat::baru(
            format!(
                "{kunci} berasal dari run {}, yang sudah digantikan run {baru}; putuskan temuan run {baru} (padan review --run {baru})",
                run.id
            ),
            format!(
                "{kunci} comes from run {}, superseded by run {baru}; decide the findings of run {baru} (padan review --run {baru})",
                run.id
            ),
        ));
    }
    cek_status(&kasus, o.putusan, g)?;
    let bukti = Bukti::dari(tm)?;
    let pemilih = pemilih_temuan(tm, &bukti);
    if pemilih.is_empty() && jenis != JenisTemuan::BelumTerdaftar {
        return Err(Galat::baru(
            format!("{kunci} tidak menyebut pemilih"),
            format!("{kunci} names no voter"),
        ));
    }
    cek_basi(g, &pemilih, run.seq_acuan, &kunci)?;
    let sumber = match tm.isi.sumber_seq {
        Some(s) => g.satu_rekaman_sumber(s)?,
        None => None,
    };
    let mut r = Rancangan {
        kasus: kunci.clone(),
        jenis: jenis.nama().into(),
        pemilih: pemilih.clone(),
        run: Some(run.id),
        model_sha256: run.model_sha256.clone(),
        bukti_sha256: sha256(tm.isi.bukti.as_bytes()),
        putusan: o.putusan,
        perlu_persetujuan: false,
        rencana: vec![],
        segera: vec![],
        pasangan_ditolak: vec![],
        seq_acuan: run.seq_acuan,
        kasus_sebelum: kasus,
    };
    match o.putusan {
        Putusan::CekLapangan => tanpa_elemen(o, "cek lapangan")?,
        Putusan::Tolak => {
            tanpa_elemen(o, "penolakan")?;
            if tolak_berarti_beda_orang(jenis) || o.bukan_orang_sama {
                if jenis == JenisTemuan::Ganda {
                    for (i, a) in pemilih.iter().enumerate() {
                        for b in pemilih.iter().skip(i + 1) {
                            r.pasangan_ditolak.push(kunci_pasangan_ganda(*a, *b));
                        }
                    }
                } else if let (Some(id), Some(s)) = (pemilih.first(), &sumber) {
                    r.pasangan_ditolak
                        .push(kunci_pasangan_sumber(*id, &s.rekaman));
                }
            }
        }
        Putusan::Terima => {
            let satu = pemilih.first().copied().unwrap_or(0);
            let tms = |kode| Rencana::Tms {
                pemilih: satu,
                kode,
            };
            match jenis {
                JenisTemuan::Meninggal => r.rencana.push(tms(KodeTms::Meninggal)),
                JenisTemuan::TniPolri => {
                    let instansi = bukti
                        .detail
                        .as_ref()
                        .and_then(|d| d.instansi.clone())
                        .unwrap_or_default()
                        .to_uppercase();
                    r.rencana.push(tms(if instansi.contains("POLRI") {
                        KodeTms::Polri
                    } else {
                        KodeTms::Tni
                    }));
                }
                JenisTemuan::BawahUmur => r.rencana.push(tms(KodeTms::BawahUmur)),
                JenisTemuan::Pindah => r.rencana.push(tms(KodeTms::PindahDomisili)),
                JenisTemuan::Ganda => {
                    // The earliest registration survives.
                    let ke = pemilih.iter().copied().min().unwrap_or(satu);
                    for d in pemilih.iter().filter(|d| **d != ke) {
                        r.rencana.push(Rencana::Gabung { dari: *d, ke });
                    }
                }
                JenisTemuan::TidakPadan => {
                    if r.kasus_sebelum.status != StatusKasus::CekLapangan {
                        return Err(Galat::baru(
                            format!(
                                "{kunci} (tidak-padan) diterima hanya setelah cek lapangan: putuskan dulu --field-check, lalu --accept --code N dengan hasilnya"
                            ),
                            format!(
                                "{kunci} (tidak-padan) is accepted only after a field check: decide --field-check first, then --accept --code N with its result"
                            ),
                        ));
                    }
                    let kode = kode_tms(o.kode, "tidak-padan")?;
                    if kode.mencoret() {
                        r.rencana.push(tms(kode));
                    } else {
                        r.segera.push(Segera::Tms { id: satu, kode });
                    }
                }
                JenisTemuan::Perbaikan => {
                    let (Some(s), Some(k)) = (&sumber, g.keadaan(satu)?) else {
                        return Err(Galat::baru(
                            format!("rekaman sumber {kunci} tidak ada"),
                            format!("the source record of {kunci} is missing"),
                        ));
                    };
                    let mut m = k.pemilih.mentah();
                    for (nama, v) in &s.rekaman {
                        if let Some(e) = Elemen::dari_nama(nama)
                            && Elemen::PEMILIH.contains(&e)
                            && !matches!(e, Elemen::Tps | Elemen::Keterangan | Elemen::KodeDesa)
                        {
                            m.set(e, v);
                        }
                    }
                    urai_elemen(&o.elemen, &mut m)?;
                    r.segera
                        .push(ubah_dari(g, satu, &k.pemilih, &m, berlaku, &kunci)?);
                }
                JenisTemuan::BelumTerdaftar => {
                    let Some(s) = &sumber else {
                        return Err(Galat::baru(
                            format!("rekaman sumber {kunci} tidak ada"),
                            format!("the source record of {kunci} is missing"),
                        ));
                    };
                    let mut m = Mentah::default();
                    for (nama, v) in &s.rekaman {
                        if let Some(e) = Elemen::dari_nama(nama)
                            && Elemen::PEMILIH.contains(&e)
                        {
                            m.set(e, v);
                        }
                    }
                    m.set(Elemen::Keterangan, "B");
                    urai_elemen(&o.elemen, &mut m)?;
                    r.segera.push(daftar_dari(g, &m, berlaku)?);
                }
                JenisTemuan::Padan | JenisTemuan::SudahTms => {}
            }
            r.perlu_persetujuan = !r.rencana.is_empty();
        }
    }
    Ok(r)
}

fn ubah_dari(
    g: &dyn Toko,
    id: i64,
    lama: &Pemilih,
    m: &Mentah,
    berlaku: chrono::NaiveDate,
    kasus: &str,
) -> Result<Segera, Galat> {
    let (baru, w) = periksa_mentah(g, &g.wilayah()?, berlaku, m)?;
    let beda = lama.beda(&baru);
    if beda.is_empty() {
        return Err(Galat::baru(
            format!(
                "{kasus}: tidak ada elemen yang berubah; tolak temuan ini bila data daftar sudah benar"
            ),
            format!("{kasus}: no element changes; reject the finding if the register is right"),
        ));
    }
    Ok(Segera::Ubah {
        id,
        perubahan: crate::impor::perubahan_ubah(beda, w),
    })
}

fn daftar_dari(g: &dyn Toko, m: &Mentah, berlaku: chrono::NaiveDate) -> Result<Segera, Galat> {
    let (p, w) = periksa_mentah(g, &g.wilayah()?, berlaku, m)?;
    let ada: Vec<i64> = g
        .cari(&p.nik)?
        .into_iter()
        .filter(|id| g.keadaan(*id).ok().flatten().is_some_and(|k| k.aktif))
        .collect();
    if !ada.is_empty() {
        return Err(padan_store::GalatStore::NikTerdaftar {
            nik: padan_core::masker::nik(&p.nik),
            ids: padan_store::tampil_ids(&ada),
        }
        .into());
    }
    Ok(Segera::Daftar {
        pemilih: Box::new(p),
        peringatan: w,
    })
}

/// Plans the decision on a public report.
fn rancang_tanggapan(
    g: &dyn Toko,
    t: &InfoTanggapan,
    kasus: Kasus,
    o: &OpsiPutus,
    berlaku: chrono::NaiveDate,
) -> Result<Rancangan, Galat> {
    let kunci = kunci_tanggapan(t.isi.nomor);
    cek_status(&kasus, o.putusan, g)?;
    let pemilih: Vec<i64> = t.isi.pemilih.into_iter().collect();
    cek_basi(g, &pemilih, t.seq, &kunci)?;
    let isi = serde_json::to_vec(&t.isi).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
    let mut r = Rancangan {
        kasus: kunci.clone(),
        jenis: format!("tanggapan:{}", t.isi.jenis),
        pemilih: pemilih.clone(),
        run: None,
        model_sha256: None,
        bukti_sha256: sha256(&isi),
        putusan: o.putusan,
        perlu_persetujuan: false,
        rencana: vec![],
        segera: vec![],
        pasangan_ditolak: vec![],
        seq_acuan: t.seq,
        kasus_sebelum: kasus,
    };
    if o.putusan != Putusan::Terima {
        tanpa_elemen(o, "penolakan atau cek lapangan")?;
        return Ok(r);
    }
    let perlu_pemilih = || {
        pemilih.first().copied().ok_or_else(|| {
            Galat::baru(
                format!("{kunci}: NIK pelapor tidak ada di daftar, jadi tidak ada yang diubah"),
                format!("{kunci}: the reported NIK is not on the register, so nothing changes"),
            )
        })
    };
    match t.isi.jenis {
        JenisTanggapan::BelumTerdaftar => {
            if o.elemen.is_empty() {
                return Err(Galat::baru(
                    format!(
                        "{kunci}: berikan data pemilih baru sebagai ELEMEN=NILAI (nama=… tanggal_lahir=… jenis_kelamin=… kode_desa=… tps=… …); NIK diambil dari tanggapan"
                    ),
                    format!(
                        "{kunci}: give the new voter's data as ELEMENT=VALUE (nama=… tanggal_lahir=… jenis_kelamin=… kode_desa=… tps=… …); the NIK is the report's"
                    ),
                )
                .misuse());
            }
            let mut m = Mentah::default();
            m.set(Elemen::Nik, &t.isi.nik);
            m.set(Elemen::Keterangan, "B");
            urai_elemen(&o.elemen, &mut m)?;
            r.segera.push(daftar_dari(g, &m, berlaku)?);
        }
        JenisTanggapan::Perbaikan | JenisTanggapan::Domisili => {
            let id = perlu_pemilih()?;
            if o.elemen.is_empty() {
                return Err(Galat::baru(
                    format!("{kunci}: sebutkan elemen yang dibetulkan sebagai ELEMEN=NILAI"),
                    format!("{kunci}: give the corrected elements as ELEMENT=VALUE"),
                )
                .misuse());
            }
            let Some(k) = g.keadaan(id)? else {
                return Err(Galat::baru("pemilih tidak ada", "voter does not exist"));
            };
            let mut m = k.pemilih.mentah();
            urai_elemen(&o.elemen, &mut m)?;
            r.segera
                .push(ubah_dari(g, id, &k.pemilih, &m, berlaku, &kunci)?);
        }
        JenisTanggapan::Ganda | JenisTanggapan::TidakMemenuhiSyarat => {
            let id = perlu_pemilih()?;
            tanpa_elemen(o, "pencoretan")?;
            let kode = match (t.isi.jenis, o.kode) {
                (JenisTanggapan::Ganda, None) => KodeTms::Ganda,
                _ => kode_tms(o.kode, &format!("{kunci} ({})", t.isi.jenis))?,
            };
            if kode.mencoret() {
                r.rencana.push(Rencana::Tms { pemilih: id, kode });
            } else {
                r.segera.push(Segera::Tms { id, kode });
            }
            r.perlu_persetujuan = !r.rencana.is_empty();
        }
    }
    Ok(r)
}

/// A case by its number: a finding `TM-…` or a report `TG-…`.
enum Sasaran {
    Temuan(Box<Temuan>),
    Tanggapan(Box<InfoTanggapan>),
}

fn cari_kasus(g: &dyn Toko, kunci: &str) -> Result<(Sasaran, Kasus), Galat> {
    let tidak_ada = || {
        Galat::baru(
            format!("kasus '{kunci}' tidak ada (lihat padan review)"),
            format!("case '{kunci}' does not exist (see padan review)"),
        )
    };
    let (sasaran, k) = if let Some(n) = urai_tanggapan(kunci) {
        let t = g.tanggapan(n)?.ok_or_else(tidak_ada)?;
        (Sasaran::Tanggapan(Box::new(t)), kunci_tanggapan(n))
    } else if let Some(id) = urai_temuan(kunci) {
        let t = g.temuan(id)?.ok_or_else(tidak_ada)?;
        (Sasaran::Temuan(Box::new(t)), tampil_temuan(id))
    } else {
        return Err(Galat::baru(
            format!("'{kunci}' bukan nomor kasus; tulis TM-00000042 (temuan) atau TG-00000001 (tanggapan)"),
            format!("'{kunci}' is not a case number; write TM-00000042 (a finding) or TG-00000001 (a report)"),
        )
        .misuse());
    };
    let kasus = g.kasus(&k)?.unwrap_or_else(|| Kasus::terbuka(k));
    Ok((sasaran, kasus))
}

fn cek_alasan(alasan: &str, dokumen: &str) -> Result<(), Galat> {
    if alasan.trim().is_empty() || dokumen.trim().is_empty() {
        return Err(Galat::baru(
            "--reason dan --document wajib diisi: setiap keputusan punya alasan dan dokumen dasar",
            "--reason and --document are required: every decision has a reason and a document",
        )
        .misuse());
    }
    Ok(())
}

/// The desa a case is about: its voters' (or, for a resident not on the
/// register, the finding's or report's own).
fn desa_kasus(g: &dyn Toko, kunci: &str) -> Result<Vec<String>, Galat> {
    let (sasaran, _) = cari_kasus(g, kunci)?;
    let (ids, sendiri) = match &sasaran {
        Sasaran::Temuan(tm) => (
            pemilih_temuan(tm, &Bukti::dari(tm)?),
            tm.isi.kode_desa.clone(),
        ),
        Sasaran::Tanggapan(t) => (t.isi.pemilih.into_iter().collect(), t.isi.kode_desa.clone()),
    };
    let mut out = vec![];
    for id in ids {
        if let Some(k) = g.keadaan(id)? {
            out.push(k.pemilih.kode_desa);
        }
    }
    if out.is_empty() && !sendiri.is_empty() {
        out.push(sendiri);
    }
    Ok(out)
}

/// The desa of the voters a plan touches, for the operator's regions.
fn desa_rancangan(g: &dyn Toko, r: &Rancangan) -> Result<Vec<String>, Galat> {
    let mut out = vec![];
    for id in &r.pemilih {
        if let Some(k) = g.keadaan(*id)? {
            out.push(k.pemilih.kode_desa);
        }
    }
    for s in &r.segera {
        if let Segera::Daftar { pemilih, .. } = s {
            out.push(pemilih.kode_desa.clone());
        }
    }
    Ok(out)
}

fn info_batch(
    g: &dyn Toko,
    sumber: String,
    alasan: &str,
    dokumen: &str,
    operator: &str,
    berlaku: chrono::NaiveDate,
) -> Result<InfoBatch, Galat> {
    Ok(InfoBatch {
        jenis: JenisBatch::TindakLanjut,
        sumber,
        dokumen: dokumen.to_owned(),
        berkas: dokumen_dasar(g, dokumen)?,
        berlaku,
        operator: operator.to_owned(),
        alasan: alasan.to_owned(),
        tolak_dokumen_sama: false,
    })
}

/// The voter's status fields as they are: what an undo sets back.
fn pulih_dari(b: &dyn TulisBatch, id: i64) -> Result<Perubahan, Galat> {
    let Some(k) = b.keadaan(id)? else {
        return Err(Galat::baru(
            format!("pemilih {} tidak ada", tampil_id(id)),
            format!("voter {} does not exist", tampil_id(id)),
        ));
    };
    Ok(Perubahan::Pulih {
        aktif: k.aktif,
        kode_tms: k.kode_tms,
        keterangan: k.pemilih.keterangan,
    })
}

/// Applies one change, returning it with the event that takes it back.
fn terapkan_satu(
    b: &mut dyn TulisBatch,
    id: i64,
    p: &Perubahan,
    alasan: &str,
) -> Result<Terapan, Galat> {
    let balik = match p {
        Perubahan::Ubah {
            sebelum, sesudah, ..
        } => Perubahan::Ubah {
            sebelum: sesudah.clone(),
            sesudah: sebelum.clone(),
            peringatan: vec![],
        },
        _ => pulih_dari(b, id)?,
    };
    let seq = b.ubah(id, p, None, Some(alasan))?;
    Ok(Terapan {
        seq,
        pemilih: id,
        balik,
    })
}

/// Under the write lock: the case still stands as planned and its voters
/// have not changed meanwhile.
fn cek_ulang(b: &dyn TulisBatch, r: &Rancangan) -> Result<(), Galat> {
    let kini = b
        .kasus(&r.kasus)?
        .unwrap_or_else(|| Kasus::terbuka(r.kasus.clone()));
    if kini != r.kasus_sebelum {
        cek_status(&kini, r.putusan, b)?;
        return Err(Galat::baru(
            format!(
                "{} diputus orang lain sementara ini; lihat padan review {}",
                r.kasus, r.kasus
            ),
            format!(
                "{} was decided by someone else meanwhile; see padan review {}",
                r.kasus, r.kasus
            ),
        ));
    }
    for id in &r.pemilih {
        if b.keadaan(*id)?
            .is_some_and(|k| k.seq_terakhir > r.seq_acuan)
        {
            return Err(Galat::baru(
                format!(
                    "keputusan atas {} basi: pemilih {} berubah sementara ini",
                    r.kasus,
                    tampil_id(*id)
                ),
                format!(
                    "the decision on {} is stale: voter {} changed meanwhile",
                    r.kasus,
                    tampil_id(*id)
                ),
            ));
        }
    }
    Ok(())
}

/// Under the write lock: the case still stands as it was read.
fn cek_kasus_tetap(b: &dyn TulisBatch, kasus: &Kasus) -> Result<(), Galat> {
    if b.kasus(&kasus.kunci)?.as_ref() != Some(kasus) {
        return Err(Galat::baru(
            format!(
                "{} berubah sementara ini; lihat padan review {}",
                kasus.kunci, kasus.kunci
            ),
            format!(
                "{} changed meanwhile; see padan review {}",
                kasus.kunci, kasus.kunci
            ),
        ));
    }
    Ok(())
}

/// Writes a planned decision into an open batch: its immediate changes,
/// then the decision event. Returns the decision.
fn tulis_keputusan(
    b: &mut dyn TulisBatch,
    mut r: Rancangan,
    dokumen: &str,
    alasan: &str,
) -> Result<HasilPutus, Galat> {
    cek_ulang(b, &r)?;
    let nomor = b.nomor_berikut(Nomoran::Keputusan)?;
    let al = format!("{} atas {}: {alasan}", tampil_keputusan(nomor), r.kasus);
    let mut diterapkan = vec![];
    for s in std::mem::take(&mut r.segera) {
        match s {
            Segera::Ubah { id, perubahan } => {
                diterapkan.push(terapkan_satu(b, id, &perubahan, &al)?)
            }
            Segera::Tms { id, kode } => {
                diterapkan.push(terapkan_satu(b, id, &Perubahan::Tms { kode }, &al)?)
            }
            Segera::Daftar {
                pemilih,
                peringatan,
            } => {
                let keterangan = pemilih.keterangan.clone();
                let id = b.daftar(*pemilih, peringatan, None, Some(&al))?;
                let seq = b.keadaan(id)?.map(|k| k.seq_terakhir).unwrap_or(0);
                r.pemilih.push(id);
                diterapkan.push(Terapan {
                    seq,
                    pemilih: id,
                    balik: Perubahan::Pulih {
                        aktif: false,
                        kode_tms: None,
                        keterangan,
                    },
                });
            }
        }
    }
    let isi = IsiKeputusan {
        nomor,
        kasus: r.kasus.clone(),
        jenis: r.jenis,
        putusan: r.putusan,
        pemilih: r.pemilih.clone(),
        run: r.run,
        model_sha256: r.model_sha256,
        bukti_sha256: r.bukti_sha256,
        dokumen: dokumen.to_owned(),
        perlu_persetujuan: r.perlu_persetujuan,
        rencana: r.rencana,
        diterapkan: diterapkan.clone(),
        pasangan_ditolak: r.pasangan_ditolak,
    };
    let seq = b.catat(
        r.pemilih.first().copied(),
        &Perubahan::Keputusan(Box::new(isi)),
        Some(&al),
    )?;
    let menunggu = r.putusan == Putusan::Terima && r.perlu_persetujuan;
    Ok(HasilPutus {
        keputusan: tampil_keputusan(nomor),
        kasus: r.kasus,
        putusan: r.putusan,
        status: match r.putusan {
            Putusan::CekLapangan => StatusKasus::CekLapangan,
            _ => StatusKasus::Diputus,
        },
        menunggu_persetujuan: menunggu,
        diterapkan,
        peristiwa: seq,
    })
}

fn rancang(
    g: &dyn Toko,
    kunci: &str,
    o: &OpsiPutus,
    berlaku: chrono::NaiveDate,
) -> Result<Rancangan, Galat> {
    let (sasaran, kasus) = cari_kasus(g, kunci)?;
    match sasaran {
        Sasaran::Temuan(tm) => {
            let run = info_run(g, tm.run)?;
            rancang_temuan(g, &tm, kasus, &run, o, berlaku)
        }
        Sasaran::Tanggapan(t) => rancang_tanggapan(g, &t, kasus, o, berlaku),
    }
}

/// `padan decide TM-…|TG-… --accept|--reject|--field-check`.
pub fn putuskan(r: &Ruang, kunci: &str, o: &OpsiPutus) -> Result<HasilPutus, Galat> {
    cek_alasan(&o.alasan, &o.dokumen)?;
    let mut g = r.buka_tulis()?;
    let berlaku = tanggal_berlaku(o.berlaku.as_deref(), g.kantor())?;
    izin::periksa(&*g, &o.operator, Aksi::Putus, &[])?;
    // The region first: an operator outside it learns nothing more of
    // the case.
    let desa = desa_kasus(&*g, kunci)?;
    izin::periksa(
        &*g,
        &o.operator,
        Aksi::Putus,
        &desa.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let rc = rancang(&*g, kunci, o, berlaku)?;
    let desa = desa_rancangan(&*g, &rc)?;
    izin::periksa(
        &*g,
        &o.operator,
        Aksi::Putus,
        &desa.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let info = info_batch(
        &*g,
        format!("keputusan tindak lanjut {}", rc.kasus),
        &o.alasan,
        &o.dokumen,
        &o.operator,
        berlaku,
    )?;
    let mut b = g.mulai_batch(info)?;
    let h = tulis_keputusan(&mut *b, rc, &o.dokumen, &o.alasan)?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok(h)
}

/// `padan decide --run N --type T --min-probability P …`.
#[derive(Debug, Clone)]
pub struct OpsiMassal {
    pub run: Option<i64>,
    pub jenis: JenisTemuan,
    pub min_peluang: f64,
    pub putus: OpsiPutus,
    /// Apply; without it, only say what would be done.
    pub terapkan: bool,
    /// Decide at most this many (the first by finding number).
    pub batas: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilMassal {
    pub run: i64,
    pub jenis: JenisTemuan,
    pub putusan: Putusan,
    pub min_peluang: f64,
    /// Open findings of the kind at or above the probability.
    pub calon: u64,
    /// Those decided (or that would be).
    pub diputus: u64,
    /// Why the others were left out, with how many.
    pub dilewati: BTreeMap<String, u64>,
    /// The first findings decided, for a look.
    pub contoh: Vec<String>,
    pub diterapkan: bool,
    /// The decisions' numbers, first and last.
    pub keputusan: Option<(String, String)>,
    pub menunggu_persetujuan: u64,
}

/// Bulk decisions: shown first, written only with `terapkan`, all in one
/// batch. Refused for kinds that need a field check by rule.
pub fn putuskan_massal(r: &Ruang, o: &OpsiMassal) -> Result<HasilMassal, Galat> {
    let p = &o.putus;
    cek_alasan(&p.alasan, &p.dokumen)?;
    let aturan = aturan_jenis(o.jenis);
    if !aturan.massal {
        let boleh: Vec<&str> = JenisTemuan::SEMUA
            .iter()
            .filter(|j| aturan_jenis(**j).massal)
            .map(|j| j.nama())
            .collect();
        return Err(Galat::baru(
            format!(
                "temuan {} tidak boleh diputus massal: menurut aturan perlu dilihat satu per satu atau dicek di lapangan (coklit terbatas); yang boleh massal: {}",
                o.jenis,
                boleh.join(", ")
            ),
            format!(
                "findings of kind {} may not be decided in bulk: by rule each needs a look or a field check (coklit terbatas); kinds allowed in bulk: {}",
                o.jenis,
                boleh.join(", ")
            ),
        ));
    }
    if !(0.0..=1.0).contains(&o.min_peluang) {
        return Err(Galat::baru(
            format!("--min-probability {} di luar 0–1", o.min_peluang),
            format!("--min-probability {} is outside 0–1", o.min_peluang),
        )
        .misuse());
    }
    let mut g = if o.terapkan {
        r.buka_tulis()?
    } else {
        r.buka()?
    };
    let berlaku = tanggal_berlaku(p.berlaku.as_deref(), g.kantor())?;
    let op = izin::periksa(&*g, &p.operator, Aksi::Putus, &[])?;
    let run_id = match o.run {
        Some(n) => n,
        None => g.run(None)?.map(|x| x.id).ok_or_else(|| {
            Galat::baru("belum ada run pemadanan", "there is no matching run yet")
        })?,
    };
    let run = info_run(&*g, run_id)?;
    if let Some(baru) = run.pengganti {
        return Err(Galat::baru(
            format!("run {run_id} sudah digantikan run {baru}; putuskan temuan run {baru}"),
            format!("run {run_id} is superseded by run {baru}; decide the findings of run {baru}"),
        ));
    }
    let mut rancangan = vec![];
    let mut dilewati: BTreeMap<String, u64> = BTreeMap::new();
    let mut calon = 0u64;
    let mut setelah = None;
    loop {
        let halaman = g.antrian(&SaringanKasus {
            run: Some(run_id),
            jenis: Some(o.jenis),
            pita: Some((o.min_peluang, 1.0)),
            status: Some(StatusKasus::Terbuka),
            batas: 10_000,
            setelah,
            ..Default::default()
        })?;
        let Some(akhir) = halaman.last() else { break };
        setelah = Some(akhir.temuan.id);
        for BarisAntrian { temuan, kasus } in halaman {
            if o.batas.is_some_and(|b| rancangan.len() as u64 >= b) {
                break;
            }
            calon += 1;
            if op
                .as_ref()
                .is_some_and(|op| !op.boleh_wilayah(&temuan.isi.kode_desa))
            {
                *dilewati
                    .entry("di luar wilayah operator".into())
                    .or_default() += 1;
                continue;
            }
            let basi = match temuan.isi.pemilih {
                Some(id) => g
                    .keadaan(id)?
                    .is_none_or(|k| k.seq_terakhir > run.seq_acuan),
                None => false,
            };
            if basi {
                *dilewati
                    .entry("basi: pemilih berubah setelah run".into())
                    .or_default() += 1;
                continue;
            }
            match rancang_temuan(&*g, &temuan, kasus, &run, p, berlaku) {
                Ok(x) => rancangan.push(x),
                Err(e) => {
                    *dilewati
                        .entry(e.teks(padan_core::Bahasa::Id).to_owned())
                        .or_default() += 1;
                }
            }
        }
        if o.batas.is_some_and(|b| rancangan.len() as u64 >= b) {
            break;
        }
    }
    let contoh: Vec<String> = rancangan.iter().take(5).map(|x| x.kasus.clone()).collect();
    let mut hasil = HasilMassal {
        run: run_id,
        jenis: o.jenis,
        putusan: p.putusan,
        min_peluang: o.min_peluang,
        calon,
        diputus: rancangan.len() as u64,
        dilewati,
        contoh,
        diterapkan: false,
        keputusan: None,
        menunggu_persetujuan: 0,
    };
    if !o.terapkan || rancangan.is_empty() {
        return Ok(hasil);
    }
    let info = info_batch(
        &*g,
        format!(
            "keputusan massal run {run_id} jenis {} peluang ≥ {}",
            o.jenis, o.min_peluang
        ),
        &p.alasan,
        &p.dokumen,
        &p.operator,
        berlaku,
    )?;
    let n = rancangan.len() as u64;
    let mut b = g.mulai_batch(info)?;
    let mut nomor = vec![];
    for rc in rancangan {
        let h = tulis_keputusan(&mut *b, rc, &p.dokumen, &p.alasan)?;
        hasil.menunggu_persetujuan += u64::from(h.menunggu_persetujuan);
        nomor.push(h.keputusan);
    }
    b.selesai(RingkasanBatch::semua_diterima(n))?;
    hasil.diterapkan = true;
    hasil.keputusan = nomor.first().cloned().zip(nomor.last().cloned());
    Ok(hasil)
}

/// `padan approve TM-…`.
#[derive(Debug, Clone)]
pub struct OpsiSetujui {
    pub operator: String,
    pub alasan: Option<String>,
    pub dokumen: Option<String>,
}

/// `padan approve`: a removal decided by someone else takes effect.
pub fn setujui(r: &Ruang, kunci: &str, o: &OpsiSetujui) -> Result<HasilPutus, Galat> {
    let mut g = r.buka_tulis()?;
    izin::periksa(&*g, &o.operator, Aksi::Setujui, &[])?;
    let (sasaran, kasus) = cari_kasus(&*g, kunci)?;
    let Some(kp) = kasus
        .keputusan
        .filter(|_| kasus.menunggu)
        .map(|n| g.keputusan(n))
        .transpose()?
        .flatten()
    else {
        return Err(Galat::baru(
            format!(
                "{} tidak menunggu persetujuan (status {}): hanya pencoretan yang sudah diputus --accept yang disetujui",
                kasus.kunci, kasus.status
            ),
            format!(
                "{} is not waiting for approval (status {}): only removals decided --accept are approved",
                kasus.kunci, kasus.status
            ),
        ));
    };
    if kp.operator == o.operator {
        return Err(Galat::baru(
            format!(
                "empat mata: {} diputus oleh {} sendiri; persetujuan harus oleh verifikator lain",
                tampil_keputusan(kp.isi.nomor),
                o.operator
            ),
            format!(
                "four eyes: {} was decided by {} themself; the approval must come from another verifikator",
                tampil_keputusan(kp.isi.nomor),
                o.operator
            ),
        ));
    }
    let seq_acuan = match &sasaran {
        Sasaran::Temuan(tm) => {
            let run = info_run(&*g, tm.run)?;
            if let Some(baru) = run.pengganti {
                return Err(Galat::baru(
                    format!(
                        "{} berasal dari run {} yang sudah digantikan run {baru}",
                        kasus.kunci, run.id
                    ),
                    format!(
                        "{} comes from run {}, superseded by run {baru}",
                        kasus.kunci, run.id
                    ),
                ));
            }
            run.seq_acuan
        }
        Sasaran::Tanggapan(t) => t.seq,
    };
    cek_basi(&*g, &kp.isi.pemilih, seq_acuan.max(0), &kasus.kunci)?;
    let mut desa = vec![];
    for id in &kp.isi.pemilih {
        if let Some(k) = g.keadaan(*id)? {
            desa.push(k.pemilih.kode_desa);
        }
    }
    izin::periksa(
        &*g,
        &o.operator,
        Aksi::Setujui,
        &desa.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let alasan = o
        .alasan
        .clone()
        .unwrap_or_else(|| format!("persetujuan pencoretan {}", tampil_keputusan(kp.isi.nomor)));
    let dokumen = o.dokumen.clone().unwrap_or_else(|| kp.isi.dokumen.clone());
    let berlaku = g.hari_ini();
    let info = info_batch(
        &*g,
        format!(
            "persetujuan {} atas {}",
            tampil_keputusan(kp.isi.nomor),
            kasus.kunci
        ),
        &alasan,
        &dokumen,
        &o.operator,
        berlaku,
    )?;
    let mut b = g.mulai_batch(info)?;
    cek_kasus_tetap(&*b, &kasus)?;
    let al = format!(
        "{} atas {} disetujui {}: {alasan}",
        tampil_keputusan(kp.isi.nomor),
        kasus.kunci,
        o.operator
    );
    let mut diterapkan = vec![];
    for x in &kp.isi.rencana {
        let t = match x {
            Rencana::Tms { pemilih, kode } => {
                terapkan_satu(&mut *b, *pemilih, &Perubahan::Tms { kode: *kode }, &al)?
            }
            Rencana::Gabung { dari, ke } => {
                terapkan_satu(&mut *b, *dari, &Perubahan::Gabung { ke: *ke }, &al)?
            }
        };
        diterapkan.push(t);
    }
    let seq = b.catat(
        kp.isi.pemilih.first().copied(),
        &Perubahan::Persetujuan {
            nomor: kp.isi.nomor,
            kasus: kasus.kunci.clone(),
            diterapkan: diterapkan.clone(),
        },
        Some(&al),
    )?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok(HasilPutus {
        keputusan: tampil_keputusan(kp.isi.nomor),
        kasus: kasus.kunci,
        putusan: kp.isi.putusan,
        status: StatusKasus::Disetujui,
        menunggu_persetujuan: false,
        diterapkan,
        peristiwa: seq,
    })
}

/// `padan undo KP-…`.
#[derive(Debug, Clone)]
pub struct OpsiBatal {
    pub alasan: String,
    pub dokumen: String,
    pub operator: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilBatal {
    pub keputusan: String,
    pub kasus: String,
    /// The compensating events.
    pub kompensasi: Vec<Terapan>,
    pub peristiwa: i64,
}

/// The changes a decision made, its approval's included, in order.
fn terapan_keputusan(g: &dyn Toko, kp: &Keputusan) -> Result<Vec<Terapan>, Galat> {
    let mut out = kp.isi.diterapkan.clone();
    if let Some(s) = kp.disetujui_seq {
        let id = kp.isi.pemilih.first().copied();
        let ev = match id {
            Some(id) => g.riwayat(id)?.into_iter().find(|e| e.seq == s),
            None => None,
        };
        if let Some(Perubahan::Persetujuan { diterapkan, .. }) = ev.map(|e| e.perubahan) {
            out.extend(diterapkan);
        }
    }
    Ok(out)
}

/// `padan undo`: compensating events for what a decision changed (a
/// split for a merge), and the case open again. Nothing is rewritten.
pub fn batalkan(r: &Ruang, kunci: &str, o: &OpsiBatal) -> Result<HasilBatal, Galat> {
    cek_alasan(&o.alasan, &o.dokumen)?;
    let Some(nomor) = urai_keputusan(kunci) else {
        return Err(Galat::baru(
            format!("'{kunci}' bukan nomor keputusan; tulis KP-00000001 (lihat padan review TM-…)"),
            format!(
                "'{kunci}' is not a decision number; write KP-00000001 (see padan review TM-…)"
            ),
        )
        .misuse());
    };
    let mut g = r.buka_tulis()?;
    izin::periksa(&*g, &o.operator, Aksi::Batal, &[])?;
    let Some(kp) = g.keputusan(nomor)? else {
        return Err(Galat::baru(
            format!(
                "keputusan {} tidak ada; tidak ada yang dibatalkan",
                tampil_keputusan(nomor)
            ),
            format!(
                "decision {} does not exist; there is nothing to undo",
                tampil_keputusan(nomor)
            ),
        ));
    };
    if let Some(s) = kp.dibatalkan_seq {
        return Err(Galat::baru(
            format!(
                "keputusan {} sudah dibatalkan (peristiwa #{s}); pembatalan tidak diulang",
                tampil_keputusan(nomor)
            ),
            format!(
                "decision {} is already undone (event #{s}); an undo is not repeated",
                tampil_keputusan(nomor)
            ),
        ));
    }
    let kasus = g
        .kasus(&kp.isi.kasus)?
        .unwrap_or_else(|| Kasus::terbuka(kp.isi.kasus.clone()));
    if kasus.keputusan != Some(nomor) {
        return Err(Galat::baru(
            format!(
                "{} bukan keputusan yang berlaku atas {}",
                tampil_keputusan(nomor),
                kasus.kunci
            ),
            format!(
                "{} is not the decision in force on {}",
                tampil_keputusan(nomor),
                kasus.kunci
            ),
        ));
    }
    let terapan = terapan_keputusan(&*g, &kp)?;
    // The voter must stand as the decision left it: an undo over a later
    // change would silently take that change back too.
    let mut terakhir: HashMap<i64, i64> = HashMap::new();
    for t in &terapan {
        terakhir.insert(t.pemilih, t.seq);
    }
    for (id, seq) in &terakhir {
        cek_basi(&*g, &[*id], *seq, &tampil_keputusan(nomor))?;
    }
    let mut desa = vec![];
    for id in terakhir.keys() {
        if let Some(k) = g.keadaan(*id)? {
            desa.push(k.pemilih.kode_desa);
        }
    }
    izin::periksa(
        &*g,
        &o.operator,
        Aksi::Batal,
        &desa.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    let berlaku = g.hari_ini();
    let info = info_batch(
        &*g,
        format!(
            "pembatalan {} atas {}",
            tampil_keputusan(nomor),
            kasus.kunci
        ),
        &o.alasan,
        &o.dokumen,
        &o.operator,
        berlaku,
    )?;
    let mut b = g.mulai_batch(info)?;
    cek_kasus_tetap(&*b, &kasus)?;
    let al = format!(
        "pembatalan {} atas {}: {}",
        tampil_keputusan(nomor),
        kasus.kunci,
        o.alasan
    );
    let mut kompensasi = vec![];
    for t in terapan.iter().rev() {
        kompensasi.push(terapkan_satu(&mut *b, t.pemilih, &t.balik, &al)?);
    }
    let seq = b.catat(
        kp.isi.pemilih.first().copied(),
        &Perubahan::Pembatalan {
            nomor,
            kasus: kasus.kunci.clone(),
            diterapkan: kompensasi.clone(),
        },
        Some(&al),
    )?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    Ok(HasilBatal {
        keputusan: tampil_keputusan(nomor),
        kasus: kasus.kunci,
        kompensasi,
        peristiwa: seq,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_per_kind_hold_together() {
        for j in JenisTemuan::SEMUA {
            let a = aturan_jenis(*j);
            // Nothing to decide is nothing to bulk or check in the field.
            if a.informasi {
                assert!(!a.massal && !a.pencoretan && !a.perlu_cek_lapangan, "{j}");
            }
            // What needs the field is never decided in bulk.
            if a.perlu_cek_lapangan {
                assert!(!a.massal, "{j}");
            }
        }
        assert!(aturan_jenis(JenisTemuan::Meninggal).pencoretan);
        assert!(!aturan_jenis(JenisTemuan::Perbaikan).pencoretan);
        assert!(!aturan_jenis(JenisTemuan::Ganda).massal);
    }

    #[test]
    fn pair_keys_name_the_person_not_the_extract() {
        let r = |nik: &str| BTreeMap::from([("nik".to_string(), nik.to_string())]);
        // The same NIK written with separators is the same pair.
        assert_eq!(
            kunci_pasangan_sumber(7, &r("3579014703900001")),
            kunci_pasangan_sumber(7, &r("3579.0147.0390.0001"))
        );
        assert_ne!(
            kunci_pasangan_sumber(7, &r("3579014703900001")),
            kunci_pasangan_sumber(8, &r("3579014703900001"))
        );
        assert_eq!(kunci_pasangan_ganda(9, 3), kunci_pasangan_ganda(3, 9));
    }
}
