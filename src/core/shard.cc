// Shard: thread start-up and orderly stop.
#include "core/shard.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <future>

namespace va::core {

Shard::Shard(int index) : index_(index) {}

Shard::~Shard() {
  stop();
}

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

bool run_on(Shard& shard, std::function<void()> work,
            std::optional<std::chrono::milliseconds> limit) {
  // Shared with the posted handler, so a wait that gives up leaves nothing dangling.
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  boost::asio::post(shard.context(), [work = std::move(work), done] {
    work();
    done->set_value();
  });
  if (!limit) {
    finished.wait();
    return true;
  }
  return finished.wait_for(*limit) == std::future_status::ready;
}

}  // namespace va::core
