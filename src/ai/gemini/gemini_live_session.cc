// GeminiLiveSession: the A14 state machine; the socket itself is WsConnection (Beast stays there).
#include "ai/gemini/gemini_live_session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>

#include "ai/errc.h"
#include "ai/gemini/client_message.h"
#include "ai/gemini/close_reason.h"
#include "ai/gemini/server_message.h"
#include "ai/gemini/ws_connection.h"
#include "core/key_fingerprint.h"

namespace va::ai::gemini {
namespace asio = boost::asio;
using std::chrono::milliseconds;

class LiveSessionImpl : public std::enable_shared_from_this<LiveSessionImpl> {
 public:
  LiveSessionImpl(asio::any_io_executor ex, AiSessionConfig config, AiEvents events)
      : ex_(ex),
        config_(std::move(config)),
        events_(std::move(events)),
        fingerprint_(core::key_fingerprint(config_.api_key)),
        setup_timer_(ex),
        switch_timer_(ex) {
    config_.chunk = std::clamp(config_.chunk, milliseconds(10), milliseconds(100));
    chunk_samples_ = static_cast<std::size_t>(config_.chunk.count()) * 16;
  }

  void start() {
    auto url = parse_ws_url(config_.url);
    if (!url) {
      // Reported from the executor, never from inside start() (callers may hold locks).
      asio::post(ex_, [self = shared_from_this(), ec = url.error()] {
        self->fail(
            ec, std::string(describe(Errc(ec.value()))) + ": " + self->redact(self->config_.url));
      });
      return;
    }
    url_ = *url;
    VA_LOG(config_.log, info, "ai: connecting to {}://{}:{} model={} key={}",
           url_.tls ? "wss" : "ws", url_.host, url_.port, model_resource(config_.model),
           fingerprint_);
    connect("");
  }

  void send_audio(std::span<const std::int16_t> pcm) {
    if (stopped_) return;
    pending_.insert(pending_.end(), pcm.begin(), pcm.end());
    std::size_t used = 0;
    while (pending_.size() - used >= chunk_samples_) {
      emit_chunk({pending_.data() + used, chunk_samples_});
      used += chunk_samples_;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(used));
  }

  void send_control(std::string message) {
    if (stopped_) return;
    if (live_ && !switching_) {
      conn_->send(std::move(message), false);
      ++stats_.messages_out;
    } else {
      held_control_.push_back(std::move(message));
    }
  }

  // The call's watchdog: the model went silent; resume on a fresh connection with the latest
  // handle (the same switch as after goAway, A10). False when there is nothing to resume.
  bool reconnect() {
    if (stopped_ || failed_ || !live_ || switching_ || !config_.resumption || handle_.empty())
      return false;
    begin_switch("the call's watchdog: the model went silent");
    return true;
  }

  void stop() {
    if (stopped_) return;
    stopped_ = true;
    events_ = {};
    setup_timer_.cancel();
    switch_timer_.cancel();
    if (conn_) conn_->close(1000);
  }

  const UsageMetadata& usage() const { return usage_; }
  const AiSessionStats& stats() const { return stats_; }
  int last_close_code() const { return last_close_code_; }
  const std::string& last_close_reason() const { return last_close_reason_; }

 private:
  void connect(const std::string& handle) {
    ++gen_;
    ++stats_.connections;
    live_ = false;
    std::weak_ptr<LiveSessionImpl> weak = shared_from_this();
    const std::uint64_t gen = gen_;
    WsHandlers h;
    h.on_open = [weak, gen, handle] {
      if (auto s = weak.lock(); s && s->gen_ == gen) s->on_open(handle);
    };
    h.on_message = [weak, gen](std::string_view m) {
      if (auto s = weak.lock(); s && s->gen_ == gen) s->on_message(m);
    };
    h.on_closed = [weak, gen](const WsClosed& c) {
      if (auto s = weak.lock(); s && s->gen_ == gen) s->on_closed(c);
    };
    // Audio queued on the socket beyond ~1 s is dropped oldest-first on a stall (A15).
    const std::size_t max_audio = static_cast<std::size_t>(1000 / config_.chunk.count()) + 1;
    conn_ = WsConnection::create(ex_, url_, target_with_key(url_, config_.api_key),
                                 config_.max_message_bytes, max_audio, std::move(h), {},
                                 config_.tls_ca_file);
    conn_->open(config_.setup_timeout);
    setup_timer_.expires_after(config_.setup_timeout);
    setup_timer_.async_wait([weak, gen](boost::system::error_code ec) {
      auto s = weak.lock();
      if (ec || !s || s->gen_ != gen || s->live_) return;
      s->fail(Errc::SetupTimeout, "no setupComplete within " +
                                      std::to_string(s->config_.setup_timeout.count()) + " ms");
    });
  }

