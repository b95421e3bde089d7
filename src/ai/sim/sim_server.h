// SimServer: the local Gemini Live simulator (ai-live-protocols.md D1) on a loopback ws://
// listener. One executor (thread) runs the listener and every session; the cheapest mode
// (tone) is what carries 2,000 concurrent sessions.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "ai/sim/sim_config.h"
#include "ai/sim/sim_shared.h"

namespace va::ai::sim {

inline constexpr const char* kLivePath =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";

class SimServer {
 public:
  // Binds at once (throws std::runtime_error on failure, a non-loopback host, or a script
  // espeak-ng cannot render). Accepting starts with start().
  SimServer(boost::asio::any_io_executor executor, SimConfig config);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  void start();
  void stop();  // closes the listener and every session (call on the executor's thread)
  std::uint16_t port() const;
  std::string url() const;  // ws://127.0.0.1:<port>/ws/...BidiGenerateContent (no key)
  // Read on the executor's thread (or after it stopped).
  const SimCounters& counters() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace va::ai::sim
