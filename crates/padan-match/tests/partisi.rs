//! Matching beyond memory gives the in-memory engine's pairs: the same
//! synthetic register and extract, run whole and run a partition at a time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code may panic

mod common;

use padan_match::blok::ATURAN_BAKU;
use padan_match::mesin::{Setelan, jalankan};
use padan_match::model::Model;
use padan_match::partisi::{Partisi, Sisi};
use padan_match::rekaman::{Rekaman, isi_frekuensi};
use std::collections::BTreeMap;
use std::path::Path;

fn rekaman(dir: &Path, nama: &str) -> Vec<Rekaman> {
    csv::Reader::from_path(dir.join(format!("{nama}.csv")))
        .unwrap()
        .records()
        .enumerate()
        .map(|(i, r)| common::rekaman_baris(i as u64, &r.unwrap()))
        .collect()
}

/// A synthetic office of `n` voters (kab/kota 35.79) in a new folder.
fn synth(n: u64, seed: u64) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    padan_synth::buat(
        &padan_synth::Konfigurasi::baru("35.79", Some(n), seed),
        &padan_core::Wilayah::bawaan(),
        d.path(),
        |_, _| {},
    )
    .unwrap();
    d
}

/// Pairs as `(left ID, right ID) → (rule, weight)`.
type Peta = BTreeMap<(String, String), (u8, f32)>;

fn bagi(
    kiri: &[Rekaman],
    kanan: Option<&[Rekaman]>,
    n: u32,
    s: &Setelan,
    model: Option<Model>,
) -> (Peta, padan_match::partisi::HasilPartisi) {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = Partisi::baru(tmp.path(), n, ATURAN_BAKU, kanan.is_some(), s.seed).unwrap();
    // In chunks, as a file is read.
    for (sisi, rs) in [(Sisi::Kiri, Some(kiri)), (Sisi::Kanan, kanan)] {
        let Some(rs) = rs else { continue };
        for c in rs.chunks(777) {
            let mut c = c.to_vec();
            let id: Vec<String> = c.iter().map(|r| r.id.to_string()).collect();
            p.tambah(sisi, &mut c, &id).unwrap();
        }
    }
    let mut j = p.mulai(s, model, &|_| {}).unwrap();
    let mut out = Peta::new();
    while let Some(b) = j.berikut().unwrap() {
        for q in &b.pasangan {
            let (x, y) = b.id(q);
            let lama = out.insert((x.to_owned(), y.to_owned()), (q.aturan, q.bobot));
            assert!(lama.is_none(), "pair {x}–{y} given twice");
        }
    }
    (out, j.selesai().unwrap())
}

/// The same model, to the last bits that summing counts in another order
/// may change.
fn model_sama(a: &Model, b: &Model) {
    let beda = |x: &[Vec<f64>], y: &[Vec<f64>]| {
        x.iter()
            .flatten()
            .zip(y.iter().flatten())
            .map(|(p, q)| (p - q).abs() / p.abs().max(1e-300))
            .fold(0.0f64, f64::max)
    };
    assert!(beda(&a.m, &b.m) < 1e-9, "m {:?} {:?}", a.m, b.m);
    assert!(beda(&a.u, &b.u) < 1e-9, "u {:?} {:?}", a.u, b.u);
    assert!((a.p - b.p).abs() / a.p < 1e-9, "p {} {}", a.p, b.p);
}

fn utuh(h: &padan_match::mesin::Hasil) -> Peta {
    h.pasangan
        .iter()
        .map(|q| ((q.a.to_string(), q.b.to_string()), (q.aturan, q.bobot)))
        .collect()
}

#[test]
fn partitions_give_the_in_memory_pairs() {
    let d = synth(6_000, 5);
    let mut dpt = rekaman(d.path(), "dpt");
    let mut dp4 = rekaman(d.path(), "dp4");
    let s = Setelan {
        simpan_semua: true,
        ..Setelan::default()
    };

    // Deduplication.
    let mut a = dpt.clone();
    isi_frekuensi(&mut [&mut a]);
    let h = jalankan(&a, None, ATURAN_BAKU, &s, None, &|_| {}).unwrap();
    let (bp, hp) = bagi(&dpt, None, 5, &s, Some(h.model.clone()));
    assert!(bp.len() > 300, "{} pairs", bp.len());
    assert_eq!(bp, utuh(&h), "the same pairs, rules and weights");
    assert_eq!(hp.dibandingkan, h.dibandingkan);
    assert!(hp.maks_rekaman_partisi < dpt.len());
    assert_eq!(hp.partisi_latih, 0, "a model given: nothing read to train");
    // Each record once in the store; eight bytes per record and key in
    // the partitions.
    let kunci: u64 = padan_match::blok::kunci_semua(&a, ATURAN_BAKU)
        .iter()
        .map(|k| k.iter().filter(|&&k| k != 0).count() as u64)
        .sum();
    assert_eq!(hp.bait_indeks, 8 * kunci);
    assert!(
        hp.bait_rekaman < 200 * dpt.len() as u64,
        "{}",
        hp.bait_rekaman
    );
    // Many small partitions (most of them empty): the same pairs.
    let (bm, _) = bagi(&dpt, None, 700, &s, Some(h.model.clone()));
    assert_eq!(bm, bp);
    // Trained on the partitions: the same model (u from all records while
    // they fit the sample; every session under the training cap).
    let (bt, ht) = bagi(&dpt, None, 3, &s, None);
    model_sama(&ht.model, &h.model);
    assert_eq!(bt, utuh(&h));

    // Link: the fallback rules pair only records the primary ones left
    // unmatched, as in memory.
    isi_frekuensi(&mut [&mut dpt, &mut dp4]);
    let h = jalankan(&dpt, Some(&dp4), ATURAN_BAKU, &s, None, &|_| {}).unwrap();
    let (bt, ht) = bagi(&dpt, Some(&dp4), 4, &s, None);
    model_sama(&ht.model, &h.model);
    assert_eq!(bt, utuh(&h));
    assert_eq!(
        ht.blok.iter().map(|b| b.pasangan_baru).collect::<Vec<_>>(),
        h.blok.iter().map(|b| b.pasangan_baru).collect::<Vec<_>>()
    );
    // Keeping only the likely pairs changes nothing else.
    let s9 = Setelan {
        simpan_semua: false,
        simpan_dari: 0.9,
        ..Setelan::default()
    };
    let (b9, _) = bagi(&dpt, Some(&dp4), 2, &s9, Some(h.model.clone()));
    let harap: Peta = utuh(&h)
        .into_iter()
        .filter(|(_, (_, w))| padan_match::model::peluang(f64::from(*w)) >= 0.9)
        .collect();
    assert_eq!(b9, harap);
}

