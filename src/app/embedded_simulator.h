// EmbeddedSimulator: the Gemini Live simulator inside our own process, on loopback and its
// own thread: in `voiceagent serve` for calls whose owner has no API key (ai.simulator =
// "auto", DESIGN.md: "the simulator as the AI where no Gemini key is set"; scripted replies),
// and in `voiceagent demo` and in-process tests with the config they need.
#pragma once

#include <memory>
#include <string>

#include "sim/sim_config.h"

namespace va::app {

class EmbeddedSimulator {
 public:
  // Throws std::runtime_error when it cannot listen. The default config speaks scripted
  // replies telling the caller to configure a key.
  EmbeddedSimulator();
  explicit EmbeddedSimulator(sim::SimConfig config);
  ~EmbeddedSimulator();
  EmbeddedSimulator(const EmbeddedSimulator&) = delete;
  EmbeddedSimulator& operator=(const EmbeddedSimulator&) = delete;

  std::string url() const;  // ws://127.0.0.1:<port>/ws/...BidiGenerateContent
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace va::app
