# The call core: events, limits, records, ACL, Call, CallManager (lead).
set(CALL_CORE_SOURCES call_event.cc end_reason.cc errc.cc live_calls.cc call_record_writer.cc
    inbound_acl.cc codec_preference.cc
    media_address.cc call_settings.cc call_plan.cc call.cc call_manager.cc)
