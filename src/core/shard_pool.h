// ShardPool: the N shards of the process; picks the owner of a new call.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/shard.h"

namespace va::core {

class ShardPool {
 public:
  // count 0 = one per core.
  explicit ShardPool(int count);
  ~ShardPool();

  void start();
  void stop();

  int size() const { return static_cast<int>(shards_.size()); }
  Shard& at(int i) { return *shards_.at(static_cast<std::size_t>(i)); }
  // Stable owner for a key (Call-ID): every message of a dialog lands on the same shard.
  Shard& by_key(std::string_view key);
  Shard& least_loaded();

 private:
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace va::core
