#!/usr/bin/env bash
# Resource check of issue 5: TOTAL short calls (C at a time) through one server; afterwards
# every per-call resource must be back where it started: open file descriptors (sockets),
# threads, RTP ports leased, live calls. Prints before/after and exits 1 on a leak.
#   tests/load/call_leak.sh [-t TOTAL] [-c CONCURRENT] [-d SECONDS] [-b BUILD_DIR]
#                           [-x BINARY] [-k N1,N2,..] [-s SETTLE_S] [-m] [-w WRAPPER] [-e int|kill] [-T] [-l LOG]
# Memory (issue 5's RSS question): -k runs the TOTAL calls in steps and prints RSS after each
# cumulative count (e.g. -k 2000,5000 with -t 10000); -s waits SETTLE_S seconds after each step
# so the transactions' Timer J/L (64*T1 = 32 s) and the ports' 30 s rest run out first; -m also
# prints glibc's heap in use vs held from the OS (malloc_stats through gdb) at each snapshot,
# and with -k it is a leak when the heap in use grows by more than 1 KiB per call from the
# first step to the end (measured: 20-45 bytes, all bounded: hash buckets, sqlite page cache).
# -w runs serve under a wrapper, e.g. -w "heaptrack -o /tmp/va-heap"; -e kill
# ends the server with SIGKILL, so heaptrack's "leaked" is the heap live at that moment.
# -T at the end calls malloc_trim(0) in the server (gdb) and prints RSS again: what of the RSS
# is free heap the allocator keeps, not memory in use. -l keeps the server's log as LOG.
set -euo pipefail
total=10000 conc=200 seconds=2 build=${VOICEAGENT_BUILD_DIR:-build}
bin="" steps="" settle=0 mstats=0 wrapper="" ending=int trim=0 keep_log=""
while getopts "t:c:d:b:x:k:s:mw:e:Tl:" o; do
  case $o in t) total=$OPTARG ;; c) conc=$OPTARG ;; d) seconds=$OPTARG ;; b) build=$OPTARG ;;
  x) bin=$OPTARG ;; k) steps=$OPTARG ;; s) settle=$OPTARG ;; m) mstats=1 ;; w) wrapper=$OPTARG ;;
  e) ending=$OPTARG ;; T) trim=1 ;; l) keep_log=$OPTARG ;; *) exit 2 ;; esac
done
root=$(cd "$(dirname "$0")/../.." && pwd)
[[ -n $bin ]] || bin=$root/$build/src/app/voiceagent
[[ -x $bin ]] || { echo "no $bin: build first"; exit 2; }
command -v sipp >/dev/null || { echo "sipp missing"; exit 2; }
work=$(mktemp -d /tmp/voiceagent-leak-XXXXXX)
pids=()
cleanup() {
  if [[ -n $wrapper && -n ${serve_pid:-} ]]; then
    # The wrapper (heaptrack) writes its file after the server ends: let it finish (bounded).
    kill "-$([[ $ending == kill ]] && echo 9 || echo INT)" "$serve_pid" 2>/dev/null || true
    for _ in $(seq 600); do kill -0 "$wrap_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n $keep_log ]] && cp "$work/serve.log" "$keep_log"
  rm -rf "$work"; }
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
# shellcheck disable=SC2086 # the wrapper is a command line
$wrapper "$bin" serve >"$work/serve.log" 2>&1 & pids+=($!); serve_pid=$! wrap_pid=$!
if [[ -n $wrapper ]]; then  # the server is the wrapper (exec) or its descendant: find it by binary
  for _ in $(seq 100); do
    [[ $(readlink "/proc/$wrap_pid/exe" 2>/dev/null) == "$(readlink -f "$bin")" ]] && break
    for p in $(pgrep -P "$wrap_pid") $(pgrep -P "$(pgrep -d, -P "$wrap_pid" || echo 1)" || true); do
      [[ $(readlink "/proc/$p/exe" 2>/dev/null) == "$(readlink -f "$bin")" ]] && serve_pid=$p
    done
    [[ $serve_pid != "$wrap_pid" ]] && break; sleep 0.1
  done
fi
for _ in $(seq 300); do curl -sf "127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
  -d '{"username":"superadmin","password":"leak-test-pass-1"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
api() { curl -sf -H "Authorization: Bearer $token" "$@"; }
api -X POST "127.0.0.1:$http_port/api/keys" -d '{"key":"leak-test-key-1"}' >/dev/null
api -X POST "127.0.0.1:$http_port/api/users" \
  -d '{"username":"leaker","password":"leaker-pass-1","role":"admin","max_concurrent_calls":1000}' >/dev/null
