#!/usr/bin/env bash
# Integration: a burst of malformed requests (garbage, a bad Via, a missing Call-ID, a bad
# CSeq, SIP/3.0) mixed with good OPTIONS, while SIPp runs OPTIONS calls alongside. Good
# requests get 200, bad ones 400/505 whose reason names the fault, garbage nothing; the server
# stays up and keeps answering.
source "$(dirname "$0")/lib.sh"
ROUNDS=20
start_server
run_sipp -sf "$HERE/scenarios/options_uac.xml" -m 40 -r 20 -timeout 30s &
SIPP_PID=$!
python3 "$HERE/malformed_burst.py" "$SIP_PORT" "$ROUNDS" || burst_failed=1
wait "$SIPP_PID" || fail "sipp OPTIONS calls failed during the burst"
[ -z "${burst_failed:-}" ] || fail "malformed burst expectations not met"
# The server is still up and answering after the burst.
run_sipp -sf "$HERE/scenarios/options_uac.xml" -m 5 -r 20 -timeout 20s ||
  fail "OPTIONS after the burst failed"
stop_server
[ "$COUNTER_parse_errors" = $((6 * ROUNDS)) ] ||
  fail "expected $((6 * ROUNDS)) parse errors, counted $COUNTER_parse_errors"
[ "$COUNTER_error_responses" = $((4 * ROUNDS)) ] ||
  fail "expected $((4 * ROUNDS)) error responses, sent $COUNTER_error_responses"
[ "$COUNTER_server_transactions" = $((ROUNDS + 45)) ] ||
  fail "expected $((ROUNDS + 45)) transactions, counted $COUNTER_server_transactions"
echo "PASS: burst of $((7 * ROUNDS)) messages handled; 45 SIPp OPTIONS answered alongside"
