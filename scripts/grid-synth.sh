#!/usr/bin/env bash
# Generalisation grid (issue #8): the engine on `padan synth` settings it
# was not tuned on. Each setting makes its own register (N voters, its own
# seed) with noise in the population data, samples an extract of M rows,
# and links the two with the truth: F1 at 0.5, blocking recall,
# comparisons per true pair, and calibration at p >= 0.5.
# Usage: scripts/grid-synth.sh [N] [M] [DIR]   (default 1000000 400000)
# PADAN_BIN=PATH runs another padan binary instead of building this one.
set -euo pipefail
N="${1:-1000000}"
M="${2:-400000}"
DIR="${3:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
mkdir -p "$DIR"
cd "$DIR"
# name|seed|synth options
SETTINGS=(
  "typos|21|--noise nik=0.05 --noise nama=0.10 --noise lahir=0.05"
  "no-nik|22|--noise nik-kosong=0.30 --noise lahir-tukar=0.05 --noise nama-tukar=0.10"
  "nik+date|23|--noise nik=0.10 --noise lahir=0.10"
  "blanks+moves|24|--noise kosong=0.30 --noise alamat=0.20 --noise desa=0.10"
  "households|25|--household-scale 2.5 --name-pool 0.2 --noise nik=0.02"
  "everything|26|--noise nik=0.05 --noise nik-tukar=0.02 --noise nik-kosong=0.10 --noise nama=0.15 --noise nama-tukar=0.05 --noise lahir=0.05 --noise lahir-tukar=0.02 --noise lahir-kosong=0.05 --noise kosong=0.10 --noise alamat=0.10 --noise desa=0.05 --name-pool 0.5"
  "hard|27|--noise nik=0.20 --noise nik-kosong=0.20 --noise nama=0.30 --noise lahir=0.20 --noise lahir-kosong=0.10 --noise kosong=0.20 --noise desa=0.10"
)
printf '%-14s %8s %8s %8s %8s %8s %8s %8s %7s\n' setting F1 P R best_F1 block_R per_true 'mean_p' 'prec'
for s in "${SETTINGS[@]}"; do
  IFS='|' read -r NAME SEED OPTS <<<"$s"
  D="grid-$NAME"
  if [ ! -f "$D/kebenaran.csv" ]; then
    rm -rf "$D"
    # shellcheck disable=SC2086
    "$P" synth --voters "$N" --seed "$SEED" --out "$D" $OPTS >/dev/null 2>&1
    python3 "$ROOT/scripts/bench_match.py" ekstrak "$D" "$M" 1
    python3 "$ROOT/scripts/kebenaran.py" synth "$D" "$D/kebenaran.csv" >/dev/null
  fi
  PADAN_SENYAP=1 "$P" --json link --left "$D/register.csv" --right "$D/ekstrak.csv" --id ID \
    --out "$D/pasangan.csv" --min-probability 0.01 --truth "$D/kebenaran.csv" >"$D/hasil.json"
  python3 - "$NAME" "$D/hasil.json" <<'PY'
import json, sys
name, f = sys.argv[1:]
a = json.load(open(f))["akurasi"]
d, t, s = a["di_ambang"], a["terbaik"], a["di_atas_setengah"]
print(f"{name:14} {d['f1']:8.4f} {d['presisi']:8.4f} {d['recall']:8.4f} {t['f1']:8.4f} "
      f"{a['recall_blok']:8.4f} {a['banding_per_benar']:8.1f} {s['rata_peluang']:8.4f} {s['presisi'] or 0:7.4f}")
PY
done
