#!/usr/bin/env bash
# Integration: transactions under 15 % packet loss (SIPp -lost). Each call is OPTIONS -> 200
# and INVITE -> 404 (no inbound route for the number) -> ACK. SIPp retransmits what it loses; the server must absorb every
# retransmitted request in the existing transaction (exactly two server transactions per call,
# none duplicated) and resend its last response, and every call must succeed.
source "$(dirname "$0")/lib.sh"
CALLS=40
start_server
run_sipp -sf "$HERE/scenarios/options_invite_uac.xml" -m "$CALLS" -r 20 -l 40 -lost 15 -max_retrans 10 \
  -timeout 60s || {
  tail -n 40 "$WORK/sipp_screen.log" 2>/dev/null
  fail "sipp reported failed calls under loss"
}
successful=$(sipp_stat 'SuccessfulCall(C)')
sipp_retrans=$(sipp_stat 'Retransmissions(C)')
echo "sipp: $successful successful calls, $sipp_retrans retransmissions"
[ "$successful" = "$CALLS" ] || fail "expected $CALLS successful calls, got $successful"
[ "$sipp_retrans" -gt 0 ] || fail "SIPp retransmitted nothing: the loss did not happen"
stop_server
expected=$((2 * CALLS))
[ "$COUNTER_server_transactions" = "$expected" ] ||
  fail "duplicate or missing transactions: $COUNTER_server_transactions != $expected"
[ "$COUNTER_retransmissions_absorbed" -gt 0 ] || fail "no retransmission reached the server"
[ "$COUNTER_retransmissions_sent" -gt 0 ] || fail "the server resent no response"
[ "$COUNTER_timeouts" = 0 ] || fail "$COUNTER_timeouts INVITE transactions ended on Timer H"
[ "$COUNTER_parse_errors" = 0 ] || fail "unexpected parse errors"
echo "PASS: $CALLS calls under 15% loss, $expected transactions, 0 duplicates," \
  "$COUNTER_retransmissions_absorbed retransmissions absorbed, $COUNTER_retransmissions_sent resent"
