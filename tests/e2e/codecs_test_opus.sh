# codecs_test.sh opus (sourced): baresip <-> voiceagent on Opus, both directions; see
# codecs_test.sh.
e2e_require baresip sox
PHONE_SIP=$(free_port)
PHONE_CTRL=$(free_port)
# baresip also listens for TLS on its SIP port + 1.
while [ "$PHONE_CTRL" = $((PHONE_SIP + 1)) ]; do PHONE_CTRL=$(free_port); done
PHONE_USER=2001
start_server "$PHONE_SIP" OPUS,PCMU
va_login codec-owner 'Codec-owner-pw-1'

PD=$WORK/phone
PHONE=$E2E_DIR/peers/baresip_phone.sh
bash "$PHONE" config "$PD" --sip-port "$PHONE_SIP" --ctrl-port "$PHONE_CTRL" --user $PHONE_USER \
  --answer auto --codec opus --tone $PHONE_HZ --tone-seconds 1
# 1.5 s spurts, 4 s pauses (turns for the AI's VAD), at Opus's 48 kHz; longer than a call.
python3 "$E2E_TOOLS/tone_gen.py" wav --freq $PHONE_HZ --seconds 40 --burst 1500:4000 \
  --out "$PD/tone8k.wav"
sox "$PD/tone8k.wav" -r 48000 "$PD/tone.wav"
capture_start cap "udp and (portrange $VA_RTP_MIN-$VA_RTP_MAX or port $VA_SIP_PORT)"
spawn phone --timeout 300 -- bash "$PHONE" run "$PD"
phone_log_has() { running phone || fail "baresip exited"; grep -qs "$1" "$WORK/phone.log"; }
wait_until 10 "baresip ready" phone_log_has "baresip is ready"

newest_recording() {
  local rec
  rec=$(bash "$PHONE" recording "$PD")
  [ -s "${rec:-/nonexistent}" ] && [ "$rec" != "${LAST_REC:-}" ] ||
    fail "$1: baresip wrote no new recording of what it heard"
  LAST_REC=$rec
  # At 8 kHz for the analysis (pure Python): the tones checked are all below 2 kHz.
  sox "$rec" -r 8000 "$WORK/$1-heard.wav"
}

# --- 1. outbound: we call the phone (the trunk's address): opus is offered first.
CALL_OUT=$(va_place_call "$VA_TOKEN" "sip:$PHONE_USER@127.0.0.1:$PHONE_SIP")
va_wait_call "$VA_TOKEN" "$CALL_OUT" active 15
sleep "$HOLD_S"
va_api POST "/api/calls/$CALL_OUT/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup: HTTP $API_STATUS $API_BODY"
va_wait_call "$VA_TOKEN" "$CALL_OUT" ended 10
call_record opus_out "$CALL_OUT"
OUT_RECORD=$RECORD
wait_until 5 "baresip: the call ended" phone_log_has "terminated"
newest_recording opus_out
phone_heard opus_out "$WORK/opus_out-heard.wav"
ai_heard 1
e2e_log "opus outbound: $PHONE_HEARD; $AI_HEARD; record $OUT_RECORD"

# --- 2. inbound: the phone calls the DID; it offers opus only.
bash "$PHONE" dial "$PD" "sip:$DID@127.0.0.1:$VA_SIP_PORT" 15 >"$WORK/dial.txt" 2>&1 ||
  fail "baresip's call to $DID was not established: $(tail -n 3 "$WORK/dial.txt")"
CALL_IN=$(latest_call)
[ -n "$CALL_IN" ] && [ "$CALL_IN" != "$CALL_OUT" ] || fail "no inbound call record"
va_wait_call "$VA_TOKEN" "$CALL_IN" active 5
sleep "$HOLD_S"
bash "$PHONE" hangup "$PD" 10 >"$WORK/hangup.txt" 2>&1 ||
  fail "baresip hangup: $(tail -n 3 "$WORK/hangup.txt")"
va_wait_call "$VA_TOKEN" "$CALL_IN" ended 10
call_record opus_in "$CALL_IN"
IN_RECORD=$RECORD
newest_recording opus_in
phone_heard opus_in "$WORK/opus_in-heard.wav"
ai_heard 2
e2e_log "opus inbound: $PHONE_HEARD; $AI_HEARD; record $IN_RECORD"
stop phone
capture_stop cap

# --- the wire: our offer put opus (111) first; both calls ran on opus.
OFFER=$(tshark -n -r "$WORK/cap.pcapng" -d "udp.port==$VA_SIP_PORT,sip" -Y "sip.Method == \"INVITE\" && udp.srcport == $VA_SIP_PORT" \
  -T fields -e sdp.media 2>/dev/null | head -n1)
[[ $OFFER =~ ^audio\ [0-9]+\ RTP/AVP\ 111\  ]] ||
  fail "our INVITE to the trunk offered '$OFFER', expected opus (111) first (sip.trunk.codecs)"
tshark -n -r "$WORK/cap.pcapng" -d "udp.port==$VA_SIP_PORT,sip" -Y "sdp.media" -T fields -e sdp.media_attr 2>/dev/null |
  grep -qi "opus/48000/2" || fail "no opus/48000/2 rtpmap in the SDP"
[ "$(grep -c "media started: opus pt" "$WORK/server.log")" = 2 ] ||
  fail "the server did not start Opus media for both calls: $(grep "media started" "$WORK/server.log")"
# Per direction: Opus packets (dynamic PTs other than telephone-event) and their mean size.
opus_stats() {  # FILTER -> "N packets, mean B bytes (~K kbit/s)"
  tshark -n -r "$WORK/cap.pcapng" -o rtp.heuristic_rtp:TRUE \
    -Y "rtp.p_type >= 96 && rtp.p_type != 101 && $1" -T fields -e udp.length 2>/dev/null |
    awk '{ n++; b += $1 - 20 } END { if (n) printf "%d packets, mean %.1f bytes (~%.1f kbit/s)", n, b / n, b / n * 8 * 50 / 1000; else print "0 packets" }'
}
TO_PHONE=$(opus_stats "udp.srcport >= $VA_RTP_MIN && udp.srcport <= $VA_RTP_MAX")
FROM_PHONE=$(opus_stats "udp.dstport >= $VA_RTP_MIN && udp.dstport <= $VA_RTP_MAX")
[[ $TO_PHONE != "0 packets" && $FROM_PHONE != "0 packets" ]] ||
  fail "no Opus RTP on the wire: to the phone $TO_PHONE, from it $FROM_PHONE"
e2e_log "wire: offer '$OFFER'; to the phone $TO_PHONE; from the phone $FROM_PHONE"
stop server
stop sim
echo "PASS: Opus calls with baresip, outbound (opus offered first to the trunk) and inbound," \
  "tone both ways"
