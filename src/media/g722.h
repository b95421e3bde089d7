// G.722 encoder and decoder at 64 kbit/s (ITU-T G.722, via spandsp), one state per call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

struct g722_encode_state_s;
struct g722_decode_state_s;

namespace va::media {

class G722Encoder {
 public:
  G722Encoder();
  ~G722Encoder();
  G722Encoder(const G722Encoder&) = delete;
  G722Encoder& operator=(const G722Encoder&) = delete;

  // 16 kHz PCM in, n / 2 bytes out.
  std::size_t encode(std::span<const std::int16_t> pcm, std::uint8_t* out);

 private:
  g722_encode_state_s* state_;
};

class G722Decoder {
 public:
  G722Decoder();
  ~G722Decoder();
  G722Decoder(const G722Decoder&) = delete;
  G722Decoder& operator=(const G722Decoder&) = delete;

  // n bytes in, 2n samples of 16 kHz PCM out.
  std::size_t decode(std::span<const std::uint8_t> payload, std::int16_t* out);

 private:
  g722_decode_state_s* state_;
};

}  // namespace va::media
