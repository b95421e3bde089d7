#!/usr/bin/env bash
# E2E, crash recovery (issue 20; ctest e2e_crash_recovery). `voiceagent serve` is killed with
# SIGKILL while calls are live and started again on the same database:
#   1. 50 outbound calls up (SIPp as the callee, answering and holding): after kill -9 and a
#      restart every one of them is `ended` with end_reason `interrupted`, ended_at between the
#      last heartbeat before the kill (node_heartbeat_s is 1 here) and the kill, and never
#      before the call was answered; GET /api/stats says active 0;
#   2. the same during call setup: calls `ringing` (a SIPp callee that sends 180 and never
#      answers) and calls `dialing` (a callee that swallows the INVITE) when the restarted
#      server is killed again; after the next restart all of them are closed the same way,
#      and the records of case 1 are untouched.
# Before the fix (no nodes table, no recovery) every call stays live forever after the
# restart and /api/stats counts it.
#   crash_recovery_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: crash_recovery_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3
CALLS=${CALLS:-50}
SETUP_CALLS=${SETUP_CALLS:-10}  # of each: ringing and dialing

# No external simulator: calls of a user without a key talk to the embedded one. Recordings
# off and a long RTP inactivity timeout: the calls stay up on a short tone file.
SERVER_ENV=(VOICEAGENT_NODE_HEARTBEAT_S=1 VOICEAGENT_RECORDINGS_ENABLED=false
  VOICEAGENT_RTP_INACTIVITY_TIMEOUT_S=600 VOICEAGENT_LIMITS_DIAL_TIMEOUT_S=120)

now_ms() { date +%s%3N; }

# The voiceagent process itself (spawn runs it under `timeout`, whose only child it is).
kill9_server() {
  local child
  child=$(pgrep -P "$(pid_of server)") || fail "no voiceagent process under the server's timeout"
  KILLED_AT=$(now_ms)
  kill -KILL "$child"
  wait_exit server 10
  e2e_log "killed voiceagent (pid $child) with SIGKILL at $KILLED_AT"
  cp "$WORK/server.log" "$WORK/server.before-kill-$KILLED_AT.txt"
}

# calls_json: every call record (superadmin sees all), newest first.
calls_json() {
  va_api GET "/api/calls?per_page=200"
  [ "$API_STATUS" = 200 ] || fail "GET /api/calls: HTTP $API_STATUS $API_BODY"
  echo "$API_BODY"
}
count_status() {  # STATUS -> how many records have it
  va_api GET "/api/calls?per_page=200"
  jq --arg s "$1" '[.items[] | select(.status == $s)] | length' <<<"$API_BODY"
}
status_count_is() { [ "$(count_status "$1")" = "$2" ]; }
stats_active() {
  va_api GET /api/stats
  [ "$API_STATUS" = 200 ] || fail "GET /api/stats: HTTP $API_STATUS $API_BODY"
  jq -r .active <<<"$API_BODY"
}

# check_interrupted IDS_FILE KILLED_AT: each id ended, interrupted, at the last heartbeat.
check_interrupted() {
  local ids=$1 killed=$2 bad
  bad=$(calls_json | jq -r --slurpfile ids "$ids" --argjson k "$killed" '
    [.items[] | select(.id as $i | $ids[0] | index($i))
     | select(.status != "ended" or .end_reason != "interrupted" or .ended_at > $k
              or .ended_at < $k - 3000 or (.answered_at > 0 and .ended_at < .answered_at))
     | "\(.id): \(.status)/\(.end_reason) ended_at \(.ended_at) (kill \($k))"] | join("; ")')
  [ -z "$bad" ] || fail "calls not closed as interrupted at the last heartbeat: $bad"
  local n
  n=$(calls_json | jq --slurpfile ids "$ids" '[.items[] | select(.id as $i | $ids[0] | index($i))] | length')
  [ "$n" = "$(jq length "$ids")" ] || fail "only $n of $(jq length "$ids") records found"
}

sipp_peer callee gateway_uas_tone.xml --tone 440 --tone-seconds 3 --calls "$CALLS" \
  --timeout 300
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[callee]}" --allow-direct-uri --rtp-ports 400 \
  "${SERVER_ENV[@]}"
