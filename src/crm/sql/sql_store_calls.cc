// SqlStore: call records and their transcript lines.
#include "crm/errc.h"
#include "crm/sql/row.h"
#include "crm/sql/sql_store.h"

namespace va::crm::sql {
namespace {

constexpr const char* kCallColumns =
    "SELECT id, owner_id, direction, lead_id, campaign_id, from_uri, to_uri, sip_call_id, "
    "local_rtp_port, remote_rtp, ssrc_in, ssrc_out, key_fingerprint, status, created_at, "
    "ringing_at, answered_at, ended_at, outcome, end_reason, recording_path, summary, packets_in, "
    "packets_out, packets_dropped_foreign, greeting_latency_ms, node, transfer_to, transfer_mode, "
    "transfer_method, transfer_status, transfer_reason FROM calls";

Call call_from(const Row& r) {
  Call c;
  c.id = as_int(r[0]);
  c.owner_id = as_int(r[1]);
  c.direction = as_text(r[2]);
  c.lead_id = as_int(r[3]);
  c.campaign_id = as_int(r[4]);
  c.from = as_text(r[5]);
  c.to = as_text(r[6]);
  c.sip_call_id = as_text(r[7]);
  c.local_rtp_port = as_int(r[8]);
  c.remote_rtp = as_text(r[9]);
  c.ssrc_in = as_int(r[10]);
  c.ssrc_out = as_int(r[11]);
  c.key_fingerprint = as_text(r[12]);
  // A status this build does not know (written by a newer one) reads as ended.
  c.status = call_status_from_string(as_text(r[13])).value_or(CallStatus::Ended);
  c.created_at = as_int(r[14]);
  c.ringing_at = as_int(r[15]);
  c.answered_at = as_int(r[16]);
  c.ended_at = as_int(r[17]);
  c.outcome = as_text(r[18]);
  c.end_reason = as_text(r[19]);
  c.recording_path = as_text(r[20]);
  c.summary = as_text(r[21]);
  c.packets_in = as_int(r[22]);
  c.packets_out = as_int(r[23]);
  c.packets_dropped_foreign = as_int(r[24]);
  c.greeting_latency_ms = as_int(r[25]);
  c.node = as_text(r[26]);
  c.transfer_to = as_text(r[27]);
  c.transfer_mode = as_text(r[28]);
  c.transfer_method = as_text(r[29]);
  c.transfer_status = as_text(r[30]);
  c.transfer_reason = as_text(r[31]);
  return c;
}

// Parameters $1..$29 in the column order above (without id, created_at and node).
std::vector<Value> call_params(const Call& c) {
  return {c.owner_id,
          c.direction,
          id_or_null(c.lead_id),
          id_or_null(c.campaign_id),
          c.from,
          c.to,
          c.sip_call_id,
          c.local_rtp_port,
          c.remote_rtp,
          c.ssrc_in,
          c.ssrc_out,
          c.key_fingerprint,
          std::string(to_string(c.status)),
          c.ringing_at,
          c.answered_at,
          c.ended_at,
          c.outcome,
          c.end_reason,
          c.recording_path,
          c.summary,
          c.packets_in,
          c.packets_out,
          c.packets_dropped_foreign,
          c.greeting_latency_ms,
          c.transfer_to,
          c.transfer_mode,
          c.transfer_method,
          c.transfer_status,
          c.transfer_reason};
}

}  // namespace

core::Result<Id> SqlStore::create_call(const Call& c) {
  return insert(
      "INSERT INTO calls (owner_id, direction, lead_id, campaign_id, from_uri, to_uri, "
      "sip_call_id, local_rtp_port, remote_rtp, ssrc_in, ssrc_out, key_fingerprint, status, "
      "ringing_at, answered_at, ended_at, outcome, end_reason, recording_path, summary, "
      "packets_in, packets_out, packets_dropped_foreign, greeting_latency_ms, transfer_to, "
      "transfer_mode, transfer_method, transfer_status, transfer_reason, created_at, node) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) RETURNING id",
      [&] {
        auto params = call_params(c);
        params.emplace_back(now_ms());
        params.emplace_back(c.node);
        return params;
      }());
}

core::Result<Call> SqlStore::get_call(Id id) {
  auto rows = run(std::string(kCallColumns) + " WHERE id = $1", {id});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  return call_from(rows->front());
}

core::Result<void> SqlStore::update_call(const Call& c) {
  auto params = call_params(c);
  params.emplace_back(c.id);
  return touch_one(
      "UPDATE calls SET owner_id = $1, direction = $2, lead_id = $3, campaign_id = $4, "
      "from_uri = $5, to_uri = $6, sip_call_id = $7, local_rtp_port = $8, remote_rtp = $9, "
      "ssrc_in = $10, ssrc_out = $11, key_fingerprint = $12, status = $13, ringing_at = $14, "
      "answered_at = $15, ended_at = $16, outcome = $17, end_reason = $18, "
      "recording_path = $19, summary = $20, packets_in = $21, packets_out = $22, "
      "packets_dropped_foreign = $23, greeting_latency_ms = $24, transfer_to = $25, "
      "transfer_mode = $26, transfer_method = $27, transfer_status = $28, "
      "transfer_reason = $29 WHERE id = $30 RETURNING id",
      params);
}

core::Result<Paged<Call>> SqlStore::list_calls(const OwnerScope& scope, Page page) {
  std::vector<Value> params;
  const std::string where = " WHERE 1 = 1" + owner_filter(scope, "owner_id", params);
  auto count = run("SELECT COUNT(*) FROM calls" + where, params);
  if (!count) return count.error();
  Paged<Call> out;
  out.total = as_int(count->at(0).at(0));
  auto rows = run(kCallColumns + where + " ORDER BY id DESC" + limit_offset(page, params), params);
  if (!rows) return rows.error();
  for (const auto& r : *rows)
    out.items.push_back(call_from(r));
  return out;
}

core::Result<void> SqlStore::append_transcript(Id call_id, const TranscriptLine& line) {
  auto rows = run(
      "INSERT INTO call_transcript (call_id, who, text, at) VALUES ($1, $2, $3, $4) RETURNING id",
      {call_id, line.who, line.text, line.at});
  if (!rows) return rows.error();
  return {};
}

core::Result<std::vector<TranscriptLine>> SqlStore::transcript(Id call_id) {
  auto rows =
      run("SELECT who, text, at FROM call_transcript WHERE call_id = $1 ORDER BY id", {call_id});
  if (!rows) return rows.error();
  std::vector<TranscriptLine> out;
  for (const auto& r : *rows)
    out.push_back({as_text(r[0]), as_text(r[1]), as_int(r[2])});
  return out;
}

core::Result<void> SqlStore::create_inbound_route(const InboundRoute& r) {
  auto rows =
      run("INSERT INTO inbound_routes (number, owner_id, campaign_id, created_at) "
          "VALUES ($1, $2, $3, $4) RETURNING number",
          {r.number, r.owner_id, id_or_null(r.campaign_id), now_ms()});
  if (!rows) return rows.error();
  return {};
}

core::Result<InboundRoute> SqlStore::find_inbound_route(const std::string& number) {
  auto rows =
      run("SELECT number, owner_id, campaign_id, created_at FROM inbound_routes WHERE number = $1",
          {number});
  if (!rows) return rows.error();
  if (rows->empty()) return Errc::NotFound;
  const auto& r = rows->front();
  return InboundRoute{as_text(r[0]), as_int(r[1]), as_int(r[2]), as_int(r[3])};
}

core::Result<std::vector<InboundRoute>> SqlStore::list_inbound_routes(const OwnerScope& scope) {
  std::vector<Value> params;
  const std::string where = " WHERE 1 = 1" + owner_filter(scope, "owner_id", params);
  auto rows = run("SELECT number, owner_id, campaign_id, created_at FROM inbound_routes" + where +
                      " ORDER BY number",
                  params);
  if (!rows) return rows.error();
  std::vector<InboundRoute> out;
  for (const auto& r : *rows)
    out.push_back({as_text(r[0]), as_int(r[1]), as_int(r[2]), as_int(r[3])});
  return out;
}

core::Result<void> SqlStore::delete_inbound_route(const std::string& number) {
  return touch_one("DELETE FROM inbound_routes WHERE number = $1 RETURNING number", {number});
}

}  // namespace va::crm::sql
