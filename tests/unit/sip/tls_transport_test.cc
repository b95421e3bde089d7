// TlsTransport over real loopback TLS with a test CA: handshake, verification refusals (host
// name, untrusted CA, expired), connection reuse, keep-alive ping/pong and a lost pong, a
// message split over TLS records, and bytes that are not TLS.
#include "sip/tls_transport.h"

#include <gtest/gtest.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <thread>

#include "unit/sip/socket_test_support.h"
#include "unit/sip/tls_test_pki.h"

namespace va::sip {
namespace {

namespace ssl = boost::asio::ssl;
using boost::asio::ip::tcp;
using test::kWait;

struct Received {
  std::string message;
  TransportAddress source;
};

const boost::asio::ip::address kLoopback = boost::asio::ip::make_address("127.0.0.1");

std::string options(std::string_view branch) {
  return test::request_text("OPTIONS", branch, "tls-call", "TLS", "127.0.0.1", 5061);
}

// Waits (bounded) until `done` holds; the counters are written on the io thread.
template <class Pred>
bool eventually(Pred done, std::chrono::milliseconds timeout = kWait) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

class TlsTransportTest : public ::testing::Test {
 protected:
  void TearDown() override {
    std::promise<void> closed;
    boost::asio::post(io.context, [&] {
      if (server) server->close();
      if (client) client->close();
      closed.set_value();
    });
    closed.get_future().wait_for(kWait);
    io.stop();
  }
  void start_server(const std::string& cert, const std::string& key) {
    server = std::make_unique<TlsTransport>(io.context, make_tls_contexts({cert, key, ""}), 65535,
                                            TlsKeepAlive{}, server_counters, hooks(server_inbox));
    ASSERT_FALSE(server->listen({kLoopback, 0}));
    boost::asio::post(io.context, [this] { server->start(); });
    port = server->local_endpoint().port();
  }
  void start_client(TlsKeepAlive keepalive = {}) {
    client =
        std::make_unique<TlsTransport>(io.context, make_tls_contexts({"", "", test::test_pki().ca}),
                                       65535, keepalive, client_counters, hooks(client_inbox));
  }
  TlsTransport::Hooks hooks(test::WaitQueue<Received>& inbox) {
    TlsTransport::Hooks h;
    h.on_message = [&inbox](std::string m, const TransportAddress& s) {
      inbox.push({std::move(m), s});
    };
    h.on_flow_failed = [this](const TransportAddress& flow) { failed_flows.push(flow); };
    return h;
  }
  TransportAddress target(std::string host = "gw.example.test") const {
    return TransportAddress{TransportProtocol::Tls, kLoopback, port, 0, std::move(host)};
  }
  // Sends from the client; the error reason, if the send failed within the wait.
  std::optional<std::string> send_and_wait_error(const TransportAddress& to) {
    auto reason = std::make_shared<std::promise<std::string>>();
    auto future = reason->get_future();
    client->send(options("z9hG4bKerr"), to,
                 [reason](const std::string& r) { reason->set_value(r); });
    if (future.wait_for(kWait) != std::future_status::ready) return std::nullopt;
    return future.get();
  }
  template <class T>
  T on_io(std::function<T()> read) {
    std::promise<T> value;
    boost::asio::post(io.context, [&] { value.set_value(read()); });
    return value.get_future().get();
  }

  test::IoThread io;
  TlsCounters server_counters;
  TlsCounters client_counters;
  test::WaitQueue<Received> server_inbox;
  test::WaitQueue<Received> client_inbox;
  test::WaitQueue<TransportAddress> failed_flows;
  std::unique_ptr<TlsTransport> server;
  std::unique_ptr<TlsTransport> client;
  std::uint16_t port = 0;
};

TEST_F(TlsTransportTest, HandshakeCarriesRequestAndResponseOnTheSameConnection) {
  const auto& pki = test::test_pki();
  start_server(pki.server_chain, pki.server_key);
  start_client();
  client->send(options("z9hG4bK1"), target());
  auto request = server_inbox.pop();
  ASSERT_TRUE(request) << "no request over TLS";
  EXPECT_EQ(request->source.protocol, TransportProtocol::Tls);
  EXPECT_NE(request->source.connection_id, 0u);
  EXPECT_NE(request->message.find("z9hG4bK1"), std::string::npos);
  // The response goes back on the connection the request came on (18.2.2).
  server->send("SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS x;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n",
               request->source);
  auto response = client_inbox.pop();
  ASSERT_TRUE(response) << "no response over the same connection";
  EXPECT_EQ(response->message.rfind("SIP/2.0 200 OK", 0), 0u);
  EXPECT_EQ(client_counters.handshakes_ok.load(), 1u);
  EXPECT_EQ(server_counters.handshakes_ok.load(), 1u);
  EXPECT_EQ(client_counters.connections_live.load(), 1);
  EXPECT_EQ(on_io<std::size_t>([this] { return server->connection_count(); }), 1u);
}

TEST_F(TlsTransportTest, IpLiteralTargetVerifiesAgainstTheIpSan) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  start_client();
  client->send(options("z9hG4bKip"), target(""));
  ASSERT_TRUE(server_inbox.pop()) << "an IP target should verify against IP:127.0.0.1";
}

TEST_F(TlsTransportTest, RefusesCertificateForAnotherHostName) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  start_client();
  auto reason = send_and_wait_error(target("other.example.test"));
  ASSERT_TRUE(reason) << "the send should fail";
  EXPECT_EQ(*reason, "certificate verify failed: hostname mismatch");
  EXPECT_EQ(client_counters.failed(TlsFailure::HostnameMismatch), 1u);
  EXPECT_EQ(client_counters.handshakes_ok.load(), 0u);
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(200)));
}

