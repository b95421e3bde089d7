#!/usr/bin/env bash
# E2E, issue 15 answering-machine detection (ctest e2e_voicemail): `voiceagent serve` with
# VOICEAGENT_AI_VOICEMAIL_ACTION=hangup places outbound calls to two SIPp gateways that answer
# and play a recording (tone_gen.py pcap --from-wav):
#   1. a voicemail greeting (espeak-ng, ~6 s) and a beep: the call ends by itself within 12 s
#      of the answer with end_reason voicemail, and GET /api/calls/{id} shows
#      "voicemail": {"verdict": "voicemail", "cause": long_greeting|beep, "ms" < 6000}; its
#      analysis is done with disposition voicemail and the call's lead becomes contacted;
#   2. a person saying "Hello?" then waiting on an open line: the call is still active 8 s
#      after the answer with verdict human (cause short_greeting); we hang it up.
#   voicemail_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: voicemail_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3 espeak-ng sox

# The two recordings, 8 kHz mono PCM16.
espeak-ng -v en-us -s 165 -w "$WORK/greeting_raw.wav" \
  "Hi, you've reached John. I can't come to the phone right now. Please leave a message after the tone."
sox -q "$WORK/greeting_raw.wav" -r 8000 -c 1 -b 16 "$WORK/greeting.wav" norm -6
sox -q -n -r 8000 -c 1 -b 16 "$WORK/lead.wav" trim 0 0.5
sox -q -n -r 8000 -c 1 -b 16 "$WORK/beep.wav" synth 0.5 sine 1000 vol 0.5
sox -q -n -r 8000 -c 1 -b 16 "$WORK/tail.wav" synth 12 whitenoise vol 0.002
sox -q "$WORK/lead.wav" "$WORK/greeting.wav" "$WORK/lead.wav" "$WORK/beep.wav" "$WORK/tail.wav" \
  "$WORK/voicemail.wav"
espeak-ng -v en-gb -s 160 -w "$WORK/hello_raw.wav" "Hello?"
sox -q "$WORK/hello_raw.wav" -r 8000 -c 1 -b 16 "$WORK/hello.wav" norm -6
sox -q -n -r 8000 -c 1 -b 16 "$WORK/line.wav" synth 25 whitenoise vol 0.002
sox -q "$WORK/lead.wav" "$WORK/hello.wav" "$WORK/line.wav" "$WORK/human.wav"

sim_start --mode tone --reply-length 1
sipp_peer vm gateway_uas_tone.xml --wav "$WORK/voicemail.wav" --timeout 60
sipp_peer person gateway_uas_tone.xml --wav "$WORK/human.wav" --timeout 60
va_start --allow-direct-uri VOICEAGENT_AI_VOICEMAIL_ACTION=hangup \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false
va_login
KEY="e2e-voicemail-key-$RANDOM"
va_add_key "$KEY" "voicemail" >/dev/null
OWNER=$(va_add_user vm-owner 'Vm-owner-pw-12' admin)
va_set_user_key "$OWNER" "$KEY"
va_login vm-owner 'Vm-owner-pw-12'

answered_at() { va_get_call "$VA_TOKEN" "$1" | jq -r '.answered_at // 0'; }

# --- 1. the voicemail: the call (to a lead) ends by itself
va_api POST /api/leads '{"name":"Voicemail lead","phone":"+35924000001"}'
[ "$API_STATUS" = 201 ] || fail "POST /api/leads: HTTP $API_STATUS $API_BODY"
LEAD=$(jq -r .id <<<"$API_BODY")
va_api POST /api/calls "{\"to\":\"sip:vm@127.0.0.1:${PEER_SIP_PORT[vm]}\",\"lead_id\":$LEAD}"
[ "$API_STATUS" = 201 ] || fail "POST /api/calls: HTTP $API_STATUS $API_BODY"
ID1=$(jq -r .id <<<"$API_BODY")
# (Not waited for as active first: it may be active for only ~3 s.)
va_wait_call "$VA_TOKEN" "$ID1" ended 25
CALL1=$(va_get_call "$VA_TOKEN" "$ID1")
e2e_log "voicemail call: $(jq -c '{end_reason, outcome, voicemail, answered_at, ended_at}' <<<"$CALL1")"
[ "$(jq -r .end_reason <<<"$CALL1")" = voicemail ] || fail "call 1 end_reason: $CALL1"
[ "$(jq -r .voicemail.verdict <<<"$CALL1")" = voicemail ] || fail "call 1 verdict: $CALL1"
cause=$(jq -r .voicemail.cause <<<"$CALL1")
[ "$cause" = long_greeting ] || [ "$cause" = beep ] || fail "call 1 cause $cause"
ms=$(jq -r .voicemail.ms <<<"$CALL1")
[ "$ms" -gt 0 ] && [ "$ms" -lt 6000 ] || fail "call 1 verdict after $ms ms"
took=$(($(jq -r .ended_at <<<"$CALL1") - $(jq -r .answered_at <<<"$CALL1")))
[ "$took" -lt 12000 ] || fail "call 1 ended $took ms after the answer"
# Its analysis is disposition voicemail without the model, and the lead follows (contacted).
analysis_settled() {
  va_api GET "/api/calls/$1"
  jq -e '.analysis != null and .analysis.status != "pending"' <<<"$API_BODY" >/dev/null
}
wait_until 30 "call $ID1 analysed" analysis_settled "$ID1"
got=$(jq -r '"\(.analysis.status) \(.analysis.disposition)"' <<<"$API_BODY")
[ "$got" = "done voicemail" ] || fail "call 1 analysis: $(jq -c .analysis <<<"$API_BODY")"
va_api GET "/api/leads/$LEAD"
got=$(jq -r '"\(.status) \(.disposition)"' <<<"$API_BODY")
[ "$got" = "contacted voicemail" ] || fail "lead $LEAD after the voicemail: '$got'"

# --- 2. the person: the call goes on
ID2=$(va_place_call "$VA_TOKEN" "sip:person@127.0.0.1:${PEER_SIP_PORT[person]}")
va_wait_call "$VA_TOKEN" "$ID2" active 15
sleep 8
CALL2=$(va_get_call "$VA_TOKEN" "$ID2")
e2e_log "person call after 8 s: $(jq -c '{status, end_reason, voicemail}' <<<"$CALL2")"
[ "$(jq -r .status <<<"$CALL2")" = active ] || fail "call 2 did not go on: $CALL2"
[ "$(jq -r .voicemail.verdict <<<"$CALL2")" = human ] || fail "call 2 verdict: $CALL2"
va_api POST "/api/calls/$ID2/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup: HTTP $API_STATUS $API_BODY"
va_wait_call "$VA_TOKEN" "$ID2" ended 10
CALL2=$(va_get_call "$VA_TOKEN" "$ID2")
[ "$(jq -r .end_reason <<<"$CALL2")" = local_hangup ] || fail "call 2 end_reason: $CALL2"
echo "PASS: voicemail hung up after $ms ms ($cause), the person's call went on (human)"