va_login
va_api POST /api/users "{\"username\":\"crash-owner\",\"password\":\"Crash-owner-pw-1\",\"role\":\"admin\",\"max_concurrent_calls\":$((CALLS + 2 * SETUP_CALLS + 10))}"
[ "$API_STATUS" = 201 ] || fail "create user: HTTP $API_STATUS $API_BODY"
va_login crash-owner 'Crash-owner-pw-1'
OWNER_TOKEN=$VA_TOKEN

# --- 1. 50 calls up
e2e_log "case 1: $CALLS calls up, then kill -9"
: >"$WORK/up.ids"
for i in $(seq 1 "$CALLS"); do
  va_place_call "$OWNER_TOKEN" "+1555100$(printf %04d "$i")" >>"$WORK/up.ids"
done
jq -s . "$WORK/up.ids" >"$WORK/up.json"
VA_TOKEN=$OWNER_TOKEN
wait_until 60 "$CALLS calls active" status_count_is active "$CALLS"
[ "$(stats_active)" = "$CALLS" ] || fail "/api/stats active $(stats_active), expected $CALLS"
# Held past the heartbeat bound below, so an ended_at near the kill can only come from a
# heartbeat, not from the calls' own answer times.
sleep 5
kill9_server
stop callee
KILL1=$KILLED_AT

va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[callee]}" --allow-direct-uri --rtp-ports 400 \
  "${SERVER_ENV[@]}"
va_login crash-owner 'Crash-owner-pw-1'
check_interrupted "$WORK/up.json" "$KILL1"
active=$(stats_active)
[ "$active" = 0 ] || fail "after the restart /api/stats says active $active, expected 0"
grep -q "$CALLS call(s) left live by the previous process" "$WORK/server.log" ||
  fail "the restarted server did not log the recovery of $CALLS calls"
e2e_log "  all $CALLS closed as interrupted; /api/stats active 0"

# --- 2. kill -9 during call setup: ringing (180, never answered) and dialing (no answer)
e2e_log "case 2: $SETUP_CALLS calls ringing and $SETUP_CALLS dialing, then kill -9"
sipp_peer ringer gateway_uas_noanswer.xml --calls "$SETUP_CALLS" --timeout 300
HOLE_PORT=$(free_port)
spawn hole --timeout 300 -- python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
print("swallowing", flush=True)
while True:
    s.recv(65535)
' "$HOLE_PORT"
wait_until 10 "the silent callee bound" grep -qs swallowing "$WORK/hole.log"
: >"$WORK/setup.ids"
for i in $(seq 1 "$SETUP_CALLS"); do
  va_place_call "$OWNER_TOKEN" "sip:+1555200$(printf %04d "$i")@127.0.0.1:${PEER_SIP_PORT[ringer]}" >>"$WORK/setup.ids"
  va_place_call "$OWNER_TOKEN" "sip:+1555300$(printf %04d "$i")@127.0.0.1:$HOLE_PORT" >>"$WORK/setup.ids"
done
jq -s . "$WORK/setup.ids" >"$WORK/setup.json"
VA_TOKEN=$OWNER_TOKEN
wait_until 30 "$SETUP_CALLS calls ringing" status_count_is ringing "$SETUP_CALLS"
wait_until 10 "$SETUP_CALLS calls dialing" status_count_is dialing "$SETUP_CALLS"
[ "$(stats_active)" = $((2 * SETUP_CALLS)) ] || fail "/api/stats active $(stats_active) during setup"
kill9_server
stop ringer
stop hole

va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[callee]}" --allow-direct-uri --rtp-ports 400 \
  "${SERVER_ENV[@]}"
va_login crash-owner 'Crash-owner-pw-1'
check_interrupted "$WORK/setup.json" "$KILLED_AT"
check_interrupted "$WORK/up.json" "$KILL1"  # the first recovery's records stay as they were
active=$(stats_active)
[ "$active" = 0 ] || fail "after the second restart /api/stats says active $active, expected 0"
e2e_log "PASS: $CALLS live calls and $((2 * SETUP_CALLS)) calls in setup were closed as interrupted after kill -9; /api/stats active 0"
