// RecordingTimeline: placement rules 1-4 (see the header).
#include "media/recording_timeline.h"

#include <algorithm>

namespace va::media {

bool RecordingTimeline::place(int channel, std::int64_t at, std::span<const std::int16_t> s) {
  const auto ch = static_cast<std::size_t>(channel);
  auto& cursor = cursor_[ch];
  if (at >= cursor - kSnap && at <= cursor + kSnap) at = cursor;  // rule 1
  if (at < base_) {                                               // rule 3: (partly) late
    const std::int64_t skip = base_ - at;
    if (skip >= static_cast<std::int64_t>(s.size())) return false;
    s = s.subspan(static_cast<std::size_t>(skip));
    at = base_;
  }
  auto& buf = buf_[ch];
  const auto offset = static_cast<std::size_t>(at - base_);
  if (buf.size() < offset + s.size()) buf.resize(offset + s.size(), 0);
  std::copy(s.begin(), s.end(), buf.begin() + static_cast<std::ptrdiff_t>(offset));
  cursor = at + static_cast<std::int64_t>(s.size());
  newest_ = std::max(newest_, cursor);
  return true;
}

std::size_t RecordingTimeline::take(bool all, std::vector<std::int16_t>& out) {
  const std::int64_t upto = all ? newest_ : newest_ - hold_back_;
  out.clear();
  if (upto <= base_) return 0;
  const auto n = static_cast<std::size_t>(upto - base_);
  out.assign(n * 2, 0);
  for (std::size_t ch = 0; ch < 2; ++ch) {
    auto& buf = buf_[ch];
    const auto m = std::min(n, buf.size());
    for (std::size_t i = 0; i < m; ++i)
      out[i * 2 + ch] = buf[i];
    buf.erase(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(m));
  }
  base_ = upto;
  taken_ += n;
  return n;
}

}  // namespace va::media
