//! Validation of whole rows: each element's rule, then the rules across
//! elements (NIK vs birth date and sex, eligibility). Every finding is
//! collected, not just the first, so the operator fixes a row in one pass.

use crate::aturan::{Kode, Tanggal, TemuanAturan};
use crate::kelayakan;
use crate::masker;
use crate::nik::{periksa_nik, periksa_nkk};
use crate::pemilih::{Elemen, JenisKelamin, Mentah, Pemilih, StatusKawin};
use crate::tanggal::{self, GalatTanggal, umur};
use crate::tms::KodeTms;
use crate::wilayah::{Tingkat, Wilayah, normalisasi_kode, tingkat};
use chrono::NaiveDate;

/// What validation needs to know beyond the row.
#[derive(Debug, Clone, Copy)]
pub struct Konteks<'a> {
    pub wilayah: &'a Wilayah,
    /// The office's kab/kota code, e.g. `35.79`.
    pub kantor: &'a str,
    /// The date eligibility is judged on (the change's effective date).
    pub tanggal_acuan: NaiveDate,
    /// Today: no birth, death or issue date may lie after it.
    pub hari_ini: NaiveDate,
}

/// How strict to be with one kind of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kebijakan {
    /// Refuse voters not eligible on the reference date (register rows).
    pub kelayakan: bool,
    /// Refuse a desa outside the office's area (register rows); otherwise warn
    /// (population extracts span the province).
    pub desa_luar_galat: bool,
    /// NKK, desa code and TPS are required (register rows).
    pub lengkap: bool,
}

pub const KEBIJAKAN_DAFTAR: Kebijakan = Kebijakan {
    kelayakan: true,
    desa_luar_galat: true,
    lengkap: true,
};
pub const KEBIJAKAN_SUMBER: Kebijakan = Kebijakan {
    kelayakan: false,
    desa_luar_galat: false,
    lengkap: false,
};

/// The coklit "keterangan" column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keterangan {
    Kosong,
    Baru,
    Ubah,
    Tms(KodeTms),
}

pub fn urai_keterangan(s: &str, temuan: &mut Vec<TemuanAturan>) -> Option<Keterangan> {
    let t = s.trim().to_uppercase();
    let k = match t.as_str() {
        "" => Some(Keterangan::Kosong),
        "B" | "BARU" => Some(Keterangan::Baru),
        "U" | "UBAH" => Some(Keterangan::Ubah),
        _ => t
            .parse::<u8>()
            .ok()
            .and_then(|n| KodeTms::try_from(n).ok())
            .map(Keterangan::Tms),
    };
    if k.is_none() {
        temuan.push(TemuanAturan::galat(
            Kode::KetNilai,
            Some("keterangan"),
            format!(
                "keterangan '{s}' tidak dikenal; isi kosong, B (baru), U (ubah), atau kode TMS 1–8"
            ),
            format!(
                "keterangan '{s}' is unknown; use empty, B (new), U (changed) or a TMS code 1–8"
            ),
        ));
    }
    k
}

/// A date element: parse, not in the future. `kode` is the rule family
/// (`TGL-LAHIR`, `TGL-MENINGGAL`).
pub fn periksa_tanggal(
    raw: &str,
    kolom: &str,
    kode: Tanggal,
    hari_ini: NaiveDate,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        temuan.push(TemuanAturan::galat(
            kode.kosong(),
            Some(kolom),
            format!("{kolom} kosong; isi dengan tanggal (HH-BB-TTTT)"),
            format!("{kolom} is empty; fill in a date (DD-MM-YYYY)"),
        ));
        return None;
    }
    match tanggal::urai(raw) {
        Ok(d) if d > hari_ini => {
            temuan.push(TemuanAturan::galat(
                kode.masa_depan(),
                Some(kolom),
                format!(
                    "{kolom} {} ada di masa depan (setelah {hari_ini}); periksa tahunnya",
                    masker::tanggal(d)
                ),
                format!(
                    "{kolom} {} lies in the future (after {hari_ini}); check the year",
                    masker::tanggal(d)
                ),
            ));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            let sebab = match e {
                GalatTanggal::Format => (
                    "tidak terbaca; tulis HH-BB-TTTT, misalnya 07-03-1990",
                    "is unreadable; write DD-MM-YYYY, e.g. 07-03-1990",
                ),
                GalatTanggal::TidakAda => (
                    "bukan tanggal yang ada di kalender",
                    "is not a calendar date",
                ),
            };
            temuan.push(TemuanAturan::galat(
                kode.format(),
                Some(kolom),
                format!("{kolom} '{}' {}", masker::tanggal_mentah(raw), sebab.0),
                format!("{kolom} '{}' {}", masker::tanggal_mentah(raw), sebab.1),
            ));
            None
        }
    }
}

