// AsioTimerService: TimerService on one shard's io_context (steady_timer per timer).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <unordered_map>

#include "sip/timer_service.h"

namespace va::sip {

// Thread-compatible: every call and every callback happens on the io_context's thread.
class AsioTimerService final : public TimerService {
 public:
  explicit AsioTimerService(boost::asio::io_context& context) : context_(context) {}
  ~AsioTimerService() override;

  // TimerService
  TimerId start(std::chrono::milliseconds delay, Callback callback) override;
  void cancel(TimerId id) override;
  std::size_t pending() const override { return timers_.size(); }

  // Cancels every timer (shutdown).
  void cancel_all();

 private:
  struct Entry {
    std::unique_ptr<boost::asio::steady_timer> timer;
    Callback callback;
  };
  void fire(TimerId id);

  boost::asio::io_context& context_;
  TimerId next_id_ = 1;
  std::unordered_map<TimerId, Entry> timers_;
};

}  // namespace va::sip
