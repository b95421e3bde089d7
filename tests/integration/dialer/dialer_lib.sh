# Shared steps of the dialer tests (sourced after tests/e2e/lib/e2e.sh, with the server up).

# The campaigns' owner: admin `dialadmin` with room for 50 calls at once, logged in
# (as superadmin first, to create it).
dialer_admin() {
  va_login
  ADMIN_ID=$(va_add_user dialadmin dial-admin-pw-1 admin)
  va_api PATCH "/api/users/$ADMIN_ID" '{"max_concurrent_calls": 50}'
  [ "$API_STATUS" = 200 ] || fail "PATCH user: $API_STATUS $API_BODY"
  va_login dialadmin dial-admin-pw-1
}

# dialer_campaign CSV BODY: imports the leads of CSV, creates the campaign of BODY (JSON) and
# puts every imported lead in it. Sets IDS (the lead ids, a JSON array) and CID.
dialer_campaign() {
  va_api POST /api/leads/import "$1"
  [ "$API_STATUS" = 201 ] || fail "import: $API_STATUS $API_BODY"
  IDS=$(jq -c .ids <<<"$API_BODY")
  va_api POST /api/campaigns "$2"
  [ "$API_STATUS" = 201 ] || fail "create campaign: $API_STATUS $API_BODY"
  CID=$(jq -r .id <<<"$API_BODY")
  va_api PUT "/api/campaigns/$CID/leads" "$(jq -nc --argjson ids "$IDS" '{lead_ids: $ids}')"
  [ "$API_STATUS" = 200 ] || fail "campaign leads: $API_STATUS $API_BODY"
}
