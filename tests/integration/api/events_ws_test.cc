// /api/events over a real Beast WebSocket client on 127.0.0.1: each user gets the events of
// the calls it may see and no others; no login is 401; junk from the client is ignored; a
// subscriber that stops reading is closed instead of buffered without end. Also the web UI
// and GET /api/stats over real HTTP.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <future>

#include "api/event_hub.h"
#include "api/http_server.h"
#include "api/rest_api.h"
#include "api/static_files.h"
#include "crm/db_pool.h"
#include "http_client.h"

namespace va::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using testing::ClientResponse;
using testing::HttpClient;

constexpr const char* kSuper = "super-secret-1";

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
  WsClient(std::uint16_t port, const std::string& target, const std::string& cookie = "")
      : ws_(io_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(5));
    if (!cookie.empty()) {
      ws_.set_option(websocket::stream_base::decorator(
          [cookie](websocket::request_type& req) { req.set(beast::http::field::cookie, cookie); }));
    }
    ws_.handshake(response_, "127.0.0.1", target, ec_);
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

call::CallEvent answered(crm::Id call_id, crm::Id owner, crm::Id parent) {
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

class EventsTest : public ::testing::Test {
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

TEST_F(EventsTest, EachAgentGetsItsOwnCallsAndNotTheOtherAgents) {
  const auto alice_token = server_.login("alice", "password-123");
  const auto bob_token = server_.login("bob", "password-123");
  WsClient alice(server_.port(), "/api/events?token=" + alice_token);
  WsClient bob(server_.port(), "/api/events", "va_session=" + bob_token);
  ASSERT_TRUE(alice.ok());
  ASSERT_TRUE(bob.ok());
  ASSERT_FALSE(alice.read_type("hello").is_null());
  ASSERT_FALSE(bob.read_type("hello").is_null());

  server_.hub().publish(answered(101, bob_, admin_));
  server_.hub().publish(answered(100, alice_, admin_));
  auto a = alice.read_type("call.answered");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a.at("call").at("id").as_int64(), 100);
  EXPECT_EQ(a.at("call").at("media").at("local_rtp_port").as_int64(), 10200);
  auto b = bob.read_type("call.answered");
  ASSERT_FALSE(b.is_null());
  EXPECT_EQ(b.at("call").at("id").as_int64(), 101);
  // Nothing else arrives: alice never sees call 101, bob never sees call 100.
  EXPECT_EQ(alice.read(std::chrono::milliseconds(300)), "");
  EXPECT_TRUE(alice.timed_out());
  EXPECT_EQ(bob.read(std::chrono::milliseconds(300)), "");
  EXPECT_TRUE(bob.timed_out());
}

TEST_F(EventsTest, AdminAndSuperadminSeeTheirAgentsCallsButAnotherAdminDoesNot) {
  const auto other_admin = server_.create_user(super_, "admin2", "admin");
  ASSERT_NE(other_admin, 0);
  WsClient admin(server_.port(), "/api/events?token=" + server_.login("admin1", "password-123"));
  WsClient other(server_.port(), "/api/events?token=" + server_.login("admin2", "password-123"));
  WsClient super(server_.port(), "/api/events?token=" + super_);
  ASSERT_TRUE(admin.ok() && other.ok() && super.ok());
  for (auto* c : {&admin, &other, &super})
    ASSERT_FALSE(c->read_type("hello").is_null());
  server_.hub().publish(answered(7, alice_, admin_));
  // Events fan out in publish order: if call 7 leaked to admin2, it would come before 8.
  server_.hub().publish(answered(8, other_admin, 0));
  auto a = admin.read_type("call.answered");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a.at("call").at("id").as_int64(), 7);
  auto s7 = super.read_type("call.answered");
  auto s8 = super.read_type("call.answered");
  ASSERT_FALSE(s7.is_null() || s8.is_null());
  EXPECT_EQ(s7.at("call").at("id").as_int64(), 7);
  EXPECT_EQ(s8.at("call").at("id").as_int64(), 8);
  auto o = other.read_type("call.answered");
  ASSERT_FALSE(o.is_null());
  EXPECT_EQ(o.at("call").at("id").as_int64(), 8);
  EXPECT_EQ(admin.read(std::chrono::milliseconds(300)), "");  // admin1 never sees call 8
  EXPECT_TRUE(admin.timed_out());
}

TEST_F(EventsTest, AnUpgradeWithoutAValidSessionIs401) {
  WsClient none(server_.port(), "/api/events");
  EXPECT_FALSE(none.ok());
  EXPECT_EQ(none.status(), 401);
  WsClient bad(server_.port(), "/api/events?token=not-a-token");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status(), 401);
  // A plain GET (no upgrade) is told to upgrade.
  HttpClient http(server_.port());
  EXPECT_EQ(http.request("GET", "/api/events", "", super_).status, 426);
}

