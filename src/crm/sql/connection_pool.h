// ConnectionPool: a fixed set of connections lent out one per operation, so DB pool threads
// never share a driver handle (neither sqlite3* nor PGconn* is safe to share).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "core/mutex.h"
#include "crm/sql/connection.h"

namespace va::crm::sql {

class ConnectionPool {
 public:
  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections);

  // Borrows a connection for the duration of `fn` (blocks while all are lent out).
  template <class F>
  auto with(F&& fn) {
    Lease lease(*this);
    return fn(*lease.conn);
  }

  Dialect dialect() const { return dialect_; }

 private:
  struct Lease {
    explicit Lease(ConnectionPool& p);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ConnectionPool& pool;
    Connection* conn;
  };

  Dialect dialect_;
  std::vector<std::unique_ptr<Connection>> all_;
  core::Mutex mu_;
  std::condition_variable cv_;
  std::vector<Connection*> idle_ GUARDED_BY(mu_);
};

}  // namespace va::crm::sql
