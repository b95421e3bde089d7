#!/usr/bin/env bash
# The campaign dialer in the browser against the real server (issue 13): a SIPp gateway
# (tests/integration/dialer/campaign_gateway.xml: numbers 4930 1... answer, 4930 2... are
# busy) is the trunk of `voiceagent serve`; web/e2e/campaign.mjs drives Chromium as an admin:
# CSV import, a campaign, its Progress view (settings, Start, bar, lead table, Pause, resume,
# done). Screenshots in OUT_DIR.
#   campaign_ui_test.sh PATH_TO_voiceagent OUT_DIR     (exit 77 = skip: no sipp/node/chromium)
source "$(dirname "$0")/../e2e/lib/e2e.sh"
VOICEAGENT=${1:?usage: campaign_ui_test.sh PATH_TO_voiceagent OUT_DIR}
OUT=${2:?OUT_DIR missing}
e2e_require sipp node jq curl
WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)
[ -f "$WEB_DIR/dist/index.html" ] || { echo "SKIP: web/dist missing (npm run build)"; exit 77; }
sipp_start gw --timeout 200 --media-ports 8 -- \
  -sf "$E2E_DIR/../integration/dialer/campaign_gateway.xml" -m 100000 -d 2500
va_start --trunk "sip:127.0.0.1:$SIPP_PORT" --rtp-ports 100 VOICEAGENT_RTP_PORT_REST_S=1 \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_SIP_TRUNK_LINES=gsm1:91:4 \
  VOICEAGENT_HTTP_WEB_ROOT="$WEB_DIR/dist"
va_login
ADMIN_ID=$(va_add_user dialadmin dial-admin-pw-1 admin)
va_api PATCH "/api/users/$ADMIN_ID" '{"max_concurrent_calls": 10}'
set +e
node "$WEB_DIR/e2e/campaign.mjs" --url "$VA_HTTP" --user dialadmin --password dial-admin-pw-1 \
  --out "$OUT"
rc=$?
set -e
[ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
e2e_log "PASS: screenshots in $OUT"
