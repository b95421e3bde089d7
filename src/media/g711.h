// G.711 mu-law and A-law (ITU-T G.711, bit-exact with the G.191 reference), table-driven.
#pragma once

#include <cstdint>
#include <span>

namespace va::media::g711 {

std::uint8_t linear_to_ulaw(std::int16_t sample);
std::int16_t ulaw_to_linear(std::uint8_t code);
std::uint8_t linear_to_alaw(std::int16_t sample);
std::int16_t alaw_to_linear(std::uint8_t code);

// Buffer forms; out must hold in.size() elements.
void encode_ulaw(std::span<const std::int16_t> in, std::uint8_t* out);
void decode_ulaw(std::span<const std::uint8_t> in, std::int16_t* out);
void encode_alaw(std::span<const std::int16_t> in, std::uint8_t* out);
void decode_alaw(std::span<const std::uint8_t> in, std::int16_t* out);

}  // namespace va::media::g711
