# SIP transports, transactions (RFC 3261 17) and the UA core.
va_add_unit_test(va_sip_transaction_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/manual_timer_service_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/asio_timer_service_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/invite_server_transaction_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/non_invite_server_transaction_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/invite_client_transaction_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/non_invite_client_transaction_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/transaction_layer_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/user_agent_core_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/response_routing_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/listen_address_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/error_responder_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/transport_layer_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/sip_stack_test.cc
  LIBS va_sip)
