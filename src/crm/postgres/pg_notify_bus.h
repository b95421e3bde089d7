// PgNotifyBus: one dedicated libpq connection per node that LISTENs on its channels and sends
// NOTIFYs (issue 18: live events and commands between nodes without a protocol of our own).
// Its own thread waits on the socket (and on an eventfd that says "something to send"), so a
// notification reaches the handler within milliseconds; the pool's connections never LISTEN
// (a pooled connection would hold notifications for whoever borrows it next).
// notify() never blocks: it queues (bounded; full drops and counts). A lost connection is
// reopened after a second; what was sent meanwhile is lost, as NOTIFY promises no more.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/mutex.h"

struct pg_conn;

namespace va::crm::postgres {

class PgNotifyBus {
 public:
  // Called on the bus thread, one notification at a time; must not block for long.
  using Handler = std::function<void(const std::string& channel, const std::string& payload)>;

  // `channels`: plain identifiers ([a-z0-9_], at most 63 bytes); others are refused at start().
  PgNotifyBus(std::string url, std::vector<std::string> channels, Handler handler);
  ~PgNotifyBus();
  PgNotifyBus(const PgNotifyBus&) = delete;
  PgNotifyBus& operator=(const PgNotifyBus&) = delete;

  // Connects and LISTENs before it returns (false and a log line when it cannot), so no
  // notification sent after start() is missed; then the thread runs, reconnecting as needed.
  bool start();
  void stop();
  // Any thread; false when the queue is full (the message is dropped).
  bool notify(std::string channel, std::string payload);

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::uint64_t received() const { return received_.load(std::memory_order_relaxed); }

  static bool valid_channel(const std::string& name);

 private:
  bool connect();
  void run();
  void send_queued();
  void receive();
  void deliver_queued();
  void close();
  void wake();

  const std::string url_;
  const std::vector<std::string> channels_;
  const Handler handler_;
  pg_conn* conn_ = nullptr;  // bus thread only (and start() before the thread runs)
  int wake_fd_ = -1;
  core::Mutex mutex_;
  std::deque<std::pair<std::string, std::string>> outbox_ GUARDED_BY(mutex_);
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> received_{0};
  std::thread thread_;
};

}  // namespace va::crm::postgres
