// OpenAiSession: the simulator's side of one OpenAI Realtime GA connection (ai-live-protocols.md
// D2). Rules, numbered as D2:
//  1. Authorization: Bearer <key>. A bad key: the upgrade succeeds, then an `error`
//     (invalid_request_error / invalid_api_key) and close 3000
//     "invalid_request_error.invalid_api_key". An unknown ?model= likewise with model_not_found.
//  2. An OpenAI-Beta header: error beta_api_shape_disabled, close 4000.
//  3. session.created at once, without waiting for the client.
//  4. session.update is applied strictly (openai_session_config.h); session.updated echoes it.
//  5. input_audio_buffer.append decoded per format; more than 15 MiB is refused.
//  6. Server VAD (EnergyVad, threshold scaled from 0.5): speech_started {audio_start_ms, item_id},
//     speech_stopped, committed, the user item, then a response when create_response.
//  7. Manual mode: commit with < 100 ms -> input_audio_buffer_commit_empty.
//  8. Transcription when configured: .delta and .completed with the caller's words.
// 10. A response: the C7 sequence, audio deltas burst at cfg.burst x real time in the session's
//     output format; rate_limits.updated after response.created; response.done with usage.
// 11. Barge-in: speech during a response cancels it (response.done cancelled, turn_detected);
//     conversation.item.truncate is accepted up to the ms sent for that item, logged.
// 12. response.cancel with nothing in progress -> error; the session stays open.
// 13. A user text "tool:NAME[:{json}]" makes the next response a function call; the client's
//     function_call_output is counted.
// 14. The session cap closes 1001 with no warning. Faults: quota keys (error
//     insufficient_quota, close 3000), close_after (1011), stall_after (silence).
#include "sim/openai_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <variant>

#include "ai/base64.h"
#include "core/key_fingerprint.h"
#include "media/g711.h"
#include "media/resampler.h"
#include "sim/energy_vad.h"
#include "sim/openai_session_config.h"
#include "sim/reply_source.h"
#include "sim/tone_estimator.h"

namespace va::sim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
namespace json = boost::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

bool is_openai_target(std::string_view target) {
  return target.substr(0, target.find('?')) == kOpenAiPath;
}

