// CampaignEvent: what the dialer tells viewers of a campaign (api/ sends it on /api/events as
// {"type": "campaign.<kind>", "campaign": {...}}). Published from the dialer's thread.
#pragma once

#include <string>

#include "crm/entities.h"

namespace va::dialer {

struct CampaignEvent {
  std::string kind;  // progress | status | done
  crm::Id campaign_id = 0;
  crm::Id owner_id = 0;
  crm::Id owner_parent_id = 0;
  std::string status;          // draft | active | paused | stopped | done
  std::string waiting_reason;  // "" = dialling
  crm::Id lead_id = 0;         // progress: the lead whose state changed
  std::string lead_state;      // progress
  std::string outcome;         // progress: the attempt's outcome, "" when it started
  crm::Id call_id = 0;         // progress
};

class CampaignEventSink {
 public:
  virtual ~CampaignEventSink() = default;
  // Thread-safe, never blocks.
  virtual void publish_campaign(const CampaignEvent& event) = 0;
};

}  // namespace va::dialer
