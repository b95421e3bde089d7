// ReceiveStatistics: RFC 3550 A.1 update_seq, A.3 loss, A.8 jitter, plus duplicate detection.
#include "rtp/receive_statistics.h"

#include <algorithm>

namespace va::rtp {
namespace {
constexpr std::uint32_t kSeqMod = 1u << 16;  // RTP_SEQ_MOD
}

ReceiveStatistics::ReceiveStatistics(std::uint16_t first_seq, int min_sequential)
    : min_sequential_(std::max(min_sequential, 1)) {
  init_seq(first_seq);
  // A.1: the first packet is the start of the probation run.
  max_seq_ = static_cast<std::uint16_t>(first_seq - 1);
  probation_ = min_sequential_;
}

void ReceiveStatistics::init_seq(std::uint16_t seq) {
  base_seq_ = seq;
  max_seq_ = seq;
  bad_seq_ = kSeqMod + 1;  // so seq == bad_seq is false
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  history_ = 0;
}

void ReceiveStatistics::mark_received(std::uint16_t seq) {
  const std::uint16_t back = static_cast<std::uint16_t>(max_seq_ - seq);
  if (back < 64) history_ |= std::uint64_t{1} << back;
}

SeqVerdict ReceiveStatistics::update(std::uint16_t seq) {
  const std::uint16_t udelta = static_cast<std::uint16_t>(seq - max_seq_);
  if (probation_ > 0) {
    if (seq == static_cast<std::uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = seq;
      if (probation_ == 0) {
        init_seq(seq);
        ++received_;
        mark_received(seq);
        return SeqVerdict::InOrder;
      }
    } else {
      probation_ = min_sequential_ - 1;
      max_seq_ = seq;
    }
    return SeqVerdict::Probation;
  }
  if (udelta == 0) {
    ++duplicates_;
    return SeqVerdict::Duplicate;
  }
  if (udelta < kMaxDropout) {
    if (seq < max_seq_) cycles_ += kSeqMod;  // wrapped
    history_ = udelta >= 64 ? 0 : history_ << udelta;
    max_seq_ = seq;
    mark_received(seq);
    ++received_;
    return SeqVerdict::InOrder;
  }
  if (udelta <= kSeqMod - kMaxMisorder) {
    // A very large jump: accept only if the next packet confirms it (the sender restarted).
    if (seq == bad_seq_) {
      init_seq(seq);
      mark_received(seq);
      ++received_;
      return SeqVerdict::Restarted;
    }
    bad_seq_ = (seq + 1u) & (kSeqMod - 1);
    return SeqVerdict::Bad;
  }
  return check_older(seq);
}

SeqVerdict ReceiveStatistics::check_older(std::uint16_t seq) {
  const std::uint16_t back = static_cast<std::uint16_t>(max_seq_ - seq);
  if (back < 64) {
    const std::uint64_t bit = std::uint64_t{1} << back;
    if (history_ & bit) {
      ++duplicates_;
      return SeqVerdict::Duplicate;
    }
    history_ |= bit;
  }
  ++late_;
  ++received_;
  return SeqVerdict::Late;
}

void ReceiveStatistics::update_jitter(std::uint32_t arrival, std::uint32_t rtp_timestamp) {
  const auto transit = static_cast<std::int32_t>(arrival - rtp_timestamp);
  if (have_transit_) {
    std::int32_t d = transit - transit_;
    if (d < 0) d = -d;
    // A.8: J += (|D| - J) / 16, kept scaled by 16.
    jitter_q4_ += static_cast<std::uint32_t>(d) - ((jitter_q4_ + 8) >> 4);
  }
  transit_ = transit;
  have_transit_ = true;
}

rtcp::ReportBlock ReceiveStatistics::make_report_block(std::uint32_t ssrc) {
  rtcp::ReportBlock b;
  b.ssrc = ssrc;
  const std::uint32_t exp = expected();
  const std::uint32_t expected_interval = exp - expected_prior_;
  const auto received_interval = static_cast<std::int64_t>(received_ - received_prior_);
  const std::int64_t lost_interval =
      static_cast<std::int64_t>(expected_interval) - received_interval;
  expected_prior_ = exp;
  received_prior_ = received_;
  b.fraction_lost = (expected_interval == 0 || lost_interval <= 0)
                        ? 0
                        : static_cast<std::uint8_t>(std::min<std::int64_t>(
                              255, (lost_interval << 8) / expected_interval));
  b.cumulative_lost =
      static_cast<std::int32_t>(std::clamp<std::int64_t>(lost(), -0x800000, 0x7fffff));
  b.extended_highest_seq = extended_max_seq();
  b.jitter = jitter();
  return b;
}

}  // namespace va::rtp
