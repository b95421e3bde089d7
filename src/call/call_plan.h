// CallPlan: everything a call needs decided before it goes to its shard: its record, its
// owner's key, its agent (prompt, voice, language, greeting) and where it dials. Planning
// blocks on the database and on greeting rendering, so it runs on the DB pool, never on a
// shard (DESIGN.md: the media path never waits on the DB or the disk).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ai/ai_session.h"
#include "ai/greeting_cache.h"
#include "call/call_settings.h"
#include "call/provider_failover.h"
#include "core/result.h"
#include "crm/entities.h"
#include "crm/key_pool.h"
#include "crm/store.h"

namespace va::call {

struct OutboundRequest {
  crm::User owner;
  std::string to;  // a number (through the trunk) or, where allowed, a sip: URI
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
  std::optional<crm::AgentConfig> agent;
  // The agent profile to speak as (already checked to be the owner's to use); 0 = the
  // campaign's, if any.
  crm::Id agent_profile_id = 0;
};

struct CallPlan {
  crm::Call record;  // already in the store (id set)
  crm::User owner;
  crm::AgentConfig agent;        // with defaults filled in; system_prompt as composed
  crm::Id agent_profile_id = 0;  // the profile it speaks as (0 = none)
  ai::AiSessionConfig ai;        // the owner's key, or the simulator's
  std::string key_fingerprint;
  bool simulated_ai = false;
  std::shared_ptr<const ai::Greeting> greeting;  // null when rendering failed (logged)
  std::error_code greeting_error;                // why, when it failed
  std::string recording_path;                    // empty = not recorded
  std::string request_uri;                       // outbound: what we dial
  // The other provider's session under the owner's key of it (provider_failover.h rule 2);
  // nullopt when ai.failover is off or the owner has no way to that provider. The prompt the
  // caller hears while the call switches (ai.failover_message), rendered as the greeting is.
  std::optional<FailoverTarget> failover;
  std::shared_ptr<const ai::Greeting> failover_prompt;
  // Where the call may be transferred: the owner's targets plus its campaign's, normalized
  // (call/transfer_targets.h rule 2); empty = nowhere.
  std::vector<std::string> transfer_targets;
};

// What the AI's system instruction adds about a greeting that was played ("" for none).
std::string greeting_note(const std::string& greeting);

// Whether a call of `owner_id` would get an AI: their key (KeyPool::resolve), else a default
// key, else a simulator (Errc::NoKey otherwise). The planner's check_ai; also `voiceagent
// campaigns start`, which runs no simulator but knows the server starts one (ai.simulator).
std::error_code ai_available(crm::KeyPool& keys, crm::Id owner_id, bool default_key,
                             bool simulator);

class CallPlanner {
 public:
  // `simulator_url`: the embedded simulator's ws:// URL, or empty when none runs.
  CallPlanner(crm::Store& store, crm::KeyPool& keys, ai::GreetingCache& greetings,
              const CallSettings& settings, std::string simulator_url);

  // Errc::InvalidTarget / NoTrunk / NoKey, or a store error. Creates the call record.
  core::Result<CallPlan> plan_outbound(const OutboundRequest& request);
  // The greeting exactly as a call of `owner` with `agent` would play it (same defaults, key
  // and renderer), for a listen preview. Blocking like the plans.
  core::Result<std::shared_ptr<const ai::Greeting>> preview_greeting(const crm::User& owner,
                                                                     const crm::AgentConfig& agent);
  // Whether a call of `owner` would get an AI: their key, the default key or the simulator
  // (Errc::NoKey otherwise). The campaign dialer's start check.
  std::error_code check_ai(const crm::User& owner);
  // An INVITE to `number` routed to `route`'s owner; creates the record (status ringing).
  core::Result<CallPlan> plan_inbound(const crm::InboundRoute& route, const std::string& from,
                                      const std::string& number, const std::string& sip_call_id);

 private:
  // `callee`: the other party's number (outbound: the dialled one; inbound: the caller's),
  // for a language "auto".
  core::Result<void> fill_agent_and_ai(CallPlan& plan, crm::Id campaign_id,
                                       const std::optional<crm::AgentConfig>& agent,
                                       crm::Id agent_profile_id = 0,
                                       const std::string& callee = {});
  // The profile's and the request's fields merged, the instruction composed (fills plan.agent).
  core::Result<void> choose_agent(CallPlan& plan, crm::Id campaign_id,
                                  const std::optional<crm::AgentConfig>& agent,
                                  crm::Id agent_profile_id, const std::string& callee);

  // The key of `provider` for a call of `owner_id` into `ai` (url, api_key): the owner's, else
  // the default key (Gemini only), else the simulator (ai.simulator = auto). Errc::NoKey.
  struct KeyChoice {
    std::string fingerprint;
    bool simulated = false;
  };
  core::Result<KeyChoice> choose_key(crm::Id owner_id, const std::string& provider,
                                     ai::AiSessionConfig& ai);
  // provider_failover.h rule 2: the other provider's session for `plan`, and its prompt.
  void plan_failover(CallPlan& plan);

  // Notes on the new call record which profile it speaks as (the analysis reads it).
  core::Result<void> record_profile(const CallPlan& plan);

  crm::Store& store_;
  crm::KeyPool& keys_;
  ai::GreetingCache& greetings_;
  const CallSettings& settings_;
  std::string simulator_url_;
};

}  // namespace va::call
