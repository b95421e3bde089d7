// The analysis endpoint's reading of the caller's words: fields and callback times.
#include "sim/analysis_fields.h"

#include <algorithm>
#include <cctype>

#include "ai/gemini/analysis_message.h"

namespace va::sim::analysis {
namespace json = boost::json;
namespace gemini = ai::gemini;

namespace {

const char* const kWeekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                 "friday", "saturday", "sunday"};

// 0 = Monday .. 6 = Sunday, of a day count since 1970-01-01 (a Thursday).
int iso_weekday(std::int64_t days) {
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

}  // namespace

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s)
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// The day (days since the epoch) a caller's words name, after the call's day; nullopt: none.
std::optional<std::int64_t> named_day(const std::string& text, std::int64_t started_ms) {
  const std::int64_t today = started_ms / 86400000;
  if (text.find("tomorrow") != std::string::npos) return today + 1;
  for (int d = 0; d < 7; ++d) {
    if (text.find(kWeekdays[d]) == std::string::npos) continue;
    int ahead = (d - iso_weekday(today) + 7) % 7;
    return today + (ahead == 0 ? 7 : ahead);
  }
  return std::nullopt;
}

// "at 3 pm", "at 15", "at 9 am" -> hour of day; nullopt: none said.
std::optional<int> named_hour(const std::string& text) {
  for (auto at = text.find("at "); at != std::string::npos; at = text.find("at ", at + 1)) {
    std::size_t pos = at + 3;
    int h = 0, n = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && n < 2) {
      h = h * 10 + (text[pos++] - '0');
      ++n;
    }
    if (n == 0 || h > 23) continue;
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
    if (text.compare(pos, 2, "pm") == 0 && h < 12) h += 12;
    if (text.compare(pos, 2, "am") == 0 && h == 12) h = 0;
    return h;
  }
  return std::nullopt;
}

namespace {

std::string words_of(std::string_view name) {
  std::string out = lower(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

json::value email_in(const std::string& original) {
  for (std::size_t at = original.find('@'); at != std::string::npos;
       at = original.find('@', at + 1)) {
    auto word = [&](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
             c == '+';
    };
    std::size_t b = at, e = at + 1;
    while (b > 0 && word(original[b - 1]))
      --b;
    while (e < original.size() && word(original[e]))
      ++e;
    while (e > at + 1 && original[e - 1] == '.')
      --e;
    std::string_view domain(original.data() + at + 1, e - at - 1);
    if (b < at && domain.find('.') != std::string_view::npos)
      return json::value(original.substr(b, e - b));
  }
  return nullptr;
}

}  // namespace

json::value field_value(const std::string& name, const json::object& schema,
                        std::int64_t started_ms, const std::string& said,
                        const std::string& original) {
  const json::value* t = schema.if_contains("type");
  const std::string type = t && t->is_string() ? lower(t->get_string()) : "string";
  const json::value* d = schema.if_contains("description");
  const std::string description = d && d->is_string() ? lower(d->get_string()) : "";
  const std::string words = words_of(name);
  if (type == "string" && (words.find("email") != std::string::npos ||
                           description.find("email") != std::string::npos)) {
    return email_in(original);
  }
  if (type == "string" && description.find("yyyy-mm-dd") != std::string::npos) {
    auto day = named_day(said, started_ms);
    if (!day) return nullptr;
    return json::value(gemini::format_iso8601(*day * 86400000).substr(0, 10));
  }
  const auto at = said.find(words);
  if (type == "number") {
    if (at == std::string::npos) return nullptr;
    auto pos = said.find_first_of("0123456789", at);
    if (pos == std::string::npos) return nullptr;
    std::int64_t n = 0;
    for (; pos < said.size() && std::isdigit(static_cast<unsigned char>(said[pos])) &&
           n < 100000000000000;
         ++pos)
      n = n * 10 + (said[pos] - '0');
    return json::value(n);
  }
  if (type == "boolean") {
    if (at == std::string::npos) return nullptr;
    const bool negated = (at >= 3 && said.compare(at - 3, 3, "no ") == 0) ||
                         (at >= 4 && said.compare(at - 4, 4, "not ") == 0);
    return json::value(!negated);
  }
  const std::string lead = words + " is ";
  const auto is = said.find(lead);
  if (is == std::string::npos) return nullptr;
  const auto from = is + lead.size();
  const auto to = said.find_first_of(".,!?", from);
  return json::value(original.substr(from, (to == std::string::npos ? said.size() : to) - from));
}

}  // namespace va::sim::analysis
