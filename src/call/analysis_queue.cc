// AnalysisQueue: one dispatcher thread over the call_analyses rows, jobs on its own pool.
#include "call/analysis_queue.h"

#include <spdlog/spdlog.h>

namespace va::call {

namespace {
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

AnalysisQueue::AnalysisQueue(AnalysisDeps deps, AnalysisSettings settings,
                             AnalysisQueueLimits limits)
    : deps_(deps),
      settings_(std::move(settings)),
      limits_(limits),
      pool_(core::WorkPoolLimits{limits.threads, limits.per_owner, limits.max_in_flight}) {}

AnalysisQueue::~AnalysisQueue() {
  stop();
}

void AnalysisQueue::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { dispatch_loop(); });
}

void AnalysisQueue::stop() {
  {
    core::MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  pool_.stop();  // runs what was handed over already, then joins
}

void AnalysisQueue::wake() {
  {
    core::MutexLock lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

AnalysisCounters AnalysisQueue::counters() const {
  return {done_.load(), failed_.load(), retried_.load()};
}

void AnalysisQueue::dispatch_loop() {
  for (;;) {
    {
      core::MutexLock lock(mutex_);
      const auto deadline = std::chrono::steady_clock::now() + limits_.poll;
      while (!stopping_ && !woken_) {
        if (lock.wait_until(wake_, deadline) == std::cv_status::timeout) break;
      }
      if (stopping_) return;
      woken_ = false;
    }
    dispatch_due();
  }
}

void AnalysisQueue::dispatch_due() {
  // A few more rows than free slots: some may be in flight already or their owner busy.
  auto due = deps_.store.due_analyses(now_ms(), limits_.max_in_flight * 2);
  if (!due) {
    spdlog::warn("analysis queue: {}", due.error().message());
    return;
  }
  for (const auto& d : *due) {
    {
      core::MutexLock lock(mutex_);
      if (stopping_ || static_cast<int>(in_flight_.size()) >= limits_.max_in_flight) return;
      if (!in_flight_.insert(d.call_id).second) continue;
    }
    auto refused = pool_.submit(d.owner_id, [this, id = d.call_id] {
      finished(id, run_analysis(deps_, settings_, id, now_ms()));
    });
    if (refused) {  // the owner has its share running: the row waits for the next pass
      core::MutexLock lock(mutex_);
      in_flight_.erase(d.call_id);
    }
  }
}

void AnalysisQueue::finished(crm::Id call_id, AnalysisOutcome outcome) {
  switch (outcome) {
    case AnalysisOutcome::Done:
      ++done_;
      break;
    case AnalysisOutcome::Failed:
      ++failed_;
      break;
    case AnalysisOutcome::Retry:
      ++retried_;
      break;
    case AnalysisOutcome::Skipped:
      break;
  }
  {
    core::MutexLock lock(mutex_);
    in_flight_.erase(call_id);
  }
  // A slot is free: the next due row need not wait for the poll (not after a skip, which a
  // failing database could repeat at once).
  if (outcome != AnalysisOutcome::Skipped) wake();
}

}  // namespace va::call
