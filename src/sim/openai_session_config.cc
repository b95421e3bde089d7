// Strict session.update for the OpenAI simulator (C3, C4, D2.4).
#include "sim/openai_session_config.h"

#include <boost/json/serialize.hpp>
#include <initializer_list>

#include "sim/sim_config.h"

namespace va::sim {
namespace json = boost::json;
namespace {

OpenAiError unknown(const std::string& param) {
  return {"invalid_request_error", "unknown_parameter", "Unknown parameter: '" + param + "'.",
          param};
}

OpenAiError invalid(const std::string& param, const std::string& why) {
  return {"invalid_request_error", "invalid_value", "Invalid value for '" + param + "': " + why,
          param};
}

OpenAiError wrong_type(const std::string& param, const char* expected) {
  return {"invalid_request_error", "invalid_type",
          "Invalid type for '" + param + "': expected " + expected + ".", param};
}

// The first key of `o` not in `known`, as "<prefix>.<key>".
std::optional<OpenAiError> only(const json::object& o, const std::string& prefix,
                                std::initializer_list<std::string_view> known) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto k : known)
      ok = ok || kv.key() == k;
    if (!ok) return unknown(prefix + "." + std::string(kv.key()));
  }
  return std::nullopt;
}

std::optional<OpenAiError> read_format(const json::value& v, const std::string& param,
                                       OpenAiFormat& out) {
  if (!v.is_object()) return wrong_type(param, "an object");
  const auto& o = v.get_object();
  if (auto e = only(o, param, {"type", "rate"})) return e;
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return wrong_type(param + ".type", "a string");
  const std::string t(type->get_string());
  if (t == "audio/pcm") {
    if (const auto* rate = o.if_contains("rate")) {
      if (!rate->is_int64() || rate->get_int64() != 24000) {
        return invalid(param + ".rate", "only 24000 is supported.");
      }
    }
    out = OpenAiFormat::Pcm24k;
  } else if (t == "audio/pcmu" || t == "audio/pcma") {
    if (o.contains("rate")) return unknown(param + ".rate");
    out = t == "audio/pcmu" ? OpenAiFormat::Pcmu : OpenAiFormat::Pcma;
  } else {
    return invalid(
        param + ".type",
        "'" + t + "'. Supported values are: 'audio/pcm', 'audio/pcmu' and 'audio/pcma'.");
  }
  return std::nullopt;
}

std::optional<OpenAiError> read_int(const json::object& o, const std::string& prefix,
                                    const char* key, int lo, int hi, int& out) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  const std::string param = prefix + "." + key;
  if (!v->is_int64()) return wrong_type(param, "an integer");
  if (v->get_int64() < lo || v->get_int64() > hi) return invalid(param, "out of range.");
  out = static_cast<int>(v->get_int64());
  return std::nullopt;
}

std::optional<OpenAiError> read_bool(const json::object& o, const std::string& prefix,
                                     const char* key, bool& out) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) return wrong_type(prefix + "." + key, "a boolean");
  out = v->get_bool();
  return std::nullopt;
}

std::optional<OpenAiError> read_turn_detection(const json::value& v, OpenAiSessionConfig& c) {
  const std::string p = "session.audio.input.turn_detection";
  if (v.is_null()) {
    c.vad = false;
    return std::nullopt;
  }
  if (!v.is_object()) return wrong_type(p, "an object or null");
  const auto& o = v.get_object();
  const auto* type = o.if_contains("type");
  if (!type || !type->is_string()) return wrong_type(p + ".type", "a string");
  const std::string t(type->get_string());
  if (t == "server_vad") {
    if (auto e = only(o, p,
                      {"type", "threshold", "prefix_padding_ms", "silence_duration_ms",
                       "create_response", "interrupt_response", "idle_timeout_ms"})) {
      return e;
    }
    if (const auto* th = o.if_contains("threshold")) {
      if (!th->is_number()) return wrong_type(p + ".threshold", "a number");
      const double d = th->to_number<double>();
      if (d < 0 || d > 1) return invalid(p + ".threshold", "must be between 0 and 1.");
      c.threshold = d;
    }
    if (auto e = read_int(o, p, "prefix_padding_ms", 0, 10000, c.prefix_padding_ms)) return e;
    if (auto e = read_int(o, p, "silence_duration_ms", 0, 10000, c.silence_duration_ms)) return e;
    int idle = 0;
    if (auto e = read_int(o, p, "idle_timeout_ms", 5000, 30000, idle)) return e;
  } else if (t == "semantic_vad") {
    if (auto e = only(o, p, {"type", "eagerness", "create_response", "interrupt_response"})) {
      return e;
    }
    if (const auto* eg = o.if_contains("eagerness")) {
      const bool ok =
          eg->is_string() && (eg->get_string() == "low" || eg->get_string() == "medium" ||
                              eg->get_string() == "high" || eg->get_string() == "auto");
      if (!ok) return invalid(p + ".eagerness", "expected low, medium, high or auto.");
    }
  } else {
    return invalid(p + ".type",
                   "'" + t + "'. Supported values are: 'server_vad' and 'semantic_vad'.");
  }
  if (auto e = read_bool(o, p, "create_response", c.create_response)) return e;
  if (auto e = read_bool(o, p, "interrupt_response", c.interrupt_response)) return e;
  c.vad = true;
  c.vad_type = t;
  return std::nullopt;
}

