// voiceagent: the command line. Errors at this edge become one clear line and exit code 1.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "app/campaigns_command.h"
#include "app/demo_command.h"
#include "app/drain_command.h"
#include "app/inbound_routes_command.h"
#include "app/keys_command.h"
#include "app/serve_command.h"
#include "app/sim_command.h"
#include "app/users_command.h"
#include "core/config.h"
#include "core/logging.h"
#include "core/version.h"

namespace {

struct UsersArgs {
  va::app::UsersCreateOptions create;
  std::string passwd_user;
  std::string passwd_password;
};

struct KeysArgs {
  std::string key;
  std::string label;
  std::string provider = "gemini";
};

void add_sim_options(CLI::App& sim, va::app::SimOptions& o) {
  sim.add_option("--listen", o.listen, "host:port on loopback")->capture_default_str();
  sim.add_option("--key", o.keys, "a valid API key (repeatable); none = every key valid");
  sim.add_option("--keys-file", o.keys_file, "file with one valid key per line");
  sim.add_option("--quota-key", o.quota_keys, "a key accepted then closed with 1011 quota");
  sim.add_option("--analysis-invalid-json-key", o.analysis_invalid_json_keys,
                 "a key whose post-call analysis answers are not JSON");
  sim.add_option("--caller-phrase", o.caller_phrases,
                 "HZ=TEXT: a caller utterance of that tone is transcribed as TEXT");
  sim.add_option("--mode", o.mode, "reply mode: tone, echo or scripted")->capture_default_str();
  sim.add_option("--say", o.script, "a scripted reply line (repeatable)");
  sim.add_option("--log", o.log_path, "JSON-lines session log file");
  sim.add_flag("--timing-log", o.timing_log,
               "log caller audio onsets, reply starts and interruptions in microseconds");
  sim.add_option("--tls-cert", o.tls_cert, "PEM certificate chain: serve wss:// and https://");
  sim.add_option("--tls-key", o.tls_key, "PEM private key of --tls-cert");
  sim.add_option("--lifetime", o.lifetime_s, "connection lifetime in seconds")
      ->capture_default_str();
  sim.add_option("--go-away", o.go_away_s, "goAway this many seconds before the lifetime ends")
      ->capture_default_str();
  sim.add_option("--setup-delay", o.setup_delay_s, "seconds before setupComplete")
      ->capture_default_str();
  sim.add_option("--reply-length", o.reply_s, "seconds of tone per reply")->capture_default_str();
  sim.add_option("--burst", o.burst, "output pace relative to real time")->capture_default_str();
  sim.add_option("--tool-after-reply", o.tool_after_reply,
                 "a function the model calls after each reply (e.g. end_call, or with its "
                 "arguments: send_dtmf:{\"digits\":\"12#\"})");
  sim.add_option("--tool-after-reply-limit", o.tool_after_reply_limit,
                 "calls of --tool-after-reply per session (0 = after every reply)")
      ->capture_default_str();
  sim.add_option("--stall", o.stall,
                 "a model that stalls mid-call: none, silent (no audio at all) or zeros "
                 "(digital silence)")
      ->capture_default_str();
  sim.add_option("--stall-after", o.stall_after, "replies before the stall")->capture_default_str();
  sim.add_option("--stall-until", o.stall_until,
                 "what ends the stall: never, nudge (a text from the client) or reconnect "
                 "(a resumed connection)")
      ->capture_default_str();
  sim.add_option("--stall-key", o.stall_keys,
                 "stall only sessions of this key, KEY[:MODE[:UNTIL]] (repeatable)");
  sim.add_option("--threads", o.threads, "simulator threads (0 = one per core)")
      ->capture_default_str();
  sim.add_option("--openai-lifetime", o.openai_lifetime_s,
                 "OpenAI Realtime session cap in seconds (close 1001; 0 = none)")
      ->capture_default_str();
  sim.add_option("--openai-close-after", o.openai_close_after_s,
                 "OpenAI Realtime fault: close 1011 this many seconds after session.updated")
      ->capture_default_str();
  sim.add_option("--openai-stall-after", o.openai_stall_after_s,
                 "OpenAI Realtime fault: go silent this many seconds after session.updated")
      ->capture_default_str();
  sim.add_option("--lost-session-key", o.lost_session_keys,
                 "Gemini fault, KEY:TURNS: close 1011 after TURNS turns and forget the session "
                 "(a resume is refused) (repeatable)");
}

void add_users_commands(CLI::App& users, UsersArgs& a) {
  users.require_subcommand(1);
  auto* create = users.add_subcommand("create", "create an admin or agent");
  create->add_option("username", a.create.username)->required();
  create->add_option("--role", a.create.role, "admin or agent")->capture_default_str();
  create->add_option("--parent", a.create.parent, "an agent's admin (username or id)");
  create->add_option("--password", a.create.password,
                     "password (default: generated, printed once)");
  create->add_option("--display-name", a.create.display_name);
  create->add_option("--email", a.create.email);
  users.add_subcommand("list", "list users");
  auto* passwd = users.add_subcommand("passwd", "set a user's password (ends their sessions)");
  passwd->add_option("username", a.passwd_user)->required();
  passwd->add_option("--password", a.passwd_password, "new password (default: generated)");
}

void add_keys_commands(CLI::App& keys, KeysArgs& a) {
  keys.require_subcommand(1);
  auto* add = keys.add_subcommand("add", "add a Gemini or OpenAI API key to the pool");
  add->add_option("key", a.key, "the key, or - (default) to read it from stdin");
  add->add_option("--label", a.label);
  add->add_option("--provider", a.provider, "the service the key is for")
      ->check(CLI::IsMember({"gemini", "openai"}));
  keys.add_subcommand("list",
                      "list keys: fingerprint, provider, owner (pool, user or tenant), holders");
  keys.add_subcommand("assign",
                      "give every admin and agent who lacks one a pool key of each provider");
}

int run_users(const CLI::App& users, const va::core::Config& config, const UsersArgs& a) {
  if (users.got_subcommand("create")) return va::app::users_create(config, a.create);
  if (users.got_subcommand("list")) return va::app::users_list(config);
  return va::app::users_passwd(config, a.passwd_user, a.passwd_password);
}

int run_keys(const CLI::App& keys, const va::core::Config& config, const KeysArgs& a) {
  if (keys.got_subcommand("add")) return va::app::keys_add(config, a.key, a.label, a.provider);
  if (keys.got_subcommand("list")) return va::app::keys_list(config);
  return va::app::keys_assign(config);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"voiceagent: a SIP/RTP server that lets a realtime speech AI hold phone calls"};
  app.require_subcommand(1);
  app.fallthrough();  // lets `voiceagent serve --config FILE` reach the global option
  std::string config_path;
  app.add_option("-c,--config", config_path,
                 "TOML config file (default: voiceagent.toml if present)");

