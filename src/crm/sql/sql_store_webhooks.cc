// SqlStore: webhook endpoints, their deliveries (a durable queue) and the log of every try.
#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_rows.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kWebhookColumns =
    "SELECT id, owner_id, url, secret, events, active, description, created_at, updated_at "
    "FROM webhooks";

Webhook webhook_from(const Row& r) {
  Webhook w;
  w.id = as_int(r[0]);
  w.owner_id = as_int(r[1]);
  w.url = as_text(r[2]);
  w.secret = as_text(r[3]);
  w.events = split_names(as_text(r[4]));
  w.active = as_int(r[5]) != 0;
  w.description = as_text(r[6]);
  w.created_at = as_int(r[7]);
  w.updated_at = as_int(r[8]);
  return w;
}

constexpr const char* kDeliveryColumns =
    "SELECT d.id, d.webhook_id, d.event, d.call_id, d.campaign_id, d.order_key, d.body, "
    "d.status, d.attempts, d.next_attempt_at, d.created_at, d.last_status_code, d.last_error, "
    "d.resend_of FROM webhook_deliveries d";

WebhookDelivery delivery_from(const Row& r) {
  WebhookDelivery d;
  d.id = as_int(r[0]);
  d.webhook_id = as_int(r[1]);
  d.event = as_text(r[2]);
  d.call_id = as_int(r[3]);
  d.campaign_id = as_int(r[4]);
  d.order_key = as_text(r[5]);
  d.body = as_text(r[6]);
  d.status = as_text(r[7]);
  d.attempts = as_int(r[8]);
  d.next_attempt_at = as_int(r[9]);
  d.created_at = as_int(r[10]);
  d.last_status_code = as_int(r[11]);
  d.last_error = as_text(r[12]);
  d.resend_of = as_int(r[13]);
  return d;
}

WebhookAttempt attempt_from(const Row& r) {
  WebhookAttempt a;
  a.id = as_int(r[0]);
  a.delivery_id = as_int(r[1]);
  a.webhook_id = as_int(r[2]);
  a.attempt = as_int(r[3]);
  a.status_code = as_int(r[4]);
  a.error = as_text(r[5]);
  a.at = as_int(r[6]);
  a.duration_ms = as_int(r[7]);
  a.event = as_text(r[8]);
  a.call_id = as_int(r[9]);
  a.campaign_id = as_int(r[10]);
  a.delivery_status = as_text(r[11]);
  a.next_attempt_at = as_int(r[12]);
  return a;
}

std::vector<Webhook> webhooks_from(const Rows& rows) {
  std::vector<Webhook> out;
  for (const auto& r : rows)
    out.push_back(webhook_from(r));
  return out;
}

}  // namespace

core::Result<Id> SqlStore::create_webhook(const Webhook& w) {
  const auto now = now_ms();
  return insert(
      "INSERT INTO webhooks (owner_id, url, secret, events, active, description, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
      {w.owner_id, w.url, w.secret, join_names(w.events), std::int64_t{w.active ? 1 : 0},
       w.description, now});
}

