# e2e harness (bash, source it): on top of common.sh (work dir, free ports, background
# processes that are always cleaned up, bounded waits, SIPp with a port retry) it adds tshark
# capture on lo, tone files, SIPp peers, and the voiceagent server + simulator with REST
# helpers (api.py). Every wait is bounded; every process started here is stopped on exit
# (trap), by its own pid only.
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
WORK=${WORK:-$(mktemp -d /tmp/va-e2e.XXXXXX)}
# Work dir, trap, fail, free_port(_range), spawn, running, pid_of, wait_until, wait_exit, stop,
# sipp_start/sipp_run: the prelude every integration and e2e script shares.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

e2e_log() { echo "[$(date -u +%H:%M:%S.%3N)] $*"; }

e2e_require() { require "$@"; }

# The old name of the exit trap (common.sh installs va_test_cleanup).
e2e_cleanup() { va_test_cleanup; }

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
