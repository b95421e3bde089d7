// CallPlanner: the decisions made once per call, in the order a call centre would check them.
#include "call/call_plan.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "call/errc.h"
#include "core/key_fingerprint.h"
#include "crm/errc.h"
#include "sip/request_builder.h"
#include "sip/uac_errc.h"

namespace va::call {
namespace {

std::string or_default(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

}  // namespace

// The greeting is played from our own rendering before the AI says anything, so the model
// must be told it was said, or it greets the caller a second time.
std::string greeting_note(const std::string& greeting) {
  if (greeting.empty()) return {};
  return "\n\nThe call has already begun: the caller has just heard you say \"" + greeting +
         "\". Do not greet them again; continue the conversation from there.";
}

CallPlanner::CallPlanner(crm::Store& store, crm::KeyPool& keys, ai::GreetingCache& greetings,
                         const CallSettings& settings, std::string simulator_url)
    : store_(store),
      keys_(keys),
      greetings_(greetings),
      settings_(settings),
      simulator_url_(std::move(simulator_url)) {}

core::Result<void> CallPlanner::fill_agent_and_ai(CallPlan& plan, crm::Id campaign_id,
                                                  const std::optional<crm::AgentConfig>& agent) {
  crm::AgentConfig chosen;
  plan.transfer_targets = plan.owner.transfer_targets;
  if (campaign_id != 0) {
    auto campaign = store_.get_campaign(campaign_id);
    // The campaign's agent is needed only without an explicit one; its targets are a bonus.
    if (!campaign && !agent) return campaign.error();
    if (campaign && !agent) chosen = campaign->agent;
    if (campaign)
      for (const auto& t : campaign->transfer_targets) {
        if (std::find(plan.transfer_targets.begin(), plan.transfer_targets.end(), t) ==
            plan.transfer_targets.end())
          plan.transfer_targets.push_back(t);
      }
  }
  if (agent) chosen = *agent;
  chosen.system_prompt = or_default(chosen.system_prompt, settings_.default_system_prompt);
  chosen.voice = or_default(chosen.voice, settings_.ai_voice);
  chosen.language = or_default(chosen.language, settings_.ai_language);
  chosen.greeting = or_default(chosen.greeting, settings_.default_greeting);
  plan.agent = chosen;

  auto& ai = plan.ai;
  ai.url = settings_.ai_url;
  ai.model = settings_.ai_model;
  ai.voice = chosen.voice;
  ai.language = chosen.language;
  ai.system_instruction = chosen.system_prompt;
  if (!plan.transfer_targets.empty() || !settings_.transfer_allow.empty()) {
    // The model can only pick a target it was told about (transfer_targets.h rule 3).
    std::string list;
    for (const auto& t : plan.transfer_targets)
      list += (list.empty() ? "" : ", ") + t;
    for (const auto& p : settings_.transfer_allow)
      list += (list.empty() ? "" : ", ") + p + "...";
    ai.system_instruction +=
        "\n\nYou may transfer the caller to a person with transfer_call; "
        "allowed targets (... = any number or address starting so): " +
        list + ".";
  }
  auto key = keys_.resolve(plan.owner.id);
  if (key) {
    ai.api_key = key->key;
    plan.key_fingerprint = key->fingerprint;
  } else if (key.error() != crm::Errc::NoKey) {
    return key.error();
  } else if (!settings_.default_key.empty()) {
    ai.api_key = settings_.default_key;
    plan.key_fingerprint = core::key_fingerprint(settings_.default_key);
  } else if (settings_.simulator_fallback && !simulator_url_.empty()) {
    ai.url = simulator_url_;
    ai.api_key = "simulator";
    plan.key_fingerprint = core::key_fingerprint(ai.api_key);
    plan.simulated_ai = true;
  } else {
    return Errc::NoKey;
  }

  // The greeting is rendered here, before the call, so its first packet can leave on answer.
  // Gemini TTS renders it under the owner's key; the simulator's users get espeak-ng.
  const ai::GreetingKey greeting_key{chosen.greeting, chosen.voice, chosen.language};
  auto greeting =
      plan.simulated_ai ? greetings_.get(greeting_key) : greetings_.get(greeting_key, ai.api_key);
  if (greeting) {
    plan.greeting = *greeting;
    ai.system_instruction += greeting_note(chosen.greeting);
  } else {
    plan.greeting_error = greeting.error();
    spdlog::warn("greeting not rendered ({}): the call starts without it",
                 greeting.error().message());
  }
  return {};
}

core::Result<std::shared_ptr<const ai::Greeting>> CallPlanner::preview_greeting(
    const crm::User& owner, const crm::AgentConfig& agent) {
  CallPlan plan;
  plan.owner = owner;
  if (auto r = fill_agent_and_ai(plan, 0, agent); !r) return r.error();
  if (!plan.greeting) return plan.greeting_error;
  return plan.greeting;
}

core::Result<CallPlan> CallPlanner::plan_outbound(const OutboundRequest& request) {
  CallPlan plan;
  plan.owner = request.owner;
  auto target = sip::dial_uri(request.to, settings_.trunk_uri, settings_.allow_direct_uri);
  if (!target) {
    const auto e = target.error();
    return e == sip::UacErrc::NoTrunk || e == sip::UacErrc::BadTrunkUri ? Errc::NoTrunk
                                                                        : Errc::InvalidTarget;
  }
  plan.request_uri = target->to_string();
  if (auto r = fill_agent_and_ai(plan, request.campaign_id, request.agent); !r) return r.error();

  auto& rec = plan.record;
  rec.owner_id = request.owner.id;
  rec.direction = "outbound";
  rec.lead_id = request.lead_id;
  rec.campaign_id = request.campaign_id;
  rec.to = request.to;
  rec.key_fingerprint = plan.key_fingerprint;
  rec.status = crm::CallStatus::Dialing;
  rec.node = settings_.node_name;
  auto id = store_.create_call(rec);
  if (!id) return id.error();
  rec.id = *id;
  if (settings_.record) {
    plan.recording_path =
        (std::filesystem::path(settings_.recordings_dir) / (std::to_string(*id) + ".wav")).string();
  }
  return plan;
}

core::Result<CallPlan> CallPlanner::plan_inbound(const crm::InboundRoute& route,
                                                 const std::string& from, const std::string& number,
                                                 const std::string& sip_call_id) {
  CallPlan plan;
  auto owner = store_.get_user(route.owner_id);
  if (!owner) return owner.error();
  if (!owner->active) return crm::Errc::Forbidden;
  plan.owner = *owner;
  if (auto r = fill_agent_and_ai(plan, route.campaign_id, std::nullopt); !r) return r.error();
  auto& rec = plan.record;
  rec.owner_id = owner->id;
  rec.direction = "inbound";
  rec.campaign_id = route.campaign_id;
  rec.from = from;
  rec.to = number;
  rec.sip_call_id = sip_call_id;
  rec.key_fingerprint = plan.key_fingerprint;
  rec.status = crm::CallStatus::Ringing;
  rec.node = settings_.node_name;
  auto id = store_.create_call(rec);
  if (!id) return id.error();
  rec.id = *id;
  if (settings_.record) {
    plan.recording_path =
        (std::filesystem::path(settings_.recordings_dir) / (std::to_string(*id) + ".wav")).string();
  }
  return plan;
}

std::error_code ai_available(crm::KeyPool& keys, crm::Id owner_id, bool default_key,
                             bool simulator) {
  auto key = keys.resolve(owner_id);
  if (key) return {};
  if (key.error() != crm::Errc::NoKey) return key.error();
  if (default_key || simulator) return {};
  return Errc::NoKey;
}

std::error_code CallPlanner::check_ai(const crm::User& owner) {
  return ai_available(keys_, owner.id, !settings_.default_key.empty(),
                      settings_.simulator_fallback && !simulator_url_.empty());
}

}  // namespace va::call