/// RT/RW: 1–3 digits, stored zero-padded (`001`). Empty stays empty.
fn periksa_rt(raw: &str, kolom: &str, temuan: &mut Vec<TemuanAturan>) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    match t.parse::<u16>() {
        Ok(n) if (1..=999).contains(&n) => format!("{n:03}"),
        _ => {
            temuan.push(TemuanAturan::galat(
                Kode::RtNilai,
                Some(kolom),
                format!("{kolom} '{t}' bukan angka 1–999"),
                format!("{kolom} '{t}' is not a number 1–999"),
            ));
            String::new()
        }
    }
}

pub fn periksa_desa(
    raw: &str,
    ctx: &Konteks,
    luar_galat: bool,
    wajib: bool,
    temuan: &mut Vec<TemuanAturan>,
) -> String {
    let t = raw.trim();
    if t.is_empty() {
        if wajib {
            temuan.push(TemuanAturan::galat(
                Kode::DesaKosong,
                Some("kode_desa"),
                "kode desa/kelurahan kosong; isi dengan kode Kemendagri PP.KK.CC.DDDD".into(),
                "desa/kelurahan code is empty; fill in the Kemendagri code PP.KK.CC.DDDD".into(),
            ));
        }
        return String::new();
    }
    let kode = normalisasi_kode(t);
    match kode {
        Some(k) if tingkat(&k) == Some(Tingkat::Desa) && ctx.wilayah.ada(&k) => {
            if !k.starts_with(&format!("{}.", ctx.kantor)) {
                let (id, en) = (
                    format!(
                        "desa/kelurahan {k} ({}) di luar wilayah kantor {}",
                        ctx.wilayah.nama(&k).unwrap_or(""),
                        ctx.kantor
                    ),
                    format!(
                        "desa/kelurahan {k} ({}) is outside this office's area {}",
                        ctx.wilayah.nama(&k).unwrap_or(""),
                        ctx.kantor
                    ),
                );
                if luar_galat {
                    temuan.push(TemuanAturan::galat(
                        Kode::DesaLuarWilayah,
                        Some("kode_desa"),
                        id,
                        en,
                    ));
                } else {
                    temuan.push(TemuanAturan::peringatan(
                        Kode::DesaLuarWilayah,
                        Some("kode_desa"),
                        id,
                        en,
                    ));
                }
            }
            k
        }
        _ => {
            temuan.push(TemuanAturan::galat(
                Kode::DesaTidakDikenal,
                Some("kode_desa"),
                format!("kode desa/kelurahan '{t}' tidak ada di daftar wilayah; periksa kodenya, atau muat daftar lengkap dengan 'padan region import'"),
                format!("desa/kelurahan code '{t}' is not in the region list; check it, or load the full list with 'padan region import'"),
            ));
            String::new()
        }
    }
}

