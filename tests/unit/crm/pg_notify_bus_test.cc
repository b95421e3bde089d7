// PgNotifyBus on a throwaway PostgreSQL: what one node NOTIFYs reaches every node that
// LISTENs on that channel (itself included), in order, and nothing reaches a node on
// another channel; a payload with quotes and non-ASCII text arrives as sent (it is a
// parameter, never SQL text); bad channel names and an unreachable database fail start().
#include "crm/postgres/pg_notify_bus.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pg_throwaway.h"

namespace va::crm::postgres {
namespace {

// What one bus received, waited on with a deadline (every wait in a test is bounded).
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<std::string, std::string>> got;

  PgNotifyBus::Handler handler() {
    return [this](const std::string& channel, const std::string& payload) {
      std::lock_guard lock(mu);
      got.emplace_back(channel, payload);
      cv.notify_all();
    };
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, limit, [&] { return got.size() >= n; });
  }
  std::size_t size() {
    std::lock_guard lock(mu);
    return got.size();
  }
};

std::string pg_url() {
  std::string error;
  auto& pg = va::testing::PgThrowaway::shared(&error);
  return error.empty() ? pg.url() : "";
}

TEST(PgNotifyBus, EveryListenerGetsEachNotificationInOrder) {
  const auto url = pg_url();
  ASSERT_FALSE(url.empty()) << "needs a throwaway PostgreSQL";
  Inbox a, b, c;
  PgNotifyBus node_a(url, {"va_events", "va_node_a"}, a.handler());
  PgNotifyBus node_b(url, {"va_events", "va_node_b"}, b.handler());
  PgNotifyBus node_c(url, {"va_node_c"}, c.handler());
  ASSERT_TRUE(node_a.start());
  ASSERT_TRUE(node_b.start());
  ASSERT_TRUE(node_c.start());
  const std::string odd = "it's \"quoted\"; caf\xC3\xA9 $1 -- not SQL";
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(node_a.notify("va_events", std::to_string(i)));
  ASSERT_TRUE(node_a.notify("va_node_b", odd));
  ASSERT_TRUE(b.wait_for(101));
  ASSERT_TRUE(a.wait_for(100));  // a LISTENs on va_events too: its own come back
  {
    std::lock_guard lock(b.mu);
    for (int i = 0; i < 100; ++i) {
      EXPECT_EQ(b.got[i].first, "va_events");
      EXPECT_EQ(b.got[i].second, std::to_string(i));
    }
    EXPECT_EQ(b.got[100], (std::pair<std::string, std::string>{"va_node_b", odd}));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(a.size(), 100u);  // not the one for va_node_b
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(node_a.dropped(), 0u);
  EXPECT_EQ(node_b.received(), 101u);
}

TEST(PgNotifyBus, RefusesBadChannelsAndAnUnreachableDatabase) {
  EXPECT_TRUE(PgNotifyBus::valid_channel("va_node_node1"));
  EXPECT_FALSE(PgNotifyBus::valid_channel(""));
  EXPECT_FALSE(PgNotifyBus::valid_channel("va;drop"));
  EXPECT_FALSE(PgNotifyBus::valid_channel("Va"));
  EXPECT_FALSE(PgNotifyBus::valid_channel(std::string(64, 'a')));
  Inbox in;
  PgNotifyBus bad_name("postgresql://127.0.0.1:1/x", {"va events"}, in.handler());
  EXPECT_FALSE(bad_name.start());
  PgNotifyBus unreachable("postgresql://postgres@127.0.0.1:1/postgres?connect_timeout=2",
                          {"va_events"}, in.handler());
  EXPECT_FALSE(unreachable.start());
}

}  // namespace
}  // namespace va::crm::postgres
