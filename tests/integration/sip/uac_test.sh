#!/usr/bin/env bash
# Integration: our user-agent client (uac_driver: SipStack on loopback UDP) against SIPp as
# the registrar and as the gateway (RFC 3261 10.2, 13.2, 22.2):
#  1. REGISTER with a 401 challenge checked by verifyauth, one refresh, removal (Expires: 0);
#  2. a wrong password: challenged twice, we give up (failed) and only send the removal;
#  3. INVITE answered 100/180/200, ACK arrives, we send BYE;
#  4. the same, the gateway sends BYE;
#  5. INVITE challenged 401, the retry's Authorization is checked, answered, BYE;
#  6. INVITE answered 486: outcome busy, the transaction ACKs the 486;
#  7. INVITE rings until our 2 s dial timeout: CANCEL, 487, ACK, outcome no_answer.
set -euo pipefail
DRIVER=${1:?usage: $0 PATH_TO_uac_driver}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v sipp >/dev/null 2>&1; then
  echo "SKIP: sipp is not installed (Debian package sip-tester)"
  exit 77
fi
WORK=$(mktemp -d /tmp/va-uac-it.XXXXXX)
SIPP_PID=""
cleanup() {
  if [ -n "$SIPP_PID" ] && kill -0 "$SIPP_PID" 2>/dev/null; then kill -KILL "$SIPP_PID"; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  tail -n 40 "$WORK/driver.out" "$WORK/sipp.out" "$WORK/sipp_err.log" 2>/dev/null || true
  exit 1
}
free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Starts SIPp as a UAS for one call of scenario $1 on a free port (PORT), waits until it binds.
# Another test running in parallel may take the port between free_port and SIPp's bind: then
# SIPp exits at once and we try again on a new port (5 attempts).
start_sipp() {
  local attempt
  for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    rm -f "$WORK/sipp_err.log"
    sipp -sf "$HERE/scenarios/$1" -i 127.0.0.1 -mi 127.0.0.1 -p "$PORT" -mp "$(free_port)" \
      -m 1 -nostdin -timeout 30s -trace_err -error_file "$WORK/sipp_err.log" \
      >"$WORK/sipp.out" 2>&1 &
    SIPP_PID=$!
    for _ in $(seq 1 100); do
      python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)' "$PORT" && kill -0 "$SIPP_PID" 2>/dev/null && return 0
      kill -0 "$SIPP_PID" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$SIPP_PID" 2>/dev/null; then
      fail "sipp did not bind 127.0.0.1:$PORT within 5 s"
    fi
    grep -q "Unable to bind" "$WORK/sipp_err.log" 2>/dev/null || fail "sipp exited during start-up"
    echo "port $PORT was taken before SIPp could bind it (attempt $attempt): trying another"
  done
  fail "sipp could not bind a free port in 5 attempts"
}

# Waits (bounded) for SIPp to finish its call; fails unless it exits 0.
wait_sipp() {
  local rc=0
  for _ in $(seq 1 400); do
    kill -0 "$SIPP_PID" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$SIPP_PID" 2>/dev/null && fail "sipp still running 20 s after the driver ended"
  wait "$SIPP_PID" || rc=$?
  SIPP_PID=""
  [ "$rc" = 0 ] || fail "sipp exit code $rc ($1)"
}

expect_line() {  # pattern
  grep -q -- "$1" "$WORK/driver.out" || fail "driver did not print '$1'"
}

run_driver() {
  timeout 40 "$DRIVER" "$@" >"$WORK/driver.out" 2>&1 || fail "driver exit code $?"
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

echo "PASS: registration (digest, refresh, removal, wrong password) and 5 outgoing calls via SIPp"
