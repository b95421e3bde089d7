# Steps and checks of tests/e2e/cluster_test.sh (sourced by it, after e2e.sh): the cluster's
# ports, its node list, SIPp callers through Kamailio, the call records per node, and the
# sample, limit, drain, kill and latency steps. Every wait is bounded.

# pick_cluster_base: a free range of 500 ports below 20000 for local-cluster.sh. free_port and
# free_port_range (SIPp, the simulator) pick from 20000 up, so a node's RTP port bound late
# never meets a SIPp port.
pick_cluster_base() {
  python3 - <<'PY'
import random, socket, sys
for _ in range(200):
    base = random.randrange(10000, 19500) & ~1
    socks = []
    try:
        for p in range(base, base + 500):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                s = socket.socket(socket.AF_INET, kind); socks.append(s); s.bind(("127.0.0.1", p))
        print(base); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
else:
    sys.exit("no free range of 500 ports below 20000")
PY
}

# Every port the cluster's processes listen on lies in [BASE, BASE+500).
check_listen_ports() {
  local pids
  pids=$(awk '{print $2}' "$VOICEAGENT_CLUSTER_DIR/pids" | tr '\n' ' ')
  pids+=" $(head -n1 "$(cat "$VOICEAGENT_CLUSTER_DIR/pg_dir")/data/postmaster.pid")"
  ss -Hlntup >"$WORK/listen.txt"
  python3 - "$BASE" "$WORK/listen.txt" $pids <<'PY' || fail "a cluster process listens outside [base, base+500)"
import re, sys
base, path, pids = int(sys.argv[1]), sys.argv[2], set(sys.argv[3:])
bad, seen = [], 0
for line in open(path):
    m = re.search(r"pid=(\d+)", line)
    if not m or m.group(1) not in pids:
        continue
    port = int(line.split()[4].rsplit(":", 1)[1])
    seen += 1
    if not base <= port < base + 500:
        bad.append(line.strip())
print("cluster listening sockets: %d, outside the range: %d" % (seen, len(bad)))
for b in bad:
    print("  " + b)
sys.exit(1 if bad or seen == 0 else 0)
PY
}

# expect_nodes '{"node1": "live", ...}': GET /api/cluster/nodes says so (http and pid of the
# live ones match local-cluster.sh's lines).
nodes_are() {
  local saved=$VA_HTTP
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  va_api GET /api/cluster/nodes
  VA_HTTP=$saved
  [ "$API_STATUS" = 200 ] || return 1
  jq -e --argjson want "$1" --arg h1 "$NODE1_HTTP" --arg h2 "$NODE2_HTTP" --arg h3 "$NODE3_HTTP" \
    --argjson p1 "$NODE1_PID" --argjson p2 "$NODE2_PID" --argjson p3 "$NODE3_PID" '
    ({node1: [$h1, $p1], node2: [$h2, $p2], node3: [$h3, $p3]}) as $addr
    | (.items | map({(.name): .status}) | add) == $want
      and all(.items[]; .status == "dead" or ([.http, .pid] == $addr[.name]))' \
    <<<"$API_BODY" >/dev/null
}
expect_nodes() {
  wait_until "${2:-15}" "nodes $1" nodes_are "$1"
  e2e_log "cluster nodes: $(jq -c '[.items[] | {name, status, live_calls}]' <<<"$API_BODY")"
}

max_call_id() {
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  va_api GET "/api/calls?per_page=1"
  jq -r '.items[0].id // 0' <<<"$API_BODY"
}

# calls_since MARK FILE: every call with id > MARK (newest first, paged) as a JSON array.
calls_since() {
  local mark=$1 out=$2 page
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  echo '[]' >"$out"
  for ((page = 1; page <= 50; page++)); do
    va_api GET "/api/calls?page=$page&per_page=100"
    [ "$API_STATUS" = 200 ] || fail "GET /api/calls: $API_STATUS $API_BODY"
    jq -c --argjson m "$mark" --slurpfile acc "$out" '$acc[0] + [.items[] | select(.id > $m)]' \
      <<<"$API_BODY" >"$out.new" && mv "$out.new" "$out"
    jq -e --argjson m "$mark" '(.items | length) < 100 or any(.items[]; .id <= $m)' \
      <<<"$API_BODY" >/dev/null && return 0
  done
}

all_ended_since() {
  calls_since "$1" "$WORK/since.json"
  jq -e 'all(.[]; .status == "ended")' "$WORK/since.json" >/dev/null
}

