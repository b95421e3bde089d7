// Config: TOML file + VOICEAGENT_* environment overrides, driven by one table of keys.
#include "core/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <variant>

namespace va::core {
namespace {

struct Key {
  std::string section;  // "" for top-level keys
  std::string name;
  std::function<void(Config&, const std::string&, bool from_env, const toml::node*)> set;
};

std::string env_name(const Key& k) {
  std::string s = "VOICEAGENT_";
  for (char c : k.section.empty() ? k.name : k.section + "_" + k.name) {
    s += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string dotted(const Key& k) {
  return k.section.empty() ? k.name : k.section + "." + k.name;
}

TrunkLine checked_line(TrunkLine line, const std::string& where) {
  if (line.name.empty()) throw ConfigError(where + ": every line needs a name");
  if (line.capacity < 1)
    throw ConfigError(where + ": line '" + line.name + "' capacity must be >= 1");
  if (line.prefix.find_first_not_of("0123456789*#+") != std::string::npos) {
    throw ConfigError(where + ": line '" + line.name + "' prefix must be digits, * # or +");
  }
  return line;
}

// "name:prefix:capacity,name:prefix:capacity"
std::vector<TrunkLine> lines_from_text(const std::string& text, const std::string& where) {
  std::vector<TrunkLine> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const auto item = text.substr(start, end - start);
    start = end + 1;
    const auto a = item.find(':');
    const auto b = a == std::string::npos ? a : item.find(':', a + 1);
    if (b == std::string::npos) throw ConfigError(where + ": expected name:prefix:capacity");
    TrunkLine line{item.substr(0, a), item.substr(a + 1, b - a - 1), 0};
    const auto cap = item.substr(b + 1);
    auto [p, ec] = std::from_chars(cap.data(), cap.data() + cap.size(), line.capacity);
    if (ec != std::errc{} || p != cap.data() + cap.size()) {
      throw ConfigError(where + ": capacity of '" + line.name + "' must be an integer");
    }
    out.push_back(checked_line(std::move(line), where));
  }
  return out;
}

std::vector<TrunkLine> lines_from_toml(const toml::node* node, const std::string& where) {
  const auto* array = node->as_array();
  if (!array) throw ConfigError(where + ": expected [[" + where + "]] tables");
  std::vector<TrunkLine> out;
  for (const auto& item : *array) {
    const auto* t = item.as_table();
    if (!t) throw ConfigError(where + ": expected a table per line");
    TrunkLine line;
    line.name = (*t)["name"].value_or(std::string());
    line.prefix = (*t)["prefix"].value_or(std::string());
    line.capacity = (*t)["capacity"].value_or(std::int64_t{1});
    out.push_back(checked_line(std::move(line), where));
  }
  return out;
}

double price_number(const std::string& text, const std::string& where) {
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size() || !(v >= 0) || v > 1e6) {
    throw ConfigError(where + ": price '" + text + "' must be a number of USD >= 0");
  }
  return v;
}

// "model:input_text:input_audio:output_text:output_audio,..." (USD per million tokens).
std::vector<ModelPrice> prices_from_text(const std::string& text, const std::string& where) {
  std::vector<ModelPrice> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    start = end + 1;
    std::vector<std::string> parts;
    for (std::size_t from = 0;;) {
      const auto colon = item.find(':', from);
      parts.push_back(item.substr(from, colon - from));
      if (colon == std::string::npos) break;
      from = colon + 1;
    }
    if (parts.size() != 5 || parts[0].empty()) {
      throw ConfigError(where + ": expected model:input_text:input_audio:output_text:output_audio");
    }
    out.push_back({parts[0], price_number(parts[1], where), price_number(parts[2], where),
                   price_number(parts[3], where), price_number(parts[4], where)});
  }
  return out;
}

template <class Member>
Key make_key(std::string section, std::string name, Member member) {
  Key key{std::move(section), std::move(name), {}};
  const std::string where = dotted(key);
  key.set = [member, where](Config& c, const std::string& text, bool from_env,
                            const toml::node* node) {
    auto& field = member(c);
    using T = std::remove_reference_t<decltype(field)>;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!from_env) {
        auto v = node->value<std::string>();
        if (!v) throw ConfigError(where + ": expected a string");
        field = *v;
      } else {
        field = text;
      }
    } else if constexpr (std::is_same_v<T, std::vector<ModelPrice>>) {
      if (!from_env) {
        auto v = node->value<std::string>();
        if (!v) throw ConfigError(where + ": expected a string");
        field = prices_from_text(*v, where);
      } else {
        field = prices_from_text(text, where);
      }
    } else if constexpr (std::is_same_v<T, std::vector<TrunkLine>>) {
      field = from_env ? lines_from_text(text, where) : lines_from_toml(node, where);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!from_env) {
        auto v = node->value<bool>();
        if (!v) throw ConfigError(where + ": expected true or false");
        field = *v;
      } else if (text == "true" || text == "1" || text == "yes") {
        field = true;
      } else if (text == "false" || text == "0" || text == "no") {
        field = false;
      } else {
        throw ConfigError(where + ": expected true or false, got '" + text + "'");
      }
    } else {
      if (!from_env) {
        auto v = node->value<std::int64_t>();
        if (!v) throw ConfigError(where + ": expected an integer");
        field = *v;
      } else {
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || end != text.data() + text.size()) {
          throw ConfigError(where + ": expected an integer, got '" + text + "'");
        }
        field = v;
      }
    }
  };
  return key;
}

