#!/usr/bin/env bash
# E2E (issue 5): a real phone (baresip) and `voiceagent serve` behind a PBX that demands
# digest auth (Kamailio 5.6, peers/kamailio_pbx.cfg: registrar + record-routing proxy, 401
# for REGISTER, 407 for INVITE, qop=auth), calls in both directions. The topology a call
# centre runs:
#
#   baresip 2001 (1 kHz)  --REGISTER/INVITE-->  Kamailio  <--REGISTER/INVITE--  voiceagent
#                                               (DID +15553003 -> voiceagent's contact)
#
#   0. both register with their own credentials: Kamailio's usrloc holds both contacts,
#      baresip logs its 200 OK, GET /api/sip/registration says "registered" (200);
#   1. outbound: a user logs in, POST /api/calls {"to": "2001"}; the INVITE is challenged
#      (407) and retried with credentials, Kamailio forwards it to baresip (auto-answer);
#      the call becomes active, baresip hears the greeting (espeak-ng: TTS is off, so the
#      greeting cannot be the key's tone; the simulator logs no TTS request) and then the AI
#      (the simulator's tone-mode reply, a frequency derived from the user's key), first heard
#      only after the phone's first talk spurt: a reply cannot come before the caller spoke;
#      the simulator's per-key log shows the phone's tone; POST /api/calls/{id}/hangup ends it
#      (BYE along the Record-Route), baresip logs the call's end, the record is ended with a
#      reason, packets in/out > 100, greeting_latency_ms, the key's fingerprint;
#   2. inbound: baresip dials the DID through Kamailio (INVITE challenged with 407 too);
#      Kamailio sends it to voiceagent's registered contact with the DID in the Request-URI;
#      voiceagent routes the DID to the user (`voiceagent routes add`) and answers with the
#      INVITE's Record-Route copied (RFC 3261 12.1.1: the phone's ACK and BYE cross the PBX);
#      same audio proofs; baresip hangs up -> the record ends with remote_hangup;
#   3. on shutdown voiceagent un-REGISTERs (digest again) and the PBX drops its contact.
# Every in-dialog request is checked in Kamailio's log to have followed the Record-Route.
# Exit 77 (ctest skip) only when baresip, kamailio, curl or jq is missing.
#   baresip_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=$(realpath "${1:?usage: baresip_test.sh PATH_TO_voiceagent}")  # spawn runs in $WORK
e2e_require baresip kamailio kamcmd curl jq
PEERS=$E2E_DIR/peers
PHONE=$PEERS/baresip_phone.sh
HOLD_S=${HOLD_S:-8}  # talk time per call: the greeting, then AI turns (not a synchronisation)

PHONE_HZ=1000         # what baresip says: 1.5 s spurts, 4 s pauses (the AI's VAD sees the turn end,
                      # and its reply, queued behind the ~3.7 s greeting, plays before the next spurt)
PHONE_USER=2001
DID=+15553003
TRUNK_USER=voiceagent
TRUNK_PASS=trunk-pw-$RANDOM$RANDOM
PHONE_PASS=phone-pw-$RANDOM$RANDOM
# A key whose simulator tone (300 + 20 * (FNV-1a(key) mod 80)) is >= 150 Hz from the phone's.
read -r KEY KEY_HZ < <(python3 "$E2E_TOOLS/sim_keys.py" --prefix e2e-baresip-key \
  --avoid "$PHONE_HZ" --away 150)

# --- the PBX
KAM_PORT=$(free_port)
PBX=127.0.0.1:$KAM_PORT
mkdir -p "$WORK/kam"
KAM_DEFS=(-A "LISTEN=udp:$PBX" -A "TRUNK_USER=\"$TRUNK_USER\"" -A "TRUNK_PASS=\"$TRUNK_PASS\""
  -A "PHONE_USER=\"$PHONE_USER\"" -A "PHONE_PASS=\"$PHONE_PASS\"" -A "DID=\"$DID\""
  -A "CTLSOCK=\"unix:$WORK/kam/ctl.sock\"")
kamailio -c -f "$PEERS/kamailio_pbx.cfg" "${KAM_DEFS[@]}" >"$WORK/kam_check.txt" 2>&1 ||
  fail "kamailio_pbx.cfg does not load: $(grep -m3 -E 'ERROR|CRITICAL' "$WORK/kam_check.txt")"
