// The simulator's analysis endpoint: strict field names (the proto's, camelCase or
// snake_case as the real JSON mapping accepts), key checks, then a deterministic answer.
// Rules of the answer (caller lines of the transcript, lower-cased):
//   1. no caller line -> no_conversation;
//   2. "do not call" / "don't call" / "stop calling" -> do_not_call;
//   3. "wrong number" -> wrong_number; "voicemail" / "leave a message" -> voicemail;
//   4. "call me back" / "call back" / "callback" -> callback, callback_at = the next weekday
//      named after the call's start ("Call started: <ISO>" in the prompt; "tomorrow" = +1 day,
//      none = +1 day) at the hour named ("at 3 pm"; none = 10:00), UTC;
//   5. "not interested" / "no thanks" -> not_interested; "interested" / "yes" -> interested;
//      anything else -> not_interested.
//   Fields: see src/sim/README.md ("Analysis answers").
#include "sim/analysis_endpoint.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "ai/base64.h"
#include "ai/gemini/analysis_message.h"
#include "core/key_fingerprint.h"
#include "sim/analysis_fields.h"
#include "sim/proto_names.h"
#include "sim/rest_reply.h"
#include "sim/tts_endpoint.h"

namespace va::sim {
namespace json = boost::json;
namespace gemini = ai::gemini;

namespace {

using analysis::field_value;
using analysis::lower;
using analysis::named_day;
using analysis::named_hour;

// Field names per message (google.ai.generativelanguage.v1beta), in camelCase.
enum class Msg { Request, Content, Part, Blob, GenerationConfig, Schema, SafetySetting, Any };

const std::set<std::string>& names_of(Msg m) {
  static const std::map<Msg, std::set<std::string>> kNames = {
      {Msg::Request,
       {"model", "contents", "tools", "toolConfig", "safetySettings", "systemInstruction",
        "generationConfig", "cachedContent"}},
      {Msg::Content, {"role", "parts"}},
      {Msg::Part,
       {"text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode",
        "codeExecutionResult", "thought", "thoughtSignature", "videoMetadata"}},
      {Msg::Blob, {"mimeType", "data"}},
      {Msg::GenerationConfig,
       {"stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema",
        "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
        "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs",
        "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig", "mediaResolution"}},
      {Msg::Schema,
       {"type",      "format",    "title",      "description", "nullable",      "enum",
        "maxItems",  "minItems",  "properties", "required",    "minProperties", "maxProperties",
        "minLength", "maxLength", "pattern",    "example",     "anyOf",         "propertyOrdering",
        "default",   "items",     "minimum",    "maximum"}},
      {Msg::SafetySetting, {"category", "threshold", "method"}},
  };
  static const std::set<std::string> kNone;
  auto it = kNames.find(m);
  return it == kNames.end() ? kNone : it->second;
}

std::string join(const std::string& path, std::string_view field) {
  return path.empty() ? to_snake_case(field) : path + "." + to_snake_case(field);
}

std::string unknown(std::string_view name, const std::string& path) {
  std::string m = "Invalid JSON payload received. Unknown name \"" + std::string(name) + "\"";
  if (!path.empty()) m += " at '" + path + "'";
  return m + ": Cannot find field.";
}

std::string check(const json::value& v, Msg m, const std::string& path);

std::string check_each(const json::value& v, Msg m, const std::string& path) {
  if (!v.is_array()) return check(v, m, path);
  for (std::size_t i = 0; i < v.get_array().size(); ++i) {
    auto e = check(v.get_array()[i], m, path + "[" + std::to_string(i) + "]");
    if (!e.empty()) return e;
  }
  return {};
}

// The message type of a known field's value (Any: not looked into).
Msg child_of(Msg m, const std::string& field) {
  if (m == Msg::Request) {
    if (field == "contents" || field == "systemInstruction") return Msg::Content;
    if (field == "generationConfig") return Msg::GenerationConfig;
    if (field == "safetySettings") return Msg::SafetySetting;
  }
  if (m == Msg::Content && field == "parts") return Msg::Part;
  if (m == Msg::Part && field == "inlineData") return Msg::Blob;
  if (m == Msg::GenerationConfig && field == "responseSchema") return Msg::Schema;
  if (m == Msg::Schema && (field == "items" || field == "anyOf")) return Msg::Schema;
  return Msg::Any;
}

std::string check(const json::value& v, Msg m, const std::string& path) {
  if (m == Msg::Any || !v.is_object()) return {};
  for (const auto& [key, value] : v.get_object()) {
    const std::string name = to_lower_camel(key);
    if (!names_of(m).contains(name)) return unknown(key, path);
    const std::string here = join(path, name);
    if (m == Msg::Schema && name == "properties" && value.is_object()) {
      for (const auto& [prop, schema] : value.get_object()) {
        auto e = check(schema, Msg::Schema, here + "[" + std::string(prop) + "].value");
        if (!e.empty()) return e;
      }
      continue;
    }
    auto e = check_each(value, child_of(m, name), here);
    if (!e.empty()) return e;
  }
  return {};
}

// The type names Gemini's Schema.type takes (case-insensitive in the JSON mapping).
bool known_type(std::string_view t) {
  std::string up;
  for (char c : t)
    up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  static const std::set<std::string> kTypes = {"STRING", "NUMBER", "INTEGER", "BOOLEAN",
                                               "ARRAY",  "OBJECT", "NULL",    "TYPE_UNSPECIFIED"};
  return kTypes.contains(up);
}

// Beyond names: the schema rules the service enforces that our client could get wrong.
std::string check_schema(const json::value& s, const std::string& path) {
  if (!s.is_object()) return {};
  const auto& o = s.get_object();
  const json::value* type = o.if_contains("type");
  if (type && (!type->is_string() || !known_type(type->get_string()))) {
    return "Invalid value at '" + path +
           ".type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), " +
           json::serialize(*type);
  }
  const json::value* props = o.if_contains("properties");
  const bool object = type && type->is_string() &&
                      (type->get_string() == "OBJECT" || type->get_string() == "object");
  if (object && (!props || !props->is_object() || props->get_object().empty())) {
    return "* GenerateContentRequest." + path +
           ".properties: should be non-empty for OBJECT type\n";
  }
  if (props && props->is_object()) {
    for (const auto& [name, child] : props->get_object()) {
      auto e = check_schema(child, path + ".properties[" + std::string(name) + "].value");
      if (!e.empty()) return e;
    }
  }
  return {};
}

struct Prompt {
  std::string text;                 // every part's text, in order
  std::int64_t started_ms = 0;      // "Call started: <ISO>"
  std::vector<std::string> caller;  // caller lines
  std::size_t audio_bytes = 0;      // inlineData audio/wav heard (a RIFF/WAVE file)
  std::string audio_error;          // an inlineData the real service would refuse
};

// An inlineData part: base64 data of a supported audio type (the analysis sends WAV).
void read_inline_audio(const json::object& blob, Prompt& p) {
  const auto* mime = blob.if_contains("mimeType");
  const auto* data = blob.if_contains("data");
  if (!mime || !mime->is_string() || !data || !data->is_string()) {
    p.audio_error =
        "* GenerateContentRequest.contents[0].parts[].inline_data: mime_type and "
        "data are required\n";
    return;
  }
  std::vector<std::uint8_t> bytes;
  if (ai::base64_decode(data->get_string(), bytes)) {
    p.audio_error =
        "Invalid value at 'contents[0].parts[].inline_data.data' (TYPE_BYTES), Base64 "
        "decoding failed";
    return;
  }
  const bool wav = mime->get_string() == "audio/wav" && bytes.size() >= 12 &&
                   std::equal(bytes.begin(), bytes.begin() + 4, "RIFF") &&
                   std::equal(bytes.begin() + 8, bytes.begin() + 12, "WAVE");
  if (!wav) {
    p.audio_error =
        "Unable to process input audio: not a " + std::string(mime->get_string()) + " file";
    return;
  }
  p.audio_bytes += bytes.size();
}

Prompt read_prompt(const json::object& root) {
  Prompt p;
  if (const auto* contents = root.if_contains("contents"); contents && contents->is_array()) {
    for (const auto& c : contents->get_array()) {
      const auto* parts = c.is_object() ? c.get_object().if_contains("parts") : nullptr;
      if (!parts || !parts->is_array()) continue;
      for (const auto& part : parts->get_array()) {
        const auto* t = part.is_object() ? part.get_object().if_contains("text") : nullptr;
        if (t && t->is_string()) p.text += std::string(t->get_string()) + "\n";
        const auto* blob = part.is_object() ? part.get_object().if_contains("inlineData") : nullptr;
        if (blob && blob->is_object()) read_inline_audio(blob->get_object(), p);
      }
    }
  }
  std::size_t pos = 0;
  while (pos < p.text.size()) {
    auto end = p.text.find('\n', pos);
    if (end == std::string::npos) end = p.text.size();
    std::string_view line(p.text.data() + pos, end - pos);
    if (line.starts_with("Call started: ")) {
      auto iso = line.substr(14, line.find(' ', 14) - 14);
      if (auto ms = gemini::parse_iso8601(iso)) p.started_ms = *ms;
    } else if (line.starts_with("caller: ")) {
      p.caller.emplace_back(line.substr(8));
    }
    pos = end + 1;
  }
  return p;
}

bool has(const std::string& text, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != std::string::npos; });
}

