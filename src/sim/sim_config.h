// SimConfig: every knob of the AI simulator (Gemini Live D1, OpenAI Realtime D2). Defaults are
// the observed values of the real service; tests shorten the times.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/stall_mode.h"

namespace va::sim {

enum class ReplyMode {
  Tone,      // cheapest: a sine whose frequency is derived from the key (tells sessions apart)
  Echo,      // the caller's last utterance, resampled to 24 kHz
  Scripted,  // the next scripted line, spoken by espeak-ng (rendered once at start-up)
};

struct SimConfig {
  std::string listen_host = "127.0.0.1";  // loopback only: refused otherwise by run_sim
  std::uint16_t port = 0;                 // 0 = any free port (tests)
  std::set<std::string> keys;             // valid API keys; empty = every key is valid
  std::set<std::string> quota_keys;       // valid, but closed 1011 quota after setupComplete
  std::vector<std::string> models = {"gemini-3.8-live", "gemini-3.1-flash-live-preview",
                                     "gemini-2.5-flash-native-audio-preview-12-2025",
                                     "gemini-2.5-flash-native-audio-latest"};
  // Gemini TTS models served by the REST generateContent endpoint (B).
  std::vector<std::string> tts_models = {
      "gemini-2.5-flash-preview-tts", "gemini-2.5-pro-preview-tts", "gemini-3.1-flash-tts-preview",
      "gemini-3.8-flash-tts", "gemini-3.8-flash-lite-tts"};
  // Text models served by the REST generateContent endpoint for post-call analysis.
  std::vector<std::string> analysis_models = {"gemini-2.5-flash", "gemini-2.5-flash-lite",
                                              "gemini-2.5-pro", "gemini-3-flash-preview"};
  // Valid keys whose analysis answers are not JSON (a model gone wrong), for failure tests.
  std::set<std::string> analysis_invalid_json_keys;
  // Caller words by tone: an utterance whose dominant tone lies within 15 Hz of a key is
  // transcribed (inputTranscription) as its text, so a test phone can "say" a sentence by
  // playing a tone. Empty, or no match: "[speech <s> s]".
  std::map<int, std::string> caller_phrases;
  ReplyMode mode = ReplyMode::Tone;  // also picks the TTS voice: espeak-ng if Scripted, else tone
  std::vector<std::string> script = {"Hello, this is the simulator. How can I help you?"};
  std::string espeak_path = "espeak-ng";
  std::string log_path;  // JSON-lines session log; empty = none
  // Also log, with the wall-clock time in microseconds, each caller audio onset (the first loud
  // message after >= 60 ms of quiet ones), each reply's first audio part and each interrupted:
  // the AI side's own times for the latency benchmark (tests/load/latency.sh). Off under load.
  bool timing_log = false;

  std::chrono::milliseconds setup_delay{200};  // before setupComplete (D1.4)
  bool answer_setup = true;                    // false: never send setupComplete (timeout tests)
  std::chrono::milliseconds quota_close_after{1000};  // D1.19
  std::chrono::milliseconds lifetime{600000};         // connection cap (D1.17); 0 = none
  std::chrono::milliseconds go_away_before{50000};    // goAway timeLeft before the cap
  std::chrono::milliseconds reply_length{1000};       // tone replies
  std::chrono::milliseconds reply_chunk{40};          // output audio part size (D1.10)
  double burst = 2.0;                                 // output pace vs real time (D1.10)
  int vad_threshold = 500;       // RMS of a 10 ms frame for START_SENSITIVITY_HIGH; LOW x3
  int default_silence_ms = 500;  // end of speech when silenceDurationMs is absent
  int default_prefix_ms = 20;    // start of speech when prefixPaddingMs is absent
  bool text_frames = false;      // send text frames instead of binary (both legal, A2)
  // Non-empty: the model calls this function (e.g. "end_call") right after each reply's
  // generationComplete, while its audio is still playing at the client (a model that says
  // goodbye, then hangs up). "name:{json}" gives the call's arguments (e.g.
  // send_dtmf:{"digits":"12#"}); a bare name has none (transfer: {"target":"sales"}).
  std::string tool_after_reply;
  unsigned tool_after_reply_limit = 0;  // calls per session; 0 = after every reply
  StallConfig stall;                    // a model that goes silent mid-call (stall_mode.h)
  std::size_t max_message_bytes = 16 * 1024 * 1024;
  // Resumption (D1.16): the first resumable handle comes no earlier than this after
  // setupComplete; before it, and while the model generates or a tool call is pending, updates
  // carry resumable:false and an empty handle, as the real service sends them.
  std::chrono::milliseconds first_handle_delay{1000};

  // OpenAI Realtime (D2): models served on /v1/realtime, the session cap (close 1001 with no
  // warning, C10) and faults: a close 1011 server_error after this long live (mid-call close),
  // or silence (no events at all, the socket open) after this long live (stall). 0 = never.
  std::vector<std::string> openai_models = {"gpt-realtime",      "gpt-realtime-2025-08-28",
                                            "gpt-realtime-mini", "gpt-realtime-1.5",
                                            "gpt-realtime-2",    "gpt-realtime-2.1"};
  std::chrono::milliseconds openai_lifetime{3600000};
  std::chrono::milliseconds openai_close_after{0};
  std::chrono::milliseconds openai_stall_after{0};

  // Fault injection (D1.19-20).
  bool malformed_json_after_setup = false;  // one "{not json" message after setupComplete
  std::size_t oversized_frame_bytes = 0;    // >0: one message of that size after setupComplete
  // Close 1008 "Requested entity was not found." right after a toolResponse (A9 field report).
  bool entity_not_found_after_tool_response = false;
  // >0: close 1011 "Internal error occurred." after that many turns on one connection (a
  // backend failure mid-call, A12).
  int internal_error_after_turns = 0;
  // Key -> N: after N turns of a conversation under that key, close 1011 "Internal error
  // occurred." and forget the conversation, so a resume gets 1008 "BidiGenerateContent session
  // not found" (a backend that lost the session: a failure no resumption mends, issue 16).
  std::map<std::string, int> lost_session_keys;
};

// Frequency of the per-key tone in Hz: 300 + 20 * (FNV-1a(key) mod 80), i.e. 300..1880 Hz.
int tone_frequency_for_key(std::string_view key);
// 64-bit FNV-1a, continued from `state` (used for key tones and the audio-in digest).
std::uint64_t fnv1a(const void* data, std::size_t size,
                    std::uint64_t state = 14695981039346656037ull);
bool parse_reply_mode(std::string_view text, ReplyMode& out);
const char* reply_mode_name(ReplyMode mode);
// The 30 prebuilt voices (A4).
bool is_known_voice(std::string_view voice);
// OpenAI Realtime's voices (C1).
bool is_known_openai_voice(std::string_view voice);

}  // namespace va::sim
