// AiSession: one call's realtime speech-AI conversation, the interface the call layer uses for
// either provider (Gemini Live, ai-live-protocols.md A; OpenAI Realtime, C).
// Nothing here knows SIP. A session runs on the caller's executor (one shard) and shares nothing
// with other sessions: its key, socket, buffers and callbacks are its own (DESIGN.md isolation).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/logging.h"
#include "media/audio_frame.h"

namespace va::ai {

// realtimeInputConfig (A4). Sensitivities: true = HIGH (the Developer API default).
struct ActivityDetection {
  bool automatic = true;  // false = client sends activityStart/End (not used by calls yet)
  bool start_sensitivity_high = true;
  bool end_sensitivity_high = true;
  int prefix_padding_ms = -1;    // -1 = server default (field omitted)
  int silence_duration_ms = -1;  // -1 = server default
  bool interrupts = true;        // START_OF_ACTIVITY_INTERRUPTS (barge-in) vs NO_INTERRUPTION
};

struct AiSessionConfig {
  // Which service speaks on the socket: "gemini" (Gemini Live, part A) or "openai" (OpenAI
  // Realtime GA, part C). url, api_key, model and voice are that provider's.
  std::string provider = "gemini";
  // Full WebSocket URL without the key: wss://... or ws://<loopback>/... (A1).
  std::string url =
      "wss://generativelanguage.googleapis.com/ws/"
      "google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
  std::string api_key;      // the owner's key; sent as ?key= (A1)
  std::string tls_ca_file;  // ai.tls_ca_file: extra trust anchors (PEM) for wss://; "" = none
  std::string model = "gemini-3.8-live";  // "models/" is prefixed when missing (A3)
  std::string voice = "Puck";             // one of the 30 prebuilt voices (A4)
  std::string language;                   // BCP-47, e.g. "en-US" (the call's language)
  // Sends `language` as speechConfig.languageCode. Off by default: the native-audio models pick
  // the language themselves and may reject the field (A4).
  bool send_language_code = false;
  bool semantic_vad = false;  // OpenAI: semantic_vad instead of server_vad (C4)
  std::string system_instruction;
  bool input_transcription = true;
  bool output_transcription = true;
  ActivityDetection activity;
  bool resumption = true;                // sessionResumption: {} and resume on goAway (A10)
  bool context_compression = true;       // slidingWindow: lifts the 15-minute audio cap (A10)
  bool tool_end_call = true;             // declare end_call (the model hangs up)
  bool tool_transfer = true;             // declare transfer_call {to, reason} (hand to a person)
  bool tool_send_dtmf = true;            // declare send_dtmf {digits} (keys to the far end's IVR)
  bool tool_send_sms = true;             // declare send_sms {text} (a text message to the caller)
  bool tool_voicemail_detected = false;  // declare voicemail_detected (outbound, AMD on)
  std::chrono::milliseconds setup_timeout{10000};      // A4: field clients use 10-15 s
  std::chrono::milliseconds chunk{20};                 // uplink realtimeInput size, 20-40 ms
  std::size_t max_message_bytes = 4 * 1024 * 1024;     // larger incoming messages are an error
  std::chrono::milliseconds switch_buffer_max{30000};  // caller audio held during a resume
  int max_resume_attempts = 3;                         // transient closes (1011, 1006) (A12)
  core::LogContext log;
};

// usageMetadata (A6), as last reported (whether cumulative is [U]: kept as given).
struct UsageMetadata {
  std::int64_t prompt_tokens = 0;
  std::int64_t response_tokens = 0;
  std::int64_t total_tokens = 0;
  // The AUDIO entries of promptTokensDetails / responseTokensDetails (the rest is text).
  std::int64_t prompt_audio_tokens = 0;
  std::int64_t response_audio_tokens = 0;
  std::int64_t messages = 0;  // how many usageMetadata the session saw
};

// toolCall.functionCalls[] entry (A6, A9). args_json is the raw JSON object text.
struct ToolCall {
  std::string id;
  // "end_call", "transfer_call", "send_dtmf", "send_sms", "voicemail_detected", ...
  std::string name;
  std::string args_json;
};

// Counters a test or /metrics reads; reset never (per session).
struct AiSessionStats {
  std::uint64_t audio_in_samples = 0;   // caller audio sent (16 kHz samples)
  std::uint64_t audio_out_samples = 0;  // AI audio received (at its own rate)
  std::uint64_t messages_in = 0;
  std::uint64_t messages_out = 0;
  std::uint64_t malformed_messages = 0;  // dropped: not JSON or not the protocol
  std::uint64_t connections = 0;         // 1 + resumptions
  std::uint64_t resumptions = 0;
  std::uint64_t buffered_during_switch = 0;  // caller samples held while resuming
  // Connections that began a new session (no handle to resume with), told the transcript so far.
  std::uint64_t fresh_sessions = 0;
};

// Everything the session reports back; all called on the session's executor. Unset ones are
// skipped. on_error is terminal: after it nothing else is called.
struct AiEvents {
  std::function<void()> on_ready;  // setupComplete of the first connection
  std::function<void(media::AudioFrame)> on_audio;
  std::function<void(std::string_view text, bool finished)> on_input_transcript;
  std::function<void(std::string_view text, bool finished)> on_output_transcript;
  std::function<void()> on_generation_complete;
  std::function<void()> on_turn_complete;
  std::function<void()> on_interrupted;  // barge-in: flush playout now (A8)
  std::function<void(const ToolCall&)> on_tool_call;
  std::function<void(const std::vector<std::string>& ids)> on_tool_cancel;
  std::function<void(std::chrono::milliseconds time_left)> on_go_away;
  std::function<void()> on_resumed;  // a new connection took over after goAway
  std::function<void(const UsageMetadata&)> on_usage;
  // code is an ai::Errc; reason is the server's close reason or a local explanation.
  std::function<void(std::error_code code, const std::string& reason)> on_error;
};

class AiSession {
 public:
  virtual ~AiSession() = default;

