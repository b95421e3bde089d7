// voiceagent: the command line. Errors at this edge become one clear line and exit code 1/2.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "app/serve_command.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/version.h"

int main(int argc, char** argv) {
  CLI::App app{"voiceagent: a SIP/RTP server that lets a realtime speech AI hold phone calls"};
  app.require_subcommand(1);
  app.fallthrough();  // lets `voiceagent serve --config FILE` reach the global option
  std::string config_path;
  app.add_option("-c,--config", config_path, "TOML config file (default: voiceagent.toml if present)");

  auto* serve = app.add_subcommand("serve", "run the server (SIP, RTP, AI bridge, API)");
  auto* version = app.add_subcommand("version", "print the version");

  CLI11_PARSE(app, argc, argv);

  if (*version) {
    std::cout << "voiceagent " << va::core::kVersion << "\n";
    return 0;
  }
  try {
    if (config_path.empty() && std::ifstream("voiceagent.toml").good()) {
      config_path = "voiceagent.toml";
    }
    const auto config = va::core::load_config(config_path);
    va::core::init_logging(config.log_level);
    if (*serve) return va::app::run_serve(config);
  } catch (const std::exception& e) {
    std::cerr << "voiceagent: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
