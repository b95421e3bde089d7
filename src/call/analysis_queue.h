// AnalysisQueue: the bounded background queue of post-call analyses. The queue itself is the
// database (crm call_analyses rows with status pending), so a restart loses nothing: the
// rows a stopped or crashed process left pending are picked up again. A dispatcher thread
// looks for due rows every `poll` (or at once after wake()) and hands at most `max_in_flight`
// to a WorkPool of its own (`threads`, at most `per_owner` jobs of one owner), never to a
// call shard, the HTTP pool or the call layer's DB pool: an analysis can neither block nor
// slow a call. Each job is run_analysis (analysis_job.h).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <set>
#include <thread>

#include "call/analysis_job.h"
#include "core/mutex.h"
#include "core/work_pool.h"

namespace va::call {

struct AnalysisQueueLimits {
  std::chrono::milliseconds poll{500};
  int threads = 2;
  int per_owner = 2;
  int max_in_flight = 4;  // queued + running on the pool, all owners
};

struct AnalysisCounters {
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
  std::uint64_t retried = 0;
};

class AnalysisQueue {
 public:
  AnalysisQueue(AnalysisDeps deps, AnalysisSettings settings, AnalysisQueueLimits limits = {});
  ~AnalysisQueue();
  AnalysisQueue(const AnalysisQueue&) = delete;
  AnalysisQueue& operator=(const AnalysisQueue&) = delete;

  void start();
  // No new jobs; waits for the running ones. What is still pending stays in the database.
  void stop();
  // Any thread, never blocks: look for due analyses now rather than at the next poll.
  void wake();
  AnalysisCounters counters() const;

 private:
  void dispatch_loop();
  void dispatch_due();
  void finished(crm::Id call_id, AnalysisOutcome outcome);

  AnalysisDeps deps_;
  const AnalysisSettings settings_;
  const AnalysisQueueLimits limits_;
  core::WorkPool pool_;
  mutable core::Mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ GUARDED_BY(mutex_) = false;
  bool woken_ GUARDED_BY(mutex_) = false;
  std::set<crm::Id> in_flight_ GUARDED_BY(mutex_);
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::atomic<std::uint64_t> retried_{0};
  std::thread thread_;
};

}  // namespace va::call
