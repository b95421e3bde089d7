# Digest authentication (RFC 2617 / RFC 7616) tests.
va_add_unit_test(va_sip_auth_tests
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/auth_challenge_test.cc
          ${CMAKE_CURRENT_SOURCE_DIR}/auth_params_test.cc
          ${CMAKE_CURRENT_SOURCE_DIR}/digest_auth_test.cc
          ${CMAKE_CURRENT_SOURCE_DIR}/digest_verifier_test.cc
  LIBS va_sip)
