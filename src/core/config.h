// Config: one TOML file plus VOICEAGENT_<SECTION>_<KEY> environment overrides (DESIGN.md).
// Defaults run with no file at all. Loading throws ConfigError with one clear line.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace va::core {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A line of the trunk: a GSM gateway's SIM port or a PBX route, reached by a dial prefix, that
// carries at most `capacity` calls at once (`[[sip.trunk.lines]]`; env
// VOICEAGENT_SIP_TRUNK_LINES="name:prefix:capacity,...").
struct TrunkLine {
  std::string name;
  std::string prefix;  // put before the dialled number ("" = none)
  std::int64_t capacity = 1;
};

// An AI model's estimated price in USD per million tokens, by direction and modality
// (ai.prices; env VOICEAGENT_AI_PRICES): "model:input_text:input_audio:output_text:output_audio,
// ...". `model` matches the start of the call's model name (without "models/"); the longest
// match wins; "*" matches any model.
struct ModelPrice {
  std::string model;
  double input_text = 0;
  double input_audio = 0;
  double output_text = 0;
  double output_audio = 0;
};

struct SipTrunkConfig {
  std::string uri;       // e.g. sip:gateway.example.com:5060; empty = no trunk
  std::string username;  // digest user, also the From/To user of REGISTER
  std::string password;
  std::string realm;  // optional: only answer challenges from this realm
  // Optional "host:port" or sip: URI every out-of-dialog request (REGISTER, INVITE) is sent
  // through as a loose route (RFC 3261 8.1.2), the Request-URI staying the trunk's.
  std::string outbound_proxy;
  // The trunk's codec preference, e.g. "G729,PCMA": offered in this order and preferred when
  // answering its offers; "" = rtp.codecs. Only codecs in rtp.codecs are used.
  std::string codecs;
  bool register_enabled = true;
  std::int64_t register_expires_s = 300;
  std::vector<TrunkLine> lines;  // empty: one line without prefix or capacity limit
};

struct SipConfig {
  std::string listen = "0.0.0.0:5060";  // UDP and TCP
  std::string public_address;           // address put in Via/Contact/SDP; empty = listen host
  bool allow_direct_uri = false;        // lets POST /api/calls take a sip: URI
  // Who may send us INVITEs: comma-separated addresses or CIDR blocks. Empty = the trunk's
  // host when a trunk is set, else anyone (logged as a warning at start).
  std::string inbound_acl;
  std::string user_agent = "voiceagent";
  std::int64_t max_message_bytes = 65535;
  // DNS servers for RFC 3263 lookups of host names in SIP URIs (NAPTR, SRV, A/AAAA):
  // comma-separated "ip" or "ip:port"; "" = the system's (/etc/resolv.conf).
  std::string dns_servers;
  // RFC 3261 T1, the round-trip estimate that paces UDP retransmissions and timeouts (timer B =
  // 64*T1, after which a request fails over to the next DNS target).
  std::int64_t t1_ms = 500;
  // SIP over TLS (RFC 3261 26.2, issue 17): "host:port" of the TLS listener ("" = none; the
  // usual port is 5061), its certificate chain and key (PEM). The trunk is reached over TLS
  // when its URI is sips: or carries ;transport=tls.
  std::string tls_listen;
  std::string tls_cert_file;
  std::string tls_key_file;
  // Trust anchors (PEM) for the peers' certificates; "" = the system's store. The chain and
  // the host name of the URI are always verified.
  std::string tls_ca_file;
  // CRLF keep-alive (RFC 5626 3.5.1) on idle TCP/TLS connections we opened; 0 = off.
  std::int64_t keepalive_s = 30;
  SipTrunkConfig trunk;
};

