#!/usr/bin/env bash
# E2E, long work off the request pool (issue 20; ctest e2e_long_work_off_request_pool). One
# user sends 20 concurrent POST /api/greetings/preview, each a different ~1900-character
# greeting that espeak-ng renders for about half a second or more (Gemini TTS off):
#   1. 16 (limits.work_per_user here) are queued or running on the work pool
#      (limits.work_threads 1 here, so they last seconds), the other 4 get 429 with
#      Retry-After at once. While the 16 are in flight:
#   2. /healthz answers in under 100 ms, ten times in a row;
#   3. an inbound call (SIPp as the caller) is answered within 1 s of its INVITE;
#   4. the previews are still in flight after all that (else the test proved nothing), and
#      then each of the 16 ends 200 with a WAV.
# Before the fix the previews ran espeak-ng on the request threads (/healthz waited seconds
# and the inbound call's routing queued behind them) and nothing was ever refused.
#   long_work_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: long_work_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3 espeak-ng
PREVIEWS=16  # serial on one work thread: long enough to outlast the checks on a fast machine

now_ms() { date +%s%3N; }

va_start VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 VOICEAGENT_AI_GEMINI_TTS_URL=off \
  VOICEAGENT_RECORDINGS_ENABLED=false VOICEAGENT_LIMITS_WORK_THREADS=1 \
  VOICEAGENT_LIMITS_WORK_PER_USER=$PREVIEWS
va_login
OWNER_ID=$(va_add_user callee-owner 'Callee-owner-pw-1' admin)
va_add_user previewer 'Previewer-pw-1' admin >/dev/null
va_api POST /api/inbound-routes "{\"number\":\"+15550001001\",\"owner_id\":$OWNER_ID}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"
va_login previewer 'Previewer-pw-1'
PREVIEW_TOKEN=$VA_TOKEN

