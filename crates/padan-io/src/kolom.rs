//! Headers to elements: a table of the names Dukcapil, KPU (Sidalih) and
//! English-speaking tools use for each element.

use crate::galat::GalatIo;
use padan_core::Elemen;
use padan_core::pemilih::Mentah;

/// Aliases per element, already normalised (see [`normalisasi_judul`]).
pub const ALIAS: &[(Elemen, &[&str])] = &[
    (
        Elemen::Nkk,
        &[
            "NKK",
            "NO_KK",
            "NOMOR_KK",
            "NO_KARTU_KELUARGA",
            "NOMOR_KARTU_KELUARGA",
            "KK",
            "NOKK",
            "FAMILY_CARD",
        ],
    ),
    (
        Elemen::Nik,
        &[
            "NIK",
            "NO_NIK",
            "NOMOR_NIK",
            "NOMOR_INDUK_KEPENDUDUKAN",
            "NIK_KTP",
            "NATIONAL_ID",
        ],
    ),
    (
        Elemen::Nama,
        &[
            "NAMA",
            "NAMA_LENGKAP",
            "NAMA_PEMILIH",
            "NAME",
            "FULL_NAME",
            "GIVEN_NAME",
        ],
    ),
    (
        Elemen::TempatLahir,
        &[
            "TEMPAT_LAHIR",
            "TMP_LAHIR",
            "TMPT_LAHIR",
            "TEMPAT",
            "BIRTHPLACE",
            "PLACE_OF_BIRTH",
        ],
    ),
    (
        Elemen::TanggalLahir,
        &[
            "TGL_LAHIR",
            "TANGGAL_LAHIR",
            "TGLLAHIR",
            "TANGGALLAHIR",
            "DOB",
            "DATE_OF_BIRTH",
            "BIRTH_DATE",
        ],
    ),
    (
        Elemen::StatusKawin,
        &[
            "STATUS_KAWIN",
            "STS_KAWIN",
            "STATUS_PERKAWINAN",
            "KAWIN",
            "MARITAL_STATUS",
        ],
    ),
    (
        Elemen::JenisKelamin,
        &["JENIS_KELAMIN", "JK", "L_P", "KELAMIN", "SEX", "GENDER"],
    ),
    (
        Elemen::Alamat,
        &["ALAMAT", "ALAMAT_LENGKAP", "ADDRESS", "DUKUH", "JALAN"],
    ),
    (Elemen::Rt, &["RT", "NO_RT"]),
    (Elemen::Rw, &["RW", "NO_RW"]),
    (
        Elemen::Disabilitas,
        &["DISABILITAS", "JENIS_DISABILITAS", "DIFABEL", "DISABILITY"],
    ),
    (
        Elemen::KtpEl,
        &[
            "KTP_EL",
            "KTPEL",
            "STATUS_KTP_EL",
            "E_KTP",
            "EKTP",
            "STATUS_PEREKAMAN",
            "KTP",
        ],
    ),
    (
        Elemen::Keterangan,
        &["KETERANGAN", "KET", "KODE_KETERANGAN", "NOTE", "REMARK"],
    ),
    (
        Elemen::KodeDesa,
        &[
            "KODE_DESA",
            "KODE_KELURAHAN",
            "KODE_DESA_KELURAHAN",
            "KD_DESA",
            "KODE_KEL",
            "KODE_WILAYAH",
            "VILLAGE_CODE",
        ],
    ),
    (
        Elemen::Tps,
        &["TPS", "NO_TPS", "NOMOR_TPS", "POLLING_STATION"],
    ),
    (
        Elemen::TanggalMeninggal,
        &[
            "TGL_MENINGGAL",
            "TANGGAL_MENINGGAL",
            "TGL_WAFAT",
            "TANGGAL_WAFAT",
            "TANGGAL_KEMATIAN",
            "TGL_KEMATIAN",
            "DATE_OF_DEATH",
        ],
    ),
    (
        Elemen::NoAkta,
        &[
            "NO_AKTA",
            "NO_AKTA_KEMATIAN",
            "NOMOR_AKTA",
            "AKTA_KEMATIAN",
            "AKTA",
        ],
    ),
    (
        Elemen::Instansi,
        &["INSTANSI", "MATRA", "KESATUAN", "AGENCY"],
    ),
    (
        Elemen::Pekerjaan,
        &["PEKERJAAN", "JENIS_PEKERJAAN", "OCCUPATION"],
    ),
    (Elemen::IdPemilih, &["ID_PEMILIH", "VOTER_ID", "ID"]),
];

