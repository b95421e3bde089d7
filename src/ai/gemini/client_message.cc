// Gemini Live client message builders (A4 setup field reference, A5 realtimeInput/toolResponse).
#include "ai/gemini/client_message.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "ai/base64.h"

namespace va::ai::gemini {
namespace json = boost::json;
namespace {

json::object function(std::string_view name, std::string_view description,
                      json::object parameters) {
  json::object f{{"name", name}, {"description", description}};
  if (!parameters.empty()) f["parameters"] = std::move(parameters);
  return f;
}

json::array tools(const AiSessionConfig& c) {
  json::array decls;
  if (c.tool_end_call) {
    decls.push_back(
        function("end_call", "Hang up the phone call once the conversation is over.", {}));
  }
  if (c.tool_transfer) {
    json::object params{
        {"type", "OBJECT"},
        {"properties",
         {{"to",
           {{"type", "STRING"},
            {"description",
             "The number (E.164, e.g. +4930123456) or sip: URI of the person; only the "
             "targets you were told are allowed"}}},
          {"reason",
           {{"type", "STRING"}, {"description", "Why the caller is transferred, in a sentence"}}},
          {"mode",
           {{"type", "STRING"},
            {"enum", json::array{"blind", "warm"}},
            {"description",
             "blind (default): hand the call over at once; warm: the person first hears a short "
             "spoken summary (the reason and what the caller said), then the caller"}}}}},
        {"required", json::array{"to"}}};
    decls.push_back(function("transfer_call",
                             "Transfer the caller to a person (a human agent) at an allowed "
                             "number. Tell the caller first.",
                             params));
  }
  if (c.tool_send_dtmf) {
    json::object params{
        {"type", "OBJECT"},
        {"properties",
         {{"digits",
           {{"type", "STRING"},
            {"description", "The keys to press, in order: 0-9, *, #, A-D (at most 32)"}}}}},
        {"required", json::array{"digits"}}};
    decls.push_back(function(
        "send_dtmf", "Press keys on the phone keypad, e.g. to navigate the other side's menu.",
        params));
  }
  if (c.tool_send_sms) {
    json::object params{
        {"type", "OBJECT"},
        {"properties",
         {{"text",
           {{"type", "STRING"}, {"description", "The message (at most 1000 characters)"}}}}},
        {"required", json::array{"text"}}};
    decls.push_back(
        function("send_sms", "Send a text message (SMS) to the other party's phone.", params));
  }
  if (c.tool_voicemail_detected) {
    decls.push_back(function("voicemail_detected",
                             "Call this at once if you are talking to an answering machine or "
                             "voicemail greeting rather than a person.",
                             {}));
  }
  if (decls.empty()) return {};
  return json::array{json::object{{"functionDeclarations", std::move(decls)}}};
}

json::object realtime_input_config(const ActivityDetection& a) {
  json::object aad{{"disabled", !a.automatic}};
  if (a.automatic) {
    aad["startOfSpeechSensitivity"] =
        a.start_sensitivity_high ? "START_SENSITIVITY_HIGH" : "START_SENSITIVITY_LOW";
    aad["endOfSpeechSensitivity"] =
        a.end_sensitivity_high ? "END_SENSITIVITY_HIGH" : "END_SENSITIVITY_LOW";
    if (a.prefix_padding_ms >= 0) aad["prefixPaddingMs"] = a.prefix_padding_ms;
    if (a.silence_duration_ms >= 0) aad["silenceDurationMs"] = a.silence_duration_ms;
  }
  return {{"automaticActivityDetection", std::move(aad)},
          {"activityHandling", a.interrupts ? "START_OF_ACTIVITY_INTERRUPTS" : "NO_INTERRUPTION"}};
}

}  // namespace

std::string model_resource(std::string_view model) {
  if (model.substr(0, 7) == "models/") return std::string(model);
  return "models/" + std::string(model);
}

std::string build_setup(const AiSessionConfig& c, std::string_view handle) {
  json::object speech{{"voiceConfig", {{"prebuiltVoiceConfig", {{"voiceName", c.voice}}}}}};
  if (c.send_language_code && !c.language.empty()) speech["languageCode"] = c.language;
  json::object setup{
      {"model", model_resource(c.model)},
      {"generationConfig",
       {{"responseModalities", json::array{"AUDIO"}}, {"speechConfig", std::move(speech)}}},
      {"realtimeInputConfig", realtime_input_config(c.activity)}};
  if (!c.system_instruction.empty()) {
    setup["systemInstruction"] = {
        {"parts", json::array{json::object{{"text", c.system_instruction}}}}};
  }
  if (auto t = tools(c); !t.empty()) setup["tools"] = std::move(t);
  if (c.input_transcription) setup["inputAudioTranscription"] = json::object{};
  if (c.output_transcription) setup["outputAudioTranscription"] = json::object{};
  if (c.resumption) {
    json::object r;
    if (!handle.empty()) r["handle"] = handle;
    setup["sessionResumption"] = std::move(r);
  }
  if (c.context_compression) {
    setup["contextWindowCompression"] = {{"slidingWindow", json::object{}}};
  }
  return json::serialize(json::object{{"setup", std::move(setup)}});
}

void build_realtime_audio(std::span<const std::int16_t> samples, int rate, std::string& out) {
  static constexpr std::string_view kTail = "\"}}}";
  // The head is 67 characters plus the rate's digits: one allocation for the whole message.
  static constexpr std::size_t kHeadRoom = 80;
  out.clear();
  out.reserve(kHeadRoom + base64_encoded_size(samples.size() * 2) + kTail.size());
  fmt::format_to(std::back_inserter(out),
                 R"({{"realtimeInput":{{"audio":{{"mimeType":"audio/pcm;rate={}","data":")", rate);
  // PCM16 little-endian on the wire (A7); x86 and ARM hosts are little-endian already.
  static_assert(std::endian::native == std::endian::little);
  base64_encode({reinterpret_cast<const std::uint8_t*>(samples.data()), samples.size() * 2}, out);
  out += kTail;
}

std::string build_realtime_text(std::string_view text) {
  return json::serialize(json::object{{"realtimeInput", {{"text", text}}}});
}

std::string build_tool_response(std::string_view id, std::string_view name,
                                std::string_view output_json, ToolScheduling scheduling) {
  boost::system::error_code ec;
  json::value output = json::parse(output_json, ec);
  if (ec) output = json::string(output_json);
  json::object response{{"id", id}, {"name", name}, {"response", {{"output", std::move(output)}}}};
  switch (scheduling) {
    case ToolScheduling::Unspecified:
      break;
    case ToolScheduling::Silent:
      response["scheduling"] = "SILENT";
      break;
    case ToolScheduling::WhenIdle:
      response["scheduling"] = "WHEN_IDLE";
      break;
    case ToolScheduling::Interrupt:
      response["scheduling"] = "INTERRUPT";
      break;
  }
  return json::serialize(
      json::object{{"toolResponse", {{"functionResponses", json::array{std::move(response)}}}}});
}

ToolScheduling scheduling_for(std::string_view function_name) {
  return function_name == "end_call" ? ToolScheduling::Silent : ToolScheduling::Unspecified;
}

}  // namespace va::ai::gemini
