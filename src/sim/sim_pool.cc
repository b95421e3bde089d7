// SimPool: N io_contexts, each run by one thread (concurrency hint 1: no internal locking).
#include "sim/sim_pool.h"

#include <algorithm>

namespace va::sim {

SimPool::SimPool(unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

SimPool::~SimPool() {
  stop();
  join();
}

std::vector<boost::asio::any_io_executor> SimPool::executors() const {
  std::vector<boost::asio::any_io_executor> out;
  for (const auto& c : contexts_)
    out.push_back(c->get_executor());
  return out;
}

void SimPool::start() {
  for (auto& c : contexts_)
    threads_.emplace_back([ctx = c.get()] { ctx->run(); });
}

void SimPool::stop() {
  guards_.clear();
  for (auto& c : contexts_)
    c->stop();
}

void SimPool::join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace va::sim
