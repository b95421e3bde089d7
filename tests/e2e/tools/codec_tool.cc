// codec_tool: the e2e tests' side of the codecs rtp_analyze.py cannot decode (G.729, Opus),
// using our own media/ codecs:
//   codec_tool g729-pcap IN.wav OUT.pcap   8 kHz mono WAV -> a pcap of 20 ms G.729 RTP packets
//       (PT 18) as a gateway with Annex B VAD sends them: speech frames, SID frames, and no
//       packet at all for frames the VAD drops (sequence numbers run on, timestamps jump).
//       Prints "packets N speech_frames N sid_frames N silent_frames N".
//   codec_tool decode g729|opus OUT.wav    hex RTP payloads, one a line on stdin (as
//       `tshark -T fields -e rtp.payload` prints them), decoded in order into a mono WAV
//       (8 kHz for G.729, 16 kHz for Opus). Payloads the size check refuses are counted and
//       skipped. Prints "payloads N refused N samples N".
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "media/audio_codec.h"
#include "media/g729.h"
#include "media/wav.h"

namespace {

using va::media::AudioCodec;
using va::media::CodecId;

void put16be(std::vector<std::uint8_t>& v, unsigned x) {
  v.push_back(static_cast<std::uint8_t>(x >> 8));
  v.push_back(static_cast<std::uint8_t>(x));
}
void put32be(std::vector<std::uint8_t>& v, std::uint32_t x) {
  put16be(v, x >> 16);
  put16be(v, x & 0xffff);
}
void put32le(std::ofstream& f, std::uint32_t x) {
  const char b[4] = {static_cast<char>(x), static_cast<char>(x >> 8), static_cast<char>(x >> 16),
                     static_cast<char>(x >> 24)};
  f.write(b, 4);
}

// Ethernet + IPv4 + UDP around one RTP packet (documentation addresses: SIPp rewrites them).
std::vector<std::uint8_t> udp_frame(const std::vector<std::uint8_t>& rtp, unsigned ident) {
  std::vector<std::uint8_t> f = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
  const std::size_t ip_at = f.size();
  f.push_back(0x45);
  f.push_back(0);
  put16be(f, static_cast<unsigned>(28 + rtp.size()));
  put16be(f, ident & 0xffff);
  put16be(f, 0);
  f.push_back(64);
  f.push_back(17);
  put16be(f, 0);
  for (std::uint8_t b : {192, 0, 2, 10, 192, 0, 2, 20})
    f.push_back(b);
  std::uint32_t sum = 0;
  for (std::size_t i = ip_at; i < ip_at + 20; i += 2)
    sum += static_cast<std::uint32_t>(f[i] << 8 | f[i + 1]);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  f[ip_at + 10] = static_cast<std::uint8_t>(~sum >> 8);
  f[ip_at + 11] = static_cast<std::uint8_t>(~sum);
  put16be(f, 6000);
  put16be(f, 6002);
  put16be(f, static_cast<unsigned>(8 + rtp.size()));
  put16be(f, 0);
  f.insert(f.end(), rtp.begin(), rtp.end());
  return f;
}

int g729_pcap(const std::string& in, const std::string& out) {
  std::ifstream wav(in, std::ios::binary);
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(wav), {}};
  auto frame = va::media::parse_wav(bytes);
  if (!frame || frame->sample_rate != 8000) {
    std::cerr << in << ": not an 8 kHz 16-bit WAV\n";
    return 2;
  }
  std::ofstream pcap(out, std::ios::binary);
  for (std::uint32_t x : {0xa1b2c3d4u, 0x00040002u, 0u, 0u, 65535u, 1u})
    put32le(pcap, x);  // version 2.4 as one little-endian word: minor 4 << 16 | major 2
  va::media::G729Encoder encoder(true);
  std::uint16_t seq = 1000;
  std::uint32_t ts = 16000;
  int packets = 0, speech = 0, sid = 0, silent = 0;
  const auto& pcm = frame->samples;
  for (std::size_t at = 0; at + 160 <= pcm.size(); at += 160, ts += 160) {
    std::uint8_t payload[24];
    std::size_t n = 0;
    for (int half = 0; half < 2; ++half) {
      const std::size_t got = encoder.encode({pcm.data() + at + half * 80, 80}, payload + n);
      (got == 10 ? speech : got == 2 ? sid : silent) += 1;
      n += got;
      if (got == 2) break;  // a SID frame ends a payload (RFC 3551 4.5.6)
    }
    if (n == 0) continue;
    std::vector<std::uint8_t> rtp = {0x80,
                                     static_cast<std::uint8_t>(packets == 0 ? 0x80 | 18 : 18)};
    put16be(rtp, seq++);
    put32be(rtp, ts);
    put32be(rtp, 0x72900000u);
    rtp.insert(rtp.end(), payload, payload + n);
    const auto eth = udp_frame(rtp, static_cast<unsigned>(packets));
    const std::uint64_t usec = static_cast<std::uint64_t>(ts - 16000) * 125;  // 8 kHz ticks
    put32le(pcap, static_cast<std::uint32_t>(1'700'000'000 + usec / 1'000'000));
    put32le(pcap, static_cast<std::uint32_t>(usec % 1'000'000));
    put32le(pcap, static_cast<std::uint32_t>(eth.size()));
    put32le(pcap, static_cast<std::uint32_t>(eth.size()));
    pcap.write(reinterpret_cast<const char*>(eth.data()), static_cast<std::streamsize>(eth.size()));
    ++packets;
  }
  std::printf("packets %d speech_frames %d sid_frames %d silent_frames %d\n", packets, speech, sid,
              silent);
  return pcap ? 0 : 1;
}

int decode(const std::string& codec_name, const std::string& out) {
  const CodecId id = codec_name == "opus" ? CodecId::Opus : CodecId::G729;
  auto codec = AudioCodec::create(id);
  std::vector<std::int16_t> pcm;
  int payloads = 0, refused = 0;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::erase_if(line, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) == 0; });
    std::vector<std::uint8_t> payload;
    for (std::size_t i = 0; i + 1 < line.size(); i += 2)
      payload.push_back(static_cast<std::uint8_t>(std::stoul(line.substr(i, 2), nullptr, 16)));
    if (payload.empty()) continue;
    ++payloads;
    const std::size_t n = codec->decoded_samples(payload);
    if (n == 0) {
      ++refused;
      continue;
    }
    const std::size_t at = pcm.size();
    pcm.resize(at + n);
    pcm.resize(at + codec->decode(payload, pcm.data() + at));
  }
  const std::string wav = va::media::wav_bytes(pcm, codec->sample_rate());
  std::ofstream(out, std::ios::binary).write(wav.data(), static_cast<std::streamsize>(wav.size()));
  std::printf("payloads %d refused %d samples %zu\n", payloads, refused, pcm.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "g729-pcap") return g729_pcap(args[1], args[2]);
  if (args.size() == 3 && args[0] == "decode") return decode(args[1], args[2]);
  std::cerr << "usage: codec_tool g729-pcap IN.wav OUT.pcap | decode g729|opus OUT.wav\n";
  return 2;
}
