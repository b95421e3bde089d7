// Page-mode instant messages (RFC 3428): one MESSAGE request outside any dialog, e.g. an SMS
// through a GSM gateway, which turns a MESSAGE to sip:<number>@gateway into a text message.
//
// Rules:
//  0. Call it on the shard ShardPool::by_key(config.call_id): its responses arrive there.
//  1. The MESSAGE goes to the Request-URI's numeric host, or to the targets RFC 3263 finds for
//     its host name (failing over on 503 or timeout, request_failover.h), in a non-INVITE client
//     transaction; From as OutgoingCall's (<sip:username@request-uri host>).
//  2. 401/407 -> the MESSAGE again with credentials, once per challenge (22.2).
//  3. `done` runs once, on the shard, with the final status and reason phrase: 2xx accepted
//     (RFC 3428 7: 202 means accepted, not delivered); 408 when nothing answered; 0 when the
//     target or next hop is bad (the request was never sent).
#pragma once

#include <functional>
#include <string>

namespace va::sip {

class DialogRegistry;

struct PageMessageConfig {
  // Responses are routed to the shard of their Call-ID (SipStack): send from that shard.
  // "" = a fresh one, for a caller that does not care which shard answers.
  std::string call_id;
  std::string request_uri;  // "sip:+15551234@192.0.2.7:5060"
  std::string content_type = "text/plain;charset=UTF-8";
  std::string body;
  std::string username;  // digest credentials and From user ("" = none / local user)
  std::string password;
  std::string realm;  // "" = answer any realm
};

void send_page_message(DialogRegistry& registry, PageMessageConfig config,
                       std::function<void(int status, std::string reason)> done);

}  // namespace va::sip
