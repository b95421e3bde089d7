// NodeHeartbeat: this process as a node in the shared database (table `nodes`, migration 4).
// start() takes the node's name over: the calls a previous process of that name left live
// (it died: kill -9, power loss) are closed as `interrupted` at that process's last heartbeat,
// before this process accepts any call. Then a thread of its own writes last_seen_at every
// interval, so the next start (or, with several nodes, a survivor) knows when this process
// was last alive. The heartbeat never runs on a call shard or the HTTP pool: a store call
// that waits on a busy database delays only the next beat.
// With a ClusterStore (several nodes, issue 18) each beat also reads this node's drain flag
// and declares dead the other nodes whose heartbeat is older than `dead_after` (their calls
// closed interrupted, crm/cluster_store.h); the ClusterDuties callbacks hear of both.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <string>
#include <thread>

#include "core/mutex.h"
#include "core/result.h"
#include "crm/cluster_store.h"
#include "crm/store.h"

namespace va::crm {

// What a beat reports beyond the heartbeat itself; called on the heartbeat's thread.
struct ClusterDuties {
  std::chrono::milliseconds dead_after{0};       // 0: declare no node dead
  std::function<void(bool)> on_draining;         // this node's drain flag, at every beat
  std::function<void(const DeadNode&)> on_dead;  // a node this node declared dead
};

class NodeHeartbeat {
 public:
  NodeHeartbeat(Store& store, std::string name, std::chrono::milliseconds interval);
  ~NodeHeartbeat();
  NodeHeartbeat(const NodeHeartbeat&) = delete;
  NodeHeartbeat& operator=(const NodeHeartbeat&) = delete;

  // Recovers the calls the name's previous process left live, records this process (pid,
  // start time) and starts the beat. Blocking: call it before the call layer starts.
  core::Result<NodeTakeover> start();
  // Stops the beat and marks the node stopped (a clean stop leaves no live call behind).
  void stop();
  // Any time, from any thread; the next beat uses them.
  void set_cluster_duties(ClusterDuties duties);
  // Records where this node's REST API listens ("http://host:port") and clears its drain flag.
  void publish_http(const std::string& http);

  const Node& node() const { return me_; }

 private:
  // Sleeps one interval; false once stop() was called.
  bool wait_for_next_beat();
  void run();
  void cluster_beat();

  Store& store_;
  const std::chrono::milliseconds interval_;
  Node me_;
  core::Mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  ClusterDuties duties_ GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace va::crm
