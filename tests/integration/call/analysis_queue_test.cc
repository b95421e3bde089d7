// The post-call analysis queue against the simulator's generateContent over real loopback HTTP
// and a real SQLite store: 60 scripted conversations get their disposition, callback time and
// fields and their leads follow; quota, bad-key and not-JSON answers end failed with the error
// shown and the call kept; a dead endpoint retries with backoff, then fails; a restart with
// 120 analyses pending loses none; `analyzed` is published for each.
#include "call/analysis_queue.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ai/gemini/analysis_message.h"
#include "core/mutex.h"
#include "crm/extraction_schema.h"
#include "crm/key_pool.h"
#include "crm/key_vault.h"
#include "crm/store.h"
#include "sim/sim_pool.h"
#include "sim/sim_server.h"

namespace va::call {
namespace {
using namespace std::chrono_literals;
namespace json = boost::json;

constexpr const char* kGood = "analysis-key-good";
constexpr const char* kQuota = "analysis-key-quota";
constexpr const char* kBadJson = "analysis-key-bad-json";

// Monday 2026-12-07 10:00 UTC: "Friday at 3 pm" is 2026-12-11T15:00Z.
const std::int64_t kMonday = *ai::gemini::parse_iso8601("2026-12-07T10:00:00Z");

class EventLog final : public CallEventSink {
 public:
  void publish(const CallEvent& e) override {
    if (e.type != CallEventType::Analyzed) return;
    core::MutexLock lock(mu_);
    ++count_;
    last_disposition_ = e.disposition;
  }
  int count() {
    core::MutexLock lock(mu_);
    return count_;
  }

