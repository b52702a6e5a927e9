//! Running the real `padan` binary against a temporary workspace.
#![allow(dead_code)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_padan");
/// The tests' office key passphrase (never asked: it comes from the
/// environment).
pub const SANDI: &str = "sandi-uji-bukan-rahasia";

pub struct Hasil {
    pub kode: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Hasil {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bukan JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
    pub fn semua(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn hasil(o: Output) -> Hasil {
    let h = Hasil {
        kode: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    };
    assert!(
        !h.stderr.contains("panicked"),
        "padan panicked:\n{}",
        h.stderr
    );
    assert!(
        !h.stderr.contains("RUST_BACKTRACE"),
        "padan panicked:\n{}",
        h.stderr
    );
    h
}

pub fn padan(cwd: &Path, args: &[&str]) -> Hasil {
    hasil(
        Command::new(BIN)
            .current_dir(cwd)
            .args(args)
            .env_remove("PADAN_WORKSPACE")
            .env("PADAN_OPERATOR", "uji")
            .env("PADAN_PASSPHRASE", SANDI)
            .output()
            .expect("padan runs"),
    )
}

/// A temporary directory with an initialised workspace `ws` in it.
pub struct Ruang {
    pub dir: tempfile::TempDir,
}

impl Ruang {
    pub fn baru() -> Ruang {
        let dir = tempfile::tempdir().expect("tempdir");
        let h = padan(dir.path(), &["--workspace", "ws", "init"]);
        assert_eq!(h.kode, 0, "{}", h.semua());
        Ruang { dir }
    }

    pub fn path(&self, nama: &str) -> PathBuf {
        self.dir.path().join(nama)
    }

    pub fn jalan(&self, args: &[&str]) -> Hasil {
        let mut a = vec!["--workspace", "ws"];
        a.extend_from_slice(args);
        padan(self.dir.path(), &a)
    }

    pub fn tulis(&self, nama: &str, isi: &[u8]) -> PathBuf {
        let p = self.path(nama);
        std::fs::write(&p, isi).expect("write");
        p
    }

    /// `padan import --json` of one file, effective 30 June 2026.
    pub fn impor(&self, jenis: &str, berkas: &str, extra: &[&str]) -> Hasil {
        self.impor_pada(jenis, berkas, "2026-06-30", extra)
    }

    /// `padan import --json` of one file, effective `berlaku`.
    pub fn impor_pada(&self, jenis: &str, berkas: &str, berlaku: &str, extra: &[&str]) -> Hasil {
        let mut a = vec![
            "--json",
            "import",
            "--kind",
            jenis,
            berkas,
            "--source",
            "uji",
            "--document",
            "BA-uji",
            "--effective",
            berlaku,
        ];
        a.extend_from_slice(extra);
        self.jalan(&a)
    }

    /// Events, batches and voters according to `padan verify`, which must pass.
    pub fn hitung(&self) -> (u64, u64, u64) {
        let h = self.jalan(&["--json", "verify"]);
        assert_eq!(h.kode, 0, "verify failed: {}", h.semua());
        let j = h.json();
        (
            j["peristiwa"].as_u64().unwrap_or(0),
            j["batch"].as_u64().unwrap_or(0),
            j["pemilih"].as_u64().unwrap_or(0),
        )
    }
}

pub const JUDUL: &str = "NKK,NIK,NAMA,TEMPAT_LAHIR,TGL_LAHIR,STATUS_KAWIN,JK,ALAMAT,RT,RW,DISABILITAS,KTP_EL,KETERANGAN,KODE_DESA,TPS";

/// A valid register row: a man born 7 March 1990 in Kota Batu, serial `s`.
pub fn baris(s: u32) -> String {
    format!(
        "3579011203150004,35790107039{s:05},BUDI SANTOSO {s},BATU,07-03-1990,S,L,JL. DIPONEGORO,1,2,0,S,,3579011001,1"
    )
}

/// A valid register row for any `i` below 3,359,664: the NIK's date part
/// and the birth date move together (day 1–28, month 1–12 of 1990), the
/// serial runs 0001–9999.
pub fn baris_ke(i: u32) -> String {
    let d = i / 9_999;
    let (hari, bulan, seri) = (d % 28 + 1, d / 28 % 12 + 1, i % 9_999 + 1);
    format!(
        "3579011203150004,357901{hari:02}{bulan:02}90{seri:04},WARGA {i},BATU,{hari:02}-{bulan:02}-1990,S,L,JL. DIPONEGORO,1,2,0,S,,3579011001,1"
    )
}

/// A CSV with the header and the given rows.
pub fn csv(rows: &[String]) -> Vec<u8> {
    let mut s = String::from(JUDUL);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    s.into_bytes()
}