  void on_open(const std::string& handle) {
    // A later connection without a handle is a fresh session: tell it the conversation so far.
    if (handle.empty() && stats_.connections > 1) {
      AiSessionConfig fresh = config_;
      fresh.system_instruction = context_instruction();
      conn_->send(build_setup(fresh, handle), false);
    } else {
      conn_->send(build_setup(config_, handle), false);  // first and only the first (A4)
    }
    ++stats_.messages_out;
  }

  void on_message(std::string_view text) {
    ++stats_.messages_in;
    auto msg = parse_server_message(text);
    if (!msg) {
      // One bad message is dropped and counted; the call goes on (DESIGN: malformed input).
      if (stats_.malformed_messages++ < 5) {
        VA_LOG(config_.log, warn, "ai: dropped a {}-byte message: {}", text.size(),
               msg.error().message());
      }
      return;
    }
    if (!msg->unknown_fields.empty() && !logged_unknown_) {
      logged_unknown_ = true;
      VA_LOG(config_.log, info, "ai: ignoring unknown server field {}", msg->unknown_fields[0]);
    }
    handle(*msg);
  }

  void handle(ServerMessage& m) {
    if (m.setup_complete) on_setup_complete();
    if (m.content) on_content(*m.content);
    for (const auto& call : m.tool_calls) {
      if (events_.on_tool_call) events_.on_tool_call(call);
    }
    if (!m.tool_cancellations.empty() && events_.on_tool_cancel) {
      events_.on_tool_cancel(m.tool_cancellations);
    }
    // resumable:false with an empty handle comes while the model generates or runs a tool
    // (A6): keep the last good handle.
    if (m.resumption && m.resumption->resumable && !m.resumption->new_handle.empty()) {
      handle_ = m.resumption->new_handle;
      maybe_drain();  // a goAway that came before any handle can be acted on now
    }
    if (m.usage) {
      usage_.prompt_tokens = m.usage->prompt_tokens;
      usage_.response_tokens = m.usage->response_tokens;
      usage_.total_tokens = m.usage->total_tokens;
      usage_.prompt_audio_tokens = m.usage->prompt_audio_tokens;
      usage_.response_audio_tokens = m.usage->response_audio_tokens;
      ++usage_.messages;
      if (events_.on_usage) events_.on_usage(usage_);
    }
    if (m.go_away) on_go_away(*m.go_away);
  }

  void on_setup_complete() {
    if (live_) return;
    live_ = true;
    setup_timer_.cancel();
    resume_attempts_ = 0;
    const bool resumed = stats_.connections > 1;
    switching_ = false;
    draining_ = false;
    go_away_pending_ = false;
    model_speaking_ = false;
    for (auto& c : held_control_)
      conn_->send(std::move(c), false);
    stats_.messages_out += held_control_.size();
    held_control_.clear();
    while (!held_audio_.empty()) {
      send_chunk(held_audio_.front());
      held_audio_.pop_front();
    }
    if (resumed) {
      ++stats_.resumptions;
      VA_LOG(config_.log, info, "ai: resumed on connection {}", stats_.connections);
      if (events_.on_resumed) events_.on_resumed();
    } else if (events_.on_ready) {
      events_.on_ready();
    }
  }

  void on_content(ServerContent& c) {
    if (c.input_transcription) remember(true, c.input_transcription->text);
    if (c.output_transcription) remember(false, c.output_transcription->text);
    if (c.interrupted || c.turn_complete) said_break_ = true;
    if (c.input_transcription && events_.on_input_transcript) {
      events_.on_input_transcript(c.input_transcription->text, c.input_transcription->finished);
    }
    for (auto& chunk : c.audio) {
      model_speaking_ = true;
      stats_.audio_out_samples += chunk.samples.size();
      if (events_.on_audio) events_.on_audio(std::move(chunk));
    }
    if (c.output_transcription && events_.on_output_transcript) {
      events_.on_output_transcript(c.output_transcription->text, c.output_transcription->finished);
    }
    if (c.interrupted && events_.on_interrupted) events_.on_interrupted();
    if (c.generation_complete && events_.on_generation_complete) events_.on_generation_complete();
    if (c.turn_complete && events_.on_turn_complete) events_.on_turn_complete();
    if (c.interrupted || c.turn_complete) {
      model_speaking_ = false;
      if (draining_) begin_switch("turn ended after goAway");
    }
  }

  void on_go_away(milliseconds left) {
    VA_LOG(config_.log, info, "ai: goAway, {} ms left", left.count());
    if (events_.on_go_away) events_.on_go_away(left);
    go_away_pending_ = true;
    go_away_deadline_ = std::chrono::steady_clock::now() + left;
    maybe_drain();
  }

