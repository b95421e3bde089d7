// The OpenAI Realtime simulator's session object (ai-live-protocols.md C3, D2.4): defaults as
// session.created shows them, and session.update applied strictly: an unknown parameter
// anywhere is refused as the real service refuses it (error code unknown_parameter naming the
// parameter), as is a value of the wrong type or out of range. Pure: no socket, unit-tested.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace va::sim {

enum class OpenAiFormat { Pcm24k, Pcmu, Pcma };

struct OpenAiSessionConfig {
  std::string model = "gpt-realtime";
  std::string instructions = "You are a helpful, witty, and friendly AI.";
  OpenAiFormat input_format = OpenAiFormat::Pcm24k;
  OpenAiFormat output_format = OpenAiFormat::Pcm24k;
  std::string voice = "marin";
  bool transcription = false;
  std::string transcription_model;
  std::string transcription_language;
  bool vad = true;  // false: turn_detection null (manual commit)
  std::string vad_type = "server_vad";
  double threshold = 0.5;
  int prefix_padding_ms = 300;
  int silence_duration_ms = 500;
  bool create_response = true;
  bool interrupt_response = true;
  std::vector<std::string> tools;  // function names
};

struct OpenAiError {
  std::string type = "invalid_request_error";
  std::string code;
  std::string message;
  std::string param;
};

// The session object as session.created / session.updated carry it.
boost::json::object session_json(const OpenAiSessionConfig& c);
// Applies a session.update's `session` onto `c` (only on success). `voice_locked`: the model
// has spoken, so a voice change is refused (C1).
std::optional<OpenAiError> apply_session_update(const boost::json::value& session,
                                                OpenAiSessionConfig& c, bool voice_locked);
// Input/output sample rate of a format: 24000 or 8000.
int format_rate(OpenAiFormat f);

}  // namespace va::sim
