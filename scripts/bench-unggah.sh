#!/usr/bin/env bash
# Upload benchmark (issue #9): a DPT of N rows sent to `padan serve` the way
# the browser's form sends it (multipart, with the session cookie and the
# form's CSRF token), into an empty register (SQLite). Reports rows a
# second from the first byte sent to the summary page, and the server's
# peak memory (VmHWM), which must stay under 1 GiB: the file is streamed to
# disk, not held.
# Usage: scripts/bench-unggah.sh [N] [DIR]   (default 1000000, a new temp dir)
# PADAN_BIN=PATH runs another padan binary instead of building this one.
set -euo pipefail
N="${1:-1000000}"
DIR="${2:-$(mktemp -d)}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${PADAN_BIN:-}" ]; then
  cargo build --release -p padan --manifest-path "$ROOT/Cargo.toml" >/dev/null 2>&1
fi
P="${PADAN_BIN:-$ROOT/target/release/padan}"
mkdir -p "$DIR"
cd "$DIR"
export PADAN_PASSPHRASE="bench-bukan-rahasia" PADAN_SENYAP=1 PADAN_OPERATOR_PASSWORD="kuda-laut-ungu-7"
[ -f "synth-$N/dpt.csv" ] || "$P" synth --voters "$N" --seed 9 --out "synth-$N" >/dev/null 2>&1
WS="ws-unggah-$N"
rm -rf "$WS"
"$P" --workspace "$WS" init >/dev/null
KANTOR=$(head -2 "synth-$N/dpt.csv" | tail -1 | awk -F, '{print substr($14,1,5)}')
"$P" --workspace "$WS" operator add ketua --role ketua --region "$KANTOR" --operator ketua >/dev/null
"$P" --workspace "$WS" operator add ani --role operator --region "$KANTOR" --operator ketua >/dev/null
"$P" --workspace "$WS" operator passwd ani >/dev/null
PORT=18383
"$P" --workspace "$WS" serve --listen "127.0.0.1:$PORT" 2>serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
T=$(curl -s "http://127.0.0.1:$PORT/operator/masuk" | sed -n 's/.*name="token" value="\([^"]*\)".*/\1/p')
KUKI=$(curl -s -D - -o /dev/null --data "nama=ani&sandi=$PADAN_OPERATOR_PASSWORD&token=$T" \
  "http://127.0.0.1:$PORT/operator/masuk" | sed -n 's/^set-cookie: \([^;]*\);.*/\1/Ip')
CSRF=$(curl -s -H "Cookie: $KUKI" "http://127.0.0.1:$PORT/operator/impor" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
UKURAN=$(stat -c %s "synth-$N/dpt.csv")
AWAL=$(date +%s.%N)
curl -s -H "Cookie: $KUKI" -F "csrf=$CSRF" -F jenis=dpt -F sumber=KPU -F "dokumen=bench" \
  -F "berkas=@synth-$N/dpt.csv;type=text/csv" "http://127.0.0.1:$PORT/operator/impor" > hasil.html
AKHIR=$(date +%s.%N)
RINGKAS=$(sed -n 's/.*id="ringkas">\([^<]*\)<.*/\1/p' hasil.html)
[ -n "$RINGKAS" ] || { echo "upload failed:"; sed -n '/id="pesan"/,/<\/section>/p' hasil.html; exit 1; }
HWM=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$PID/status)
python3 -c "
n = int('$RINGKAS'.split()[0]); t = $AKHIR - $AWAL
print(f'upload of {n} rows read ({$UKURAN / 2**20:.0f} MiB): {t:.1f} s, {n / t:,.0f} rows/s; summary: $RINGKAS')
print(f'server peak memory (VmHWM): $HWM MiB; cores: $(nproc)')
"
