// The simulator's Gemini TTS endpoint (ai-live-protocols.md B): POST
// /v1beta/models/{model}:generateContent on the same port as the Live socket, with the same key
// checks, answering the service's REST error bodies (403 no key, 400 API_KEY_INVALID, 429 quota
// key, 404 unknown model, 400 bad request or voice) or 200 with base64 PCM in inlineData.
// Audio: the key's tone (tone and echo modes, cheap) or espeak-ng (scripted mode); 3.8 models
// answer audio/wav, older ones headerless audio/L16 at 24 kHz, as reported for the service.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string_view>

#include "sim/sim_shared.h"

namespace va::sim {

// True for a generateContent target (v1beta or v1alpha, any model, with or without ?key=).
bool is_tts_target(std::string_view target);

namespace http = boost::beast::http;
// Blocking for the espeak-ng render (scripted mode): a simulator limitation, not the service's.
http::response<http::string_body> answer_tts(const http::request<http::string_body>& req,
                                             SimShared& shared);

}  // namespace va::sim
