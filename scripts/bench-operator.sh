#!/usr/bin/env bash
# Operator pages benchmark (issue #9): `padan serve` on an office's
# register of N voters (SQLite) with a dedupe run's findings in the queue,
# 50 operators signed in, each request one operator's page: the dashboard
# (its recap), the queue, a search by NIK, a voter's chronology, a case
# with its waterfall. Loaded on loopback by wrk with 50 connections.
# Usage: scripts/bench-operator.sh [N] [DIR] [SECONDS] [OPERATORS]
#   (default 170000, a new temp dir, 20, 50). Needs wrk and curl.
# PADAN_BIN=PATH runs another padan binary instead of building this one.
set -euo pipefail
N="${1:-170000}"
DIR="${2:-$(mktemp -d)}"
DETIK="${3:-20}"
OPS="${4:-50}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
command -v wrk >/dev/null || { echo "wrk tidak ada: apt-get install wrk" >&2; exit 1; }
mkdir -p "$DIR"
cd "$DIR"
export PADAN_PASSPHRASE="bench-bukan-rahasia" PADAN_SENYAP=1 PADAN_OPERATOR_PASSWORD="kuda-laut-ungu-7"
WS="ws-op-$N"
if [ ! -f "$WS/.siap" ]; then
  rm -rf "$WS" "synth-$N"
  "$P" synth --voters "$N" --seed 9 --out "synth-$N" >/dev/null 2>&1
  "$P" --workspace "$WS" init >/dev/null
  "$P" --workspace "$WS" import --kind dpt --source KPU --document "bench" "synth-$N/dpt.csv" >/dev/null
  KANTOR=$(head -2 "synth-$N/dpt.csv" | tail -1 | awk -F, '{print substr($14,1,5)}')
  "$P" --workspace "$WS" operator add ketua --role ketua --region "$KANTOR" --operator ketua >/dev/null
  for i in $(seq 1 "$OPS"); do
    "$P" --workspace "$WS" operator add "op$i" --role operator --region "$KANTOR" --operator ketua >/dev/null
    "$P" --workspace "$WS" operator passwd "op$i" >/dev/null
  done
  "$P" --workspace "$WS" dedupe --operator op1 >/dev/null
  touch "$WS/.siap"
fi
PORT=18282
# Each operator signs in from their own address (through a trusted proxy):
# one address may try 30 sign-ins an hour.
"$P" --workspace "$WS" serve --listen "127.0.0.1:$PORT" --trusted-proxy 127.0.0.1 2>serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# Sign every operator in (the pages a browser would use).
: > kuki.txt
for i in $(seq 1 "$OPS"); do
  T=$(curl -s "http://127.0.0.1:$PORT/operator/masuk" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p')
  curl -s -D - -o /dev/null -H "X-Forwarded-For: 10.9.0.$i" --data "nama=op$i&sandi=$PADAN_OPERATOR_PASSWORD&token=$T" \
    "http://127.0.0.1:$PORT/operator/masuk" | sed -n 's/^set-cookie: \([^;]*\);.*/\1/Ip' >> kuki.txt
done
[ "$(wc -l < kuki.txt)" -eq "$OPS" ] || { echo "sign-in failed: $(wc -l < kuki.txt) of $OPS" >&2; exit 1; }
# The pages: voters and cases taken from the register.
python3 - "synth-$N/dpt.csv" "$PORT" "$(head -1 kuki.txt)" halaman.lua <<'PY'
import csv, random, re, sys, urllib.request
random.seed(3)
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if len(r["NIK"]) == 16 and r["NIK"].isdigit()]
port, kuki = sys.argv[2], sys.argv[3]
req = urllib.request.Request(f"http://127.0.0.1:{port}/operator/antrian", headers={"Cookie": kuki})
antri = urllib.request.urlopen(req).read().decode()
kasus = sorted(set(re.findall(r'/operator/kasus/(TM-\d+)', antri)))[:200]
assert kasus, "no findings in the queue"
jalur = ["/operator", "/operator/antrian"]
for r in random.sample(rows, 200):
    jalur.append(f"/operator/pemilih?q={r['NIK']}")
for k in kasus:
    jalur.append(f"/operator/kasus/{k}")
req = urllib.request.Request(f"http://127.0.0.1:{port}/operator/pemilih?q={rows[0]['NIK']}", headers={"Cookie": kuki})
m = re.search(r'/operator/pemilih/(PM-\d+)', urllib.request.urlopen(req).read().decode())
ids = [f"PM-{i:08d}" for i in random.sample(range(1, len(rows)), 200)]
jalur += [f"/operator/pemilih/{i}" for i in ids]
with open(sys.argv[4], "w") as f:
    f.write("local jalur = {\n" + "".join(f'"{j}",\n' for j in jalur) + "}\n")
    kukis = [l.strip() for l in open("kuki.txt") if l.strip()]
    f.write("local kuki = {\n" + "".join(f'"{k}",\n' for k in kukis) + "}\n")
    f.write("""
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", jalur[n % #jalur + 1], {["Cookie"] = kuki[n % #kuki + 1]})
end
response = function(status, headers, body)
  if status ~= 200 and status ~= 404 then print("status " .. status) end
end
""")
print(f"pages: {len(jalur)} ({len(kasus)} cases)")
PY
wrk -t1 -c"$OPS" -d3s -s halaman.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t1 -c"$OPS" -d"${DETIK}s" --latency -s halaman.lua "http://127.0.0.1:$PORT" | tee wrk.txt
ANON=$(awk '/RssAnon/ {print int($2 / 1024)}' /proc/$PID/status)
echo "server memory: ${ANON} MiB anonymous; voters: $N; operators: $OPS; cores: $(nproc)"
