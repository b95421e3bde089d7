// PacketLossConcealer over spandsp plc_t.
#include "media/packet_loss_concealer.h"

// Spandsp headers need telephony.h first.
// clang-format off
#include <spandsp/telephony.h>
#include <spandsp/plc.h>
// clang-format on

#include "core/assert.h"

namespace va::media {

struct PacketLossConcealer::State {
  plc_state_t plc;
};

PacketLossConcealer::PacketLossConcealer() : state_(std::make_unique<State>()) {
  VA_CHECK(plc_init(&state_->plc) != nullptr);
}
PacketLossConcealer::~PacketLossConcealer() = default;

void PacketLossConcealer::on_good(std::span<std::int16_t> samples) {
  plc_rx(&state_->plc, samples.data(), static_cast<int>(samples.size()));
}

void PacketLossConcealer::conceal(std::span<std::int16_t> out) {
  plc_fillin(&state_->plc, out.data(), static_cast<int>(out.size()));
}

}  // namespace va::media
