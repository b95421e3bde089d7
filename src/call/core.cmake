# The call core: events, Call, CallManager, policies (lead).
set(CALL_CORE_SOURCES call_event.cc)
