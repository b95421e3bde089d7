// `voiceagent campaigns ...`: the same checks as POST /api/campaigns/{id}/start|pause|stop
// (api/campaign_transition.h: leads, an AI for the owner), on the store directly.
#include "app/campaigns_command.h"

#include <iostream>

#include "api/campaign_transition.h"
#include "app/call_control_adapter.h"
#include "app/crm_context.h"
#include "call/call_plan.h"

namespace va::app {
namespace {

const char* verb_of(const std::string& status) {
  if (status == "active") return "start";
  return status == "paused" ? "pause" : "stop";
}

int list(CrmContext& crm) {
  auto page = crm.store->list_campaigns(std::nullopt, crm::Page{1, 1000});
  if (!page) {
    std::cerr << "voiceagent: " << page.error().message() << "\n";
    return 1;
  }
  std::cout << "id\tstatus\tleads\tdone\tattempts\tname\twaiting\n";
  for (const auto& c : page->items) {
    auto t = crm.store->campaign_tally(c.id);
    std::int64_t finished = 0;
    if (t) {
      for (const auto& [state, n] : t->by_state)
        if (state == "done" || state == "skipped") finished += n;
    }
    std::cout << c.id << "\t" << c.status << "\t" << c.lead_ids.size() << "\t" << finished << "\t"
              << (t ? t->attempts : 0) << "\t" << c.name << "\t"
              << (c.waiting_reason.empty() ? "-" : c.waiting_reason) << "\n";
  }
  return 0;
}

int change(CrmContext& crm, const core::Config& config, long long id, const std::string& status) {
  auto c = crm.store->get_campaign(id);
  if (!c) {
    std::cerr << "voiceagent: no campaign " << id << "\n";
    return 1;
  }
  // The server's own rule: its planner finds the owner's key, else the default key, else the
  // simulator it starts with ai.simulator = auto.
  const api::AiCheck ai = [&](const crm::User& owner) -> api::ApiResult<void> {
    if (auto ec = call::ai_available(*crm.keys, owner.id, !config.ai.default_key.empty(),
                                     config.ai.simulator == "auto")) {
      return CallControlAdapter::to_api_error(ec);
    }
    return {};
  };
  if (auto ok = api::check_campaign_transition(*crm.store, ai, *c, status); !ok) {
    std::cerr << "voiceagent: cannot " << verb_of(status) << " campaign " << id << " ("
              << ok.error().code << "): " << ok.error().message << "\n";
    return 1;
  }
  if (auto r = crm.store->set_campaign_status(id, status); !r) {
    std::cerr << "voiceagent: " << r.error().message() << "\n";
    return 1;
  }
  if (status != "active") (void)crm.store->set_waiting_reason(id, "");
  std::cout << "campaign " << id << " is now " << status << "\n";
  return 0;
}

}  // namespace

CLI::App* add_campaigns_command(CLI::App& app, CampaignsArgs& args) {
  auto* cmd = app.add_subcommand("campaigns", "campaign runs: list, start, pause, stop");
  cmd->require_subcommand(1);
  cmd->add_subcommand("list", "list campaigns with their progress");
  for (const char* verb : {"start", "pause", "stop"}) {
    auto* sub = cmd->add_subcommand(verb, std::string(verb) + " campaign ID");
    sub->add_option("id", args.id, "the campaign id")->required();
  }
  return cmd;
}

int run_campaigns(const CLI::App& command, const core::Config& config, const CampaignsArgs& args) {
  CrmContext crm(config, 1);
  if (command.got_subcommand("list")) return list(crm);
  if (command.got_subcommand("start")) return change(crm, config, args.id, "active");
  if (command.got_subcommand("pause")) return change(crm, config, args.id, "paused");
  if (command.got_subcommand("stop")) return change(crm, config, args.id, "stopped");
  return 1;
}

}  // namespace va::app
