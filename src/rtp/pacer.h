// Pacer: one 20 ms timer per shard that sends every registered session's next RTP packet.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <vector>

namespace va::rtp {

class RtpSession;

// One timer for all of a shard's calls instead of one per call: fewer wakeups, and packets of
// all calls leave together. Deadlines are absolute (start + k * period) so the rate does not
// drift; after a stall, missed ticks are replayed (at most kMaxCatchUp) so timestamps keep pace
// with wall time, then the schedule resyncs. Runs on its shard only; not thread-safe.
class Pacer {
 public:
  static constexpr int kMaxCatchUp = 5;

  explicit Pacer(boost::asio::io_context& context,
                 std::chrono::nanoseconds period = std::chrono::milliseconds(20));
  ~Pacer();
  Pacer(const Pacer&) = delete;
  Pacer& operator=(const Pacer&) = delete;

  // A session registers once started and unregisters before it is destroyed. Safe to call
  // from inside a tick.
  void add(RtpSession* session);
  void remove(RtpSession* session);

  void start();
  void stop();

  std::size_t size() const { return live_; }
  std::uint64_t ticks() const { return ticks_; }
  std::uint64_t late_ticks() const { return late_ticks_; }

 private:
  void arm();
  void tick_all();

  boost::asio::steady_timer timer_;
  std::chrono::nanoseconds period_;
  std::chrono::steady_clock::time_point next_{};
  std::vector<RtpSession*> sessions_;  // null slots are removed after each tick
  std::size_t live_ = 0;
  bool running_ = false;
  bool in_tick_ = false;
  std::uint64_t ticks_ = 0;
  std::uint64_t late_ticks_ = 0;
};

}  // namespace va::rtp
