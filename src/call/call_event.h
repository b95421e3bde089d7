// CallEvent: what the call layer tells the rest of the server as a call happens
// (created, ringing, answered, greeting started, transcript line, interrupted, ended) and
// after it (analyzed); api/ turns these into /api/events WebSocket messages; the call record
// is written from them too.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "crm/call_status.h"
#include "crm/entities.h"

namespace va::call {

enum class CallEventType {
  Created,          // record exists, status dialing (outbound) or ringing (inbound)
  Ringing,          // 180/183 from the far end
  Answered,         // 200 OK / ACK: status active, media facts known
  GreetingStarted,  // first greeting RTP packet left
  Transcript,       // one finished line: who = "caller" | "agent"
  Interrupted,      // caller talked over the AI: its audio was flushed
  Media,            // periodic media counters while active (about once a second)
  Ended,            // status ended, end_reason set
  Analyzed,         // the post-call analysis finished (done or failed); after Ended
};

// The media facts DESIGN.md puts on GET /api/calls/{id}.
struct MediaFacts {
  std::int64_t local_rtp_port = 0;
  std::string remote_rtp;  // host:port where we send
  std::uint32_t ssrc_in = 0;
  std::uint32_t ssrc_out = 0;
  std::string key_fingerprint;
  std::uint64_t packets_in = 0;
  std::uint64_t packets_out = 0;
  std::uint64_t packets_dropped_foreign = 0;
  bool srtp = false;                       // the media is SRTP (rtp.srtp, RFC 3711)
  std::uint64_t packets_dropped_auth = 0;  // SRTP/SRTCP that failed authentication or replay
};

struct CallEvent {
  CallEventType type = CallEventType::Created;
  crm::Id call_id = 0;
  crm::Id owner_id = 0;
  crm::Id owner_parent_id = 0;  // the owner's admin (0 for admins): who else may watch
  std::chrono::system_clock::time_point at{};
  crm::CallStatus status = crm::CallStatus::Dialing;
  std::string direction;                            // outbound | inbound
  std::string peer;                                 // the number or URI at the other end
  std::string who;                                  // Transcript: caller | agent
  std::string text;                                 // Transcript: the line
  std::string end_reason;                           // Ended
  std::string outcome;                              // Ended: answered | busy | ...
  std::optional<MediaFacts> media;                  // Answered, Media, Ended
  std::optional<std::int64_t> greeting_latency_ms;  // GreetingStarted, Ended
  std::string analysis_status;                      // Analyzed: done | failed
  std::string disposition;                          // Analyzed (done): interested | ...
};

std::string_view to_string(CallEventType type);

// Where events go. publish() is called from shard threads: implementations must be
// thread-safe and must not block (post the work elsewhere).
class CallEventSink {
 public:
  virtual ~CallEventSink() = default;
  virtual void publish(const CallEvent& event) = 0;
};

}  // namespace va::call
