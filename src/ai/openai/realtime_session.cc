// OpenAiRealtimeSession: the C1-C10 state machine; the socket is gemini::WsConnection (the one
// Beast/OpenSSL client file) with the key in the Authorization header.
#include "ai/openai/realtime_session.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <deque>

#include "ai/gemini/ws_connection.h"
#include "ai/gemini/ws_url.h"
#include "ai/openai/realtime_message.h"
#include "core/key_fingerprint.h"
#include "media/resampler.h"

namespace va::ai::openai {
namespace asio = boost::asio;
using gemini::WsClosed;
using gemini::WsConnection;
using gemini::WsHandlers;
using gemini::WsUrl;
using std::chrono::milliseconds;
using Kind = RealtimeEvent::Kind;

std::string target_with_model(std::string_view target, std::string_view model) {
  std::string out(target.empty() ? "/" : target);
  out += out.find('?') == std::string::npos ? '?' : '&';
  out += "model=";
  out += boost::urls::encode(model, boost::urls::unreserved_chars);
  return out;
}

Errc fatal_error_for(std::string_view code) {
  if (code == "invalid_api_key") return Errc::BadKey;
  if (code == "insufficient_quota" || code == "rate_limit_exceeded") return Errc::Quota;
  if (code == "model_not_found") return Errc::BadModel;
  if (code == "beta_api_shape_disabled") return Errc::InvalidArgument;
  return Errc::Ok;
}

Errc error_for_close(int code, std::string_view reason) {
  const auto dot = reason.rfind('.');
  if (dot != std::string_view::npos) {
    if (auto e = fatal_error_for(reason.substr(dot + 1)); e != Errc::Ok) return e;
  }
  if (reason.find("quota") != std::string_view::npos) return Errc::Quota;
  if (code == 3000) return Errc::BadKey;
  return Errc::ServerGone;
}

class RealtimeSessionImpl : public std::enable_shared_from_this<RealtimeSessionImpl> {
 public:
  RealtimeSessionImpl(asio::any_io_executor ex, AiSessionConfig config, AiEvents events)
      : ex_(ex),
        config_(std::move(config)),
        events_(std::move(events)),
        fingerprint_(core::key_fingerprint(config_.api_key)),
        setup_timer_(ex),
        upsample_(16000, kAudioRate) {
    config_.chunk = std::clamp(config_.chunk, milliseconds(10), milliseconds(100));
    chunk_samples_ = static_cast<std::size_t>(config_.chunk.count()) * (kAudioRate / 1000);
  }

  void start() {
    auto url = gemini::parse_ws_url(config_.url);
    if (!url) {
      asio::post(ex_, [self = shared_from_this(), ec = url.error()] {
        self->fail(ec, std::string(describe(Errc(ec.value()))) + ": " + self->config_.url);
      });
      return;
    }
    url_ = *url;
    VA_LOG(config_.log, info, "ai: connecting to OpenAI Realtime {}://{}:{} model={} key={}",
           url_.tls ? "wss" : "ws", url_.host, url_.port, config_.model, fingerprint_);
    ++stats_.connections;
    std::weak_ptr<RealtimeSessionImpl> weak = shared_from_this();
    WsHandlers h;
    h.on_open = [] {};  // the server speaks first (session.created, C3)
    h.on_message = [weak](std::string_view m) {
      if (auto s = weak.lock()) s->on_message(m);
    };
    h.on_closed = [weak](const WsClosed& c) {
      if (auto s = weak.lock()) s->on_closed(c);
    };
    const std::size_t max_audio = static_cast<std::size_t>(1000 / config_.chunk.count()) + 1;
    conn_ = WsConnection::create(ex_, url_, target_with_model(url_.target, config_.model),
                                 config_.max_message_bytes, max_audio, std::move(h),
                                 "Bearer " + config_.api_key, config_.tls_ca_file);
    conn_->open(config_.setup_timeout);
    setup_timer_.expires_after(config_.setup_timeout);
    setup_timer_.async_wait([weak](boost::system::error_code ec) {
      auto s = weak.lock();
      if (ec || !s || s->live_) return;
      s->fail(Errc::SetupTimeout, "no session.updated within " +
                                      std::to_string(s->config_.setup_timeout.count()) + " ms");
    });
  }

