#!/usr/bin/env bash
# Integration: our user-agent client (uac_driver: SipStack on loopback UDP) against SIPp as
# the registrar and as the gateway (RFC 3261 10.2, 13.2, 22.2):
#  1. REGISTER with a 401 challenge checked by verifyauth, one refresh, removal (Expires: 0);
#  2. a wrong password: challenged twice, we give up (failed) and only send the removal;
#  3. INVITE answered 100/180/200, ACK arrives, we send BYE;
#  4. the same, the gateway sends BYE;
#  5. INVITE challenged 401, the retry's Authorization is checked, answered, BYE;
#  6. INVITE answered 486: outcome busy, the transaction ACKs the 486;
#  7. INVITE rings until our 2 s dial timeout: CANCEL, 487, ACK, outcome no_answer;
#  8. the same, but the gateway ignores the CANCEL (no 200, no 487): with T1 = 20 ms the
#     INVITE transaction gives up 64*T1 after the CANCEL (9.1), outcome no_answer 408, and the
#     stack's transaction table is empty again;
#  9. RFC 3262: the gateway sends its 180 reliably, twice (a retransmission): one PRACK, one
#     progress event, then 200, ACK, our BYE.
# Shared prelude: work dir, fail, spawn/stop, sipp_start (SIPp retried on new ports when a
# parallel test took the one free_port gave it).
source "$(dirname "${BASH_SOURCE[0]}")/../../e2e/lib/common.sh"
DRIVER=$(realpath "${1:?usage: $0 PATH_TO_uac_driver}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
require sipp

# Starts SIPp as the UAS of one call of scenario $1 and sets PORT once SIPp has bound it.
start_sipp() {
  sipp_start sipp --timeout 60 -- -sf "$HERE/scenarios/$1" -m 1 -timeout 30s
  PORT=$SIPP_PORT
}

# Waits (bounded) for SIPp to finish its call; fails unless it exits 0.
wait_sipp() {
  wait_exit sipp 20
  [ "$EXIT_CODE" = 0 ] || fail "sipp exit code $EXIT_CODE ($1)"
}

expect_line() {  # pattern
  grep -q -- "$1" "$WORK/driver.log" || fail "driver did not print '$1'"
}

run_driver() {
  timeout 40 "$DRIVER" "$@" >"$WORK/driver.log" 2>&1 || fail "driver exit code $?"
}

echo "1. registration with digest auth, refresh, removal"
start_sipp registrar_auth.xml
run_driver register "$PORT" alice secret 4 2
wait_sipp registrar_auth.xml
expect_line "registered 1 expires=4"
expect_line "registered 2 expires=4"
expect_line "result registrations=2 failures=0 unregistered=1 state=unregistered"

echo "2. registration with a wrong password"
start_sipp registrar_reject.xml
run_driver register "$PORT" alice wrong 60 1
wait_sipp registrar_reject.xml
expect_line "failed 401 wrong credentials"
expect_line "result registrations=0 failures=1 unregistered=1"

echo "3. call answered, we hang up"
start_sipp uac_gateway_answer.xml
run_driver call "$PORT" 300 alice secret
wait_sipp uac_gateway_answer.xml
expect_line "progress 100"
expect_line "progress 180"
expect_line "answered sdp=1"
expect_line "ended local_bye 200"
expect_line "sessions_left=0"

echo "4. call answered, the gateway hangs up"
start_sipp uac_gateway_bye.xml
run_driver call "$PORT" 0 alice secret
wait_sipp uac_gateway_bye.xml
expect_line "answered sdp=1"
expect_line "ended remote_bye 0"
expect_line "sessions_left=0"

echo "5. call challenged 401, answered with credentials"
start_sipp uac_gateway_auth.xml
run_driver call "$PORT" 300 alice secret
wait_sipp uac_gateway_auth.xml
expect_line "answered sdp=1"
expect_line "ended local_bye 200"

echo "6. busy"
start_sipp uac_gateway_busy.xml
run_driver call "$PORT" 300 alice secret
wait_sipp uac_gateway_busy.xml
expect_line "progress 100"
expect_line "failed busy 486"

echo "7. no answer: dial timeout cancels"
start_sipp uac_gateway_noanswer.xml
run_driver call "$PORT" 0 alice secret 2
wait_sipp uac_gateway_noanswer.xml
expect_line "progress 180"
expect_line "failed no_answer 487"

echo "8. no answer and the CANCEL ignored: the INVITE transaction gives up at 64*T1"
start_sipp uac_gateway_ignore_cancel.xml
run_driver call "$PORT" 0 alice secret 1 20
wait_sipp uac_gateway_ignore_cancel.xml
expect_line "progress 180"
expect_line "failed no_answer 408 dial timeout, no answer to CANCEL"
expect_line "transactions_active=0"

echo "9. reliable 180 (100rel), retransmitted: PRACKed once"
start_sipp uac_gateway_100rel.xml
run_driver call "$PORT" 300 alice secret
wait_sipp uac_gateway_100rel.xml
[ "$(grep -c '^progress 180' "$WORK/driver.log")" = 1 ] || fail "the reliable 180 was not passed up once"
expect_line "answered sdp=1"
expect_line "ended local_bye 200"
expect_line "sessions_left=0"

echo "PASS: registration (digest, refresh, removal, wrong password) and 7 outgoing calls via SIPp"
