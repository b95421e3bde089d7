// media::Errc: what can be wrong with audio handed to media/ from outside (files, TTS bodies).
#pragma once

#include <system_error>

namespace va::media {

enum class Errc {
  Ok = 0,
  BadWav,  // not RIFF/WAVE, not 16-bit PCM, not mono/stereo, or no data chunk
};

const char* describe(Errc e);
const std::error_category& media_category();
std::error_code make_error_code(Errc e);

}  // namespace va::media

template <>
struct std::is_error_code_enum<va::media::Errc> : std::true_type {};
