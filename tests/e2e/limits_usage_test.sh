#!/usr/bin/env bash
# E2E, issue 14 usage and admin limits (ctest e2e_limits_usage): the real `voiceagent serve`
# with the simulator and a SIPp gateway (gateway_uas_tone.xml, tone bursts as turns).
#   1. The superadmin sets an admin's limits (PATCH max_concurrent_calls 1, max_agents 1): a
#      second agent gets 409 agent_limit.
#   2. While the agent's call is up, the admin's own call is refused 429 too_many_calls
#      naming max_concurrent_calls: the admin's limit counts its whole tenant.
#   3. The call runs 61 s, is hung up, and GET /api/calls/{id} has "usage" with tokens from
#      the simulator's usageMetadata (audio and text), talk_s >= 61 and a cost > 0.
#   4. monthly_minutes 1: the agent's next call gets 403 monthly_minutes_exhausted, and a
#      started campaign of the admin dials nobody, waiting with a reason that says so.
#   5. GET /api/usage (admin) totals the talk and cost per user; lifting the limit (0) lets a
#      call through again.
#   6. With SHOTS_DIR: Chromium (web/e2e/usage.mjs) shows the admin's dashboard totals as the
#      API has them, downloads the calls CSV, and the superadmin edits the admin's limits.
#   limits_usage_test.sh PATH_TO_voiceagent [SHOTS_DIR]   (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: limits_usage_test.sh PATH_TO_voiceagent [SHOTS_DIR]}
SHOTS=${2:-}
e2e_require sipp curl jq python3
KEY="e2e-limits-key-$RANDOM"
NUMBER=+15550002001

sim_start --mode tone --reply-length 1 --key "$KEY"
sipp_peer gw gateway_uas_tone.xml --burst 1500:1500 --tone-seconds 80 --calls 3 --timeout 200
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[gw]}" VOICEAGENT_AI_GEMINI_TTS_URL=off \
  VOICEAGENT_RECORDINGS_ENABLED=false VOICEAGENT_AI_ANALYSIS=off
va_login
va_add_key "$KEY" "limits" >/dev/null
ADMIN=$(va_add_user lim-admin 'Lim-admin-pw-1' admin)
AGENT=$(va_add_user lim-agent 'Lim-agent-pw-1' agent "$ADMIN")
SUPER_TOKEN=$VA_TOKEN

# --- 1. limits set by the superadmin; max_agents refuses a second agent
va_api PATCH "/api/users/$ADMIN" '{"max_concurrent_calls":1,"max_agents":1}'
[ "$API_STATUS" = 200 ] || fail "PATCH limits: HTTP $API_STATUS $API_BODY"
[ "$(jq -c '[.max_concurrent_calls, .max_agents, .monthly_minutes]' <<<"$API_BODY")" = "[1,1,0]" ] ||
  fail "limits not shown: $API_BODY"
va_login lim-admin 'Lim-admin-pw-1'
ADMIN_TOKEN=$VA_TOKEN
va_api POST /api/users '{"username":"lim-agent2","password":"Lim-agent-pw-2","role":"agent"}'
[ "$API_STATUS" = 409 ] || fail "a second agent: HTTP $API_STATUS $API_BODY (expected 409)"
jq -e '.error.code == "agent_limit" and (.error.message | test("max_agents"))' <<<"$API_BODY" >/dev/null ||
  fail "agent limit message: $API_BODY"
e2e_log "limits set; the second agent refused: $(jq -r .error.message <<<"$API_BODY")"
va_login lim-agent 'Lim-agent-pw-1'
AGENT_TOKEN=$VA_TOKEN

# --- 2. the tenant's concurrent limit
CALL1=$(va_place_call "$AGENT_TOKEN" "$NUMBER")
va_wait_call "$AGENT_TOKEN" "$CALL1" active 20
VA_TOKEN=$ADMIN_TOKEN
va_api POST /api/calls "{\"to\":\"$NUMBER\"}"
[ "$API_STATUS" = 429 ] || fail "the admin's call during the agent's: HTTP $API_STATUS $API_BODY"
jq -e '.error.code == "too_many_calls" and (.error.message | test("max_concurrent_calls"))' \
  <<<"$API_BODY" >/dev/null || fail "concurrent limit message: $API_BODY"
e2e_log "tenant limit: $(jq -r .error.message <<<"$API_BODY")"

# --- 3. usage of a 61 s call
ANSWERED=$(va_get_call "$AGENT_TOKEN" "$CALL1" | jq -r .answered_at)
talked_61s() { [ $(($(date +%s%3N) - ANSWERED)) -ge 61500 ]; }
wait_until 75 "call 1 talked 61 s" talked_61s
VA_TOKEN=$AGENT_TOKEN
va_api POST "/api/calls/$CALL1/hangup"
[[ $API_STATUS == 20? ]] || fail "hangup: HTTP $API_STATUS $API_BODY"
va_wait_call "$AGENT_TOKEN" "$CALL1" ended 15
USAGE=$(va_get_call "$AGENT_TOKEN" "$CALL1" | jq -c .usage)
e2e_log "call $CALL1 usage: $USAGE"
jq -e '.talk_s >= 61 and .talk_s <= 70 and .input_tokens > 1000 and .output_tokens > 0 and
       .input_audio_tokens > 0 and .input_audio_tokens < .input_tokens and .cost > 0' \
  <<<"$USAGE" >/dev/null || fail "usage of call $CALL1: $USAGE"