 private:
  core::Mutex mu_;
  int count_ GUARDED_BY(mu_) = 0;
  std::string last_disposition_ GUARDED_BY(mu_);
};

class AnalysisQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("va-aq-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    auto s = crm::Store::create("sqlite:" + (dir_ / "t.db").string(), 4);
    ASSERT_TRUE(s) << s.error().message();
    store_ = std::move(*s);
    keys_ = std::make_unique<crm::KeyPool>(*store_, crm::KeyVault(crm::KeyVault::MasterKey{}));
    sim::SimConfig config;
    config.keys = {kGood, kQuota, kBadJson, "simulator"};
    config.quota_keys = {kQuota};
    config.analysis_invalid_json_keys = {kBadJson};
    pool_ = std::make_unique<sim::SimPool>(1);
    server_ = std::make_unique<sim::SimServer>(pool_->executors(), config);
    server_->start();
    pool_->start();
    const std::string base = server_->rest_base_url();
    origin_ = base.substr(0, base.size() - 7);  // without /v1beta
    admin_ = user(crm::Role::Admin, kGood);
  }
  void TearDown() override {
    server_->stop();
    pool_->stop();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  crm::Id user(crm::Role role, const std::string& key) {
    crm::User u;
    u.username = "u" + std::to_string(++users_);
    u.role = role;
    u.password_hash = "x";
    const crm::Id id = store_->create_user(u).value();
    if (!key.empty()) {
      EXPECT_TRUE(keys_->set_user_key(nullptr, id, key));
    }
    return id;
  }

  crm::Id campaign(const std::string& schema) {
    crm::Campaign c;
    c.owner_id = admin_;
    c.name = "analysis";
    c.extraction_schema = schema;
    return store_->create_campaign(c).value();
  }

  // An ended, answered call of `owner` with the caller's lines, its analysis queued.
  crm::Id ended_call(crm::Id owner, const std::vector<std::string>& caller, crm::Id lead = 0,
                     crm::Id campaign_id = 0) {
    crm::Call c;
    c.owner_id = owner;
    c.lead_id = lead;
    c.campaign_id = campaign_id;
    c.status = crm::CallStatus::Ended;
    c.answered_at = kMonday;
    c.ended_at = kMonday + 60000;
    c.outcome = "answered";
    const crm::Id id = store_->create_call(c).value();
    EXPECT_TRUE(store_->append_transcript(id, {"agent", "Hello, this is Acme calling.", kMonday}));
    for (const auto& line : caller)
      EXPECT_TRUE(store_->append_transcript(id, {"caller", line, kMonday + 1000}));
    EXPECT_TRUE(store_->queue_analysis(id, crm::now_ms(), false));
    return id;
  }

  crm::Id lead(crm::Id owner) {
    crm::Lead l;
    l.owner_id = owner;
    l.name = "lead " + std::to_string(++leads_);
    l.phone = "+3592" + std::to_string(1000000 + leads_);
    return store_->create_lead(l).value();
  }

  AnalysisSettings settings(const std::string& url = "") {
    AnalysisSettings s;
    s.rest_url = url.empty() ? origin_ : url;
    s.model = "gemini-2.5-flash";
    s.simulator_rest_url = origin_;
    s.timeout = 5000ms;
    s.backoff = 50ms;
    s.max_attempts = 3;
    return s;
  }

  // Bounded: true once nothing is pending.
  bool drained(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      auto pending = store_->count_analyses("pending");
      if (pending && *pending == 0) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  std::filesystem::path dir_;
  std::unique_ptr<crm::Store> store_;
  std::unique_ptr<crm::KeyPool> keys_;
  std::unique_ptr<sim::SimPool> pool_;
  std::unique_ptr<sim::SimServer> server_;
  std::string origin_;
  crm::Id admin_ = 0;
  int users_ = 0;
  int leads_ = 0;
  EventLog events_;
};

TEST_F(AnalysisQueueTest, SixtyScriptedConversationsGetTheirOutcomesAndLeadsFollow) {
  const crm::Id camp =
      campaign(R"([{"name":"email","type":"string","description":"the callee's e-mail"},)"
               R"({"name":"callback_day","type":"date","description":"the day to call back"}])");
  struct Script {
    std::vector<std::string> caller;
    const char* disposition;
    const char* lead_status;
  };
  const std::vector<Script> scripts = {
      {{"Yes, I am interested.", "My email is lead@example.com."}, "interested", "qualified"},
      {{"No thanks, I am not interested."}, "not_interested", "lost"},
      {{"I am busy now.", "Call me back on Friday at 3 pm."}, "callback", "contacted"},
      {{"Do not call me again."}, "do_not_call", "do_not_call"},
      {{}, "no_conversation", "contacted"},
  };
  std::vector<std::pair<crm::Id, crm::Id>> calls;  // call, lead
  for (int i = 0; i < 60; ++i) {
    const crm::Id l = lead(admin_);
    calls.emplace_back(ended_call(admin_, scripts[i % 5].caller, l, camp), l);
  }
  AnalysisQueue queue({*store_, *keys_, &events_}, settings());
  queue.start();
  ASSERT_TRUE(drained(60s)) << *store_->count_analyses("pending") << " pending";
  queue.stop();
  EXPECT_EQ(queue.counters().done, 60u);
  EXPECT_EQ(events_.count(), 60);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const auto& script = scripts[i % 5];
    auto a = store_->get_analysis(calls[i].first).value();
    ASSERT_EQ(a.status, "done") << a.error;
    EXPECT_EQ(a.disposition, script.disposition) << i;
    EXPECT_FALSE(a.summary.empty());
    EXPECT_GT(a.input_tokens, 0);
    const auto fields = json::parse(a.fields).as_object();
    if (std::string(script.disposition) == "interested") {
      EXPECT_EQ(fields.at("email").as_string(), "lead@example.com");
    } else {
      EXPECT_TRUE(fields.at("email").is_null()) << i;
    }
    if (std::string(script.disposition) == "callback") {
      EXPECT_EQ(a.callback_at, *ai::gemini::parse_iso8601("2026-12-11T15:00:00Z"));
      EXPECT_EQ(fields.at("callback_day").as_string(), "2026-12-11");
    } else {
      EXPECT_EQ(a.callback_at, 0);
    }
    auto l = store_->get_lead(calls[i].second).value();
    EXPECT_EQ(l.status, script.lead_status) << i;
    EXPECT_EQ(l.disposition, script.disposition);
  }
  auto conversions = store_->list_conversions(std::nullopt, 500).value();
  EXPECT_EQ(conversions.size(), 24u);  // 12 interested + 12 callback
}

TEST_F(AnalysisQueueTest, QuotaBadKeyAndNotJsonEndFailedWithTheErrorAndTheCallKept) {
  const crm::Id quota = ended_call(user(crm::Role::Admin, kQuota), {"yes"});
  const crm::Id bad_json = ended_call(user(crm::Role::Admin, kBadJson), {"yes"});
  const crm::Id bad_key = ended_call(user(crm::Role::Admin, "a-key-nobody-knows"), {"yes"});
  const crm::Id simulated = ended_call(user(crm::Role::Admin, ""), {"Yes, interested."});
  AnalysisQueue queue({*store_, *keys_, &events_}, settings());
  queue.start();
  ASSERT_TRUE(drained(20s));
  queue.stop();
  auto a = store_->get_analysis(quota).value();
  EXPECT_EQ(a.status, "failed");
  EXPECT_NE(a.error.find("quota exceeded"), std::string::npos) << a.error;
  EXPECT_NE(a.error.find("HTTP 429"), std::string::npos) << a.error;
  EXPECT_EQ(a.attempts, 1);  // not retried
  a = store_->get_analysis(bad_json).value();
  EXPECT_EQ(a.status, "failed");
  EXPECT_NE(a.error.find("not valid JSON"), std::string::npos) << a.error;
  a = store_->get_analysis(bad_key).value();
  EXPECT_EQ(a.status, "failed");
  EXPECT_NE(a.error.find("API key"), std::string::npos) << a.error;
  // A user without a key is analysed by the embedded simulator, as their calls are.
  EXPECT_EQ(store_->get_analysis(simulated)->status, "done");
  for (crm::Id id : {quota, bad_json, bad_key})
    EXPECT_TRUE(store_->get_call(id));
  EXPECT_EQ(events_.count(), 4);
}

// Rule 4: a call whose transcript is thin goes with its recording (inline WAV); one with a
// full transcript, or without a recording file, goes by its text alone.
TEST_F(AnalysisQueueTest, AThinTranscriptIsAnalysedWithTheRecording) {
  const auto wav = dir_ / "thin.wav";
  {
    std::vector<char> bytes(44 + 16000, 0);
    const char* head = "RIFF\x00\x00\x00\x00WAVEfmt ";
    std::copy(head, head + 16, bytes.begin());
    std::ofstream(wav, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  const crm::Id thin = ended_call(admin_, {});
  auto c = store_->get_call(thin).value();
  c.recording_path = wav.string();
  ASSERT_TRUE(store_->update_call(c));
  const crm::Id full = ended_call(admin_, {"Yes, interested.", "Send the offer."});
  c = store_->get_call(full).value();
  c.recording_path = wav.string();
  ASSERT_TRUE(store_->update_call(c));
  const crm::Id missing = ended_call(admin_, {});
  c = store_->get_call(missing).value();
  c.recording_path = (dir_ / "gone.wav").string();
  ASSERT_TRUE(store_->update_call(c));
  AnalysisQueue queue({*store_, *keys_, &events_}, settings());
  queue.start();
  ASSERT_TRUE(drained(20s));
  queue.stop();
  auto a = store_->get_analysis(thin).value();
  EXPECT_EQ(a.status, "done") << a.error;
  EXPECT_NE(a.summary.find("The recording (16044 bytes of audio) was heard."), std::string::npos)
      << a.summary;
  a = store_->get_analysis(full).value();
  EXPECT_EQ(a.summary.find("recording"), std::string::npos) << a.summary;
  a = store_->get_analysis(missing).value();
  EXPECT_EQ(a.status, "done") << a.error;
  EXPECT_EQ(a.summary.find("recording"), std::string::npos) << a.summary;
}

TEST_F(AnalysisQueueTest, ADeadEndpointRetriesWithBackoffThenFails) {
  // A port that was free a moment ago: connect is refused.
  std::string dead;
  {
    sim::SimPool p(1);
    const sim::SimConfig config;  // named: GCC 12 -O2 misreads a temporary's map
    sim::SimServer s(p.executors(), config);
    const auto base = s.rest_base_url();
    dead = base.substr(0, base.size() - 7);
  }
  const crm::Id id = ended_call(admin_, {"yes"});
  auto s = settings(dead);
  s.backoff = 100ms;
  AnalysisQueue queue({*store_, *keys_, &events_}, s, AnalysisQueueLimits{50ms, 1, 1, 1});
  const auto start = std::chrono::steady_clock::now();
  queue.start();
  ASSERT_TRUE(drained(20s));
  const auto took = std::chrono::steady_clock::now() - start;
  queue.stop();
  auto a = store_->get_analysis(id).value();
  EXPECT_EQ(a.status, "failed");
  EXPECT_EQ(a.attempts, 3);
  EXPECT_NE(a.error.find("connect"), std::string::npos) << a.error;
  EXPECT_GE(took, 300ms);  // 100 ms, then 200 ms of backoff between the three tries
  EXPECT_EQ(queue.counters().retried, 2u);
}

TEST_F(AnalysisQueueTest, ARestartWithManyPendingLosesNone) {
  std::vector<crm::Id> ids;
  for (int i = 0; i < 120; ++i)
    ids.push_back(ended_call(admin_, {i % 2 ? "Yes, interested." : "Not interested."}));
  {
    AnalysisQueue first({*store_, *keys_, &events_}, settings(),
                        AnalysisQueueLimits{50ms, 1, 1, 1});
    first.start();
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (first.counters().done < 10 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(5ms);
    first.stop();  // a stop with work left: the rest stays pending in the database
    EXPECT_GE(first.counters().done, 10u);
  }
  const auto left = store_->count_analyses("pending").value();
  EXPECT_GT(left, 0);
  AnalysisQueue second({*store_, *keys_, &events_}, settings());
  second.start();
  ASSERT_TRUE(drained(60s));
  second.stop();
  EXPECT_EQ(static_cast<std::int64_t>(second.counters().done), left);
  EXPECT_EQ(store_->count_analyses("done").value(), 120);
  EXPECT_EQ(store_->count_analyses("failed").value(), 0);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(store_->get_analysis(ids[i])->disposition, i % 2 ? "interested" : "not_interested");
  }
}

}  // namespace
}  // namespace va::call
