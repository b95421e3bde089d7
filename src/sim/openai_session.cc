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
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include "core/key_fingerprint.h"
#include "sim/openai_session_impl.h"

namespace va::sim {

bool is_openai_target(std::string_view target) {
  return target.substr(0, target.find('?')) == kOpenAiPath;
}

namespace {

constexpr std::string_view kQuotaMessage =
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors.";

// "sk-...abcd": how the service quotes a key in its error message (never the whole key).
std::string masked(const std::string& key) {
  if (key.size() <= 8) return "<empty>";
  return key.substr(0, 3) + "*****" + key.substr(key.size() - 4);
}

}  // namespace

void OpenAiSession::start() {
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

void OpenAiSession::shutdown() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->close_with(1001, "The service is shutting down.");
  });
}

asio::awaitable<void> OpenAiSession::run(std::shared_ptr<OpenAiSession> self) {
  co_await self->serve();
  self->finish();
}

asio::awaitable<void> OpenAiSession::serve() {
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
    send_error({"invalid_request_error", "invalid_api_key",
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

void OpenAiSession::read_request() {
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

bool OpenAiSession::key_ok() const {
  if (key_.empty()) return false;
  return cfg_.keys.empty() || cfg_.keys.contains(key_) || cfg_.quota_keys.contains(key_);
}

void OpenAiSession::on_open() {
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
void OpenAiSession::arm_faults() {
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

asio::awaitable<void> OpenAiSession::read_loop() {
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

void OpenAiSession::on_message(std::string_view text) {
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

void OpenAiSession::on_session_update(const json::object& o) {
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

std::string OpenAiSession::next_id(const char* prefix) {
  return fmt::format("{}{:x}{:06}", prefix, id_, ++ids_);
}

void OpenAiSession::send_error(const OpenAiError& e) {
  json::object err{{"type", e.type},
                   {"code", e.code.empty() ? json::value(nullptr) : json::value(e.code)},
                   {"message", e.message},
                   {"param", e.param.empty() ? json::value(nullptr) : json::value(e.param)},
                   {"event_id", client_event_id_.empty() ? json::value(nullptr)
                                                         : json::value(client_event_id_)}};
  ++errors_;
  send_event({{"type", "error"}, {"error", std::move(err)}});
}

void OpenAiSession::send_event(json::object o) {
  if (closing_ || !open_ || stalled_) return;
  json::object out{{"type", o["type"]}, {"event_id", next_id("event_")}};
  for (auto& kv : o) {
    if (kv.key() != "type") out[kv.key()] = std::move(kv.value());
  }
  queue_.emplace_back(json::serialize(out));
  if (!writing_) write_next();
}

void OpenAiSession::close_with(int code, std::string reason) {
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

void OpenAiSession::write_next() {
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

void OpenAiSession::cancel_timers() {
  reply_timer_.cancel();
  life_timer_.cancel();
  fault_timer_.cancel();
}

void OpenAiSession::log_start() {
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

void OpenAiSession::finish() {
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
      // As the last session.update set them: what the model was told (a failover's context).
      {"instructions", session_.instructions},
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

void start_openai_session(beast::tcp_stream stream, http::request<http::string_body> upgrade,
                          std::shared_ptr<SimShared> shared) {
  std::make_shared<OpenAiSession>(std::move(stream), std::move(upgrade), std::move(shared))
      ->start();
}

}  // namespace va::sim
