// The warm transfer's briefing text (warm_briefing.h).
#include "call/warm_briefing.h"

namespace va::call {
namespace {

// Digits spoken one by one ("+1 5 5 5"): TTS reads a long number as a quantity otherwise.
std::string spoken_number(const std::string& number) {
  std::string out;
  for (char c : number) {
    if (!out.empty() && c >= '0' && c <= '9') out += ' ';
    out += c;
  }
  return out;
}

std::string trimmed_sentence(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '.' || text.back() == '\n'))
    text.pop_back();
  return text;
}

}  // namespace

std::string compose_briefing(const BriefingFacts& facts) {
  std::string text = "Hello, this is the voice assistant with a transferred call";
  const bool is_number = !facts.caller.empty() && facts.caller.find(':') == std::string::npos;
  if (is_number) text += " from " + spoken_number(facts.caller);
  text += ".";
  if (!facts.reason.empty()) text += " Reason: " + trimmed_sentence(facts.reason) + ".";
  std::vector<std::string> said;
  for (auto it = facts.recent.rbegin(); it != facts.recent.rend(); ++it) {
    if (it->first != "caller" || it->second.empty()) continue;
    said.insert(said.begin(), trimmed_sentence(it->second));
    if (said.size() == kBriefingCallerLines) break;
  }
  if (!said.empty()) {
    std::string quote;
    for (const auto& s : said)
      quote += (quote.empty() ? "" : " ") + s + ".";
    if (quote.size() > kBriefingMaxChars / 2) quote = quote.substr(0, kBriefingMaxChars / 2);
    text += " The caller said: " + quote;
  }
  if (text.size() > kBriefingMaxChars) text.resize(kBriefingMaxChars);
  return text + " Connecting you now.";
}

}  // namespace va::call
