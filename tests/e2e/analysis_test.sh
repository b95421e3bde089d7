#!/usr/bin/env bash
# E2E, post-call analysis (issue 14; ctest e2e_post_call_analysis). `voiceagent serve` with
# `voiceagent sim` as Gemini (Live and REST generateContent) and SIPp gateways as the phones:
#   1. 52 calls to four gateways; each gateway's phone "says" one sentence, as talk spurts of
#      its tone that the simulator transcribes by tone (--caller-phrase): interested with an
#      email address, not interested, call me back on Friday at 3 pm, do not call me again.
#      Every call ends with its analysis done: the right disposition, callback time (the next
#      Friday 15:00 UTC after the call) and extracted fields (the campaign's email and
#      callback_day); every lead's status and disposition follow; the callback leads' next
#      attempt in their campaign is the callback time; GET /api/conversions lists the 26
#      interested and callback leads.
#   2. A campaign with a do_not_call lead and a fresh one, dialled through the trunk: the
#      fresh lead is called, the do_not_call lead is skipped and never dialled.
#   3. With BROWSER=1 (ctest web_playwright_analysis): Chromium shows a call's summary,
#      disposition and fields, and the Conversions page lists the leads (screenshots).
#   analysis_test.sh PATH_TO_voiceagent [SCREENSHOT_DIR]      (KEEP_WORK=1 keeps the work dir)
source "$(dirname "$0")/lib/e2e.sh"
VOICEAGENT=${1:?usage: analysis_test.sh PATH_TO_voiceagent [SCREENSHOT_DIR]}
SHOTS=${2:-}
e2e_require sipp curl jq python3
PER_GATEWAY=${PER_GATEWAY:-13}
KEY=analysis-e2e-key

declare -A SAYS=(
  [440]="Yes, I am interested. My email is anna@example.com."
  [700]="No thanks, I am not interested."
  [1000]="I am busy. Call me back on Friday at 3 pm."
  [1300]="Please do not call me again."
)
declare -A EXPECT=([440]=interested [700]=not_interested [1000]=callback [1300]=do_not_call)
declare -A LEAD_STATUS=([440]=qualified [700]=lost [1000]=contacted [1300]=do_not_call)

phrases=()
for hz in "${!SAYS[@]}"; do phrases+=(--caller-phrase "$hz=${SAYS[$hz]}"); done
sim_start --mode tone "${phrases[@]}"
# Each phone talks in 1.2 s spurts (the simulator's VAD makes each one an utterance), then
# hangs up after 6 s.
for hz in "${!SAYS[@]}"; do
  sipp_peer "gw$hz" gateway_uas_tone_bye.xml --tone "$hz" --burst 1200:1300 --tone-seconds 6 \
    --calls "$PER_GATEWAY" --timeout 200 -- -d 6000
done
# The trunk for the campaign of part 2: answers and hangs up after 2 s.
sipp_peer trunk gateway_uas_tone_bye.xml --tone 700 --tone-seconds 2 --calls 5 --timeout 200 \
  -- -d 2000
va_start --trunk "sip:127.0.0.1:${PEER_SIP_PORT[trunk]}" --allow-direct-uri --rtp-ports 300 \
  VOICEAGENT_RECORDINGS_ENABLED=false VOICEAGENT_AI_GEMINI_TTS_URL=off
va_login
ADMIN=$(va_add_user analyst Analyst-pw-12 admin)
va_set_user_key "$ADMIN" "$KEY"
va_api PATCH "/api/users/$ADMIN" '{"max_concurrent_calls": 60}'
[ "$API_STATUS" = 200 ] || fail "PATCH user: HTTP $API_STATUS $API_BODY"
va_login analyst Analyst-pw-12

# A bad extraction schema is refused naming the field.
va_api POST /api/campaigns '{"name":"bad","extraction_schema":[{"name":"email","type":"integer"}]}'
[ "$API_STATUS" = 400 ] || fail "a bad extraction schema: HTTP $API_STATUS $API_BODY"
grep -q 'extraction_schema\[0\].type' <<<"$API_BODY" || fail "the error names no field: $API_BODY"

va_api POST /api/campaigns '{"name":"Spring offer","extraction_schema":[
  {"name":"email","type":"string","description":"the callee e-mail address"},
  {"name":"callback_day","type":"date","description":"the day the callee wants a call"}]}'
