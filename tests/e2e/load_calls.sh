#!/usr/bin/env bash
# Load driver (DRAFT for issue 5's "500 concurrent calls"): K SIPp callers
# (gateway_uac_load.xml), each with its own tone (300 Hz + 200 Hz * i) and its own RTP socket,
# place CALLS calls in total at RATE calls/s, hold each HOLD_S seconds, and hang up. With
# the far end echoing audio (the simulator in echo mode behind the server, or SIPp
# -rtp_echo for a self-test), every caller must hear only its own tone: the crosstalk check
# (--capture; tshark on lo, so keep it for <= ~200 calls: 50 packets/s/call each way).
# Samples the server's CPU and RSS every second (--server-pid) and reports per call.
#
#   load_calls.sh --target 127.0.0.1:5060 [--number 5551000] [--calls 500] [--rate 50]
#                 [--instances 10] [--hold-s 30] [--server-pid PID] [--capture]
#                 [--max-s 600] [--out DIR]
# Prints one JSON summary line (also DIR/summary.json); exit 0 when every call succeeded
# (and, with --capture, no caller heard a foreign tone), 1 otherwise, 77 without sipp.
source "$(dirname "$0")/lib/e2e.sh"
e2e_require sipp
TARGET="" NUMBER=5551000 CALLS=500 RATE=50 INSTANCES=10 HOLD_S=30 SERVER_PID="" CAPTURE=0 MAX_S=600
while [ $# -gt 0 ]; do
  case $1 in
    --target) TARGET=$2; shift 2 ;;
    --number) NUMBER=$2; shift 2 ;;
    --calls) CALLS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --instances) INSTANCES=$2; shift 2 ;;
    --hold-s) HOLD_S=$2; shift 2 ;;
    --server-pid) SERVER_PID=$2; shift 2 ;;
    --capture) CAPTURE=1; shift ;;
    --max-s) MAX_S=$2; shift 2 ;;
    --out) WORK=$2; mkdir -p "$WORK"; shift 2 ;;
    *) fail "unknown option $1" ;;
  esac
done
[ -n "$TARGET" ] || fail "--target HOST:PORT is required"
[ "$INSTANCES" -le 16 ] || fail "--instances: at most 16 (tones 300..3300 Hz)"
per=$(( (CALLS + INSTANCES - 1) / INSTANCES ))
rate_per=$(python3 -c "print(max(0.1, $RATE / $INSTANCES))")
TONES=()
PORTS=()
base=$(free_port_range $((4 * INSTANCES)))  # SIPp binds -mp and up to -mp+3 (RTCP, video)
for i in $(seq 0 $((INSTANCES - 1))); do
  TONES+=($((300 + 200 * i)))
  PORTS+=($((base + 4 * i)))
done
ALL_TONES=$(IFS=,; echo "${TONES[*]}")

if [ "$CAPTURE" = 1 ]; then
  e2e_require tshark
  filter="udp and ($(for p in "${PORTS[@]}"; do printf 'port %s or ' "$p"; done) port 0)"
  capture_start cap "$filter"
fi

sampler() {  # pid -> $WORK/server_stats.csv: t_s;cpu_ticks;rss_kb
  local pid=$1
  echo "t_s;cpu_ticks;rss_kb" >"$WORK/server_stats.csv"
  while kill -0 "$pid" 2>/dev/null; do
    read -r -a st </proc/"$pid"/stat || break
    rss=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status)
    echo "$(date +%s.%N);$((st[13] + st[14]));$rss" >>"$WORK/server_stats.csv"
    sleep 1
  done
}
if [ -n "$SERVER_PID" ]; then
  spawn sampler -- bash -c "$(declare -f sampler); WORK='$WORK' sampler $SERVER_PID"
fi

