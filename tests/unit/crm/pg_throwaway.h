// PgThrowaway: a private PostgreSQL 15 cluster for one test process (recipe:
// shared/ref/test-peers.md section 5): initdb in a temp dir, TCP on 127.0.0.1 at a free port,
// trust auth, fsync off. Stopped and deleted by the destructor.
#pragma once

#include <string>

namespace va::testing {

class PgThrowaway {
 public:
  PgThrowaway() = default;
  ~PgThrowaway();
  PgThrowaway(const PgThrowaway&) = delete;
  PgThrowaway& operator=(const PgThrowaway&) = delete;

  // Returns "" on success, else why it could not start (missing binaries, initdb failed...).
  std::string start();
  // postgresql://postgres@127.0.0.1:PORT/postgres
  const std::string& url() const { return url_; }

  // One cluster per test process, started on first use.
  static PgThrowaway& shared(std::string* error);

 private:
  std::string dir_;
  std::string url_;
};

}  // namespace va::testing
