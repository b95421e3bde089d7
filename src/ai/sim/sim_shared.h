// SimShared: what the simulator's sessions share on the simulator's thread: the config, the log,
// the resumption-handle table (D1.16) and counters. Only that thread touches it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ai/sim/reply_source.h"
#include "ai/sim/session_log.h"
#include "ai/sim/sim_config.h"

namespace va::ai::sim {

// One conversation: survives its connections through resumption handles.
struct Conversation {
  std::uint64_t id = 0;
  bool attached = false;  // a connection is serving it now (resume while open -> 1011)
  std::uint64_t audio_in_samples = 0;
  std::uint64_t audio_in_fnv = 14695981039346656037ull;  // digest of all caller PCM bytes
  std::uint64_t audio_out_samples = 0;
  std::uint64_t turns = 0;
  std::uint64_t connections = 0;
  std::size_t script_pos = 0;
};

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
};

class SimSessionBase {
 public:
  virtual ~SimSessionBase() = default;
  virtual void shutdown() = 0;  // simulator stopping: close at once
};

struct SimShared {
  explicit SimShared(SimConfig c) : config(std::move(c)), log(config.log_path) {}

  SimConfig config;
  SessionLog log;
  std::vector<ScriptLine> script;
  SimCounters counters;
  std::map<std::string, std::shared_ptr<Conversation>> handles;  // handle -> conversation
  std::map<std::uint64_t, std::weak_ptr<SimSessionBase>> sessions;
  std::uint64_t next_session = 1;
  std::uint64_t next_conversation = 1;
  std::mt19937_64 rng{std::random_device{}()};
  bool stopping = false;

  std::string new_handle(const std::shared_ptr<Conversation>& conv);
};

}  // namespace va::ai::sim