std::string disposition_of(const Prompt& p, const std::string& said) {
  if (p.caller.empty()) return "no_conversation";
  if (has(said, {"do not call", "don't call", "stop calling", "never call"})) return "do_not_call";
  if (has(said, {"wrong number"})) return "wrong_number";
  if (has(said, {"voicemail", "leave a message"})) return "voicemail";
  if (has(said, {"call me back", "call back", "callback"})) return "callback";
  if (has(said, {"not interested", "no thanks", "no, thanks"})) return "not_interested";
  if (has(said, {"interested", "yes"})) return "interested";
  return "not_interested";
}

json::object answer_of(const json::value& request) {
  const json::object& root = request.get_object();
  const Prompt p = read_prompt(root);
  std::string original;
  for (const auto& line : p.caller)
    original += (original.empty() ? "" : " ") + line;
  const std::string said = lower(original);
  const std::string disposition = disposition_of(p, said);
  json::object out;
  out["summary"] = p.caller.empty()
                       ? std::string("Nobody spoke with the agent.")
                       : "The callee said: \"" + original + "\". Outcome: " + disposition + ".";
  // Deterministic, like the rest: the recording is acknowledged, not transcribed.
  if (p.audio_bytes > 0) {
    out["summary"] = std::string(out["summary"].as_string()) + " The recording (" +
                     std::to_string(p.audio_bytes) + " bytes of audio) was heard.";
  }
  out["disposition"] = disposition;
  out["callback_at"] = nullptr;
  if (disposition == "callback") {
    const std::int64_t day = named_day(said, p.started_ms).value_or(p.started_ms / 86400000 + 1);
    const int hour = named_hour(said).value_or(10);
    out["callback_at"] = gemini::format_iso8601((day * 86400 + hour * 3600) * 1000);
  }
  boost::system::error_code ec;
  const json::value* fields =
      request.find_pointer("/generationConfig/responseSchema/properties/fields/properties", ec);
  if (fields && fields->is_object()) {
    json::object values;
    for (const auto& [name, schema] : fields->get_object()) {
      values[name] = schema.is_object() ? field_value(std::string(name), schema.get_object(),
                                                      p.started_ms, said, original)
                                        : json::value(nullptr);
    }
    out["fields"] = std::move(values);
  }
  return out;
}

