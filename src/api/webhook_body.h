// Webhook request bodies and views: POST /api/webhooks {"url", "secret"?, "events",
// "description"?, "active"?} and PATCH (any of them). Every bad field is a 400 naming it:
// the url per webhook_url.h; events a non-empty array of known, distinct names; a secret
// 16..256 printable ASCII characters (absent on POST: one is generated and shown once).
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

#include "api/api_error.h"
#include "crm/webhook_entities.h"

namespace va::api {

// Applies the body onto `w` (create: url and events required).
ApiResult<crm::Webhook> parse_webhook(std::string_view body, crm::Webhook w, bool create);

// A fresh secret: "whsec_" + 48 hex digits from OpenSSL's CSPRNG.
std::string generate_webhook_secret();

// The endpoint as the API shows it: the secret only as "secret_hint" (its last 4 characters),
// unless `with_secret` (the answer to its creation).
boost::json::value webhook_view(const crm::Webhook& w, bool with_secret = false);
// One try of the delivery log.
boost::json::value webhook_attempt_view(const crm::WebhookAttempt& a);

}  // namespace va::api
