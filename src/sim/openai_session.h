// The simulator's OpenAI Realtime side (ai-live-protocols.md C, D2): the same port as the Gemini
// Live simulator; SimSession hands an upgrade on /v1/realtime over to start_openai_session.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string_view>

#include "ai/openai/realtime_session.h"
#include "sim/sim_shared.h"

namespace va::sim {

inline constexpr std::string_view kOpenAiPath = ai::openai::kRealtimePath;

// Whether an upgrade's target is the Realtime endpoint (path /v1/realtime, any query).
bool is_openai_target(std::string_view target);

// Takes the connection over with its upgrade request (not yet answered); the session keeps
// itself alive until the connection ends.
void start_openai_session(boost::beast::tcp_stream stream,
                          boost::beast::http::request<boost::beast::http::string_body> upgrade,
                          std::shared_ptr<SimShared> shared);

}  // namespace va::sim
