// Pre-encoded tone parts: one message per reachable phase of the 50 ms period.
#include "sim/tone_parts.h"

#include <bit>
#include <numeric>

#include "ai/base64.h"
#include "core/mutex.h"
#include "sim/reply_source.h"

namespace va::sim {
namespace {
constexpr std::size_t kPeriod = 1200;   // ToneSource's table: 50 ms at 24 kHz
constexpr std::size_t kMaxPhases = 60;  // more distinct parts than this: not cached
}  // namespace

void append_audio_part_message(std::span<const std::int16_t> pcm, std::string& out) {
  static_assert(std::endian::native == std::endian::little);  // PCM16 LE on the wire (A7)
  out +=
      "{\n  \"serverContent\": {\n    \"modelTurn\": {\n      \"parts\": [\n        {\n"
      "          \"inlineData\": {\n            \"mimeType\": \"audio/pcm;rate=24000\",\n"
      "            \"data\": \"";
  ai::base64_encode({reinterpret_cast<const std::uint8_t*>(pcm.data()), pcm.size() * 2}, out);
  out += "\"\n          }\n        }\n      ]\n    }\n  }\n}\n";
}

ToneParts::ToneParts(int hz, std::size_t chunk) : by_phase_(kPeriod) {
  const std::size_t step = std::gcd(chunk, kPeriod);
  // A tone long enough that no cached part touches a fade.
  const ToneSource tone(hz, 4 * kPeriod + 2 * chunk);
  std::vector<std::int16_t> pcm(chunk);
  for (std::size_t phase = 0; phase < kPeriod; phase += step) {
    tone.fill(kPeriod + phase, pcm);
    std::string msg;
    msg.reserve(ai::base64_encoded_size(chunk * 2) + 256);
    append_audio_part_message(pcm, msg);
    by_phase_[phase] = std::make_shared<const std::string>(std::move(msg));
    ++count_;
  }
}

const std::shared_ptr<const std::string>& ToneParts::at(std::size_t pos) const {
  return by_phase_[pos % kPeriod];
}

std::shared_ptr<const ToneParts> ToneCache::get(int hz, std::size_t chunk) {
  if (chunk == 0 || kPeriod / std::gcd(chunk, kPeriod) > kMaxPhases) return nullptr;
  core::MutexLock lock(mutex_);
  auto& slot = parts_[{hz, chunk}];
  if (!slot) slot = std::make_shared<const ToneParts>(hz, chunk);
  return slot;
}

}  // namespace va::sim
