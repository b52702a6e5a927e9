//! Server-rendered pages: minijinja templates built into the binary, the
//! words in Bahasa Indonesia or English. Every control is a plain form.

use minijinja::{Environment, context};
use padan_app::cek::JawabanCek;
use padan_core::Bahasa;
use serde::Serialize;

/// The words of the lookup page in one language.
#[derive(Debug, Clone, Serialize)]
struct Teks {
    kode: &'static str,
    /// `?lang=…`: the links and the form keep the language shown, whatever
    /// the browser prefers.
    kueri: &'static str,
    lain: &'static str,
    lain_url: &'static str,
    judul: &'static str,
    pengantar: &'static str,
    label_nik: &'static str,
    label_lahir: &'static str,
    atau: &'static str,
    label_nama: &'static str,
    tombol: &'static str,
    terdaftar: &'static str,
    nama: &'static str,
    desa: &'static str,
    kecamatan: &'static str,
    kabupaten: &'static str,
    tidak_judul: &'static str,
    tidak: &'static str,
    privasi: &'static str,
}

const ID: Teks = Teks {
    kode: "id",
    kueri: "?lang=id",
    lain: "English",
    lain_url: "/cek?lang=en",
    judul: "Cek DPT",
    pengantar: "Periksa apakah Anda terdaftar sebagai pemilih. Isi NIK dengan tanggal lahir, atau NIK dengan nama sesuai KTP-el.",
    label_nik: "NIK (16 angka)",
    label_lahir: "Tanggal lahir",
    atau: "atau",
    label_nama: "Nama sesuai KTP-el",
    tombol: "Periksa",
    terdaftar: "Terdaftar sebagai pemilih",
    nama: "Nama",
    desa: "Desa/Kelurahan",
    kecamatan: "Kecamatan",
    kabupaten: "Kabupaten/Kota",
    tidak_judul: "Data tidak ditemukan",
    tidak: "Periksa kembali NIK dan tanggal lahir atau nama sesuai KTP-el. Bila data Anda sudah benar, sampaikan tanggapan kepada PPS di desa/kelurahan Anda atau KPU kabupaten/kota.",
    privasi: "Layanan ini tidak menyimpan NIK yang Anda ketik; catatannya hanya memuat sidik (hash berkunci) NIK. Jawaban memuat nama tersamar, desa/kelurahan dan TPS saja.",
};

const EN: Teks = Teks {
    kode: "en",
    kueri: "?lang=en",
    lain: "Bahasa Indonesia",
    lain_url: "/cek?lang=id",
    judul: "Check the voter list (Cek DPT)",
    pengantar: "Check whether you are registered to vote. Give your NIK with your birth date, or your NIK with your name as on your KTP-el.",
    label_nik: "NIK (16 digits)",
    label_lahir: "Birth date",
    atau: "or",
    label_nama: "Name as on the KTP-el",
    tombol: "Check",
    terdaftar: "Registered as a voter",
    nama: "Name",
    desa: "Village (desa/kelurahan)",
    kecamatan: "District (kecamatan)",
    kabupaten: "Regency/city",
    tidak_judul: "No record found",
    tidak: "Check your NIK and birth date or name against your KTP-el. If they are right, report it to the PPS of your village or to the KPU of your regency or city.",
    privasi: "This service does not keep the NIK you type; its records hold only a keyed hash of it. An answer shows a masked name, the village and the polling station only.",
};

fn teks(b: Bahasa) -> &'static Teks {
    match b {
        Bahasa::Id => &ID,
        Bahasa::En => &EN,
    }
}

pub struct Halaman {
    env: Environment<'static>,
}

impl Halaman {
    pub fn baru() -> Halaman {
        let mut env = Environment::new();
        // Our own templates, built in: one that does not parse is a build
        // defect, caught by every test that renders a page.
        for (nama, isi) in [
            ("dasar.html", include_str!("../templates/dasar.html")),
            ("cek.html", include_str!("../templates/cek.html")),
        ] {
            if let Err(e) = env.add_template(nama, isi) {
                tracing::error!(template = nama, galat = %e, "template rusak");
            }
        }
        Halaman { env }
    }

    fn render(&self, nama: &str, ctx: minijinja::Value) -> String {
        match self.env.get_template(nama).and_then(|t| t.render(ctx)) {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(template = nama, galat = %e, "halaman gagal dibuat");
                String::from("<!doctype html><title>Padan</title><p>Galat / error</p>")
            }
        }
    }

    /// The lookup page: the empty form, or the form under an answer. The
    /// form is never filled back in, so every "no" is the same bytes.
    pub fn cek(&self, b: Bahasa, jawaban: Option<&JawabanCek>) -> String {
        self.render(
            "cek.html",
            context! { t => teks(b), jawaban => jawaban, pesan => Option::<&str>::None },
        )
    }

    /// The lookup page with a message instead of an answer (a refusal).
    pub fn cek_pesan(&self, b: Bahasa, pesan: &str) -> String {
        self.render(
            "cek.html",
            context! { t => teks(b), jawaban => Option::<&JawabanCek>::None, pesan => pesan },
        )
    }
}

impl Default for Halaman {
    fn default() -> Self {
        Halaman::baru()
    }
}
