// TransportLayer with TLS on loopback: a refused certificate turns the request into a made-up
// 503 (so it fails over like an unreachable target), a request and its response over TLS,
// RFC 5923 alias reuse of an accepted connection, and CRLF pongs on TCP.
#include <gtest/gtest.h>

#include <boost/asio/write.hpp>
#include <future>

#include "sip/response_routing.h"
#include "sip/transport_layer.h"
#include "unit/sip/socket_test_support.h"
#include "unit/sip/tls_test_pki.h"

namespace va::sip {
namespace {

using test::kWait;

struct Received {
  Message message;
  TransportAddress source;
};

const auto kLoopback = boost::asio::ip::make_address("127.0.0.1");

class Node {
 public:
  Node(boost::asio::io_context& context, TransportConfig config) {
    config.listen = "127.0.0.1:0";
    layer = std::make_unique<TransportLayer>(context, counters, config,
                                             [this](Message m, const TransportAddress& s) {
                                               inbox.push({std::move(m), s});
                                             });
  }
  SipCounters counters;
  test::WaitQueue<Received> inbox;
  std::unique_ptr<TransportLayer> layer;
};

class TlsTransportLayerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::promise<void> closed;
    boost::asio::post(io.context, [&] {
      for (auto* node : {server.get(), client.get()})
        if (node) node->layer->close();
      closed.set_value();
    });
    closed.get_future().wait_for(kWait);
    io.stop();
  }
  void start(const std::string& cert, const std::string& key) {
    const auto& pki = test::test_pki();
    TransportConfig server_config;
    server_config.tls_listen = "127.0.0.1:0";
    server_config.tls = TlsSettings{cert, key, ""};
    server = std::make_unique<Node>(io.context, server_config);
    ASSERT_FALSE(server->layer->start()) << server->layer->start_error();
    TransportConfig client_config;
    client_config.tls = TlsSettings{"", "", pki.ca};
    client = std::make_unique<Node>(io.context, client_config);
    ASSERT_FALSE(client->layer->start()) << client->layer->start_error();
  }
  TransportAddress server_tls(std::string host = "gw.example.test") const {
    return TransportAddress{TransportProtocol::Tls, kLoopback, server->layer->tls_endpoint().port(),
                            0, std::move(host)};
  }
  static Message request(std::string_view branch, std::string_view extra_via = ";rport") {
    auto parsed = parse_message(
        test::request_text("OPTIONS", branch, "tls-layer", "TLS", "127.0.0.1", 5061, extra_via));
    EXPECT_TRUE(parsed);
    return *parsed;
  }

  test::IoThread io;
  std::unique_ptr<Node> server;
  std::unique_ptr<Node> client;
};

TEST_F(TlsTransportLayerTest, RefusedCertificateAnswersTheRequestWithA503) {
  const auto& pki = test::test_pki();
  start(pki.server_cert, pki.server_key);
  ASSERT_TRUE(client->layer->send(request("z9hG4bKwrong"), server_tls("wrong.example.test")));
  auto answer = client->inbox.pop();
  ASSERT_TRUE(answer) << "a refused TLS peer must answer the request at once";
  EXPECT_FALSE(answer->message.is_request);
  EXPECT_EQ(answer->message.status, 503);
  EXPECT_EQ(answer->message.reason, "TLS refused: certificate verify failed: hostname mismatch");
  EXPECT_EQ(answer->message.via.front().branch(), "z9hG4bKwrong");
  EXPECT_EQ(answer->message.to.tag(), nullptr) << "made up: no To tag (failover rule 2)";
  EXPECT_FALSE(server->inbox.pop(std::chrono::milliseconds(100)));
}

TEST_F(TlsTransportLayerTest, RequestAndResponseOverTls) {
  const auto& pki = test::test_pki();
  start(pki.server_cert, pki.server_key);
  const auto listen = server->layer->listen_addresses();
  ASSERT_EQ(listen.size(), 3u);
  EXPECT_EQ(listen[2].rfind("tls:127.0.0.1:", 0), 0u);
  ASSERT_TRUE(client->layer->send(request("z9hG4bKok"), server_tls()));
  auto got = server->inbox.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->source.protocol, TransportProtocol::Tls);
  auto to = response_destination(got->message.via.front(), got->source);
  ASSERT_TRUE(to);
  EXPECT_EQ(to->connection_id, got->source.connection_id);
  ASSERT_TRUE(server->layer->send(make_response(got->message, 200), *to));
  auto response = client->inbox.pop();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->message.status, 200);
}

TEST_F(TlsTransportLayerTest, AliasedConnectionCarriesRequestsBackToThePeer) {
  const auto& pki = test::test_pki();
  start(pki.server_cert, pki.server_key);
  // The client has no TLS listener: only RFC 5923 reuse can reach it.
  ASSERT_TRUE(client->layer->send(request("z9hG4bKalias", ";rport;alias"), server_tls()));
  auto got = server->inbox.pop();
  ASSERT_TRUE(got);
  TransportAddress back{TransportProtocol::Tls, kLoopback, 5061, 0, "127.0.0.1"};  // sent-by
  ASSERT_TRUE(server->layer->send(request("z9hG4bKback"), back));
  auto reverse = client->inbox.pop();
  ASSERT_TRUE(reverse) << "the request should come back over the aliased connection";
  EXPECT_EQ(reverse->message.via.front().branch(), "z9hG4bKback");
  EXPECT_EQ(reverse->source.connection_id != 0, true);
}

TEST_F(TlsTransportLayerTest, BadCertificateFileStopsTheStartNamingTheKey) {
  TransportConfig config;
  config.tls_listen = "127.0.0.1:0";
  config.tls = TlsSettings{"/nonexistent/cert.pem", "/nonexistent/key.pem", ""};
  Node node(io.context, config);
  EXPECT_TRUE(node.layer->start());
  EXPECT_EQ(node.layer->start_error().rfind("sip.tls_cert_file: cannot use '/nonexistent/", 0), 0u)
      << node.layer->start_error();
  // Nothing was started (no async work on the io thread): the destructor closes the sockets.
}

TEST_F(TlsTransportLayerTest, TcpPingIsAnsweredWithCrlf) {
  const auto& pki = test::test_pki();
  start(pki.server_cert, pki.server_key);
  boost::asio::io_context raw_io;
  boost::asio::ip::tcp::socket raw(raw_io);
  raw.connect(server->layer->tcp_endpoint());
  boost::asio::write(raw, boost::asio::buffer(std::string("\r\n\r\n")));
  ASSERT_TRUE(test::readable(raw.native_handle()));
  char buffer[16];
  const auto n = raw.read_some(boost::asio::buffer(buffer));
  EXPECT_EQ(std::string(buffer, n), "\r\n");
}

}  // namespace
}  // namespace va::sip
