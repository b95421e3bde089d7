// DtmfCollector: telephone-event notices to key presses (see dtmf_collector.h for the rules).
#include "call/dtmf_collector.h"

namespace va::call {

bool DtmfCollector::seen(std::uint32_t timestamp) const {
  for (std::size_t i = 0; i < recent_count_; ++i)
    if (recent_[i] == timestamp) return true;
  return false;
}

void DtmfCollector::remember(std::uint32_t timestamp) {
  recent_[recent_next_] = timestamp;
  recent_next_ = (recent_next_ + 1) % recent_.size();
  if (recent_count_ < recent_.size()) ++recent_count_;
}

char DtmfCollector::report(const Pending& p) {
  remember(p.timestamp);
  ++stats_.keys;
  return rtp::telephone_event_char(p.event);
}

std::optional<char> DtmfCollector::on_notice(const rtp::TelephoneEventNotice& n, TimePoint now) {
  using Kind = rtp::TelephoneEventNotice::Kind;
  const bool is_pending = pending_ && pending_->timestamp == n.rtp_timestamp;
  if (n.kind == Kind::Begin) {
    if (is_pending) return std::nullopt;
    if (seen(n.rtp_timestamp)) {
      ++stats_.repeats;
      return std::nullopt;
    }
    std::optional<char> earlier;
    if (pending_) earlier = report(*pending_);  // a Begin without the previous End: keep it
    pending_.reset();
    if (n.event > 15) {
      ++stats_.ignored_unknown;
      remember(n.rtp_timestamp);
      return earlier;
    }
    if (n.duration > max_duration_) {
      ++stats_.ignored_duration;
      remember(n.rtp_timestamp);
      return earlier;
    }
    pending_ = Pending{n.rtp_timestamp, n.event, now};
    return earlier;
  }
  // End: only the pending event counts (others were reported, ignored or timed out).
  if (!is_pending) return std::nullopt;
  const Pending p = *pending_;
  pending_.reset();
  if (n.duration > max_duration_) {
    ++stats_.ignored_duration;
    remember(p.timestamp);
    return std::nullopt;
  }
  return report(p);
}

std::optional<char> DtmfCollector::poll(TimePoint now) {
  if (!pending_ || now - pending_->began < end_timeout_) return std::nullopt;
  const Pending p = *pending_;
  pending_.reset();
  ++stats_.by_timeout;
  return report(p);
}

std::optional<DtmfCollector::TimePoint> DtmfCollector::deadline() const {
  if (!pending_) return std::nullopt;
  return pending_->began + end_timeout_;
}

}  // namespace va::call