TEST_F(EventsTest, MalformedClientMessagesAreIgnored) {
  WsClient alice(server_.port(), "/api/events?token=" + server_.login("alice", "password-123"));
  ASSERT_TRUE(alice.ok());
  ASSERT_FALSE(alice.read_type("hello").is_null());
  alice.send("{not json");
  alice.send(std::string("\x00\xff\xfe", 3));
  alice.send(R"({"type":"subscribe","call_id":999999})");
  server_.hub().publish(answered(5, alice_, admin_));
  auto m = alice.read_type("call.answered");
  ASSERT_FALSE(m.is_null());
  EXPECT_EQ(m.at("call").at("id").as_int64(), 5);
  // The server still answers HTTP as before.
  HttpClient http(server_.port());
  EXPECT_EQ(http.request("GET", "/healthz").status, 200);
}

TEST(EventsSlowSubscriber, IsClosedWithPolicyErrorInsteadOfBufferingWithoutEnd) {
  EventSessionLimits limits;
  limits.max_queued = 8;
  EventsServer server(limits);
  const auto token = server.login("superadmin", kSuper);
  WsClient slow(server.port(), "/api/events?token=" + token);
  ASSERT_TRUE(slow.ok());
  ASSERT_FALSE(slow.read_type("hello").is_null());
  // Large transcript lines, far more than the socket buffers hold, while nobody reads.
  auto e = answered(1, 1, 0);
  e.type = call::CallEventType::Transcript;
  e.text.assign(64 * 1024, 'x');
  for (int i = 0; i < 400; ++i)
    server.hub().publish(e);
  int received = 0;
  for (int i = 0; i < 1000 && !slow.closed() && !slow.timed_out(); ++i) {
    if (!slow.read(std::chrono::milliseconds(5000)).empty()) ++received;
  }
  EXPECT_TRUE(slow.closed());
  EXPECT_LT(received, 400);
  EXPECT_EQ(slow.close_reason().code, websocket::close_code::policy_error);
}

TEST_F(EventsTest, ServesTheWebUiNextToTheApi) {
  HttpClient http(server_.port());
  auto index = http.request("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>voiceagent</title>"), std::string::npos);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  auto route = http.request("GET", "/calls/12");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, index.body);
  auto js = http.request("GET", "/assets/app-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(http.request("GET", "/api/no-such-thing").status, 404);
  EXPECT_EQ(json::parse(http.request("GET", "/api/no-such-thing").body)
                .at("error")
                .at("code")
                .as_string(),
            "not_found");
  for (const char* bad : {"/../va.db", "/%2e%2e/va.db", "/assets/..%2F..%2Fva.db"}) {
    auto r = http.request("GET", bad);
    EXPECT_NE(r.status, 200) << bad;
  }
}

TEST_F(EventsTest, StatsCountOnlyTheCallsTheUserMaySee) {
  const auto now = crm::now_ms();
  for (auto [owner, outcome] : {std::pair{alice_, "interested"}, std::pair{alice_, "voicemail"},
                                std::pair{bob_, "interested"}}) {
    crm::Call c;
    c.owner_id = owner;
    c.to = "+15550001";
    c.status = crm::CallStatus::Ended;
    c.outcome = outcome;
    c.created_at = now - 1000;
    ASSERT_TRUE(server_.store().create_call(c));
  }
  crm::Call live;
  live.owner_id = bob_;
  live.to = "+15550002";
  live.status = crm::CallStatus::Active;
  live.created_at = now;
  ASSERT_TRUE(server_.store().create_call(live));

  HttpClient http(server_.port());
  auto a = http.request("GET", "/api/stats?days=7", "", server_.login("alice", "password-123"));
  ASSERT_EQ(a.status, 200) << a.body;
  auto av = json::parse(a.body);
  EXPECT_EQ(av.at("today").as_int64(), 2);
  EXPECT_EQ(av.at("active").as_int64(), 0);
  EXPECT_EQ(av.at("outcomes").at("interested").as_int64(), 1);
  EXPECT_EQ(av.at("per_day").as_array().size(), 7u);

  auto s = http.request("GET", "/api/stats", "", super_);
  ASSERT_EQ(s.status, 200);
  auto sv = json::parse(s.body);
  EXPECT_EQ(sv.at("today").as_int64(), 4);
  EXPECT_EQ(sv.at("active").as_int64(), 1);
  EXPECT_EQ(sv.at("outcomes").at("interested").as_int64(), 2);
  EXPECT_EQ(sv.at("per_day").as_array().size(), 14u);

  EXPECT_EQ(http.request("GET", "/api/stats?days=0", "", super_).status, 400);
  auto doc = json::parse(http.request("GET", "/api/openapi.json").body);
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/stats"));
  EXPECT_TRUE(doc.at("paths").as_object().contains("/api/events"));
  EXPECT_EQ(http.request("GET", "/api/stats").status, 401);
}

}  // namespace
}  // namespace va::api
