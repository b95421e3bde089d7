// HeapTrimmer: hands the heap that ended calls freed back to the OS (glibc malloc_trim(3)),
// checked every interval on the control loop (never a shard), trimming only when asked to.
//
// Why: nothing of a call stays allocated once it ended (tests/load/call_leak.sh -m: 10,000
// calls leave ~3-4 MiB of heap in use), but glibc keeps what it needed at the peak of 200
// calls at once: free() gives memory back only from the top of an arena, and one block still
// live above a freed region pins all of it. Measured: ~105 MiB held, RSS 129 MiB; after
// malloc_trim(0), which also releases the whole pages inside free chunks, RSS 35-45 MiB. So RSS
// follows the heap in use again and a real leak shows in it instead of hiding under the peak.
// Cost: each arena is locked while it is trimmed (3-4 ms in all under load, ~30 ms when 40-60
// MiB go back at once), so serve trims only while no call is live (TrimWhenIdle).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace va::app {

struct TrimResult {
  std::int64_t rss_before = 0;  // bytes resident before the trim
  std::int64_t rss_after = 0;   // ... and after it
  std::chrono::microseconds took{0};
};

// serve's `wanted`: trim only while no call is live, a few ticks after each burst of calls and
// then no more until calls have come and gone again. A few, not one: what ended calls leave
// (SIP transactions live 64*T1 = 32 s after their last response) is freed over the next ticks.
class TrimWhenIdle {
 public:
  static constexpr int kTrimsPerBurst = 3;
  // `live`: calls now; `ended`: calls ended since start (any counter that moves with calls).
  bool operator()(std::size_t live, std::uint64_t ended);

 private:
  std::uint64_t seen_ended_ = 0;
  int left_ = 0;
};

class HeapTrimmer {
 public:
  // `wanted` is asked on every tick (on the io_context's thread); the trim runs when it says so.
  HeapTrimmer(boost::asio::io_context& io, std::chrono::milliseconds interval,
              std::function<bool()> wanted);
  HeapTrimmer(const HeapTrimmer&) = delete;
  HeapTrimmer& operator=(const HeapTrimmer&) = delete;

  void start();
  // Cancels the timer for good, so the io_context can run out of work (serve ends that way).
  void stop();

  // One trim now (a no-op but for the RSS readings where the C library has no malloc_trim).
  static TrimResult trim_now();
  // The process's resident set size in bytes (/proc/self/statm), 0 if unreadable.
  static std::int64_t resident_bytes();

  std::uint64_t ticks() const { return ticks_; }
  std::uint64_t trims() const { return trims_; }

 private:
  void arm();

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::function<bool()> wanted_;
  bool stopped_ = false;
  std::uint64_t ticks_ = 0;
  std::uint64_t trims_ = 0;
};

}  // namespace va::app
