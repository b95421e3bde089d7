// Test doubles for the transaction tests: a recording MessageSender and message builders that
// do not need the parser (Messages are built field by field).
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "sip/manual_timer_service.h"
#include "sip/message.h"
#include "sip/message_sender.h"
#include "sip/sip_counters.h"
#include "sip/timer_config.h"
#include "sip/transaction.h"

namespace va::sip::test {

struct SentMessage {
  Message message;
  TransportAddress to;
  std::chrono::milliseconds at;  // simulated time since the fixture started
};

class RecordingSender final : public MessageSender {
 public:
  explicit RecordingSender(const core::SimulatedClock& clock)
      : clock_(clock), start_(clock.now()) {}

  // MessageSender
  bool send(const Message& message, const TransportAddress& to) override {
    sent.push_back({message, to,
                    std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - start_)});
    return !fail_sends;
  }

  std::vector<SentMessage> sent;
  bool fail_sends = false;

 private:
  const core::SimulatedClock& clock_;
  core::Clock::TimePoint start_;
};

// Clock, timers, sender and counters wired into a TransactionContext.
struct TransactionFixture {
  core::SimulatedClock clock;
  ManualTimerService timers{clock};
  RecordingSender sender{clock};
  TimerConfig config;
  SipCounters counters;
  TransactionContext context{sender, timers, config, counters};
};

inline TransportAddress udp_peer(std::uint16_t port = 5070) {
  return {TransportProtocol::Udp, boost::asio::ip::make_address("127.0.0.1"), port, 0};
}
inline TransportAddress tcp_peer(std::uint16_t port = 5070, std::uint64_t connection = 7) {
  return {TransportProtocol::Tcp, boost::asio::ip::make_address("127.0.0.1"), port, connection};
}

inline Uri sip_uri(std::string user, std::string host) {
  Uri uri;
  uri.scheme = "sip";
  uri.user = std::move(user);
  uri.host = std::move(host);
  return uri;
}

// A request as a peer at 127.0.0.1:5070 would send it.
inline Message request(Method method, std::string branch = "z9hG4bKtest1",
                       std::string call_id = "call-1@test", std::uint32_t cseq = 1) {
  Message m;
  m.is_request = true;
  m.method = method;
  m.method_text = std::string(to_string(method));
  m.request_uri = sip_uri("agent", "127.0.0.1");
  Via via;
  via.host = "127.0.0.1";
  via.port = 5070;
  if (!branch.empty()) via.params.set("branch", branch);
  m.via.push_back(via);
  m.from.uri = sip_uri("caller", "127.0.0.1");
  m.from.params.set("tag", "from-tag-1");
  m.to.uri = m.request_uri;
  m.call_id = std::move(call_id);
  m.cseq = CSeq{cseq, method, m.method_text};
  m.max_forwards = 70;
  return m;
}

// A response the far end would send for `req`.
inline Message response_to(const Message& req, int status, std::string to_tag = "to-tag-1") {
  return make_response(req, status, {}, status > 100 ? to_tag : std::string{});
}

// The statuses (responses) or methods (requests) of everything sent, in order.
inline std::vector<std::string> sent_summary(const RecordingSender& sender) {
  std::vector<std::string> out;
  for (const auto& s : sender.sent) {
    out.push_back(s.message.is_request ? std::string(to_string(s.message.method))
                                       : std::to_string(s.message.status));
  }
  return out;
}

}  // namespace va::sip::test
