// Post-call analysis messages: a generateContent request with structured output
// (generationConfig.responseMimeType "application/json" + responseSchema, the OpenAPI subset
// Gemini takes: type OBJECT/STRING/NUMBER/BOOLEAN, enum, nullable, format, properties,
// required, propertyOrdering), built from a call's transcript, and its answer:
// candidates[0].content.parts[].text holding the JSON object the schema asked for, plus
// usageMetadata. The model's answer is untrusted input: every field is checked here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::ai::gemini {

// One field a campaign asks for (crm's extraction_schema, checked there).
struct ExtractionField {
  std::string name;
  std::string type;  // string | number | boolean | date (YYYY-MM-DD)
  std::string description;
};

struct TranscriptTurn {
  std::string who;  // caller | agent | dtmf | system
  std::string text;
};

struct AnalysisAsk {
  std::vector<TranscriptTurn> transcript;
  std::vector<ExtractionField> fields;
  std::string language;              // the call's language (BCP-47): the summary's language
  std::int64_t call_started_ms = 0;  // Unix ms: turns "on Friday" into a date
  // The call's recording (a WAV file's bytes) when the transcript is too thin to judge by:
  // sent inline (contents.parts[].inlineData {"mimeType": "audio/wav", "data": base64}, as
  // the real API takes audio up to its 20 MB request limit). Empty = transcript only.
  std::vector<std::uint8_t> audio_wav;
};

// Whether a transcript is too thin for an analysis from text alone: fewer than
// kThinTranscriptLines caller or agent lines (DTMF and system lines do not count).
constexpr std::size_t kThinTranscriptLines = 2;
bool transcript_is_thin(const std::vector<TranscriptTurn>& transcript);
// The largest recording sent inline (bytes): base64 of it stays under the API's 20 MB.
constexpr std::size_t kMaxInlineAudioBytes = 14 * 1024 * 1024;

// The dispositions DESIGN.md names, in the order the schema lists them.
const std::vector<std::string>& dispositions();
bool is_disposition(std::string_view text);

struct AnalysisAnswer {
  std::string summary;
  std::string disposition;  // one of dispositions()
  std::optional<std::int64_t> callback_at_ms;
  std::string fields_json = "{}";  // {"<name>": value or null} for every asked field, in order
  std::int64_t input_tokens = 0;   // usageMetadata.promptTokenCount
  std::int64_t output_tokens = 0;  // usageMetadata.candidatesTokenCount
};

// The request body for POST .../models/{model}:generateContent.
std::string build_analysis_request(const AnalysisAsk& ask);

// Errc::MalformedJson: the body, or the model's text, is not JSON; Errc::ProtocolError: JSON
// of the wrong shape (no candidate text, a blocked answer, a missing summary, an unknown
// disposition, a callback time that is not ISO 8601). `why` (if given) says which.
// A field of the wrong type is dropped to null rather than failing the whole analysis.
core::Result<AnalysisAnswer> parse_analysis_response(std::string_view body,
                                                     const std::vector<ExtractionField>& fields,
                                                     std::string* why = nullptr);

// ISO 8601 date-time ("2026-12-11T15:00:00Z", "...T15:00+02:00", "...T15:00:00.000Z"; no
// zone = UTC) to Unix ms; nullopt if it is not one.
std::optional<std::int64_t> parse_iso8601(std::string_view text);
// Unix ms to "YYYY-MM-DDTHH:MM:SSZ" (and a weekday name, for prompts).
std::string format_iso8601(std::int64_t ms);
std::string weekday_name(std::int64_t ms);
// "YYYY-MM-DD" with a real month and day.
bool is_iso_date(std::string_view text);

}  // namespace va::ai::gemini