"$bin" routes add 1001 leaker >/dev/null
python3 "$root/tests/e2e/tools/tone_gen.py" raw --freq 440 --seconds 2 --codec pcmu --out "$work/tone.ulaw" >/dev/null
cp "$root/tests/e2e/scenarios/gateway_uac_load.xml" "$work/"
malloc_kb() {  # glibc's totals over all arenas: heap in use and held from the OS. malloc_stats()
  # (called through gdb) prints them on the server's stderr, which is serve.log.
  local seen out
  seen=$(wc -l <"$work/serve.log")
  timeout 60 gdb -batch -n -p "$serve_pid" -ex 'call (void)malloc_stats()' >/dev/null 2>&1 || true
  out=$(tail -n +$((seen + 1)) "$work/serve.log" |
        awk '/^Arena/{n++} /^Total/{t=1} t&&/system bytes/{s=$4} t&&/in use bytes/{u=$5}
             END{print u, s, n}')
  read -r used held arenas <<<"$out"
  echo "heap_in_use_kb=$(( ${used:-0} / 1024 )) heap_held_kb=$(( ${held:-0} / 1024 )) arenas=${arenas:-0}"
}
snapshot() {
  echo "fds=$(ls /proc/$serve_pid/fd | wc -l) threads=$(awk '/Threads/{print $2}' /proc/$serve_pid/status)" \
       "rss_kb=$(awk '/VmRSS/{print $2}' /proc/$serve_pid/status)" \
       "$([[ $mstats == 1 ]] && malloc_kb || true)"
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
done_calls=0
for step in ${steps//,/ } "$total"; do
  (( step > done_calls && step <= total )) || continue
  run_calls $(( step - done_calls )) "$work/sipp-$step.out"
  done_calls=$step
  (( settle > 0 )) && sleep "$settle"
  now=$(snapshot)
  echo "after $done_calls calls: $now"
  [[ -z ${first_step:-} ]] && first_step="calls=$done_calls $now"
done
# The per-step SIPp counts add up to the total.
python3 - "$work" >"$work/sipp.out" <<'PY'
import glob, re, sys
n = sum(int(m.group(1)) for f in glob.glob(sys.argv[1] + "/sipp-*.out")
        for m in [re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", open(f).read())] if m)
print(f"Successful call | 0 | {n}")
PY
# The last BYEs, record writes and recorders' writer threads finish on their own: wait
# (bounded) for the thread count to settle back.
before_threads=$(echo "$before" | sed 's/.*threads=\([0-9]*\).*/\1/')
for _ in $(seq 150); do
  [ "$(awk '/Threads/{print $2}' /proc/$serve_pid/status)" -le "$before_threads" ] && break
  sleep 0.1
done
after=$(snapshot)
if [[ $trim == 1 ]]; then
  timeout 60 gdb -batch -n -p "$serve_pid" -ex 'call (int)malloc_trim(0)' >/dev/null 2>&1 || true
  echo "after malloc_trim(0): $(snapshot)"
fi
echo "threads now: $(cat /proc/$serve_pid/task/*/comm | sort | uniq -c | tr '\n' ' ')"
python3 - "$work/data/voiceagent.db" "$total" "$before" "$after" "$work/sipp.out" "${first_step:-}" <<'PY'
import sqlite3, sys, re
db, total, before, after, sipp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], open(sys.argv[5]).read()
kv = lambda s: dict(x.split("=") for x in s.split())
b, a, f = kv(before), kv(after), kv(sys.argv[6])
ok = re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", sipp)
con = sqlite3.connect(db)
rows = con.execute("select status, end_reason, count(*) from calls group by 1, 2").fetchall()
not_ended = sum(n for s, _, n in rows if s != "ended")
total_records = sum(n for _, _, n in rows)
print(f"sipp successful: {ok.group(1) if ok else '?'} of {total}")
print(f"records: {rows}")
print("after: ", " ".join(f"{k}={v}" for k, v in a.items()))
leak = int(a["fds"]) > int(b["fds"]) + 2 or int(a["threads"]) > int(b["threads"]) or not_ended > 0
what = "descriptors, threads and live calls back to where they started"
if "heap_in_use_kb" in f and "heap_in_use_kb" in a and total > int(f["calls"]):
    calls = total - int(f["calls"])
    per_call = (int(a["heap_in_use_kb"]) - int(f["heap_in_use_kb"])) * 1024 / calls
    rss_per_call = (int(a["rss_kb"]) - int(f["rss_kb"])) * 1024 / calls
    print(f"heap in use {f['heap_in_use_kb']} -> {a['heap_in_use_kb']} KiB over the last {calls} calls:"
          f" {per_call:.0f} bytes per call (RSS {rss_per_call:.0f} bytes per call)")
    leak = leak or per_call > 1024
    what += "; heap in use flat"
print("LEAK" if leak else f"no leak: {what}")
sys.exit(1 if leak or not ok or int(ok.group(1)) != total else 0)
PY
