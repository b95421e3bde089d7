# CallMedia on loopback UDP against the Gemini Live simulator (tone per key).
va_add_unit_test(call_media_udp_test
  SOURCES call_media_udp_test.cc
  LIBS va_call Boost::json
  LABELS integration)
# Recordings through the CallManager as the app wires them (one RecordingWriter per process),
# against an in-process gateway (real SIP/RTP on loopback) and the simulator.
va_add_unit_test(call_recording_test
  SOURCES call_recording_test.cc ${PROJECT_SOURCE_DIR}/src/app/demo/sim_gateway.cc
          ${PROJECT_SOURCE_DIR}/src/app/embedded_simulator.cc
  LIBS va_call
  LABELS integration)