#define VA_KEY(section, name, expr) \
  make_key(                         \
      section, name, [](Config & c) -> auto& { return expr; })

// The root and [sip] keys, in the order config_keys() lists them.
std::vector<Key> root_and_sip_keys() {
  return {
      VA_KEY("", "data_dir", c.data_dir),
      VA_KEY("", "superadmin_password", c.superadmin_password),
      VA_KEY("", "log_level", c.log_level),
      VA_KEY("", "shards", c.shards),
      VA_KEY("", "node_name", c.node_name),
      VA_KEY("", "node_heartbeat_s", c.node_heartbeat_s),
      VA_KEY("", "node_dead_after_s", c.node_dead_after_s),
      VA_KEY("sip", "listen", c.sip.listen),
      VA_KEY("sip", "public_address", c.sip.public_address),
      VA_KEY("sip", "allow_direct_uri", c.sip.allow_direct_uri),
      VA_KEY("sip", "inbound_acl", c.sip.inbound_acl),
      VA_KEY("sip", "user_agent", c.sip.user_agent),
      VA_KEY("sip", "max_message_bytes", c.sip.max_message_bytes),
      VA_KEY("sip", "dns_servers", c.sip.dns_servers),
      VA_KEY("sip", "t1_ms", c.sip.t1_ms),
      VA_KEY("sip", "tls_listen", c.sip.tls_listen),
      VA_KEY("sip", "tls_cert_file", c.sip.tls_cert_file),
      VA_KEY("sip", "tls_key_file", c.sip.tls_key_file),
      VA_KEY("sip", "tls_ca_file", c.sip.tls_ca_file),
      VA_KEY("sip", "keepalive_s", c.sip.keepalive_s),
      VA_KEY("sip.trunk", "uri", c.sip.trunk.uri),
      VA_KEY("sip.trunk", "username", c.sip.trunk.username),
      VA_KEY("sip.trunk", "password", c.sip.trunk.password),
      VA_KEY("sip.trunk", "realm", c.sip.trunk.realm),
      VA_KEY("sip.trunk", "outbound_proxy", c.sip.trunk.outbound_proxy),
      VA_KEY("sip.trunk", "codecs", c.sip.trunk.codecs),
      VA_KEY("sip.trunk", "register", c.sip.trunk.register_enabled),
      VA_KEY("sip.trunk", "register_expires_s", c.sip.trunk.register_expires_s),
      VA_KEY("sip.trunk", "lines", c.sip.trunk.lines),
  };
}