spawn kamailio --timeout 300 -- kamailio -f "$PEERS/kamailio_pbx.cfg" -DD -E -Y "$WORK/kam" \
  -P "$WORK/kam/kamailio.pid" "${KAM_DEFS[@]}"
kam_ready() {
  running kamailio || fail "kamailio exited during start-up"
  ss -Hlun "sport = :$KAM_PORT" | grep -q . && [ -S "$WORK/kam/ctl.sock" ]
}
wait_until 15 "kamailio on udp $PBX" kam_ready
kam_contact() {  # kam_contact AOR: the registered contact URI, empty if none
  kamcmd -s "unix:$WORK/kam/ctl.sock" ul.lookup location "s:$1" 2>/dev/null |
    awk '$1 == "Address:" {print $2; exit}'
}
kam_registered() { [ -n "$(kam_contact "$1")" ]; }
e2e_log "kamailio PBX on $PBX (trunk $TRUNK_USER, phone $PHONE_USER, DID $DID)"

# --- the AI simulator and voiceagent, registered as the PBX's trunk
sim_start --mode tone --reply-length 1 --key "$KEY"
# TTS off: the greeting is espeak-ng speech, never the key's tone (with the simulator's TTS the
# greeting is that tone for ~3.5 s, and hearing the tone would prove nothing about the AI).
va_start --trunk "sip:$PBX" VOICEAGENT_SIP_TRUNK_REGISTER=true VOICEAGENT_AI_GEMINI_TTS_URL=off \
  VOICEAGENT_SIP_TRUNK_USERNAME=$TRUNK_USER VOICEAGENT_SIP_TRUNK_PASSWORD="$TRUNK_PASS" \
  VOICEAGENT_SIP_TRUNK_REGISTER_EXPIRES_S=120
va_login
FP=$(va_add_key "$KEY" "baresip e2e key")
UID_A=$(va_add_user alice-bs 'Alice-bs-pw-1' admin)
va_set_user_key "$UID_A" "$KEY"
env VOICEAGENT_DATA_DIR="$WORK/data" "$VOICEAGENT" routes add "$DID" alice-bs \
  >"$WORK/routes.txt" 2>&1 || fail "voiceagent routes add $DID alice-bs: $(cat "$WORK/routes.txt")"
SA_TOKEN=$VA_TOKEN
va_login alice-bs 'Alice-bs-pw-1'
TOKEN=$VA_TOKEN
e2e_log "user alice-bs ($UID_A, key $FP -> sim tone $KEY_HZ Hz) owns $DID"

registration_is() {
  VA_TOKEN=$SA_TOKEN
  va_api GET /api/sip/registration
  [ "$API_STATUS" = 200 ] && [ "$(jq -r .state <<<"$API_BODY")" = "$1" ]
}
wait_until 15 "voiceagent registered at the PBX (GET /api/sip/registration)" registration_is registered
REG=$API_BODY
[ "$(jq -r .last_status <<<"$REG")" = 200 ] || fail "registration: last_status is not 200: $REG"
wait_until 5 "the PBX has voiceagent's contact" kam_registered $TRUNK_USER
VA_CONTACT=$(kam_contact $TRUNK_USER)
[[ $VA_CONTACT == *"127.0.0.1:$VA_SIP_PORT"* ]] ||
  fail "the PBX holds contact $VA_CONTACT for $TRUNK_USER, expected voiceagent's 127.0.0.1:$VA_SIP_PORT"
grep -q "REGISTER $TRUNK_USER from .*: 401" "$WORK/kamailio.log" ||
  fail "the PBX never challenged voiceagent's REGISTER (401): digest auth was not exercised"
e2e_log "voiceagent registered: $(jq -c '{state, last_status, granted_expires_s}' <<<"$REG"), contact $VA_CONTACT"

# --- the phone
PHONE_SIP=$(free_port)
PHONE_CTRL=$(free_port)
PD=$WORK/phone
bash "$PHONE" config "$PD" --sip-port "$PHONE_SIP" --ctrl-port "$PHONE_CTRL" --user $PHONE_USER \
  --register "sip:$PBX" --password "$PHONE_PASS" --answer auto --tone $PHONE_HZ --tone-seconds 1
# aufile restarts the file for each call and hangs up at its end: 40 s outlasts a call.
python3 "$E2E_TOOLS/tone_gen.py" wav --freq $PHONE_HZ --seconds 40 --burst 1500:4000 \
  --out "$PD/tone.wav"
