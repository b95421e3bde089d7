// core::http_post against real loopback servers: plain HTTP and TLS (a test CA from the openssl
// CLI, trusted through SSL_CERT_FILE), a certificate for another name refused before any byte
// of the request leaves, a server that accepts and never answers timed out within the deadline,
// and an answer longer than the limit cut with its status kept.
#include "core/http_post.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "integration/test_pki.h"

namespace va::core {
namespace {
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// One thread; every connection is answered with `status` and `body` unless `stall` is set, in
// which case it is accepted and then left alone (never read, never answered) for 10 s.
class TestServer {
 public:
  struct Seen {
    std::string target, host, content_type, api_key, body;
  };

  TestServer(int status, std::string body, bool stall = false, const std::string& chain_file = "",
             const std::string& key_file = "")
      : status_(status), body_(std::move(body)), stall_(stall) {
    if (!chain_file.empty()) {
      tls_.emplace(asio::ssl::context::tls_server);
      tls_->use_certificate_chain_file(chain_file);
      tls_->use_private_key_file(key_file, asio::ssl::context::pem);
    }
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() {
    io_.stop();
    thread_.join();
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  std::string port() const { return std::to_string(acceptor_.local_endpoint().port()); }
  int accepted() const { return accepted_.load(); }
  int handshakes() const { return handshakes_.load(); }
  std::vector<Seen> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket s =
          co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      ++accepted_;
      asio::co_spawn(io_, serve(std::move(s)), asio::detached);
    }
  }

  asio::awaitable<void> serve(tcp::socket s) {
    boost::system::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    if (stall_) {
      asio::steady_timer hold(io_, 10s);
      co_await hold.async_wait(token);
      co_return;
    }
    if (!tls_) co_return co_await exchange(s);
    asio::ssl::stream<tcp::socket> stream(std::move(s), *tls_);
    co_await stream.async_handshake(asio::ssl::stream_base::server, token);
    if (ec) co_return;
    ++handshakes_;
    co_await exchange(stream);
  }

  template <class Stream>
  asio::awaitable<void> exchange(Stream& stream) {
    boost::system::error_code ec;
    auto token = asio::redirect_error(asio::use_awaitable, ec);
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    co_await http::async_read(stream, buffer, req, token);
    if (ec) co_return;
    {
      std::lock_guard lock(mu_);
      seen_.push_back({std::string(req.target()), std::string(req[http::field::host]),
                       std::string(req[http::field::content_type]), std::string(req["x-api-key"]),
                       req.body()});
    }
    http::response<http::string_body> res{static_cast<http::status>(status_), 11};
    res.body() = body_;
    res.prepare_payload();
    co_await http::async_write(stream, res, token);
  }

  int status_;
  std::string body_;
  bool stall_;
  std::optional<asio::ssl::context> tls_;
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::thread thread_;
  std::atomic<int> accepted_{0};
  std::atomic<int> handshakes_{0};
  mutable std::mutex mu_;
  std::vector<Seen> seen_;
};

HttpPostRequest post_to(bool tls, const std::string& host, const std::string& port) {
  HttpPostRequest r;
  r.to = {tls, host, port, "/hook?x=1"};
  r.headers = {{"x-api-key", "k1"}};
  r.body = R"({"hello":"world"})";
  r.timeout = 3000ms;
  return r;
}

TEST(HttpPost, PlainHttpSendsTheRequestAndReturnsTheAnswer) {
  TestServer server(201, R"({"ok":true})");
  auto reply = http_post(post_to(false, "127.0.0.1", server.port()));
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.body, R"({"ok":true})");
  EXPECT_FALSE(reply.body_cut);
  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/hook?x=1");
  EXPECT_EQ(seen[0].host, "127.0.0.1:" + server.port());
  EXPECT_EQ(seen[0].content_type, "application/json");
  EXPECT_EQ(seen[0].api_key, "k1");
  EXPECT_EQ(seen[0].body, R"({"hello":"world"})");
}

TEST(HttpPost, AnErrorStatusIsAnAnswerNotAFailure) {
  TestServer server(503, "busy");
  auto reply = http_post(post_to(false, "127.0.0.1", server.port()));
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(reply.status, 503);
  EXPECT_EQ(reply.body, "busy");
}

TEST(HttpPost, AnAnswerAboveTheLimitIsCutAndKeepsItsStatus) {
  TestServer server(200, std::string(5000, 'x'));
  auto request = post_to(false, "127.0.0.1", server.port());
  request.max_body = 1000;
  auto reply = http_post(request);
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body_cut);
  EXPECT_EQ(reply.body, "");
}

