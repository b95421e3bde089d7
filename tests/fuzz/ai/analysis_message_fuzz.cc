// Fuzz target: post-call analysis answers from the network and from the model (the parser of
// analysis_message.h) never crash or throw; a parsed answer, served again as the model's text,
// parses back to the same values (an oracle on every accessor), and ISO 8601 times that parse
// format and parse back to the same instant.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ai/gemini/analysis_message.h"

namespace {
namespace gemini = va::ai::gemini;
namespace json = boost::json;

const std::vector<gemini::ExtractionField> kFields = {
    {"email", "string", ""}, {"budget", "number", ""}, {"ok", "boolean", ""}, {"day", "date", ""}};

std::int64_t floor_second(std::int64_t ms) {
  return ms - ((ms % 1000) + 1000) % 1000;
}

// "YYYY-MM-DDTHH:MM:SSZ" with a four-digit year.
bool formattable(std::int64_t ms) {
  const std::string f = gemini::format_iso8601(ms);
  return f.size() == 20 && f[0] != '-';
}

std::string reserve(const gemini::AnalysisAnswer& a) {
  json::object model{
      {"summary", a.summary},
      {"disposition", a.disposition},
      {"callback_at", a.callback_at_ms ? json::value(gemini::format_iso8601(*a.callback_at_ms))
                                       : json::value(nullptr)},
      {"fields", json::parse(a.fields_json)}};
  return json::serialize(json::object{
      {"candidates",
       json::array{json::object{
           {"content",
            {{"parts", json::array{json::object{{"text", json::serialize(model)}}}}}}}}}});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string why;
  if (auto a = gemini::parse_analysis_response(text, kFields, &why)) {
    if (!gemini::is_disposition(a->disposition)) __builtin_trap();
    // A callback time is kept to the second by format_iso8601: compare at that precision.
    if (a->callback_at_ms) {
      a->callback_at_ms = floor_second(*a->callback_at_ms);
      if (!formattable(*a->callback_at_ms)) return 0;  // a zone offset left years 0000-9999
    }
    auto back = gemini::parse_analysis_response(reserve(*a), kFields);
    if (!back || back->summary != a->summary || back->disposition != a->disposition ||
        back->fields_json != a->fields_json) {
      __builtin_trap();
    }
    if (a->callback_at_ms && back->callback_at_ms != a->callback_at_ms) __builtin_trap();
  } else if (why.empty()) {
    __builtin_trap();  // every refusal says why
  }
  if (auto ms = gemini::parse_iso8601(text); ms && formattable(*ms)) {
    if (gemini::parse_iso8601(gemini::format_iso8601(*ms)) != floor_second(*ms)) __builtin_trap();
  }
  return 0;
}
