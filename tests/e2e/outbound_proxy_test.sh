#!/usr/bin/env bash
# sip.trunk.outbound_proxy end to end (issue 17): `voiceagent serve` with the trunk at
# sip:127.0.0.1:9 (nothing listens there) and VOICEAGENT_SIP_TRUNK_OUTBOUND_PROXY naming a
# SIPp proxy-registrar: the REGISTER reaches the proxy with the trunk's Request-URI and a
# loose Route to the proxy (the scenario checks both), and GET /api/sip/registration says
# "registered". A bad proxy value stops the server at start with a line naming the key.
# Exit 77 when sipp is missing.
#   outbound_proxy_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: outbound_proxy_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v sipp >/dev/null || { echo "SKIP: sipp missing"; exit 77; }
WORK=$(mktemp -d /tmp/va-proxy.XXXXXX)
PIDS=()
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

proxy_port=$(free_port) sip_port=$(free_port) http_port=$(free_port)
(cd "$WORK" && exec sipp -sf "$HERE/scenarios/proxy_registrar.xml" -i 127.0.0.1 -p "$proxy_port" \
   -m 1 -timeout 30s -nostdin >"$WORK/sipp.log" 2>&1) & SIPP=$!
PIDS+=($SIPP)
VOICEAGENT_DATA_DIR="$WORK/data" VOICEAGENT_SIP_LISTEN=127.0.0.1:$sip_port \
  VOICEAGENT_HTTP_LISTEN=127.0.0.1:$http_port VOICEAGENT_SUPERADMIN_PASSWORD=proxy-test-pass-1 \
  VOICEAGENT_SIP_TRUNK_URI=sip:127.0.0.1:9 VOICEAGENT_SIP_TRUNK_OUTBOUND_PROXY=127.0.0.1:$proxy_port \
  VOICEAGENT_RTP_PORT_MIN=39200 VOICEAGENT_RTP_PORT_MAX=39300 \
  "$VOICEAGENT" serve >"$WORK/serve.log" 2>&1 & PIDS+=($!)
token="" state="" body=""
for _ in $(seq 100); do
  token=$(curl -sf -X POST "127.0.0.1:$http_port/api/auth/login" \
    -d '{"username":"superadmin","password":"proxy-test-pass-1"}' 2>/dev/null |
    python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])' 2>/dev/null) && break
  sleep 0.1
done
[ -n "$token" ] || fail "server did not come up"
for _ in $(seq 100); do
  body=$(curl -sf -H "Authorization: Bearer $token" "127.0.0.1:$http_port/api/sip/registration")
  state=$(python3 -c 'import sys,json;print(json.loads(sys.argv[1])["state"])' "$body")
  [ "$state" = registered ] && break
  sleep 0.1
done
[ "$state" = registered ] || fail "expected registered through the proxy, the API says: $body"
for _ in $(seq 100); do kill -0 "$SIPP" 2>/dev/null || break; sleep 0.1; done
wait "$SIPP" || fail "the proxy scenario failed (Request-URI or Route wrong)"

# A proxy whose host name does not resolve, or not host:port, stops the server at start.
for bad in "proxy.example.com:5060" "sip:user@127.0.0.1:5060"; do
  set +e
  VOICEAGENT_DATA_DIR="$WORK/data-bad" VOICEAGENT_SIP_LISTEN=127.0.0.1:$(free_port) \
    VOICEAGENT_HTTP_LISTEN=127.0.0.1:$(free_port) VOICEAGENT_SUPERADMIN_PASSWORD=proxy-test-pass-1 \
    VOICEAGENT_SIP_TRUNK_URI=sip:127.0.0.1:9 VOICEAGENT_SIP_TRUNK_OUTBOUND_PROXY="$bad" \
    timeout 20 "$VOICEAGENT" serve >"$WORK/serve-bad.log" 2>&1
  rc=$?
  set -e
  [ "$rc" != 0 ] && [ "$rc" != 124 ] || fail "server did not refuse outbound_proxy '$bad' (rc $rc)"
  grep -q "sip.trunk.outbound_proxy" "$WORK/serve-bad.log" ||
    fail "no line naming sip.trunk.outbound_proxy for '$bad'"
done
echo "PASS: REGISTER through the outbound proxy (trunk Request-URI, loose Route), bad values refused"
