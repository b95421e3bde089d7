// WAV (RIFF WAVE, PCM format tag 1, or WAVE_FORMAT_EXTENSIBLE with the PCM subformat GUID):
// reads mono or stereo 16-bit PCM, as espeak-ng and TTS services write it.
// espeak-ng --stdout writes 0x7fffffff-ish sizes because it cannot seek: a data chunk longer than
// the bytes present is clamped to what is there.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "core/result.h"
#include "media/audio_frame.h"

namespace va::media {

// Mono PCM16 at the file's rate (stereo is downmixed). Errc::BadWav on anything else.
core::Result<AudioFrame> parse_wav(std::span<const std::uint8_t> bytes);

// A mono PCM16 WAV file (44-byte header, little-endian samples), e.g. for a browser to play.
std::string wav_bytes(std::span<const std::int16_t> pcm, int rate);

}  // namespace va::media
