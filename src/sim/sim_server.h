// SimServer: the local Gemini Live simulator (ai-live-protocols.md D1) on a loopback ws://
// listener, plus the REST generateContent endpoint of Gemini TTS (B) on the same port.
// Threads: the listener runs on the first executor; each accepted connection is handed to the
// next executor in turn and lives on it whole (one io_context per thread, as the call shards).
// With one executor everything runs on one thread. SimPool runs N such threads.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/sim_config.h"
#include "sim/sim_shared.h"

namespace va::sim {

class SimServer {
 public:
  // Binds at once (throws std::runtime_error on failure, a non-loopback host, or a script
  // espeak-ng cannot render). Accepting starts with start().
  SimServer(boost::asio::any_io_executor executor, SimConfig config);
  // Sessions spread over `executors` (one per thread); the listener uses the first.
  SimServer(std::vector<boost::asio::any_io_executor> executors, SimConfig config);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  void start();
  // Closes the listener (call on the first executor's thread, or once it stopped) and posts a
  // 1001 close to every session on its own thread.
  void stop();
  std::uint16_t port() const;
  std::string url() const;  // ws://127.0.0.1:<port>/ws/...BidiGenerateContent (no key)
  // http://127.0.0.1:<port>/v1beta (Gemini TTS base: append /models/<model>:generateContent).
  std::string rest_base_url() const;
  SimCounters counters() const;  // a snapshot; any thread

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace va::sim
