// A simulator session: one accepted TCP connection speaking the Gemini Live protocol (D1).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "ai/sim/sim_shared.h"

namespace va::ai::sim {

// Takes the socket over; the session keeps itself alive until the connection ends.
void start_sim_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<SimShared> shared);

}  // namespace va::ai::sim
