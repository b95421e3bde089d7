#include "core/shard_pool.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>
#include <string>
#include <vector>

namespace va::core {
namespace {

std::string call_id(int i) {
  return "a84b4c76e66710-" + std::to_string(i * 7919) + "@192.0.2.4";
}

// The shard of a Call-ID depends on its characters only: a second pool (another process after
// a restart, another buffer holding the same text) picks the same index. A choice by pointer,
// by a per-pool random seed or by arrival order fails here.
TEST(ShardPool, ByKeyDependsOnTheKeyTextOnly) {
  ShardPool first(4);
  ShardPool second(4);
  int moved = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string key = call_id(i);
    const std::string copy(key.begin(), key.end());  // another buffer, same text
    const int a = first.by_key(key).index();
    EXPECT_EQ(a, second.by_key(copy).index()) << key;
    EXPECT_EQ(a, first.by_key(copy).index()) << key;
    // Asking for other keys in between changes nothing.
    (void)first.by_key(call_id(i + 1));
    if (first.by_key(key).index() != a) ++moved;
  }
  EXPECT_EQ(moved, 0);
}

// Call-IDs spread over every shard: with 4 shards and 8,000 keys each shard gets 2,000 give or
// take a lot (a binomial's sigma is 39; the bounds allow 7 sigma), and none is left idle.
// A mapping that sends everything to one shard, or only uses some, fails.
TEST(ShardPool, ByKeySpreadsCallIdsOverEveryShard) {
  for (int shards : {2, 3, 4, 8}) {
    ShardPool pool(shards);
    std::vector<int> count(static_cast<std::size_t>(shards), 0);
    const int keys = 2000 * shards;
    for (int i = 0; i < keys; ++i)
      ++count[static_cast<std::size_t>(pool.by_key(call_id(i)).index())];
    for (int s = 0; s < shards; ++s) {
      EXPECT_GT(count[static_cast<std::size_t>(s)], 2000 - 300) << shards << " shards, shard " << s;
      EXPECT_LT(count[static_cast<std::size_t>(s)], 2000 + 300) << shards << " shards, shard " << s;
    }
  }
}

// Keys that differ in one character (the usual counter in a Call-ID) do not pile up on one
// shard either.
TEST(ShardPool, ByKeySeparatesNearlyEqualKeys) {
  ShardPool pool(4);
  std::vector<int> seen(4, 0);
  for (char c = 'a'; c <= 'z'; ++c)
    ++seen[static_cast<std::size_t>(pool.by_key(std::string("call-") + c + "@host").index())];
  for (int s = 0; s < 4; ++s)
    EXPECT_GT(seen[static_cast<std::size_t>(s)], 0) << "shard " << s;
}

TEST(ShardPool, OneShardOwnsEveryKey) {
  ShardPool pool(1);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(pool.by_key(call_id(i)).index(), 0);
}

TEST(ShardPool, LeastLoadedPicksTheIdleShard) {
  ShardPool pool(3);
  pool.at(0).add_load(2);
  pool.at(1).add_load(1);
  pool.at(2).add_load(5);
  EXPECT_EQ(pool.least_loaded().index(), 1);
}

TEST(ShardPool, WorkRunsOnTheShardThreadAndIsCurrentThere) {
  ShardPool pool(2);
  pool.start();
  std::promise<std::pair<bool, bool>> seen;
  boost::asio::post(pool.at(1).context(), [&] {
    seen.set_value({pool.at(1).is_current(), pool.at(0).is_current()});
  });
  auto [on_own, on_other] = seen.get_future().get();
  EXPECT_TRUE(on_own);
  EXPECT_FALSE(on_other);
  EXPECT_FALSE(pool.at(1).is_current());
  pool.stop();
}

}  // namespace
}  // namespace va::core
