# The seed scenario's middle, shared by two_calls_test.sh and openai_calls_test.sh (source it
# after e2e.sh, with the server started and the superadmin logged in).
#
#   two_users_with_keys [PROV_A PROV_B]  # admins alice-e2e / bob-e2e, KEY_A / KEY_B set as their
#                                        # keys (provider default gemini); sets UID_A UID_B
#                                        # TOKEN_A TOKEN_B; logs FP_A FP_B KEY_HZ_A KEY_HZ_B
#   two_calls_at_once AGENT_A AGENT_B    # POSTs NUM_A / NUM_B at the same moment, waits for both
#                                        # to be active, talks HOLD_S, hangs both up, waits for
#                                        # the gateway (SIPp "gw") to finish; sets CALL_A CALL_B

two_users_with_keys() {
  UID_A=$(va_add_user alice-e2e 'Alice-e2e-pw-1' admin)
  UID_B=$(va_add_user bob-e2e 'Bob-e2e-pw-1' admin)
  va_set_user_key "$UID_A" "$KEY_A" "${1:-gemini}"
  va_set_user_key "$UID_B" "$KEY_B" "${2:-gemini}"
  va_login alice-e2e 'Alice-e2e-pw-1'
  TOKEN_A=$VA_TOKEN
  va_login bob-e2e 'Bob-e2e-pw-1'
  TOKEN_B=$VA_TOKEN
  VA_TOKEN=""
  e2e_log "users $UID_A ($FP_A, sim tone $KEY_HZ_A Hz) and $UID_B ($FP_B, sim tone $KEY_HZ_B Hz) ready"
}

two_calls_at_once() {
  local post_a post_b pair
  (va_place_call "$TOKEN_A" "$NUM_A" "$1" >"$WORK/call_a.id") 2>"$WORK/post_a.err" &
  post_a=$!
  (va_place_call "$TOKEN_B" "$NUM_B" "$2" >"$WORK/call_b.id") 2>"$WORK/post_b.err" &
  post_b=$!
  wait $post_a || fail "call A: $(grep -m1 "^FAIL" "$WORK/post_a.err")"
  wait $post_b || fail "call B: $(grep -m1 "^FAIL" "$WORK/post_b.err")"
  CALL_A=$(cat "$WORK/call_a.id")
  CALL_B=$(cat "$WORK/call_b.id")
  e2e_log "calls $CALL_A -> $NUM_A, $CALL_B -> $NUM_B"
  va_wait_call "$TOKEN_A" "$CALL_A" active 20
  va_wait_call "$TOKEN_B" "$CALL_B" active 20
  sleep "$HOLD_S" # the calls' talk time (audio both ways), not a synchronisation
  for pair in "$TOKEN_A $CALL_A" "$TOKEN_B $CALL_B"; do
    set -- $pair
    VA_TOKEN=$1
    va_api POST "/api/calls/$2/hangup"
    VA_TOKEN=""
    [[ $API_STATUS == 20? ]] || fail "hangup of call $2: HTTP $API_STATUS $API_BODY"
  done
  va_wait_call "$TOKEN_A" "$CALL_A" ended 15
  va_wait_call "$TOKEN_B" "$CALL_B" ended 15
  wait_exit gw 20
  [ "$EXIT_CODE" = 0 ] || fail "the gateway saw a failed call (SIPp rc $EXIT_CODE): see gw.log"
}