std::optional<OpenAiError> read_input(const json::value& v, OpenAiSessionConfig& c) {
  const std::string p = "session.audio.input";
  if (!v.is_object()) return wrong_type(p, "an object");
  const auto& o = v.get_object();
  if (auto e = only(o, p, {"format", "transcription", "noise_reduction", "turn_detection"})) {
    return e;
  }
  if (const auto* f = o.if_contains("format")) {
    if (auto e = read_format(*f, p + ".format", c.input_format)) return e;
  }
  if (const auto* t = o.if_contains("transcription")) {
    if (t->is_null()) {
      c.transcription = false;
    } else if (!t->is_object()) {
      return wrong_type(p + ".transcription", "an object or null");
    } else {
      const auto& to = t->get_object();
      if (auto e = only(to, p + ".transcription", {"model", "language", "prompt"})) return e;
      const auto* model = to.if_contains("model");
      if (!model || !model->is_string()) {
        return wrong_type(p + ".transcription.model", "a string");
      }
      c.transcription = true;
      c.transcription_model = std::string(model->get_string());
      if (const auto* lang = to.if_contains("language")) {
        // ISO-639-1 only ("en", not "en-US"; DESIGN contract).
        if (!lang->is_string() || lang->get_string().size() != 2) {
          return invalid(p + ".transcription.language", "expected an ISO-639-1 code such as 'en'.");
        }
        c.transcription_language = std::string(lang->get_string());
      }
    }
  }
  if (const auto* n = o.if_contains("noise_reduction"); n && !n->is_null()) {
    if (!n->is_object()) return wrong_type(p + ".noise_reduction", "an object or null");
    if (auto e = only(n->get_object(), p + ".noise_reduction", {"type"})) return e;
  }
  if (const auto* td = o.if_contains("turn_detection")) {
    if (auto e = read_turn_detection(*td, c)) return e;
  }
  return std::nullopt;
}

std::optional<OpenAiError> read_output(const json::value& v, OpenAiSessionConfig& c,
                                       bool voice_locked) {
  const std::string p = "session.audio.output";
  if (!v.is_object()) return wrong_type(p, "an object");
  const auto& o = v.get_object();
  if (auto e = only(o, p, {"format", "voice", "speed"})) return e;
  if (const auto* f = o.if_contains("format")) {
    if (auto e = read_format(*f, p + ".format", c.output_format)) return e;
  }
  if (const auto* voice = o.if_contains("voice")) {
    if (!voice->is_string()) return wrong_type(p + ".voice", "a string");
    const std::string name(voice->get_string());
    if (!is_known_openai_voice(name)) {
      return invalid(p + ".voice", "'" + name + "' is not a supported voice.");
    }
    if (voice_locked && name != c.voice) {
      return OpenAiError{"invalid_request_error", "cannot_update_voice",
                         "Cannot update a conversation's voice if assistant audio is present.",
                         p + ".voice"};
    }
    c.voice = name;
  }
  if (const auto* speed = o.if_contains("speed")) {
    if (!speed->is_number() || speed->to_number<double>() < 0.25 ||
        speed->to_number<double>() > 1.5) {
      return invalid(p + ".speed", "must be between 0.25 and 1.5.");
    }
  }
  return std::nullopt;
}

std::optional<OpenAiError> read_tools(const json::value& v, OpenAiSessionConfig& c) {
  if (!v.is_array()) return wrong_type("session.tools", "an array");
  std::vector<std::string> names;
  std::size_t i = 0;
  for (const auto& t : v.get_array()) {
    const std::string p = "session.tools[" + std::to_string(i++) + "]";
    if (!t.is_object()) return wrong_type(p, "an object");
    const auto& o = t.get_object();
    if (auto e = only(o, p, {"type", "name", "description", "parameters"})) return e;
    const auto* type = o.if_contains("type");
    if (!type || !type->is_string() || type->get_string() != "function") {
      return invalid(p + ".type", "expected 'function'.");
    }
    const auto* name = o.if_contains("name");
    if (!name || !name->is_string() || name->get_string().empty()) {
      return wrong_type(p + ".name", "a non-empty string");
    }
    if (const auto* params = o.if_contains("parameters"); params && !params->is_object()) {
      return wrong_type(p + ".parameters", "an object");
    }
    names.emplace_back(name->get_string());
  }
  c.tools = std::move(names);
  return std::nullopt;
}