# inbound_call NAME: one call from SIPp to +15550001001, 1 s of tone, then BYE; sets
# ANSWER_MS, the INVITE -> 200 OK time SIPp measured (its rtd, -trace_rtt).
mkdir -p "$WORK/caller"
python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 440 --seconds 2 --out "$WORK/caller/tone.pcap"
cp "$E2E_SCENARIOS/gateway_uac_tone.xml" "$WORK/caller/scenario.xml"
inbound_call() {
  local name=$1 sip_port media_port rtt
  sip_port=$(free_port)
  media_port=$(free_port_range 8)
  rm -f "$WORK"/caller/scenario_*_rtt.csv
  spawn "$name" --cwd "$WORK/caller" --timeout 30 -- sipp "127.0.0.1:$VA_SIP_PORT" \
    -sf scenario.xml -s +15550001001 -d 1000 -key pt 0 -key codec PCMU -i 127.0.0.1 \
    -mi 127.0.0.1 -p "$sip_port" -mp "$media_port" -m 1 -nostdin -timeout 25s \
    -trace_rtt -rtt_freq 1 -trace_err -error_file "$WORK/$name.err"
  wait_exit "$name" 30
  [ "$EXIT_CODE" = 0 ] || fail "inbound call $name failed (SIPp rc $EXIT_CODE)"
  rtt=$(cat "$WORK"/caller/scenario_*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $2 != "" { print $2; exit }')
  [ -n "$rtt" ] || fail "inbound call $name: SIPp measured no INVITE -> 200 time"
  ANSWER_MS=$(awk -v t="$rtt" 'BEGIN { printf "%d", t }')
}

# Warm-up: the first inbound call renders the default greeting into the cache.
inbound_call warm
e2e_log "warm-up inbound call answered after ${ANSWER_MS} ms"

# The request bodies first (no interpreter start between the requests): each a different
# greeting, so none is a cache hit.
for n in $(seq 1 $((PREVIEWS + 4))); do
  python3 -c "import json, sys; n = sys.argv[1]; print(json.dumps({'greeting': ' '.join('Preview %s sentence %d, read out slowly by the speech engine.' % (n, i) for i in range(32))}))" \
    "$n" >"$WORK/preview_$n.json"
done
preview() {  # N: one preview, result in $WORK/preview_N.{status,wav,headers}
  curl -sS --max-time 60 -o "$WORK/preview_$1.wav" -w '%{http_code}' -D "$WORK/preview_$1.headers" \
    -H "Authorization: Bearer $PREVIEW_TOKEN" -H 'Content-Type: application/json' \
    --data "@$WORK/preview_$1.json" "$VA_HTTP/api/greetings/preview" \
    >"$WORK/preview_$1.status.tmp" 2>"$WORK/preview_$1.err" || echo 000 >"$WORK/preview_$1.status.tmp"
  mv "$WORK/preview_$1.status.tmp" "$WORK/preview_$1.status"
}
work_gauge() {  # NAME -> the value of voiceagent_work_NAME in /metrics
  curl -fsS --max-time 2 "$VA_HTTP/metrics" | awk -v m="voiceagent_work_$1" '$1 == m { print $2 }'
}
in_flight() { echo $(($(work_gauge running) + $(work_gauge queued))); }
statuses() { cat "$WORK"/preview_*.status 2>/dev/null | sort | uniq -c | awk '{ printf "%s x%s ", $2, $1 }'; }
refused_count() { grep -lx 429 "$WORK"/preview_*.status 2>/dev/null | wc -l; }
four_refused() { [ "$(refused_count)" -ge 4 ]; }

# --- 1. 12 at once from one user: 8 (the limit) in flight, the other 4 refused at once with
# 429 and Retry-After (one rendering takes far longer than 12 requests take to arrive).
pids=()
for n in $(seq 1 $((PREVIEWS + 4))); do
  preview "$n" &
  pids+=($!)
done
wait_until 10 "4 previews refused" four_refused
[ "$(refused_count)" = 4 ] || fail "$(refused_count) previews refused, expected exactly 4: $(statuses)"
[ "$(in_flight)" = "$PREVIEWS" ] ||
  fail "$(in_flight) previews on the work pool after the refusals, expected $PREVIEWS: $(statuses)"
for f in $(grep -lx 429 "$WORK"/preview_*.status); do
  h=${f%.status}.headers
  retry=$(tr -d '\r' <"$h" | awk -F': ' 'tolower($1) == "retry-after" { print $2 }')
  [[ $retry =~ ^[0-9]+$ ]] && [ "$retry" -ge 1 ] ||
    fail "$(basename "$f"): 429 without a Retry-After of at least 1 s (got '$retry')"
done
e2e_log "$PREVIEWS previews in flight, 4 over the per-user limit refused: 429, Retry-After $retry s"

# --- 2. /healthz stays fast
worst=0
for _ in $(seq 1 10); do
  t=$(curl -fsS --max-time 5 -o /dev/null -w '%{time_total}' "$VA_HTTP/healthz") ||
    fail "/healthz failed while previews ran"
  ms=$(awk -v t="$t" 'BEGIN { printf "%d", t * 1000 }')
  [ "$ms" -gt "$worst" ] && worst=$ms
  sleep 0.05
done
[ "$worst" -lt 100 ] || fail "/healthz took $worst ms while $PREVIEWS previews ran (limit 100 ms)"
e2e_log "/healthz worst of 10: $worst ms"

# --- 3. an inbound call is answered within 1 s
inbound_call during
[ "$ANSWER_MS" -lt 1000 ] ||
  fail "the inbound call was answered after $ANSWER_MS ms while previews ran (limit 1000 ms)"
e2e_log "inbound call during the previews answered after $ANSWER_MS ms"

# --- 4. the previews were in flight throughout, then all complete
left=$(in_flight)
[ "$left" -gt 0 ] || fail "the previews had all finished before the checks ended: nothing was proven (longer greetings?)"
for p in "${pids[@]}"; do wait "$p"; done
ok=$(grep -lx 200 "$WORK"/preview_*.status | wc -l)
[ "$ok" = "$PREVIEWS" ] || fail "$ok previews answered 200, expected $PREVIEWS: $(statuses)"
for f in $(grep -lx 200 "$WORK"/preview_*.status); do
  [ "$(head -c 4 "${f%.status}.wav")" = RIFF ] || fail "$(basename "$f" .status) is not a WAV"
done
e2e_log "PASS: $PREVIEWS previews ($left still in flight after the checks) left /healthz at $worst ms and an inbound call answered in $ANSWER_MS ms; 4 over the limit got 429"
