// Fuzz target: POST/PATCH /api/agent-profiles bodies, and the same bytes as a callee's number
// for language "auto". Nothing may crash or throw; a rejected body is a 400 with a message;
// an accepted profile has a non-blank name, a valid language and a known provider, and the
// instruction composed from it holds its name.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/agent_profile_body.h"
#include "call/agent_instruction.h"
#include "call/spoken_language.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto l = va::call::language_for_number(text); l && (l->tag.empty() || l->name.empty())) {
    std::abort();
  }
  va::crm::AgentProfile base;
  base.name = "Anna";
  for (bool create : {true, false}) {
    auto p = va::api::parse_agent_profile(text, base, create);
    if (!p) {
      if (p.error().status != 400 || p.error().message.empty()) std::abort();
      continue;
    }
    if (p->name.find_first_not_of(" \t\r\n") == std::string::npos) std::abort();
    if (!va::api::valid_profile_language(p->language)) std::abort();
    if (!p->provider.empty() && p->provider != "gemini" && p->provider != "openai") std::abort();
    const auto instruction = va::call::compose_agent_instruction(*p, {}, "");
    if (instruction.find(p->name) == std::string::npos) std::abort();
  }
  return 0;
}
