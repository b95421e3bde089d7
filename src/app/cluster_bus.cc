// ClusterBus: our own NOTIFYs come back to us on va_events (we LISTEN there too); the origin
// field drops them, so a local event reaches local viewers once, straight from the call layer.
#include "app/cluster_bus.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

namespace va::app {
namespace {
constexpr const char* kEventsChannel = "va_events";
}

std::string ClusterBus::node_channel(const std::string& node) {
  std::string out = "va_node_";
  for (char c : node) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    out += plain ? c : (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : '_';
  }
  return out.substr(0, 63);
}

ClusterBus::ClusterBus(const std::string& db_url, std::string node, api::EventHub& hub,
                       boost::asio::any_io_executor commands)
    : node_(std::move(node)),
      hub_(hub),
      commands_(std::move(commands)),
      bus_(db_url, {kEventsChannel, node_channel(node_)},
           [this](const std::string& channel, const std::string& payload) {
             on_notification(channel, payload);
           }) {}

ClusterBus::~ClusterBus() {
  stop();
}

bool ClusterBus::start() {
  return bus_.start();
}

void ClusterBus::stop() {
  bus_.stop();
  core::MutexLock lock(mutex_);
  handler_ = {};
  waiting_.clear();  // a waiter sees a broken promise: answered as a timeout
}

void ClusterBus::set_command_handler(CommandHandler handler) {
  core::MutexLock lock(mutex_);
  handler_ = std::move(handler);
}

void ClusterBus::send(const std::string& channel, const api::ClusterMessage& message) {
  auto payload = api::encode_cluster_message(message);
  if (payload.empty()) {
    spdlog::warn("cluster bus: a message for {} does not fit in a NOTIFY; not sent", channel);
    return;
  }
  bus_.notify(channel, std::move(payload));
}

void ClusterBus::send_event(const call::CallEvent& event) {
  api::ClusterMessage m;
  m.origin = node_;
  m.kind = api::ClusterMessageKind::CallEvent;
  m.call = event;
  send(kEventsChannel, m);
}

void ClusterBus::send_campaign_event(const dialer::CampaignEvent& event) {
  api::ClusterMessage m;
  m.origin = node_;
  m.kind = api::ClusterMessageKind::CampaignEvent;
  m.campaign = event;
  send(kEventsChannel, m);
}

std::optional<api::ClusterReply> ClusterBus::request(const std::string& node,
                                                     api::ClusterCommand command,
                                                     std::chrono::milliseconds timeout) {
  std::future<api::ClusterReply> reply;
  {
    core::MutexLock lock(mutex_);
    command.request = next_request_++;
    reply = waiting_[command.request].get_future();
  }
  api::ClusterMessage m;
  m.origin = node_;
  m.kind = api::ClusterMessageKind::Command;
  m.command = command;
  auto payload = api::encode_cluster_message(m);
  std::optional<api::ClusterReply> out;
  if (!payload.empty() && bus_.notify(node_channel(node), std::move(payload)) &&
      reply.wait_for(timeout) == std::future_status::ready) {
    try {
      out = reply.get();
    } catch (const std::future_error&) {  // stop() while waiting
    }
  }
  core::MutexLock lock(mutex_);
  waiting_.erase(command.request);
  return out;
}

void ClusterBus::on_notification(const std::string& channel, const std::string& payload) {
  auto m = api::parse_cluster_message(payload);
  if (!m) {
    bad_messages_.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("cluster bus: {} on {}", m.error().message, channel);
    return;
  }
  if (m->origin == node_) return;  // our own event, already delivered locally
  switch (m->kind) {
    case api::ClusterMessageKind::CallEvent:
      relayed_in_.fetch_add(1, std::memory_order_relaxed);
      hub_.publish(m->call);
      break;
    case api::ClusterMessageKind::CampaignEvent:
      relayed_in_.fetch_add(1, std::memory_order_relaxed);
      hub_.publish_campaign(m->campaign);
      break;
    case api::ClusterMessageKind::Command:
      boost::asio::post(commands_,
                        [this, from = m->origin, c = m->command] { run_command(from, c); });
      break;
    case api::ClusterMessageKind::Reply: {
      core::MutexLock lock(mutex_);
      auto it = waiting_.find(m->reply.request);
      if (it != waiting_.end()) {  // else: it timed out already
        it->second.set_value(m->reply);
        waiting_.erase(it);
      }
      break;
    }
  }
}

void ClusterBus::run_command(const std::string& from, const api::ClusterCommand& command) {
  CommandHandler handler;
  {
    core::MutexLock lock(mutex_);
    handler = handler_;
  }
  api::ClusterMessage m;
  m.origin = node_;
  m.kind = api::ClusterMessageKind::Reply;
  m.reply =
      handler ? handler(command)
              : api::ClusterReply{0, 503, "calls_unavailable", "node " + node_ + " is stopping", 0};
  m.reply.request = command.request;
  send(node_channel(from), m);
}

std::uint64_t ClusterBus::relayed_in() const {
  return relayed_in_.load(std::memory_order_relaxed);
}

std::uint64_t ClusterBus::dropped() const {
  return bus_.dropped();
}

}  // namespace va::app
