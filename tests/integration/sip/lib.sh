# Shared helpers for the SIP integration scripts against `voiceagent serve`: start it on a
# free loopback port, wait for it (bounded), stop it and read its counter summary, run SIPp
# at it. Source, do not run.
# The prelude shared with the other integration and e2e scripts: work dir, trap, fail,
# free_port, spawn/stop/wait_exit, sipp_run (SIPp retried on new ports when a parallel test
# took the one free_port gave it).
source "$(dirname "${BASH_SOURCE[0]}")/../../e2e/lib/common.sh"

VOICEAGENT=$(realpath "${1:?usage: $0 PATH_TO_voiceagent}")  # spawn runs it from $WORK
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SKIP=$E2E_SKIP
require sipp

# Starts the server with SIP on 127.0.0.1:0 and sets SIP_PORT from its log line.
server_ready() {
  running server || fail "server exited during start-up"
  # "ready" comes after the call layer took over INVITEs (before it, they get 480).
  grep -q "voiceagent ready" "$WORK/server.log"
}

start_server() {
  mkdir -p "$WORK/data"
  spawn server --timeout 300 -- env VOICEAGENT_SIP_LISTEN=127.0.0.1:0 \
    VOICEAGENT_HTTP_LISTEN="127.0.0.1:$(free_port)" VOICEAGENT_DATA_DIR="$WORK/data" \
    "$VOICEAGENT" serve
  wait_until 5 "server ready" server_ready
  SIP_PORT=$(sed -n '/udp:127\.0\.0\.1:[0-9]/{s/.*udp:127\.0\.0\.1:\([0-9]*\).*/\1/p;q;}' "$WORK/server.log")
  [ -n "$SIP_PORT" ] || fail "server did not report its SIP port"
  echo "server pid $(pid_of server) listening on 127.0.0.1:$SIP_PORT"
}

# Sends SIGTERM, waits (bounded) for a clean exit and loads the counters into COUNTER_<name>.
stop_server() {
  running server || fail "server died during the test"
  kill -TERM "$(pid_of server)"
  wait_exit server 5
  [ "$EXIT_CODE" = 0 ] || fail "server exit code $EXIT_CODE"
  grep -q "voiceagent stopped cleanly" "$WORK/server.log" || fail "no clean-stop line"
  local summary
  summary=$(sed -n 's/.*\(sip stopped: .*\)/\1/p' "$WORK/server.log" | tail -n1)
  [ -n "$summary" ] || fail "no counter summary in the server log"
  echo "server counters: ${summary#sip stopped: }"
  for pair in ${summary#sip stopped: }; do
    eval "COUNTER_${pair%%=*}=${pair#*=}"
  done
}

# sipp against the server with the options every run needs (loopback only, no stdin, screen,
# errors and statistics in $WORK); returns SIPp's exit code. Output: $WORK/sipp.log,
# sipp.err, sipp_screen.log, sipp_stat.csv.
run_sipp() {
  sipp_run sipp --timeout 120 -- "127.0.0.1:$SIP_PORT" -trace_screen \
    -screen_file "$WORK/sipp_screen.log" -trace_stat -stf "$WORK/sipp_stat.csv" "$@"
  return "$EXIT_CODE"
}

# Column `name` of the last row of SIPp's statistics CSV (";"-separated).
sipp_stat() {
  python3 - "$WORK/sipp_stat.csv" "$1" <<'PY'
import sys
rows = [line.rstrip("\n").split(";") for line in open(sys.argv[1]) if line.strip()]
print(rows[-1][rows[0].index(sys.argv[2])])
PY
}
