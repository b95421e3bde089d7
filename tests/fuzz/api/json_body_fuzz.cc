// Fuzz target: every REST JSON body parser on the same bytes; none may crash or throw, and
// an accepted lead always satisfies the stored invariants (E.164 phone, known status), an
// accepted inbound route its number's normal form (crm/phone_number.h).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/bodies.h"
#include "crm/phone_number.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  using namespace va::api;
  (void)parse_login(body);
  (void)parse_new_user(body);
  (void)parse_user_patch(body);
  (void)parse_user_patch(body, {"gsm1", "gsm2"});
  (void)parse_password(body);
  (void)parse_key(body);
  (void)parse_campaign(body, va::crm::Campaign{}, true);
  (void)parse_lead_ids(body);
  (void)parse_call(body);
  (void)parse_greeting_preview(body);
  auto lead = parse_lead(body, va::crm::Lead{}, true);
  if (lead &&
      (!valid_e164(lead->phone) || !valid_lead_status(lead->status) || lead->name.empty())) {
    std::abort();
  }
  // An accepted inbound route holds a number already in normal form (what the router and
  // `voiceagent routes` look up), and the normal form is a fixed point.
  auto route = parse_inbound_route(body);
  if (route && (va::crm::normalize_number(route->number) != route->number || route->owner_id < 0 ||
                route->campaign_id < 0)) {
    std::abort();
  }
  if (auto n = va::crm::normalize_number(std::string(body));
      n && va::crm::normalize_number(*n) != n) {
    std::abort();
  }
  return 0;
}