TEST(HttpPost, AServerThatNeverAnswersTimesOutAtTheDeadline) {
  TestServer server(200, "", /*stall=*/true);
  auto request = post_to(false, "127.0.0.1", server.port());
  request.timeout = 300ms;
  const auto start = std::chrono::steady_clock::now();
  auto reply = http_post(request);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(reply.error, "HTTP 127.0.0.1: timed out");
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3s);
}

TEST(HttpPost, NobodyListeningFailsTheConnect) {
  std::string port;
  {
    TestServer gone(200, "");
    port = gone.port();
  }
  auto reply = http_post(post_to(false, "127.0.0.1", port));
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(reply.error.rfind("connect 127.0.0.1: ", 0), 0u) << reply.error;
}

TEST(HttpPost, HostHeaderBracketsIpv6AndOmitsTheDefaultPort) {
  EXPECT_EQ(host_header({true, "example.com", "443", "/"}), "example.com");
  EXPECT_EQ(host_header({false, "example.com", "80", "/"}), "example.com");
  EXPECT_EQ(host_header({true, "example.com", "80", "/"}), "example.com:80");
  EXPECT_EQ(host_header({false, "::1", "8080", "/"}), "[::1]:8080");
}

class HttpsPost : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pki_.ok()) << "openssl could not make the test CA";
    ASSERT_EQ(::setenv("SSL_CERT_FILE", pki_.ca().c_str(), 1), 0);
    ASSERT_EQ(::setenv("SSL_CERT_DIR", pki_.path("no-such-dir").c_str(), 1), 0);
  }
  void TearDown() override {
    ::unsetenv("SSL_CERT_FILE");
    ::unsetenv("SSL_CERT_DIR");
  }
  std::unique_ptr<TestServer> serve(const std::string& name, int status, std::string body) {
    return std::make_unique<TestServer>(status, std::move(body), false, pki_.path(name + ".pem"),
                                        pki_.path(name + ".key"));
  }
  va::test::TestPki pki_;
};

TEST_F(HttpsPost, ATrustedCertificateForTheHostSucceeds) {
  ASSERT_TRUE(pki_.issue("localhost", "localhost"));
  auto server = serve("localhost", 200, "secret answer");
  auto reply = http_post(post_to(true, "localhost", server->port()));
  EXPECT_EQ(reply.error, "");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "secret answer");
  EXPECT_EQ(server->handshakes(), 1);
  ASSERT_EQ(server->seen().size(), 1u);
  EXPECT_EQ(server->seen()[0].body, R"({"hello":"world"})");
}

TEST_F(HttpsPost, ACertificateForAnotherNameIsRefusedBeforeTheRequestLeaves) {
  ASSERT_TRUE(pki_.issue("other", "other.test"));  // trusted chain, wrong name
  auto server = serve("other", 200, "must not be read");
  auto reply = http_post(post_to(true, "localhost", server->port()));
  EXPECT_EQ(reply.status, 0);
  EXPECT_EQ(reply.error.rfind("TLS localhost: ", 0), 0u) << reply.error;
  EXPECT_NE(reply.error.find("hostname mismatch"), std::string::npos) << reply.error;
  EXPECT_EQ(server->handshakes(), 0);
  EXPECT_TRUE(server->seen().empty());
}

TEST_F(HttpsPost, AnIpAddressMustBeInTheCertificate) {
  ASSERT_TRUE(pki_.issue("localhost", "localhost"));  // names localhost, not 127.0.0.1
  auto server = serve("localhost", 200, "");
  auto reply = http_post(post_to(true, "127.0.0.1", server->port()));
  EXPECT_EQ(reply.status, 0);
  EXPECT_NE(reply.error.find("certificate verify failed"), std::string::npos) << reply.error;
  EXPECT_TRUE(server->seen().empty());
}

TEST_F(HttpsPost, AnUntrustedIssuerFailsTheChain) {
  ASSERT_TRUE(pki_.issue("stranger", "localhost", /*self_signed=*/true));
  auto server = serve("stranger", 200, "");
  auto reply = http_post(post_to(true, "localhost", server->port()));
  EXPECT_EQ(reply.status, 0);
  EXPECT_NE(reply.error.find("certificate verify failed"), std::string::npos) << reply.error;
  EXPECT_TRUE(server->seen().empty());
}

}  // namespace
}  // namespace va::core
