// WorkPool: a bounded pool of worker threads for long work that must never run on a call
// shard, on the HTTP handlers' threads or on the call layer's database pool (DESIGN.md,
// Threads): greeting previews (espeak-ng or Gemini TTS), CSV lead imports, later post-call
// analysis. Each job belongs to an owner (a user id); an owner may have at most `per_owner`
// jobs queued or running, and the pool at most `max_queued` waiting, so one user cannot fill
// the pool for every other tenant. A refused job is not run; the caller answers 429 with the
// Retry-After the refusal carries.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <thread>
#include <vector>

#include "core/mutex.h"

namespace va::core {

struct WorkPoolLimits {
  int threads = 2;      // limits.work_threads
  int per_owner = 4;    // limits.work_per_user: queued + running jobs of one owner
  int max_queued = 64;  // jobs waiting for a thread, all owners together
};

struct WorkRefusal {
  enum class Why { OwnerBusy, PoolFull, Stopped } why;
  std::chrono::seconds retry_after;  // when a retry is likely to be accepted (at least 1 s)
};

struct WorkPoolStats {
  std::int64_t running = 0;
  std::int64_t queued = 0;
  std::int64_t refused = 0;  // since start
};

class WorkPool {
 public:
  explicit WorkPool(WorkPoolLimits limits);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // Queues `job` for a worker thread, or refuses it (nothing runs). Never blocks.
  std::optional<WorkRefusal> submit(std::int64_t owner, std::function<void()> job);
  // Runs every queued job, then joins the threads; later submits are refused.
  void stop();

  WorkPoolStats stats() const;
  const WorkPoolLimits& limits() const { return limits_; }

 private:
  struct Job {
    std::int64_t owner;
    std::function<void()> run;
  };
  void worker();
  // How long until a retry is likely to fit: the queue ahead of it at the mean job time.
  std::chrono::seconds retry_after(std::int64_t jobs_ahead) const REQUIRES(mutex_);
  void finished(std::int64_t owner, std::chrono::steady_clock::duration took);

  const WorkPoolLimits limits_;
  mutable Mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_ GUARDED_BY(mutex_);
  std::map<std::int64_t, int> in_flight_ GUARDED_BY(mutex_);  // owner -> queued + running
  std::int64_t running_ GUARDED_BY(mutex_) = 0;
  std::int64_t refused_ GUARDED_BY(mutex_) = 0;
  double mean_job_s_ GUARDED_BY(mutex_) = 1.0;  // moving average, seeds Retry-After
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace va::core
