// The /api/events test fixture: the REST API + HTTP server + EventHub on 127.0.0.1, wired as
// app/api_runtime.cc wires them, and a blocking Beast WebSocket client whose reads are all
// bounded by a deadline. Shared by events_ws_test.cc and events_session_end_test.cc.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "api/event_hub.h"
#include "api/http_server.h"
#include "api/rest_api.h"
#include "api/static_files.h"
#include "crm/db_pool.h"
#include "http_client.h"

namespace va::api::events_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using testing::ClientResponse;
using testing::HttpClient;

inline constexpr const char* kSuper = "super-secret-1";

// The REST API + HTTP server + EventHub, wired as app/ should wire them.
class EventsServer {
 public:
  explicit EventsServer(EventSessionLimits limits = {}) {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("va-events-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_ / "web" / "assets");
    std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>voiceagent</title>";
    std::ofstream(dir_ / "web" / "assets" / "app-1a2b.js") << "export {}";
    store_ = std::move(*crm::Store::create("sqlite:" + (dir_ / "va.db").string(), 4));
    auto env = [](const std::string&) { return std::optional<std::string>{}; };
    auto vault = crm::KeyVault::load(dir_.string(), env);
    keys_ = std::make_unique<crm::KeyPool>(*store_, *vault);
    const auto cost = crm::PasswordCost::minimum();
    accounts_ = std::make_unique<crm::Accounts>(*store_, *keys_, cost);
    EXPECT_TRUE(accounts_->bootstrap_superadmin(kSuper));
    auth_ = std::make_unique<crm::Auth>(*store_, core::Clock::steady(), cost);
    api_ =
        std::make_unique<RestApi>(ApiDeps{*store_, *auth_, *accounts_, *keys_, nullptr, metrics_});
    files_ = std::make_unique<StaticFiles>(dir_ / "web");
    api_->set_static_files(files_.get());
    db_ = std::make_unique<crm::DbPool>(2);
    server_ = std::make_unique<HttpServer>([this](const HttpRequest& r) { return api_->handle(r); },
                                           *db_);
    hub_ = std::make_unique<EventHub>(server_->executor());
    server_->enable_events(
        *hub_, [this](const HttpRequest& r) { return api_->event_viewer(r); }, limits);
    auth_->set_session_end_listener([this](const crm::SessionEnd& e) { hub_->end_sessions(e); });
    port_ = server_->start("127.0.0.1:0").value();
  }
  ~EventsServer() {
    server_->stop();
    db_->stop();
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::uint16_t port() const { return port_; }
  EventHub& hub() { return *hub_; }
  crm::Store& store() { return *store_; }
  crm::Auth& auth() { return *auth_; }

  std::string login(const std::string& user, const std::string& password) {
    HttpClient c(port_);
    auto r = c.request("POST", "/api/auth/login",
                       json::serialize(json::object{{"username", user}, {"password", password}}));
    return r.status == 200 ? std::string(json::parse(r.body).at("token").as_string()) : "";
  }
  crm::Id create_user(const std::string& token, const std::string& name, const char* role,
                      crm::Id parent = 0) {
    HttpClient c(port_);
    json::object body{{"username", name}, {"password", "password-123"}, {"role", role}};
    if (parent) body["parent_id"] = parent;
    auto r = c.request("POST", "/api/users", json::serialize(body), token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body).at("id").as_int64() : 0;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  std::unique_ptr<crm::Accounts> accounts_;
  std::unique_ptr<crm::Auth> auth_;
  Metrics metrics_;
  std::unique_ptr<RestApi> api_;
  std::unique_ptr<StaticFiles> files_;
  std::unique_ptr<crm::DbPool> db_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<EventHub> hub_;
  std::uint16_t port_ = 0;
};

// A blocking WebSocket client; every read is bounded by a deadline.
class WsClient {
 public:
  // With a cookie, the Origin a browser on the UI's own page sends, unless `origin` names
  // another ("-": none).
  WsClient(std::uint16_t port, const std::string& target, const std::string& cookie = "",
           std::string origin = "")
      : ws_(io_) {
    const std::string host = "127.0.0.1:" + std::to_string(port);
    if (origin.empty() && !cookie.empty()) origin = "http://" + host;
    if (origin == "-") origin.clear();
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(5));
    ws_.set_option(
        websocket::stream_base::decorator([cookie, origin](websocket::request_type& req) {
          if (!cookie.empty()) req.set(beast::http::field::cookie, cookie);
          if (!origin.empty()) req.set(beast::http::field::origin, origin);
        }));
    ws_.handshake(response_, host, target, ec_);
    beast::get_lowest_layer(ws_).expires_never();
  }
  bool ok() const { return !ec_; }
  int status() const { return static_cast<int>(response_.result_int()); }

  // The next text message, or "" on timeout/close (close_code() tells which).
  std::string read(std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    beast::flat_buffer buf;
    bool done = false;
    boost::system::error_code ec;
    ws_.async_read(buf, [&](boost::system::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    io_.restart();
    io_.run_for(timeout);
    if (!done) {
      beast::get_lowest_layer(ws_).cancel();
      io_.restart();
      io_.run_for(std::chrono::milliseconds(500));
      timed_out_ = true;
      return "";
    }
    if (ec) {
      closed_ = true;
      return "";
    }
    return beast::buffers_to_string(buf.data());
  }
  // Reads until a message whose "type" is `type` (skipping others), or "" on timeout.
  json::value read_type(const std::string& type) {
    for (int i = 0; i < 50; ++i) {
      auto m = read();
      if (m.empty()) return nullptr;
      auto v = json::parse(m);
      if (v.at("type").as_string() == type) return v;
    }
    return nullptr;
  }
  void send(const std::string& text) { ws_.write(asio::buffer(text)); }
  bool timed_out() const { return timed_out_; }
  bool closed() const { return closed_; }
  websocket::close_reason close_reason() const { return ws_.reason(); }

 private:
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  websocket::response_type response_;
  boost::system::error_code ec_;
  bool timed_out_ = false;
  bool closed_ = false;
};

inline call::CallEvent answered(crm::Id call_id, crm::Id owner, crm::Id parent) {
  call::CallEvent e;
  e.type = call::CallEventType::Answered;
  e.call_id = call_id;
  e.owner_id = owner;
  e.owner_parent_id = parent;
  e.status = crm::CallStatus::Active;
  e.at = std::chrono::system_clock::now();
  call::MediaFacts m;
  m.local_rtp_port = 10000 + static_cast<std::int64_t>(call_id) * 2;
  m.key_fingerprint = "abcdefabcdef";
  e.media = m;
  return e;
}

// A server with one tenant: superadmin, admin1 and its agents alice and bob.
class TenantEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    super_ = server_.login("superadmin", kSuper);
    ASSERT_FALSE(super_.empty());
    admin_ = server_.create_user(super_, "admin1", "admin");
    alice_ = server_.create_user(super_, "alice", "agent", admin_);
    bob_ = server_.create_user(super_, "bob", "agent", admin_);
    ASSERT_TRUE(admin_ && alice_ && bob_);
  }
  EventsServer server_;
  std::string super_;
  crm::Id admin_ = 0, alice_ = 0, bob_ = 0;
};

}  // namespace va::api::events_test
