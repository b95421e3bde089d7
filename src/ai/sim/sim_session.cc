// SimSession: the simulator's side of one Live connection (ai-live-protocols.md D1.1-D1.21).
// A coroutine runs upgrade, setup and the read loop; timers drive replies, goAway and faults;
// writes go through a queue (one write-like Beast operation at a time). A session lives on the
// one thread that runs its socket's executor; SimShared is the only thing it shares.
#include "ai/sim/sim_session.h"

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

#include "ai/key_fingerprint.h"
#include "ai/sim/client_message_parser.h"
#include "ai/sim/energy_vad.h"
#include "ai/sim/sim_server.h"
#include "ai/sim/tone_estimator.h"
#include "ai/sim/tts_endpoint.h"

namespace va::ai::sim {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kBadKey = "API key not valid. Please pass a valid API key.";
constexpr std::string_view kQuota =
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
constexpr std::string_view kDeadline = "Deadline expired before operation could complete.";

// Server JSON is pretty-printed: 2-space indent, trailing newline (A2, D1.4).
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

// Writes queued on one connection before the model's audio waits for the socket (~1-2 s of parts).
constexpr std::size_t kMaxQueuedWrites = 50;

struct CloseItem {
  int code;
  std::string reason;
};

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
        vad_(cfg_.vad_threshold, cfg_.default_prefix_ms, cfg_.default_silence_ms) {}

