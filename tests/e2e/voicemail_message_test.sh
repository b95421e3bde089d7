#!/usr/bin/env bash
# E2E, issue 15 leaving a message on a voicemail (ctest e2e_voicemail_message): `voiceagent
# serve` with VOICEAGENT_AI_VOICEMAIL_ACTION=off (the server would do nothing) and a
# VOICEAGENT_AI_VOICEMAIL_MESSAGE; SIPp gateways answer and play (tone_gen.py --from-wav) an
# espeak-ng voicemail greeting (~6 s), a 1000 Hz beep of 0.5 s and a quiet line.
#   1. Campaign validation: voicemail_action "beep" -> 400 naming voicemail_action; a message
#      of 1001 characters -> 400 naming voicemail_message; PATCH to message + text -> GET
#      echoes both.
#   2. A call of that campaign (voicemail_action=message overrides the server's off): the
#      verdict is voicemail, the AI is closed, the message audio starts after the beep's end on
#      the wire (rtp_timeline.py message-after-beep: nothing loud of ours in the 2 s before
#      it), then our BYE: end_reason voicemail, "voicemail": {..., "message_left": true}, the
#      campaign's text on the transcript. The delay beep end -> message start is printed.
#   3. The same greeting called without the campaign: no detection runs (voicemail null), the
#      call is still up 12 s after the answer; we hang it up.
#   voicemail_message_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: voicemail_message_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3 espeak-ng sox tshark

espeak-ng -v en-us -s 165 -w "$WORK/greeting_raw.wav" \
  "Hi, you've reached John. I can't come to the phone right now. Please leave a message after the tone."
sox -q "$WORK/greeting_raw.wav" -r 8000 -c 1 -b 16 "$WORK/greeting.wav" norm -6
sox -q -n -r 8000 -c 1 -b 16 "$WORK/lead.wav" trim 0 0.5
sox -q -n -r 8000 -c 1 -b 16 "$WORK/beep.wav" synth 0.5 sine 1000 vol 0.5
sox -q -n -r 8000 -c 1 -b 16 "$WORK/tail.wav" synth 25 whitenoise vol 0.002
sox -q "$WORK/lead.wav" "$WORK/greeting.wav" "$WORK/lead.wav" "$WORK/beep.wav" "$WORK/tail.wav" \
  "$WORK/voicemail.wav"

sim_start --mode tone --reply-length 1
sipp_peer vm gateway_uas_tone.xml --wav "$WORK/voicemail.wav" --tone-seconds 40 --timeout 90
sipp_peer vm2 gateway_uas_tone.xml --wav "$WORK/voicemail.wav" --tone-seconds 40 --timeout 90
va_start --allow-direct-uri VOICEAGENT_AI_VOICEMAIL_ACTION=off \
  VOICEAGENT_AI_VOICEMAIL_MESSAGE="This is the server's default message." \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false
va_login
KEY="e2e-vm-message-key-$RANDOM"
va_add_key "$KEY" "vm-message" >/dev/null
OWNER=$(va_add_user vmm-owner 'Vmm-owner-pw-12' admin)
va_set_user_key "$OWNER" "$KEY"
va_login vmm-owner 'Vmm-owner-pw-12'

# --- 1. the campaign's voicemail settings: validation, then stored
va_api POST /api/campaigns '{"name":"Voicemail campaign","voicemail_action":"beep"}'
[ "$API_STATUS" = 400 ] && grep -q voicemail_action <<<"$API_BODY" ||
  fail "voicemail_action beep: HTTP $API_STATUS (want 400 naming voicemail_action) $API_BODY"
LONG=$(printf 'x%.0s' $(seq 1 1001))
va_api POST /api/campaigns "{\"name\":\"Voicemail campaign\",\"voicemail_message\":\"$LONG\"}"
[ "$API_STATUS" = 400 ] && grep -q voicemail_message <<<"$API_BODY" ||
  fail "a 1001-character message: HTTP $API_STATUS (want 400 naming voicemail_message) $API_BODY"
va_api POST /api/campaigns '{"name":"Voicemail campaign"}'
[ "$API_STATUS" = 201 ] || fail "POST /api/campaigns: HTTP $API_STATUS $API_BODY"
CAMPAIGN=$(jq -r .id <<<"$API_BODY")
[ "$(jq -r '.voicemail_action + "|" + .voicemail_message' <<<"$API_BODY")" = "|" ] ||
  fail "a new campaign's voicemail settings are not empty: $API_BODY"
