//! The follow-up end to end through the binary: operators and roles,
//! decisions, four eyes on removals, undo, reports, remembered judgements,
//! periods and their Berita Acara; and every refusal leaves the log as it
//! was.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;
use common::{Hasil, Ruang};
use serde_json::Value;

fn ok(h: &Hasil) -> Value {
    assert_eq!(h.kode, 0, "{}", h.semua());
    h.json()
}

/// A workspace with a register, a population extract, death records, and
/// operators: `ketua` (ketua), `ani` and `dewi` (operators of all of Kota
/// Batu), `edo` (operator of kecamatan Bumiaji only), `budi` and `cici`
/// (verifikator), `aud` (auditor).
fn siapkan() -> Ruang {
    let r = Ruang::baru();
    let h = r.jalan(&["synth", "--voters", "3000", "--seed", "11", "--out", "data"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    for (jenis, berkas) in [("dpt", "dpt"), ("dp4", "dp4"), ("meninggal", "meninggal")] {
        let h = r.impor_pada(jenis, &format!("data/{berkas}.csv"), "2026-10-31", &[]);
        assert_eq!(h.kode, 0, "{}", h.semua());
    }
    // The first operator must be a ketua.
    let h = r.jalan(&[
        "operator", "add", "ani", "--role", "operator", "--region", "35.79",
    ]);
    assert_ne!(h.kode, 0);
    assert!(h.semua().contains("ketua"), "{}", h.semua());
    for (nama, peran, wilayah) in [
        ("ketua", "ketua", "35.79"),
        ("ani", "operator", "35.79"),
        ("dewi", "operator", "35.79"),
        ("edo", "operator", "35.79.02"),
        ("budi", "verifikator", "35.79"),
        ("cici", "verifikator", "35.79"),
        ("aud", "auditor", "35.79"),
    ] {
        let h = r.jalan(&[
            "operator",
            "add",
            nama,
            "--role",
            peran,
            "--region",
            wilayah,
            "--operator",
            "ketua",
        ]);
        assert_eq!(h.kode, 0, "{}", h.semua());
    }
    r
}

fn jalan_sebagai(r: &Ruang, op: &str, args: &[&str]) -> Hasil {
    let mut a = vec!["--json"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["--operator", op]);
    r.jalan(&a)
}

fn putus(r: &Ruang, op: &str, kasus: &str, putusan: &str, extra: &[&str]) -> Hasil {
    let mut a = vec![
        "decide",
        kasus,
        putusan,
        "--reason",
        "uji",
        "--document",
        "BA-uji",
    ];
    a.extend_from_slice(extra);
    jalan_sebagai(r, op, &a)
}

/// The open findings of a kind in the last run.
fn kasus(r: &Ruang, jenis: &str) -> Vec<Value> {
    let v = ok(&r.jalan(&[
        "--json", "review", "--type", jenis, "--status", "open", "--limit", "500",
    ]));
    v["temuan"].as_array().unwrap().clone()
}

fn kunci(v: &Value) -> String {
    v["kasus"]["kunci"].as_str().unwrap().to_owned()
}

fn pemilih(v: &Value) -> String {
    format!("PM-{:08}", v["temuan"]["pemilih"].as_i64().unwrap())
}

fn keadaan(r: &Ruang, id: &str) -> Value {
    ok(&r.jalan(&["--json", "history", id]))["keadaan"].clone()
}

fn peristiwa(r: &Ruang) -> u64 {
    r.hitung().0
}

fn cocok(r: &Ruang, lawan: &str) -> Value {
    ok(&jalan_sebagai(r, "ani", &["match", "--against", lawan]))
}

/// Refused, with the words that name what is wrong, and nothing written.
fn ditolak(r: &Ruang, h: Hasil, sebelum: u64, kata: &[&str]) {
    assert_ne!(h.kode, 0, "should be refused: {}", h.semua());
    for k in kata {
        assert!(h.semua().contains(k), "'{k}' not in: {}", h.semua());
    }
    assert_eq!(peristiwa(r), sebelum, "a refusal writes nothing");
}

#[test]
fn a_removal_takes_effect_only_with_a_second_persons_approval() {
    let r = siapkan();
    cocok(&r, "meninggal");
    let m = kasus(&r, "meninggal");
    assert!(m.len() >= 3, "{m:?}");
    let (tm, pm) = (kunci(&m[0]), pemilih(&m[0]));

    let h = ok(&putus(&r, "ani", &tm, "--accept", &[]));
    assert_eq!(h["menunggu_persetujuan"], true);
    assert_eq!(
        keadaan(&r, &pm)["aktif"],
        true,
        "not removed before approval"
    );
    // The decision is an event citing the finding, the run, the model and
    // the evidence.
    let riw = ok(&r.jalan(&["--json", "history", &pm]));
    let kp = riw["peristiwa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["jenis"] == "keputusan")
        .unwrap()["perubahan"]["keputusan"]
        .clone();
    assert_eq!(kp["kasus"], tm.as_str());
    assert_eq!(kp["run"], 1);
    assert_eq!(kp["model_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(kp["bukti_sha256"].as_str().unwrap().len(), 64);

    let a = ok(&jalan_sebagai(&r, "budi", &["approve", &tm]));
    assert_eq!(a["status"], "approved");
    let k = keadaan(&r, &pm);
    assert_eq!(k["aktif"], false);
    assert_eq!(k["kode_tms"], 1);
    let q = ok(&r.jalan(&["--json", "review", &tm]));
    assert_eq!(q["kasus"]["status"], "approved");
    assert_eq!(q["keputusan"][0]["disetujui_oleh"], "budi");

    // A correction takes effect at the decision, with no approval.
    cocok(&r, "dp4");
    let p = kasus(&r, "perbaikan");
    let (tp, pp) = (kunci(&p[0]), pemilih(&p[0]));
    let sebelum = keadaan(&r, &pp);
    let h = ok(&putus(&r, "dewi", &tp, "--accept", &[]));
    assert_eq!(h["menunggu_persetujuan"], false);
    assert_eq!(h["diterapkan"].as_array().unwrap().len(), 1);
    assert_ne!(keadaan(&r, &pp)["pemilih"], sebelum["pemilih"]);
    assert_eq!(keadaan(&r, &pp)["pemilih"]["keterangan"], "U");

    // A new voter gets a fresh stable ID, its TPS given by the operator.
    let b = kasus(&r, "belum-terdaftar");
    let h = ok(&putus(&r, "ani", &kunci(&b[0]), "--accept", &["tps=007"]));
    let baru = h["diterapkan"][0]["pemilih"].as_i64().unwrap();
    let k = keadaan(&r, &format!("PM-{baru:08}"));
    assert_eq!(k["aktif"], true);
    assert_eq!(k["pemilih"]["tps"], "007");
    assert_eq!(k["pemilih"]["keterangan"], "B");

    // Everything verifies, and the projection rebuilds from the log alone
    // to the same state (the follow-up's tables included).
    r.hitung();
    let antre = r.jalan(&["--json", "review", "--limit", "1000"]).stdout;
    let h = r.jalan(&["--json", "rebuild"]);
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(h.json()["sama"], true, "{}", h.stdout);
    assert_eq!(
        r.jalan(&["--json", "review", "--limit", "1000"]).stdout,
        antre
    );
}

#[test]
fn each_bad_follow_up_is_refused_by_name_and_changes_nothing() {
    let r = siapkan();
    cocok(&r, "meninggal");
    let m = kasus(&r, "meninggal");
    let (tm0, tm1, tm2) = (kunci(&m[0]), kunci(&m[1]), kunci(&m[2]));

    // Deciding a finding twice.
    ok(&putus(&r, "ani", &tm0, "--reject", &[]));
    let n = peristiwa(&r);
    ditolak(
        &r,
        putus(&r, "dewi", &tm0, "--accept", &[]),
        n,
        &[&tm0, "sudah diputus"],
    );

    // Approving one's own decision (a verifikator may decide, not approve
    // it too).
    ok(&putus(&r, "budi", &tm1, "--accept", &[]));
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(&r, "budi", &["approve", &tm1]),
        n,
        &["empat mata", "budi"],
    );

    // Without the role, outside the region, unknown.
    ditolak(
        &r,
        putus(&r, "aud", &tm2, "--accept", &[]),
        n,
        &["aud", "auditor", "tidak boleh memutus"],
    );
    ditolak(
        &r,
        jalan_sebagai(&r, "ani", &["approve", &tm1]),
        n,
        &["ani", "tidak boleh menyetujui", "verifikator"],
    );
    let luar = m
        .iter()
        .skip(3)
        .find(|x| {
            !x["temuan"]["kode_desa"]
                .as_str()
                .unwrap()
                .starts_with("35.79.02")
        })
        .map(kunci)
        .unwrap();
    ditolak(
        &r,
        putus(&r, "edo", &luar, "--accept", &[]),
        n,
        &["luar wilayah operator 'edo'", "35.79.02"],
    );
    ditolak(
        &r,
        putus(&r, "siapa", &tm2, "--accept", &[]),
        n,
        &["'siapa' tidak terdaftar"],
    );

    // A stale decision: the voter changed after the run.
    let pm2 = pemilih(&m[2]);
    let h = jalan_sebagai(
        &r,
        "ani",
        &[
            "edit",
            &pm2,
            "alamat=JL. BARU 1",
            "--reason",
            "pindah rumah",
            "--document",
            "surat",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    let n = peristiwa(&r);
    ditolak(
        &r,
        putus(&r, "ani", &tm2, "--accept", &[]),
        n,
        &["basi", &pm2, "ubah"],
    );

    // A finding of a superseded run.
    cocok(&r, "meninggal");
    let n = peristiwa(&r);
    ditolak(
        &r,
        putus(&r, "ani", &kunci(&m[3]), "--accept", &[]),
        n,
        &["digantikan run 2"],
    );

    // Closing a period while a removal awaits approval: named.
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ketua",
            &["period", "close", "2026-TW4", "--document", "BA pleno"],
        ),
        n,
        &["menunggu persetujuan", "KP-00000002", &tm1],
    );
    // Only a ketua closes a period.
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ani",
            &["period", "close", "2026-TW4", "--document", "BA pleno"],
        ),
        n,
        &["tidak boleh menutup periode"],
    );

    // Undoing what does not exist, or twice.
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ani",
            &["undo", "KP-00000099", "--reason", "x", "--document", "y"],
        ),
        n,
        &["KP-00000099 tidak ada"],
    );
    ok(&jalan_sebagai(
        &r,
        "ani",
        &[
            "undo",
            "KP-00000001",
            "--reason",
            "keliru",
            "--document",
            "memo",
        ],
    ));
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ani",
            &["undo", "KP-00000001", "--reason", "x", "--document", "y"],
        ),
        n,
        &["sudah dibatalkan"],
    );

    // A bulk decision for a kind that needs a field check.
    cocok(&r, "dp4");
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ani",
            &[
                "decide",
                "--type",
                "pindah",
                "--min-probability",
                "0.9",
                "--accept",
                "--reason",
                "x",
                "--document",
                "y",
                "--apply",
            ],
        ),
        n,
        &["tidak boleh diputus massal", "pindah"],
    );
    // tidak-padan is accepted only after a field check.
    let tp = kunci(&kasus(&r, "tidak-padan")[0]);
    ditolak(
        &r,
        putus(&r, "ani", &tp, "--accept", &["--code", "5"]),
        n,
        &["cek lapangan"],
    );
    ok(&putus(&r, "ani", &tp, "--field-check", &[]));
    let h = ok(&putus(&r, "ani", &tp, "--accept", &["--code", "5"]));
    assert_eq!(h["menunggu_persetujuan"], true);
}