core::Result<Webhook> SqlStore::get_webhook(Id id) {
  auto rows = run(std::string(kWebhookColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return webhook_from(rows->front());
}

core::Result<std::vector<Webhook>> SqlStore::list_webhooks(const OwnerScope& scope) {
  std::vector<Value> params;
  auto rows = run(std::string(kWebhookColumns) + " WHERE 1 = 1" +
                      owner_filter(scope, "owner_id", params) + " ORDER BY id",
                  params);
  if (!rows) return rows.error();
  return webhooks_from(*rows);
}

core::Result<void> SqlStore::update_webhook(const Webhook& w) {
  return touch_one(
      "UPDATE webhooks SET url = $2, secret = $3, events = $4, active = $5, description = $6, "
      "updated_at = $7 WHERE id = $1 RETURNING id",
      {w.id, w.url, w.secret, join_names(w.events), std::int64_t{w.active ? 1 : 0}, w.description,
       now_ms()});
}

core::Result<void> SqlStore::delete_webhook(Id id) {
  // Tries first: webhook_attempts.webhook_id is not a foreign key (the log is read by it).
  return transaction([id](Connection& c) -> core::Result<void> {
    auto tries = c.query("DELETE FROM webhook_attempts WHERE webhook_id = $1", {id});
    if (!tries) return tries.error();
    auto deliveries = c.query("DELETE FROM webhook_deliveries WHERE webhook_id = $1", {id});
    if (!deliveries) return deliveries.error();
    auto gone = c.query("DELETE FROM webhooks WHERE id = $1 RETURNING id", {id});
    if (!gone) return gone.error();
    if (gone->empty()) return Errc::NotFound;
    return {};
  });
}

core::Result<std::vector<Webhook>> SqlStore::webhooks_for_owner(Id owner_id, Id owner_parent_id) {
  auto rows = run(std::string(kWebhookColumns) +
                      " WHERE active = 1 AND (owner_id = $1 OR owner_id = $2 OR owner_id IN "
                      "(SELECT id FROM users WHERE role = 'superadmin')) ORDER BY id",
                  {owner_id, owner_parent_id});
  if (!rows) return rows.error();
  return webhooks_from(*rows);
}

core::Result<Id> SqlStore::enqueue_webhook_delivery(const WebhookDelivery& d) {
  return insert(
      "INSERT INTO webhook_deliveries (webhook_id, event, call_id, campaign_id, order_key, body, "
      "status, attempts, next_attempt_at, created_at, resend_of) "
      "VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8, $9) RETURNING id",
      {d.webhook_id, d.event, d.call_id, d.campaign_id, d.order_key, d.body, d.next_attempt_at,
       d.created_at, d.resend_of});
}

core::Result<WebhookDelivery> SqlStore::get_webhook_delivery(Id id) {
  auto rows = run(std::string(kDeliveryColumns) + " WHERE d.id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return delivery_from(rows->front());
}

core::Result<std::optional<WebhookDelivery>> SqlStore::claim_webhook_delivery(
    std::int64_t now, std::int64_t lease_until) {
  // Candidates first, then one conditional UPDATE each: the first that still matches is ours
  // (another worker that took it moved next_attempt_at past now).
  auto rows = run(std::string(kDeliveryColumns) +
                      " JOIN webhooks w ON w.id = d.webhook_id AND w.active = 1"
                      " WHERE d.status = 'pending' AND d.next_attempt_at <= $1"
                      " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e"
                      " WHERE e.webhook_id = d.webhook_id AND e.order_key = d.order_key"
                      " AND e.status = 'pending' AND e.id < d.id)"
                      " ORDER BY d.next_attempt_at, d.id LIMIT 8",
                  {now});
  if (!rows) return rows.error();
  for (const auto& r : *rows) {
    auto d = delivery_from(r);
    auto took = run(
        "UPDATE webhook_deliveries SET next_attempt_at = $3 WHERE id = $1 AND status = 'pending' "
        "AND next_attempt_at <= $2 RETURNING id",
        {d.id, now, lease_until});
    if (!took) return took.error();
    if (took->empty()) continue;
    d.next_attempt_at = lease_until;
    return std::optional<WebhookDelivery>(std::move(d));
  }
  return std::optional<WebhookDelivery>();
}

core::Result<void> SqlStore::finish_webhook_try(const WebhookTryResult& res) {
  const auto& a = res.attempt;
  return transaction([&](Connection& c) -> core::Result<void> {
    auto ins = c.query(
        "INSERT INTO webhook_attempts (delivery_id, webhook_id, attempt, status_code, error, at, "
        "duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {a.delivery_id, a.webhook_id, a.attempt, a.status_code, a.error, a.at, a.duration_ms});
    if (!ins) return ins.error();
    auto upd = c.query(
        "UPDATE webhook_deliveries SET status = $2, attempts = $3, next_attempt_at = $4, "
        "last_status_code = $5, last_error = $6 WHERE id = $1 RETURNING id",
        {a.delivery_id, res.status, a.attempt, res.next_attempt_at, a.status_code, a.error});
    if (!upd) return upd.error();
    if (upd->empty()) return Errc::NotFound;
    return {};
  });
}

core::Result<Paged<WebhookAttempt>> SqlStore::list_webhook_attempts(Id webhook_id, Page page) {
  std::vector<Value> params{webhook_id};
  auto count = run("SELECT COUNT(*) FROM webhook_attempts WHERE webhook_id = $1", params);
  if (!count) return count.error();
  Paged<WebhookAttempt> out;
  out.total = as_int(count->at(0).at(0));
  auto rows =
      run("SELECT a.id, a.delivery_id, a.webhook_id, a.attempt, a.status_code, a.error, a.at, "
          "a.duration_ms, d.event, d.call_id, d.campaign_id, d.status, d.next_attempt_at "
          "FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id "
          "WHERE a.webhook_id = $1 ORDER BY a.id DESC" +
              limit_offset(page, params),
          params);
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    out.items.push_back(attempt_from(r));
  return out;
}

core::Result<std::int64_t> SqlStore::pending_webhook_deliveries(Id webhook_id) {
  auto rows =
      run("SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'pending'",
          {webhook_id});
  if (!rows) return rows.error();
  return as_int(rows->at(0).at(0));
}

}  // namespace va::crm::sql
