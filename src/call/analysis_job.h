// AnalysisJob: one post-call analysis, start to end, on a worker thread (blocking: the
// store and the Gemini REST call): load the call, its transcript and its campaign's
// extraction schema; ask the model under the call owner's key; store the answer (done) or the
// error (failed), or put it back pending for a retry with backoff; apply the disposition to
// the lead; publish `analyzed`. The call record itself is never changed here.
//
// Rules:
//   1. The key is the owner's (crm::KeyPool::resolve), else ai.default_key, else the
//      embedded simulator's when the owner has none (as a call of theirs would get).
//   2. Transient failures (connect, 5xx, a lead the dialer is still finishing) go back
//      pending at now + backoff * 2^(attempts-1) while attempts < max_attempts; after that,
//      and at once for a bad key, quota, an unknown model, a bad request or an answer that is
//      not the JSON asked for, the analysis is failed with `error` saying why.
//   3. A done analysis of a lead's call sets the lead's disposition and status and, for a
//      callback in a campaign, the lead's next attempt (crm::Store::apply_disposition).
//   4. A thin transcript (fewer than two caller or agent lines) is sent with the call's
//      finished recording inline (audio/wav, at most gemini::kMaxInlineAudioBytes); a call
//      whose recording is missing, not yet finished or larger goes by its transcript alone.
//   5. A call the answering-machine detector classed voicemail (amd_verdict) is done without
//      the model: disposition voicemail, then rule 3 (the lead becomes contacted).
#pragma once

#include <chrono>
#include <string>

#include "call/call_event.h"
#include "crm/key_pool.h"
#include "crm/store.h"

namespace va::call {

struct AnalysisSettings {
  std::string rest_url;            // ai.gemini.rest_url (or the Live URL's host); "" = none
  std::string model;               // ai.gemini.analysis_model
  std::string default_key;         // ai.default_key
  std::string simulator_rest_url;  // the embedded simulator's origin; "" = none runs
  std::chrono::milliseconds timeout{30000};
  int max_attempts = 5;
  std::chrono::milliseconds backoff{2000};  // the first retry's delay; doubles each time
  std::string ca_file;  // ai.tls_ca_file: extra trust anchors (PEM) for https://; "" = none
};

struct AnalysisDeps {
  crm::Store& store;
  crm::KeyPool& keys;
  CallEventSink* events;  // `analyzed`; may be null
};

enum class AnalysisOutcome { Done, Failed, Retry, Skipped };

// Runs the analysis of `call_id` if it is pending; `now_ms` is the time it runs at.
AnalysisOutcome run_analysis(const AnalysisDeps& deps, const AnalysisSettings& settings,
                             crm::Id call_id, std::int64_t now_ms);

}  // namespace va::call
