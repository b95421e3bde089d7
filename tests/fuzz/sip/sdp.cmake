# SDP fuzz target: parse, every accessor, serialize -> parse stable, answer and process.
va_add_fuzzer(va_sdp_fuzz
  SOURCE ${CMAKE_CURRENT_LIST_DIR}/sdp_fuzz.cc
  LIBS va_sdp
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/sdp)
