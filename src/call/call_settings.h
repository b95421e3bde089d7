// CallSettings: the parts of the config the call layer uses, checked once at start so a bad
// value stops the server with one clear line instead of failing each call.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "call/call_srtp.h"
#include "call/inbound_acl.h"
#include "core/config.h"
#include "core/result.h"
#include "rtp/rtp_session.h"
#include "sip/sdp/codec.h"
#include "sip/uri.h"

namespace va::call {

// The effective inbound ACL: sip.inbound_acl, or when it is empty and a trunk is set, the
// trunk's addresses (and the outbound proxy's, which may relay the trunk's INVITEs): a host name
// is located by RFC 3263 once, at start (blocking, before any shard runs). ConfigError for a
// trunk that is not a sip: URI, or, without an explicit ACL, a name that does not resolve.
std::string inbound_acl_text(const core::SipConfig& sip);

struct CallSettings {
  std::string sip_listen;      // sip.listen
  std::string public_address;  // sip.public_address ("" = derive)
  std::string trunk_uri;       // sip.trunk.uri ("" = none)
  std::string trunk_username;
  std::string trunk_password;
  std::optional<sip::Uri> outbound_proxy;  // sip.trunk.outbound_proxy (;lr), checked at start
  bool allow_direct_uri = false;
  InboundAcl inbound_acl;
  // transfer.allow as prefixes (transfer_targets.h rule 2); empty = only per-user/campaign.
  std::vector<std::string> transfer_allow;
  std::vector<sdp::Codec> codecs;  // preference order, without telephone-event
  // sip.trunk.codecs (a subset of codecs, its own order; "" = codecs): the list offered to the
  // trunk (calls dialled as numbers) and accepted from it (INVITEs from its or the proxy's host).
  std::vector<sdp::Codec> trunk_codecs;
  // sip.trunk.codecs was set: answering the trunk, its order wins over the offer's.
  bool trunk_codec_order = false;
  // Where a trunk or proxy given by host name was located at start (only with
  // sip.trunk.codecs): INVITEs from these addresses are the trunk's too.
  std::vector<std::string> trunk_addresses;
  bool rtcp_mux = false;
  SrtpMode srtp = SrtpMode::Off;  // rtp.srtp (call_srtp.h)
  rtp::RtpSessionConfig rtp;      // learning, inactivity; payload and SSRC set per call
  std::chrono::seconds max_duration{3600};
  std::chrono::seconds dial_timeout{60};
  std::int64_t max_calls = 1000;
  std::string node_name = "node1";  // node_name: written into every call record
  // AI
  std::string ai_url;          // ai.gemini.url
  std::string ai_tls_ca_file;  // ai.tls_ca_file: extra trust anchors for wss:// and https://
  std::string ai_model;
  std::vector<core::ModelPrice> prices;  // ai.prices: a call's estimated cost
  std::string ai_voice;
  std::string ai_language;
  bool ai_send_language_code = false;  // ai.gemini.send_language_code
  std::string default_key;
  std::string provider = "gemini";  // ai.provider: a call's provider unless its agent names one
  std::string openai_url;           // ai.openai.url (without a query)
  std::string openai_model;
  std::string openai_voice;
  // Provider failover (call/provider_failover.h): ai.failover, and what the caller hears while
  // the call switches (ai.failover_message).
  bool failover = true;
  std::string failover_message = "One moment, please.";
  std::string tts_url;  // "" = greetings by espeak-ng only
  std::string tts_model;
  bool simulator_fallback = true;  // ai.simulator = auto
  // Post-call analysis (call/analysis_queue.h): ai.gemini.rest_url (or the Live URL's host),
  // the model, and whether every answered call is analysed when it ends (ai.analysis).
  std::string analysis_url;
  std::string analysis_model;
  bool auto_analysis = true;
  // ai.voicemail_action (outbound AMD): off | hangup | message; a campaign may say otherwise
  // (CallPlan::voicemail_action). ai.voicemail_message: what "message" leaves ("" = none).
  std::string voicemail_action = "off";
  std::string voicemail_message;
  std::chrono::seconds watchdog_silence{8};  // ai.watchdog_silence_s; 0 = no audio watchdog
  std::string default_system_prompt;
  std::string default_greeting;
  // Recordings
  bool record = true;
  std::string recordings_dir;

  // Whether a call with `peer` (an INVITE's source address, or an outbound call's Request-URI
  // host) is a call with the trunk: the trunk's or the outbound proxy's host, or an address
  // in trunk_addresses.
  bool is_trunk_peer(const std::string& peer) const;
  // trunk_codecs for the trunk, else codecs.
  const std::vector<sdp::Codec>& codecs_for_peer(const std::string& peer) const {
    return is_trunk_peer(peer) ? trunk_codecs : codecs;
  }

  // Throws core::ConfigError naming the bad key.
  static CallSettings from(const core::Config& config);
};

// The Gemini TTS REST base for a Live WebSocket URL: wss://host/... -> https://host/v1beta,
// ws://127.0.0.1:P/... (the simulator) -> http://127.0.0.1:P/v1beta; "" if it is neither.
std::string tts_url_for(const std::string& live_url);
// The Gemini REST origin for a Live WebSocket URL: wss://host/... -> https://host,
// ws://127.0.0.1:P/... -> http://127.0.0.1:P; "" if it is neither.
std::string rest_origin_for(const std::string& live_url);

}  // namespace va::call
