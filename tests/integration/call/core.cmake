# The seed scenario in one process: `voiceagent demo` places two calls at the same moment for
# two users with two keys through a simulated two-line gateway and checks from the audio that
# nothing crossed (exit 1 otherwise).
add_test(NAME call_demo_two_concurrent_calls COMMAND voiceagent demo --seconds 8)
set_tests_properties(call_demo_two_concurrent_calls PROPERTIES LABELS integration TIMEOUT 60)

# CallManager against an in-process gateway (real SIP/RTP on loopback) and the simulator.
va_add_unit_test(call_manager_test
  SOURCES call_manager_test.cc ${PROJECT_SOURCE_DIR}/src/app/demo/sim_gateway.cc
          ${PROJECT_SOURCE_DIR}/src/app/embedded_simulator.cc
  LIBS va_call
  LABELS integration)
