// Tenant limits (issue 14): an admin's max_concurrent_calls counts its whole tenant (itself
// and its agents, inbound and outbound), its monthly_minutes cap the minutes its tenant talked
// in the current calendar month (UTC). Set by the superadmin; 0 = no limit.
#pragma once

#include <cstdint>
#include <system_error>

#include "core/result.h"
#include "crm/entities.h"
#include "crm/store.h"

namespace va::call {

// What admission checks for one call of `owner`.
struct Admission {
  std::int64_t owner_limit = 0;   // per owner (an agent's or superadmin's own limit)
  crm::Id tenant_id = 0;          // the admin (0: a superadmin's call, no tenant)
  std::int64_t tenant_limit = 0;  // the admin's max_concurrent_calls
  std::int64_t monthly_minutes = 0;
};

// Reads the agent's admin from the store (blocking: the DB pool, the API or dialer thread).
core::Result<Admission> admission_for(crm::Store& store, const crm::User& owner);

// The first millisecond (Unix) of the UTC calendar month holding `now_ms`.
std::int64_t month_start_ms(std::int64_t now_ms);

// Errc::MonthlyMinutes when the tenant's calls this month talked monthly_minutes or more.
std::error_code check_monthly_minutes(crm::Store& store, const Admission& a, std::int64_t now_ms);

}  // namespace va::call
