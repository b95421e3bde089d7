#!/usr/bin/env bash
# Resource check of issue 5: TOTAL short calls (C at a time) through one server; afterwards
# every per-call resource must be back where it started: open file descriptors (sockets),
# threads, RTP ports leased, live calls. Prints before/after and exits 1 on a leak.
#   tests/load/call_leak.sh [-t TOTAL] [-c CONCURRENT] [-d SECONDS] [-b BUILD_DIR]
set -euo pipefail
total=10000 conc=200 seconds=2 build=${VOICEAGENT_BUILD_DIR:-build}
while getopts "t:c:d:b:" o; do
  case $o in t) total=$OPTARG ;; c) conc=$OPTARG ;; d) seconds=$OPTARG ;; b) build=$OPTARG ;;
  *) exit 2 ;; esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/$build/src/app/voiceagent
[[ -x $bin ]] || { echo "no $bin: build first"; exit 2; }
command -v sipp >/dev/null || { echo "sipp missing"; exit 2; }
work=$(mktemp -d /tmp/voiceagent-leak-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; sleep 1
            for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
sip_port=$(free_port) http_port=$(free_port) sim_port=$(free_port) sipp_port=$(free_port)
# Released ports rest 30 s: the pool must hold 30 s worth of calls.
rate=$(( conc / seconds + 1 ))
export VOICEAGENT_DATA_DIR=$work/data VOICEAGENT_SIP_LISTEN=127.0.0.1:$sip_port \
  VOICEAGENT_HTTP_LISTEN=127.0.0.1:$http_port VOICEAGENT_SUPERADMIN_PASSWORD=leak-test-pass-1 \
  VOICEAGENT_RTP_PORT_MIN=20000 VOICEAGENT_RTP_PORT_MAX=$(( 20000 + 4 * (rate * 35 + conc) )) \
  VOICEAGENT_LIMITS_MAX_CALLS=$((conc + 10)) VOICEAGENT_LOG_LEVEL=warn VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_AI_GEMINI_URL=ws://127.0.0.1:$sim_port/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent
"$bin" sim --listen 127.0.0.1:$sim_port --mode tone >"$work/sim.log" 2>&1 & pids+=($!)
"$bin" serve >"$work/serve.log" 2>&1 & pids+=($!); serve_pid=$!
for _ in $(seq 100); do curl -sf "127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
  -d '{"username":"superadmin","password":"leak-test-pass-1"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
api() { curl -sf -H "Authorization: Bearer $token" "$@"; }
api -X POST "127.0.0.1:$http_port/api/keys" -d '{"key":"leak-test-key-1"}' >/dev/null
api -X POST "127.0.0.1:$http_port/api/users" \
  -d '{"username":"leaker","password":"leaker-pass-1","role":"admin","max_concurrent_calls":1000}' >/dev/null
"$bin" routes add 1001 leaker >/dev/null
python3 "$root/tests/e2e/tools/tone_gen.py" raw --freq 440 --seconds 2 --codec pcmu --out "$work/tone.ulaw" >/dev/null
cp "$root/tests/e2e/scenarios/gateway_uac_load.xml" "$work/"
snapshot() {
  echo "fds=$(ls /proc/$serve_pid/fd | wc -l) threads=$(awk '/Threads/{print $2}' /proc/$serve_pid/status)" \
       "rss_kb=$(awk '/VmRSS/{print $2}' /proc/$serve_pid/status)"
}
run_calls() {  # $1 = how many, $2 = SIPp output file
  (cd "$work" && timeout $(( $1 / rate + seconds + 120 )) sipp -sf gateway_uac_load.xml -s 1001 \
    -l "$conc" -m "$1" -r "$rate" -d $((seconds * 1000)) -i 127.0.0.1 -p "$sipp_port" \
    -mp $((sipp_port + 1)) "127.0.0.1:$sip_port" -nostdin >"$2" 2>&1) || true
}
# A warm-up batch first: what is created once and kept (the shards' DNS resolver threads,
# pools, caches) is not a leak; what grows with the number of calls is.
run_calls "$conc" "$work/warmup.out"
sleep 3
before=$(snapshot)
echo "leak check: $total calls, $conc at a time, $seconds s each; after a warm-up of $conc: $before"
run_calls "$total" "$work/sipp.out"
# The last BYEs, record writes and recorders' writer threads finish on their own: wait
# (bounded) for the thread count to settle back.
before_threads=$(echo "$before" | sed 's/.*threads=\([0-9]*\).*/\1/')
for _ in $(seq 150); do
  [ "$(awk '/Threads/{print $2}' /proc/$serve_pid/status)" -le "$before_threads" ] && break
  sleep 0.1
done
after=$(snapshot)
echo "threads now: $(cat /proc/$serve_pid/task/*/comm | sort | uniq -c | tr '\n' ' ')"
live=$(api "127.0.0.1:$http_port/api/calls?per_page=1" | python3 -c 'import sys,json;print(json.load(sys.stdin)["total"])')
python3 - "$work/data/voiceagent.db" "$total" "$before" "$after" "$work/sipp.out" <<'PY'
import sqlite3, sys, re
db, total, before, after, sipp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], open(sys.argv[5]).read()
kv = lambda s: dict(x.split("=") for x in s.split())
b, a = kv(before), kv(after)
ok = re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", sipp)
con = sqlite3.connect(db)
rows = con.execute("select status, end_reason, count(*) from calls group by 1, 2").fetchall()
not_ended = sum(n for s, _, n in rows if s != "ended")
total_records = sum(n for _, _, n in rows)
print(f"sipp successful: {ok.group(1) if ok else '?'} of {total}")
print(f"records: {rows}")
print(f"after:  fds={a['fds']} threads={a['threads']} rss_kb={a['rss_kb']}")
leak = int(a["fds"]) > int(b["fds"]) + 2 or int(a["threads"]) > int(b["threads"]) or not_ended > 0
print("LEAK" if leak else "no leak: descriptors, threads and live calls back to where they started")
sys.exit(1 if leak or not ok or int(ok.group(1)) != total else 0)
PY
