// WAV parsing: walk RIFF chunks, take "fmt " (PCM, or EXTENSIBLE with the PCM subformat) then
// "data".
#include "media/wav.h"

#include <cstring>
#include <string_view>

#include "media/errc.h"

namespace va::media {
namespace {

std::uint32_t le32(const std::uint8_t* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;
// KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored in the file.
constexpr std::uint8_t kPcmSubformat[16] = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                            0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71};

// The fmt chunk says integer PCM: format tag 1 (WAVEFORMAT), or WAVE_FORMAT_EXTENSIBLE (40-byte
// WAVEFORMATEXTENSIBLE, used by writers for more than 16 bits or 2 channels, and by some for
// any file) whose subformat GUID is PCM.
bool is_pcm(const std::uint8_t* fmt, std::size_t size) {
  const std::uint16_t tag = le16(fmt);
  if (tag == kFormatPcm) return true;
  if (tag != kFormatExtensible || size < 40) return false;
  return std::memcmp(fmt + 24, kPcmSubformat, sizeof kPcmSubformat) == 0;
}

}  // namespace

core::Result<AudioFrame> parse_wav(std::span<const std::uint8_t> b) {
  if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 ||
      std::memcmp(b.data() + 8, "WAVE", 4) != 0) {
    return make_error_code(Errc::BadWav);
  }
  std::size_t pos = 12;
  int channels = 0;
  int rate = 0;
  while (pos + 8 <= b.size()) {
    std::string_view id(reinterpret_cast<const char*>(b.data() + pos), 4);
    std::size_t size = le32(b.data() + pos + 4);
    pos += 8;
    std::size_t avail = b.size() - pos;
    if (id == "fmt ") {
      if (size < 16 || avail < 16) return make_error_code(Errc::BadWav);
      if (!is_pcm(b.data() + pos, std::min(size, avail)) || le16(b.data() + pos + 14) != 16) {
        return make_error_code(Errc::BadWav);
      }
      channels = le16(b.data() + pos + 2);
      rate = static_cast<int>(le32(b.data() + pos + 4));
    } else if (id == "data") {
      if (channels < 1 || channels > 2 || rate <= 0) return make_error_code(Errc::BadWav);
      std::size_t bytes = std::min(size, avail);
      std::size_t frames = bytes / (2 * static_cast<std::size_t>(channels));
      AudioFrame out{rate, std::vector<std::int16_t>(frames)};
      const std::uint8_t* p = b.data() + pos;
      for (std::size_t i = 0; i < frames; ++i) {
        int acc = 0;
        for (int c = 0; c < channels; ++c) {
          acc += static_cast<std::int16_t>(le16(p + (i * channels + c) * 2));
        }
        out.samples[i] = static_cast<std::int16_t>(acc / channels);
      }
      return out;
    }
    if (size > avail) break;
    pos += size + (size & 1);
  }
  return make_error_code(Errc::BadWav);
}

std::string wav_bytes(std::span<const std::int16_t> pcm, int rate) {
  std::string out;
  auto put32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  auto put16 = [&](std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
  };
  const auto data = static_cast<std::uint32_t>(pcm.size() * 2);
  out += "RIFF";
  put32(36 + data);
  out += "WAVEfmt ";
  put32(16);
  put16(1);
  put16(1);
  put32(static_cast<std::uint32_t>(rate));
  put32(static_cast<std::uint32_t>(rate * 2));
  put16(2);
  put16(16);
  out += "data";
  put32(data);
  out.append(reinterpret_cast<const char*>(pcm.data()), data);
  return out;
}

}  // namespace va::media
