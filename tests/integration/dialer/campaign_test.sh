#!/usr/bin/env bash
# The campaign dialer end to end (issue 13): `voiceagent serve` dials a campaign of 200 leads
# through a SIPp gateway (campaign_gateway.xml) on three trunk lines, gsm1 (prefix 91,
# capacity 3), gsm2 (92, 3) and gsm3 (93, 2), where gsm3 answers every call 503 with Q.850
# cause 34 (congestion). Leads: 120 that answer, 20 busy (486), 15 that never answer (our
# dial timeout, 2 s), 15 unknown numbers (404), 10 do_not_call, and 20 whose own zone is
# outside the calling hours now. From SIPp's log of every INVITE and every end (and the
# REST API) the test proves:
#   - never more than max_concurrent (8) calls up, never more than a line's capacity;
#   - never more INVITEs than calls_per_minute (200) in any 59 s (the dialer counts its
#     placements in 60 s; an INVITE leaves up to a second after its placement);
#   - busy and unanswered leads dialled exactly max_attempts (3) times, each retry at least
#     its delay (3 s) after the end of the previous attempt; 404 and answered leads once;
#     congested attempts (gsm3) never counted against a lead;
#   - do_not_call leads never dialled; leads outside their hours not dialled (pending, 0
#     attempts, waiting_reason names the hours) until the hours are widened, then dialled;
#   - the campaign turns done, the totals add up, dialled calls carry campaign_id/lead_id.
# Exit 77 when sipp, jq or curl is missing.
#   campaign_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: campaign_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../../e2e/lib/e2e.sh"
source "$HERE/dialer_lib.sh"
e2e_require sipp jq curl python3

CPM=200 MAX_CONCURRENT=8 MAX_ATTEMPTS=3 RETRY_S=3
LINES="gsm1:91:3,gsm2:92:3,gsm3:93:2"

# --- the gateway and the server ---------------------------------------------------------
sipp_start gw --timeout 240 --media-ports 8 -- -sf "$HERE/campaign_gateway.xml" -m 100000 \
  -d 400 -trace_logs -log_file "$WORK/gw.calls"
GW_PORT=$SIPP_PORT
va_start --trunk "sip:127.0.0.1:$GW_PORT" --rtp-ports 400 \
  VOICEAGENT_SIP_TRUNK_LINES="$LINES" VOICEAGENT_LIMITS_DIAL_TIMEOUT_S=2 \
  VOICEAGENT_RTP_PORT_REST_S=1 VOICEAGENT_AI_GEMINI_TTS_URL=off
dialer_admin

# --- leads: number 4930K nnnnn, K = 1 answer, 2 busy, 3 no answer, 4 not found --------------
csv="name,phone,email,company,country,notes,status"
add_leads() {  # KIND COUNT FIRST STATUS
  for ((i = 0; i < $2; i++)); do
    csv+=$'\n'"lead $1-$((i + $3)),+4930$1$(printf %05d $((i + $3))),,,,,$4"
  done
}
SPEC="1:120:0:new,2:20:0:new,3:15:0:new,4:15:0:new,1:10:50000:do_not_call,1:20:60000:new"
IFS=, read -ra parts <<<"$SPEC"
for part in "${parts[@]}"; do
  IFS=: read -r kind count first status <<<"$part"
  add_leads "$kind" "$count" "$first" "$status"
done  # the last 20 get a zone outside the hours below
va_api POST /api/leads/import "$csv"
[ "$API_STATUS" = 201 ] || fail "import: $API_STATUS ${API_BODY:0:300}"
LEAD_IDS=$(jq -c .ids <<<"$API_BODY")
[ "$(jq length <<<"$LEAD_IDS")" = 200 ] || fail "imported $(jq length <<<"$LEAD_IDS") leads"

