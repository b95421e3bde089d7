#!/usr/bin/env bash
# E2E (issue 17): SRTP with SDES keys (RFC 3711, RFC 4568) against a real phone. baresip
# (module srtp, mediaenc=srtp-mand: RTP/SAVP only) and `voiceagent serve` with
# rtp.srtp = "require", the phone being the trunk:
#   1. we call the phone: our INVITE offers RTP/SAVP with a=crypto, the call runs on SRTP
#      (GET /api/calls/{id} media.srtp), the AI hears the phone's 1 kHz and the phone hears
#      the AI's key tone (decoded by baresip through its own libsrtp);
#   2. during that call forged SRTP packets (the call's inbound SSRC, a tag that cannot verify)
#      hit the call's RTP port from another port: they are dropped and counted
#      (media.packets_dropped_auth >= 5), the learned source (remote_rtp) does not move, the
#      audio goes on (the tone checks above run over the whole call);
#   3. the phone calls us (RTP/SAVP offer), same proofs;
#   4. a plain RTP/AVP offer (a SIPp-free UDP INVITE) gets 488 and never a 180;
#   5. the wire: every SDP of the two calls says RTP/SAVP; the server's log holds no inline key;
#   6. rtp.srtp = "offer" against baresip without SRTP: our RTP/SAVP offer gets 488 and one
#      plain retry is answered; the phone's plain offer is answered plain.
# Exit 77 (ctest skip) when baresip, its srtp module, tshark, curl or jq is missing.
#   srtp_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=$(realpath "${1:?usage: srtp_test.sh PATH_TO_voiceagent}")
e2e_require baresip curl jq python3 tshark
[ -f /usr/lib/baresip/modules/srtp.so ] || { echo "SKIP: baresip's srtp module is missing"; exit 77; }
PHONE_HZ=1000
PHONE_USER=2001
DID=+15550001711
HOLD_S=${HOLD_S:-8}
read -r KEY KEY_HZ < <(python3 "$E2E_TOOLS/sim_keys.py" --prefix e2e-srtp-key \
  --avoid "$PHONE_HZ" --away 150)

PHONE_SIP=$(free_port)
PHONE_CTRL=$(free_port)
while [ "$PHONE_CTRL" = $((PHONE_SIP + 1)) ]; do PHONE_CTRL=$(free_port); done

sim_start --mode tone --reply-length 1 --key "$KEY"
va_start --trunk "sip:127.0.0.1:$PHONE_SIP" VOICEAGENT_RTP_SRTP=require \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_SIP_ALLOW_DIRECT_URI=true
va_login
FP=$(va_add_key "$KEY" "srtp e2e key")
OWNER=$(va_add_user srtp-owner 'Srtp-owner-pw-1' admin)
va_set_user_key "$OWNER" "$KEY"
va_api POST /api/inbound-routes "{\"number\":\"$DID\",\"owner_id\":$OWNER}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"
va_login srtp-owner 'Srtp-owner-pw-1'

PD=$WORK/phone
PHONE=$E2E_DIR/peers/baresip_phone.sh
bash "$PHONE" config "$PD" --sip-port "$PHONE_SIP" --ctrl-port "$PHONE_CTRL" --user $PHONE_USER \
  --answer auto --srtp --tone $PHONE_HZ --tone-seconds 1
python3 "$E2E_TOOLS/tone_gen.py" wav --freq $PHONE_HZ --seconds 40 --burst 1500:4000 \
  --out "$PD/tone.wav"
capture_start cap "udp and (portrange $VA_RTP_MIN-$VA_RTP_MAX or port $VA_SIP_PORT)"
spawn phone --timeout 300 -- bash "$PHONE" run "$PD"
phone_log_has() { running phone || fail "baresip exited"; grep -qs "$1" "$WORK/phone.log"; }
wait_until 10 "baresip ready" phone_log_has "baresip is ready"

