# SDP (RFC 4566) and offer/answer (RFC 3264) tests: one executable for tests/unit/sip/sdp/.
file(GLOB VA_SDP_TEST_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/sdp/*_test.cc)
va_add_unit_test(va_sdp_tests SOURCES ${VA_SDP_TEST_SOURCES} LIBS va_sdp)