  void send_audio(std::span<const std::int16_t> pcm16k) {
    if (stopped_ || failed_) return;
    upsample_.process(pcm16k, pending_);
    std::size_t used = 0;
    while (pending_.size() - used >= chunk_samples_) {
      emit_chunk({pending_.data() + used, chunk_samples_});
      used += chunk_samples_;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(used));
  }

  void send_control(std::string message) {
    if (stopped_ || failed_) return;
    if (!live_) return held_control_.push_back(std::move(message));
    conn_->send(std::move(message), false);
    ++stats_.messages_out;
  }

  void playout_flushed(milliseconds unplayed) {
    if (interrupting_) unplayed_ = std::max(unplayed_, unplayed);
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    events_ = {};
    setup_timer_.cancel();
    if (conn_) conn_->close(1000);
  }

  const UsageMetadata& usage() const { return usage_; }
  const AiSessionStats& stats() const { return stats_; }
  int last_close_code() const { return last_close_code_; }
  const std::string& last_close_reason() const { return last_close_reason_; }

 private:
  void on_message(std::string_view text) {
    if (stopped_ || failed_) return;
    ++stats_.messages_in;
    auto ev = parse_realtime_event(text);
    if (!ev) {
      if (stats_.malformed_messages++ < 5) {
        VA_LOG(config_.log, warn, "ai: dropped a {}-byte OpenAI message: {}", text.size(),
               ev.error().message());
      }
      return;
    }
    handle(*ev);
  }

  void handle(RealtimeEvent& ev) {
    switch (ev.kind) {
      case Kind::SessionCreated:
        if (!sent_update_) {
          sent_update_ = true;
          conn_->send(build_session_update(config_), false);
          ++stats_.messages_out;
        }
        break;
      case Kind::SessionUpdated:
        on_live();
        break;
      case Kind::AudioDelta:
        if (ev.item_id != item_id_) {
          item_id_ = ev.item_id;
          item_samples_ = 0;
        }
        item_samples_ += ev.audio.samples.size();
        stats_.audio_out_samples += ev.audio.samples.size();
        if (events_.on_audio) events_.on_audio(std::move(ev.audio));
        break;
      case Kind::SpeechStarted:
        on_speech_started();
        break;
      case Kind::OutputTranscriptDelta:
        if (events_.on_output_transcript) events_.on_output_transcript(ev.text, false);
        break;
      case Kind::OutputTranscriptDone:
        if (events_.on_output_transcript) events_.on_output_transcript("", true);
        break;
      case Kind::InputTranscriptDelta:
        input_delta_items_.push_back(ev.item_id);
        if (input_delta_items_.size() > 8) input_delta_items_.pop_front();
        if (events_.on_input_transcript) events_.on_input_transcript(ev.text, false);
        break;
      case Kind::InputTranscriptDone: {
        // The completed event repeats the whole text: only send it if no delta carried it.
        const bool had_deltas = std::find(input_delta_items_.begin(), input_delta_items_.end(),
                                          ev.item_id) != input_delta_items_.end();
        if (events_.on_input_transcript) {
          events_.on_input_transcript(had_deltas ? std::string_view() : ev.text, true);
        }
        break;
      }
      case Kind::FunctionCallDone:
        if (events_.on_tool_call) events_.on_tool_call(ev.call);
        break;
      case Kind::ResponseDone:
        on_response_done(ev);
        break;
      case Kind::RateLimits:
        for (const auto& rl : ev.rate_limits) {
          if (rl.remaining == 0 && rl.limit > 0) {
            VA_LOG(config_.log, warn, "ai: OpenAI rate limit {} exhausted (reset in {} s)", rl.name,
                   rl.reset_seconds);
          }
        }
        break;
      case Kind::Error:
        on_error_event(ev.error);
        break;
      case Kind::Truncated:
      case Kind::ResponseCreated:
      case Kind::SpeechStopped:
      case Kind::Other:
        break;
    }
  }

