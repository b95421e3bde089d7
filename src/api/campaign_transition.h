// Whether a campaign may go to a status, and (for start) whether it can dial at all: the one
// rule behind POST /api/campaigns/{id}/start|pause|stop and `voiceagent campaigns`.
#pragma once

#include <functional>
#include <string>

#include "api/api_error.h"
#include "crm/entities.h"
#include "crm/store.h"

namespace va::api {

// Whether a call of the owner would get an AI (CallControl::check_ai); empty: not checked.
using AiCheck = std::function<ApiResult<void>(const crm::User& owner)>;

// `to`: active | paused | stopped. 409 no_leads (start without leads), no_api_key (start when
// the owner would get no AI), invalid_state (pause of a campaign not active, stop of a done
// one); a store error as the REST API maps it.
ApiResult<void> check_campaign_transition(crm::Store& store, const AiCheck& check_ai,
                                          const crm::Campaign& c, const std::string& to);

}  // namespace va::api
