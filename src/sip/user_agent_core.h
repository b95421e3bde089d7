// UserAgentCore: the UAS core (RFC 3261 8.2) above the transaction layer. Until the call
// layer exists it answers OPTIONS (11.2) and declines everything else with the right error;
// a DialogHandler takes INVITE and in-dialog requests when one is set.
//
// Rules, in order (8.2):
//  1. Request-URI scheme not sip/sips/tel -> 416 (8.2.2.1).
//  2. Max-Forwards 0 on anything but OPTIONS -> 483 (16.3 step 3; OPTIONS is answered, 11).
//  3. Unknown method -> 501, known but unsupported method -> 405, both with Allow (8.2.1).
//  4. OPTIONS -> 420 with Unsupported if it Requires an option tag we lack (8.2.2.3), else
//     200 with Allow, Accept, Supported (11.2). The DialogHandler makes the same Require check
//     for INVITE and every in-dialog request (option_tags.h); CANCEL's Require is ignored.
//  5. CANCEL -> 200 and 487 to the INVITE if it is still Proceeding; 481 if none (9.2).
//  6. Request with a To tag -> the DialogHandler, else 481 (12.2.2).
//  7. INVITE -> the DialogHandler, else 480 Temporarily Unavailable with a To tag.
//  8. BYE outside a dialog -> 481. ACKs for 2xx go to the handler or are absorbed.
//  9. INFO, UPDATE and PRACK are handled like BYE when a DialogHandler is set; without one,
//     405.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "sip/dialog_handler.h"
#include "sip/sip_counters.h"
#include "sip/transaction_layer.h"
#include "sip/transaction_user.h"

namespace va::sip {

struct UserAgentConfig {
  std::string user_agent = "voiceagent";  // Server / User-Agent header value
  // While it holds true (a draining node, issue 18) new INVITEs and OPTIONS get 503, so the
  // dispatcher in front (Kamailio's OPTIONS probing) takes this node out while its dialogs
  // go on. nullptr: never draining.
  std::shared_ptr<const std::atomic<bool>> draining;
};

class UserAgentCore final : public TransactionUser {
 public:
  UserAgentCore(TransactionLayer& layer, SipCounters& counters, UserAgentConfig config);

  void set_dialog_handler(DialogHandler* handler) { handler_ = handler; }

  // TransactionUser
  void on_request(const Message& request,
                  const std::shared_ptr<ServerTransaction>& transaction) override;
  void on_ack(const Message& ack, const TransportAddress& source) override;

  // Methods this UA accepts, as sent in Allow.
  static constexpr std::string_view kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS";

  // A response to `request` carrying our Server header and, for non-100, a To tag.
  Message make_response(const Message& request, int status, std::string_view reason = {}) const;
  Message with_server(Message response) const;

 private:
  void answer(ServerTransaction& transaction, int status, std::string_view reason = {});
  void answer_with_allow(ServerTransaction& transaction, int status);
  // 8.2.2.3: true when the request was answered 420.
  bool refuse_unsupported(ServerTransaction& transaction);
  void on_options(ServerTransaction& transaction);
  void on_cancel(ServerTransaction& transaction);
  bool draining() const { return config_.draining && config_.draining->load(); }

  TransactionLayer& layer_;
  SipCounters& counters_;
  UserAgentConfig config_;
  DialogHandler* handler_ = nullptr;
};

}  // namespace va::sip
