// CallPlacer: how the dialer starts a call, without knowing the call layer's manager (app/
// implements it over call::CallManager, as api's CallControl). Errors are call::Errc codes.
#pragma once

#include <string>

#include "core/result.h"
#include "crm/entities.h"

namespace va::dialer {

struct DialRequest {
  crm::User owner;  // the call runs under this user's key and limits
  std::string to;   // the line's prefix + the lead's number
  crm::Id lead_id = 0;
  crm::Id campaign_id = 0;
};

class CallPlacer {
 public:
  virtual ~CallPlacer() = default;
  // Blocking (plans the call: DB, greeting); returns the call record's id.
  virtual core::Result<crm::Id> place(const DialRequest& request) = 0;
};

// Whether the trunk can carry calls now. With registration off the trunk counts as up.
struct TrunkState {
  bool up = true;
  std::int64_t down_since_ms = 0;  // Unix ms of the first failure in this outage (0 = unknown)
  std::string detail;              // "403 Forbidden", "no response" ...
};

}  // namespace va::dialer
