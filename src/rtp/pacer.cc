// Pacer: absolute-deadline 20 ms tick over a shard's sessions (DESIGN.md "one pacer per shard").
#include "rtp/pacer.h"

#include <algorithm>

#include "rtp/rtp_session.h"

namespace va::rtp {

Pacer::Pacer(boost::asio::io_context& context, std::chrono::nanoseconds period)
    : timer_(context), period_(period) {}

Pacer::~Pacer() {
  stop();
}

void Pacer::add(RtpSession* session) {
  sessions_.push_back(session);
  ++live_;
}

void Pacer::remove(RtpSession* session) {
  auto it = std::find(sessions_.begin(), sessions_.end(), session);
  if (it == sessions_.end()) return;
  --live_;
  if (in_tick_) {
    *it = nullptr;  // compacted after the tick
  } else {
    sessions_.erase(it);
  }
}

void Pacer::start() {
  if (running_) return;
  running_ = true;
  next_ = std::chrono::steady_clock::now() + period_;
  arm();
}

void Pacer::stop() {
  running_ = false;
  timer_.cancel();
}

void Pacer::arm() {
  timer_.expires_at(next_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // operation_aborted: stopped or destroyed; `this` may be gone
    if (!running_) return;
    const auto now = std::chrono::steady_clock::now();
    int due = 0;
    while (next_ <= now && due < kMaxCatchUp) {
      next_ += period_;
      ++due;
    }
    if (next_ <= now) next_ = now + period_;  // stalled too long: resync
    late_ticks_ += static_cast<std::uint64_t>(due - 1);
    for (int i = 0; i < due; ++i)
      tick_all();
    arm();
  });
}

void Pacer::tick_all() {
  ++ticks_;
  in_tick_ = true;
  const std::size_t n = sessions_.size();  // sessions added during the tick start next tick
  for (std::size_t i = 0; i < n; ++i)
    if (sessions_[i]) sessions_[i]->on_pacer_tick();
  in_tick_ = false;
  std::erase(sessions_, nullptr);
}

}  // namespace va::rtp
