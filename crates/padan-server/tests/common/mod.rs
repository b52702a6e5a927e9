//! A small workspace for the service's tests.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)] // test code may panic

use padan_app::impor::{JenisImpor, OpsiImpor};
use padan_app::manual::OpsiPerubahan;
use padan_app::{Diam, Ruang};
use padan_core::Bahasa;
use zeroize::Zeroizing;

const DPT: &str = "\
NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,STATUS_KAWIN,JENIS_KELAMIN,ALAMAT,RT,RW,DISABILITAS,KTP_EL,KETERANGAN,KODE_DESA,TPS
3579013007217117,3579011901683468,DWI AGUS,BATU,19-01-1968,S,L,JL. PATIMURA NO. 68,002,008,0,S,,35.79.01.1001,001
3579013007217117,3579017007668633,SRI SOESILOWATI,JAKARTA,30-07-1966,S,P,JL. PATIMURA NO. 68,002,008,0,S,,35.79.01.1001,001
3579013108216373,3579012001939270,IMAM SANTOSO,BLITAR,20-01-1993,S,L,JL. BUKIT BERBUNGA NO. 32,003,006,0,S,,35.79.01.1001,004
";

/// A workspace of three voters, one of them since removed (TMS 1, dead).
pub fn ruang() -> (tempfile::TempDir, Ruang) {
    let d = tempfile::tempdir().unwrap();
    let mut r = Ruang::baru(d.path().join("ws"));
    r.sandi = Some(Zeroizing::new("uji-rahasia-panjang".into()));
    padan_app::register::init(&r, "35.79").unwrap();
    let f = d.path().join("dpt.csv");
    std::fs::write(&f, DPT).unwrap();
    let o = OpsiImpor {
        jenis: JenisImpor::Dpt,
        berkas: f,
        sumber: "KPU".into(),
        dokumen: "SK 1".into(),
        berlaku: None,
        operator: "uji".into(),
        lembar: None,
        paksa: false,
    };
    let h = padan_app::impor::jalankan(&r, &o, Bahasa::Id, &Diam).unwrap();
    assert_eq!(h.diterima, 3, "{h:?}");
    let p = OpsiPerubahan {
        alasan: "meninggal".into(),
        dokumen: "Akta kematian 1".into(),
        berlaku: None,
        operator: "uji".into(),
    };
    padan_app::manual::tms(&r, "3579017007668633", 1, &p).unwrap();
    (d, r)
}

/// Every operator's password in the tests.
pub const SANDI: &str = "kuda-laut-ungu-7";

/// The common workspace with a ketua, two operators of two kecamatan and a
/// verifikator, each with a password.
pub fn siapkan() -> (tempfile::TempDir, Ruang) {
    let (d, r) = ruang();
    for (nama, peran, wilayah) in [
        ("ketua", padan_core::Peran::Ketua, "35.79"),
        ("ani", padan_core::Peran::Operator, "35.79.01"),
        ("budi", padan_core::Peran::Operator, "35.79.02"),
        ("vera", padan_core::Peran::Verifikator, "35.79"),
    ] {
        padan_app::izin::tambah(
            &r,
            &padan_app::izin::OpsiOperator {
                nama: nama.into(),
                peran,
                wilayah: vec![wilayah.into()],
                oleh: "ketua".into(),
            },
        )
        .unwrap();
        padan_app::masuk::atur_sandi(&r, nama, SANDI).unwrap();
    }
    (d, r)
}
