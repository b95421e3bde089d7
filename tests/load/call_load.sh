#!/usr/bin/env bash
# Load test of issue 5: N concurrent inbound calls from SIPp gateways (one per owner, each
# streaming its own caller tone) bridged to the Gemini Live simulator (tone mode: greeting and
# replies are a tone derived from the call's API key), for D seconds each. OWNERS users each
# have their own key, their own dialled number and their own SIPp gateway. Proves, and fails
# when it does not hold:
#   - every call ended cleanly (SIPp successes, records, no foreign packet dropped);
#   - every call ran on its owner's key (each record's key fingerprint is its owner's);
#   - every AI session heard its own caller's tone (the simulator's per-key session log);
#   - a sampled capture (tshark on lo, SAMPLE_S seconds while every call is up): every call's
#     stream to its gateway carries its owner's key tone and no other owner's key tone or
#     caller tone, and every call of every owner is in the sample;
#   - thresholds: greeting latency p99 (default 40 ms: two pacer ticks), server CPU per
#     call-second (5 ms), server RSS growth per call (1024 KiB; noisy below ~100 calls).
# Every figure is printed with its limit, with the CPU of all three processes (server,
# simulator, the SIPp gateways), their busiest second of the ramp, and the simulator's own
# setup milestones (which side was slow when a setup times out: tests/load/README.md).
# --tls: the simulator serves wss:// and https:// with a certificate of a test CA made here
# (openssl), which the server trusts through ai.tls_ca_file. --tls-cost: the same load plain,
# then over TLS, and the difference in server CPU per call-second. -N NICE runs SIPp (the load
# generator, not under test) at that nice level so it cannot starve the two processes measured.
# Bounded: every wait has a timeout; everything is killed on exit. Exit 0 pass, 1 fail, 2
# cannot run.
#
#   tests/load/call_load.sh [--tls | --tls-cost] [-n CALLS] [-d SECONDS] [-r RATE] [-b BUILD_DIR]
#       [-o OWNERS] [-s SAMPLE_S (0 = no capture)] [-p P99_MS] [-c CPU_MS_PER_CALL_S] [-m KIB_PER_CALL] [-N NICE]
#       [-k] (keep work dir)
set -euo pipefail
if [ "${1:-}" = --tls-cost ]; then
  shift
  here=$(cd "$(dirname "$0")" && pwd)
  plain_out=$(mktemp) tls_out=$(mktemp)
  trap 'rm -f "$plain_out" "$tls_out"' EXIT
  echo "=== plain ws:// ==="
  "$here/call_load.sh" "$@" | tee "$plain_out" || plain_rc=$?
  echo "=== TLS wss:// ==="
  "$here/call_load.sh" --tls "$@" | tee "$tls_out" || tls_rc=$?
  per_call_s() { sed -n 's/.*server CPU with.*= \([0-9.]*\) ms CPU per call-second.*/\1/p' "$1"; }
  p=$(per_call_s "$plain_out") t=$(per_call_s "$tls_out")
  if [ -n "$p" ] && [ -n "$t" ]; then
    python3 -c "p,t=$p,$t; print(f'TLS cost: server {t:.3f} - {p:.3f} = {t-p:.3f} ms CPU per call-second ({(t/p-1)*100 if p else 0:.0f}% over plain)')"
  else
    echo "TLS cost: no figure (a run printed no server CPU)"
  fi
  exit $((${plain_rc:-0} | ${tls_rc:-0}))
fi
tls=0
[ "${1:-}" = --tls ] && { tls=1; shift; }
calls=200 seconds=20 rate=50 build=${VOICEAGENT_BUILD_DIR:-build} owners=4 sample_s=4
max_p99_ms=40 max_cpu_ms=5 max_kib=1024 keep=0 sipp_nice=0
while getopts "n:d:r:b:o:s:p:c:m:N:k" o; do
  case $o in n) calls=$OPTARG ;; d) seconds=$OPTARG ;; r) rate=$OPTARG ;; b) build=$OPTARG ;;
  o) owners=$OPTARG ;; s) sample_s=$OPTARG ;; p) max_p99_ms=$OPTARG ;; c) max_cpu_ms=$OPTARG ;;
  m) max_kib=$OPTARG ;; N) sipp_nice=$OPTARG ;; k) keep=1 ;; *) exit 2 ;; esac
