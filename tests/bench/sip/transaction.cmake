# SIP receive path behind the sockets: parse -> transactions -> UA core -> serialize.
va_add_bench(va_sip_receive_path_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/receive_path_bench.cc
  LIBS va_sip)
