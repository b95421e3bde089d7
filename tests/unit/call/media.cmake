# Unit tests of the call's media bridge (CallMedia, audio directions, recorder).
va_add_unit_test(call_media_test
  SOURCES call_media_test.cc audio_bridge_test.cc
  LIBS va_call)
