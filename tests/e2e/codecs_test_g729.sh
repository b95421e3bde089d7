# codecs_test.sh g729 (sourced): SIPp gateway -> voiceagent on G.729 with Annex B SID frames
# and gaps; see codecs_test.sh.
e2e_require sipp
SIPP_SIP=$(free_port)
start_server "$SIPP_SIP" G729,PCMU

# The gateway's audio: 1 kHz in 1.5 s spurts with 3 s pauses, through our encoder with VAD.
mkdir -p "$WORK/gw"
python3 "$E2E_TOOLS/tone_gen.py" wav --freq $PHONE_HZ --seconds $((HOLD_S + 2)) --burst 1500:3000 \
  --out "$WORK/gw/tone.wav"
"$CODEC_TOOL" g729-pcap "$WORK/gw/tone.wav" "$WORK/gw/tone.pcap" >"$WORK/pcap.txt" ||
  fail "codec_tool g729-pcap: $(cat "$WORK/pcap.txt")"
read -r _ GW_PACKETS _ GW_SPEECH _ GW_SID _ GW_SILENT <"$WORK/pcap.txt"
[ "$GW_SID" -gt 0 ] && [ "$GW_SILENT" -gt 100 ] ||
  fail "the gateway's pcap has no SID frames or gaps: $(cat "$WORK/pcap.txt")"
e2e_log "gateway pcap: $GW_PACKETS packets, $GW_SPEECH speech frames, $GW_SID SID frames," \
  "$GW_SILENT frames not sent"

# PCMU offered first, G.729 (annexb=yes) second: the trunk's order must pick G.729.
sed -e 's|RTP/AVP \[pt\] 101|RTP/AVP 0 [pt] 101|' \
  -e 's|^\( *\)a=rtpmap:\[pt\] \[codec\]/8000|\1a=rtpmap:0 PCMU/8000\n\1a=rtpmap:[pt] [codec]/8000\n\1a=fmtp:[pt] annexb=yes|' \
  "$E2E_SCENARIOS/gateway_uac_tone.xml" >"$WORK/gw/scenario.xml"
grep -q 'RTP/AVP 0 \[pt\] 101' "$WORK/gw/scenario.xml" && grep -q 'annexb=yes' "$WORK/gw/scenario.xml" ||
  fail "could not make the G.729 offer from gateway_uac_tone.xml"

capture_start cap "udp and portrange $VA_RTP_MIN-$VA_RTP_MAX"
GW_MEDIA=$(free_port_range 8)
spawn gw --cwd "$WORK/gw" --timeout $((HOLD_S + 40)) -- sipp "127.0.0.1:$VA_SIP_PORT" \
  -sf scenario.xml -s "$DID" -d $((HOLD_S * 1000)) -key pt 18 -key codec G729 -i 127.0.0.1 \
  -mi 127.0.0.1 -p "$SIPP_SIP" -mp "$GW_MEDIA" -m 1 -nostdin -timeout $((HOLD_S + 30))s \
  -trace_msg -message_file "$WORK/gw.msg" -trace_err -error_file "$WORK/gw.err"
wait_exit gw $((HOLD_S + 40))
[ "$EXIT_CODE" = 0 ] || fail "the G.729 call failed (SIPp rc $EXIT_CODE): $(tail -n 5 "$WORK/gw.err" 2>/dev/null)"
capture_stop cap

# Our answer: G.729 alone (the trunk's first), annexb=no (we send without VAD), DTMF kept.
ANSWER=$(awk '/SIP\/2.0 200 OK/ {on = 1} on && /^m=audio/ {print; exit}' "$WORK/gw.msg" | tr -d '\r')
[[ $ANSWER =~ ^m=audio\ [0-9]+\ RTP/AVP\ 18\ 101$ ]] ||
  fail "our answer to 'PCMU, G729' from the trunk is '$ANSWER', expected G.729 (18) first"
grep -q 'a=fmtp:18 annexb=no' "$WORK/gw.msg" || fail "our answer lacks a=fmtp:18 annexb=no"
grep -q "media started: G729 pt 18" "$WORK/server.log" || fail "the server did not start G.729 media"
e2e_log "answer: $ANSWER, annexb=no"

CALL=$(latest_call)
[ -n "$CALL" ] || fail "no call record"
va_wait_call "$VA_TOKEN" "$CALL" ended 10
call_record g729_call "$CALL"

# What crossed the wire, both ways: G.729 payload sizes from the gateway (SID = 2 or 12/22
# bytes), and our packets, decoded by our own G.729 decoder into what the phone heard.
rtp_payloads() {  # FILTER -> one hex payload a line
  tshark -n -r "$WORK/cap.pcapng" -o rtp.heuristic_rtp:TRUE \
    -Y "rtp.p_type == 18 && $1" -T fields -e rtp.payload 2>/dev/null
}
rtp_payloads "udp.dstport >= $VA_RTP_MIN && udp.dstport <= $VA_RTP_MAX" >"$WORK/in.hex"
rtp_payloads "udp.srcport >= $VA_RTP_MIN && udp.srcport <= $VA_RTP_MAX" >"$WORK/out.hex"
IN_PKTS=$(wc -l <"$WORK/in.hex")
IN_SID=$(awk '{ gsub(":", ""); n = length($0) / 2; if (n % 10 == 2) c++ } END { print c + 0 }' "$WORK/in.hex")
OUT_PKTS=$(wc -l <"$WORK/out.hex")
OUT_BAD=$(awk '{ gsub(":", ""); if (length($0) != 40) c++ } END { print c + 0 }' "$WORK/out.hex")
[ "$IN_SID" -gt 0 ] || fail "no SID frame reached the server ($IN_PKTS G.729 packets in)"
[ "$OUT_PKTS" -gt 100 ] || fail "only $OUT_PKTS G.729 packets from the server"
[ "$OUT_BAD" = 0 ] || fail "$OUT_BAD of our packets are not 20 bytes (two frames, no VAD)"
"$CODEC_TOOL" decode g729 "$WORK/phone_heard.wav" <"$WORK/out.hex" >"$WORK/decode.txt"
e2e_log "wire: $IN_PKTS G.729 packets in ($IN_SID with a SID frame), $OUT_PKTS out (20 bytes" \
  "each); decoded: $(cat "$WORK/decode.txt")"

phone_heard g729 "$WORK/phone_heard.wav"
ai_heard 1
e2e_log "g729: $PHONE_HEARD; $AI_HEARD; record $RECORD"
stop server
stop sim
echo "PASS: G.729 call (SIPp gateway, Annex B SID frames and gaps): answered with the trunk's" \
  "codec, tone both ways"
