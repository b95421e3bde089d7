// ClusterSlots: a node's share of the cluster-wide concurrent-call limits (issue 18; DESIGN.md
// "Owner limits count inbound and outbound calls over all nodes"). On PostgreSQL (several nodes
// share it) each call admitted by this node's LiveCalls also takes a slot in the database,
// where the owner's and tenant's slots over every node are counted inside one transaction
// (crm::ClusterStore::take_call_slot); the slot goes back when the call leaves. On SQLite there
// is one node: LiveCalls is the whole truth and this does nothing.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <map>
#include <string>
#include <system_error>
#include <utility>

#include "call/live_calls.h"
#include "call/tenant_limits.h"
#include "core/mutex.h"
#include "crm/cluster_store.h"
#include "crm/store.h"

namespace va::call {

class ClusterSlots {
 public:
  // `db`: where the slots of ended calls are given back (a shard never waits on the database).
  ClusterSlots(crm::Store& store, std::string node, boost::asio::any_io_executor db);

  // Blocking (the DB pool, the API's or the dialer's thread). Errc::OwnerLimit or
  // Errc::TenantLimit when the other nodes hold the rest; a store error as it is.
  std::error_code take(crm::Id owner_id, const Admission& a);
  // Blocking: gives back a slot take() granted to a call that never started.
  void give(crm::Id owner_id, crm::Id tenant_id);
  // Any thread: the call now holds the slot taken for its owner and tenant.
  void bind(crm::Id call_id, crm::Id owner_id, crm::Id tenant_id);
  // Any thread (a shard): the call left; its slot is given back on `db`. Idempotent.
  void release(crm::Id call_id);

 private:
  crm::ClusterStore* cluster_;  // nullptr: one node, nothing to count here
  const std::string node_;
  boost::asio::any_io_executor db_;
  core::Mutex mu_;
  std::map<crm::Id, std::pair<crm::Id, crm::Id>> held_ GUARDED_BY(mu_);  // call -> owner, tenant
};

// The month's minutes, then a slot within the node's, the owner's and the tenant's limits on
// this node (LiveCalls) and over every node (ClusterSlots). Blocking.
core::Result<Admission> admit_call(crm::Store& store, LiveCalls& live, ClusterSlots& slots,
                                   const crm::User& owner);
// Undoes admit_call for a call that never started.
void unadmit_call(LiveCalls& live, ClusterSlots& slots, crm::Id owner_id, crm::Id tenant_id);

}  // namespace va::call
