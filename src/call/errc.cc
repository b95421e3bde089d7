// call::Errc messages: one line each, shown to API clients as they are.
#include "call/errc.h"

#include "core/result.h"

namespace va::call {
namespace {

const char* describe(Errc e) {
  switch (e) {
    case Errc::NodeLimit:
      return "this node is at its limit of concurrent calls";
    case Errc::OwnerLimit:
      return "the user is at their limit of concurrent calls";
    case Errc::TenantLimit:
      return "the account is at its limit of concurrent calls (max_concurrent_calls of the admin)";
    case Errc::MonthlyMinutes:
      return "the account has used its monthly minutes (monthly_minutes of the admin)";
    case Errc::InvalidTarget:
      return "not a number that can be dialled";
    case Errc::NoTrunk:
      return "no SIP trunk is configured (sip.trunk.uri)";
    case Errc::NoKey:
      return "the user has no AI API key and no default key is configured";
    case Errc::PortsExhausted:
      return "no free RTP port";
    case Errc::NotLive:
      return "the call is not live";
    case Errc::ShuttingDown:
      return "the server is shutting down";
  }
  return "unknown call error";
}

}  // namespace

VA_ERROR_CATEGORY(Errc, "call", call_category)

}  // namespace va::call
