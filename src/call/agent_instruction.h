// The AI's system instruction of a call made with an agent profile: the profile's fields in
// a fixed template (agent_instruction.cc), the language to speak and the form of address,
// then the campaign's or the call's own free text, appended as it was written.
#pragma once

#include <string>

#include "crm/agent_profile.h"

namespace va::call {

// What the call speaks: the tag the AI session gets, and what the instruction says about it.
struct LanguageChoice {
  std::string tag;      // "" = none named (the AI's own choice / the server's default)
  std::string name;     // "German"; "" = do not name a language in the instruction
  std::string address;  // "Sie"; "" = no form of address prescribed
};

// Sections whose field is empty are left out; the result never ends in blank lines.
std::string compose_agent_instruction(const crm::AgentProfile& profile,
                                      const LanguageChoice& language,
                                      const std::string& extra_instructions);

// Only the language sentence(s): what a call without a profile whose language is "auto" adds
// to its own prompt ("" when `language` names nothing).
std::string language_instruction(const LanguageChoice& language);

}  // namespace va::call
