#!/usr/bin/env bash
# E2E, issue 15 transfer to a person (ctest e2e_transfer): the real `voiceagent serve` with the
# simulator as the AI and SIPp gateways calling in, each playing a tone.
#   1. Allowed targets: PATCH /api/users/{id} "transfer_targets" stores the normalized list
#      (GET echoes it); a malformed entry gets 400 naming transfer_targets[i].
#   2. Blind REFER accepted (gateway_uac_refer_ok.xml): a target outside the list gets 403
#      naming `to`, mode "cold" gets 400 naming mode, then POST /api/calls/{id}/transfer
#      {"to": "+1 555 000 2002"} -> 202; the gateway got a REFER with Refer-To
#      <sip:+15550002002@trunk>, answers 202 and NOTIFYs 100 then 200 (sipfrag); we answer
#      each 200 and hang up our leg: outcome and end_reason `transferred`, record
#      transfer {to, mode blind, method refer, status done}.
#   3. Target busy (gateway_uac_refer_busy.xml): REFER 202; a NOTIFY of another event gets
#      489 and a broken sipfrag 400 (the call goes on); sipfrag 486 -> transfer failed with
#      the reason, the AI is told (simulator log text) and the call goes on until the
#      gateway's BYE: outcome answered.
#   4. REFER refused with 405 (gateway_uac_refer_405.xml, a 1000 Hz caller): the bridge. The
#      target sip:person@... is allowed only by config transfer.allow (VOICEAGENT_TRANSFER_ALLOW
#      prefix); POST answers 202 method bridge; the server dials the person (SIPp UAS playing
#      1300 Hz) and connects both legs through its RTP engine: on the wire (tshark) the person
#      receives the caller's 1000 Hz and nothing else of it, the caller receives 1300 Hz and
#      not its own tone; each leg has its own port and SSRC. The caller's BYE ends both legs:
#      outcome and end_reason `transferred`, transfer {method bridge, status done, reason
#      naming the 405}. Then a transfer of the ended call gets 409.
#   5. Warm (targets sip:person@... on other ports, allowed by the prefix; a 1000 Hz caller, gateway_uac_tone.xml, which never gets a REFER): POST
#      {"mode": "warm", "reason"} -> 202 method bridge; the server dials the person (SIPp UAS,
#      1300 Hz), who first hears the spoken briefing (>= 1.5 s of speech on the wire before the
#      caller's 1000 Hz: rtp_timeline.py briefing-first), then the caller's tone alone; the
#      caller hears 1300 Hz; distinct SSRCs. Record: transfer {mode warm, method bridge, status
#      done, briefing naming the reason}, outcome transferred.
#   6. Warm to a busy person (gateway_uas_busy.xml): 202, then status failed naming 486, the AI
#      is told, the call goes on with the AI until the gateway's BYE (outcome answered).
#   transfer_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: transfer_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3 tshark
NUMBER=+15550001001  # the route's number (called)
TRUNK_PORT=$(free_port)

sim_start --mode tone --reply-length 1
va_start --trunk "sip:127.0.0.1:$TRUNK_PORT" VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_RECORDINGS_ENABLED=false \
  VOICEAGENT_TRANSFER_ALLOW="+1555000, sip:person@127.0.0.1:"
va_login
KEY="e2e-transfer-key-$RANDOM"
va_add_key "$KEY" "transfer" >/dev/null
OWNER_ID=$(va_add_user transfer-owner 'Transfer-owner-pw-1' admin)
va_set_user_key "$OWNER_ID" "$KEY"
va_api POST /api/inbound-routes "{\"number\":\"$NUMBER\",\"owner_id\":$OWNER_ID}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"

# --- 1: allowed targets on the user
va_api PATCH "/api/users/$OWNER_ID" '{"transfer_targets":["+1 555 000 2002","sip:desk@127.0.0.1:5999","+1 555 000 2002"]}'
[ "$API_STATUS" = 200 ] || fail "PATCH transfer_targets: HTTP $API_STATUS $API_BODY"
got=$(jq -c .transfer_targets <<<"$API_BODY")
[ "$got" = '["+15550002002","sip:desk@127.0.0.1:5999"]' ] || fail "stored transfer_targets: $got"
va_api PATCH "/api/users/$OWNER_ID" '{"transfer_targets":["*99#"]}'
[ "$API_STATUS" = 400 ] && grep -q "transfer_targets\[0\]" <<<"$API_BODY" ||
  fail "a service code as target: HTTP $API_STATUS (want 400 naming transfer_targets[0]) $API_BODY"