// The ai, ai.gemini and ai.openai sections (keys() stays under the function size limit).
std::vector<Key> ai_keys() {
  return {
      VA_KEY("ai", "provider", c.ai.provider),
      VA_KEY("ai", "default_key", c.ai.default_key),
      VA_KEY("ai", "simulator", c.ai.simulator),
      VA_KEY("ai", "analysis", c.ai.analysis),
      VA_KEY("ai", "voicemail_action", c.ai.voicemail_action),
      VA_KEY("ai", "voicemail_message", c.ai.voicemail_message),
      VA_KEY("ai", "watchdog_silence_s", c.ai.watchdog_silence_s),
      VA_KEY("ai", "failover", c.ai.failover),
      VA_KEY("ai", "failover_message", c.ai.failover_message),
      VA_KEY("ai", "default_system_prompt", c.ai.default_system_prompt),
      VA_KEY("ai", "default_greeting", c.ai.default_greeting),
      VA_KEY("ai", "prices", c.ai.prices),
      VA_KEY("ai", "tls_ca_file", c.ai.tls_ca_file),
      VA_KEY("ai.gemini", "url", c.ai.gemini.url),
      VA_KEY("ai.gemini", "model", c.ai.gemini.model),
      VA_KEY("ai.gemini", "voice", c.ai.gemini.voice),
      VA_KEY("ai.gemini", "language", c.ai.gemini.language),
      VA_KEY("ai.gemini", "send_language_code", c.ai.gemini.send_language_code),
      VA_KEY("ai.gemini", "tts_url", c.ai.gemini.tts_url),
      VA_KEY("ai.gemini", "tts_model", c.ai.gemini.tts_model),
      VA_KEY("ai.gemini", "rest_url", c.ai.gemini.rest_url),
      VA_KEY("ai.gemini", "analysis_model", c.ai.gemini.analysis_model),
      VA_KEY("ai.openai", "url", c.ai.openai.url),
      VA_KEY("ai.openai", "model", c.ai.openai.model),
      VA_KEY("ai.openai", "voice", c.ai.openai.voice),
  };
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = [] {
    std::vector<Key> t = root_and_sip_keys();
    t.insert(t.end(), {
                          VA_KEY("rtp", "port_min", c.rtp.port_min),
                          VA_KEY("rtp", "port_max", c.rtp.port_max),
                          VA_KEY("rtp", "port_rest_s", c.rtp.port_rest_s),
                          VA_KEY("rtp", "learning_packets", c.rtp.learning_packets),
                          VA_KEY("rtp", "learning_window_ms", c.rtp.learning_window_ms),
                          VA_KEY("rtp", "inactivity_timeout_s", c.rtp.inactivity_timeout_s),
                          VA_KEY("rtp", "rtcp_mux", c.rtp.rtcp_mux),
                          VA_KEY("rtp", "send_silence", c.rtp.send_silence),
                          VA_KEY("rtp", "codecs", c.rtp.codecs),
                          VA_KEY("rtp", "srtp", c.rtp.srtp),
                          VA_KEY("db", "url", c.db.url),
                          VA_KEY("http", "listen", c.http.listen),
                          VA_KEY("http", "web_root", c.http.web_root),
                          VA_KEY("http", "secure_cookie", c.http.secure_cookie),
                          VA_KEY("recordings", "enabled", c.recordings.enabled),
                          VA_KEY("recordings", "dir", c.recordings.dir),
                          VA_KEY("limits", "max_calls", c.limits.max_calls),
                          VA_KEY("limits", "max_call_duration_s", c.limits.max_call_duration_s),
                          VA_KEY("limits", "dial_timeout_s", c.limits.dial_timeout_s),
                          VA_KEY("limits", "work_threads", c.limits.work_threads),
                          VA_KEY("limits", "work_per_user", c.limits.work_per_user),
                          VA_KEY("limits", "work_queue", c.limits.work_queue),
                          VA_KEY("webhooks", "workers", c.webhooks.workers),
                          VA_KEY("webhooks", "timeout_s", c.webhooks.timeout_s),
                          VA_KEY("webhooks", "first_retry_s", c.webhooks.first_retry_s),
                          VA_KEY("webhooks", "max_retry_s", c.webhooks.max_retry_s),
                          VA_KEY("webhooks", "give_up_after_s", c.webhooks.give_up_after_s),
                          VA_KEY("transfer", "allow", c.transfer.allow),
                      });
    auto ai = ai_keys();
    t.insert(t.end(), ai.begin(), ai.end());
    return t;
  }();
  return table;
}
#undef VA_KEY

