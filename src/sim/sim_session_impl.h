// SimSession: the simulator's side of one Live connection (ai-live-protocols.md D1.1-D1.21),
// private to sim/. sim_session.cc holds its life (upgrade, read loop, write queue, close, the
// log); sim_session_turns.cc the protocol it speaks (setup, audio in, replies, barge-in, tools).
// A session lives on the one thread that runs its socket's executor; SimShared is the only
// thing it shares.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/client_message_parser.h"
#include "sim/energy_vad.h"
#include "sim/reply_source.h"
#include "sim/sim_session.h"
#include "sim/sim_shared.h"
#include "sim/tone_estimator.h"
#include "sim/tone_parts.h"

namespace va::sim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

inline constexpr std::string_view kBadKey = "API key not valid. Please pass a valid API key.";
inline constexpr std::string_view kQuota =
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
inline constexpr std::string_view kDeadline = "Deadline expired before operation could complete.";
inline constexpr std::string_view kEntityNotFound = "Requested entity was not found.";
inline constexpr std::string_view kInternalError = "Internal error occurred.";

// Writes queued on one connection before the model's audio waits for the socket (~1-2 s of parts).
inline constexpr std::size_t kMaxQueuedWrites = 50;

struct CloseItem {
  int code;
  std::string reason;
};

// Server JSON is pretty-printed: 2-space indent, trailing newline (A2, D1.4).
std::string pretty(const json::value& v);
// A protobuf Duration as JSON writes it: "10s", "1.500s".
std::string duration_string(milliseconds ms);

class SimSession final : public SimSessionBase, public std::enable_shared_from_this<SimSession> {
 public:
  SimSession(tcp::socket socket, std::shared_ptr<SimShared> shared)
      : ws_(std::move(socket)),
        shared_(std::move(shared)),
        cfg_(shared_->config),
        reply_timer_(ws_.get_executor()),
        turn_timer_(ws_.get_executor()),
        life_timer_(ws_.get_executor()),
        fault_timer_(ws_.get_executor()),
        handle_timer_(ws_.get_executor()),
        vad_(cfg_.vad_threshold, cfg_.default_prefix_ms, cfg_.default_silence_ms) {}

  void start();

  void shutdown() override;

 private:
  static asio::awaitable<void> run(std::shared_ptr<SimSession> self);

  asio::awaitable<void> serve();

  static http::response<http::string_body> not_found(const http::request<http::string_body>& req);

  static bool path_ok(std::string_view target);

  void read_key(const http::request<http::string_body>& req);

  asio::awaitable<void> read_loop();

  void on_message(std::string_view text);

  void on_setup(const SetupRequest& s);

  void on_setup_delay_done();

  void go_away();

  void on_audio(std::span<const std::int16_t> samples, int rate);

  // The caller utterance's transcription: its tone's phrase (SimConfig::caller_phrases).
  std::string caller_words(int rate) const;
  void on_speech_end(int rate);

  void on_text(const std::string& text);

  void call_tool(const std::string& spec);

  // The model's reaction to the toolResponse of a call (A5, A9): it speaks about the result
  // once idle, except that a NON_BLOCKING call's scheduling can say SILENT (never) or
  // INTERRUPT (now). A BLOCKING call holds the model's replies until its response.
  void on_tool_response(const std::string& name, const std::string& scheduling);

  bool non_blocking(const std::string& name) const;
  bool blocked() const;  // a BLOCKING call is pending: the model waits for its result

  // One model turn: transcript, audio parts burst at cfg_.burst x real time, generationComplete,
  // then turnComplete once the audio would have finished playing (D1.10, D1.11).
  void reply();
  bool stalled() const;  // SimConfig::stall applies now (stall_mode.h)

  void send_next_part();

  // The reply's outputTranscription in small fragments (words), each sent before the audio
  // part it belongs to; the rest before generationComplete (A6).
  void send_fragments_up_to(std::size_t part_index);

