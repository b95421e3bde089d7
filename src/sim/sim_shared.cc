// SimShared: the locked tables of the simulator (sessions, conversations, handles).
#include "sim/sim_shared.h"

#include "core/mutex.h"

namespace va::sim {

SimCounters AtomicSimCounters::snapshot() const {
  auto r = [](const std::atomic<std::uint64_t>& c) { return c.load(std::memory_order_relaxed); };
  return SimCounters{r(sessions_open), r(sessions_total),   r(setups_ok),
                     r(rejected),      r(audio_in_samples), r(audio_out_samples),
                     r(replies),       r(interruptions),    r(resumptions),
                     r(tts_requests),  r(analysis_requests)};
}

std::uint64_t SimShared::add_session(std::weak_ptr<SimSessionBase> session) {
  core::MutexLock lock(mutex_);
  if (stopping_) return 0;
  const auto id = next_session_++;
  sessions_[id] = std::move(session);
  return id;
}

void SimShared::remove_session(std::uint64_t id) {
  core::MutexLock lock(mutex_);
  sessions_.erase(id);
}

std::vector<std::shared_ptr<SimSessionBase>> SimShared::live_sessions() const {
  std::vector<std::shared_ptr<SimSessionBase>> out;
  core::MutexLock lock(mutex_);
  for (const auto& [id, weak] : sessions_) {
    if (auto s = weak.lock()) out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::shared_ptr<SimSessionBase>> SimShared::stop_sessions() {
  {
    core::MutexLock lock(mutex_);
    stopping_ = true;
  }
  return live_sessions();
}

std::shared_ptr<Conversation> SimShared::new_conversation() {
  auto conv = std::make_shared<Conversation>();
  core::MutexLock lock(mutex_);
  conv->id = next_conversation_++;
  conv->attached = true;
  return conv;
}

SimShared::Attach SimShared::attach(const std::string& handle, std::shared_ptr<Conversation>& out) {
  core::MutexLock lock(mutex_);
  auto it = handles_.find(handle);
  if (it == handles_.end()) return Attach::Unknown;
  if (it->second->attached) return Attach::Busy;
  it->second->attached = true;
  out = it->second;
  return Attach::Ok;
}

void SimShared::detach(Conversation& conv) {
  core::MutexLock lock(mutex_);
  conv.attached = false;
}

void SimShared::forget(const Conversation& conv) {
  core::MutexLock lock(mutex_);
  std::erase_if(handles_, [&conv](const auto& entry) { return entry.second.get() == &conv; });
}

std::string SimShared::new_handle(const std::shared_ptr<Conversation>& conv) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string h = "sim-" + std::to_string(conv->id) + "-";
  core::MutexLock lock(mutex_);
  auto r = rng_();
  for (int i = 0; i < 16; ++i, r >>= 4)
    h.push_back(kHex[r & 15]);
  // Handles stay valid while the simulator runs (the service keeps them 2 h, A10); bound the table.
  if (handles_.size() > 200000) handles_.erase(handles_.begin());
  handles_[h] = conv;
  return h;
}

std::uint64_t SimShared::random() {
  core::MutexLock lock(mutex_);
  return rng_();
}

}  // namespace va::sim
