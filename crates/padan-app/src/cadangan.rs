//! Backup and restore of a workspace (`padan backup`, `padan restore`).
//!
//! A backup is one zip file: a consistent copy of the database, the
//! checkpoint log, the sealed office key (still sealed) and the lookup
//! secret, every stored document, rejects file and audit file, and a
//! manifest with the SHA-256 and size of each. Restoring checks every entry
//! against the manifest, takes only names a workspace has (no `..`, no
//! absolute path, no link), writes into a new folder, and then runs the
//! whole verification on the copy: a restore is done when `verify` says
//! the restored register is whole.
//!
//! One format for both backends: a register kept in PostgreSQL is backed
//! up as the same SQLite file (its office's tables read in one snapshot),
//! and an archive restores into either (`--database postgres://…` on
//! `restore`): an office can move between the two this way.
//!
//! Order matters for consistency while other commands write: the checkpoint
//! log is copied first and the database after it, so the copy's log can
//! only lag the database (which `verify` accepts: the next batch appends
//! what the log lacks), never run ahead of it (which `verify` would call a
//! cut tail); documents are copied after the database, so every document
//! it cites is there.

use crate::galat::Galat;
use crate::register::HasilVerifikasi;
use crate::ruang::Ruang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

const MANIFEST: &str = "MANIFEST.json";
const DB: &str = padan_store::BERKAS_DB;
const LOG: &str = "checkpoint.log";
/// The folders of a workspace a backup carries.
const FOLDER: &[&str] = &["kunci", "dokumen", "tolakan", "audit"];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct IsiArsip {
    pub nama: String,
    pub sha256: String,
    pub bita: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    versi: u32,
    kantor: String,
    dibuat: String,
    peristiwa: i64,
    isi: Vec<IsiArsip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilCadangan {
    pub berkas: String,
    pub sha256: String,
    pub kantor: String,
    pub peristiwa: i64,
    pub isi: Vec<IsiArsip>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HasilPulih {
    pub ruang: String,
    pub kantor: String,
    pub isi: usize,
    pub verifikasi: HasilVerifikasi,
}

fn io(p: &Path, e: impl std::fmt::Display) -> Galat {
    Galat::baru(
        format!("{}: {e}", p.display()),
        format!("{}: {e}", p.display()),
    )
}

fn hex_sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The files under a folder, recursively, sorted (links are not followed
/// and not carried).
fn berkas_di(dir: &Path, awalan: &str, out: &mut Vec<(String, PathBuf)>) -> Result<(), Galat> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    let mut isi: Vec<_> = rd.filter_map(Result::ok).collect();
    isi.sort_by_key(|e| e.file_name());
    for e in isi {
        let Some(nama) = e.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let t = e.file_type().map_err(|x| io(&e.path(), x))?;
        let nama = format!("{awalan}/{nama}");
        if t.is_dir() {
            berkas_di(&e.path(), &nama, out)?;
        } else if t.is_file() {
            out.push((nama, e.path()));
        }
    }
    Ok(())
}

/// `padan backup --out FILE`.
pub fn cadangkan(r: &Ruang, keluar: &Path) -> Result<HasilCadangan, Galat> {
    if keluar.exists() {
        return Err(Galat::baru(
            format!("{} sudah ada; pilih nama lain", keluar.display()),
            format!("{} exists already; choose another name", keluar.display()),
        )
        .misuse());
    }
    let g = r.buka()?;
    let kantor = g.kantor().to_owned();
    let tmp = padan_io::atomik::path_sementara(keluar);
    let tmp_db = keluar.with_file_name(format!(
        ".{}.db.sementara",
        keluar
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("cadangan")
    ));
    let _ = std::fs::remove_file(&tmp_db);
    let hasil = (|| -> Result<HasilCadangan, Galat> {
        // The log first, the database after (see the module's docs).
        let log = std::fs::read(g.tempat_log_checkpoint()).unwrap_or_default();
        g.cadangkan_ke(&tmp_db)?;
        let peristiwa = g.jumlah_peristiwa()?;
        let mut daftar: Vec<(String, PathBuf)> = vec![(DB.into(), tmp_db.clone())];
        for f in FOLDER {
            berkas_di(&r.dir.join(f), f, &mut daftar)?;
        }
        // A sealed key kept outside the workspace travels under its usual name.
        if let Some(k) = &r.kunci {
            daftar.retain(|(n, _)| n != "kunci/kantor.key");
            daftar.push(("kunci/kantor.key".into(), k.clone()));
        }
        let f = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
        let mut z = zip::ZipWriter::new(f);
        let opsi = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(0o600);
        let mut isi = vec![];
        let mut tambah = |z: &mut zip::ZipWriter<std::fs::File>, nama: &str, b: &[u8]| {
            z.start_file(nama, opsi).map_err(|e| io(&tmp, e))?;
            z.write_all(b).map_err(|e| io(&tmp, e))?;
            isi.push(IsiArsip {
                nama: nama.to_owned(),
                sha256: hex_sha(b),
                bita: b.len() as u64,
            });
            Ok::<(), Galat>(())
        };
        tambah(&mut z, LOG, &log)?;
        for (nama, p) in &daftar {
            let b = std::fs::read(p).map_err(|e| io(p, e))?;
            tambah(&mut z, nama, &b)?;
        }
        let m = Manifest {
            versi: 1,
            kantor: kantor.clone(),
            dibuat: padan_store::waktu_sekarang(),
            peristiwa,
            isi: isi.clone(),
        };
        let mj = serde_json::to_vec_pretty(&m).map_err(|e| io(&tmp, e))?;
        z.start_file(MANIFEST, opsi).map_err(|e| io(&tmp, e))?;
        z.write_all(&mj).map_err(|e| io(&tmp, e))?;
        let f = z.finish().map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        drop(f);
        padan_io::atomik::pindahkan(&tmp, keluar).map_err(|e| io(keluar, e))?;
        let sha = hex_sha(&std::fs::read(keluar).map_err(|e| io(keluar, e))?);
        Ok(HasilCadangan {
            berkas: keluar.display().to_string(),
            sha256: sha,
            kantor,
            peristiwa,
            isi,
        })
    })();
    let _ = std::fs::remove_file(&tmp_db);
    if hasil.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    hasil
}

/// Whether a name from an archive is one a workspace holds: the database,
/// the log, or a plain path under one of its folders.
fn nama_sah(nama: &str) -> bool {
    if nama == DB || nama == LOG {
        return true;
    }
    let p = Path::new(nama);
    let mut c = p.components();
    let Some(Component::Normal(atas)) = c.next() else {
        return false;
    };
    FOLDER.iter().any(|f| atas == *f)
        && c.clone().next().is_some()
        && c.all(|x| matches!(x, Component::Normal(_)))
        && !nama.contains('\\')
}

fn tolak(arsip: &Path, id: String, en: String) -> Galat {
    Galat::baru(
        format!("cadangan {} ditolak: {id}", arsip.display()),
        format!("backup {} refused: {en}", arsip.display()),
    )
}

/// `padan restore FILE` into the workspace `tujuan`, which must not exist.
pub fn pulihkan(arsip: &Path, tujuan: &Ruang) -> Result<HasilPulih, Galat> {
    if tujuan.dir.exists() {
        return Err(Galat::baru(
            format!(
                "{} sudah ada; pulihkan ke folder baru (--workspace)",
                tujuan.dir.display()
            ),
            format!(
                "{} exists already; restore into a new folder (--workspace)",
                tujuan.dir.display()
            ),
        )
        .misuse());
    }
    let f = std::fs::File::open(arsip).map_err(|e| io(arsip, e))?;
    let mut z = zip::ZipArchive::new(f).map_err(|e| {
        tolak(
            arsip,
            format!("bukan arsip zip ({e})"),
            format!("not a zip archive ({e})"),
        )
    })?;
    let m: Manifest = {
        let mut e = z.by_name(MANIFEST).map_err(|_| {
            tolak(
                arsip,
                format!("{MANIFEST} tidak ada"),
                format!("{MANIFEST} is missing"),
            )
        })?;
        let mut b = vec![];
        e.by_ref()
            .take(16 << 20)
            .read_to_end(&mut b)
            .map_err(|x| io(arsip, x))?;
        serde_json::from_slice(&b).map_err(|x| {
            tolak(
                arsip,
                format!("{MANIFEST} tidak terbaca: {x}"),
                format!("{MANIFEST} unreadable: {x}"),
            )
        })?
    };
    let tmp = tujuan.dir.with_file_name(format!(
        ".{}.pulih",
        tujuan
            .dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("ruang")
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let hasil = (|| -> Result<(), Galat> {
        std::fs::create_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
        let mut dilihat = std::collections::BTreeSet::new();
        for i in 0..z.len() {
            let mut e = z.by_index(i).map_err(|x| io(arsip, x))?;
            let nama = e.name().map(|n| n.into_owned()).unwrap_or_default();
            if nama == MANIFEST {
                continue;
            }
            if !nama_sah(&nama) || e.is_dir() || e.is_symlink() {
                return Err(tolak(
                    arsip,
                    format!("nama '{nama}' bukan bagian ruang kerja"),
                    format!("the name '{nama}' is not part of a workspace"),
                ));
            }
            let Some(harap) = m.isi.iter().find(|x| x.nama == nama) else {
                return Err(tolak(
                    arsip,
                    format!("'{nama}' tidak ada di {MANIFEST}"),
                    format!("'{nama}' is not in {MANIFEST}"),
                ));
            };
            if !dilihat.insert(nama.clone()) {
                return Err(tolak(
                    arsip,
                    format!("'{nama}' ada dua kali"),
                    format!("'{nama}' appears twice"),
                ));
            }
            // Never more than the manifest says: a bomb stops at its size.
            let mut b = Vec::with_capacity(harap.bita.min(64 << 20) as usize);
            e.by_ref()
                .take(harap.bita.saturating_add(1))
                .read_to_end(&mut b)
                .map_err(|x| io(arsip, x))?;
            if b.len() as u64 != harap.bita || hex_sha(&b) != harap.sha256 {
                return Err(tolak(
                    arsip,
                    format!(
                        "isi '{nama}' tidak sama dengan SHA-256 di {MANIFEST}: arsip rusak atau diubah"
                    ),
                    format!(
                        "the content of '{nama}' does not match its SHA-256 in {MANIFEST}: the archive is damaged or altered"
                    ),
                ));
            }
            let p = tmp.join(&nama);
            if let Some(d) = p.parent() {
                std::fs::create_dir_all(d).map_err(|x| io(d, x))?;
            }
            padan_io::atomik::tulis(&p, &b).map_err(|x| io(&p, x))?;
        }
        if let Some(x) = m.isi.iter().find(|x| !dilihat.contains(&x.nama)) {
            return Err(tolak(
                arsip,
                format!("'{}' di {MANIFEST} tidak ada di arsip", x.nama),
                format!("'{}' of {MANIFEST} is not in the archive", x.nama),
            ));
        }
        // Into PostgreSQL: the register moves from the archive's SQLite
        // file into the office's schema there, all or nothing.
        if let Some(padan_store::Basisdata::Postgres(url)) = &tujuan.basis {
            padan_store::pindahkan_ke_postgres(&tmp, url)?;
        }
        std::fs::rename(&tmp, &tujuan.dir).map_err(|x| io(&tujuan.dir, x))
    })();
    if let Err(e) = hasil {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let mut r = tujuan.clone();
    // The restored workspace keeps its key and log inside it.
    r.kunci = None;
    r.log_checkpoint = None;
    let verifikasi = crate::register::verifikasi(&r, None, None, None)?;
    Ok(HasilPulih {
        ruang: tujuan.dir.display().to_string(),
        kantor: m.kantor,
        isi: m.isi.len(),
        verifikasi,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use zeroize::Zeroizing;

    const DPT: &str = "\
NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,STATUS_KAWIN,JENIS_KELAMIN,ALAMAT,RT,RW,DISABILITAS,KTP_EL,KETERANGAN,KODE_DESA,TPS
3579013007217117,3579011901683468,DWI AGUS,BATU,19-01-1968,S,L,JL. PATIMURA NO. 68,002,008,0,S,,35.79.01.1001,001
3579013007217117,3579017007668633,SRI SOESILOWATI,JAKARTA,30-07-1966,S,P,JL. PATIMURA NO. 68,002,008,0,S,,35.79.01.1001,001
3579013108216373,3579012001939270,IMAM SANTOSO,BLITAR,,S,L,JL. BUKIT BERBUNGA NO. 32,003,006,0,S,,35.79.01.1001,004
";

    fn ruang(d: &Path) -> Ruang {
        let mut r = Ruang::baru(d.join("ws"));
        r.sandi = Some(Zeroizing::new("uji-rahasia-panjang".into()));
        crate::register::init(&r, "35.79").unwrap();
        let f = d.join("dpt.csv");
        std::fs::write(&f, DPT).unwrap();
        let o = crate::impor::OpsiImpor {
            jenis: crate::impor::JenisImpor::Dpt,
            berkas: f,
            sumber: "KPU".into(),
            dokumen: "SK 1".into(),
            berlaku: None,
            operator: "uji".into(),
            lembar: None,
            paksa: false,
        };
        let h = crate::impor::jalankan(&r, &o, padan_core::Bahasa::Id, &crate::Diam).unwrap();
        assert_eq!((h.diterima, h.ditolak), (2, 1));
        r
    }

    /// A write to a restored workspace: one voter dies.
    fn meninggal(r: &Ruang) {
        crate::manual::tms(
            r,
            "3579017007668633",
            1,
            &crate::manual::OpsiPerubahan {
                alasan: "meninggal".into(),
                dokumen: "akta".into(),
                berlaku: None,
                operator: "uji".into(),
            },
        )
        .unwrap();
    }

    #[test]
    fn a_backup_restores_to_a_register_that_verifies() {
        let d = tempfile::tempdir().unwrap();
        let r = ruang(d.path());
        let f = d.path().join("cadangan.zip");
        let h = cadangkan(&r, &f).unwrap();
        let nama: Vec<&str> = h.isi.iter().map(|x| x.nama.as_str()).collect();
        for harus in [DB, LOG, "kunci/kantor.key", "kunci/kantor.pub"] {
            assert!(nama.contains(&harus), "{harus} not in {nama:?}");
        }
        assert!(nama.iter().any(|n| n.starts_with("dokumen/")), "{nama:?}");
        assert!(nama.iter().any(|n| n.starts_with("tolakan/")), "{nama:?}");
        // A second backup to the same name is refused, the first kept.
        assert!(cadangkan(&r, &f).is_err());

        let mut t = Ruang::baru(d.path().join("pulih"));
        t.sandi = r.sandi.clone();
        let p = pulihkan(&f, &t).unwrap();
        assert!(p.verifikasi.laporan.utuh(), "{:?}", p.verifikasi.laporan);
        let (a, b) = (r.buka().unwrap(), t.buka().unwrap());
        assert_eq!(a.jumlah_peristiwa().unwrap(), b.jumlah_peristiwa().unwrap());
        assert_eq!(a.sidik_proyeksi().unwrap(), b.sidik_proyeksi().unwrap());
        // The restored copy can be written to with the same key.
        drop(b);
        meninggal(&t);
        // Not over an existing workspace.
        assert!(pulihkan(&f, &t).is_err());
    }

    /// Both backends, one format: a SQLite register restored into
    /// PostgreSQL, backed up there, and restored back into SQLite, verifies
    /// whole at each step with the same voters, and keeps taking writes.
    #[cfg(feature = "postgres")]
    #[test]
    fn backups_cross_between_sqlite_and_postgres() {
        let Some(mut server) = padan_store::uji_pg::Server::sambung() else {
            return;
        };
        let url = server.basis_baru();
        let d = tempfile::tempdir().unwrap();
        let r = ruang(d.path());
        let f = d.path().join("dari-sqlite.zip");
        cadangkan(&r, &f).unwrap();
        let mut pg = Ruang::baru(d.path().join("pg"));
        pg.sandi = r.sandi.clone();
        pg.basis = Some(padan_store::Basisdata::Postgres(url.clone()));
        let p = pulihkan(&f, &pg).unwrap();
        assert!(p.verifikasi.laporan.utuh(), "{:?}", p.verifikasi.laporan);
        assert!(pg.dir.join(padan_store::BERKAS_PG).exists());
        assert!(!pg.dir.join(DB).exists(), "the register is in the server");
        // The same office cannot be restored twice into one database.
        let mut lagi = pg.clone();
        lagi.dir = d.path().join("pg2");
        assert!(pulihkan(&f, &lagi).is_err());
        assert!(!lagi.dir.exists());
        pg.basis = None;
        let sidik = r.buka().unwrap().sidik_proyeksi().unwrap();
        assert_eq!(pg.buka().unwrap().sidik_proyeksi().unwrap(), sidik);
        meninggal(&pg);
        let sidik_pg = pg.buka().unwrap().sidik_proyeksi().unwrap();
        assert_ne!(sidik_pg, sidik);
        let g = d.path().join("dari-pg.zip");
        cadangkan(&pg, &g).unwrap();
        let mut kembali = Ruang::baru(d.path().join("kembali"));
        kembali.sandi = r.sandi.clone();
        let p = pulihkan(&g, &kembali).unwrap();
        assert!(p.verifikasi.laporan.utuh(), "{:?}", p.verifikasi.laporan);
        let b = kembali.buka().unwrap();
        assert_eq!(b.sidik_proyeksi().unwrap(), sidik_pg);
        assert_eq!(
            b.jumlah_peristiwa().unwrap(),
            pg.buka().unwrap().jumlah_peristiwa().unwrap()
        );
    }

    /// How one entry of an archive is rewritten: its new name (empty: left
    /// out) and bytes.
    type Ubah = dyn Fn(&str, Vec<u8>) -> (String, Vec<u8>);

    /// The archive rewritten with one entry changed by `ubah`.
    fn tulis_ulang(dari: &Path, ke: &Path, ubah: impl Fn(&str, Vec<u8>) -> (String, Vec<u8>)) {
        let mut z = zip::ZipArchive::new(std::fs::File::open(dari).unwrap()).unwrap();
        let mut w = zip::ZipWriter::new(std::fs::File::create(ke).unwrap());
        for i in 0..z.len() {
            let mut e = z.by_index(i).unwrap();
            let nama = e.name().unwrap().into_owned();
            let mut b = vec![];
            e.read_to_end(&mut b).unwrap();
            let (nama, b) = ubah(&nama, b);
            if nama.is_empty() {
                continue;
            }
            w.start_file(nama, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&b).unwrap();
        }
        w.finish().unwrap();
    }

    #[test]
    fn an_altered_or_hostile_archive_is_refused_and_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let r = ruang(d.path());
        let f = d.path().join("cadangan.zip");
        cadangkan(&r, &f).unwrap();
        let kasus: Vec<(&str, Box<Ubah>)> = vec![
            (
                "SHA-256",
                Box::new(|n, mut b| {
                    if n == DB {
                        let i = b.len() / 2;
                        b[i] ^= 1;
                    }
                    (n.to_owned(), b)
                }),
            ),
            (
                "bukan bagian",
                Box::new(|n, b| {
                    if n == LOG {
                        ("../../luar.txt".into(), b)
                    } else {
                        (n.to_owned(), b)
                    }
                }),
            ),
            (
                "bukan bagian",
                Box::new(|n, b| {
                    if n == LOG {
                        ("/etc/cron.d/x".into(), b)
                    } else {
                        (n.to_owned(), b)
                    }
                }),
            ),
            (
                "tidak ada di MANIFEST",
                Box::new(|n, b| {
                    if n == LOG {
                        ("dokumen/lain".into(), b)
                    } else {
                        (n.to_owned(), b)
                    }
                }),
            ),
            (
                "tidak ada di arsip",
                Box::new(|n, b| {
                    if n == LOG {
                        (String::new(), b)
                    } else {
                        (n.to_owned(), b)
                    }
                }),
            ),
        ];
        for (i, (kata, ubah)) in kasus.iter().enumerate() {
            let g = d.path().join(format!("rusak-{i}.zip"));
            tulis_ulang(&f, &g, ubah);
            let t = Ruang::baru(d.path().join(format!("pulih-{i}")));
            let e = pulihkan(&g, &t).unwrap_err();
            assert!(e.id.contains(kata), "{kata}: {}", e.id);
            assert!(
                !t.dir.exists(),
                "a refused restore left {}",
                t.dir.display()
            );
        }
        assert!(!d.path().join("luar.txt").exists());
        let t = Ruang::baru(d.path().join("pulih-bukan"));
        assert!(pulihkan(&d.path().join("dpt.csv"), &t).is_err());
    }
}
