#!/usr/bin/env bash
# Load test of issue 5: N concurrent inbound calls from SIPp (the gateway, streaming a tone over
# RTP) bridged to the Gemini Live simulator, for D seconds each. Prints calls placed/ended,
# failures, packets dropped as foreign (crosstalk), greeting latency p50/p99, CPU and memory
# of the server per call. Bounded: every wait has a timeout; everything is killed on exit.
#
#   tests/load/call_load.sh [-n CALLS] [-d SECONDS] [-r RATE] [-b BUILD_DIR] [-o OWNERS]
# OWNERS (default: one per 1000 calls, a user's max_concurrent_calls cap) users each get their
# own dialled number and their own SIPp gateway process, calls split evenly between them.
set -euo pipefail
calls=500 seconds=20 rate=100 build=${VOICEAGENT_BUILD_DIR:-build} owners=""
while getopts "n:d:r:b:o:" o; do
  case $o in n) calls=$OPTARG ;; d) seconds=$OPTARG ;; r) rate=$OPTARG ;; b) build=$OPTARG ;;
  o) owners=$OPTARG ;; *) exit 2 ;; esac
done
owners=${owners:-$(( (calls + 999) / 1000 ))}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/$build/src/app/voiceagent
[[ -x $bin ]] || { echo "no $bin: build first (./scripts/build)"; exit 2; }
command -v sipp >/dev/null || { echo "sipp missing (apt-get install sip-tester)"; exit 2; }
work=$(mktemp -d /tmp/voiceagent-load-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; sleep 1
            for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
sip_port=$(free_port) http_port=$(free_port) sim_port=$(free_port) sipp_port=$(free_port)
export VOICEAGENT_DATA_DIR=$work/data VOICEAGENT_SIP_LISTEN=127.0.0.1:$sip_port \
  VOICEAGENT_HTTP_LISTEN=127.0.0.1:$http_port VOICEAGENT_SUPERADMIN_PASSWORD=load-test-pass-1 \
  VOICEAGENT_RTP_PORT_MIN=40000 VOICEAGENT_RTP_PORT_MAX=$((40000 + 4 * calls + 100)) \
  VOICEAGENT_LIMITS_MAX_CALLS=$((calls + 10)) VOICEAGENT_LOG_LEVEL=warn \
  VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_AI_GEMINI_URL=ws://127.0.0.1:$sim_port/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent
"$bin" sim --listen 127.0.0.1:$sim_port --mode tone >"$work/sim.log" 2>&1 & pids+=($!)
"$bin" serve >"$work/serve.log" 2>&1 & pids+=($!); serve_pid=$!
for _ in $(seq 100); do curl -sf "127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
  -d '{"username":"superadmin","password":"load-test-pass-1"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
api -X POST "127.0.0.1:$http_port/api/keys" -d '{"key":"load-test-key-1"}' >/dev/null
for k in $(seq "$owners"); do
  api -X POST "127.0.0.1:$http_port/api/users" \
    -d "{\"username\":\"loader$k\",\"password\":\"loader-pass-1\",\"role\":\"admin\",\"max_concurrent_calls\":1000}" >/dev/null
  "$bin" routes add $((1000 + k)) "loader$k" >/dev/null
done
python3 "$root/tests/e2e/tools/tone_gen.py" raw --freq 440 --seconds 2 --codec pcmu --out "$work/tone.ulaw" >/dev/null
cp "$root/tests/e2e/scenarios/gateway_uac_load.xml" "$work/"
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
echo "load: $calls calls, $seconds s each, $rate calls/s, $owners owner(s), server pid $serve_pid"
sipp_pids=()
for k in $(seq "$owners"); do
  n=$(( calls / owners + (k <= calls % owners ? 1 : 0) ))
  p=$([ "$k" = 1 ] && echo "$sipp_port" || free_port)
  (cd "$work" && timeout $((seconds + calls / rate + 60)) sipp -sf gateway_uac_load.xml \
    -s $((1000 + k)) -l "$n" -m "$n" -r $(( (rate + owners - 1) / owners )) -d $((seconds * 1000)) \
    -i 127.0.0.1 -p "$p" -mp $((10000 + (k - 1) * 9000)) "127.0.0.1:$sip_port" -nostdin \
    >"sipp$k.out" 2>&1) & sipp_pids+=($!)
done
# Sample while every call is up: after the ramp, for half the call length.
sleep $(( calls / rate + 2 ))
t0=$(ticks $serve_pid); sim_pid=${pids[0]}; s0=$(ticks $sim_pid); w0=$(date +%s%N)
sleep $(( seconds / 2 ))
t1=$(ticks $serve_pid); s1=$(ticks $sim_pid); w1=$(date +%s%N)
rss_kb=$(awk '/VmRSS/{print $2}' /proc/$serve_pid/status)
for p in "${sipp_pids[@]}"; do wait "$p" || true; done
sleep 2
wall_s=$(python3 -c "print(($w1-$w0)/1e9)")
# Anything the server had to warn about under load (AI sessions failing, queues overflowing).
warnings=$(grep -c " warning \| error " "$work/serve.log" || true)
echo "server warnings and errors: $warnings"
[ "$warnings" = 0 ] || grep " warning \| error " "$work/serve.log" | sed -E 's/call=[0-9]+ sip=[^ ]+ shard=[0-9]+ //; s/^[^ ]+ //' | sort | uniq -c | sort -rn | head -5
python3 - "$work/data/voiceagent.db" "$calls" "$t0" "$t1" "$s0" "$s1" "$wall_s" "$rss_kb" "$work"/sipp*.out <<'PY'
import sqlite3, sys, re
db, calls = sys.argv[1], int(sys.argv[2])
t0, t1, s0, s1, wall, rss = map(float, sys.argv[3:9])
def total(label):
    found = [re.search(label + r"\s*\|\s*\d+\s*\|\s*(\d+)", open(f).read()) for f in sys.argv[9:]]
    return sum(int(m.group(1)) for m in found) if all(found) else None
ok, failed = total("Successful call"), total("Failed call")
con = sqlite3.connect(db)
rows = con.execute("select end_reason, greeting_latency_ms, packets_in, packets_out, packets_dropped_foreign from calls").fetchall()
lat = sorted(r[1] for r in rows if r[1] is not None and r[1] >= 0)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else -1
reasons = {}
for r in rows: reasons[r[0]] = reasons.get(r[0], 0) + 1
cpu = (t1 - t0) / 100 / wall
sim_cpu = (s1 - s0) / 100 / wall
print(f"sipp: {ok if ok is not None else '?'} successful, {failed if failed is not None else '?'} failed")
print(f"records: {len(rows)} ({reasons}), foreign packets dropped: {sum(r[4] for r in rows)}")
print(f"greeting latency ms: p50 {pct(0.5)} p99 {pct(0.99)} max {lat[-1] if lat else -1}")
print(f"packets in per call (avg): {sum(r[2] for r in rows) / max(1, len(rows)):.0f}")
print(f"server CPU with {calls} calls up: {cpu * 100:.0f}% of a core = {cpu * 1000 / calls:.2f} ms CPU per call-second")
print(f"simulator CPU: {sim_cpu * 100:.0f}% of a core")
print(f"server RSS: {rss / 1024:.0f} MiB = {rss / calls:.0f} KiB per call (incl. the base)")
bad = ok != calls or sum(r[4] for r in rows) != 0 or len(rows) != calls
sys.exit(1 if bad else 0)
PY
