#!/usr/bin/env bash
# Public lookup benchmark (issue #9): `padan serve` on a register of N
# voters (SQLite, the embedded default), loaded on loopback by wrk. Every
# request comes through a trusted proxy from its own citizen address
# (X-Forwarded-For), so the per-client budgets and the enumeration
# detector stay at their defaults while the global budget is set for the
# test. The mix: 60 % registered (NIK and birth date), 20 % a wrong birth
# date, 10 % NIKs not on the register, 10 % placeholders.
# Then the answer time per outcome, one request at a time.
# Usage: scripts/bench-cek.sh [N] [DIR] [SECONDS] [CONNECTIONS]
#   (default 1000000, a new temp dir, 20, 64). Needs wrk (Debian: wrk).
# PADAN_BIN=PATH runs another padan binary instead of building this one.
# PADAN_DATABASE=postgres://…/DB: the register in that PostgreSQL database
# (which must exist and not yet hold office 35.79), not the SQLite file.
set -euo pipefail
N="${1:-1000000}"
DIR="${2:-$(mktemp -d)}"
DETIK="${3:-20}"
KONEKSI="${4:-64}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
command -v wrk >/dev/null || { echo "wrk tidak ada: apt-get install wrk" >&2; exit 1; }
mkdir -p "$DIR"
cd "$DIR"
export PADAN_PASSPHRASE="bench-bukan-rahasia" PADAN_SENYAP=1
WS="ws-$N${PADAN_DATABASE:+-pg}"
if [ ! -f "$WS/.siap" ]; then
  rm -rf "$WS" "synth-$N"
  "$P" synth --voters "$N" --seed 9 --out "synth-$N" >/dev/null 2>&1
  "$P" --workspace "$WS" init >/dev/null
  "$P" --workspace "$WS" import --kind dpt --source KPU --document "bench" "synth-$N/dpt.csv" >/dev/null
  touch "$WS/.siap"
fi
# The requests: a Lua table of pre-formatted bodies and client addresses.
python3 - "synth-$N/dpt.csv" permintaan.lua <<'PY'
import csv, random, sys
random.seed(1)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
rows = [r for r in rows if len(r["NIK"]) == 16 and r["NIK"].isdigit() and "CACAT" not in r["NAMA"]]
out = []
def iso(t):
    d, m, y = t.split("-")
    return f"{y}-{m}-{d}"
for i in range(50000):
    r = random.choice(rows)
    x = random.random()
    if x < 0.6:
        body = f"nik={r['NIK']}&tanggal_lahir={iso(r['TANGGAL_LAHIR'])}"
    elif x < 0.8:
        body = f"nik={r['NIK']}&tanggal_lahir=1901-01-01"
    elif x < 0.9:
        body = f"nik={r['NIK'][:12]}{random.randint(0, 9999):04d}&tanggal_lahir={iso(r['TANGGAL_LAHIR'])}"
    else:
        d = str(random.randint(1, 9))
        body = f"nik={d * 16}&tanggal_lahir=1990-01-01"
    ip = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
    out.append((body, ip))
with open(sys.argv[2], "w") as f:
    f.write("return {\n")
    for b, ip in out:
        f.write(f'{{"{b}","{ip}"}},\n')
    f.write("}\n")
PY
cat > cek.lua <<'LUA'
local daftar = dofile("permintaan.lua")
local siap = {}
local i = 0
init = function(args)
  for k, v in ipairs(daftar) do
    siap[k] = wrk.format("POST", "/cek", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Forwarded-For"] = v[2],
    }, v[1])
  end
end
request = function()
  i = i % #siap + 1
  return siap[i]
end
LUA
PORT=18181
"$P" --workspace "$WS" serve --listen "127.0.0.1:$PORT" --trusted-proxy 127.0.0.1 \
  --cek-global 1000000 2>serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
# Warm-up (page cache, connections), then the measured run.
wrk -t1 -c"$KONEKSI" -d3s -s cek.lua "http://127.0.0.1:$PORT" >/dev/null
wrk -t1 -c"$KONEKSI" -d"${DETIK}s" --latency -s cek.lua "http://127.0.0.1:$PORT" | tee wrk.txt
# The lookups' own work, before the fixed answer time (mean, from /metrics).
curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^padan_cek_kerja_detik_sum/ {s=$2} /^padan_cek_kerja_detik_count/ {n=$2} /^padan_cek_total/ {print} END {if (n) printf "work per lookup: %.3f ms (mean of %d)\n", s / n * 1000, n}'
# Anonymous memory is the server's own; file-backed pages are the
# database mapped in (mmap), the OS page cache, counted once per mapping.
ANON=$(awk '/RssAnon/ {print int($2 / 1024)}' /proc/$PID/status)
FILE=$(awk '/RssFile/ {print int($2 / 1024)}' /proc/$PID/status)
# The answer time per outcome, one at a time (the fixed time should hide
# which it was).
python3 - "$PORT" "synth-$N/dpt.csv" <<'PY'
import csv, http.client, random, statistics, sys, time
port = int(sys.argv[1])
rows = [r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if "CACAT" not in r["NAMA"]][:5000]
random.seed(2)
def iso(t):
    d, m, y = t.split("-"); return f"{y}-{m}-{d}"
kinds = {
    "terdaftar": lambda r: f"nik={r['NIK']}&tanggal_lahir={iso(r['TANGGAL_LAHIR'])}",
    "tanggal salah": lambda r: f"nik={r['NIK']}&tanggal_lahir=1901-01-01",
    "tidak ada": lambda r: f"nik={r['NIK'][:12]}0000&tanggal_lahir=1990-01-01",
    "placeholder": lambda r: "nik=2222222222222222&tanggal_lahir=1990-01-01",
}
c = http.client.HTTPConnection("127.0.0.1", port)
n = 0
hasil = {k: [] for k in kinds}
for rep in range(300):
    for k, f in kinds.items():
        n += 1
        ip = f"172.16.{n // 256 % 256}.{n % 256}"
        body = f(random.choice(rows))
        t = time.perf_counter()
        c.request("POST", "/cek", body, {"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip})
        r = c.getresponse(); b = r.read()
        hasil[k].append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            print("status", r.status, k)
for k, v in hasil.items():
    v.sort()
    print(f"{k:14} median {statistics.median(v):6.2f} ms  p99 {v[int(len(v) * 0.99)]:6.2f} ms")
PY
echo "server memory: ${ANON} MiB anonymous, ${FILE} MiB of the mapped database; voters: $N; cores: $(nproc)"
