// CallStatus names, as stored and as the API shows them.
#include "crm/call_status.h"

#include <array>
#include <utility>

namespace va::crm {
namespace {

constexpr std::array<std::pair<CallStatus, std::string_view>, 4> kNames = {{
    {CallStatus::Dialing, "dialing"},
    {CallStatus::Ringing, "ringing"},
    {CallStatus::Active, "active"},
    {CallStatus::Ended, "ended"},
}};

}  // namespace

std::string_view to_string(CallStatus status) {
  for (const auto& [s, name] : kNames)
    if (s == status) return name;
  return "unknown";
}

std::optional<CallStatus> call_status_from_string(std::string_view text) {
  for (const auto& [s, name] : kNames)
    if (name == text) return s;
  return std::nullopt;
}

}  // namespace va::crm
