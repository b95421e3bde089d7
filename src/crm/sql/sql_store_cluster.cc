// SqlStore as the ClusterStore: node addresses and drain flags, dead nodes declared once, and
// live-call slots counted over every node (crm/cluster_store.h).
#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_store.h"

namespace va::crm {

ClusterStore* ClusterStore::of(Store& store) {
  return dynamic_cast<sql::SqlStore*>(&store);
}

}  // namespace va::crm

namespace va::crm::sql {
namespace {

constexpr const char* kLiveStatuses = "('dialing', 'ringing', 'active')";

ClusterNode cluster_node_from(const Row& r) {
  ClusterNode n;
  n.name = as_text(r[0]);
  n.http = as_text(r[1]);
  n.pid = as_int(r[2]);
  n.started_at = as_int(r[3]);
  n.last_seen_at = as_int(r[4]);
  n.status = as_text(r[5]);
  n.draining = as_int(r[6]) != 0;
  n.live_calls = as_int(r[7]);
  return n;
}

// A dead node's live calls, closed as interrupted at its last heartbeat (or at the call's own
// last event where that is later: a call placed after the last beat).
core::Result<std::vector<Id>> interrupt_calls_of(Connection& c, const std::string& node,
                                                 std::int64_t last_seen_at) {
  const std::string last_event =
      "CASE WHEN answered_at > 0 THEN answered_at WHEN ringing_at > 0 THEN ringing_at "
      "ELSE created_at END";
  auto rows = c.query(
      "UPDATE calls SET status = 'ended', end_reason = 'interrupted', outcome = 'interrupted', "
      "ended_at = CASE WHEN CAST($2 AS BIGINT) > " +
          last_event + " THEN CAST($2 AS BIGINT) ELSE " + last_event + " END WHERE node = $1 " +
          "AND status IN " + kLiveStatuses + " RETURNING id",
      {node, last_seen_at});
  if (!rows) return rows.error();
  std::vector<Id> ids;
  for (const auto& r : *rows)
    ids.push_back(as_int(r[0]));
  return ids;
}

// Sum of slots over every node for one column (owner_id or tenant_id) and id.
core::Result<std::int64_t> slots_held(Connection& c, const char* column, Id id) {
  auto rows = c.query(
      std::string("SELECT COALESCE(SUM(calls), 0) FROM call_slots WHERE ") + column + " = $1",
      {id});
  if (!rows) return rows.error();
  return rows->empty() ? 0 : as_int(rows->front()[0]);
}

}  // namespace

core::Result<void> SqlStore::set_node_http(const Node& me, const std::string& http) {
  // A (re)started node takes calls: a drain ends with the process that was drained.
  return touch_one(
      "UPDATE nodes SET http = $4, draining = 0 WHERE name = $1 AND pid = $2 AND "
      "started_at = $3 RETURNING name",
      {me.name, me.pid, me.started_at, http});
}

core::Result<bool> SqlStore::node_draining(const Node& me) {
  auto rows = run("SELECT draining FROM nodes WHERE name = $1 AND pid = $2 AND started_at = $3",
                  {me.name, me.pid, me.started_at});
  // In place: a bool is constructible from an error_code, so the plain return is ambiguous.
  if (!rows) return core::Result<bool>(boost::system::in_place_error, rows.error());
  if (rows->empty()) return core::Result<bool>(boost::system::in_place_error, Errc::NotFound);
  return as_int(rows->front()[0]) != 0;
}

core::Result<void> SqlStore::set_node_draining(const std::string& name, bool draining) {
  return touch_one("UPDATE nodes SET draining = $2 WHERE name = $1 RETURNING name",
                   {name, std::int64_t{draining ? 1 : 0}});
}

core::Result<std::vector<ClusterNode>> SqlStore::cluster_nodes() {
  auto rows = run(std::string("SELECT n.name, n.http, n.pid, n.started_at, n.last_seen_at, "
                              "n.status, n.draining, (SELECT COUNT(*) FROM calls c WHERE "
                              "c.node = n.name AND c.status IN ") +
                      kLiveStatuses + ") FROM nodes n ORDER BY n.name",
                  {});
  if (!rows) return rows.error();
  std::vector<ClusterNode> out;
  for (const auto& r : *rows)
    out.push_back(cluster_node_from(r));
  return out;
}

core::Result<std::vector<DeadNode>> SqlStore::reap_dead_nodes(const std::string& me,
                                                              std::int64_t cutoff) {
  std::vector<DeadNode> out;
  auto done = transaction([&](Connection& c) -> core::Result<void> {
    out.clear();  // a retried transaction starts over
    auto rows = c.query(
        "UPDATE nodes SET status = 'dead' WHERE name <> $1 AND status = 'live' AND "
        "last_seen_at < $2 RETURNING name, last_seen_at",
        {me, cutoff});
    if (!rows) return rows.error();
    for (const auto& r : *rows) {
      DeadNode d{as_text(r[0]), as_int(r[1]), {}};
      auto ids = interrupt_calls_of(c, d.name, d.last_seen_at);
      if (!ids) return ids.error();
      d.interrupted = std::move(*ids);
      auto slots = c.query("DELETE FROM call_slots WHERE node = $1", {d.name});
      if (!slots) return slots.error();
      out.push_back(std::move(d));
    }
    return {};
  });
  if (!done) return done.error();
  return out;
}

core::Result<SlotRefusal> SqlStore::take_call_slot(const CallSlot& s) {
  SlotRefusal refusal = SlotRefusal::None;
  auto done = transaction([&](Connection& c) -> core::Result<void> {
    refusal = SlotRefusal::None;
    // The row lock that serializes every admission of this tenant (or lone owner) across
    // nodes; a no-op write, as SQLite has no SELECT ... FOR UPDATE (BEGIN IMMEDIATE there).
    const Id lock_id = s.tenant_id != 0 ? s.tenant_id : s.owner_id;
    auto lock = c.query(
        "UPDATE users SET max_concurrent_calls = max_concurrent_calls WHERE id = $1 RETURNING id",
        {lock_id});
    if (!lock) return lock.error();
    if (s.owner_limit > 0) {
      auto held = slots_held(c, "owner_id", s.owner_id);
      if (!held) return held.error();
      if (*held >= s.owner_limit) refusal = SlotRefusal::OwnerLimit;
    }
    if (refusal == SlotRefusal::None && s.tenant_id != 0 && s.tenant_limit > 0) {
      auto held = slots_held(c, "tenant_id", s.tenant_id);
      if (!held) return held.error();
      if (*held >= s.tenant_limit) refusal = SlotRefusal::TenantLimit;
    }
    if (refusal != SlotRefusal::None) return {};
    auto put = c.query(
        "INSERT INTO call_slots (node, owner_id, tenant_id, calls) VALUES ($1, $2, $3, 1) "
        "ON CONFLICT (node, owner_id, tenant_id) DO UPDATE SET calls = call_slots.calls + 1",
        {s.node, s.owner_id, s.tenant_id});
    if (!put) return put.error();
    return {};
  });
  if (!done) return done.error();
  return refusal;
}

core::Result<void> SqlStore::give_call_slot(const CallSlot& s) {
  auto rows =
      run("UPDATE call_slots SET calls = calls - 1 WHERE node = $1 AND owner_id = $2 AND "
          "tenant_id = $3 AND calls > 0",
          {s.node, s.owner_id, s.tenant_id});
  if (!rows) return rows.error();
  return {};
}

core::Result<void> SqlStore::clear_call_slots(const std::string& node) {
  auto rows = run("DELETE FROM call_slots WHERE node = $1", {node});
  if (!rows) return rows.error();
  return {};
}

}  // namespace va::crm::sql
