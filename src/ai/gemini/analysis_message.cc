// Post-call analysis request/response JSON (structured output over generateContent).
#include "ai/gemini/analysis_message.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>

#include "ai/base64.h"
#include "ai/errc.h"

namespace va::ai::gemini {
namespace json = boost::json;

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// "YYYY-MM-DD" at the start of s; pos after it.
bool read_date(std::string_view s, std::size_t& pos, int& y, int& m, int& d) {
  return digits(s, pos, 4, y) && expect(s, pos, '-') && digits(s, pos, 2, m) &&
         expect(s, pos, '-') && digits(s, pos, 2, d) && m >= 1 && m <= 12 && d >= 1 &&
         static_cast<unsigned>(d) <= days_in_month(y, static_cast<unsigned>(m));
}

json::object schema_of_field(const ExtractionField& f) {
  json::object s;
  std::string description = f.description;
  if (f.type == "number") {
    s["type"] = "NUMBER";
  } else if (f.type == "boolean") {
    s["type"] = "BOOLEAN";
  } else {
    s["type"] = "STRING";
    if (f.type == "date")
      description += (description.empty() ? "" : " ") + std::string("(YYYY-MM-DD)");
  }
  if (!description.empty()) s["description"] = description;
  s["nullable"] = true;
  return s;
}

json::object response_schema(const std::vector<ExtractionField>& fields) {
  json::array dispositions_enum;
  for (const auto& d : dispositions())
    dispositions_enum.emplace_back(d);
  json::object props{
      {"summary",
       {{"type", "STRING"}, {"description", "Two or three sentences, in the call's language."}}},
      {"disposition",
       {{"type", "STRING"}, {"format", "enum"}, {"enum", std::move(dispositions_enum)}}},
      {"callback_at",
       {{"type", "STRING"},
        {"format", "date-time"},
        {"nullable", true},
        {"description", "When the callee asked to be called back (ISO 8601, UTC), else null."}}}};
  json::array order{"summary", "disposition", "callback_at"};
  if (!fields.empty()) {  // Gemini refuses an OBJECT without properties
    json::object field_props;
    json::array field_order;
    for (const auto& f : fields) {
      field_props[f.name] = schema_of_field(f);
      field_order.emplace_back(f.name);
    }
    props["fields"] = json::object{{"type", "OBJECT"},
                                   {"properties", std::move(field_props)},
                                   {"propertyOrdering", field_order},
                                   {"required", field_order}};
    order.emplace_back("fields");
  }
  return json::object{{"type", "OBJECT"},
                      {"properties", std::move(props)},
                      {"required", order},
                      {"propertyOrdering", order}};
}

std::string instructions(const AnalysisAsk& ask) {
  std::string text =
      "You analyse the transcript of a phone call between an AI agent and a callee. Write a "
      "short summary in the call's language";
  if (!ask.language.empty()) text += " (" + ask.language + ")";
  text +=
      ". Choose one disposition: interested, not_interested, callback (the callee asked to be "
      "called again later), voicemail, wrong_number, do_not_call (the callee asked never to be "
      "called again), no_conversation (nobody spoke with the agent). When the callee asked for "
      "a callback, give callback_at as an ISO 8601 UTC date-time, resolved against the call's "
      "start time; otherwise null.";
  if (!ask.fields.empty()) {
    text += " Fill `fields` with what the callee said; null where the call did not say it.";
  }
  return text;
}

std::string transcript_text(const AnalysisAsk& ask) {
  std::string text = "Call started: " + format_iso8601(ask.call_started_ms) + " (" +
                     weekday_name(ask.call_started_ms) + ").\nTranscript:\n";
  if (ask.transcript.empty()) text += "(nothing was said)\n";
  for (const auto& t : ask.transcript)
    text += t.who + ": " + t.text + "\n";
  return text;
}

// The model's value for one field, checked against its type; null when it does not fit.
json::value checked_field(const ExtractionField& f, const json::value* v) {
  if (!v || v->is_null()) return nullptr;
  if (f.type == "number") {
    return v->is_number() ? *v : json::value(nullptr);
  }
  if (f.type == "boolean") return v->is_bool() ? *v : json::value(nullptr);
  if (!v->is_string()) return nullptr;
  if (f.type == "date" && !is_iso_date(v->get_string())) return nullptr;
  return *v;
}

core::Result<AnalysisAnswer> fail(std::string* why, Errc code, std::string text) {
  if (why) *why = std::move(text);
  return make_error_code(code);
}

// candidates[0].content.parts[].text joined (a long answer may be split in parts).
core::Result<std::string> candidate_text(const json::value& root, std::string* why) {
  const json::value* cands = root.get_object().if_contains("candidates");
  if (!cands || !cands->is_array() || cands->get_array().empty()) {
    std::string reason = "no candidate in the answer";
    boost::system::error_code ec;
    if (const auto* b = root.find_pointer("/promptFeedback/blockReason", ec); b && b->is_string())
      reason += " (prompt blocked: " + std::string(b->get_string()) + ")";
    if (why) *why = reason;
    return make_error_code(Errc::ProtocolError);
  }
  const json::value& cand = cands->get_array()[0];
  boost::system::error_code ec;
  const json::value* parts = cand.find_pointer("/content/parts", ec);
  std::string text;
  if (parts && parts->is_array()) {
    for (const auto& p : parts->get_array()) {
      const json::value* t = p.is_object() ? p.get_object().if_contains("text") : nullptr;
      if (t && t->is_string()) text += std::string(t->get_string());
    }
  }
  if (text.empty()) {
    std::string reason = "the candidate has no text";
    if (const auto* fr = cand.find_pointer("/finishReason", ec); fr && fr->is_string())
      reason += " (finishReason " + std::string(fr->get_string()) + ")";
    if (why) *why = reason;
    return make_error_code(Errc::ProtocolError);
  }
  return text;
}

std::int64_t int_at(const json::value& root, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value* v = root.find_pointer(pointer, ec);
  return v && v->is_int64() && v->get_int64() >= 0 ? v->get_int64() : 0;
}

}  // namespace

