// PgNotifyBus: poll() on the libpq socket and an eventfd; NOTIFY as pg_notify($1, $2), so a
// payload is a parameter and never part of the SQL text.
#include "crm/postgres/pg_notify_bus.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace va::crm::postgres {
namespace {
// Enough for a burst of events (one per call state change) while the database is slow; a
// longer stall drops events rather than growing without bound.
constexpr std::size_t kMaxQueued = 20000;
constexpr int kPollMs = 200;  // how soon stop() is noticed
constexpr auto kReconnectAfter = std::chrono::seconds(1);
}  // namespace

bool PgNotifyBus::valid_channel(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

PgNotifyBus::PgNotifyBus(std::string url, std::vector<std::string> channels, Handler handler)
    : url_(std::move(url)), channels_(std::move(channels)), handler_(std::move(handler)) {}

PgNotifyBus::~PgNotifyBus() {
  stop();
}

bool PgNotifyBus::start() {
  for (const auto& c : channels_) {
    if (!valid_channel(c)) {
      spdlog::error("cluster bus: channel name \"{}\" is not a plain identifier", c);
      return false;
    }
  }
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0 || !connect()) return false;
  thread_ = std::thread([this] { run(); });
  return true;
}

void PgNotifyBus::stop() {
  if (stopping_.exchange(true)) return;
  wake();
  if (thread_.joinable()) thread_.join();
  close();
  if (wake_fd_ >= 0) ::close(wake_fd_);
  wake_fd_ = -1;
}

bool PgNotifyBus::notify(std::string channel, std::string payload) {
  {
    core::MutexLock lock(mutex_);
    if (outbox_.size() >= kMaxQueued) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    outbox_.emplace_back(std::move(channel), std::move(payload));
  }
  wake();
  return true;
}

void PgNotifyBus::wake() {
  if (wake_fd_ < 0) return;
  const std::uint64_t one = 1;
  // A full counter (never in practice) still leaves the fd readable: the wake is not lost.
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

bool PgNotifyBus::connect() {
  conn_ = PQconnectdb(url_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    spdlog::warn("cluster bus: cannot connect: {}", PQerrorMessage(conn_));
    close();
    return false;
  }
  for (const auto& c : channels_) {
    PGresult* r = PQexec(conn_, ("LISTEN " + c).c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok) {
      spdlog::warn("cluster bus: LISTEN {} failed: {}", c, PQerrorMessage(conn_));
      close();
      return false;
    }
  }
  return true;
}

void PgNotifyBus::close() {
  if (conn_) PQfinish(conn_);
  conn_ = nullptr;
}

void PgNotifyBus::run() {
  while (!stopping_) {
    if (!conn_) {
      std::this_thread::sleep_for(kReconnectAfter);
      if (stopping_ || !connect()) continue;
      spdlog::info("cluster bus: connected again");
    }
    send_queued();
    if (!conn_) continue;
    // Notifications that came in while a NOTIFY's answer was read sit in libpq's queue, not
    // in the socket: poll() would not wake for them.
    deliver_queued();
    pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, kPollMs) < 0) continue;  // EINTR: look again
    if (fds[1].revents & POLLIN) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
    }
    if (fds[0].revents) receive();
  }
}

// Up to kPerStatement notifications per round trip (one statement, one transaction): a burst
// of call events costs a few round trips, not one each. PostgreSQL folds identical payloads
// on one channel within a transaction into one; two identical events say nothing more.
void PgNotifyBus::send_queued() {
  std::deque<std::pair<std::string, std::string>> batch;
  {
    core::MutexLock lock(mutex_);
    batch.swap(outbox_);
  }
  constexpr std::size_t kPerStatement = 32;
  for (std::size_t at = 0; at < batch.size(); at += kPerStatement) {
    const auto n = std::min(kPerStatement, batch.size() - at);
    std::string sql = "SELECT 1";
    std::vector<const char*> values;
    for (std::size_t i = 0; i < n; ++i) {
      sql += ", pg_notify($" + std::to_string(2 * i + 1) + ", $" + std::to_string(2 * i + 2) + ")";
      values.push_back(batch[at + i].first.c_str());
      values.push_back(batch[at + i].second.c_str());
    }
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (ok) continue;
    dropped_.fetch_add(n, std::memory_order_relaxed);
    if (PQstatus(conn_) != CONNECTION_OK) {
      spdlog::warn("cluster bus: connection lost: {}", PQerrorMessage(conn_));
      close();
      // The rest of the batch goes with it: NOTIFY promises no delivery across a reconnect.
      dropped_.fetch_add(batch.size() - at - n, std::memory_order_relaxed);
      return;
    }
  }
}

void PgNotifyBus::receive() {
  if (!PQconsumeInput(conn_)) {
    spdlog::warn("cluster bus: connection lost: {}", PQerrorMessage(conn_));
    close();
    return;
  }
  deliver_queued();
}

void PgNotifyBus::deliver_queued() {
  while (PGnotify* n = PQnotifies(conn_)) {
    received_.fetch_add(1, std::memory_order_relaxed);
    std::string channel = n->relname ? n->relname : "";
    std::string payload = n->extra ? n->extra : "";
    PQfreemem(n);
    handler_(channel, payload);
  }
}

}  // namespace va::crm::postgres
