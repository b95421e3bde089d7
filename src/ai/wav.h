// WAV (RIFF WAVE, PCM format tag 1): reads mono or stereo 16-bit PCM, as espeak-ng writes it.
// espeak-ng --stdout writes 0x7fffffff-ish sizes because it cannot seek: a data chunk longer than
// the bytes present is clamped to what is there.
#pragma once

#include <cstdint>
#include <span>

#include "ai/pcm.h"
#include "core/result.h"

namespace va::ai {

// Mono PCM16 at the file's rate (stereo is downmixed). Errc::ProtocolError on anything else.
core::Result<PcmChunk> parse_wav(std::span<const std::uint8_t> bytes);

}  // namespace va::ai
