// The simulator's parser of Gemini Live client messages (ai-live-protocols.md A2, A4, A5, D1.3,
// D1.7): protobuf-JSON, camelCase or snake_case names, unknown fields in setup rejected, exactly
// one top-level field per message. Setup names are checked at every depth (setup_schema.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::sim {

struct SetupRequest {
  std::string model;           // without "models/"
  std::string voice = "Puck";  // default when omitted (A4)
  bool resumption = false;
  std::string handle;
  bool input_transcription = false;
  bool output_transcription = false;
  bool automatic_activity = true;
  bool start_high = true;
  bool end_high = true;
  int prefix_padding_ms = -1;
  int silence_duration_ms = -1;
  bool interrupts = true;
  std::string system_instruction;  // systemInstruction.parts[].text joined
  // Declared functions: name -> NON_BLOCKING (the declared behavior, else the model's default:
  // NON_BLOCKING on 3.8, BLOCKING before, A4/A9).
  std::map<std::string, bool> non_blocking;
  std::string language;  // speechConfig.languageCode ("" = none sent)
};

enum class ClientKind {
  Setup,
  Audio,
  Text,
  ActivityStart,
  ActivityEnd,
  AudioStreamEnd,
  ClientContent,
  ToolResponse
};

struct ClientMessage {
  ClientKind kind = ClientKind::Setup;
  SetupRequest setup;
  int rate = 0;                           // Audio
  std::vector<std::int16_t> samples;      // Audio
  std::string text;                       // Text
  bool turn_complete = false;             // ClientContent
  std::vector<std::string> response_ids;  // ToolResponse
  // ToolResponse: each response's scheduling (SILENT, WHEN_IDLE, INTERRUPT; "" = unspecified).
  std::vector<std::string> response_scheduling;
  // Non-empty: the real service would close 1007 with this reason (invalid argument).
  std::string reject_reason;
};

// ai::Errc::MalformedJson when not JSON. A JSON message that breaks the protocol parses with a
// reject_reason instead, so the simulator can close with the service's code and text.
core::Result<ClientMessage> parse_client_message(std::string_view json);

// The hot path (A5): the exact compact shape our client sends,
// {"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=N","data":"<base64>"}}}, decoded without
// building a JSON tree, into `bytes` (PCM16 LE, reused between calls). Returns the rate, or
// nullopt when `text` is not exactly that shape or its mime type or base64 is bad: then
// parse_client_message decides (it accepts everything this accepts, with the same result).
std::optional<int> parse_compact_audio(std::string_view text, std::vector<std::uint8_t>& bytes);

}  // namespace va::sim
