// Shard: one io_context run by one thread. A call lives on one shard whole (DESIGN.md threads).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace va::core {

class Shard {
 public:
  explicit Shard(int index);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  int index() const { return index_; }
  boost::asio::io_context& context() { return context_; }
  boost::asio::any_io_executor executor() { return context_.get_executor(); }

  // True on this shard's own thread: entry points of per-call objects assert it.
  bool is_current() const { return std::this_thread::get_id() == thread_id_.load(); }

  void start();
  // Stops the loop and joins the thread; owners close their objects first.
  void stop();

  // Work items on this shard (calls, sessions): used to pick the least-loaded shard.
  void add_load(int delta) { load_.fetch_add(delta, std::memory_order_relaxed); }
  int load() const { return load_.load(std::memory_order_relaxed); }

 private:
  int index_;
  boost::asio::io_context context_{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::atomic<std::thread::id> thread_id_{};
  std::atomic<int> load_{0};
};

// Runs `work` on `shard`'s thread and waits for it (set-up and shut-down, never a hot path;
// never call it from that shard). With a limit, gives up waiting after it and returns false;
// the work still runs later, so it must then own what it touches (no references to locals).
bool run_on(Shard& shard, std::function<void()> work,
            std::optional<std::chrono::milliseconds> limit = std::nullopt);

}  // namespace va::core
