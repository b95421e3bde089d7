#!/usr/bin/env bash
# Two server processes on one PostgreSQL share two campaigns (issue 13): a throwaway
# PostgreSQL cluster, two `voiceagent serve` nodes (own data dirs, own SIP and HTTP ports,
# one database and master key) dialling through one SIPp gateway (campaign_gateway.xml) with
# two lines: gsm1 (prefix 91, capacity 5) and gsm2 (92, capacity 50). The campaigns' owner is
# bound to gsm1 (PATCH /api/users/{id} lines; the campaigns name no lines of their own).
# Campaign "shared": 80 leads that answer, 20 busy (retried once after 2 s); campaign
# "second": 60 that answer; each max_concurrent 4. From the gateway's log: both nodes
# dialled; every INVITE went out on gsm1 (the owner's line, though gsm2 had more room); no
# number was ever called by two calls at once; neither campaign had more than its
# max_concurrent (4) calls up on both nodes together; the line never carried more than its
# capacity (5) though the two campaigns wanted 8 and each node alone may fill it; every
# number got exactly the INVITEs its recorded attempts say (answered 1, busy 2), so no lead
# was dialled twice for one attempt; both campaigns turn done. Exit 77 without sipp, jq,
# curl or PostgreSQL 15.
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
  -d 800 -trace_logs -log_file "$WORK/gw.calls"
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
    VOICEAGENT_SIP_TRUNK_LINES=gsm1:91:5,gsm2:92:50 VOICEAGENT_RTP_PORT_REST_S=1 \
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
# The owner bound to gsm1 (by the superadmin: nobody changes their own lines).
va_login
va_api PATCH "/api/users/$ADMIN_ID" '{"lines": ["gsm3"]}'
[ "$API_STATUS" = 400 ] && grep -q "'lines'" <<<"$API_BODY" || fail "unknown line: $API_STATUS $API_BODY"
va_api PATCH "/api/users/$ADMIN_ID" '{"lines": ["gsm1"]}'
[ "$API_STATUS" = 200 ] && [ "$(jq -c .lines <<<"$API_BODY")" = '["gsm1"]' ] ||
  fail "PATCH lines: $API_STATUS $API_BODY"
va_login dialadmin dial-admin-pw-1

HOURS='"calling_hours": {"from": "00:00", "to": "24:00", "days": [1,2,3,4,5,6,7]}'
csv="name,phone"
for ((i = 0; i < 80; i++)); do csv+=$'\n'"a $i,+49301$(printf %05d $i)"; done
for ((i = 0; i < 20; i++)); do csv+=$'\n'"b $i,+49302$(printf %05d $i)"; done
dialer_campaign "$csv" '{"name": "shared", "dialing": {"max_concurrent": 4,
  "calls_per_minute": 600, "max_attempts": 2, "retry_after_s": {"busy": 2}, '"$HOURS"'}}'
CID_A=$CID IDS_A=$IDS
csv="name,phone"
for ((i = 100; i < 160; i++)); do csv+=$'\n'"c $i,+49301$(printf %05d $i)"; done
dialer_campaign "$csv" '{"name": "second", "dialing": {"max_concurrent": 4,
  "calls_per_minute": 600, "max_attempts": 2, '"$HOURS"'}}'
CID_B=$CID IDS_B=$IDS
VA_HTTP=${NODE_HTTP[node1]}
for c in "$CID_A" "$CID_B"; do
  va_api POST "/api/campaigns/$c/start"
  [ "$API_STATUS" = 200 ] || fail "start $c: $API_STATUS $API_BODY"
done
done_() {
  local c
  for c in "$CID_A" "$CID_B"; do
    va_api GET "/api/campaigns/$c/progress"
    jq -e '.status == "done"' <<<"$API_BODY" >/dev/null || return 1
  done
}
wait_until 150 "both campaigns done" done_
e2e_log "done: $API_BODY"
va_api GET "/api/campaigns/$CID_A/leads?per_page=200"
echo "$API_BODY" >"$WORK/leads_a.json"
va_api GET "/api/campaigns/$CID_B/leads?per_page=200"
echo "$API_BODY" >"$WORK/leads_b.json"
N1=$(grep -c "sip: outgoing call .* to sip:91" "$WORK/node1.log" || true)
N2=$(grep -c "sip: outgoing call .* to sip:91" "$WORK/node2.log" || true)
e2e_log "INVITEs sent by node1: $N1, node2: $N2"
[ "$N1" -gt 0 ] && [ "$N2" -gt 0 ] || fail "both nodes should have dialled ($N1, $N2)"
python3 - "$WORK/gw.calls" "$WORK/leads_a.json" "$IDS_A" "$WORK/leads_b.json" "$IDS_B" <<'PY' ||
import collections, json, sys
events = []
for line in open(sys.argv[1]):
    p = line.strip().split(";")
    if len(p) == 4 and p[3] in ("invite", "end"):
        events.append((float(p[0]), p[3] != "end", p[1], p[2]))
events.sort()
# The numbers of each campaign: "shared" 4930100000-079 and 4930200000-019, "second"
# 4930100100-159.
def campaign_of(number):
    return "second" if number.startswith("49301") and int(number[5:]) >= 100 else "shared"
up, invites, overlap, off_line = collections.Counter(), collections.Counter(), [], []
calls_up = {}  # call id -> campaign: both nodes' calls up at once
peak = collections.Counter()  # per campaign, and "line" for all (every call is on gsm1)
for t, is_invite, call_id, user in events:
    number = user[2:]
    if is_invite:
        if not user.startswith("91"):
            off_line.append(user)
        invites[number] += 1
        up[number] += 1
        if up[number] > 1:
            overlap.append(number)
        calls_up[call_id] = campaign_of(number)
        per = collections.Counter(calls_up.values())
        for c in ("shared", "second"):
            peak[c] = max(peak[c], per[c])
        peak["line"] = max(peak["line"], len(calls_up))
    else:
        up[number] -= 1
        calls_up.pop(call_id, None)
fails = [f"{n} called twice at once" for n in overlap]
fails += [f"INVITE to {u}: not on the owner's line gsm1 (91)" for u in off_line[:5]]
for c in ("shared", "second"):
    if peak[c] > 4:
        fails.append(f"campaign {c}: {peak[c]} calls up on both nodes together, max_concurrent 4")
if peak["line"] > 5:
    fails.append(f"line gsm1 carried {peak['line']} calls at once on both nodes, capacity 5")
checked = 0
for leads_file, ids_json, numbers in (
        (sys.argv[2], sys.argv[3],
         ["49301%05d" % i for i in range(80)] + ["49302%05d" % i for i in range(20)]),
        (sys.argv[4], sys.argv[5], ["49301%05d" % i for i in range(100, 160)])):
    leads = {x["lead_id"]: x for x in json.load(open(leads_file))["items"]}
    for lead_id, number in zip(json.loads(ids_json), numbers):
        want = 2 if number.startswith("49302") else 1
        got = invites[number]
        checked += 1
        if got != want or leads[lead_id]["attempts"] != got:
            fails.append(f"{number}: {got} INVITEs, {leads[lead_id]['attempts']} attempts, want {want}")
if checked != 160:
    fails.append(f"{checked} leads checked, want 160")
print(f"{sum(invites.values())} INVITEs for 160 leads; overlaps: {len(overlap)}; peak calls up "
      f"on both nodes: shared {peak['shared']}, second {peak['second']} (max_concurrent 4), "
      f"line gsm1 {peak['line']} (capacity 5)")
for f in fails[:20]:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
  fail "double dial, a line or max_concurrent exceeded, or a call off the owner's line"
e2e_log "PASS"
