"""Helpers of scripts/bench-match.sh: the extract sample, the Splink run,
and scoring either tool's output against the synthetic truth.

    python3 bench_match.py ekstrak DATA N SEED     # DATA/ekstrak.csv + truth
    python3 bench_match.py splink DATA OUTDIR      # train, score, cluster
    python3 bench_match.py nilai DATA PAIRS.csv    # precision/recall/F1
    python3 bench_match.py ganda DATA PAIRS.csv    # the same for duplicates in DATA/dpt.csv
"""
import csv
import json
import random
import sys
import time
from pathlib import Path


def ekstrak(data: Path, n: int, seed: int) -> None:
    """A population extract of n rows: a fixed random sample of dp4.csv,
    with each row's person from the truth file."""
    with open(data / "dp4.csv", newline="") as f:
        rows = list(csv.reader(f))
    with open(data / "kebenaran" / "dp4.csv", newline="") as f:
        truth = list(csv.reader(f))[1:]
    header, body = rows[0], rows[1:]
    idx = sorted(random.Random(seed).sample(range(len(body)), min(n, len(body))))
    with open(data / "ekstrak.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID"] + header)
        for i in idx:
            w.writerow([f"E{i}"] + body[i])
    with open(data / "ekstrak_orang.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID", "ORANG"])
        for i in idx:
            w.writerow([f"E{i}", truth[i][1]])
    # The register with an ID column too (the row number, as padan uses).
    with open(data / "dpt.csv", newline="") as f:
        dpt = list(csv.reader(f))
    with open(data / "kebenaran" / "dpt.csv", newline="") as f:
        tdpt = list(csv.reader(f))[1:]
    with open(data / "register.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID"] + dpt[0])
        for i, r in enumerate(dpt[1:]):
            w.writerow([f"R{i}"] + r)
    with open(data / "register_orang.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ID", "ORANG"])
        for i, t in enumerate(tdpt):
            w.writerow([f"R{i}", t[1]])


def benar(data: Path) -> set:
    def baca(p):
        with open(p, newline="") as f:
            return [(r[0], r[1]) for r in list(csv.reader(f))[1:]]

    per_orang = {}
    for i, o in baca(data / "ekstrak_orang.csv"):
        per_orang.setdefault(o, []).append(i)
    out = set()
    for i, o in baca(data / "register_orang.csv"):
        if o == "0":
            continue  # a planted defect: no person
        for j in per_orang.get(o, []):
            out.add((i, j))
    return out


def nilai(data: Path, pairs: Path) -> dict:
    t = benar(data)
    pred = set()
    with open(pairs, newline="") as f:
        for r in csv.DictReader(f):
            if float(r["peluang"]) >= 0.5:
                pred.add((r["id_kiri"], r["id_kanan"]))
    tp = len(pred & t)
    p = tp / max(len(pred), 1)
    rc = tp / max(len(t), 1)
    return {
        "benar": len(t),
        "prediksi": len(pred),
        "precision": round(p, 5),
        "recall": round(rc, 5),
        "f1": round(2 * tp / max(len(pred) + len(t), 1), 5),
    }


