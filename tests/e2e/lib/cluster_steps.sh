# Steps 3 to 7 of tests/e2e/cluster_test.sh (sourced by it, after cluster_checks.sh).

# node_taken_out SIP_PORT: Kamailio's dispatcher has that node inactive (IP), not AP.
node_flags() {
  kamcmd -s "unix:$VOICEAGENT_CLUSTER_DIR/kamailio/ctl.sock" dispatcher.list 2>/dev/null |
    tr -d ' \t' | grep -A1 "^URI:sip:127.0.0.1:$1\$" | sed -n 's/^FLAGS://p'
}
node_taken_out() { [[ $(node_flags "$1") == I* ]]; }
node_back_in() { [ "$(node_flags "$1")" = AP ]; }
sip_port_of() { echo $((BASE + 10 * $1)); }

# 3. Four users, four keys: two calls out (through node2 and node3), two in (through
# Kamailio); each key's AI session must have heard its own call's gateway tone.
tone_sample() {
  local i uid want=(0 440 1300 700 1900) ids=()
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  for i in 1 2 3 4; do
    TONE_KEY[$i]="cluster-tone-key-$i-$RANDOM"
    uid=$(va_add_user "tone$i" "Tone-user-pw-$i" admin)
    va_set_user_key "$uid" "${TONE_KEY[$i]}"
    [ "$i" -le 2 ] && continue
    va_api POST /api/inbound-routes "{\"number\":\"+1555310$i\",\"owner_id\":$uid}"
    [ "$API_STATUS" = 201 ] || fail "inbound route for tone$i: $API_STATUS $API_BODY"
  done
  for i in 1 2; do
    VA_HTTP=${HTTP[$((i + 1))]}
    va_login "tone$i" "Tone-user-pw-$i"
    va_api POST /api/calls "{\"to\": \"$([ $i = 1 ] && echo +15551001 || echo +15552002)\"}"
    [ "$API_STATUS" = 201 ] || fail "tone call $i: $API_STATUS $API_BODY"
    ids+=("$(jq -r .id <<<"$API_BODY"):$((i + 1))")
  done
  caller_start tone_in3 1 1 6000 700 +15553103
  caller_start tone_in4 1 1 6000 1900 +15553104
  HANG_AFTER_S=5 hang_up_when_active "${ids[@]}"
  caller_finish tone_in3 1
  caller_finish tone_in4 1
  for i in 1 2 3 4; do
    local fp
    fp=$(key_fingerprint "${TONE_KEY[$i]}")
    wait_until 30 "the simulator's session of key $i ended" \
      jq -e -s --arg k "$fp" 'any(.[]; .event == "session_end" and .key_fp == $k)' "$WORK/sim_sessions.jsonl"
    local hz
    hz=$(jq -s -r --arg k "$fp" '[.[] | select(.event == "session_end" and .key_fp == $k)
      | .audio_in_dominant_hz][0] // "none"' "$WORK/sim_sessions.jsonl")
    e2e_log "tone sample: key $i ($fp) heard ${hz} Hz, its call's gateway played ${want[$i]} Hz"
    [ "$hz" != none ] && [ "${hz%.*}" -ge $((want[i] - 30)) ] && [ "${hz%.*}" -le $((want[i] + 30)) ] ||
      fail "key $i heard $hz Hz, not its own call's ${want[$i]} Hz: audio crossed calls or nodes"
  done
}

