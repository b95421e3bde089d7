// Clock: the process-wide steady clock.
#include "core/clock.h"

namespace va::core {
namespace {
class SteadyClock final : public Clock {
 public:
  // Clock
  TimePoint now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
  }
};
}  // namespace

Clock& Clock::steady() {
  static SteadyClock clock;
  return clock;
}
}  // namespace va::core