const char* format_name(OpenAiFormat f) {
  switch (f) {
    case OpenAiFormat::Pcmu:
      return "audio/pcmu";
    case OpenAiFormat::Pcma:
      return "audio/pcma";
    case OpenAiFormat::Pcm24k:
      break;
  }
  return "audio/pcm";
}

json::object format_json(OpenAiFormat f) {
  json::object o{{"type", format_name(f)}};
  if (f == OpenAiFormat::Pcm24k) o["rate"] = 24000;
  return o;
}

}  // namespace

int format_rate(OpenAiFormat f) {
  return f == OpenAiFormat::Pcm24k ? 24000 : 8000;
}

json::object session_json(const OpenAiSessionConfig& c) {
  json::value td = nullptr;
  if (c.vad && c.vad_type == "server_vad") {
    td = json::object{{"type", "server_vad"},
                      {"threshold", c.threshold},
                      {"prefix_padding_ms", c.prefix_padding_ms},
                      {"silence_duration_ms", c.silence_duration_ms},
                      {"create_response", c.create_response},
                      {"interrupt_response", c.interrupt_response},
                      {"idle_timeout_ms", nullptr}};
  } else if (c.vad) {
    td = json::object{{"type", "semantic_vad"},
                      {"eagerness", "auto"},
                      {"create_response", c.create_response},
                      {"interrupt_response", c.interrupt_response}};
  }
  json::value tr = nullptr;
  if (c.transcription) {
    json::object t{{"model", c.transcription_model}};
    if (!c.transcription_language.empty()) t["language"] = c.transcription_language;
    tr = std::move(t);
  }
  json::array tools;
  for (const auto& name : c.tools)
    tools.push_back(json::object{{"type", "function"}, {"name", name}});
  return {{"type", "realtime"},
          {"object", "realtime.session"},
          {"model", c.model},
          {"output_modalities", json::array{"audio"}},
          {"instructions", c.instructions},
          {"tools", std::move(tools)},
          {"tool_choice", "auto"},
          {"max_output_tokens", "inf"},
          {"audio",
           {{"input",
             {{"format", format_json(c.input_format)},
              {"transcription", std::move(tr)},
              {"noise_reduction", nullptr},
              {"turn_detection", std::move(td)}}},
            {"output",
             {{"format", format_json(c.output_format)}, {"voice", c.voice}, {"speed", 1.0}}}}}};
}

std::optional<OpenAiError> apply_session_update(const json::value& session,
                                                OpenAiSessionConfig& out, bool voice_locked) {
  if (!session.is_object()) return wrong_type("session", "an object");
  const auto& o = session.get_object();
  if (auto e = only(o, "session",
                    {"type", "model", "instructions", "output_modalities", "audio", "tools",
                     "tool_choice", "max_output_tokens", "truncation", "tracing", "prompt",
                     "include", "reasoning", "parallel_tool_calls"})) {
    return e;
  }
  const auto* type = o.if_contains("type");
  if (!type) {
    return OpenAiError{"invalid_request_error", "missing_required_parameter",
                       "Missing required parameter: 'session.type'.", "session.type"};
  }
  if (!type->is_string() || type->get_string() != "realtime") {
    return invalid("session.type", "expected 'realtime'.");
  }
  OpenAiSessionConfig c = out;
  if (const auto* m = o.if_contains("model")) {
    if (!m->is_string()) return wrong_type("session.model", "a string");
    c.model = std::string(m->get_string());
  }
  if (const auto* i = o.if_contains("instructions")) {
    if (!i->is_string()) return wrong_type("session.instructions", "a string");
    c.instructions = std::string(i->get_string());
  }
  if (const auto* mod = o.if_contains("output_modalities")) {
    if (!mod->is_array() || mod->get_array().size() != 1 || !mod->get_array()[0].is_string() ||
        (mod->get_array()[0].get_string() != "audio" &&
         mod->get_array()[0].get_string() != "text")) {
      return invalid("session.output_modalities", "expected ['audio'] or ['text'].");
    }
  }
  if (const auto* audio = o.if_contains("audio")) {
    if (!audio->is_object()) return wrong_type("session.audio", "an object");
    const auto& a = audio->get_object();
    if (auto e = only(a, "session.audio", {"input", "output"})) return e;
    if (const auto* in = a.if_contains("input")) {
      if (auto e = read_input(*in, c)) return e;
    }
    if (const auto* outp = a.if_contains("output")) {
      if (auto e = read_output(*outp, c, voice_locked)) return e;
    }
  }
  if (const auto* tools = o.if_contains("tools")) {
    if (auto e = read_tools(*tools, c)) return e;
  }
  if (const auto* tc = o.if_contains("tool_choice"); tc && !tc->is_string() && !tc->is_object()) {
    return wrong_type("session.tool_choice", "a string or an object");
  }
  out = std::move(c);
  return std::nullopt;
}

}  // namespace va::sim
