#!/usr/bin/env bash
# Integration: the shared prelude's SIPp helpers (tests/e2e/lib/common.sh) survive losing the
# race for a port. free_port is made to hand out a port another process already holds, as a
# parallel test would: sipp_start (a UAS) and sipp_run (a UAC) must see SIPp's "Unable to
# bind", start it again on a new port, and the call between the two must then succeed.
source "$(dirname "${BASH_SOURCE[0]}")/../../e2e/lib/common.sh"
require sipp python3 ss pgrep

# The port thief: binds a UDP port on 127.0.0.1 and holds it.
spawn thief --timeout 120 -- python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
time.sleep(120)'
wait_until 5 "the thief holding a port" grep -q . "$WORK/thief.log"
TAKEN=$(head -n1 "$WORK/thief.log")

# free_port hands out the taken port once per "$WORK/race" file, then real free ports.
eval "$(declare -f free_port | sed '1s/^free_port/real_free_port/')"
free_port() {
  if [ -e "$WORK/race" ]; then
    rm -f "$WORK/race"
    echo "$TAKEN"
  else
    real_free_port
  fi
}

echo "1. sipp_start: a UAS whose first port is taken"
touch "$WORK/race"
sipp_start uas --timeout 60 -- -sn uas -m 1 -timeout 30s >"$WORK/start.out"
cat "$WORK/start.out"
grep -q "port $TAKEN .*taken (attempt 1)" "$WORK/start.out" || fail "sipp_start did not retry"
[ "$SIPP_PORT" != "$TAKEN" ] || fail "sipp_start kept the taken port"
sipp_bound_by uas "$SIPP_PORT" || fail "the UAS does not hold 127.0.0.1:$SIPP_PORT"
UAS_PORT=$SIPP_PORT

echo "2. sipp_run: a UAC whose first port is taken calls that UAS"
touch "$WORK/race"
sipp_run uac --timeout 60 -- "127.0.0.1:$UAS_PORT" -sn uac -m 1 -timeout 30s >"$WORK/run.out"
cat "$WORK/run.out"
grep -q "port $TAKEN .*taken (attempt 1)" "$WORK/run.out" || fail "sipp_run did not retry"
[ "$EXIT_CODE" = 0 ] || fail "the UAC's call failed (exit code $EXIT_CODE)"
wait_exit uas 20
[ "$EXIT_CODE" = 0 ] || fail "the UAS's call failed (exit code $EXIT_CODE)"

echo "PASS: sipp_start and sipp_run moved to new ports after losing $TAKEN, and the call went through"
