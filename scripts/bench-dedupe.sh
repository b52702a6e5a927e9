#!/usr/bin/env bash
# Deduplicating a large synthetic register with `padan link` (issue 3):
# wall time and peak memory from /usr/bin/time, precision and recall of the
# pairs at probability >= 0.5 against the truth, per probability band too.
# Usage: scripts/bench-dedupe.sh [N] [DIR]   (default 10000000: Jawa Timur)
# PARTISI=K: beyond memory, K partitions per blocking rule on disk (in DIR),
# without clusters (they need every record in memory).
set -euo pipefail
N="${1:-10000000}"
DIR="${2:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# PADAN_BIN=FILE: another build (e.g. an older commit's, side by side).
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
mkdir -p "$DIR"
cd "$DIR"
if [ ! -f "data-$N/dpt.csv" ]; then
  "$P" synth --voters "$N" --region 35 --seed 7 --wilayah "$ROOT/../shared/data/wilayah/wilayah.tsv" --out "data-$N" >/dev/null
fi
if [ -n "${PARTISI:-}" ]; then
  MODE=(--partitions "$PARTISI")
else
  MODE=(--clusters klaster.csv)
fi
/usr/bin/time -f "%e s, peak %M KB" -o time.txt "$P" --json link --left "data-$N/dpt.csv" \
  --out pasangan.csv --min-probability 0.5 "${MODE[@]}" > ringkasan.json 2> tahap.log
cat time.txt
python3 -c 'import json; d=json.load(open("ringkasan.json")); print("records", d["kiri"], "pairs compared", d["dibandingkan"], "clusters", d["klaster"], "to review", d["klaster_ditinjau"], "oversized blocks", d["blok_besar"]["jumlah"], "partitions", d["partisi"])'
python3 "$ROOT/scripts/bench_match.py" ganda "data-$N" pasangan.csv