  void on_live() {
    if (live_) return;
    live_ = true;
    setup_timer_.cancel();
    for (auto& c : held_control_)
      conn_->send(std::move(c), false);
    stats_.messages_out += held_control_.size();
    held_control_.clear();
    while (!held_audio_.empty()) {
      send_chunk(held_audio_.front());
      held_audio_.pop_front();
    }
    if (events_.on_ready) events_.on_ready();
  }

  // C9: flush at once, then truncate the item at what the caller actually heard.
  void on_speech_started() {
    if (item_id_.empty() || item_samples_ == 0) return;
    interrupting_ = true;
    unplayed_ = milliseconds(0);
    ++interruptions_;
    if (events_.on_interrupted) events_.on_interrupted();
    interrupting_ = false;
    if (stopped_ || failed_) return;
    const auto received = static_cast<std::int64_t>(item_samples_ * 1000 / kAudioRate);
    const auto played = std::clamp<std::int64_t>(received - unplayed_.count(), 0, received);
    if (unplayed_.count() > 0) {  // only when something was really cut off (C9 step 4)
      VA_LOG(config_.log, info, "ai: barge-in: truncating {} at {} of {} ms", item_id_, played,
             received);
      send_control(build_truncate(item_id_, played));
    }
    item_id_.clear();
    item_samples_ = 0;
  }

  void on_response_done(const RealtimeEvent& ev) {
    if (ev.has_usage) {
      usage_.prompt_tokens += ev.usage.prompt_tokens;
      usage_.response_tokens += ev.usage.response_tokens;
      usage_.total_tokens += ev.usage.total_tokens;
      ++usage_.messages;
      if (events_.on_usage) events_.on_usage(usage_);
    }
    if (ev.status == "failed") {
      VA_LOG(config_.log, warn, "ai: OpenAI response failed: {} {}", ev.error.code,
             ev.error.message);
    }
    if (events_.on_generation_complete) events_.on_generation_complete();
    if (events_.on_turn_complete) events_.on_turn_complete();
  }

  void on_error_event(const RealtimeError& e) {
    VA_LOG(config_.log, warn, "ai: OpenAI error {}/{} {}: {}", e.type, e.code, e.param, e.message);
    if (auto fatal = fatal_error_for(e.code); fatal != Errc::Ok) {
      fatal_ = fatal;
      fatal_reason_ = e.type + "." + e.code + ": " + e.message;
      return;
    }
    // Our session.update refused: the session would run misconfigured, so it fails now.
    if (sent_update_ && !live_) {
      const bool voice = e.param.find("voice") != std::string::npos;
      fail(voice ? Errc::BadVoice : Errc::InvalidArgument,
           e.code + " " + e.param + ": " + e.message);
    }
  }

  void on_closed(const WsClosed& c) {
    if (stopped_ || failed_) return;
    if (c.local == Errc::Ok) {
      last_close_code_ = c.code;
      last_close_reason_ = c.reason;
    }
    VA_LOG(config_.log, info, "ai: OpenAI connection closed code={} reason=\"{}\"", c.code,
           c.reason);
    if (fatal_ != Errc::Ok) return fail(fatal_, fatal_reason_);
    if (c.local != Errc::Ok) return fail(c.local, c.reason);
    fail(error_for_close(c.code, c.reason), std::to_string(c.code) + " " + c.reason);
  }

  void emit_chunk(std::span<const std::int16_t> chunk) {
    if (live_) return send_chunk(chunk);
    held_audio_.emplace_back(chunk.begin(), chunk.end());
    stats_.buffered_during_switch += chunk.size();
    const auto max_chunks =
        static_cast<std::size_t>(config_.switch_buffer_max.count() / config_.chunk.count());
    if (held_audio_.size() > max_chunks) held_audio_.pop_front();
  }

