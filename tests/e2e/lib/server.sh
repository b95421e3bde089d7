# voiceagent server and Gemini Live simulator for the e2e harness (sourced by e2e.sh).
#
#   VOICEAGENT=path/to/voiceagent (required for these)
#   sim_start [--mode tone|echo|scripted] [--key K ...] [extra sim args]
#       -> SIM_PORT, SIM_URL (ws://127.0.0.1:PORT/...), log $WORK/sim.log, JSON lines
#          $WORK/sim_sessions.jsonl
#   va_start [--trunk URI] [--allow-direct-uri] [--rtp-ports N] [VAR=VALUE ...]
#       (--trunk sets VOICEAGENT_SIP_TRUNK_REGISTER=false: a SIPp gateway scenario would take
#       a REGISTER as an unexpected message; pass VOICEAGENT_SIP_TRUNK_REGISTER=true plus
#       _USERNAME/_PASSWORD to test registration against registrar_auth.xml)
#       starts `voiceagent serve` on loopback with a temp data dir; waits for /healthz and
#       the SIP port -> VA_HTTP (http://127.0.0.1:P), VA_SIP_PORT, VA_RTP_MIN, VA_RTP_MAX,
#       VA_PASSWORD (superadmin), log $WORK/server.log
#   va_login [USER PASSWORD]     -> VA_TOKEN (superadmin by default)
#   va_api METHOD PATH [JSON]    -> sets API_STATUS (HTTP status) and API_BODY; call it
#                                   directly, not in $(...) (the variables would be lost)
#   va_add_key KEY LABEL [PROV]  -> the key's fingerprint (POST /api/keys; gemini|openai)
#   va_add_user NAME PASSWORD ROLE [PARENT_ID] -> user id (POST /api/users)
#   va_set_user_key USER_ID KEY  (PUT /api/users/{id}/api-key)
#   va_place_call TOKEN TO [AGENT_JSON] -> call id (POST /api/calls; fails with the status
#       and error body, e.g. 503 while the call layer is missing)
#   va_wait_call TOKEN ID STATUS TIMEOUT_S -> waits for GET /api/calls/{id} .status
#   key_fingerprint KEY          -> first 12 hex of SHA-256 (DESIGN.md)
VA_TOKEN=""
API_STATUS=""

key_fingerprint() {
  printf '%s' "$1" | sha256sum | cut -c1-12
}

sim_listening() {
  running sim || fail "voiceagent sim exited during start-up"
  grep -qs "simulator listening on" "$WORK/sim.log"
}

sim_start() {
  [ -n "${VOICEAGENT:-}" ] || fail "VOICEAGENT is not set"
  SIM_PORT=$(free_port)
  spawn sim -- "$VOICEAGENT" sim --listen "127.0.0.1:$SIM_PORT" --log "$WORK/sim_sessions.jsonl" "$@"
  wait_until 15 "simulator listening" sim_listening
  SIM_URL=$(grep -o 'ws://[^ ]*' "$WORK/sim.log" | head -n1)
  [ -n "$SIM_URL" ] || fail "simulator printed no ws:// URL"
  e2e_log "simulator at $SIM_URL"
}

va_start() {
  [ -n "${VOICEAGENT:-}" ] || fail "VOICEAGENT is not set"
  local trunk="" direct=false rtp_count=200
  local extra=()
  while [ $# -gt 0 ]; do
    case $1 in
      --trunk) trunk=$2; shift 2 ;;
      --allow-direct-uri) direct=true; shift ;;
      --rtp-ports) rtp_count=$2; shift 2 ;;
      *=*) extra+=("$1"); shift ;;
      *) fail "va_start: unknown option $1" ;;
    esac
  done
  local http_port
  http_port=$(free_port)
  VA_SIP_PORT=$(free_port)
  VA_RTP_MIN=$(free_port_range "$rtp_count")
  VA_RTP_MAX=$((VA_RTP_MIN + rtp_count - 1))
  VA_PASSWORD=${VA_PASSWORD:-e2e-Superadmin-pw-1}
  VA_HTTP=http://127.0.0.1:$http_port
  mkdir -p "$WORK/data"
  local env=(VOICEAGENT_SIP_LISTEN="127.0.0.1:$VA_SIP_PORT"
    VOICEAGENT_SIP_PUBLIC_ADDRESS=127.0.0.1
    VOICEAGENT_HTTP_LISTEN="127.0.0.1:$http_port"
    VOICEAGENT_RTP_PORT_MIN="$VA_RTP_MIN" VOICEAGENT_RTP_PORT_MAX="$VA_RTP_MAX"
    VOICEAGENT_DATA_DIR="$WORK/data"
    VOICEAGENT_SUPERADMIN_PASSWORD="$VA_PASSWORD"
    VOICEAGENT_SIP_ALLOW_DIRECT_URI="$direct")
  # The simulator serves OpenAI Realtime on the same port, path /v1/realtime (issue 16).
  [ -n "${SIM_URL:-}" ] && env+=(VOICEAGENT_AI_GEMINI_URL="$SIM_URL"
    VOICEAGENT_AI_OPENAI_URL="${SIM_URL%%/ws/*}/v1/realtime")
  [ -n "$trunk" ] && env+=(VOICEAGENT_SIP_TRUNK_URI="$trunk" VOICEAGENT_SIP_TRUNK_REGISTER=false)
  spawn server --cwd "$WORK" -- env "${env[@]}" "${extra[@]}" "$VOICEAGENT" serve
  wait_until 20 "server /healthz on $VA_HTTP" va_healthy
  wait_until 10 "server SIP port $VA_SIP_PORT bound" sipp_port_bound "$VA_SIP_PORT"
  e2e_log "server up: http $VA_HTTP, sip 127.0.0.1:$VA_SIP_PORT, rtp $VA_RTP_MIN-$VA_RTP_MAX"
}

