// SimSession's life: the HTTP requests before the upgrade (TTS, 404), the WebSocket upgrade
// with the key, the read loop, the write queue (one write-like Beast operation at a time),
// closing and the session log (ai-live-protocols.md D1.1-D1.4, D1.21).
#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <cstring>
#include <deque>
#include <optional>
#include <variant>

#include "core/key_fingerprint.h"
#include "sim/analysis_endpoint.h"
#include "sim/client_message_parser.h"
#include "sim/energy_vad.h"
#include "sim/openai_session.h"
#include "sim/sim_session_impl.h"
#include "sim/tone_estimator.h"
#include "sim/tts_endpoint.h"

namespace va::sim {
namespace {
void pretty(const json::value& v, std::string& out, int indent) {
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.empty()) return void(out += "{}");
    out += "{\n";
    bool first = true;
    for (const auto& kv : o) {
      if (!first) out += ",\n";
      first = false;
      out += pad + json::serialize(json::string(kv.key())) + ": ";
      pretty(kv.value(), out, indent + 2);
    }
    out += "\n" + std::string(static_cast<std::size_t>(indent), ' ') + "}";
  } else if (v.is_array()) {
    const auto& a = v.get_array();
    if (a.empty()) return void(out += "[]");
    out += "[\n";
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (i) out += ",\n";
      out += pad;
      pretty(a[i], out, indent + 2);
    }
    out += "\n" + std::string(static_cast<std::size_t>(indent), ' ') + "]";
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

std::string pretty(const json::value& v) {
  std::string out;
  pretty(v, out, 0);
  out += "\n";
  return out;
}

std::string duration_string(milliseconds ms) {
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + "s";
  return fmt::format("{}.{:03}s", ms.count() / 1000, ms.count() % 1000);
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void SimSession::start() {
  accepted_at_ms_ = wall_ms();
  id_ = shared_->add_session(weak_from_this());
  if (id_ == 0) {  // accepted just as the simulator stopped
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  bump(shared_->counters.sessions_open);
  bump(shared_->counters.sessions_total);
  asio::co_spawn(ws_.get_executor(), run(shared_from_this()), asio::detached);
}

void SimSession::shutdown() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->close_with(1001, "The service is shutting down.");
  });
}

asio::awaitable<void> SimSession::run(std::shared_ptr<SimSession> self) {
  co_await self->serve();
  self->finish();
}

asio::awaitable<void> SimSession::serve() {
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  // Plain HTTP requests (the TTS endpoint, B) until the WebSocket upgrade; keep-alive honoured.
  for (;;) {
    req = {};
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(15));
    co_await http::async_read(ws_.next_layer(), buffer, req, token);
    if (ec) co_return;
    beast::get_lowest_layer(ws_).expires_never();
    if (websocket::is_upgrade(req) && path_ok(req.target())) break;
    if (websocket::is_upgrade(req) && is_openai_target(req.target())) {
      // OpenAI Realtime on the same port (D2): that session takes the connection over.
      shared_->counters.sessions_total.fetch_sub(1, std::memory_order_relaxed);
      start_openai_session(std::move(ws_.next_layer()), std::move(req), shared_);
      co_return;
    }
    auto res =
        is_tts_target(req.target()) ? answer_generate_content(req, *shared_) : not_found(req);
    co_await http::async_write(ws_.next_layer(), res, token);
    if (ec || !res.keep_alive()) co_return;
  }
  read_key(req);
  websocket::stream_base::timeout t{};
  t.handshake_timeout = std::chrono::seconds(15);
  t.idle_timeout = websocket::stream_base::none();
  t.keep_alive_pings = false;
  ws_.set_option(t);
  ws_.read_message_max(cfg_.max_message_bytes);
  // The upgrade succeeds even for a bad key: the service rejects after it (D1.1).
  co_await ws_.async_accept(req, token);
  if (ec) co_return;
  upgraded_at_ms_ = wall_ms();
  ws_.binary(!cfg_.text_frames);
  open_ = true;
  co_await read_loop();
}

http::response<http::string_body> SimSession::not_found(
    const http::request<http::string_body>& req) {
  http::response<http::string_body> res{http::status::not_found, req.version()};
  res.set(http::field::content_type, "text/plain");
  res.keep_alive(false);
  res.body() = "Not Found\n";
  res.prepare_payload();
  return res;
}

bool SimSession::path_ok(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  return path == kLivePath ||
         path == "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent";
}

void SimSession::read_key(const http::request<http::string_body>& req) {
  if (auto it = req.find("x-goog-api-key"); it != req.end()) key_ = std::string(it->value());
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return;
  for (auto param : url->params()) {
    if (param.key == "key" || param.key == "access_token") key_ = param.value;
  }
}

asio::awaitable<void> SimSession::read_loop() {
  beast::error_code ec;
  beast::flat_buffer buffer;
  for (;;) {
    buffer.clear();
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    auto data = buffer.cdata();
    const std::string_view text{static_cast<const char*>(data.data()), data.size()};
    if (live_ && !closing_) {
      if (auto rate = parse_compact_audio(text, in_bytes_)) {
        in_samples_.resize(in_bytes_.size() / 2);  // PCM16 LE on a little-endian host (A7)
        std::memcpy(in_samples_.data(), in_bytes_.data(), in_samples_.size() * 2);
        on_audio(in_samples_, *rate);
        continue;
      }
    }
    on_message(text);
  }
  if (ec == websocket::error::closed && close_code_ == 0) {
    close_code_ = ws_.reason().code;
    close_reason_ = std::string(ws_.reason().reason.c_str());
    close_by_ = "client";
  } else if (close_code_ == 0) {
    close_code_ = 1006;
    close_reason_ = ec.message();
    close_by_ = "client";
  }
}