  auto* serve = app.add_subcommand("serve", "run the server (SIP, RTP, AI bridge, API)");
  auto* version = app.add_subcommand("version", "print the version");
  auto* sim = app.add_subcommand("sim", "run the local Gemini Live simulator");
  auto* users = app.add_subcommand("users", "manage users");
  auto* keys = app.add_subcommand("keys", "manage the AI key pool (Gemini and OpenAI keys)");
  auto* demo = app.add_subcommand(
      "demo", "two concurrent calls through a simulated gateway and AI, with a crosstalk check");
  va::app::DemoOptions demo_options;
  auto* routes = app.add_subcommand("routes", "inbound routing: which number rings which user");
  routes->require_subcommand(1);
  std::string route_number, route_user;
  long long route_campaign = 0;
  auto* routes_add = routes->add_subcommand("add", "route calls to NUMBER to USER");
  routes_add->add_option("number", route_number, "the dialled number (DID)")->required();
  routes_add->add_option("user", route_user, "the username whose key and agent take the call")
      ->required();
  routes_add->add_option("--campaign", route_campaign, "use this campaign's agent config");
  routes->add_subcommand("list", "list inbound routes");
  auto* routes_remove = routes->add_subcommand("remove", "remove the route of NUMBER");
  routes_remove->add_option("number", route_number)->required();
  demo->add_option("--seconds", demo_options.seconds, "how long each call stays up")
      ->check(CLI::Range(3, 120));
  demo->add_flag("--keep-data", demo_options.keep_data,
                 "keep the temporary data directory (database, recordings)");
  va::app::CampaignsArgs campaigns_args;
  auto* campaigns = va::app::add_campaigns_command(app, campaigns_args);
  va::app::DrainArgs drain_args;
  auto* drain = va::app::add_drain_command(app, drain_args);
  va::app::SimOptions sim_options;
  UsersArgs users_args;
  KeysArgs keys_args;
  add_sim_options(*sim, sim_options);
  add_users_commands(*users, users_args);
  add_keys_commands(*keys, keys_args);

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
    if (*sim) return va::app::run_sim(sim_options);
    if (*users) return run_users(*users, config, users_args);
    if (*keys) return run_keys(*keys, config, keys_args);
    if (*demo) return va::app::run_demo(demo_options);
    if (*routes_add)
      return va::app::inbound_routes_add(config, route_number, route_user, route_campaign);
    if (routes->got_subcommand("list")) return va::app::inbound_routes_list(config);
    if (*routes_remove) return va::app::inbound_routes_remove(config, route_number);
    if (*campaigns) return va::app::run_campaigns(*campaigns, config, campaigns_args);
    if (*drain) return va::app::run_drain(config, drain_args);
  } catch (const std::exception& e) {
    std::cerr << "voiceagent: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
