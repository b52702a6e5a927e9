#!/usr/bin/env bash
# Pemadanan benchmark (issue 3): Padan and Splink 5 (DuckDB) side by side,
# in one run, on the same synthetic register (N voters) against a
# population extract of M rows sampled from the same update set; each tool
# trains, scores and clusters; wall time and peak memory (RSS) from
# /usr/bin/time, precision/recall/F1 at probability 0.5 against the truth.
# Usage: scripts/bench-match.sh [N] [M] [DIR]   (default 1000000 400000)
# Needs python3 with venv; Splink is installed into DIR/venv from PyPI.
# PADAN_BIN=PATH runs another padan binary (an A/B of two builds) instead
# of building this checkout.
set -euo pipefail
N="${1:-1000000}"
M="${2:-400000}"
DIR="${3:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
PY="$ROOT/scripts/bench_match.py"
mkdir -p "$DIR"
cd "$DIR"
if [ ! -x venv/bin/python ] || ! venv/bin/python -c "import splink, pandas" 2>/dev/null; then
  python3 -m venv venv
  venv/bin/pip install -q 'splink==5.*' pandas >/dev/null
fi
SPLINK_V=$(venv/bin/python -c 'import splink; print(splink.__version__)')
if [ ! -f "data-$N/ekstrak.csv" ]; then
  rm -rf "data-$N"
  "$P" synth --voters "$N" --seed 5 --out "data-$N" >/dev/null
  python3 "$PY" ekstrak "data-$N" "$M" 1
fi
D="data-$N"
t() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
mkdir -p out
read -r PD_S PD_KB < <(PADAN_SENYAP=1 t "$P" link --left "$D/register.csv" --right "$D/ekstrak.csv" --id ID --out out/padan_pasangan.csv --min-probability 0.01 --clusters out/padan_klaster.csv)
read -r SP_S SP_KB < <(t venv/bin/python "$PY" splink "$D" out)
PD_F=$(python3 "$PY" nilai "$D" out/padan_pasangan.csv)
SP_F=$(python3 "$PY" nilai "$D" out/splink_pasangan.csv)
python3 - "$N" "$M" "$PD_S" "$PD_KB" "$SP_S" "$SP_KB" "$PD_F" "$SP_F" "$SPLINK_V" "$(nproc)" <<'PY'
import json, sys
n, m, pd_s, pd_kb, sp_s, sp_kb, pd_f, sp_f, spv, cpu = sys.argv[1:]
pd_s, sp_s, pd_kb, sp_kb = float(pd_s), float(sp_s), int(pd_kb), int(sp_kb)
pf, sf = json.loads(pd_f), json.loads(sp_f)
print(f"register {int(n):,} voters against an extract of {int(m):,} rows, {cpu} cores")
print(f"{'':14}{'wall s':>10}{'peak MiB':>10}{'precision':>11}{'recall':>9}{'F1':>9}")
for name, s, kb, f in (("padan", pd_s, pd_kb, pf), (f"splink {spv}", sp_s, sp_kb, sf)):
    print(f"{name:14}{s:>10.1f}{kb/1024:>10.0f}{f['precision']:>11.4f}{f['recall']:>9.4f}{f['f1']:>9.4f}")
print(f"speed-up {sp_s/pd_s:.1f}x   memory {pd_kb/sp_kb:.2f} of Splink's   F1 {pf['f1']-sf['f1']:+.4f}")
PY
