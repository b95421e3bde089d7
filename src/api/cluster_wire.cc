// ClusterWire: short keys keep a transcript line's room in the 8000-byte NOTIFY payload.
#include "api/cluster_wire.h"

#include <boost/json.hpp>
#include <chrono>

namespace va::api {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxNameBytes = 64;

ApiError bad(std::string what) {
  return ApiError{400, "bad_cluster_message", "cluster message: " + std::move(what)};
}

// Reads one optional field of `o`; a present field of the wrong type is an error.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  bool str(std::string_view key, std::string& out) {
    const auto* v = o_.if_contains(key);
    if (!v) return true;
    if (!v->is_string()) return fail(key, "a string");
    out = std::string(v->as_string());
    return true;
  }
  bool i64(std::string_view key, std::int64_t& out) {
    const auto* v = o_.if_contains(key);
    if (!v) return true;
    if (!v->is_int64()) return fail(key, "an integer");
    out = v->as_int64();
    return true;
  }
  bool u64(std::string_view key, std::uint64_t& out) {
    std::int64_t n = 0;
    if (!i64(key, n)) return false;
    if (n < 0) return fail(key, "not negative");
    out = static_cast<std::uint64_t>(n);
    return true;
  }
  const json::object* obj(std::string_view key) {
    const auto* v = o_.if_contains(key);
    if (!v) return nullptr;
    if (!v->is_object()) {
      fail(key, "an object");
      return nullptr;
    }
    return &v->as_object();
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string_view key, std::string_view want) {
    if (error_.empty()) error_ = std::string(key) + " must be " + std::string(want);
    return false;
  }
  const json::object& o_;
  std::string error_;
};

std::optional<call::CallEventType> event_type_from(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(call::CallEventType::Analyzed); ++i) {
    const auto t = static_cast<call::CallEventType>(i);
    if (call::to_string(t) == name) return t;
  }
  return std::nullopt;
}

// Cuts `text` to at most `max` bytes without splitting a UTF-8 character.
void cut_utf8(std::string& text, std::size_t max) {
  if (text.size() <= max) return;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  text.resize(n);
}

json::object media_json(const call::MediaFacts& m) {
  return {{"lp", m.local_rtp_port},  {"rr", m.remote_rtp},
          {"si", m.ssrc_in},         {"so", m.ssrc_out},
          {"kf", m.key_fingerprint}, {"pi", m.packets_in},
          {"po", m.packets_out},     {"pd", m.packets_dropped_foreign}};
}

json::object call_json(const call::CallEvent& e) {
  const auto at =
      std::chrono::duration_cast<std::chrono::milliseconds>(e.at.time_since_epoch()).count();
  json::object c{{"t", call::to_string(e.type)},
                 {"id", e.call_id},
                 {"ow", e.owner_id},
                 {"op", e.owner_parent_id},
                 {"at", at},
                 {"st", crm::to_string(e.status)},
                 {"dir", e.direction},
                 {"peer", e.peer},
                 {"who", e.who},
                 {"txt", e.text},
                 {"er", e.end_reason},
                 {"oc", e.outcome},
                 {"as", e.analysis_status},
                 {"dis", e.disposition}};
  if (e.media) c["m"] = media_json(*e.media);
  if (e.greeting_latency_ms) c["gl"] = *e.greeting_latency_ms;
  return c;
}

json::object campaign_json(const dialer::CampaignEvent& e) {
  return {
      {"k", e.kind},     {"id", e.campaign_id},    {"ow", e.owner_id}, {"op", e.owner_parent_id},
      {"st", e.status},  {"wr", e.waiting_reason}, {"ld", e.lead_id},  {"ls", e.lead_state},
      {"oc", e.outcome}, {"cl", e.call_id}};
}

json::object agent_json(const crm::AgentConfig& a) {
  return {{"sp", a.system_prompt},
          {"v", a.voice},
          {"l", a.language},
          {"g", a.greeting},
          {"p", a.provider}};
}

json::object command_json(const ClusterCommand& c) {
  json::object o{
      {"op", c.op}, {"rq", c.request}, {"cl", c.call_id},     {"ow", c.owner_id},
      {"to", c.to}, {"ld", c.lead_id}, {"cp", c.campaign_id}, {"pf", c.agent_profile_id}};
  if (c.agent) o["ag"] = agent_json(*c.agent);
  return o;
}