[ "$API_STATUS" = 201 ] || fail "POST /api/campaigns: HTTP $API_STATUS $API_BODY"
CAMPAIGN=$(jq -r .id <<<"$API_BODY")

# --- 1. the calls: the leads join the campaign first (a callback moves a lead's campaign row)
declare -A CALL_HZ=() CALL_LEAD=() LEAD_HZ=()
lead_ids=()
n=0
for hz in "${!SAYS[@]}"; do
  for ((i = 0; i < PER_GATEWAY; i++)); do
    n=$((n + 1))
    va_api POST /api/leads "{\"name\":\"Lead $hz-$i\",\"phone\":\"+3592$((4000000 + n))\"}"
    [ "$API_STATUS" = 201 ] || fail "POST /api/leads: HTTP $API_STATUS $API_BODY"
    lead=$(jq -r .id <<<"$API_BODY")
    lead_ids+=("$lead")
    LEAD_HZ[$lead]=$hz
  done
done
va_api PUT "/api/campaigns/$CAMPAIGN/leads" "{\"lead_ids\":[$(IFS=,; echo "${lead_ids[*]}")]}"
[ "$API_STATUS" = 200 ] || fail "PUT campaign leads: HTTP $API_STATUS $API_BODY"
for lead in "${lead_ids[@]}"; do
  hz=${LEAD_HZ[$lead]}
  va_api POST /api/calls "{\"to\":\"sip:lead$lead@127.0.0.1:${PEER_SIP_PORT[gw$hz]}\",\"lead_id\":$lead,\"campaign_id\":$CAMPAIGN}"
  [ "$API_STATUS" = 201 ] || fail "POST /api/calls: HTTP $API_STATUS $API_BODY"
  id=$(jq -r .id <<<"$API_BODY")
  CALL_HZ[$id]=$hz
  CALL_LEAD[$id]=$lead
done
e2e_log "placed ${#CALL_HZ[@]} calls"

analysis_settled() {  # ID: the call ended and its analysis is no longer pending
  va_api GET "/api/calls/$1"
  jq -e '.status == "ended" and .analysis != null and .analysis.status != "pending"' \
    <<<"$API_BODY" >/dev/null
}
for id in "${!CALL_HZ[@]}"; do wait_until 90 "call $id analysed" analysis_settled "$id"; done

# The next Friday after the day of `ms` (UTC), 15:00, in Unix ms.
friday_15() {
  python3 -c 'import sys, datetime as d
t = d.datetime.fromtimestamp(int(sys.argv[1]) / 1000, d.timezone.utc)
ahead = (4 - t.weekday()) % 7 or 7
f = (t + d.timedelta(days=ahead)).replace(hour=15, minute=0, second=0, microsecond=0)
print(int(f.timestamp()) * 1000)' "$1"
}

CALLBACK_LEADS=()
declare -A CALLBACK_AT=()
for id in "${!CALL_HZ[@]}"; do
  hz=${CALL_HZ[$id]}
  va_api GET "/api/calls/$id"
  body=$API_BODY
  got=$(jq -r '"\(.analysis.status) \(.analysis.disposition)"' <<<"$body")
  [ "$got" = "done ${EXPECT[$hz]}" ] || fail "call $id ($hz Hz): analysis '$got', want done ${EXPECT[$hz]}: $(jq -c .analysis <<<"$body")"
  jq -e '.analysis.summary | length > 0' <<<"$body" >/dev/null || fail "call $id: no summary"
  email=$(jq -r '.analysis.fields.email' <<<"$body")
  if [ "$hz" = 440 ]; then
    [ "$email" = anna@example.com ] || fail "call $id: email '$email'"
  else
    [ "$email" = null ] || fail "call $id: email '$email' where none was said"
  fi
  cb=$(jq -r '.analysis.callback_at' <<<"$body")
  if [ "$hz" = 1000 ]; then
    want=$(friday_15 "$(jq -r .answered_at <<<"$body")")
    [ "$cb" = "$want" ] || fail "call $id: callback_at $cb, want $want"
    day=$(jq -r '.analysis.fields.callback_day' <<<"$body")
    [ "$day" = "$(date -u -d "@$((want / 1000))" +%F)" ] || fail "call $id: callback_day $day"
    CALLBACK_LEADS+=("${CALL_LEAD[$id]}")
    CALLBACK_AT[${CALL_LEAD[$id]}]=$want
  else
    [ "$cb" = null ] || fail "call $id: callback_at $cb without a callback"
  fi
  va_api GET "/api/leads/${CALL_LEAD[$id]}"
  got=$(jq -r '"\(.status) \(.disposition)"' <<<"$API_BODY")
  [ "$got" = "${LEAD_STATUS[$hz]} ${EXPECT[$hz]}" ] || fail "lead ${CALL_LEAD[$id]}: '$got'"
