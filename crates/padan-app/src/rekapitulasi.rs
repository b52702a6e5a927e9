//! `padan rekap --period P|--as-of DATE --out F` (the rekapitulasi DPB
//! with its invariants and data description) and `padan lineage` (the
//! events behind one cell).

use crate::galat::Galat;
use crate::periode::urai_periode;
use crate::ruang::Ruang;
use padan_core::masker;
use padan_report::dpb::{self, Keterangan, Kolom, RekapDpb};
use padan_store::tindak::{InfoCheckpoint, InfoPeriode};
use padan_store::{Saringan, Toko, tampil_id};
use serde::Serialize;
use std::path::PathBuf;

/// Which rows a written recap holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Tingkat {
    Desa,
    Kecamatan,
    KabKota,
}

/// Which state a recap shows: a closed period, a date, or the register now.
#[derive(Debug, Clone, Default)]
pub struct Keadaan {
    pub periode: Option<String>,
    pub per_tanggal: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OpsiRekap {
    pub keadaan: Keadaan,
    pub tingkat: Tingkat,
    pub keluar: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilRekap {
    pub keterangan: Keterangan,
    pub rekap: RekapDpb,
    pub berkas: Option<PathBuf>,
}

/// The two filters of a recap, what they are, the checkpoint its numbers
/// end at, and whether the register's table must agree with it (the
/// register now).
struct Batas {
    sebelum: Saringan,
    kini: Saringan,
    keterangan: Keterangan,
    banding_proyeksi: bool,
}

fn beku(g: &dyn Toko, p: &InfoPeriode) -> Result<(Saringan, Option<InfoCheckpoint>), Galat> {
    let cp = g.checkpoint_batch(p.batch)?;
    Ok((
        Saringan {
            berlaku: padan_core::tanggal::urai(&p.isi.sampai).ok(),
            dicatat: cp.as_ref().map(|c| c.dicatat.clone()),
        },
        cp,
    ))
}

fn batas(g: &dyn Toko, k: &Keadaan) -> Result<Batas, Galat> {
    let periode = g.daftar_periode()?;
    let nama_kantor = g.wilayah()?.nama(g.kantor()).unwrap_or("").to_owned();
    let judul = format!(
        "Rekapitulasi Daftar Pemilih Berkelanjutan KPU {nama_kantor} ({})",
        g.kantor()
    );
    let sebelum_dari = |p: Option<&InfoPeriode>| -> Result<(Saringan, String), Galat> {
        Ok(match p {
            Some(p) => (
                beku(g, p)?.0,
                format!(
                    "dibandingkan dengan periode {} (s.d. {})",
                    p.isi.nama, p.isi.sampai
                ),
            ),
            // No period closed before: the register the office began
            // with (its first DPT, as imported) is the previous state.
            None => match g.batch_pertama(padan_core::JenisBatch::Dpt)? {
                Some((id, berlaku, dicatat)) => (
                    Saringan {
                        berlaku: padan_core::tanggal::urai(&berlaku).ok(),
                        dicatat: Some(dicatat),
                    },
                    format!(
                        "tanpa periode sebelumnya: dibandingkan dengan DPT awal (batch {id}, berlaku {berlaku})"
                    ),
                ),
                None => (
                    dpb::kosong(),
                    "tanpa periode sebelumnya dan tanpa DPT: dibandingkan dengan daftar kosong"
                        .into(),
                ),
            },
        })
    };
    if let Some(nama) = &k.periode {
        let (nama, _) = urai_periode(nama)?;
        let Some(i) = periode.iter().position(|p| p.isi.nama == nama) else {
            let ada: Vec<&str> = periode.iter().map(|p| p.isi.nama.as_str()).collect();
            return Err(Galat::baru(
                format!(
                    "periode {nama} belum ditutup; periode yang ada: {}",
                    if ada.is_empty() {
                        "(belum ada)".into()
                    } else {
                        ada.join(", ")
                    }
                ),
                format!(
                    "period {nama} is not closed; periods there are: {}",
                    if ada.is_empty() {
                        "(none yet)".into()
                    } else {
                        ada.join(", ")
                    }
                ),
            ));
        };
        let Some(p) = periode.get(i) else {
            return Err(Galat::baru("periode hilang", "period missing"));
        };
        let (kini, cp) = beku(g, p)?;
        let (sebelum, ket) = sebelum_dari(i.checked_sub(1).and_then(|j| periode.get(j)))?;
        return Ok(Batas {
            sebelum,
            kini,
            keterangan: Keterangan {
                judul: format!("{judul} periode {}", p.isi.nama),
                keadaan: format!(
                    "periode {} ditutup: keadaan per {}, sebagaimana dicatat s.d. penutupan",
                    p.isi.nama, p.isi.sampai
                ),
                sebelum: ket,
                checkpoint: cp,
            },
            banding_proyeksi: false,
        });
    }
    let tanggal = match &k.per_tanggal {
        Some(s) => Some(crate::tanggal::tanggal_berlaku(Some(s), g.kantor())?),
        None => None,
    };
    let akhir = tanggal
        .map(|d| d.to_string())
        .unwrap_or_else(|| "9999-12-31".into());
    let lalu = periode.iter().rev().find(|p| p.isi.sampai < akhir);
    let (sebelum, ket) = sebelum_dari(lalu)?;
    Ok(Batas {
        sebelum,
        kini: Saringan {
            berlaku: tanggal,
            dicatat: None,
        },
        keterangan: Keterangan {
            judul: judul.clone(),
            keadaan: match tanggal {
                Some(d) => format!("keadaan per {d}, sebagaimana dicatat kini"),
                None => "keadaan kini (seluruh log)".into(),
            },
            sebelum: ket,
            checkpoint: g.checkpoint_terakhir()?,
        },
        banding_proyeksi: tanggal.is_none(),
    })
}

/// The two frozen states a closed period's recap lies between: the
/// previous closed period (or nothing) and this one.
pub(crate) fn saringan_periode(g: &dyn Toko, nama: &str) -> Result<(Saringan, Saringan), Galat> {
    let b = batas(
        g,
        &Keadaan {
            periode: Some(nama.to_owned()),
            per_tanggal: None,
        },
    )?;
    Ok((b.sebelum, b.kini))
}

/// `padan rekap --period P|--as-of DATE [--level …] --out F`: counted,
/// checked, then written; a recap that breaks an invariant is not written
/// and the error names the cell.
pub fn rekap_dpb(r: &Ruang, o: &OpsiRekap) -> Result<HasilRekap, Galat> {
    let g = r.buka()?;
    let b = batas(&*g, &o.keadaan)?;
    let mut rekap = dpb::hitung(&*g, &b.sebelum, &b.kini)?;
    let proyeksi = if b.banding_proyeksi {
        Some(dpb::dari_proyeksi(&*g)?)
    } else {
        None
    };
    if let Err(e) = dpb::periksa(&rekap, proyeksi.as_ref()) {
        return Err(Galat::baru(
            e.teks(padan_core::Bahasa::Id),
            e.teks(padan_core::Bahasa::En),
        ));
    }
    rekap.baris.retain(|x| match o.tingkat {
        Tingkat::Desa => true,
        Tingkat::Kecamatan => x.tingkat != "desa",
        Tingkat::KabKota => x.tingkat == "kabkota",
    });
    if let Some(f) = &o.keluar {
        dpb::tulis(&rekap, &b.keterangan, f)?;
    }
    Ok(HasilRekap {
        keterangan: b.keterangan,
        rekap,
        berkas: o.keluar.clone(),
    })
}

/// `padan lineage`: one cell.
#[derive(Debug, Clone)]
pub struct OpsiGaris {
    pub keadaan: Keadaan,
    /// A desa, kecamatan or the kab/kota.
    pub wilayah: String,
    pub kolom: String,
    /// How many of the voters behind the cell to list (`None`: every one).
    /// The cell counts them all either way; building a masked row for each
    /// of an office's million voters is most of an office-wide lineage's
    /// time, and a terminal shows the first few.
    pub baris_maks: Option<usize>,
}

/// One voter counted in the cell, with the event that put it there.
#[derive(Debug, Clone, Serialize)]
pub struct BarisGaris {
    pub pemilih: String,
    pub nik_samar: String,
    pub nama: String,
    pub desa: String,
    /// The last event that shaped the state counted.
    pub peristiwa: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Garis {
    pub keterangan: Keterangan,
    pub wilayah: String,
    pub kolom: Kolom,
    /// The cell's number.
    pub sel: u64,
    /// The voters behind it, the first [`OpsiGaris::baris_maks`] in ID
    /// order (for `desa` and `tps`: none; the cell counts region-list
    /// entries and polling stations, listed in `lain`).
    pub peristiwa: Vec<BarisGaris>,
    pub lain: Vec<String>,
}

/// One lineage row: the voter, masked, in the cell's desa.
fn baris_garis(id: i64, k: padan_store::KeadaanRingkas<'_>, desa: String) -> BarisGaris {
    BarisGaris {
        pemilih: tampil_id(id),
        nik_samar: masker::nik(k.nik),
        nama: k.nama.to_owned(),
        desa,
        peristiwa: k.seq_terakhir,
    }
}

fn di_wilayah(desa: &str, w: &str) -> bool {
    desa == w || desa.strip_prefix(w).is_some_and(|r| r.starts_with('.'))
}

pub fn garis(r: &Ruang, o: &OpsiGaris) -> Result<Garis, Galat> {
    let kolom = Kolom::dari_nama(&o.kolom).ok_or_else(|| {
        let semua: Vec<&str> = Kolom::SEMUA.iter().map(|k| k.nama()).collect();
        Galat::baru(
            format!(
                "kolom '{}' tidak ada di rekap; pilih: {}",
                o.kolom,
                semua.join(", ")
            ),
            format!(
                "column '{}' is not in the recap; choose: {}",
                o.kolom,
                semua.join(", ")
            ),
        )
        .misuse()
    })?;
    let g = r.buka()?;
    let wl = g.wilayah()?;
    let wilayah = padan_core::wilayah::normalisasi_kode(&o.wilayah)
        .unwrap_or_else(|| o.wilayah.trim().to_owned());
    if wl.nama(&wilayah).is_none() || !di_wilayah(&wilayah, g.kantor()) {
        return Err(Galat::baru(
            format!(
                "wilayah '{}' tidak dikenal di kantor {}",
                o.wilayah,
                g.kantor()
            ),
            format!("region '{}' is unknown in office {}", o.wilayah, g.kantor()),
        ));
    }
    let b = batas(&*g, &o.keadaan)?;
    let mut peristiwa = vec![];
    let mut lain = vec![];
    // Voters counted in the cell; rows built for the first `maks` only.
    let mut dihitung = 0u64;
    let maks = o.baris_maks.unwrap_or(usize::MAX);
    let mut catat = |id: i64, k: padan_store::KeadaanRingkas<'_>, desa: &str| {
        dihitung += 1;
        if peristiwa.len() < maks {
            peristiwa.push(baris_garis(id, k, desa.to_owned()));
        }
    };
    match kolom {
        Kolom::Desa => {
            lain = wl
                .di_bawah(g.kantor(), padan_core::wilayah::Tingkat::Desa)
                .into_iter()
                .filter(|(k, _)| di_wilayah(k, &wilayah))
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
        }
        Kolom::Tps => {
            let mut tps = std::collections::BTreeSet::new();
            g.lipat_dyn(&b.kini, &mut |_, k| {
                if k.aktif && di_wilayah(&k.pemilih.kode_desa, &wilayah) {
                    tps.insert(format!("{} TPS {}", k.pemilih.kode_desa, k.pemilih.tps));
                }
                Ok(())
            })?;
            lain = tps.into_iter().collect();
        }
        _ if kolom.perubahan() => {
            // Only a voter with an event between the two states can be
            // counted in a change column.
            g.lipat_dua_berubah(&b.sebelum, &b.kini, &mut |id, x, y| {
                let mut kena = None;
                dpb::golongkan(x, y, &mut |h| {
                    if h.kolom == kolom && di_wilayah(h.desa, &wilayah) {
                        kena = Some(h.desa.to_owned());
                    }
                });
                // The cell's desa (a move out counts where the voter was);
                // the state counted is the later one where there is one.
                if let (Some(desa), Some(k)) = (kena, y.or(x)) {
                    catat(id, k.into(), &desa);
                }
                Ok(())
            })?;
        }
        _ => {
            // A state column needs one state only.
            let sebelum = kolom == Kolom::Sebelum;
            let s = if sebelum { &b.sebelum } else { &b.kini };
            let bagian = (wilayah != g.kantor()).then_some(wilayah.as_str());
            g.lipat_wilayah_dyn(s, bagian, &mut |id, k| {
                let mut kena = false;
                dpb::kolom_keadaan(k, sebelum, &mut |c| kena |= c == kolom);
                if kena && di_wilayah(k.kode_desa, &wilayah) {
                    catat(id, k, k.kode_desa);
                }
                Ok(())
            })?;
        }
    }
    // The cell is what the recap's one classification counts: the rows
    // found by it, in one fold.
    let sel = dihitung + lain.len() as u64;
    Ok(Garis {
        keterangan: b.keterangan,
        wilayah,
        kolom,
        sel,
        peristiwa,
        lain,
    })
}

/// `padan profile [--period P|--as-of D] --out F.xlsx|pdf|json`.
#[derive(Debug, Clone, Serialize)]
pub struct HasilProfil {
    pub keterangan: Keterangan,
    pub profil: padan_report::profil::Profil,
    pub berkas: PathBuf,
}

pub fn profil(r: &Ruang, k: &Keadaan, keluar: &std::path::Path) -> Result<HasilProfil, Galat> {
    let g = r.buka()?;
    let b = batas(&*g, k)?;
    let rekap = dpb::hitung(&*g, &b.sebelum, &b.kini)?;
    let p = padan_report::profil::hitung(&*g, &b.kini, &rekap)?;
    let judul = format!(
        "Profil data pemilih KPU {} ({}) · {}",
        g.wilayah()?.nama(g.kantor()).unwrap_or(""),
        g.kantor(),
        b.keterangan.keadaan
    );
    padan_report::profil::tulis(&p, &judul, keluar)?;
    Ok(HasilProfil {
        keterangan: b.keterangan,
        profil: p,
        berkas: keluar.to_path_buf(),
    })
}

/// `padan infographic --period P|--as-of D --out F.png`: aggregates only.
pub fn infografis(r: &Ruang, k: &Keadaan, keluar: &std::path::Path) -> Result<HasilRekap, Galat> {
    if padan_io::atomik::ekstensi(keluar) != "png" {
        return Err(Galat::baru(
            format!("{}: infografis ditulis sebagai .png", keluar.display()),
            format!("{}: an infographic is written as .png", keluar.display()),
        )
        .misuse());
    }
    let h = rekap_dpb(
        r,
        &OpsiRekap {
            keadaan: k.clone(),
            tingkat: Tingkat::Kecamatan,
            keluar: None,
        },
    )?;
    let nama = h
        .rekap
        .baris
        .iter()
        .find(|b| b.tingkat == "kabkota")
        .map(|b| b.nama.to_uppercase())
        .unwrap_or_default();
    let judul = format!(
        "DPB KPU {nama}{}",
        k.periode
            .as_ref()
            .map(|p| format!(" · {}", p.to_uppercase()))
            .unwrap_or_default()
    );
    padan_report::infografis::gambar(&h.rekap, &judul, &h.keterangan.keadaan, keluar).map_err(
        |e| {
            Galat::baru(
                format!("infografis tidak tertulis: {e}"),
                format!("infographic not written: {e}"),
            )
        },
    )?;
    Ok(HasilRekap {
        berkas: Some(keluar.to_path_buf()),
        ..h
    })
}