TEST_F(TlsTransportTest, RefusesCertificateFromAnUntrustedCa) {
  const auto& pki = test::test_pki();
  start_server(pki.rogue_cert, pki.rogue_key);
  start_client();
  auto reason = send_and_wait_error(target());
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("certificate verify failed: unable to get local issuer certificate"),
            std::string::npos)
      << *reason;
  EXPECT_EQ(client_counters.failed(TlsFailure::Untrusted), 1u);
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(200)));
}

TEST_F(TlsTransportTest, RefusesExpiredCertificate) {
  const auto& pki = test::test_pki();
  start_server(pki.expired_cert, pki.expired_key);
  start_client();
  auto reason = send_and_wait_error(target());
  ASSERT_TRUE(reason);
  EXPECT_EQ(*reason, "certificate verify failed: certificate has expired");
  EXPECT_EQ(client_counters.failed(TlsFailure::Expired), 1u);
}

TEST_F(TlsTransportTest, ConnectionRefusedFailsTheSend) {
  start_client();
  tcp::acceptor closed(io.context, {kLoopback, 0});
  port = closed.local_endpoint().port();
  closed.close();
  auto reason = send_and_wait_error(target());
  ASSERT_TRUE(reason);
  EXPECT_EQ(reason->rfind("connect failed", 0), 0u) << *reason;
  EXPECT_EQ(client_counters.failed(TlsFailure::Connect), 1u);
}

TEST_F(TlsTransportTest, RequestsToOnePeerReuseOneConnection) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  start_client();
  for (int i = 0; i < 5; ++i)
    client->send(options("z9hG4bKreuse" + std::to_string(i)), target());
  std::uint64_t connection = 0;
  for (int i = 0; i < 5; ++i) {
    auto got = server_inbox.pop();
    ASSERT_TRUE(got) << "message " << i;
    if (i == 0) connection = got->source.connection_id;
    EXPECT_EQ(got->source.connection_id, connection);
  }
  EXPECT_EQ(client_counters.handshakes_ok.load(), 1u);
  EXPECT_EQ(on_io<std::size_t>([this] { return client->connection_count(); }), 1u);
  // Another verified name is another connection: reuse never skips verification.
  client->send(options("z9hG4bKlocal"), target("localhost"));
  ASSERT_TRUE(server_inbox.pop());
  EXPECT_EQ(client_counters.handshakes_ok.load(), 2u);
}

TEST_F(TlsTransportTest, KeepAlivePingsAreAnsweredWithPongs) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  start_client(TlsKeepAlive{std::chrono::milliseconds(30), std::chrono::milliseconds(2000)});
  client->send(options("z9hG4bKka"), target());
  ASSERT_TRUE(server_inbox.pop());
  ASSERT_TRUE(eventually([&] { return client_counters.pongs_received.load() >= 3; }))
      << "pings " << client_counters.pings_sent.load() << " pongs "
      << client_counters.pongs_received.load();
  EXPECT_GE(server_counters.pings_answered.load(), 3u);
  EXPECT_EQ(client_counters.flows_failed.load(), 0u);
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(50))) << "a ping is not a message";
}

// A TLS peer that completes the handshake and then reads and never writes.
class SilentTlsPeer {
 public:
  explicit SilentTlsPeer(const test::TestPki& pki)
      : context_(make_tls_contexts({pki.server_cert, pki.server_key, ""})),
        acceptor_(io_, {kLoopback, 0}) {
    port = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] {
      ssl::stream<tcp::socket> stream(acceptor_.accept(), *context_.server);
      timeval limit{5, 0};  // bounded: a broken test never hangs
      ::setsockopt(stream.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit,
                   sizeof limit);
      boost::system::error_code ec;
      stream.handshake(ssl::stream_base::server, ec);
      char buffer[1024];
      while (!ec)
        stream.read_some(boost::asio::buffer(buffer), ec);
    });
  }
  ~SilentTlsPeer() { thread_.join(); }
  std::uint16_t port = 0;

 private:
  boost::asio::io_context io_;
  TlsContexts context_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

