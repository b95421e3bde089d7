// Gemini Live server message (ai-live-protocols.md A2, A6): one JSON object carrying one of
// setupComplete, serverContent, toolCall, toolCallCancellation, goAway, sessionResumptionUpdate,
// plus optionally usageMetadata. Every field of every message is read (several may be present).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ai/ai_session.h"
#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai::gemini {

struct Transcript {
  std::string text;
  bool finished = false;
};

struct ServerContent {
  std::vector<media::AudioFrame>
      audio;                      // modelTurn.parts[].inlineData audio/pcm, rate from mimeType
  std::vector<std::string> text;  // modelTurn.parts[].text (not thoughts)
  std::optional<Transcript> input_transcription;
  std::optional<Transcript> output_transcription;
  bool generation_complete = false;
  bool turn_complete = false;
  bool interrupted = false;
  bool waiting_for_input = false;
  std::uint32_t odd_bytes = 0;  // audio parts with an odd byte count (trailing byte dropped)
};

struct ResumptionUpdate {
  std::string new_handle;
  bool resumable = false;
};

struct ServerMessage {
  bool setup_complete = false;
  std::optional<ServerContent> content;
  std::vector<ToolCall> tool_calls;
  std::vector<std::string> tool_cancellations;
  std::optional<std::chrono::milliseconds> go_away;  // timeLeft
  std::optional<ResumptionUpdate> resumption;
  std::optional<UsageMetadata> usage;       // messages field unused here
  std::vector<std::string> unknown_fields;  // top-level names we do not know (logged once)
};

// Errc::MalformedJson when not JSON; Errc::ProtocolError when JSON of the wrong shape
// (not an object, a known field of the wrong type, bad base64, bad Duration).
core::Result<ServerMessage> parse_server_message(std::string_view json);

// google.protobuf.Duration JSON ("50s", "1.5s", "0.250s"). Errc::ProtocolError otherwise.
core::Result<std::chrono::milliseconds> parse_duration(std::string_view s);

// The rate in "audio/pcm;rate=24000"; 24000 when absent (Vertex omits it, A6). nullopt when
// the mime type is not audio/pcm or the rate is not a number in 1..192000.
std::optional<int> pcm_rate_from_mime(std::string_view mime);

}  // namespace va::ai::gemini
