// CallControlAdapter: the REST API's CallControl over the call layer's CallManager, with
// each refusal turned into the HTTP error a client can act on.
#pragma once

#include <atomic>
#include <memory>

#include "api/call_control.h"

namespace va::call {
class CallManager;
}

namespace va::app {

class CallControlAdapter final : public api::CallControl {
 public:
  // The API starts before the call layer (the call layer needs the API's store and keys):
  // until attach() every request answers 503 calls_unavailable.
  // `draining` (may be null): while it holds true, POST /api/calls answers 503 node_draining.
  explicit CallControlAdapter(std::shared_ptr<const std::atomic<bool>> draining = nullptr)
      : draining_(std::move(draining)) {}
  void attach(call::CallManager* calls) { calls_.store(calls); }

  api::ApiResult<crm::Id> place_call(const api::PlaceCallRequest& request) override;
  api::ApiResult<void> hangup(crm::Id call_id) override;
  api::ApiResult<api::SmsResult> send_sms(crm::Id call_id, const std::string& text) override;
  api::ApiResult<call::TransferResult> transfer(crm::Id call_id,
                                                const call::TransferRequest& request) override;
  api::ApiResult<void> check_ai(const crm::User& owner) override;
  std::optional<api::LiveCallView> live(crm::Id call_id) const override;
  api::ApiResult<std::string> greeting_preview(const crm::User& owner,
                                               const crm::AgentConfig& agent) override;

  // call::Errc (or a store error) -> status, code and message.
  static api::ApiError to_api_error(const std::error_code& ec);

 private:
  std::atomic<call::CallManager*> calls_{nullptr};
  std::shared_ptr<const std::atomic<bool>> draining_;
};

}  // namespace va::app
