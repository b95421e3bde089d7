// `voiceagent routes ...`: thin shell over the store's inbound routes.
#include "app/inbound_routes_command.h"

#include <iostream>

#include "app/crm_context.h"
#include "crm/errc.h"
#include "crm/phone_number.h"

namespace va::app {

int inbound_routes_add(const core::Config& config, const std::string& number,
                       const std::string& username, long long campaign_id) {
  auto normalized = crm::normalize_number(number);
  if (!normalized) {
    std::cerr << "voiceagent: '" << number << "' is not a phone number\n";
    return 1;
  }
  CrmContext crm(config, 1);
  auto user = crm.store->get_user_by_name(username);
  if (!user) {
    std::cerr << "voiceagent: no user '" << username << "'\n";
    return 1;
  }
  if (campaign_id != 0) {
    auto campaign = crm.store->get_campaign(campaign_id);
    if (!campaign || campaign->owner_id != user->id) {
      std::cerr << "voiceagent: campaign " << campaign_id << " is not one of " << username
                << "'s\n";
      return 1;
    }
  }
  auto added = crm.store->create_inbound_route({*normalized, user->id, campaign_id, 0});
  if (!added) {
    std::cerr << "voiceagent: cannot add route: "
              << (added.error() == crm::Errc::Conflict ? "that number already has a route"
                                                       : added.error().message())
              << "\n";
    return 1;
  }
  std::cout << "calls to " << *normalized << " now ring " << username << "\n";
  return 0;
}

int inbound_routes_list(const core::Config& config) {
  CrmContext crm(config, 1);
  auto routes = crm.store->list_inbound_routes(std::nullopt);
  if (!routes) {
    std::cerr << "voiceagent: " << routes.error().message() << "\n";
    return 1;
  }
  std::cout << "number\tuser\tcampaign\n";
  for (const auto& r : *routes) {
    auto user = crm.store->get_user(r.owner_id);
    std::cout << r.number << "\t" << (user ? user->username : std::to_string(r.owner_id)) << "\t"
              << (r.campaign_id ? std::to_string(r.campaign_id) : "-") << "\n";
  }
  return 0;
}

int inbound_routes_remove(const core::Config& config, const std::string& number) {
  CrmContext crm(config, 1);
  auto normalized = crm::normalize_number(number);
  auto removed = crm.store->delete_inbound_route(normalized ? *normalized : number);
  if (!removed) {
    std::cerr << "voiceagent: no route for " << number << "\n";
    return 1;
  }
  std::cout << "removed the route for " << number << "\n";
  return 0;
}

}  // namespace va::app
