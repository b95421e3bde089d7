#include "core/shard_pool.h"

#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <future>

namespace va::core {
namespace {

TEST(ShardPool, SameKeyAlwaysMapsToSameShard) {
  ShardPool pool(4);
  for (int i = 0; i < 100; ++i) {
    const std::string key = "call-" + std::to_string(i) + "@host";
    EXPECT_EQ(&pool.by_key(key), &pool.by_key(key));
  }
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
