// Webhook entities (issue 14, "After the call"): an endpoint an admin registered, one event
// queued for it (a delivery), and each try of a delivery. Times are Unix ms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crm/entities.h"

namespace va::crm {

// An endpoint. `secret` signs every delivery (api/webhook_signature.h); the API shows only
// its last four characters after creation.
struct Webhook {
  Id id = 0;
  Id owner_id = 0;  // an admin or superadmin
  std::string url;  // http(s); http only to loopback (api/webhook_url.h)
  std::string secret;
  std::vector<std::string> events;  // call.ended | call.analyzed | campaign.done
  bool active = true;               // inactive: nothing is sent, deliveries wait
  std::string description;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One event for one endpoint. `order_key` ("call:<id>", "campaign:<id>") keeps an endpoint's
// events of one call in order: a delivery is not tried while an earlier one with the same
// key and endpoint is still pending.
struct WebhookDelivery {
  Id id = 0;
  Id webhook_id = 0;
  std::string event;
  Id call_id = 0;      // 0 for campaign events
  Id campaign_id = 0;  // campaign events (and calls of a campaign)
  std::string order_key;
  std::string body;                // the JSON sent, fixed when the event happened
  std::string status = "pending";  // pending | delivered | failed (gave up)
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;  // pending: when the next try is due (or a try's lease ends)
  std::int64_t created_at = 0;
  std::int64_t last_status_code = 0;  // 0 = no HTTP answer
  std::string last_error;
  Id resend_of = 0;  // a re-send's original delivery
};

// One try: what GET /api/webhooks/{id}/deliveries lists, with its delivery's state.
struct WebhookAttempt {
  Id id = 0;
  Id delivery_id = 0;
  Id webhook_id = 0;
  std::int64_t attempt = 0;      // 1-based within its delivery
  std::int64_t status_code = 0;  // 0 = no HTTP answer (connect failed, timeout)
  std::string error;             // "" when the receiver answered 2xx
  std::int64_t at = 0;
  std::int64_t duration_ms = 0;
  // Read-only, from the delivery.
  std::string event;
  Id call_id = 0;
  Id campaign_id = 0;
  std::string delivery_status;
  std::int64_t next_attempt_at = 0;
};

// The outcome of a try, written with it in one step.
struct WebhookTryResult {
  WebhookAttempt attempt;
  std::string status;                // the delivery's new status
  std::int64_t next_attempt_at = 0;  // pending: when to try again
};

}  // namespace va::crm