sim_session_ended() {
  [ "$(jq -s --arg k "$FP" '[.[] | select(.event == "session_end" and .key_fp == $k)] | length' \
    "$WORK/sim_sessions.jsonl")" -ge "$1" ]
}
ai_heard() {  # N: the simulator's N-th session heard the phone's tone for > 2 s
  local n=$1 hz ms
  wait_until 10 "the simulator's session_end #$n" sim_session_ended "$n"
  hz=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_dominant_hz // "missing"' \
    "$WORK/sim_sessions.jsonl")
  ms=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_ms // 0' \
    "$WORK/sim_sessions.jsonl")
  awk -v h="$hz" -v t=$PHONE_HZ 'BEGIN { exit !(h - t < 15 && t - h < 15) }' ||
    fail "call $n: the AI heard $hz Hz, expected the phone's $PHONE_HZ Hz"
  [ "$ms" -gt 2000 ] || fail "call $n: the simulator got only $ms ms of the phone's audio"
  AI_HEARD="AI heard $hz Hz for $ms ms"
}
phone_heard() {  # NAME: the AI's key tone reached the phone, its own tone never came back
  local name=$1 rec first
  rec=$(bash "$PHONE" recording "$PD")
  [ -s "${rec:-/nonexistent}" ] && [ "$rec" != "${LAST_REC:-}" ] ||
    fail "$name: baresip wrote no new recording of what it heard"
  LAST_REC=$rec
  python3 "$E2E_TOOLS/tone_timeline.py" "$rec" --tone "$KEY_HZ" --min-db -6 --not-before 1.0 \
    >"$WORK/$name-timeline.json" 2>"$WORK/$name-timeline.err" ||
    fail "$name: the phone did not hear the AI's tone $KEY_HZ Hz: $(cat "$WORK/$name-timeline.err")"
  first=$(jq -r .first_s "$WORK/$name-timeline.json")
  analyze "$rec" --skip-s "$first" --tones "$KEY_HZ,$PHONE_HZ" --foreign "$PHONE_HZ" ||
    fail "$name: the phone heard its own $PHONE_HZ Hz back after $first s"
  PHONE_HEARD="phone heard $KEY_HZ Hz from $first s"
}

# forge_during NAME ID: forged SRTP at the live call's port; dropped, counted, source kept.
forge_during() {
  local name=$1 id=$2 f=$WORK/$1-live.json port ssrc remote
  va_get_call "$VA_TOKEN" "$id" >"$f"
  jq -e '.media.srtp == true' "$f" >/dev/null || fail "$name: media.srtp is not true: $(jq -c .media "$f")"
  wait_until 5 "$name: the phone's source learned" source_learned "$id"
  va_get_call "$VA_TOKEN" "$id" >"$f"
  port=$(jq -r .media.local_rtp_port "$f")
  ssrc=$(jq -r .media.ssrc_in "$f")
  remote=$(jq -r .media.remote_rtp "$f")
  python3 "$E2E_TOOLS/forge_srtp.py" 127.0.0.1 "$port" "$ssrc" --count 5 >>"$WORK/forge.log" ||
    fail "$name: forge_srtp.py failed"
  wait_until 3 "$name: 5 forged packets counted" dropped_auth_at_least "$id" 5
  va_get_call "$VA_TOKEN" "$id" >"$f"
  [ "$(jq -r .media.remote_rtp "$f")" = "$remote" ] ||
    fail "$name: the forged packets moved the source: $remote -> $(jq -r .media.remote_rtp "$f")"
  [ "$(jq -r .media.ssrc_in "$f")" = "$ssrc" ] || fail "$name: ssrc_in changed"
  FORGED="dropped_auth $(jq .media.packets_dropped_auth "$f"), source $remote kept"
}
source_learned() { [ "$(va_get_call "$VA_TOKEN" "$1" | jq -r '.media.ssrc_in')" != 0 ]; }
dropped_auth_at_least() {
  [ "$(va_get_call "$VA_TOKEN" "$1" | jq -r '.media.packets_dropped_auth // 0')" -ge "$2" ]
}

