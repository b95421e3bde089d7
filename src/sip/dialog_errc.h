// sip::DialogErrc: why a dialog could not be formed or a dialog header did not parse
// (RFC 3261 section 12, RFC 4028 section 4, RFC 3262 section 7).
#pragma once

#include <system_error>

namespace va::sip {

enum class DialogErrc {
  Ok = 0,
  MissingFromTag,     // 12.1.1: the remote tag of a UAS dialog comes from the From tag
  MissingToTag,       // 12.1.2: a response without a To tag creates no dialog
  MissingContact,     // 12.1.1 / 12.1.2: a dialog needs a remote target
  BadContact,         // Contact is not a sip/sips URI
  NotDialogCreating,  // not an INVITE, or a response that is neither 101-199 nor 2xx
  NoNumericHop,       // next hop host is a name: we do not resolve DNS here
  BadSessionExpires,  // Session-Expires does not parse (RFC 4028 section 4)
  BadMinSe,           // Min-SE does not parse (RFC 4028 section 5)
  BadRSeq,            // RSeq does not parse (RFC 3262 7.1)
  BadRAck,            // RAck does not parse (RFC 3262 7.2)
};

const char* describe(DialogErrc e);
const std::error_category& dialog_category();
std::error_code make_error_code(DialogErrc e);

}  // namespace va::sip

template <>
struct std::is_error_code_enum<va::sip::DialogErrc> : std::true_type {};
