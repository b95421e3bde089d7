// `voiceagent drain`: one UPDATE of the node's row; the node itself does the rest.
#include "app/drain_command.h"

#include <iostream>

#include "crm/cluster_store.h"
#include "crm/errc.h"

namespace va::app {

CLI::App* add_drain_command(CLI::App& app, DrainArgs& args) {
  auto* drain = app.add_subcommand(
      "drain", "stop a node taking new calls while its calls finish (several nodes)");
  drain->add_option("--node", args.node, "the node's name (default: node_name of the config)");
  drain->add_flag("--off", args.off, "lift the drain: the node takes calls again");
  return drain;
}

int run_drain(const core::Config& config, const DrainArgs& args) {
  const std::string node = args.node.empty() ? config.node_name : args.node;
  // The store alone: a drain needs neither the master key nor the data dir.
  auto store = crm::Store::create(config.database_url(), 1);
  if (!store) {
    std::cerr << "voiceagent: database " << config.database_url() << ": " << store.error().message()
              << "\n";
    return 1;
  }
  auto* cluster = crm::ClusterStore::of(**store);
  if (!cluster) {
    std::cerr << "voiceagent: the database has no nodes table to drain\n";
    return 1;
  }
  if (auto r = cluster->set_node_draining(node, !args.off); !r) {
    std::cerr << "voiceagent: node " << node << ": "
              << (r.error() == crm::Errc::NotFound ? "no such node" : r.error().message()) << "\n";
    return 1;
  }
  std::cout << "node " << node << ": "
            << (args.off ? "drain lifted (takes calls again at its next heartbeat)"
                         : "draining (takes no new call from its next heartbeat)")
            << "\n";
  return 0;
}

}  // namespace va::app
