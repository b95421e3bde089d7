// `voiceagent keys ...`: thin shell over crm::KeyPool.
#include "app/keys_command.h"

#include <iostream>

#include "app/crm_context.h"

namespace va::app {
namespace {

// "pool", "unclaimed", "user alice (7)" or "tenant acme-admin (3)".
std::string owner_text(const crm::ApiKey& k) {
  std::string text = crm::to_string(k.owner);
  if (k.owner_id != 0) {
    text += " " + (k.owner_name.empty() ? std::string("?") : k.owner_name) + " (" +
            std::to_string(k.owner_id) + ")";
  }
  return text;
}

}  // namespace

int keys_add(const core::Config& config, const std::string& key, const std::string& label,
             const std::string& provider) {
  CrmContext crm(config, 1);
  std::string value = key;
  if (value.empty() || value == "-") std::getline(std::cin, value);  // keeps it out of `ps`
  auto added = crm.keys->add(value, label, provider);
  if (!added) {
    std::cerr << "voiceagent: cannot add key: " << added.error().message() << "\n";
    return 1;
  }
  std::cout << "added " << added->provider << " key " << added->fingerprint << " (id " << added->id
            << ")\n";
  return 0;
}

int keys_list(const core::Config& config) {
  CrmContext crm(config, 1);
  auto keys = crm.store->list_keys();
  if (!keys) {
    std::cerr << "voiceagent: " << keys.error().message() << "\n";
    return 1;
  }
  std::cout << "id\tfingerprint\tprovider\tstatus\towner\tusers\tlabel\n";
  for (const auto& k : *keys) {
    std::cout << k.id << "\t" << k.fingerprint << "\t" << k.provider << "\t" << k.status << "\t"
              << owner_text(k) << "\t" << k.users << "\t" << k.label << "\n";
  }
  return 0;
}

int keys_assign(const core::Config& config) {
  CrmContext crm(config, 1);
  auto n = crm.keys->assign_missing();
  if (!n) {
    std::cerr << "voiceagent: cannot assign keys: " << n.error().message()
              << " (is the pool empty? voiceagent keys add)\n";
    return 1;
  }
  std::cout << "assigned keys to " << *n << " users\n";
  return 0;
}

}  // namespace va::app
