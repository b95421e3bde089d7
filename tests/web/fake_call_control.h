// FakeCallControl: a scripted stand-in for the call layer, for browser tests of the web UI
// only. place_call writes a real call record and then plays a short call through the
// EventHub (created, ringing, answered with media facts, a few transcript lines, ended),
// writing the record as it goes. It proves what the UI shows and who sees it; it is not
// the call layer and carries no SIP or RTP.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <map>
#include <mutex>
#include <thread>

#include "api/call_control.h"
#include "crm/store.h"

namespace va::testing {

class FakeCallControl : public api::CallControl {
 public:
  // `step`: the time between two events of a call.
  FakeCallControl(crm::Store& store, call::CallEventSink& sink,
                  std::chrono::milliseconds step = std::chrono::milliseconds(700));
  ~FakeCallControl() override;

  api::ApiResult<crm::Id> place_call(const api::PlaceCallRequest& request) override;
  api::ApiResult<void> hangup(crm::Id call_id) override;
  std::optional<api::LiveCallView> live(crm::Id call_id) const override;
  // A short tone as a WAV: what the browser plays is real audio, the voice is not.
  api::ApiResult<std::string> greeting_preview(const crm::User& owner,
                                               const crm::AgentConfig& agent) override;

 private:
  struct Live;
  void play(std::shared_ptr<Live> call, int step);
  void finish(const std::shared_ptr<Live>& call, const std::string& reason);

  crm::Store& store_;
  call::CallEventSink& sink_;
  std::chrono::milliseconds step_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  mutable std::mutex mu_;
  std::map<crm::Id, std::shared_ptr<Live>> live_;
  std::thread thread_;
};

}  // namespace va::testing
