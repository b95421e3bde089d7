// EmbeddedSimulator: the Gemini Live simulator inside `voiceagent serve`, on loopback and its
// own thread, for calls whose owner has no API key (ai.simulator = "auto", DESIGN.md: "the
// simulator as the AI where no Gemini key is set"). It speaks scripted replies.
#pragma once

#include <memory>
#include <string>

namespace va::app {

class EmbeddedSimulator {
 public:
  // Throws std::runtime_error when it cannot listen.
  EmbeddedSimulator();
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
