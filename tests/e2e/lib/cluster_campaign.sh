# Step 9 of tests/e2e/cluster_test.sh (sourced by it, after cluster_steps.sh): a campaign
# runs on the nodes' dialers while one of them is killed. Every loop is bounded.

# campaign_calls CAMPAIGN FILE: the campaign's calls (as GET /api/calls shows them, newest
# first, at most 500) as a JSON array.
campaign_calls() {
  local page
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  echo '[]' >"$2"
  for ((page = 1; page <= 5; page++)); do
    va_api GET "/api/calls?page=$page&per_page=100"
    [ "$API_STATUS" = 200 ] || fail "GET /api/calls: $API_STATUS $API_BODY"
    jq -c --argjson c "$1" --slurpfile acc "$2" '$acc[0] + [.items[] | select(.campaign_id == $c)]' \
      <<<"$API_BODY" >"$2.new" && mv "$2.new" "$2"
    [ "$(jq '.items | length' <<<"$API_BODY")" -lt 100 ] && return 0
  done
}

campaign_status() {
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  va_api GET "/api/campaigns/$1/progress"
  jq -r .status <<<"$API_BODY"
}

# 9. CAMPAIGN_LEADS leads, 6 at a time over the live nodes' dialers; the gateway answers and
# waits, so this loop hangs each campaign call up (through node1's API, wherever it lives)
# once it is active. After a few calls node VICTIM is killed -9 while it carries some.
# Then: the campaign ends done, every lead done with one answered call, no lead was ever in
# two calls at once, the victim's calls ended `interrupted` and the victim placed none after.
campaign_kill_test() {
  local victim=$1 n=${CAMPAIGN_LEADS:-24} i ids=() cid t_kill_ms=0 end=$((SECONDS + 180)) c
  local calls=$WORK/campaign_calls.json pid_var=NODE${1#node}_PID
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$ADMIN_TOKEN
  for ((i = 1; i <= n; i++)); do
    va_api POST /api/leads "{\"name\":\"Cluster lead $i\",\"phone\":\"+1555700$(printf %04d "$i")\"}"
    [ "$API_STATUS" = 201 ] || fail "POST /api/leads: $API_STATUS $API_BODY"
    ids+=("$(jq -r .id <<<"$API_BODY")")
  done
  va_api POST /api/campaigns '{"name":"Cluster campaign","dialing":{"max_concurrent":6,
    "calls_per_minute":600,"max_attempts":3,"retry_after_s":{"busy":1,"no_answer":1,
    "rejected":1,"unreachable":1,"failed":1},
    "calling_hours":{"from":"00:00","to":"23:59","days":[1,2,3,4,5,6,7]}}}'
  [ "$API_STATUS" = 201 ] || fail "POST /api/campaigns: $API_STATUS $API_BODY"
  cid=$(jq -r .id <<<"$API_BODY")
  va_api PUT "/api/campaigns/$cid/leads" "{\"lead_ids\":[$(IFS=,; echo "${ids[*]}")]}"
  [ "$API_STATUS" = 200 ] || fail "PUT campaign leads: $API_STATUS $API_BODY"
  va_api POST "/api/campaigns/$cid/start"
  [ "$API_STATUS" = 200 ] || fail "campaign start: $API_STATUS $API_BODY"
  while [ "$(campaign_status "$cid")" != done ]; do
    [ $SECONDS -lt $end ] || fail "campaign $cid not done after 180 s: $API_BODY"
    campaign_calls "$cid" "$calls"
    if [ "$t_kill_ms" = 0 ] && jq -e --arg v "$victim" '([.[] | select(.status == "ended")] | length) >= 6
        and any(.[]; .node == $v and .status == "active")' "$calls" >/dev/null; then
      kill -9 "${!pid_var}"
      t_kill_ms=$(($(date +%s%3N)))
      e2e_log "campaign $cid: $victim killed with $(jq --arg v "$victim" '[.[] | select(.node == $v and .status == "active")] | length' "$calls") of its calls up"
    fi
    for c in $(jq -r --arg v "$victim" --argjson k "$t_kill_ms" '.[] | select(.status == "active"
        and ($k == 0 or .node != $v)) | .id' "$calls"); do
      VA_HTTP=$NODE1_HTTP VA_TOKEN=$ADMIN_TOKEN
      va_api POST "/api/calls/$c/hangup"  # 404 when it just ended: fine
    done
    sleep 0.5
  done
  [ "$t_kill_ms" != 0 ] || fail "the campaign ended before $victim carried a call to kill"
  campaign_calls "$cid" "$calls"
  python3 - "$calls" "$victim" "$t_kill_ms" "$n" <<'PY' || fail "campaign records wrong (above)"
import collections, json, sys
calls, victim, t_kill, n = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
by_lead = collections.defaultdict(list)
for c in calls:
    by_lead[c["lead_id"]].append(c)
bad = []
per_node = collections.Counter(c["node"] for c in calls)
interrupted = [c for c in calls if c["end_reason"] == "interrupted"]
print("  campaign: %d calls for %d leads, per node %s, %d interrupted" % (len(calls), len(by_lead), dict(per_node), len(interrupted)))
if len(by_lead) != n:
    bad.append("%d leads called, expected %d" % (len(by_lead), n))
for lead, cs in by_lead.items():
    cs.sort(key=lambda c: c["created_at"])
    answered = [c for c in cs if c["end_reason"] == "local_hangup"]
    if len(answered) != 1:
        bad.append("lead %s: %d completed calls (%s)" % (lead, len(answered), [c["id"] for c in cs]))
    for a, b in zip(cs, cs[1:]):
        if b["created_at"] < a["ended_at"]:
            bad.append("lead %s dialled twice at once: calls %s and %s" % (lead, a["id"], b["id"]))
for c in calls:
    if c["status"] != "ended":
        bad.append("call %s not ended" % c["id"])
    if c["node"] == victim and c["created_at"] > t_kill + 1000:
        bad.append("call %s placed on the killed %s after the kill" % (c["id"], victim))
    if c["node"] == victim and c["end_reason"] not in ("interrupted", "local_hangup"):
        bad.append("call %s on %s ended %s" % (c["id"], victim, c["end_reason"]))
if not any(c["node"] == victim and c["end_reason"] == "interrupted" for c in calls):
    bad.append("no call of the killed %s was closed interrupted" % victim)
for b in bad[:20]:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
  e2e_log "campaign $cid went on through the kill of $victim: every lead answered once, none dialled twice at once"
}
