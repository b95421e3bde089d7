# Dialogs and INVITE sessions against SIPp: dialog_uas_peer runs a SipStack with a
# DialogRegistry on loopback and answers every call; dialog_test.sh drives it with SIPp.
add_executable(dialog_uas_peer ${CMAKE_CURRENT_LIST_DIR}/dialog_uas_peer.cc)
target_link_libraries(dialog_uas_peer PRIVATE va_sip va_warnings)
add_test(NAME sip_dialog_test
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/dialog_test.sh $<TARGET_FILE:dialog_uas_peer>)
set_tests_properties(sip_dialog_test PROPERTIES
  LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