struct RtpConfig {
  std::int64_t port_min = 10000;
  std::int64_t port_max = 20000;
  std::int64_t port_rest_s = 30;           // a released port rests before reuse
  std::int64_t learning_packets = 4;       // consecutive in-sequence packets to accept a source
  std::int64_t learning_window_ms = 5000;  // after start or renegotiation
  std::int64_t inactivity_timeout_s = 30;
  bool rtcp_mux = false;
  bool send_silence = true;  // continuous RTP while the AI is quiet (off = silence suppression)
  std::string codecs = "PCMU,PCMA,G722";  // offered/accepted, in preference order
  // SRTP with SDES keys (RFC 3711, RFC 4568, issue 17): "off", "offer" (RTP/SAVP offered,
  // plain RTP accepted) or "require" (a call without SRTP is refused).
  std::string srtp = "off";
};

struct GeminiConfig {
  std::string url =
      "wss://generativelanguage.googleapis.com/ws/"
      "google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
  std::string model = "models/gemini-3.8-live";
  std::string voice = "Puck";
  std::string language = "en-US";
  // Also send `language` as the Live setup's speechConfig.languageCode. Off: the native-audio
  // models choose the language themselves and may refuse the field.
  bool send_language_code = false;
  // Gemini TTS for greetings (REST generateContent). "" = derived from url: the same host
  // (https for wss, http for a ws:// simulator on loopback); "off" = espeak-ng only.
  std::string tts_url;
  std::string tts_model = "gemini-3.8-flash-tts";
  // Gemini REST (generateContent) for post-call analysis: http(s)://host:port without a path;
  // "" = the Live URL's host (https for wss, http for a ws:// simulator on loopback).
  std::string rest_url;
  std::string analysis_model = "gemini-2.5-flash";  // a current Flash model
};

// OpenAI Realtime (ai-live-protocols.md C): the URL without a query (the client adds ?model=).
struct OpenAiConfig {
  std::string url = "wss://api.openai.com/v1/realtime";
  std::string model = "gpt-realtime";
  std::string voice = "marin";
};

struct AiConfig {
  std::string provider = "gemini";  // a call's provider unless its agent names one

  std::string default_key;  // used only where configured and the owner has no key
  // "auto": a call whose owner has no key (and no default_key is set) talks to the embedded
  // Gemini Live simulator; "off": such calls are refused.
  std::string simulator = "auto";
  // Post-call analysis of every answered call: "auto" (on) or "off" (only on demand: POST
  // /api/calls/{id}/analyze queues it, and it runs once this is auto again).
  std::string analysis = "auto";
  // Answering-machine detection on outbound calls (issue 15): "off", "hangup" (a call that
  // reaches a voicemail ends with end_reason voicemail; the verdict is on the call record), or
  // "message" (wait for the beep, play voicemail_message, then hang up). Campaigns may differ.
  std::string voicemail_action = "off";
  std::string voicemail_message;  // pre-rendered like a greeting; "" = hang up without one
  // Audio watchdog (issue 15): when the AI has sent no audible audio for this long after the
  // caller stopped speaking, the call nudges the session, then reconnects it, then apologises
  // and hangs up (end_reason ai_stalled), one step per period. 0 = off.
  std::int64_t watchdog_silence_s = 8;
  // Provider failover (issue 16): when a call's AI session fails at setup (bad key, quota,
  // unreachable) or mid-call without resumption (or the watchdog gives up), the call goes on
  // with the other provider under the owner's key for it, told the prompt and the transcript
  // so far, after failover_message is spoken. false = such a call ends as before.
  bool failover = true;
  std::string failover_message = "One moment, please.";
  std::string default_system_prompt =
      "You are a friendly, concise phone assistant. Keep answers short.";
  std::string default_greeting = "Hello, this is your assistant calling. How can I help you?";
  // Estimates from the providers' published list prices (2025: Gemini Live Flash native audio,
  // OpenAI gpt-realtime); set your contract's prices here. The cost shown is an estimate.
  std::vector<ModelPrice> prices = {{"*", 0.50, 3.00, 2.00, 12.00},
                                    {"gpt-realtime", 4.00, 32.00, 16.00, 64.00}};
  // Extra trust anchors (PEM) for wss:// and https:// to the AI providers, on top of the
  // system's store: a private CA in front of the service, or the load tests' simulator.
  std::string tls_ca_file;
  GeminiConfig gemini;
  OpenAiConfig openai;
};

