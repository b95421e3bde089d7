#!/usr/bin/env bash
# E2E, issue 5's faults against the real `voiceagent serve`; in every case the call record is
# kept and says what happened:
#   1. retransmitted INVITE (tools/sip_invite_retrans.py sends the same INVITE three times,
#      200 ms apart, as a lossy path delivers it): exactly one dialog and one call record;
#      the caller's BYE ends it (remote_hangup);
#   2. lost ACK (gateway_uac_no_ack.xml: the caller never ACKs our 200): we retransmit the
#      200 and after 64*T1 (32 s) give up with a BYE; the record ends ack_timeout;
#   3. the gateway vanishes (gateway_uas_vanish.xml: answers our outbound call, plays 2 s of
#      tone, then sends nothing and answers nothing): RTP inactivity (3 s here) ends the
#      call; the record ends rtp_timeout with the packets it did get.
# Cases 1 and 3 run while case 2 waits out its 32 s.
#   faults_test.sh PATH_TO_voiceagent        (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: faults_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3

sim_start --mode tone --key e2e-faults-key-0001
sipp_peer vanish gateway_uas_vanish.xml --tone 440 --tone-seconds 2 --calls 1 --timeout 90
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[vanish]}" VOICEAGENT_SIP_INBOUND_ACL=127.0.0.1 \
  VOICEAGENT_RTP_INACTIVITY_TIMEOUT_S=3
va_login
va_add_key e2e-faults-key-0001 "faults" >/dev/null
# Three calls at once (new users may hold one at a time).
va_api POST /api/users '{"username":"faults-owner","password":"Faults-owner-pw-1","role":"admin","max_concurrent_calls":5}'
[ "$API_STATUS" = 201 ] || fail "create user: HTTP $API_STATUS $API_BODY"
OWNER_ID=$(jq -r .id <<<"$API_BODY")
va_api POST /api/inbound-routes "{\"number\":\"+1 555 000 1001\",\"owner_id\":$OWNER_ID}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"

va_login faults-owner 'Faults-owner-pw-1'
OWNER_TOKEN=$VA_TOKEN

# calls_to NUMBER -> JSON array of the owner's call records to NUMBER
calls_to() {
  VA_TOKEN=$OWNER_TOKEN va_api GET "/api/calls?per_page=100"
  [ "$API_STATUS" = 200 ] || fail "GET /api/calls: HTTP $API_STATUS $API_BODY"
  jq -c --arg n "$1" '[.items[] | select(.to == $n)]' <<<"$API_BODY"
}
ended_count() { [ "$(calls_to "$1" | jq '[.[] | select(.status == "ended")] | length')" -ge 1 ]; }

# --- 2. lost ACK: started first, it needs 32 s.
mkdir -p "$WORK/noack"
python3 "$E2E_TOOLS/tone_gen.py" pcap --freq 700 --seconds 4 --out "$WORK/noack/tone.pcap"
cp "$E2E_SCENARIOS/gateway_uac_no_ack.xml" "$WORK/noack/"
spawn noack --cwd "$WORK/noack" --timeout 90 -- sipp "127.0.0.1:$VA_SIP_PORT" \
  -sf gateway_uac_no_ack.xml -s +15550001001 -key pt 0 -key codec PCMU -i 127.0.0.1 \
  -mi 127.0.0.1 -p "$(free_port)" -mp "$(free_port_range 8)" -m 1 -nostdin -timeout 80 \
  -trace_msg -message_file "$WORK/noack/messages.log"

# --- 1. retransmitted INVITE
e2e_log "case 1: one INVITE delivered three times"
python3 "$E2E_TOOLS/sip_invite_retrans.py" --target "127.0.0.1:$VA_SIP_PORT" --to +15550001001 \
  --copies 3 --interval-ms 200 --hold-s 3 >"$WORK/retrans.json" ||
  fail "retransmitted INVITE: $(cat "$WORK/retrans.json")"
e2e_log "  $(cat "$WORK/retrans.json")"

# --- 3. the gateway vanishes mid-call (outbound)
e2e_log "case 3: the far end vanishes without BYE"
VA_TOKEN=$OWNER_TOKEN
CALL_V=$(va_place_call "$OWNER_TOKEN" +15550003003)
va_wait_call "$OWNER_TOKEN" "$CALL_V" active 15
va_wait_call "$OWNER_TOKEN" "$CALL_V" ended 20
va_get_call "$OWNER_TOKEN" "$CALL_V" >"$WORK/vanish.json"
jq -e '.end_reason == "rtp_timeout" and .media.packets_in > 50 and .media.packets_dropped_foreign == 0' \
  "$WORK/vanish.json" >/dev/null || fail "vanished gateway: $(cat "$WORK/vanish.json")"
e2e_log "  call $CALL_V: ended rtp_timeout," \
  "$(jq .media.packets_in "$WORK/vanish.json") packets in"

# Case 1's record (the retransmitted INVITE and case 2 both dial +15550001001: the retrans
# caller's From user is "retrans").
wait_until 10 "the retransmitted call's record ended" ended_count +15550001001
RETRANS=$(calls_to +15550001001 | jq -c '[.[] | select(.from | test("retrans"))]')
[ "$(jq length <<<"$RETRANS")" = 1 ] || fail "retransmitted INVITE made $(jq length <<<"$RETRANS") records: $RETRANS"
jq -e '.[0].status == "ended" and .[0].end_reason == "remote_hangup"' <<<"$RETRANS" >/dev/null ||
  fail "retransmitted INVITE record: $RETRANS"
e2e_log "  one record, ended remote_hangup"

# --- 2. lost ACK: wait for our BYE (64*T1 = 32 s after the 200).
e2e_log "case 2: waiting for the lost-ACK call to be given up (64*T1)"
wait_exit noack 60
[ "$EXIT_CODE" = 0 ] || fail "the caller that never ACKs saw a failed call (SIPp rc $EXIT_CODE)"
NOACK=$(calls_to +15550001001 | jq -c '[.[] | select(.from | test("retrans") | not)]')
[ "$(jq length <<<"$NOACK")" = 1 ] || fail "lost ACK: $(jq length <<<"$NOACK") records: $NOACK"
jq -e '.[0].status == "ended" and .[0].end_reason == "ack_timeout"' <<<"$NOACK" >/dev/null ||
  fail "lost ACK record: $NOACK"
n200=$(grep -c "SIP/2.0 200 OK" "$WORK/noack/messages.log" || true)
[ "$n200" -ge 5 ] || fail "the 200 was sent $n200 times: expected retransmissions until the give-up"
e2e_log "  200 OK seen $n200 times, then our BYE; record ended ack_timeout"
e2e_log "PASS: retransmitted INVITE, lost ACK and a vanished gateway each kept a record that says so"
