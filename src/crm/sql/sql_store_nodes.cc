// SqlStore: the nodes table (heartbeats) and the recovery of calls a dead process left live.
#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kNodeColumns =
    "SELECT name, pid, started_at, last_seen_at, status FROM nodes";

Node node_from(const Row& r) {
  Node n;
  n.name = as_text(r[0]);
  n.pid = as_int(r[1]);
  n.started_at = as_int(r[2]);
  n.last_seen_at = as_int(r[3]);
  n.status = as_text(r[4]);
  return n;
}

// A call's last known event: answered, else ringing, else created (each 0 until it happened).
constexpr const char* kCallLastEvent =
    "CASE WHEN answered_at > 0 THEN answered_at WHEN ringing_at > 0 THEN ringing_at "
    "ELSE created_at END";

// Closes the calls `node` (and, with it, the unnamed calls of before migration 4) left live.
// ended_at is the dead process's last heartbeat ($2; 0 = none known), or the call's own last
// event where that is later (a call placed after the last heartbeat) or no heartbeat exists.
core::Result<std::vector<Id>> interrupt_live_calls(Connection& c, const std::string& node,
                                                   std::int64_t last_seen_at) {
  const std::string last_event = kCallLastEvent;
  auto rows = c.query(
      "UPDATE calls SET status = 'ended', end_reason = 'interrupted', outcome = 'interrupted', "
      "ended_at = CASE WHEN CAST($2 AS BIGINT) > " +
          last_event + " THEN CAST($2 AS BIGINT) ELSE " + last_event +
          " END "
          "WHERE status IN ('dialing', 'ringing', 'active') AND (node = $1 OR node = '') "
          "RETURNING id",
      {node, last_seen_at});
  if (!rows) return rows.error();
  std::vector<Id> ids;
  for (const auto& r : *rows)
    ids.push_back(as_int(r[0]));
  return ids;
}

}  // namespace

core::Result<NodeTakeover> SqlStore::take_over_node(const Node& me) {
  NodeTakeover out;
  auto done = transaction([&](Connection& c) -> core::Result<void> {
    auto prev = c.query(std::string(kNodeColumns) + " WHERE name = $1", {me.name});
    if (!prev) return prev.error();
    if (!prev->empty()) out.previous = node_from(prev->front());
    auto ids = interrupt_live_calls(c, me.name, out.previous ? out.previous->last_seen_at : 0);
    if (!ids) return ids.error();
    out.interrupted = std::move(*ids);
    auto put = c.query(
        "INSERT INTO nodes (name, pid, started_at, last_seen_at, status) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, "
        "started_at = excluded.started_at, last_seen_at = excluded.last_seen_at, "
        "status = excluded.status",
        {me.name, me.pid, me.started_at, me.last_seen_at, me.status});
    if (!put) return put.error();
    return {};
  });
  if (!done) return done.error();
  return out;
}

// Both touch the row only while this process (pid and start time: a pid alone repeats, e.g.
// as pid 1 in a container) still holds the name.
core::Result<void> SqlStore::touch_node(const Node& me, std::int64_t now) {
  return touch_one(
      "UPDATE nodes SET last_seen_at = $4 WHERE name = $1 AND pid = $2 AND started_at = $3 "
      "RETURNING name",
      {me.name, me.pid, me.started_at, now});
}

core::Result<void> SqlStore::stop_node(const Node& me, std::int64_t now) {
  return touch_one(
      "UPDATE nodes SET last_seen_at = $4, status = 'stopped' WHERE name = $1 AND pid = $2 "
      "AND started_at = $3 RETURNING name",
      {me.name, me.pid, me.started_at, now});
}

core::Result<std::vector<Node>> SqlStore::list_nodes() {
  auto rows = run(std::string(kNodeColumns) + " ORDER BY name", {});
  if (!rows) return rows.error();
  std::vector<Node> out;
  for (const auto& r : *rows)
    out.push_back(node_from(r));
  return out;
}

}  // namespace va::crm::sql
