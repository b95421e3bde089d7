// OpenAiSession, the caller's side (ai-live-protocols.md D2 rules 5-8, 11, 13): appended audio
// decoded per format into the energy VAD, speech_started / stopped / committed, the user item
// and its transcription, conversation.item.create (text, function_call_output) and truncate.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdlib>

#include "ai/base64.h"
#include "media/g711.h"
#include "sim/openai_session_impl.h"

namespace va::sim {
namespace {

std::int64_t unix_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void OpenAiSession::on_append(const json::object& o) {
  const auto* audio = o.if_contains("audio");
  if (!audio || !audio->is_string()) {
    return send_error({"invalid_request_error", "missing_required_parameter",
                       "Missing required parameter: 'audio'.", "audio"});
  }
  if (audio->get_string().size() > kMaxAppendBytes * 4 / 3 + 4) {
    return send_error({"invalid_request_error", "invalid_value",
                       "Audio content exceeds the maximum of 15 MiB per event.", "audio"});
  }
  if (ai::base64_decode(audio->get_string(), bytes_)) {
    return send_error({"invalid_request_error", "invalid_value",
                       "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio"});
  }
  if (!updated_) ++before_update_;  // D3: the client should wait for session.updated
  const int rate = format_rate(session_.input_format);
  samples_.clear();
  if (session_.input_format == OpenAiFormat::Pcm24k) {
    samples_.resize(bytes_.size() / 2);
    for (std::size_t i = 0; i < samples_.size(); ++i) {
      samples_[i] = static_cast<std::int16_t>(bytes_[2 * i] | (bytes_[2 * i + 1] << 8));
    }
  } else {
    samples_.resize(bytes_.size());
    if (session_.input_format == OpenAiFormat::Pcmu) {
      media::g711::decode_ulaw(bytes_, samples_.data());
    } else {
      media::g711::decode_alaw(bytes_, samples_.data());
    }
  }
  on_audio(samples_, rate);
}

void OpenAiSession::on_audio(std::span<const std::int16_t> pcm, int rate) {
  audio_in_ += pcm.size();
  audio_in_rate_ = rate;
  buffer_ms_ += static_cast<std::int64_t>(pcm.size()) * 1000 / rate;
  bump(shared_->counters.audio_in_samples, pcm.size());
  if (shared_->log.enabled()) tone_in_.feed(pcm, rate);
  in_ms_ = static_cast<std::int64_t>(audio_in_ * 1000 / static_cast<std::uint64_t>(rate));
  if (!session_.vad) return;
  vad_.feed(pcm, rate, [this, rate](EnergyVad::Event e) {
    if (e == EnergyVad::Event::SpeechStarted) {
      on_speech_started();
    } else {
      on_speech_stopped(rate);
    }
  });
}

void OpenAiSession::on_speech_started() {
  user_item_ = next_id("item_");
  const std::int64_t start = std::max<std::int64_t>(0, in_ms_ - cfg_.default_prefix_ms);
  send_event({{"type", "input_audio_buffer.speech_started"},
              {"audio_start_ms", start},
              {"item_id", user_item_}});
  if (shared_->log.enabled()) {
    shared_->log.write_line(json::serialize(json::object{{"event", "speech_started"},
                                                         {"session", id_},
                                                         {"key_fp", key_fp_},
                                                         {"responding", responding_},
                                                         {"at_unix_ms", unix_ms()}}));
  }
  if (responding_ && session_.interrupt_response) cancel_response("turn_detected");
}

void OpenAiSession::on_speech_stopped(int rate) {
  send_event({{"type", "input_audio_buffer.speech_stopped"},
              {"audio_end_ms", in_ms_},
              {"item_id", user_item_}});
  commit_user_item(caller_words(rate));
  buffer_ms_ = 0;
  if (session_.create_response && !responding_) start_response();
}

void OpenAiSession::commit_user_item(const std::string& words) {
  send_event(
      {{"type", "input_audio_buffer.committed"},
       {"item_id", user_item_},
       {"previous_item_id", last_item_.empty() ? json::value(nullptr) : json::value(last_item_)}});
  json::object item{
      {"id", user_item_},
      {"type", "message"},
      {"object", "realtime.item"},
      {"status", "completed"},
      {"role", "user"},
      {"content", json::array{json::object{{"type", "input_audio"}, {"transcript", nullptr}}}}};
  send_event({{"type", "conversation.item.added"}, {"item", item}});
  send_event({{"type", "conversation.item.done"}, {"item", item}});
  last_item_ = user_item_;
  if (session_.transcription) {
    send_event({{"type", "conversation.item.input_audio_transcription.delta"},
                {"item_id", user_item_},
                {"content_index", 0},
                {"delta", words}});
    send_event({{"type", "conversation.item.input_audio_transcription.completed"},
                {"item_id", user_item_},
                {"content_index", 0},
                {"transcript", words},
                {"usage", {{"type", "duration"}, {"seconds", vad_.utterance_ms() / 1000.0}}}});
  }
}

std::string OpenAiSession::caller_words(int rate) const {
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

void OpenAiSession::on_commit() {
  if (buffer_ms_ < 100) {  // rule 7
    return send_error({"invalid_request_error", "input_audio_buffer_commit_empty",
                       fmt::format("Error committing input audio buffer: buffer too small. "
                                   "Expected at least 100ms of audio, but buffer only has "
                                   "{:.2f}ms of audio.",
                                   static_cast<double>(buffer_ms_)),
                       ""});
  }
  user_item_ = next_id("item_");
  commit_user_item(caller_words(audio_in_rate_ ? audio_in_rate_ : 24000));
  buffer_ms_ = 0;
}

void OpenAiSession::on_item_create(const json::object& o) {
  const auto* item = o.if_contains("item");
  if (!item || !item->is_object()) {
    return send_error({"invalid_request_error", "missing_required_parameter",
                       "Missing required parameter: 'item'.", "item"});
  }
  const auto& it = item->get_object();
  const auto* type = it.if_contains("type");
  const std::string t = type && type->is_string() ? std::string(type->get_string()) : "";
  json::object added{{"id", next_id("item_")}, {"type", t}, {"status", "completed"}};
  if (t == "message") {
    const auto* content = it.if_contains("content");
    if (!content || !content->is_array()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'item.content'.", "item.content"});
    }
    for (const auto& part : content->get_array()) {
      const auto* text = part.is_object() ? part.get_object().if_contains("text") : nullptr;
      if (!text || !text->is_string()) continue;
      on_text(std::string(text->get_string()));
    }
    added["role"] = it.contains("role") ? it.at("role") : json::value("user");
  } else if (t == "function_call_output") {
    const auto* call_id = it.if_contains("call_id");
    if (!call_id || !call_id->is_string()) {
      return send_error({"invalid_request_error", "missing_required_parameter",
                         "Missing required parameter: 'item.call_id'.", "item.call_id"});
    }
    tool_responses_ += pending_tools_.erase(std::string(call_id->get_string()));
    added["call_id"] = *call_id;
  } else {
    return send_error({"invalid_request_error", "invalid_value",
                       "Invalid value: '" + t +
                           "'. Supported values are: 'message', "
                           "'function_call' and 'function_call_output'.",
                       "item.type"});
  }
  send_event({{"type", "conversation.item.added"}, {"item", added}});
  send_event({{"type", "conversation.item.done"}, {"item", added}});
}

void OpenAiSession::on_text(const std::string& text) {
  if (shared_->log.enabled()) {
    shared_->log.write_line(json::serialize(
        json::object{{"event", "text_in"}, {"session", id_}, {"key_fp", key_fp_}, {"text", text}}));
  }
  if (text.rfind("tool:", 0) == 0) tool_spec_ = text.substr(5);  // rule 13
}

void OpenAiSession::on_truncate(const json::object& o) {
  const auto* item = o.if_contains("item_id");
  const auto* ms = o.if_contains("audio_end_ms");
  if (!item || !item->is_string() || !ms || !ms->is_int64()) {
    return send_error({"invalid_request_error", "missing_required_parameter",
                       "Missing required parameter: 'item_id' or 'audio_end_ms'.", "item_id"});
  }
  const std::string id(item->get_string());
  auto sent = item_sent_ms_.find(id);
  const std::int64_t end = ms->get_int64();
  const bool ok = sent != item_sent_ms_.end() && end >= 0 && end <= sent->second;
  if (shared_->log.enabled()) {
    shared_->log.write_line(
        json::serialize(json::object{{"event", "truncate"},
                                     {"session", id_},
                                     {"key_fp", key_fp_},
                                     {"item_id", id},
                                     {"audio_end_ms", end},
                                     {"sent_ms", sent == item_sent_ms_.end() ? -1 : sent->second},
                                     {"ok", ok}}));
  }
  if (sent == item_sent_ms_.end()) {
    return send_error({"invalid_request_error", "invalid_value",
                       "Invalid value: the item '" + id + "' does not exist or has no audio.",
                       "item_id"});
  }
  if (!ok) {
    return send_error(
        {"invalid_request_error", "invalid_value",
         fmt::format("Audio content of {}ms is already shorter than {}ms", sent->second, end),
         "audio_end_ms"});
  }
  ++truncations_;
  send_event({{"type", "conversation.item.truncated"},
              {"item_id", id},
              {"content_index", 0},
              {"audio_end_ms", end}});
}

}  // namespace va::sim
