# Dialogs and the UAS side of INVITE sessions (RFC 3261 12-15, RFC 4028, RFC 6026).
set(SIP_DIALOG_SOURCES
  dialog_errc.cc dialog_counters.cc dialog_local_contact.cc dialog.cc session_timer.cc
  invite_session.cc invite_session_requests.cc incoming_call.cc dialog_registry.cc)
