#!/usr/bin/env bash
# Registration end to end (issue 5): `voiceagent serve` registers at a SIPp registrar that
# demands digest auth; GET /api/sip/registration shows "registered" with its expiry; a wrong
# password shows "failed" with the registrar's answer. Exit 77 when sipp is missing.
#   registration_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: registration_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v sipp >/dev/null || { echo "SKIP: sipp missing"; exit 77; }
WORK=$(mktemp -d /tmp/va-reg.XXXXXX)
PIDS=()
# The server un-REGISTERs on SIGTERM (bounded at 3 s): give it 5 s before SIGKILL.
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -n 20 "$WORK"/*.log 2>/dev/null || true; exit 1; }
free_port() { python3 -c 'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

run_case() {  # $1 = password the server uses, $2 = expected state
  local reg_port sip_port http_port
  reg_port=$(free_port) sip_port=$(free_port) http_port=$(free_port)
  (cd "$WORK" && exec sipp -sf "$HERE/scenarios/registrar_auth.xml" -i 127.0.0.1 -p "$reg_port" \
     -key user line1 -key password right-secret -key expires 60 -timeout 30s -nostdin \
     >"$WORK/sipp.log" 2>&1) & PIDS+=($!)
  VOICEAGENT_DATA_DIR="$WORK/data-$2" VOICEAGENT_SIP_LISTEN=127.0.0.1:$sip_port \
    VOICEAGENT_HTTP_LISTEN=127.0.0.1:$http_port VOICEAGENT_SUPERADMIN_PASSWORD=reg-test-pass-1 \
    VOICEAGENT_SIP_TRUNK_URI=sip:127.0.0.1:$reg_port VOICEAGENT_SIP_TRUNK_USERNAME=line1 \
    VOICEAGENT_SIP_TRUNK_PASSWORD="$1" VOICEAGENT_RTP_PORT_MIN=39000 VOICEAGENT_RTP_PORT_MAX=39100 \
    "$VOICEAGENT" serve >"$WORK/serve-$2.log" 2>&1 & PIDS+=($!)
  local token="" state="" body=""
  for _ in $(seq 100); do
    token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
      -d '{"username":"superadmin","password":"reg-test-pass-1"}' 2>/dev/null |
      python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])' 2>/dev/null) && break
    sleep 0.1
  done
  [ -n "$token" ] || fail "server did not come up"
  for _ in $(seq 100); do
    body=$(curl -sf -H "Authorization: Bearer $token" "127.0.0.1:$http_port/api/sip/registration")
    state=$(python3 -c 'import sys,json;print(json.loads(sys.argv[1])["state"])' "$body")
    [ "$state" = "$2" ] && break
    sleep 0.1
  done
  [ "$state" = "$2" ] || fail "expected state $2, the API says: $body"
  echo "password '$1': $body"
  if [ "$2" = registered ]; then
    python3 -c 'import sys,json,time;b=json.loads(sys.argv[1]);u=b["registered_until"]
assert b["last_status"]==200 and b["granted_expires_s"]==60, b
assert 50000 < u-time.time()*1000 < 61000, b' "$body" || fail "registered_until/expiry wrong: $body"
  fi
}
run_case right-secret registered
run_case wrong-secret failed
echo "PASS: registration with digest auth visible in the API (registered, and failed for a wrong password)"
