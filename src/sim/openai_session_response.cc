// OpenAiSession, the model's side (ai-live-protocols.md D2 rules 10-13): response.create and
// cancel, the C7 event sequence, audio deltas paced at cfg.burst x real time in the session's
// output format, response.done with usage, barge-in cancels and function-call responses.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/value.hpp>
#include <chrono>

#include "ai/base64.h"
#include "media/g711.h"
#include "sim/openai_session_impl.h"

namespace va::sim {
namespace {

constexpr std::size_t kMaxQueued = 50;

}  // namespace

void OpenAiSession::on_response_create() {
  if (responding_) {
    return send_error({"invalid_request_error", "conversation_already_has_active_response",
                       "Conversation already has an active response in progress: " + resp_id_ +
                           ". Wait until the response is finished before creating a new one.",
                       ""});
  }
  start_response();
}

void OpenAiSession::on_response_cancel() {
  if (!responding_) {  // rule 12
    return send_error({"invalid_request_error", "response_cancel_not_active",
                       "Cancellation failed: no active response found", ""});
  }
  cancel_response("client_cancelled");
}

// Rule 10 (or 13 when a tool was asked for).
void OpenAiSession::start_response() {
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
void OpenAiSession::open_response() {
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

void OpenAiSession::audio_reply() {
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

void OpenAiSession::build_reply() {
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
      transcript_ = fmt::format("[echo {:.1f} s]", static_cast<double>(turn_audio_.size()) / 24000);
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

void OpenAiSession::send_next_delta() {
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
std::string OpenAiSession::encode_output(std::span<const std::int16_t> pcm) {
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

void OpenAiSession::finish_response() {
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

void OpenAiSession::send_response_done(const char* status, const char* reason) {
  responding_ = false;
  reply_timer_.cancel();
  // About 32 tokens a second of caller audio, 50 of ours (D1.18's rule of thumb).
  const auto input = static_cast<std::int64_t>(audio_in_ * 1000 / std::max(1, audio_in_rate_) / 31);
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
void OpenAiSession::cancel_response(const char* reason) {
  if (!responding_) return;
  ++interruptions_;
  bump(shared_->counters.interruptions);
  send_response_done("cancelled", reason);
}

// Rule 13: a response whose output is one function call.
void OpenAiSession::function_call(const std::string& spec) {
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

}  // namespace va::sim
