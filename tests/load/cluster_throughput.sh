#!/usr/bin/env bash
# Throughput of the cluster (issue 18): calls per second placed through Kamailio to three
# nodes against one node, and the setup latency Kamailio adds. deploy/local-cluster.sh starts
# PostgreSQL, Kamailio and three nodes on loopback; SIPp callers (each call plays a tone for
# HOLD_MS, then BYE) dial an inbound route through Kamailio:
#   1. for each offered RATE: CALLS calls through Kamailio to the three nodes, then (node2 and
#      node3 drained, so Kamailio sends everything to node1) to one node; printed per run:
#      calls that succeeded, the answered rate (200 OKs per second, from SIPp's RTT log), the
#      mean and p95 INVITE -> 200 OK, and the calls per node from the records;
#   2. setup latency at 2 calls/s: straight to node1 and through Kamailio (mean of 20).
# Bounded: every wait has a limit; everything is stopped on exit. Exit 0 when it ran (figures
# printed, failures counted, not judged), 1 when it could not run a step, 77 without tools.
#
#   tests/load/cluster_throughput.sh PATH_TO_voiceagent [RATES (default "20 50")] [CALLS (100)]
#       HOLD_MS=500
# The nodes run with rtp.port_rest_s = 0 (VOICEAGENT_RTP_PORT_REST_S, unless set): each node of
# local-cluster.sh has 130 RTP ports, and with the default 30 s rest one node could start only
# 65 calls per 30 s, so the figures would measure the port range, not the nodes.
set -uo pipefail
E2E_DIR=$(cd "$(dirname "$0")/../e2e" && pwd)
source "$E2E_DIR/lib/e2e.sh"
VOICEAGENT=${1:?usage: cluster_throughput.sh PATH_TO_voiceagent [RATES] [CALLS]}
RATES=${2:-20 50}
CALLS=${3:-100}
HOLD_MS=${HOLD_MS:-500}
e2e_require sipp curl jq python3 kamailio kamcmd
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "SKIP: PostgreSQL 15 missing"; exit 77; }
((CALLS >= 10 && CALLS <= 1000)) || fail "CALLS: 10..1000"
REPO=$(cd "$E2E_DIR/../.." && pwd)
CLUSTER=$REPO/deploy/local-cluster.sh
DID=+15553000
source "$E2E_DIR/lib/cluster_checks.sh"
source "$E2E_DIR/lib/cluster_steps.sh"
export VOICEAGENT_CLUSTER_PORT_BASE=$(pick_cluster_base)
export VOICEAGENT_CLUSTER_DIR=$WORK/cluster VOICEAGENT_CLUSTER_KEEP=1
BASE=$VOICEAGENT_CLUSTER_PORT_BASE
trap 'rc=$?; "$CLUSTER" down >/dev/null 2>&1 || true; set +e; (exit $rc); va_test_cleanup' EXIT

export VA_PASSWORD=load-Superadmin-pw-1
export VOICEAGENT_RTP_PORT_REST_S=${VOICEAGENT_RTP_PORT_REST_S:-0}
export VOICEAGENT_SUPERADMIN_PASSWORD=$VA_PASSWORD VOICEAGENT_RECORDINGS_ENABLED=false \
  VOICEAGENT_SIP_TRUNK_URI="sip:127.0.0.1:9"
"$CLUSTER" up "$VOICEAGENT" >"$WORK/up.out" 2>"$WORK/up.err" ||
  fail "local-cluster.sh up failed: $(tail -n 5 "$WORK/up.err")"
for v in KAMAILIO_SIP NODE1_HTTP NODE2_HTTP NODE3_HTTP NODE1_PID NODE2_PID NODE3_PID NODE1_SIP DB_URL; do
  line=$(grep "^$v=" "$WORK/up.out") || fail "local-cluster.sh printed no $v= line"
  eval "$line"
