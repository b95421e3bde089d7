// Webhooks end to end on loopback: the real REST API and HTTP server over SQLite, the
// WebhookDispatcher with the real Beast client, fed through the EventHub's taps, and a receiver
// written in Python from the documented signature scheme (webhook_receiver.py). Covers the
// REST contract and its 400/403/404s, signed bodies equal to GET /api/calls/{id}, tenant
// isolation, campaign.done, re-send, and a receiver down for 30 s across a dispatcher restart
// that then gets every event, in order per call, with every try in the delivery log.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "api/event_hub.h"
#include "api/webhook_dispatcher.h"
#include "api_harness.h"
#include "test_paths.h"

namespace va::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "whsec_receiver_test_secret_42";

struct Actor {
  crm::Id id = 0;
  std::string token;
};

std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool port_open(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// python3 webhook_receiver.py PORT SECRET OUT, until destroyed.
class Receiver {
 public:
  Receiver(std::uint16_t port, std::string out) : out_(std::move(out)) {
    const std::string script =
        std::string(VA_SOURCE_DIR) + "/tests/integration/api/webhook_receiver.py";
    const std::string port_text = std::to_string(port);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::execlp("python3", "python3", script.c_str(), port_text.c_str(), kSecret, out_.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !port_open(port); ++i)
      std::this_thread::sleep_for(50ms);
  }
  ~Receiver() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // One parsed line per request received so far.
  std::vector<json::object> received() const {
    std::vector<json::object> out;
    std::ifstream in(out_);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) out.push_back(json::parse(line).as_object());
    }
    return out;
  }

 private:
  std::string out_;
  pid_t pid_ = -1;
};

template <class F>
bool eventually(F f, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (f()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return f();
}

class Webhooks : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ApiHarness>();
    super_ = {h_->store().get_user_by_name("superadmin").value().id,
              h_->login("superadmin", ApiHarness::kSuperPassword)};
    admin_a_ = make("admin-a", "admin", super_);
    admin_b_ = make("admin-b", "admin", super_);
    agent_a_ = make("agent-a", "agent", admin_a_);
    port_ = free_port();
    out_ = (h_->dir() / "received.jsonl").string();
    hub_ = std::make_unique<api::EventHub>(io_.get_executor());
  }

  void TearDown() override {
    if (hub_) hub_->set_taps({}, {});
    dispatcher_.reset();
  }

  api::WebhookSettings fast_settings() const {
    api::WebhookSettings s;
    s.first_retry = 1000ms;
    s.max_retry = 2000ms;
    s.timeout = 2000ms;
    s.poll = 100ms;
    return s;
  }

  void start_dispatcher(api::WebhookSettings s) {
    if (hub_) hub_->set_taps({}, {});
    dispatcher_.reset();
    dispatcher_ = std::make_unique<api::WebhookDispatcher>(h_->store(), s);
    auto* d = dispatcher_.get();
    hub_->set_taps([d](const call::CallEvent& e) { d->on_call_event(e); },
                   [d](const dialer::CampaignEvent& e) { d->on_campaign_event(e); });
    h_->rest().set_webhook_wake([d] { d->wake(); });
    dispatcher_->start();
  }

  Actor make(const std::string& name, const std::string& role, const Actor& by) {
    json::object body{{"username", name}, {"password", "password-" + name}, {"role", role}};
    auto r = send(by, "POST", "/api/users", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return {json::parse(r.body).at("id").as_int64(), h_->login(name, "password-" + name)};
  }

  ClientResponse send(const Actor& a, const std::string& method, const std::string& target,
                      const std::string& body = "") {
    HttpClient c(h_->port());
    return c.request(method, target, body, a.token);
  }

  crm::Id add_hook(const Actor& a, const std::string& path, json::array events) {
    json::object body{{"url", "http://127.0.0.1:" + std::to_string(port_) + path},
                      {"secret", kSecret},
                      {"events", std::move(events)}};
    auto r = send(a, "POST", "/api/webhooks", json::serialize(body));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? json::parse(r.body).at("id").as_int64() : 0;
  }

  // An ended call of `owner` with two transcript lines.
  crm::Id ended_call(crm::Id owner) {
    crm::Call c;
    c.owner_id = owner;
    c.to = "+493012345";
    c.status = crm::CallStatus::Ended;
    c.created_at = crm::now_ms();
    c.answered_at = c.created_at + 100;
    c.ended_at = c.created_at + 5000;
    c.outcome = "answered";
    c.end_reason = "remote_bye";
    const auto id = h_->store().create_call(c).value();
    h_->store().append_transcript(id, {"agent", "Hello, this is Ada.", c.created_at + 200}).value();
    h_->store().append_transcript(id, {"caller", "Hi, tell me more.", c.created_at + 900}).value();
    return id;
  }

  void publish_ended(crm::Id call_id, crm::Id owner, crm::Id parent) {
    call::CallEvent e;
    e.type = call::CallEventType::Ended;
    e.call_id = call_id;
    e.owner_id = owner;
    e.owner_parent_id = parent;
    e.at = std::chrono::system_clock::now();
    e.status = crm::CallStatus::Ended;
    e.end_reason = "remote_bye";
    e.outcome = "answered";
    hub_->publish(e);
  }

  json::array log_of(const Actor& a, crm::Id hook) {
    auto r = send(a, "GET", "/api/webhooks/" + std::to_string(hook) + "/deliveries?per_page=200");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).at("items").as_array();
  }

  boost::asio::io_context io_;  // the hub's executor; never run: only the taps matter here
  std::unique_ptr<ApiHarness> h_;
  std::unique_ptr<api::EventHub> hub_;
  std::unique_ptr<api::WebhookDispatcher> dispatcher_;
  Actor super_, admin_a_, admin_b_, agent_a_;
  std::uint16_t port_ = 0;
  std::string out_;
};

