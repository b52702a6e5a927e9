//! Periods and the plenary: `padan period close` closes a triwulan or a
//! semester with only decided changes, and writes its Berita Acara (PDF
//! and JSON). A closed period's recap is frozen: it is the register as of
//! the period's last day, as recorded up to the close; later changes,
//! whatever their effective date, belong to the next period.

use crate::galat::Galat;
use crate::izin::{self, Aksi};
use crate::manual::dokumen_dasar;
use crate::ruang::Ruang;
use chrono::NaiveDate;
use padan_core::JenisBatch;
use padan_report::Rekap;
use padan_report::pdf::{Dokumen, Kolom, angka};
use padan_store::tindak::{BacaTindak, InfoCheckpoint, InfoPeriode, IsiPeriode, tampil_keputusan};
use padan_store::{InfoBatch, Perubahan, RingkasanBatch, Toko};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A period's name and last day: `2026-TW1`…`2026-TW4` (triwulan),
/// `2026-S1`, `2026-S2` (semester).
pub fn urai_periode(s: &str) -> Result<(String, NaiveDate), Galat> {
    let t = s.trim().to_uppercase();
    let salah = || {
        Galat::baru(
            format!("periode '{s}' tidak dikenal; tulis TAHUN-TW1…TW4 (triwulan) atau TAHUN-S1/S2 (semester), mis. 2026-TW4"),
            format!("unknown period '{s}'; write YEAR-TW1…TW4 (quarter) or YEAR-S1/S2 (semester), e.g. 2026-TW4"),
        )
        .misuse()
    };
    let (th, bagian) = t.split_once('-').ok_or_else(salah)?;
    let tahun: i32 = th
        .parse()
        .ok()
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(salah)?;
    let bulan = match bagian {
        "TW1" => 3,
        "TW2" | "S1" => 6,
        "TW3" => 9,
        "TW4" | "S2" => 12,
        _ => return Err(salah()),
    };
    let akhir = NaiveDate::from_ymd_opt(tahun, bulan, 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .and_then(|d| d.pred_opt())
        .ok_or_else(salah)?;
    Ok((t, akhir))
}

/// What changed in a period, in one area: the recap's columns
/// (`padan_report::dpb`) between the previous closed period and this one.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct HitungPerubahan {
    /// Active voters at the previous period's close.
    pub sebelum: u64,
    /// Pemilih baru.
    pub baru: u64,
    /// Moved in from another desa of the office.
    pub pindah_masuk: u64,
    /// TMS per code 1–8 (a merge of a duplicate counts as 2).
    pub tms: BTreeMap<u8, u64>,
    /// Moved to another desa of the office.
    pub pindah_keluar: u64,
    /// Registrations withdrawn (an undone decision).
    pub batal: u64,
    /// Voters with a corrected element (perbaikan).
    pub perbaikan: u64,
}

