// `voiceagent keys add|list|assign`: the Gemini key pool from the shell. Keys are read from
// the argument or stdin and only their fingerprints are ever printed.
#pragma once

#include <string>

#include "core/config.h"

namespace va::app {

int keys_add(const core::Config& config, const std::string& key, const std::string& label,
             const std::string& provider = "gemini");
int keys_list(const core::Config& config);
// Gives the least-used active key to every admin and agent without one.
int keys_assign(const core::Config& config);

}  // namespace va::app