t0=$(date +%s.%N)
for i in $(seq 0 $((INSTANCES - 1))); do
  n=$per
  [ $((per * (i + 1))) -le "$CALLS" ] || n=$((CALLS - per * i))
  [ "$n" -gt 0 ] || continue
  d=$WORK/caller$i
  mkdir -p "$d"
  python3 "$E2E_TOOLS/tone_gen.py" raw --freq "${TONES[$i]}" --seconds 2 --codec pcmu --out "$d/tone.ulaw"
  cp "$E2E_SCENARIOS/gateway_uac_load.xml" "$d/scenario.xml"
  spawn "caller$i" --cwd "$d" --timeout "$MAX_S" -- sipp "$TARGET" -sf "$d/scenario.xml" -s "$NUMBER" \
    -i 127.0.0.1 -mi 127.0.0.1 -p "$(free_port)" -mp "${PORTS[$i]}" -m "$n" -l "$n" -r "$rate_per" \
    -d $((HOLD_S * 1000)) -nostdin -timeout "${MAX_S}s" -max_socket 2048 \
    -trace_stat -stf "$WORK/caller$i.stat.csv" -fd 1 -trace_err -error_file "$WORK/caller$i.err"
done
ok=0 failed=0 peak_sum=0
for i in $(seq 0 $((INSTANCES - 1))); do
  running "caller$i" || [ -n "$(pid_of "caller$i")" ] || continue
  wait_exit "caller$i" "$((MAX_S + 40))"
  s=$(sipp_stat "caller$i" 'SuccessfulCall(C)' 2>/dev/null || echo 0)
  f=$(sipp_stat "caller$i" 'FailedCall(C)' 2>/dev/null || echo 0)
  ok=$((ok + s))
  failed=$((failed + f))
done
t1=$(date +%s.%N)
stop sampler
peak=$(grep -ho 'Peak was [0-9]* calls' "$WORK"/caller*.log | awk '{s += $3} END {print s + 0}')

crosstalk="not checked"
if [ "$CAPTURE" = 1 ]; then
  capture_stop cap
  crosstalk=0
  for i in $(seq 0 $((INSTANCES - 1))); do
    [ -d "$WORK/caller$i" ] || continue
    if ! analyze "$WORK/cap.pcapng" --dst-port "${PORTS[$i]}" --tones "$ALL_TONES" \
      --contains "${TONES[$i]}" --min-tone-db -20 \
      --foreign "$(echo "$ALL_TONES" | tr ',' '\n' | grep -vx "${TONES[$i]}" | paste -sd,)"; then
      crosstalk=$((crosstalk + 1))
    fi
  done
fi

python3 - "$WORK" "$CALLS" "$ok" "$failed" "$peak" "$t0" "$t1" "$crosstalk" <<'PY' | tee "$WORK/summary.json"
import json, os, sys
work, calls, ok, failed, peak, t0, t1, crosstalk = sys.argv[1:]
out = {"calls": int(calls), "successful": int(ok), "failed": int(failed),
       "peak_concurrent": int(peak), "wall_s": round(float(t1) - float(t0), 1),
       "callers_with_foreign_tone": crosstalk if crosstalk == "not checked" else int(crosstalk)}
stats = os.path.join(work, "server_stats.csv")
if os.path.exists(stats):
    rows = [l.strip().split(";") for l in open(stats)][1:]
    rows = [(float(t), int(c), int(r)) for t, c, r in rows if r]
    if len(rows) >= 2:
        hz = os.sysconf("SC_CLK_TCK")
        cpu = [(c2 - c1) / hz / (t2 - t1) * 100 for (t1, c1, _), (t2, c2, _) in zip(rows, rows[1:])]
        rss0, rssmax = rows[0][2], max(r for _, _, r in rows)
        out.update(server_cpu_pct_avg=round(sum(cpu) / len(cpu), 1),
                   server_cpu_pct_max=round(max(cpu), 1), server_rss_kb_start=rss0,
                   server_rss_kb_peak=rssmax)
        if int(peak):
            out.update(cpu_pct_per_call=round(max(cpu) / int(peak), 3),
                       rss_kb_per_call=round((rssmax - rss0) / int(peak), 1))
print(json.dumps(out))
PY
[ "$failed" = 0 ] && [ "$ok" = "$CALLS" ] || fail "$failed failed calls, $ok of $CALLS successful"
[ "$crosstalk" = 0 ] || [ "$crosstalk" = "not checked" ] || fail "$crosstalk callers heard a foreign tone"
