// ReceiveStatistics: per-source sequence tracking (RFC 3550 A.1), loss (A.3), jitter (A.8).
#pragma once

#include <cstdint>

#include "rtp/rtcp/report_block.h"

namespace va::rtp {

// What update() decided about one packet's sequence number.
enum class SeqVerdict {
  InOrder,    // the next packet, or a forward jump within max_dropout
  Late,       // arrived after a higher sequence number; still usable by a jitter buffer
  Duplicate,  // seen already: drop
  Probation,  // source not yet valid (A.1 probation): drop
  Bad,        // a jump beyond max_dropout, not yet confirmed (A.1 bad_seq): drop
  Restarted,  // second packet of a large jump: the sequence was re-initialized, accept
};

inline bool accepted(SeqVerdict v) {
  return v == SeqVerdict::InOrder || v == SeqVerdict::Late || v == SeqVerdict::Restarted;
}

// Names follow RFC 3550 A.1 (max_seq, cycles, base_seq, bad_seq, probation, received,
// expected_prior, received_prior, transit, jitter). Duplicates are recognized within the last
// 64 sequence numbers and are not counted as received, so `lost` is not skewed by them.
class ReceiveStatistics {
 public:
  static constexpr std::uint32_t kMaxDropout = 3000;
  static constexpr std::uint32_t kMaxMisorder = 100;

  // A source seen for the first time: `min_sequential` consecutive packets make it valid
  // (A.1 MIN_SEQUENTIAL); 0 or 1 accepts the first packet.
  ReceiveStatistics(std::uint16_t first_seq, int min_sequential);

  SeqVerdict update(std::uint16_t seq);
  // A.8: arrival and rtp_timestamp in the same units (the payload's clock rate).
  void update_jitter(std::uint32_t arrival, std::uint32_t rtp_timestamp);

  bool valid() const { return probation_ == 0; }
  std::uint16_t max_seq() const { return max_seq_; }
  std::uint32_t extended_max_seq() const { return cycles_ + max_seq_; }
  std::uint32_t expected() const { return extended_max_seq() - base_seq_ + 1; }
  std::uint64_t received() const { return received_; }
  std::int64_t lost() const { return static_cast<std::int64_t>(expected()) - received_; }
  std::uint64_t duplicates() const { return duplicates_; }
  std::uint64_t late() const { return late_; }
  std::uint32_t jitter() const { return jitter_q4_ >> 4; }  // timestamp units

  // Fills the reception part of a report block and starts a new interval (A.3).
  rtcp::ReportBlock make_report_block(std::uint32_t ssrc);

 private:
  void init_seq(std::uint16_t seq);
  void mark_received(std::uint16_t seq);
  SeqVerdict check_older(std::uint16_t seq);

  std::uint16_t max_seq_ = 0;
  std::uint32_t cycles_ = 0;  // shifted count of wraps (A.1: cycles += RTP_SEQ_MOD)
  std::uint32_t base_seq_ = 0;
  std::uint32_t bad_seq_ = 0;
  int probation_ = 0;
  int min_sequential_ = 0;
  std::uint64_t received_ = 0;
  std::uint32_t expected_prior_ = 0;
  std::uint64_t received_prior_ = 0;
  std::uint64_t duplicates_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t history_ = 0;  // bit i: max_seq - i was received
  bool have_transit_ = false;
  std::int32_t transit_ = 0;
  std::uint32_t jitter_q4_ = 0;  // jitter * 16 (A.8 integer form)
};

}  // namespace va::rtp
