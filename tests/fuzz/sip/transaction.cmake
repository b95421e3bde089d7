# SIP receive path (parse -> error response -> stamping -> transactions -> UA core).
va_add_fuzzer(va_sip_receive_path_fuzz
  SOURCE ${CMAKE_CURRENT_LIST_DIR}/receive_path_fuzz.cc
  LIBS va_sip
  CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/receive_path)
