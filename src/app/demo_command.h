// `voiceagent demo`: the seed scenario on one machine, with nothing configured: starts the
// server, the Gemini Live simulator and a simulated two-line gateway, places two calls at the
// same moment for two users with two keys, and prints what each call got and whether
// anything crossed between them.
#pragma once

namespace va::app {

struct DemoOptions {
  int seconds = 8;         // how long each call stays up
  bool keep_data = false;  // keep the temporary data directory (database, recordings)
};

// 0 when both calls completed with no crosstalk; 1 otherwise (the reason is printed).
int run_demo(const DemoOptions& options);

}  // namespace va::app
