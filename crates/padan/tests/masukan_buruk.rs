//! Bad input: a clear message in Bahasa Indonesia, no panic, the rejected
//! rows kept with their reasons, and never a partial batch.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::*;

/// Refused before any row: a message, and nothing in the log.
fn ditolak_utuh(r: &Ruang, berkas: &str, harus_ada: &str) {
    let h = r.impor("dpt", berkas, &[]);
    assert_ne!(h.kode, 0, "{}", h.semua());
    let teks = h.semua();
    assert!(
        teks.contains(harus_ada),
        "expected '{harus_ada}' in: {teks}"
    );
    assert_eq!(r.hitung(), (0, 0, 0), "no trace of a refused import");
}

#[test]
fn empty_file() {
    let r = Ruang::baru();
    r.tulis("kosong.csv", b"");
    ditolak_utuh(&r, "kosong.csv", "kosong");
}

#[test]
fn a_missing_file_is_said_in_the_operators_language() {
    let r = Ruang::baru();
    ditolak_utuh(&r, "tidak_ada.csv", "berkas tidak_ada.csv tidak ada");
    assert!(
        !r.impor("dpt", "tidak_ada.csv", &[])
            .semua()
            .contains("os error")
    );
}

#[test]
fn wrong_delimiter() {
    let r = Ruang::baru();
    r.tulis("titik2.csv", JUDUL.replace(',', ":").as_bytes());
    ditolak_utuh(&r, "titik2.csv", "pemisah kolom tidak dikenali");
}

#[test]
fn missing_required_column() {
    let r = Ruang::baru();
    r.tulis("tanpa_nik.csv", b"NKK,NAMA,TGL_LAHIR,JK,STATUS_KAWIN,TEMPAT_LAHIR,ALAMAT,KODE_DESA,TPS\n1,2,3,4,5,6,7,8,9\n");
    ditolak_utuh(&r, "tanpa_nik.csv", "kolom wajib tidak ada: nik");
}

#[test]
fn duplicated_header() {
    let r = Ruang::baru();
    r.tulis("ganda.csv", format!("{JUDUL},NIK\n").as_bytes());
    ditolak_utuh(&r, "ganda.csv", "muncul dua kali");
}

#[test]
fn not_what_the_extension_says() {
    let r = Ruang::baru();
    r.tulis("palsu.xlsx", &csv(&[baris(1)]));
    ditolak_utuh(&r, "palsu.xlsx", "isinya teks (CSV)");
    r.tulis("palsu.csv", b"%PDF-1.7 ...");
    ditolak_utuh(&r, "palsu.csv", "dokumen PDF");
    r.tulis("zip.csv", b"PK\x03\x04 not really");
    ditolak_utuh(&r, "zip.csv", "berekstensi .csv tetapi isinya XLSX");
}

#[test]
fn bad_rows_are_rejected_kept_and_counted() {
    let r = Ruang::baru();
    let rows = vec![
        baris(1),
        baris(2).replace("3579010703900002", "357901070390002"), // 15 digits
        baris(3).replace("3579010703900003", "35790107039O0003"), // a letter O
        baris(4).replace("3579010703900004", "2222222222222222"), // placeholder
        baris(5).replace("07-03-1990", "31-02-1990"),            // no such day
        baris(6)
            .replace("3579010703900006", "3579010101300006")
            .replace("07-03-1990", "01-01-2030"), // future
        baris(7)
            .replace("3579010703900007", "3579010101120007")
            .replace("07-03-1990", "01-01-2012")
            .replace(",S,L,", ",B,L,"), // under 17, never married
        baris(8).replace("3579011001", "3579019999"),            // unknown desa
        format!("{},EXTRA", baris(9)),                           // too many fields
        "3579011203150004,3579010703900010,SITI".to_string(),    // too few fields
        baris(11),
    ];
    r.tulis("dpt.csv", &csv(&rows));
    let h = r.impor("dpt", "dpt.csv", &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(j["dibaca"], 11);
    assert_eq!(j["diterima"], 2);
    assert_eq!(j["ditolak"], 9);
    let galat = &j["galat"];
    for kode in [
        "NIK-PANJANG",
        "NIK-FORMAT",
        "NIK-PLACEHOLDER",
        "TGL-LAHIR-FORMAT",
        "TGL-LAHIR-MASA-DEPAN",
        "PEMILIH-UMUR",
        "DESA-TIDAK-DIKENAL",
        "BARIS-KOLOM",
    ] {
        assert!(
            galat[kode].as_u64().unwrap_or(0) >= 1,
            "{kode} missing in {galat}"
        );
    }
    // The rejects file: the input's columns plus kode_galat and keterangan.
    let tolakan = j["berkas_tolakan"].as_str().expect("rejects file");
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(r.path(tolakan))
        .unwrap();
    let head = rd.headers().unwrap().clone();
    assert_eq!(head.get(15), Some("kode_galat"));
    assert_eq!(head.get(16), Some("keterangan"));
    let rows: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 9);
    let desa = rows
        .iter()
        .find(|x| x.iter().any(|f| f == "3579019999"))
        .expect("desa row kept");
    assert!(desa.iter().any(|f| f.contains("DESA-TIDAK-DIKENAL")));
    assert!(
        desa.iter()
            .any(|f| f.contains("kode desa/kelurahan '3579019999' tidak ada di daftar wilayah"))
    );
    // Messages never show a full NIK.
    let teks = r.impor("dpt", "dpt.csv", &["--force"]).semua();
    for nik in [
        "357901070390002",
        "35790107039O0003",
        "3579010101300006",
        "3579010101120007",
    ] {
        assert!(!teks.contains(nik), "{nik} printed in full: {teks}");
    }
    assert_eq!(r.hitung().1, 2);
}

