#!/usr/bin/env bash
# Interleaved A/B of two padan binaries on the register: both import the
# same N-row DPT into a fresh workspace and verify it, RUNS times, in the
# order given (the machine's speed drifts; interleaving shows the ratio).
# Usage: scripts/ab-register.sh OLD_BINARY [N] [DIR]   (RUNS=2 ORDER="NEW OLD")
set -euo pipefail
OLD="$1"; N="${2:-1000000}"; DIR="${3:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# NEW_BIN=PATH: the new binary as built elsewhere (else this checkout's).
if [ -z "${NEW_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
NEW="${NEW_BIN:-$ROOT/target/release/padan}"
export PADAN_PASSPHRASE="${PADAN_PASSPHRASE:-bench-bukan-rahasia}"
mkdir -p "$DIR"; cd "$DIR"
[ -f data/dpt.csv ] || "$NEW" synth --voters "$N" --seed 3 --out data >/dev/null
ROWS=$(($(wc -l < data/dpt.csv) - 1))
t() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
for _ in $(seq 1 "${RUNS:-2}"); do
    for B in ${ORDER:-NEW OLD}; do
        P="${!B}"; rm -rf ws; "$P" --workspace ws init >/dev/null
        read -r IS IK < <(t "$P" --workspace ws import --kind dpt data/dpt.csv --source bench --document bench --effective 2026-06-30)
        read -r VS VK < <(t "$P" --workspace ws verify)
        python3 -c "import sys; r,i,ik,v,vk=sys.argv[2:]; print(f'{sys.argv[1]:<4} import {float(i):6.2f} s {int(r)/float(i):>9,.0f} rows/s peak {int(ik)//1024} MiB | verify {float(v):5.2f} s peak {int(vk)//1024} MiB')" "$B" "$ROWS" "$IS" "$IK" "$VS" "$VK"
    done
done
