//! The voter record: the 13 elements of Model A-Daftar Pemilih, plus the
//! desa/kelurahan code and the TPS.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JenisKelamin {
    L,
    P,
}

impl JenisKelamin {
    pub fn kode(self) -> &'static str {
        match self {
            JenisKelamin::L => "L",
            JenisKelamin::P => "P",
        }
    }

    /// L, P, LAKI-LAKI, PEREMPUAN, LK, PR, M, F, 1 (L), 2 (P).
    pub fn urai(s: &str) -> Option<Self> {
        match s.trim().to_uppercase().as_str() {
            "L" | "LK" | "LAKI-LAKI" | "LAKI LAKI" | "LAKI" | "PRIA" | "M" | "MALE" | "1" => {
                Some(JenisKelamin::L)
            }
            "P" | "PR" | "PEREMPUAN" | "WANITA" | "F" | "FEMALE" | "2" => Some(JenisKelamin::P),
            _ => None,
        }
    }
}

/// B = belum kawin, S = sudah kawin, P = pernah kawin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatusKawin {
    B,
    S,
    P,
}

impl StatusKawin {
    pub fn kode(self) -> &'static str {
        match self {
            StatusKawin::B => "B",
            StatusKawin::S => "S",
            StatusKawin::P => "P",
        }
    }

    pub fn urai(s: &str) -> Option<Self> {
        match s.trim().to_uppercase().as_str() {
            "B" | "BK" | "BELUM KAWIN" | "BELUM" | "SINGLE" => Some(StatusKawin::B),
            "S" | "K" | "SUDAH KAWIN" | "KAWIN" | "SUDAH" | "MARRIED" => Some(StatusKawin::S),
            "P" | "PERNAH KAWIN" | "PERNAH" | "CERAI HIDUP" | "CERAI MATI" | "JANDA" | "DUDA" => {
                Some(StatusKawin::P)
            }
            _ => None,
        }
    }
}

/// One voter, as held in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pemilih {
    pub nkk: String,
    pub nik: String,
    pub nama: String,
    pub tempat_lahir: String,
    pub tanggal_lahir: NaiveDate,
    pub status_kawin: StatusKawin,
    pub jenis_kelamin: JenisKelamin,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub disabilitas: u8,
    /// `S` (sudah) or `B` (belum) perekaman KTP-el; empty when unknown.
    pub ktp_el: String,
    /// As the source wrote it: empty, `B` (baru), `U` (ubah) or a TMS code.
    pub keterangan: String,
    pub kode_desa: String,
    pub tps: String,
}

/// A named element: the columns a file may carry and the fields `padan edit`
/// may change. Some are not part of the voter record but of other sources
/// (death records, TNI/Polri lists, coklit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Elemen {
    Nkk,
    Nik,
    Nama,
    TempatLahir,
    TanggalLahir,
    StatusKawin,
    JenisKelamin,
    Alamat,
    Rt,
    Rw,
    Disabilitas,
    KtpEl,
    Keterangan,
    KodeDesa,
    Tps,
    TanggalMeninggal,
    NoAkta,
    Instansi,
    Pekerjaan,
    IdPemilih,
}

impl Elemen {
    pub const SEMUA: [Elemen; 20] = [
        Elemen::Nkk,
        Elemen::Nik,
        Elemen::Nama,
        Elemen::TempatLahir,
        Elemen::TanggalLahir,
        Elemen::StatusKawin,
        Elemen::JenisKelamin,
        Elemen::Alamat,
        Elemen::Rt,
        Elemen::Rw,
        Elemen::Disabilitas,
        Elemen::KtpEl,
        Elemen::Keterangan,
        Elemen::KodeDesa,
        Elemen::Tps,
        Elemen::TanggalMeninggal,
        Elemen::NoAkta,
        Elemen::Instansi,
        Elemen::Pekerjaan,
        Elemen::IdPemilih,
    ];

    /// The elements of the voter record, in Model A order.
    pub const PEMILIH: [Elemen; 15] = [
        Elemen::Nkk,
        Elemen::Nik,
        Elemen::Nama,
        Elemen::TempatLahir,
        Elemen::TanggalLahir,
        Elemen::StatusKawin,
        Elemen::JenisKelamin,
        Elemen::Alamat,
        Elemen::Rt,
        Elemen::Rw,
        Elemen::Disabilitas,
        Elemen::KtpEl,
        Elemen::Keterangan,
        Elemen::KodeDesa,
        Elemen::Tps,
    ];

    /// The canonical column name (also the JSON key and `padan edit` name).
    pub fn nama(self) -> &'static str {
        match self {
            Elemen::Nkk => "nkk",
            Elemen::Nik => "nik",
            Elemen::Nama => "nama",
            Elemen::TempatLahir => "tempat_lahir",
            Elemen::TanggalLahir => "tanggal_lahir",
            Elemen::StatusKawin => "status_kawin",
            Elemen::JenisKelamin => "jenis_kelamin",
            Elemen::Alamat => "alamat",
            Elemen::Rt => "rt",
            Elemen::Rw => "rw",
            Elemen::Disabilitas => "disabilitas",
            Elemen::KtpEl => "ktp_el",
            Elemen::Keterangan => "keterangan",
            Elemen::KodeDesa => "kode_desa",
            Elemen::Tps => "tps",
            Elemen::TanggalMeninggal => "tanggal_meninggal",
            Elemen::NoAkta => "no_akta",
            Elemen::Instansi => "instansi",
            Elemen::Pekerjaan => "pekerjaan",
            Elemen::IdPemilih => "id_pemilih",
        }
    }

    /// The column header files are written with (`TANGGAL_LAHIR`).
    pub fn judul(self) -> String {
        self.nama().to_uppercase()
    }

    pub fn dari_nama(s: &str) -> Option<Elemen> {
        let s = s.trim().to_lowercase();
        Elemen::SEMUA.into_iter().find(|e| e.nama() == s)
    }

    pub fn indeks(self) -> usize {
        self as usize
    }
}