# start_gateway NAME SCENARIO PAUSE_MS: one SIPp call with a tone, messages logged.
start_gateway() {
  sipp_peer "$1" "$2" --tone "$4" --remote "127.0.0.1:$VA_SIP_PORT" --timeout 60 -- \
    -s "$NUMBER" -d "$3" -trace_msg -message_file "$WORK/$1.msg"
}
finish_gateway() {
  wait_exit "$1" 40
  [ "$EXIT_CODE" = 0 ] || fail "gateway $1: SIPp rc $EXIT_CODE ($(tail -n 5 "$WORK/$1.err" 2>/dev/null))"
}
latest_inbound() {
  va_api GET /api/calls
  jq -r '[.items[] | select(.direction == "inbound")] | max_by(.id) | .id // empty' <<<"$API_BODY"
}
call_active() {
  local id
  id=$(latest_inbound)
  [ -n "$id" ] && [ "$id" != "${LAST_ID:-}" ] && va_call_status_is "$VA_TOKEN" "$id" active
}
transfer_of() { va_get_call "$VA_TOKEN" "$1" | jq -c '{outcome, end_reason, transfer}'; }

# --- 2: REFER accepted, the transfer succeeds
start_gateway ok gateway_uac_refer_ok.xml 20000 440
wait_until 15 "call 1 active" call_active
ID1=$(latest_inbound)
LAST_ID=$ID1
va_api POST "/api/calls/$ID1/transfer" '{"to":"+4990012345"}'
[ "$API_STATUS" = 403 ] && grep -q "'to'" <<<"$API_BODY" ||
  fail "a target outside the list: HTTP $API_STATUS (want 403 naming to) $API_BODY"
va_api POST "/api/calls/$ID1/transfer" '{"to":"+15550002002","mode":"cold"}'
[ "$API_STATUS" = 400 ] && grep -q "'mode'" <<<"$API_BODY" ||
  fail "mode cold: HTTP $API_STATUS (want 400 naming mode) $API_BODY"
va_api POST "/api/calls/$ID1/transfer" '{"to":"+1 555 000 2002"}'
[ "$API_STATUS" = 202 ] || fail "POST transfer: HTTP $API_STATUS $API_BODY"
[ "$(jq -r .transfer.status <<<"$API_BODY")" = accepted ] || fail "POST transfer: $API_BODY"
finish_gateway ok
va_wait_call "$VA_TOKEN" "$ID1" ended 10
want='{"outcome":"transferred","end_reason":"transferred","transfer":{"to":"+15550002002","mode":"blind","method":"refer","status":"done","reason":""}}'
got=$(transfer_of "$ID1")
[ "$got" = "$want" ] || fail "call 1 record: $got (want $want)"
grep -q "^Refer-To: <sip:+15550002002@127.0.0.1:$TRUNK_PORT>" "$WORK/ok.msg" ||
  fail "the REFER's Refer-To is not the target through the trunk (see $WORK/ok.msg)"
e2e_log "call 1 ($ID1): refused 403 outside the list, REFER accepted, NOTIFY 200 -> transferred"

# --- 3: the target is busy: the call goes on with the AI
start_gateway busy gateway_uac_refer_busy.xml 4000 700
wait_until 15 "call 2 active" call_active
ID2=$(latest_inbound)
LAST_ID=$ID2
va_api POST "/api/calls/$ID2/transfer" '{"to":"sip:desk@127.0.0.1:5999"}'
[ "$API_STATUS" = 202 ] || fail "POST transfer (busy): HTTP $API_STATUS $API_BODY"
finish_gateway busy
va_wait_call "$VA_TOKEN" "$ID2" ended 10
got=$(transfer_of "$ID2")
[ "$(jq -r '.outcome + " " + .end_reason + " " + .transfer.status' <<<"$got")" = "answered remote_hangup failed" ] &&
  grep -q "486 Busy Here" <<<"$got" || fail "call 2 record: $got"
grep -q '"text":"The transfer to sip:desk@127.0.0.1:5999 did not work' "$WORK/sim_sessions.jsonl" ||
  fail "the AI was not told that the transfer failed (simulator log)"
e2e_log "call 2 ($ID2): bad NOTIFYs refused (489, 400), sipfrag 486 -> failed, the call went on"

