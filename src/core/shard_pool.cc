// ShardPool: creation, owner selection, orderly stop.
#include "core/shard_pool.h"

#include <functional>
#include <thread>

namespace va::core {

ShardPool::ShardPool(int count) {
  if (count <= 0) count = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < count; ++i)
    shards_.push_back(std::make_unique<Shard>(i));
}

ShardPool::~ShardPool() {
  stop();
}

void ShardPool::start() {
  for (auto& s : shards_)
    s->start();
}

void ShardPool::stop() {
  for (auto& s : shards_)
    s->stop();
}

Shard& ShardPool::by_key(std::string_view key) {
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

Shard& ShardPool::least_loaded() {
  Shard* best = shards_.front().get();
  for (auto& s : shards_) {
    if (s->load() < best->load()) best = s.get();
  }
  return *best;
}

}  // namespace va::core
