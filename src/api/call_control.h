// CallControl: what api/ needs from the call layer (implemented over call::CallManager in
// app/; without one the server answers POST /api/calls with 503 calls_unavailable).
// Calls are made on the DB pool thread; an implementation posts to its shards itself.
#pragma once

#include <optional>
#include <string>

#include "api/api_error.h"
#include "call/call_event.h"
#include "call/transfer_request.h"
#include "crm/entities.h"

namespace va::api {

struct PlaceCallRequest {
  crm::User owner;  // the call runs under this user's API key
  std::string to;   // E.164 number, or a sip: URI where allowed
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
  std::optional<crm::AgentConfig> agent;
  crm::Id agent_profile_id = 0;  // checked by the API: the owner may use it
};

// What a live call looks like right now (the record in the store lags behind).
struct LiveCallView {
  crm::CallStatus status = crm::CallStatus::Dialing;  // never Ended
  call::MediaFacts media;
  std::optional<std::int64_t> greeting_latency_ms;
};

// What the gateway said to a SIP MESSAGE (status 0: it could not be sent; reason says why).
struct SmsResult {
  int sip_status = 0;
  std::string reason;
};

class CallControl {
 public:
  virtual ~CallControl() = default;
  // Starts an outbound call; returns the id of its call record (status dialing). Refusals
  // come back as the API error to send (limits 429/503, bad number 422, no trunk 503, ...).
  virtual ApiResult<crm::Id> place_call(const PlaceCallRequest& request) = 0;
  // Whether a call of `owner` would get an AI (their key, the default key or the
  // simulator): 409 no_api_key otherwise. Starting a campaign checks it.
  virtual ApiResult<void> check_ai(const crm::User& owner) {
    (void)owner;
    return {};
  }
  // Hangs up a live call (404 not_live when it already ended).
  virtual ApiResult<void> hangup(crm::Id call_id) = 0;
  // Sends `text` (already valid) by SIP MESSAGE to the other party of a live call and waits
  // for the gateway's answer (404 not_live... as hangup; 503 without a call layer).
  virtual ApiResult<SmsResult> send_sms(crm::Id call_id, const std::string& text) {
    (void)call_id;
    (void)text;
    return ApiError{503, "calls_unavailable", "SMS needs the call layer"};
  }
  // Transfers a live call to a person (call::Call::transfer: checks `to` against the call's
  // allowed targets) and waits until the asking is settled: the far end accepted the REFER
  // (202) or why not (400/403/409/501/502); 404 not_live as hangup; 503 without a call layer.
  virtual ApiResult<call::TransferResult> transfer(crm::Id call_id,
                                                   const call::TransferRequest& request) {
    (void)call_id;
    (void)request;
    return ApiError{503, "calls_unavailable", "transfers need the call layer"};
  }
  // The live view of a call on this node, if it is live here.
  virtual std::optional<LiveCallView> live(crm::Id call_id) const = 0;
  // The greeting as a call of `owner` with `agent` would play it, as a WAV file (the
  // campaign form's listen preview). Rendering may take seconds (Gemini TTS).
  virtual ApiResult<std::string> greeting_preview(const crm::User& owner,
                                                  const crm::AgentConfig& agent) = 0;
};

}  // namespace va::api
