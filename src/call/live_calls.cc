// LiveCalls: admission counts slots from admit() to remove(), so a call being set up already
// counts against the limits (two API requests at once cannot both take the last slot).
#include "call/live_calls.h"

#include "call/errc.h"
#include "core/mutex.h"

namespace va::call {

namespace {
std::int64_t count_in(const std::map<crm::Id, std::int64_t>& m, crm::Id id) {
  auto it = m.find(id);
  return it == m.end() ? 0 : it->second;
}
}  // namespace

std::error_code LiveCalls::admit(crm::Id owner_id, std::int64_t owner_limit, crm::Id tenant_id,
                                 std::int64_t tenant_limit) {
  core::MutexLock lock(mu_);
  if (node_limit_ > 0 && admitted_ >= node_limit_) return Errc::NodeLimit;
  if (owner_limit > 0 && count_in(per_owner_, owner_id) >= owner_limit) return Errc::OwnerLimit;
  if (tenant_id != 0 && tenant_limit > 0 && count_in(per_tenant_, tenant_id) >= tenant_limit) {
    return Errc::TenantLimit;
  }
  ++per_owner_[owner_id];
  if (tenant_id != 0) ++per_tenant_[tenant_id];
  ++admitted_;
  return {};
}

void LiveCalls::unadmit(crm::Id owner_id, crm::Id tenant_id) {
  core::MutexLock lock(mu_);
  auto it = per_owner_.find(owner_id);
  if (it == per_owner_.end() || it->second == 0) return;
  if (--it->second == 0) per_owner_.erase(it);
  if (auto t = per_tenant_.find(tenant_id); tenant_id != 0 && t != per_tenant_.end()) {
    if (--t->second <= 0) per_tenant_.erase(t);
  }
  --admitted_;
}

void LiveCalls::add(const LiveCall& call) {
  core::MutexLock lock(mu_);
  calls_[call.call_id] = call;
}

void LiveCalls::update(crm::Id call_id, const std::function<void(LiveCall&)>& change) {
  core::MutexLock lock(mu_);
  auto it = calls_.find(call_id);
  if (it != calls_.end()) change(it->second);
}

void LiveCalls::remove(crm::Id call_id) {
  crm::Id owner = 0;
  crm::Id tenant = 0;
  {
    core::MutexLock lock(mu_);
    auto it = calls_.find(call_id);
    if (it == calls_.end()) return;
    owner = it->second.owner_id;
    tenant = it->second.tenant_id;
    calls_.erase(it);
  }
  unadmit(owner, tenant);
}

std::optional<LiveCall> LiveCalls::find(crm::Id call_id) const {
  core::MutexLock lock(mu_);
  auto it = calls_.find(call_id);
  if (it == calls_.end()) return std::nullopt;
  return it->second;
}

std::vector<LiveCall> LiveCalls::all() const {
  core::MutexLock lock(mu_);
  std::vector<LiveCall> out;
  out.reserve(calls_.size());
  for (const auto& [id, c] : calls_)
    out.push_back(c);
  return out;
}

std::size_t LiveCalls::size() const {
  core::MutexLock lock(mu_);
  return calls_.size();
}

std::int64_t LiveCalls::admitted() const {
  core::MutexLock lock(mu_);
  return admitted_;
}

std::int64_t LiveCalls::owner_count(crm::Id owner_id) const {
  core::MutexLock lock(mu_);
  auto it = per_owner_.find(owner_id);
  return it == per_owner_.end() ? 0 : it->second;
}

std::int64_t LiveCalls::tenant_count(crm::Id tenant_id) const {
  core::MutexLock lock(mu_);
  return count_in(per_tenant_, tenant_id);
}

}  // namespace va::call
