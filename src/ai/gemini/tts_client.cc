// TtsClient: one generateContent POST (ai/gemini/rest_post.h), then the audio parsed.
#include "ai/gemini/tts_client.h"

#include "ai/gemini/rest_post.h"

namespace va::ai::gemini {

namespace {
constexpr std::size_t kMaxResponseBytes = 64 * 1024 * 1024;  // minutes of base64 audio
}  // namespace

core::Result<media::AudioFrame> synthesize_speech(const TtsConfig& config, std::string_view text,
                                                  std::string_view voice, RestError* failure) {
  RestError ignored;
  RestError& f = failure ? *failure : ignored;
  auto reply = post_json(config.base_url + "/models/" + config.model + ":generateContent",
                         config.api_key, build_tts_request(text, voice), config.timeout,
                         kMaxResponseBytes, &f, config.ca_file);
  if (!reply) return reply.error();
  if (reply->http_status != 200) {
    f = parse_rest_error(reply->http_status, reply->body);
    return f.code;
  }
  auto pcm = parse_tts_response(reply->body);
  if (!pcm) f = RestError{pcm.error(), reply->http_status, "", "unreadable TTS response"};
  return pcm;
}

}  // namespace va::ai::gemini
