// ClusterStore: where several nodes on one database meet (issue 18, DESIGN.md "Many nodes"):
// each node's HTTP address and drain flag, the nodes whose heartbeat stopped (declared dead
// once, by one survivor), and each owner's live-call slots counted over every node inside one
// transaction. Kept beside Store rather than in it: only the SQL store implements it, and a
// store without it (a test double) simply has no cluster (ClusterStore::of answers nullptr).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "crm/entities.h"
#include "crm/store.h"

namespace va::crm {

// A node as GET /api/cluster/nodes shows it. `status` is the row's (live | stopped | dead);
// the API folds it with `draining` and the heartbeat's age into live | dead | draining.
struct ClusterNode {
  std::string name;
  std::string http;  // "http://host:port" of its REST API ("" until it listens)
  std::int64_t pid = 0;
  std::int64_t started_at = 0;
  std::int64_t last_seen_at = 0;
  std::string status;
  bool draining = false;
  std::int64_t live_calls = 0;  // its call records dialing, ringing or active
};

// A node this survivor declared dead: its heartbeat, and its calls now closed `interrupted`.
struct DeadNode {
  std::string name;
  std::int64_t last_seen_at = 0;
  std::vector<Id> interrupted;
};

// One live-call slot of `owner_id` on `node`, counted against the owner's own limit and,
// with a tenant (the owner's admin), the tenant's (a limit <= 0: none).
struct CallSlot {
  std::string node;
  Id owner_id = 0;
  std::int64_t owner_limit = 0;
  Id tenant_id = 0;
  std::int64_t tenant_limit = 0;
};

enum class SlotRefusal { None, OwnerLimit, TenantLimit };

class ClusterStore {
 public:
  virtual ~ClusterStore() = default;

  // The store's cluster side; nullptr when the store has none.
  static ClusterStore* of(Store& store);

  // Both write only while `me` (name, pid, start time) still holds the name.
  virtual core::Result<void> set_node_http(const Node& me, const std::string& http) = 0;
  virtual core::Result<bool> node_draining(const Node& me) = 0;
  // `voiceagent drain`: NotFound when no node has that name.
  virtual core::Result<void> set_node_draining(const std::string& name, bool draining) = 0;
  virtual core::Result<std::vector<ClusterNode>> cluster_nodes() = 0;

  // Declares dead every other live node whose last heartbeat is older than `cutoff` (ms) and,
  // in the same transaction, closes its live calls as interrupted (ended_at = its last
  // heartbeat, or the call's own last event if later) and drops its call slots. The row's
  // status changes from live to dead under its row lock, so when two survivors notice at once
  // exactly one of them gets the node back: each dead node is handled exactly once.
  virtual core::Result<std::vector<DeadNode>> reap_dead_nodes(const std::string& me,
                                                              std::int64_t cutoff) = 0;

  // Takes one slot when the owner's (and tenant's) slots over every node are below their
  // limits. The tenant's user row (else the owner's) is locked first, so two nodes admitting
  // for one tenant at once are serialized and can never both take its last slot.
  virtual core::Result<SlotRefusal> take_call_slot(const CallSlot& slot) = 0;
  virtual core::Result<void> give_call_slot(const CallSlot& slot) = 0;
  // A starting node's slots are those its previous process left behind: dropped.
  virtual core::Result<void> clear_call_slots(const std::string& node) = 0;
};

}  // namespace va::crm
