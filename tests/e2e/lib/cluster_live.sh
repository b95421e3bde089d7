# Step 8 of tests/e2e/cluster_test.sh (sourced by it, after cluster_steps.sh): live events and
# call control across nodes (ClusterBus: PostgreSQL LISTEN/NOTIFY). Every wait is bounded.

# events_show FILE JQ_FILTER: a line of the recorded /api/events stream matches (the last
# line may be half written: skipped; no pipe into grep -q, whose early exit fails pipefail).
events_show() { [ -n "$(jq -R -c "fromjson? | select($2)" "$1" 2>/dev/null)" ]; }

# 8. node1 and node2 draining, so node1's API must place the call on node3 (the least loaded
# live node); node2's /api/events shows it live and node2's API hangs it up.
live_test() {
  local id ev=$WORK/live_events.jsonl
  drain --node node1
  drain --node node2
  expect_nodes '{"node1": "draining", "node2": "draining", "node3": "live"}' 10
  : >"$ev"
  spawn live_events --timeout 120 -- python3 "$E2E_TOOLS/ws_events.py" --url "$NODE2_HTTP" \
    --token "$ADMIN_TOKEN" --out "$ev" --seconds 90
  wait_until 10 "node2's /api/events open" grep -q ws.open "$ev"
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$ADMIN_TOKEN
  va_api POST /api/calls '{"to": "+15555000001"}'
  [ "$API_STATUS" = 201 ] || fail "POST /api/calls via the draining node1: $API_STATUS $API_BODY"
  id=$(jq -r .id <<<"$API_BODY")
  drain --node node1 --off
  drain --node node2 --off
  # A node reads its drain flag at its next beat: the steps after this one need both taking
  # calls again (their /healthz says so), not just the flag cleared in the database.
  wait_until 15 "node1 /healthz 200" healthz_is "$NODE1_HTTP" 200
  wait_until 15 "node2 /healthz 200" healthz_is "$NODE2_HTTP" 200
  wait_until 30 "call $id active (read on node2)" call_is_active 2 "$id"
  VA_HTTP=$NODE2_HTTP VA_TOKEN=$ADMIN_TOKEN
  va_api GET "/api/calls/$id"
  [ "$(jq -r .node <<<"$API_BODY")" = node3 ] ||
    fail "call $id placed through node1 lives on $(jq -r .node <<<"$API_BODY"), not node3"
  wait_until 10 "node2's /api/events showed call $id answered" \
    events_show "$ev" ".type == \"call.answered\" and .call.id == $id"
  VA_HTTP=$NODE2_HTTP VA_TOKEN=$ADMIN_TOKEN
  local t0=$EPOCHREALTIME
  va_api POST "/api/calls/$id/hangup"
  [ "$API_STATUS" = 200 ] || fail "hangup of node3's call $id via node2: $API_STATUS $API_BODY"
  local took_ms
  took_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  wait_until 10 "node2's /api/events showed call $id ended" \
    events_show "$ev" ".type == \"call.ended\" and .call.id == $id"
  VA_HTTP=$NODE2_HTTP VA_TOKEN=$ADMIN_TOKEN
  va_api GET "/api/calls/$id"
  jq -e '.status == "ended" and .end_reason == "local_hangup" and .node == "node3"' \
    <<<"$API_BODY" >/dev/null || fail "call $id after the hangup via node2: $API_BODY"
  e2e_log "live across nodes: call $id placed via node1 on node3, seen on node2's /api/events ($(grep -c "\"id\":$id[,}]" "$ev") events), hung up via node2 in $took_ms ms"
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$ADMIN_TOKEN
  va_api POST "/api/calls/999999999/hangup"
  [ "$API_STATUS" = 404 ] || fail "hangup of an unknown call: $API_STATUS $API_BODY"
  expect_nodes '{"node1": "live", "node2": "live", "node3": "live"}' 10
}
