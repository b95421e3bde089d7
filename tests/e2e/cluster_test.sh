#!/usr/bin/env bash
# E2E, issue 18 (ctest e2e_cluster): deploy/local-cluster.sh starts PostgreSQL, Kamailio and
# three nodes on loopback; SIPp is the gateway behind Kamailio (callers in, the trunk out).
# Proves, and fails with a clear message otherwise:
#   1. the contract of local-cluster.sh: its lines, NODEk_PID the node process itself, every
#      port its processes listen on (and every call's RTP port) in [base, base+500);
#      GET /api/cluster/nodes shows three live nodes with their http addresses and pids;
#   2. CALLS calls (half inbound through Kamailio, half outbound placed round-robin over the
#      three nodes' APIs and relayed by Kamailio to the trunk) spread over the three nodes
#      (counts per node printed, each node carries some of each), every record correct
#      (ended, normal end reason, answered, its node, its RTP port in range);
#   3. tone per call on a sample: four users with four keys, two calls in and two out, each
#      key's AI session heard its own call's gateway tone (the simulator's per-key log);
#   4. cluster-wide limit: an admin with max_concurrent_calls 10 fires 15 requests at once
#      spread over the three nodes: exactly 10 calls, the rest 429;
#   5. drain: `voiceagent drain --node node3`: node3 shows draining, answers /healthz 503,
#      hands POST /api/calls to a live node, Kamailio takes it out (new calls go to node1 and node2), its live
#      call goes on to its normal end; `drain --off` brings it back;
#   6. kill -9 of node2 during KILL_CALLS calls: the other nodes' calls go on to their normal
#      end, node2's are closed `interrupted` within the timeout by a survivor, node2 shows
#      dead, and new calls go only to node1 and node3;
#   7. Kamailio's added setup latency (INVITE -> 200 OK via Kamailio vs. straight to a node),
#      printed;
#   9. a campaign on the nodes' dialers while node3 is killed -9: it ends done, every lead
#      answered once, no lead in two calls at once, node3's calls closed interrupted;
#   8. (run after 3) live events and call control across nodes: with node1 and node2
#      draining, a call POSTed to node1 is placed on node3 (the least loaded live node); node2's
#      /api/events shows it answered and ended, and node2's API hangs it up (node3 acts).
#   cluster_test.sh PATH_TO_voiceagent     (CLUSTER_CALLS=300 for the long run)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: cluster_test.sh PATH_TO_voiceagent}
e2e_require sipp curl jq python3 kamailio kamcmd
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "SKIP: PostgreSQL 15 missing"; exit 77; }
REPO=$(cd "$(dirname "$0")/../.." && pwd)
CLUSTER=$REPO/deploy/local-cluster.sh
CALLS=${CLUSTER_CALLS:-60}
KILL_CALLS=${CLUSTER_KILL_CALLS:-30}
DEAD_AFTER_S=5
DID=+15553000
source "$(dirname "$0")/lib/cluster_checks.sh"
source "$(dirname "$0")/lib/cluster_steps.sh"
source "$(dirname "$0")/lib/cluster_live.sh"
source "$(dirname "$0")/lib/cluster_campaign.sh"

# The cluster's 500 ports below 20000: free_port and free_port_range (SIPp, the simulator)
# pick from 20000 up, so a node's RTP port bound late never meets a SIPp port.
export VOICEAGENT_CLUSTER_PORT_BASE=$(pick_cluster_base)
export VOICEAGENT_CLUSTER_DIR=$WORK/cluster VOICEAGENT_CLUSTER_KEEP=1
BASE=$VOICEAGENT_CLUSTER_PORT_BASE
trap 'rc=$?; "$CLUSTER" down >/dev/null 2>&1 || true; set +e; (exit $rc); va_test_cleanup' EXIT

# --- the simulator, the trunk (SIPp UAS: numbers ending in 1001 hear 440 Hz, others 1300 Hz)
sim_start --mode tone --reply-length 1
sipp_peer gw gateway_uas_two_tones.xml --tone 440 --tone-b 1300 --calls 100000 \
  --max-calls 120 --timeout 600
export VA_PASSWORD=e2e-Superadmin-pw-1
export VOICEAGENT_SUPERADMIN_PASSWORD=$VA_PASSWORD VOICEAGENT_AI_GEMINI_URL=$SIM_URL \
  VOICEAGENT_AI_DEFAULT_KEY=cluster-default-key VOICEAGENT_NODE_DEAD_AFTER_S=$DEAD_AFTER_S \
  VOICEAGENT_NODE_HEARTBEAT_S=1 \
  VOICEAGENT_SIP_TRUNK_URI="sip:127.0.0.1:${PEER_SIP_PORT[gw]}" VOICEAGENT_RECORDINGS_ENABLED=false