#[test]
fn windows_1252_is_read_and_said() {
    let r = Ruang::baru();
    let mut bytes = csv(&[baris(1)]);
    let s = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("BUDI SANTOSO 1", "JOS\u{FFFD}");
    bytes = s.into_bytes();
    // Replace the UTF-8 replacement char with a Windows-1252 É (0xC9).
    let pos = bytes
        .windows(3)
        .position(|w| w == "\u{FFFD}".as_bytes())
        .unwrap();
    bytes.splice(pos..pos + 3, [0xC9u8]);
    r.tulis("cp1252.csv", &bytes);
    let h = r.impor("dpt", "cp1252.csv", &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(j["diterima"], 1);
    assert!(
        j["catatan"][0].as_str().unwrap().contains("Windows-1252"),
        "{j}"
    );
    let riwayat = r.jalan(&["history", "PM-00000001"]).stdout;
    assert!(riwayat.contains("JOSÉ"), "{riwayat}");
}

#[test]
fn semicolons_bom_quotes_and_crlf() {
    let r = Ruang::baru();
    let isi = format!(
        "\u{feff}{}\r\n{}\r\n",
        JUDUL.replace(',', ";"),
        baris(1)
            .replace(',', ";")
            .replace("JL. DIPONEGORO", "\"JL. DIPONEGORO; GG. 2\"")
    );
    r.tulis("titikkoma.csv", isi.as_bytes());
    let h = r.impor("dpt", "titikkoma.csv", &[]);
    assert_eq!(h.json()["diterima"], 1, "{}", h.semua());
}

#[test]
fn the_same_file_twice_needs_force() {
    let r = Ruang::baru();
    r.tulis("dpt.csv", &csv(&[baris(1), baris(2)]));
    assert_eq!(r.impor("dpt", "dpt.csv", &[]).kode, 0);
    let h = r.impor("dpt", "dpt.csv", &[]);
    assert_ne!(h.kode, 0);
    assert!(
        h.semua().contains("sudah diimpor sebagai batch 1"),
        "{}",
        h.semua()
    );
    let h = r.impor("dpt", "dpt.csv", &["--force"]);
    assert_eq!(h.kode, 0);
    assert_eq!(
        h.json()["peringatan"]["NIK-SUDAH-TERDAFTAR"],
        2,
        "{}",
        h.stdout
    );
}

fn xlsx(r: &Ruang, nama: &str, lembar: &[&str], gabung: bool) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (i, l) in lembar.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(*l).unwrap();
        for (c, h) in JUDUL.split(',').enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        for (c, v) in baris(i as u32 + 1).split(',').enumerate() {
            ws.write_string(1, c as u16, v).unwrap();
        }
        if gabung {
            ws.merge_range(
                2,
                0,
                3,
                0,
                "3579011203150004",
                &rust_xlsxwriter::Format::new(),
            )
            .unwrap();
        }
    }
    wb.save(r.path(nama)).unwrap();
}

#[test]
fn xlsx_with_several_sheets() {
    let r = Ruang::baru();
    xlsx(&r, "dua.xlsx", &["DPT", "Lampiran"], false);
    let h = r.impor("dpt", "dua.xlsx", &[]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let j = h.json();
    assert_eq!(j["diterima"], 1);
    assert!(
        j["catatan"][0].as_str().unwrap().contains("2 lembar"),
        "{j}"
    );
    let h = r.impor("dpt", "dua.xlsx", &["--sheet", "Lampiran", "--force"]);
    assert_eq!(h.json()["diterima"], 1);
    let h = r.impor("dpt", "dua.xlsx", &["--sheet", "Tidak Ada", "--force"]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("lembar 'Tidak Ada' tidak ada"));
}

#[test]
fn xlsx_with_merged_cells() {
    let r = Ruang::baru();
    xlsx(&r, "gabung.xlsx", &["DPT"], true);
    ditolak_utuh(&r, "gabung.xlsx", "sel gabungan");
}

#[test]
fn english_messages() {
    let r = Ruang::baru();
    r.tulis("kosong.csv", b"");
    let h = r.jalan(&[
        "--lang",
        "en",
        "import",
        "--kind",
        "dpt",
        "kosong.csv",
        "--source",
        "s",
        "--document",
        "d",
    ]);
    assert!(h.stderr.contains("is empty"), "{}", h.stderr);
}

/// `padan rules` lists every code the rules emit, generated from the code
/// enum (COKLIT-SUDAH-TMS was emitted by coklit imports but not listed).
#[test]
fn rules_list_every_emitted_code() {
    let d = tempfile::tempdir().expect("tempdir");
    let h = common::padan(d.path(), &["--json", "rules"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    let kode: Vec<String> = h
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["kode"].as_str().unwrap_or("").to_owned())
        .collect();
    for k in [
        "COKLIT-SUDAH-TMS",
        "NIK-KOSONG",
        "MEDAN-PANJANG",
        "TGL-MENINGGAL-FORMAT",
    ] {
        assert!(kode.iter().any(|x| x == k), "{k} missing from padan rules");
    }
}
