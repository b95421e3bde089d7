// GeminiLiveSession: AiSession over the Gemini Live WebSocket protocol (ai-live-protocols.md
// A4-A14). State machine after A14:
//  1. Connecting -> SentSetup (setup sent at upgrade) -> Live on setupComplete; the setup timer
//     fails the session with SetupTimeout if setupComplete does not come.
//  2. Live: caller audio is cut into config.chunk pieces and sent as realtimeInput; every field
//     of every server message is handled.
//  3. goAway with a resumable handle -> Draining: the switch happens at the next turnComplete /
//     interrupted, when the model is silent, or 1 s before the deadline, whichever is first.
//     A goAway before any handle waits for one (sessionResumptionUpdate with resumable:false
//     and an empty handle, sent while the model generates or runs a tool, is ignored).
//  4. Switching: caller audio is held, the old socket is closed first (A10: resuming while it is
//     open is refused with 1011), then a new connection sends setup with the handle; on its
//     setupComplete the held audio is sent in order, so no caller audio is lost.
//  5. A close is classified (A12, close_reason.h; 1008 "Requested entity was not found." is
//     transient only after setupComplete): fatal, or a first connection that never got its
//     setupComplete -> on_error; transient -> with back-off (max_resume_attempts) resume with
//     the handle, or, when none is held yet, start a fresh session whose system instruction
//     carries the transcript so far (stats().fresh_sessions).
#pragma once

#include <memory>

#include "ai/ai_session.h"

namespace va::ai::gemini {

class LiveSessionImpl;

class GeminiLiveSession final : public AiSession {
 public:
  GeminiLiveSession(boost::asio::any_io_executor executor, AiSessionConfig config, AiEvents events);
  ~GeminiLiveSession() override;

  // AiSession
  void start() override;
  void send_audio(std::span<const std::int16_t> pcm16_16k) override;
  void send_text(std::string_view text) override;
  void send_tool_response(const std::string& id, const std::string& name,
                          std::string_view output_json) override;
  void stop() override;
  bool reconnect() override;
  const UsageMetadata& usage() const override;
  const AiSessionStats& stats() const override;
  int last_close_code() const override;
  const std::string& last_close_reason() const override;

 private:
  std::shared_ptr<LiveSessionImpl> impl_;
};

}  // namespace va::ai::gemini
