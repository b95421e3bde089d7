// `voiceagent drain [--config FILE] [--node NAME] [--off]`: sets a node's drain flag in the
// shared database (default: the node_name of the config). The node reads it at its next
// heartbeat and takes no new call (SIP 503, POST /api/calls 503, no dialer claims) while its
// calls finish; GET /api/cluster/nodes shows it `draining`. --off lifts the drain.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "core/config.h"

namespace va::app {

struct DrainArgs {
  std::string node;  // "" = config.node_name
  bool off = false;
};

CLI::App* add_drain_command(CLI::App& app, DrainArgs& args);
int run_drain(const core::Config& config, const DrainArgs& args);

}  // namespace va::app