namespace {

constexpr std::size_t kMaxAppendBytes = 15 * 1024 * 1024;  // C5
constexpr std::size_t kMaxQueued = 50;
constexpr std::string_view kQuotaMessage =
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors.";

struct CloseItem {
  int code;
  std::string reason;
};

std::int64_t unix_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "sk-...abcd": how the service quotes a key in its error message (never the whole key).
std::string masked(const std::string& key) {
  if (key.size() <= 8) return "<empty>";
  return key.substr(0, 3) + "*****" + key.substr(key.size() - 4);
}

class OpenAiSession final : public SimSessionBase,
                            public std::enable_shared_from_this<OpenAiSession> {
 public:
  OpenAiSession(beast::tcp_stream stream, http::request<http::string_body> req,
                std::shared_ptr<SimShared> shared)
      : ws_(std::move(stream)),
        req_(std::move(req)),
        shared_(std::move(shared)),
        cfg_(shared_->config),
        reply_timer_(ws_.get_executor()),
        life_timer_(ws_.get_executor()),
        fault_timer_(ws_.get_executor()),
        vad_(cfg_.vad_threshold, cfg_.default_prefix_ms, 500) {}

  void start() {
    id_ = shared_->add_session(weak_from_this());
    if (id_ == 0) {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    bump(shared_->counters.sessions_open);
    bump(shared_->counters.sessions_total);
    asio::co_spawn(ws_.get_executor(), run(shared_from_this()), asio::detached);
  }

  void shutdown() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->close_with(1001, "The service is shutting down.");
    });
  }

 private:
  static asio::awaitable<void> run(std::shared_ptr<OpenAiSession> self) {
    co_await self->serve();
    self->finish();
  }

  asio::awaitable<void> serve() {
    beast::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    read_request();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(15);
    t.idle_timeout = websocket::stream_base::none();
    t.keep_alive_pings = false;
    ws_.set_option(t);
    ws_.read_message_max(kMaxAppendBytes * 2);
    co_await ws_.async_accept(req_, token);
    if (ec) co_return;
    ws_.text(true);
    open_ = true;
    key_fp_ = core::key_fingerprint(key_);
    if (beta_) {  // rule 2
      send_error({"invalid_request_error", "beta_api_shape_disabled",
                  "The Realtime Beta API is no longer supported. Please use /v1/realtime for the "
                  "GA API.",
                  ""});
      close_with(4000, "invalid_request_error.beta_api_shape_disabled");
    } else if (!key_ok()) {  // rule 1
      send_error(
          {"invalid_request_error", "invalid_api_key",
           "Incorrect API key provided: " + masked(key_) +
               ". You can find your API key at https://platform.openai.com/account/api-keys.",
           ""});
      close_with(3000, "invalid_request_error.invalid_api_key");
    } else if (std::find(cfg_.openai_models.begin(), cfg_.openai_models.end(), session_.model) ==
               cfg_.openai_models.end()) {
      send_error({"invalid_request_error", "model_not_found",
                  "The model '" + session_.model +
                      "' does not exist or you do not have access "
                      "to it.",
                  "model"});
      close_with(3000, "invalid_request_error.model_not_found");
    } else {
      on_open();
    }
    co_await read_loop();
  }

  void read_request() {
    if (auto it = req_.find(http::field::authorization); it != req_.end()) {
      std::string_view v = it->value();
      if (v.rfind("Bearer ", 0) == 0) key_ = std::string(v.substr(7));
    }
    beta_ = req_.find("OpenAI-Beta") != req_.end();
    if (auto it = req_.find(http::field::sec_websocket_protocol); it != req_.end()) {
      beta_ = beta_ || it->value().find("openai-beta.realtime-v1") != std::string_view::npos;
    }
    if (auto url = boost::urls::parse_origin_form(req_.target())) {
      for (auto p : url->params()) {
        if (p.key == "model") session_.model = p.value;
      }
    }
  }

  bool key_ok() const {
    if (key_.empty()) return false;
    return cfg_.keys.empty() || cfg_.keys.contains(key_) || cfg_.quota_keys.contains(key_);
  }

  void on_open() {
    session_.tools.clear();
    send_event({{"type", "session.created"}, {"session", session_json(session_)}});  // rule 3
    log_start();
    if (cfg_.openai_lifetime.count() > 0) {  // rule 14: no warning event
      after(life_timer_, cfg_.openai_lifetime, [](OpenAiSession& s) {
        s.close_with(1001, "Your session hit the maximum duration of 60 minutes.");
      });
    }
  }

  // After the first session.updated: the faults that play out during the call (rule 14).
  void arm_faults() {
    if (cfg_.quota_keys.contains(key_)) {
      after(fault_timer_, cfg_.quota_close_after, [](OpenAiSession& s) {
        s.send_error({"insufficient_quota", "insufficient_quota", std::string(kQuotaMessage), ""});
        s.close_with(3000, "insufficient_quota.insufficient_quota");
      });
    } else if (cfg_.openai_close_after.count() > 0) {
      after(fault_timer_, cfg_.openai_close_after,
            [](OpenAiSession& s) { s.close_with(1011, "server_error.internal_error"); });
    } else if (cfg_.openai_stall_after.count() > 0) {
      after(fault_timer_, cfg_.openai_stall_after, [](OpenAiSession& s) {
        s.stalled_ = true;
        s.reply_timer_.cancel();
      });
    }
  }

  asio::awaitable<void> read_loop() {
    beast::error_code ec;
    beast::flat_buffer buffer;
    for (;;) {
      buffer.clear();
      co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      auto data = buffer.cdata();
      on_message({static_cast<const char*>(data.data()), data.size()});
    }
    if (close_code_ == 0) {
      if (ec == websocket::error::closed) {
        close_code_ = ws_.reason().code;
        close_reason_ = std::string(ws_.reason().reason.c_str());
      } else {
        close_code_ = 1006;
        close_reason_ = ec.message();
      }
      close_by_ = "client";
    }
  }

  void on_message(std::string_view text) {
    if (closing_) return;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      return send_error({"invalid_request_error", "invalid_json",
                         "The server had trouble parsing your JSON payload.", ""});
    }
    auto& o = v.get_object();
    const auto* type = o.if_contains("type");
    if (!type || !type->is_string()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'type'.", "type"});
    }
    client_event_id_.clear();
    if (const auto* id = o.if_contains("event_id"); id && id->is_string()) {
      client_event_id_ = std::string(id->get_string());
    }
    const std::string t(type->get_string());
    if (t == "input_audio_buffer.append") return on_append(o);
    if (t == "session.update") return on_session_update(o);
    if (t == "conversation.item.create") return on_item_create(o);
    if (t == "conversation.item.truncate") return on_truncate(o);
    if (t == "response.create") return on_response_create();
    if (t == "response.cancel") return on_response_cancel();
    if (t == "input_audio_buffer.commit") return on_commit();
    if (t == "input_audio_buffer.clear") {
      buffer_ms_ = 0;
      return send_event({{"type", "input_audio_buffer.cleared"}});
    }
    send_error({"invalid_request_error", "invalid_value",
                "Invalid value: '" + t +
                    "'. Supported values are: 'session.update', "
                    "'input_audio_buffer.append', "
                    "'input_audio_buffer.commit', 'input_audio_buffer.clear', "
                    "'conversation.item.create', "
                    "'conversation.item.truncate', "
                    "'conversation.item.delete', "
                    "'conversation.item.retrieve', 'response.create' and "
                    "'response.cancel'.",
                "type"});
  }

  void on_session_update(const json::object& o) {
    const auto* s = o.if_contains("session");
    if (!s) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'session'.", "session"});
    }
    if (auto e = apply_session_update(*s, session_, audio_out_ > 0)) return send_error(*e);
    // VAD per the session (rule 6): the threshold scales the RMS level, 0.5 = cfg.vad_threshold.
    vad_ = EnergyVad(static_cast<int>(cfg_.vad_threshold * session_.threshold / 0.5),
                     cfg_.default_prefix_ms, session_.silence_duration_ms);
    send_event({{"type", "session.updated"}, {"session", session_json(session_)}});
    if (!updated_) {
      updated_ = true;
      bump(shared_->counters.setups_ok);
      arm_faults();
    }
  }

  void on_append(const json::object& o) {
    const auto* audio = o.if_contains("audio");
    if (!audio || !audio->is_string()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'audio'.", "audio"});
    }
    if (audio->get_string().size() > kMaxAppendBytes * 4 / 3 + 4) {
      return send_error({"invalid_request_error", "invalid_value",
                         "Audio content exceeds the maximum of 15 MiB per event.", "audio"});
    }
    if (ai::base64_decode(audio->get_string(), bytes_)) {
      return send_error({"invalid_request_error", "invalid_value",
                         "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio"});
    }
    if (!updated_) ++before_update_;  // D3: the client should wait for session.updated
    const int rate = format_rate(session_.input_format);
    samples_.clear();
    if (session_.input_format == OpenAiFormat::Pcm24k) {
      samples_.resize(bytes_.size() / 2);
      for (std::size_t i = 0; i < samples_.size(); ++i) {
        samples_[i] = static_cast<std::int16_t>(bytes_[2 * i] | (bytes_[2 * i + 1] << 8));
      }
    } else {
      samples_.resize(bytes_.size());
      if (session_.input_format == OpenAiFormat::Pcmu) {
        media::g711::decode_ulaw(bytes_, samples_.data());
      } else {
        media::g711::decode_alaw(bytes_, samples_.data());
      }
    }
    on_audio(samples_, rate);
  }

  void on_audio(std::span<const std::int16_t> pcm, int rate) {
    audio_in_ += pcm.size();
    audio_in_rate_ = rate;
    buffer_ms_ += static_cast<std::int64_t>(pcm.size()) * 1000 / rate;
    bump(shared_->counters.audio_in_samples, pcm.size());
    if (shared_->log.enabled()) tone_in_.feed(pcm, rate);
    in_ms_ = static_cast<std::int64_t>(audio_in_ * 1000 / static_cast<std::uint64_t>(rate));
    if (!session_.vad) return;
    vad_.feed(pcm, rate, [this, rate](EnergyVad::Event e) {
      if (e == EnergyVad::Event::SpeechStarted) {
        on_speech_started();
      } else {
        on_speech_stopped(rate);
      }
    });
  }

  void on_speech_started() {
    user_item_ = next_id("item_");
    const std::int64_t start = std::max<std::int64_t>(0, in_ms_ - cfg_.default_prefix_ms);
    send_event({{"type", "input_audio_buffer.speech_started"},
                {"audio_start_ms", start},
                {"item_id", user_item_}});
    if (shared_->log.enabled()) {
      shared_->log.write_line(json::serialize(json::object{{"event", "speech_started"},
                                                           {"session", id_},
                                                           {"key_fp", key_fp_},
                                                           {"responding", responding_},
                                                           {"at_unix_ms", unix_ms()}}));
    }
    if (responding_ && session_.interrupt_response) cancel_response("turn_detected");
  }

  void on_speech_stopped(int rate) {
    send_event({{"type", "input_audio_buffer.speech_stopped"},
                {"audio_end_ms", in_ms_},
                {"item_id", user_item_}});
    commit_user_item(caller_words(rate));
    buffer_ms_ = 0;
    if (session_.create_response && !responding_) start_response();
  }

  void commit_user_item(const std::string& words) {
    send_event({{"type", "input_audio_buffer.committed"},
                {"item_id", user_item_},
                {"previous_item_id",
                 last_item_.empty() ? json::value(nullptr) : json::value(last_item_)}});
    json::object item{
        {"id", user_item_},
        {"type", "message"},
        {"object", "realtime.item"},
        {"status", "completed"},
        {"role", "user"},
        {"content", json::array{json::object{{"type", "input_audio"}, {"transcript", nullptr}}}}};
    send_event({{"type", "conversation.item.added"}, {"item", item}});
    send_event({{"type", "conversation.item.done"}, {"item", item}});
    last_item_ = user_item_;
    if (session_.transcription) {
      send_event({{"type", "conversation.item.input_audio_transcription.delta"},
                  {"item_id", user_item_},
                  {"content_index", 0},
                  {"delta", words}});
      send_event({{"type", "conversation.item.input_audio_transcription.completed"},
                  {"item_id", user_item_},
                  {"content_index", 0},
                  {"transcript", words},
                  {"usage", {{"type", "duration"}, {"seconds", vad_.utterance_ms() / 1000.0}}}});
    }
  }

  std::string caller_words(int rate) const {
    if (!cfg_.caller_phrases.empty()) {
      ToneEstimator tone;
      tone.feed(vad_.utterance(), rate);
      if (auto hz = tone.dominant_hz()) {
        for (const auto& [phrase_hz, text] : cfg_.caller_phrases) {
          if (std::abs(*hz - phrase_hz) <= 15) return text;
        }
      }
    }
    return fmt::format("[speech {:.1f} s]", vad_.utterance_ms() / 1000.0);
  }

  void on_commit() {
    if (buffer_ms_ < 100) {  // rule 7
      return send_error({"invalid_request_error", "input_audio_buffer_commit_empty",
                         fmt::format("Error committing input audio buffer: buffer too small. "
                                     "Expected at least 100ms of audio, but buffer only has "
                                     "{:.2f}ms of audio.",
                                     static_cast<double>(buffer_ms_)),
                         ""});
    }
    user_item_ = next_id("item_");
    commit_user_item(caller_words(audio_in_rate_ ? audio_in_rate_ : 24000));
    buffer_ms_ = 0;
  }

  void on_item_create(const json::object& o) {
    const auto* item = o.if_contains("item");
    if (!item || !item->is_object()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'item'.", "item"});
    }
    const auto& it = item->get_object();
    const auto* type = it.if_contains("type");
    const std::string t = type && type->is_string() ? std::string(type->get_string()) : "";
    json::object added{{"id", next_id("item_")}, {"type", t}, {"status", "completed"}};
    if (t == "message") {
      const auto* content = it.if_contains("content");
      if (!content || !content->is_array()) {
        return send_error({"invalid_request_error", "missing_required_parameter",
                           "Missing required parameter: 'item.content'.", "item.content"});
      }
      for (const auto& part : content->get_array()) {
        const auto* text = part.is_object() ? part.get_object().if_contains("text") : nullptr;
        if (!text || !text->is_string()) continue;
        on_text(std::string(text->get_string()));
      }
      added["role"] = it.contains("role") ? it.at("role") : json::value("user");
    } else if (t == "function_call_output") {
      const auto* call_id = it.if_contains("call_id");
      if (!call_id || !call_id->is_string()) {
        return send_error({"invalid_request_error", "missing_required_parameter",
                           "Missing required parameter: 'item.call_id'.", "item.call_id"});
      }
      tool_responses_ += pending_tools_.erase(std::string(call_id->get_string()));
      added["call_id"] = *call_id;
    } else {
      return send_error({"invalid_request_error", "invalid_value",
                         "Invalid value: '" + t +
                             "'. Supported values are: 'message', "
                             "'function_call' and 'function_call_output'.",
                         "item.type"});
    }
    send_event({{"type", "conversation.item.added"}, {"item", added}});
    send_event({{"type", "conversation.item.done"}, {"item", added}});
  }

  void on_text(const std::string& text) {
    if (shared_->log.enabled()) {
      shared_->log.write_line(json::serialize(json::object{
          {"event", "text_in"}, {"session", id_}, {"key_fp", key_fp_}, {"text", text}}));
    }
    if (text.rfind("tool:", 0) == 0) tool_spec_ = text.substr(5);  // rule 13
  }

  void on_truncate(const json::object& o) {
    const auto* item = o.if_contains("item_id");
    const auto* ms = o.if_contains("audio_end_ms");
    if (!item || !item->is_string() || !ms || !ms->is_int64()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'item_id' or 'audio_end_ms'.", "item_id"});
    }
    const std::string id(item->get_string());
    auto sent = item_sent_ms_.find(id);
    const std::int64_t end = ms->get_int64();
    const bool ok = sent != item_sent_ms_.end() && end >= 0 && end <= sent->second;
    if (shared_->log.enabled()) {
      shared_->log.write_line(
          json::serialize(json::object{{"event", "truncate"},
                                       {"session", id_},
                                       {"key_fp", key_fp_},
                                       {"item_id", id},
                                       {"audio_end_ms", end},
                                       {"sent_ms", sent == item_sent_ms_.end() ? -1 : sent->second},
                                       {"ok", ok}}));
    }
    if (sent == item_sent_ms_.end()) {
      return send_error({"invalid_request_error", "invalid_value",
                         "Invalid value: the item '" + id + "' does not exist or has no audio.",
                         "item_id"});
    }
    if (!ok) {
      return send_error(
          {"invalid_request_error", "invalid_value",
           fmt::format("Audio content of {}ms is already shorter than {}ms", sent->second, end),
           "audio_end_ms"});
    }
    ++truncations_;
    send_event({{"type", "conversation.item.truncated"},
                {"item_id", id},
                {"content_index", 0},
                {"audio_end_ms", end}});
  }

  void on_response_create() {
    if (responding_) {
      return send_error({"invalid_request_error", "conversation_already_has_active_response",
                         "Conversation already has an active response in progress: " + resp_id_ +
                             ". Wait until the response is finished before creating a new one.",
                         ""});
    }
    start_response();
  }

  void on_response_cancel() {
    if (!responding_) {  // rule 12
      return send_error({"invalid_request_error", "response_cancel_not_active",
                         "Cancellation failed: no active response found", ""});
    }
    cancel_response("client_cancelled");
  }

  // Rule 10 (or 13 when a tool was asked for).
  void start_response() {
    open_response();
    bump(shared_->counters.replies);
    if (!tool_spec_.empty()) {
      const std::string spec = std::move(tool_spec_);
      tool_spec_.clear();
      return function_call(spec);
    }
    audio_reply();
  }

  // response.created and rate_limits.updated (rule 10).
  void open_response() {
    responding_ = true;
    resp_id_ = next_id("resp_");
    send_event({{"type", "response.created"},
                {"response",
                 {{"id", resp_id_},
                  {"object", "realtime.response"},
                  {"status", "in_progress"},
                  {"output", json::array{}}}}});
    send_event({{"type", "rate_limits.updated"},
                {"rate_limits", json::array{json::object{{"name", "requests"},
                                                         {"limit", 5000},
                                                         {"remaining", 4999},
                                                         {"reset_seconds", 0.012}},
                                            json::object{{"name", "tokens"},
                                                         {"limit", 40000},
                                                         {"remaining", 39000},
                                                         {"reset_seconds", 1.5}}}}});
  }

  void audio_reply() {
    reply_item_ = next_id("item_");
    build_reply();
    json::object item{{"id", reply_item_},       {"type", "message"},   {"object", "realtime.item"},
                      {"status", "in_progress"}, {"role", "assistant"}, {"content", json::array{}}};
    send_event({{"type", "response.output_item.added"},
                {"response_id", resp_id_},
                {"output_index", 0},
                {"item", item}});
    send_event(
        {{"type", "conversation.item.added"},
         {"previous_item_id", last_item_.empty() ? json::value(nullptr) : json::value(last_item_)},
         {"item", item}});
    last_item_ = reply_item_;
    send_event({{"type", "response.content_part.added"},
                {"response_id", resp_id_},
                {"item_id", reply_item_},
                {"output_index", 0},
                {"content_index", 0},
                {"part", {{"type", "output_audio"}, {"transcript", ""}}}});
    send_event({{"type", "response.output_audio_transcript.delta"},
                {"response_id", resp_id_},
                {"item_id", reply_item_},
                {"output_index", 0},
                {"content_index", 0},
                {"delta", transcript_}});
    item_sent_ms_[reply_item_] = 0;
    turn_pos_ = 0;
    turn_start_ = Clock::now();
    send_next_delta();
  }

  void build_reply() {
    switch (cfg_.mode) {
      case ReplyMode::Tone: {
        const int hz = tone_frequency_for_key(key_);
        turn_audio_.clear();
        tone_.emplace(hz, static_cast<std::size_t>(cfg_.reply_length.count()) * 24);
        transcript_ = fmt::format("[tone {} Hz]", hz);
        break;
      }
      case ReplyMode::Echo:
        tone_.reset();
        turn_audio_ = make_echo(vad_.utterance(), audio_in_rate_ ? audio_in_rate_ : 24000);
        transcript_ =
            fmt::format("[echo {:.1f} s]", static_cast<double>(turn_audio_.size()) / 24000);
        break;
      case ReplyMode::Scripted: {
        const auto& line = shared_->script[script_pos_++ % shared_->script.size()];
        tone_.reset();
        turn_audio_ = line.audio;
        transcript_ = line.text;
        break;
      }
    }
    turn_total_ = tone_ ? tone_->total() : turn_audio_.size();
  }

  void send_next_delta() {
    if (!responding_ || closing_) return;
    const std::size_t chunk = static_cast<std::size_t>(cfg_.reply_chunk.count()) * 24;
    if (stalled_ || queue_.size() >= kMaxQueued) {  // back-pressure (or a stall): wait
      after(reply_timer_, cfg_.reply_chunk, [](OpenAiSession& s) { s.send_next_delta(); });
      return;
    }
    if (turn_pos_ >= turn_total_) return finish_response();
    const std::size_t n = std::min(chunk, turn_total_ - turn_pos_);
    part_.resize(n);
    if (tone_) {
      tone_->fill(turn_pos_, part_);
    } else {
      std::copy_n(turn_audio_.begin() + static_cast<long>(turn_pos_), n, part_.begin());
    }
    send_event({{"type", "response.output_audio.delta"},
                {"response_id", resp_id_},
                {"item_id", reply_item_},
                {"output_index", 0},
                {"content_index", 0},
                {"delta", encode_output(part_)}});
    turn_pos_ += n;
    audio_out_ += n;
    bump(shared_->counters.audio_out_samples, n);
    item_sent_ms_[reply_item_] = static_cast<std::int64_t>(turn_pos_ / 24);
    reply_timer_.expires_at(turn_start_ +
                            std::chrono::microseconds(static_cast<std::int64_t>(
                                static_cast<double>(turn_pos_) / 24.0 * 1000.0 / cfg_.burst)));
    reply_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec) s->send_next_delta();
    });
  }

  // PCM16 24 kHz -> the session's output format, base64.
  std::string encode_output(std::span<const std::int16_t> pcm) {
    std::vector<std::uint8_t> bytes;
    if (session_.output_format == OpenAiFormat::Pcm24k) {
      bytes.resize(pcm.size() * 2);
      for (std::size_t i = 0; i < pcm.size(); ++i) {
        bytes[2 * i] = static_cast<std::uint8_t>(pcm[i] & 0xff);
        bytes[2 * i + 1] = static_cast<std::uint8_t>((pcm[i] >> 8) & 0xff);
      }
    } else {
      if (!down_) down_.emplace(24000, 8000);
      narrow_.clear();
      down_->process(pcm, narrow_);
      bytes.resize(narrow_.size());
      if (session_.output_format == OpenAiFormat::Pcmu) {
        media::g711::encode_ulaw(narrow_, bytes.data());
      } else {
        media::g711::encode_alaw(narrow_, bytes.data());
      }
    }
    std::string out;
    ai::base64_encode(bytes, out);
    return out;
  }

  void finish_response() {
    const json::object ids{{"response_id", resp_id_},
                           {"item_id", reply_item_},
                           {"output_index", 0},
                           {"content_index", 0}};
    auto with = [&ids](json::object o) {
      for (const auto& kv : ids)
        o[kv.key()] = kv.value();
      return o;
    };
    send_event(with({{"type", "response.output_audio.done"}}));
    send_event(
        with({{"type", "response.output_audio_transcript.done"}, {"transcript", transcript_}}));
    send_event(with({{"type", "response.content_part.done"},
                     {"part", {{"type", "output_audio"}, {"transcript", transcript_}}}}));
    json::object item{{"id", reply_item_},
                      {"type", "message"},
                      {"object", "realtime.item"},
                      {"status", "completed"},
                      {"role", "assistant"},
                      {"content", json::array{json::object{{"type", "output_audio"},
                                                           {"transcript", transcript_}}}}};
    send_event({{"type", "response.output_item.done"},
                {"response_id", resp_id_},
                {"output_index", 0},
                {"item", item}});
    send_event({{"type", "conversation.item.done"}, {"item", item}});
    send_response_done("completed", "");
    // --tool-after-reply: the model follows its words with a function call (a goodbye, then
    // end_call), in a response of its own while the audio still plays at the client.
    if (!cfg_.tool_after_reply.empty() &&
        (cfg_.tool_after_reply_limit == 0 || tools_after_reply_ < cfg_.tool_after_reply_limit)) {
      ++tools_after_reply_;
      open_response();
      function_call(cfg_.tool_after_reply);
    }
  }

  void send_response_done(const char* status, const char* reason) {
    responding_ = false;
    reply_timer_.cancel();
    // About 32 tokens a second of caller audio, 50 of ours (D1.18's rule of thumb).
    const auto input =
        static_cast<std::int64_t>(audio_in_ * 1000 / std::max(1, audio_in_rate_) / 31);
    const auto output = static_cast<std::int64_t>(turn_pos_ / 480);
    json::object response{
        {"id", resp_id_},
        {"object", "realtime.response"},
        {"status", status},
        {"usage",
         {{"total_tokens", input + output}, {"input_tokens", input}, {"output_tokens", output}}}};
    if (*reason) {
      response["status_details"] = {{"type", status}, {"reason", reason}};
    } else {
      response["status_details"] = nullptr;
    }
    send_event({{"type", "response.done"}, {"response", std::move(response)}});
  }

  // Rule 11.
  void cancel_response(const char* reason) {
    if (!responding_) return;
    ++interruptions_;
    bump(shared_->counters.interruptions);
    send_response_done("cancelled", reason);
  }

  // Rule 13: a response whose output is one function call.
  void function_call(const std::string& spec) {
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    std::string args = "{}";
    if (colon != std::string::npos) {
      args = spec.substr(colon + 1);
    } else if (name == "transfer") {
      args = R"({"target":"sales"})";
    }
    const std::string call_id = next_id("call_");
    const std::string item_id = next_id("item_");
    pending_tools_.insert(call_id);
    json::object item{
        {"id", item_id},           {"type", "function_call"}, {"object", "realtime.item"},
        {"status", "in_progress"}, {"call_id", call_id},      {"name", name},
        {"arguments", ""}};
    send_event({{"type", "response.output_item.added"},
                {"response_id", resp_id_},
                {"output_index", 0},
                {"item", item}});
    send_event({{"type", "response.function_call_arguments.delta"},
                {"response_id", resp_id_},
                {"item_id", item_id},
                {"output_index", 0},
                {"call_id", call_id},
                {"delta", args}});
    send_event({{"type", "response.function_call_arguments.done"},
                {"response_id", resp_id_},
                {"item_id", item_id},
                {"output_index", 0},
                {"call_id", call_id},
                {"name", name},
                {"arguments", args}});
    item["status"] = "completed";
    item["arguments"] = args;
    send_event({{"type", "response.output_item.done"},
                {"response_id", resp_id_},
                {"output_index", 0},
                {"item", item}});
    turn_pos_ = 0;
    send_response_done("completed", "");
  }

  std::string next_id(const char* prefix) {
    return fmt::format("{}{:x}{:06}", prefix, id_, ++ids_);
  }

  void send_error(const OpenAiError& e) {
    json::object err{{"type", e.type},
                     {"code", e.code.empty() ? json::value(nullptr) : json::value(e.code)},
                     {"message", e.message},
                     {"param", e.param.empty() ? json::value(nullptr) : json::value(e.param)},
                     {"event_id", client_event_id_.empty() ? json::value(nullptr)
                                                           : json::value(client_event_id_)}};
    ++errors_;
    send_event({{"type", "error"}, {"error", std::move(err)}});
  }

  void send_event(json::object o) {
    if (closing_ || !open_ || stalled_) return;
    json::object out{{"type", o["type"]}, {"event_id", next_id("event_")}};
    for (auto& kv : o) {
      if (kv.key() != "type") out[kv.key()] = std::move(kv.value());
    }
    queue_.emplace_back(json::serialize(out));
    if (!writing_) write_next();
  }

  template <class F>
  void after(asio::steady_timer& timer, milliseconds delay, F f) {
    timer.expires_after(delay);
    timer.async_wait([weak = weak_from_this(), f](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && !s->closing_) f(*s);
    });
  }

  void close_with(int code, std::string reason) {
    if (closing_) return;
    if (code != 1001) bump(shared_->counters.rejected);
    closing_ = true;
    close_code_ = code;
    close_reason_ = reason.substr(0, 123);
    close_by_ = "server";
    cancel_timers();
    if (!open_) {
      beast::error_code ignored;
      beast::get_lowest_layer(ws_).socket().close(ignored);
      return;
    }
    queue_.emplace_back(CloseItem{code, close_reason_});
    if (!writing_) write_next();
  }

  void write_next() {
    if (queue_.empty()) return;
    writing_ = true;
    auto self = shared_from_this();
    if (auto* c = std::get_if<CloseItem>(&queue_.front())) {
      websocket::close_reason cr(static_cast<std::uint16_t>(c->code));
      cr.reason = c->reason;
      ws_.async_close(cr, [self](beast::error_code) {
        self->writing_ = false;
        self->queue_.clear();
      });
      return;
    }
    ws_.async_write(asio::buffer(std::get<std::string>(queue_.front())),
                    [self](beast::error_code ec, std::size_t) {
                      self->writing_ = false;
                      self->queue_.pop_front();
                      if (ec) return self->queue_.clear();
                      self->write_next();
                    });
  }

  void cancel_timers() {
    reply_timer_.cancel();
    life_timer_.cancel();
    fault_timer_.cancel();
  }

  void log_start() {
    if (!shared_->log.enabled()) return;
    started_logged_ = true;
    shared_->log.write_line(json::serialize(json::object{{"event", "session_start"},
                                                         {"session", id_},
                                                         {"provider", "openai"},
                                                         {"key_fp", key_fp_},
                                                         {"model", session_.model},
                                                         {"voice", session_.voice},
                                                         {"mode", reply_mode_name(cfg_.mode)}}));
  }

  void finish() {
    closing_ = true;
    cancel_timers();
    shared_->remove_session(id_);
    shared_->counters.sessions_open.fetch_sub(1, std::memory_order_relaxed);
    if (!shared_->log.enabled() || !started_logged_) return;
    const int in_rate = audio_in_rate_ ? audio_in_rate_ : 24000;
    shared_->log.write_line(json::serialize(json::object{
        {"event", "session_end"},
        {"session", id_},
        {"provider", "openai"},
        {"key_fp", key_fp_},
        {"model", session_.model},
        {"voice", session_.voice},
        {"audio_in_samples", audio_in_},
        {"audio_in_rate", in_rate},
        {"audio_in_ms", audio_in_ * 1000 / static_cast<std::uint64_t>(in_rate)},
        {"audio_in_dominant_hz",
         tone_in_.dominant_hz() ? json::value(*tone_in_.dominant_hz()) : json::value(nullptr)},
        {"audio_out_samples", audio_out_},
        {"audio_out_rate", kOutputRate},
        {"audio_out_ms", audio_out_ / 24},
        {"messages_before_session_updated", before_update_},
        {"interruptions", interruptions_},
        {"truncations", truncations_},
        {"tool_responses", tool_responses_},
        {"errors", errors_},
        {"close_code", close_code_},
        {"close_reason", close_reason_},
        {"closed_by", close_by_}}));
  }

  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> req_;
  std::shared_ptr<SimShared> shared_;
  const SimConfig& cfg_;
  asio::steady_timer reply_timer_;
  asio::steady_timer life_timer_;
  asio::steady_timer fault_timer_;
  EnergyVad vad_;
  OpenAiSessionConfig session_;
  std::deque<std::variant<std::string, CloseItem>> queue_;
  std::uint64_t id_ = 0;
  std::uint64_t ids_ = 0;
  std::string key_;
  std::string key_fp_;
  std::string client_event_id_;
  bool beta_ = false;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool updated_ = false;
  bool stalled_ = false;
  bool responding_ = false;
  bool started_logged_ = false;
  std::vector<std::uint8_t> bytes_;
  std::vector<std::int16_t> samples_;
  std::int64_t buffer_ms_ = 0;
  std::int64_t in_ms_ = 0;
  std::string user_item_;
  std::string last_item_;
  std::string reply_item_;
  std::string resp_id_;
  std::string transcript_;
  std::string tool_spec_;
  std::map<std::string, std::int64_t> item_sent_ms_;  // assistant item -> ms of audio sent
  std::set<std::string> pending_tools_;
  std::optional<ToneSource> tone_;
  std::vector<std::int16_t> turn_audio_;
  std::vector<std::int16_t> part_;
  std::vector<std::int16_t> narrow_;
  std::optional<media::Resampler> down_;
  std::size_t turn_total_ = 0;
  std::size_t turn_pos_ = 0;
  Clock::time_point turn_start_;
  std::size_t script_pos_ = 0;
  unsigned tools_after_reply_ = 0;
  ToneEstimator tone_in_;
  std::uint64_t audio_in_ = 0;
  int audio_in_rate_ = 0;
  std::uint64_t audio_out_ = 0;
  std::uint64_t before_update_ = 0;
  std::uint64_t interruptions_ = 0;
  std::uint64_t truncations_ = 0;
  std::uint64_t tool_responses_ = 0;
  std::uint64_t errors_ = 0;
  int close_code_ = 0;
  std::string close_reason_;
  std::string close_by_;
};

}  // namespace

void start_openai_session(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                          std::shared_ptr<SimShared> shared) {
  std::make_shared<OpenAiSession>(std::move(stream), std::move(upgrade), std::move(shared))
      ->start();
}

}  // namespace va::sim
