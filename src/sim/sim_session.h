// A simulator session: one accepted TCP connection speaking the Gemini Live protocol (D1).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "sim/sim_shared.h"

namespace va::sim {

// The Live service's WebSocket path (v1beta; v1alpha is accepted too).
inline constexpr const char* kLivePath =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";

// Takes the socket over; the session keeps itself alive until the connection ends.
void start_sim_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<SimShared> shared);

}  // namespace va::sim
