// ConnectionPool: lend/return under one mutex; the pool never grows.
#include "crm/sql/connection_pool.h"

#include "core/assert.h"
#include "core/mutex.h"

namespace va::crm::sql {

ConnectionPool::ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
    : all_(std::move(connections)) {
  VA_CHECK(!all_.empty());
  dialect_ = all_.front()->dialect();
  for (auto& c : all_)
    idle_.push_back(c.get());
}

ConnectionPool::Lease::Lease(ConnectionPool& p) : pool(p) {
  core::MutexLock lock(pool.mu_);
  while (pool.idle_.empty())
    lock.wait(pool.cv_);
  conn = pool.idle_.back();
  pool.idle_.pop_back();
}

ConnectionPool::Lease::~Lease() {
  {
    core::MutexLock lock(pool.mu_);
    pool.idle_.push_back(conn);
  }
  pool.cv_.notify_one();
}

}  // namespace va::crm::sql
