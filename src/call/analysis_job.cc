// AnalysisJob: the steps of one analysis (rules in analysis_job.h).
#include "call/analysis_job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>

#include "ai/errc.h"
#include "ai/gemini/analysis_client.h"
#include "crm/agent_profile.h"
#include "crm/errc.h"
#include "crm/extraction_schema.h"

namespace va::call {
namespace gemini = ai::gemini;

namespace {

struct Target {
  std::string rest_url;
  std::string key;
};

// Rule 1.
std::optional<Target> target_for(const AnalysisDeps& deps, const AnalysisSettings& s, crm::Id owner,
                                 std::string& why) {
  auto key = deps.keys.resolve(owner);
  if (key && !s.rest_url.empty()) return Target{s.rest_url, key->key};
  if (!key && key.error() != crm::Errc::NoKey) {
    why = "the owner's API key could not be read: " + key.error().message();
    return std::nullopt;
  }
  if (!key && !s.default_key.empty() && !s.rest_url.empty())
    return Target{s.rest_url, s.default_key};
  if (!key && !s.simulator_rest_url.empty()) return Target{s.simulator_rest_url, "simulator"};
  why = s.rest_url.empty() ? "no Gemini REST URL is configured (ai.gemini.rest_url)"
                           : "the call's owner has no API key";
  return std::nullopt;
}

bool transient(std::error_code ec) {
  return ec == ai::Errc::ConnectFailed || ec == ai::Errc::ServerGone;
}

std::string error_text(std::error_code ec, const gemini::RestError& f) {
  std::string what = ec == ai::Errc::MalformedJson ? "the model's answer is not valid JSON"
                     : ec == ai::Errc::ProtocolError
                         ? "the model's answer is not the analysis asked for"
                     : ec == ai::Errc::Quota    ? "quota exceeded"
                     : ec == ai::Errc::BadKey   ? "the API key was refused"
                     : ec == ai::Errc::BadModel ? "the analysis model is unknown"
                                                : ec.message();
  if (!f.message.empty() && f.message != what) what += ": " + f.message;
  if (f.http_status != 0 && f.http_status != 200)
    what += " (HTTP " + std::to_string(f.http_status) + ")";
  return what;
}

std::vector<gemini::ExtractionField> fields_of(crm::Store& store, const crm::Call& call,
                                               std::string& language) {
  std::vector<gemini::ExtractionField> out;
  std::string stored;
  auto recorded = store.call_agent_profile(call.id);
  crm::Id profile_id = recorded ? *recorded : 0;
  if (call.campaign_id != 0) {
    if (auto campaign = store.get_campaign(call.campaign_id)) {
      language = campaign->agent.language;
      stored = campaign->extraction_schema;
      if (profile_id == 0) profile_id = campaign->agent_profile_id;
    }
  }
  // What the campaign leaves empty comes from the agent profile the call spoke as ("auto" is
  // the callee's language: the summary follows the transcript then).
  if (profile_id != 0) {
    if (auto profile = store.get_agent_profile(profile_id)) {
      if (stored.empty()) stored = profile->extraction_schema;
      if (language.empty()) language = profile->language;
    }
  }
  if (language == crm::kAutoLanguage) language.clear();
  if (stored.empty()) return out;
  // Checked when the campaign was written; a row this build cannot read asks for nothing.
  auto schema = crm::parse_extraction_schema(stored);
  if (!schema) return out;
  for (const auto& f : *schema)
    out.push_back({f.name, f.type, f.description});
  return out;
}

void publish(const AnalysisDeps& deps, const crm::Call& call, const crm::CallAnalysis& a) {
  if (!deps.events) return;
  CallEvent e;
  e.type = CallEventType::Analyzed;
  e.call_id = call.id;
  e.owner_id = call.owner_id;
  if (auto owner = deps.store.get_user(call.owner_id)) e.owner_parent_id = owner->parent_id;
  e.at = std::chrono::system_clock::now();
  e.status = call.status;
  e.direction = call.direction;
  e.peer = call.direction == "inbound" ? call.from : call.to;
  e.outcome = call.outcome;
  e.end_reason = call.end_reason;
  e.analysis_status = a.status;
  e.disposition = a.disposition;
  deps.events->publish(e);
}

// Rule 2: back to pending, or failed when out of attempts.
AnalysisOutcome retry_or_fail(const AnalysisDeps& deps, const AnalysisSettings& s,
                              const crm::Call& call, crm::CallAnalysis& a, std::int64_t now,
                              std::string error) {
  a.error = std::move(error);
  if (a.attempts < s.max_attempts) {
    a.next_try_at =
        now + s.backoff.count() * (std::int64_t{1} << std::min<std::int64_t>(a.attempts - 1, 16));
    (void)deps.store.save_analysis(a);
    return AnalysisOutcome::Retry;
  }
  a.status = "failed";
  (void)deps.store.save_analysis(a);
  publish(deps, call, a);
  return AnalysisOutcome::Failed;
}

// The call's finished recording, if it is small enough to send inline; empty otherwise.
std::vector<std::uint8_t> recording_of(const crm::Call& call) {
  std::vector<std::uint8_t> out;
  if (call.recording_path.empty()) return out;
  std::error_code ec;
  const auto size = std::filesystem::file_size(call.recording_path, ec);
  if (ec || size == 0 || size > gemini::kMaxInlineAudioBytes) return out;
  std::ifstream in(call.recording_path, std::ios::binary);
  out.resize(static_cast<std::size_t>(size));
  if (!in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(size))) {
    out.clear();
  }
  return out;
}

AnalysisOutcome fail(const AnalysisDeps& deps, const crm::Call& call, crm::CallAnalysis& a,
                     std::string error) {
  a.status = "failed";
  a.error = std::move(error);
  if (auto r = deps.store.save_analysis(a); !r) {
    spdlog::warn("call={} analysis not saved: {}", call.id, r.error().message());
  }
  publish(deps, call, a);
  return AnalysisOutcome::Failed;
}

// Rule 3: the lead follows the disposition, then the analysis is done.
AnalysisOutcome settle(const AnalysisDeps& deps, const AnalysisSettings& settings,
                       const crm::Call& call, crm::CallAnalysis& a, std::int64_t now) {
  a.error.clear();
  if (call.lead_id != 0) {
    auto applied = deps.store.apply_disposition(
        {call.lead_id, call.id, call.campaign_id, a.disposition, a.callback_at});
    if (!applied && applied.error() == crm::Errc::Conflict) {
      return retry_or_fail(deps, settings, call, a, now,
                           "the lead's campaign attempt is still being finished");
    }
    if (!applied) {
      return retry_or_fail(deps, settings, call, a, now,
                           "the lead could not be updated: " + applied.error().message());
    }
  }
  a.status = "done";
  if (auto r = deps.store.save_analysis(a); !r) {
    spdlog::warn("call={} analysis not saved: {}", call.id, r.error().message());
    return AnalysisOutcome::Retry;
  }
  spdlog::info("call={} analysed: {}", call.id, a.disposition);
  publish(deps, call, a);
  return AnalysisOutcome::Done;
}

}  // namespace