  // Step 3, once there is both a goAway and a handle to resume with (the handle may come later
  // than the goAway: none is given while the model generates or a tool call is pending).
  void maybe_drain() {
    if (!go_away_pending_ || !config_.resumption || handle_.empty() || draining_ || switching_) {
      return;
    }
    draining_ = true;
    if (!model_speaking_) return begin_switch("model silent at goAway");
    auto margin =
        std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(
                                      go_away_deadline_ - std::chrono::steady_clock::now()) -
                                      milliseconds(1000));
    std::weak_ptr<LiveSessionImpl> weak = shared_from_this();
    switch_timer_.expires_after(margin);
    switch_timer_.async_wait([weak](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec) s->begin_switch("1 s before the goAway deadline");
    });
  }

  // Steps 4 and 5: close the old socket (its queued audio still leaves before the close frame),
  // hold new audio, connect again with the latest handle.
  void begin_switch(const char* why) {
    if (switching_ || stopped_ || failed_) return;
    switch_timer_.cancel();
    switching_ = true;
    awaiting_close_ = true;
    VA_LOG(config_.log, info, "ai: switching connection ({})", why);
    conn_->close(1000);
    // The new connection starts once the old close handshake is done (on_closed); this timer
    // bounds the wait if the old peer never answers the close.
    std::weak_ptr<LiveSessionImpl> weak = shared_from_this();
    switch_timer_.expires_after(milliseconds(2000));
    switch_timer_.async_wait([weak](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && s->awaiting_close_ && !s->stopped_) {
        s->awaiting_close_ = false;
        s->connect(s->handle_);
      }
    });
  }

  void on_closed(const WsClosed& c) {
    if (stopped_ || failed_) return;
    if (awaiting_close_) {  // our own close before a switch (step 4)
      awaiting_close_ = false;
      switch_timer_.cancel();
      return connect(handle_);
    }
    if (c.local == Errc::Ok) {
      last_close_code_ = c.code;
      last_close_reason_ = c.reason;
    }
    VA_LOG(config_.log, info, "ai: connection closed code={} reason=\"{}\"", c.code,
           redact(c.reason));
    if (c.local != Errc::Ok) return fail(c.local, c.reason);
    auto verdict = classify_close(
        c.code, c.reason, live_ ? ClosePhase::AfterSetupComplete : ClosePhase::BeforeSetupComplete);
    const bool was_live = live_ || switching_;
    if (verdict.action == CloseAction::Fail || !was_live ||
        resume_attempts_ >= config_.max_resume_attempts) {
      return fail(verdict.error, std::to_string(c.code) + " " + c.reason);
    }
    if (!config_.resumption || handle_.empty()) {
      // No handle yet (the first comes late, and none while the model generates or runs a
      // tool): a fresh session told the transcript so far (on_open) beats ending the call.
      ++stats_.fresh_sessions;
      VA_LOG(config_.log, info,
             "ai: no resumption handle; starting a fresh session with the "
             "conversation so far ({} lines)",
             said_.size());
    }
    // Transient or planned close: resume with back-off 0.5 s, 1 s, 2 s ... (A12).
    switching_ = true;
    live_ = false;
    const auto delay =
        milliseconds(resume_attempts_ == 0 && draining_ ? 0 : 500 << resume_attempts_);
    ++resume_attempts_;
    std::weak_ptr<LiveSessionImpl> weak = shared_from_this();
    switch_timer_.expires_after(delay);
    switch_timer_.async_wait([weak](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && !s->stopped_) s->connect(s->handle_);
    });
  }

  // What was said, from the transcriptions, for a fresh session's context (bounded: the latest
  // kMaxContextChars characters).
  void remember(bool caller, std::string_view text) {
    if (text.empty()) return;
    if (said_.empty() || said_.back().caller != caller || said_break_) {
      said_.push_back(Said{caller, {}});
      said_break_ = false;
    }
    said_.back().text += text;
    said_chars_ += text.size();
    while (said_chars_ > kMaxContextChars && said_.size() > 1) {
      said_chars_ -= said_.front().text.size();
      said_.pop_front();
    }
  }

  std::string context_instruction() const {
    std::string out = config_.system_instruction;
    if (said_.empty()) return out;
    if (!out.empty()) out += "\n\n";
    out +=
        "The connection to you was lost for a moment and has been restored. The phone "
        "conversation so far (caller: the person on the phone; agent: you):\n";
    for (const auto& s : said_) {
      const auto first = s.text.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      out += s.caller ? "caller: " : "agent: ";
      out += s.text.substr(first);
      out += '\n';
    }
    out += "Continue the conversation from there; do not greet the caller again.";
    return out;
  }

  void emit_chunk(std::span<const std::int16_t> chunk) {
    if (live_ && !switching_) return send_chunk(chunk);
    held_audio_.emplace_back(chunk.begin(), chunk.end());
    stats_.buffered_during_switch += chunk.size();
    const auto max_chunks =
        static_cast<std::size_t>(config_.switch_buffer_max.count() / config_.chunk.count());
    if (held_audio_.size() > max_chunks) held_audio_.pop_front();
  }

  // Built straight into the string the write queue keeps (one exact allocation), not into a
  // scratch string copied into the queue after.
  void send_chunk(std::span<const std::int16_t> chunk) {
    std::string message;
    build_realtime_audio(chunk, 16000, message);
    conn_->send(std::move(message), true);
    ++stats_.messages_out;
    stats_.audio_in_samples += chunk.size();
  }

  void fail(std::error_code ec, const std::string& reason) {
    if (failed_ || stopped_) return;
    failed_ = true;
    setup_timer_.cancel();
    switch_timer_.cancel();
    VA_LOG(config_.log, warn, "ai: session failed: {} ({}) key={}", ec.message(), redact(reason),
           fingerprint_);
    auto on_error = std::move(events_.on_error);
    events_ = {};
    if (conn_) conn_->close(1000);
    if (on_error) on_error(ec, reason);
  }
  void fail(Errc e, const std::string& reason) { fail(make_error_code(e), reason); }

  // Never log the key (A1, A15): replace it wherever it appears.
  std::string redact(std::string text) const {
    if (config_.api_key.empty()) return text;
    for (auto pos = text.find(config_.api_key); pos != std::string::npos;
         pos = text.find(config_.api_key)) {
      text.replace(pos, config_.api_key.size(), "<key " + fingerprint_ + ">");
    }
    return text;
  }

  struct Said {
    bool caller = false;
    std::string text;
  };
  static constexpr std::size_t kMaxContextChars = 8000;

  asio::any_io_executor ex_;
  AiSessionConfig config_;
  AiEvents events_;
  std::string fingerprint_;
  WsUrl url_;
  std::shared_ptr<WsConnection> conn_;
  asio::steady_timer setup_timer_;
  asio::steady_timer switch_timer_;
  std::uint64_t gen_ = 0;
  bool live_ = false;
  bool switching_ = false;
  bool draining_ = false;
  bool awaiting_close_ = false;
  bool model_speaking_ = false;
  bool stopped_ = false;
  bool failed_ = false;
  bool logged_unknown_ = false;
  bool go_away_pending_ = false;  // a goAway on this connection, not yet acted on
  std::chrono::steady_clock::time_point go_away_deadline_;
  std::deque<Said> said_;
  std::size_t said_chars_ = 0;
  bool said_break_ = false;  // the next fragment starts a new line (a turn ended)
  int resume_attempts_ = 0;
  std::string handle_;
  std::size_t chunk_samples_ = 320;
  std::vector<std::int16_t> pending_;
  std::deque<std::vector<std::int16_t>> held_audio_;
  std::vector<std::string> held_control_;
  UsageMetadata usage_;
  AiSessionStats stats_;
  int last_close_code_ = 0;
  std::string last_close_reason_;
};

