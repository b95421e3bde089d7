// OpenAI Realtime (GA) wire messages (ai-live-protocols.md C2-C6): client event builders and
// the server event parser. Every event is one JSON object with a "type"; audio travels as
// base64 PCM16 LE at 24 kHz (`audio/pcm`). Only the GA shape is spoken (C0); the beta names of
// C6's rename table are accepted on input since it costs nothing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ai/ai_session.h"
#include "core/result.h"
#include "media/audio_frame.h"

namespace va::ai::openai {

inline constexpr int kAudioRate = 24000;  // audio/pcm is 24 kHz only (C3)

// {"type":"session.update","session":{type realtime, instructions, audio in/out audio/pcm 24 kHz,
// voice, server_vad or semantic_vad, input transcription, tools end_call/transfer/send_dtmf/
// send_sms as the config declares them}} (C3).
std::string build_session_update(const AiSessionConfig& config);
// {"type":"input_audio_buffer.append","audio":"<base64 PCM16LE 24 kHz>"} into `out` (reused).
void build_audio_append(std::span<const std::int16_t> pcm24k, std::string& out);
// A user text item: conversation.item.create {message, role user, input_text} (C5).
std::string build_user_text(std::string_view text);
// conversation.item.create {function_call_output, call_id, output} (C5). `output` is sent as
// the string the model reads (JSON text as it is).
std::string build_function_output(std::string_view call_id, std::string_view output);
// {"type":"response.create"}; with `instructions` non-empty, response.instructions.
std::string build_response_create(std::string_view instructions = {});
// conversation.item.truncate {item_id, content_index 0, audio_end_ms} (C9).
std::string build_truncate(std::string_view item_id, std::int64_t audio_end_ms);

struct RealtimeError {
  std::string type;  // invalid_request_error, server_error, ...
  std::string code;  // invalid_api_key, insufficient_quota, unknown_parameter, ...
  std::string message;
  std::string param;
};

struct RateLimit {
  std::string name;  // requests | tokens
  std::int64_t limit = 0;
  std::int64_t remaining = 0;
  double reset_seconds = 0;
};

// One server event, the fields the client uses (C6). `kind` names what it is; the rest is
// filled per kind.
struct RealtimeEvent {
  enum class Kind {
    SessionCreated,
    SessionUpdated,
    SpeechStarted,          // input_audio_buffer.speech_started
    SpeechStopped,          // input_audio_buffer.speech_stopped
    AudioDelta,             // response.output_audio.delta (beta response.audio.delta)
    OutputTranscriptDelta,  // response.output_audio_transcript.delta
    OutputTranscriptDone,   // response.output_audio_transcript.done
    InputTranscriptDelta,   // conversation.item.input_audio_transcription.delta
    InputTranscriptDone,    // conversation.item.input_audio_transcription.completed
    FunctionCallDone,       // response.function_call_arguments.done
    ResponseCreated,
    ResponseDone,
    RateLimits,  // rate_limits.updated
    Truncated,   // conversation.item.truncated
    Error,
    Other,  // a known-shaped event the client does not act on (item.added, content_part ...)
  };
  Kind kind = Kind::Other;
  std::string type;
  std::string item_id;
  std::string response_id;
  media::AudioFrame audio;    // AudioDelta: 24 kHz
  std::string text;           // transcript delta or whole transcript
  ToolCall call;              // FunctionCallDone: id = call_id, name, args_json = arguments
  std::string status;         // ResponseDone: completed | cancelled | failed | incomplete
  std::string reason;         // ResponseDone: status_details.reason
  std::int64_t audio_ms = 0;  // SpeechStarted audio_start_ms, SpeechStopped audio_end_ms,
                              // Truncated audio_end_ms
  UsageMetadata usage;        // ResponseDone (input, output, total tokens)
  bool has_usage = false;
  RealtimeError error;  // Error (and ResponseDone status_details.error)
  std::vector<RateLimit> rate_limits;
};

// Errc::MalformedJson when the text is not JSON; Errc::ProtocolError when it is JSON but not a
// Realtime event: not an object, no string "type", a field the client uses of the wrong type,
// audio that is not base64 or has an odd byte count.
core::Result<RealtimeEvent> parse_realtime_event(std::string_view json);

}  // namespace va::ai::openai
