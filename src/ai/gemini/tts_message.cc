// Gemini TTS request/response/error JSON (ai-live-protocols.md B).
#include "ai/gemini/tts_message.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "ai/base64.h"
#include "ai/errc.h"
#include "ai/gemini/json_fields.h"
#include "media/wav.h"

namespace va::ai::gemini {
namespace json = boost::json;

namespace {

// "audio/L16;codec=pcm;rate=24000" or "audio/pcm;rate=24000" -> the rate; 0 when not raw PCM.
int raw_pcm_rate(std::string_view mime) {
  std::string lower;
  for (char c : mime)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (!lower.starts_with("audio/l16") && !lower.starts_with("audio/pcm")) return 0;
  auto pos = lower.find("rate=");
  if (pos == std::string::npos) return 24000;  // B: the service's output is 24 kHz
  int rate = 0;
  for (std::size_t i = pos + 5;
       i < lower.size() && std::isdigit(static_cast<unsigned char>(lower[i])); ++i) {
    rate = rate * 10 + (lower[i] - '0');
    if (rate > 192000) return 0;
  }
  return rate >= 8000 ? rate : 0;
}

core::Result<media::AudioFrame> decode_part(std::string_view mime, std::string_view data) {
  std::vector<std::uint8_t> bytes;
  if (base64_decode(data, bytes)) return make_error_code(Errc::ProtocolError);
  if (mime.starts_with("audio/wav") || mime.starts_with("audio/x-wav")) {
    auto pcm = media::parse_wav(bytes);
    if (!pcm) return make_error_code(Errc::ProtocolError);  // a bad body, as for other formats
    return pcm;
  }
  const int rate = raw_pcm_rate(mime);
  if (rate == 0) return make_error_code(Errc::ProtocolError);
  media::AudioFrame pcm{rate, std::vector<std::int16_t>(bytes.size() / 2)};
  for (std::size_t i = 0; i < pcm.samples.size(); ++i) {
    pcm.samples[i] = static_cast<std::int16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  }
  return pcm;
}

}  // namespace

std::string build_tts_request(std::string_view text, std::string_view voice) {
  json::object voice_config{{"prebuiltVoiceConfig", {{"voiceName", voice}}}};
  return json::serialize(json::object{
      {"contents", json::array{json::object{{"parts", json::array{json::object{{"text", text}}}}}}},
      {"generationConfig",
       {{"responseModalities", json::array{"AUDIO"}},
        {"speechConfig", {{"voiceConfig", std::move(voice_config)}}}}}});
}

core::Result<media::AudioFrame> parse_tts_response(std::string_view body) {
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec) return make_error_code(Errc::MalformedJson);
  const json::object* o = object_at(&root);
  const json::value* cands = o ? o->if_contains("candidates") : nullptr;
  if (!cands || !cands->is_array() || cands->get_array().empty()) {
    return make_error_code(Errc::ProtocolError);
  }
  const json::object* cand = object_at(&cands->get_array()[0]);
  const json::object* content = cand ? object_at(cand->if_contains("content")) : nullptr;
  const json::value* parts = content ? content->if_contains("parts") : nullptr;
  if (!parts || !parts->is_array()) return make_error_code(Errc::ProtocolError);
  // Every audio part in order (one in practice); text parts are ignored.
  media::AudioFrame out{0, {}};  // rate 0 until the first audio part names it
  for (const json::value& p : parts->get_array()) {
    const json::object* part = object_at(&p);
    const json::object* inline_data = part ? object_at(part->if_contains("inlineData")) : nullptr;
    if (!inline_data) continue;
    auto pcm = decode_part(string_at(*inline_data, "mimeType"), string_at(*inline_data, "data"));
    if (!pcm) return pcm.error();
    if (out.sample_rate != 0 && out.sample_rate != pcm->sample_rate) {
      return make_error_code(Errc::ProtocolError);
    }
    out.sample_rate = pcm->sample_rate;
    out.samples.insert(out.samples.end(), pcm->samples.begin(), pcm->samples.end());
  }
  if (out.sample_rate == 0 || out.samples.empty()) return make_error_code(Errc::ProtocolError);
  return out;
}

}  // namespace va::ai::gemini
