# Shared shell prelude of the integration and e2e scripts (bash; source it, do not run it):
# a work dir, background processes that are always stopped on exit (by their own pid only),
# bounded waits, free loopback ports, fail(), and SIPp started with a retry when a parallel
# test took its port first. tests/e2e/lib/e2e.sh and tests/integration/sip/lib.sh build on it.
#
#   source tests/e2e/lib/common.sh        # sets WORK (mktemp unless set), installs the trap
#   require TOOL...                       # exit 77 (ctest skip) when a tool is missing
#   fail "message"                        # FAIL line + tails of $WORK/*.log and *.err, exit 1
#   p=$(free_port)                        # free UDP+TCP port on 127.0.0.1
#   b=$(free_port_range N)                # N consecutive free UDP ports from an even one
#   spawn NAME [--cwd DIR] [--timeout S] -- CMD ARGS...   # background, log in $WORK/NAME.log
#   running NAME / pid_of NAME
#   wait_until TIMEOUT_S "what" CMD...    # poll CMD every 0.1 s, fail "what" on timeout
#   stop NAME [SIGNAL]                    # TERM (or SIGNAL), then KILL after 5 s
#   wait_exit NAME TIMEOUT_S              # wait for NAME to exit; sets EXIT_CODE
#                                         # (not in $(...): only this shell can wait)
#   sipp_start NAME [options] -- SIPP_ARGS...   # SIPp in the background, ready once bound
#   sipp_run NAME [options] -- SIPP_ARGS...     # SIPp to its end; sets EXIT_CODE
#       Both add -i/-mi 127.0.0.1, -p SIPP_PORT, -mp SIPP_MEDIA_PORT, -nostdin and
#       -trace_err -error_file $WORK/NAME.err; stdout goes to $WORK/NAME.log. A port picked by
#       free_port can be taken by a parallel test before SIPp binds it: SIPp then exits with
#       "Unable to bind", and both retry on new ports (options: --attempts N, default 5;
#       --media-ports N, size of the -mp block, default 4; --timeout S, default 120).
# KEEP_WORK=1 keeps the work dir (it is kept anyway when the script fails).
set -euo pipefail

E2E_SKIP=77
WORK=${WORK:-$(mktemp -d /tmp/va-test.XXXXXX)}
mkdir -p "$WORK"
declare -A E2E_PIDS=()
E2E_ORDER=()

