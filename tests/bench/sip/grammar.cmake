# SIP grammar benchmark: parse + serialize of a typical INVITE with SDP.
va_add_bench(va_sip_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/parse_serialize_bench.cc
  LIBS va_sip)
