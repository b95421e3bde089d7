// HeapTrimmer: a steady_timer on the control loop; each tick is one malloc_trim(0).
#include "app/heap_trimmer.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace va::app {
namespace {
constexpr std::chrono::milliseconds kSlowTrim{10};  // half a 20 ms packet interval
}  // namespace

HeapTrimmer::HeapTrimmer(boost::asio::io_context& io, std::chrono::milliseconds interval)
    : timer_(io), interval_(interval) {}

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
    const auto r = trim_now();
    ++trims_;
    // Arenas are locked one at a time while trimmed: a shard allocating meanwhile waits.
    const auto level = r.took > kSlowTrim ? spdlog::level::warn : spdlog::level::debug;
    spdlog::log(level, "heap: malloc_trim gave back {} KiB (RSS {} -> {} KiB) in {} us",
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