# --- 4: the gateway refuses REFER: the bridge
sipp_peer person gateway_uas_tone.xml --tone 1300 --timeout 60
PERSON="sip:person@127.0.0.1:${PEER_SIP_PORT[person]}"
capture_start cap "udp and host 127.0.0.1"
start_gateway refused gateway_uac_refer_405.xml 8000 1000
wait_until 15 "call 3 active" call_active
ID3=$(latest_inbound)
va_api POST "/api/calls/$ID3/transfer" "{\"to\":\"$PERSON\",\"mode\":\"blind\"}"
[ "$API_STATUS" = 202 ] && [ "$(jq -r .transfer.method <<<"$API_BODY")" = bridge ] ||
  fail "REFER refused: HTTP $API_STATUS (want 202 method bridge) $API_BODY"
bridged() { [ "$(va_get_call "$VA_TOKEN" "$ID3" | jq -r .transfer.status)" = done ]; }
wait_until 10 "call 3 bridged to the person" bridged
CALLER_RTP=$(va_get_call "$VA_TOKEN" "$ID3" | jq -r .media.remote_rtp)
finish_gateway refused
va_wait_call "$VA_TOKEN" "$ID3" ended 10
wait_exit person 15
[ "$EXIT_CODE" = 0 ] || fail "the person's leg did not end cleanly by our BYE: SIPp rc $EXIT_CODE"
capture_stop cap
got=$(transfer_of "$ID3")
[ "$(jq -r '.outcome + " " + .end_reason + " " + .transfer.method + " " + .transfer.status' <<<"$got")" = \
  "transferred transferred bridge done" ] && grep -q "REFER refused: 405" <<<"$got" ||
  fail "call 3 record: $got"
P=${PEER_MEDIA_PORT[person]}
analyze "$WORK/cap.pcapng" --dst-port "$P-$((P + 7))" --tones 440,700,1000,1300 --expect 1000 \
  --min-packets 100 || fail "the person did not hear the caller's 1000 Hz alone (bridge or crosstalk)"
PERSON_SSRC=$(jq -r '.streams[0].ssrc' "$WORK/analyze_$E2E_ANALYZE_N.json")
analyze "$WORK/cap.pcapng" --dst "$CALLER_RTP" --skip-s 4 --tones 440,700,1000,1300 --expect 1300 \
  --min-packets 100 || fail "the caller did not hear the person's 1300 Hz (or heard itself)"
CALLER_SSRC=$(jq -r '.streams[0].ssrc' "$WORK/analyze_$E2E_ANALYZE_N.json")
[ "$PERSON_SSRC" != "$CALLER_SSRC" ] || fail "both legs sent with one SSRC ($CALLER_SSRC)"
va_api POST "/api/calls/$ID3/transfer" '{"to":"+15550002002"}'
[ "$API_STATUS" = 409 ] || fail "transfer of an ended call: HTTP $API_STATUS (want 409) $API_BODY"
e2e_log "call 3 ($ID3): REFER 405 -> bridged to $PERSON; person heard 1000 Hz, caller 1300 Hz"

# --- 5: warm: the person hears the briefing, then the caller
LAST_ID=$ID3
sipp_peer human gateway_uas_tone.xml --tone 1300 --timeout 60
HUMAN="sip:person@127.0.0.1:${PEER_SIP_PORT[human]}"
capture_start wcap "udp and host 127.0.0.1"
start_gateway warm gateway_uac_tone.xml 16000 1000
wait_until 15 "call 4 active" call_active
ID4=$(latest_inbound)
LAST_ID=$ID4
va_api POST "/api/calls/$ID4/transfer" \
  "{\"to\":\"$HUMAN\",\"mode\":\"warm\",\"reason\":\"the caller wants to change an order\"}"
[ "$API_STATUS" = 202 ] && [ "$(jq -r '.transfer.mode + " " + .transfer.method' <<<"$API_BODY")" = "warm bridge" ] ||
  fail "warm transfer: HTTP $API_STATUS (want 202 mode warm, method bridge) $API_BODY"