/// `Tgl. Lahir` → `TGL_LAHIR`; `"\u{feff}NIK "` → `NIK`; `L/P` → `L_P`.
pub fn normalisasi_judul(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Upper-case first: upper-casing can yield combining marks, which then
    // count as separators like any other non-alphanumeric.
    for c in s
        .trim_start_matches('\u{feff}')
        .trim()
        .to_uppercase()
        .chars()
    {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

pub fn elemen_dari_judul(judul: &str) -> Option<Elemen> {
    let n = normalisasi_judul(judul);
    // The canonical names themselves (`tempat_lahir`) always work too.
    ALIAS
        .iter()
        .find(|(e, alias)| alias.contains(&n.as_str()) || e.nama().eq_ignore_ascii_case(&n))
        .map(|(e, _)| *e)
}

/// Whether a header names a region by name (`KELURAHAN`, `NAMA_KECAMATAN`,
/// `KAB_KOTA`, `PROVINSI`), and at which level. Codes have headers of their
/// own (`KODE_DESA`); these columns hold names, resolved through the
/// region list by [`padan_core::nama_wilayah`].
pub fn tingkat_nama_wilayah(judul: &str) -> Option<padan_core::wilayah::Tingkat> {
    use padan_core::wilayah::Tingkat;
    let n = normalisasi_judul(judul);
    let n = n.strip_prefix("NAMA_").unwrap_or(&n);
    match n {
        "DESA" | "KELURAHAN" | "DESA_KELURAHAN" | "KELURAHAN_DESA" | "KEL_DESA" | "DESA_KEL"
        | "KEL" | "DS" | "VILLAGE" => Some(Tingkat::Desa),
        "KECAMATAN" | "KEC" | "DISTRIK" | "DISTRICT" | "SUBDISTRICT" => Some(Tingkat::Kecamatan),
        "KABUPATEN" | "KOTA" | "KAB_KOTA" | "KABUPATEN_KOTA" | "KAB" | "KABKOTA" | "REGENCY"
        | "CITY" => Some(Tingkat::KabKota),
        "PROVINSI" | "PROV" | "PROPINSI" | "PROVINCE" => Some(Tingkat::Provinsi),
        _ => None,
    }
}

/// The first region-name column of each level (provinsi, kab/kota,
/// kecamatan, desa) among the headers `lewati` does not exclude.
pub fn kolom_nama_wilayah(judul: &[String], lewati: impl Fn(usize) -> bool) -> [Option<usize>; 4] {
    let mut per: [Option<usize>; 4] = [None; 4];
    for (i, j) in judul.iter().enumerate() {
        if lewati(i) {
            continue;
        }
        if let Some(t) = tingkat_nama_wilayah(j)
            && let Some(k) = per.get_mut(t as usize)
            && k.is_none()
        {
            *k = Some(i);
        }
    }
    per
}

/// A row's region names from the columns of [`kolom_nama_wilayah`];
/// `sel` gives a column's (trimmed) value.
pub fn nama_wilayah_baris<'a>(
    per: &[Option<usize>; 4],
    sel: impl Fn(usize) -> &'a str,
) -> padan_core::nama_wilayah::NamaWilayah<'a> {
    let di = |l: usize| per.get(l).copied().flatten().map_or("", &sel);
    padan_core::nama_wilayah::NamaWilayah {
        provinsi: di(0),
        kabkota: di(1),
        kecamatan: di(2),
        desa: di(3),
    }
}

/// Which file column feeds which element.
#[derive(Debug, Clone)]
pub struct Pemetaan {
    kolom: Vec<Option<Elemen>>,
    /// Header names that matched no element; reported, then ignored.
    pub tak_dikenal: Vec<String>,
    /// Region-name columns per level (provinsi, kab/kota, kecamatan,
    /// desa), set only when the file has a desa name and no desa code:
    /// its rows' codes are then resolved from the names (see
    /// [`padan_core::nama_wilayah`]).
    pub nama_wilayah: Option<[Option<usize>; 4]>,
}

impl Pemetaan {
    /// Maps a header. `wajib` are the elements this kind of file must have.
    pub fn dari_judul(judul: &[String], wajib: &[Elemen]) -> Result<Pemetaan, GalatIo> {
        let mut kolom = Vec::with_capacity(judul.len());
        let mut tak_dikenal = Vec::new();
        for (i, j) in judul.iter().enumerate() {
            let e = elemen_dari_judul(j);
            if let Some(e) = e
                && let Some(a) = kolom.iter().position(|k| *k == Some(e))
            {
                return Err(GalatIo::JudulGanda {
                    nama: j.trim().to_owned(),
                    a: a + 1,
                    b: i + 1,
                });
            }
            if e.is_none() && !j.trim().is_empty() {
                tak_dikenal.push(j.trim().to_owned());
            }
            kolom.push(e);
        }
        let mut nama_wilayah = None;
        if !kolom.contains(&Some(Elemen::KodeDesa)) {
            let per = kolom_nama_wilayah(judul, |_| false);
            if per[3].is_some() {
                tak_dikenal.retain(|j| tingkat_nama_wilayah(j).is_none());
                nama_wilayah = Some(per);
            }
        }
        let hilang: Vec<&str> = wajib
            .iter()
            .filter(|w| !kolom.contains(&Some(**w)))
            .filter(|w| !(**w == Elemen::KodeDesa && nama_wilayah.is_some()))
            .map(|w| w.nama())
            .collect();
        if !hilang.is_empty() {
            let (terbaca, data) = judul_terbaca(judul);
            let saran = if data {
                Some(crate::galat::Saran::BukanJudul)
            } else if judul.len() == 1 {
                Some(crate::galat::Saran::Pemisah)
            } else {
                None
            };
            return Err(GalatIo::KolomHilang {
                hilang: hilang.join(", "),
                terbaca,
                saran,
            });
        }
        Ok(Pemetaan {
            kolom,
            tak_dikenal,
            nama_wilayah,
        })
    }

