// Gemini TTS messages (ai-live-protocols.md B): the generateContent request with
// responseModalities AUDIO and a prebuilt voice, its response (base64 PCM in
// candidates[0].content.parts[].inlineData, headerless audio/L16 or audio/pcm at the rate in the
// mime type, or audio/wav), and the REST error body {"error":{"code","message","status",...}}.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai::gemini {

std::string build_tts_request(std::string_view text, std::string_view voice);

// Errc::MalformedJson (not JSON), Errc::ProtocolError (no audio part, bad base64, bad WAV, an
// audio mime type we cannot read).
core::Result<media::AudioFrame> parse_tts_response(std::string_view body);

struct RestError {
  std::error_code code;  // BadKey, Quota, BadModel, BadVoice, InvalidArgument, ServerGone
  int http_status = 0;
  std::string status;   // "INVALID_ARGUMENT", "PERMISSION_DENIED", ... ("" if the body has none)
  std::string message;  // the service's message (or "HTTP <n>" when the body is not its JSON)
};

// Maps a non-200 answer: 400 with reason API_KEY_INVALID / 401 / 403 -> BadKey; 429 -> Quota;
// 404 -> BadModel; other 4xx -> InvalidArgument (BadVoice when the message names the voice);
// 5xx and anything else -> ServerGone (transient).
RestError parse_rest_error(int http_status, std::string_view body);

}  // namespace va::ai::gemini