  void start() {
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

  void shutdown() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->close_with(1001, "The service is shutting down.");
    });
  }

 private:
  static asio::awaitable<void> run(std::shared_ptr<SimSession> self) {
    co_await self->serve();
    self->finish();
  }

  asio::awaitable<void> serve() {
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
      auto res = is_tts_target(req.target()) ? answer_tts(req, *shared_) : not_found(req);
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
    ws_.binary(!cfg_.text_frames);
    open_ = true;
    co_await read_loop();
  }

  static http::response<http::string_body> not_found(const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::not_found, req.version()};
    res.set(http::field::content_type, "text/plain");
    res.keep_alive(false);
    res.body() = "Not Found\n";
    res.prepare_payload();
    return res;
  }

  static bool path_ok(std::string_view target) {
    auto path = target.substr(0, target.find('?'));
    return path == kLivePath ||
           path == "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContent";
  }

  void read_key(const http::request<http::string_body>& req) {
    if (auto it = req.find("x-goog-api-key"); it != req.end()) key_ = std::string(it->value());
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return;
    for (auto param : url->params()) {
      if (param.key == "key" || param.key == "access_token") key_ = param.value;
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

  void on_message(std::string_view text) {
    if (closing_) return;
    auto msg = parse_client_message(text);
    if (!msg) return close_with(1007, "Invalid JSON payload received.");
    if (!msg->reject_reason.empty()) return close_with(1007, msg->reject_reason);
    if (!got_setup_) {
      if (msg->kind != ClientKind::Setup) {
        return close_with(1007, "Request contains an invalid argument.");
      }
      return on_setup(msg->setup);
    }
    if (msg->kind == ClientKind::Setup) {
      return close_with(1007, "Request contains an invalid argument.");  // setup only first (A4)
    }
    if (!live_) {
      // Messages before setupComplete are dropped and counted (D1.5, D3).
      ++before_setup_;
      return;
    }
    switch (msg->kind) {
      case ClientKind::Audio:
        on_audio(msg->samples, msg->rate);
        break;
      case ClientKind::Text:
        on_text(msg->text);
        break;
      case ClientKind::ClientContent:
        if (msg->turn_complete) {
          if (speaking_) interrupt();
          reply();
        }
        break;
      case ClientKind::ToolResponse:
        for (const auto& id : msg->response_ids) {
          tool_responses_ += pending_tools_.erase(id);
        }
        break;
      case ClientKind::ActivityStart:
      case ClientKind::ActivityEnd:
        if (setup_.automatic_activity) {
          return close_with(1007, "Request contains an invalid argument.");
        }
        if (msg->kind == ClientKind::ActivityStart && speaking_ && setup_.interrupts) interrupt();
        if (msg->kind == ClientKind::ActivityEnd) reply();
        break;
      default:
        break;
    }
  }

  void on_setup(const SetupRequest& s) {
    got_setup_ = true;
    setup_ = s;
    key_fp_ = key_fingerprint(key_);
    if (!cfg_.keys.empty() && !cfg_.keys.contains(key_) && !cfg_.quota_keys.contains(key_)) {
      return close_with(1007, std::string(kBadKey));
    }
    if (std::find(cfg_.models.begin(), cfg_.models.end(), s.model) == cfg_.models.end()) {
      return close_with(1008, "models/" + s.model +
                                  " is not found for API version v1beta, or is not supported for "
                                  "bidiGenerateContent. Call ModelService.ListModels to see the "
                                  "list of available models");
    }
    if (!is_known_voice(s.voice)) return close_with(1007, "No matching speaker voice found");
    if (!s.handle.empty()) {
      switch (shared_->attach(s.handle, conv_)) {
        case SimShared::Attach::Unknown:
          return close_with(1008, "BidiGenerateContent session not found");
        case SimShared::Attach::Busy:
          return close_with(1011, "Internal error occurred.");
        case SimShared::Attach::Ok:
          break;
      }
      resumed_ = true;
      bump(shared_->counters.resumptions);
    } else {
      conv_ = shared_->new_conversation();
    }
    ++conv_->connections;
    const int prefix = s.prefix_padding_ms >= 0 ? s.prefix_padding_ms : cfg_.default_prefix_ms;
    int silence = s.silence_duration_ms >= 0
                      ? s.silence_duration_ms
                      : (s.end_high ? cfg_.default_silence_ms : cfg_.default_silence_ms * 2);
    vad_ = EnergyVad(s.start_high ? cfg_.vad_threshold : cfg_.vad_threshold * 3, prefix, silence);
    if (!cfg_.answer_setup) return;
    after(fault_timer_, cfg_.setup_delay, [](SimSession& self) { self.on_setup_delay_done(); });
  }

  void on_setup_delay_done() {
    live_ = true;
    bump(shared_->counters.setups_ok);
    send(pretty(json::object{{"setupComplete", json::object{}}}));
    log_start();
    if (setup_.resumption) send_resumption_update();
    if (cfg_.malformed_json_after_setup) send("{\"serverContent\": {not json\n");
    if (cfg_.oversized_frame_bytes > 0) {
      std::string big = "{\"serverContent\":{\"outputTranscription\":{\"text\":\"";
      big.append(cfg_.oversized_frame_bytes, 'x');
      big += "\"}}}";
      send(std::move(big));
    }
    if (cfg_.quota_keys.contains(key_)) {
      after(fault_timer_, cfg_.quota_close_after,
            [](SimSession& self) { self.close_with(1011, std::string(kQuota)); });
    }
    if (cfg_.lifetime.count() > 0) {
      auto warn_at = std::max(milliseconds(0), cfg_.lifetime - cfg_.go_away_before);
      after(life_timer_, warn_at, [](SimSession& self) { self.go_away(); });
    }
  }

  void go_away() {
    const auto left = std::min(cfg_.go_away_before, cfg_.lifetime);
    send(pretty(json::object{{"goAway", {{"timeLeft", duration_string(left)}}}}));
    after(life_timer_, left,
          [](SimSession& self) { self.close_with(1011, std::string(kDeadline)); });
  }

  void on_audio(std::span<const std::int16_t> samples, int rate) {
    audio_in_ += samples.size();
    audio_in_rate_ = rate;
    bump(shared_->counters.audio_in_samples, samples.size());
    conv_->audio_in_samples += samples.size();
    // The digest only appears in the log: skip its byte-serial cost when there is none.
    if (shared_->log.enabled()) {
      conv_->audio_in_fnv = fnv1a(samples.data(), samples.size() * 2, conv_->audio_in_fnv);
      tone_in_.feed(samples, rate);
    }
    if (!setup_.automatic_activity) return;
    vad_.feed(samples, rate, [this, rate](EnergyVad::Event e) {
      if (e == EnergyVad::Event::SpeechStarted) {
        if (speaking_ && setup_.interrupts) interrupt();
      } else {
        on_speech_end(rate);
      }
    });
  }

  void on_speech_end(int rate) {
    if (setup_.input_transcription) {
      send(pretty(
          json::object{{"serverContent",
                        {{"inputTranscription",
                          {{"text", fmt::format("[speech {:.1f} s]", vad_.utterance_ms() / 1000.0)},
                           {"finished", true}}}}}}));
    }
    if (speaking_) return;  // NO_INTERRUPTION: keep talking
    echo_source_ = vad_.utterance();
    echo_rate_ = rate;
    reply();
  }

  void on_text(const std::string& text) {
    // "tool:<name>" asks the simulated model to call that function (D1.13).
    if (text.rfind("tool:", 0) == 0) return call_tool(text.substr(5));
    if (speaking_) interrupt();
    reply();
  }

  void call_tool(const std::string& name) {
    std::string id = "function-call-";
    auto r = shared_->random();
    for (int i = 0; i < 19; ++i, r /= 10)
      id.push_back(static_cast<char>('0' + r % 10));
    pending_tools_.insert(id);
    json::object args;
    if (name == "transfer") args["target"] = "sales";
    send(pretty(json::object{
        {"toolCall",
         {{"functionCalls",
           json::array{json::object{{"id", id}, {"name", name}, {"args", std::move(args)}}}}}}}));
  }

  // One model turn: transcript, audio parts burst at cfg_.burst x real time, generationComplete,
  // then turnComplete once the audio would have finished playing (D1.10, D1.11).
  void reply() {
    std::string transcript;
    switch (cfg_.mode) {
      case ReplyMode::Tone: {
        const int hz = tone_frequency_for_key(key_);
        turn_audio_.clear();
        tone_.emplace(hz, static_cast<std::size_t>(cfg_.reply_length.count()) * 24);
        tone_parts_ =
            shared_->tones.get(hz, static_cast<std::size_t>(cfg_.reply_chunk.count()) * 24);
        transcript = fmt::format("[tone {} Hz]", hz);
        break;
      }
      case ReplyMode::Echo:
        tone_.reset();
        turn_audio_ = make_echo(echo_source_, echo_rate_ ? echo_rate_ : 16000);
        transcript =
            fmt::format("[echo {:.1f} s]", static_cast<double>(turn_audio_.size()) / 24000);
        break;
      case ReplyMode::Scripted: {
        const auto& line = shared_->script[conv_->script_pos++ % shared_->script.size()];
        tone_.reset();
        turn_audio_ = line.audio;
        transcript = line.text;
        break;
      }
    }
    turn_total_ = tone_ ? tone_->total() : turn_audio_.size();
    if (turn_total_ == 0) return;
    speaking_ = true;
    turn_pos_ = 0;
    turn_start_ = Clock::now();
    ++conv_->turns;
    bump(shared_->counters.replies);
    if (setup_.output_transcription) {
      send(pretty(
          json::object{{"serverContent", {{"outputTranscription", {{"text", transcript}}}}}}));
    }
    send_next_part();
  }

  void send_next_part() {
    const std::size_t chunk = static_cast<std::size_t>(cfg_.reply_chunk.count()) * 24;
    if (queue_.size() >= kMaxQueuedWrites) {
      // The client is not reading: wait for the socket, as TCP back-pressure would hold a real
      // server, instead of queueing audio without bound. Pacing catches up from turn_start_.
      reply_timer_.expires_after(cfg_.reply_chunk);
      reply_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (auto s = weak.lock(); s && !ec && s->speaking_) s->send_next_part();
      });
      return;
    }
    if (turn_pos_ >= turn_total_) {
      send(pretty(json::object{{"serverContent", {{"generationComplete", true}}}}));
      auto play_end = turn_start_ + milliseconds(turn_total_ / 24);
      turn_timer_.expires_at(play_end);
      turn_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (auto s = weak.lock(); s && !ec) s->turn_complete();
      });
      return;
    }
    const std::size_t n = std::min(chunk, turn_total_ - turn_pos_);
    const std::size_t fade = kOutputRate / 200;  // ToneSource's 5 ms fades
    if (tone_ && tone_parts_ && n == chunk && turn_pos_ >= fade &&
        turn_total_ - turn_pos_ - n >= fade) {
      send_shared(tone_parts_->at(turn_pos_));  // the common case: no fill, no base64, no copy
    } else {
      const std::int16_t* pcm = turn_audio_.data() + turn_pos_;
      if (tone_) {
        part_.resize(n);
        tone_->fill(turn_pos_, part_);
        pcm = part_.data();
      }
      std::string msg;
      append_audio_part_message({pcm, n}, msg);
      send(std::move(msg));
    }
    turn_pos_ += n;
    audio_out_ += n;
    conv_->audio_out_samples += n;
    bump(shared_->counters.audio_out_samples, n);
    // Paced against the turn's start (not the previous send) so timer lag does not accumulate.
    reply_timer_.expires_at(turn_start_ +
                            std::chrono::microseconds(static_cast<std::int64_t>(
                                static_cast<double>(turn_pos_) / 24.0 * 1000.0 / cfg_.burst)));
    reply_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && s->speaking_) s->send_next_part();
    });
  }

  void turn_complete() {
    speaking_ = false;
    send_turn_complete();
  }

  // Barge-in (D1.12): stop at once, interrupted then turnComplete, no generationComplete.
  void interrupt() {
    reply_timer_.cancel();
    turn_timer_.cancel();
    speaking_ = false;
    ++interruptions_;
    bump(shared_->counters.interruptions);
    send(pretty(json::object{{"serverContent", {{"interrupted", true}}}}));
    send_turn_complete();
    if (!pending_tools_.empty()) {
      json::array ids;
      for (const auto& id : pending_tools_)
        ids.push_back(json::string(id));
      pending_tools_.clear();
      send(pretty(json::object{{"toolCallCancellation", {{"ids", std::move(ids)}}}}));
    }
  }

  void send_turn_complete() {
    // About 32 tokens per second of audio (D1.18).
    const auto prompt = static_cast<std::int64_t>(conv_->audio_in_samples / 500);
    const auto response = static_cast<std::int64_t>(conv_->audio_out_samples / 750);
    send(pretty(json::object{{"serverContent", {{"turnComplete", true}}},
                             {"usageMetadata",
                              {{"promptTokenCount", prompt},
                               {"responseTokenCount", response},
                               {"totalTokenCount", prompt + response}}}}));
    if (setup_.resumption) send_resumption_update();
  }

  void send_resumption_update() {
    send(pretty(json::object{{"sessionResumptionUpdate",
                              {{"newHandle", shared_->new_handle(conv_)}, {"resumable", true}}}}));
  }

  template <class F>
  void after(asio::steady_timer& timer, milliseconds delay, F f) {
    timer.expires_after(delay);
    timer.async_wait([weak = weak_from_this(), f](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec && !s->closing_) f(*s);
    });
  }

  void send(std::string message) {
    if (closing_ || !open_) return;
    queue_.push_back(std::move(message));
    if (!writing_) write_next();
  }
  void send_shared(const std::shared_ptr<const std::string>& message) {
    if (closing_ || !open_) return;
    queue_.push_back(message);
    if (!writing_) write_next();
  }

  void close_with(int code, std::string reason) {
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

  void cancel_timers() {
    reply_timer_.cancel();
    turn_timer_.cancel();
    life_timer_.cancel();
    fault_timer_.cancel();
  }

  void log_start() {
    if (!shared_->log.enabled()) return;
    shared_->log.write_line(json::serialize(json::object{{"event", "session_start"},
                                                         {"session", id_},
                                                         {"conversation", conv_->id},
                                                         {"key_fp", key_fp_},
                                                         {"model", setup_.model},
                                                         {"voice", setup_.voice},
                                                         {"resumed", resumed_},
                                                         {"mode", reply_mode_name(cfg_.mode)}}));
  }

  void finish() {
    closing_ = true;
    cancel_timers();
    if (conv_) shared_->detach(*conv_);
    shared_->remove_session(id_);
    shared_->counters.sessions_open.fetch_sub(1, std::memory_order_relaxed);
    if (!shared_->log.enabled() || !got_setup_) return;
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
        {"close_code", close_code_},
        {"close_reason", close_reason_},
        {"closed_by", close_by_}};
    if (conv_) {
      line["conversation"] = conv_->id;
      line["conversation_audio_in_samples"] = conv_->audio_in_samples;
      line["conversation_audio_in_fnv"] = fmt::format("{:016x}", conv_->audio_in_fnv);
      line["conversation_connections"] = conv_->connections;
    }
    shared_->log.write_line(json::serialize(line));
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<SimShared> shared_;
  const SimConfig& cfg_;
  std::uint64_t id_ = 0;
  asio::steady_timer reply_timer_;
  asio::steady_timer turn_timer_;
  asio::steady_timer life_timer_;
  asio::steady_timer fault_timer_;
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
  std::set<std::string> pending_tools_;
  std::uint64_t audio_in_ = 0;
  ToneEstimator tone_in_;  // only fed when a log is written
  int audio_in_rate_ = 0;
  std::uint64_t audio_out_ = 0;
  std::uint64_t before_setup_ = 0;
  std::uint64_t interruptions_ = 0;
  std::uint64_t tool_responses_ = 0;
  int close_code_ = 0;
  std::string close_reason_;
  std::string close_by_;
};

}  // namespace

void start_sim_session(tcp::socket socket, std::shared_ptr<SimShared> shared) {
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<SimSession>(std::move(socket), std::move(shared))->start();
}

}  // namespace va::ai::sim