# 4. max_concurrent_calls 10 on the admin; 15 requests at once over the three nodes.
limit_test() {
  local i node code pids=() placed=() refused=0
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  va_api PATCH "/api/users/$ADMIN_ID" '{"max_concurrent_calls": 10}'
  [ "$API_STATUS" = 200 ] || fail "PATCH max_concurrent_calls: $API_STATUS $API_BODY"
  mkdir -p "$WORK/limit"
  for i in $(seq 0 14); do
    node=$((i % 3 + 1))
    curl -s --max-time 20 -o "$WORK/limit/$i.body" -w '%{http_code}' -X POST \
      -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
      --data "{\"to\": \"+1555300$(printf %04d "$i")\"}" "${HTTP[$node]}/api/calls" \
      >"$WORK/limit/$i.code" &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  for i in $(seq 0 14); do
    code=$(cat "$WORK/limit/$i.code")
    case $code in
      201) placed+=("$(jq -r .id "$WORK/limit/$i.body"):$((i % 3 + 1))") ;;
      429) refused=$((refused + 1)) ;;
      *) fail "limit request $i: HTTP $code $(cat "$WORK/limit/$i.body")" ;;
    esac
  done
  e2e_log "limit 10, 15 requests over 3 nodes: ${#placed[@]} placed, $refused refused (429)"
  [ "${#placed[@]}" = 10 ] && [ "$refused" = 5 ] ||
    fail "the cluster-wide limit of 10 let ${#placed[@]} calls through"
  hang_up_when_active "${placed[@]}"
  VA_HTTP=$NODE1_HTTP VA_TOKEN=$SUPER_TOKEN
  va_api PATCH "/api/users/$ADMIN_ID" '{"max_concurrent_calls": 0}'
}

drain() {
  VOICEAGENT_DB_URL=$DB_URL VOICEAGENT_DATA_DIR=$WORK/drain-data "$VOICEAGENT" drain "$@" \
    >>"$WORK/drain.out" 2>&1 || fail "voiceagent drain $*: $(tail -n 2 "$WORK/drain.out")"
}
healthz_is() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1/healthz")" = "$2" ]; }

# 5. Drain node3 while it carries a call.
drain_test() {
  VA_HTTP=${HTTP[3]} VA_TOKEN=$ADMIN_TOKEN
  va_api POST /api/calls '{"to": "+15554000001"}'
  [ "$API_STATUS" = 201 ] || fail "call before the drain: $API_STATUS $API_BODY"
  local kept mark
  kept=$(jq -r .id <<<"$API_BODY")
  wait_until 30 "call $kept active on node3" call_is_active 3 "$kept"
  va_api GET "/api/calls/$kept"
  # Every node idle: the node that got the request places it (a tie keeps it here).
  [ "$(jq -r .node <<<"$API_BODY")" = node3 ] || fail "call $kept went to $(jq -r .node <<<"$API_BODY")"
  drain --node node3
  expect_nodes '{"node1": "live", "node2": "live", "node3": "draining"}' 10
  wait_until 5 "node3 /healthz 503" healthz_is "${HTTP[3]}" 503
  VA_HTTP=${HTTP[3]} VA_TOKEN=$ADMIN_TOKEN
  va_api POST /api/calls '{"to": "+15554000002"}'
  [ "$API_STATUS" = 201 ] || fail "a draining node did not hand the call on: $API_STATUS $API_BODY"
  local moved
  moved=$(jq -r .id <<<"$API_BODY")
  wait_until 30 "call $moved active" call_is_active 3 "$moved"
  va_api GET "/api/calls/$moved"
  [ "$(jq -r .node <<<"$API_BODY")" != node3 ] || fail "the draining node3 placed call $moved itself"
  HANG_AFTER_S=0 hang_up_when_active "$moved:3"
  wait_until 15 "Kamailio took the draining node3 out" node_taken_out "$(sip_port_of 3)"
  mark=$(max_call_id)
  caller_start callers_drain 6 6 2000 700
  caller_finish callers_drain 6
  wait_until 30 "the calls during the drain ended" all_ended_since "$mark"
  check_records "$mark" 6 0 "node1 node2"
  call_is_active 3 "$kept" || fail "the draining node's call did not go on"
  HANG_AFTER_S=0 hang_up_when_active "$kept:3"
  drain --node node3 --off
  expect_nodes '{"node1": "live", "node2": "live", "node3": "live"}' 10
  wait_until 15 "node3 /healthz 200" healthz_is "${HTTP[3]}" 200
  wait_until 15 "Kamailio took node3 back" node_back_in "$(sip_port_of 3)"
  e2e_log "drain: node3 took no new call (SIP 503, its API handed the call to a live node), its call went on; back after --off"
}

