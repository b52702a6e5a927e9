"""Truth files for `padan link --truth`: the true pairs, two record IDs per row.

    python3 kebenaran.py febrl A.csv [B.csv] OUT   # FEBRL: rec-N-org / rec-N-dup-K are person N
    python3 kebenaran.py synth DATA OUT            # after bench_match.py ekstrak: register × extract

With one FEBRL file, every pair of records of the same person (a
deduplication); with two, each record of A with each of B of the same person.
"""
import csv
import sys
from collections import defaultdict
from itertools import combinations


def ids(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        return [row[0].strip() for row in r if row]


def orang(rec_id):
    parts = rec_id.split("-")
    return parts[1] if len(parts) > 1 else rec_id


def febrl(args):
    *inputs, out = args
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id_kiri", "id_kanan"])
        if len(inputs) == 1:
            per = defaultdict(list)
            for i in ids(inputs[0]):
                per[orang(i)].append(i)
            for v in per.values():
                for a, b in combinations(v, 2):
                    w.writerow([a, b])
        else:
            per_b = defaultdict(list)
            for i in ids(inputs[1]):
                per_b[orang(i)].append(i)
            for a in ids(inputs[0]):
                for b in per_b.get(orang(a), []):
                    w.writerow([a, b])


def synth(data, out):
    def baca(p):
        with open(p, newline="") as f:
            return [(r[0], r[1]) for r in list(csv.reader(f))[1:]]

    per = defaultdict(list)
    for i, o in baca(f"{data}/ekstrak_orang.csv"):
        per[o].append(i)
    with open(out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id_kiri", "id_kanan"])
        sebelum = "0"
        for i, o in baca(f"{data}/register_orang.csv"):
            if o == "0":
                # A planted defect (refused at import, not by `padan
                # link`) is a copy of the row before it, with a defect:
                # that person's record.
                o = sebelum
            sebelum = o
            if o == "0":
                continue
            for j in per.get(o, []):
                w.writerow([i, j])


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "febrl":
        febrl(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "synth":
        synth(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
