# SIP grammar fuzz targets: message parser, URI, Via, TCP stream framing.
foreach(target message uri via stream_framer)
  va_add_fuzzer(va_sip_${target}_fuzz
    SOURCE ${CMAKE_CURRENT_LIST_DIR}/${target}_fuzz.cc
    LIBS va_sip
    CORPUS ${CMAKE_CURRENT_LIST_DIR}/corpus/${target})
endforeach()
