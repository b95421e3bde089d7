# Dialog-layer fuzz targets: Session-Expires / Min-SE (RFC 4028) and the UAS negotiation.
va_add_fuzzer(va_sip_session_timer_fuzz
  SOURCE ${CMAKE_CURRENT_LIST_DIR}/session_timer_fuzz.cc
  LIBS va_sip
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/session_timer)