def ganda(data: Path, pairs: Path) -> dict:
    """Duplicates within the register: pairs at probability >= 0.5 against
    the truth (ids are line numbers, as `padan link` without --id writes
    them). Rows of planted defects (person 0, refused at import) are left
    out of both sides. Also the observed precision per band of predicted
    probability, to check the probabilities mean what they say."""
    orang = {}
    with open(data / "kebenaran" / "dpt.csv", newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            orang[row[0]] = row[1]
    per = {}
    for o in orang.values():
        if o != "0":
            per[o] = per.get(o, 0) + 1
    benar = sum(c * (c - 1) // 2 for c in per.values())
    tp = fp = 0
    pita = {}
    with open(pairs, newline="") as f:
        for r in csv.DictReader(f):
            p = float(r["peluang"])
            if p < 0.5:
                continue
            a, b = orang.get(r["id_kiri"]), orang.get(r["id_kanan"])
            if a == "0" or b == "0":
                continue
            ok = a == b
            tp += ok
            fp += not ok
            k = min(int(p * 10), 9) / 10
            t, n = pita.get(k, (0, 0))
            pita[k] = (t + ok, n + 1)
    return {
        "benar": benar,
        "prediksi": tp + fp,
        "precision": round(tp / max(tp + fp, 1), 5),
        "recall": round(tp / max(benar, 1), 5),
        "presisi_per_pita": {f"{k:.1f}": [n, round(t / n, 4)] for k, (t, n) in sorted(pita.items())},
    }


def splink(data: Path, out: Path) -> None:
    """Splink 5 on DuckDB, configured as its documentation recommends for a
    link between two tables: exact and fuzzy levels per field, term
    frequencies on name and birth date, u by random sampling, m by EM on
    two blocking rules, prediction over the same blocking rules as Padan's
    main ones, clustering at 0.5."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    t0 = time.time()
    kol = {
        "NIK": "nik",
        "NKK": "nkk",
        "NAMA": "nama",
        "TEMPAT_LAHIR": "tempat_lahir",
        "TANGGAL_LAHIR": "tanggal_lahir",
        "JENIS_KELAMIN": "jk",
        "ALAMAT": "alamat",
        "RT": "rt",
        "RW": "rw",
        "KODE_DESA": "desa",
    }

    def siapkan(p: Path) -> "pd.DataFrame":
        df = pd.read_csv(p, dtype=str, keep_default_na=False)
        df = df.rename(columns={"ID": "unique_id", **kol})[["unique_id", *kol.values()]]
        nama = df["nama"].str.upper().str.split()
        df["nama_depan"] = nama.str[0]
        df["nama_belakang"] = nama.str[-1]
        # dd-mm-yyyy to ISO for the date comparison
        d = df["tanggal_lahir"].str.split("-")
        df["tanggal_lahir"] = d.str[2] + "-" + d.str[1] + "-" + d.str[0]
        return df.replace({"": None})

    kiri = siapkan(data / "register.csv")
    kanan = siapkan(data / "ekstrak.csv")
    db = DuckDBAPI()
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("nama_depan", "tanggal_lahir"),
            block_on("nama_belakang", "tanggal_lahir"),
        ],
        comparisons=[
            cl.LevenshteinAtThresholds("nik", [1, 2]),
            cl.NameComparison("nama").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "tanggal_lahir", input_is_string=True
            ),
            cl.ExactMatch("jk"),
            cl.ExactMatch("tempat_lahir"),
            cl.ExactMatch("desa"),
            cl.ExactMatch("nkk"),
            cl.JaroWinklerAtThresholds("alamat", [0.9]),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(
        [db.register(kiri), db.register(kanan)], settings, log_level=30
    )
    t_baca = time.time() - t0
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "tanggal_lahir")], recall=0.95
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("nik")
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("nama_depan", "tanggal_lahir")
    )
    t_latih = time.time() - t0 - t_baca
    pred = linker.inference.predict(threshold_match_probability=0.01)
    klaster = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pred, threshold_match_probability=0.5
    )
    n_klaster = klaster.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0]
    df = pred.as_pandas_dataframe()
    t_skor = time.time() - t0 - t_baca - t_latih
    out.mkdir(parents=True, exist_ok=True)
    kiri_kanan = df["source_dataset_l"] != df["source_dataset_r"]
    df = df[kiri_kanan]
    # Left is the register, whatever order Splink wrote the pair in.
    l_is_reg = df["unique_id_l"].str.startswith("R")
    pd.DataFrame(
        {
            "id_kiri": df["unique_id_l"].where(l_is_reg, df["unique_id_r"]),
            "id_kanan": df["unique_id_r"].where(l_is_reg, df["unique_id_l"]),
            "peluang": df["match_probability"],
        }
    ).to_csv(out / "splink_pasangan.csv", index=False)
    json.dump(
        {
            "detik_baca": round(t_baca, 2),
            "detik_latih": round(t_latih, 2),
            "detik_skor_klaster": round(t_skor, 2),
            "pasangan": int(len(df)),
            "klaster_baris": int(n_klaster),
        },
        open(out / "splink_waktu.json", "w"),
    )


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "ekstrak":
        ekstrak(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "splink":
        splink(Path(sys.argv[2]), Path(sys.argv[3]))
    elif cmd == "nilai":
        print(json.dumps(nilai(Path(sys.argv[2]), Path(sys.argv[3]))))
    elif cmd == "ganda":
        print(json.dumps(ganda(Path(sys.argv[2]), Path(sys.argv[3]))))