json::object reply_json(const ClusterReply& r) {
  return {{"rq", r.request}, {"s", r.status}, {"c", r.code}, {"msg", r.message}, {"cl", r.call_id}};
}

std::string_view kind_name(ClusterMessageKind kind) {
  switch (kind) {
    case ClusterMessageKind::CallEvent:
      return "call";
    case ClusterMessageKind::CampaignEvent:
      return "campaign";
    case ClusterMessageKind::Command:
      return "command";
    case ClusterMessageKind::Reply:
      return "reply";
  }
  return "call";
}

std::string serialize(const ClusterMessage& m) {
  json::object o{{"o", m.origin}, {"k", kind_name(m.kind)}};
  switch (m.kind) {
    case ClusterMessageKind::CallEvent:
      o["b"] = call_json(m.call);
      break;
    case ClusterMessageKind::CampaignEvent:
      o["b"] = campaign_json(m.campaign);
      break;
    case ClusterMessageKind::Command:
      o["b"] = command_json(m.command);
      break;
    case ClusterMessageKind::Reply:
      o["b"] = reply_json(m.reply);
      break;
  }
  return json::serialize(o);
}

bool parse_media(Fields& f, call::MediaFacts& m) {
  std::int64_t port = 0;
  std::uint64_t si = 0, so = 0;
  if (!(f.i64("lp", port) && f.str("rr", m.remote_rtp) && f.u64("si", si) && f.u64("so", so) &&
        f.str("kf", m.key_fingerprint) && f.u64("pi", m.packets_in) && f.u64("po", m.packets_out) &&
        f.u64("pd", m.packets_dropped_foreign))) {
    return false;
  }
  m.local_rtp_port = port;
  m.ssrc_in = static_cast<std::uint32_t>(si);
  m.ssrc_out = static_cast<std::uint32_t>(so);
  return true;
}

ApiResult<call::CallEvent> parse_call_event(const json::object& o) {
  call::CallEvent e;
  Fields f(o);
  std::string type, status;
  std::int64_t at = 0, latency = -1;
  if (!(f.str("t", type) && f.i64("id", e.call_id) && f.i64("ow", e.owner_id) &&
        f.i64("op", e.owner_parent_id) && f.i64("at", at) && f.str("st", status) &&
        f.str("dir", e.direction) && f.str("peer", e.peer) && f.str("who", e.who) &&
        f.str("txt", e.text) && f.str("er", e.end_reason) && f.str("oc", e.outcome) &&
        f.str("as", e.analysis_status) && f.str("dis", e.disposition) && f.i64("gl", latency))) {
    return bad(f.error());
  }
  const auto t = event_type_from(type);
  if (!t) return bad("unknown call event type \"" + type + "\"");
  const auto st = crm::call_status_from_string(status);
  if (!st) return bad("unknown call status \"" + status + "\"");
  if (e.call_id <= 0 || e.owner_id <= 0) return bad("a call event needs id and ow");
  e.type = *t;
  e.status = *st;
  e.at = std::chrono::system_clock::time_point(std::chrono::milliseconds(at));
  if (o.contains("gl")) e.greeting_latency_ms = latency;
  if (o.contains("m")) {
    const auto* m = f.obj("m");
    if (!m) return bad(f.error());
    Fields mf(*m);
    call::MediaFacts media;
    if (!parse_media(mf, media)) return bad("m." + mf.error());
    e.media = media;
  }
  return e;
}

ApiResult<dialer::CampaignEvent> parse_campaign_event(const json::object& o) {
  dialer::CampaignEvent e;
  Fields f(o);
  if (!(f.str("k", e.kind) && f.i64("id", e.campaign_id) && f.i64("ow", e.owner_id) &&
        f.i64("op", e.owner_parent_id) && f.str("st", e.status) && f.str("wr", e.waiting_reason) &&
        f.i64("ld", e.lead_id) && f.str("ls", e.lead_state) && f.str("oc", e.outcome) &&
        f.i64("cl", e.call_id))) {
    return bad(f.error());
  }
  if (e.kind != "progress" && e.kind != "status" && e.kind != "done") {
    return bad("unknown campaign event kind \"" + e.kind + "\"");
  }
  if (e.campaign_id <= 0 || e.owner_id <= 0) return bad("a campaign event needs id and ow");
  return e;
}

