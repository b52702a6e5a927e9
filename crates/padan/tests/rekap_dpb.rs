//! The recap (rekapitulasi DPB) between two closed periods: its columns
//! and invariants, its files, the lineage of every cell, and a recap
//! broken behind Padan's back refused by name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::{Hasil, Ruang};
use serde_json::Value;

fn ok(h: &Hasil) -> Value {
    assert_eq!(h.kode, 0, "{}", h.semua());
    h.json()
}

fn sebagai(r: &Ruang, op: &str, args: &[&str]) -> Value {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--operator", op]);
    ok(&r.jalan(&a))
}

fn pertama(r: &Ruang, jenis: &str) -> String {
    let v = ok(&r.jalan(&["--json", "review", "--type", jenis, "--limit", "1"]));
    v["temuan"][0]["kasus"]["kunci"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Two closed periods: 2026-TW3 (the DPT) and 2026-TW4 (a death approved,
/// a correction, a new voter, a move between desa).
fn siapkan() -> Ruang {
    let r = Ruang::baru();
    assert_eq!(
        r.jalan(&["synth", "--voters", "2000", "--seed", "3", "--out", "data"])
            .kode,
        0
    );
    for (j, f, d) in [
        ("dpt", "dpt", "2026-06-30"),
        ("dp4", "dp4", "2026-10-31"),
        ("meninggal", "meninggal", "2026-10-31"),
    ] {
        let h = r.impor_pada(j, &format!("data/{f}.csv"), d, &[]);
        assert_eq!(h.kode, 0, "{}", h.semua());
    }
    for (n, p) in [
        ("ketua", "ketua"),
        ("ani", "operator"),
        ("budi", "verifikator"),
    ] {
        let h = r.jalan(&[
            "operator",
            "add",
            n,
            "--role",
            p,
            "--region",
            "35.79",
            "--operator",
            "ketua",
        ]);
        assert_eq!(h.kode, 0, "{}", h.semua());
    }
    sebagai(
        &r,
        "ketua",
        &["period", "close", "2026-TW3", "--document", "BA pleno TW3"],
    );
    sebagai(&r, "ani", &["match", "--against", "meninggal"]);
    let m = pertama(&r, "meninggal");
    sebagai(
        &r,
        "ani",
        &[
            "decide",
            &m,
            "--accept",
            "--reason",
            "akta",
            "--document",
            "akta",
        ],
    );
    sebagai(&r, "budi", &["approve", &m]);
    sebagai(&r, "ani", &["match", "--against", "dp4"]);
    let p = pertama(&r, "perbaikan");
    sebagai(
        &r,
        "ani",
        &[
            "decide",
            &p,
            "--accept",
            "--reason",
            "dukcapil",
            "--document",
            "dp4",
        ],
    );
    let b = pertama(&r, "belum-terdaftar");
    sebagai(
        &r,
        "ani",
        &[
            "decide",
            &b,
            "--accept",
            "--reason",
            "baru",
            "--document",
            "dp4",
            "tps=009",
        ],
    );
    let h = r.jalan(&[
        "edit",
        "PM-00000005",
        "kode_desa=35.79.02.2001",
        "tps=003",
        "--reason",
        "pindah",
        "--document",
        "surat",
        "--operator",
        "ani",
    ]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    sebagai(
        &r,
        "ketua",
        &["period", "close", "2026-TW4", "--document", "BA pleno TW4"],
    );
    r
}

fn n(b: &Value, k: &str) -> u64 {
    b["angka"][k].as_u64().unwrap_or(0)
}

#[test]
fn a_period_recap_adds_up_and_every_cell_has_its_lineage() {
    let r = siapkan();
    let v = ok(&r.jalan(&[
        "--json", "rekap", "--period", "2026-TW4", "--out", "tw4.json",
    ]));
    let baris = v["rekap"]["baris"].as_array().unwrap();
    assert_eq!(
        baris.len(),
        24 + 3 + 1,
        "every desa, kecamatan and the kab/kota"
    );
    let kab = baris.last().unwrap();
    let tw3 = ok(&r.jalan(&["--json", "rekap", "--period", "2026-TW3"]));
    assert_eq!(
        n(kab, "sebelum"),
        n(
            tw3["rekap"]["baris"].as_array().unwrap().last().unwrap(),
            "total"
        ),
        "the previous period's total"
    );
    assert_eq!(n(kab, "tms1"), 1);
    assert_eq!(n(kab, "baru"), 1);
    assert!(n(kab, "perbaikan") >= 1);
    assert_eq!(n(kab, "pindah_masuk"), 1);
    assert_eq!(n(kab, "pindah_keluar"), 1);
    assert_eq!(n(kab, "desa"), 24);
    for b in baris {
        assert_eq!(n(b, "l") + n(b, "p"), n(b, "total"), "{b}");
        let keluar: u64 = [
            "tms1",
            "tms2",
            "tms3",
            "tms4",
            "tms5",
            "tms6",
            "tms7",
            "pindah_keluar",
            "batal",
        ]
        .iter()
        .map(|k| n(b, k))
        .sum();
        assert_eq!(
            n(b, "sebelum") + n(b, "baru") + n(b, "pindah_masuk") - keluar,
            n(b, "total"),
            "{b}"
        );
    }
    // The lineage of every cell: as many rows as the cell counts.
    let ruang = padan_app::Ruang::baru(r.path("ws"));
    for b in baris {
        for k in padan_app::padan_report::dpb::Kolom::SEMUA {
            let g = padan_app::rekapitulasi::garis(
                &ruang,
                &padan_app::rekapitulasi::OpsiGaris {
                    keadaan: padan_app::rekapitulasi::Keadaan {
                        periode: Some("2026-TW4".into()),
                        per_tanggal: None,
                    },
                    wilayah: b["kode"].as_str().unwrap().into(),
                    kolom: k.nama().into(),
                    baris_maks: None,
                },
            )
            .unwrap();
            let baris_garis = (g.peristiwa.len() + g.lain.len()) as u64;
            assert_eq!(baris_garis, n(b, k.nama()), "{} {}", b["kode"], k.nama());
            assert_eq!(g.sel, n(b, k.nama()));
            // Masked: no full NIK in a lineage.
            assert!(g.peristiwa.iter().all(|x| x.nik_samar.contains('*')));
        }
    }
    // Through the binary too, masked.
    let l = ok(&r.jalan(&[
        "--json", "lineage", "--period", "2026-TW4", "--region", "35.79", "--column", "tms1",
    ]));
    assert_eq!(l["peristiwa"].as_array().unwrap().len(), 1);
    assert!(
        l["peristiwa"][0]["nik_samar"]
            .as_str()
            .unwrap()
            .contains('*')
    );
    // A state column office-wide: JSON lists every voter, the text the
    // first --limit, with the cell and the rest counted all the same.
    let semua = ok(&r.jalan(&[
        "--json", "lineage", "--period", "2026-TW4", "--region", "35.79", "--column", "total",
    ]));
    let sel = semua["sel"].as_u64().unwrap();
    assert!(sel > 1000, "{semua}");
    assert_eq!(semua["peristiwa"].as_array().unwrap().len() as u64, sel);
    let t = r.jalan(&[
        "lineage", "--period", "2026-TW4", "--region", "35.79", "--column", "total", "--limit", "2",
    ]);
    assert_eq!(t.kode, 0, "{}", t.semua());
    let teks = t.semua();
    assert_eq!(
        teks.lines()
            .filter(|l| l.trim_start().starts_with("PM-"))
            .count(),
        2,
        "{teks}"
    );
    assert!(teks.contains(&format!("(+{})", sel - 2)), "{teks}");
    // The files: the workbook with its data description, the PDF, the CSV.
    for f in ["tw4.xlsx", "tw4.pdf", "tw4.csv"] {
        ok(&r.jalan(&["--json", "rekap", "--period", "2026-TW4", "--out", f]));
    }
    let xlsx = std::fs::File::open(r.path("tw4.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(xlsx).unwrap();
    let mut wb = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut wb).unwrap();
    assert!(
        wb.contains("Rekap DPB") && wb.contains("Deskripsi data"),
        "{wb}"
    );
    assert!(
        std::fs::read(r.path("tw4.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );
    let csv = std::fs::read_to_string(r.path("tw4.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 28);
    // The kecamatan level.
    let k = ok(&r.jalan(&[
        "--json",
        "rekap",
        "--period",
        "2026-TW4",
        "--level",
        "kecamatan",
    ]));
    assert_eq!(k["rekap"]["baris"].as_array().unwrap().len(), 4);
}

#[test]
fn a_broken_recap_and_an_unknown_period_are_refused_and_nothing_is_written() {
    let r = siapkan();
    // An unknown period.
    let h = r.jalan(&["rekap", "--period", "2025-TW1", "--out", "x.json"]);
    assert_ne!(h.kode, 0);
    assert!(
        h.semua().contains("2025-TW1 belum ditutup"),
        "{}",
        h.semua()
    );
    assert!(!r.path("x.json").exists());
    let h = r.jalan(&[
        "lineage", "--period", "2025-TW1", "--region", "35.79", "--column", "baru",
    ]);
    assert_ne!(h.kode, 0);
    // The register's table changed behind Padan's back: the recap of the
    // register now is refused, naming the cell, and verify fails.
    ok(&r.jalan(&["--json", "rekap", "--out", "kini.json"]));
    let db = rusqlite::Connection::open(r.path("ws/padan.sqlite")).unwrap();
    let desa: String = db
        .query_row("SELECT kode_desa FROM pemilih WHERE id = 10", [], |x| {
            x.get(0)
        })
        .unwrap();
    db.execute("UPDATE pemilih SET jenis_kelamin = CASE jenis_kelamin WHEN 'L' THEN 'P' ELSE 'L' END WHERE id = 10", [])
        .unwrap();
    drop(db);
    let h = r.jalan(&["rekap", "--out", "rusak.xlsx"]);
    assert_ne!(h.kode, 0);
    assert!(
        h.semua().contains(&desa) && h.semua().contains("tabel pemilih"),
        "{}",
        h.semua()
    );
    assert!(!r.path("rusak.xlsx").exists());
    assert_ne!(r.jalan(&["verify"]).kode, 0);
}

#[test]
fn copies_for_others_hold_what_they_may_and_are_recorded() {
    let r = Ruang::baru();
    let mut isi = format!("{}\n", common::JUDUL);
    for i in 1..6 {
        isi.push_str(&common::baris(i));
        isi.push('\n');
    }
    r.tulis("d.csv", isi.as_bytes());
    assert_eq!(r.impor("dpt", "d.csv", &[]).kode, 0);
    let h = ok(&r.jalan(&[
        "--json",
        "export",
        "--as-of",
        "2026-07-01",
        "--out",
        "bawaslu.csv",
        "--profile",
        "bawaslu",
        "--recipient",
        "Bawaslu Kota Batu",
    ]));
    let sha = h["salinan"]["sha256"].as_str().unwrap().to_owned();
    let b = std::fs::read_to_string(r.path("bawaslu.csv")).unwrap();
    let kepala = b.lines().next().unwrap();
    assert_eq!(
        kepala,
        "NAMA,JENIS_KELAMIN,USIA,ALAMAT,RT,RW,KETERANGAN,KODE_DESA,TPS"
    );
    assert!(!b.contains("3579010703"), "no NIK in Bawaslu's copy");
    assert!(
        b.lines().nth(1).unwrap().contains(",36,"),
        "age on the date, not the birth date: {b}"
    );
    let p = ok(&r.jalan(&[
        "--json",
        "export",
        "--as-of",
        "2026-07-01",
        "--out",
        "publik.csv",
        "--profile",
        "publik",
        "--recipient",
        "papan pengumuman desa",
    ]));
    assert!(p["salinan"]["peristiwa"].as_i64().is_some());
    let t = std::fs::read_to_string(r.path("publik.csv")).unwrap();
    assert!(
        t.contains('*') && !t.contains("07-03-1990") && !t.contains("1990-03-07"),
        "{t}"
    );
    // The copy is an event; a leaked file leads back to it.
    let c = ok(&r.jalan(&["--json", "copies", "--sha256", &sha]));
    assert_eq!(c[0]["penerima"], "Bawaslu Kota Batu");
    assert_eq!(c[0]["profil"], "bawaslu");
    // A profile that does not exist, or a copy for no one, is refused.
    let h = r.jalan(&[
        "export",
        "--out",
        "x.csv",
        "--profile",
        "wartawan",
        "--recipient",
        "x",
    ]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("wartawan"), "{}", h.semua());
    assert!(!r.path("x.csv").exists());
    assert_ne!(
        r.jalan(&["export", "--out", "y.csv", "--profile", "partai"])
            .kode,
        0
    );
}

#[test]
fn the_profile_counts_what_a_critic_will_point_at_and_explains_it() {
    let r = siapkan();
    let p = ok(&r.jalan(&["--json", "profile", "--out", "profil.json"]));
    let e = ok(&r.jalan(&["--json", "export", "--out", "kini.csv"]));
    assert!(e["baris"].as_u64().unwrap() > 1000);
    let mut rd = csv::Reader::from_path(r.path("kini.csv")).unwrap();
    let i = rd
        .headers()
        .unwrap()
        .iter()
        .position(|j| j == "TANGGAL_LAHIR" || (j.contains("TGL") && j.contains("LAHIR")))
        .unwrap();
    let juli = rd
        .records()
        .filter(|x| {
            x.as_ref()
                .unwrap()
                .get(i)
                .is_some_and(|t| t.ends_with("-07-01") || t.starts_with("01-07-"))
        })
        .count() as u64;
    assert_eq!(
        p["profil"]["total"]["tanggal1_juli"].as_u64().unwrap_or(0),
        juli,
        "1 July births, as the register holds them"
    );
    let per_desa: u64 = p["profil"]["baris"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["jumlah"]["tanggal1_juli"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(per_desa, juli);
    for f in ["profil.xlsx", "profil.pdf"] {
        ok(&r.jalan(&["--json", "profile", "--period", "2026-TW4", "--out", f]));
    }
    let h = r.jalan(&["profile", "--period", "2031-TW1", "--out", "tidak.xlsx"]);
    assert_ne!(h.kode, 0);
    assert!(!r.path("tidak.xlsx").exists());
}

#[test]
fn an_infographic_is_a_phone_sized_png_of_aggregates() {
    let r = siapkan();
    ok(&r.jalan(&[
        "--json",
        "infographic",
        "--period",
        "2026-TW4",
        "--out",
        "info.png",
    ]));
    let b = std::fs::read(r.path("info.png")).unwrap();
    assert!(b.starts_with(b"\x89PNG\r\n\x1a\n"));
    let lebar = u32::from_be_bytes(b[16..20].try_into().unwrap());
    let tinggi = u32::from_be_bytes(b[20..24].try_into().unwrap());
    assert_eq!((lebar, tinggi), (1080, 1350));
    assert_ne!(
        r.jalan(&["infographic", "--period", "2026-TW4", "--out", "info.jpg"])
            .kode,
        0
    );
    assert_ne!(
        r.jalan(&["infographic", "--period", "2030-TW1", "--out", "x.png"])
            .kode,
        0
    );
}
