//! `padan import`: a file becomes one atomic batch of events.
//!
//! The file is first copied into the workspace's document store (hashing as
//! it copies) and parsed from that copy, so every event points to the exact
//! bytes and row it came from. Rows that break a rule are kept, with their
//! reasons, in the database and in a rejects file in the input's format.
//! Accepted + rejected = rows read, always.

use crate::galat::Galat;
use crate::kemajuan::Kemajuan;
use crate::pesan::Pesan as P;
use crate::ruang::Ruang;
use crate::teks::{Bahasa, t};
use padan_core::pemilih::{Elemen, Mentah};
use padan_core::validasi::{self, KEBIJAKAN_DAFTAR, KEBIJAKAN_SUMBER, Keterangan, Konteks};
use padan_core::{Kode, Nik, Pemilih, TemuanAturan, nik::periksa_nik};
use padan_io::tulis::FormatKeluar;
use padan_io::{FormatBerkas, Pembaca, Pemetaan, PenulisTabel};
use padan_store::{
    DaftarSiap, InfoBatch, IsiSiap, KonteksIsi, Perubahan, RingkasanBatch, Toko, TulisBatch,
    tampil_id, urai_id,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JenisImpor {
    /// The register (DPT/DPB): every row becomes a voter.
    Dpt,
    /// Population extract from Kemendagri: reference records for matching.
    Dp4,
    /// Death records: reference records for matching.
    Meninggal,
    /// Serving TNI/Polri members: reference records for matching.
    TniPolri,
    /// Field verification results: B (new), U (changed), 1–8 (TMS).
    Coklit,
}

impl JenisImpor {
    pub const SEMUA: [JenisImpor; 5] = [
        JenisImpor::Dpt,
        JenisImpor::Dp4,
        JenisImpor::Meninggal,
        JenisImpor::TniPolri,
        JenisImpor::Coklit,
    ];

    /// The kind of batch an import of this kind is.
    pub fn batch(self) -> padan_core::JenisBatch {
        use padan_core::JenisBatch as B;
        match self {
            JenisImpor::Dpt => B::Dpt,
            JenisImpor::Dp4 => B::Dp4,
            JenisImpor::Meninggal => B::Meninggal,
            JenisImpor::TniPolri => B::TniPolri,
            JenisImpor::Coklit => B::Coklit,
        }
    }

    pub fn nama(self) -> &'static str {
        match self {
            JenisImpor::Dpt => "dpt",
            JenisImpor::Dp4 => "dp4",
            JenisImpor::Meninggal => "meninggal",
            JenisImpor::TniPolri => "tni-polri",
            JenisImpor::Coklit => "coklit",
        }
    }

    /// The columns a file of this kind must have.
    pub fn wajib(self) -> &'static [Elemen] {
        use Elemen::*;
        match self {
            JenisImpor::Dpt => &[
                Nkk,
                Nik,
                Nama,
                TempatLahir,
                TanggalLahir,
                StatusKawin,
                JenisKelamin,
                Alamat,
                KodeDesa,
                Tps,
            ],
            JenisImpor::Dp4 => &[Nik, Nama, TanggalLahir, JenisKelamin, KodeDesa],
            JenisImpor::Meninggal => &[Nik, Nama, TanggalMeninggal],
            JenisImpor::TniPolri => &[Nik, Nama, Instansi],
            JenisImpor::Coklit => &[Nik, Keterangan],
        }
    }
}

