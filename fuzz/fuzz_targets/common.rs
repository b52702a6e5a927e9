// Shared by the importer fuzz targets: any bytes, as a file of the given
// extension, through the real import of every kind. Nothing may panic, and
// an import either lands whole or leaves the log as it was.
use padan_app::impor::{JenisImpor, OpsiImpor, impor};
use padan_core::Bahasa;
use padan_store::Gudang;
use std::sync::{Mutex, OnceLock};

struct Ruang {
    dir: tempfile::TempDir,
    g: Gudang,
}

static RUANG: OnceLock<Mutex<Ruang>> = OnceLock::new();

pub fn jalankan(data: &[u8], ext: &str) {
    let r = RUANG.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let g = Gudang::init(&dir.path().join("ws"), "35.79", &padan_store::OpsiKunci::dengan_sandi("fuzz")).expect("init");
        Mutex::new(Ruang { dir, g })
    });
    let mut r = r.lock().unwrap_or_else(|e| e.into_inner());
    let path = r.dir.path().join(format!("masukan.{ext}"));
    std::fs::write(&path, data).expect("write");
    for jenis in JenisImpor::SEMUA {
        let sebelum = r.g.jumlah_peristiwa().expect("count");
        let o = OpsiImpor {
            jenis,
            berkas: path.clone(),
            sumber: "fuzz".into(),
            dokumen: "fuzz".into(),
            berlaku: None,
            operator: "fuzz".into(),
            lembar: None,
            paksa: true,
        };
        if impor(&mut r.g, &o, Bahasa::Id, &padan_app::Diam).is_err() {
            assert_eq!(r.g.jumlah_peristiwa().expect("count"), sebelum, "a refused import left events");
        }
    }
}
