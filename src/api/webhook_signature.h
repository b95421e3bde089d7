// Webhook signatures (DESIGN.md "After the call", the scheme of Stripe and Svix): a receiver
// recomputes HMAC-SHA256 under the endpoint's secret over "<timestamp>.<body>" and compares it
// with X-Voiceagent-Signature: v1=<hex>; X-Voiceagent-Timestamp (unix seconds) lets it refuse
// replays of old deliveries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace va::api {

inline constexpr const char* kWebhookEventHeader = "X-Voiceagent-Event";
inline constexpr const char* kWebhookTimestampHeader = "X-Voiceagent-Timestamp";
inline constexpr const char* kWebhookSignatureHeader = "X-Voiceagent-Signature";
inline constexpr const char* kWebhookDeliveryHeader = "X-Voiceagent-Delivery";

// "v1=" + lowercase hex of HMAC-SHA256(secret, timestamp + "." + body) (OpenSSL).
std::string webhook_signature(std::string_view secret, std::int64_t timestamp,
                              std::string_view body);

}  // namespace va::api