done
((owners >= 1 && owners <= 8)) || { echo "-o: 1..8 owners"; exit 2; }
((calls >= owners)) || { echo "-n: at least one call per owner"; exit 2; }
# The sample starts after the ramp (CALLS / RATE + 3 s) and must end before the first call does.
((seconds >= calls / rate + sample_s + 5)) ||
  { echo "-d: calls must outlast the ramp and the sample (>= CALLS/RATE + SAMPLE_S + 5 s)"; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/load/sim_tls.sh
source "$root/tests/load/sim_tls.sh"
bin=${VOICEAGENT_BIN:-$root/$build/src/app/voiceagent}
tools=$root/tests/e2e/tools
[[ -x $bin ]] || { echo "no $bin: build first (./scripts/build)"; exit 2; }
for t in sipp tshark jq curl openssl; do command -v $t >/dev/null || { echo "$t missing"; exit 2; }; done
work=$(mktemp -d /tmp/voiceagent-load-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done; sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "work dir kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# One key per owner whose simulator tone (300 + 20 * (FNV-1a(key) mod 80)) is >= 80 Hz from
# every other owner's; callers talk at 2000 + 150 * k Hz, above every key tone (<= 1880 Hz); the
# simulator's estimate of a caller tone is within 30 Hz (it reads 2285 for 2300).
mapfile -t key_lines < <(python3 - "$owners" <<'PY'
import random, sys
def fnv(b, h=14695981039346656037):
    for x in b:
        h = ((h ^ x) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h
tones, n = [], int(sys.argv[1])
while len(tones) < n:
    k = "load-key-%d-%08x" % (len(tones) + 1, random.getrandbits(32))
    hz = 300 + 20 * (fnv(k.encode()) % 80)
    if all(abs(hz - t) >= 80 for _, t in tones):
        tones.append((k, hz))
for k, hz in tones:
    print(k, hz)
PY
)
keys=() key_hz=() caller_hz=() media_port=()
for k in $(seq "$owners"); do
  read -r key hz <<<"${key_lines[$((k - 1))]}"
  keys+=("$key") key_hz+=("$hz") caller_hz+=($((2000 + 150 * k)))
  media_port+=($((10000 + (k - 1) * 9000)))
done

sip_port=$(free_port) http_port=$(free_port) sim_port=$(free_port)
sim_tls=() scheme=ws
if [ "$tls" = 1 ]; then
  make_sim_tls "$work" "voiceagent load test CA"
  sim_tls=(--tls-cert "$work/sim.pem" --tls-key "$work/sim.key") scheme=wss
  export VOICEAGENT_AI_TLS_CA_FILE=$work/ca.pem
fi
export VOICEAGENT_DATA_DIR=$work/data VOICEAGENT_SIP_LISTEN=127.0.0.1:$sip_port \
  VOICEAGENT_HTTP_LISTEN=127.0.0.1:$http_port VOICEAGENT_SUPERADMIN_PASSWORD=load-test-pass-1 \
  VOICEAGENT_RTP_PORT_MIN=40000 VOICEAGENT_RTP_PORT_MAX=$((40000 + 4 * calls + 100)) \
  VOICEAGENT_LIMITS_MAX_CALLS=$((calls + 10)) VOICEAGENT_LOG_LEVEL=warn \
  VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_AI_GEMINI_URL=$scheme://127.0.0.1:$sim_port/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent
"$bin" sim --listen 127.0.0.1:$sim_port --mode tone --log "$work/sim_sessions.jsonl" "${sim_tls[@]}" \
  >"$work/sim.log" 2>&1 & pids+=($!); sim_pid=$!
"$bin" serve >"$work/serve.log" 2>&1 & pids+=($!); serve_pid=$!
for _ in $(seq 100); do curl -sf "127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "127.0.0.1:$http_port/healthz" >/dev/null || { echo "FAIL: the server did not start"; exit 1; }
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
  -d '{"username":"superadmin","password":"load-test-pass-1"}' | jq -r .token)
for k in $(seq "$owners"); do
  uid=$(api -X POST "127.0.0.1:$http_port/api/users" -d "{\"username\":\"loader$k\",\"password\":\"loader-pass-1\",\"role\":\"admin\",\"max_concurrent_calls\":1000}" | jq -r .id)
  api -X PUT "127.0.0.1:$http_port/api/users/$uid/api-key" -d "{\"key\":\"${keys[$((k - 1))]}\"}" >/dev/null
  "$bin" routes add $((1000 + k)) "loader$k" >/dev/null
  mkdir -p "$work/gw$k"
  # Talk spurts (1.5 s on, 1.5 s off): the simulator's VAD sees turns end and replies.
  python3 "$tools/tone_gen.py" raw --freq "${caller_hz[$((k - 1))]}" --seconds 6 --burst 1500:1500 \
    --codec pcmu --out "$work/gw$k/tone.ulaw" >/dev/null
  cp "$root/tests/e2e/scenarios/gateway_uac_load.xml" "$work/gw$k/"
  echo "owner loader$k: key tone ${key_hz[$((k - 1))]} Hz, caller tone ${caller_hz[$((k - 1))]} Hz, number $((1000 + k))"
done
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Processes and their descendants (the SIPp gateways run under a subshell, timeout and nice).
descendants() {
  local p
  for p in "$@"; do echo "$p"; descendants $(ps -o pid= --ppid "$p" 2>/dev/null); done
}
# Nanoseconds the process's threads spent runnable but waiting for a core (schedstat field 2).
run_wait_ns() { awk '{s += $2} END {printf "%.0f", s}' /proc/"$1"/task/*/schedstat 2>/dev/null || echo 0; }
sum_ticks() {
  local sum=0 p
  for p in "$@"; do sum=$((sum + $(ticks "$p"))); done
  echo "$sum"
}
rss_kib() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
rss_base=$(rss_kib $serve_pid)
echo "load: $calls calls, $seconds s each, $rate calls/s, $owners owners, server pid $serve_pid"
sipp_pids=()
for k in $(seq "$owners"); do
  n=$((calls / owners + (k <= calls % owners ? 1 : 0)))
  (cd "$work/gw$k" && timeout $((seconds + calls / rate + 60)) nice -n "$sipp_nice" sipp -sf gateway_uac_load.xml \
    -s $((1000 + k)) -l "$n" -m "$n" -r $(((rate + owners - 1) / owners)) -d $((seconds * 1000)) \
    -i 127.0.0.1 -p "$(free_port)" -mp "${media_port[$((k - 1))]}" "127.0.0.1:$sip_port" -nostdin \
    >sipp.out 2>&1) & sipp_pids+=($!)
done
sleep 0.5
mapfile -t sipp_tree < <(descendants "${sipp_pids[@]}")  # once: ps per sample would cost CPU
# Every call is up once the ramp is over; meanwhile one CPU sample per second of each process
# (the ramp is where setups time out: who had the cores then).
echo "unix_ms server_ticks sim_ticks sipp_ticks server_wait_ns sim_wait_ns" >"$work/cpu_ramp.txt"
for _ in $(seq $((calls / rate + 3))); do
  now_ms=$(($(date +%s%N) / 1000000))
  ((${#sipp_tree[@]} >= 3 * owners)) || mapfile -t sipp_tree < <(descendants "${sipp_pids[@]}")
  echo "$now_ms $(ticks $serve_pid) $(ticks $sim_pid) $(sum_ticks "${sipp_tree[@]}")" \
    "$(run_wait_ns $serve_pid) $(run_wait_ns $sim_pid)" >>"$work/cpu_ramp.txt"
  # The server's threads too: one thread at 100% is a serial bottleneck, not a starved machine.
  awk -v t="$now_ms" '{split(FILENAME, f, "/"); print t, f[5], $2, $14 + $15}' \
    /proc/$serve_pid/task/*/stat >>"$work/cpu_threads.txt" 2>/dev/null || true
  sleep 1
done
filter="udp and ($(for p in "${media_port[@]}"; do printf 'dst port %s or ' "$p"; done) dst port 0)"
tshark_pid=
if ((sample_s > 0)); then  # -s 0: no capture (big runs: tshark drops and costs a core there)
  timeout $((sample_s + 20)) tshark -i lo -f "$filter" -a "duration:$sample_s" -w "$work/sample.pcapng" \
    -q >"$work/tshark.log" 2>&1 & tshark_pid=$!; pids+=($tshark_pid)
fi
t0=$(ticks $serve_pid) s0=$(ticks $sim_pid) g0=$(sum_ticks "${sipp_tree[@]}") w0=$(date +%s%N)
sleep $((seconds / 2))
t1=$(ticks $serve_pid) s1=$(ticks $sim_pid) g1=$(sum_ticks "${sipp_tree[@]}") w1=$(date +%s%N)
rss_up=$(rss_kib $serve_pid)
[ -z "$tshark_pid" ] || wait $tshark_pid || { echo "FAIL: tshark: $(tail -n 3 "$work/tshark.log")"; exit 1; }
for p in "${sipp_pids[@]}"; do wait "$p" || true; done
# The AI sessions close after the BYEs: wait (bounded) for every session's log line.
for _ in $(seq 100); do
  n_end=$(jq -s '[.[] | select(.event == "session_end")] | length' "$work/sim_sessions.jsonl" 2>/dev/null || echo 0)
  [ "${n_end:-0}" -ge "$calls" ] && break
  sleep 0.1
done
wall_s=$(python3 -c "print(($w1-$w0)/1e9)")
warnings=$(grep -c " warning \| error " "$work/serve.log" || true)
echo "server warnings and errors: $warnings"
# awk, not head: head would close the pipe early and, under pipefail, SIGPIPE (exit 141) would
# end the script before it printed a single figure.
[ "$warnings" = 0 ] || grep " warning \| error " "$work/serve.log" |
  sed -E 's/call=[0-9]+ sip=[^ ]+ shard=[0-9]+ //; s/^[^ ]+ //; s/[0-9]+ ms/N ms/g' | sort | uniq -c |
  sort -rn | awk 'NR <= 5' || true

# The sampled capture: one rtp_analyze verdict per owner (its gateway's media port).
all_tones=$(IFS=,; echo "${key_hz[*]},${caller_hz[*]}")
sample_ok=1
for k in $(seq "$owners"); do
  ((sample_s > 0)) || break
  i=$((k - 1))
  if ! python3 "$tools/rtp_analyze.py" "$work/sample.pcapng" --dst-port "${media_port[$i]}" \
    --tones "$all_tones" --expect "${key_hz[$i]}" --min-packets $((sample_s * 50 * 3 / 4)) \
    >"$work/sample_$k.json" 2>"$work/sample_$k.err"; then
    sample_ok=0
    echo "FAIL: loader$k's calls in the sample: $(head -n 5 "$work/sample_$k.err")"
  fi
done

echo "conditions: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $([ "$tls" = 1 ] && echo TLS wss:// || echo plain ws://), SIPp nice $sipp_nice"
python3 "$root/tests/load/load_figures.py" "$work" "$calls" "$rate" || true
python3 - "$work" "$calls" "$owners" "$t0" "$t1" "$s0" "$s1" "$wall_s" "$rss_base" "$rss_up" \
  "$max_p99_ms" "$max_cpu_ms" "$max_kib" "$sample_ok" "${keys[*]}" "${caller_hz[*]}" "$g0" "$g1" "$sample_s" <<'PY'
import hashlib, json, re, sqlite3, sys
work, calls, owners = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0, t1, s0, s1, wall, rss_base, rss_up = map(float, sys.argv[4:11])
max_p99, max_cpu, max_kib, sample_ok = float(sys.argv[11]), float(sys.argv[12]), float(sys.argv[13]), sys.argv[14] == "1"
keys, caller_hz = sys.argv[15].split(), [int(x) for x in sys.argv[16].split()]
g0, g1, sample_s = float(sys.argv[17]), float(sys.argv[18]), int(sys.argv[19])
fails = []
def verdict(ok, text):
    print(("ok    " if ok else "FAIL  ") + text)
    if not ok:
        fails.append(text)

sipp_ok = sipp_failed = 0
for k in range(1, owners + 1):
    out = open(f"{work}/gw{k}/sipp.out").read()
    m_ok = re.search(r"Successful call\s*\|\s*\d+\s*\|\s*(\d+)", out)
    m_bad = re.search(r"Failed call\s*\|\s*\d+\s*\|\s*(\d+)", out)
    sipp_ok += int(m_ok.group(1)) if m_ok else 0
    sipp_failed += int(m_bad.group(1)) if m_bad else 0
verdict(sipp_ok == calls and sipp_failed == 0, f"sipp: {sipp_ok} of {calls} calls successful, {sipp_failed} failed")

con = sqlite3.connect(f"{work}/data/voiceagent.db")
rows = con.execute("select u.username, c.key_fingerprint, c.end_reason, c.greeting_latency_ms, "
                   "c.packets_in, c.packets_dropped_foreign from calls c "
                   "join users u on u.id = c.owner_id").fetchall()
reasons = {}
for r in rows:
    reasons[r[2]] = reasons.get(r[2], 0) + 1
foreign = sum(r[5] for r in rows)
verdict(len(rows) == calls and foreign == 0,
        f"records: {len(rows)} {reasons}, foreign packets dropped: {foreign}")
fp = {f"loader{k + 1}": hashlib.sha256(key.encode()).hexdigest()[:12] for k, key in enumerate(keys)}
wrong = [r for r in rows if fp.get(r[0]) != r[1]]
verdict(not wrong, f"key per call: {len(rows) - len(wrong)} of {len(rows)} calls on their owner's key"
        + (f" (e.g. {wrong[0][0]} on {wrong[0][1]})" if wrong else ""))

sessions = [json.loads(l) for l in open(f"{work}/sim_sessions.jsonl") if '"session_end"' in l]
for k, key in enumerate(keys):
    mine = [s for s in sessions if s["key_fp"] == fp[f"loader{k + 1}"]]
    heard = [s.get("audio_in_dominant_hz") for s in mine]
    own = sum(1 for h in heard if h is not None and abs(h - caller_hz[k]) < 30)
    want = calls // owners + (1 if k < calls % owners else 0)
    # A session that heard nothing (no audio, e.g. it failed at setup) has no tone: None.
    others = sorted(set(h for h in heard if h is not None and abs(h - caller_hz[k]) >= 30))[:3]
    deaf = sum(1 for h in heard if h is None)
    verdict(len(mine) == want and own == want,
            f"loader{k + 1}'s key: {len(mine)} AI sessions (want {want}), {own} heard their caller's "
            f"{caller_hz[k]} Hz (others heard {others}, {deaf} heard nothing)")

streams = 0
for k in range(1, owners + 1):
    try:
        streams_k = len(json.load(open(f"{work}/sample_{k}.json"))["streams"])
    except (OSError, ValueError, KeyError):
        streams_k = 0
    streams += streams_k
if sample_s > 0:
    verdict(sample_ok and streams == calls,
            f"sampled capture: {streams} call streams of {calls}, each with its owner's key tone and no foreign tone")
else:
    print("skip  sampled capture: off (-s 0)")

lat = sorted(r[3] for r in rows if r[3] is not None and r[3] >= 0)
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("inf")
verdict(len(lat) == calls and pct(0.99) <= max_p99,
        f"greeting latency ms: p50 {pct(0.5)} p99 {pct(0.99)} max {lat[-1] if lat else '-'} "
        f"({len(lat)} measured; limit p99 {max_p99:g})")
cpu = (t1 - t0) / 100 / wall
cpu_ms = cpu * 1000 / calls
verdict(cpu_ms <= max_cpu, f"server CPU with {calls} calls up: {cpu * 100:.0f}% of a core = "
        f"{cpu_ms:.2f} ms CPU per call-second (limit {max_cpu:g})")
for name, a, b in (("simulator", s0, s1), ("SIPp gateways", g0, g1)):
    c = (b - a) / 100 / wall
    print(f"      {name} CPU: {c * 100:.0f}% of a core = {c * 1000 / calls:.2f} ms CPU per call-second")
kib = (rss_up - rss_base) / calls
verdict(kib <= max_kib, f"server RSS: {rss_base / 1024:.0f} MiB idle, {rss_up / 1024:.0f} MiB with {calls} "
        f"calls up = {kib:.0f} KiB per call (limit {max_kib:g})")
print("PASS" if not fails else f"FAIL: {len(fails)} check(s)")
sys.exit(1 if fails else 0)
PY
