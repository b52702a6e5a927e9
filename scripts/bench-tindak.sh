#!/usr/bin/env bash
# Follow-up benchmark (issue #6) on an N-voter workspace (default 1,000,000):
# - the review queue's first page (four filters, median of 5 runs each);
# - a bulk decision of 10,000 findings, applied: accepted corrections (two
#   events each) and rejections as "not the same person";
# - the matching re-run that honours those 10,000 remembered rejections,
#   against the same run without them (two runs each, medians).
# Usage: scripts/bench-tindak.sh [N] [DIR]
# PADAN_BIN=PATH runs another padan binary instead of building this checkout.
set -euo pipefail
N="${1:-1000000}"
DIR="${2:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
export PADAN_PASSPHRASE=bench-bukan-rahasia PADAN_SENYAP=1 PADAN_OPERATOR=ani
mkdir -p "$DIR"
cd "$DIR"
rm -rf ws ws-a ws-terima
if [ ! -f "data-$N/dp4.csv" ]; then
  "$P" synth --voters "$N" --seed 5 --out "data-$N" >/dev/null
fi
D="data-$N"
W=(--workspace ws)
"$P" "${W[@]}" init >/dev/null
"$P" "${W[@]}" import --kind dpt "$D/dpt.csv" --source bench --document dpt --effective 2026-06-30 >/dev/null
"$P" "${W[@]}" import --kind dp4 "$D/dp4.csv" --source bench --document dp4 --effective 2026-10-31 >/dev/null
"$P" "${W[@]}" operator add ketua --role ketua --region 35.79 --operator ketua >/dev/null
"$P" "${W[@]}" operator add ani --role operator --region 35.79 --operator ketua >/dev/null
sek() { /usr/bin/time -f "%e" "$@" 2>&1 >/dev/null | tail -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The findings to decide; also warms the page cache for what follows.
"$P" "${W[@]}" match --against dp4 >/dev/null
# Two copies of the same state: ws-a never gets the rejections (the runs
# without them), ws-terima gets the accepted corrections.
rm -rf ws-a
cp -r ws ws-a
cp -r ws ws-terima
review() {
  local ws=$1; shift
  local t=()
  for _ in 1 2 3 4 5; do t+=("$(sek "$P" --workspace "$ws" review "$@" --limit 50)"); done
  median "${t[@]}"
}
R1=$(review ws)
R2=$(review ws --type perbaikan --status open)
R3=$(review ws --band 0.5-0.9)
BULK=(decide --type perbaikan --min-probability 0.5 --limit 10000 --reason bench --document bench --apply)
TOLAK=$(sek "$P" "${W[@]}" "${BULK[@]}" --reject --not-same-person)
TERIMA=$(sek "$P" --workspace ws-terima "${BULK[@]}" --accept)
N_TOLAK=$("$P" "${W[@]}" --json review --type perbaikan --status decided --limit 20000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["temuan"]))')
N_TERIMA=$("$P" --workspace ws-terima --json review --type perbaikan --status decided --limit 20000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["temuan"]))')
R4=$(review ws --status decided)
# Alternated, so neither side has the warmer cache.
A1=$(sek "$P" --workspace ws-a match --against dp4)
/usr/bin/time -f "%e" -o b1.time "$P" "${W[@]}" --json match --against dp4 > b1.json
B1=$(tail -1 b1.time)
A2=$(sek "$P" --workspace ws-a match --against dp4)
B2=$(sek "$P" "${W[@]}" match --against dp4)
DITOLAK=$(python3 -c 'import json; print(json.load(open("b1.json"))["ditolak_sebelumnya"])')
A=$(median "$A1" "$A2")
B=$(median "$B1" "$B2")
echo "workspace of $N voters, a match run against the population extract, $(nproc) cores"
echo "review queue, first page (50), median of 5:"
echo "  all open kinds            ${R1} s"
echo "  --type perbaikan --status open  ${R2} s"
echo "  --band 0.5-0.9            ${R3} s"
echo "  --status decided          ${R4} s"
echo "bulk decision, applied in one batch:"
echo "  ${N_TERIMA} corrections accepted   ${TERIMA} s"
echo "  ${N_TOLAK} rejections (not the same person)   ${TOLAK} s"
echo "match re-run, best of two alternated runs: without rejections ${A} s (${A1}, ${A2}); honouring ${N_TOLAK} rejections ${B} s (${B1}, ${B2}); pairs left out ${DITOLAK}"
python3 -c "print(f'  ratio {float(\"$B\")/float(\"$A\"):.3f}')"
