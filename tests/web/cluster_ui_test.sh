#!/usr/bin/env bash
# Issue 18 in the browser: deploy/local-cluster.sh (PostgreSQL, Kamailio, three nodes) with a
# SIPp gateway as the trunk (+15551001 hears 440 Hz, +15552002 1300 Hz; each call waits for
# our BYE) and `voiceagent sim` as Gemini Live; web/e2e/cluster.mjs then signs two agents in
# on node1 and node2 and their admin on node3: each agent sees only its own call live, the
# admin both, wherever the calls run.
#   cluster_ui_test.sh PATH_TO_voiceagent OUT_DIR     (exit 77 = skip: no sipp/node/chromium)
source "$(dirname "$0")/../e2e/lib/e2e.sh"
VOICEAGENT=${1:?usage: cluster_ui_test.sh PATH_TO_voiceagent OUT_DIR}
OUT=${2:?OUT_DIR missing}
e2e_require sipp node jq curl python3 kamailio kamcmd
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "SKIP: PostgreSQL 15 missing"; exit 77; }
WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)
CLUSTER=$(cd "$E2E_DIR/../.." && pwd)/deploy/local-cluster.sh
source "$E2E_DIR/lib/cluster_checks.sh"
export VOICEAGENT_CLUSTER_PORT_BASE=$(pick_cluster_base)
export VOICEAGENT_CLUSTER_DIR=$WORK/cluster VOICEAGENT_CLUSTER_KEEP=1
trap 'rc=$?; "$CLUSTER" down >/dev/null 2>&1 || true; set +e; (exit $rc); va_test_cleanup' EXIT

sim_start --mode tone --reply-length 1
sipp_peer gw gateway_uas_two_tones.xml --tone 440 --tone-b 1300 --calls 2 --timeout 150
export VOICEAGENT_SUPERADMIN_PASSWORD=ui-Superadmin-pw-1 VOICEAGENT_AI_GEMINI_URL=$SIM_URL \
  VOICEAGENT_AI_DEFAULT_KEY=cluster-ui-default-key VOICEAGENT_RECORDINGS_ENABLED=false \
  VOICEAGENT_HTTP_WEB_ROOT="$WEB_DIR/dist" \
  VOICEAGENT_SIP_TRUNK_URI="sip:127.0.0.1:${PEER_SIP_PORT[gw]}"
"$CLUSTER" up "$VOICEAGENT" >"$WORK/up.out" 2>"$WORK/up.err" ||
  fail "local-cluster.sh up failed: $(tail -n 5 "$WORK/up.err")"
urls=$(sed -n 's/^NODE[123]_HTTP=//p' "$WORK/up.out" | tr '\n' ' ')
set +e
node "$WEB_DIR/e2e/cluster.mjs" --url "${urls%% *}" --urls "${urls% }" --password "$VOICEAGENT_SUPERADMIN_PASSWORD" --out "$OUT"
rc=$?
set -e
[ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
wait_exit gw 30
[ "$EXIT_CODE" = 0 ] || fail "the gateway saw a failed call (SIPp rc $EXIT_CODE): see gw.log"
e2e_log "PASS: two agents on two nodes each saw only their own call live, their admin on a third both"
