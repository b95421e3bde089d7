# Digest challenge / credentials fuzz target (RFC 2617, RFC 7616).
va_add_fuzzer(va_sip_digest_challenge_fuzz
  SOURCE ${CMAKE_CURRENT_LIST_DIR}/digest_challenge_fuzz.cc
  LIBS va_sip
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/digest_challenge)
