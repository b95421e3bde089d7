// ManualTimerService: fires due timers one at a time so callbacks may start or cancel others.
#include "sip/manual_timer_service.h"

#include <algorithm>
#include <optional>

namespace va::sip {

TimerService::TimerId ManualTimerService::start(std::chrono::milliseconds delay,
                                                Callback callback) {
  const TimerId id = next_id_++;
  timers_.emplace(Key{clock_.now() + delay, id}, std::move(callback));
  return id;
}

void ManualTimerService::cancel(TimerId id) {
  auto it = std::find_if(timers_.begin(), timers_.end(),
                         [id](const auto& entry) { return entry.first.second == id; });
  if (it != timers_.end()) timers_.erase(it);
}

void ManualTimerService::advance(std::chrono::milliseconds d) {
  const auto target = clock_.now() + d;
  while (!timers_.empty() && timers_.begin()->first.first <= target) {
    auto it = timers_.begin();
    clock_.advance(it->first.first - clock_.now());
    Callback callback = std::move(it->second);
    timers_.erase(it);
    callback();
  }
  clock_.advance(target - clock_.now());
}

std::optional<std::chrono::milliseconds> ManualTimerService::next_delay() const {
  if (timers_.empty()) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(timers_.begin()->first.first -
                                                               clock_.now());
}

}  // namespace va::sip
