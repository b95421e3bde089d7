// TransportLayer over real loopback sockets: UDP and TCP, IPv4 and IPv6, received/rport
// stamping, responses on the request's connection, outbound connect, and bad input.
#include "sip/transport_layer.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <future>

#include "sip/response_routing.h"
#include "unit/sip/socket_test_support.h"

namespace va::sip {
namespace {

using test::request_text;

struct Received {
  Message message;
  TransportAddress source;
};

class TransportLayerTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override { start(GetParam()); }
  void start(const std::string& host, std::size_t max_bytes = 65535) {
    TransportConfig config;
    config.listen = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":0";
    config.max_message_bytes = max_bytes;
    config.server = "va-test";
    transport = std::make_unique<TransportLayer>(io.context, counters, config,
                                                 [this](Message m, const TransportAddress& s) {
                                                   received.push({std::move(m), s});
                                                 });
    if (auto ec = transport->start()) GTEST_SKIP() << host << " unavailable: " << ec.message();
    address = boost::asio::ip::make_address(host);
    port = transport->udp_endpoint().port();
  }
  void TearDown() override {
    if (transport) boost::asio::post(io.context, [this] { transport->close(); });
    io.stop();
  }
  // A fresh transport with another size limit (the old one is closed on its io thread).
  void restart(std::size_t max_bytes) {
    std::promise<void> closed;
    boost::asio::post(io.context, [&] {
      transport->close();
      closed.set_value();
    });
    ASSERT_EQ(closed.get_future().wait_for(test::kWait), std::future_status::ready);
    transport.reset();
    start(GetParam(), max_bytes);
  }
  boost::asio::ip::udp::socket udp_client() {
    boost::asio::ip::udp::socket s(client_io);
    s.open(address.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6());
    s.bind({address, 0});
    return s;
  }
  boost::asio::ip::tcp::socket tcp_client() {
    boost::asio::ip::tcp::socket s(client_io);
    s.connect({address, port});
    return s;
  }
  void send_udp(boost::asio::ip::udp::socket& s, std::string_view data) {
    s.send_to(boost::asio::buffer(data.data(), data.size()), {address, port});
  }
  // Answers a received request the way a server transaction would (18.2.2).
  void answer(const Received& r, int status) {
    auto to = response_destination(r.message.via.front(), r.source);
    ASSERT_TRUE(to);
    transport->send(make_response(r.message, status, {}, "t1"), *to);
  }

  test::IoThread io;
  boost::asio::io_context client_io;
  SipCounters counters;
  std::unique_ptr<TransportLayer> transport;
  test::WaitQueue<Received> received;
  boost::asio::ip::address address;
  std::uint16_t port = 0;
};

TEST_P(TransportLayerTest, UdpRequestIsStampedAndAnsweredAtItsSourcePort) {
  auto client = udp_client();
  const auto client_port = client.local_endpoint().port();
  // The Via names another port than the source (as behind a NAT); rport asks for symmetry.
  send_udp(client, request_text("OPTIONS", "z9hG4bKu1", "u1@test", "UDP", GetParam(), 9));
  auto r = received.pop();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->source.protocol, TransportProtocol::Udp);
  EXPECT_EQ(r->source.port, client_port);
  ASSERT_NE(r->message.via[0].params.get("rport"), nullptr);
  EXPECT_EQ(*r->message.via[0].params.get("rport"), std::to_string(client_port));
  answer(*r, 200);
  auto reply = test::receive(client);
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->starts_with("SIP/2.0 200 OK\r\n")) << *reply;
  EXPECT_NE(reply->find("rport=" + std::to_string(client_port)), std::string::npos) << *reply;
  EXPECT_EQ(counters.messages_in, 1u);
  EXPECT_EQ(counters.messages_out, 1u);
}

TEST_P(TransportLayerTest, TcpResponseGoesBackOnTheRequestsConnection) {
  auto client = tcp_client();
  const std::string two = request_text("OPTIONS", "z9hG4bKt1", "t1@test", "TCP", GetParam(), 9) +
                          request_text("OPTIONS", "z9hG4bKt2", "t2@test", "TCP", GetParam(), 9);
  // Two messages in one write, the second split across two writes: framing must hold.
  boost::asio::write(client, boost::asio::buffer(two.substr(0, two.size() - 10)));
  auto first = received.pop();
  ASSERT_TRUE(first);
  boost::asio::write(client, boost::asio::buffer(two.substr(two.size() - 10)));
  auto second = received.pop();
  ASSERT_TRUE(second);
  EXPECT_EQ(first->message.call_id, "t1@test");
  EXPECT_EQ(second->message.call_id, "t2@test");
  EXPECT_EQ(first->source.protocol, TransportProtocol::Tcp);
  EXPECT_NE(first->source.connection_id, 0u);
  EXPECT_EQ(first->source.connection_id, second->source.connection_id);
  answer(*first, 200);
  answer(*second, 404);
  const std::string replies = test::receive_messages(client, 2);
  EXPECT_NE(replies.find("SIP/2.0 200 OK\r\n"), std::string::npos) << replies;
  EXPECT_NE(replies.find("SIP/2.0 404 Not Found\r\n"), std::string::npos) << replies;
}

