// ClusterBus: this node's line to the others over PostgreSQL LISTEN/NOTIFY (issue 18), on one
// dedicated connection (crm::postgres::PgNotifyBus). Two channels per node:
//   va_events           every node: each local call and campaign event, so /api/events on any
//                       node shows every call in its viewers' scope (the hub applies the same
//                       scope rule to a relayed event as to a local one);
//   va_node_<name>      this node only: commands (hang up a call it owns, place a call it was
//                       chosen for) and the replies to the commands it sent.
// A command runs on `commands` (the call layer's DB pool), never on the bus thread. request()
// blocks its caller (an HTTP pool thread) until the reply or the timeout.
// Only with PostgreSQL: on SQLite there is one node and no bus.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api/cluster_wire.h"
#include "api/event_hub.h"
#include "core/mutex.h"
#include "crm/postgres/pg_notify_bus.h"

namespace va::app {

class ClusterBus {
 public:
  // Runs on `commands`; its reply goes back to the asking node.
  using CommandHandler = std::function<api::ClusterReply(const api::ClusterCommand&)>;

  ClusterBus(const std::string& db_url, std::string node, api::EventHub& hub,
             boost::asio::any_io_executor commands);
  ~ClusterBus();
  ClusterBus(const ClusterBus&) = delete;
  ClusterBus& operator=(const ClusterBus&) = delete;

  // LISTENs before it returns (false: the database refused; the node then runs alone).
  bool start();
  void stop();
  // Any time; {} answers every command 503.
  void set_command_handler(CommandHandler handler);

  // Any thread, never blocks.
  void send_event(const call::CallEvent& event);
  void send_campaign_event(const dialer::CampaignEvent& event);
  // Sends `command` to `node` and waits for its reply; nullopt after `timeout`, or at once
  // when the command does not fit in a NOTIFY (the caller then acts itself or says why).
  std::optional<api::ClusterReply> request(const std::string& node, api::ClusterCommand command,
                                           std::chrono::milliseconds timeout);

  // Counters for /metrics and tests.
  std::uint64_t relayed_in() const;
  std::uint64_t dropped() const;

  // "va_node_" + the name folded to [a-z0-9_] (channels are plain identifiers).
  static std::string node_channel(const std::string& node);

 private:
  void on_notification(const std::string& channel, const std::string& payload);
  void run_command(const std::string& from, const api::ClusterCommand& command);
  void send(const std::string& channel, const api::ClusterMessage& message);

  const std::string node_;
  api::EventHub& hub_;
  boost::asio::any_io_executor commands_;
  crm::postgres::PgNotifyBus bus_;
  core::Mutex mutex_;
  CommandHandler handler_ GUARDED_BY(mutex_);
  std::uint64_t next_request_ GUARDED_BY(mutex_) = 1;
  std::map<std::uint64_t, std::promise<api::ClusterReply>> waiting_ GUARDED_BY(mutex_);
  std::atomic<std::uint64_t> relayed_in_{0};
  std::atomic<std::uint64_t> bad_messages_{0};
};

}  // namespace va::app