// snake_case keys become camelCase, so the answer reads one spelling.
json::value camel_keys(const json::value& v) {
  if (v.is_array()) {
    json::array a;
    for (const auto& e : v.get_array())
      a.push_back(camel_keys(e));
    return a;
  }
  if (!v.is_object()) return v;
  json::object o;
  for (const auto& [k, e] : v.get_object()) {
    // Property names inside a schema are the user's: keep them.
    o[k == "properties" ? std::string(k) : to_lower_camel(k)] =
        k == "properties" ? e : camel_keys(e);
  }
  return o;
}

http::response<http::string_body> answer_analysis(const http::request<http::string_body>& req,
                                                  SimShared& shared, const std::string& key,
                                                  std::string_view model) {
  boost::system::error_code ec;
  json::value root = json::parse(req.body(), ec);
  if (ec || !root.is_object()) {
    return rest_error(req, 400, "INVALID_ARGUMENT",
                      "Invalid JSON payload received. Unexpected token.");
  }
  if (auto e = check(root, Msg::Request, ""); !e.empty()) {
    return rest_error(req, 400, "INVALID_ARGUMENT", e);
  }
  root = camel_keys(root);
  const auto& o = root.get_object();
  const Prompt p = read_prompt(o);
  if (p.text.empty()) {
    return rest_error(req, 400, "INVALID_ARGUMENT",
                      "* GenerateContentRequest.contents: contents is not specified\n");
  }
  if (!p.audio_error.empty()) return rest_error(req, 400, "INVALID_ARGUMENT", p.audio_error);
  const json::value* schema = root.find_pointer("/generationConfig/responseSchema", ec);
  const json::value* mime = root.find_pointer("/generationConfig/responseMimeType", ec);
  if (schema) {
    if (!mime || !mime->is_string() || mime->get_string() != "application/json") {
      return rest_error(req, 400, "INVALID_ARGUMENT",
                        "* GenerateContentRequest.generation_config.response_mime_type: "
                        "response_schema is only supported with response_mime_type "
                        "application/json\n");
    }
    if (auto e = check_schema(*schema, "generation_config.response_schema"); !e.empty()) {
      return rest_error(req, 400, "INVALID_ARGUMENT", e);
    }
  }
  std::string text = json::serialize(answer_of(root));
  if (shared.config.analysis_invalid_json_keys.contains(key)) {
    text = "Sure! Here is the analysis: {summary: " + text.substr(0, 40);  // cut, unquoted
  }
  if (shared.log.enabled()) {
    shared.log.write_line(json::serialize(json::object{
        {"event", "analysis"}, {"key_fp", core::key_fingerprint(key)}, {"model", model}}));
  }
  const auto prompt = static_cast<std::int64_t>(req.body().size() / 4 + 1);
  const auto answer = static_cast<std::int64_t>(text.size() / 4 + 1);
  json::object part{{"text", text}};
  return json_response(
      req, http::status::ok,
      json::object{{"candidates",
                    json::array{json::object{
                        {"content", {{"parts", json::array{std::move(part)}}, {"role", "model"}}},
                        {"finishReason", "STOP"},
                        {"index", 0}}}},
                   {"usageMetadata",
                    {{"promptTokenCount", prompt},
                     {"candidatesTokenCount", answer},
                     {"totalTokenCount", prompt + answer}}},
                   {"modelVersion", model}});
}

}  // namespace

