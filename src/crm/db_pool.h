// DbPool: the small thread pool every database operation runs on, so no call shard and no
// HTTP thread ever blocks on SQLite or PostgreSQL (DESIGN.md, Threads).
#pragma once

#include <boost/asio/thread_pool.hpp>

namespace va::crm {

class DbPool {
 public:
  explicit DbPool(int threads) : pool_(static_cast<std::size_t>(threads < 1 ? 1 : threads)) {}
  ~DbPool() { stop(); }
  DbPool(const DbPool&) = delete;
  DbPool& operator=(const DbPool&) = delete;

  boost::asio::thread_pool::executor_type executor() { return pool_.get_executor(); }
  // Finishes queued work, then joins the threads.
  void stop() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace va::crm
