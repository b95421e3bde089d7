// HeapTrimmer: a steady_timer on the control loop; a tick that is wanted is one malloc_trim(0).
#include "app/heap_trimmer.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace va::app {

bool TrimWhenIdle::operator()(std::size_t live, std::uint64_t ended) {
  if (ended != seen_ended_) {
    seen_ended_ = ended;
    left_ = kTrimsPerBurst;
  }
  if (live > 0 || left_ == 0) return false;
  --left_;
  return true;
}

HeapTrimmer::HeapTrimmer(boost::asio::io_context& io, std::chrono::milliseconds interval,
                         std::function<bool()> wanted)
    : timer_(io), interval_(interval), wanted_(std::move(wanted)) {}

void HeapTrimmer::start() {
  if (!stopped_) arm();  // a stop that came first (a signal during startup) stays a stop
}

void HeapTrimmer::stop() {
  stopped_ = true;
  timer_.cancel();
}

void HeapTrimmer::arm() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    ++ticks_;
    if (wanted_ && !wanted_()) return arm();
    const auto r = trim_now();
    ++trims_;
    spdlog::debug("heap: malloc_trim gave back {} KiB (RSS {} -> {} KiB) in {} us",
                  (r.rss_before - r.rss_after) / 1024, r.rss_before / 1024, r.rss_after / 1024,
                  r.took.count());
    arm();
  });
}

TrimResult HeapTrimmer::trim_now() {
  TrimResult r;
  r.rss_before = resident_bytes();
  const auto t0 = std::chrono::steady_clock::now();
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  r.took =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  r.rss_after = resident_bytes();
  return r;
}

std::int64_t HeapTrimmer::resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<std::int64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace va::app
