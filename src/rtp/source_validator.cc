// SourceValidator: the numbered learning rules of source_validator.h (RFC 4961, RFC 3550 A.1).
#include "rtp/source_validator.h"

namespace va::rtp {

SourceValidator::SourceValidator(const LearningConfig& config, const core::Clock& clock)
    : config_(config), clock_(clock) {}

void SourceValidator::start(const Endpoint& sdp_remote) {
  sdp_remote_ = sdp_remote;
  window_end_ = clock_.now() + config_.window;
  for (auto& c : candidates_)
    c.in_use = false;
}

bool SourceValidator::may_learn(const Endpoint& from) const {
  if (locked_ && from == *locked_) return true;      // rule 3c
  if (!locked_ && from == sdp_remote_) return true;  // rule 3b
  if (!learning_open()) return false;
  return config_.latch_any_address || from.address() == sdp_remote_.address();  // rule 3a
}

SourceValidator::Candidate& SourceValidator::find_or_add(const Endpoint& from, std::uint32_t ssrc,
                                                         std::uint16_t seq) {
  Candidate* oldest = &candidates_[0];
  for (auto& c : candidates_) {
    if (c.in_use && c.ssrc == ssrc && c.from == from) return c;
    if (!c.in_use)
      oldest = &c;
    else if (oldest->in_use && c.last_heard < oldest->last_heard)
      oldest = &c;
  }
  // Rule 4: a fresh candidate starts its probation run with this packet's sequence number.
  *oldest = Candidate{from, ssrc, ReceiveStatistics(seq, config_.probation), {}, true};
  return *oldest;
}

SourceVerdict SourceValidator::on_packet(const Endpoint& from, std::uint32_t ssrc,
                                         std::uint16_t seq) {
  if (locked_ && from == *locked_ && ssrc == ssrc_) return SourceVerdict::Accept;  // rule 2
  if (!may_learn(from)) return SourceVerdict::Foreign;                             // rule 3
  Candidate& c = find_or_add(from, ssrc, seq);
  c.last_heard = clock_.now();
  if (c.seq.update(seq) != SeqVerdict::InOrder || !c.seq.valid()) return SourceVerdict::Probation;
  // Rule 5: lock, close the window, forget the other candidates.
  locked_ = from;
  ssrc_ = ssrc;
  window_end_ = clock_.now();
  for (auto& other : candidates_)
    other.in_use = false;
  return SourceVerdict::Accept;
}

}  // namespace va::rtp
