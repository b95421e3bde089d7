#!/usr/bin/env bash
# Self-test of the e2e SIPp gateway scenarios, SIPp against SIPp on loopback: two concurrent
# calls from gateway_uac_tone.xml (440 Hz) to gateway_uas_tone.xml (1300 Hz), captured with
# tshark on lo (Ethernet link type) and on any (Linux cooked), then rtp_analyze.py proves each
# side received only the other side's tone, on its own port, with no loss. Exit 77 if SIPp
# or tshark is missing.
#   sipp_tone_selftest.sh [pcmu|pcma]
source "$(dirname "$0")/../lib/e2e.sh"
e2e_require sipp tshark
CODEC=${1:-pcmu}
CALLS=2

sipp_peer_ports_filter() {  # BPF for a peer's SIP port and media block
  local n=$1
  echo "port ${PEER_SIP_PORT[$n]} or portrange ${PEER_MEDIA_PORT[$n]}-$((PEER_MEDIA_PORT[$n] + 4 * CALLS + 3))"
}

sipp_peer uas gateway_uas_tone.xml --tone 1300 --codec "$CODEC" --tone-seconds 8 --calls $CALLS \
  --timeout 40
# The UAC's ports are chosen before it starts so the capture can name them.
UAC_SIP=$(free_port)
UAC_MEDIA=$(free_port_range $((4 * CALLS + 4)))
FILTER="udp and ($(sipp_peer_ports_filter uas) or port $UAC_SIP or portrange $UAC_MEDIA-$((UAC_MEDIA + 4 * CALLS + 3)))"
capture_start cap_lo "$FILTER"
spawn cap_any_tshark -- tshark -n -i any -f "$FILTER" -w "$WORK/cap_any.pcapng" -q
wait_until 15 "tshark on any capturing" grep -qs "Capturing on" "$WORK/cap_any_tshark.log"
sleep 0.3

mkdir -p "$WORK/uac"
python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 440 --seconds 8 --codec "$CODEC" --out "$WORK/uac/tone.pcap"
cp "$E2E_SCENARIOS/gateway_uac_tone.xml" "$WORK/uac/scenario.xml"
PT=$([ "$CODEC" = pcmu ] && echo 0 || echo 8)
ENC=$([ "$CODEC" = pcmu ] && echo PCMU || echo PCMA)
spawn uac --cwd "$WORK/uac" --timeout 60 -- sipp "127.0.0.1:${PEER_SIP_PORT[uas]}" \
  -sf "$WORK/uac/scenario.xml" -s 1000 -i 127.0.0.1 -mi 127.0.0.1 -p "$UAC_SIP" -mp "$UAC_MEDIA" \
  -key pt $PT -key codec $ENC -d 3000 -m $CALLS -l $CALLS -r 10 -nostdin -timeout 30s \
  -trace_logs -log_file "$WORK/uac.calls" -trace_err -error_file "$WORK/uac.err" \
  -trace_stat -stf "$WORK/uac.stat.csv"
wait_exit uac 60
rc_uac=$EXIT_CODE
wait_exit uas 60
rc_uas=$EXIT_CODE
capture_stop cap_lo
sleep 0.3
stop cap_any_tshark INT
[ "$rc_uac" = 0 ] || fail "SIPp UAC exit code $rc_uac (0 = all calls succeeded)"
[ "$rc_uas" = 0 ] || fail "SIPp UAS exit code $rc_uas"
[ "$(sipp_stat uac 'SuccessfulCall(C)')" = $CALLS ] || fail "UAC: expected $CALLS successful calls"
[ "$(sipp_events uas ack | wc -l)" = $CALLS ] || fail "UAS logged $(sipp_events uas ack | wc -l) ACKs"
[ "$(sipp_events uas bye_received | wc -l)" = $CALLS ] || fail "UAS logged too few BYEs"

