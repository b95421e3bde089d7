// Webhook bodies: validated field by field before anything is stored.
#include "api/webhook_body.h"

#include <openssl/rand.h>

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "api/json_body.h"
#include "api/webhook_dispatcher.h"
#include "api/webhook_url.h"

namespace va::api {
namespace {

constexpr std::size_t kMinSecret = 16;
constexpr std::size_t kMaxSecret = 256;

ApiError bad_field(const char* field, const std::string& why) {
  return bad_request("invalid_field", std::string("field '") + field + "' " + why);
}

ApiResult<std::vector<std::string>> parse_events(const boost::json::value& v) {
  const auto& known = webhook_event_names();
  std::string names;
  for (const auto& n : known)
    names += (names.empty() ? "" : ", ") + n;
  if (!v.is_array() || v.get_array().empty()) {
    return bad_field("events", "must be a non-empty array of event names (" + names + ")");
  }
  std::vector<std::string> out;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) return bad_field("events", "must hold only strings");
    std::string name(item.get_string());
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return bad_field("events",
                       "has an unknown event '" + name.substr(0, 64) + "' (known: " + names + ")");
    }
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      return bad_field("events", "names '" + name + "' twice");
    }
    out.push_back(std::move(name));
  }
  return out;
}

ApiResult<void> check_secret(const std::string& s) {
  if (s.size() < kMinSecret || s.size() > kMaxSecret) {
    return bad_field("secret", "must be 16 to 256 characters");
  }
  for (unsigned char ch : s) {
    if (ch < 0x21 || ch > 0x7e)
      return bad_field("secret", "must be printable ASCII without spaces");
  }
  return {};
}

}  // namespace

ApiResult<crm::Webhook> parse_webhook(std::string_view body, crm::Webhook w, bool create) {
  auto o = parse_object(body);
  if (!o) return o.error();
  for (const auto& kv : *o) {
    const std::string_view k = kv.key();
    if (k != "url" && k != "secret" && k != "events" && k != "description" && k != "active") {
      return bad_request("unknown_field",
                         "field '" + std::string(k.substr(0, 64)) + "' is not a webhook field");
    }
  }
  auto url = opt_string(*o, "url", 4096);
  if (!url) return url.error();
  if (*url) {
    if (auto parsed = parse_webhook_url(**url); !parsed) return parsed.error();
    w.url = **url;
  } else if (create) {
    return bad_request("missing_field", "field 'url' is required");
  }
  if (const auto* ev = o->if_contains("events"); ev && !ev->is_null()) {
    auto events = parse_events(*ev);
    if (!events) return events.error();
    w.events = std::move(*events);
  } else if (create) {
    return bad_request("missing_field", "field 'events' is required");
  }
  auto secret = opt_string(*o, "secret", kMaxSecret + 1);
  if (!secret) return secret.error();
  if (*secret) {
    if (auto ok = check_secret(**secret); !ok) return ok.error();
    w.secret = **secret;
  } else if (create) {
    w.secret = generate_webhook_secret();
  }
  auto description = opt_string(*o, "description", 200);
  if (!description) return description.error();
  if (*description) w.description = **description;
  auto active = opt_bool(*o, "active");
  if (!active) return active.error();
  if (*active) w.active = **active;
  return w;
}

std::string generate_webhook_secret() {
  unsigned char raw[24];
  if (RAND_bytes(raw, sizeof raw) != 1) throw std::runtime_error("RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "whsec_";
  for (unsigned char b : raw) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

boost::json::value webhook_view(const crm::Webhook& w, bool with_secret) {
  boost::json::array events;
  for (const auto& e : w.events)
    events.push_back(boost::json::string(e));
  boost::json::object o{
      {"id", w.id},
      {"owner_id", w.owner_id},
      {"url", w.url},
      {"events", std::move(events)},
      {"active", w.active},
      {"description", w.description},
      {"secret_hint", w.secret.size() > 4 ? "..." + w.secret.substr(w.secret.size() - 4) : "..."},
      {"created_at", w.created_at},
      {"updated_at", w.updated_at}};
  if (with_secret) o["secret"] = w.secret;
  return o;
}

boost::json::value webhook_attempt_view(const crm::WebhookAttempt& a) {
  auto id_or_null = [](crm::Id id) {
    return id == 0 ? boost::json::value(nullptr) : boost::json::value(id);
  };
  return boost::json::object{
      {"id", a.id},
      {"delivery_id", a.delivery_id},
      {"event", a.event},
      {"call_id", id_or_null(a.call_id)},
      {"campaign_id", id_or_null(a.campaign_id)},
      {"attempt", a.attempt},
      {"status_code",
       a.status_code == 0 ? boost::json::value(nullptr) : boost::json::value(a.status_code)},
      {"error", a.error.empty() ? boost::json::value(nullptr) : boost::json::value(a.error)},
      {"at", a.at},
      {"duration_ms", a.duration_ms},
      {"delivery_status", a.delivery_status},
      {"next_attempt_at", a.delivery_status == "pending" ? boost::json::value(a.next_attempt_at)
                                                         : boost::json::value(nullptr)}};
}

}  // namespace va::api
