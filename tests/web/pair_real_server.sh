#!/usr/bin/env bash
# Issue 7's acceptance test against the real `voiceagent serve`: a SIPp gateway
# (gateway_uas_two_tones.xml: +15551001 plays 440 Hz, +15552002 plays 1300 Hz, each call
# waits for our BYE) is the server's trunk; `voiceagent sim` stands in for Gemini Live
# (scripted replies, so transcripts stream). web/e2e/run.mjs --only pair then has
# two users in two browser contexts start calls at the same moment, watch their own live
# views (transcript, media facts), hang up, and find each call in their own history only.
#   pair_real_server.sh PATH_TO_voiceagent OUT_DIR       (exit 77 = skip: no sipp/node/chromium)
source "$(dirname "$0")/../e2e/lib/e2e.sh"
VOICEAGENT=${1:?usage: pair_real_server.sh PATH_TO_voiceagent OUT_DIR}
OUT=${2:?OUT_DIR missing}
e2e_require sipp node
WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)

# The keys run.mjs adds to the pool; with keys present the server talks to the configured
# Live URL, here our simulator (scripted replies: transcripts stream into the live views).
sim_start --mode scripted --key AIzaSyPAIR-key-one-0000000000000000 \
  --key AIzaSyPAIR-key-two-1111111111111111
sipp_peer gw gateway_uas_two_tones.xml --tone 440 --tone-b 1300 --burst 1500:1500 \
  --tone-seconds 60 --calls 2 --timeout 150
RTP_MIN=$(free_port_range 40)
set +e
env VOICEAGENT_AI_GEMINI_URL="$SIM_URL" VOICEAGENT_SIP_TRUNK_URI="sip:127.0.0.1:${PEER_SIP_PORT[gw]}" \
  VOICEAGENT_SIP_TRUNK_REGISTER=false VOICEAGENT_SIP_PUBLIC_ADDRESS=127.0.0.1 \
  VOICEAGENT_RTP_PORT_MIN="$RTP_MIN" VOICEAGENT_RTP_PORT_MAX=$((RTP_MIN + 39)) \
  VA_PAIR_GATEWAY="SIPp gateway_uas_two_tones.xml on 127.0.0.1:${PEER_SIP_PORT[gw]}" \
  node "$WEB_DIR/e2e/run.mjs" --server "$VOICEAGENT" --server-arg serve --only pair --out "$OUT"
rc=$?
set -e
[ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
# Both calls were answered by the gateway and ended by our BYE after the users hung up.
wait_exit gw 20
[ "$EXIT_CODE" = 0 ] || fail "the gateway saw a failed call (SIPp rc $EXIT_CODE): see gw.log"
e2e_log "PASS: two users, two browsers, two calls through one SIPp gateway"