for cap in cap_lo cap_any; do
  # The gateway received 440 Hz from every call; the caller received 1300 Hz on every call,
  # each call from its own gateway port.
  analyze "$WORK/$cap.pcapng" --src-port "$UAC_MEDIA-$((UAC_MEDIA + 4 * CALLS))" --expect 440 --min-packets 140 ||
    fail "$cap: caller -> gateway audio is not a clean 440 Hz"
  n_up=$(jq '.streams | length' "$WORK/analyze_$E2E_ANALYZE_N.json")
  lost=$(jq '[.streams[].lost] | add' "$WORK/analyze_$E2E_ANALYZE_N.json")
  analyze "$WORK/$cap.pcapng" --dst-port "$UAC_MEDIA-$((UAC_MEDIA + 4 * CALLS))" --expect 1300 --min-packets 140 ||
    fail "$cap: gateway -> caller audio is not a clean 1300 Hz"
  n_down=$(jq '.streams | length' "$WORK/analyze_$E2E_ANALYZE_N.json")
  uas_ports=$(jq -r '[.streams[].src] | unique | length' "$WORK/analyze_$E2E_ANALYZE_N.json")
  [ "$n_up" = $CALLS ] && [ "$n_down" = $CALLS ] ||
    fail "$cap: expected $CALLS streams each way, got $n_up up and $n_down down"
  [ "$uas_ports" = $CALLS ] || fail "$cap: gateway used $uas_ports source ports for $CALLS calls"
  [ "$lost" = 0 ] || fail "$cap: $lost packets lost on loopback"
  echo "$cap: $n_up streams 440 Hz up, $n_down streams 1300 Hz down, $uas_ports gateway ports, 0 lost"
done
echo "ok SIPp gateway_uac_tone ($CODEC, 440 Hz) <-> gateway_uas_tone (1300 Hz), $CALLS calls"

# One gateway, two numbers at the same moment: 5551001 must hear 700 Hz, 5552002 1000 Hz.
sipp_peer two gateway_uas_two_tones.xml --tone 700 --tone-b 1000 --codec "$CODEC" --tone-seconds 6 \
  --calls 2 --timeout 40
capture_start cap_two "udp and ($(sipp_peer_ports_filter two))"
for n in 5551001 5552002; do
  mkdir -p "$WORK/c$n"
  python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 440 --seconds 6 --codec "$CODEC" --out "$WORK/c$n/tone.pcap"
  cp "$E2E_SCENARIOS/gateway_uac_tone.xml" "$WORK/c$n/scenario.xml"
  eval "MEDIA_$n=$(free_port_range 8)"
  eval "media=\$MEDIA_$n"
  spawn "c$n" --cwd "$WORK/c$n" --timeout 40 -- sipp "127.0.0.1:${PEER_SIP_PORT[two]}" \
    -sf "$WORK/c$n/scenario.xml" -s "$n" -i 127.0.0.1 -mi 127.0.0.1 -p "$(free_port)" -mp "$media" \
    -key pt $PT -key codec $ENC -d 3000 -m 1 -nostdin -timeout 20s
done
for n in 5551001 5552002; do
  wait_exit "c$n" 40
  [ "$EXIT_CODE" = 0 ] || fail "caller $n rc $EXIT_CODE"
done
wait_exit two 40
[ "$EXIT_CODE" = 0 ] || fail "two-tone gateway rc $EXIT_CODE"
capture_stop cap_two
analyze "$WORK/cap_two.pcapng" --dst-port "$MEDIA_5551001-$((MEDIA_5551001 + 4))" --expect 700 --min-packets 140 ||
  fail "number 5551001 did not get a clean 700 Hz"
analyze "$WORK/cap_two.pcapng" --dst-port "$MEDIA_5552002-$((MEDIA_5552002 + 4))" --expect 1000 --min-packets 140 ||
  fail "number 5552002 did not get a clean 1000 Hz"
echo "ok gateway_uas_two_tones: 5551001 -> 700 Hz, 5552002 -> 1000 Hz, concurrently through one gateway"
echo "PASS: SIPp tone scenarios ($CODEC)"