done
HTTP=("" "$NODE1_HTTP" "$NODE2_HTTP" "$NODE3_HTTP")
VA_HTTP=$NODE1_HTTP
va_login
SUPER_TOKEN=$VA_TOKEN
OWNER=$(va_add_user loadadmin 'Load-admin-pw-1' admin)
va_api POST /api/inbound-routes "{\"number\":\"$DID\",\"owner_id\":$OWNER}"
[ "$API_STATUS" = 201 ] || fail "POST /api/inbound-routes: HTTP $API_STATUS $API_BODY"

# setup_stats NAME: "mean p95" INVITE -> 200 OK in ms over the run's calls (SIPp's RTT log).
setup_stats() {
  cat "$WORK/$1"/scenario_*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $2 + 0 > 0 { print $2 }' |
    sort -n | awk '{ v[NR] = $1; s += $1 } END { if (NR) printf "%.1f %.1f", s / NR, v[int(NR * 0.95 + 0.5)]; else print "none none" }'
}

# answer_rate NAME: calls answered per second over the run, from SIPp's RTT log (the time of
# each call's 200 OK): (answers - 1) / (last - first). SIPp's own start-up is not in it.
answer_rate() {
  cat "$WORK/$1"/scenario_*_rtt.csv 2>/dev/null | awk -F';' 'NR > 1 && $1 + 0 > 0 {
    t = $1 + 0; if (!n || t < lo) lo = t; if (!n || t > hi) hi = t; n++ }
    END { if (n > 1 && hi > lo) printf "%.1f", (n - 1) * 1000 / (hi - lo); else print "none" }'
}

# run_calls NAME RATE NODES: CALLS calls through Kamailio at RATE; prints one line of figures.
run_calls() {
  local name=$1 rate=$2 nodes=$3 mark stats
  mark=$(max_call_id)
  caller_start "$name" "$CALLS" "$rate" "$HOLD_MS" 700
  caller_finish "$name" "$CALLS" any
  wait_until 60 "every call of $name ended" all_ended_since "$mark"
  stats=$(setup_stats "$name")
  printf 'RESULT %-8s nodes=%s offered=%s/s calls=%s ok=%s answered=%s/s setup_mean_ms=%s setup_p95_ms=%s per_node=%s\n' \
    "$name" "$nodes" "$rate" "$CALLS" "$CALLER_OK" "$(answer_rate "$name")" ${stats% *} ${stats#* } \
    "$(jq -c 'group_by(.node) | map({(.[0].node): length}) | add' "$WORK/since.json")" | tee -a "$WORK/results.txt"
}

e2e_log "cluster up ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)); $CALLS calls per run, hold $HOLD_MS ms"
for rate in $RATES; do
  run_calls "three$rate" "$rate" 3
  drain --node node2
  drain --node node3
  wait_until 15 "Kamailio took node2 out" node_taken_out "$(sip_port_of 2)"
  wait_until 15 "Kamailio took node3 out" node_taken_out "$(sip_port_of 3)"
  run_calls "one$rate" "$rate" 1
  drain --node node2 --off
  drain --node node3 --off
  wait_until 15 "Kamailio took node2 back" node_back_in "$(sip_port_of 2)"
  wait_until 15 "Kamailio took node3 back" node_back_in "$(sip_port_of 3)"
done

caller_start lat_direct 20 2 500 700 "$DID" "$NODE1_SIP"
caller_finish lat_direct 20
caller_start lat_kamailio 20 2 500 700
caller_finish lat_kamailio 20
direct=$(setup_stats lat_direct) via=$(setup_stats lat_kamailio)
echo "RESULT latency INVITE->200 mean (p95) ms: straight to node1 ${direct% *} (${direct#* }), through Kamailio ${via% *} (${via#* }); Kamailio adds $(awk -v a="${via% *}" -v b="${direct% *}" 'BEGIN { printf "%.1f", a - b }') ms" | tee -a "$WORK/results.txt"
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
