// `voiceagent campaigns list|start|pause|stop ID`: campaign runs from the shell. It changes
// the stored status; a running server's dialer picks it up on its next tick.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/config.h"

namespace va::app {

struct CampaignsArgs {
  long long id = 0;
};

CLI::App* add_campaigns_command(CLI::App& app, CampaignsArgs& args);
int run_campaigns(const CLI::App& command, const core::Config& config, const CampaignsArgs& args);

}  // namespace va::app