spawn phone --timeout 300 -- bash "$PHONE" run "$PD"
# The phone's state comes from its own log, not from ctrl_tcp events: baresip 1.0.0's ctrl_tcp
# keeps one client (a new one replaces the old), REGISTER_OK is sent before any listener can
# connect, and a listener started with baresip once missed CALL_ESTABLISHED.
phone_log_has() { running phone || fail "baresip exited"; grep -qs "$1" "$WORK/phone.log"; }
phone_registered() {
  running phone || fail "baresip exited"
  grep -qs "^$PHONE_USER@127.0.0.1: .* 200 OK" "$WORK/phone.log" && kam_registered $PHONE_USER
}
wait_until 15 "baresip registered at the PBX (its 200 OK, and the PBX's usrloc)" phone_registered
grep -q "REGISTER $PHONE_USER from .*: 401" "$WORK/kamailio.log" ||
  fail "the PBX never challenged baresip's REGISTER (401)"
e2e_log "baresip $PHONE_USER registered: $(kam_contact $PHONE_USER)"

newest_recording() { bash "$PHONE" recording "$PD"; }

# check_record NAME FILE END_REASON: the ended call record's clean end and media counters.
check_record() {
  local name=$1 f=$2 want=$3 v
  jq -e '.status == "ended"' "$f" >/dev/null || fail "$name: status $(jq -r .status "$f"), not ended"
  v=$(jq -r '.end_reason // empty' "$f")
  [ -n "$v" ] || fail "$name: no end_reason"
  [ -z "$want" ] || [ "$v" = "$want" ] || fail "$name: end_reason $v, expected $want"
  jq -e '.media.packets_in > 100' "$f" >/dev/null ||
    fail "$name: packets_in $(jq .media.packets_in "$f") (the phone's audio did not arrive)"
  jq -e '.media.packets_out > 100' "$f" >/dev/null || fail "$name: packets_out $(jq .media.packets_out "$f")"
  jq -e '.greeting_latency_ms | numbers' "$f" >/dev/null || fail "$name: no greeting_latency_ms"
  v=$(jq -r .media.key_fingerprint "$f")
  [ "$v" = "$FP" ] || fail "$name: key fingerprint $v, expected $FP"
  jq -e '.media.packets_dropped_foreign == 0' "$f" >/dev/null ||
    fail "$name: packets_dropped_foreign $(jq .media.packets_dropped_foreign "$f")"
  jq -e '.answered_at != null and .ended_at != null' "$f" >/dev/null || fail "$name: no answered_at/ended_at"
  e2e_log "$name: $(jq -c '{id, direction, status, end_reason, greeting_latency_ms,
    packets_in: .media.packets_in, packets_out: .media.packets_out, remote_rtp: .media.remote_rtp}' "$f")"
}

