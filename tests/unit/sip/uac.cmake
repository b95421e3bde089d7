# User-agent client: request building, registration, outgoing INVITE (RFC 3261 8.1, 10.2, 13.2).
va_add_unit_test(va_sip_uac_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/request_builder_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/registration_flow_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/outgoing_call_flow_test.cc
  LIBS va_sip)