void SimSession::send(std::string message) {
  if (closing_ || !open_) return;
  queue_.push_back(std::move(message));
  if (!writing_) write_next();
}

void SimSession::send_shared(const std::shared_ptr<const std::string>& message) {
  if (closing_ || !open_) return;
  queue_.push_back(message);
  if (!writing_) write_next();
}

void SimSession::close_with(int code, std::string reason) {
  if (closing_) return;
  if (code != 1011 || reason != kDeadline) {
    if (code != 1001) bump(shared_->counters.rejected);
  }
  closing_ = true;
  close_code_ = code;
  // Close reasons are capped at 123 bytes and cut mid-word (A12).
  close_reason_ = reason.substr(0, 123);
  close_by_ = "server";
  cancel_timers();
  if (!open_) {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  queue_.push_back(CloseItem{code, close_reason_});
  if (!writing_) write_next();
}

void SimSession::write_next() {
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
  const auto& front = queue_.front();
  auto data = std::holds_alternative<std::string>(front)
                  ? asio::buffer(std::get<std::string>(front))
                  : asio::buffer(*std::get<std::shared_ptr<const std::string>>(front));
  ws_.async_write(data, [self](beast::error_code ec, std::size_t) {
    self->writing_ = false;
    self->queue_.pop_front();
    if (ec) {
      self->queue_.clear();
      return;
    }
    self->write_next();
  });
}

void SimSession::cancel_timers() {
  reply_timer_.cancel();
  turn_timer_.cancel();
  life_timer_.cancel();
  fault_timer_.cancel();
  handle_timer_.cancel();
}

void SimSession::log_start() {
  if (!shared_->log.enabled()) return;
  shared_->log.write_line(
      json::serialize(json::object{{"event", "session_start"},
                                   {"session", id_},
                                   {"conversation", conv_->id},
                                   {"key_fp", key_fp_},
                                   {"model", setup_.model},
                                   {"voice", setup_.voice},
                                   {"language", setup_.language},
                                   {"system_instruction", setup_.system_instruction},
                                   {"resumed", resumed_},
                                   {"mode", reply_mode_name(cfg_.mode)}}));
}

void SimSession::finish() {
  closing_ = true;
  cancel_timers();
  if (conv_) shared_->detach(*conv_);
  shared_->remove_session(id_);
  shared_->counters.sessions_open.fetch_sub(1, std::memory_order_relaxed);
  if (!shared_->log.enabled()) return;
  if (!got_setup_) return log_without_setup();
  const int in_rate = audio_in_rate_ ? audio_in_rate_ : 16000;
  json::object line{
      {"event", "session_end"},
      {"session", id_},
      {"key_fp", key_fp_},
      {"model", setup_.model},
      {"resumed", resumed_},
      {"audio_in_samples", audio_in_},
      {"audio_in_rate", in_rate},
      {"audio_in_ms", audio_in_ * 1000 / static_cast<std::uint64_t>(in_rate)},
      {"audio_in_dominant_hz",
       tone_in_.dominant_hz() ? json::value(*tone_in_.dominant_hz()) : json::value(nullptr)},
      {"audio_out_samples", audio_out_},
      {"audio_out_rate", kOutputRate},
      {"audio_out_ms", audio_out_ / 24},
      {"messages_before_setup_complete", before_setup_},
      {"interruptions", interruptions_},
      {"tool_responses", tool_responses_},
      {"not_resumable_updates", not_resumable_updates_},
      {"close_code", close_code_},
      {"close_reason", close_reason_},
      {"closed_by", close_by_},
      {"accepted_at_ms", accepted_at_ms_},
      {"upgraded_at_ms", upgraded_at_ms_},
      {"setup_at_ms", setup_at_ms_},
      {"setup_complete_at_ms", setup_complete_at_ms_}};
  if (conv_) {
    line["conversation"] = conv_->id;
    line["conversation_audio_in_samples"] = conv_->audio_in_samples;
    line["conversation_audio_in_fnv"] = fmt::format("{:016x}", conv_->audio_in_fnv);
    line["conversation_connections"] = conv_->connections;
  }
  shared_->log.write_line(json::serialize(line));
}

void SimSession::log_timing(const char* event) {
  if (!shared_->log.enabled()) return;
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  shared_->log.write_line(json::serialize(
      json::object{{"event", event}, {"session", id_}, {"key_fp", key_fp_}, {"at_unix_us", us}}));
}

void SimSession::note_audio_onset(std::span<const std::int16_t> samples) {
  double energy = 0;
  for (auto s : samples)
    energy += static_cast<double>(s) * s;
  const bool loud =
      !samples.empty() && energy / static_cast<double>(samples.size()) >=
                              static_cast<double>(cfg_.vad_threshold) * cfg_.vad_threshold;
  if (loud && quiet_messages_ >= 3) log_timing("audio_in_onset");
  quiet_messages_ = loud ? 0 : quiet_messages_ + 1;
}

// A connection that never sent its setup (a client that gave up, or a plain HTTP request):
// logged only once it was upgraded, with its milestones, so a load test can tell a late
// connection from a late answer.
void SimSession::log_without_setup() {
  if (upgraded_at_ms_ == 0) return;
  shared_->log.write_line(json::serialize(json::object{{"event", "session_without_setup"},
                                                       {"session", id_},
                                                       {"accepted_at_ms", accepted_at_ms_},
                                                       {"upgraded_at_ms", upgraded_at_ms_},
                                                       {"close_code", close_code_},
                                                       {"close_reason", close_reason_},
                                                       {"closed_by", close_by_}}));
}

void start_sim_session(tcp::socket socket, std::shared_ptr<SimShared> shared) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<SimSession>(std::move(socket), std::move(shared))->start();
}

}  // namespace va::sim