  // Built straight into the string the write queue keeps (one exact allocation).
  void send_chunk(std::span<const std::int16_t> chunk) {
    std::string message;
    build_audio_append(chunk, message);
    conn_->send(std::move(message), true);
    ++stats_.messages_out;
    stats_.audio_in_samples += chunk.size() * 2 / 3;  // counted at 16 kHz like Gemini's
  }

  void fail(std::error_code ec, const std::string& reason) {
    if (failed_ || stopped_) return;
    failed_ = true;
    setup_timer_.cancel();
    VA_LOG(config_.log, warn, "ai: OpenAI session failed: {} ({}) key={}", ec.message(), reason,
           fingerprint_);
    auto on_error = std::move(events_.on_error);
    events_ = {};
    if (conn_) conn_->close(1000);
    if (on_error) on_error(ec, reason);
  }
  void fail(Errc e, const std::string& reason) { fail(make_error_code(e), reason); }

  asio::any_io_executor ex_;
  AiSessionConfig config_;
  AiEvents events_;
  std::string fingerprint_;
  WsUrl url_;
  std::shared_ptr<WsConnection> conn_;
  asio::steady_timer setup_timer_;
  media::Resampler upsample_;
  bool sent_update_ = false;
  bool live_ = false;
  bool stopped_ = false;
  bool failed_ = false;
  bool interrupting_ = false;
  milliseconds unplayed_{0};
  std::uint64_t interruptions_ = 0;
  Errc fatal_ = Errc::Ok;
  std::string fatal_reason_;
  std::string item_id_;  // the assistant item whose audio is being played
  std::size_t item_samples_ = 0;
  std::deque<std::string> input_delta_items_;
  std::size_t chunk_samples_ = 480;
  std::vector<std::int16_t> pending_;
  std::deque<std::vector<std::int16_t>> held_audio_;
  std::vector<std::string> held_control_;
  UsageMetadata usage_;
  AiSessionStats stats_;
  int last_close_code_ = 0;
  std::string last_close_reason_;
};

OpenAiRealtimeSession::OpenAiRealtimeSession(asio::any_io_executor executor, AiSessionConfig config,
                                             AiEvents events)
    : impl_(std::make_shared<RealtimeSessionImpl>(executor, std::move(config), std::move(events))) {
}

OpenAiRealtimeSession::~OpenAiRealtimeSession() {
  impl_->stop();
}

void OpenAiRealtimeSession::start() {
  impl_->start();
}
void OpenAiRealtimeSession::send_audio(std::span<const std::int16_t> pcm) {
  impl_->send_audio(pcm);
}
// A user text item (DTMF digits, instructions) and a response to it (C5).
void OpenAiRealtimeSession::send_text(std::string_view text) {
  impl_->send_control(build_user_text(text));
  impl_->send_control(build_response_create());
}
void OpenAiRealtimeSession::send_tool_response(const std::string& id, const std::string&,
                                               std::string_view output_json) {
  impl_->send_control(build_function_output(id, output_json));
  impl_->send_control(build_response_create());
}
void OpenAiRealtimeSession::playout_flushed(std::chrono::milliseconds unplayed) {
  impl_->playout_flushed(unplayed);
}
void OpenAiRealtimeSession::stop() {
  impl_->stop();
}
const UsageMetadata& OpenAiRealtimeSession::usage() const {
  return impl_->usage();
}
const AiSessionStats& OpenAiRealtimeSession::stats() const {
  return impl_->stats();
}
int OpenAiRealtimeSession::last_close_code() const {
  return impl_->last_close_code();
}
const std::string& OpenAiRealtimeSession::last_close_reason() const {
  return impl_->last_close_reason();
}

}  // namespace va::ai::openai
