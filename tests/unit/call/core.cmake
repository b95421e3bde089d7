# Unit tests of the call core.
va_add_unit_test(call_core_test
  SOURCES live_calls_test.cc inbound_acl_test.cc call_record_writer_test.cc
          codec_preference_test.cc media_address_test.cc call_plan_test.cc
  LIBS va_call)
