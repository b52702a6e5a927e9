#!/usr/bin/env bash
# Recap, lineage and dossier benchmark (issue #7) on an N-voter workspace
# (default 1,000,000): the rekapitulasi DPB of every desa with its
# invariants (written as XLSX), the lineage of a desa cell and of the
# kab/kota cell (a change column: tms1; state columns: total, and sebelum, whose state is
# the first DPT), a dossier and its offline check; median of 3 runs each.
# Usage: scripts/bench-rekap.sh [N] [DIR]
# PADAN_BIN=PATH runs another padan binary instead of building this checkout.
set -euo pipefail
N="${1:-1000000}"
DIR="${2:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
export PADAN_PASSPHRASE=bench-bukan-rahasia PADAN_SENYAP=1 PADAN_OPERATOR=bench
mkdir -p "$DIR"
cd "$DIR"
if [ ! -f "data-$N/dp4.csv" ]; then
  "$P" synth --voters "$N" --seed 5 --out "data-$N" >/dev/null
fi
W=(--workspace ws-rekap)
if [ ! -f ws-rekap/padan.sqlite ]; then
  "$P" "${W[@]}" init >/dev/null
  "$P" "${W[@]}" import --kind dpt "data-$N/dpt.csv" --source bench --document dpt --effective 2026-06-30 >/dev/null
  "$P" "${W[@]}" import --kind coklit "data-$N/coklit.csv" --source bench --document coklit --effective 2026-10-31 >/dev/null
fi
sek() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
tiga() { local t=(); for _ in 1 2 3; do t+=("$(sek "$@")"); done; median "${t[@]}"; }
REKAP=$(tiga "$P" "${W[@]}" rekap --out rekap.xlsx)
DESA=$(tiga "$P" "${W[@]}" lineage --region 35.79.01.1001 --column baru --limit 1)
KEC=$(tiga "$P" "${W[@]}" lineage --region 35.79.01 --column tms1 --limit 1)
KAB=$(tiga "$P" "${W[@]}" lineage --region 35.79 --column tms1 --limit 1)
KECT=$(tiga "$P" "${W[@]}" lineage --region 35.79.01 --column total --limit 1)
KABT=$(tiga "$P" "${W[@]}" lineage --region 35.79 --column total --limit 1)
KABS=$(tiga "$P" "${W[@]}" lineage --region 35.79 --column sebelum --limit 1)
DOSIR=$(tiga "$P" "${W[@]}" dossier PM-00000001 --out dosir.json)
PERIKSA=$(tiga "$P" verify-dossier dosir.json)
PROFIL=$(tiga "$P" "${W[@]}" profile --out profil.xlsx)
echo "workspace of $N voters (DPT + coklit results), $(nproc) cores, median of 3"
echo "  rekap of every desa with its invariants, XLSX   ${REKAP} s"
echo "  lineage of a desa cell                          ${DESA} s"
echo "  lineage of a kecamatan cell                     ${KEC} s"
echo "  lineage of the kab/kota cell                    ${KAB} s"
echo "  lineage of a kecamatan total (state column)     ${KECT} s"
echo "  lineage of the kab/kota total (state column)    ${KABT} s"
echo "  lineage of the kab/kota sebelum (first DPT)     ${KABS} s"
echo "  dossier of one voter (JSON, proofs, signed)     ${DOSIR} s"
echo "  verify-dossier, no workspace                    ${PERIKSA} s"
echo "  anomaly profile of every desa, XLSX             ${PROFIL} s"