/// A voter record from raw values. `tni_polri`: the row says the person
/// serves in TNI/Polri.
pub fn periksa_pemilih(
    m: &Mentah,
    ctx: &Konteks,
    kb: Kebijakan,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<Pemilih> {
    let awal = temuan.len();
    let nama = periksa_nama(m, temuan);
    let lahir = periksa_tanggal(
        m.get(Elemen::TanggalLahir),
        "tanggal_lahir",
        Tanggal::Lahir,
        ctx.hari_ini,
        temuan,
    );
    if let Some(l) = lahir
        && umur(l, ctx.hari_ini) > 120
    {
        temuan.push(TemuanAturan::galat(
            Kode::TglLahirTua,
            Some("tanggal_lahir"),
            format!(
                "lahir {} berarti umur lebih dari 120 tahun; periksa tahunnya",
                masker::tanggal(l)
            ),
            format!(
                "born {} means older than 120; check the year",
                masker::tanggal(l)
            ),
        ));
    }
    let jk_raw = m.get(Elemen::JenisKelamin);
    let jk = JenisKelamin::urai(jk_raw);
    if jk.is_none() {
        temuan.push(TemuanAturan::galat(
            Kode::JkNilai,
            Some("jenis_kelamin"),
            format!("jenis kelamin '{jk_raw}' tidak dikenal; isi L atau P"),
            format!("sex '{jk_raw}' is unknown; use L or P"),
        ));
    }
    let sk_raw = m.get(Elemen::StatusKawin);
    let sk = if sk_raw.is_empty() && !kb.lengkap {
        Some(StatusKawin::B)
    } else {
        StatusKawin::urai(sk_raw)
    };
    if sk.is_none() {
        temuan.push(TemuanAturan::galat(
            Kode::SkNilai,
            Some("status_kawin"),
            format!(
                "status kawin '{sk_raw}' tidak dikenal; isi B (belum), S (sudah) atau P (pernah)"
            ),
            format!("marital status '{sk_raw}' is unknown; use B, S or P"),
        ));
    }
    let nik = periksa_nik(m.get(Elemen::Nik), lahir, jk, ctx.wilayah, temuan);
    let nkk_raw = m.get(Elemen::Nkk);
    let nkk = if nkk_raw.is_empty() && !kb.lengkap {
        Some(String::new())
    } else {
        periksa_nkk(nkk_raw, ctx.hari_ini, ctx.wilayah, temuan).map(|n| n.teks())
    };
    let rt = periksa_rt(m.get(Elemen::Rt), "rt", temuan);
    let rw = periksa_rt(m.get(Elemen::Rw), "rw", temuan);
    let dis_raw = m.get(Elemen::Disabilitas);
    let disabilitas = match dis_raw.parse::<u8>() {
        _ if dis_raw.is_empty() => Some(0),
        Ok(n) if n <= 6 => Some(n),
        _ => {
            temuan.push(TemuanAturan::galat(Kode::DisNilai, Some("disabilitas"), format!("disabilitas '{dis_raw}' harus 0 (tidak ada) sampai 6 (fisik, intelektual, mental, wicara, rungu, netra)"), format!("disability '{dis_raw}' must be 0 (none) to 6")));
            None
        }
    };
    let ktp_raw = m.get(Elemen::KtpEl).to_uppercase();
    let ktp_el = match ktp_raw.as_str() {
        "" => Some(String::new()),
        "S" | "SUDAH" | "Y" | "YA" | "1" | "KTP-EL" | "E" => Some("S".to_owned()),
        "B" | "BELUM" | "T" | "TIDAK" | "0" => Some("B".to_owned()),
        _ => {
            temuan.push(TemuanAturan::galat(
                Kode::KtpNilai,
                Some("ktp_el"),
                format!("status KTP-el '{ktp_raw}' tidak dikenal; isi S (sudah) atau B (belum)"),
                format!("KTP-el status '{ktp_raw}' is unknown; use S or B"),
            ));
            None
        }
    };
    let kode_desa = periksa_desa(
        m.get(Elemen::KodeDesa),
        ctx,
        kb.desa_luar_galat,
        kb.lengkap,
        temuan,
    );
    let tps_raw = m.get(Elemen::Tps);
    let tps = match tps_raw.trim_start_matches("TPS").trim().parse::<u16>() {
        _ if tps_raw.is_empty() && !kb.lengkap => Some(String::new()),
        Ok(n) if (1..=999).contains(&n) => Some(format!("{n:03}")),
        _ => {
            temuan.push(TemuanAturan::galat(
                Kode::TpsNilai,
                Some("tps"),
                format!("nomor TPS '{tps_raw}' harus angka 1–999"),
                format!("TPS '{tps_raw}' must be a number 1–999"),
            ));
            None
        }
    };
    let pekerjaan = m.get(Elemen::Pekerjaan).to_uppercase();
    let tni_polri = matches!(
        pekerjaan.as_str(),
        "TNI" | "POLRI" | "ANGGOTA TNI" | "ANGGOTA POLRI" | "TENTARA" | "POLISI"
    );
    if kb.kelayakan
        && let (Some(l), Some(s)) = (lahir, sk)
        && let Some(t) = kelayakan::periksa(l, s, tni_polri, ctx.tanggal_acuan)
    {
        temuan.push(t);
    }
    let keterangan = m.get(Elemen::Keterangan).to_uppercase();
    if temuan.iter().skip(awal).any(TemuanAturan::is_galat) {
        return None;
    }
    Some(Pemilih {
        nkk: nkk?,
        nik: nik?.teks(),
        nama,
        tempat_lahir: m
            .get(Elemen::TempatLahir)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
        tanggal_lahir: lahir?,
        status_kawin: sk?,
        jenis_kelamin: jk?,
        alamat: m
            .get(Elemen::Alamat)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
        rt,
        rw,
        disabilitas: disabilitas?,
        ktp_el: ktp_el?,
        keterangan,
        kode_desa,
        tps: tps?,
    })
}

/// A death record: NIK, name, date of death (not in the future, not before
/// birth); birth date, sex, certificate number and desa when given. Returns
/// the normalised values by element.
pub fn periksa_meninggal(
    m: &Mentah,
    ctx: &Konteks,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<Vec<(Elemen, String)>> {
    let awal = temuan.len();
    let (nik, nama, lahir, jk) = identitas(m, ctx, temuan);
    let mati = periksa_tanggal(
        m.get(Elemen::TanggalMeninggal),
        "tanggal_meninggal",
        Tanggal::Meninggal,
        ctx.hari_ini,
        temuan,
    );
    if let (Some(l), Some(d)) = (lahir, mati)
        && d < l
    {
        temuan.push(TemuanAturan::galat(
            Kode::TglMeninggalFormat,
            Some("tanggal_meninggal"),
            "tanggal meninggal sebelum tanggal lahir; periksa akta kematian".into(),
            "date of death before date of birth; check the death certificate".into(),
        ));
    }
    let desa = periksa_desa(m.get(Elemen::KodeDesa), ctx, false, false, temuan);
    if temuan.iter().skip(awal).any(TemuanAturan::is_galat) {
        return None;
    }
    let mut out = vec![(Elemen::Nik, nik?.teks()), (Elemen::Nama, nama)];
    tambah_lahir_jk(&mut out, lahir, jk);
    out.push((
        Elemen::TanggalMeninggal,
        mati?.format("%Y-%m-%d").to_string(),
    ));
    for (e, v) in [
        (Elemen::NoAkta, m.get(Elemen::NoAkta).to_owned()),
        (Elemen::KodeDesa, desa),
    ] {
        if !v.is_empty() {
            out.push((e, v));
        }
    }
    Some(out)
}

/// A TNI/Polri list row: NIK, name, instansi (TNI or POLRI).
pub fn periksa_tni_polri(
    m: &Mentah,
    ctx: &Konteks,
    temuan: &mut Vec<TemuanAturan>,
) -> Option<Vec<(Elemen, String)>> {
    let awal = temuan.len();
    let (nik, nama, lahir, jk) = identitas(m, ctx, temuan);
    let inst_raw = m.get(Elemen::Instansi).trim().to_uppercase();
    let inst = match inst_raw.as_str() {
        "TNI" | "TNI AD" | "TNI AL" | "TNI AU" | "AD" | "AL" | "AU" => Some("TNI"),
        "POLRI" | "POLISI" | "KEPOLISIAN" => Some("POLRI"),
        _ => {
            temuan.push(TemuanAturan::galat(
                Kode::InstansiNilai,
                Some("instansi"),
                format!("instansi '{inst_raw}' tidak dikenal; isi TNI atau POLRI"),
                format!("instansi '{inst_raw}' is unknown; use TNI or POLRI"),
            ));
            None
        }
    };
    if temuan.iter().skip(awal).any(TemuanAturan::is_galat) {
        return None;
    }
    let mut out = vec![
        (Elemen::Nik, nik?.teks()),
        (Elemen::Nama, nama),
        (Elemen::Instansi, inst?.to_owned()),
    ];
    tambah_lahir_jk(&mut out, lahir, jk);
    Some(out)
}

/// Who a source record is about: NIK and name required; birth date and sex
/// checked when given (and against the NIK).
fn identitas(
    m: &Mentah,
    ctx: &Konteks,
    temuan: &mut Vec<TemuanAturan>,
) -> (
    Option<crate::Nik>,
    String,
    Option<NaiveDate>,
    Option<JenisKelamin>,
) {
    let raw = m.get(Elemen::TanggalLahir);
    let lahir = if raw.is_empty() {
        None
    } else {
        periksa_tanggal(raw, "tanggal_lahir", Tanggal::Lahir, ctx.hari_ini, temuan)
    };
    let jk = JenisKelamin::urai(m.get(Elemen::JenisKelamin));
    let nik = periksa_nik(m.get(Elemen::Nik), lahir, jk, ctx.wilayah, temuan);
    (nik, periksa_nama(m, temuan), lahir, jk)
}

fn tambah_lahir_jk(
    out: &mut Vec<(Elemen, String)>,
    lahir: Option<NaiveDate>,
    jk: Option<JenisKelamin>,
) {
    if let Some(l) = lahir {
        out.push((Elemen::TanggalLahir, l.format("%Y-%m-%d").to_string()));
    }
    if let Some(j) = jk {
        out.push((Elemen::JenisKelamin, j.kode().into()));
    }
}

fn periksa_nama(m: &Mentah, temuan: &mut Vec<TemuanAturan>) -> String {
    let nama = m
        .get(Elemen::Nama)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if nama.is_empty() {
        temuan.push(TemuanAturan::galat(
            Kode::NamaKosong,
            Some("nama"),
            "nama kosong; isi sesuai KTP-el/KK".into(),
            "name is empty; fill it in from the KTP-el/family card".into(),
        ));
    } else if nama.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, '@' | '#' | '$' | '%' | '*' | '=' | '<' | '>' | '|')
    }) {
        temuan.push(TemuanAturan::peringatan(
            Kode::NamaKarakter,
            Some("nama"),
            "nama berisi angka atau tanda yang tidak lazim; periksa".into(),
            "name contains digits or unusual characters; check it".into(),
        ));
    }
    nama
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ctx(w: &Wilayah) -> Konteks<'_> {
        Konteks {
            wilayah: w,
            kantor: "35.79",
            tanggal_acuan: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            hari_ini: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        }
    }

    pub(crate) fn baris() -> Mentah {
        let mut m = Mentah::default();
        for (e, v) in [
            (Elemen::Nkk, "3579011203150004"),
            (Elemen::Nik, "3579014703900001"),
            (Elemen::Nama, "siti  aminah"),
            (Elemen::TempatLahir, "Malang"),
            (Elemen::TanggalLahir, "07-03-1990"),
            (Elemen::StatusKawin, "S"),
            (Elemen::JenisKelamin, "P"),
            (Elemen::Alamat, "Jl. Diponegoro 3"),
            (Elemen::Rt, "2"),
            (Elemen::Rw, "05"),
            (Elemen::KodeDesa, "3579011001"),
            (Elemen::Tps, "7"),
        ] {
            m.set(e, v);
        }
        m
    }

    fn kode_dari(m: &Mentah) -> Vec<String> {
        let w = Wilayah::bawaan();
        let mut t = vec![];
        periksa_pemilih(m, &ctx(&w), KEBIJAKAN_DAFTAR, &mut t);
        t.into_iter().map(|x| x.kode.to_string()).collect()
    }

    #[test]
    fn a_good_row_passes_normalised() {
        let w = Wilayah::bawaan();
        let mut t = vec![];
        let p = periksa_pemilih(&baris(), &ctx(&w), KEBIJAKAN_DAFTAR, &mut t).unwrap();
        assert!(t.is_empty(), "{t:?}");
        assert_eq!(p.nama, "SITI AMINAH");
        assert_eq!(
            (p.rt.as_str(), p.rw.as_str(), p.tps.as_str()),
            ("002", "005", "007")
        );
        assert_eq!(p.kode_desa, "35.79.01.1001");
    }

    #[test]
    fn each_bad_value_is_named() {
        for (e, v, code) in [
            (Elemen::TanggalLahir, "31-02-1990", "TGL-LAHIR-FORMAT"),
            (Elemen::TanggalLahir, "01-01-2030", "TGL-LAHIR-MASA-DEPAN"),
            (Elemen::JenisKelamin, "X", "JK-NILAI"),
            (Elemen::StatusKawin, "Z", "SK-NILAI"),
            (Elemen::KodeDesa, "3579019999", "DESA-TIDAK-DIKENAL"),
            // A real desa of Kabupaten Malang, now that the full list is
            // built in: outside a Kota Batu office's region.
            (Elemen::KodeDesa, "3507012001", "DESA-LUAR-WILAYAH"),
            (Elemen::Tps, "0", "TPS-NILAI"),
            (Elemen::Disabilitas, "9", "DIS-NILAI"),
            (Elemen::Rt, "abc", "RT-NILAI"),
            (Elemen::Nama, "", "NAMA-KOSONG"),
        ] {
            let mut m = baris();
            m.set(e, v);
            assert!(
                kode_dari(&m).contains(&code.to_owned()),
                "{v}: {:?}",
                kode_dari(&m)
            );
        }
    }

    #[test]
    fn death_and_tni_polri_records() {
        let w = Wilayah::bawaan();
        let mut m = Mentah::default();
        m.set(Elemen::Nik, "3579014703900001");
        m.set(Elemen::Nama, "siti");
        m.set(Elemen::TanggalMeninggal, "03-03-2026");
        let mut t = vec![];
        assert!(periksa_meninggal(&m, &ctx(&w), &mut t).is_some(), "{t:?}");
        m.set(Elemen::TanggalLahir, "07-03-1990");
        m.set(Elemen::TanggalMeninggal, "03-03-1980");
        let mut t = vec![];
        assert!(periksa_meninggal(&m, &ctx(&w), &mut t).is_none());
        assert_eq!(t[0].kode, "TGL-MENINGGAL-FORMAT");
        m.set(Elemen::Instansi, "Satpam");
        let mut t = vec![];
        assert!(periksa_tni_polri(&m, &ctx(&w), &mut t).is_none());
        assert_eq!(t[0].kode, "INSTANSI-NILAI");
    }

    #[test]
    fn under_17_and_never_married_is_refused() {
        let mut m = baris();
        m.set(Elemen::Nik, "3579014703120001");
        m.set(Elemen::TanggalLahir, "07-03-2012");
        m.set(Elemen::StatusKawin, "B");
        assert_eq!(kode_dari(&m), ["PEMILIH-UMUR"]);
        m.set(Elemen::StatusKawin, "S");
        assert!(kode_dari(&m).is_empty(), "married under-17s may vote");
    }

    proptest! {
        #[test]
        fn any_values_never_panic(vals in proptest::collection::vec("\\PC{0,20}", 15)) {
            let w = Wilayah::bawaan();
            let mut m = Mentah::default();
            for (e, v) in Elemen::PEMILIH.into_iter().zip(vals.iter()) { m.set(e, v); }
            let mut t = vec![];
            let r = periksa_pemilih(&m, &ctx(&w), KEBIJAKAN_DAFTAR, &mut t);
            prop_assert!(r.is_some() || t.iter().any(|x| x.is_galat()));
        }
    }
}
