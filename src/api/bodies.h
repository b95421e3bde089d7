// Request bodies of the REST API, parsed and validated before anything is stored:
// a body either yields a complete value or a 400/422 naming the bad field.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "api/api_error.h"
#include "api/call_control.h"
#include "crm/accounts.h"
#include "crm/entities.h"

namespace va::api {

struct LoginBody {
  std::string username;
  std::string password;
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> email;
  std::optional<bool> active;
  std::optional<std::int64_t> max_concurrent_calls;
  std::optional<std::vector<std::string>> lines;  // null or [] = any line
  std::optional<std::int64_t> max_agents;         // admin limits (superadmin only)
  std::optional<std::int64_t> monthly_minutes;
  // null or [] = no transfers; entries normalized (call/transfer_targets.h)
  std::optional<std::vector<std::string>> transfer_targets;
};

// POST /api/calls/{id}/transfer {"to", "mode"?: "blind"|"warm", "reason"?}: shape only (400 naming
// the field); the call checks `to` against its allowed targets.
struct TransferBody {
  std::string to;
  std::string mode = "blind";
  std::string reason;  // optional: why (a warm transfer's briefing says it)
};
ApiResult<TransferBody> parse_transfer(std::string_view body);
// "transfer_targets" of PATCH users / POST, PATCH campaigns: null clears; else an array of
// numbers or sip: URIs, normalized (400 naming transfer_targets[i] when one is bad).
ApiResult<std::vector<std::string>> parse_transfer_targets(const boost::json::value& v);

struct PasswordBody {
  std::string password;
  std::string current_password;
};

struct KeyBody {
  std::string key;
  std::string label;
  std::string provider = "gemini";  // gemini | openai
};

struct CallBody {
  std::string to;
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
  std::optional<crm::AgentConfig> agent;
  crm::Id agent_profile_id = 0;  // 0 = none (the campaign's, if any)
};

bool valid_e164(std::string_view phone);  // +[1-9] then 1..14 digits
bool valid_lead_status(std::string_view s);
bool valid_campaign_status(std::string_view s);

ApiResult<LoginBody> parse_login(std::string_view body);
ApiResult<crm::NewUser> parse_new_user(std::string_view body);
// `lines`: the trunk's line names a user's lines may name.
ApiResult<UserPatch> parse_user_patch(std::string_view body,
                                      const std::vector<std::string>& lines = {});
ApiResult<PasswordBody> parse_password(std::string_view body);
ApiResult<KeyBody> parse_key(std::string_view body);
// Applies the body onto `lead` (create: all required fields; patch: only those present).
ApiResult<crm::Lead> parse_lead(std::string_view body, crm::Lead lead, bool create);
// `lines`: the trunk's line names a campaign's dialing.lines may name.
ApiResult<crm::Campaign> parse_campaign(std::string_view body, crm::Campaign c, bool create,
                                        const std::vector<std::string>& lines = {});
ApiResult<std::vector<crm::Id>> parse_lead_ids(std::string_view body);
ApiResult<CallBody> parse_call(std::string_view body);
// {"greeting" (required, non-blank), "voice"?, "language"?}: a greeting to render.
ApiResult<crm::AgentConfig> parse_greeting_preview(std::string_view body);
// POST /api/calls/{id}/sms {"text"}: 400 naming the field when empty, too long or not UTF-8.
ApiResult<std::string> parse_sms(std::string_view body);
// {"number", "owner_id"?, "campaign_id"?}; the number in crm::normalize_number's form.
ApiResult<crm::InboundRoute> parse_inbound_route(std::string_view body);

}  // namespace va::api
