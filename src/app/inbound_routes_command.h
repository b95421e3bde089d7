// `voiceagent routes add|list|remove`: inbound routing from the shell: which dialled number
// (DID) rings which user, optionally with a campaign's agent config.
#pragma once

#include <string>

#include "core/config.h"

namespace va::app {

int inbound_routes_add(const core::Config& config, const std::string& number,
                       const std::string& username, long long campaign_id);
int inbound_routes_list(const core::Config& config);
int inbound_routes_remove(const core::Config& config, const std::string& number);

}  // namespace va::app
