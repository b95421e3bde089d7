#!/usr/bin/env bash
# Webhooks in the browser against the real server (issue 14): a SIPp gateway that answers
# (tests/integration/dialer/campaign_gateway.xml, numbers 4930 1...) is the trunk of
# `voiceagent serve` (first retry after 1 s so the test is quick; the defaults are 30 s and a
# day of backoff); web/e2e/webhooks.mjs drives Chromium as an admin: create (a bad URL first),
# delete, a real call's call.ended failing while the receiver is down, delivered once it is
# up, Re-send. Screenshots in OUT_DIR.
#   webhooks_ui_test.sh PATH_TO_voiceagent OUT_DIR     (exit 77 = skip: no sipp/node/chromium)
source "$(dirname "$0")/../e2e/lib/e2e.sh"
VOICEAGENT=${1:?usage: webhooks_ui_test.sh PATH_TO_voiceagent OUT_DIR}
OUT=${2:?OUT_DIR missing}
e2e_require sipp node jq curl python3
WEB_DIR=$(cd "$E2E_DIR/../../web" && pwd)
[ -f "$WEB_DIR/dist/index.html" ] || { echo "SKIP: web/dist missing (npm run build)"; exit 77; }
sipp_start gw --timeout 120 --media-ports 8 -- \
  -sf "$E2E_DIR/../integration/dialer/campaign_gateway.xml" -m 100 -d 2500
va_start --trunk "sip:127.0.0.1:$SIPP_PORT" --rtp-ports 20 VOICEAGENT_RTP_PORT_REST_S=1 \
  VOICEAGENT_AI_GEMINI_TTS_URL=off VOICEAGENT_HTTP_WEB_ROOT="$WEB_DIR/dist" \
  VOICEAGENT_WEBHOOKS_FIRST_RETRY_S=1 VOICEAGENT_WEBHOOKS_MAX_RETRY_S=2
va_login
va_add_user hookadmin hook-admin-pw-1 admin >/dev/null
RECEIVER_PORT=$(free_port)
set +e
node "$WEB_DIR/e2e/webhooks.mjs" --url "$VA_HTTP" --user hookadmin --password hook-admin-pw-1 \
  --receiver-port "$RECEIVER_PORT" --out "$OUT"
rc=$?
set -e
[ "$rc" = 0 ] || { [ "$rc" = 77 ] && exit 77; fail "the browser test failed (exit $rc)"; }
e2e_log "PASS: screenshots in $OUT"
