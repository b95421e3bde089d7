// SimPool: the simulator's threads, one io_context per thread (DESIGN.md "one call, one shard"
// applied to simulated Live sessions). SimServer spreads connections over executors().
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace va::sim {

class SimPool {
 public:
  // threads == 0: one per core (std::thread::hardware_concurrency, at least 1).
  explicit SimPool(unsigned threads);
  ~SimPool();  // stop() and join()
  SimPool(const SimPool&) = delete;
  SimPool& operator=(const SimPool&) = delete;

  std::size_t size() const { return contexts_.size(); }
  std::vector<boost::asio::any_io_executor> executors() const;
  boost::asio::io_context& context(std::size_t i) { return *contexts_.at(i); }
  // Runs each io_context on its own thread until stop() (idle contexts keep running).
  void start();
  void stop();  // every io_context stops; handlers still queued are dropped
  void join();

 private:
  using Guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<Guard> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace va::sim
