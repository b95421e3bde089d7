// Fuzz target: Gemini TTS REST answers from the network (ai-live-protocols.md B): the response
// parser (L16, pcm, WAV inside base64 inside JSON) and the error-body parser never crash or
// throw; a parsed answer re-served as L16 at its rate parses back to the same samples.
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ai/base64.h"
#include "ai/gemini/tts_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto pcm = va::ai::gemini::parse_tts_response(text)) {
    std::string b64;
    va::ai::base64_encode(
        {reinterpret_cast<const std::uint8_t*>(pcm->samples.data()), pcm->samples.size() * 2}, b64);
    namespace json = boost::json;
    const std::string mime = "audio/L16;codec=pcm;rate=" + std::to_string(pcm->sample_rate);
    const std::string again = json::serialize(json::object{
        {"candidates",
         json::array{json::object{
             {"content",
              {{"parts", json::array{json::object{
                             {"inlineData", {{"mimeType", mime}, {"data", b64}}}}}}}}}}}});
    auto back = va::ai::gemini::parse_tts_response(again);
    if (!back || back->sample_rate != pcm->sample_rate || back->samples != pcm->samples) {
      __builtin_trap();
    }
  }
  for (int status : {400, 403, 404, 429, 500}) {
    auto e = va::ai::gemini::parse_rest_error(status, text);
    if (!e.code || e.message.empty()) __builtin_trap();
  }
  return 0;
}