# Stops what spawn started, newest first: TERM, up to 3 s, then KILL.
va_test_cleanup() {
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
trap va_test_cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*" >&2
  local f
  for f in "$WORK"/*.log "$WORK"/*.err; do
    [ -s "$f" ] || continue
    echo "--- ${f#"$WORK"/} (tail)" >&2
    tail -n "${E2E_TAIL:-15}" "$f" >&2
  done
  exit 1
}

require() {
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
# `timeout` (default 600 s) with stdout+stderr in $WORK/NAME.log; records its pid. `timeout`
# passes a TERM on to CMD and exits with CMD's status.
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
  # Emptied here, not only by the background redirection: a caller polling the log of a
  # NAME spawned before must never read the old run's lines.
  : >"$WORK/$name.log"
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

# --- SIPp with a retry on a port taken between free_port and its bind ---

# True once SIPp (a child of NAME's `timeout`) holds UDP PORT: a socket on the port held by
# some other process does not count, so a lost race is never taken for a ready peer.
sipp_bound_by() {
  local name=$1 port=$2 pid child sockets
  pid=$(pid_of "$name")
  [ -n "$pid" ] || return 1
  child=$(pgrep -P "$pid") || return 1  # `timeout` has one child: SIPp
  sockets=$(ss -Hlunp "sport = :$port" 2>/dev/null) || return 1
  [[ $sockets == *"pid=$child,"* ]]
}

# True when SIPp's last run said it could not bind its SIP or media port.
sipp_bind_failed() {
  grep -qs "Unable to bind" "$WORK/$1.err" "$WORK/$1.log"
}

# sipp_launch NAME TIMEOUT_S MEDIA_PORTS SIPP_ARGS...: one attempt on new ports.
sipp_launch() {
  local name=$1 limit=$2 media_ports=$3
  shift 3
  SIPP_PORT=$(free_port)
  SIPP_MEDIA_PORT=$(free_port_range "$media_ports")
  rm -f "$WORK/$name.err"
  spawn "$name" --timeout "$limit" -- sipp "$@" -i 127.0.0.1 -mi 127.0.0.1 -p "$SIPP_PORT" \
    -mp "$SIPP_MEDIA_PORT" -nostdin -trace_err -error_file "$WORK/$name.err"
}

# Parses sipp_start/sipp_run options into SIPP_OPT_*; sets SIPP_SHIFT to the count consumed.
sipp_options() {
  SIPP_OPT_ATTEMPTS=5 SIPP_OPT_MEDIA=4 SIPP_OPT_TIMEOUT=120 SIPP_SHIFT=0
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
      --attempts) SIPP_OPT_ATTEMPTS=$2 ;;
      --media-ports) SIPP_OPT_MEDIA=$2 ;;
      --timeout) SIPP_OPT_TIMEOUT=$2 ;;
      *) fail "sipp: unknown option $1" ;;
    esac
    shift 2
    SIPP_SHIFT=$((SIPP_SHIFT + 2))
  done
  [ $# -gt 0 ] || fail "sipp: missing -- before the SIPp arguments"
  SIPP_SHIFT=$((SIPP_SHIFT + 1))
}

# sipp_start NAME [options] -- SIPP_ARGS...: SIPp in the background (a UAS, or a UAC that is
# to run beside the test); returns once SIPp itself holds SIPP_PORT (bounded: 10 s).
sipp_start() {
  local name=$1 attempt
  shift
  sipp_options "$@"
  shift "$SIPP_SHIFT"
  for ((attempt = 1; attempt <= SIPP_OPT_ATTEMPTS; attempt++)); do
    sipp_launch "$name" "$SIPP_OPT_TIMEOUT" "$SIPP_OPT_MEDIA" "$@"
    local end=$((SECONDS + 10))
    until sipp_bound_by "$name" "$SIPP_PORT"; do
      running "$name" || break
      [ $SECONDS -lt $end ] || fail "sipp $name did not bind 127.0.0.1:$SIPP_PORT within 10 s"
      sleep 0.05
    done
    running "$name" && return 0
    wait_exit "$name" 5
    sipp_bind_failed "$name" || fail "sipp $name exited during start-up (exit code $EXIT_CODE)"
    echo "sipp $name: port $SIPP_PORT or $SIPP_MEDIA_PORT was taken (attempt $attempt): new ports"
  done
  fail "sipp $name could not bind free ports in $SIPP_OPT_ATTEMPTS attempts"
}

# sipp_run NAME [options] -- SIPP_ARGS...: SIPp in the foreground of the test (a UAC that
# places its calls and ends); waits (bounded by --timeout) and sets EXIT_CODE, SIPp's verdict.
sipp_run() {
  local name=$1 attempt
  shift
  sipp_options "$@"
  shift "$SIPP_SHIFT"
  for ((attempt = 1; attempt <= SIPP_OPT_ATTEMPTS; attempt++)); do
    sipp_launch "$name" "$SIPP_OPT_TIMEOUT" "$SIPP_OPT_MEDIA" "$@"
    wait_exit "$name" $((SIPP_OPT_TIMEOUT + 10))
    [ "$EXIT_CODE" != 0 ] && sipp_bind_failed "$name" || return 0
    echo "sipp $name: port $SIPP_PORT or $SIPP_MEDIA_PORT was taken (attempt $attempt): new ports"
  done
  fail "sipp $name could not bind free ports in $SIPP_OPT_ATTEMPTS attempts"
}
