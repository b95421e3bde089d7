// Benchmark: one OPTIONS and one INVITE/ACK through the receive path behind the socket
// (parse, received/rport stamping, transaction matching, UA core, response serialization).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "core/clock.h"
#include "sip/manual_timer_service.h"
#include "sip/message.h"
#include "sip/response_routing.h"
#include "sip/transaction_layer.h"
#include "sip/user_agent_core.h"

namespace {

using namespace va::sip;

class SerializingSender final : public MessageSender {
 public:
  // MessageSender
  bool send(const Message& message, const TransportAddress&) override {
    bytes += message.serialize().size();
    return true;
  }
  std::size_t bytes = 0;
};

std::string request_text(std::string_view method, std::uint64_t n, std::string_view cseq_method) {
  return fmt::format(
      "{0} sip:agent@127.0.0.1 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK{1};rport\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:bench@127.0.0.1>;tag=b{1}\r\n"
      "To: <sip:agent@127.0.0.1>\r\nCall-ID: {1}@bench\r\nCSeq: 1 {2}\r\n"
      "Content-Length: 0\r\n\r\n",
      method, n, cseq_method);
}

struct Stack {
  va::core::SimulatedClock clock;
  ManualTimerService timers{clock};
  SerializingSender sender;
  TimerConfig config;
  SipCounters counters;
  TransactionLayer layer{TransactionContext{sender, timers, config, counters}};
  UserAgentCore user_agent{layer, counters, UserAgentConfig{}};
  const TransportAddress source{TransportProtocol::Udp, boost::asio::ip::make_address("127.0.0.1"),
                                5070, 0};
  Stack() { layer.set_user(&user_agent); }

  void receive(const std::string& text) {
    auto parsed = parse_message(text);
    if (!parsed) std::abort();
    stamp_received(parsed->via.front(), source);
    layer.on_message(*parsed, source);
  }
};

void BM_OptionsTransaction(benchmark::State& state) {
  Stack stack;
  std::uint64_t n = 0;
  for (auto _ : state) {
    stack.receive(request_text("OPTIONS", ++n, "OPTIONS"));
    // Timer J would keep 32 s of transactions alive; let them go as the benchmark advances.
    if (n % 1024 == 0) stack.timers.advance(std::chrono::seconds(33));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}
BENCHMARK(BM_OptionsTransaction);

void BM_InviteDeclinedAndAcked(benchmark::State& state) {
  Stack stack;
  std::uint64_t n = 0;
  for (auto _ : state) {
    ++n;
    stack.receive(request_text("INVITE", n, "INVITE"));
    stack.receive(request_text("ACK", n, "ACK"));
    if (n % 1024 == 0) stack.timers.advance(std::chrono::seconds(6));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}
BENCHMARK(BM_InviteDeclinedAndAcked);

}  // namespace

BENCHMARK_MAIN();
