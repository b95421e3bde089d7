# Issue 5: baresip as a real phone and `voiceagent serve` as a trunk, both registered with
# digest auth at a Kamailio PBX (tests/e2e/peers/kamailio_pbx.cfg); one outbound and one
# inbound call through the PBX with audio checked both ways. Skips (77) without baresip or
# kamailio.
add_test(NAME e2e_baresip_via_kamailio
         COMMAND bash ${PROJECT_SOURCE_DIR}/tests/e2e/baresip_test.sh $<TARGET_FILE:voiceagent>)
set_tests_properties(e2e_baresip_via_kamailio PROPERTIES
  LABELS "integration;e2e" SKIP_RETURN_CODE 77 TIMEOUT 120 RUN_SERIAL TRUE)
