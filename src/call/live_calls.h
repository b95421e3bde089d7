// LiveCalls: the node's table of live calls, shared by all shards and the API: admission
// (the node's and each owner's limit), where each call lives, and its latest media facts.
// One small mutex; nothing on the packet path touches it (facts are pushed about once a
// second and at state changes).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "call/call_event.h"
#include "core/mutex.h"
#include "core/result.h"
#include "crm/entities.h"

namespace va::call {

struct LiveCall {
  crm::Id call_id = 0;
  crm::Id owner_id = 0;
  crm::Id tenant_id = 0;  // the admin whose tenant-wide limit it counts against (0 = none)
  int shard = 0;
  crm::CallStatus status = crm::CallStatus::Dialing;  // never Ended: ended calls leave
  MediaFacts media;
  std::optional<std::int64_t> greeting_latency_ms;
};

class LiveCalls {
 public:
  explicit LiveCalls(std::int64_t node_limit) : node_limit_(node_limit) {}

  // Takes one slot for `owner_id` (owner_limit <= 0: no per-owner limit) and, with a
  // tenant_id, one of its tenant (tenant_limit <= 0: no limit). Errc::NodeLimit,
  // Errc::OwnerLimit or Errc::TenantLimit when full. Every successful admit() is followed by
  // add() (with the same tenant_id) or unadmit().
  std::error_code admit(crm::Id owner_id, std::int64_t owner_limit, crm::Id tenant_id = 0,
                        std::int64_t tenant_limit = 0);
  void unadmit(crm::Id owner_id, crm::Id tenant_id = 0);

  void add(const LiveCall& call);
  void update(crm::Id call_id, const std::function<void(LiveCall&)>& change);
  // Removes the call and gives back its owner's slot. Idempotent.
  void remove(crm::Id call_id);

  std::optional<LiveCall> find(crm::Id call_id) const;
  std::vector<LiveCall> all() const;
  std::size_t size() const;
  std::int64_t admitted() const;
  std::int64_t owner_count(crm::Id owner_id) const;
  std::int64_t tenant_count(crm::Id tenant_id) const;

 private:
  const std::int64_t node_limit_;
  mutable core::Mutex mu_;
  std::int64_t admitted_ GUARDED_BY(mu_) = 0;
  std::map<crm::Id, std::int64_t> per_owner_ GUARDED_BY(mu_);
  std::map<crm::Id, std::int64_t> per_tenant_ GUARDED_BY(mu_);
  std::map<crm::Id, LiveCall> calls_ GUARDED_BY(mu_);
};

}  // namespace va::call