#[derive(Debug, Clone)]
pub struct OpsiImpor {
    pub jenis: JenisImpor,
    pub berkas: PathBuf,
    pub sumber: String,
    pub dokumen: String,
    /// The effective date as given (default today at the office).
    pub berlaku: Option<String>,
    pub operator: String,
    pub lembar: Option<String>,
    pub paksa: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContohTolakan {
    pub baris: u64,
    pub kode: String,
    pub pesan: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct HasilImpor {
    pub batch: i64,
    pub jenis: String,
    pub berkas: String,
    pub format: String,
    pub dokumen_sha256: String,
    pub berlaku: String,
    pub dibaca: u64,
    pub diterima: u64,
    pub ditolak: u64,
    pub pemilih_baru: u64,
    pub diubah: u64,
    pub tms: u64,
    pub rekaman_sumber: u64,
    pub tanpa_perubahan: u64,
    /// Warnings on accepted rows, per rule code.
    pub peringatan: BTreeMap<String, u64>,
    /// Errors on rejected rows, per rule code.
    pub galat: BTreeMap<String, u64>,
    pub catatan: Vec<String>,
    pub kolom_diabaikan: Vec<String>,
    pub contoh_tolakan: Vec<ContohTolakan>,
    pub berkas_tolakan: Option<PathBuf>,
    pub akar_merkle: String,
}

const CONTOH_MAKS: usize = 10;

struct ImporBerjalan<'a> {
    b: Box<dyn TulisBatch + 'a>,
    tolakan: Option<PenulisTabel>,
    h: HasilImpor,
    bahasa: Bahasa,
}

impl ImporBerjalan<'_> {
    fn tolak(&mut self, no: u64, nilai: &[String], temuan: &[TemuanAturan]) -> Result<(), Galat> {
        let galat: Vec<&TemuanAturan> = temuan.iter().filter(|x| x.is_galat()).collect();
        let kode = galat
            .iter()
            .map(|x| x.kode.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let pesan = galat
            .iter()
            .map(|x| match &x.kolom {
                Some(k) => format!("kolom {k}: {}", x.teks(self.bahasa)),
                None => x.teks(self.bahasa).to_owned(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        for x in &galat {
            *self.h.galat.entry(x.kode.to_string()).or_default() += 1;
        }
        self.b.tolak(no as i64, &kode, &pesan, nilai)?;
        if let Some(w) = &mut self.tolakan {
            let mut row: Vec<&str> = nilai.iter().map(String::as_str).collect();
            row.push(&kode);
            row.push(&pesan);
            w.tulis(&row)?;
        }
        if self.h.contoh_tolakan.len() < CONTOH_MAKS {
            self.h.contoh_tolakan.push(ContohTolakan {
                baris: no,
                kode,
                pesan,
            });
        }
        self.h.ditolak += 1;
        Ok(())
    }

    fn terima(&mut self, temuan: &[TemuanAturan]) -> Vec<String> {
        self.h.diterima += 1;
        temuan
            .iter()
            .filter(|x| !x.is_galat())
            .map(|x| {
                *self.h.peringatan.entry(x.kode.to_string()).or_default() += 1;
                x.kode.to_string()
            })
            .collect()
    }
}

fn peringatan(kode: Kode, kolom: &str, id: String, en: String) -> TemuanAturan {
    TemuanAturan::peringatan(kode, Some(kolom), id, en)
}

fn galat_baris(kode: Kode, kolom: Option<&str>, id: String, en: String) -> TemuanAturan {
    TemuanAturan::galat(kode, kolom, id, en)
}

/// `padan import`: opens the workspace for writing and runs the import.
pub fn jalankan(
    r: &Ruang,
    o: &OpsiImpor,
    bahasa: Bahasa,
    k: &dyn Kemajuan,
) -> Result<HasilImpor, Galat> {
    let mut g = r.buka_tulis()?;
    impor(&mut *g, o, bahasa, k)
}

/// Runs an import on an open workspace. Nothing is written to the log
/// unless every row was read.
pub fn impor(
    g: &mut dyn Toko,
    o: &OpsiImpor,
    bahasa: Bahasa,
    kemajuan: &dyn Kemajuan,
) -> Result<HasilImpor, Galat> {
    crate::izin::periksa(&*g, &o.operator, crate::izin::Aksi::Impor, &[])?;
    // A symbolic link or a device is refused before anything of it is read.
    padan_io::baca::periksa_berkas(&o.berkas)?;
    let wilayah = g.wilayah()?;
    let kantor = g.kantor().to_owned();
    let hari_ini = g.hari_ini();
    let berlaku = crate::tanggal::tanggal_berlaku(o.berlaku.as_deref(), &kantor)?;
    let dok = g.simpan_dokumen(&o.berkas)?;
    // Parse the stored copy: the bytes hashed are the bytes read.
    let buka = Pembaca::buka(&dok.path, o.lembar.as_deref()).and_then(|p| {
        let peta = Pemetaan::dari_judul(&p.judul, o.jenis.wajib())?;
        Ok((p, peta))
    });
    let (mut pembaca, peta) = match buka {
        Ok(x) => x,
        Err(e) => {
            g.buang_dokumen_yatim(&dok)?;
            // Name the file the operator gave, not the stored copy.
            let id = e.to_string().replace(
                &dok.path.display().to_string(),
                &o.berkas.display().to_string(),
            );
            let en = e.teks(Bahasa::En).replace(
                &dok.path.display().to_string(),
                &o.berkas.display().to_string(),
            );
            return Err(Galat::baru(id, en));
        }
    };
    let n_kolom = pembaca.judul.len();
    let judul = pembaca.judul.clone();
    let format = pembaca.format;

    let info = InfoBatch {
        jenis: o.jenis.batch(),
        sumber: o.sumber.clone(),
        dokumen: o.dokumen.clone(),
        berkas: Some(dok.clone()),
        berlaku,
        operator: o.operator.clone(),
        alasan: format!("impor {}: {}", o.jenis.nama(), o.sumber),
        // "Already imported" is decided under the write lock, so two imports
        // of one file at the same moment cannot both pass.
        tolak_dokumen_sama: !o.paksa,
    };
    // A refused batch removes the copy no batch refers to (the store does
    // it under the lock).
    let mut b = g.mulai_batch(info)?;
    if o.jenis == JenisImpor::Dpt {
        b.tunda_indeks()?;
    }
    let stem = o
        .berkas
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "berkas".into());
    let (ext, fk) = match format {
        FormatBerkas::Csv { pemisah } => ("csv", FormatKeluar::Csv { pemisah }),
        FormatBerkas::Xlsx => ("xlsx", FormatKeluar::Xlsx),
    };
    let path_tolakan = b.path_tolakan(&stem, ext)?;
    let mut judul_tolakan: Vec<&str> = judul.iter().map(String::as_str).collect();
    judul_tolakan.extend(["kode_galat", "keterangan"]);
    let tolakan = PenulisTabel::buat(&path_tolakan, fk, &judul_tolakan)?;
    let mut j = ImporBerjalan {
        h: HasilImpor {
            batch: b.id(),
            jenis: o.jenis.nama().into(),
            berkas: o.berkas.display().to_string(),
            format: match bahasa {
                Bahasa::Id => format.nama(),
                Bahasa::En => format.name_en(),
            },
            dokumen_sha256: dok.sha256.clone(),
            berlaku: berlaku.to_string(),
            kolom_diabaikan: peta.tak_dikenal.clone(),
            ..Default::default()
        },
        b,
        tolakan: Some(tolakan),
        bahasa,
    };
    let ctx = Konteks {
        wilayah: &wilayah,
        kantor: &kantor,
        tanggal_acuan: berlaku,
        hari_ini,
    };
    let ada_pemilih = j.b.ada_pemilih()?;
    let mut nik_berkas: HashSet<u64> = HashSet::new();
    kemajuan.mulai(t(bahasa, P::Import2), t(bahasa, P::Rows));
    // Two stages on two cores: a reader thread parses, maps and validates
    // rows (all row-local work); this thread appends events, rejects and
    // projection rows, which must happen in order. Chunks keep the channel
    // cheap; the bound keeps memory flat.
    let jenis = o.jenis;
    let konteks = j.b.konteks_isi();
    let hasil_baca: Result<(), Galat> = std::thread::scope(|sc| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<BarisTerbaca>, Galat>>(8);
        let ctx = &ctx;
        let peta = &peta;
        let pembaca_ref = &mut pembaca;
        let konteks_baca = konteks.clone();
        sc.spawn(move || baca_semua(pembaca_ref, peta, ctx, &konteks_baca, jenis, n_kolom, tx));
        for potongan in rx {
            for mut baris in potongan? {
                j.h.dibaca += 1;
                if j.h.dibaca.is_multiple_of(8192) {
                    kemajuan.maju(j.h.dibaca);
                }
                let no = baris.no;
                let temuan = &mut baris.temuan;
                match baris.olah {
                    NasibBaris::Tolak => j.tolak(no, &baris.nilai, temuan)?,
                    NasibBaris::Daftar(d) => {
                        let mut d = *d;
                        if ada_pemilih && let Some(t) = sudah_terdaftar(&*j.b, d.pemilih())? {
                            temuan.push(t);
                            d = konteks.tambah_peringatan(d, "NIK-SUDAH-TERDAFTAR")?;
                        }
                        j.terima(temuan);
                        j.b.daftar_siap(d)?;
                        j.h.pemilih_baru += 1;
                    }
                    NasibBaris::Sumber(isi) => {
                        j.terima(temuan);
                        j.b.tulis(None, &isi)?;
                        j.h.rekaman_sumber += 1;
                    }
                    NasibBaris::Coklit(m) => baris_coklit(
                        &mut j,
                        no,
                        &baris.nilai,
                        &m,
                        ctx,
                        ada_pemilih,
                        &mut nik_berkas,
                        temuan,
                    )?,
                }
            }
        }
        Ok(())
    });
    hasil_baca?;
    kemajuan.selesai();
    for c in pembaca.semua_catatan() {
        j.h.catatan.push(match bahasa {
            Bahasa::Id => c.id,
            Bahasa::En => c.en,
        });
    }
    let rincian = serde_json::json!({
        "format": j.h.format,
        "pemilih_baru": j.h.pemilih_baru,
        "diubah": j.h.diubah,
        "tms": j.h.tms,
        "rekaman_sumber": j.h.rekaman_sumber,
        "tanpa_perubahan": j.h.tanpa_perubahan,
        "peringatan": j.h.peringatan,
        "galat": j.h.galat,
        "catatan": j.h.catatan,
        "kolom_diabaikan": j.h.kolom_diabaikan,
    });
    let ringkasan = RingkasanBatch {
        dibaca: j.h.dibaca,
        diterima: j.h.diterima,
        ditolak: j.h.ditolak,
        rincian,
    };
    let ImporBerjalan {
        b, tolakan, mut h, ..
    } = j;
    // The rejects file is written out before the commit and moved into
    // place after it: a crash in between leaves a complete file that the
    // next write moves into place (padan_store's cleanup).
    let tertutup = match tolakan {
        Some(w) if h.ditolak > 0 => Some(w.tutup()?),
        _ => None,
    };
    let akar = match b.selesai(ringkasan) {
        Ok(a) => a,
        Err(e) => {
            if let Some(t) = tertutup {
                t.buang();
            }
            return Err(e.into());
        }
    };
    h.akar_merkle = hex::encode(akar);
    if let Some(t) = tertutup {
        // The batch is committed: a rejects file that cannot be moved now
        // is said, not reported as a failed import; the next write moves it.
        match t.pindahkan() {
            Ok(p) => h.berkas_tolakan = Some(p),
            Err(e) => h.catatan.push(match bahasa {
                Bahasa::Id => format!("berkas tolakan belum dapat dipindahkan ({e}); perintah tulis berikutnya menyelesaikannya"),
                Bahasa::En => format!("the rejects file could not be moved yet ({}); the next write finishes it", e.teks(Bahasa::En)),
            }),
        }
    }
    Ok(h)
}

/// What the reader stage made of one row.
enum NasibBaris {
    /// Refused; `temuan` says why.
    Tolak,
    /// A valid register row, its event prepared.
    Daftar(Box<DaftarSiap>),
    /// A valid source record (population extract, death, TNI/Polri), its
    /// event prepared.
    Sumber(IsiSiap),
    /// A coklit row: checked against the register by the writer stage.
    Coklit(Box<Mentah>),
}

struct BarisTerbaca {
    no: u64,
    /// The fields as read; kept only where a rejects file may need them.
    nilai: Vec<String>,
    olah: NasibBaris,
    temuan: Vec<TemuanAturan>,
}

const POTONGAN: usize = 2048;
/// Bytes of kept fields per chunk (with 8 chunks in flight: 64 MiB at most).
const POTONGAN_BAIT: usize = 8 << 20;

fn kode_peringatan(temuan: &[TemuanAturan]) -> Vec<String> {
    temuan
        .iter()
        .filter(|x| !x.is_galat())
        .map(|x| x.kode.to_string())
        .collect()
}

/// Region names to the desa code for a file that gives names, not codes.
struct UraiWilayah(Option<padan_core::nama_wilayah::Tembolok>);

impl UraiWilayah {
    fn baru(peta: &Pemetaan, ctx: &Konteks) -> UraiWilayah {
        UraiWilayah(
            peta.nama_wilayah
                .map(|_| padan_core::nama_wilayah::Tembolok::baru(ctx.wilayah)),
        )
    }

    /// Sets the row's desa code from its names; a row whose names fit no
    /// single desa gets the finding that refuses it.
    fn isi(&mut self, peta: &Pemetaan, buf: &[String], m: &mut Mentah) -> Option<TemuanAturan> {
        use padan_core::nama_wilayah::Tunjuk;
        let (t, n) = (self.0.as_mut()?, peta.nama_wilayah(buf)?);
        let t = t.tunjuk(&n);
        if let Tunjuk::Kode(k) = t {
            m.set(Elemen::KodeDesa, k.as_str());
            return None;
        }
        let di = [
            ("kecamatan", n.kecamatan),
            ("kab/kota", n.kabkota),
            ("provinsi", n.provinsi),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(t, v)| format!(", {t} '{v}'"))
        .collect::<String>();
        let (id, en) = match t {
            Tunjuk::Ganda(x) => (
                format!(
                    "nama desa/kelurahan '{}'{di} cocok dengan {x} desa di daftar wilayah; tambahkan kolom KECAMATAN dan KABUPATEN/KOTA, atau pakai kolom KODE_DESA",
                    n.desa
                ),
                format!(
                    "desa/kelurahan name '{}'{di} fits {x} desa in the region list; add KECAMATAN and KABUPATEN/KOTA columns, or use a KODE_DESA column",
                    n.desa
                ),
            ),
            Tunjuk::TidakAda | Tunjuk::Kode(_) => (
                format!(
                    "nama desa/kelurahan '{}'{di} tidak ada di daftar wilayah; periksa ejaannya, atau pakai kolom KODE_DESA",
                    n.desa
                ),
                format!(
                    "desa/kelurahan name '{}'{di} is not in the region list; check its spelling, or use a KODE_DESA column",
                    n.desa
                ),
            ),
        };
        Some(galat_baris(Kode::DesaNama, Some("kode_desa"), id, en))
    }
}

/// The reader stage: every row-local rule, in file order, in chunks, with
/// each accepted row's event already serialised and its content hashed.
fn baca_semua(
    pembaca: &mut Pembaca,
    peta: &Pemetaan,
    ctx: &Konteks,
    konteks: &KonteksIsi,
    jenis: JenisImpor,
    n_kolom: usize,
    tx: std::sync::mpsc::SyncSender<Result<Vec<BarisTerbaca>, Galat>>,
) {
    let mut buf: Vec<String> = Vec::with_capacity(n_kolom);
    let mut m = Mentah::default();
    let mut potongan = Vec::with_capacity(POTONGAN);
    let mut nik_berkas: HashSet<u64> = HashSet::new();
    let mut urai = UraiWilayah::baru(peta, ctx);
    let mut bait = 0usize;
    let kirim = |x| tx.send(x).is_ok();
    loop {
        let no = match pembaca.baca(&mut buf) {
            Ok(Some(no)) => no,
            Ok(None) => break,
            Err(e) => {
                kirim(Err(e.into()));
                return;
            }
        };
        let mut temuan = Vec::new();
        let baris = Some(no as i64);
        let olah: Result<NasibBaris, Galat> = if let Some((kol, _)) = pembaca.medan_panjang {
            let nama = pembaca.judul.get(kol).cloned().unwrap_or_default();
            let batas = padan_io::baca::batas::MEDAN;
            temuan.push(galat_baris(
                Kode::MedanPanjang,
                Some(&nama),
                format!("isi kolom lebih panjang dari batas {batas} karakter; disimpan terpotong"),
                format!("the field is longer than the limit of {batas} characters; kept cut short"),
            ));
            Ok(NasibBaris::Tolak)
        } else if buf.len() != n_kolom {
            temuan.push(galat_baris(
                Kode::BarisKolom,
                None,
                format!("baris berisi {} kolom, judul berisi {n_kolom}; periksa pemisah kolom dan tanda kutip", buf.len()),
                format!("the row has {} fields, the header {n_kolom}; check delimiters and quotes", buf.len()),
            ));
            Ok(NasibBaris::Tolak)
        } else if let Some(t) = {
            peta.isi(&buf, &mut m);
            urai.isi(peta, &buf, &mut m)
        } {
            temuan.push(t);
            Ok(NasibBaris::Tolak)
        } else {
            let sumber =
                |r: Vec<(Elemen, String)>, temuan: &[TemuanAturan]| -> Result<NasibBaris, Galat> {
                    let p = Perubahan::Sumber {
                        sumber: jenis.nama().into(),
                        rekaman: r
                            .into_iter()
                            .map(|(e, v)| (e.nama().to_owned(), v))
                            .collect(),
                        peringatan: kode_peringatan(temuan),
                    };
                    Ok(NasibBaris::Sumber(konteks.siapkan(&p, baris, None)?))
                };
            match jenis {
                JenisImpor::Dpt => {
                    match validasi::periksa_pemilih(&m, ctx, KEBIJAKAN_DAFTAR, &mut temuan) {
                        Some(p) => {
                            if let Some(t) = ganda_dalam_berkas(&p, &mut nik_berkas) {
                                temuan.push(t);
                            }
                            konteks
                                .siapkan_daftar(p, kode_peringatan(&temuan), baris, None)
                                .map(|d| NasibBaris::Daftar(Box::new(d)))
                                .map_err(Galat::from)
                        }
                        None => Ok(NasibBaris::Tolak),
                    }
                }
                JenisImpor::Dp4 => {
                    match validasi::periksa_pemilih(&m, ctx, KEBIJAKAN_SUMBER, &mut temuan) {
                        Some(p) => sumber(
                            Elemen::PEMILIH
                                .into_iter()
                                .filter(|e| !matches!(e, Elemen::Tps | Elemen::Keterangan))
                                .map(|e| (e, p.nilai(e)))
                                .filter(|(_, v)| !v.is_empty())
                                .collect(),
                            &temuan,
                        ),
                        None => Ok(NasibBaris::Tolak),
                    }
                }
                JenisImpor::Meninggal => match validasi::periksa_meninggal(&m, ctx, &mut temuan) {
                    Some(r) => sumber(r, &temuan),
                    None => Ok(NasibBaris::Tolak),
                },
                JenisImpor::TniPolri => match validasi::periksa_tni_polri(&m, ctx, &mut temuan) {
                    Some(r) => sumber(r, &temuan),
                    None => Ok(NasibBaris::Tolak),
                },
                JenisImpor::Coklit => Ok(NasibBaris::Coklit(Box::new(m.clone()))),
            }
        };
        let olah = match olah {
            Ok(o) => o,
            Err(e) => {
                kirim(Err(e));
                return;
            }
        };
        // Only refused and coklit rows may need their fields again.
        let nilai = if matches!(olah, NasibBaris::Tolak | NasibBaris::Coklit(_)) {
            std::mem::take(&mut buf)
        } else {
            Vec::new()
        };
        bait += nilai.iter().map(String::len).sum::<usize>() + 256;
        potongan.push(BarisTerbaca {
            no,
            nilai,
            olah,
            temuan,
        });
        // Chunks are bounded in bytes as well as rows, so rows at the
        // field and column limits cannot fill memory on their way.
        if potongan.len() == POTONGAN || bait > POTONGAN_BAIT {
            bait = 0;
            if !kirim(Ok(std::mem::replace(
                &mut potongan,
                Vec::with_capacity(POTONGAN),
            ))) {
                return;
            }
        }
    }
    if !potongan.is_empty() {
        kirim(Ok(potongan));
    }
}

/// The warning for a NIK seen earlier in the same file.
fn ganda_dalam_berkas(p: &Pemilih, nik_berkas: &mut HashSet<u64>) -> Option<TemuanAturan> {
    let n = p.nik.parse::<u64>().ok()?;
    if nik_berkas.insert(n) {
        return None;
    }
    let m = padan_core::masker::nik(&p.nik);
    Some(peringatan(
        Kode::NikGandaBerkas,
        "nik",
        format!(
            "NIK '{m}' sudah muncul di baris sebelumnya dalam berkas ini; diterima, calon temuan ganda untuk pemadanan"
        ),
        format!(
            "NIK '{m}' already appeared earlier in this file; accepted, a duplicate candidate for matching"
        ),
    ))
}

/// The warning for a NIK already on the register (as this batch sees it).
fn sudah_terdaftar(b: &dyn TulisBatch, p: &Pemilih) -> Result<Option<TemuanAturan>, Galat> {
    let ada = b.cari_nik(&p.nik)?;
    Ok(ada.first().map(|id| {
        let m = padan_core::masker::nik(&p.nik);
        peringatan(
            Kode::NikSudahTerdaftar,
            "nik",
            format!("NIK '{m}' sudah terdaftar sebagai {}; diterima, calon temuan ganda untuk pemadanan", tampil_id(*id)),
            format!("NIK '{m}' is already registered as {}; accepted, a duplicate candidate for matching", tampil_id(*id)),
        )
    }))
}

/// Both NIK warnings, for rows handled wholly by the writer (coklit).
fn cek_nik_ganda(
    b: &dyn TulisBatch,
    p: &Pemilih,
    ada_pemilih: bool,
    nik_berkas: &mut HashSet<u64>,
    temuan: &mut Vec<TemuanAturan>,
) -> Result<(), Galat> {
    if let Some(t) = ganda_dalam_berkas(p, nik_berkas) {
        temuan.push(t);
    } else if ada_pemilih && let Some(t) = sudah_terdaftar(b, p)? {
        temuan.push(t);
    }
    Ok(())
}

/// The voter a coklit row is about: by ID_PEMILIH when given, else by NIK.
fn cari_sasaran(
    b: &dyn TulisBatch,
    m: &Mentah,
    temuan: &mut Vec<TemuanAturan>,
) -> Result<Option<i64>, Galat> {
    let id_raw = m.get(Elemen::IdPemilih);
    if !id_raw.is_empty() {
        let id = urai_id(id_raw);
        let ada = match id {
            Some(id) => b.keadaan(id)?.is_some(),
            None => false,
        };
        if !ada {
            temuan.push(galat_baris(
                Kode::CoklitTidakDitemukan,
                Some("id_pemilih"),
                format!("ID pemilih '{id_raw}' tidak ada di daftar pemilih (bentuk: PM-00000001)"),
                format!("voter ID '{id_raw}' is not on the register (form: PM-00000001)"),
            ));
            return Ok(None);
        }
        return Ok(id);
    }
    let raw = m.get(Elemen::Nik);
    let Ok(nik) = Nik::urai(raw) else {
        periksa_nik(raw, None, None, &padan_core::Wilayah::default(), temuan);
        return Ok(None);
    };
    let ada = b.cari_nik(&nik.teks())?;
    let s = nik.samar();
    match ada.as_slice() {
        [id] => Ok(Some(*id)),
        [] => {
            temuan.push(galat_baris(
                Kode::CoklitTidakDitemukan,
                Some("nik"),
                format!("NIK '{s}' tidak ditemukan di daftar pemilih; untuk pemilih baru isi keterangan B"),
                format!("NIK '{s}' is not on the register; for a new voter use keterangan B"),
            ));
            Ok(None)
        }
        banyak => {
            let ids = padan_store::tampil_ids(banyak);
            temuan.push(galat_baris(
                Kode::CoklitAmbigu,
                Some("nik"),
                format!("NIK '{s}' dimiliki {} pemilih ({ids}); tambahkan kolom ID_PEMILIH untuk menentukan yang dimaksud", banyak.len()),
                format!("NIK '{s}' belongs to {} voters ({ids}); add an ID_PEMILIH column to say which", banyak.len()),
            ));
            Ok(None)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn baris_coklit(
    j: &mut ImporBerjalan,
    no: u64,
    buf: &[String],
    m: &Mentah,
    ctx: &Konteks,
    ada_pemilih: bool,
    nik_berkas: &mut HashSet<u64>,
    temuan: &mut Vec<TemuanAturan>,
) -> Result<(), Galat> {
    let Some(ket) = validasi::urai_keterangan(m.get(Elemen::Keterangan), temuan) else {
        return j.tolak(no, buf, temuan);
    };
    let baris = Some(no as i64);
    match ket {
        Keterangan::Baru => match validasi::periksa_pemilih(m, ctx, KEBIJAKAN_DAFTAR, temuan) {
            Some(mut p) => {
                let sudah = j.b.cari_nik(&p.nik)?;
                if let Some(id) = sudah.first() {
                    temuan.push(galat_baris(
                        Kode::NikSudahTerdaftar,
                        Some("nik"),
                        format!("NIK '{}' sudah terdaftar sebagai {}; untuk perbaikan data isi keterangan U", padan_core::masker::nik(&p.nik), tampil_id(*id)),
                        format!("NIK '{}' is already registered as {}; for a correction use keterangan U", padan_core::masker::nik(&p.nik), tampil_id(*id)),
                    ));
                    return j.tolak(no, buf, temuan);
                }
                cek_nik_ganda(&*j.b, &p, ada_pemilih, nik_berkas, temuan)?;
                p.keterangan = "B".into();
                let w = j.terima(temuan);
                j.b.daftar(p, w, baris, Some("coklit: pemilih baru (B)"))?;
                j.h.pemilih_baru += 1;
            }
            None => j.tolak(no, buf, temuan)?,
        },
        Keterangan::Ubah => {
            let baru = validasi::periksa_pemilih(m, ctx, KEBIJAKAN_DAFTAR, temuan);
            let id = cari_sasaran(&*j.b, m, temuan)?;
            match (baru, id) {
                (Some(baru), Some(id)) => {
                    let Some(lama) = j.b.keadaan(id)? else {
                        return j.tolak(no, buf, temuan);
                    };
                    if sebelum_daftar(&*j.b, id, temuan)? {
                        return j.tolak(no, buf, temuan);
                    }
                    let beda: Vec<_> = lama.pemilih.beda(&baru);
                    let w = j.terima(temuan);
                    if beda.is_empty() {
                        j.h.tanpa_perubahan += 1;
                    } else {
                        let p = perubahan_ubah(beda, w);
                        j.b.ubah(id, &p, baris, Some("coklit: perbaikan data (U)"))?;
                        j.h.diubah += 1;
                    }
                }
                _ => j.tolak(no, buf, temuan)?,
            }
        }
        Keterangan::Tms(kode) => match cari_sasaran(&*j.b, m, temuan)? {
            Some(id) => {
                if sebelum_daftar(&*j.b, id, temuan)? {
                    return j.tolak(no, buf, temuan);
                }
                if j.b.keadaan(id)?.is_some_and(|k| k.kode_tms == Some(kode)) {
                    temuan.push(galat_baris(
                        Kode::CoklitSudahTms,
                        Some("keterangan"),
                        format!(
                            "{} sudah TMS {} ({})",
                            tampil_id(id),
                            kode.angka(),
                            kode.nama()
                        ),
                        format!(
                            "{} is already TMS {} ({})",
                            tampil_id(id),
                            kode.angka(),
                            kode.name_en()
                        ),
                    ));
                    return j.tolak(no, buf, temuan);
                }
                j.terima(temuan);
                j.b.ubah(
                    id,
                    &Perubahan::Tms { kode },
                    baris,
                    Some(&format!("coklit: TMS {} ({})", kode.angka(), kode.nama())),
                )?;
                j.h.tms += 1;
            }
            None => j.tolak(no, buf, temuan)?,
        },
        Keterangan::Kosong => match cari_sasaran(&*j.b, m, temuan)? {
            Some(_) => {
                j.terima(temuan);
                j.h.tanpa_perubahan += 1;
            }
            None => j.tolak(no, buf, temuan)?,
        },
    }
    Ok(())
}

/// The refusal of a change effective before the voter's registration
/// (the store would refuse it too; here it is one row, not the import).
fn sebelum_daftar(
    b: &dyn TulisBatch,
    id: i64,
    temuan: &mut Vec<TemuanAturan>,
) -> Result<bool, Galat> {
    let Some(daftar) = b.berlaku_daftar(id)? else {
        return Ok(false);
    };
    if b.berlaku() >= daftar.as_str() {
        return Ok(false);
    }
    temuan.push(galat_baris(
        Kode::PerubahanSebelumDaftar,
        None,
        format!("perubahan berlaku {} tetapi {} baru terdaftar berlaku {daftar}; impor dengan --effective sejak {daftar}", b.berlaku(), tampil_id(id)),
        format!("the change takes effect {} but {} was registered effective {daftar}; import with --effective from {daftar}", b.berlaku(), tampil_id(id)),
    ));
    Ok(true)
}

/// An `ubah` event from (element, before, after) triples.
pub fn perubahan_ubah(beda: Vec<(Elemen, String, String)>, peringatan: Vec<String>) -> Perubahan {
    let mut sebelum = BTreeMap::new();
    let mut sesudah = BTreeMap::new();
    for (e, a, b) in beda {
        sebelum.insert(e.nama().to_owned(), a);
        sesudah.insert(e.nama().to_owned(), b);
    }
    Perubahan::Ubah {
        sebelum,
        sesudah,
        peringatan,
    }
}
