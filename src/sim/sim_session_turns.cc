// SimSession's protocol: setup (and its faults), the caller's audio through the VAD, one
// model turn at a time (tone, echo or script; transcript, parts, generationComplete,
// turnComplete), barge-in, tool calls, goAway and resumption (ai-live-protocols.md D1.5-D1.20).
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
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <variant>

#include "core/key_fingerprint.h"
#include "sim/client_message_parser.h"
#include "sim/energy_vad.h"
#include "sim/sim_session_impl.h"
#include "sim/tone_estimator.h"
#include "sim/tts_endpoint.h"

namespace va::sim {

void SimSession::on_message(std::string_view text) {
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
      for (std::size_t i = 0; i < msg->response_ids.size(); ++i) {
        auto it = pending_tools_.find(msg->response_ids[i]);
        if (it == pending_tools_.end()) continue;  // late or cancelled: ignored (A9)
        const std::string name = it->second;
        pending_tools_.erase(it);
        ++tool_responses_;
        if (cfg_.entity_not_found_after_tool_response) {
          return close_with(1008, std::string(kEntityNotFound));
        }
        on_tool_response(name, msg->response_scheduling[i]);
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

void SimSession::on_setup(const SetupRequest& s) {
  got_setup_ = true;
  setup_at_ms_ = wall_ms();
  setup_ = s;
  key_fp_ = core::key_fingerprint(key_);
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
    if (cfg_.stall.for_key(key_).until == StallRecovery::Reconnect && stalled())
      conv_->stall_over = true;
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

void SimSession::on_setup_delay_done() {
  live_ = true;
  bump(shared_->counters.setups_ok);
  send(pretty(json::object{{"setupComplete", json::object{}}}));
  setup_complete_at_ms_ = wall_ms();
  log_start();
  handle_ready_at_ = Clock::now() + cfg_.first_handle_delay;
  if (setup_.resumption) {
    after(handle_timer_, cfg_.first_handle_delay,
          [](SimSession& self) { self.send_resumption_update(); });
  }
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

void SimSession::go_away() {
  const auto left = std::min(cfg_.go_away_before, cfg_.lifetime);
  send(pretty(json::object{{"goAway", {{"timeLeft", duration_string(left)}}}}));
  after(life_timer_, left, [](SimSession& self) { self.close_with(1011, std::string(kDeadline)); });
}

void SimSession::on_audio(std::span<const std::int16_t> samples, int rate) {
  audio_in_ += samples.size();
  audio_in_rate_ = rate;
  bump(shared_->counters.audio_in_samples, samples.size());
  conv_->audio_in_samples += samples.size();
  // The digest only appears in the log: skip its byte-serial cost when there is none.
  if (shared_->log.enabled()) {
    conv_->audio_in_fnv = fnv1a(samples.data(), samples.size() * 2, conv_->audio_in_fnv);
    tone_in_.feed(samples, rate);
  }
  if (cfg_.timing_log) note_audio_onset(samples);
  if (!setup_.automatic_activity) return;
  vad_.feed(samples, rate, [this, rate](EnergyVad::Event e) {
    if (e == EnergyVad::Event::SpeechStarted) {
      if (speaking_ && setup_.interrupts) interrupt();
    } else {
      on_speech_end(rate);
    }
  });
}

void SimSession::on_speech_end(int rate) {
  if (setup_.input_transcription) {
    send(pretty(json::object{
        {"serverContent",
         {{"inputTranscription", {{"text", caller_words(rate)}, {"finished", true}}}}}}));
  }
  // NO_INTERRUPTION: keep talking; a BLOCKING call pending: wait for its result first.
  if (speaking_ || blocked()) return;
  echo_source_ = vad_.utterance();
  echo_rate_ = rate;
  reply();
}

std::string SimSession::caller_words(int rate) const {
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

void SimSession::on_text(const std::string& text) {
  // Every text the client sent, in order, so tests can read what reached the model (e.g. the
  // keys a caller pressed).
  if (shared_->log.enabled()) {
    shared_->log.write_line(json::serialize(
        json::object{{"event", "text_in"}, {"session", id_}, {"key_fp", key_fp_}, {"text", text}}));
  }
  // "tool:<name>" asks the simulated model to call that function (D1.13).
  if (text.rfind("tool:", 0) == 0) return call_tool(text.substr(5));
  if (cfg_.stall.for_key(key_).until == StallRecovery::Nudge && stalled()) conv_->stall_over = true;
  if (blocked()) return;
  if (speaking_) interrupt();
  reply();
}

void SimSession::call_tool(const std::string& spec) {
  // "name" or "name:{json arguments}".
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  json::object args;
  if (colon != std::string::npos) {
    boost::system::error_code ec;
    auto v = json::parse(spec.substr(colon + 1), ec);
    if (!ec && v.is_object()) args = v.as_object();
  } else if (name == "transfer") {
    args["target"] = "sales";
  }
  std::string id = "function-call-";
  auto r = shared_->random();
  for (int i = 0; i < 19; ++i, r /= 10)
    id.push_back(static_cast<char>('0' + r % 10));
  pending_tools_[id] = name;
  send(pretty(json::object{
      {"toolCall",
       {{"functionCalls",
         json::array{json::object{{"id", id}, {"name", name}, {"args", std::move(args)}}}}}}}));
  if (setup_.resumption) send_resumption_update();  // not resumable while it is pending
}

bool SimSession::non_blocking(const std::string& name) const {
  if (auto it = setup_.non_blocking.find(name); it != setup_.non_blocking.end()) return it->second;
  return setup_.model.starts_with("gemini-3.8");  // an undeclared name: the model's default
}

bool SimSession::blocked() const {
  return std::any_of(pending_tools_.begin(), pending_tools_.end(),
                     [this](const auto& kv) { return !non_blocking(kv.second); });
}

void SimSession::on_tool_response(const std::string& name, const std::string& scheduling) {
  const bool blocking = !non_blocking(name);        // scheduling applies to NON_BLOCKING calls only
  if (!blocking && scheduling == "SILENT") return;  // added to the context only
  if (!blocking && scheduling == "INTERRUPT") {
    if (speaking_) interrupt();
    return reply();
  }
  if (speaking_) {
    reply_when_idle_ = true;  // WHEN_IDLE (the default): after the current turn
  } else {
    reply();
  }
}

// One model turn: transcript, audio parts burst at cfg_.burst x real time, generationComplete,
// then turnComplete once the audio would have finished playing (D1.10, D1.11).
bool SimSession::stalled() const {
  return conv_ && cfg_.stall.for_key(key_).mode != StallMode::None && !conv_->stall_over &&
         conv_->turns >= cfg_.stall.after_replies;
}

void SimSession::reply() {
  std::string transcript;
  const bool stall = stalled();
  // Silent: no audio, no turn: the model has gone quiet.
  if (stall && cfg_.stall.for_key(key_).mode == StallMode::Silent) return;
  if (stall) {  // Zeros: digital silence of the usual length
    tone_.reset();
    turn_audio_.assign(static_cast<std::size_t>(cfg_.reply_length.count()) * 24, 0);
    transcript = "[stalled: digital silence]";
  }
  switch (stall ? ReplyMode::Tone : cfg_.mode) {
    case ReplyMode::Tone: {
      if (stall) break;
      const int hz = tone_frequency_for_key(key_);
      turn_audio_.clear();
      tone_.emplace(hz, static_cast<std::size_t>(cfg_.reply_length.count()) * 24);
      tone_parts_ = shared_->tones.get(hz, static_cast<std::size_t>(cfg_.reply_chunk.count()) * 24);
      transcript = fmt::format("[tone {} Hz]", hz);
      break;
    }
    case ReplyMode::Echo:
      tone_.reset();
      turn_audio_ = make_echo(echo_source_, echo_rate_ ? echo_rate_ : 16000);
      transcript = fmt::format("[echo {:.1f} s]", static_cast<double>(turn_audio_.size()) / 24000);
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
  if (setup_.resumption) send_resumption_update();  // not resumable while generating (D1.16)
  const std::size_t chunk = static_cast<std::size_t>(cfg_.reply_chunk.count()) * 24;
  turn_parts_ = (turn_total_ + chunk - 1) / chunk;
  fragments_.clear();
  fragments_sent_ = 0;
  if (setup_.output_transcription) {
    // Words with their leading space: "[tone", " 440", " Hz]".
    for (std::size_t pos = 0; pos < transcript.size();) {
      auto next = transcript.find(' ', pos + 1);
      if (next == std::string::npos) next = transcript.size();
      fragments_.push_back(transcript.substr(pos, next - pos));
      pos = next;
    }
  }
  if (cfg_.timing_log) log_timing("audio_out_start");
  send_next_part();
}

void SimSession::send_fragments_up_to(std::size_t part_index) {
  // Fragment i goes out before part i * parts / fragments: spread over the whole reply.
  while (fragments_sent_ < fragments_.size() &&
         fragments_sent_ * turn_parts_ / fragments_.size() <= part_index) {
    send(pretty(json::object{
        {"serverContent", {{"outputTranscription", {{"text", fragments_[fragments_sent_]}}}}}}));
    ++fragments_sent_;
  }
}

void SimSession::send_next_part() {
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
    send_fragments_up_to(turn_parts_);  // the last one comes before generationComplete (A6)
    send(pretty(json::object{{"serverContent", {{"generationComplete", true}}}}));
    if (!cfg_.tool_after_reply.empty() &&
        (cfg_.tool_after_reply_limit == 0 || tools_after_reply_ < cfg_.tool_after_reply_limit)) {
      ++tools_after_reply_;
      call_tool(cfg_.tool_after_reply);
    }
    auto play_end = turn_start_ + milliseconds(turn_total_ / 24);
    turn_timer_.expires_at(play_end);
    turn_timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto s = weak.lock(); s && !ec) s->turn_complete();
    });
    return;
  }
  send_fragments_up_to(turn_pos_ / chunk);
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

void SimSession::turn_complete() {
  speaking_ = false;
  send_turn_complete();
  if (cfg_.internal_error_after_turns > 0 &&
      ++connection_turns_ == cfg_.internal_error_after_turns) {
    return close_with(1011, std::string(kInternalError));
  }
  if (auto lost = cfg_.lost_session_keys.find(key_);
      lost != cfg_.lost_session_keys.end() &&
      conv_->turns >= static_cast<std::uint64_t>(lost->second)) {
    shared_->forget(*conv_);
    return close_with(1011, std::string(kInternalError));
  }
  if (reply_when_idle_) {
    reply_when_idle_ = false;
    reply();
  }
}

// Barge-in (D1.12): stop at once, interrupted then turnComplete, no generationComplete.
void SimSession::interrupt() {
  reply_timer_.cancel();
  turn_timer_.cancel();
  speaking_ = false;
  reply_when_idle_ = false;
  fragments_.clear();  // what was not said is not transcribed
  ++interruptions_;
  bump(shared_->counters.interruptions);
  send(pretty(json::object{{"serverContent", {{"interrupted", true}}}}));
  if (cfg_.timing_log) log_timing("interrupted");
  send_turn_complete();
  if (!pending_tools_.empty()) {
    json::array ids;
    for (const auto& kv : pending_tools_)
      ids.push_back(json::string(kv.first));
    pending_tools_.clear();
    send(pretty(json::object{{"toolCallCancellation", {{"ids", std::move(ids)}}}}));
  }
}

void SimSession::send_turn_complete() {
  // About 32 tokens per second of audio (D1.18): 16 kHz in, 24 kHz out. The text side: a
  // fixed share for the setup (instruction, tools) and the output transcription's words.
  constexpr std::int64_t kSetupTextTokens = 120;
  const auto prompt_audio = static_cast<std::int64_t>(conv_->audio_in_samples / 500);
  const auto response_audio = static_cast<std::int64_t>(conv_->audio_out_samples / 750);
  const auto prompt_text = kSetupTextTokens;
  const auto response_text = response_audio / 8;
  const auto prompt = prompt_audio + prompt_text;
  const auto response = response_audio + response_text;
  auto details = [](std::int64_t text, std::int64_t audio) {
    return json::array{json::object{{"modality", "TEXT"}, {"tokenCount", text}},
                       json::object{{"modality", "AUDIO"}, {"tokenCount", audio}}};
  };
  send(pretty(json::object{{"serverContent", {{"turnComplete", true}}},
                           {"usageMetadata",
                            {{"promptTokenCount", prompt},
                             {"responseTokenCount", response},
                             {"totalTokenCount", prompt + response},
                             {"promptTokensDetails", details(prompt_text, prompt_audio)},
                             {"responseTokensDetails", details(response_text, response_audio)}}}}));
  if (setup_.resumption) send_resumption_update();
}

void SimSession::send_resumption_update() {
  // While generating, while a tool call is pending and before the first handle is due, the
  // service sends resumable:false with an empty handle (A6, D1.16).
  if (speaking_ || !pending_tools_.empty() || Clock::now() < handle_ready_at_) {
    ++not_resumable_updates_;
    send(pretty(
        json::object{{"sessionResumptionUpdate", {{"newHandle", ""}, {"resumable", false}}}}));
    return;
  }
  send(pretty(json::object{{"sessionResumptionUpdate",
                            {{"newHandle", shared_->new_handle(conv_)}, {"resumable", true}}}}));
}
}  // namespace va::sim
