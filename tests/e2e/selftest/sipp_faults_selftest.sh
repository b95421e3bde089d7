#!/usr/bin/env bash
# Self-test of the e2e fault and registrar scenarios, SIPp against SIPp on loopback:
#   registrar_auth   <- uac_register_auth (right password: 401 then 200 Expires 60;
#                                          wrong password: 401 then 401 again)
#   gateway_uas_busy <- SIPp built-in uac (486, ACK)
#   gateway_uas_noanswer <- uac_cancel (180, CANCEL, 200, 487, ACK)
#   gateway_uas_tone_bye -> gateway_uac_tone_wait (the gateway hangs up after -d; tone both ways)
#   gateway_uac_no_ack -> gateway_uas_tone (200 retransmitted, never ACKed)
#   gateway_uas_vanish <- gateway_uac_tone (RTP stops after the 2 s tone, BYE never answered)
# (tools/sip_invite_retrans.py is checked against baresip in baresip_selftest.sh: SIPp's UAS
# aborts its call on a retransmitted INVITE.) Exit 77 if SIPp or tshark is missing.
source "$(dirname "$0")/../lib/e2e.sh"
e2e_require sipp tshark
HERE=$(cd "$(dirname "$0")" && pwd)

# run_uac NAME SCENARIO_PATH REMOTE_PEER [sipp args]: a SIPp client against a running peer.
run_uac() {
  local name=$1 scen=$2 peer=$3
  shift 3
  mkdir -p "$WORK/$name"
  cp "$scen" "$WORK/$name/scenario.xml"
  [ -f "$WORK/$peer/tone.pcap" ] && python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 440 --seconds 6 \
    --out "$WORK/$name/tone.pcap"
  UAC_MEDIA=$(free_port_range 8)
  spawn "$name" --cwd "$WORK/$name" --timeout 90 -- sipp "127.0.0.1:${PEER_SIP_PORT[$peer]}" \
    -sf "$WORK/$name/scenario.xml" -i 127.0.0.1 -mi 127.0.0.1 -p "$(free_port)" -mp "$UAC_MEDIA" \
    -m 1 -nostdin -trace_logs -log_file "$WORK/$name.calls" -trace_screen \
    -screen_file "$WORK/$name.screen" "$@"
}

# --- registrar with digest auth
sipp_peer reg registrar_auth.xml --calls 10 --timeout 60 -- -key user alice -key password s3cret \
  -key expires 60
run_uac reg_ok "$HERE/uac_register_auth.xml" reg -s alice -au alice -ap s3cret -timeout 20s
wait_exit reg_ok 30
[ "$EXIT_CODE" = 0 ] && grep -q "registered" "$WORK/reg_ok.calls" ||
  fail "register with the right password: rc $EXIT_CODE, $(cat "$WORK/reg_ok.calls" 2>/dev/null)"
run_uac reg_bad "$HERE/uac_register_auth.xml" reg -s alice -au alice -ap wrong -timeout 20s
wait_exit reg_bad 30
[ "$EXIT_CODE" = 0 ] && grep -q "rejected" "$WORK/reg_bad.calls" ||
  fail "register with a wrong password: rc $EXIT_CODE, $(cat "$WORK/reg_bad.calls" 2>/dev/null)"
stop reg
[ "$(sipp_events reg challenge | wc -l)" = 2 ] && [ "$(sipp_events reg registered | wc -l)" = 1 ] &&
  [ "$(sipp_events reg rejected | wc -l)" = 1 ] || fail "registrar log: $(cat "$WORK/reg.calls")"
echo "ok registrar_auth: 401 challenge, 200 with Expires 60 for alice, 401 again for a wrong password"

# --- busy
sipp_peer busy gateway_uas_busy.xml --timeout 30
spawn busy_uac --timeout 40 -- sipp "127.0.0.1:${PEER_SIP_PORT[busy]}" -sn uac -i 127.0.0.1 \
  -mi 127.0.0.1 -p "$(free_port)" -mp "$(free_port_range 4)" -m 1 -nostdin -timeout 15s \

wait_exit busy_uac 30
wait_exit busy 30
[ "$EXIT_CODE" = 0 ] && [ "$(sipp_events busy ack_for_486 | wc -l)" = 1 ] ||
  fail "busy gateway: rc $EXIT_CODE, $(cat "$WORK/busy.calls")"
grep -q "received 'SIP/2.0 486 Busy Here" "$WORK/busy_uac.log" || fail "the caller never saw the 486"
echo "ok gateway_uas_busy: 486 Busy Here, ACKed"

# --- ringing, never answers: CANCEL
sipp_peer noans gateway_uas_noanswer.xml --timeout 30
run_uac cancel_uac "$HERE/uac_cancel.xml" noans -s 1000 -timeout 20s
wait_exit cancel_uac 30
rc_uac=$EXIT_CODE
wait_exit noans 30
[ "$rc_uac" = 0 ] && [ "$EXIT_CODE" = 0 ] && [ "$(sipp_events noans cancel_received | wc -l)" = 1 ] ||
  fail "no-answer gateway: caller rc $rc_uac, gateway rc $EXIT_CODE"
echo "ok gateway_uas_noanswer: 180, CANCEL -> 200 + 487 -> ACK"