MESSAGE="Hello, this is Acme calling about your order. Please call us back. Goodbye."
va_api PATCH "/api/campaigns/$CAMPAIGN" \
  "{\"voicemail_action\":\"message\",\"voicemail_message\":\"$MESSAGE\"}"
[ "$API_STATUS" = 200 ] || fail "PATCH voicemail settings: HTTP $API_STATUS $API_BODY"
va_api GET "/api/campaigns/$CAMPAIGN"
[ "$(jq -r '.voicemail_action + "|" + .voicemail_message' <<<"$API_BODY")" = "message|$MESSAGE" ] ||
  fail "GET after PATCH: $(jq -c '{voicemail_action, voicemail_message}' <<<"$API_BODY")"
e2e_log "campaign $CAMPAIGN: bad action and long message refused (400), message stored"

# --- 2. the campaign's call leaves the message after the beep
capture_start cap "udp and host 127.0.0.1"
va_api POST /api/calls \
  "{\"to\":\"sip:vm@127.0.0.1:${PEER_SIP_PORT[vm]}\",\"campaign_id\":$CAMPAIGN}"
[ "$API_STATUS" = 201 ] || fail "POST /api/calls: HTTP $API_STATUS $API_BODY"
ID1=$(jq -r .id <<<"$API_BODY")
va_wait_call "$VA_TOKEN" "$ID1" ended 40
wait_exit vm 15
[ "$EXIT_CODE" = 0 ] || fail "the voicemail gateway did not end by our BYE: SIPp rc $EXIT_CODE"
capture_stop cap
CALL1=$(va_get_call "$VA_TOKEN" "$ID1")
e2e_log "message call: $(jq -c '{end_reason, voicemail, answered_at, ended_at}' <<<"$CALL1")"
[ "$(jq -r .end_reason <<<"$CALL1")" = voicemail ] || fail "call 1 end_reason: $CALL1"
[ "$(jq -r .voicemail.verdict <<<"$CALL1")" = voicemail ] || fail "call 1 verdict: $CALL1"
[ "$(jq -r .voicemail.message_left <<<"$CALL1")" = true ] ||
  fail "call 1: the message is not recorded as left: $(jq -c '{voicemail, transcript}' <<<"$CALL1")"
jq -e --arg m "$MESSAGE" '[.transcript[] | select(.who == "agent" and .text == $m)] | length == 1' \
  <<<"$CALL1" >/dev/null || fail "call 1: the campaign's message is not on the transcript"
V=${PEER_MEDIA_PORT[vm]}
python3 "$E2E_TOOLS/rtp_timeline.py" message-after-beep "$WORK/cap.pcapng" \
  --peer-ports "$V-$((V + 7))" --beep 1000 >"$WORK/timing.json" ||
  fail "the message did not follow the beep: $(cat "$WORK/timing.json")"
DELAY=$(jq -r .delay_ms "$WORK/timing.json")
[ "$DELAY" -ge 0 ] && [ "$DELAY" -lt 1500 ] || fail "beep end -> message start: $DELAY ms"
LEN=$(jq -r .message_s "$WORK/timing.json")
e2e_log "beep end -> message start: $DELAY ms; message on the wire ~$LEN s ($(cat "$WORK/timing.json"))"

# --- 3. without the campaign the server's "off" holds: no detection, the call goes on
ID2=$(va_place_call "$VA_TOKEN" "sip:vm2@127.0.0.1:${PEER_SIP_PORT[vm2]}")
va_wait_call "$VA_TOKEN" "$ID2" active 15
sleep 12
CALL2=$(va_get_call "$VA_TOKEN" "$ID2")
[ "$(jq -r .status <<<"$CALL2")" = active ] && [ "$(jq -r .voicemail <<<"$CALL2")" = null ] ||
  fail "call 2 (server off): $(jq -c '{status, end_reason, voicemail}' <<<"$CALL2")"
va_api POST "/api/calls/$ID2/hangup"
va_wait_call "$VA_TOKEN" "$ID2" ended 10
echo "PASS: campaign voicemail_action=message over the server's off: message $DELAY ms after the beep's end, message_left true; without the campaign no detection"