# Calling hours around Berlin's hour now (+49 numbers), and a zone where they are closed.
read -r FROM TO FAR_ZONE < <(python3 - <<'PY'
from datetime import datetime
from zoneinfo import ZoneInfo
h = datetime.now(ZoneInfo("Europe/Berlin")).hour
frm, to = (h - 2) % 24, (h + 3) % 24
def inside(x):
    return (frm <= x < to) if frm < to else (x >= frm or x < to)
for z in ("Pacific/Auckland", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Tokyo"):
    now = datetime.now(ZoneInfo(z))
    if not inside(now.hour) and not inside((now.hour + 1) % 24):
        print(f"{frm:02d}:00 {to:02d}:00 {z}")
        break
PY
)
[ -n "${FAR_ZONE:-}" ] || fail "no zone outside the calling hours found"
FAR_IDS=$(jq -c '.[180:200]' <<<"$LEAD_IDS")
for id in $(jq -r '.[]' <<<"$FAR_IDS"); do
  va_api PATCH "/api/leads/$id" "$(jq -nc --arg z "$FAR_ZONE" '{timezone: $z}')"
  [ "$API_STATUS" = 200 ] || fail "PATCH lead $id timezone: $API_STATUS $API_BODY"
done
va_api GET "/api/leads/$(jq -r '.[0]' <<<"$FAR_IDS")"
[ "$(jq -r .timezone <<<"$API_BODY")" = "$FAR_ZONE" ] || fail "lead timezone not echoed: $API_BODY"

# --- the campaign -------------------------------------------------------------------------
dialing=$(jq -nc --argjson mc $MAX_CONCURRENT --argjson cpm $CPM --argjson ma $MAX_ATTEMPTS \
  --argjson r $RETRY_S --arg from "$FROM" --arg to "$TO" \
  '{max_concurrent: $mc, calls_per_minute: $cpm, max_attempts: $ma,
    retry_after_s: {busy: $r, no_answer: $r, unreachable: $r, failed: $r},
    calling_hours: {from: $from, to: $to, days: [1,2,3,4,5,6,7]}, lines: ["gsm1","gsm2","gsm3"]}')
va_api POST /api/campaigns "$(jq -nc --argjson d "$dialing" '{name: "dialer test", dialing: $d}')"
[ "$API_STATUS" = 201 ] || fail "create campaign: $API_STATUS $API_BODY"
CID=$(jq -r .id <<<"$API_BODY")
[ "$(jq -r .dialing.retry_after_s.rejected <<<"$API_BODY")" = null ] ||
  fail "rejected should default to no retry: $API_BODY"
va_api POST "/api/campaigns/$CID/start"
[ "$API_STATUS" = 409 ] || fail "start without leads: expected 409, got $API_STATUS $API_BODY"
va_api PUT "/api/campaigns/$CID/leads" "$(jq -nc --argjson ids "$LEAD_IDS" '{lead_ids: $ids}')"
[ "$API_STATUS" = 200 ] || fail "PUT leads: $API_STATUS $API_BODY"
STARTED=$(date +%s%3N)
va_api POST "/api/campaigns/$CID/start"
[ "$API_STATUS" = 200 ] && [ "$(jq -r .status <<<"$API_BODY")" = active ] ||
  fail "start: $API_STATUS $API_BODY"
e2e_log "campaign $CID started: hours $FROM-$TO (Europe/Berlin), far leads in $FAR_ZONE"

progress() {
  va_api GET "/api/campaigns/$CID/progress"
  [ "$API_STATUS" = 200 ] || fail "progress: $API_STATUS $API_BODY"
}
# All but the 20 far leads finished: done + skipped = 180, nothing calling or waiting.
near_leads_finished() {
  progress
  jq -e '.by_state.done + .by_state.skipped == 180 and .by_state.calling == 0
         and .by_state.retry_wait == 0 and .by_state.pending == 20' <<<"$API_BODY" >/dev/null
}
wait_until 150 "180 leads done or skipped" near_leads_finished
e2e_log "180 leads finished after $((($(date +%s%3N) - STARTED) / 1000)) s: $API_BODY"
# The dialer names the hours on its first pass after the last near call ended (it says
# nothing while calls are up), so the reason may lag the counts by one pass.
waiting_for_hours() {
  progress
  jq -e '.status == "active" and ((.waiting_reason // "") | test("outside calling hours"))' \
    <<<"$API_BODY" >/dev/null
}
wait_until 10 "active, waiting for calling hours" waiting_for_hours
e2e_log "waiting: $(jq -r .waiting_reason <<<"$API_BODY")"
va_api GET "/api/campaigns/$CID/leads?per_page=200"
FAR_STATE=$(jq -c --argjson far "$FAR_IDS" \
  '[.items[] | select(.lead_id as $l | $far | index($l)) | {state, attempts}] | unique' \
  <<<"$API_BODY")
[ "$FAR_STATE" = '[{"state":"pending","attempts":0}]' ] ||
  fail "far leads should be pending with 0 attempts: $FAR_STATE"
FAR_OPENED=$(date +%s%3N)

# Widen the hours: the far leads are dialled and the campaign turns done by itself.
va_api PATCH "/api/campaigns/$CID" '{"dialing": {"calling_hours": {"from": "00:00", "to": "24:00"}}}'
[ "$API_STATUS" = 200 ] || fail "PATCH hours: $API_STATUS $API_BODY"
campaign_done() {
  progress
  jq -e '.status == "done"' <<<"$API_BODY" >/dev/null
}
wait_until 60 "campaign done" campaign_done
PROGRESS=$API_BODY
jq -e '.waiting_reason == null' <<<"$PROGRESS" >/dev/null || fail "done but waiting: $PROGRESS"
e2e_log "done after $((($(date +%s%3N) - STARTED) / 1000)) s: $PROGRESS"
va_api GET "/api/campaigns/$CID/leads?per_page=200"
LEADS=$API_BODY
[ "$(jq .total <<<"$LEADS")" = 200 ] || fail "leads total: $(jq .total <<<"$LEADS")"

# A dialled call carries its campaign and lead.
first=$(jq -c '[.items[] | select(.call_ids | length > 0)][0]' <<<"$LEADS")
va_api GET "/api/calls/$(jq -r '.call_ids[0]' <<<"$first")"
jq -e --argjson c "$CID" --argjson l "$(jq .lead_id <<<"$first")" \
  '.campaign_id == $c and .lead_id == $l' <<<"$API_BODY" >/dev/null ||
  fail "call record lacks campaign_id/lead_id: ${API_BODY:0:300}"

# --- the gateway's log --------------------------------------------------------------------
sleep 1
echo "$LEADS" >"$WORK/leads.json"
echo "$PROGRESS" >"$WORK/progress.json"
echo "$LEAD_IDS" >"$WORK/lead_ids.json"
python3 "$HERE/check_gateway_log.py" --log "$WORK/gw.calls" --leads "$WORK/leads.json" \
  --lead-ids "$WORK/lead_ids.json" --spec "$SPEC" --progress "$WORK/progress.json" \
  --max-concurrent $MAX_CONCURRENT --cpm $CPM \
  --max-attempts $MAX_ATTEMPTS --retry-ms $((RETRY_S * 1000)) --line-caps 91:3,92:3,93:2 \
  --far-opened-ms "$FAR_OPENED" || fail "the gateway's log breaks the campaign's rules"
e2e_log "PASS"