# --- 1 and 2. outbound: we call the phone on SRTP, forged packets in the middle.
CALL_OUT=$(va_place_call "$VA_TOKEN" "sip:$PHONE_USER@127.0.0.1:$PHONE_SIP")
va_wait_call "$VA_TOKEN" "$CALL_OUT" active 15
forge_during srtp_out "$CALL_OUT"
e2e_log "outbound $CALL_OUT: $FORGED"
sleep "$HOLD_S"
va_api POST "/api/calls/$CALL_OUT/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup: HTTP $API_STATUS $API_BODY"
va_wait_call "$VA_TOKEN" "$CALL_OUT" ended 10
wait_until 5 "baresip: the call ended" phone_log_has "terminated"
phone_heard srtp_out
ai_heard 1
e2e_log "srtp outbound: $PHONE_HEARD; $AI_HEARD"

# --- 3. inbound: the phone calls the DID with an RTP/SAVP offer.
bash "$PHONE" dial "$PD" "sip:$DID@127.0.0.1:$VA_SIP_PORT" 15 >"$WORK/dial.txt" 2>&1 ||
  fail "baresip's call to $DID was not established: $(tail -n 3 "$WORK/dial.txt")"
va_api GET "/api/calls?per_page=1"
CALL_IN=$(jq -r '.items[0].id // empty' <<<"$API_BODY")
[ -n "$CALL_IN" ] && [ "$CALL_IN" != "$CALL_OUT" ] || fail "no inbound call record"
va_wait_call "$VA_TOKEN" "$CALL_IN" active 5
forge_during srtp_in "$CALL_IN"
e2e_log "inbound $CALL_IN: $FORGED"
sleep "$HOLD_S"
bash "$PHONE" hangup "$PD" 10 >"$WORK/hangup.txt" 2>&1 ||
  fail "baresip hangup: $(tail -n 3 "$WORK/hangup.txt")"
va_wait_call "$VA_TOKEN" "$CALL_IN" ended 10
phone_heard srtp_in
ai_heard 2
e2e_log "srtp inbound: $PHONE_HEARD; $AI_HEARD"
stop phone

# --- 4. rtp.srtp = require: a plain RTP/AVP offer gets 488, never a 180 first.
python3 "$E2E_TOOLS/plain_invite.py" 127.0.0.1 "$VA_SIP_PORT" "$DID" >"$WORK/plain.txt" 2>&1 ||
  fail "plain INVITE: $(cat "$WORK/plain.txt")"
grep -q "^final 488" "$WORK/plain.txt" || fail "a plain RTP/AVP offer was not refused with 488: $(cat "$WORK/plain.txt")"
! grep -q "^provisional 18" "$WORK/plain.txt" || fail "the plain offer rang before the 488: $(cat "$WORK/plain.txt")"
e2e_log "plain offer: $(tr '\n' ' ' <"$WORK/plain.txt")"
capture_stop cap

# --- 5. the wire and the log.
MEDIA=$(tshark -n -r "$WORK/cap.pcapng" -d "udp.port==$VA_SIP_PORT,sip" -Y "sdp.media" \
  -T fields -e sdp.media 2>/dev/null | awk '{print $3}' | sort | uniq -c | tr -s ' ')
# Two offers and two answers on SRTP; the one plain RTP/AVP SDP is the refused offer of step 4.
[[ $(awk '$2 == "RTP/SAVP" {print $1}' <<<"$MEDIA") -ge 4 ]] ||
  fail "expected 4 RTP/SAVP SDPs (2 offers, 2 answers) on the wire: $MEDIA"
[[ $(awk '$2 == "RTP/AVP" {print $1}' <<<"$MEDIA") == 1 ]] ||
  fail "plain RTP/AVP SDPs other than the refused offer on the wire: $MEDIA"
