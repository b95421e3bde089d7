// Agent profile request bodies and views: POST /api/agent-profiles {"name", "company"?,
// "objective"?, "offer"?, "objections"?, "voice"?, "language"?, "greeting"?,
// "extraction_schema"?, "provider"?} and PATCH (any of them). Every bad field is a 400 that
// names it; an unknown field is a 400 too (a typo must not be silently dropped).
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "api/api_error.h"
#include "crm/agent_profile.h"

namespace va::api {

// Applies the body onto `p` (create: name required).
ApiResult<crm::AgentProfile> parse_agent_profile(std::string_view body, crm::AgentProfile p,
                                                 bool create);

// "", "auto" or a BCP-47 language tag ("de", "de-DE", "cmn-CN"): letters, digits, hyphens.
bool valid_profile_language(std::string_view tag);

boost::json::value agent_profile_view(const crm::AgentProfile& p);

}  // namespace va::api
