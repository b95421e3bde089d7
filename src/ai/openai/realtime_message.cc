// OpenAI Realtime GA messages (C3, C5, C6): builders with boost::json (the audio append, once
// per uplink chunk, written straight into one exact string) and a parser that never throws.
#include "ai/openai/realtime_message.h"

#include <bit>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <cstdint>

#include "ai/base64.h"
#include "ai/errc.h"

namespace va::ai::openai {
namespace json = boost::json;
namespace {

json::object function(std::string_view name, std::string_view description,
                      std::string_view param = {}, std::string_view param_description = {}) {
  json::object params{{"type", "object"}, {"properties", json::object{}}};
  if (!param.empty()) {
    params["properties"].as_object()[param] =
        json::object{{"type", "string"}, {"description", param_description}};
    params["required"] = json::array{json::string(param)};
  }
  return {{"type", "function"},
          {"name", name},
          {"description", description},
          {"parameters", std::move(params)}};
}

json::array tools(const AiSessionConfig& c) {
  json::array out;
  if (c.tool_end_call) {
    out.push_back(function("end_call", "Hang up the phone call once the conversation is over."));
  }
  if (c.tool_transfer) {
    // The same tool as Gemini's (ai/gemini/client_message.cc): transfer_call {to, reason, mode}.
    json::object params{
        {"type", "object"},
        {"properties",
         json::object{
             {"to", json::object{{"type", "string"},
                                 {"description",
                                  "The number (E.164, e.g. +4930123456) or sip: URI of "
                                  "the person; only the targets you were told are "
                                  "allowed"}}},
             {"reason",
              json::object{{"type", "string"},
                           {"description", "Why the caller is transferred, in a sentence"}}},
             {"mode", json::object{{"type", "string"},
                                   {"enum", json::array{"blind", "warm"}},
                                   {"description",
                                    "blind (default): hand the call over at once; warm: the "
                                    "person first hears a short spoken summary, then the "
                                    "caller"}}}}},
        {"required", json::array{"to"}}};
    out.push_back(json::object{{"type", "function"},
                               {"name", "transfer_call"},
                               {"description",
                                "Transfer the caller to a person (a human agent) at an allowed "
                                "number. Tell the caller first."},
                               {"parameters", std::move(params)}});
  }
  if (c.tool_send_dtmf) {
    out.push_back(function(
        "send_dtmf", "Press keys on the phone keypad, e.g. to navigate the other side's menu.",
        "digits", "The keys to press, in order: 0-9, *, #, A-D (at most 32)"));
  }
  if (c.tool_send_sms) {
    out.push_back(function("send_sms", "Send a text message (SMS) to the other party's phone.",
                           "text", "The message (at most 1000 characters)"));
  }
  return out;
}

// OpenAI's transcription language is ISO-639-1 ("en", not "en-US"; DESIGN contract).
std::string iso639_1(std::string_view bcp47) {
  const auto dash = bcp47.find_first_of("-_");
  std::string out(bcp47.substr(0, dash));
  for (auto& ch : out)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out.size() == 2 ? out : std::string();
}

std::error_code bad() {
  return make_error_code(Errc::ProtocolError);
}

// A string field: absent or null -> "", another type -> error.
bool get_string(const json::object& o, std::string_view key, std::string& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  if (!v->is_string()) return false;
  out = std::string(v->get_string());
  return true;
}

bool get_int(const json::object& o, std::string_view key, std::int64_t& out) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return true;
  if (v->is_int64()) return out = v->get_int64(), true;
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return out = static_cast<std::int64_t>(v->get_uint64()), true;
  }
  return false;
}

// An object field: absent or null -> nullptr with ok, another type -> not ok.
const json::object* get_object(const json::object& o, std::string_view key, bool& ok) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    ok = false;
    return nullptr;
  }
  return &v->get_object();
}

bool parse_error(const json::object& e, RealtimeError& out) {
  return get_string(e, "type", out.type) && get_string(e, "code", out.code) &&
         get_string(e, "message", out.message) && get_string(e, "param", out.param);
}

std::error_code parse_audio(const json::object& o, RealtimeEvent& ev) {
  // Read in place and decoded straight into the samples (PCM16LE, the host's order).
  const json::value* v = o.if_contains("delta");
  std::string_view data;
  if (v && !v->is_null()) {
    if (!v->is_string()) return bad();
    data = v->get_string();
  }
  static_assert(std::endian::native == std::endian::little);
  const std::size_t bytes = base64_decoded_size(data);
  if (bytes % 2 != 0) return bad();
  ev.audio.sample_rate = kAudioRate;
  ev.audio.samples.resize(bytes / 2);
  auto* raw = reinterpret_cast<std::uint8_t*>(ev.audio.samples.data());
  if (base64_decode_into(data, {raw, bytes})) {
    ev.audio.samples.clear();
    return bad();
  }
  return {};
}

