#!/usr/bin/env bash
# Integration: SIPp (UAC) calls dialog_uas_peer (SipStack + DialogRegistry on loopback UDP):
#  1. INVITE -> 180 -> 200, a retransmitted INVITE absorbed, ACK, BYE from SIPp;
#  2. the same, with our UAS hanging up (BYE from us, RFC 3261 15);
#  3. a re-INVITE with a new media address answered 200 with our SDP, then BYE from SIPp;
#  4. a CANCEL while we ring: 200 to the CANCEL, 487 to the INVITE, the call reported cancelled.
# Each run checks SIPp's verdict and the peer's dialog counters (no session left behind).
set -euo pipefail
PEER=${1:?usage: $0 PATH_TO_dialog_uas_peer}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v sipp >/dev/null 2>&1; then
  echo "SKIP: sipp is not installed (Debian package sip-tester)"
  exit 77
fi
WORK=$(mktemp -d /tmp/va-dialog-it.XXXXXX)
PEER_PID=""
cleanup() {
  if [ -n "$PEER_PID" ] && kill -0 "$PEER_PID" 2>/dev/null; then kill -KILL "$PEER_PID"; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  tail -n 30 "$WORK/sipp.out" "$WORK/sipp_err.log" "$WORK/peer.log" 2>/dev/null || true
  exit 1
}
free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start_peer() {  # $1: hangup delay in ms (0 = never), $2: answer delay in ms (0 = at once)
  : >"$WORK/peer.log"
  "$PEER" "$1" "${2:-0}" >"$WORK/peer.log" 2>&1 &
  PEER_PID=$!
  for _ in $(seq 1 100); do
    grep -q "^listening" "$WORK/peer.log" && break
    kill -0 "$PEER_PID" 2>/dev/null || fail "peer exited during start-up"
    sleep 0.05
  done
  PORT=$(grep -o 'udp:127\.0\.0\.1:[0-9]*' "$WORK/peer.log" | head -n1 | cut -d: -f3)
  [ -n "$PORT" ] || fail "peer did not report its port within 5 s"
}

stop_peer() {  # loads the counters into C_<name>
  kill -TERM "$PEER_PID"
  local rc=0
  for _ in $(seq 1 100); do
    kill -0 "$PEER_PID" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$PEER_PID" 2>/dev/null && fail "peer did not stop within 5 s"
  wait "$PEER_PID" || rc=$?
  PEER_PID=""
  [ "$rc" = 0 ] || fail "peer exit code $rc"
  local line
  line=$(grep -o 'dialog counters: .*' "$WORK/peer.log" | tail -n1)
  [ -n "$line" ] || fail "no counter line"
  echo "  peer: ${line#dialog counters: }"
  for pair in ${line#dialog counters: }; do eval "C_${pair%%=*}=${pair#*=}"; done
}

run_sipp() {  # scenario, call count
  sipp "127.0.0.1:$PORT" -i 127.0.0.1 -mi 127.0.0.1 -p "$(free_port)" -mp "$(free_port)" \
    -nostdin -sf "$HERE/scenarios/$1" -m "$2" -r 10 -timeout 30s \
    -trace_err -error_file "$WORK/sipp_err.log" -trace_stat -stf "$WORK/sipp_stat.csv" \
    >"$WORK/sipp.out" 2>&1 || fail "sipp reported failed calls in $1"
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

echo "PASS: 20 calls over SIPp: BYE both ways, retransmitted INVITE absorbed, re-INVITE answered, CANCEL"
