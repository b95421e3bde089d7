// DialerRuntime: the campaign dialer inside `voiceagent serve`: its CallPlacer over the
// CallManager, the fan-out that gives call events to both the API's hub and the dialer, and
// the trunk's state from the registration. Construct the sink before the CallManager, then
// attach() the manager and start(); stop() before the manager stops.
#pragma once

#include <atomic>
#include <memory>

#include "call/call_event.h"
#include "core/config.h"
#include "crm/store.h"
#include "dialer/campaign_event.h"
#include "dialer/dialer.h"

namespace va::call {
class CallManager;
}

namespace va::app {

class TrunkRegistration;

// Every call event to the API's hub and (once attached) to the dialer.
class CallEventFanout final : public call::CallEventSink {
 public:
  explicit CallEventFanout(call::CallEventSink* first) : first_(first) {}
  void attach(call::CallEventSink* second) { second_.store(second); }
  void publish(const call::CallEvent& event) override;

 private:
  call::CallEventSink* first_;
  std::atomic<call::CallEventSink*> second_{nullptr};
};

class DialerRuntime {
 public:
  DialerRuntime(const core::Config& config, crm::Store& store, call::CallManager& calls,
                const TrunkRegistration& registration, dialer::CampaignEventSink* events);
  ~DialerRuntime();
  dialer::Dialer& dialer() { return *dialer_; }
  void start() { dialer_->start(); }
  void stop() { dialer_->stop(); }

 private:
  struct Placer;
  std::unique_ptr<Placer> placer_;
  std::unique_ptr<dialer::Dialer> dialer_;
};

}  // namespace va::app
