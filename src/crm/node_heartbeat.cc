// NodeHeartbeat: take-over at start, one beat per interval on its own thread, stopped last.
#include "crm/node_heartbeat.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace va::crm {

NodeHeartbeat::NodeHeartbeat(Store& store, std::string name, std::chrono::milliseconds interval)
    : store_(store), interval_(interval) {
  me_.name = std::move(name);
}

NodeHeartbeat::~NodeHeartbeat() {
  stop();
}

core::Result<NodeTakeover> NodeHeartbeat::start() {
  me_.pid = static_cast<std::int64_t>(::getpid());
  me_.started_at = now_ms();
  me_.last_seen_at = me_.started_at;
  me_.status = "live";
  auto taken = store_.take_over_node(me_);
  if (!taken) return taken.error();
  if (!taken->interrupted.empty()) {
    spdlog::warn(
        "node {}: {} call(s) left live by the previous process (pid {}, last seen {} ms "
        "before this start) closed as interrupted",
        me_.name, taken->interrupted.size(), taken->previous ? taken->previous->pid : 0,
        taken->previous ? me_.started_at - taken->previous->last_seen_at : 0);
  }
  if (auto* cluster = ClusterStore::of(store_)) {
    // The slots the previous process of this name held died with it.
    if (auto cleared = cluster->clear_call_slots(me_.name); !cleared) return cleared.error();
  }
  thread_ = std::thread([this] { run(); });
  return taken;
}

bool NodeHeartbeat::wait_for_next_beat() {
  const auto next = std::chrono::steady_clock::now() + interval_;
  core::MutexLock lock(mutex_);
  while (!stopping_ && lock.wait_until(wake_, next) != std::cv_status::timeout) {
  }
  return !stopping_;
}

void NodeHeartbeat::run() {
  // The store call runs without the lock: a slow database holds stop() up by one call only.
  while (wait_for_next_beat()) {
    if (auto beat = store_.touch_node(me_, now_ms()); !beat)
      spdlog::warn("node {}: heartbeat not written: {}", me_.name, beat.error().message());
    cluster_beat();
  }
}

void NodeHeartbeat::set_cluster_duties(ClusterDuties duties) {
  core::MutexLock lock(mutex_);
  duties_ = std::move(duties);
}

void NodeHeartbeat::publish_http(const std::string& http) {
  auto* cluster = ClusterStore::of(store_);
  if (!cluster) return;
  if (auto r = cluster->set_node_http(me_, http); !r)
    spdlog::warn("node {}: http address not recorded: {}", me_.name, r.error().message());
}

void NodeHeartbeat::cluster_beat() {
  auto* cluster = ClusterStore::of(store_);
  if (!cluster) return;
  ClusterDuties duties;
  {
    core::MutexLock lock(mutex_);
    duties = duties_;
  }
  if (auto draining = cluster->node_draining(me_); draining && duties.on_draining)
    duties.on_draining(*draining);
  if (duties.dead_after.count() <= 0) return;
  auto dead = cluster->reap_dead_nodes(me_.name, now_ms() - duties.dead_after.count());
  if (!dead) {
    spdlog::warn("node {}: dead nodes not checked: {}", me_.name, dead.error().message());
    return;
  }
  for (const auto& d : *dead) {
    spdlog::warn(
        "node {}: node {} is dead (last heartbeat {} ms ago): {} call(s) closed as "
        "interrupted",
        me_.name, d.name, now_ms() - d.last_seen_at, d.interrupted.size());
    if (duties.on_dead) duties.on_dead(d);
  }
}

void NodeHeartbeat::stop() {
  if (!thread_.joinable()) return;
  {
    core::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (auto r = store_.stop_node(me_, now_ms()); !r)
    spdlog::warn("node {}: not marked stopped: {}", me_.name, r.error().message());
  // Every call of this node has ended by now; a slot whose give-back never ran (its shard
  // stopped first) must not count against its owner while the node is down.
  if (auto* cluster = ClusterStore::of(store_)) (void)cluster->clear_call_slots(me_.name);
}

}  // namespace va::crm
