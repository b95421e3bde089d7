// The call's AI sessions from its record and its failover lines (ai_sessions_view.h).
#include "api/ai_sessions_view.h"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace va::api {
namespace {

// Cuts `text` at the first `sep`: what comes before it, and `text` moves past it.
std::optional<std::string> take_until(std::string_view& text, std::string_view sep) {
  const auto at = text.find(sep);
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string out(text.substr(0, at));
  text.remove_prefix(at + sep.size());
  return out;
}

boost::json::value ms_or_null(std::int64_t ms) {
  return ms > 0 ? boost::json::value(ms) : boost::json::value(nullptr);
}

boost::json::value text_or_null(const std::string& s) {
  return s.empty() ? boost::json::value(nullptr) : boost::json::value(s);
}

boost::json::object session(const std::string& provider, const std::string& key,
                            std::int64_t started, std::int64_t ended, const std::string& reason) {
  return {{"provider", provider},
          {"key_fingerprint", key},
          {"started_at", started},
          {"ended_at", ms_or_null(ended)},
          {"end_reason", text_or_null(reason)}};
}

}  // namespace

std::optional<FailoverNote> parse_failover_note(const crm::TranscriptLine& line) {
  constexpr std::string_view kPrefix = "failover: ";
  if (line.who != "system") return std::nullopt;
  std::string_view text = line.text;
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  FailoverNote n;
  n.at = line.at;
  auto from = take_until(text, " -> ");
  auto to = from ? take_until(text, ": ") : std::nullopt;
  auto reason = to ? take_until(text, " (key ") : std::nullopt;
  auto from_key = reason ? take_until(text, " -> ") : std::nullopt;
  auto to_key = from_key ? take_until(text, ")") : std::nullopt;
  if (!to_key || !text.empty()) return std::nullopt;
  n.from = *from;
  n.to = *to;
  n.reason = *reason;
  n.from_key = *from_key;
  n.to_key = *to_key;
  return n;
}

// A session opens at the first provisional (or the answer; a call that never rang opened none)
// or at the failover that started it, and ends at the next failover or with the call.
boost::json::array ai_sessions_view(const crm::Call& c,
                                    const std::vector<crm::TranscriptLine>* lines) {
  std::vector<FailoverNote> notes;
  if (lines) {
    for (const auto& l : *lines) {
      if (auto n = parse_failover_note(l)) notes.push_back(std::move(*n));
    }
  }
  boost::json::array out;
  auto started = c.ringing_at > 0 ? c.ringing_at : c.answered_at;
  if (started <= 0 && notes.empty()) return out;
  if (started <= 0) started = notes.front().at;
  std::string provider = notes.empty() ? c.provider : notes.front().from;
  std::string key = notes.empty() ? c.key_fingerprint : notes.front().from_key;
  for (const auto& n : notes) {
    out.push_back(session(provider, key, started, n.at, n.reason));
    provider = n.to;
    key = n.to_key;
    started = n.at;
  }
  out.push_back(session(provider, key, started, c.ended_at, c.end_reason));
  return out;
}

}  // namespace va::api