# --- gateway hangs up after 2 s; tone both ways
sipp_peer byegw gateway_uas_tone_bye.xml --tone 1000 --tone-seconds 6 --timeout 30 -- -d 2000
capture_start cap_bye "udp and (port ${PEER_SIP_PORT[byegw]} or portrange ${PEER_MEDIA_PORT[byegw]}-$((PEER_MEDIA_PORT[byegw] + 7)))"
run_uac wait_uac "$E2E_SCENARIOS/gateway_uac_tone_wait.xml" byegw -s 1000 -key pt 0 -key codec PCMU \
  -timeout 20s
wait_exit wait_uac 30
rc_uac=$EXIT_CODE
wait_exit byegw 30
capture_stop cap_bye
[ "$rc_uac" = 0 ] && [ "$EXIT_CODE" = 0 ] && [ "$(sipp_events wait_uac bye_received | wc -l)" = 1 ] ||
  fail "gateway BYE: caller rc $rc_uac, gateway rc $EXIT_CODE"
analyze "$WORK/cap_bye.pcapng" --src-port "${PEER_MEDIA_PORT[byegw]}" --expect 1000 --min-packets 90 ||
  fail "gateway_uas_tone_bye did not send 1000 Hz"
analyze "$WORK/cap_bye.pcapng" --dst-port "${PEER_MEDIA_PORT[byegw]}" --expect 440 --min-packets 90 ||
  fail "gateway_uac_tone_wait did not send 440 Hz"
echo "ok gateway_uas_tone_bye -> gateway_uac_tone_wait: BYE after 2 s, 1000 Hz and 440 Hz"

# --- never ACKs: SIPp's UAS retransmits its 200; no ACK ever goes out
sipp_peer ackgw gateway_uas_tone.xml --timeout 12
capture_start cap_noack "udp and port ${PEER_SIP_PORT[ackgw]}"
run_uac noack_uac "$E2E_SCENARIOS/gateway_uac_no_ack.xml" ackgw -s 1000 -key pt 0 -key codec PCMU \
  -timeout 6s
# SIPp's UAS gives up after its 200 retransmissions; the no-ACK caller would wait 60 s for a
# BYE that SIPp never sends (our server must send it): stop both after 6 s of 200s.
wait_until 15 "no-ACK caller got the 200" grep -qs answered_no_ack "$WORK/noack_uac.calls"
sleep 6  # the 200 retransmission schedule being observed (T1 doubling), not a synchronisation
stop noack_uac
stop ackgw
capture_stop cap_noack
n200=$(tshark -n -r "$WORK/cap_noack.pcapng" -Y 'sip.Status-Code == 200' 2>/dev/null | wc -l)
nack=$(tshark -n -r "$WORK/cap_noack.pcapng" -Y 'sip.Method == "ACK"' 2>/dev/null | wc -l)
[ "$n200" -ge 3 ] && [ "$nack" = 0 ] && [ "$(sipp_events noack_uac answered_no_ack | wc -l)" = 1 ] ||
  fail "no-ACK caller: $n200 200s seen, $nack ACKs"
echo "ok gateway_uac_no_ack: $n200 copies of the 200, 0 ACKs"

# --- vanishing gateway: 2 s of tone, then silence, BYE unanswered
sipp_peer vanish gateway_uas_vanish.xml --tone 1300 --tone-seconds 2 --timeout 60
capture_start cap_vanish "udp and (port ${PEER_SIP_PORT[vanish]} or portrange ${PEER_MEDIA_PORT[vanish]}-$((PEER_MEDIA_PORT[vanish] + 7)))"
run_uac van_uac "$E2E_SCENARIOS/gateway_uac_tone.xml" vanish -s 1000 -key pt 0 -key codec PCMU \
  -d 4000 -timeout 15s
# The caller's BYE is never answered: watch it being ignored for 3 s, then stop both.
wait_until 20 "vanishing gateway got the BYE" grep -qs bye_ignored "$WORK/vanish.calls"
sleep 3  # observation window for unanswered BYE retransmissions, not a synchronisation
stop van_uac
stop vanish
capture_stop cap_vanish
analyze "$WORK/cap_vanish.pcapng" --src-port "${PEER_MEDIA_PORT[vanish]}" --expect 1300 ||
  fail "vanishing gateway sent no 1300 Hz"
up=$(jq '.streams[0].packets' "$WORK/analyze_$E2E_ANALYZE_N.json")
nbye200=$(tshark -n -r "$WORK/cap_vanish.pcapng" -Y "sip.CSeq.method == \"BYE\" && sip.Status-Code" 2>/dev/null | wc -l)
nbye=$(tshark -n -r "$WORK/cap_vanish.pcapng" -Y 'sip.Method == "BYE"' 2>/dev/null | wc -l)
[ "$up" -ge 95 ] && [ "$up" -le 101 ] && [ "$nbye" -ge 1 ] && [ "$nbye200" = 0 ] &&
  [ "$(sipp_events vanish bye_ignored | wc -l)" = 1 ] ||
  fail "vanish: $up RTP packets (expect 100), $nbye BYEs, $nbye200 BYE responses"
echo "ok gateway_uas_vanish: $up packets (2 s) then silence; $nbye BYEs, none answered"
echo "PASS: SIPp fault and registrar scenarios"