count_status() {  # MARK NODE STATUS -> how many calls since MARK on NODE have STATUS
  calls_since "$1" "$WORK/kill.json"
  jq --arg n "$2" --arg s "$3" '[.[] | select(.node == $n and .status == $s)] | length' "$WORK/kill.json"
}
active_since_is() {
  calls_since "$1" "$WORK/kill.json"
  [ "$(jq '[.[] | select(.status == "active")] | length' "$WORK/kill.json")" = "$2" ]
}
node2_closed() {
  calls_since "$1" "$WORK/kill.json"
  jq -e '[.[] | select(.node == "node2")] | length > 0 and
    all(.[]; .status == "ended" and .end_reason == "interrupted")' "$WORK/kill.json" >/dev/null
}

# 6. kill -9 of node2 while KILL_CALLS calls are up.
kill_test() {
  local mark on1 on2 on3 t_kill
  mark=$(max_call_id)
  caller_start callers_kill "$KILL_CALLS" 10 25000 700
  wait_until 40 "$KILL_CALLS calls active" active_since_is "$mark" "$KILL_CALLS"
  on1=$(count_status "$mark" node1 active) on2=$(count_status "$mark" node2 active)
  on3=$(count_status "$mark" node3 active)
  e2e_log "before the kill: node1 $on1, node2 $on2, node3 $on3 active calls"
  [ "$on2" -gt 0 ] || fail "node2 carried none of the calls"
  kill -9 "$NODE2_PID"
  t_kill=$SECONDS
  wait_until $((DEAD_AFTER_S + 10)) "node2's calls closed as interrupted" node2_closed "$mark"
  e2e_log "node2 killed: its $on2 calls closed interrupted after $((SECONDS - t_kill)) s (dead after ${DEAD_AFTER_S} s)"
  [ "$(count_status "$mark" node1 active)" = "$on1" ] && [ "$(count_status "$mark" node3 active)" = "$on3" ] ||
    fail "the survivors' calls did not go on after the kill"
  expect_nodes '{"node1": "live", "node2": "dead", "node3": "live"}' 10
  caller_finish callers_kill "$KILL_CALLS" any
  [ "$CALLER_OK" -ge $((on1 + on3)) ] || fail "only $CALLER_OK of the survivors' $((on1 + on3)) calls ended well"
  wait_until 40 "every call of the kill step ended" all_ended_since "$mark"
  jq -e 'all(.[]; (.node == "node2" and .end_reason == "interrupted") or
    (.node != "node2" and .end_reason == "remote_hangup"))' "$WORK/since.json" >/dev/null ||
    fail "kill step: a record is wrong: $(jq -c '[.[] | {id, node, end_reason}]' "$WORK/since.json")"
  wait_until 15 "Kamailio took the dead node2 out" node_taken_out "$(sip_port_of 2)"
  mark=$(max_call_id)
  caller_start callers_after 6 6 2000 700
  caller_finish callers_after 6
  wait_until 30 "the calls after the kill ended" all_ended_since "$mark"
  check_records "$mark" 6 0 "node1 node3"
}

mean_rtt() {
  cat "$WORK/$1"/scenario_*_rtt.csv 2>/dev/null |
    awk -F';' 'NR > 1 && $2 + 0 > 0 { s += $2; n++ } END { if (n) printf "%.1f", s / n; else print "none" }'
}

# 7. INVITE -> 200 OK straight to node1 and through Kamailio.
setup_latency() {
  caller_start lat_direct 10 5 1000 700 "$DID" "$(grep '^NODE1_SIP=' "$WORK/up.out" | cut -d= -f2)"
  caller_finish lat_direct 10
  caller_start lat_kamailio 10 5 1000 700
  caller_finish lat_kamailio 10
  local direct via
  direct=$(mean_rtt lat_direct) via=$(mean_rtt lat_kamailio)
  e2e_log "call setup (INVITE -> 200 OK, mean of 10): straight to a node $direct ms, through Kamailio $via ms: Kamailio adds $(awk -v a="$via" -v b="$direct" 'BEGIN { printf "%.1f", a - b }') ms"
}