# caller_start NAME CALLS RATE HOLD_MS TONE_HZ [NUMBER] [TARGET]: SIPp callers (each call
# plays TONE_HZ, BYE after HOLD_MS) to NUMBER (default DID) through Kamailio (or TARGET).
caller_start() {
  local name=$1 calls=$2 rate=$3 hold=$4 tone=$5 number=${6:-$DID} target=${7:-$KAMAILIO_SIP}
  mkdir -p "$WORK/$name"
  python3 "$E2E_TOOLS/tone_gen.py" pcap --freq "$tone" --seconds $((hold / 1000 + 1)) \
    --out "$WORK/$name/tone.pcap"
  cp "$E2E_SCENARIOS/gateway_uac_tone.xml" "$WORK/$name/scenario.xml"
  spawn "$name" --cwd "$WORK/$name" --timeout 300 -- sipp "$target" -sf scenario.xml \
    -s "$number" -d "$hold" -key pt 0 -key codec PCMU -i 127.0.0.1 -mi 127.0.0.1 \
    -p "$(free_port)" -mp "$(free_port_range $((4 * calls + 4)))" -m "$calls" -r "$rate" \
    -l "$calls" -nostdin -timeout 240s -trace_err -error_file "$WORK/$name.err" \
    -trace_rtt -rtt_freq 1 -trace_stat -stf "$WORK/$name.stat.csv" -fd 1
}

# caller_finish NAME CALLS [any]: SIPp ended and (unless "any") every call succeeded.
caller_finish() {
  wait_exit "$1" 300
  local ok
  ok=$(python3 - "$WORK/$1.stat.csv" <<'PY'
import sys
rows = [l.rstrip("\n").split(";") for l in open(sys.argv[1]) if l.strip()]
print(rows[-1][rows[0].index("SuccessfulCall(C)")])
PY
)
  e2e_log "callers $1: SIPp rc $EXIT_CODE, $ok of $2 calls succeeded"
  if [ "${3:-}" != any ]; then
    [ "$EXIT_CODE" = 0 ] && [ "$ok" = "$2" ] ||
      fail "callers $1: $ok of $2 calls succeeded (SIPp rc $EXIT_CODE)"
  fi
  CALLER_OK=$ok
}

call_status_on() {  # NODE_INDEX ID -> status
  VA_HTTP=${HTTP[$1]} VA_TOKEN=$SUPER_TOKEN
  va_api GET "/api/calls/$2"
  jq -r .status <<<"$API_BODY"
}
call_is_active() { [ "$(call_status_on "$1" "$2")" = active ]; }

# hang_up_when_active ID:NODE...: each call, once active, hung up through the node that owns it.
hang_up_when_active() {
  local entry id node
  for entry in "$@"; do
    id=${entry%%:*} node=${entry##*:}
    wait_until 30 "call $id active" call_is_active "$node" "$id"
  done
  sleep "${HANG_AFTER_S:-2}"
  for entry in "$@"; do
    id=${entry%%:*} node=${entry##*:}
    VA_HTTP=${HTTP[$node]} VA_TOKEN=$SUPER_TOKEN
    va_api POST "/api/calls/$id/hangup"
    [[ $API_STATUS == 20? ]] || fail "hangup of call $id on node$node: $API_STATUS $API_BODY"
  done
}

# check_records MARK IN OUT "NODES": the calls since MARK, per node and direction.
check_records() {
  calls_since "$1" "$WORK/records.json"
  python3 - "$WORK/records.json" "$2" "$3" "$4" "$BASE" <<'PY' || fail "call records wrong (above)"
import collections, json, sys
calls = json.load(open(sys.argv[1]))
want_in, want_out, nodes, base = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), int(sys.argv[5])
per = collections.Counter((c["node"], c["direction"]) for c in calls)
for n in nodes:
    print("  %s: %d inbound, %d outbound" % (n, per[(n, "inbound")], per[(n, "outbound")]))
bad = []
for c in calls:
    want_end = "remote_hangup" if c["direction"] == "inbound" else "local_hangup"
    port = c["media"]["local_rtp_port"]
    if c["status"] != "ended" or c["end_reason"] != want_end or not c["answered_at"] \
            or c["node"] not in nodes or not base <= port < base + 500:
        bad.append("call %s: %s %s %s node %s answered %s port %s" % (c["id"], c["direction"],
                   c["status"], c["end_reason"], c["node"], c["answered_at"], port))
got_in = sum(per[(n, "inbound")] for n in nodes)
got_out = sum(per[(n, "outbound")] for n in nodes)
if got_in != want_in or got_out != want_out:
    bad.append("%d inbound and %d outbound recorded, expected %d and %d" % (got_in, got_out, want_in, want_out))
for n in nodes:
    if (want_in >= 3 * len(nodes) and per[(n, "inbound")] == 0) or \
       (want_out >= len(nodes) and per[(n, "outbound")] == 0):
        bad.append("node %s carried no inbound or no outbound call" % n)
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
}