const Key* find_key(const std::string& section, const std::string& name) {
  for (const auto& k : keys()) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

bool is_section(const std::string& s) {
  return std::any_of(keys().begin(), keys().end(),
                     [&](const Key& k) { return !k.section.empty() && k.section == s; });
}

// Walks a TOML table; nested tables extend the section name ("sip" + "trunk" -> "sip.trunk").
void apply_table(Config& c, const toml::table& table, const std::string& section) {
  for (const auto& [name_view, node] : table) {
    const std::string name(name_view.str());
    const std::string sub = section.empty() ? name : section + "." + name;
    if (node.is_table() && is_section(sub)) {
      apply_table(c, *node.as_table(), sub);
      continue;
    }
    const Key* k = find_key(section, name);
    if (!k) throw ConfigError("unknown config key '" + sub + "'");
    k->set(c, {}, false, &node);
  }
}

void validate(const Config& c) {
  if (c.rtp.port_min < 1024 || c.rtp.port_max > 65534 || c.rtp.port_min >= c.rtp.port_max) {
    throw ConfigError("rtp.port_min/port_max must be a range within 1024-65534");
  }
  if (c.rtp.learning_packets < 1) throw ConfigError("rtp.learning_packets must be at least 1");
  if (c.rtp.srtp != "off" && c.rtp.srtp != "offer" && c.rtp.srtp != "require")
    throw ConfigError("rtp.srtp must be off, offer or require (got '" + c.rtp.srtp + "')");
  // T1 paces every UDP resend and timeout (64*T1): below 10 ms a LAN peer looks dead.
  if (c.sip.t1_ms < 10 || c.sip.t1_ms > 10000) throw ConfigError("sip.t1_ms must be 10-10000");
  if (!c.sip.tls_listen.empty() && c.sip.tls_cert_file.empty())
    throw ConfigError("sip.tls_cert_file must be set when sip.tls_listen is");
  if (!c.sip.tls_listen.empty() && c.sip.tls_key_file.empty())
    throw ConfigError("sip.tls_key_file must be set when sip.tls_listen is");
  if (c.sip.keepalive_s < 0) throw ConfigError("sip.keepalive_s must be 0 (off) or more");
  if (c.shards < 0) throw ConfigError("shards must be 0 (one per core) or more");
  if (c.node_name.empty()) throw ConfigError("node_name must not be empty");
  if (c.node_heartbeat_s < 1) throw ConfigError("node_heartbeat_s must be 1 or more");
  // Two missed beats at least: a node is not declared dead between two of its beats.
  if (c.node_dead_after_s < 2 * c.node_heartbeat_s)
    throw ConfigError("node_dead_after_s must be at least twice node_heartbeat_s");
  if (c.limits.work_threads < 1 || c.limits.work_threads > 64)
    throw ConfigError("limits.work_threads must be 1..64");
  if (c.limits.work_per_user < 1) throw ConfigError("limits.work_per_user must be 1 or more");
  if (c.limits.work_queue < 1) throw ConfigError("limits.work_queue must be 1 or more");
  if (c.webhooks.workers < 1 || c.webhooks.workers > 32)
    throw ConfigError("webhooks.workers must be 1..32");
  if (c.webhooks.timeout_s < 1) throw ConfigError("webhooks.timeout_s must be 1 or more");
  if (c.webhooks.first_retry_s < 1 || c.webhooks.first_retry_s > 60)
    throw ConfigError("webhooks.first_retry_s must be 1..60");
  if (c.webhooks.max_retry_s < c.webhooks.first_retry_s)
    throw ConfigError("webhooks.max_retry_s must be at least webhooks.first_retry_s");
  if (c.webhooks.give_up_after_s < c.webhooks.first_retry_s)
    throw ConfigError("webhooks.give_up_after_s must be at least webhooks.first_retry_s");
}

Config finish(Config c, const EnvLookup& env) {
  for (const auto& k : keys()) {
    if (auto v = env(env_name(k))) k.set(c, *v, true, nullptr);
  }
  validate(c);
  return c;
}

}  // namespace

std::string Config::database_url() const {
  return db.url.empty() ? "sqlite:" + data_dir + "/voiceagent.db" : db.url;
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

Config load_config_from_string(const std::string& toml_text, const EnvLookup& env) {
  Config c;
  try {
    apply_table(c, toml::parse(toml_text), "");
  } catch (const toml::parse_error& e) {
    throw ConfigError(std::string("config: ") + std::string(e.description()) + " at line " +
                      std::to_string(e.source().begin.line));
  }
  return finish(std::move(c), env);
}

Config load_config(const std::string& path, const EnvLookup& env) {
  if (path.empty()) return finish(Config{}, env);
  Config c;
  try {
    apply_table(c, toml::parse_file(path), "");
  } catch (const toml::parse_error& e) {
    throw ConfigError(path + ": " + std::string(e.description()) + " at line " +
                      std::to_string(e.source().begin.line));
  }
  return finish(std::move(c), env);
}

std::vector<std::pair<std::string, std::string>> config_keys() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& k : keys())
    out.emplace_back(dotted(k), env_name(k));
  return out;
}

}  // namespace va::core
