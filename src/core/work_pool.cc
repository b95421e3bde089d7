// WorkPool: one deque, N threads, per-owner counts under one mutex (jobs are long; the lock
// is held only to queue and to count).
#include "core/work_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

namespace va::core {

WorkPool::WorkPool(WorkPoolLimits limits) : limits_(limits) {
  const int n = std::max(1, limits_.threads);
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    threads_.emplace_back([this] { worker(); });
}

WorkPool::~WorkPool() {
  stop();
}

std::optional<WorkRefusal> WorkPool::submit(std::int64_t owner, std::function<void()> job) {
  {
    MutexLock lock(mutex_);
    std::optional<WorkRefusal::Why> why;
    int& mine = in_flight_[owner];
    if (stopping_) {
      why = WorkRefusal::Why::Stopped;
    } else if (mine >= std::max(1, limits_.per_owner)) {
      why = WorkRefusal::Why::OwnerBusy;
    } else if (static_cast<int>(queue_.size()) >= limits_.max_queued) {
      why = WorkRefusal::Why::PoolFull;
    }
    if (why) {
      if (mine == 0) in_flight_.erase(owner);
      ++refused_;
      const auto ahead = *why == WorkRefusal::Why::OwnerBusy
                             ? static_cast<std::int64_t>(limits_.per_owner)
                             : static_cast<std::int64_t>(queue_.size()) + running_;
      return WorkRefusal{*why, retry_after(ahead)};
    }
    ++mine;
    queue_.push_back(Job{owner, std::move(job)});
  }
  ready_.notify_one();
  return std::nullopt;
}

std::chrono::seconds WorkPool::retry_after(std::int64_t jobs_ahead) const {
  const double threads = std::max(1, limits_.threads);
  const double s = std::ceil(mean_job_s_ * static_cast<double>(jobs_ahead) / threads);
  return std::chrono::seconds(
      std::clamp(static_cast<std::int64_t>(s), std::int64_t{1}, std::int64_t{60}));
}

void WorkPool::worker() {
  for (;;) {
    Job job{0, {}};
    {
      MutexLock lock(mutex_);
      while (!stopping_ && queue_.empty())
        lock.wait(ready_);
      if (queue_.empty()) return;  // stopping, and everything queued has run
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
      job.run();
    } catch (const std::exception& e) {
      spdlog::error("work pool: a job of owner {} failed: {}", job.owner, e.what());
    }
    finished(job.owner, std::chrono::steady_clock::now() - start);
  }
}

void WorkPool::finished(std::int64_t owner, std::chrono::steady_clock::duration took) {
  MutexLock lock(mutex_);
  --running_;
  if (auto it = in_flight_.find(owner); it != in_flight_.end() && --it->second <= 0)
    in_flight_.erase(it);
  const double s = std::chrono::duration<double>(took).count();
  mean_job_s_ = 0.8 * mean_job_s_ + 0.2 * s;
}

void WorkPool::stop() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

WorkPoolStats WorkPool::stats() const {
  MutexLock lock(mutex_);
  return {running_, static_cast<std::int64_t>(queue_.size()), refused_};
}

}  // namespace va::core
