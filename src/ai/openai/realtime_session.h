// OpenAiRealtimeSession: AiSession over the OpenAI Realtime GA WebSocket (ai-live-protocols.md
// C1-C10). State machine:
//  1. Connecting (Authorization: Bearer <key>, ?model=) -> session.created -> we send
//     session.update -> Live on session.updated (the setup timer fails the session with
//     SetupTimeout otherwise). Caller audio and text before Live are held (bounded).
//  2. Live: caller audio (16 kHz from the call) is resampled to 24 kHz audio/pcm and sent as
//     input_audio_buffer.append every config.chunk; output audio deltas go to on_audio.
//  3. Barge-in (C9): speech_started while an assistant item has audio -> on_interrupted (the
//     call flushes its queue and reports how much was never played through playout_flushed)
//     -> conversation.item.truncate with the played ms, clamped to what was received.
//  4. Function calls: response.function_call_arguments.done -> on_tool_call; the answer is a
//     function_call_output item plus response.create.
//  5. error events: fatal codes (invalid_api_key, insufficient_quota, model_not_found) fail the
//     session; others are logged and the session goes on (C10). A close fails the session
//     with the error it carried (3000 invalid_api_key -> BadKey, quota -> Quota, else
//     ServerGone): there is no resumption in this protocol.
#pragma once

#include <memory>
#include <string_view>

#include "ai/ai_session.h"
#include "ai/errc.h"

namespace va::ai::openai {

// The Realtime endpoint's path (ai-live-protocols.md C); the simulator serves it on its one
// port beside Gemini's, so both sides name it from here.
inline constexpr std::string_view kRealtimePath = "/v1/realtime";

class RealtimeSessionImpl;

class OpenAiRealtimeSession final : public AiSession {
 public:
  OpenAiRealtimeSession(boost::asio::any_io_executor executor, AiSessionConfig config,
                        AiEvents events);
  ~OpenAiRealtimeSession() override;

  // AiSession
  void start() override;
  void send_audio(std::span<const std::int16_t> pcm16_16k) override;
  void send_text(std::string_view text) override;
  void send_tool_response(const std::string& id, const std::string& name,
                          std::string_view output_json) override;
  void playout_flushed(std::chrono::milliseconds unplayed) override;
  void stop() override;
  const UsageMetadata& usage() const override;
  const AiSessionStats& stats() const override;
  int last_close_code() const override;
  const std::string& last_close_reason() const override;

 private:
  std::shared_ptr<RealtimeSessionImpl> impl_;
};

// The target with ?model=<model> added (C1): the configured URL carries no query of its own
// but one is kept if present.
std::string target_with_model(std::string_view target, std::string_view model);
// An error event's code -> the typed error when it ends the session (Errc::Ok: recoverable).
Errc fatal_error_for(std::string_view code);
// A close code + reason (reason "<error.type>.<error.code>", C10) -> the typed error.
Errc error_for_close(int code, std::string_view reason);

}  // namespace va::ai::openai