bridged4() { [ "$(va_get_call "$VA_TOKEN" "$ID4" | jq -r .transfer.status)" = done ]; }
wait_until 25 "call 4 briefed and connected" bridged4
CALLER4_RTP=$(va_get_call "$VA_TOKEN" "$ID4" | jq -r .media.remote_rtp)
finish_gateway warm
va_wait_call "$VA_TOKEN" "$ID4" ended 10
wait_exit human 15
[ "$EXIT_CODE" = 0 ] || fail "the human's leg did not end cleanly by our BYE: SIPp rc $EXIT_CODE"
capture_stop wcap
CALL4=$(va_get_call "$VA_TOKEN" "$ID4")
got=$(jq -r '"\(.outcome) \(.transfer.mode) \(.transfer.method) \(.transfer.status)"' <<<"$CALL4")
[ "$got" = "transferred warm bridge done" ] || fail "call 4 record: $(jq -c '{outcome, transfer}' <<<"$CALL4")"
jq -r .transfer.briefing <<<"$CALL4" | grep -q "change an order" ||
  fail "call 4: the briefing does not name the reason: $(jq -c .transfer <<<"$CALL4")"
H=${PEER_MEDIA_PORT[human]}
python3 "$E2E_TOOLS/rtp_timeline.py" briefing-first "$WORK/wcap.pcapng" --dst-port "$H-$((H + 7))" \
  --tone 1000 --min-speech-s 1.5 >"$WORK/briefing.json" ||
  fail "the human did not hear the briefing before the caller: $(cat "$WORK/briefing.json")"
e2e_log "warm: $(cat "$WORK/briefing.json")"
CONNECT_S=$(jq -r .first_tone_s "$WORK/briefing.json")
python3 "$E2E_TOOLS/rtp_timeline.py" tone-after "$WORK/wcap.pcapng" --dst-port "$H-$((H + 7))" \
  --after-s "$CONNECT_S" --tone 1000 --foreign 440,700,1300 >"$WORK/human_after.json" ||
  fail "the human did not hear the caller's 1000 Hz alone: $(cat "$WORK/human_after.json")"
python3 "$E2E_TOOLS/rtp_timeline.py" tone-after "$WORK/wcap.pcapng" --dst-rtp "$CALLER4_RTP" \
  --after-s "$(python3 -c "print($CONNECT_S + 1)")" --tone 1300 --foreign 440,1000 \
  >"$WORK/caller_after.json" ||
  fail "the caller did not hear the human's 1300 Hz alone: $(cat "$WORK/caller_after.json")"
HUMAN_SSRC=$(jq -r '.ssrcs | join(",")' "$WORK/briefing.json")
CALLER4_SSRC=$(va_get_call "$VA_TOKEN" "$ID4" | jq -r .media.ssrc_out)
[ "$(printf '%08x' "$CALLER4_SSRC")" != "${HUMAN_SSRC#0x}" ] || fail "both legs sent with one SSRC"
e2e_log "call 4 ($ID4): warm: briefing, then 1000 Hz to the human; caller heard 1300 Hz"

# --- 6: warm to a busy person: the apology, the call goes on with the AI
sipp_peer busyhuman gateway_uas_busy.xml --timeout 60
BUSY="sip:person@127.0.0.1:${PEER_SIP_PORT[busyhuman]}"
start_gateway warmbusy gateway_uac_tone.xml 9000 700
wait_until 15 "call 5 active" call_active
ID5=$(latest_inbound)
LAST_ID=$ID5
va_api POST "/api/calls/$ID5/transfer" "{\"to\":\"$BUSY\",\"mode\":\"warm\"}"
[ "$API_STATUS" = 202 ] || fail "warm transfer (busy): HTTP $API_STATUS $API_BODY"
failed5() { [ "$(va_get_call "$VA_TOKEN" "$ID5" | jq -r .transfer.status)" = failed ]; }
wait_until 15 "call 5's transfer failed" failed5
va_call_status_is "$VA_TOKEN" "$ID5" active || fail "call 5 did not go on after the busy person"
finish_gateway warmbusy
va_wait_call "$VA_TOKEN" "$ID5" ended 10
got=$(transfer_of "$ID5")
[ "$(jq -r '.outcome + " " + .transfer.mode + " " + .transfer.status' <<<"$got")" = "answered warm failed" ] &&
  grep -q "486" <<<"$got" || fail "call 5 record: $got"
grep -q "The transfer to $BUSY did not work" "$WORK/sim_sessions.jsonl" ||
  fail "the AI was not told that the warm transfer failed (simulator log)"
e2e_log "call 5 ($ID5): warm to a busy person -> failed (486), the call went on with the AI"
e2e_log "PASS: allowed list enforced, blind REFER transferred, busy target kept the call with the AI, REFER 405 bridged, warm briefed then connected, warm busy went on"
