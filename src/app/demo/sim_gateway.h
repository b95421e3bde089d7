// SimGateway: a GSM/SIP gateway with a few phone lines, in-process, for `voiceagent demo`.
// It answers INVITEs on loopback with real SIP (our own stack) and real RTP (UDP), each line
// playing its own tone into the call and keeping what it hears, so the demo can show from
// the audio alone whether anything crossed between calls.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace va::app::demo {

struct GatewayLine {
  std::string number;   // the Request-URI user part that rings this line
  int tone_hz = 440;    // what the "caller" on this line says
  bool silent = false;  // sends no RTP at all (a gateway that lost its media path)
  int reject_with = 0;  // answers the INVITE with this final status instead (486, 404, ...)
  // The final response (answer or reject_with) goes this long after the INVITE; meanwhile an
  // answering line rings (180) if `rings`, a rejecting one sends nothing. -1: never (the
  // caller's dial timeout or CANCEL ends it).
  int final_after_ms = 0;
  bool rings = true;
};

struct LineReport {
  std::string number;
  bool answered = false;
  bool ended = false;
  std::uint16_t local_rtp_port = 0;  // the gateway's side
  std::string remote_rtp;            // where the gateway sent (voiceagent's port)
  std::uint32_t ssrc_in = 0;         // the SSRC the gateway heard (voiceagent's)
  std::uint32_t ssrc_out = 0;
  std::uint64_t packets_in = 0;
  std::uint64_t packets_out = 0;
  std::vector<std::int16_t> heard;  // 8 kHz PCM, what arrived (first 60 s)
};

class SimGateway {
 public:
  explicit SimGateway(std::vector<GatewayLine> lines);
  ~SimGateway();
  SimGateway(const SimGateway&) = delete;
  SimGateway& operator=(const SimGateway&) = delete;

  // Listens on 127.0.0.1 (a free port); throws std::runtime_error when it cannot.
  void start();
  void stop();
  std::uint16_t sip_port() const;
  std::vector<LineReport> reports() const;
  // The phone on `number` hangs up (BYE); false if that line has no call.
  bool hangup(const std::string& number);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace va::app::demo
