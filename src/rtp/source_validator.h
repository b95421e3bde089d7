// SourceValidator: symmetric RTP latching (RFC 4961) with strict learning and an SSRC lock,
// so no other source can inject into a call (RTP Bleed, CVE-2017-14099).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "core/clock.h"
#include "rtp/datagram_socket.h"
#include "rtp/receive_statistics.h"

namespace va::rtp {

struct LearningConfig {
  int probation = 4;  // N consecutive in-sequence packets to accept a new source
  std::chrono::nanoseconds window{std::chrono::seconds(5)};
  // Off: only the SDP's IP address may be learned (any port). On: any address may, which NAT'd
  // peers with private SDP addresses need, at the cost of trusting the first prover.
  bool latch_any_address = false;
};

enum class SourceVerdict {
  Accept,     // from the locked address and SSRC: deliver (after the sequence check)
  Probation,  // a candidate proving itself: counted, not delivered
  Foreign,    // anything else: counted as packets_dropped_foreign and dropped
};

// Rules, in the order they are applied to each packet (from, ssrc, seq):
//   1. start(sdp) and renegotiate(sdp) take the remote from the SDP and open the learning
//      window for `window`; candidates are forgotten, an existing lock is kept until replaced.
//   2. A packet from the locked address with the locked SSRC is accepted.
//   3. A packet may join probation only if (a) it comes from the SDP's IP address, any port
//      (a gateway may send from a port other than the one in its SDP), while the window is open
//      (any IP with latch_any_address); or (b) nothing is locked and it comes from exactly the
//      SDP address, whatever the window; or (c) it comes from the locked address with another
//      SSRC (a gateway restart or re-INVITE). Anything else is Foreign.
//   4. A candidate is one (address, SSRC) pair; it must send N consecutive sequence numbers
//      (RFC 3550 A.1 probation, MIN_SEQUENTIAL = N). A gap or reorder restarts its run. Up to
//      kMaxCandidates run at once; a new one replaces the least recently heard.
//   5. The packet that completes a run locks the candidate's address and SSRC, closes the
//      learning window and is the first packet accepted.
//   6. With a lock in place, no address other than the locked one can ever be learned except
//      through renegotiate() (rule 1), i.e. a new offer/answer from signalling.
class SourceValidator {
 public:
  static constexpr std::size_t kMaxCandidates = 4;

  SourceValidator(const LearningConfig& config, const core::Clock& clock);

  void start(const Endpoint& sdp_remote);
  void renegotiate(const Endpoint& sdp_remote) { start(sdp_remote); }

  SourceVerdict on_packet(const Endpoint& from, std::uint32_t ssrc, std::uint16_t seq);

  bool locked() const { return locked_.has_value(); }
  // The locked source when there is one, else the SDP's address (where we send).
  const Endpoint& remote() const { return locked_ ? *locked_ : sdp_remote_; }
  std::uint32_t ssrc() const { return ssrc_; }
  bool learning_open() const { return clock_.now() < window_end_; }

 private:
  struct Candidate {
    Endpoint from;
    std::uint32_t ssrc = 0;
    ReceiveStatistics seq{0, 1};
    core::Clock::TimePoint last_heard{};
    bool in_use = false;
  };
  bool may_learn(const Endpoint& from) const;
  Candidate& find_or_add(const Endpoint& from, std::uint32_t ssrc, std::uint16_t seq);

  const LearningConfig config_;
  const core::Clock& clock_;
  Endpoint sdp_remote_;
  core::Clock::TimePoint window_end_{};
  std::optional<Endpoint> locked_;
  std::uint32_t ssrc_ = 0;
  std::array<Candidate, kMaxCandidates> candidates_{};
};

}  // namespace va::rtp
