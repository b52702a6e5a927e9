#!/usr/bin/env bash
# Benchmark of the register (issue 2): import of an N-row DPT CSV with full
# validation and events, `padan verify`, and rebuilding the projection, each
# with wall time and peak memory. Usage: scripts/bench-register.sh [N] [DIR]
set -euo pipefail
N="${1:-1000000}"
DIR="${2:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
P="$ROOT/target/release/padan"
# A benchmark never asks: the office key is sealed under this passphrase.
export PADAN_PASSPHRASE="${PADAN_PASSPHRASE:-bench-bukan-rahasia}"
mkdir -p "$DIR"
cd "$DIR"
rm -rf ws data
"$P" synth --voters "$N" --seed 3 --out data >/dev/null
ROWS=$(($(wc -l < data/dpt.csv) - 1))
"$P" --workspace ws init >/dev/null
t() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
read -r IMP_S IMP_KB < <(t "$P" --workspace ws import --kind dpt data/dpt.csv --source bench --document bench --effective 2026-06-30)
read -r VER_S VER_KB < <(t "$P" --workspace ws verify)
REB_S=$("$P" --workspace ws --json rebuild | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["detik"], 2))')
EVENTS=$("$P" --workspace ws --json verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["peristiwa"])')
DB_MB=$(( $(stat -c %s ws/padan.sqlite) / 1048576 ))
python3 - "$ROWS" "$IMP_S" "$IMP_KB" "$VER_S" "$VER_KB" "$REB_S" "$EVENTS" "$DB_MB" <<'PY'
import sys
rows, imp_s, imp_kb, ver_s, ver_kb, reb_s, events, db_mb = sys.argv[1:]
rows, imp_s, ver_s, reb_s = int(rows), float(imp_s), float(ver_s), float(reb_s)
print(f"rows read            {rows:>12,}")
print(f"events               {int(events):>12,}")
print(f"import               {imp_s:>10.2f} s  {rows/imp_s:>10,.0f} rows/s  peak {int(imp_kb)/1024:,.0f} MiB")
print(f"verify               {ver_s:>10.2f} s  peak {int(ver_kb)/1024:,.0f} MiB")
print(f"rebuild projection   {reb_s:>10.2f} s")
print(f"database             {int(db_mb):>10,} MiB")
PY
