// CallControl: what api/ needs from the call layer (call/ implements it; until it exists the
// server is built without one and POST /api/calls answers 503 calls_unavailable).
// Calls are made on the DB pool thread; an implementation posts to its shards itself.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "crm/entities.h"

namespace va::api {

struct PlaceCallRequest {
  crm::User owner;  // the call runs under this user's API key
  std::string to;   // E.164 number, or a sip: URI where allowed
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
  std::optional<crm::AgentConfig> agent;
};

class CallControl {
 public:
  virtual ~CallControl() = default;
  // Starts an outbound call; returns the id of its call record (status dialing).
  virtual core::Result<crm::Id> place_call(const PlaceCallRequest& request) = 0;
  virtual core::Result<void> hangup(crm::Id call_id) = 0;
};

}  // namespace va::api
