// BeepDetector: per-frame tone analysis and the beep rule (see beep_detector.h).
#include "media/beep_detector.h"

#include <array>
#include <cmath>

#include "media/tone_detector.h"

namespace va::media {
namespace {

constexpr double kLowHz = 200;  // music on hold goes this low; beeps do not
constexpr double kHighHz = 2500;
constexpr std::size_t kMaxBins = 64;

// Share of the power within one bin either side of bin i.
double share_around(const std::array<double, kMaxBins>& share, std::size_t bins, std::size_t i) {
  double s = share[i];
  if (i > 0) s += share[i - 1];
  if (i + 1 < bins) s += share[i + 1];
  return s;
}

}  // namespace

FrameTone analyse_frame(std::span<const std::int16_t> frame, int sample_rate) {
  FrameTone out;
  if (frame.empty() || sample_rate <= 0) return out;
  double energy = 0;
  for (const std::int16_t x : frame)
    energy += static_cast<double>(x) * x;
  const auto n = static_cast<double>(frame.size());
  if (energy <= 0) return out;
  out.level_dbfs = 20 * std::log10(std::sqrt(energy / n) / 32768.0);
  const double step = sample_rate / n;  // bin spacing: 50 Hz for a 20 ms frame
  std::array<double, kMaxBins> share{};
  std::size_t bins = 0;
  const auto first = static_cast<std::size_t>(std::ceil(kLowHz / step));
  for (std::size_t k = first;
       bins < kMaxBins && k * step <= kHighHz && k * step < sample_rate / 2.0; ++k, ++bins)
    share[bins] = 2 * goertzel_power(frame, k * step, sample_rate) / n / energy;
  if (bins == 0) return out;
  std::size_t best = 0;
  for (std::size_t i = 1; i < bins; ++i)
    if (share[i] > share[best]) best = i;
  out.peak_hz = (first + best) * step;
  out.peak_share = share_around(share, bins, best);
  // The strongest bin at least 3 bins away from the first peak: a second note.
  std::size_t second = bins;
  for (std::size_t i = 0; i < bins; ++i) {
    const std::size_t d = i > best ? i - best : best - i;
    if (d >= 3 && (second == bins || share[i] > share[second])) second = i;
  }
  out.two_peak_share = out.peak_share + (second < bins ? share_around(share, bins, second) : 0.0);
  return out;
}

bool BeepDetector::is_tone(const FrameTone& frame) const {
  return frame.level_dbfs >= config_.min_level_dbfs && frame.peak_share >= config_.min_share;
}

bool BeepDetector::feed(const FrameTone& frame) {
  const bool tone = is_tone(frame);
  const bool quiet = frame.level_dbfs < config_.quiet_dbfs;
  bool beep = false;
  if (candidate_) {
    if (quiet) {
      if (++quiet_frames_ >= config_.quiet_after_frames) {
        beep = true;
        beep_hz_ = candidate_hz_;
        candidate_ = false;
      }
    } else if (!(quiet_frames_ == 0 && first_after_)) {
      candidate_ = false;  // something followed the tone at once: not a recorder listening
    }
    first_after_ = false;
  }
  if (tone && run_frames_ > 0 && std::abs(frame.peak_hz - run_hz_) <= 50) {
    ++run_frames_;
  } else {
    // A run ends (or never began). One of the right length, begun out of a non-tone, is a
    // candidate if quiet follows.
    // The frame that ends it may still hold the tone's tail, so it need not be quiet.
    if (run_valid_ && run_frames_ >= config_.min_tone_frames &&
        run_frames_ <= config_.max_tone_frames) {
      candidate_ = true;
      candidate_hz_ = run_hz_;
      quiet_frames_ = quiet ? 1 : 0;
      first_after_ = true;
    }
    run_frames_ = tone ? 1 : 0;
    run_hz_ = frame.peak_hz;
    run_valid_ = tone && !previous_tonal_;
  }
  previous_tonal_ = tone;
  return beep;
}

}  // namespace va::media
