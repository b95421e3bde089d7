// Shard: thread start-up and orderly stop.
#include "core/shard.h"

#include <spdlog/spdlog.h>

namespace va::core {

Shard::Shard(int index) : index_(index) {}

Shard::~Shard() { stop(); }

void Shard::start() {
  work_.emplace(context_.get_executor());
  thread_ = std::thread([this] {
    thread_id_ = std::this_thread::get_id();
    try {
      context_.run();
    } catch (const std::exception& e) {
      spdlog::critical("shard {}: uncaught exception: {}", index_, e.what());
      std::abort();
    }
  });
}

void Shard::stop() {
  work_.reset();
  if (thread_.joinable()) {
    context_.stop();
    thread_.join();
  }
}

}  // namespace va::core
