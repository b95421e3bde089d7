// `voiceagent serve`: runs the server with the given config until SIGINT/SIGTERM.
#pragma once

#include "core/config.h"

namespace va::app {
int run_serve(const core::Config& config);
}  // namespace va::app
