# The seed scenario in one process: `voiceagent demo` places two calls at the same moment for
# two users with two keys through a simulated two-line gateway and checks from the audio that
# nothing crossed (exit 1 otherwise).
add_test(NAME call_demo_two_concurrent_calls COMMAND voiceagent demo --seconds 4)
set_tests_properties(call_demo_two_concurrent_calls PROPERTIES LABELS integration TIMEOUT 60)
