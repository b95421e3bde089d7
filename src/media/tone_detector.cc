// ToneDetector: Goertzel per-frequency power over fixed blocks (see tone_detector.h).
#include "media/tone_detector.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/assert.h"

namespace va::media {
namespace {

double goertzel_with(std::span<const std::int16_t> block, double coeff) {
  double s1 = 0, s2 = 0;
  for (const std::int16_t x : block) {
    const double s0 = x + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

double coefficient(double freq_hz, int sample_rate) {
  return 2 * std::cos(2 * std::numbers::pi * freq_hz / sample_rate);
}

constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

}  // namespace

double goertzel_power(std::span<const std::int16_t> block, double freq_hz, int sample_rate) {
  return goertzel_with(block, coefficient(freq_hz, sample_rate));
}

ToneDetector::ToneDetector(int sample_rate, std::vector<double> frequencies,
                           std::size_t block_samples)
    : sample_rate_(sample_rate),
      frequencies_(std::move(frequencies)),
      block_samples_(block_samples != 0 ? block_samples
                                        : static_cast<std::size_t>(sample_rate) / 10) {
  VA_CHECK(sample_rate_ > 0 && block_samples_ > 0);
  for (const double f : frequencies_) {
    VA_CHECK(f > 0 && f < sample_rate_ / 2.0);
    coefficients_.push_back(coefficient(f, sample_rate_));
  }
  tone_power_.assign(frequencies_.size(), 0.0);
  block_.reserve(block_samples_);
}

void ToneDetector::feed(std::span<const std::int16_t> samples) {
  while (!samples.empty()) {
    const std::size_t take = std::min(samples.size(), block_samples_ - block_.size());
    block_.insert(block_.end(), samples.begin(), samples.begin() + take);
    samples = samples.subspan(take);
    if (block_.size() == block_samples_) analyse_block();
  }
}

void ToneDetector::analyse_block() {
  const auto n = static_cast<double>(block_.size());
  for (std::size_t i = 0; i < coefficients_.size(); ++i)
    tone_power_[i] += 2 * goertzel_with(block_, coefficients_[i]) / n;
  for (const std::int16_t x : block_)
    total_energy_ += static_cast<double>(x) * x;
  samples_analysed_ += block_.size();
  block_.clear();
}

void ToneDetector::reset() {
  block_.clear();
  std::fill(tone_power_.begin(), tone_power_.end(), 0.0);
  total_energy_ = 0;
  samples_analysed_ = 0;
}

double ToneDetector::rms_dbfs() const {
  if (samples_analysed_ == 0 || total_energy_ <= 0) return kMinusInf;
  return 20 * std::log10(std::sqrt(total_energy_ / samples_analysed_) / 32768.0);
}

double ToneDetector::relative_db(std::size_t index) const {
  if (index >= tone_power_.size() || total_energy_ <= 0 || tone_power_[index] <= 0)
    return kMinusInf;
  return 10 * std::log10(tone_power_[index] / total_energy_);
}

std::optional<double> ToneDetector::dominant(double min_share_db, double silence_dbfs) const {
  if (tone_power_.empty() || rms_dbfs() < silence_dbfs) return std::nullopt;
  const auto best = std::max_element(tone_power_.begin(), tone_power_.end()) - tone_power_.begin();
  if (relative_db(static_cast<std::size_t>(best)) < min_share_db) return std::nullopt;
  return frequencies_[static_cast<std::size_t>(best)];
}

bool ToneDetector::contains(double freq_hz, double min_relative_db) const {
  for (std::size_t i = 0; i < frequencies_.size(); ++i)
    if (std::abs(frequencies_[i] - freq_hz) < 1e-6) return relative_db(i) >= min_relative_db;
  return false;
}

}  // namespace va::media
