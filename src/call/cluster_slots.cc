// ClusterSlots: the database's count over every node, after the node's own (LiveCalls).
#include "call/cluster_slots.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "call/errc.h"

namespace va::call {

ClusterSlots::ClusterSlots(crm::Store& store, std::string node, boost::asio::any_io_executor db)
    : cluster_(store.backend() == "postgresql" ? crm::ClusterStore::of(store) : nullptr),
      node_(std::move(node)),
      db_(std::move(db)) {}

std::error_code ClusterSlots::take(crm::Id owner_id, const Admission& a) {
  if (!cluster_) return {};
  auto r = cluster_->take_call_slot({node_, owner_id, a.owner_limit, a.tenant_id, a.tenant_limit});
  if (!r) return r.error();
  switch (*r) {
    case crm::SlotRefusal::OwnerLimit:
      return Errc::OwnerLimit;
    case crm::SlotRefusal::TenantLimit:
      return Errc::TenantLimit;
    case crm::SlotRefusal::None:
      break;
  }
  return {};
}

namespace {
void give_back(crm::ClusterStore& cluster, const std::string& node, crm::Id owner_id,
               crm::Id tenant_id) {
  if (auto r = cluster.give_call_slot({node, owner_id, 0, tenant_id, 0}); !r)
    spdlog::warn("calls: slot of owner {} not given back: {}", owner_id, r.error().message());
}
}  // namespace

void ClusterSlots::give(crm::Id owner_id, crm::Id tenant_id) {
  if (cluster_) give_back(*cluster_, node_, owner_id, tenant_id);
}

void ClusterSlots::bind(crm::Id call_id, crm::Id owner_id, crm::Id tenant_id) {
  if (!cluster_) return;
  core::MutexLock lock(mu_);
  held_[call_id] = {owner_id, tenant_id};
}

void ClusterSlots::release(crm::Id call_id) {
  if (!cluster_) return;
  std::pair<crm::Id, crm::Id> slot;
  {
    core::MutexLock lock(mu_);
    auto it = held_.find(call_id);
    if (it == held_.end()) return;
    slot = it->second;
    held_.erase(it);
  }
  // By value: the store outlives the DB pool's queue, this object need not.
  boost::asio::post(db_, [cluster = cluster_, node = node_, slot] {
    give_back(*cluster, node, slot.first, slot.second);
  });
}

core::Result<Admission> admit_call(crm::Store& store, LiveCalls& live, ClusterSlots& slots,
                                   const crm::User& owner) {
  auto a = admission_for(store, owner);
  if (!a) return a.error();
  if (auto ec = check_monthly_minutes(store, *a, crm::now_ms())) return ec;
  if (auto ec = live.admit(owner.id, a->owner_limit, a->tenant_id, a->tenant_limit)) return ec;
  if (auto ec = slots.take(owner.id, *a)) {
    live.unadmit(owner.id, a->tenant_id);
    return ec;
  }
  return a;
}

void unadmit_call(LiveCalls& live, ClusterSlots& slots, crm::Id owner_id, crm::Id tenant_id) {
  live.unadmit(owner_id, tenant_id);
  slots.give(owner_id, tenant_id);
}

}  // namespace va::call