const std::vector<std::string>& dispositions() {
  static const std::vector<std::string> kAll = {"interested",     "not_interested", "callback",
                                                "voicemail",      "wrong_number",   "do_not_call",
                                                "no_conversation"};
  return kAll;
}

bool is_disposition(std::string_view text) {
  for (const auto& d : dispositions())
    if (d == text) return true;
  return false;
}

bool transcript_is_thin(const std::vector<TranscriptTurn>& transcript) {
  std::size_t spoken = 0;
  for (const auto& t : transcript) {
    if ((t.who == "caller" || t.who == "agent") && !t.text.empty()) ++spoken;
  }
  return spoken < kThinTranscriptLines;
}

std::string build_analysis_request(const AnalysisAsk& ask) {
  json::array parts{json::object{{"text", transcript_text(ask)}}};
  if (!ask.audio_wav.empty()) {
    std::string data;
    base64_encode(ask.audio_wav, data);
    parts.push_back(json::object{{"text",
                                  "The transcript above is incomplete: the call's recording "
                                  "follows (caller left, agent right). Judge by what is heard."}});
    parts.push_back(
        json::object{{"inlineData", {{"mimeType", "audio/wav"}, {"data", std::move(data)}}}});
  }
  return json::serialize(json::object{
      {"systemInstruction", {{"parts", json::array{json::object{{"text", instructions(ask)}}}}}},
      {"contents", json::array{json::object{{"role", "user"}, {"parts", std::move(parts)}}}},
      {"generationConfig",
       {{"responseMimeType", "application/json"},
        {"responseSchema", response_schema(ask.fields)},
        {"temperature", 0}}}});
}

core::Result<AnalysisAnswer> parse_analysis_response(std::string_view body,
                                                     const std::vector<ExtractionField>& fields,
                                                     std::string* why) {
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec) return fail(why, Errc::MalformedJson, "the answer is not JSON");
  if (!root.is_object()) return fail(why, Errc::ProtocolError, "the answer is not an object");
  auto text = candidate_text(root, why);
  if (!text) return text.error();
  json::value model = json::parse(*text, ec);
  if (ec) return fail(why, Errc::MalformedJson, "the model's answer is not valid JSON");
  if (!model.is_object())
    return fail(why, Errc::ProtocolError, "the model's answer is not an object");
  const json::object& o = model.get_object();
  AnalysisAnswer a;
  const json::value* summary = o.if_contains("summary");
  if (!summary || !summary->is_string()) {
    return fail(why, Errc::ProtocolError, "the model's answer has no summary");
  }
  a.summary = std::string(summary->get_string());
  const json::value* disposition = o.if_contains("disposition");
  if (!disposition || !disposition->is_string() || !is_disposition(disposition->get_string())) {
    return fail(why, Errc::ProtocolError, "the model's answer has no known disposition");
  }
  a.disposition = std::string(disposition->get_string());
  if (const json::value* cb = o.if_contains("callback_at"); cb && !cb->is_null()) {
    auto ms = cb->is_string() ? parse_iso8601(cb->get_string()) : std::nullopt;
    if (!ms) return fail(why, Errc::ProtocolError, "callback_at is not an ISO 8601 date-time");
    a.callback_at_ms = *ms;
  }
  const json::value* given = o.if_contains("fields");
  const json::object* given_fields = given && given->is_object() ? &given->get_object() : nullptr;
  json::object out;
  for (const auto& f : fields)
    out[f.name] = checked_field(f, given_fields ? given_fields->if_contains(f.name) : nullptr);
  a.fields_json = json::serialize(out);
  a.input_tokens = int_at(root, "/usageMetadata/promptTokenCount");
  a.output_tokens = int_at(root, "/usageMetadata/candidatesTokenCount");
  return a;
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  std::size_t pos = 0;
  int y, mo, d, h, mi, sec = 0;
  if (!read_date(s, pos, y, mo, d)) return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
  if (pos < s.size() && s[pos] == ':' && !(++pos, digits(s, pos, 2, sec))) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::int64_t ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100;
    const std::size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start || pos - start > 9) return std::nullopt;
  }
  std::int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om = 0;
    if (!digits(s, pos, 2, oh)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60;
  return secs * 1000 + ms;
}

std::string format_iso8601(std::int64_t ms) {
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const std::int64_t rest = secs - days * 86400;
  const Civil c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.y, c.m, c.d, rest / 3600,
                     rest / 60 % 60, rest % 60);
}

std::string weekday_name(std::int64_t ms) {
  static constexpr const char* kNames[] = {"Thursday", "Friday",  "Saturday", "Sunday",
                                           "Monday",   "Tuesday", "Wednesday"};
  const std::int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  const std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  return kNames[((days % 7) + 7) % 7];  // 1970-01-01 was a Thursday
}

bool is_iso_date(std::string_view text) {
  std::size_t pos = 0;
  int y, m, d;
  return read_date(text, pos, y, m, d) && pos == text.size();
}

}  // namespace va::ai::gemini
