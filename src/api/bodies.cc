// Request bodies: field by field, each failure a 400 that names the field.
#include "api/bodies.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "api/dialing_body.h"
#include "api/json_body.h"
#include "call/dtmf_info.h"
#include "call/transfer_targets.h"
#include "call/voicemail_action.h"
#include "crm/extraction_schema.h"
#include "crm/phone_number.h"
#include "dialer/lead_zone.h"

namespace va::api {
namespace {

constexpr std::size_t kShort = 200;
constexpr std::size_t kLong = 20000;

#define VA_TRY(var, expr) \
  auto var = (expr);      \
  if (!var) return var.error();

ApiError invalid(const char* field, const char* why) {
  return {422, "invalid_field", std::string("field '") + field + "' " + why};
}

template <class T>
void set_if(const std::optional<T>& v, T& out) {
  if (v) out = *v;
}

// An AI provider field ("provider" of a key, "agent.provider" of a call or campaign): "gemini"
// or "openai"; "" is the same as leaving it out (the server's default, as the web forms send
// it); anything else is a 400 naming the field.
ApiResult<std::optional<std::string>> opt_provider(const boost::json::object& o,
                                                   const char* name = "provider") {
  VA_TRY(value, opt_string(o, "provider", 16));
  if (*value && (*value)->empty()) return std::optional<std::string>();
  if (*value && **value != "gemini" && **value != "openai") {
    return bad_request("invalid_field",
                       std::string("field '") + name + "' must be \"gemini\" or \"openai\"");
  }
  return std::move(*value);
}

}  // namespace

bool valid_e164(std::string_view p) {
  if (p.size() < 3 || p.size() > 16 || p[0] != '+' || p[1] < '1' || p[1] > '9') return false;
  for (std::size_t i = 2; i < p.size(); ++i) {
    if (p[i] < '0' || p[i] > '9') return false;
  }
  return true;
}

bool valid_lead_status(std::string_view s) {
  return s == "new" || s == "contacted" || s == "qualified" || s == "lost" || s == "do_not_call";
}

bool valid_campaign_status(std::string_view s) {
  return s == "draft" || s == "active" || s == "paused" || s == "stopped" || s == "done";
}

ApiResult<LoginBody> parse_login(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(user, req_string(*o, "username", kShort));
  VA_TRY(pass, req_string(*o, "password", 1024));
  return LoginBody{std::move(*user), std::move(*pass)};
}

ApiResult<crm::NewUser> parse_new_user(std::string_view body) {
  VA_TRY(o, parse_object(body));
  crm::NewUser u;
  VA_TRY(name, req_string(*o, "username", kShort));
  VA_TRY(pass, req_string(*o, "password", 256));
  VA_TRY(role, req_string(*o, "role", kShort));
  VA_TRY(parent, opt_int(*o, "parent_id"));
  VA_TRY(display, opt_string(*o, "display_name", kShort));
  VA_TRY(email, opt_string(*o, "email", kShort));
  VA_TRY(max_calls, opt_int(*o, "max_concurrent_calls"));
  auto parsed_role = crm::parse_role(*role);
  if (!parsed_role) return invalid("role", "must be superadmin, admin or agent");
  if (!crm::valid_username(*name)) return invalid("username", "must be 3-32 of a-z 0-9 _ . -");
  if (pass->size() < 8) return invalid("password", "must have at least 8 characters");
  u.username = *name;
  u.password = *pass;
  u.role = *parsed_role;
  u.parent_id = parent->value_or(0);
  u.display_name = display->value_or("");
  u.email = email->value_or("");
  u.max_concurrent_calls = max_calls->value_or(crm::NewUser::kRoleDefault);
  if (*max_calls && (u.max_concurrent_calls < 0 || u.max_concurrent_calls > 1000)) {
    return invalid("max_concurrent_calls", "must be 0-1000");
  }
  return u;
}

ApiResult<UserPatch> parse_user_patch(std::string_view body,
                                      const std::vector<std::string>& lines) {
  VA_TRY(o, parse_object(body));
  VA_TRY(display, opt_string(*o, "display_name", kShort));
  VA_TRY(email, opt_string(*o, "email", kShort));
  VA_TRY(active, opt_bool(*o, "active"));
  VA_TRY(max_calls, opt_int(*o, "max_concurrent_calls"));
  if (*max_calls && (**max_calls < 0 || **max_calls > 1000)) {
    return invalid("max_concurrent_calls", "must be 0-1000");
  }
  VA_TRY(max_agents, opt_int(*o, "max_agents"));
  if (*max_agents && (**max_agents < 0 || **max_agents > 100000)) {
    return invalid("max_agents", "must be 0-100000 (0 = no limit)");
  }
  VA_TRY(minutes, opt_int(*o, "monthly_minutes"));
  if (*minutes && (**minutes < 0 || **minutes > 10000000)) {
    return invalid("monthly_minutes", "must be 0-10000000 (0 = no limit)");
  }
  UserPatch out{*display, *email, *active, *max_calls, std::nullopt, *max_agents, *minutes};
  if (const auto* x = o->if_contains("transfer_targets")) {
    auto targets = parse_transfer_targets(*x);
    if (!targets) return targets.error();
    out.transfer_targets = std::move(*targets);
  }
  if (const auto* x = o->if_contains("lines")) {
    if (x->is_null()) {
      out.lines = std::vector<std::string>{};
    } else {
      auto names = parse_line_names(*x, "lines", lines);
      if (!names) return names.error();
      out.lines = std::move(*names);
    }
  }
  return out;
}

ApiResult<PasswordBody> parse_password(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(pass, req_string(*o, "password", 256));
  VA_TRY(current, opt_string(*o, "current_password", 1024));
  if (pass->size() < 8) return invalid("password", "must have at least 8 characters");
  return PasswordBody{*pass, current->value_or("")};
}

ApiResult<KeyBody> parse_key(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(key, req_string(*o, "key", 512));
  VA_TRY(label, opt_string(*o, "label", kShort));
  if (key->size() < 8) return invalid("key", "is too short to be an API key");
  for (char c : *key) {
    if (c <= ' ' || c == 0x7f) return invalid("key", "must not contain spaces or control chars");
  }
  VA_TRY(provider, opt_provider(*o));
  return KeyBody{*key, label->value_or(""), provider->value_or("gemini")};
}

ApiResult<crm::Lead> parse_lead(std::string_view body, crm::Lead lead, bool create) {
  VA_TRY(o, parse_object(body));
  VA_TRY(name, opt_string(*o, "name", kShort));
  VA_TRY(phone, opt_string(*o, "phone", 32));
  VA_TRY(email, opt_string(*o, "email", kShort));
  VA_TRY(company, opt_string(*o, "company", kShort));
  VA_TRY(country, opt_string(*o, "country", 64));
  VA_TRY(notes, opt_string(*o, "notes", kLong));
  VA_TRY(status, opt_string(*o, "status", 32));
  VA_TRY(owner, opt_int(*o, "owner_id"));
  VA_TRY(timezone, opt_string(*o, "timezone", 64));
  if (*timezone && !(*timezone)->empty() && !dialer::find_zone(**timezone)) {
    return bad_request("invalid_field",
                       "field 'timezone' must be an IANA time zone such as Europe/Sofia");
  }
  if (create && (!*name || !*phone)) {
    return bad_request("missing_field", "fields 'name' and 'phone' are required");
  }
  if (*name && (*name)->empty()) return invalid("name", "must not be empty");
  if (*phone && !valid_e164(**phone)) return invalid("phone", "must be E.164, e.g. +4930123456");
  if (*status && !valid_lead_status(**status)) {
    return invalid("status", "must be new, contacted, qualified, lost or do_not_call");
  }
  set_if(*name, lead.name);
  set_if(*phone, lead.phone);
  set_if(*email, lead.email);
  set_if(*company, lead.company);
  set_if(*country, lead.country);
  set_if(*notes, lead.notes);
  set_if(*status, lead.status);
  set_if(*timezone, lead.timezone);
  if (create && *owner) lead.owner_id = **owner;
  return lead;
}

ApiResult<crm::Campaign> parse_campaign(std::string_view body, crm::Campaign c, bool create,
                                        const std::vector<std::string>& lines) {
  VA_TRY(o, parse_object(body));
  VA_TRY(name, opt_string(*o, "name", kShort));
  VA_TRY(status, opt_string(*o, "status", 32));
  VA_TRY(owner, opt_int(*o, "owner_id"));
  if (create && !*name) return bad_request("missing_field", "field 'name' is required");
  if (*name && (*name)->empty()) return invalid("name", "must not be empty");
  if (*status && !valid_campaign_status(**status)) {
    return invalid("status", "must be draft, active, paused, stopped or done");
  }
  if (const auto* dialing = o->if_contains("dialing"); dialing && !dialing->is_null()) {
    if (auto r = apply_dialing(*dialing, c.dialing, lines); !r) return r.error();
  }
  if (const auto* schema = o->if_contains("extraction_schema")) {
    // null clears it; otherwise the array is checked and stored in its canonical form.
    std::string why;
    auto fields = schema->is_null()
                      ? crm::parse_extraction_schema("")
                      : crm::parse_extraction_schema(boost::json::serialize(*schema), &why);
    if (!fields) return bad_request("invalid_field", why);
    c.extraction_schema = fields->empty() ? "" : crm::extraction_schema_json(*fields);
  }
  if (const auto* profile = o->if_contains("agent_profile_id")) {
    // null or 0 clears it; whether the actor may use the profile is the route's check.
    VA_TRY(id, opt_int(*o, "agent_profile_id"));
    if (*id && **id < 0) return invalid("agent_profile_id", "must be a profile id");
    c.agent_profile_id = profile->is_null() ? 0 : id->value_or(0);
  }
  if (const auto* x = o->if_contains("transfer_targets")) {
    auto targets = parse_transfer_targets(*x);
    if (!targets) return targets.error();
    c.transfer_targets = std::move(*targets);
  }
  VA_TRY(vm_action, opt_string(*o, "voicemail_action", 32));
  if (*vm_action && !call::valid_voicemail_action(**vm_action)) {
    return bad_request("invalid_field",
                       "field 'voicemail_action' must be \"\" (the server's "
                       "ai.voicemail_action), off, hangup or message");
  }
  VA_TRY(vm_message, opt_string(*o, "voicemail_message", 64 * 1024));
  if (*vm_message && (*vm_message)->size() > call::kMaxVoicemailMessage) {
    return bad_request("invalid_field", "field 'voicemail_message' must be at most " +
                                            std::to_string(call::kMaxVoicemailMessage) +
                                            " characters (about a minute of speech)");
  }
  set_if(*vm_action, c.voicemail_action);
  set_if(*vm_message, c.voicemail_message);
  set_if(*name, c.name);
  set_if(*status, c.status);
  if (create && *owner) c.owner_id = **owner;
  if (const auto* agent = o->if_contains("agent"); agent && !agent->is_null()) {
    if (!agent->is_object()) return bad_request("invalid_field", "field 'agent' must be an object");
    const auto& a = agent->get_object();
    VA_TRY(prompt, opt_string(a, "system_prompt", kLong));
    VA_TRY(voice, opt_string(a, "voice", 64));
    VA_TRY(language, opt_string(a, "language", 32));
    VA_TRY(greeting, opt_string(a, "greeting", 2000));
    set_if(*prompt, c.agent.system_prompt);
    set_if(*voice, c.agent.voice);
    set_if(*language, c.agent.language);
    set_if(*greeting, c.agent.greeting);
    VA_TRY(provider, opt_provider(a, "agent.provider"));
    set_if(*provider, c.agent.provider);
  }
  return c;
}

ApiResult<std::vector<crm::Id>> parse_lead_ids(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(ids, opt_int_array(*o, "lead_ids", 100000));
  if (!*ids) return bad_request("missing_field", "field 'lead_ids' is required");
  return std::move(**ids);
}

ApiResult<CallBody> parse_call(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(to, req_string(*o, "to", 256));
  VA_TRY(lead, opt_int(*o, "lead_id"));
  VA_TRY(campaign, opt_int(*o, "campaign_id"));
  VA_TRY(profile, opt_int(*o, "agent_profile_id"));
  if (*profile && **profile < 0) return invalid("agent_profile_id", "must be a profile id");
  CallBody out{*to, lead->value_or(0), campaign->value_or(0), std::nullopt, profile->value_or(0)};
  // National numbers ("0171 2345678") are what a GSM gateway dials; the call layer checks
  // the number itself and whether a sip: URI is allowed.
  const bool dialable = !out.to.empty() &&
                        out.to.find_first_not_of("0123456789+*#()-. ") == std::string::npos &&
                        out.to.find_first_of("0123456789") != std::string::npos;
  if (!dialable && out.to.rfind("sip:", 0) != 0 && out.to.rfind("sips:", 0) != 0) {
    return invalid("to", "must be a phone number (E.164 or as the trunk dials it) or a sip: URI");
  }
  if (const auto* agent = o->if_contains("agent"); agent && !agent->is_null()) {
    if (!agent->is_object()) return bad_request("invalid_field", "field 'agent' must be an object");
    const auto& a = agent->get_object();
    VA_TRY(prompt, opt_string(a, "system_prompt", kLong));
    VA_TRY(voice, opt_string(a, "voice", 64));
    VA_TRY(language, opt_string(a, "language", 32));
    VA_TRY(greeting, opt_string(a, "greeting", 2000));
    VA_TRY(provider, opt_provider(a, "agent.provider"));
    out.agent = crm::AgentConfig{prompt->value_or(""), voice->value_or(""), language->value_or(""),
                                 greeting->value_or(""), provider->value_or("")};
  }
  return out;
}

ApiResult<crm::AgentConfig> parse_greeting_preview(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(greeting, req_string(*o, "greeting", 2000));
  VA_TRY(voice, opt_string(*o, "voice", 64));
  VA_TRY(language, opt_string(*o, "language", 32));
  if (greeting->find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid("greeting", "must not be empty");
  }
  return crm::AgentConfig{"", voice->value_or(""), language->value_or(""), *greeting};
}

ApiResult<std::string> parse_sms(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(text, req_string(*o, "text", 100000));
  if (auto error = call::sms_text_error(*text); !error.empty())
    return ApiError{400, "invalid_field", "field 'text' " + error};
  return std::move(*text);
}

ApiResult<TransferBody> parse_transfer(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(to, req_string(*o, "to", 1024));
  VA_TRY(mode, opt_string(*o, "mode", 32));
  VA_TRY(reason, opt_string(*o, "reason", 300));
  std::string why;
  auto target = call::normalize_transfer_target(*to, &why);
  if (!target) return ApiError{400, "invalid_field", "field 'to' " + why};
  TransferBody out{std::move(*target), mode->value_or("blind"), reason->value_or("")};
  if (out.mode != "blind" && out.mode != "warm")
    return ApiError{400, "invalid_field", "field 'mode' must be blind or warm"};
  return out;
}

ApiResult<std::vector<std::string>> parse_transfer_targets(const boost::json::value& v) {
  if (v.is_null()) return std::vector<std::string>{};
  if (!v.is_array())
    return ApiError{400, "invalid_field", "field 'transfer_targets' must be an array of strings"};
  const auto& items = v.get_array();
  if (items.size() > call::kMaxTransferTargets) {
    return ApiError{400, "invalid_field",
                    "field 'transfer_targets' must have at most " +
                        std::to_string(call::kMaxTransferTargets) + " entries"};
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string field = "field 'transfer_targets[" + std::to_string(i) + "]' ";
    if (!items[i].is_string()) return ApiError{400, "invalid_field", field + "must be a string"};
    std::string why;
    const auto& text = items[i].get_string();
    auto t = call::normalize_transfer_target(std::string_view(text.data(), text.size()), &why);
    if (!t) return ApiError{400, "invalid_field", field + why};
    if (std::find(out.begin(), out.end(), *t) == out.end()) out.push_back(std::move(*t));
  }
  return out;
}

ApiResult<crm::InboundRoute> parse_inbound_route(std::string_view body) {
  VA_TRY(o, parse_object(body));
  VA_TRY(number, opt_string(*o, "number", 64));
  VA_TRY(owner, opt_int(*o, "owner_id"));
  VA_TRY(campaign, opt_int(*o, "campaign_id"));
  if (!*number) return bad_request("missing_field", "field 'number' is required");
  auto normalized = crm::normalize_number(**number);
  if (!normalized) {
    return invalid("number",
                   "must be a phone number: digits, a leading +, * and # (e.g. +4930123456)");
  }
  if (owner->value_or(0) < 0) return invalid("owner_id", "must be a user id");
  if (campaign->value_or(0) < 0) return invalid("campaign_id", "must be a campaign id");
  return crm::InboundRoute{*normalized, owner->value_or(0), campaign->value_or(0), 0};
}

}  // namespace va::api
