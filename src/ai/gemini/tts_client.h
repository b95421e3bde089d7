// TtsClient: Gemini TTS over REST (ai-live-protocols.md B) with Boost.Beast: one
// POST {base}/models/{model}:generateContent per greeting, key in x-goog-api-key, HTTP/1.1 over
// TLS with the certificate verified against the system store (http:// only to loopback, e.g.
// the simulator). Blocking: it runs a private io_context on the caller's thread, so call it
// from a setup or worker thread (GreetingCache), never from a call's shard.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "ai/gemini/tts_message.h"
#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai::gemini {

inline constexpr const char* kTtsBaseUrl = "https://generativelanguage.googleapis.com/v1beta";
// GA TTS model of the Developer API (B); 3.8 may answer audio/wav, which parse_tts_response reads.
inline constexpr const char* kTtsModel = "gemini-3.8-flash-tts";

struct TtsConfig {
  std::string base_url = kTtsBaseUrl;  // without a trailing slash
  std::string model = kTtsModel;       // without "models/"
  std::string api_key;                 // the call owner's key (never logged; fingerprint only)
  std::chrono::milliseconds timeout{20000};  // whole exchange: TTS takes seconds (B)
  std::string ca_file;  // ai.tls_ca_file: extra trust anchors (PEM) for https://; "" = none
};

// PCM at the rate the service returned (24 kHz). On failure the error is an ai::Errc
// (BadUrl/InsecureUrl, ConnectFailed, BadKey, Quota, BadModel, BadVoice, InvalidArgument,
// ServerGone, MalformedJson, ProtocolError) and `failure` (if given) holds the HTTP status and
// the service's message.
core::Result<media::AudioFrame> synthesize_speech(const TtsConfig& config, std::string_view text,
                                                  std::string_view voice,
                                                  RestError* failure = nullptr);

}  // namespace va::ai::gemini
