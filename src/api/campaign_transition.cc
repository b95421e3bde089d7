// The campaign status rule shared by REST and the CLI (campaign_transition.h).
#include "api/campaign_transition.h"

namespace va::api {
namespace {

ApiError conflict(const std::string& code, const std::string& message) {
  return {409, code, message};
}

}  // namespace

ApiResult<void> check_campaign_transition(crm::Store& s, const AiCheck& check_ai,
                                          const crm::Campaign& c, const std::string& to) {
  if (to == "active") {
    if (c.status == "active") return {};
    if (c.lead_ids.empty()) {
      return conflict("no_leads",
                      "the campaign has no leads: add some with PUT "
                      "/api/campaigns/{id}/leads before starting it");
    }
    auto owner = s.get_user(c.owner_id);
    if (!owner) return from_crm(owner.error(), "owner");
    if (check_ai) {
      if (auto ai = check_ai(*owner); !ai) {
        return conflict(ai.error().code == "no_api_key" ? "no_api_key" : ai.error().code,
                        "the campaign's owner has no API key and no simulator is configured: " +
                            ai.error().message);
      }
    }
    return {};
  }
  if (to == "paused" && c.status != "active" && c.status != "paused") {
    return conflict("invalid_state",
                    "only an active campaign can be paused (it is " + c.status + ")");
  }
  if (to == "stopped" && c.status == "done") {
    return conflict("invalid_state", "the campaign is already done");
  }
  return {};
}

}  // namespace va::api
