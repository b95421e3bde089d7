// The template of a profile's system instruction. Plain sentences, one concern per
// paragraph, in English (the models follow English instructions for any spoken language).
#include "call/agent_instruction.h"

#include <vector>

namespace va::call {
namespace {

constexpr const char* kRole = "You are {name}, a phone agent";
constexpr const char* kCompany = " calling on behalf of {company}";
constexpr const char* kStyle =
    "This is a live phone call: speak naturally, keep every answer short (one to three "
    "sentences), let the other person finish, and never read lists or markup aloud.";
constexpr const char* kObjective = "Your objective on this call: {objective}";
constexpr const char* kOffer = "The benefits and the offer to mention:\n{offer}";
constexpr const char* kObjections = "How to handle objections:\n{objections}";
constexpr const char* kLanguage = "Speak {language} throughout the call.";
constexpr const char* kAddress = " Address the other person formally ({address}).";
constexpr const char* kExtra = "Further instructions:\n{extra}";

std::string fill_slot(std::string text, const std::string& key, const std::string& value) {
  const std::string slot = "{" + key + "}";
  if (auto at = text.find(slot); at != std::string::npos) text.replace(at, slot.size(), value);
  return text;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::string language_instruction(const LanguageChoice& language) {
  if (language.name.empty()) return {};
  std::string out = fill_slot(kLanguage, "language", language.name);
  if (!language.address.empty()) out += fill_slot(kAddress, "address", language.address);
  return out;
}

std::string compose_agent_instruction(const crm::AgentProfile& profile,
                                      const LanguageChoice& language,
                                      const std::string& extra_instructions) {
  std::vector<std::string> parts;
  std::string role = fill_slot(kRole, "name", blank(profile.name) ? "an assistant" : profile.name);
  if (!blank(profile.company)) role += fill_slot(kCompany, "company", profile.company);
  parts.push_back(role + ".");
  parts.emplace_back(kStyle);
  if (!blank(profile.objective))
    parts.push_back(fill_slot(kObjective, "objective", profile.objective));
  if (!blank(profile.offer)) parts.push_back(fill_slot(kOffer, "offer", profile.offer));
  if (!blank(profile.objections)) {
    parts.push_back(fill_slot(kObjections, "objections", profile.objections));
  }
  if (auto lang = language_instruction(language); !lang.empty()) parts.push_back(lang);
  if (!blank(extra_instructions)) parts.push_back(fill_slot(kExtra, "extra", extra_instructions));
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

}  // namespace va::call
