// The simulator's TTS endpoint: key checks, request checks, render, JSON answer.
#include "sim/tts_endpoint.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "ai/base64.h"
#include "ai/greeting_cache.h"
#include "core/key_fingerprint.h"
#include "media/resampler.h"
#include "media/wav.h"
#include "sim/rest_reply.h"

namespace va::sim {
namespace json = boost::json;

namespace {

struct TtsAsk {
  std::string text;
  std::string voice = "Kore";
  bool audio = false;
  std::string bad;  // non-empty: 400 with this message
};

TtsAsk read_request(std::string_view body) {
  TtsAsk ask;
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec || !root.is_object()) {
    ask.bad = "Invalid JSON payload received. Unexpected token.";
    return ask;
  }
  const auto* contents = root.as_object().if_contains("contents");
  if (contents && contents->is_array()) {
    for (const auto& c : contents->get_array()) {
      const auto* parts = c.is_object() ? c.get_object().if_contains("parts") : nullptr;
      if (!parts || !parts->is_array()) continue;
      for (const auto& p : parts->get_array()) {
        const auto* t = p.is_object() ? p.get_object().if_contains("text") : nullptr;
        if (t && t->is_string()) ask.text += std::string(t->get_string());
      }
    }
  }
  if (ask.text.empty()) {
    ask.bad = "* GenerateContentRequest.contents: contents is not specified\n";
    return ask;
  }
  const auto* gc = root.as_object().if_contains("generationConfig");
  if (gc && gc->is_object()) {
    if (const auto* m = gc->get_object().if_contains("responseModalities"); m && m->is_array()) {
      for (const auto& v : m->get_array())
        ask.audio = ask.audio || (v.is_string() && v.get_string() == "AUDIO");
    }
    const json::value* name = nullptr;
    boost::system::error_code ignored;
    name = gc->find_pointer("/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName", ignored);
    if (name && name->is_string()) ask.voice = std::string(name->get_string());
  }
  return ask;
}

// Speech-like length for the tone: 60 ms per character, 0.3 to 8 s.
std::vector<std::int16_t> tone_for(std::string_view key, std::string_view text) {
  const std::size_t ms = std::clamp<std::size_t>(text.size() * 60, 300, 8000);
  ToneSource tone(tone_frequency_for_key(key), ms * 24);
  std::vector<std::int16_t> pcm(tone.total());
  tone.fill(0, pcm);
  return pcm;
}

}  // namespace

bool is_tts_target(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  return (path.starts_with("/v1beta/models/") || path.starts_with("/v1alpha/models/")) &&
         path.ends_with(":generateContent");
}

http::response<http::string_body> answer_tts(const http::request<http::string_body>& req,
                                             SimShared& shared) {
  bump(shared.counters.tts_requests);
  const auto& cfg = shared.config;
  const std::string key = key_of(req);
  if (key.empty()) return rest_error(req, 403, "PERMISSION_DENIED", kNoKey);
  if (!cfg.keys.empty() && !cfg.keys.contains(key) && !cfg.quota_keys.contains(key)) {
    return rest_error(req, 400, "INVALID_ARGUMENT", kBadKey, "API_KEY_INVALID");
  }
  if (cfg.quota_keys.contains(key)) return rest_error(req, 429, "RESOURCE_EXHAUSTED", kQuota);
  const std::string model(model_of(req.target()));
  if (std::find(cfg.tts_models.begin(), cfg.tts_models.end(), model) == cfg.tts_models.end()) {
    return unknown_model(req, model);
  }
  if (req.method() != http::verb::post) {
    return rest_error(req, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
  }
  const TtsAsk ask = read_request(req.body());
  if (!ask.bad.empty()) return rest_error(req, 400, "INVALID_ARGUMENT", ask.bad);
  if (!ask.audio) {
    return rest_error(req, 400, "INVALID_ARGUMENT",
                      "The requested combination of response modalities is not supported by the "
                      "model. models/" +
                          model +
                          " accepts the following combination of response "
                          "modalities:\n* AUDIO\n");
  }
  if (!is_known_voice(ask.voice)) {
    return rest_error(req, 400, "INVALID_ARGUMENT",
                      "Voice name " + ask.voice + " is not supported.");
  }
  std::vector<std::int16_t> pcm;
  if (cfg.mode == ReplyMode::Scripted) {
    auto spoken = ai::render_with_espeak(cfg.espeak_path, "en", ask.text);
    if (!spoken) return rest_error(req, 500, "INTERNAL", "Internal error encountered.");
    pcm = media::Resampler::convert(spoken->samples, spoken->sample_rate, kOutputRate);
  } else {
    pcm = tone_for(key, ask.text);
  }
  // Which key each render was made under, so tests can prove a call's greeting is its own.
  if (shared.log.enabled()) {
    shared.log.write_line(json::serialize(json::object{{"event", "tts"},
                                                       {"key_fp", core::key_fingerprint(key)},
                                                       {"model", model},
                                                       {"voice", ask.voice},
                                                       {"chars", ask.text.size()}}));
  }
  const bool wav = model.starts_with("gemini-3.8");
  std::string bytes = wav ? media::wav_bytes(pcm, kOutputRate)
                          : std::string(reinterpret_cast<const char*>(pcm.data()), pcm.size() * 2);
  std::string data;
  ai::base64_encode({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, data);
  const auto tokens = static_cast<std::int64_t>(pcm.size() / 750);  // ~32 tokens/s (D1.18)
  const auto prompt = static_cast<std::int64_t>(ask.text.size() / 4 + 1);
  json::object part{{"inlineData",
                     {{"mimeType", wav ? "audio/wav" : "audio/L16;codec=pcm;rate=24000"},
                      {"data", std::move(data)}}}};
  return json_response(
      req, http::status::ok,
      json::object{{"candidates",
                    json::array{json::object{
                        {"content", {{"parts", json::array{std::move(part)}}, {"role", "model"}}},
                        {"finishReason", "STOP"},
                        {"index", 0}}}},
                   {"usageMetadata",
                    {{"promptTokenCount", prompt},
                     {"candidatesTokenCount", tokens},
                     {"totalTokenCount", prompt + tokens}}},
                   {"modelVersion", model}});
}

}  // namespace va::sim