struct DbConfig {
  std::string url;  // sqlite:PATH or postgresql://...; empty = sqlite under data_dir
};

struct HttpConfig {
  std::string listen = "127.0.0.1:8080";
  std::string web_root;  // static UI files; empty = built-in location
  // Marks the session cookie Secure (the browser sends it over https only): set it when a
  // TLS proxy serves the UI. Off by default, since the server itself speaks plain HTTP.
  bool secure_cookie = false;
};

struct RecordingsConfig {
  bool enabled = true;
  std::string dir;  // empty = <data_dir>/recordings
};

struct LimitsConfig {
  std::int64_t max_calls = 1000;  // per node
  std::int64_t max_call_duration_s = 3600;
  std::int64_t dial_timeout_s = 60;
  // Long work (greeting previews, CSV imports; core::WorkPool): its own threads, at most
  // work_per_user requests of one user queued or running (more: 429 with Retry-After), at
  // most work_queue waiting in all (more: 503).
  std::int64_t work_threads = 2;
  std::int64_t work_per_user = 4;
  std::int64_t work_queue = 64;
};

// Webhook delivery (api/webhook_dispatcher.h): a failed try is retried first after
// first_retry_s, then with the delay doubling up to max_retry_s, until give_up_after_s after
// the event (DESIGN.md: the first retry within 60 s, then backoff for a day).
struct WebhooksConfig {
  std::int64_t workers = 2;     // deliveries in flight at once (each a thread)
  std::int64_t timeout_s = 10;  // one try: connect, TLS, request and answer
  std::int64_t first_retry_s = 30;
  std::int64_t max_retry_s = 3600;
  std::int64_t give_up_after_s = 86400;
};

// Transfer to a person (issue 15).
struct TransferConfig {
  // Where any call may be transferred: comma-separated number prefixes ("+4930,0800") or sip:
  // URI prefixes ("sip:desk@pbx.example"); empty = nowhere (beyond the per-user/campaign
  // transfer_targets). call/transfer_targets.h rule 2.
  std::string allow;
};

struct Config {
  std::string data_dir = "./data";
  std::string superadmin_password;
  std::string log_level = "info";
  std::int64_t shards = 0;  // 0 = one per core
  // This process's name in the shared database (table nodes; call records carry it). Names
  // are unique per node: a restart under the same name closes the calls the previous process
  // left live (DESIGN.md, Crash).
  std::string node_name = "node1";
  std::int64_t node_heartbeat_s = 5;  // how often the node writes last_seen_at
  // With several nodes on one database (issue 18): a node whose last heartbeat is older than
  // this is dead; a survivor closes its live calls as `interrupted` and frees its leads.
  std::int64_t node_dead_after_s = 15;
  SipConfig sip;
  RtpConfig rtp;
  AiConfig ai;
  DbConfig db;
  HttpConfig http;
  RecordingsConfig recordings;
  LimitsConfig limits;
  WebhooksConfig webhooks;
  TransferConfig transfer;

  // The effective database URL: db.url, or sqlite under data_dir.
  std::string database_url() const;
};

// Looks up environment variables; injectable so tests do not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// Loads defaults, then the TOML file (if path is non-empty; a missing explicit file is an
// error), then environment overrides. Unknown keys in the file are errors, so typos surface.
Config load_config(const std::string& path, const EnvLookup& env = process_env());
Config load_config_from_string(const std::string& toml_text, const EnvLookup& env);

// Every recognised key as "section.key" with its environment variable name (for docs/help).
std::vector<std::pair<std::string, std::string>> config_keys();

}  // namespace va::core
