#!/usr/bin/env bash
# Integration: SIPp (UAC) calls dialog_uas_peer (SipStack + DialogRegistry on loopback UDP):
#  1. INVITE -> 180 -> 200, a retransmitted INVITE absorbed, ACK, BYE from SIPp;
#  2. the same, with our UAS hanging up (BYE from us, RFC 3261 15);
#  3. a re-INVITE with a new media address answered 200 with our SDP, then BYE from SIPp;
#  4. a CANCEL while we ring: 200 to the CANCEL, 487 to the INVITE, the call reported cancelled;
#  5. SIPp never ACKs our 200: with T1 = 20 ms we resend it and send BYE 64*T1 after it
#     (13.3.1.4), the session ends (ack timeout) and none is left behind;
#  6. RFC 3262: an INVITE with Require: 100rel gets a reliable 180 (RSeq), resent at T1
#     doubling (seen in SIPp's message trace) until SIPp's PRACK (200), then the 200 after 2 s,
#     ACK, BYE.
# Each run checks SIPp's verdict and the peer's dialog counters (no session left behind).
# Shared prelude: work dir, fail, spawn/stop, sipp_run (SIPp retried on new ports when a
# parallel test took the one free_port gave it).
source "$(dirname "${BASH_SOURCE[0]}")/../../e2e/lib/common.sh"
PEER=$(realpath "${1:?usage: $0 PATH_TO_dialog_uas_peer}")  # spawn runs it from $WORK
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
require sipp

peer_listening() {
  running peer || fail "peer exited during start-up"
  grep -q "^listening" "$WORK/peer.log"
}

start_peer() {  # $1: hangup delay in ms (0 = never), $2: answer delay in ms (0 = at once),
  # $3: T1 in ms (default 500)
  spawn peer --timeout 120 -- "$PEER" "$1" "${2:-0}" "${3:-500}"
  wait_until 5 "peer listening" peer_listening
  PORT=$(sed -n '/udp:127\.0\.0\.1:[0-9]/{s/.*udp:127\.0\.0\.1:\([0-9]*\).*/\1/p;q;}' "$WORK/peer.log")
  [ -n "$PORT" ] || fail "peer did not report its port"
}

stop_peer() {  # loads the counters into C_<name>
  running peer || fail "peer died during the test"
  kill -TERM "$(pid_of peer)"
  wait_exit peer 5
  [ "$EXIT_CODE" = 0 ] || fail "peer exit code $EXIT_CODE"
  local line
  line=$(sed -n 's/.*\(dialog counters: .*\)/\1/p' "$WORK/peer.log" | tail -n1)
  [ -n "$line" ] || fail "no counter line"
  echo "  peer: ${line#dialog counters: }"
  for pair in ${line#dialog counters: }; do eval "C_${pair%%=*}=${pair#*=}"; done
}

run_sipp() {  # scenario, call count
  sipp_run sipp --timeout 60 -- "127.0.0.1:$PORT" -sf "$HERE/scenarios/$1" -m "$2" -r 10 \
    -timeout 30s -trace_stat -stf "$WORK/sipp_stat.csv"
  [ "$EXIT_CODE" = 0 ] || fail "sipp reported failed calls in $1 (exit code $EXIT_CODE)"
}

expect() {  # name expected
  local value
  value=$(eval echo "\${C_$1}")
  [ "$value" = "$2" ] || fail "$1=$value, expected $2"
}

echo "1. caller hangs up, retransmitted INVITE absorbed"
start_peer 0
run_sipp dialog_uac_bye.xml 5
stop_peer
expect calls 5; expect confirmed 5; expect remote_bye 5; expect local_bye 0
expect other_end 0; expect sessions_left 0; expect pending_left 0; expect merged 0
[ "$C_absorbed" -ge 5 ] || fail "absorbed=$C_absorbed: the 5 retransmitted INVITEs were not absorbed"

echo "2. we hang up"
start_peer 200
run_sipp dialog_uac_callee_bye.xml 5
stop_peer
expect calls 5; expect confirmed 5; expect local_bye 5; expect remote_bye 0
expect sessions_left 0

echo "3. re-INVITE with a new media address"
start_peer 0
run_sipp dialog_uac_reinvite.xml 5
stop_peer
expect calls 5; expect offers 5; expect remote_bye 5; expect sessions_left 0

echo "4. CANCEL while ringing"
start_peer 0 2000
run_sipp dialog_uac_cancel.xml 5
stop_peer
expect calls 5; expect cancelled 5; expect confirmed 0; expect sessions_left 0
expect pending_left 0

echo "5. no ACK: BYE after 64*T1"
start_peer 0 0 20
run_sipp dialog_uac_no_ack.xml 3
stop_peer
expect calls 3; expect confirmed 0; expect other_end 3; expect local_bye 0; expect remote_bye 0
expect sessions_left 0

echo "6. Require: 100rel: reliable 180 resent until the PRACK"
start_peer 0 2000
sipp_run sipp --timeout 60 -- "127.0.0.1:$PORT" -sf "$HERE/scenarios/dialog_uac_100rel.xml" -m 3 \
  -r 10 -timeout 30s -trace_msg -message_file "$WORK/sipp_100rel_msg.log"
[ "$EXIT_CODE" = 0 ] || fail "sipp reported failed calls in dialog_uac_100rel.xml (exit code $EXIT_CODE)"
# Per call: the 180 and its resends at 0.5 s and 1.5 s before SIPp's PRACK at 1.7 s.
rings=$(grep -c "^SIP/2.0 180 " "$WORK/sipp_100rel_msg.log" || true)
[ "$rings" -ge 9 ] || fail "$rings reliable 180s seen for 3 calls: expected each resent twice"
echo "  reliable 180s SIPp received for 3 calls (first copies and resends): $rings"
stop_peer
expect calls 3; expect confirmed 3; expect remote_bye 3; expect sessions_left 0
expect reliable 3; expect pracks 3; expect prack_timeouts 0

echo "PASS: 26 calls over SIPp: BYE both ways, retransmitted INVITE absorbed, re-INVITE answered," \
  "CANCEL, BYE for a 200 never ACKed, 100rel with PRACK"
