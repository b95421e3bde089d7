#!/usr/bin/env bash
# `voiceagent campaigns start|pause ID` refuses what POST /api/campaigns/{id}/start|pause
# refuses (issue 13, bad input): a campaign with no leads (no_leads), one whose owner has no
# API key while no simulator would run (no_api_key), a pause of a campaign that is not active
# (invalid_state); each exits 1 with the REST API's code and message, and the status stays
# as it was. With the simulator on (ai.simulator = auto) the same start succeeds.
# Exit 77 when jq or curl is missing.
#   cli_start_test.sh PATH_TO_voiceagent
set -euo pipefail
VOICEAGENT=${1:?usage: cli_start_test.sh PATH_TO_voiceagent}
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../../e2e/lib/e2e.sh"
source "$HERE/dialer_lib.sh"
e2e_require jq curl

# No key anywhere and no simulator: a campaign could not get an AI.
va_start VOICEAGENT_AI_SIMULATOR=off VOICEAGENT_AI_DEFAULT_KEY=
dialer_admin
cli() {
  env VOICEAGENT_DATA_DIR="$WORK/data" VOICEAGENT_AI_SIMULATOR="${SIM:-off}" \
    VOICEAGENT_AI_DEFAULT_KEY= "$VOICEAGENT" campaigns "$@" >"$WORK/cli.out" 2>"$WORK/cli.err"
}
status_is() {
  va_api GET "/api/campaigns/$1"
  [ "$(jq -r .status <<<"$API_BODY")" = "$2" ] || fail "campaign $1 is $(jq -r .status <<<"$API_BODY"), want $2"
}
# refused ID VERB CODE TEXT: the CLI exits 1 naming CODE and TEXT; REST answers 409 CODE.
refused() {
  local rc=0
  cli "$2" "$1" || rc=$?
  [ "$rc" = 1 ] || fail "campaigns $2 $1 exited $rc: $(cat "$WORK/cli.out" "$WORK/cli.err")"
  grep -q "($3): .*$4" "$WORK/cli.err" || fail "campaigns $2 $1 said: $(cat "$WORK/cli.err")"
  va_api POST "/api/campaigns/$1/$2"
  [ "$API_STATUS" = 409 ] && [ "$(jq -r .error.code <<<"$API_BODY")" = "$3" ] ||
    fail "REST $2 of $1: $API_STATUS $API_BODY"
  e2e_log "refused as REST does: campaigns $2 $1 -> $(grep "voiceagent: cannot" "$WORK/cli.err")"
}

va_api POST /api/campaigns '{"name": "empty"}'
[ "$API_STATUS" = 201 ] || fail "create: $API_STATUS $API_BODY"
EMPTY=$(jq -r .id <<<"$API_BODY")
refused "$EMPTY" start no_leads "has no leads"
status_is "$EMPTY" draft

dialer_campaign $'name,phone\nA,+4930100001\nB,+4930100002' '{"name": "no key"}'
refused "$CID" start no_api_key "no API key and no simulator"
status_is "$CID" draft
refused "$CID" pause invalid_state "only an active campaign can be paused"
status_is "$CID" draft

# The same campaign once the server would run its simulator: started, then paused.
SIM=auto cli start "$CID" || fail "campaigns start with the simulator: $(cat "$WORK/cli.err")"
grep -q "is now active" "$WORK/cli.out" || fail "start said: $(cat "$WORK/cli.out")"
status_is "$CID" active
SIM=auto cli pause "$CID" || fail "campaigns pause: $(cat "$WORK/cli.err")"
status_is "$CID" paused
e2e_log "PASS"
