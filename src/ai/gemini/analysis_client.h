// AnalysisClient: post-call analysis over Gemini REST: POST
// {rest_url}/v1beta/models/{model}:generateContent (x-goog-api-key) with structured output
// (analysis_message.h). Blocking (rest_post.h): run it on a worker thread, never on a shard.
#pragma once

#include <chrono>
#include <string>

#include "ai/gemini/analysis_message.h"
#include "ai/gemini/rest_error.h"
#include "core/result.h"

namespace va::ai::gemini {

// A current Flash model of the Developer API (text in, structured JSON out).
inline constexpr const char* kAnalysisModel = "gemini-2.5-flash";

struct AnalysisConfig {
  std::string rest_url;                // http(s)://host:port, without a path (ai.gemini.rest_url)
  std::string model = kAnalysisModel;  // without "models/"
  std::string api_key;                 // the call owner's key (never logged)
  std::chrono::milliseconds timeout{30000};
  std::string ca_file;  // ai.tls_ca_file: extra trust anchors (PEM) for https://; "" = none
};

// On failure the error is an ai::Errc: BadUrl/InsecureUrl, ConnectFailed, BadKey, Quota,
// BadModel, InvalidArgument, ServerGone (5xx: transient), MalformedJson, ProtocolError; and
// `failure` (if given) holds the HTTP status and a message fit to show on the call.
core::Result<AnalysisAnswer> analyze_call(const AnalysisConfig& config, const AnalysisAsk& ask,
                                          RestError* failure = nullptr);

}  // namespace va::ai::gemini