# --- 1. up, and its contract --------------------------------------------------------------
t0=$SECONDS
"$CLUSTER" up "$VOICEAGENT" >"$WORK/up.out" 2>"$WORK/up.err" || fail "local-cluster.sh up failed: $(tail -n 5 "$WORK/up.err")"
e2e_log "local-cluster.sh up in $((SECONDS - t0)) s: $(tr '\n' ' ' <"$WORK/up.out")"
for v in KAMAILIO_SIP NODE1_HTTP NODE2_HTTP NODE3_HTTP NODE1_PID NODE2_PID NODE3_PID DB_URL; do
  line=$(grep "^$v=" "$WORK/up.out") || fail "local-cluster.sh printed no $v= line"
  eval "$line"
done
for k in 1 2 3; do
  pid_var=NODE${k}_PID
  [ "$(cat /proc/${!pid_var}/comm 2>/dev/null)" = voiceagent ] ||
    fail "NODE${k}_PID=${!pid_var} is not a voiceagent process"
done
check_listen_ports
HTTP=("" "$NODE1_HTTP" "$NODE2_HTTP" "$NODE3_HTTP")
VA_HTTP=$NODE1_HTTP
va_login
SUPER_TOKEN=$VA_TOKEN
expect_nodes '{"node1": "live", "node2": "live", "node3": "live"}'
ADMIN_ID=$(va_add_user cladmin 'Cluster-admin-pw-1' admin)
va_api POST /api/inbound-routes "{\"number\":\"$DID\",\"owner_id\":$ADMIN_ID}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"
va_login cladmin 'Cluster-admin-pw-1'
ADMIN_TOKEN=$VA_TOKEN
va_api GET /api/cluster/nodes
[ "$API_STATUS" = 200 ] || fail "an admin should see /api/cluster/nodes: $API_STATUS $API_BODY"

# --- 2. calls in and out, spread over the nodes (in rounds of up to 60: 30 in, 30 out, so
# no node runs out of its 130 RTP ports) ------------------------------------------------------
# calls_round N_IN N_OUT ROUND: the inbound callers through Kamailio at 10/s, the outbound
# calls through the three nodes' APIs in turn; each outbound call hung up once all are active.
calls_round() {
  local n_in=$1 n_out=$2 round=$3 i node out_ids=()
  caller_start "callers_in$round" "$n_in" 10 4000 700
  for ((i = 0; i < n_out; i++)); do
    node=$((i % 3 + 1))
    VA_HTTP=${HTTP[$node]} VA_TOKEN=$ADMIN_TOKEN
    va_api POST /api/calls "{\"to\": \"+1555$round$(printf %06d $i)\"}"
    [ "$API_STATUS" = 201 ] || fail "outbound call $i via node$node: $API_STATUS $API_BODY"
    out_ids+=("$(jq -r .id <<<"$API_BODY"):$node")
    sleep 0.1
  done
  caller_finish "callers_in$round" "$n_in"
  hang_up_when_active "${out_ids[@]}"
}
mark=$(max_call_id)
IN=0 OUT=0
for ((round = 2; IN + OUT < CALLS; round++)); do
  n=$((CALLS - IN - OUT > 60 ? 60 : CALLS - IN - OUT))
  calls_round $((n / 2)) $((n - n / 2)) "$round"
  IN=$((IN + n / 2)) OUT=$((OUT + n - n / 2))
done
wait_until 60 "every call of step 2 ended" all_ended_since "$mark"
e2e_log "$CALLS calls ($IN in through Kamailio, $OUT out through the nodes' APIs) per node:"
check_records "$mark" "$IN" "$OUT" "node1 node2 node3"

# --- 3. tone per call on a sample ------------------------------------------------------------
tone_sample

# --- 8. live events and hangup across nodes (before the kill: it needs three live nodes) ----
live_test

# --- 4. a cluster-wide limit -----------------------------------------------------------------
limit_test

# --- 5. drain --------------------------------------------------------------------------------
drain_test

# --- 6. kill -9 of node2 during calls --------------------------------------------------------
kill_test

# --- 7. Kamailio's added setup latency --------------------------------------------------------
setup_latency

# --- 9. a campaign during kill -9 of node3 (node1 goes on alone) ------------------------------
campaign_kill_test node3
echo "PASS: three nodes behind Kamailio: calls spread and recorded, tones per call, live events and hangup across nodes, a cluster-wide limit, drain, a killed node's calls closed by a survivor, a campaign through a kill"