TEST_F(TlsTransportTest, FlowWithoutPongIsClosedAndReported) {
  SilentTlsPeer peer(test::test_pki());
  port = peer.port;
  start_client(TlsKeepAlive{std::chrono::milliseconds(30), std::chrono::milliseconds(150)});
  client->send(options("z9hG4bKsilent"), target());
  auto flow = failed_flows.pop();
  ASSERT_TRUE(flow) << "the silent flow should fail";
  EXPECT_EQ(flow->port, peer.port);
  EXPECT_EQ(flow->protocol, TransportProtocol::Tls);
  EXPECT_EQ(client_counters.flows_failed.load(), 1u);
  EXPECT_TRUE(eventually([&] { return client_counters.connections_live.load() == 0; }));
}

// A raw TLS client in the test thread (trusting our CA), for byte-level control.
class RawTlsClient {
 public:
  explicit RawTlsClient(std::uint16_t port)
      : context_(make_tls_contexts({"", "", test::test_pki().ca})), stream_(io_, *context_.client) {
    stream_.next_layer().connect({kLoopback, port});
    timeval limit{3, 0};
    ::setsockopt(stream_.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit,
                 sizeof limit);
    stream_.handshake(ssl::stream_base::client);
  }
  // One write = one TLS record.
  void write(std::string_view bytes) { boost::asio::write(stream_, boost::asio::buffer(bytes)); }
  std::string read_some() {
    char buffer[256];
    boost::system::error_code ec;
    const auto n = stream_.read_some(boost::asio::buffer(buffer), ec);
    return ec ? std::string() : std::string(buffer, n);
  }

 private:
  boost::asio::io_context io_;
  TlsContexts context_;
  ssl::stream<tcp::socket> stream_;
};

TEST_F(TlsTransportTest, MessageSplitOverTlsRecordsArrivesWhole) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  RawTlsClient raw(port);
  const std::string message = options("z9hG4bKsplit");
  raw.write(message.substr(0, 10));
  raw.write(message.substr(10, 60));
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(100))) << "half a message passed";
  raw.write(message.substr(70));
  auto got = server_inbox.pop();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->message, message);
}

TEST_F(TlsTransportTest, PeersPingIsAnsweredWithCrlf) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  RawTlsClient raw(port);
  raw.write("\r\n\r\n");
  EXPECT_EQ(raw.read_some(), "\r\n");
  EXPECT_EQ(server_counters.pings_answered.load(), 1u);
}

TEST_F(TlsTransportTest, UnframeableStreamClosesTheConnection) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  RawTlsClient raw(port);
  raw.write("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: nope\r\n\r\n");
  EXPECT_EQ(raw.read_some(), "") << "the server should close the connection";
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(50)));
  EXPECT_TRUE(eventually([&] { return server_counters.connections_live.load() == 0; }));
}

TEST_F(TlsTransportTest, PlainTcpBytesAreAFailedHandshake) {
  const auto& pki = test::test_pki();
  start_server(pki.server_cert, pki.server_key);
  tcp::socket plain(io.context);
  plain.connect({kLoopback, port});
  boost::asio::write(plain, boost::asio::buffer(options("z9hG4bKplain")));
  EXPECT_TRUE(eventually([&] { return server_counters.failed(TlsFailure::Handshake) == 1; }));
  EXPECT_FALSE(server_inbox.pop(std::chrono::milliseconds(50)));
}

TEST(TlsContextTest, MissingFilesAreRefusedNamingTheKey) {
  const auto& pki = test::test_pki();
  auto message = [](const TlsSettings& s) {
    try {
      make_tls_contexts(s);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message({"/nonexistent.pem", pki.server_key, ""}).rfind("sip.tls_cert_file: ", 0), 0u);
  EXPECT_EQ(message({pki.server_cert, "/nonexistent.key", ""}).rfind("sip.tls_key_file: ", 0), 0u);
  EXPECT_EQ(message({pki.server_cert, pki.rogue_key, ""}).rfind("sip.tls_key_file: ", 0), 0u);
  EXPECT_EQ(message({"", "", "/nonexistent-ca.pem"}).rfind("sip.tls_ca_file: ", 0), 0u);
  EXPECT_EQ(message({pki.server_chain, pki.server_key, pki.ca}), "");
}

}  // namespace
}  // namespace va::sip
