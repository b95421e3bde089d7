# e2e harness (bash, source it): work dir, free ports, background processes that are always
# cleaned up, bounded waits, tshark capture on lo, tone files, SIPp peers, and the
# voiceagent server + simulator with REST helpers (api.py). Every wait is bounded; every
# process started here is stopped on exit (trap), by its own pid only.
#
#   source tests/e2e/lib/e2e.sh          # sets E2E_DIR, E2E_TOOLS, WORK; installs the trap
#   e2e_require sipp tshark               # exit 77 (ctest skip) when a tool is missing
#   p=$(free_port)                        # free UDP+TCP port on 127.0.0.1
#   spawn NAME [--cwd DIR] [--timeout S] -- CMD ARGS...   # background, log in $WORK/NAME.log
#   wait_until TIMEOUT_S "what" CMD...    # poll CMD every 0.1 s, fail "what" on timeout
#   stop NAME [SIGNAL]                    # TERM (or SIGNAL), then KILL after 5 s
#   wait_exit NAME TIMEOUT_S              # wait for NAME to exit; sets EXIT_CODE
#                                         # (not in $(...): only this shell can wait)
#   capture_start NAME "BPF filter"  /  capture_stop NAME   -> $WORK/NAME.pcapng
#   make_tones DIR [SECONDS]              # tone_gen.py set (440, 700, 1000, 1300 Hz)
#   fail "message"                        # prints FAIL + log tails, exits 1
# Server side (see server.sh): va_start, va_login, va_api, va_add_key, va_add_user, ...
set -euo pipefail

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
E2E_TOOLS=$E2E_DIR/tools
E2E_SCENARIOS=$E2E_DIR/scenarios
E2E_SKIP=77
WORK=${WORK:-$(mktemp -d /tmp/va-e2e.XXXXXX)}
mkdir -p "$WORK"
declare -A E2E_PIDS=()
E2E_ORDER=()

e2e_log() { echo "[$(date -u +%H:%M:%S.%3N)] $*"; }

e2e_cleanup() {
  local rc=$?
  local i name pid
  for ((i = ${#E2E_ORDER[@]} - 1; i >= 0; i--)); do
    name=${E2E_ORDER[$i]}
    pid=${E2E_PIDS[$name]:-}
    [ -n "$pid" ] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ "${KEEP_WORK:-0}" = 1 ] || [ "$rc" != 0 ]; then
    echo "work dir kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap e2e_cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*" >&2
  local f
  for f in "$WORK"/*.log; do
    [ -s "$f" ] || continue
    echo "--- ${f#"$WORK"/} (tail)" >&2
    tail -n "${E2E_TAIL:-15}" "$f" >&2
  done
  exit 1
}

e2e_require() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || {
      echo "SKIP: $t is not installed (scripts/setup installs sip-tester, tshark, baresip-core)"
      exit $E2E_SKIP
    }
  done
}

# A free port on 127.0.0.1 for both UDP and TCP (the kernel picks it; the race is tiny).
free_port() {
  python3 - <<'PY'
import socket
while True:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
    port = u.getsockname()[1]
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        t.bind(("127.0.0.1", port)); print(port); break
    except OSError:
        pass
    finally:
        t.close(); u.close()
PY
}

# A free block of COUNT consecutive UDP ports starting at an even port (RTP pools, SIPp -mp).
free_port_range() {
  python3 - "$1" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
for _ in range(200):
    base = random.randrange(20000, 60000 - count) & ~1
    socks = []
    try:
        for p in range(base, base + count):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", p))
            socks.append(s)
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
else:
    sys.exit("no free port range of %d" % count)
PY
}

# spawn NAME [--cwd DIR] [--timeout S] -- CMD...: runs CMD in the background under
# `timeout` (default 600 s) with stdout+stderr in $WORK/NAME.log; records its pid.
spawn() {
  local name=$1 cwd=$WORK limit=${E2E_PROCESS_TIMEOUT:-600}
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
      --cwd) cwd=$2; shift 2 ;;
      --timeout) limit=$2; shift 2 ;;
      *) fail "spawn: unknown option $1" ;;
    esac
  done
  shift
  (cd "$cwd" && exec timeout --signal=TERM --kill-after=5 "$limit" "$@") >"$WORK/$name.log" 2>&1 &
  E2E_PIDS[$name]=$!
  E2E_ORDER+=("$name")
}

pid_of() { echo "${E2E_PIDS[$1]:-}"; }

running() {
  local pid=${E2E_PIDS[$1]:-}
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# wait_until TIMEOUT_S WHAT CMD...: polls CMD every 0.1 s (its stdout is discarded; keep CMD
# quiet on stderr). CMD may call fail to stop early (e.g. the process died).
wait_until() {
  local limit=$1 what=$2
  shift 2
  local end=$((SECONDS + limit))
  until "$@" >/dev/null; do
    [ $SECONDS -lt $end ] || fail "timed out after ${limit}s waiting for: $what"
    sleep 0.1
  done
}

# wait_exit NAME TIMEOUT_S: waits (bounded) for NAME to end; sets EXIT_CODE. Call it
# directly, never in $(...): a subshell cannot wait for this shell's children.
wait_exit() {
  local name=$1 limit=$2 pid=${E2E_PIDS[$1]:-}
  [ -n "$pid" ] || fail "wait_exit: no process $name"
  local end=$((SECONDS + limit))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $end ] || fail "$name did not exit within ${limit}s"
    sleep 0.1
  done
  EXIT_CODE=0
  wait "$pid" 2>/dev/null || EXIT_CODE=$?
  E2E_PIDS[$name]=""
}

# stop NAME [SIGNAL]: signal (default TERM), wait up to 5 s, then KILL.
stop() {
  local name=$1 sig=${2:-TERM} pid=${E2E_PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  kill -"$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  E2E_PIDS[$name]=""
}

# capture_start NAME FILTER: tshark on lo into $WORK/NAME.pcapng, returns once capturing.
# (`timeout` forwards SIGINT, so capture_stop gets a cleanly closed file.)
capture_start() {
  local name=$1 filter=$2
  spawn "$name" -- tshark -n -i lo -f "$filter" -w "$WORK/$name.pcapng" -q
  wait_until 15 "tshark capturing ($name)" grep -qs "Capturing on" "$WORK/$name.log"
  sleep 0.3  # dumpcap has started its loop; the first packets are not lost
}

capture_stop() {
  local name=$1
  sleep 0.3  # let the last packets reach the ring buffer
  stop "$name" INT
  [ -s "$WORK/$name.pcapng" ] || fail "capture $name is empty or missing"
}

# make_tones DIR [SECONDS] [WAV_SECONDS]: pcaps, raw G.711 and WAVs for 440/700/1000/1300 Hz.
make_tones() {
  python3 "$E2E_TOOLS/tone_gen.py" set --dir "$1" --seconds "${2:-10}" --wav-seconds "${3:-60}"
}

# analyze CAPTURE ARGS...: rtp_analyze.py with JSON kept in $WORK/analyze_<n>.json.
E2E_ANALYZE_N=0
analyze() {
  E2E_ANALYZE_N=$((E2E_ANALYZE_N + 1))
  local out=$WORK/analyze_$E2E_ANALYZE_N.json
  if python3 "$E2E_TOOLS/rtp_analyze.py" "$@" >"$out" 2>"$out.err"; then
    return 0
  fi
  cat "$out.err" >&2
  return 1
}

source "$(dirname "${BASH_SOURCE[0]}")/sipp.sh"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