ApiResult<ClusterCommand> parse_command(const json::object& o) {
  ClusterCommand c;
  Fields f(o);
  if (!(f.str("op", c.op) && f.u64("rq", c.request) && f.i64("cl", c.call_id) &&
        f.i64("ow", c.owner_id) && f.str("to", c.to) && f.i64("ld", c.lead_id) &&
        f.i64("cp", c.campaign_id) && f.i64("pf", c.agent_profile_id))) {
    return bad(f.error());
  }
  if (c.op == "hangup" && c.call_id <= 0) return bad("hangup needs cl");
  if (c.op == "place" && (c.owner_id <= 0 || c.to.empty())) return bad("place needs ow and to");
  if (c.op != "hangup" && c.op != "place") return bad("unknown command \"" + c.op + "\"");
  if (o.contains("ag")) {
    const auto* a = f.obj("ag");
    if (!a) return bad(f.error());
    Fields af(*a);
    crm::AgentConfig agent;
    if (!(af.str("sp", agent.system_prompt) && af.str("v", agent.voice) &&
          af.str("l", agent.language) && af.str("g", agent.greeting) &&
          af.str("p", agent.provider))) {
      return bad("ag." + af.error());
    }
    c.agent = std::move(agent);
  }
  return c;
}

ApiResult<ClusterReply> parse_reply(const json::object& o) {
  ClusterReply r;
  Fields f(o);
  std::int64_t status = 0;
  if (!(f.u64("rq", r.request) && f.i64("s", status) && f.str("c", r.code) &&
        f.str("msg", r.message) && f.i64("cl", r.call_id))) {
    return bad(f.error());
  }
  if (status < 100 || status > 599) return bad("s must be an HTTP status");
  r.status = static_cast<int>(status);
  return r;
}

ApiResult<void> parse_body(const std::string& kind, const json::object& b, ClusterMessage& m) {
  if (kind == "call") {
    m.kind = ClusterMessageKind::CallEvent;
    auto r = parse_call_event(b);
    if (!r) return r.error();
    m.call = std::move(*r);
  } else if (kind == "campaign") {
    m.kind = ClusterMessageKind::CampaignEvent;
    auto r = parse_campaign_event(b);
    if (!r) return r.error();
    m.campaign = std::move(*r);
  } else if (kind == "command") {
    m.kind = ClusterMessageKind::Command;
    auto r = parse_command(b);
    if (!r) return r.error();
    m.command = std::move(*r);
  } else if (kind == "reply") {
    m.kind = ClusterMessageKind::Reply;
    auto r = parse_reply(b);
    if (!r) return r.error();
    m.reply = std::move(*r);
  } else {
    return bad("unknown kind \"" + kind + "\"");
  }
  return {};
}

}  // namespace

std::string encode_cluster_message(const ClusterMessage& message) {
  auto text = serialize(message);
  if (text.size() <= kMaxClusterPayload) return text;
  if (message.kind != ClusterMessageKind::CallEvent) return {};
  // Only a transcript line is long by nature: cut it to what fits (JSON escapes may grow it,
  // so cut by the excess, then by half of what is left, a few times at most).
  auto shorter = message;
  for (int i = 0; i < 4 && text.size() > kMaxClusterPayload; ++i) {
    const auto excess = text.size() - kMaxClusterPayload;
    const auto keep = shorter.call.text.size() > excess ? shorter.call.text.size() - excess : 0;
    cut_utf8(shorter.call.text, i == 0 ? keep : keep / 2);
    text = serialize(shorter);
  }
  return text.size() <= kMaxClusterPayload ? text : std::string();
}

ApiResult<ClusterMessage> parse_cluster_message(std::string_view payload) {
  if (payload.size() > kMaxClusterPayload) return bad("longer than the NOTIFY limit");
  boost::system::error_code ec;
  auto v = json::parse(payload, ec);
  if (ec || !v.is_object()) return bad("not a JSON object");
  const auto& o = v.as_object();
  Fields f(o);
  ClusterMessage m;
  std::string kind;
  if (!(f.str("o", m.origin) && f.str("k", kind))) return bad(f.error());
  if (m.origin.empty() || m.origin.size() > kMaxNameBytes) return bad("o must name the node");
  const auto* b = f.obj("b");
  if (!b) return bad(f.error().empty() ? "b is missing" : f.error());
  auto body = parse_body(kind, *b, m);
  if (!body) return body.error();
  return m;
}

}  // namespace va::api