AnalysisOutcome run_analysis(const AnalysisDeps& deps, const AnalysisSettings& settings,
                             crm::Id call_id, std::int64_t now) {
  auto a = deps.store.get_analysis(call_id);
  auto call = deps.store.get_call(call_id);
  if (!a || !call || a->status != "pending") return AnalysisOutcome::Skipped;
  ++a->attempts;
  if (call->amd_verdict == "voicemail") {
    // Rule 4: an answering machine answered (issue 15): nothing to ask the model about.
    a->summary = "An answering machine answered (" + call->amd_cause + "); no message was left.";
    a->disposition = "voicemail";
    a->callback_at = 0;
    a->fields = "{}";
    return settle(deps, settings, *call, *a, now);
  }
  std::string why;
  auto target = target_for(deps, settings, call->owner_id, why);
  if (!target) return fail(deps, *call, *a, why);

  gemini::AnalysisAsk ask;
  ask.call_started_ms = call->answered_at > 0 ? call->answered_at : call->created_at;
  ask.fields = fields_of(deps.store, *call, ask.language);
  auto lines = deps.store.transcript(call_id);
  if (!lines)
    return retry_or_fail(deps, settings, *call, *a, now, "the transcript could not be read");
  for (const auto& l : *lines)
    ask.transcript.push_back({l.who, l.text});
  // Rule 4: a thin transcript (a quiet caller, a failed transcription) gets the recording.
  if (gemini::transcript_is_thin(ask.transcript)) ask.audio_wav = recording_of(*call);

  gemini::RestError failure;
  auto answer = gemini::analyze_call(
      {target->rest_url, settings.model, target->key, settings.timeout, settings.ca_file}, ask,
      &failure);
  if (!answer) {
    const auto text = error_text(answer.error(), failure);
    spdlog::info("call={} analysis failed (try {}): {}", call_id, a->attempts, text);
    if (transient(answer.error())) return retry_or_fail(deps, settings, *call, *a, now, text);
    return fail(deps, *call, *a, text);
  }
  a->summary = answer->summary;
  a->disposition = answer->disposition;
  a->callback_at = answer->callback_at_ms.value_or(0);
  a->fields = answer->fields_json;
  a->input_tokens = answer->input_tokens;
  a->output_tokens = answer->output_tokens;
  return settle(deps, settings, *call, *a, now);
}

}  // namespace va::call
