//! Server-rendered pages: minijinja templates built into the binary, the
//! words in Bahasa Indonesia or English. Every control is a plain form.

use minijinja::{Environment, context};
use padan_app::cek::JawabanCek;
use padan_app::tanggapan::{StatusPublik, TandaTerima};
use padan_core::{Bahasa, JenisTanggapan, StatusKasus};
use serde::Serialize;

/// The words of the lookup page in one language.
#[derive(Debug, Clone, Serialize)]
struct Teks {
    kode: &'static str,
    /// `?lang=…`: the links and the form keep the language shown, whatever
    /// the browser prefers.
    kueri: &'static str,
    lain: &'static str,
    /// The same page in the other language.
    kueri_lain: &'static str,
    nav_tanggapan: &'static str,
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
    tg_judul: &'static str,
    tg_pengantar: &'static str,
    tg_jenis: &'static str,
    tg_nik: &'static str,
    tg_teks: &'static str,
    tg_kirim: &'static str,
    tg_diterima: &'static str,
    tg_simpan: &'static str,
    tg_cek_judul: &'static str,
    tg_tanda: &'static str,
    tg_cek: &'static str,
    tg_status: &'static str,
}

const ID: Teks = Teks {
    kode: "id",
    kueri: "?lang=id",
    lain: "English",
    kueri_lain: "?lang=en",
    nav_tanggapan: "Tanggapan",
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
    tg_judul: "Tanggapan masyarakat",
    tg_pengantar: "Laporkan data pemilih yang perlu diperbaiki: Anda belum terdaftar, data salah, domisili berbeda, terdaftar ganda, atau pemilih yang tidak lagi memenuhi syarat (mis. keluarga yang telah meninggal). Petugas KPU akan meninjaunya.",
    tg_jenis: "Jenis tanggapan",
    tg_nik: "NIK yang dilaporkan (16 angka)",
    tg_teks: "Uraian",
    tg_kirim: "Kirim tanggapan",
    tg_diterima: "Tanggapan diterima",
    tg_simpan: "Simpan nomor tanda terima ini untuk melihat perkembangannya:",
    tg_cek_judul: "Cek tanda terima",
    tg_tanda: "Nomor tanda terima",
    tg_cek: "Cek",
    tg_status: "Status",
};

const EN: Teks = Teks {
    kode: "en",
    kueri: "?lang=en",
    lain: "Bahasa Indonesia",
    kueri_lain: "?lang=id",
    nav_tanggapan: "Report",
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
    tg_judul: "Report a problem with the voter list",
    tg_pengantar: "Report voter data that needs correcting: you are not registered, data is wrong, the domicile is different, someone is listed twice, or a voter no longer qualifies (e.g. a relative who has died). KPU staff will review it.",
    tg_jenis: "Kind of report",
    tg_nik: "NIK concerned (16 digits)",
    tg_teks: "Description",
    tg_kirim: "Send report",
    tg_diterima: "Report received",
    tg_simpan: "Keep this receipt number to follow it up:",
    tg_cek_judul: "Check a receipt",
    tg_tanda: "Receipt number",
    tg_cek: "Check",
    tg_status: "Status",
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
            (
                "tanggapan.html",
                include_str!("../templates/tanggapan.html"),
            ),
            ("op_dasar.html", include_str!("../templates/op_dasar.html")),
            ("op_masuk.html", include_str!("../templates/op_masuk.html")),
            ("op_pesan.html", include_str!("../templates/op_pesan.html")),
            ("op_polos.html", include_str!("../templates/op_polos.html")),
            (
                "op_dasbor.html",
                include_str!("../templates/op_dasbor.html"),
            ),
            ("op_cari.html", include_str!("../templates/op_cari.html")),
            (
                "op_riwayat.html",
                include_str!("../templates/op_riwayat.html"),
            ),
            (
                "op_antrian.html",
                include_str!("../templates/op_antrian.html"),
            ),
            ("op_kasus.html", include_str!("../templates/op_kasus.html")),
            ("op_audit.html", include_str!("../templates/op_audit.html")),
            ("op_impor.html", include_str!("../templates/op_impor.html")),
            (
                "op_periode.html",
                include_str!("../templates/op_periode.html"),
            ),
        ] {
            if let Err(e) = env.add_template(nama, isi) {
                tracing::error!(template = nama, galat = %e, "template rusak");
            }
        }
        Halaman { env }
    }

    pub(crate) fn render(&self, nama: &str, ctx: minijinja::Value) -> String {
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
            context! {
                t => teks(b), lain_url => lain(b, "/cek"), jawaban => jawaban,
                pesan => Option::<&str>::None,
            },
        )
    }

    /// The lookup page with a message instead of an answer (a refusal).
    pub fn cek_pesan(&self, b: Bahasa, pesan: &str) -> String {
        self.render(
            "cek.html",
            context! {
                t => teks(b), lain_url => lain(b, "/cek"),
                jawaban => Option::<&JawabanCek>::None, pesan => pesan,
            },
        )
    }

    /// The reports page: the form (with its `token`), and above it a
    /// receipt, a report's state or a message.
    pub fn tanggapan(&self, b: Bahasa, token: &str, isi: IsiTanggapan<'_>) -> String {
        let (terima, status, pesan) = match isi {
            IsiTanggapan::Kosong => (None, None, None),
            IsiTanggapan::Terima(t) => (Some(t), None, None),
            IsiTanggapan::Status(s) => (None, Some(s), None),
            IsiTanggapan::Pesan(p) => (None, None, Some(p)),
        };
        let jenis: Vec<(&str, &str)> = JenisTanggapan::SEMUA
            .iter()
            .map(|j| (j.nama(), nama_jenis(b, *j)))
            .collect();
        let jenis_nama: std::collections::BTreeMap<&str, &str> = jenis.iter().copied().collect();
        self.render(
            "tanggapan.html",
            context! {
                t => teks(b), lain_url => lain(b, "/tanggapan"), token => token,
                jenis => jenis, jenis_nama => jenis_nama, terima => terima, status => status,
                status_nama => status.map(|s| nama_status(b, s)), pesan => pesan,
            },
        )
    }
}

