// Gemini Live client messages (ai-live-protocols.md A4, A5): one top-level field each, camelCase,
// sent as text frames. setup is built with boost::json; realtimeInput (the hot path, 50/s) is
// written directly into a reused string.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "ai/ai_session.h"

namespace va::ai::gemini {

// {"setup":{...}} for `config`; `handle` non-empty resumes that session (A10).
std::string build_setup(const AiSessionConfig& config, std::string_view handle);

// {"realtimeInput":{"audio":{"mimeType":"audio/pcm;rate=<rate>","data":"<base64 PCM16LE>"}}}
// written into `out` (cleared first; its capacity is reused).
void build_realtime_audio(std::span<const std::int16_t> samples, int rate, std::string& out);

// {"realtimeInput":{"text":"..."}}
std::string build_realtime_text(std::string_view text);

// FunctionResponse.scheduling (A5): what a NON_BLOCKING call's result makes the model do.
enum class ToolScheduling {
  Unspecified,  // field omitted: the service's default (WHEN_IDLE, speak about it when idle)
  Silent,       // only add it to the context: the model does not speak because of it
  WhenIdle,
  Interrupt,
};

// {"toolResponse":{"functionResponses":[{"id","name","response":{"output":<output_json>},
// "scheduling"?}]}}. An output_json that is not valid JSON is sent as a JSON string.
std::string build_tool_response(std::string_view id, std::string_view name,
                                std::string_view output_json,
                                ToolScheduling scheduling = ToolScheduling::Unspecified);

// end_call's result is SILENT: after its goodbye the model must not speak again (A5).
ToolScheduling scheduling_for(std::string_view function_name);

// "models/<id>" unless already prefixed (A3).
std::string model_resource(std::string_view model);

}  // namespace va::ai::gemini