if grep -Eq 'inline:[A-Za-z0-9+/]{40}' "$WORK/server.log"; then
  fail "an SDES key is in the server's log"
fi
e2e_log "wire SDP media lines: $(tr '\n' ';' <<<"$MEDIA")"
# The process's counter: both calls' forged packets, added as their sessions retired.
DROPPED=$(curl -s "$VA_HTTP/metrics" | awk '$1 == "va_srtp_packets_dropped_auth_total" {print $2}')
[[ ${DROPPED:-0} -ge 10 ]] || fail "/metrics va_srtp_packets_dropped_auth_total is '${DROPPED:-}', expected >= 10"
e2e_log "/metrics va_srtp_packets_dropped_auth_total $DROPPED"
stop server

# --- 6. rtp.srtp = offer against a phone without SRTP: our RTP/SAVP offer gets 488 and is
# retried once as plain RTP/AVP; the phone's plain offer is answered plain.
va_start --trunk "sip:127.0.0.1:$PHONE_SIP" VOICEAGENT_RTP_SRTP=offer \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_SIP_ALLOW_DIRECT_URI=true
va_login srtp-owner 'Srtp-owner-pw-1'
PD2=$WORK/plain_phone
bash "$PHONE" config "$PD2" --sip-port "$PHONE_SIP" --ctrl-port "$PHONE_CTRL" --user $PHONE_USER \
  --answer auto --tone $PHONE_HZ --tone-seconds 1
cp "$PD/tone.wav" "$PD2/tone.wav"
spawn plain_phone --timeout 120 -- bash "$PHONE" run "$PD2"
plain_log_has() { running plain_phone || fail "baresip exited"; grep -qs "$1" "$WORK/plain_phone.log"; }
wait_until 10 "plain baresip ready" plain_log_has "baresip is ready"
CALL_FB=$(va_place_call "$VA_TOKEN" "sip:$PHONE_USER@127.0.0.1:$PHONE_SIP")
va_wait_call "$VA_TOKEN" "$CALL_FB" active 15
grep -q "488 to our RTP/SAVP offer: retrying once with plain RTP/AVP" "$WORK/server.log" ||
  fail "offer mode: no plain retry after the phone's 488 to RTP/SAVP"
va_get_call "$VA_TOKEN" "$CALL_FB" | jq -e '.media.srtp == false' >/dev/null ||
  fail "offer mode: the fallback call claims SRTP"
va_api POST "/api/calls/$CALL_FB/hangup"
va_wait_call "$VA_TOKEN" "$CALL_FB" ended 10
bash "$PHONE" dial "$PD2" "sip:$DID@127.0.0.1:$VA_SIP_PORT" 15 >"$WORK/dial2.txt" 2>&1 ||
  fail "offer mode: the plain phone's call was not established: $(tail -n 3 "$WORK/dial2.txt")"
va_api GET "/api/calls?per_page=1"
CALL_PLAIN_IN=$(jq -r '.items[0].id // empty' <<<"$API_BODY")
va_wait_call "$VA_TOKEN" "$CALL_PLAIN_IN" active 5
va_get_call "$VA_TOKEN" "$CALL_PLAIN_IN" | jq -e '.media.srtp == false' >/dev/null ||
  fail "offer mode: the plain inbound call claims SRTP"
bash "$PHONE" hangup "$PD2" 10 >/dev/null 2>&1 || true
va_wait_call "$VA_TOKEN" "$CALL_PLAIN_IN" ended 10
e2e_log "offer mode: outbound $CALL_FB fell back to plain RTP after 488; inbound plain $CALL_PLAIN_IN answered plain"
stop plain_phone
stop server
stop sim
echo "PASS: SRTP (SDES, mandatory) with baresip both ways, tone heard both ways; forged SRTP" \
  "dropped and counted without moving the source; plain offer refused with 488 before ringing;" \
  "offer mode falls back to plain RTP once on 488 and answers a plain offer plain"
