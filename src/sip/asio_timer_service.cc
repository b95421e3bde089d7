// AsioTimerService: a steady_timer per pending timer; cancel removes the entry so a completion
// already queued finds nothing to run.
#include "sip/asio_timer_service.h"

namespace va::sip {

AsioTimerService::~AsioTimerService() {
  cancel_all();
}

TimerService::TimerId AsioTimerService::start(std::chrono::milliseconds delay, Callback callback) {
  const TimerId id = next_id_++;
  auto timer = std::make_unique<boost::asio::steady_timer>(context_, delay);
  timer->async_wait([this, id](const boost::system::error_code& ec) {
    if (ec == boost::asio::error::operation_aborted) return;
    fire(id);
  });
  timers_.emplace(id, Entry{std::move(timer), std::move(callback)});
  return id;
}

void AsioTimerService::cancel(TimerId id) {
  timers_.erase(id);
}

void AsioTimerService::cancel_all() {
  timers_.clear();
}

void AsioTimerService::fire(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  Callback callback = std::move(it->second.callback);
  timers_.erase(it);
  callback();
}

}  // namespace va::sip