std::error_code parse_response_done(const json::object& o, RealtimeEvent& ev) {
  bool ok = true;
  const json::object* r = get_object(o, "response", ok);
  if (!ok) return bad();
  if (!r) return {};
  if (!get_string(*r, "id", ev.response_id) || !get_string(*r, "status", ev.status)) return bad();
  if (const json::object* d = get_object(*r, "status_details", ok)) {
    if (!get_string(*d, "reason", ev.reason)) return bad();
    if (const json::object* e = get_object(*d, "error", ok); e && !parse_error(*e, ev.error)) {
      return bad();
    }
  }
  if (const json::object* u = get_object(*r, "usage", ok)) {
    if (!get_int(*u, "input_tokens", ev.usage.prompt_tokens) ||
        !get_int(*u, "output_tokens", ev.usage.response_tokens) ||
        !get_int(*u, "total_tokens", ev.usage.total_tokens)) {
      return bad();
    }
    ev.has_usage = true;
  }
  return ok ? std::error_code() : bad();
}

std::error_code parse_rate_limits(const json::object& o, RealtimeEvent& ev) {
  const json::value* v = o.if_contains("rate_limits");
  if (!v || v->is_null()) return {};
  if (!v->is_array()) return bad();
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) return bad();
    const auto& l = item.get_object();
    RateLimit rl;
    if (!get_string(l, "name", rl.name) || !get_int(l, "limit", rl.limit) ||
        !get_int(l, "remaining", rl.remaining)) {
      return bad();
    }
    if (const json::value* r = l.if_contains("reset_seconds"); r && !r->is_null()) {
      if (!r->is_number()) return bad();
      rl.reset_seconds = r->to_number<double>();
    }
    ev.rate_limits.push_back(std::move(rl));
  }
  return {};
}

using Kind = RealtimeEvent::Kind;

std::error_code fill(const json::object& o, RealtimeEvent& ev) {
  const std::string& t = ev.type;
  if (!get_string(o, "item_id", ev.item_id) || !get_string(o, "response_id", ev.response_id)) {
    return bad();
  }
  if (t == "session.created") return ev.kind = Kind::SessionCreated, std::error_code();
  if (t == "session.updated") return ev.kind = Kind::SessionUpdated, std::error_code();
  if (t == "input_audio_buffer.speech_started") {
    ev.kind = Kind::SpeechStarted;
    return get_int(o, "audio_start_ms", ev.audio_ms) ? std::error_code() : bad();
  }
  if (t == "input_audio_buffer.speech_stopped") {
    ev.kind = Kind::SpeechStopped;
    return get_int(o, "audio_end_ms", ev.audio_ms) ? std::error_code() : bad();
  }
  if (t == "response.output_audio.delta" || t == "response.audio.delta") {
    ev.kind = Kind::AudioDelta;
    return parse_audio(o, ev);
  }
  if (t == "response.output_audio_transcript.delta" || t == "response.audio_transcript.delta") {
    ev.kind = Kind::OutputTranscriptDelta;
    return get_string(o, "delta", ev.text) ? std::error_code() : bad();
  }
  if (t == "response.output_audio_transcript.done" || t == "response.audio_transcript.done") {
    ev.kind = Kind::OutputTranscriptDone;
    return get_string(o, "transcript", ev.text) ? std::error_code() : bad();
  }
  if (t == "conversation.item.input_audio_transcription.delta") {
    ev.kind = Kind::InputTranscriptDelta;
    return get_string(o, "delta", ev.text) ? std::error_code() : bad();
  }
  if (t == "conversation.item.input_audio_transcription.completed") {
    ev.kind = Kind::InputTranscriptDone;
    return get_string(o, "transcript", ev.text) ? std::error_code() : bad();
  }
  if (t == "response.function_call_arguments.done") {
    ev.kind = Kind::FunctionCallDone;
    if (!get_string(o, "call_id", ev.call.id) || !get_string(o, "name", ev.call.name) ||
        !get_string(o, "arguments", ev.call.args_json)) {
      return bad();
    }
    return ev.call.id.empty() || ev.call.name.empty() ? bad() : std::error_code();
  }
  if (t == "response.created") {
    ev.kind = Kind::ResponseCreated;
    bool ok = true;
    if (const json::object* r = get_object(o, "response", ok)) {
      if (!get_string(*r, "id", ev.response_id)) return bad();
    }
    return ok ? std::error_code() : bad();
  }
  if (t == "response.done") {
    ev.kind = Kind::ResponseDone;
    return parse_response_done(o, ev);
  }
  if (t == "rate_limits.updated") {
    ev.kind = Kind::RateLimits;
    return parse_rate_limits(o, ev);
  }
  if (t == "conversation.item.truncated") {
    ev.kind = Kind::Truncated;
    return get_int(o, "audio_end_ms", ev.audio_ms) ? std::error_code() : bad();
  }
  if (t == "error") {
    ev.kind = Kind::Error;
    bool ok = true;
    const json::object* e = get_object(o, "error", ok);
    if (!e) return bad();  // an error event without its error object is not the protocol
    return parse_error(*e, ev.error) ? std::error_code() : bad();
  }
  ev.kind = Kind::Other;
  return {};
}

}  // namespace