va_healthy() {
  running server || fail "voiceagent serve exited during start-up"
  curl -fs -o /dev/null --max-time 1 "$VA_HTTP/healthz"
}

# va_api METHOD PATH [JSON]: sets API_STATUS and API_BODY (bearer VA_TOKEN if set).
va_api() {
  local method=$1 path=$2 body=${3:-} out
  out=$(mktemp "$WORK/api.XXXXXX")  # one file per request: concurrent requests must not mix
  local args=(-sS --max-time 10 -X "$method" -o "$out" -w '%{http_code}'
    -H 'Content-Type: application/json')
  [ -n "$VA_TOKEN" ] && args+=(-H "Authorization: Bearer $VA_TOKEN")
  [ -n "$body" ] && args+=(--data "$body")
  API_STATUS=$(curl "${args[@]}" "$VA_HTTP$path" 2>"$out.err") || API_STATUS=000
  API_BODY=$(cat "$out")
  [ "$API_STATUS" != 000 ] || API_BODY="curl: $(cat "$out.err")"
  rm -f "$out" "$out.err"
}

va_login() {
  local user=${1:-superadmin} pass=${2:-$VA_PASSWORD}
  VA_TOKEN=""
  va_api POST /api/auth/login "$(jq -nc --arg u "$user" --arg p "$pass" '{username: $u, password: $p}')"
  [ "$API_STATUS" = 200 ] || fail "login as $user: HTTP $API_STATUS $API_BODY"
  VA_TOKEN=$(jq -r .token <<<"$API_BODY")
  [ -n "$VA_TOKEN" ] && [ "$VA_TOKEN" != null ] || fail "login as $user: no token in $API_BODY"
}

# va_add_key KEY LABEL [PROVIDER]: prints the key's fingerprint (checked against the API's answer).
va_add_key() {
  va_api POST /api/keys "$(jq -nc --arg k "$1" --arg l "$2" --arg p "${3:-gemini}" \
    '{key: $k, label: $l, provider: $p}')"
  [[ $API_STATUS == 20? ]] || fail "POST /api/keys ($2): HTTP $API_STATUS $API_BODY"
  key_fingerprint "$1"
}

# va_add_user NAME PASSWORD ROLE [PARENT_ID]: prints the new user's id.
va_add_user() {
  local name=$1 pass=$2 role=$3 parent=${4:-} req
  req=$(jq -nc --arg u "$name" --arg p "$pass" --arg r "$role" '{username: $u, password: $p, role: $r}')
  [ -n "$parent" ] && req=$(jq -c --argjson id "$parent" '. + {parent_id: $id}' <<<"$req")
  va_api POST /api/users "$req"
  [ "$API_STATUS" = 201 ] || fail "POST /api/users ($name): HTTP $API_STATUS $API_BODY"
  jq -r .id <<<"$API_BODY"
}

# va_set_user_key USER_ID KEY [PROVIDER]
va_set_user_key() {
  va_api PUT "/api/users/$1/api-key" "$(jq -nc --arg k "$2" --arg p "${3:-gemini}" \
    '{key: $k, provider: $p}')"
  [[ $API_STATUS == 20? ]] || fail "PUT /api/users/$1/api-key: HTTP $API_STATUS $API_BODY"
}

# va_place_call TOKEN TO [AGENT_JSON]: prints the new call's id.
va_place_call() {
  local saved=$VA_TOKEN body req
  VA_TOKEN=$1
  req=$(jq -nc --arg to "$2" '{to: $to}')
  [ -n "${3:-}" ] && req=$(jq -c --argjson a "$3" '. + {agent: $a}' <<<"$req")
  va_api POST /api/calls "$req"
  body=$API_BODY
  VA_TOKEN=$saved
  if [ "$API_STATUS" != 201 ]; then
    local msg
    msg=$(jq -r '.error.message // empty' <<<"$body" 2>/dev/null || true)
    fail "POST /api/calls to $2 answered HTTP $API_STATUS ($msg): ${body:0:300}" \
      "$([ "$API_STATUS" = 503 ] && echo '- the call layer is not wired into the server yet')"
  fi
  jq -r .id <<<"$body"
}

# va_get_call TOKEN ID: the call JSON (GET /api/calls/{id}).
va_get_call() {
  local saved=$VA_TOKEN
  VA_TOKEN=$1
  va_api GET "/api/calls/$2"
  VA_TOKEN=$saved
  [ "$API_STATUS" = 200 ] || fail "GET /api/calls/$2: HTTP $API_STATUS $API_BODY"
  echo "$API_BODY"
}

va_call_status_is() {
  local s
  s=$(va_get_call "$1" "$2" 2>/dev/null | jq -r .status)
  [ "$s" = "$3" ]
}

va_wait_call() {
  wait_until "$4" "call $2 status $3" va_call_status_is "$1" "$2" "$3"
}