TEST_F(Webhooks, RestContractSecretsRolesTenantsAndBadInput) {
  auto created = send(admin_a_, "POST", "/api/webhooks",
                      R"({"url":"https://hooks.example.com/in","events":["call.ended"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto doc = json::parse(created.body).as_object();
  const std::string secret(doc.at("secret").as_string());
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  const auto id = std::to_string(doc.at("id").as_int64());
  auto got = send(admin_a_, "GET", "/api/webhooks/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find(secret), std::string::npos) << "the secret never comes back";
  EXPECT_EQ(json::parse(got.body).at("secret_hint").as_string(),
            "..." + secret.substr(secret.size() - 4));
  EXPECT_EQ(json::parse(send(admin_a_, "GET", "/api/webhooks").body).at("items").as_array().size(),
            1u);
  EXPECT_EQ(send(super_, "GET", "/api/webhooks/" + id).status, 200);
  // Another tenant sees nothing of it; an agent manages no webhooks.
  EXPECT_EQ(send(admin_b_, "GET", "/api/webhooks/" + id).status, 404);
  EXPECT_EQ(send(admin_b_, "GET", "/api/webhooks/" + id + "/deliveries").status, 404);
  EXPECT_EQ(send(admin_b_, "DELETE", "/api/webhooks/" + id).status, 404);
  EXPECT_EQ(json::parse(send(admin_b_, "GET", "/api/webhooks").body).at("items").as_array().size(),
            0u);
  EXPECT_EQ(send(agent_a_, "POST", "/api/webhooks",
                 R"({"url":"https://hooks.example.com/in","events":["call.ended"]})")
                .status,
            403);
  EXPECT_EQ(send(agent_a_, "GET", "/api/webhooks/" + id).status, 403);
  // Bad input: 400 naming the field, nothing stored.
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"url":"ftp://hooks.example.com/in","events":["call.ended"]})", "'url'"},
           {R"({"url":"not a url","events":["call.ended"]})", "'url'"},
           {R"({"url":"http://hooks.example.com/in","events":["call.ended"]})", "'url'"},
           {R"({"url":"https://hooks.example.com/in","events":["call.started"]})", "'events'"},
           {R"({"url":"https://hooks.example.com/in","events":[]})", "'events'"},
           {R"({"url":"https://hooks.example.com/in"})", "'events'"}}) {
    auto r = send(admin_a_, "POST", "/api/webhooks", body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(r.body.find(field), std::string::npos) << body << " -> " << r.body;
  }
  EXPECT_EQ(json::parse(send(admin_a_, "GET", "/api/webhooks").body).at("items").as_array().size(),
            1u);
  auto patched = send(admin_a_, "PATCH", "/api/webhooks/" + id,
                      R"({"events":["call.ended","campaign.done"],"active":false})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json::parse(patched.body).at("events").as_array().size(), 2u);
  EXPECT_EQ(send(admin_a_, "PATCH", "/api/webhooks/" + id, R"({"url":"gopher://x"})").status, 400);
  EXPECT_EQ(send(admin_a_, "POST", "/api/webhooks/" + id + "/deliveries/999/resend").status, 404);
  EXPECT_EQ(send(admin_a_, "DELETE", "/api/webhooks/" + id).status, 200);
  EXPECT_EQ(send(admin_a_, "GET", "/api/webhooks/" + id).status, 404);
}

TEST_F(Webhooks, SignedBodiesReachTheRightTenantsAndResendWorks) {
  Receiver receiver(port_, out_);
  start_dispatcher(fast_settings());
  const auto hook_a = add_hook(admin_a_, "/a", json::array{"call.ended", "campaign.done"});
  add_hook(admin_b_, "/b", json::array{"call.ended", "campaign.done"});
  add_hook(super_, "/s", json::array{"call.ended"});
  const auto call_id = ended_call(agent_a_.id);
  publish_ended(call_id, agent_a_.id, admin_a_.id);
  crm::Campaign campaign;
  campaign.owner_id = agent_a_.id;
  campaign.name = "Spring offer";
  campaign.status = "done";
  const auto campaign_id = h_->store().create_campaign(campaign).value();
  hub_->publish_campaign({"done", campaign_id, agent_a_.id, admin_a_.id, "done", ""});

  ASSERT_TRUE(eventually([&] { return receiver.received().size() >= 3; }, 10s));
  std::this_thread::sleep_for(300ms);  // nothing more may come
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  std::map<std::string, std::vector<json::object>> by_path;
  for (const auto& r : got) {
    EXPECT_TRUE(r.at("sig_ok").as_bool()) << json::serialize(r);
    EXPECT_TRUE(r.at("ts_ok").as_bool()) << json::serialize(r);
    EXPECT_EQ(r.at("header_event"), r.at("event"));
    by_path[std::string(r.at("path").as_string())].push_back(r);
  }
  EXPECT_EQ(by_path["/b"].size(), 0u) << "another tenant's endpoint got nothing";
  ASSERT_EQ(by_path["/s"].size(), 1u) << "the superadmin's endpoint gets every tenant's calls";
  ASSERT_EQ(by_path["/a"].size(), 2u) << "the admin's endpoint gets its agent's events";
  // The body's call is the call as GET /api/calls/{id} shows it.
  const auto& ended = by_path["/s"][0].at("body").as_object();
  EXPECT_EQ(ended.at("event"), "call.ended");
  EXPECT_EQ(ended.at("call_id").as_int64(), call_id);
  auto api_view = send(agent_a_, "GET", "/api/calls/" + std::to_string(call_id));
  ASSERT_EQ(api_view.status, 200);
  EXPECT_EQ(ended.at("call"), json::parse(api_view.body));
  EXPECT_EQ(ended.at("call").at("transcript").as_array().size(), 2u);
  json::object done;
  for (const auto& r : by_path["/a"]) {
    if (r.at("event") == "campaign.done") done = r.at("body").as_object();
  }
  ASSERT_FALSE(done.empty());
  EXPECT_EQ(done.at("campaign_id").as_int64(), campaign_id);
  EXPECT_EQ(
      done.at("campaign"),
      json::parse(send(agent_a_, "GET", "/api/campaigns/" + std::to_string(campaign_id)).body));

  // The log shows one successful try per delivery; re-send one: it arrives again.
  auto log = log_of(admin_a_, hook_a);
  ASSERT_EQ(log.size(), 2u);
  for (const auto& t : log) {
    EXPECT_EQ(t.at("attempt").as_int64(), 1);
    EXPECT_EQ(t.at("status_code").as_int64(), 200);
    EXPECT_EQ(t.at("delivery_status"), "delivered");
  }
  const auto delivery = log.back().at("delivery_id").as_int64();
  auto resent = send(admin_a_, "POST",
                     "/api/webhooks/" + std::to_string(hook_a) + "/deliveries/" +
                         std::to_string(delivery) + "/resend");
  ASSERT_EQ(resent.status, 202) << resent.body;
  EXPECT_EQ(send(admin_b_, "POST",
                 "/api/webhooks/" + std::to_string(hook_a) + "/deliveries/" +
                     std::to_string(delivery) + "/resend")
                .status,
            404);
  ASSERT_TRUE(eventually([&] { return receiver.received().size() == 4; }, 5s));
  EXPECT_EQ(receiver.received().back().at("body"), by_path["/a"][0].at("body"));
  EXPECT_TRUE(eventually([&] { return log_of(admin_a_, hook_a).size() == 3; }, 5s));
}

TEST_F(Webhooks, AReceiverDownFor30sGetsEveryEventAfterwardsInOrderPerCall) {
  start_dispatcher(fast_settings());
  const auto hook = add_hook(admin_a_, "/in", json::array{"call.ended", "call.analyzed"});
  const auto start = std::chrono::steady_clock::now();
  std::vector<crm::Id> calls;
  for (int i = 0; i < 3; ++i) {
    calls.push_back(ended_call(agent_a_.id));
    publish_ended(calls.back(), agent_a_.id, admin_a_.id);
  }
  ASSERT_TRUE(eventually([&] { return dispatcher_->stats().stored == 3; }, 10s));
  // Each call's second event (call.analyzed: the analysis helper publishes it on the hub;
  // here it is queued as the dispatcher would queue it) must not overtake its first.
  for (auto id : calls) {
    crm::WebhookDelivery d;
    d.webhook_id = hook;
    d.event = "call.analyzed";
    d.call_id = id;
    d.order_key = "call:" + std::to_string(id);
    d.body = json::serialize(json::object{{"event", "call.analyzed"}, {"call_id", id}});
    d.created_at = crm::now_ms();
    d.next_attempt_at = d.created_at;
    ASSERT_TRUE(h_->store().enqueue_webhook_delivery(d));
  }
  // Half way down, the process "restarts": a new dispatcher finds the queue in the database.
  std::this_thread::sleep_until(start + 15s);
  start_dispatcher(fast_settings());
  std::this_thread::sleep_until(start + 30s);
  EXPECT_GT(dispatcher_->stats().failed_tries, 0u);
  auto down_log = log_of(admin_a_, hook);
  EXPECT_GE(down_log.size(), 3u * 5u) << "each call's first event was tried again and again";
  for (const auto& t : down_log) {
    EXPECT_TRUE(t.at("status_code").is_null());
    EXPECT_FALSE(t.at("error").as_string().empty());
    EXPECT_EQ(t.at("event"), "call.ended") << "a call's later event waited for its earlier one";
  }

  const auto up = std::chrono::steady_clock::now();
  Receiver receiver(port_, out_);
  ASSERT_TRUE(eventually([&] { return receiver.received().size() >= 6; }, 20s));
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - up);
  std::cout << "all 6 events delivered " << took.count() << " ms after the receiver came up\n";
  std::this_thread::sleep_for(500ms);
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 6u) << "every event exactly once";
  std::map<std::int64_t, std::vector<std::string>> order;
  for (const auto& r : got) {
    EXPECT_TRUE(r.at("sig_ok").as_bool());
    order[r.at("call_id").as_int64()].push_back(std::string(r.at("event").as_string()));
  }
  for (auto id : calls) {
    EXPECT_EQ(order[id], (std::vector<std::string>{"call.ended", "call.analyzed"})) << id;
  }
  // The log: per delivery tries 1..n, failures without a status and with an error, the last
  // one 200; the first retry came within 60 s of the first try.
  auto log = log_of(admin_a_, hook);
  std::map<std::int64_t, std::vector<json::object>> tries;
  for (const auto& t : log)
    tries[t.at("delivery_id").as_int64()].insert(tries[t.at("delivery_id").as_int64()].begin(),
                                                 t.as_object());
  ASSERT_EQ(tries.size(), 6u);
  for (const auto& [delivery, list] : tries) {
    for (std::size_t i = 0; i < list.size(); ++i)
      EXPECT_EQ(list[i].at("attempt").as_int64(), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(list.back().at("status_code").as_int64(), 200);
    EXPECT_EQ(list.back().at("delivery_status"), "delivered");
    for (std::size_t i = 0; i + 1 < list.size(); ++i)
      EXPECT_TRUE(list[i].at("status_code").is_null());
    if (list.size() > 1) {
      EXPECT_LE(list[1].at("at").as_int64() - list[0].at("at").as_int64(), 60000);
    }
  }
  EXPECT_EQ(json::parse(send(admin_a_, "GET", "/api/webhooks/" + std::to_string(hook)).body)
                .at("pending_deliveries")
                .as_int64(),
            0);
}

}  // namespace
}  // namespace va::testing