    /// A row's region names, when the file gives them instead of codes.
    pub fn nama_wilayah<'a>(
        &self,
        nilai: &'a [String],
    ) -> Option<padan_core::nama_wilayah::NamaWilayah<'a>> {
        let per = self.nama_wilayah?;
        Some(nama_wilayah_baris(&per, |c| {
            nilai.get(c).map_or("", |s| s.trim())
        }))
    }

    /// Fills `m` from one row's fields.
    pub fn isi(&self, nilai: &[String], m: &mut Mentah) {
        m.clear();
        for (k, v) in self.kolom.iter().zip(nilai) {
            if let Some(e) = k {
                m.set(*e, v);
            }
        }
    }
}

/// A header as a message may list it, `'NIK', 'NAMA', …`, and whether it
/// looks like a data row. A file without a header row has its first voter
/// here (a NIK, a name, a birth date): such a row is listed masked.
pub fn judul_terbaca(judul: &[String]) -> (String, bool) {
    let data = judul.iter().any(|j| seperti_data(j));
    let teks = judul
        .iter()
        .map(|j| {
            let j = j.trim();
            if data {
                format!("'{}'", samarkan(j))
            } else {
                format!("'{j}'")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    (teks, data)
}

/// A header cell that looks like personal data rather than a column name:
/// a run of six or more digits (NIK, NKK, a date without separators) or a
/// date.
fn seperti_data(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 6 {
            return true;
        }
    }
    padan_core::tanggal::urai(s).is_ok()
}

/// A cell of a data row, as a message may show it: identifiers as a NIK is
/// masked, dates by their year, any other text by its first letter.
fn samarkan(s: &str) -> String {
    if padan_core::tanggal::urai(s).is_ok() {
        return padan_core::masker::tanggal_teks(s);
    }
    if s.chars().any(|c| c.is_ascii_digit()) {
        return padan_core::masker::nik(s);
    }
    let mut c = s.chars();
    match c.next() {
        Some(a) => format!("{a}{}", "*".repeat(c.count().min(8))),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn aliases() {
        assert_eq!(elemen_dari_judul("Tgl. Lahir"), Some(Elemen::TanggalLahir));
        assert_eq!(elemen_dari_judul("\u{feff}NIK"), Some(Elemen::Nik));
        assert_eq!(elemen_dari_judul("No. KK"), Some(Elemen::Nkk));
        assert_eq!(elemen_dari_judul("L/P"), Some(Elemen::JenisKelamin));
        assert_eq!(
            elemen_dari_judul("date_of_birth"),
            Some(Elemen::TanggalLahir)
        );
        assert_eq!(elemen_dari_judul("warna"), None);
    }

    #[test]
    fn duplicated_and_missing_headers() {
        assert!(matches!(
            Pemetaan::dari_judul(&h(&["NIK", "NAMA", "nik"]), &[]),
            Err(GalatIo::JudulGanda { a: 1, b: 3, .. })
        ));
        let e =
            Pemetaan::dari_judul(&h(&["NIK;NAMA;JK"]), &[Elemen::Nik, Elemen::Nama]).unwrap_err();
        assert!(e.to_string().contains("pemisah kolom"), "{e}");
        let p = Pemetaan::dari_judul(&h(&["NIK", "NAMA", "WARNA"]), &[Elemen::Nik]).unwrap();
        assert_eq!(p.tak_dikenal, ["WARNA"]);
    }

    #[test]
    fn a_file_without_a_header_does_not_print_the_first_voter() {
        let row = h(&[
            "3579011203150004",
            "3579010703900001",
            "BUDI SANTOSO",
            "07-03-1990",
        ]);
        let e = Pemetaan::dari_judul(&row, &[Elemen::Nik, Elemen::Nama]).unwrap_err();
        for m in [e.to_string(), e.teks(padan_core::Bahasa::En)] {
            for full in [
                "3579011203150004",
                "3579010703900001",
                "BUDI SANTOSO",
                "07-03-1990",
                "0703",
            ] {
                assert!(!m.contains(full), "{m}");
            }
        }
        assert!(e.to_string().contains("bukan judul kolom"), "{e}");
        let p = Pemetaan::dari_judul(&h(&["NIK", "NAMA", "WARNA"]), &[Elemen::Nik]).unwrap();
        assert_eq!(p.tak_dikenal, ["WARNA"]);
    }

    proptest! {
        #[test]
        fn normalising_never_panics_and_is_idempotent(s in "\\PC*") {
            let n = normalisasi_judul(&s);
            prop_assert_eq!(normalisasi_judul(&n), n);
        }
    }
}
