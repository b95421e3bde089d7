#!/usr/bin/env bash
# Integration: SIPp sends OPTIONS to `voiceagent serve` over UDP, then over TCP (one
# connection, responses on it: RFC 3261 18.2.2); every one gets 200 with Allow and Accept
# (RFC 3261 11.2); an OPTIONS requiring an option tag we lack gets 420 with Unsupported.
source "$(dirname "$0")/lib.sh"
start_server
run_sipp -sf "$HERE/scenarios/options_uac.xml" -m 10 -r 20 -timeout 20s ||
  fail "sipp reported failed calls"  # fail shows the tails of sipp.log and sipp.err
[ "$(sipp_stat 'SuccessfulCall(C)')" = 10 ] || fail "expected 10 successful OPTIONS over UDP"
run_sipp -t t1 -sf "$HERE/scenarios/options_uac.xml" -m 10 -r 20 -timeout 20s ||
  fail "sipp reported failed calls over TCP"
[ "$(sipp_stat 'SuccessfulCall(C)')" = 10 ] || fail "expected 10 successful OPTIONS over TCP"
# RFC 3261 8.2.2.3: an unknown option tag in Require gets 420 naming it in Unsupported.
run_sipp -sf "$HERE/scenarios/options_require_uac.xml" -m 5 -r 20 -timeout 20s ||
  fail "sipp reported failed OPTIONS with Require"
[ "$(sipp_stat 'SuccessfulCall(C)')" = 5 ] || fail "expected 5 OPTIONS with Require answered 420"
stop_server
[ "$COUNTER_server_transactions" = 25 ] || fail "expected 25 server transactions"
[ "$COUNTER_parse_errors" = 0 ] || fail "unexpected parse errors"
echo "PASS: 10 OPTIONS over UDP and 10 over TCP answered 200, 5 requiring an unknown option 420"
