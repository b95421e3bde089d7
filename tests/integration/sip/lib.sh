# Shared helpers for the SIP integration scripts: start `voiceagent serve` on a free loopback
# port, wait for it (bounded), stop it and read its counter summary. Source, do not run.
set -euo pipefail

VOICEAGENT=${1:?usage: $0 PATH_TO_voiceagent}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SKIP=77

if ! command -v sipp >/dev/null 2>&1; then
  echo "SKIP: sipp is not installed (Debian package sip-tester; scripts/setup installs it)"
  exit $SKIP
fi

WORK=$(mktemp -d /tmp/va-sip-it.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID"; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  [ -f "$WORK/server.log" ] && { echo "--- server log (tail)"; tail -n 30 "$WORK/server.log"; }
  exit 1
}

# A free TCP+UDP port on 127.0.0.1 (the kernel picks it; the race window is tiny).
free_port() {
  python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Starts the server with SIP on 127.0.0.1:0 and sets SIP_PORT from its log line.
start_server() {
  mkdir -p "$WORK/data"
  : >"$WORK/server.log"
  VOICEAGENT_SIP_LISTEN=127.0.0.1:0 VOICEAGENT_HTTP_LISTEN="127.0.0.1:$(free_port)" \
    VOICEAGENT_DATA_DIR="$WORK/data" "$VOICEAGENT" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    # "ready" comes after the call layer took over INVITEs (before it, they get 480).
    if grep -q "voiceagent ready" "$WORK/server.log"; then break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "server exited during start-up"
    sleep 0.05
  done
  SIP_PORT=$(grep -o 'udp:127\.0\.0\.1:[0-9]*' "$WORK/server.log" | head -n1 | cut -d: -f3)
  [ -n "$SIP_PORT" ] || fail "server did not report its SIP port within 5 s"
  echo "server pid $SERVER_PID listening on 127.0.0.1:$SIP_PORT"
}

# Sends SIGTERM, waits (bounded) for a clean exit and loads the counters into COUNTER_<name>.
stop_server() {
  kill -0 "$SERVER_PID" 2>/dev/null || fail "server died during the test"
  kill -TERM "$SERVER_PID"
  local rc=0
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$SERVER_PID" 2>/dev/null && fail "server did not stop within 5 s of SIGTERM"
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  [ "$rc" = 0 ] || fail "server exit code $rc"
  grep -q "voiceagent stopped cleanly" "$WORK/server.log" || fail "no clean-stop line"
  local summary
  summary=$(grep -o 'sip stopped: .*' "$WORK/server.log" | tail -n1)
  [ -n "$summary" ] || fail "no counter summary in the server log"
  echo "server counters: ${summary#sip stopped: }"
  for pair in ${summary#sip stopped: }; do
    eval "COUNTER_${pair%%=*}=${pair#*=}"
  done
}

# sipp with the options every run needs: loopback only, no stdin, a global timeout.
run_sipp() {
  local sipp_port
  sipp_port=$(free_port)
  sipp "127.0.0.1:$SIP_PORT" -i 127.0.0.1 -mi 127.0.0.1 -p "$sipp_port" -nostdin \
    -trace_screen -screen_file "$WORK/sipp_screen.log" -trace_err -error_file "$WORK/sipp_err.log" \
    -trace_stat -stf "$WORK/sipp_stat.csv" "$@" >"$WORK/sipp.out" 2>&1
}

# Column `name` of the last row of SIPp's statistics CSV (";"-separated).
sipp_stat() {
  python3 - "$WORK/sipp_stat.csv" "$1" <<'PY'
import sys
rows = [line.rstrip("\n").split(";") for line in open(sys.argv[1]) if line.strip()]
print(rows[-1][rows[0].index(sys.argv[2])])
PY
}