  // Connects, sends setup and waits for setupComplete (or on_error).
  virtual void start() = 0;
  // Caller audio, PCM16 mono 16 kHz, any length: re-chunked to config.chunk and sent once the
  // session is live; held (bounded) before setupComplete and while resuming.
  virtual void send_audio(std::span<const std::int16_t> pcm16_16k) = 0;
  // realtimeInput.text (e.g. "Greet the caller", A8).
  virtual void send_text(std::string_view text) = 0;
  // toolResponse for a toolCall id; output_json is a JSON value put under response.output.
  // end_call's is sent with scheduling SILENT, so the model does not speak after its goodbye.
  virtual void send_tool_response(const std::string& id, const std::string& name,
                                  std::string_view output_json) = 0;
  // After on_interrupted: the call flushed `unplayed` of the AI's audio that the caller never
  // heard. OpenAI uses it for conversation.item.truncate's audio_end_ms (C9); Gemini needs
  // nothing (the server tracks it). Called from inside on_interrupted or right after it.
  virtual void playout_flushed(std::chrono::milliseconds unplayed) { (void)unplayed; }
  // Closes the WebSocket (1000) and cancels timers; no callback runs after stop() returns.
  virtual void stop() = 0;
  // Resumes the session on a fresh connection (the call's watchdog, when the model went
  // silent). False when it cannot (not live, no resumption handle); on_resumed follows success.
  virtual bool reconnect() { return false; }

  virtual const UsageMetadata& usage() const = 0;
  virtual const AiSessionStats& stats() const = 0;
  // The last close code and reason the server sent (0 and empty if none): for the call record.
  virtual int last_close_code() const = 0;
  virtual const std::string& last_close_reason() const = 0;

  // The session of config.provider ("gemini": Gemini Live, "openai": OpenAI Realtime) on
  // `executor` (the call's shard). An unknown provider fails at start() with BadUrl.
  static std::unique_ptr<AiSession> create(boost::asio::any_io_executor executor,
                                           AiSessionConfig config, AiEvents events);
};

}  // namespace va::ai
