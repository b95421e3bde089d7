// Pre-encoded tone parts (ai-live-protocols.md D1.10): in tone mode every output message of a
// session is one of a few byte-identical serverContent messages, so they are built once per
// (frequency, part size) and shared by every session on every thread. This is what keeps the
// cheapest mode at a copy-free write per part instead of a sine fill, base64 and JSON per part.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/mutex.h"

namespace va::sim {

// Appends one pretty-printed (A2) serverContent.modelTurn message carrying `pcm` at 24 kHz.
void append_audio_part_message(std::span<const std::int16_t> pcm, std::string& out);

// The messages of one tone (ToneSource's 50 ms period table) cut into parts of `chunk`
// samples. A part starting at sample `pos` depends only on pos modulo the period, except near
// the faded ends, which the session still encodes itself.
class ToneParts {
 public:
  ToneParts(int hz, std::size_t chunk);
  // The message of the part starting at `pos` (a multiple of chunk), not faded.
  const std::shared_ptr<const std::string>& at(std::size_t pos) const;
  std::size_t distinct() const { return count_; }

 private:
  std::vector<std::shared_ptr<const std::string>> by_phase_;  // index: pos % period
  std::size_t count_ = 0;
};

// Thread-safe map (frequency, part size) -> ToneParts. nullptr when the part size has too many
// phases to be worth caching (then the session encodes every part).
class ToneCache {
 public:
  std::shared_ptr<const ToneParts> get(int hz, std::size_t chunk);

 private:
  core::Mutex mutex_;
  std::map<std::pair<int, std::size_t>, std::shared_ptr<const ToneParts>> parts_ GUARDED_BY(mutex_);
};

}  // namespace va::sim