std::string build_session_update(const AiSessionConfig& c) {
  json::object input{{"format", {{"type", "audio/pcm"}, {"rate", kAudioRate}}}};
  if (c.input_transcription) {
    json::object tr{{"model", "gpt-4o-mini-transcribe"}};
    if (auto lang = iso639_1(c.language); !lang.empty()) tr["language"] = lang;
    input["transcription"] = std::move(tr);
  }
  if (c.semantic_vad) {
    input["turn_detection"] = {{"type", "semantic_vad"},
                               {"create_response", true},
                               {"interrupt_response", c.activity.interrupts}};
  } else {
    json::object vad{{"type", "server_vad"},
                     {"create_response", true},
                     {"interrupt_response", c.activity.interrupts}};
    if (c.activity.prefix_padding_ms >= 0) vad["prefix_padding_ms"] = c.activity.prefix_padding_ms;
    if (c.activity.silence_duration_ms >= 0) {
      vad["silence_duration_ms"] = c.activity.silence_duration_ms;
    }
    input["turn_detection"] = std::move(vad);
  }
  json::object output{{"format", {{"type", "audio/pcm"}, {"rate", kAudioRate}}}};
  if (!c.voice.empty()) output["voice"] = c.voice;
  json::object session{{"type", "realtime"},
                       {"model", c.model},
                       {"output_modalities", json::array{"audio"}},
                       {"audio", {{"input", std::move(input)}, {"output", std::move(output)}}}};
  if (!c.system_instruction.empty()) session["instructions"] = c.system_instruction;
  if (auto t = tools(c); !t.empty()) {
    session["tools"] = std::move(t);
    session["tool_choice"] = "auto";
  }
  return json::serialize(json::object{{"type", "session.update"}, {"session", std::move(session)}});
}

void build_audio_append(std::span<const std::int16_t> pcm, std::string& out) {
  static constexpr std::string_view kHead = R"({"type":"input_audio_buffer.append","audio":")";
  out.clear();
  out.reserve(kHead.size() + base64_encoded_size(pcm.size() * 2) + 2);
  out += kHead;
  // PCM16 little-endian (the host order on every platform we build for).
  base64_encode({reinterpret_cast<const std::uint8_t*>(pcm.data()), pcm.size() * 2}, out);
  out += "\"}";
}

std::string build_user_text(std::string_view text) {
  json::object item{{"type", "message"},
                    {"role", "user"},
                    {"content", json::array{json::object{{"type", "input_text"}, {"text", text}}}}};
  return json::serialize(
      json::object{{"type", "conversation.item.create"}, {"item", std::move(item)}});
}

std::string build_function_output(std::string_view call_id, std::string_view output) {
  json::object item{{"type", "function_call_output"}, {"call_id", call_id}, {"output", output}};
  return json::serialize(
      json::object{{"type", "conversation.item.create"}, {"item", std::move(item)}});
}

std::string build_response_create(std::string_view instructions) {
  json::object m{{"type", "response.create"}};
  if (!instructions.empty()) m["response"] = {{"instructions", instructions}};
  return json::serialize(m);
}

std::string build_truncate(std::string_view item_id, std::int64_t audio_end_ms) {
  return json::serialize(json::object{{"type", "conversation.item.truncate"},
                                      {"item_id", item_id},
                                      {"content_index", 0},
                                      {"audio_end_ms", audio_end_ms}});
}

core::Result<RealtimeEvent> parse_realtime_event(std::string_view text) {
  // The DOM lives only in this call (everything kept is copied out): a message that fits (an
  // audio delta of 20-60 ms, a transcript delta) is parsed without touching the heap.
  alignas(std::max_align_t) unsigned char arena[16384];
  json::monotonic_resource memory(arena, sizeof arena);
  boost::system::error_code jec;
  json::value v = json::parse(text, jec, &memory);
  if (jec) return make_error_code(Errc::MalformedJson);
  if (!v.is_object()) return bad();
  const auto& o = v.get_object();
  RealtimeEvent ev;
  const json::value* type = o.if_contains("type");
  if (!type || !type->is_string() || type->get_string().empty()) return bad();
  ev.type = std::string(type->get_string());
  if (auto ec = fill(o, ev)) return ec;
  return ev;
}

}  // namespace va::ai::openai