TEST_P(TransportLayerTest, OutboundTcpRequestOpensAConnection) {
  boost::asio::ip::tcp::acceptor peer(client_io, {address, 0});
  const auto peer_port = peer.local_endpoint().port();
  Message options = make_request(Method::Options, Uri{});
  options.request_uri.scheme = "sip";
  options.request_uri.host = GetParam();
  Via via;
  via.transport = "TCP";
  via.host = GetParam();
  via.port = port;
  via.params.set("branch", "z9hG4bKout");
  options.via.push_back(via);
  options.from.uri = options.request_uri;
  options.from.params.set("tag", "x");
  options.to.uri = options.request_uri;
  options.call_id = "out@test";
  options.cseq = CSeq{1, Method::Options, "OPTIONS"};
  options.max_forwards = 70;
  transport->send(options, {TransportProtocol::Tcp, address, peer_port, 0});
  ASSERT_TRUE(test::readable(peer.native_handle()));
  auto socket = peer.accept();
  const std::string data = test::receive_messages(socket, 1);
  EXPECT_TRUE(data.starts_with("OPTIONS sip:")) << data;
  EXPECT_NE(data.find("Call-ID: out@test"), std::string::npos) << data;
}

TEST_P(TransportLayerTest, TcpResponseOpensANewConnectionToTheSentByPortWhenTheOldOneIsGone) {
  boost::asio::ip::tcp::acceptor sent_by(client_io, {address, 0});
  const auto sent_by_port = sent_by.local_endpoint().port();
  Received r;
  {
    auto client = tcp_client();
    const std::string text =
        request_text("OPTIONS", "z9hG4bKgone", "gone@test", "TCP", GetParam(), sent_by_port, "");
    boost::asio::write(client, boost::asio::buffer(text));
    auto got = received.pop();
    ASSERT_TRUE(got);
    r = *got;
  }  // the client closes its connection before the response is ready
  auto to = response_destination(r.message.via.front(), r.source);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->port, sent_by_port);
  // Wait until the transport has seen the close, so the response cannot use it any more.
  for (int i = 0; i < 300; ++i) {
    std::promise<std::size_t> count;
    boost::asio::post(io.context, [&] { count.set_value(transport->tcp_connection_count()); });
    if (count.get_future().get() == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  transport->send(make_response(r.message, 200, {}, "t"), *to);
  ASSERT_TRUE(test::readable(sent_by.native_handle()));
  auto socket = sent_by.accept();
  const std::string data = test::receive_messages(socket, 1);
  EXPECT_TRUE(data.starts_with("SIP/2.0 200 OK\r\n")) << data;
}

TEST_P(TransportLayerTest, UnparseableRequestIsAnswered400NamingTheFault) {
  auto client = udp_client();
  std::string no_call_id = request_text("OPTIONS", "z9hG4bKbad", "", "UDP", GetParam(), 9);
  no_call_id.erase(no_call_id.find("Call-ID: "), std::string("Call-ID: \r\n").size());
  send_udp(client, no_call_id);
  auto reply = test::receive(client);
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->starts_with("SIP/2.0 400 Missing Call-ID\r\n")) << *reply;
  EXPECT_EQ(counters.parse_errors, 1u);
  EXPECT_EQ(counters.error_responses, 1u);
}

TEST_P(TransportLayerTest, GarbageIsCountedUnansweredAndLeavesTheNextMessageAlone) {
  auto client = udp_client();
  send_udp(client, "\x16\x03\x01 definitely not SIP");
  send_udp(client, "\r\n\r\n");  // keep-alive
  send_udp(client, request_text("OPTIONS", "z9hG4bKok", "ok@test", "UDP", GetParam(), 9));
  auto r = received.pop();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->message.call_id, "ok@test");
  EXPECT_EQ(counters.parse_errors, 1u);
  EXPECT_EQ(counters.keepalives, 1u);
  EXPECT_EQ(counters.error_responses, 0u);
  answer(*r, 200);
  auto reply = test::receive(client);  // the first thing back is the good request's answer
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->starts_with("SIP/2.0 200 OK")) << *reply;
}

TEST_P(TransportLayerTest, OversizedDatagramIsAnswered513) {
  restart(600);
  auto client = udp_client();
  std::string big = request_text("OPTIONS", "z9hG4bKbig", "big@test", "UDP", GetParam(), 9);
  big.insert(big.find("Content-Length"), "X-Padding: " + std::string(700, 'a') + "\r\n");
  send_udp(client, big);
  auto reply = test::receive(client);
  ASSERT_TRUE(reply);
  EXPECT_TRUE(reply->starts_with("SIP/2.0 513 ")) << *reply;
  EXPECT_EQ(counters.oversized, 1u);
}

INSTANTIATE_TEST_SUITE_P(Loopback, TransportLayerTest, ::testing::Values("127.0.0.1", "::1"),
                         [](const auto& p) {
                           return std::string(p.param[0] == ':' ? "Ipv6" : "Ipv4");
                         });

}  // namespace
}  // namespace va::sip