# --- 4. the month's minutes
VA_TOKEN=$SUPER_TOKEN
va_api PATCH "/api/users/$ADMIN" '{"monthly_minutes":1}'
[ "$API_STATUS" = 200 ] || fail "PATCH monthly_minutes: HTTP $API_STATUS $API_BODY"
VA_TOKEN=$AGENT_TOKEN
va_api POST /api/calls "{\"to\":\"$NUMBER\"}"
[ "$API_STATUS" = 403 ] || fail "a call beyond the month's minutes: HTTP $API_STATUS $API_BODY"
jq -e '.error.code == "monthly_minutes_exhausted"' <<<"$API_BODY" >/dev/null ||
  fail "minutes message: $API_BODY"
e2e_log "minutes used up: $(jq -r .error.message <<<"$API_BODY")"
VA_TOKEN=$ADMIN_TOKEN
va_api POST /api/leads "{\"name\":\"Limit lead\",\"phone\":\"$NUMBER\"}"
[ "$API_STATUS" = 201 ] || fail "POST lead: HTTP $API_STATUS $API_BODY"
LEAD=$(jq -r .id <<<"$API_BODY")
va_api POST /api/campaigns '{"name":"Over the limit","dialing":{"calling_hours":{"from":"00:00","to":"23:59","days":[1,2,3,4,5,6,7]},"max_attempts":1}}'
[ "$API_STATUS" = 201 ] || fail "POST campaign: HTTP $API_STATUS $API_BODY"
CAMPAIGN=$(jq -r .id <<<"$API_BODY")
va_api PUT "/api/campaigns/$CAMPAIGN/leads" "{\"lead_ids\":[$LEAD]}"
va_api POST "/api/campaigns/$CAMPAIGN/start"
[ "$API_STATUS" = 200 ] || fail "start: HTTP $API_STATUS $API_BODY"
waiting_for_minutes() {
  va_api GET "/api/campaigns/$CAMPAIGN/progress"
  jq -e '(.waiting_reason // "") | test("monthly minutes")' <<<"$API_BODY" >/dev/null
}
wait_until 20 "the campaign waiting for minutes" waiting_for_minutes
jq -e '.attempts == 0 and .in_flight == 0' <<<"$API_BODY" >/dev/null ||
  fail "the campaign dialled over the limit: $API_BODY"
e2e_log "campaign waits: $(jq -r .waiting_reason <<<"$API_BODY")"
va_api POST "/api/campaigns/$CAMPAIGN/pause"

# --- 5. totals, and the limit lifted
va_api GET /api/usage
[ "$API_STATUS" = 200 ] || fail "GET /api/usage: HTTP $API_STATUS $API_BODY"
e2e_log "usage: $(jq -c .total <<<"$API_BODY")"
jq -e --argjson a "$AGENT" '.total.talk_s >= 61 and .total.cost > 0 and
    ([.by_user[] | select(.user_id == $a and .calls >= 1 and .talk_s >= 61)] | length) == 1 and
    (.by_key | length) >= 1' <<<"$API_BODY" >/dev/null || fail "usage totals: $API_BODY"
VA_TOKEN=$SUPER_TOKEN
va_api PATCH "/api/users/$ADMIN" '{"monthly_minutes":0}'
CALL2=$(va_place_call "$AGENT_TOKEN" "$NUMBER")
va_wait_call "$AGENT_TOKEN" "$CALL2" active 20
VA_TOKEN=$AGENT_TOKEN
va_api POST "/api/calls/$CALL2/hangup"
va_wait_call "$AGENT_TOKEN" "$CALL2" ended 15

# --- 6. the browser
if [ -n "$SHOTS" ]; then
  VA_TOKEN=$ADMIN_TOKEN
  va_api GET /api/usage
  TALK=$(jq -r '.total.talk_s | "\(. / 60 | floor):\(. % 60 | tostring | if length < 2 then "0" + . else . end)"' <<<"$API_BODY")
  # As the dashboard writes it (web/src/usage.ts formatCost).
  COST=$(jq -r '.total.cost' <<<"$API_BODY" | awk '{ printf($1 < 1 ? "$%.4f" : "$%.2f", $1) }')
  WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)
  set +e
  node "$WEB_DIR/e2e/usage.mjs" --url "$VA_HTTP" --user lim-admin --password Lim-admin-pw-1 \
    --super-password "$VA_PASSWORD" --admin lim-admin --agent lim-agent --talk "$TALK" \
    --cost "$COST" --out "$SHOTS"
  rc=$?
  set -e
  [ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
fi
echo "PASS: admin limits (agents, tenant calls, monthly minutes) enforced with clear errors; usage and cost recorded and totalled"
