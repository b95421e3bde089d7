#!/usr/bin/env bash
# Two server processes on one PostgreSQL share one campaign (issue 13): a throwaway
# PostgreSQL cluster, two `voiceagent serve` nodes (own data dirs, own SIP and HTTP ports,
# one database and master key) dialling through one SIPp gateway (campaign_gateway.xml).
# 100 leads: 80 that answer, 20 busy (retried once after 2 s). From the gateway's log: both
# nodes dialled; no number was ever called by two calls at once; the two nodes together never
# had more than the campaign's max_concurrent (4) calls up; every number got exactly
# the INVITEs its recorded attempts say (answered 1, busy 2), so no lead was dialled twice
# for one attempt; the campaign turns done. Exit 77 without sipp, jq, curl or PostgreSQL 15.
#   two_nodes_pg_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: two_nodes_pg_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../../e2e/lib/e2e.sh"
source "$HERE/dialer_lib.sh"
e2e_require sipp jq curl python3
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/initdb" ] || { echo "SKIP: PostgreSQL 15 missing"; exit 77; }

# --- a throwaway PostgreSQL (initdb and pg_ctl refuse root: run them as postgres) ---------
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_DIR=$(mktemp -d /tmp/va-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap 'rc=$?; pg_stop; (exit $rc); va_test_cleanup' EXIT
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  >"$WORK/initdb.log" 2>&1 || fail "initdb failed"
PG_PORT=$(free_port)
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
  -o "-p $PG_PORT -h 127.0.0.1 -k $PG_DIR -c fsync=off -c synchronous_commit=off" start \
  >/dev/null || fail "pg_ctl start failed"
DB_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"

# --- the gateway and two nodes ------------------------------------------------------------
sipp_start gw --timeout 200 --media-ports 8 -- -sf "$HERE/campaign_gateway.xml" -m 100000 \
  -d 300 -trace_logs -log_file "$WORK/gw.calls"
GW_PORT=$SIPP_PORT
MASTER_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_node() {  # NAME: a node on its own ports and data dir -> NODE_HTTP[NAME]
  local name=$1 http sip rtp
  http=$(free_port) sip=$(free_port) rtp=$(free_port_range 200)
  mkdir -p "$WORK/$name"
  spawn "$name" --cwd "$WORK/$name" -- env VOICEAGENT_SIP_LISTEN="127.0.0.1:$sip" \
    VOICEAGENT_SIP_PUBLIC_ADDRESS=127.0.0.1 VOICEAGENT_HTTP_LISTEN="127.0.0.1:$http" \
    VOICEAGENT_RTP_PORT_MIN="$rtp" VOICEAGENT_RTP_PORT_MAX=$((rtp + 199)) \
    VOICEAGENT_DATA_DIR="$WORK/$name/data" VOICEAGENT_DB_URL="$DB_URL" VOICEAGENT_NODE_NAME="$name" \
    VOICEAGENT_MASTER_KEY="$MASTER_KEY" VOICEAGENT_SUPERADMIN_PASSWORD=e2e-Superadmin-pw-1 \
    VOICEAGENT_SIP_TRUNK_URI="sip:127.0.0.1:$GW_PORT" VOICEAGENT_SIP_TRUNK_REGISTER=false \
    VOICEAGENT_SIP_TRUNK_LINES=gsm1:91:10 VOICEAGENT_RTP_PORT_REST_S=1 \
    VOICEAGENT_AI_GEMINI_TTS_URL=off "$VOICEAGENT" serve
  NODE_HTTP[$name]=http://127.0.0.1:$http
  VA_HTTP=${NODE_HTTP[$name]}
  wait_until 30 "$name /healthz" curl -fs -o /dev/null --max-time 1 "$VA_HTTP/healthz"
}
declare -A NODE_HTTP=()
start_node node1
start_node node2
VA_PASSWORD=e2e-Superadmin-pw-1
dialer_admin

csv="name,phone"
for ((i = 0; i < 80; i++)); do csv+=$'\n'"a $i,+49301$(printf %05d $i)"; done
for ((i = 0; i < 20; i++)); do csv+=$'\n'"b $i,+49302$(printf %05d $i)"; done
dialer_campaign "$csv" '{"name": "shared", "dialing": {"max_concurrent": 4,
  "calls_per_minute": 600, "max_attempts": 2, "retry_after_s": {"busy": 2},
  "calling_hours": {"from": "00:00", "to": "24:00", "days": [1,2,3,4,5,6,7]}}}'
VA_HTTP=${NODE_HTTP[node1]}
va_api POST "/api/campaigns/$CID/start"
[ "$API_STATUS" = 200 ] || fail "start: $API_STATUS $API_BODY"
done_() {
  va_api GET "/api/campaigns/$CID/progress"
  jq -e '.status == "done"' <<<"$API_BODY" >/dev/null
}
wait_until 120 "the shared campaign done" done_
PROGRESS=$API_BODY
e2e_log "done: $PROGRESS"
va_api GET "/api/campaigns/$CID/leads?per_page=200"
echo "$API_BODY" >"$WORK/leads.json"
N1=$(grep -c "sip: outgoing call .* to sip:91" "$WORK/node1.log" || true)
N2=$(grep -c "sip: outgoing call .* to sip:91" "$WORK/node2.log" || true)
e2e_log "INVITEs sent by node1: $N1, node2: $N2"
[ "$N1" -gt 0 ] && [ "$N2" -gt 0 ] || fail "both nodes should have dialled ($N1, $N2)"
python3 - "$WORK/gw.calls" "$WORK/leads.json" "$IDS" <<'PY' || fail "double dial or max_concurrent exceeded"
import collections, json, sys
events = []
for line in open(sys.argv[1]):
    p = line.strip().split(";")
    if len(p) == 4 and p[3] in ("invite", "end"):
        events.append((float(p[0]), p[3] != "end", p[1], p[2][2:]))
events.sort()
up, invites, overlap = collections.Counter(), collections.Counter(), []
calls_up, peak = set(), 0  # both nodes' calls up at once: max_concurrent holds across nodes
for t, is_invite, call_id, number in events:
    if is_invite:
        invites[number] += 1
        up[number] += 1
        if up[number] > 1:
            overlap.append(number)
        calls_up.add(call_id)
        peak = max(peak, len(calls_up))
    else:
        up[number] -= 1
        calls_up.discard(call_id)
leads = {x["lead_id"]: x for x in json.load(open(sys.argv[2]))["items"]}
ids = json.loads(sys.argv[3])
fails = [f"{n} called twice at once" for n in overlap]
if peak > 4:
    fails.append(f"{peak} calls up at once on both nodes together, max_concurrent is 4")
for i, lead_id in enumerate(ids):
    number = ("49301%05d" % i) if i < 80 else ("49302%05d" % (i - 80))
    want = 1 if i < 80 else 2
    got = invites[number]
    if got != want or leads[lead_id]["attempts"] != got:
        fails.append(f"{number}: {got} INVITEs, {leads[lead_id]['attempts']} attempts, want {want}")
print(f"{sum(invites.values())} INVITEs for {len(ids)} leads; overlaps: {len(overlap)}; "
      f"peak calls up on both nodes: {peak} (max_concurrent 4)")
for f in fails[:20]:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
e2e_log "PASS"
