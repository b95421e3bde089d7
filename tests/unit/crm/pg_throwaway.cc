// PgThrowaway: runs initdb/pg_ctl as the postgres user when we are root (they refuse root).
#include "pg_throwaway.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace va::testing {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin";

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string as_postgres(const std::string& cmd) {
  return ::geteuid() == 0 ? "runuser -u postgres -- " + cmd : cmd;
}

}  // namespace

std::string PgThrowaway::start() {
  if (!std::filesystem::exists(std::string(kBin) + "/initdb")) {
    return std::string("PostgreSQL 15 binaries missing in ") + kBin +
           " (install postgresql-15: ./scripts/setup)";
  }
  char tmpl[] = "/tmp/va-pgtest.XXXXXX";
  if (!::mkdtemp(tmpl)) return "mkdtemp failed";
  dir_ = tmpl;
  if (::geteuid() == 0 && std::system(("chown postgres:postgres " + dir_).c_str()) != 0) {
    return "chown to postgres failed";
  }
  const std::string initdb = as_postgres(std::string(kBin) + "/initdb -D " + dir_ +
                                         "/data -U postgres -A trust -E UTF8 --locale=C.UTF-8 > " +
                                         dir_ + "/initdb.log 2>&1");
  if (std::system(initdb.c_str()) != 0) return "initdb failed, see " + dir_ + "/initdb.log";
  for (int attempt = 0; attempt < 3; ++attempt) {
    const int port = free_port();
    const std::string ctl = as_postgres(
        std::string(kBin) + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/server.log -w -t 30 " +
        "-o \"-p " + std::to_string(port) + " -h 127.0.0.1 -k " + dir_ +
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start > /dev/null");
    if (std::system(ctl.c_str()) == 0) {
      url_ = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/postgres";
      return "";
    }
  }
  return "pg_ctl start failed, see " + dir_ + "/server.log";
}

PgThrowaway::~PgThrowaway() {
  if (dir_.empty()) return;
  if (!url_.empty()) {
    const std::string stop = as_postgres(std::string(kBin) + "/pg_ctl -D " + dir_ +
                                         "/data -m immediate -w stop > /dev/null 2>&1");
    (void)std::system(stop.c_str());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

PgThrowaway& PgThrowaway::shared(std::string* error) {
  // A static object: its destructor stops the cluster when the test process exits.
  static PgThrowaway instance;
  static const std::string start_error = instance.start();
  *error = start_error;
  return instance;
}

}  // namespace va::testing