GeminiLiveSession::GeminiLiveSession(asio::any_io_executor executor, AiSessionConfig config,
                                     AiEvents events)
    : impl_(std::make_shared<LiveSessionImpl>(executor, std::move(config), std::move(events))) {}

GeminiLiveSession::~GeminiLiveSession() {
  impl_->stop();
}

void GeminiLiveSession::start() {
  impl_->start();
}
void GeminiLiveSession::send_audio(std::span<const std::int16_t> pcm) {
  impl_->send_audio(pcm);
}
void GeminiLiveSession::send_text(std::string_view text) {
  impl_->send_control(build_realtime_text(text));
}
void GeminiLiveSession::send_tool_response(const std::string& id, const std::string& name,
                                           std::string_view output_json) {
  impl_->send_control(build_tool_response(id, name, output_json, scheduling_for(name)));
}
void GeminiLiveSession::stop() {
  impl_->stop();
}
bool GeminiLiveSession::reconnect() {
  return impl_->reconnect();
}
const UsageMetadata& GeminiLiveSession::usage() const {
  return impl_->usage();
}
const AiSessionStats& GeminiLiveSession::stats() const {
  return impl_->stats();
}
int GeminiLiveSession::last_close_code() const {
  return impl_->last_close_code();
}
const std::string& GeminiLiveSession::last_close_reason() const {
  return impl_->last_close_reason();
}

}  // namespace va::ai::gemini
