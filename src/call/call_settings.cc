// CallSettings: validation of the call-related keys happens here, once.
#include "call/call_settings.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <fstream>

#include "call/codec_preference.h"
#include "call/transfer_targets.h"
#include "call/voicemail_action.h"
#include "rtp/config.h"
#include "sip/dns/locate_blocking.h"
#include "sip/request_builder.h"
#include "sip/uri.h"

namespace va::call {

namespace {

// The addresses of a trunk or proxy URI, each once: an address or "localhost" as it is, a
// host name located by RFC 3263 (once at start, on this thread, not a shard).
core::Result<std::vector<std::string>> located_hosts(const sip::Uri& uri,
                                                     const std::string& dns_servers,
                                                     std::chrono::seconds timeout) {
  const std::string host = uri.host == "localhost" ? "127.0.0.1" : uri.host;
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  if (!ec) return std::vector<std::string>{host};
  auto targets = sip::locate_blocking(uri, dns_servers, timeout);
  if (!targets) return targets.error();
  std::vector<std::string> out;
  for (const auto& t : *targets) {
    const std::string a = t.address.to_string();
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  return out;
}

// The default inbound ACL admits every NAPTR/SRV/A target the trunk may send from; a name that
// does not resolve is refused here rather than leaving the ACL open.
std::string uri_addresses(const sip::Uri& uri, const core::SipConfig& sip, const char* key) {
  auto hosts = located_hosts(uri, sip.dns_servers, std::chrono::seconds(10));
  if (!hosts) {
    throw core::ConfigError(std::string(key) + ": host '" + uri.host + "' does not resolve (" +
                            hosts.error().message() +
                            "); fix DNS (sip.dns_servers) or set sip.inbound_acl");
  }
  std::string out;
  for (const auto& a : *hosts)
    out += (out.empty() ? "" : ",") + a;
  return out;
}

std::string trunk_address(const core::SipConfig& sip) {
  auto trunk = sip::parse_uri(sip.trunk.uri);
  if (!trunk || !trunk->is_sip() || trunk->host.empty()) {
    throw core::ConfigError("sip.trunk.uri: '" + sip.trunk.uri + "' is not a sip: URI");
  }
  return uri_addresses(*trunk, sip, "sip.trunk.uri");
}

// Where the trunk and proxy were located, for is_trunk_peer. A default inbound ACL is exactly
// that list, already located; else a best-effort lookup: a name that does not resolve only
// loses the address match (the start is not refused for it).
std::vector<std::string> trunk_peer_addresses(const core::SipConfig& sip,
                                              const std::optional<sip::Uri>& proxy,
                                              const std::string& acl_text) {
  std::vector<std::string> out;
  if (sip.inbound_acl.empty()) {
    for (std::size_t start = 0; start < acl_text.size();) {
      const auto comma = std::min(acl_text.find(',', start), acl_text.size());
      out.push_back(acl_text.substr(start, comma - start));
      start = comma + 1;
    }
    return out;
  }
  std::vector<sip::Uri> uris;
  if (auto trunk = sip::parse_uri(sip.trunk.uri); trunk) uris.push_back(*trunk);
  if (proxy) uris.push_back(*proxy);
  for (const auto& uri : uris) {
    auto hosts = located_hosts(uri, sip.dns_servers, std::chrono::seconds(5));
    if (!hosts) {
      spdlog::warn("sip.trunk.codecs: '{}' did not resolve ({}); calls from it get rtp.codecs",
                   uri.host, hosts.error().message());
      continue;
    }
    out.insert(out.end(), hosts->begin(), hosts->end());
  }
  return out;
}

std::vector<std::string> transfer_allow_from(const std::string& text) {
  std::string bad;
  auto allow = parse_transfer_allow(text, &bad);
  if (!allow) {
    throw core::ConfigError("transfer.allow: '" + bad +
                            "' is neither a number prefix nor a sip: URI prefix");
  }
  return std::move(*allow);
}

}  // namespace

std::string inbound_acl_text(const core::SipConfig& sip) {
  if (sip.trunk.uri.empty()) return sip.inbound_acl;
  if (!sip.inbound_acl.empty()) {
    if (auto trunk = sip::parse_uri(sip.trunk.uri);
        !trunk || !trunk->is_sip() || trunk->host.empty()) {
      throw core::ConfigError("sip.trunk.uri: '" + sip.trunk.uri + "' is not a sip: URI");
    }
    return sip.inbound_acl;
  }
  // Unset with a trunk: only the trunk may call in (a PBX or gateway is the one peer we have;
  // anyone else reaching a routed number would talk on its owner's key).
  const std::string trunk = trunk_address(sip);
  auto proxy = sip::parse_outbound_proxy(sip.trunk.outbound_proxy);
  if (proxy && *proxy) {
    const std::string host = uri_addresses(**proxy, sip, "sip.trunk.outbound_proxy");
    if (host != trunk) return trunk + "," + host;
  }
  return trunk;
}

namespace {

// Issue 15's guards in the call: answering-machine detection and the audio watchdog.
void read_in_call_guards(const core::AiConfig& ai, CallSettings& s) {
  if (!valid_voicemail_action(ai.voicemail_action) || ai.voicemail_action.empty()) {
    throw core::ConfigError("ai.voicemail_action must be \"off\", \"hangup\" or \"message\"");
  }
  s.voicemail_action = ai.voicemail_action;
  if (ai.voicemail_message.size() > kMaxVoicemailMessage) {
    throw core::ConfigError("ai.voicemail_message must be at most " +
                            std::to_string(kMaxVoicemailMessage) + " characters");
  }
  s.voicemail_message = ai.voicemail_message;
  if (ai.watchdog_silence_s < 0 || ai.watchdog_silence_s > 600) {
    throw core::ConfigError("ai.watchdog_silence_s must be 0 (off) to 600");
  }
  s.watchdog_silence = std::chrono::seconds(ai.watchdog_silence_s);
}

// The AI provider a call uses unless it names one, and OpenAI's side (issue 16).
void read_providers(const core::AiConfig& ai, CallSettings& s) {
  if (ai.provider != "gemini" && ai.provider != "openai") {
    throw core::ConfigError("ai.provider must be \"gemini\" or \"openai\"");
  }
  s.provider = ai.provider;
  s.failover = ai.failover;
  if (ai.failover && ai.failover_message.empty()) {
    throw core::ConfigError("ai.failover_message must not be empty while ai.failover is on");
  }
  s.failover_message = ai.failover_message;
  if (ai.openai.url.find('?') != std::string::npos) {
    throw core::ConfigError("ai.openai.url must not carry a query (the model is added as ?model=)");
  }
  s.openai_url = ai.openai.url;
  s.openai_model = ai.openai.model;
  s.openai_voice = ai.openai.voice;
}

// The post-call analysis (issue 14): Gemini's REST origin, its model, auto or off.
void read_analysis(const core::AiConfig& ai, CallSettings& s) {
  s.analysis_url = ai.gemini.rest_url.empty() ? rest_origin_for(ai.gemini.url) : ai.gemini.rest_url;
  if (!s.analysis_url.empty()) {
    const auto scheme = s.analysis_url.find("://");
    const std::string name = s.analysis_url.substr(0, scheme == std::string::npos ? 0 : scheme);
    if (name != "http" && name != "https") {
      throw core::ConfigError("ai.gemini.rest_url must start with http:// or https://");
    }
    if (s.analysis_url.find('/', scheme + 3) != std::string::npos) {
      throw core::ConfigError(
          "ai.gemini.rest_url must be http(s)://host:port without a path, not '" + s.analysis_url +
          "'");
    }
  }
  s.analysis_model = ai.gemini.analysis_model;
  if (ai.analysis != "auto" && ai.analysis != "off") {
    throw core::ConfigError("ai.analysis must be \"auto\" or \"off\"");
  }
  s.auto_analysis = ai.analysis == "auto";
}

}  // namespace

CallSettings CallSettings::from(const core::Config& config) {
  CallSettings s;
  s.sip_listen = config.sip.listen;
  s.public_address = config.sip.public_address;
  s.trunk_uri = config.sip.trunk.uri;
  s.trunk_username = config.sip.trunk.username;
  s.trunk_password = config.sip.trunk.password;
  auto proxy = sip::parse_outbound_proxy(config.sip.trunk.outbound_proxy);
  if (!proxy) {
    throw core::ConfigError("sip.trunk.outbound_proxy: '" + config.sip.trunk.outbound_proxy +
                            "': " + proxy.error().message() + " (give host:port or a sip: URI)");
  }
  s.outbound_proxy = *proxy;
  s.allow_direct_uri = config.sip.allow_direct_uri;
  std::string bad;
  const std::string acl_text = inbound_acl_text(config.sip);
  auto acl = InboundAcl::parse(acl_text, &bad);
  if (!acl) throw core::ConfigError("sip.inbound_acl: '" + bad + "' is not an address or CIDR");
  s.inbound_acl = *acl;
  s.transfer_allow = transfer_allow_from(config.transfer.allow);
  auto codecs = parse_codec_preference(config.rtp.codecs, &bad);
  if (!codecs) {
    throw core::ConfigError("rtp.codecs: '" + bad + "' is not one of PCMU, PCMA, G722, G729, OPUS");
  }
  s.codecs = *codecs;
  auto trunk_codecs = parse_trunk_codecs(config.sip.trunk.codecs, s.codecs, &bad);
  if (!trunk_codecs) {
    throw core::ConfigError("sip.trunk.codecs: '" + bad + "' is not a codec of rtp.codecs (" +
                            config.rtp.codecs + ")");
  }
  s.trunk_codecs = *trunk_codecs;
  s.trunk_codec_order = !config.sip.trunk.codecs.empty();
  if (s.trunk_codec_order)
    s.trunk_addresses = trunk_peer_addresses(config.sip, s.outbound_proxy, acl_text);
  s.rtcp_mux = config.rtp.rtcp_mux;
  // core's check already refused anything else; off is the safe reading regardless.
  s.srtp = parse_srtp_mode(config.rtp.srtp).value_or(SrtpMode::Off);
  s.rtp = rtp::session_config(config.rtp);
  if (config.limits.max_call_duration_s <= 0) {
    throw core::ConfigError("limits.max_call_duration_s must be positive");
  }
  if (config.limits.dial_timeout_s <= 0) {
    throw core::ConfigError("limits.dial_timeout_s must be positive");
  }
  s.max_duration = std::chrono::seconds(config.limits.max_call_duration_s);
  s.dial_timeout = std::chrono::seconds(config.limits.dial_timeout_s);
  s.max_calls = config.limits.max_calls;
  s.node_name = config.node_name;
  s.ai_url = config.ai.gemini.url;
  s.ai_tls_ca_file = config.ai.tls_ca_file;
  if (!s.ai_tls_ca_file.empty() && !std::ifstream(s.ai_tls_ca_file)) {
    throw core::ConfigError("ai.tls_ca_file: cannot read " + s.ai_tls_ca_file);
  }
  s.ai_model = config.ai.gemini.model;
  s.prices = config.ai.prices;
  s.ai_voice = config.ai.gemini.voice;
  s.ai_language = config.ai.gemini.language;
  s.ai_send_language_code = config.ai.gemini.send_language_code;
  s.default_key = config.ai.default_key;
  read_providers(config.ai, s);
  s.tts_url = config.ai.gemini.tts_url == "off"  ? std::string()
              : config.ai.gemini.tts_url.empty() ? tts_url_for(config.ai.gemini.url)
                                                 : config.ai.gemini.tts_url;
  s.tts_model = config.ai.gemini.tts_model;
  if (config.ai.simulator != "auto" && config.ai.simulator != "off") {
    throw core::ConfigError("ai.simulator must be \"auto\" or \"off\"");
  }
  s.simulator_fallback = config.ai.simulator == "auto";
  read_analysis(config.ai, s);
  read_in_call_guards(config.ai, s);
  s.default_system_prompt = config.ai.default_system_prompt;
  s.default_greeting = config.ai.default_greeting;
  s.record = config.recordings.enabled;
  s.recordings_dir = config.recordings.dir.empty()
                         ? (std::filesystem::path(config.data_dir) / "recordings").string()
                         : config.recordings.dir;
  return s;
}

std::string tts_url_for(const std::string& live_url) {
  std::string scheme;
  std::string rest;
  if (live_url.starts_with("wss://")) {
    scheme = "https://";
    rest = live_url.substr(6);
  } else if (live_url.starts_with("ws://")) {
    scheme = "http://";
    rest = live_url.substr(5);
  } else {
    return {};
  }
  const auto slash = rest.find('/');
  return scheme + rest.substr(0, slash) + "/v1beta";
}

std::string rest_origin_for(const std::string& live_url) {
  const std::string base = tts_url_for(live_url);
  return base.empty() ? base : base.substr(0, base.size() - 7);  // without "/v1beta"
}

namespace {

// A host as an INVITE's source address prints it: "localhost" is the loopback, brackets of an
// IPv6 reference dropped.
std::string peer_host(std::string host) {
  if (host == "localhost") return "127.0.0.1";
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

bool CallSettings::is_trunk_peer(const std::string& peer) const {
  const std::string host = peer_host(peer);
  if (host.empty()) return false;
  auto trunk = sip::parse_uri(trunk_uri);
  if (trunk && peer_host(trunk->host) == host) return true;
  if (std::find(trunk_addresses.begin(), trunk_addresses.end(), host) != trunk_addresses.end())
    return true;
  return outbound_proxy && peer_host(outbound_proxy->host) == host;
}

}  // namespace va::call
