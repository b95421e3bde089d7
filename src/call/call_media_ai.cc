// CallMedia::State and its AI session: the session's events on the call's shard, AI audio to
// the caller (call_media.h rule 4), the AI's tools (end_call, transfer_call; send_dtmf and send_sms
// in call_media_dtmf.cc) and its failure.
#include <boost/json/parse.hpp>

#include "call/call_media_state.h"

namespace va::call {
namespace {

// transfer_call's string argument `name` ("" when absent or not a string).
std::string tool_arg(const std::string& args_json, const char* name) {
  boost::system::error_code ec;
  auto v = boost::json::parse(args_json, ec);
  if (ec || !v.is_object()) return {};
  const auto* t = v.as_object().if_contains(name);
  return t && t->is_string() ? std::string(t->as_string()) : std::string();
}

}  // namespace

void CallMedia::State::start_ai() {
  ai::AiEvents e;
  e.on_ready = [this] {
    InCallback in(*this);
    if (!ai_text_at_ready.empty() && ai && !ai_done) ai->send_text(ai_text_at_ready);
    ai_text_at_ready.clear();
    if (events.on_ai_ready) events.on_ai_ready();
  };
  e.on_audio = [this](media::AudioFrame chunk) { on_ai_audio(std::move(chunk)); };
  e.on_input_transcript = [this](std::string_view text, bool finished) {
    InCallback in(*this);
    if (events.on_transcript) events.on_transcript("caller", text, finished);
  };
  e.on_output_transcript = [this](std::string_view text, bool finished) {
    InCallback in(*this);
    if (events.on_transcript) events.on_transcript("agent", text, finished);
  };
  e.on_interrupted = [this] {
    InCallback in(*this);
    // What the caller never heard: OpenAI truncates the AI's item there (C9).
    const auto unplayed = std::chrono::milliseconds(
        session ? static_cast<std::int64_t>(session->queued_frames()) * 20 : 0);
    flush();
    if (ai) ai->playout_flushed(unplayed);
    if (watchdog) watchdog->on_ai_interrupted(clock.now());
    if (events.on_ai_turn_end) events.on_ai_turn_end();
    if (events.on_interrupted) events.on_interrupted();
  };
  e.on_generation_complete = [this] {
    InCallback in(*this);
    if (events.on_ai_turn_end) events.on_ai_turn_end();
  };
  e.on_turn_complete = [this] {
    InCallback in(*this);
    if (events.on_ai_turn_end) events.on_ai_turn_end();
  };
  e.on_tool_call = [this](const ai::ToolCall& call) { on_ai_tool(call); };
  e.on_usage = [this](const ai::UsageMetadata& u) {
    stats.ai_usage = add_usage(ai_usage_retired, u);
  };
  e.on_error = [this](std::error_code code, const std::string& reason) {
    on_ai_error(code, reason);
  };
  auto cfg = config.ai;
  cfg.log = config.log;
  auto executor = shard.executor();
  ai = config.ai_factory ? config.ai_factory(executor, std::move(cfg), std::move(e))
                         : ai::AiSession::create(executor, std::move(cfg), std::move(e));
  if (ai) ai->start();
}

void CallMedia::State::on_ai_audio(media::AudioFrame chunk) {
  InCallback in(*this);
  if (stopped || bridge_tap) return;
  play_audio(chunk);
}

void CallMedia::State::play_audio(const media::AudioFrame& chunk) {
  if (stopped) return;
  if (!started || hold || !downlink) {
    stats.ai_audio_before_start += chunk.samples.size();
    return;
  }
  if (watchdog && watchdog->on_ai_audio(chunk.samples, chunk.sample_rate, clock.now())) {
    ++stats.watchdog_recoveries;
    if (config.watchdog_counters) ++config.watchdog_counters->recoveries;
    VA_LOG(config.log, info, "watchdog: the AI is speaking again");
    if (events.on_watchdog_step) events.on_watchdog_step(WatchdogStep::Recovered);
    if (stopped) return;
  }
  downlink->push(chunk.sample_rate, chunk.samples, frame_sink);
  if (recording) recording->sync(session->queued_frames());
}

void CallMedia::State::on_ai_tool(const ai::ToolCall& call) {
  InCallback in(*this);
  if (stopped) return;
  VA_LOG(config.log, info, "AI tool call {} {}", call.name, call.args_json);
  if (call.name == "voicemail_detected") {
    const auto result = on_voicemail_tool();
    if (stopped) return;
    if (ai && !ai_done) ai->send_tool_response(call.id, call.name, result);
    return;
  }
  if (call.name == "send_dtmf" || call.name == "send_sms") {
    const auto result =
        call.name == "send_dtmf" ? send_dtmf(call.args_json) : send_sms(call.args_json);
    if (stopped) return;  // a handler may have ended the call
    if (ai && !ai_done) ai->send_tool_response(call.id, call.name, result);
    return;
  }
  if (call.name == "transfer_call" && events.on_transfer) {
    // The call checks the target against the allowed list and answers (accepted or why not).
    const auto result =
        events.on_transfer(tool_arg(call.args_json, "to"), tool_arg(call.args_json, "reason"),
                           tool_arg(call.args_json, "mode"));
    if (stopped) return;
    if (ai && !ai_done) ai->send_tool_response(call.id, call.name, result);
    return;
  }
  const bool handled = call.name == "end_call" && events.on_end_call;
  if (ai && !ai_done) {
    ai->send_tool_response(
        call.id, call.name,
        handled ? R"({"accepted":true})" : R"({"accepted":false,"reason":"not supported"})");
  }
  if (handled) events.on_end_call();
}

void CallMedia::State::tell_ai(const std::string& text) {
  if (stopped || !ai || ai_done) return;
  ai->send_text(text);
}

void CallMedia::State::on_ai_error(std::error_code code, const std::string& reason) {
  InCallback in(*this);
  if (stopped) return;
  ai_done = true;
  VA_LOG(config.log, warn, "AI session failed: {} ({})", code.message(), reason);
  if (events.on_ai_failed) events.on_ai_failed(code, reason);
}

}  // namespace va::call
