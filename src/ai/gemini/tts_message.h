// Gemini TTS messages (ai-live-protocols.md B): the generateContent request with
// responseModalities AUDIO and a prebuilt voice, its response (base64 PCM in
// candidates[0].content.parts[].inlineData, headerless audio/L16 or audio/pcm at the rate in the
// mime type, or audio/wav), and the REST error body {"error":{"code","message","status",...}}.
#pragma once

#include <string>
#include <string_view>

#include "ai/gemini/rest_error.h"
#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai::gemini {

std::string build_tts_request(std::string_view text, std::string_view voice);

// Errc::MalformedJson (not JSON), Errc::ProtocolError (no audio part, bad base64, bad WAV, an
// audio mime type we cannot read).
core::Result<media::AudioFrame> parse_tts_response(std::string_view body);

}  // namespace va::ai::gemini
