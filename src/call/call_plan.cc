// CallPlanner: the decisions made once per call, in the order a call centre would check them.
#include "call/call_plan.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "ai/openai/realtime_session.h"
#include "call/agent_instruction.h"
#include "call/errc.h"
#include "call/spoken_language.h"
#include "core/key_fingerprint.h"
#include "crm/errc.h"
#include "sip/request_builder.h"
#include "sip/uac_errc.h"

namespace va::call {
namespace {

std::string or_default(const std::string& value, const std::string& fallback) {
  return value.empty() ? fallback : value;
}

// The simulator serves both protocols on one port; the path selects (src/sim/README.md).
std::string openai_simulator_url(const std::string& live_url) {
  const auto host = live_url.find("://");
  if (host == std::string::npos) return {};
  const auto path = live_url.find('/', host + 3);
  return live_url.substr(0, path) + std::string(ai::openai::kRealtimePath);
}

// The failover message without the renderer's lead-in and tail silence: while it plays, the
// caller waits for the new AI, so every silent frame lengthens the switch.
std::shared_ptr<const ai::Greeting> without_silence(const std::shared_ptr<const ai::Greeting>& g) {
  constexpr int kQuiet = 300;  // about -40 dBFS
  const auto audible = [](const auto& frame) {
    return std::any_of(frame.begin(), frame.end(),
                       [](std::int16_t s) { return s > kQuiet || s < -kQuiet; });
  };
  const auto first = std::find_if(g->frames.begin(), g->frames.end(), audible);
  const auto last = std::find_if(g->frames.rbegin(), g->frames.rend(), audible).base();
  if (first >= last) return g;
  auto out = std::make_shared<ai::Greeting>(*g);
  out->frames.assign(first, last);
  return out;
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

core::Result<void> CallPlanner::choose_agent(CallPlan& plan, crm::Id campaign_id,
                                             const std::optional<crm::AgentConfig>& agent,
                                             crm::Id agent_profile_id, const std::string& callee) {
  crm::AgentConfig chosen;
  plan.transfer_targets = plan.owner.transfer_targets;
  std::optional<crm::Campaign> campaign;
  if (campaign_id != 0) {
    // The campaign's agent is needed only without an explicit one; its profile and transfer
    // targets count either way.
    auto found = store_.get_campaign(campaign_id);
    if (found) {
      campaign = std::move(*found);
    } else if (!agent) {
      return found.error();
    }
  }
  if (campaign) {
    for (const auto& t : campaign->transfer_targets) {
      if (std::find(plan.transfer_targets.begin(), plan.transfer_targets.end(), t) ==
          plan.transfer_targets.end())
        plan.transfer_targets.push_back(t);
    }
  }
  const bool own_action = campaign && !campaign->voicemail_action.empty();
  plan.voicemail_action = own_action ? campaign->voicemail_action : settings_.voicemail_action;
  plan.voicemail_text = campaign && !campaign->voicemail_message.empty()
                            ? campaign->voicemail_message
                            : settings_.voicemail_message;
  if (agent) {
    chosen = *agent;
  } else if (campaign) {
    chosen = campaign->agent;
  }
  // The request's profile, else the campaign's. The call's or campaign's own voice,
  // language and greeting win over the profile's; its own prompt is appended to the profile's.
  if (agent_profile_id == 0 && campaign) agent_profile_id = campaign->agent_profile_id;
  std::optional<crm::AgentProfile> profile;
  if (agent_profile_id != 0) {
    auto found = store_.get_agent_profile(agent_profile_id);
    if (!found) return found.error();
    profile = std::move(*found);
    chosen.voice = or_default(chosen.voice, profile->voice);
    chosen.language = or_default(chosen.language, profile->language);
    chosen.greeting = or_default(chosen.greeting, profile->greeting);
    chosen.provider = or_default(chosen.provider, profile->provider);
  }
  LanguageChoice language;
  if (chosen.language == crm::kAutoLanguage) {
    if (auto spoken = language_for_number(callee)) {
      language = {spoken->tag, spoken->name, spoken->address};
    } else {
      spdlog::info("language auto: no country for the number; the default {} is used",
                   settings_.ai_language.empty() ? "(none)" : settings_.ai_language);
    }
    chosen.language = language.tag;
  }
  if (profile) {
    chosen.system_prompt = compose_agent_instruction(*profile, language, chosen.system_prompt);
  } else {
    chosen.system_prompt = or_default(chosen.system_prompt, settings_.default_system_prompt);
    if (auto note = language_instruction(language); !note.empty()) {
      chosen.system_prompt += "\n\n" + note;
    }
  }
  chosen.voice = or_default(chosen.voice, settings_.ai_voice);
  chosen.language = or_default(chosen.language, settings_.ai_language);
  chosen.greeting = or_default(chosen.greeting, settings_.default_greeting);
  chosen.provider = or_default(chosen.provider, settings_.provider);
  const bool openai = chosen.provider == "openai";
  // A voice is a provider's own: the Gemini default voice means nothing to OpenAI. A voice
  // named by the request, or by a profile made for OpenAI, stays.
  const bool voice_named = (agent && !agent->voice.empty()) ||
                           (profile && !profile->voice.empty() && profile->provider == "openai");
  if (openai && !voice_named) chosen.voice = settings_.openai_voice;
  plan.agent = chosen;
  plan.agent_profile_id = agent_profile_id;
  return {};
}

core::Result<void> CallPlanner::fill_agent_and_ai(CallPlan& plan, crm::Id campaign_id,
                                                  const std::optional<crm::AgentConfig>& agent,
                                                  crm::Id agent_profile_id,
                                                  const std::string& callee) {
  if (auto r = choose_agent(plan, campaign_id, agent, agent_profile_id, callee); !r) return r;
  const auto& chosen = plan.agent;

  const bool openai = chosen.provider == "openai";
  auto& ai = plan.ai;
  ai.provider = chosen.provider;
  ai.url = openai ? settings_.openai_url : settings_.ai_url;
  ai.tls_ca_file = settings_.ai_tls_ca_file;
  ai.model = openai ? settings_.openai_model : settings_.ai_model;
  ai.voice = chosen.voice;
  ai.language = chosen.language;
  ai.send_language_code = settings_.ai_send_language_code;
  ai.system_instruction = chosen.system_prompt;
  // The top of DESIGN.md's 20-40 ms: half the uplink messages (base64, JSON, WebSocket frame,
  // TCP write) of 20 ms, for 20 ms more before the model hears a frame; barge-in is the model's
  // own detection, and the 20 ms is small beside its VAD's silence window.
  ai.chunk = std::chrono::milliseconds(40);
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
  auto key = choose_key(plan.owner.id, chosen.provider, ai);
  if (!key) return key.error();
  plan.key_fingerprint = key->fingerprint;
  plan.simulated_ai = key->simulated;

  // The greeting is rendered here, before the call, so its first packet can leave on answer.
  // Gemini TTS renders it under the owner's key; the simulator's users and OpenAI calls (no
  // Gemini key to render with) get espeak-ng.
  const ai::GreetingKey greeting_key{chosen.greeting, chosen.voice, chosen.language};
  auto greeting = plan.simulated_ai || openai ? greetings_.get(greeting_key)
                                              : greetings_.get(greeting_key, ai.api_key);
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

core::Result<CallPlanner::KeyChoice> CallPlanner::choose_key(crm::Id owner_id,
                                                             const std::string& provider,
                                                             ai::AiSessionConfig& ai) {
  const bool openai = provider == "openai";
  auto key = keys_.resolve(owner_id, provider);
  if (key) {
    ai.api_key = key->key;
    return KeyChoice{key->fingerprint, false};
  }
  if (key.error() != crm::Errc::NoKey) return key.error();
  if (!openai && !settings_.default_key.empty()) {  // ai.default_key is a Gemini key
    ai.api_key = settings_.default_key;
    return KeyChoice{core::key_fingerprint(settings_.default_key), false};
  }
  if (settings_.simulator_fallback && !simulator_url_.empty()) {
    ai.url = openai ? openai_simulator_url(simulator_url_) : simulator_url_;
    ai.api_key = "simulator";
    return KeyChoice{core::key_fingerprint(ai.api_key), true};
  }
  return Errc::NoKey;
}

// The second session is decided here, on the DB pool, with the first: the call's shard never
// waits for a key or a rendering when its first provider fails.
void CallPlanner::plan_failover(CallPlan& plan) {
  if (!settings_.failover) return;
  const bool to_openai = plan.ai.provider != "openai";
  FailoverTarget target;
  target.ai = plan.ai;  // the prompt, tools, language and the greeting note carry over
  target.ai.provider = to_openai ? "openai" : "gemini";
  target.ai.url = to_openai ? settings_.openai_url : settings_.ai_url;
  target.ai.model = to_openai ? settings_.openai_model : settings_.ai_model;
  // A voice is a provider's own (choose_agent): the other provider's default voice.
  target.ai.voice = to_openai ? settings_.openai_voice : settings_.ai_voice;
  auto key = choose_key(plan.owner.id, target.ai.provider, target.ai);
  if (!key) {
    spdlog::info("failover: no {} session for owner {} ({}): the call has no failover",
                 target.ai.provider, plan.owner.id, key.error().message());
    return;
  }
  target.key_fingerprint = key->fingerprint;
  target.simulated = key->simulated;
  plan.failover = std::move(target);
  // espeak-ng, as the offline greetings are: rendered once per process (cached by its words,
  // voice and language), never a TTS request under the owner's key per call, and no failure
  // when the key that fails is the one TTS would use.
  auto prompt = greetings_.get(
      ai::GreetingKey{settings_.failover_message, plan.agent.voice, plan.agent.language});
  if (prompt) {
    plan.failover_prompt = without_silence(*prompt);
  } else {
    spdlog::warn("failover message not rendered ({}): a switch is silent",
                 prompt.error().message());
  }
}

void CallPlanner::render_voicemail_message(CallPlan& plan) {
  if (plan.voicemail_action != "message" || plan.voicemail_text.empty()) return;
  auto message = render_like_greeting(plan, plan.voicemail_text);
  if (message) {
    plan.voicemail_message = *message;
  } else {
    spdlog::warn("voicemail message not rendered ({}): a voicemail is hung up without it",
                 message.error().message());
  }
}

// In the call's voice, with the owner's Gemini key when the call speaks Gemini under it (TTS
// bills that key), else the server's rendering (espeak-ng or the default key).
core::Result<std::shared_ptr<const ai::Greeting>> CallPlanner::render_like_greeting(
    const CallPlan& plan, const std::string& text) {
  const ai::GreetingKey key{text, plan.agent.voice, plan.agent.language};
  const bool own_key = !plan.simulated_ai && plan.ai.provider != "openai";
  return own_key ? greetings_.get(key, plan.ai.api_key) : greetings_.get(key);
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
  if (auto r = fill_agent_and_ai(plan, request.campaign_id, request.agent, request.agent_profile_id,
                                 request.to);
      !r)
    return r.error();
  plan_failover(plan);
  render_voicemail_message(plan);

  auto& rec = plan.record;
  rec.owner_id = request.owner.id;
  rec.direction = "outbound";
  rec.lead_id = request.lead_id;
  rec.campaign_id = request.campaign_id;
  rec.to = request.to;
  rec.key_fingerprint = plan.key_fingerprint;
  rec.provider = plan.ai.provider;
  rec.status = crm::CallStatus::Dialing;
  rec.node = settings_.node_name;
  auto id = store_.create_call(rec);
  if (!id) return id.error();
  rec.id = *id;
  if (auto r = record_profile(plan); !r) return r.error();
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
  if (auto r = fill_agent_and_ai(plan, route.campaign_id, std::nullopt, 0, from); !r)
    return r.error();
  plan_failover(plan);
  auto& rec = plan.record;
  rec.owner_id = owner->id;
  rec.direction = "inbound";
  rec.campaign_id = route.campaign_id;
  rec.from = from;
  rec.to = number;
  rec.sip_call_id = sip_call_id;
  rec.key_fingerprint = plan.key_fingerprint;
  rec.provider = plan.ai.provider;
  rec.status = crm::CallStatus::Ringing;
  rec.node = settings_.node_name;
  auto id = store_.create_call(rec);
  if (!id) return id.error();
  rec.id = *id;
  if (auto r = record_profile(plan); !r) return r.error();
  if (settings_.record) {
    plan.recording_path =
        (std::filesystem::path(settings_.recordings_dir) / (std::to_string(*id) + ".wav")).string();
  }
  return plan;
}

core::Result<void> CallPlanner::record_profile(const CallPlan& plan) {
  if (plan.agent_profile_id == 0) return {};
  return store_.set_call_agent_profile(plan.record.id, plan.agent_profile_id);
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
