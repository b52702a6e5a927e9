//! The dossier of one voter (`padan dossier PM-… --out F.json|F.pdf`) and
//! its offline check (`padan verify-dossier F.json`): the chronology, every
//! source document with its hash and row, the findings decided on with
//! their evidence, the decisions with operators and approvals, an
//! inclusion proof of each event against its signed checkpoint, and the
//! office's signature over the whole. The check needs only the office's
//! public key; a changed byte fails it, and the failure names what broke.

use crate::baca::satu_pemilih;
use crate::galat::Galat;
use crate::ruang::Ruang;
use padan_core::{JenisTemuan, masker};
use padan_report::pdf::{Dokumen, Kolom};
use padan_store::dosir::{CheckpointBukti, PeristiwaBukti};
use padan_store::pemadanan::{tampil_temuan, urai_temuan};
use padan_store::{Keadaan, Perubahan, tampil_id};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub const VERSI: u32 = 1;

/// A finding the dossier's decisions cite, with its stored evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemuanDosir {
    pub id: String,
    pub run: i64,
    pub jenis: JenisTemuan,
    pub peluang: Option<f64>,
    /// The evidence exactly as stored; a decision cites its SHA-256.
    pub bukti: String,
}

/// What the office signs. Read back exactly: a field it does not know
/// (a renamed one) is a change, refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IsiDosir {
    pub kantor: String,
    /// The office's public key (hex), and its fingerprint as published.
    pub kunci_publik: String,
    pub sidik_kunci: String,
    pub dibuat: String,
    pub pemilih: String,
    pub pemilih_id: i64,
    /// The voter now, as folded from the events below.
    pub keadaan: Keadaan,
    /// Every event of the voter (and of a voter merged with it), oldest
    /// first, with its proofs.
    pub peristiwa: Vec<PeristiwaBukti>,
    pub checkpoint: Vec<CheckpointBukti>,
    pub temuan: Vec<TemuanDosir>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dosir {
    pub versi: u32,
    pub isi: IsiDosir,
    /// The office key's signature over the content (hex).
    pub tanda_tangan: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilDosir {
    pub pemilih: String,
    pub berkas: PathBuf,
    pub peristiwa: usize,
    pub checkpoint: usize,
    pub temuan: usize,
}

fn json(x: &impl Serialize) -> Result<Vec<u8>, Galat> {
    serde_json::to_vec(x).map_err(|e| Galat::baru(e.to_string(), e.to_string()))
}

/// `padan dossier PM-… --out F.json|F.pdf`.
pub fn buat(r: &Ruang, kunci: &str, keluar: &Path) -> Result<HasilDosir, Galat> {
    let ext = padan_io::atomik::ekstensi(keluar);
    if ext != "json" && ext != "pdf" {
        return Err(Galat::baru(
            format!(
                "{}: dosir ditulis sebagai .json (dapat diperiksa) atau .pdf",
                keluar.display()
            ),
            format!(
                "{}: a dossier is written as .json (checkable) or .pdf",
                keluar.display()
            ),
        )
        .misuse());
    }
    let mut g = r.buka_tulis()?;
    let id = satu_pemilih(&*g, kunci)?;
    let riwayat = crate::baca::riwayat_dari(&*g, id)?;
    let seqs: Vec<i64> = riwayat.peristiwa.iter().map(|e| e.seq).collect();
    let (peristiwa, checkpoint) = g.bukti_peristiwa(&seqs)?;
    let mut temuan = vec![];
    for e in &riwayat.peristiwa {
        if let Perubahan::Keputusan(k) = &e.perubahan
            && let Some(t) = urai_temuan(&k.kasus)
            && let Some(tm) = g.temuan(t)?
            && !temuan.iter().any(|x: &TemuanDosir| x.id == k.kasus)
        {
            temuan.push(TemuanDosir {
                id: tampil_temuan(tm.id),
                run: tm.run,
                jenis: tm.isi.jenis,
                peluang: tm.isi.peluang,
                bukti: tm.isi.bukti.clone(),
            });
        }
    }
    let publik = checkpoint
        .first()
        .and_then(|_| g.checkpoint_terakhir().ok().flatten())
        .map(|c| c.kunci_publik)
        .unwrap_or_default();
    let isi = IsiDosir {
        kantor: g.kantor().to_owned(),
        sidik_kunci: padan_store::kunci::sidik_hex(&publik),
        kunci_publik: publik,
        dibuat: padan_store::waktu_sekarang(),
        pemilih: tampil_id(id),
        pemilih_id: id,
        keadaan: riwayat.keadaan.clone(),
        peristiwa,
        checkpoint,
        temuan,
    };
    let tanda_tangan = g.tanda_tangan_dosir(&json(&isi)?)?;
    let d = Dosir {
        versi: VERSI,
        isi,
        tanda_tangan,
    };
    let isi_berkas = if ext == "json" {
        serde_json::to_vec_pretty(&d).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?
    } else {
        pdf(&d)
    };
    padan_io::atomik::tulis(keluar, &isi_berkas)?;
    Ok(HasilDosir {
        pemilih: d.isi.pemilih.clone(),
        berkas: keluar.to_path_buf(),
        peristiwa: d.isi.peristiwa.len(),
        checkpoint: d.isi.checkpoint.len(),
        temuan: d.isi.temuan.len(),
    })
}

/// What `verify-dossier` found.
#[derive(Debug, Clone, Serialize)]
pub struct HasilPeriksa {
    pub sah: bool,
    pub pemilih: String,
    pub kantor: String,
    pub sidik_kunci: String,
    pub peristiwa: usize,
    pub checkpoint: usize,
    pub masalah: Vec<String>,
}

/// `padan verify-dossier F.json [--public-key HEX]`: no workspace.
pub fn periksa(berkas: &Path, publik: Option<&str>) -> Result<HasilPeriksa, Galat> {
    padan_io::baca::periksa_berkas(berkas)?;
    let b = std::fs::read(berkas)?;
    let d: Dosir = serde_json::from_slice(&b).map_err(|e| {
        Galat::baru(
            format!(
                "dosir {} tidak terbaca (baris {}, kolom {}): {e}",
                berkas.display(),
                e.line(),
                e.column()
            ),
            format!(
                "dossier {} is unreadable (line {}, column {}): {e}",
                berkas.display(),
                e.line(),
                e.column()
            ),
        )
    })?;
    if d.versi > VERSI {
        return Err(Galat::baru(
            format!(
                "dosir versi {} lebih baru dari program ini ({VERSI}); perbarui Padan",
                d.versi
            ),
            format!(
                "dossier version {} is newer than this program ({VERSI}); update Padan",
                d.versi
            ),
        ));
    }
    let mut masalah = vec![];
    let kunci = publik.unwrap_or(&d.isi.kunci_publik).trim().to_lowercase();
    if publik.is_some() && kunci != d.isi.kunci_publik {
        masalah.push(format!(
            "dosir menyebut kunci publik {}…, bukan kunci kantor yang diberikan {}…",
            padan_core::awal(&d.isi.kunci_publik, 16),
            padan_core::awal(&kunci, 16)
        ));
    }
    let Some(pk) = hex::decode(&kunci)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
    else {
        return Err(Galat::baru(
            "kunci publik bukan 64 digit heksadesimal",
            "the public key is not 64 hex digits",
        )
        .misuse());
    };
    masalah.extend(padan_store::dosir::periksa(
        &d.isi.peristiwa,
        &d.isi.checkpoint,
        &d.isi.kantor,
        &pk,
    ));
    match padan_store::dosir::lipat(&d.isi.peristiwa, d.isi.pemilih_id) {
        Ok(Some(k)) if k == d.isi.keadaan => {}
        Ok(_) => masalah.push(format!(
            "keadaan {} yang tertulis tidak sama dengan lipatan peristiwanya",
            d.isi.pemilih
        )),
        Err(e) => masalah.push(format!("peristiwa tidak terbaca: {e}")),
    }
    for e in &d.isi.peristiwa {
        let Ok(Perubahan::Keputusan(k)) = serde_json::from_str::<Perubahan>(&e.data) else {
            continue;
        };
        if let Some(t) = d.isi.temuan.iter().find(|t| t.id == k.kasus)
            && hex::encode(Sha256::digest(t.bukti.as_bytes())) != k.bukti_sha256
        {
            masalah.push(format!(
                "bukti temuan {} tidak sama dengan yang dikutip keputusan {} (peristiwa #{})",
                t.id,
                padan_store::tindak::tampil_keputusan(k.nomor),
                e.seq
            ));
        }
    }
    if masalah.is_empty()
        && !padan_store::dosir::tanda_tangan_sah(&json(&d.isi)?, &d.tanda_tangan, &pk)
    {
        masalah.push(
            "tanda tangan kantor atas dosir tidak sah: bagian dosir di luar peristiwa (ringkasan, temuan, waktu pembuatan) diubah"
                .into(),
        );
    }
    Ok(HasilPeriksa {
        sah: masalah.is_empty(),
        pemilih: d.isi.pemilih,
        kantor: d.isi.kantor,
        sidik_kunci: padan_store::kunci::sidik_hex(&kunci),
        peristiwa: d.isi.peristiwa.len(),
        checkpoint: d.isi.checkpoint.len(),
        masalah,
    })
}

/// The dossier on paper: the same content, for reading; the JSON is what
/// is checked.
fn pdf(d: &Dosir) -> Vec<u8> {
    let i = &d.isi;
    let mut p = Dokumen::baru(&format!("Dosir {} · KPU {}", i.pemilih, i.kantor));
    p.judul(&format!("DOSIR PEMILIH {}", i.pemilih), 13.0);
    let k = &i.keadaan;
    p.teks(
        &format!(
            "{} · NIK {} · {} · desa {} TPS {} · {}",
            k.pemilih.nama,
            masker::nik(&k.pemilih.nik),
            k.pemilih.jenis_kelamin.kode(),
            k.pemilih.kode_desa,
            k.pemilih.tps,
            match (k.aktif, k.kode_tms) {
                (true, _) => "aktif".to_owned(),
                (false, Some(c)) => format!("TMS {} ({})", c.angka(), c.nama()),
                (false, None) => "tidak aktif".to_owned(),
            }
        ),
        9.0,
        true,
    );
    p.teks(
        &format!(
            "Kantor {} · sidik kunci {} · dibuat {}",
            i.kantor, i.sidik_kunci, i.dibuat
        ),
        8.0,
        false,
    );
    p.jarak(6.0);
    p.teks("Kronologi", 10.0, true);
    let kolom = [
        Kolom {
            lebar: 40.0,
            kanan: false,
        },
        Kolom {
            lebar: 52.0,
            kanan: false,
        },
        Kolom {
            lebar: 56.0,
            kanan: false,
        },
        Kolom {
            lebar: 58.0,
            kanan: false,
        },
        Kolom {
            lebar: 150.0,
            kanan: false,
        },
        Kolom {
            lebar: 30.0,
            kanan: true,
        },
        Kolom {
            lebar: 113.0,
            kanan: false,
        },
    ];
    p.baris(
        &kolom,
        &[
            "#",
            "berlaku",
            "jenis",
            "operator",
            "dokumen (sha256)",
            "baris",
            "hash",
        ]
        .map(String::from),
        7.0,
        true,
    );
    for e in &i.peristiwa {
        p.baris(
            &kolom,
            &[
                e.seq.to_string(),
                e.berlaku.clone(),
                e.jenis.clone(),
                e.operator.clone(),
                format!(
                    "{} ({})",
                    e.dokumen,
                    padan_core::awal(e.dokumen_sha256.as_deref().unwrap_or("-"), 12)
                ),
                e.baris.map(|b| b.to_string()).unwrap_or_default(),
                padan_core::awal(&e.hash, 24).to_owned(),
            ],
            6.5,
            false,
        );
        p.teks(&format!("      alasan: {}", e.alasan), 6.5, false);
    }
    if !i.temuan.is_empty() {
        p.jarak(6.0);
        p.teks("Temuan yang diputus", 10.0, true);
        for t in &i.temuan {
            p.teks(
                &format!(
                    "{} run {} {} peluang {} · bukti sha256 {}",
                    t.id,
                    t.run,
                    t.jenis,
                    t.peluang
                        .map(|x| format!("{x:.4}"))
                        .unwrap_or_else(|| "-".into()),
                    hex::encode(Sha256::digest(t.bukti.as_bytes()))
                ),
                7.0,
                false,
            );
        }
    }
    p.jarak(6.0);
    p.teks(
        "Checkpoint bertanda tangan (setiap peristiwa punya bukti inklusi ke akarnya)",
        10.0,
        true,
    );
    for c in &i.checkpoint {
        for l in c.pesan.lines() {
            p.teks(&format!("  {l}"), 6.5, false);
        }
    }
    p.jarak(6.0);
    p.teks(
        "Periksa berkas JSON dosir ini tanpa ruang kerja: padan verify-dossier DOSIR.json --public-key KUNCI",
        8.0,
        true,
    );
    p.selesai()
}
