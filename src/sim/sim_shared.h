// SimShared: what the simulator's sessions share across the simulator's threads: the config
// (read-only), the log, the resumption-handle table (D1.16), the session list and counters.
// Each session lives on one thread; only the tables below take a lock, and only at connection
// start and end. Counters are relaxed atomics (read as a snapshot).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "core/mutex.h"
#include "sim/reply_source.h"
#include "sim/session_log.h"
#include "sim/sim_config.h"
#include "sim/tone_parts.h"

namespace va::sim {

// One conversation: survives its connections through resumption handles. Its fields belong to
// the one connection attached to it (attached is changed under SimShared's lock, which hands
// the conversation from one connection's thread to the next).
struct Conversation {
  std::uint64_t id = 0;
  bool attached = false;  // a connection is serving it now (resume while open -> 1011)
  std::uint64_t audio_in_samples = 0;
  std::uint64_t audio_in_fnv = 14695981039346656037ull;  // digest of all caller PCM bytes
  std::uint64_t audio_out_samples = 0;
  std::uint64_t turns = 0;
  std::uint64_t connections = 0;
  std::size_t script_pos = 0;
  bool stall_over = false;  // the stall (SimConfig::stall) was recovered from
};

// A snapshot of the simulator's counters.
struct SimCounters {
  std::uint64_t sessions_open = 0;
  std::uint64_t sessions_total = 0;
  std::uint64_t setups_ok = 0;
  std::uint64_t rejected = 0;  // closed for key, model, voice, handle or bad input
  std::uint64_t audio_in_samples = 0;
  std::uint64_t audio_out_samples = 0;
  std::uint64_t replies = 0;  // model turns started
  std::uint64_t interruptions = 0;
  std::uint64_t resumptions = 0;
  std::uint64_t tts_requests = 0;       // REST generateContent requests answered (any status)
  std::uint64_t analysis_requests = 0;  // generateContent for text models (any status)
};

// The live counters: one relaxed atomic per field of SimCounters.
struct AtomicSimCounters {
  std::atomic<std::uint64_t> sessions_open{0};
  std::atomic<std::uint64_t> sessions_total{0};
  std::atomic<std::uint64_t> setups_ok{0};
  std::atomic<std::uint64_t> rejected{0};
  std::atomic<std::uint64_t> audio_in_samples{0};
  std::atomic<std::uint64_t> audio_out_samples{0};
  std::atomic<std::uint64_t> replies{0};
  std::atomic<std::uint64_t> interruptions{0};
  std::atomic<std::uint64_t> resumptions{0};
  std::atomic<std::uint64_t> tts_requests{0};
  std::atomic<std::uint64_t> analysis_requests{0};

  SimCounters snapshot() const;
};

inline void bump(std::atomic<std::uint64_t>& c, std::uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}

class SimSessionBase {
 public:
  virtual ~SimSessionBase() = default;
  virtual void shutdown() = 0;  // simulator stopping: close at once (thread-safe: posts)
};

class SimShared {
 public:
  explicit SimShared(SimConfig c) : config(std::move(c)), log(config.log_path) {}

  const SimConfig config;
  SessionLog log;                  // thread-safe
  std::vector<ScriptLine> script;  // set before the first session, read-only after
  AtomicSimCounters counters;
  ToneCache tones;  // thread-safe

  // Connection bookkeeping (each takes the lock briefly).
  // 0 once stop_sessions() ran: the caller closes at once (an accept that raced stop()).
  std::uint64_t add_session(std::weak_ptr<SimSessionBase> session);
  // Marks the simulator stopping and returns every live session (to shut down).
  std::vector<std::shared_ptr<SimSessionBase>> stop_sessions();
  void remove_session(std::uint64_t id);
  std::vector<std::shared_ptr<SimSessionBase>> live_sessions() const;

  std::shared_ptr<Conversation> new_conversation();  // attached
  enum class Attach { Ok, Unknown, Busy };
  // Attaches the conversation behind `handle` to the caller's connection.
  Attach attach(const std::string& handle, std::shared_ptr<Conversation>& out);
  void detach(Conversation& conv);
  // Drops every handle of `conv`: a resume with one of them is refused (session not found).
  void forget(const Conversation& conv);
  std::string new_handle(const std::shared_ptr<Conversation>& conv);
  std::uint64_t random();

 private:
  mutable core::Mutex mutex_;
  std::map<std::string, std::shared_ptr<Conversation>> handles_ GUARDED_BY(mutex_);
  std::map<std::uint64_t, std::weak_ptr<SimSessionBase>> sessions_ GUARDED_BY(mutex_);
  std::uint64_t next_session_ GUARDED_BY(mutex_) = 1;
  bool stopping_ GUARDED_BY(mutex_) = false;
  std::uint64_t next_conversation_ GUARDED_BY(mutex_) = 1;
  std::mt19937_64 rng_ GUARDED_BY(mutex_) = std::mt19937_64(std::random_device{}());
};

}  // namespace va::sim
