#!/usr/bin/env bash
# kill -9 mid-campaign, then a restart on the same data (issue 13): 30 leads whose calls
# stay up 3 s; the campaign is paused, the server killed while calls are up and started
# again, and the campaign resumed from the shell (`voiceagent campaigns start`): it goes on
# and turns done; every lead that was being called got outcome interrupted and was dialled
# again (two attempts, the second answered); no lead got more INVITEs than its recorded
# attempts; the attempts add up to the gateway's INVITEs.
# (Closing the killed calls' records is the crash-recovery work of the call layer, not
# checked here.) Exit 77 when sipp, jq or curl is missing.
#   restart_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: restart_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../../e2e/lib/e2e.sh"
source "$HERE/dialer_lib.sh"
e2e_require sipp jq curl python3

sipp_start gw --timeout 150 --media-ports 8 -- -sf "$HERE/campaign_gateway.xml" -m 100000 \
  -d 3000 -trace_logs -log_file "$WORK/gw.calls"
GW_PORT=$SIPP_PORT
SERVER_ENV=(VOICEAGENT_LIMITS_DIAL_TIMEOUT_S=5 VOICEAGENT_RTP_PORT_REST_S=1
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_SIP_TRUNK_LINES=gsm1:91:20)
va_start --trunk "sip:127.0.0.1:$GW_PORT" --rtp-ports 200 "${SERVER_ENV[@]}"
dialer_admin
csv="name,phone"
for ((i = 0; i < 30; i++)); do csv+=$'\n'"lead $i,+49301$(printf %05d $i)"; done
dialer_campaign "$csv" '{"name": "restart", "dialing": {"max_concurrent": 6,
  "calls_per_minute": 600, "max_attempts": 3, "retry_after_s": {"failed": 1},
  "calling_hours": {"from": "00:00", "to": "24:00", "days": [1,2,3,4,5,6,7]}}}'
va_api POST "/api/campaigns/$CID/start"
[ "$API_STATUS" = 200 ] || fail "start: $API_STATUS $API_BODY"

calls_up() {
  va_api GET "/api/campaigns/$CID/progress"
  jq -e '.in_flight >= 4 and .by_state.done >= 6' <<<"$API_BODY" >/dev/null
}
wait_until 60 "calls up and some leads done" calls_up
# Paused first, so no lead is claimed between the snapshot and the kill.
va_api POST "/api/campaigns/$CID/pause"
sleep 0.5
va_api GET "/api/campaigns/$CID/leads?per_page=100"
CALLING=$(jq -c '[.items[] | select(.state == "calling") | .lead_id]' <<<"$API_BODY")
[ "$(jq length <<<"$CALLING")" -ge 1 ] || fail "no lead calling at the kill"
e2e_log "kill -9 with leads $CALLING calling"
# The server itself, not its `timeout` wrapper (a killed wrapper leaves the server running).
VA_PID=$(pgrep -P "$(pid_of server)" -x voiceagent) || fail "no voiceagent under the wrapper"
kill -KILL "$VA_PID"
wait_exit server 10

va_start --trunk "sip:127.0.0.1:$GW_PORT" --rtp-ports 200 "${SERVER_ENV[@]}"
va_login dialadmin dial-admin-pw-1
# Resumed from the shell (`voiceagent campaigns`), on the same database the server uses.
cli() { VOICEAGENT_DATA_DIR="$WORK/data" "$VOICEAGENT" campaigns "$@"; }
cli list | grep -q "^$CID	paused	30	" || fail "campaigns list: $(cli list)"
cli start "$CID" | grep -q "is now active" || fail "campaigns start $CID failed"
done_() {
  va_api GET "/api/campaigns/$CID/progress"
  jq -e '.status == "done"' <<<"$API_BODY" >/dev/null
}
wait_until 90 "campaign done after the restart" done_
PROGRESS=$API_BODY
va_api GET "/api/campaigns/$CID/leads?per_page=100"
LEADS=$API_BODY
e2e_log "done: $PROGRESS"
echo "$LEADS" >"$WORK/leads.json"
python3 - "$WORK/gw.calls" "$CALLING" "$IDS" "$WORK/leads.json" "$PROGRESS" <<'PY' ||
import collections, json, sys
log, calling, ids = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
leads = {x["lead_id"]: x for x in json.load(open(sys.argv[4]))["items"]}
progress = json.loads(sys.argv[5])
invites = collections.Counter()
for line in open(log):
    p = line.strip().split(";")
    if len(p) == 4 and p[3] == "invite":
        invites[p[2][2:]] += 1
fails = []
for i, lead_id in enumerate(ids):
    number, lead = "4930%d%05d" % (1, i), leads[lead_id]
    if invites[number] != lead["attempts"] or len(lead["call_ids"]) != lead["attempts"]:
        fails.append(f"{number}: {invites[number]} INVITEs, {lead['attempts']} attempts")
    if lead["state"] != "done" or lead["last_outcome"] != "answered":
        fails.append(f"{number}: {lead['state']}/{lead['last_outcome']}")
    # A call may have ended in the instant between the snapshot and the kill: 1 or 2.
    if lead_id in calling and lead["attempts"] not in (1, 2):
        fails.append(f"{number} was calling at the kill: {lead['attempts']} attempts")
    if lead_id not in calling and lead["attempts"] != 1:
        fails.append(f"{number}: {lead['attempts']} attempts, want 1")
again = [l for l in calling if leads[l]["attempts"] == 2]
if not again:
    fails.append("no interrupted lead was dialled again")
if progress["attempts"] != sum(invites.values()):
    fails.append(f"progress counts {progress['attempts']} attempts, the gateway {sum(invites.values())}")
print(f"{len(calling)} leads calling at the kill, {len(again)} dialled again; "
      f"{sum(invites.values())} INVITEs in all")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
  fail "restart rules broken"
e2e_log "PASS"