done
e2e_log "every call has its disposition, callback time and fields; leads follow"

va_api GET "/api/campaigns/$CAMPAIGN/leads?per_page=200"
for lead in "${CALLBACK_LEADS[@]}"; do
  got=$(jq -r --argjson l "$lead" '.items[] | select(.lead_id == $l) | "\(.state) \(.next_attempt_at)"' <<<"$API_BODY")
  [ "$got" = "retry_wait ${CALLBACK_AT[$lead]}" ] || fail "callback lead $lead in its campaign: '$got'"
done
va_api GET /api/conversions
[ "$(jq '.items | length' <<<"$API_BODY")" = $((2 * PER_GATEWAY)) ] ||
  fail "conversions: $(jq -c '[.items[] | .disposition]' <<<"$API_BODY")"
e2e_log "callbacks scheduled in the campaign; $((2 * PER_GATEWAY)) conversions"

# --- 2. a do_not_call lead is never dialled again
DNC_LEAD=""
for id in "${!CALL_HZ[@]}"; do [ "${CALL_HZ[$id]}" = 1300 ] && DNC_LEAD=${CALL_LEAD[$id]} && break; done
va_api POST /api/leads '{"name":"Fresh lead","phone":"+35929999001"}'
FRESH=$(jq -r .id <<<"$API_BODY")
va_api POST /api/campaigns '{"name":"Second round","dialing":{"calling_hours":{"from":"00:00","to":"23:59","days":[1,2,3,4,5,6,7]},"max_attempts":1}}'
[ "$API_STATUS" = 201 ] || fail "second campaign: HTTP $API_STATUS $API_BODY"
SECOND=$(jq -r .id <<<"$API_BODY")
va_api PUT "/api/campaigns/$SECOND/leads" "{\"lead_ids\":[$DNC_LEAD,$FRESH]}"
va_api POST "/api/campaigns/$SECOND/start"
[ "$API_STATUS" = 200 ] || fail "start: HTTP $API_STATUS $API_BODY"
campaign_done() {
  va_api GET "/api/campaigns/$SECOND/progress"
  jq -e '.status == "done"' <<<"$API_BODY" >/dev/null
}
wait_until 60 "the second campaign done" campaign_done
va_api GET "/api/campaigns/$SECOND/leads"
got=$(jq -r --argjson l "$DNC_LEAD" '.items[] | select(.lead_id == $l) | "\(.state) \(.skip_reason) \(.attempts) \(.call_ids | length)"' <<<"$API_BODY")
[ "$got" = "skipped do_not_call 0 0" ] || fail "the do_not_call lead in the second campaign: '$got'"
got=$(jq -r --argjson l "$FRESH" '.items[] | select(.lead_id == $l) | "\(.state) \(.attempts)"' <<<"$API_BODY")
[ "$got" = "done 1" ] || fail "the fresh lead: '$got'"
e2e_log "the do_not_call lead was skipped, the fresh one called"

# --- 3. the browser
if [ -n "$SHOTS" ]; then
  WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)
  INTERESTED=""
  for id in "${!CALL_HZ[@]}"; do [ "${CALL_HZ[$id]}" = 440 ] && INTERESTED=$id && break; done
  set +e
  node "$WEB_DIR/e2e/analysis.mjs" --url "$VA_HTTP" --user analyst --password Analyst-pw-12 \
    --call "$INTERESTED" --conversions $((2 * PER_GATEWAY)) --out "$SHOTS"
  rc=$?
  set -e
  [ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
fi
e2e_log "PASS"
