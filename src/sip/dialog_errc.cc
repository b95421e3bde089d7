// sip::DialogErrc: descriptions and the error category (RFC 3261 section 12, RFC 4028).
#include "sip/dialog_errc.h"

#include "core/result.h"

namespace va::sip {

const char* describe(DialogErrc e) {
  switch (e) {
    case DialogErrc::Ok:
      return "ok";
    case DialogErrc::MissingFromTag:
      return "Missing From tag";
    case DialogErrc::MissingToTag:
      return "Missing To tag";
    case DialogErrc::MissingContact:
      return "Missing Contact";
    case DialogErrc::BadContact:
      return "Bad Contact";
    case DialogErrc::NotDialogCreating:
      return "Message does not create a dialog";
    case DialogErrc::NoNumericHop:
      return "Next hop is not a numeric address";
    case DialogErrc::BadSessionExpires:
      return "Bad Session-Expires";
    case DialogErrc::BadMinSe:
      return "Bad Min-SE";
    case DialogErrc::BadRSeq:
      return "Bad RSeq";
    case DialogErrc::BadRAck:
      return "Bad RAck";
  }
  return "dialog error";
}

VA_ERROR_CATEGORY(DialogErrc, "sip.dialog", dialog_category)

}  // namespace va::sip
