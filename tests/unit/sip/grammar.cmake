# SIP grammar: URI, Via, name-addr, headers, parser, serializer, stream framing, RFC 4475.
va_add_unit_test(va_sip_grammar_tests
  SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/uri_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/via_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/name_addr_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/headers_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/parser_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/serializer_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/stream_framer_test.cc
    ${CMAKE_CURRENT_LIST_DIR}/rfc4475_test.cc
  LIBS va_sip)
