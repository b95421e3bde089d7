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
    "packets_out, packets_dropped_foreign, greeting_latency_ms, node, provider, input_tokens, "
    "output_tokens, input_audio_tokens, output_audio_tokens, talk_s, cost_micros, amd_verdict, "
    "amd_cause, amd_ms, transfer_to, transfer_mode, transfer_method, transfer_status, "
    "transfer_reason FROM calls";

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
  c.provider = as_text(r[27]);
  c.input_tokens = as_int(r[28]);
  c.output_tokens = as_int(r[29]);
  c.input_audio_tokens = as_int(r[30]);
  c.output_audio_tokens = as_int(r[31]);
  c.talk_s = as_int(r[32]);
  c.cost_micros = as_int(r[33]);
  c.amd_verdict = as_text(r[34]);
  c.amd_cause = as_text(r[35]);
  c.amd_ms = as_int(r[36]);
  c.transfer_to = as_text(r[37]);
  c.transfer_mode = as_text(r[38]);
  c.transfer_method = as_text(r[39]);
  c.transfer_status = as_text(r[40]);
  c.transfer_reason = as_text(r[41]);
  return c;
}

// Parameters $1..$24 in the column order above (without id and created_at), then the AMD
// columns $25..$27 and the transfer's $28..$32.
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
          c.amd_verdict,
          c.amd_cause,
          c.amd_ms,
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
      "packets_in, packets_out, packets_dropped_foreign, greeting_latency_ms, amd_verdict, "
      "amd_cause, amd_ms, transfer_to, transfer_mode, transfer_method, transfer_status, "
      "transfer_reason, created_at, node, provider) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
      "$27, $28, $29, $30, $31, $32, $33, $34, $35) RETURNING id",
      [&] {
        auto params = call_params(c);
        params.emplace_back(now_ms());
        params.emplace_back(c.node);
        params.emplace_back(c.provider);
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
  for (auto v : {c.input_tokens, c.output_tokens, c.input_audio_tokens, c.output_audio_tokens,
                 c.talk_s, c.cost_micros}) {
    params.emplace_back(v);
  }
  params.emplace_back(c.provider);  // a provider failover moves the call to the other one
  return touch_one(
      "UPDATE calls SET owner_id = $1, direction = $2, lead_id = $3, campaign_id = $4, "
      "from_uri = $5, to_uri = $6, sip_call_id = $7, local_rtp_port = $8, remote_rtp = $9, "
      "ssrc_in = $10, ssrc_out = $11, key_fingerprint = $12, status = $13, ringing_at = $14, "
      "answered_at = $15, ended_at = $16, outcome = $17, end_reason = $18, "
      "recording_path = $19, summary = $20, packets_in = $21, packets_out = $22, "
      "packets_dropped_foreign = $23, greeting_latency_ms = $24, amd_verdict = $25, "
      "amd_cause = $26, amd_ms = $27, transfer_to = $28, transfer_mode = $29, "
      "transfer_method = $30, transfer_status = $31, transfer_reason = $32, "
      "input_tokens = $34, output_tokens = $35, input_audio_tokens = $36, "
      "output_audio_tokens = $37, talk_s = $38, cost_micros = $39, provider = $40 WHERE id = $33 "
      "RETURNING id",
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

namespace {
constexpr const char* kUsageSums =
    "COUNT(*), COALESCE(SUM(c.input_tokens), 0), COALESCE(SUM(c.output_tokens), 0), "
    "COALESCE(SUM(c.talk_s), 0), COALESCE(SUM(c.cost_micros), 0)";

// Columns: key, label, then kUsageSums.
UsageTotal usage_from(const Row& r) {
  return {as_text(r[0]), as_text(r[1]), as_int(r[2]), as_int(r[3]),
          as_int(r[4]),  as_int(r[5]),  as_int(r[6])};
}
}  // namespace

core::Result<UsageReport> SqlStore::usage_report(const UsageQuery& q) {
  std::vector<Value> params{q.from, q.to};
  const std::string where = " WHERE c.created_at >= $1 AND c.created_at < $2" +
                            owner_filter(q.owners, "c.owner_id", params);
  const std::string order = " ORDER BY 7 DESC, 1";
  UsageReport out;
  auto total = run(std::string("SELECT '', '', ") + kUsageSums + " FROM calls c" + where, params);
  if (!total) return total.error();
  out.total = usage_from(total->at(0));
  // Keys are text in every dialect, so that the rows read the same way.
  auto grouped = [&](const std::string& key, const std::string& label, const std::string& join,
                     const std::string& group,
                     std::vector<UsageTotal>& into) -> core::Result<void> {
    auto rows = run("SELECT " + key + ", " + label + ", " + kUsageSums + " FROM calls c" + join +
                        where + " GROUP BY " + group + order,
                    params);
    if (!rows) return rows.error();
    for (const auto& r : *rows)
      into.push_back(usage_from(r));
    return {};
  };
  if (auto r = grouped("CAST(c.owner_id AS TEXT)", "COALESCE(MAX(u.username), '')",
                       " LEFT JOIN users u ON u.id = c.owner_id", "c.owner_id", out.by_user);
      !r) {
    return r.error();
  }
  if (auto r =
          grouped("CAST(c.campaign_id AS TEXT)", "COALESCE(MAX(k.name), '')",
                  " JOIN campaigns k ON k.id = c.campaign_id", "c.campaign_id", out.by_campaign);
      !r) {
    return r.error();
  }
  if (auto r = grouped("c.key_fingerprint", "''", "", "c.key_fingerprint", out.by_key); !r) {
    return r.error();
  }
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