impl HitungPerubahan {
    fn dari(a: &padan_report::dpb::Angka) -> HitungPerubahan {
        use padan_report::dpb::Kolom as K;
        let n = |k| a.get(&k).copied().unwrap_or(0);
        HitungPerubahan {
            sebelum: n(K::Sebelum),
            baru: n(K::Baru),
            pindah_masuk: n(K::PindahMasuk),
            tms: [
                K::Tms1,
                K::Tms2,
                K::Tms3,
                K::Tms4,
                K::Tms5,
                K::Tms6,
                K::Tms7,
                K::Tms8,
            ]
            .into_iter()
            .zip(1u8..)
            .map(|(k, c)| (c, n(k)))
            .collect(),
            pindah_keluar: n(K::PindahKeluar),
            batal: n(K::Batal),
            perbaikan: n(K::Perbaikan),
        }
    }
    pub fn tms_total(&self) -> u64 {
        self.tms.values().sum()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BaDesa {
    pub kode: String,
    pub nama: String,
    pub perubahan: HitungPerubahan,
    pub pemilih_l: u64,
    pub pemilih_p: u64,
    pub pemilih: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BaKecamatan {
    pub kode: String,
    pub nama: String,
    pub perubahan: HitungPerubahan,
    pub pemilih: u64,
    pub desa: Vec<BaDesa>,
}

/// One decision as the Berita Acara lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BaKeputusan {
    pub nomor: String,
    pub kasus: String,
    pub jenis: String,
    pub putusan: padan_core::Putusan,
    pub pemilih: Vec<String>,
    pub operator: String,
    pub disetujui_oleh: Option<String>,
    pub dibatalkan: bool,
    pub dokumen: String,
}

/// The Berita Acara of a period's plenary.
#[derive(Debug, Clone, Serialize)]
pub struct BeritaAcara {
    pub periode: String,
    pub sampai: String,
    pub periode_sebelum: Option<String>,
    pub kantor: String,
    pub nama_kantor: String,
    pub dokumen: String,
    pub ditutup_oleh: String,
    /// The events of the period: `(seq_awal, seq_akhir]`.
    pub seq_awal: i64,
    pub seq_akhir: i64,
    /// The signed checkpoint the period ends at.
    pub checkpoint: InfoCheckpoint,
    pub perubahan: HitungPerubahan,
    pub pemilih: u64,
    pub kecamatan: Vec<BaKecamatan>,
    pub keputusan: Vec<BaKeputusan>,
    /// The period's frozen recap.
    pub rekap: Rekap,
    /// The files written.
    pub berkas: Vec<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct OpsiTutup {
    pub periode: String,
    pub dokumen: String,
    pub operator: String,
    /// Where the Berita Acara goes (default: the workspace's
    /// `berita-acara/`).
    pub keluar: Option<PathBuf>,
}

/// `padan period close`.
pub fn tutup(r: &Ruang, o: &OpsiTutup) -> Result<BeritaAcara, Galat> {
    let (nama, sampai) = urai_periode(&o.periode)?;
    if o.dokumen.trim().is_empty() {
        return Err(Galat::baru(
            "--document wajib diisi: berita acara pleno yang menetapkan",
            "--document is required: the plenary's minutes that decide it",
        )
        .misuse());
    }
    let mut g = r.buka_tulis()?;
    izin::periksa(&*g, &o.operator, Aksi::TutupPeriode, &[])?;
    let sebelum = cek_periode(&*g, &nama, sampai)?;
    let berkas = dokumen_dasar(&*g, &o.dokumen)?;
    let seq_akhir = g.jumlah_peristiwa()?;
    let hari = g.hari_ini();
    let mut b = g.mulai_batch(InfoBatch {
        jenis: JenisBatch::Periode,
        sumber: format!("pleno penutupan periode {nama}"),
        dokumen: o.dokumen.clone(),
        berkas,
        berlaku: hari,
        operator: o.operator.clone(),
        alasan: format!("periode {nama} ditutup dalam rapat pleno"),
        tolak_dokumen_sama: false,
    })?;
    // Under the write lock: nothing came in meanwhile that would change
    // the answer.
    cek_menunggu(&*b)?;
    b.catat(
        None,
        &Perubahan::Periode(Box::new(IsiPeriode {
            nama: nama.clone(),
            sampai: sampai.to_string(),
            seq_akhir,
            sebelum: sebelum.as_ref().map(|p| p.isi.nama.clone()),
            dokumen: o.dokumen.clone(),
        })),
        None,
    )?;
    b.selesai(RingkasanBatch::semua_diterima(1))?;
    let p = g
        .daftar_periode()?
        .into_iter()
        .find(|p| p.isi.nama == nama)
        .ok_or_else(|| Galat::baru("periode tidak tersimpan", "the period was not stored"))?;
    let mut ba = berita_acara(&*g, &p, &o.operator)?;
    let dir = o
        .keluar
        .clone()
        .unwrap_or_else(|| r.dir.join("berita-acara"));
    ba.berkas = tulis_berkas(&ba, &dir)?;
    Ok(ba)
}

/// The period closed last before `nama`; refuses a period closed already
/// or one that does not come after the last.
fn cek_periode(g: &dyn Toko, nama: &str, sampai: NaiveDate) -> Result<Option<InfoPeriode>, Galat> {
    let semua = g.daftar_periode()?;
    if let Some(p) = semua.iter().find(|p| p.isi.nama == nama) {
        return Err(Galat::baru(
            format!(
                "periode {nama} sudah ditutup (peristiwa #{}, dokumen \"{}\"); perubahan baru masuk periode berikutnya",
                p.seq, p.isi.dokumen
            ),
            format!(
                "period {nama} is already closed (event #{}, document \"{}\"); new changes belong to the next period",
                p.seq, p.isi.dokumen
            ),
        ));
    }
    let akhir = semua.last().cloned();
    if let Some(p) = &akhir
        && p.isi.sampai.as_str() >= sampai.to_string().as_str()
    {
        return Err(Galat::baru(
            format!(
                "periode {nama} (sampai {sampai}) tidak sesudah periode terakhir yang ditutup, {} (sampai {})",
                p.isi.nama, p.isi.sampai
            ),
            format!(
                "period {nama} (to {sampai}) does not come after the last period closed, {} (to {})",
                p.isi.nama, p.isi.sampai
            ),
        ));
    }
    cek_menunggu(g)?;
    Ok(akhir)
}

/// Refuses while removals wait for approval, and names them.
fn cek_menunggu(g: &dyn BacaTindak) -> Result<(), Galat> {
    let m = g.menunggu_persetujuan()?;
    if m.is_empty() {
        return Ok(());
    }
    let daftar: Vec<String> = m
        .iter()
        .take(20)
        .map(|k| {
            format!(
                "{} ({}, {})",
                tampil_keputusan(k.isi.nomor),
                k.isi.kasus,
                k.isi.jenis
            )
        })
        .collect();
    let lagi = if m.len() > 20 {
        format!(" … (+{})", m.len() - 20)
    } else {
        String::new()
    };
    Err(Galat::baru(
        format!(
            "periode belum dapat ditutup: {} pencoretan menunggu persetujuan verifikator: {}{lagi}; setujui (padan approve) atau batalkan (padan undo) dulu",
            m.len(),
            daftar.join(", ")
        ),
        format!(
            "the period cannot be closed yet: {} removals wait for a verifikator's approval: {}{lagi}; approve (padan approve) or undo (padan undo) them first",
            m.len(),
            daftar.join(", ")
        ),
    ))
}

/// Builds a closed period's Berita Acara from the log.
pub fn berita_acara(g: &dyn Toko, p: &InfoPeriode, ketua: &str) -> Result<BeritaAcara, Galat> {
    let cp = g.checkpoint_batch(p.batch)?.ok_or_else(|| {
        Galat::baru(
            "checkpoint penutupan periode hilang",
            "the period close's checkpoint is missing",
        )
    })?;
    let periode = g.daftar_periode()?;
    let seq_awal = p
        .isi
        .sebelum
        .as_ref()
        .and_then(|s| periode.iter().find(|x| &x.isi.nama == s))
        .map(|x| x.isi.seq_akhir)
        .unwrap_or(0);
    // The changes are the recap's columns between the two frozen states,
    // so the Berita Acara and `rekap --period` cannot disagree.
    let (sebelum, kini) = crate::rekapitulasi::saringan_periode(g, &p.isi.nama)?;
    let dpb = padan_report::dpb::hitung(g, &sebelum, &kini)?;
    if let Err(e) = padan_report::dpb::periksa(&dpb, None) {
        return Err(Galat::baru(
            e.teks(padan_core::Bahasa::Id),
            e.teks(padan_core::Bahasa::En),
        ));
    }
    let w = g.wilayah()?;
    // The frozen L/P recap is the same fold's desa rows: not folded again.
    let rekap = padan_report::susun(
        g.kantor(),
        &w,
        &dpb.baris
            .iter()
            .filter(|b| b.tingkat == "desa")
            .map(|b| {
                let n = |k| b.angka.get(&k).copied().unwrap_or(0);
                (
                    b.kode.clone(),
                    padan_report::Jumlah {
                        l: n(padan_report::dpb::Kolom::L),
                        p: n(padan_report::dpb::Kolom::P),
                    },
                )
            })
            .collect(),
    );
    let mut kecamatan = vec![];
    let mut desa = vec![];
    let mut jumlah = HitungPerubahan::default();
    let mut pemilih_total = 0;
    for b in dpb.baris {
        let h = HitungPerubahan::dari(&b.angka);
        let total = b
            .angka
            .get(&padan_report::dpb::Kolom::Total)
            .copied()
            .unwrap_or(0);
        match b.tingkat {
            "desa" => desa.push(BaDesa {
                kode: b.kode,
                nama: b.nama,
                pemilih_l: b
                    .angka
                    .get(&padan_report::dpb::Kolom::L)
                    .copied()
                    .unwrap_or(0),
                pemilih_p: b
                    .angka
                    .get(&padan_report::dpb::Kolom::P)
                    .copied()
                    .unwrap_or(0),
                pemilih: total,
                perubahan: h,
            }),
            "kecamatan" => kecamatan.push(BaKecamatan {
                kode: b.kode,
                nama: b.nama,
                perubahan: h,
                pemilih: total,
                desa: std::mem::take(&mut desa),
            }),
            _ => {
                jumlah = h;
                pemilih_total = total;
            }
        }
    }
    // A decision belongs to the first closed period it was recorded
    // before and effective within; one recorded after the previous close,
    // or effective after its end, belongs here.
    let lalu = p
        .isi
        .sebelum
        .as_ref()
        .and_then(|s| periode.iter().find(|x| &x.isi.nama == s));
    let keputusan = g
        .daftar_keputusan(0, p.isi.seq_akhir)?
        .into_iter()
        .filter(|k| k.berlaku <= p.isi.sampai)
        .filter(|k| lalu.is_none_or(|l| k.seq > l.isi.seq_akhir || k.berlaku > l.isi.sampai))
        .map(|k| BaKeputusan {
            nomor: tampil_keputusan(k.isi.nomor),
            kasus: k.isi.kasus,
            jenis: k.isi.jenis,
            putusan: k.isi.putusan,
            pemilih: k
                .isi
                .pemilih
                .iter()
                .map(|i| padan_store::tampil_id(*i))
                .collect(),
            operator: k.operator,
            disetujui_oleh: k.disetujui_oleh,
            dibatalkan: k.dibatalkan_seq.is_some_and(|s| s <= p.isi.seq_akhir),
            dokumen: k.isi.dokumen,
        })
        .collect();
    Ok(BeritaAcara {
        periode: p.isi.nama.clone(),
        sampai: p.isi.sampai.clone(),
        periode_sebelum: p.isi.sebelum.clone(),
        kantor: g.kantor().to_owned(),
        nama_kantor: w.nama(g.kantor()).unwrap_or("").to_owned(),
        dokumen: p.isi.dokumen.clone(),
        ditutup_oleh: ketua.to_owned(),
        seq_awal,
        seq_akhir: p.isi.seq_akhir,
        checkpoint: cp,
        perubahan: jumlah,
        pemilih: pemilih_total,
        kecamatan,
        keputusan,
        rekap,
        berkas: vec![],
    })
}

fn tulis_berkas(ba: &BeritaAcara, dir: &Path) -> Result<Vec<PathBuf>, Galat> {
    std::fs::create_dir_all(dir)?;
    let dasar = dir.join(format!("BA-{}", ba.periode));
    let json = dasar.with_extension("json");
    let pdf = dasar.with_extension("pdf");
    let teks =
        serde_json::to_vec_pretty(ba).map_err(|e| Galat::baru(e.to_string(), e.to_string()))?;
    padan_io::atomik::tulis(&json, &teks)?;
    padan_io::atomik::tulis(&pdf, &pdf_ba(ba))?;
    Ok(vec![pdf, json])
}

fn sel_perubahan(h: &HitungPerubahan) -> Vec<String> {
    let mut v = vec![angka(h.sebelum), angka(h.baru)];
    v.extend(h.tms.values().map(|n| angka(*n)));
    v.extend([
        angka(h.pindah_masuk),
        angka(h.pindah_keluar),
        angka(h.perbaikan),
    ]);
    v
}

/// The Berita Acara on paper.
pub fn pdf_ba(ba: &BeritaAcara) -> Vec<u8> {
    let mut d = Dokumen::baru(&format!(
        "Berita Acara pleno periode {} · KPU {} ({})",
        ba.periode, ba.nama_kantor, ba.kantor
    ));
    d.judul("BERITA ACARA", 14.0);
    d.judul(
        "RAPAT PLENO TERBUKA REKAPITULASI DAFTAR PEMILIH BERKELANJUTAN",
        11.0,
    );
    d.judul(
        &format!(
            "PERIODE {} · KPU {} ({})",
            ba.periode,
            ba.nama_kantor.to_uppercase(),
            ba.kantor
        ),
        11.0,
    );
    d.jarak(8.0);
    d.teks(&format!("Dasar: {}", ba.dokumen), 9.5, false);
    d.teks(
        &format!(
            "Periode berakhir {} · ditutup oleh {} · peristiwa #{} s.d. #{}",
            ba.sampai,
            ba.ditutup_oleh,
            ba.seq_awal + 1,
            ba.seq_akhir
        ),
        9.5,
        false,
    );
    d.teks(
        &format!(
            "Jumlah pemilih akhir periode: {} · pemilih baru {} · TMS {} · perbaikan {}",
            angka(ba.pemilih),
            angka(ba.perubahan.baru),
            angka(ba.perubahan.tms_total()),
            angka(ba.perubahan.perbaikan)
        ),
        9.5,
        true,
    );
    d.jarak(6.0);
    d.teks(
        "Checkpoint bertanda tangan tempat periode berakhir:",
        9.5,
        true,
    );
    let c = &ba.checkpoint;
    d.teks(
        &format!(
            "batch {} · ukuran log {} peristiwa · dicatat {}",
            c.batch, c.ukuran_log, c.dicatat
        ),
        8.5,
        false,
    );
    d.teks(&format!("akar Merkle batch {}", c.akar), 8.0, false);
    d.teks(&format!("kepala rantai {}", c.kepala), 8.0, false);
    d.teks(
        &format!("kunci publik kantor {}", c.kunci_publik),
        8.0,
        false,
    );
    // The signature whole, in two lines: a cut one could not be checked.
    let (a, z) = c.tanda_tangan.split_at(c.tanda_tangan.len().min(64));
    d.teks(&format!("tanda tangan {a}"), 7.5, false);
    d.teks(&format!("             {z}"), 7.5, false);
    d.jarak(8.0);
    d.teks("Perubahan per kecamatan dan desa/kelurahan", 10.5, true);
    let k = |lebar, kanan| Kolom { lebar, kanan };
    let mut kolom = vec![k(96.0, false), k(40.0, true), k(32.0, true)];
    kolom.extend((0..8).map(|_| k(22.0, true)));
    kolom.extend([k(24.0, true), k(24.0, true), k(30.0, true), k(44.0, true)]);
    let mut kepala = vec!["Wilayah".to_owned(), "Sblm".to_owned(), "Baru".to_owned()];
    kepala.extend((1..=8).map(|k| format!("T{k}")));
    kepala.extend(["Msk".into(), "Klr".into(), "Perb.".into(), "Pemilih".into()]);
    d.baris(&kolom, &kepala, 7.5, true);
    for k in &ba.kecamatan {
        let mut s = vec![format!("Kec. {}", k.nama)];
        s.extend(sel_perubahan(&k.perubahan));
        s.push(angka(k.pemilih));
        d.baris(&kolom, &s, 7.5, true);
        for x in &k.desa {
            let mut s = vec![format!("  {}", x.nama)];
            s.extend(sel_perubahan(&x.perubahan));
            s.push(angka(x.pemilih));
            d.baris(&kolom, &s, 7.5, false);
        }
    }
    let mut s = vec![format!("JUMLAH {}", ba.nama_kantor.to_uppercase())];
    s.extend(sel_perubahan(&ba.perubahan));
    s.push(angka(ba.pemilih));
    d.baris(&kolom, &s, 7.5, true);
    d.jarak(10.0);
    d.teks(
        &format!(
            "Daftar keputusan tindak lanjut ({})",
            angka(ba.keputusan.len() as u64)
        ),
        10.5,
        true,
    );
    let kolom = [
        Kolom {
            lebar: 62.0,
            kanan: false,
        },
        Kolom {
            lebar: 62.0,
            kanan: false,
        },
        Kolom {
            lebar: 92.0,
            kanan: false,
        },
        Kolom {
            lebar: 52.0,
            kanan: false,
        },
        Kolom {
            lebar: 80.0,
            kanan: false,
        },
        Kolom {
            lebar: 70.0,
            kanan: false,
        },
        Kolom {
            lebar: 80.0,
            kanan: false,
        },
    ];
    d.baris(
        &kolom,
        &[
            "Nomor",
            "Kasus",
            "Jenis",
            "Putusan",
            "Pemilih",
            "Operator",
            "Disetujui",
        ]
        .map(String::from),
        7.5,
        true,
    );
    for k in &ba.keputusan {
        d.baris(
            &kolom,
            &[
                k.nomor.clone(),
                k.kasus.clone(),
                k.jenis.clone(),
                if k.dibatalkan {
                    format!("{} (batal)", k.putusan)
                } else {
                    k.putusan.to_string()
                },
                k.pemilih.join(", "),
                k.operator.clone(),
                k.disetujui_oleh.clone().unwrap_or_else(|| "-".into()),
            ],
            7.0,
            false,
        );
    }
    d.jarak(24.0);
    d.tetap_bersama(80.0);
    d.teks(&format!("Ketua KPU {}", ba.nama_kantor), 9.5, false);
    d.jarak(30.0);
    d.teks(&format!("( {} )", ba.ditutup_oleh), 9.5, false);
    d.selesai()
}

/// `padan period list`.
pub fn daftar(r: &Ruang) -> Result<Vec<InfoPeriode>, Galat> {
    Ok(r.buka()?.daftar_periode()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    #[test]
    fn periods_end_on_their_last_day() {
        let akhir = |s| urai_periode(s).map(|(_, d)| d.to_string()).ok();
        assert_eq!(akhir("2026-TW4").as_deref(), Some("2026-12-31"));
        assert_eq!(akhir("2024-tw1").as_deref(), Some("2024-03-31"));
        assert_eq!(akhir("2026-TW2").as_deref(), Some("2026-06-30"));
        assert_eq!(akhir("2026-S1").as_deref(), Some("2026-06-30"));
        assert_eq!(akhir("2026-TW3").as_deref(), Some("2026-09-30"));
        assert_eq!(akhir(" 2026-S2 ").as_deref(), Some("2026-12-31"));
        for salah in [
            "",
            "2026",
            "2026-TW5",
            "2026-S3",
            "TW4-2026",
            "1999-TW1",
            "2026-TW4-",
            "2026–TW4",
        ] {
            assert!(urai_periode(salah).is_err(), "{salah}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_a_period_or_a_clear_refusal(s in "\\PC{0,16}") {
            if let Ok((nama, akhir)) = urai_periode(&s) {
                // A period's name reads back to the same period.
                prop_assert_eq!(urai_periode(&nama).map(|x| x.1).ok(), Some(akhir));
            }
        }

        #[test]
        fn every_quarter_of_every_year_parses(y in 2000i32..=2100, q in 1u32..=4) {
            let (_, akhir) = urai_periode(&format!("{y}-TW{q}")).unwrap();
            prop_assert_eq!(akhir.succ_opt().map(|d| (d.month(), d.day())), Some(((q * 3) % 12 + 1, 1)));
        }
    }
}
