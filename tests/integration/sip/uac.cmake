# User-agent client against SIPp: uac_driver runs a SipStack on loopback and registers or
# places one call; uac_test.sh plays the registrar and the gateway with SIPp scenarios.
add_executable(uac_driver ${CMAKE_CURRENT_LIST_DIR}/uac_driver.cc)
target_link_libraries(uac_driver PRIVATE va_sip va_warnings)
add_test(NAME sip_uac_test
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/uac_test.sh $<TARGET_FILE:uac_driver>)
set_tests_properties(sip_uac_test PROPERTIES
  LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 180)
# The shared shell prelude (tests/e2e/lib/common.sh) that these scripts use: SIPp started on a
# port a parallel test took first is retried on a new one.
add_test(NAME sip_sipp_retry_test
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/sipp_retry_test.sh)
set_tests_properties(sip_sipp_retry_test PROPERTIES
  LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
