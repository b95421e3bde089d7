// Tenant limits: who counts against which admin, and the month's minutes from the call records.
#include "call/tenant_limits.h"

#include <chrono>

#include "call/errc.h"

namespace va::call {

core::Result<Admission> admission_for(crm::Store& store, const crm::User& owner) {
  Admission a;
  if (owner.role == crm::Role::Superadmin) {
    a.owner_limit = owner.max_concurrent_calls;
    return a;
  }
  if (owner.role == crm::Role::Admin) {
    // The admin's own calls count in its tenant: its limit is the tenant's.
    a.tenant_id = owner.id;
    a.tenant_limit = owner.max_concurrent_calls;
    a.monthly_minutes = owner.monthly_minutes;
    return a;
  }
  a.owner_limit = owner.max_concurrent_calls;
  if (owner.parent_id == 0) return a;
  auto admin = store.get_user(owner.parent_id);
  if (!admin) return admin.error();
  a.tenant_id = admin->id;
  a.tenant_limit = admin->max_concurrent_calls;
  a.monthly_minutes = admin->monthly_minutes;
  return a;
}

std::int64_t month_start_ms(std::int64_t now_ms) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(now_ms)));
  const year_month_day ymd(day);
  const sys_days first = ymd.year() / ymd.month() / std::chrono::day(1);
  return duration_cast<milliseconds>(first.time_since_epoch()).count();
}

std::error_code check_monthly_minutes(crm::Store& store, const Admission& a, std::int64_t now_ms) {
  if (a.tenant_id == 0 || a.monthly_minutes <= 0) return {};
  auto agents = store.agents_of(a.tenant_id);
  if (!agents) return agents.error();
  crm::UsageQuery q;
  q.owners = *agents;
  q.owners->push_back(a.tenant_id);
  q.from = month_start_ms(now_ms);
  q.to = now_ms + 1;
  auto report = store.usage_report(q);
  if (!report) return report.error();
  if (report->total.talk_s >= a.monthly_minutes * 60) return Errc::MonthlyMinutes;
  return {};
}

}  // namespace va::call
