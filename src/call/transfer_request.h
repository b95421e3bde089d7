// A transfer to a person as asked (REST or the AI's transfer_call) and what became of the
// asking: the values that cross from the API to the call's shard and back.
#pragma once

#include <string>

namespace va::call {

struct TransferRequest {
  std::string to;              // as given; Call::transfer normalizes and checks it
  std::string mode = "blind";  // blind | warm
  std::string reason;          // why (the AI's reason, or "" from the API)
};

// The answer to the asking, not the end of the transfer (that is the record's transfer
// status): `status` is HTTP-like. 202 the far end accepted the REFER (progress follows);
// 400 a bad `to` or `mode` (code invalid_field) or warm (warm_not_supported); 403 `to` is not an
// allowed target (transfer_not_allowed); 409 the call is not answered or a transfer is already
// running (not_live / transfer_in_progress); 502 the far end refused or failed the REFER
// (transfer_refused: the call goes on with the AI).
struct TransferResult {
  int status = 0;
  std::string code;             // "" when status is 202
  std::string message;          // fit to show; names the field for 400/403
  std::string to;               // the normalized target ("" when it was not valid)
  std::string method;           // refer ("" when nothing was sent)
  std::string transfer_status;  // the record's transfer status after the asking
};

}  // namespace va::call
