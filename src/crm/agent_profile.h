// Agent profiles (issue 14): a reusable AI persona an admin defines once and its campaigns
// and calls pick by id, instead of writing a free-text prompt each time. The call layer
// composes the AI's system instruction from these fields (call/agent_instruction.h).
#pragma once

#include <cstdint>
#include <string>

#include "crm/entities.h"

namespace va::crm {

// The language that means "from the callee's phone number" (call/spoken_language.h).
inline constexpr const char* kAutoLanguage = "auto";

struct AgentProfile {
  Id id = 0;
  Id owner_id = 0;  // an admin or the superadmin; the admin's agents may use it
  std::string name;
  std::string company;     // who the agent calls for
  std::string objective;   // what the call is meant to achieve
  std::string offer;       // the benefits and the offer to mention
  std::string objections;  // how to handle objections
  std::string voice;       // "" = the call's / the server's default
  std::string language;    // BCP-47 tag ("de-DE"), "auto" or "" (the default)
  std::string greeting;    // "" = the call's / the server's default
  // Fields the post-call analysis extracts, as crm/extraction_schema.h stores them ("" = none).
  std::string extraction_schema;
  std::string provider;  // "" = the server's default AI provider (kept for later use)
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

}  // namespace va::crm
