#!/usr/bin/env bash
# Trunk registration lost mid-campaign (issue 13): the trunk is a SIPp registrar + gateway
# (trunk_gateway.xml: 200 with Expires 4, so our refresh goes out every 2 s). Mid-campaign it
# is replaced on the same port by a registrar answering 403 (registrar_403.xml): the
# campaign stops dialling and waits with "trunk not registered since HH:MM UTC (403
# Forbidden)"; when the registrar is back it goes on by itself and turns done.
# Exit 77 when sipp, jq or curl is missing.
#   trunk_down_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: trunk_down_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../../e2e/lib/e2e.sh"
source "$HERE/dialer_lib.sh"
e2e_require sipp jq curl python3

GW_PORT=$(free_port)
GW_MEDIA=$(free_port_range 8)
trunk() {  # NAME SCENARIO [extra sipp args]: a SIPp on the trunk's fixed port
  local name=$1 scenario=$2
  shift 2
  spawn "$name" --timeout 150 -- sipp -sf "$HERE/$scenario" -i 127.0.0.1 -mi 127.0.0.1 \
    -p "$GW_PORT" -mp "$GW_MEDIA" -m 100000 -nostdin -trace_logs -log_file "$WORK/$name.calls" "$@"
  wait_until 10 "sipp $name bound to $GW_PORT" sipp_port_bound "$GW_PORT"
}
trunk gw trunk_gateway.xml -d 700
va_start --trunk "sip:127.0.0.1:$GW_PORT" --rtp-ports 200 VOICEAGENT_SIP_TRUNK_REGISTER=true \
  VOICEAGENT_SIP_TRUNK_USERNAME=line1 VOICEAGENT_SIP_TRUNK_REGISTER_EXPIRES_S=4 \
  VOICEAGENT_RTP_PORT_REST_S=1 VOICEAGENT_RTP_INACTIVITY_TIMEOUT_S=3 VOICEAGENT_AI_GEMINI_TTS_URL=off
va_login
registered() {
  va_api GET /api/sip/registration
  [ "$(jq -r .state <<<"$API_BODY")" = registered ]
}
wait_until 15 "trunk registered" registered
dialer_admin
csv="name,phone"
for ((i = 0; i < 24; i++)); do csv+=$'\n'"lead $i,+49301$(printf %05d $i)"; done
dialer_campaign "$csv" '{"name": "trunk", "dialing": {"max_concurrent": 1,
  "calls_per_minute": 600, "calling_hours": {"from": "00:00", "to": "24:00",
  "days": [1,2,3,4,5,6,7]}}}'
va_api POST "/api/campaigns/$CID/start"
[ "$API_STATUS" = 200 ] || fail "start: $API_STATUS $API_BODY"

progress() { va_api GET "/api/campaigns/$CID/progress"; }
some_done() { progress; jq -e '.by_state.done >= 4' <<<"$API_BODY" >/dev/null; }
wait_until 60 "4 leads done" some_done

stop gw
trunk registrar registrar_403.xml
waiting() {
  progress
  jq -e '(.waiting_reason // "") | test("^trunk not registered since [0-2][0-9]:[0-5][0-9] UTC \\(403 Forbidden\\)$")' \
    <<<"$API_BODY" >/dev/null
}
wait_until 20 "the campaign waits for the trunk" waiting
e2e_log "waiting: $(jq -c '{waiting_reason, by_state, attempts}' <<<"$API_BODY")"
sleep 4  # a call up at the outage ends by RTP inactivity (3 s)
progress
ATTEMPTS_DOWN=$(jq .attempts <<<"$API_BODY")
sleep 6
progress
[ "$(jq .attempts <<<"$API_BODY")" = "$ATTEMPTS_DOWN" ] ||
  fail "dialled while the trunk was down: $ATTEMPTS_DOWN -> $(jq .attempts <<<"$API_BODY")"
jq -e '.status == "active" and .by_state.pending > 0' <<<"$API_BODY" >/dev/null ||
  fail "expected an active campaign with leads left: $API_BODY"

stop registrar
trunk gw2 trunk_gateway.xml -d 300
done_() { progress; jq -e '.status == "done"' <<<"$API_BODY" >/dev/null; }
wait_until 90 "the campaign done once the trunk is back" done_
jq -e '.waiting_reason == null and .by_outcome.answered == 24' <<<"$API_BODY" >/dev/null ||
  fail "after the outage: $API_BODY"
INVITES=$(cat "$WORK/gw.calls" "$WORK/gw2.calls" | grep -c ';invite$' || true)
[ "$INVITES" = "$(jq .attempts <<<"$API_BODY")" ] ||
  fail "$INVITES INVITEs at the gateways, $(jq .attempts <<<"$API_BODY") attempts recorded"
e2e_log "PASS: $ATTEMPTS_DOWN attempts before the outage, none during it, done after: $API_BODY"
