// DialogHandler: the hook through which the call layer takes the requests that
// start dialogs and those inside them; without one the UserAgentCore answers them itself.
#pragma once

#include <memory>

#include "sip/message.h"
#include "sip/server_transaction.h"
#include "sip/transport_address.h"

namespace va::sip {

class DialogHandler {
 public:
  virtual ~DialogHandler() = default;
  // An INVITE outside any dialog (no To tag). Return true to take it: the handler then
  // answers through `transaction` (1xx, 2xx or an error); false lets the core decline (480).
  virtual bool on_dialog_request(const Message& request,
                                 const std::shared_ptr<ServerTransaction>& transaction) = 0;
  // A request inside a dialog (To tag present: BYE, re-INVITE, INFO, UPDATE, ...). Return
  // false when no dialog matches; the core then answers 481 (12.2.2).
  virtual bool on_in_dialog_request(const Message& request,
                                    const std::shared_ptr<ServerTransaction>& transaction) = 0;
  // CANCEL for an INVITE the handler took, after the core sent 200 to the CANCEL and 487 to
  // the INVITE (9.2): the handler drops its pending call.
  virtual void on_cancelled(const Message& invite) = 0;
  // The ACK for a 2xx (13.3.1.4). Return false if it belongs to no dialog (then absorbed).
  virtual bool on_ack(const Message& ack, const TransportAddress& source) = 0;
};

}  // namespace va::sip
