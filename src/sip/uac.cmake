# User-agent client (RFC 3261 8.1, 10.2, 13.2, 22.2): out-of-dialog requests, registration to
# the trunk, outgoing INVITEs and their outcomes.
set(SIP_UAC_SOURCES
  request_builder_errc.cc request_builder.cc call_outcome.cc registration.cc outgoing_call.cc)