http::response<http::string_body> answer_generate_content(
    const http::request<http::string_body>& req, SimShared& shared) {
  const auto& cfg = shared.config;
  const std::string model(model_of(req.target()));
  const bool analysis_model = std::find(cfg.analysis_models.begin(), cfg.analysis_models.end(),
                                        model) != cfg.analysis_models.end();
  // TTS models, and unknown ones named like them, are the TTS endpoint's (its 404, its counter).
  if (!analysis_model &&
      (std::find(cfg.tts_models.begin(), cfg.tts_models.end(), model) != cfg.tts_models.end() ||
       model.find("tts") != std::string::npos)) {
    return answer_tts(req, shared);
  }
  bump(shared.counters.analysis_requests);
  const std::string key = key_of(req);
  if (key.empty()) return rest_error(req, 403, "PERMISSION_DENIED", kNoKey);
  if (!cfg.keys.empty() && !cfg.keys.contains(key) && !cfg.quota_keys.contains(key) &&
      !cfg.analysis_invalid_json_keys.contains(key)) {
    return rest_error(req, 400, "INVALID_ARGUMENT", kBadKey, "API_KEY_INVALID");
  }
  if (cfg.quota_keys.contains(key)) return rest_error(req, 429, "RESOURCE_EXHAUSTED", kQuota);
  if (!analysis_model) return unknown_model(req, model);
  if (req.method() != http::verb::post) {
    return rest_error(req, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.");
  }
  return answer_analysis(req, shared, key, model);
}

std::string unknown_field_error(std::string_view body) {
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec || !root.is_object()) return "Invalid JSON payload received. Unexpected token.";
  return check(root, Msg::Request, "");
}

std::string analysis_answer_text(std::string_view body) {
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec || !root.is_object()) return {};
  root = camel_keys(root);
  return json::serialize(answer_of(root));
}

}  // namespace va::sim
