# SIP transports, transactions and UA core against SIPp (Debian sip-tester): each script starts
# `voiceagent serve` on a free loopback port, runs SIPp, and checks the server's counters.
# A missing sipp skips (exit 77); CI installs it through scripts/setup.
foreach(script options_test loss_test malformed_test)
  add_test(NAME sip_transaction_${script}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${script}.sh $<TARGET_FILE:voiceagent>)
  set_tests_properties(sip_transaction_${script} PROPERTIES
    LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120 RESOURCE_LOCK voiceagent_serve)
endforeach()