  void turn_complete();

  // Barge-in (D1.12): stop at once, interrupted then turnComplete, no generationComplete.
  void interrupt();

  void send_turn_complete();

  void send_resumption_update();

  template <class F>
  void after(asio::steady_timer& timer, milliseconds delay, F f) {
    timer.expires_after(delay);
    timer.async_wait([weak = weak_from_this(), f](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && !s->closing_) f(*s);
    });
  }

  void send(std::string message);
  void send_shared(const std::shared_ptr<const std::string>& message);

  void close_with(int code, std::string reason);

  void write_next();

  void cancel_timers();

  void log_start();

  void finish();
  void log_without_setup();

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<SimShared> shared_;
  const SimConfig& cfg_;
  std::uint64_t id_ = 0;
  asio::steady_timer reply_timer_;
  asio::steady_timer turn_timer_;
  asio::steady_timer life_timer_;
  asio::steady_timer fault_timer_;
  asio::steady_timer handle_timer_;
  EnergyVad vad_;
  std::deque<std::variant<std::string, std::shared_ptr<const std::string>, CloseItem>> queue_;
  std::vector<std::uint8_t> in_bytes_;    // caller audio of the last message (reused)
  std::vector<std::int16_t> in_samples_;  // the same as samples (reused)
  bool writing_ = false;
  bool open_ = false;
  bool closing_ = false;
  bool got_setup_ = false;
  bool live_ = false;
  bool resumed_ = false;
  bool speaking_ = false;
  std::string key_;
  std::string key_fp_;
  SetupRequest setup_;
  std::shared_ptr<Conversation> conv_;
  std::vector<std::int16_t> turn_audio_;         // echo and scripted replies
  std::optional<ToneSource> tone_;               // tone replies, generated per part at the fades
  std::shared_ptr<const ToneParts> tone_parts_;  // tone replies, pre-encoded between the fades
  std::vector<std::int16_t> part_;
  std::size_t turn_total_ = 0;
  std::size_t turn_pos_ = 0;
  Clock::time_point turn_start_;
  std::vector<std::int16_t> echo_source_;
  int echo_rate_ = 0;
  std::map<std::string, std::string> pending_tools_;  // id -> function name
  bool reply_when_idle_ = false;       // a WHEN_IDLE tool result waits for the current turn to end
  Clock::time_point handle_ready_at_;  // first_handle_delay after setupComplete
  int connection_turns_ = 0;
  std::vector<std::string> fragments_;  // the current reply's transcript, not yet sent
  std::size_t fragments_sent_ = 0;
  std::size_t turn_parts_ = 0;
  std::uint64_t audio_in_ = 0;
  ToneEstimator tone_in_;  // only fed when a log is written
  int audio_in_rate_ = 0;
  std::uint64_t audio_out_ = 0;
  std::uint64_t before_setup_ = 0;
  std::uint64_t interruptions_ = 0;
  unsigned tools_after_reply_ = 0;  // --tool-after-reply calls made (tool_after_reply_limit)
  std::uint64_t tool_responses_ = 0;
  std::uint64_t not_resumable_updates_ = 0;
  int close_code_ = 0;
  std::string close_reason_;
  std::string close_by_;
  // Wall-clock milestones (ms since the epoch, comparable with packet captures and the server's
  // log) in the session log: which side was slow when a setup times out under load.
  std::int64_t accepted_at_ms_ = 0;
  std::int64_t upgraded_at_ms_ = 0;
  std::int64_t setup_at_ms_ = 0;
  std::int64_t setup_complete_at_ms_ = 0;
  int quiet_messages_ = 0;  // caller audio messages below the VAD threshold in a row (timing log)
  void log_timing(const char* event);
  void note_audio_onset(std::span<const std::int16_t> samples);
};

// Milliseconds since the epoch (system_clock) for the session log's milestones.
std::int64_t wall_ms();

}  // namespace va::sim
