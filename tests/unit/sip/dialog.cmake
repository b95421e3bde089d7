# Dialogs, INVITE sessions (UAS and UAC side) and session timers (RFC 3261 12-15, RFC 4028).
va_add_unit_test(va_sip_dialog_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/dialog_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/session_timer_test.cc
  LIBS va_sip)
va_add_unit_test(va_sip_invite_session_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/incoming_call_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/invite_session_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/invite_session_uac_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/dialog_registry_test.cc
  LIBS va_sip)
