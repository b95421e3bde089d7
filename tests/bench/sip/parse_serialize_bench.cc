// Benchmark: parse + serialize of a typical INVITE with SDP (RFC 3261 7), the per-message cost
// of the SIP front end. Reports items (messages) per second on one core.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "sip/message.h"
#include "sip/stream_framer.h"

namespace {

using namespace va::sip;

// 1041 bytes, 16 header fields, SDP body of a GSM gateway (the same bytes as the fuzz seed
// tests/fuzz/sip/corpus/message/typical_invite_sdp.sip).
constexpr std::string_view kInvite =
    "INVITE sip:+4930123456@trunk.example.net;user=phone SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---b8e2a1f0c3d4e5f6;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Contact: <sip:gateway@192.0.2.10:5060;transport=udp>\r\n"
    "To: <sip:+4930123456@trunk.example.net;user=phone>\r\n"
    "From: \"Caller Name\" <sip:+4917612345678@trunk.example.net;user=phone>;tag=8f3a2b1c\r\n"
    "Call-ID: 7c5e4f2a9b1d4e8f@192.0.2.10\r\n"
    "CSeq: 1 INVITE\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE\r\n"
    "Supported: replaces, timer, 100rel\r\n"
    "User-Agent: GSM-Gateway/2.1.4\r\n"
    "Session-Expires: 1800;refresher=uac\r\n"
    "Min-SE: 90\r\n"
    "P-Asserted-Identity: <sip:+4917612345678@trunk.example.net>\r\n"
    "Record-Route: <sip:192.0.2.1;lr;ftag=8f3a2b1c>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 273\r\n"
    "\r\n"
    "v=0\r\n"
    "o=- 3917491625 3917491625 IN IP4 192.0.2.10\r\n"
    "s=GSM Gateway Call\r\n"
    "c=IN IP4 192.0.2.10\r\n"
    "t=0 0\r\n"
    "m=audio 16384 RTP/AVP 8 0 9 101\r\n"
    "a=rtpmap:8 PCMA/8000\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:9 G722/8000\r\n"
    "a=rtpmap:101 telephone-event/8000\r\n"
    "a=fmtp:101 0-16\r\n"
    "a=ptime:20\r\n"
    "a=sendrecv\r\n";

void BM_ParseInvite(benchmark::State& state) {
  for (auto _ : state) {
    auto m = parse_message(kInvite);
    if (!m) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kInvite.size()));
}
BENCHMARK(BM_ParseInvite);

void BM_SerializeInvite(benchmark::State& state) {
  const Message m = *parse_message(kInvite);
  std::string out;
  for (auto _ : state) {
    out.clear();
    m.serialize_to(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SerializeInvite);

// The headline number: one received INVITE parsed, and its reply built and serialized.
void BM_ParseSerializeInvite(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    auto m = parse_message(kInvite);
    if (!m) state.SkipWithError("parse failed");
    out.clear();
    m->serialize_to(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseSerializeInvite);

void BM_ParseInviteMakeResponse(benchmark::State& state) {
  std::string out;
  for (auto _ : state) {
    auto m = parse_message(kInvite);
    if (!m) state.SkipWithError("parse failed");
    const Message r = make_response(*m, 180, {}, "a6c85cf");
    out.clear();
    r.serialize_to(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseInviteMakeResponse);

void BM_StreamFrameInvite(benchmark::State& state) {
  StreamFramer framer;
  for (auto _ : state) {
    framer.feed(kInvite);
    auto m = framer.next();
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamFrameInvite);

}  // namespace

BENCHMARK_MAIN();
