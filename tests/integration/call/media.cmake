# CallMedia on loopback UDP against the Gemini Live simulator (tone per key).
va_add_unit_test(call_media_udp_test
  SOURCES call_media_udp_test.cc
  LIBS va_call Boost::json
  LABELS integration)