#[test]
fn a_wrong_merge_is_split_and_either_id_shows_both_histories() {
    let r = siapkan();
    ok(&jalan_sebagai(&r, "ani", &["dedupe"]));
    let g = kasus(&r, "ganda");
    let x = &g[0];
    let tm = kunci(x);
    let anggota: Vec<String> = x["temuan"]["bukti"]
        .as_str()
        .map(|b| serde_json::from_str::<Value>(b).unwrap())
        .unwrap()["anggota"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    let (hidup, gabung) = (&anggota[0], &anggota[1]);
    ok(&putus(&r, "ani", &tm, "--accept", &[]));
    ok(&jalan_sebagai(&r, "cici", &["approve", &tm]));
    assert_eq!(keadaan(&r, gabung)["aktif"], false);
    assert_eq!(keadaan(&r, gabung)["kode_tms"], 2);
    assert_eq!(keadaan(&r, hidup)["aktif"], true);
    for id in [hidup, gabung] {
        let h = ok(&r.jalan(&["--json", "history", id]));
        let ids: std::collections::BTreeSet<String> = h["peristiwa"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["id_pemilih"].as_str().map(str::to_owned))
            .collect();
        assert!(ids.contains(hidup) && ids.contains(gabung), "{id}: {ids:?}");
    }
    let kp = ok(&r.jalan(&["--json", "review", &tm]))["keputusan"][0]["nomor"]
        .as_i64()
        .unwrap();
    let u = ok(&jalan_sebagai(
        &r,
        "dewi",
        &[
            "undo",
            &format!("KP-{kp:08}"),
            "--reason",
            "bukan orang yang sama",
            "--document",
            "BA koreksi",
        ],
    ));
    assert_eq!(u["kompensasi"].as_array().unwrap().len(), 1);
    assert_eq!(keadaan(&r, gabung)["aktif"], true, "split");
    assert_eq!(keadaan(&r, gabung)["kode_tms"], Value::Null);
    assert_eq!(
        ok(&r.jalan(&["--json", "review", &tm]))["kasus"]["status"],
        "open"
    );
    // Nothing was rewritten: the merge is still in the history.
    let h = ok(&r.jalan(&["--json", "history", gabung]));
    let jenis: Vec<&str> = h["peristiwa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["jenis"].as_str().unwrap())
        .collect();
    assert!(
        jenis.contains(&"gabung") && jenis.contains(&"pulih"),
        "{jenis:?}"
    );
    r.hitung();
}

#[test]
fn judgements_are_remembered_by_later_runs() {
    let r = siapkan();
    // A death record rejected as another person is not proposed again.
    let run1 = cocok(&r, "meninggal");
    let n1 = run1["temuan"]["meninggal"].as_u64().unwrap();
    let m = kasus(&r, "meninggal");
    let pm = pemilih(&m[0]);
    ok(&putus(&r, "ani", &kunci(&m[0]), "--reject", &[]));
    let run2 = cocok(&r, "meninggal");
    assert_eq!(run2["ditolak_sebelumnya"], 1, "{run2}");
    assert_eq!(run2["temuan"]["meninggal"].as_u64().unwrap(), n1 - 1);
    assert!(kasus(&r, "meninggal").iter().all(|x| pemilih(x) != pm));

    // A duplicate rejected as two people is not proposed again.
    ok(&jalan_sebagai(&r, "ani", &["dedupe"]));
    let g = kasus(&r, "ganda");
    let n = g.len();
    ok(&putus(&r, "ani", &kunci(&g[0]), "--reject", &[]));
    let d = ok(&jalan_sebagai(&r, "ani", &["dedupe"]));
    assert!(d["ditolak_sebelumnya"].as_u64().unwrap() >= 1, "{d}");
    assert_eq!(kasus(&r, "ganda").len(), n - 1);

    // A voter already TMS who is still in the population extract comes
    // back as sudah-tms, not as a new voter.
    cocok(&r, "dp4");
    let mati = pemilih(&kasus(&r, "padan")[0]);
    let h = jalan_sebagai(
        &r,
        "ani",
        &[
            "tms",
            &mati,
            "--code",
            "1",
            "--reason",
            "akta kematian",
            "--document",
            "akta",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    cocok(&r, "dp4");
    let s = kasus(&r, "sudah-tms");
    assert!(s.iter().any(|x| pemilih(x) == mati), "{s:?}");
    // Nothing to decide on it.
    let n = peristiwa(&r);
    ditolak(
        &r,
        putus(&r, "ani", &kunci(&s[0]), "--accept", &[]),
        n,
        &["tidak ada yang perlu diputus"],
    );
}

#[test]
fn a_bulk_decision_shows_first_and_applies_in_one_batch() {
    let r = siapkan();
    cocok(&r, "dp4");
    let n = peristiwa(&r);
    let args = [
        "decide",
        "--type",
        "perbaikan",
        "--min-probability",
        "0.9",
        "--accept",
        "--reason",
        "data Dukcapil",
        "--document",
        "DP4 smt II",
    ];
    let lihat = ok(&jalan_sebagai(&r, "ani", &args));
    assert_eq!(lihat["diterapkan"], false);
    let jumlah = lihat["diputus"].as_u64().unwrap();
    assert!(jumlah > 5, "{lihat}");
    assert_eq!(peristiwa(&r), n, "showing writes nothing");
    let mut a = args.to_vec();
    a.push("--apply");
    let h = ok(&jalan_sebagai(&r, "ani", &a));
    assert_eq!(h["diterapkan"], true);
    assert_eq!(h["diputus"].as_u64().unwrap(), jumlah);
    // One decision event and one change per finding, in one batch.
    assert_eq!(peristiwa(&r), n + 2 * jumlah);
    assert!(
        kasus(&r, "perbaikan")
            .iter()
            .all(|x| x["temuan"]["peluang"].as_f64().unwrap() < 0.9)
    );
    let v = ok(&r.jalan(&[
        "--json",
        "review",
        "--type",
        "perbaikan",
        "--status",
        "decided",
        "--limit",
        "1000",
    ]));
    assert_eq!(v["temuan"].as_array().unwrap().len() as u64, jumlah);
}

#[test]
fn a_public_report_is_a_case_with_a_receipt_and_a_chronology() {
    let r = siapkan();
    let nik = keadaan(&r, "PM-00000010")["pemilih"]["nik"]
        .as_str()
        .unwrap()
        .to_owned();
    let h = ok(&jalan_sebagai(
        &r,
        "ani",
        &[
            "tanggapan",
            "add",
            "--type",
            "perbaikan",
            "--nik",
            &nik,
            "--text",
            "alamat keliru",
            "--document",
            "Model A-Tanggapan PPS 3",
        ],
    ));
    assert_eq!(h["nomor"], "TG-00000001");
    assert_eq!(h["pemilih"], "PM-00000010");
    let q = ok(&r.jalan(&["--json", "review"]));
    assert_eq!(q["tanggapan"][0][1]["kunci"], "TG-00000001");
    assert_eq!(q["tanggapan"][0][1]["status"], "open");
    ok(&putus(
        &r,
        "ani",
        "TG-00000001",
        "--accept",
        &["alamat=JL. MAWAR 5"],
    ));
    assert_eq!(
        keadaan(&r, "PM-00000010")["pemilih"]["alamat"],
        "JL. MAWAR 5"
    );
    let t = ok(&r.jalan(&["--json", "review", "TG-00000001"]));
    assert_eq!(t["kasus"]["status"], "decided");
    let h = ok(&r.jalan(&["--json", "history", "PM-00000010"]));
    let jenis: Vec<&str> = h["peristiwa"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["jenis"].as_str().unwrap())
        .collect();
    assert!(
        jenis.ends_with(&["tanggapan", "ubah", "keputusan"]),
        "{jenis:?}"
    );
    // A placeholder NIK is no one's.
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ani",
            &[
                "tanggapan",
                "add",
                "--type",
                "ganda",
                "--nik",
                "2222222222222222",
                "--text",
                "x",
                "--document",
                "y",
            ],
        ),
        n,
        &["placeholder"],
    );
}

#[test]
fn a_closed_period_has_its_berita_acara_and_a_frozen_recap() {
    let r = siapkan();
    cocok(&r, "meninggal");
    let m = kasus(&r, "meninggal");
    ok(&putus(&r, "ani", &kunci(&m[0]), "--accept", &[]));
    ok(&jalan_sebagai(&r, "budi", &["approve", &kunci(&m[0])]));
    ok(&putus(&r, "ani", &kunci(&m[1]), "--reject", &[]));
    let ba = ok(&jalan_sebagai(
        &r,
        "ketua",
        &[
            "period",
            "close",
            "2026-TW4",
            "--document",
            "BA pleno 12/PL.01/2026",
        ],
    ));
    assert_eq!(ba["periode"], "2026-TW4");
    assert_eq!(ba["sampai"], "2026-12-31");
    assert_eq!(ba["perubahan"]["tms"]["1"], 1);
    assert_eq!(ba["keputusan"].as_array().unwrap().len(), 2);
    assert!(ba["checkpoint"]["akar"].as_str().unwrap().len() == 64);
    assert!(ba["checkpoint"]["tanda_tangan"].as_str().unwrap().len() == 128);
    // Every level adds up.
    let mut tms1 = 0;
    let mut pemilih = 0;
    for k in ba["kecamatan"].as_array().unwrap() {
        let d: u64 = k["desa"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["pemilih"].as_u64().unwrap())
            .sum();
        assert_eq!(d, k["pemilih"].as_u64().unwrap());
        pemilih += d;
        tms1 += k["perubahan"]["tms"]["1"].as_u64().unwrap();
    }
    assert_eq!(pemilih, ba["pemilih"].as_u64().unwrap());
    assert_eq!(tms1, 1);
    for f in ba["berkas"].as_array().unwrap() {
        let b = std::fs::read(r.path(f.as_str().unwrap())).unwrap();
        assert!(b.starts_with(b"%PDF-") || b.starts_with(b"{"), "{f}");
    }
    // A later change, even one effective inside the period, does not move
    // the closed period's recap.
    let beku = ok(&r.jalan(&["--json", "rekap", "--period", "2026-TW4"]));
    let total = |v: &serde_json::Value| {
        v["rekap"]["baris"].as_array().unwrap().last().unwrap()["angka"]["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(&beku), ba["pemilih"].as_u64().unwrap());
    let aktif = (20..40)
        .map(|i| format!("PM-{i:08}"))
        .find(|id| keadaan(&r, id)["aktif"] == true)
        .unwrap();
    let h = jalan_sebagai(
        &r,
        "ani",
        &[
            "tms",
            &aktif,
            "--code",
            "5",
            "--reason",
            "tidak dikenal",
            "--document",
            "BA coklit",
            "--effective",
            "2026-11-15",
        ],
    );
    assert_eq!(h.kode, 0, "{}", h.semua());
    assert_eq!(
        ok(&r.jalan(&["--json", "rekap", "--period", "2026-TW4"])),
        beku
    );
    let kini = ok(&r.jalan(&["--json", "rekap"]));
    assert_eq!(total(&kini) + 1, total(&beku));
    // A period is closed once.
    let n = peristiwa(&r);
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ketua",
            &["period", "close", "2026-TW4", "--document", "BA"],
        ),
        n,
        &["sudah ditutup"],
    );
    ditolak(
        &r,
        jalan_sebagai(
            &r,
            "ketua",
            &["period", "close", "2026-TW3", "--document", "BA"],
        ),
        n,
        &["tidak sesudah"],
    );
}
