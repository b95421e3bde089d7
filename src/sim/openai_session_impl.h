// OpenAiSession: the simulator's side of one OpenAI Realtime GA connection (ai-live-protocols.md
// D2), private to sim/. openai_session.cc holds its life (upgrade, checks, read loop, write queue,
// close, the log); openai_session_input.cc the caller's side (audio in, VAD, items, truncate);
// openai_session_response.cc the model's side (responses, audio deltas, function calls). Rules
// are numbered as D2 at the head of openai_session.cc. A session lives on the one thread that
// runs its socket's executor; SimShared is the only thing it shares.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "media/resampler.h"
#include "sim/energy_vad.h"
#include "sim/openai_session.h"
#include "sim/openai_session_config.h"
#include "sim/reply_source.h"
#include "sim/sim_shared.h"
#include "sim/tone_estimator.h"

namespace va::sim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
namespace json = boost::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

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

  void start();
  void shutdown() override;

 private:
  static constexpr std::size_t kMaxAppendBytes = 15 * 1024 * 1024;  // C5

  struct CloseItem {
    int code;
    std::string reason;
  };

  // Life (openai_session.cc).
  static asio::awaitable<void> run(std::shared_ptr<OpenAiSession> self);
  asio::awaitable<void> serve();
  void read_request();
  bool key_ok() const;
  void on_open();
  // After the first session.updated: the faults that play out during the call (rule 14).
  void arm_faults();
  asio::awaitable<void> read_loop();
  void on_message(std::string_view text);
  void on_session_update(const json::object& o);
  std::string next_id(const char* prefix);
  void send_error(const OpenAiError& e);
  void send_event(json::object o);
  void close_with(int code, std::string reason);
  void write_next();
  void cancel_timers();
  void log_start();
  void finish();
  template <class F>
  void after(asio::steady_timer& timer, milliseconds delay, F f) {
    timer.expires_after(delay);
    timer.async_wait([weak = weak_from_this(), f](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && !s->closing_) f(*s);
    });
  }

  // The caller's side (openai_session_input.cc).
  void on_append(const json::object& o);
  void on_audio(std::span<const std::int16_t> pcm, int rate);
  void on_speech_started();
  void on_speech_stopped(int rate);
  void commit_user_item(const std::string& words);
  std::string caller_words(int rate) const;
  void on_commit();
  void on_item_create(const json::object& o);
  void on_text(const std::string& text);
  void on_truncate(const json::object& o);

  // The model's side (openai_session_response.cc).
  void on_response_create();
  void on_response_cancel();
  // Rule 10 (or 13 when a tool was asked for).
  void start_response();
  // response.created and rate_limits.updated (rule 10).
  void open_response();
  void audio_reply();
  void build_reply();
  void send_next_delta();
  // PCM16 24 kHz -> the session's output format, base64.
  std::string encode_output(std::span<const std::int16_t> pcm);
  void finish_response();
  void send_response_done(const char* status, const char* reason);
  // Rule 11.
  void cancel_response(const char* reason);
  // Rule 13: a response whose output is one function call.
  void function_call(const std::string& spec);

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

}  // namespace va::sim
