// call::Errc: why the call layer refused or could not do something, for the API to map.
#pragma once

#include <system_error>

namespace va::call {

enum class Errc {
  NodeLimit = 1,   // limits.max_calls live calls on this node
  OwnerLimit,      // the owner's max_concurrent_calls
  TenantLimit,     // the admin's max_concurrent_calls, counted over its tenant
  MonthlyMinutes,  // the admin's monthly_minutes are used up
  InvalidTarget,   // not a dialable number, or a sip: URI where not allowed
  NoTrunk,         // a number was given but sip.trunk.uri is not set
  NoKey,           // the owner has no API key and no default is configured
  PortsExhausted,  // no free RTP port
  NotLive,         // hangup/lookup of a call that is not live here
  ShuttingDown,
};

const std::error_category& call_category();
std::error_code make_error_code(Errc e);

}  // namespace va::call

template <>
struct std::is_error_code_enum<va::call::Errc> : std::true_type {};
