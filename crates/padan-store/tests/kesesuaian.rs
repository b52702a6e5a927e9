//! The store seam's conformance suite on the embedded backend (SQLite).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

use padan_store::{Gudang, OpsiKunci, Toko, kesesuaian};

#[test]
fn sqlite_answers_as_every_backend_must() {
    let mut dirs = vec![];
    let mut buat = || {
        let d = tempfile::tempdir().unwrap();
        let g = Gudang::init(
            &d.path().join("ws"),
            "35.79",
            &OpsiKunci::dengan_sandi("sandi uji"),
        )
        .unwrap();
        let scratch = d.path().to_path_buf();
        dirs.push(d);
        (Box::new(g) as Box<dyn Toko>, scratch)
    };
    kesesuaian::semua(&mut buat);
}