/// One row's values by element, as text; absent columns are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentah {
    nilai: [String; 20],
}

impl Mentah {
    pub fn get(&self, e: Elemen) -> &str {
        self.nilai.get(e.indeks()).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, e: Elemen, v: &str) {
        if let Some(slot) = self.nilai.get_mut(e.indeks()) {
            slot.clear();
            slot.push_str(v.trim());
        }
    }

    pub fn clear(&mut self) {
        for v in &mut self.nilai {
            v.clear();
        }
    }
}

impl Pemilih {
    /// Whether `lain` holds the same data apart from the desa and the
    /// source's remark: what a recap counts as no correction (perbaikan).
    /// Destructured, so that a new element cannot be left out of it.
    pub fn sama_selain_desa(&self, lain: &Pemilih) -> bool {
        let Pemilih {
            nkk,
            nik,
            nama,
            tempat_lahir,
            tanggal_lahir,
            status_kawin,
            jenis_kelamin,
            alamat,
            rt,
            rw,
            disabilitas,
            ktp_el,
            keterangan: _,
            kode_desa: _,
            tps,
        } = self;
        *nkk == lain.nkk
            && *nik == lain.nik
            && *nama == lain.nama
            && *tempat_lahir == lain.tempat_lahir
            && *tanggal_lahir == lain.tanggal_lahir
            && *status_kawin == lain.status_kawin
            && *jenis_kelamin == lain.jenis_kelamin
            && *alamat == lain.alamat
            && *rt == lain.rt
            && *rw == lain.rw
            && *disabilitas == lain.disabilitas
            && *ktp_el == lain.ktp_el
            && *tps == lain.tps
    }

    /// The value of a record element as text (the form files and diffs use).
    pub fn nilai(&self, e: Elemen) -> String {
        match e {
            Elemen::Nkk => self.nkk.clone(),
            Elemen::Nik => self.nik.clone(),
            Elemen::Nama => self.nama.clone(),
            Elemen::TempatLahir => self.tempat_lahir.clone(),
            Elemen::TanggalLahir => crate::tanggal::iso(self.tanggal_lahir),
            Elemen::StatusKawin => self.status_kawin.kode().into(),
            Elemen::JenisKelamin => self.jenis_kelamin.kode().into(),
            Elemen::Alamat => self.alamat.clone(),
            Elemen::Rt => self.rt.clone(),
            Elemen::Rw => self.rw.clone(),
            Elemen::Disabilitas => self.disabilitas.to_string(),
            Elemen::KtpEl => self.ktp_el.clone(),
            Elemen::Keterangan => self.keterangan.clone(),
            Elemen::KodeDesa => self.kode_desa.clone(),
            Elemen::Tps => self.tps.clone(),
            _ => String::new(),
        }
    }

    /// Sets one element from its normalised text (the form [`Pemilih::nilai`]
    /// gives), as stored in change events.
    pub fn terapkan(&mut self, e: Elemen, v: &str) -> Result<(), String> {
        let salah = || format!("nilai '{v}' tidak sah untuk {}", e.nama());
        match e {
            Elemen::Nkk => self.nkk = v.to_owned(),
            Elemen::Nik => self.nik = v.to_owned(),
            Elemen::Nama => self.nama = v.to_owned(),
            Elemen::TempatLahir => self.tempat_lahir = v.to_owned(),
            Elemen::TanggalLahir => {
                self.tanggal_lahir =
                    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| salah())?
            }
            Elemen::StatusKawin => self.status_kawin = StatusKawin::urai(v).ok_or_else(salah)?,
            Elemen::JenisKelamin => self.jenis_kelamin = JenisKelamin::urai(v).ok_or_else(salah)?,
            Elemen::Alamat => self.alamat = v.to_owned(),
            Elemen::Rt => self.rt = v.to_owned(),
            Elemen::Rw => self.rw = v.to_owned(),
            Elemen::Disabilitas => self.disabilitas = v.parse().map_err(|_| salah())?,
            Elemen::KtpEl => self.ktp_el = v.to_owned(),
            Elemen::Keterangan => self.keterangan = v.to_owned(),
            Elemen::KodeDesa => self.kode_desa = v.to_owned(),
            Elemen::Tps => self.tps = v.to_owned(),
            _ => return Err(format!("{} bukan elemen data pemilih", e.nama())),
        }
        Ok(())
    }

    /// The record as raw values, to edit and validate again.
    pub fn mentah(&self) -> Mentah {
        let mut m = Mentah::default();
        for e in Elemen::PEMILIH {
            m.set(e, &self.nilai(e));
        }
        m
    }

    /// Elements whose values differ, with (before, after). `keterangan` is
    /// left out: it marks the last change (B, U, a TMS code), which events
    /// set; it is never an element that changes.
    pub fn beda(&self, lain: &Pemilih) -> Vec<(Elemen, String, String)> {
        Elemen::PEMILIH
            .into_iter()
            .filter(|e| *e != Elemen::Keterangan)
            .filter_map(|e| {
                let (a, b) = (self.nilai(e), lain.nilai(e));
                (a != b).then_some((e, a, b))
            })
            .collect()
    }
}
