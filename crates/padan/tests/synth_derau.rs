//! `padan synth` with noise in the population data: set by kind, the
//! default untouched, a bad setting refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

fn dp4(d: &std::path::Path, nama: &str, opsi: &[&str]) -> Vec<Vec<String>> {
    let mut args = vec!["synth", "--voters", "1500", "--seed", "3", "--out", nama];
    args.extend(opsi);
    let h = common::padan(d, &args);
    assert_eq!(h.kode, 0, "{}", h.semua());
    csv::Reader::from_path(d.join(nama).join("dp4.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn noise_changes_the_population_data_it_names_and_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let asli = dp4(d.path(), "a", &[]);
    let lagi = dp4(d.path(), "b", &[]);
    assert_eq!(asli, lagi, "no noise: the same rows");
    let derau = dp4(
        d.path(),
        "c",
        &["--noise", "nik-kosong=0.5", "--noise", "lahir-tukar=1"],
    );
    assert_eq!(asli.len(), derau.len(), "noise moves no row");
    let kosong = derau.iter().filter(|r| r[1].is_empty()).count();
    let n = derau.len();
    assert!(
        kosong * 10 > n * 4 && kosong * 10 < n * 6,
        "{kosong} of {n}"
    );
    // Names, desa, the rest: untouched.
    assert!(
        asli.iter()
            .zip(&derau)
            .all(|(a, b)| a[2] == b[2] && a[13] == b[13])
    );
    // Day and month swapped wherever the day could be a month.
    let tukar = asli
        .iter()
        .zip(&derau)
        .filter(|(a, _)| a[4][..2].parse::<u32>().unwrap() <= 12)
        .all(|(a, b)| b[4] == format!("{}-{}-{}", &a[4][3..5], &a[4][..2], &a[4][6..]));
    assert!(tukar);

    for (opsi, pesan) in [
        (
            vec!["--noise", "telepon=0.1"],
            "jenis 'telepon' tidak dikenal",
        ),
        (vec!["--noise", "nik=1.5"], "peluang harus angka 0–1"),
        (vec!["--household-scale", "0"], "--household-scale"),
        (vec!["--name-pool", "2"], "--name-pool"),
    ] {
        let mut args = vec!["synth", "--voters", "100", "--out", "x"];
        args.extend(&opsi);
        let h = common::padan(d.path(), &args);
        assert_eq!(h.kode, 2, "{opsi:?}: {}", h.semua());
        assert!(h.semua().contains(pesan), "{opsi:?}: {}", h.semua());
        assert!(!d.path().join("x").exists(), "nothing written");
    }
}