# check_audio NAME SESSION_INDEX: what the phone heard (the espeak greeting, then the AI's key
# tone) and what the AI heard (the phone's tone, from the simulator's per-key session log).
check_audio() {
  local name=$1 n=$2 rec hz ms first
  rec=$(newest_recording)
  [ -s "${rec:-/nonexistent}" ] || fail "$name: baresip wrote no recording of what it heard"
  [ "$rec" != "${LAST_REC:-}" ] || fail "$name: baresip wrote no new recording for this call"
  LAST_REC=$rec
  cp "$rec" "$WORK/$name-heard.wav"
  # The greeting was not rendered under the key (TTS off): the key's tone can only be the AI's.
  [ "$(jq -s --arg k "$FP" '[.[] | select(.event == "tts" and .key_fp == $k)] | length' \
    "$WORK/sim_sessions.jsonl")" = 0 ] || fail "$name: the simulator rendered a greeting under $FP (TTS is off)"
  # The greeting plays from the first packet: the first second is heard, and is not the key's tone.
  analyze "$rec" --max-s 1 --tones "$KEY_HZ,$PHONE_HZ" ||
    fail "$name: cannot analyse the greeting window of $rec"
  jq -e --arg k "$KEY_HZ" '.streams[0] | .rms_dbfs > -40 and .tones_db[$k] < -10' \
    "$WORK/analyze_$E2E_ANALYZE_N.json" >/dev/null ||
    fail "$name: the first second (the greeting) is silent or the key's tone:" \
      "$(jq -c '.streams[0] | {rms_dbfs, dominant_hz, tones_db}' "$WORK/analyze_$E2E_ANALYZE_N.json")"
  # The AI's reply: the key's tone dominates some half second, first after the phone's first
  # 1.5 s talk spurt (1 s of slack for the start of the recording).
  python3 "$E2E_TOOLS/tone_timeline.py" "$rec" --tone "$KEY_HZ" --min-db -6 --not-before 1.0 \
    >"$WORK/$name-timeline.json" 2>"$WORK/$name-timeline.err" ||
    fail "$name: the phone did not hear the AI's reply tone $KEY_HZ Hz after the greeting:" \
      "$(cat "$WORK/$name-timeline.err")"
  first=$(jq -r .first_s "$WORK/$name-timeline.json")
  # From the AI's first reply on (espeak's speech has energy near the phone's 1 kHz): the
  # phone never hears its own tone back.
  analyze "$rec" --skip-s "$first" --tones "$KEY_HZ,$PHONE_HZ" --foreign "$PHONE_HZ" ||
    fail "$name: the phone heard its own tone $PHONE_HZ Hz back after ${first} s: $rec"
  jq -e '[.streams[] | .rms_dbfs > -40] | all' "$WORK/analyze_$E2E_ANALYZE_N.json" >/dev/null ||
    fail "$name: the phone's recording is (nearly) silent:" \
      "$(jq -c '.streams' "$WORK/analyze_$E2E_ANALYZE_N.json")"
  e2e_log "$name: the AI's $KEY_HZ Hz first heard at ${first} s (after the greeting)"
  wait_until 10 "$name: the simulator's session_end #$n" sim_session_ended "$n"
  hz=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_dominant_hz // "missing"' \
    "$WORK/sim_sessions.jsonl")
  ms=$(jq -s -r --arg k "$FP" --argjson n "$n" \
    '[.[] | select(.event == "session_end" and .key_fp == $k)][$n - 1].audio_in_ms // 0' \
    "$WORK/sim_sessions.jsonl")
  awk -v h="$hz" -v t=$PHONE_HZ 'BEGIN { exit !(h - t < 15 && t - h < 15) }' ||
    fail "$name: the AI (key $FP) heard $hz Hz, expected the phone's $PHONE_HZ Hz"
  [ "$ms" -gt 2000 ] || fail "$name: the simulator got only $ms ms of the phone's audio"
  e2e_log "$name: phone heard $(jq -c '.streams[0] | {rms_dbfs, dominant_hz, tones_db}' \
    "$WORK/analyze_$E2E_ANALYZE_N.json"); AI heard $hz Hz for $ms ms"
}
sim_session_ended() {
  [ "$(jq -s --arg k "$FP" '[.[] | select(.event == "session_end" and .key_fp == $k)] | length' \
    "$WORK/sim_sessions.jsonl")" -ge "$1" ]
}

# --- 1. outbound: voiceagent -> PBX (407) -> baresip
CALL_OUT=$(va_place_call "$TOKEN" $PHONE_USER)
e2e_log "outbound call $CALL_OUT -> $PHONE_USER"
va_wait_call "$TOKEN" "$CALL_OUT" active 15
wait_until 5 "baresip: call established with voiceagent" phone_log_has \
  "^$PHONE_USER@127.0.0.1: Call established: sip:$TRUNK_USER@"
grep -q "^.*INVITE .* from 127.0.0.1:$VA_SIP_PORT: 407" "$WORK/kamailio.log" ||
  fail "the PBX never challenged voiceagent's INVITE (407)"
grep -q "INVITE .* from $TRUNK_USER ($TRUNK_USER) -> sip:${PHONE_USER}[^@]*@127.0.0.1:$PHONE_SIP" \
  "$WORK/kamailio.log" || fail "the PBX did not forward an authenticated INVITE from voiceagent to the phone"
sleep "$HOLD_S"
VA_TOKEN=$TOKEN
va_api POST "/api/calls/$CALL_OUT/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup of call $CALL_OUT: HTTP $API_STATUS $API_BODY"
va_wait_call "$TOKEN" "$CALL_OUT" ended 10
wait_until 5 "baresip: the call ended by voiceagent's BYE" phone_log_has \
  "Call with sip:$TRUNK_USER@.* terminated"
grep -q "in-dialog ACK .* from 127.0.0.1:$VA_SIP_PORT" "$WORK/kamailio.log" ||
  fail "voiceagent's ACK did not follow the Record-Route through the PBX (RFC 3261 13.2.2.4)"
