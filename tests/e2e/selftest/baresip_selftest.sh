#!/usr/bin/env bash
# Self-test of tests/e2e/peers/baresip_phone.sh with SIPp, both directions, plus the
# retransmitted-INVITE caller against a real UAS stack (baresip/libre):
#   1. SIPp gateway_uac_tone (440 Hz) calls baresip (auto-answer, 700 Hz): each side hears
#      the other's tone (tshark capture + baresip's own recording).
#   2. baresip dials SIPp gateway_uas_tone (1300 Hz) through ctrl_tcp and hangs up.
#   3. tools/sip_invite_retrans.py sends its INVITE 3 times to baresip: one dialog, BYE 200.
# Exit 77 if sipp, tshark or baresip is missing.
source "$(dirname "$0")/../lib/e2e.sh"
e2e_require sipp tshark baresip
PHONE=$E2E_DIR/peers/baresip_phone.sh

# --- 1. SIPp calls baresip
BS_SIP=$(free_port)
BS_CTRL=$(free_port)
"$PHONE" config "$WORK/phone" --sip-port "$BS_SIP" --ctrl-port "$BS_CTRL" --tone 700 --answer auto \
  --user 1000
spawn phone -- "$PHONE" run "$WORK/phone"
wait_until 10 "baresip ctrl_tcp on $BS_CTRL" bash -c "exec 2>/dev/null; exec 3<>/dev/tcp/127.0.0.1/$BS_CTRL"
spawn phone_events -- "$PHONE" events "$WORK/phone"
capture_start cap1 "udp and (port $BS_SIP or portrange 10000-10998 or portrange 30000-30100)"
mkdir -p "$WORK/caller"
python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 440 --seconds 8 --out "$WORK/caller/tone.pcap"
cp "$E2E_SCENARIOS/gateway_uac_tone.xml" "$WORK/caller/scenario.xml"
CALLER_MEDIA=$(free_port_range 8)
spawn caller --cwd "$WORK/caller" --timeout 40 -- sipp "127.0.0.1:$BS_SIP" -sf "$WORK/caller/scenario.xml" \
  -s 1000 -i 127.0.0.1 -mi 127.0.0.1 -p "$(free_port)" -mp "$CALLER_MEDIA" -key pt 0 -key codec PCMU \
  -d 4000 -m 1 -nostdin -timeout 20s -trace_logs -log_file "$WORK/caller.calls"
wait_exit caller 40
[ "$EXIT_CODE" = 0 ] || fail "SIPp caller -> baresip: rc $EXIT_CODE"
"$PHONE" wait-event "$WORK/phone" CALL_CLOSED 10 || fail "baresip never reported CALL_CLOSED"
capture_stop cap1
analyze "$WORK/cap1.pcapng" --src-port "$CALLER_MEDIA-$((CALLER_MEDIA + 4))" --expect 440 --min-packets 180 ||
  fail "SIPp -> baresip audio is not 440 Hz"
analyze "$WORK/cap1.pcapng" --dst-port "$CALLER_MEDIA-$((CALLER_MEDIA + 4))" --expect 700 --min-packets 180 ||
  fail "baresip -> SIPp audio is not 700 Hz"
rec=$("$PHONE" recording "$WORK/phone")
[ -n "$rec" ] || fail "baresip wrote no recording in $WORK/phone/rec"
analyze "$rec" --expect 440 || fail "baresip's recording $rec is not 440 Hz"
echo "ok SIPp -> baresip: 440 Hz heard by baresip (capture and recording), 700 Hz heard by SIPp"

# --- 2. baresip dials SIPp
sipp_peer gw gateway_uas_tone.xml --tone 1300 --tone-seconds 10 --timeout 40
capture_start cap2 "udp and (port ${PEER_SIP_PORT[gw]} or portrange ${PEER_MEDIA_PORT[gw]}-$((PEER_MEDIA_PORT[gw] + 7)))"
"$PHONE" dial "$WORK/phone" "sip:1000@127.0.0.1:${PEER_SIP_PORT[gw]}" 15 >"$WORK/dial.out" ||
  fail "baresip dial: $(cat "$WORK/dial.out")"
sleep 3  # the call's duration (not a synchronisation)
"$PHONE" hangup "$WORK/phone" 10 >"$WORK/hangup.out" || fail "baresip hangup: $(cat "$WORK/hangup.out")"
wait_exit gw 20
[ "$EXIT_CODE" = 0 ] || fail "SIPp gateway rc $EXIT_CODE"
capture_stop cap2
analyze "$WORK/cap2.pcapng" --src-port "${PEER_MEDIA_PORT[gw]}-$((PEER_MEDIA_PORT[gw] + 4))" --expect 1300 \
  --min-packets 120 || fail "SIPp gateway -> baresip audio is not 1300 Hz"
analyze "$WORK/cap2.pcapng" --dst-port "${PEER_MEDIA_PORT[gw]}-$((PEER_MEDIA_PORT[gw] + 4))" --expect 700 \
  --min-packets 120 || fail "baresip -> SIPp gateway audio is not 700 Hz"
sleep 1.1  # sndfile names files by the second: the next recording gets a new name
rec=$("$PHONE" recording "$WORK/phone")
analyze "$rec" --expect 1300 || fail "baresip's recording $rec is not 1300 Hz"
echo "ok baresip -> SIPp gateway: 1300 Hz heard by baresip, 700 Hz heard by the gateway"

# --- 3. retransmitted INVITE against baresip
python3 "$E2E_TOOLS/sip_invite_retrans.py" --target "127.0.0.1:$BS_SIP" --to 1000 --copies 3 \
  --interval-ms 200 --hold-s 1 >"$WORK/retrans.json" || fail "retrans caller: $(cat "$WORK/retrans.json")"
[ "$(jq '.to_tags | length' "$WORK/retrans.json")" = 1 ] || fail "more than one dialog: $(cat "$WORK/retrans.json")"
echo "ok sip_invite_retrans.py -> baresip: $(jq -c '{invites_sent, responses, bye_answered}' "$WORK/retrans.json")"
"$PHONE" cmd "$WORK/phone" quit >/dev/null || true
echo "PASS: baresip phone with SIPp both ways, INVITE retransmissions"
