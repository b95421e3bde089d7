// The setup schema: one row per field of each proto message, walked recursively
// (see setup_schema.h).
#include "sim/setup_schema.h"

#include <boost/json/value.hpp>
#include <cctype>
#include <string_view>

#include "sim/proto_names.h"

namespace va::sim {
namespace json = boost::json;
namespace {

enum class Kind {
  Scalar,    // string, number, bool, enum or bytes: nothing below it to check
  Message,   // an object of the named message
  Repeated,  // a list of the named message
  Map,       // an object whose values are the named message (keys are free)
  Opaque,    // google.protobuf.Struct / Value: any JSON
};

// One field of one message. A message's fields are the rows with its name.
struct Field {
  std::string_view message;  // the proto message the field belongs to
  std::string_view name;     // lowerCamelCase, as the proto JSON mapping writes it
  Kind kind = Kind::Scalar;
  std::string_view type = {};  // the field's message, for Message, Repeated and Map
};

// The Developer API's v1beta messages that can appear under setup (proto: generative_service,
// content; python-genai types.py for the newer fields).
constexpr Field kFields[] = {
    {"Setup", "model"},
    {"Setup", "generationConfig", Kind::Message, "GenerationConfig"},
    {"Setup", "systemInstruction", Kind::Message, "Content"},
    {"Setup", "tools", Kind::Repeated, "Tool"},
    {"Setup", "realtimeInputConfig", Kind::Message, "RealtimeInputConfig"},
    {"Setup", "sessionResumption", Kind::Message, "SessionResumptionConfig"},
    {"Setup", "contextWindowCompression", Kind::Message, "ContextWindowCompressionConfig"},
    {"Setup", "inputAudioTranscription", Kind::Message, "AudioTranscriptionConfig"},
    {"Setup", "outputAudioTranscription", Kind::Message, "AudioTranscriptionConfig"},
    {"Setup", "proactivity", Kind::Message, "ProactivityConfig"},
    {"Setup", "historyConfig", Kind::Message, "HistoryConfig"},
    {"GenerationConfig", "responseModalities"},
    {"GenerationConfig", "speechConfig", Kind::Message, "SpeechConfig"},
    {"GenerationConfig", "temperature"},
    {"GenerationConfig", "topP"},
    {"GenerationConfig", "topK"},
    {"GenerationConfig", "maxOutputTokens"},
    {"GenerationConfig", "seed"},
    {"GenerationConfig", "presencePenalty"},
    {"GenerationConfig", "frequencyPenalty"},
    {"GenerationConfig", "thinkingConfig", Kind::Message, "ThinkingConfig"},
    {"GenerationConfig", "enableAffectiveDialog"},
    {"GenerationConfig", "mediaResolution"},
    {"GenerationConfig", "candidateCount"},
    {"SpeechConfig", "voiceConfig", Kind::Message, "VoiceConfig"},
    {"SpeechConfig", "multiSpeakerVoiceConfig", Kind::Opaque},
    {"SpeechConfig", "languageCode"},
    {"VoiceConfig", "prebuiltVoiceConfig", Kind::Message, "PrebuiltVoiceConfig"},
    {"PrebuiltVoiceConfig", "voiceName"},
    {"ThinkingConfig", "includeThoughts"},
    {"ThinkingConfig", "thinkingBudget"},
    {"ThinkingConfig", "thinkingLevel"},
    {"Content", "parts", Kind::Repeated, "Part"},
    {"Content", "role"},
    {"Part", "text"},
    {"Part", "inlineData", Kind::Message, "Blob"},
    {"Part", "fileData", Kind::Message, "FileData"},
    {"Part", "thought"},
    {"Part", "thoughtSignature"},
    {"Blob", "mimeType"},
    {"Blob", "data"},
    {"FileData", "mimeType"},
    {"FileData", "fileUri"},
    {"Tool", "functionDeclarations", Kind::Repeated, "FunctionDeclaration"},
    {"Tool", "googleSearch", Kind::Opaque},
    {"Tool", "googleSearchRetrieval", Kind::Opaque},
    {"Tool", "codeExecution", Kind::Opaque},
    {"Tool", "urlContext", Kind::Opaque},
    {"FunctionDeclaration", "name"},
    {"FunctionDeclaration", "description"},
    {"FunctionDeclaration", "parameters", Kind::Message, "Schema"},
    {"FunctionDeclaration", "parametersJsonSchema", Kind::Opaque},
    {"FunctionDeclaration", "response", Kind::Message, "Schema"},
    {"FunctionDeclaration", "responseJsonSchema", Kind::Opaque},
    {"FunctionDeclaration", "behavior"},
    {"Schema", "type"},
    {"Schema", "format"},
    {"Schema", "title"},
    {"Schema", "description"},
    {"Schema", "nullable"},
    {"Schema", "enum"},
    {"Schema", "maxItems"},
    {"Schema", "minItems"},
    {"Schema", "properties", Kind::Map, "Schema"},
    {"Schema", "required"},
    {"Schema", "minProperties"},
    {"Schema", "maxProperties"},
    {"Schema", "minLength"},
    {"Schema", "maxLength"},
    {"Schema", "pattern"},
    {"Schema", "example", Kind::Opaque},
    {"Schema", "anyOf", Kind::Repeated, "Schema"},
    {"Schema", "propertyOrdering"},
    {"Schema", "default", Kind::Opaque},
    {"Schema", "items", Kind::Message, "Schema"},
    {"Schema", "minimum"},
    {"Schema", "maximum"},
    {"RealtimeInputConfig", "automaticActivityDetection", Kind::Message,
     "AutomaticActivityDetection"},
    {"RealtimeInputConfig", "activityHandling"},
    {"RealtimeInputConfig", "turnCoverage"},
    {"AutomaticActivityDetection", "disabled"},
    {"AutomaticActivityDetection", "startOfSpeechSensitivity"},
    {"AutomaticActivityDetection", "endOfSpeechSensitivity"},
    {"AutomaticActivityDetection", "prefixPaddingMs"},
    {"AutomaticActivityDetection", "silenceDurationMs"},
    {"SessionResumptionConfig", "handle"},
    {"SessionResumptionConfig", "transparent"},
    {"ContextWindowCompressionConfig", "slidingWindow", Kind::Message, "SlidingWindow"},
    {"ContextWindowCompressionConfig", "triggerTokens"},
    {"SlidingWindow", "targetTokens"},
    {"AudioTranscriptionConfig", "languageCodes"},
    {"ProactivityConfig", "proactiveAudio"},
    {"HistoryConfig", "initialHistoryInClientContent"},
};

const Field* find_field(std::string_view message, std::string_view name) {
  for (const auto& f : kFields) {
    if (f.message == message && f.name == name) return &f;
  }
  return nullptr;
}

std::string check(const json::object& o, std::string_view message, const std::string& path);

std::string check_value(const json::value& v, const Field& f, const std::string& path) {
  switch (f.kind) {
    case Kind::Message:
      return v.is_object() ? check(v.get_object(), f.type, path) : std::string();
    case Kind::Repeated:
      if (!v.is_array()) return {};
      for (std::size_t i = 0; i < v.get_array().size(); ++i) {
        const auto& e = v.get_array()[i];
        if (!e.is_object()) continue;
        auto bad = check(e.get_object(), f.type, path + "[" + std::to_string(i) + "]");
        if (!bad.empty()) return bad;
      }
      return {};
    case Kind::Map:
      if (!v.is_object()) return {};
      {
        std::size_t i = 0;
        for (const auto& kv : v.get_object()) {
          if (kv.value().is_object()) {
            auto bad =
                check(kv.value().get_object(), f.type, path + "[" + std::to_string(i) + "].value");
            if (!bad.empty()) return bad;
          }
          ++i;
        }
      }
      return {};
    case Kind::Scalar:
    case Kind::Opaque:
      return {};
  }
  return {};
}

std::string check(const json::object& o, std::string_view message, const std::string& path) {
  for (const auto& kv : o) {
    const Field* field = find_field(message, to_lower_camel(kv.key()));
    if (!field) {
      return "Invalid JSON payload received. Unknown name \"" + std::string(kv.key()) + "\" at '" +
             path + "': Cannot find field.";
    }
    auto bad = check_value(kv.value(), *field, path + "." + to_snake_case(field->name));
    if (!bad.empty()) return bad;
  }
  return {};
}

}  // namespace

std::string unknown_setup_field(const json::object& setup) {
  return check(setup, "Setup", "setup");
}

}  // namespace va::sim