grep -q "in-dialog BYE .* from 127.0.0.1:$VA_SIP_PORT" "$WORK/kamailio.log" ||
  fail "voiceagent's BYE did not follow the Record-Route through the PBX (RFC 3261 12.2.1.1)"
va_get_call "$TOKEN" "$CALL_OUT" >"$WORK/call_out.json"
check_record outbound "$WORK/call_out.json" ""
check_audio outbound 1

# --- 2. inbound: baresip -> PBX (407, DID lookup) -> voiceagent
bash "$PHONE" dial "$PD" "sip:$DID@$PBX" 15 >"$WORK/dial.txt" 2>&1 ||
  fail "baresip's call to $DID was not established: $(tail -n 3 "$WORK/dial.txt")"
grep -q "INVITE .* from 127.0.0.1:$PHONE_SIP: 407" "$WORK/kamailio.log" ||
  fail "the PBX never challenged the phone's INVITE (407)"
grep -q "INVITE .* from $PHONE_USER ($PHONE_USER) -> sip:$DID@127.0.0.1:$VA_SIP_PORT" "$WORK/kamailio.log" ||
  fail "the PBX did not send the DID's INVITE to voiceagent's registered contact"
# voiceagent's 200 must copy the INVITE's Record-Route (RFC 3261 12.1.1), or the phone's
# ACK and BYE go straight to voiceagent's Contact and bypass the PBX.
kam_saw() { grep -q "$1" "$WORK/kamailio.log"; }
NO_RR="voiceagent's 200 OK lacks the INVITE's Record-Route (RFC 3261 12.1.1)"
wait_until 3 "the phone's ACK through the PBX (if it went around it: $NO_RR)" \
  kam_saw "in-dialog ACK .* from 127.0.0.1:$PHONE_SIP"
VA_TOKEN=$TOKEN
va_api GET "/api/calls?per_page=5"
CALL_IN=$(jq -r '[.items[] | select(.direction == "inbound")][0].id // empty' <<<"$API_BODY")
[ -n "$CALL_IN" ] || fail "no inbound call record for the phone's call: $API_BODY"
va_wait_call "$TOKEN" "$CALL_IN" active 5
e2e_log "inbound call $CALL_IN from $PHONE_USER to $DID"
sleep "$HOLD_S"
# (returns once baresip reports CALL_CLOSED on the command's own connection)
bash "$PHONE" hangup "$PD" 10 >"$WORK/hangup.txt" 2>&1 ||
  fail "baresip hangup: $(tail -n 3 "$WORK/hangup.txt")"
va_wait_call "$TOKEN" "$CALL_IN" ended 10
grep -q "in-dialog BYE .* from 127.0.0.1:$PHONE_SIP" "$WORK/kamailio.log" ||
  fail "the phone's BYE went around the PBX: $NO_RR"
va_get_call "$TOKEN" "$CALL_IN" >"$WORK/call_in.json"
jq -e --arg d "$DID" '.to == $d' "$WORK/call_in.json" >/dev/null ||
  fail "inbound record: to is $(jq .to "$WORK/call_in.json"), expected $DID"
jq -e --arg u "$PHONE_USER" '.from | contains("sip:" + $u + "@")' "$WORK/call_in.json" >/dev/null ||
  fail "inbound record: from is $(jq .from "$WORK/call_in.json"), expected the phone $PHONE_USER"
check_record inbound "$WORK/call_in.json" remote_hangup
check_audio inbound 2

# --- the trunk stayed registered through both calls; baresip ended with no call up
registration_is registered || fail "voiceagent is no longer registered: $API_BODY"
bash "$PHONE" cmd "$PD" listcalls >"$WORK/listcalls.txt" 2>&1 || true
grep -q 'Active calls (0)' "$WORK/listcalls.txt" ||
  fail "baresip still has a call up: $(cat "$WORK/listcalls.txt")"
stop phone
# On SIGTERM voiceagent un-REGISTERs (Expires 0, digest again): the PBX drops its contact.
stop server
if kam_registered $TRUNK_USER; then
  fail "voiceagent's contact is still at the PBX after shutdown: $(kam_contact $TRUNK_USER)"
fi
stop kamailio
stop sim
echo "PASS: baresip <-> Kamailio (digest auth for REGISTER and INVITE) <-> voiceagent," \
  "outbound and inbound: answered, audio both ways, clean hangups"
