// Fuzz target: the SIP receive path behind the sockets (RFC 3261 18.2.1, 17, 8.2): parse,
// stateless error response, received/rport stamping, transaction matching and the UA core.
// Input: messages separated by "\0\0" and fed in order to one TransactionLayer, so
// retransmissions, ACKs and CANCELs meet the transactions they refer to.
// Invariants: an error response is a well-formed status line ending in CRLF CRLF without NUL;
// after 64*T1 of simulated time every transaction has terminated and no timer is pending.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/clock.h"
#include "sip/error_responder.h"
#include "sip/manual_timer_service.h"
#include "sip/message.h"
#include "sip/response_routing.h"
#include "sip/transaction_layer.h"
#include "sip/user_agent_core.h"

namespace {

using namespace va::sip;

class NullSender final : public MessageSender {
 public:
  // MessageSender
  bool send(const Message& message, const TransportAddress&) override {
    const std::string bytes = message.serialize();
    if (bytes.empty()) std::abort();
    return true;
  }
};

void check_error_response(std::string_view data, const TransportAddress& source) {
  auto response = make_error_response(data, Errc::BadHeaderLine, source, "fuzz");
  if (!response) return;
  const std::string& b = response->bytes;
  if (!b.starts_with("SIP/2.0 400 ") || !b.ends_with("\r\n\r\n") ||
      b.find('\0') != std::string::npos) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.empty()) return 0;
  const bool tcp = (input.front() & 1) != 0;
  input.remove_prefix(1);
  const TransportAddress source{tcp ? TransportProtocol::Tcp : TransportProtocol::Udp,
                                boost::asio::ip::make_address("127.0.0.1"), 5070, tcp ? 1u : 0u};

  va::core::SimulatedClock clock;
  ManualTimerService timers(clock);
  NullSender sender;
  TimerConfig config;
  SipCounters counters;
  TransactionLayer layer(TransactionContext{sender, timers, config, counters});
  UserAgentCore user_agent(layer, counters, UserAgentConfig{});
  layer.set_user(&user_agent);

  while (!input.empty()) {
    const auto end = input.find(std::string_view("\0\0", 2));
    const std::string_view one = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 2);
    ParseOptions options;
    options.datagram = !tcp;
    auto parsed = parse_message(one, options);
    if (!parsed) {
      check_error_response(one, source);
      continue;
    }
    Message message = std::move(*parsed);
    if (message.is_request) {
      if (message.via.empty()) continue;
      stamp_received(message.via.front(), source);
    }
    layer.on_message(message, source);
    timers.advance(std::chrono::milliseconds(100));
  }
  timers.advance(config.timeout_64t1() + config.t4);
  if (layer.server_count() != 0 || timers.pending() != 0 || counters.transactions_active != 0) {
    std::abort();
  }
  return 0;
}
