// Client message parsing for the simulator. Name matching accepts both proto spellings (A2).
#include "sim/client_message_parser.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ai/base64.h"
#include "ai/errc.h"
#include "ai/gemini/server_message.h"
#include "sim/proto_names.h"
#include "sim/setup_schema.h"

namespace va::sim {
namespace json = boost::json;
namespace {

// Looks a field up by its camelCase name, also accepting the snake_case spelling (A2).
const json::value* field(const json::object& o, std::string_view camel_name) {
  if (const json::value* v = o.if_contains(camel_name)) return v;
  for (const auto& kv : o) {
    if (kv.key().find('_') != std::string_view::npos && to_lower_camel(kv.key()) == camel_name) {
      return &kv.value();
    }
  }
  return nullptr;
}

std::string str(const json::value* v) {
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int num(const json::value* v, int fallback) {
  if (v && v->is_int64()) return static_cast<int>(v->get_int64());
  return fallback;
}
const json::object* obj(const json::value* v) {
  return v && v->is_object() ? &v->get_object() : nullptr;
}

void parse_realtime_config(const json::object& rc, SetupRequest& s) {
  if (const json::object* aad = obj(field(rc, "automaticActivityDetection"))) {
    const json::value* d = field(*aad, "disabled");
    s.automatic_activity = !(d && d->is_bool() && d->get_bool());
    s.start_high = str(field(*aad, "startOfSpeechSensitivity")) != "START_SENSITIVITY_LOW";
    s.end_high = str(field(*aad, "endOfSpeechSensitivity")) != "END_SENSITIVITY_LOW";
    s.prefix_padding_ms = num(field(*aad, "prefixPaddingMs"), -1);
    s.silence_duration_ms = num(field(*aad, "silenceDurationMs"), -1);
  }
  s.interrupts = str(field(rc, "activityHandling")) != "NO_INTERRUPTION";
}

std::string parse_generation_config(const json::object& g, SetupRequest& s) {
  if (const json::value* m = field(g, "responseModalities")) {
    if (!m->is_array() || m->get_array().size() != 1)
      return "Request contains an invalid argument.";
  }
  if (const json::object* sc = obj(field(g, "speechConfig"))) {
    s.language = str(field(*sc, "languageCode"));
    if (const json::object* vc = obj(field(*sc, "voiceConfig"))) {
      if (const json::object* pv = obj(field(*vc, "prebuiltVoiceConfig"))) {
        s.voice = str(field(*pv, "voiceName"));
      }
    }
  }
  return {};
}

// systemInstruction.parts[].text, joined.
std::string instruction_text(const json::object& content) {
  std::string out;
  const json::value* parts = field(content, "parts");
  if (!parts || !parts->is_array()) return out;
  for (const auto& p : parts->get_array()) {
    if (p.is_object()) out += str(field(p.get_object(), "text"));
  }
  return out;
}

// tools[].functionDeclarations[]: name -> behavior (A4; NON_BLOCKING is 3.8's default).
std::string parse_tools(const json::value& tools, SetupRequest& s) {
  if (!tools.is_array()) return "Request contains an invalid argument.";
  const bool default_non_blocking = s.model.starts_with("gemini-3.8");
  for (const auto& t : tools.get_array()) {
    const json::value* decls =
        t.is_object() ? field(t.get_object(), "functionDeclarations") : nullptr;
    if (!decls || !decls->is_array()) continue;
    for (const auto& d : decls->get_array()) {
      if (!d.is_object()) return "Request contains an invalid argument.";
      const std::string behavior = str(field(d.get_object(), "behavior"));
      if (!behavior.empty() && behavior != "BLOCKING" && behavior != "NON_BLOCKING" &&
          behavior != "UNSPECIFIED") {
        return "Request contains an invalid argument.";
      }
      s.non_blocking[str(field(d.get_object(), "name"))] =
          behavior == "NON_BLOCKING" || (behavior != "BLOCKING" && default_non_blocking);
    }
  }
  return {};
}

std::string parse_setup(const json::object& o, SetupRequest& s) {
  if (auto bad = unknown_setup_field(o); !bad.empty()) return bad;
  std::string model = str(field(o, "model"));
  if (model.substr(0, 7) != "models/") return "Request contains an invalid argument.";
  s.model = model.substr(7);
  if (const json::object* g = obj(field(o, "generationConfig"))) {
    if (auto bad = parse_generation_config(*g, s); !bad.empty()) return bad;
  }
  if (const json::object* rc = obj(field(o, "realtimeInputConfig"))) {
    parse_realtime_config(*rc, s);
  }
  if (const json::object* si = obj(field(o, "systemInstruction"))) {
    s.system_instruction = instruction_text(*si);
  }
  if (const json::value* t = field(o, "tools")) {
    if (auto bad = parse_tools(*t, s); !bad.empty()) return bad;
  }
  if (const json::object* r = obj(field(o, "sessionResumption"))) {
    s.resumption = true;
    s.handle = str(field(*r, "handle"));
  }
  s.input_transcription = obj(field(o, "inputAudioTranscription")) != nullptr;
  s.output_transcription = obj(field(o, "outputAudioTranscription")) != nullptr;
  return {};
}

std::string parse_blob(const json::object& blob, ClientMessage& m) {
  auto rate = ai::gemini::pcm_rate_from_mime(str(field(blob, "mimeType")));
  if (!rate) return "Request contains an invalid argument.";
  std::vector<std::uint8_t> bytes;
  if (ai::base64_decode(str(field(blob, "data")), bytes))
    return "Request contains an invalid argument.";
  m.kind = ClientKind::Audio;
  m.rate = *rate;
  m.samples.resize(bytes.size() / 2);
  for (std::size_t i = 0; i < m.samples.size(); ++i) {
    m.samples[i] = static_cast<std::int16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  }
  return {};
}

std::string parse_realtime_input(const json::object& ri, ClientMessage& m) {
  if (ri.size() != 1) return "Request contains an invalid argument.";
  if (const json::object* a = obj(field(ri, "audio"))) return parse_blob(*a, m);
  if (const json::value* chunks = field(ri, "mediaChunks")) {  // deprecated: first only (A5)
    if (!chunks->is_array() || chunks->get_array().empty() || !chunks->get_array()[0].is_object()) {
      return "Request contains an invalid argument.";
    }
    return parse_blob(chunks->get_array()[0].get_object(), m);
  }
  if (const json::value* t = field(ri, "text"); t && t->is_string()) {
    m.kind = ClientKind::Text;
    m.text = std::string(t->get_string());
    return {};
  }
  if (obj(field(ri, "activityStart"))) return m.kind = ClientKind::ActivityStart, std::string();
  if (obj(field(ri, "activityEnd"))) return m.kind = ClientKind::ActivityEnd, std::string();
  if (field(ri, "audioStreamEnd")) return m.kind = ClientKind::AudioStreamEnd, std::string();
  return "Request contains an invalid argument.";
}

std::string parse_tool_response(const json::object& tr, ClientMessage& m) {
  m.kind = ClientKind::ToolResponse;
  const json::value* list = field(tr, "functionResponses");
  if (!list || !list->is_array()) return "Request contains an invalid argument.";
  for (std::size_t i = 0; i < list->get_array().size(); ++i) {
    const json::value& r = list->get_array()[i];
    if (!r.is_object()) return "Request contains an invalid argument.";
    std::string id = str(field(r.get_object(), "id"));
    if (id.empty()) return "Request contains an invalid argument.";
    // FunctionResponse.scheduling (A5): an enum name, or absent (SCHEDULING_UNSPECIFIED).
    std::string scheduling = str(field(r.get_object(), "scheduling"));
    if (!scheduling.empty() && scheduling != "SCHEDULING_UNSPECIFIED" && scheduling != "SILENT" &&
        scheduling != "WHEN_IDLE" && scheduling != "INTERRUPT") {
      return "Invalid value at 'tool_response.function_responses[" + std::to_string(i) +
             "].scheduling' (type.googleapis.com/"
             "google.ai.generativelanguage.v1beta.FunctionResponse.Scheduling), \"" +
             scheduling + "\"";
    }
    m.response_ids.push_back(std::move(id));
    m.response_scheduling.push_back(std::move(scheduling));
  }
  return {};
}

}  // namespace

core::Result<ClientMessage> parse_client_message(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return make_error_code(ai::Errc::MalformedJson);
  ClientMessage m;
  if (!root.is_object() || root.get_object().size() != 1) {
    m.reject_reason = "Request contains an invalid argument.";
    return m;
  }
  const auto& kv = *root.get_object().begin();
  const std::string name = to_lower_camel(kv.key());
  const json::object* body = obj(&kv.value());
  if (!body) {
    m.reject_reason = "Request contains an invalid argument.";
  } else if (name == "setup") {
    m.kind = ClientKind::Setup;
    m.reject_reason = parse_setup(*body, m.setup);
  } else if (name == "realtimeInput") {
    m.reject_reason = parse_realtime_input(*body, m);
  } else if (name == "clientContent") {
    m.kind = ClientKind::ClientContent;
    const json::value* tc = field(*body, "turnComplete");
    m.turn_complete = tc && tc->is_bool() && tc->get_bool();
  } else if (name == "toolResponse") {
    m.reject_reason = parse_tool_response(*body, m);
  } else {
    m.reject_reason = "Invalid JSON payload received. Unknown name \"" + std::string(kv.key()) +
                      "\": Cannot find field.";
  }
  return m;
}

std::optional<int> parse_compact_audio(std::string_view text, std::vector<std::uint8_t>& bytes) {
  constexpr std::string_view kHead = R"({"realtimeInput":{"audio":{"mimeType":")";
  constexpr std::string_view kMid = R"(","data":")";
  constexpr std::string_view kTail = R"("}}})";
  if (!text.starts_with(kHead) || !text.ends_with(kTail)) return std::nullopt;
  text = text.substr(kHead.size(), text.size() - kHead.size() - kTail.size());
  const auto mid = text.find(kMid);
  if (mid == std::string_view::npos) return std::nullopt;
  const auto mime = text.substr(0, mid);
  const auto data = text.substr(mid + kMid.size());
  // Printable ASCII without quote or backslash: the JSON string is its own value.
  // (ai::base64_decode rejects every character outside its alphabets, so `data` needs no such
  // check.)
  for (char c : mime) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return std::nullopt;
  }
  const auto rate = ai::gemini::pcm_rate_from_mime(mime);
  if (!rate || ai::base64_decode(data, bytes)) return std::nullopt;
  return *rate;
}

}  // namespace va::sim
