// PacketLossConcealer: fills a lost 20 ms frame from the recent signal (spandsp PLC, after
// G.711 Appendix I pitch repetition), and smooths the first good frame after a loss.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace va::media {

// Works at 8 kHz (spandsp's PLC is tuned for narrowband); one per inbound stream.
class PacketLossConcealer {
 public:
  PacketLossConcealer();
  ~PacketLossConcealer();
  PacketLossConcealer(const PacketLossConcealer&) = delete;
  PacketLossConcealer& operator=(const PacketLossConcealer&) = delete;

  // A received frame: remembered, and faded in when it follows concealment (modified in place).
  void on_good(std::span<std::int16_t> samples);
  // A lost frame: writes a synthetic substitute (fading to silence over long losses).
  void conceal(std::span<std::int16_t> out);

 private:
  struct State;  // spandsp's plc_state_t is an anonymous struct: held by value here
  std::unique_ptr<State> state_;
};

}  // namespace va::media