/// What the reports page shows above its form.
pub enum IsiTanggapan<'a> {
    Kosong,
    Terima(&'a TandaTerima),
    Status(&'a StatusPublik),
    Pesan(&'a str),
}

/// The same page in the other language.
fn lain(b: Bahasa, path: &str) -> String {
    format!("{path}{}", teks(b).kueri_lain)
}

fn nama_jenis(b: Bahasa, j: JenisTanggapan) -> &'static str {
    use JenisTanggapan as J;
    match (b, j) {
        (Bahasa::Id, J::BelumTerdaftar) => "Belum terdaftar sebagai pemilih",
        (Bahasa::Id, J::Perbaikan) => "Data pemilih salah (perbaikan)",
        (Bahasa::Id, J::Domisili) => "Domisili tidak sesuai",
        (Bahasa::Id, J::Ganda) => "Terdaftar lebih dari sekali",
        (Bahasa::Id, J::TidakMemenuhiSyarat) => "Tidak memenuhi syarat lagi (mis. meninggal)",
        (Bahasa::En, J::BelumTerdaftar) => "Not registered",
        (Bahasa::En, J::Perbaikan) => "Wrong voter data (a correction)",
        (Bahasa::En, J::Domisili) => "Wrong domicile",
        (Bahasa::En, J::Ganda) => "Registered more than once",
        (Bahasa::En, J::TidakMemenuhiSyarat) => "No longer eligible (e.g. deceased)",
    }
}

fn nama_status(b: Bahasa, s: &StatusPublik) -> &'static str {
    use StatusKasus as S;
    match (b, s.status, s.menunggu) {
        (Bahasa::Id, S::Terbuka, _) => "Diterima, menunggu peninjauan petugas",
        (Bahasa::Id, S::CekLapangan, _) => "Sedang diperiksa di lapangan",
        (Bahasa::Id, S::Diputus, true) => "Sudah diputus, menunggu persetujuan",
        (Bahasa::Id, S::Diputus | S::Disetujui, _) => "Selesai ditindaklanjuti",
        (Bahasa::En, S::Terbuka, _) => "Received, waiting for review",
        (Bahasa::En, S::CekLapangan, _) => "Being checked in the field",
        (Bahasa::En, S::Diputus, true) => "Decided, waiting for approval",
        (Bahasa::En, S::Diputus | S::Disetujui, _) => "Followed up",
    }
}

impl Default for Halaman {
    fn default() -> Self {
        Halaman::baru()
    }
}
