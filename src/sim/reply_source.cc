// Reply audio: tone, echo and espeak-ng scripted lines.
#include "sim/reply_source.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "ai/greeting_cache.h"
#include "media/resampler.h"

namespace va::sim {

ToneSource::ToneSource(int hz, std::size_t total_samples) : period_(1200), total_(total_samples) {
  const double step = 2.0 * 3.14159265358979323846 * hz / kOutputRate;
  for (std::size_t i = 0; i < period_.size(); ++i) {
    period_[i] = static_cast<std::int16_t>(8000.0 * std::sin(step * static_cast<double>(i)));
  }
}

void ToneSource::fill(std::size_t pos, std::span<std::int16_t> out) const {
  // Copy whole runs of the period table, then fade only the parts near either end.
  for (std::size_t k = 0; k < out.size();) {
    const std::size_t at = (pos + k) % period_.size();
    const std::size_t run = std::min(period_.size() - at, out.size() - k);
    std::copy_n(period_.begin() + static_cast<long>(at), run, out.begin() + static_cast<long>(k));
    k += run;
  }
  const std::size_t fade = kOutputRate / 200;
  for (std::size_t k = 0; k < out.size() && pos + k < fade; ++k) {
    out[k] = static_cast<std::int16_t>(out[k] * static_cast<std::int32_t>(pos + k) /
                                       static_cast<std::int32_t>(fade));
  }
  for (std::size_t k = out.size(); k-- > 0 && total_ - (pos + k) < fade;) {
    out[k] = static_cast<std::int16_t>(out[k] * static_cast<std::int32_t>(total_ - (pos + k)) /
                                       static_cast<std::int32_t>(fade));
  }
}

std::vector<std::int16_t> make_echo(std::span<const std::int16_t> utterance, int rate) {
  return media::Resampler::convert(utterance, rate, kOutputRate);
}

std::vector<ScriptLine> render_script(const std::vector<std::string>& lines,
                                      const std::string& espeak_path) {
  std::vector<ScriptLine> out;
  for (const auto& line : lines) {
    auto pcm = ai::render_with_espeak(espeak_path, "en", line);
    if (!pcm) throw std::runtime_error("espeak-ng could not render \"" + line + "\"");
    out.push_back(
        ScriptLine{line, media::Resampler::convert(pcm->samples, pcm->sample_rate, kOutputRate)});
  }
  return out;
}

}  // namespace va::sim
