# e2e tools and peers (tests/e2e/): self-tests that need no server. The python audio tools
# (tone generator -> analyzer round trips), and SIPp gateway scenarios against SIPp with the
# tone verified on the wire. The server e2e tests follow (the load tests are in tests/load/,
# outside ctest). A missing sipp/tshark skips (exit 77).
add_test(NAME e2e_tools_selftest
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/e2e/tools/selftest_tools.py)
set_tests_properties(e2e_tools_selftest PROPERTIES LABELS "integration;e2e" TIMEOUT 300)
add_test(NAME e2e_sipp_tone_selftest
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/e2e/selftest/sipp_tone_selftest.sh pcmu)
set_tests_properties(e2e_sipp_tone_selftest PROPERTIES
  LABELS "integration;e2e" SKIP_RETURN_CODE 77 TIMEOUT 180)

# Issue 5's seed scenario against the real `voiceagent serve`: two users, two keys, two calls
# at the same moment through one SIPp gateway playing a different tone per number, both with
# the same greeting words; proves from the captured audio (greeting included), the
# simulator's per-key log and the API that nothing crossed, no packet was lost, and both
# ended local_hangup.
add_test(NAME e2e_two_calls_at_once
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/e2e/two_calls_test.sh $<TARGET_FILE:voiceagent>)
set_tests_properties(e2e_two_calls_at_once PROPERTIES
  LABELS "integration;e2e" SKIP_RETURN_CODE 77 TIMEOUT 180 RUN_SERIAL TRUE)

# Trunk registration with digest auth against a SIPp registrar, seen through the API.
add_test(NAME e2e_trunk_registration
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/e2e/registration_test.sh $<TARGET_FILE:voiceagent>)
set_tests_properties(e2e_trunk_registration PROPERTIES
  LABELS "integration;e2e" SKIP_RETURN_CODE 77 TIMEOUT 120)

# Faults against the real server: a retransmitted INVITE, a lost ACK (64*T1 give-up), a
# gateway that vanishes mid-call (RTP inactivity); each keeps a record that says what happened.
add_test(NAME e2e_call_faults
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/e2e/faults_test.sh $<TARGET_FILE:voiceagent>)
set_tests_properties(e2e_call_faults PROPERTIES
  LABELS "integration;e2e" SKIP_RETURN_CODE 77 TIMEOUT 150)
