// Dialer: works through every active campaign of the node. One per node, on its own thread
// (never a call shard, never the HTTP handlers' pool): a tick every `tick` that, for each
// active campaign, claims due leads (crm::Store::claim_next_lead, one atomic step) while the
// campaign's max_concurrent and calls_per_minute (sliding 60 s), a trunk line's capacity and
// the lead's calling hours allow, and places each call through CallPlacer. It is the call
// layer's CallEventSink too: a dialled call's Ended event becomes the lead's outcome and next
// state (dialing_policy.h). All state that matters is in the store; after a crash, start()
// gives the leads this node left `calling` the outcome `interrupted`.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "call/call_event.h"
#include "dialer/dialer_config.h"

namespace va::dialer {

class Dialer final : public call::CallEventSink {
 public:
  Dialer(DialerDeps deps, DialerConfig config);
  ~Dialer() override;
  Dialer(const Dialer&) = delete;
  Dialer& operator=(const Dialer&) = delete;

  // Recovers this node's interrupted leads, then starts ticking on the dialer's thread.
  void start();
  // No new dials; the thread ends. Calls already up go on; their ends are no longer recorded
  // here (the next start's recovery takes those leads as interrupted).
  void stop();
  // Any thread: a campaign was started or changed; tick soon instead of waiting.
  void poke();
  // Any thread: a draining node claims no lead (its calls in flight still get their outcomes).
  void set_draining(bool draining);
  // Any thread: `node` was declared dead by this node; its `calling` leads end interrupted.
  void recover_node(const std::string& node);

  // call::CallEventSink (shard threads): Ended events of our calls are posted to the dialer.
  void publish(const call::CallEvent& event) override;

  // The lines the dialer knows (for validating a campaign's `lines`).
  bool line_known(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace va::dialer