#[test]
fn partition_count_and_empty_sides_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(Partisi::baru(tmp.path(), 0, ATURAN_BAKU, false, 1).is_err());
    let lebih = padan_match::partisi::MAKS_PARTISI + 1;
    assert!(Partisi::baru(tmp.path(), lebih, ATURAN_BAKU, false, 1).is_err());
    let p = Partisi::baru(tmp.path(), 2, ATURAN_BAKU, true, 1).unwrap();
    let e = p.mulai(&Setelan::default(), None, &|_| {}).err().unwrap();
    // The engine names the empty side; the operator's words are the use
    // cases' (padan-match speaks no message language).
    assert!(
        matches!(e, padan_match::mesin::GalatMesin::Kosong(_)),
        "{e}"
    );
    // The partition folder is removed with the run.
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// Training on a share of the partitions (a register too large to count
/// every pair): the model stays close and so do the likely pairs (an
/// eighth of a small register is a noisy sample; at scale it is millions
/// of pairs).
#[test]
fn training_on_a_share_of_the_partitions() {
    let d = synth(6_000, 11);
    let dpt = rekaman(d.path(), "dpt");
    let s = Setelan {
        simpan_semua: true,
        ..Setelan::default()
    };
    let (semua, hs) = bagi(&dpt, None, 16, &s, None);
    assert_eq!(hs.partisi_latih, 16 * 4, "every primary partition read");
    // A cap that a single partition passes: an eighth of them is read.
    let sedikit = Setelan {
        maks_latih: 1,
        ..s.clone()
    };
    let (sebagian, hp) = bagi(&dpt, None, 16, &sedikit, None);
    // (A rule with few pairs, or none, is still read whole.)
    assert!(
        hp.partisi_latih < hs.partisi_latih / 2,
        "{}",
        hp.partisi_latih
    );
    let rasio = hp.model.p / hs.model.p;
    assert!(
        (0.5..2.0).contains(&rasio),
        "prior {} vs {}",
        hp.model.p,
        hs.model.p
    );
    let mungkin = |p: &Peta| -> std::collections::BTreeSet<(String, String)> {
        p.iter()
            .filter(|(_, (_, w))| padan_match::model::peluang(f64::from(*w)) >= 0.5)
            .map(|(k, _)| k.clone())
            .collect()
    };
    let (a, b) = (mungkin(&semua), mungkin(&sebagian));
    let sama = a.intersection(&b).count() as f64;
    assert!(a.len() > 20, "{} likely pairs", a.len());
    assert!(
        sama / a.len().max(b.len()) as f64 > 0.9,
        "{} / {} / {}",
        sama,
        a.len(),
        b.len()
    );
}

/// A disk that fills up while the records are written: the run stops with
/// the disk named, and its folder is gone.
#[test]
fn a_full_disk_stops_the_run_and_cleans_up() {
    let d = synth(2_000, 3);
    let dpt = rekaman(d.path(), "dpt");
    let tmp = tempfile::tempdir().unwrap();
    let mut p = Partisi::baru(tmp.path(), 4, ATURAN_BAKU, false, 1).unwrap();
    p.batasi_disk(100_000);
    let mut hasil = Ok(());
    for c in dpt.chunks(500) {
        let mut c = c.to_vec();
        let id: Vec<String> = c.iter().map(|r| r.id.to_string()).collect();
        hasil = p.tambah(Sisi::Kiri, &mut c, &id);
        if hasil.is_err() {
            break;
        }
    }
    let e = match hasil {
        Err(e) => {
            drop(p);
            e
        }
        Ok(()) => p.mulai(&Setelan::default(), None, &|_| {}).err().unwrap(),
    };
    assert!(
        matches!(&e, padan_match::mesin::GalatMesin::DiskPenuh(dir) if dir == &tmp.path().display().to_string()),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}
