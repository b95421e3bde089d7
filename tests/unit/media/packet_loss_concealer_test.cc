// PacketLossConcealer tests: a lost frame is filled with signal that continues the voice, and a
// long loss fades out rather than buzzing on.
#include "media/packet_loss_concealer.h"

#include <gtest/gtest.h>

#include <vector>

#include "tone.h"

namespace va::media {
namespace {

TEST(PacketLossConcealer, LostFrameContinuesThePeriodicSignal) {
  const auto signal = test::sine(200, 8000, 8000);  // a 200 Hz "voice"
  PacketLossConcealer plc;
  std::vector<std::int16_t> frame(160);
  for (int i = 0; i < 10; ++i) {
    std::copy_n(signal.begin() + i * 160, 160, frame.begin());
    plc.on_good(frame);
  }
  std::vector<std::int16_t> filled(160);
  plc.conceal(filled);
  const std::span<const std::int16_t> truth(signal.data() + 1600, 160);
  EXPECT_GT(test::rms(filled), test::rms(truth) * 0.5);
  EXPECT_GT(test::best_lag_snr(truth, filled, 0, 0), 3.0);
}

TEST(PacketLossConcealer, LongLossFadesToSilence) {
  const auto signal = test::sine(200, 8000, 1600);
  PacketLossConcealer plc;
  std::vector<std::int16_t> frame(signal.begin(), signal.end());
  plc.on_good(frame);
  std::vector<std::int16_t> filled(160);
  for (int i = 0; i < 10; ++i)
    plc.conceal(filled);  // 200 ms lost
  EXPECT_LT(test::rms(filled), 1.0);
}

}  // namespace
}  // namespace va::media
