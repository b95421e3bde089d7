// The simulator's generateContent for text models: post-call analysis with structured output
// (responseMimeType application/json + responseSchema), on the same port and path as the TTS
// endpoint (tts_endpoint.h), with the service's key checks and error bodies. It is strict
// like the real API: an unknown field name anywhere in the request, the schema included, is
// 400 INVALID_ARGUMENT "Unknown name ... Cannot find field." The answer is derived
// deterministically from the transcript in the prompt (keywords, see analysis_endpoint.cc),
// so tests know what to expect. Fault keys: quota_keys -> 429, analysis_invalid_json_keys ->
// 200 whose text is not JSON.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <string_view>

#include "sim/sim_shared.h"

namespace va::sim {

namespace http = boost::beast::http;

// Every POST .../models/{model}:generateContent: TTS models to answer_tts, text models here.
http::response<http::string_body> answer_generate_content(
    const http::request<http::string_body>& req, SimShared& shared);

// The strict check alone (for tests and the fuzz target): "" when every field name is known,
// else the service's message for the first unknown one.
std::string unknown_field_error(std::string_view body);

// The deterministic answer text (the JSON object the schema asks for) for a request body that
// passed the checks.
std::string analysis_answer_text(std::string_view body);

}  // namespace va::sim
