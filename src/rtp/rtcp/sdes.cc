// RTCP SDES parse and write (RFC 3550 6.5): each chunk ends with null octets to a 32-bit boundary.
#include "rtp/rtcp/sdes.h"

#include <cstring>

#include "rtp/byte_io.h"
#include "rtp/errc.h"

namespace va::rtp::rtcp {
namespace {
std::size_t align4(std::size_t n) {
  return (n + 3) & ~std::size_t{3};
}

std::size_t chunk_size(const SdesChunk& c) {
  std::size_t n = 4;
  for (const auto& item : c.items)
    n += 2 + item.text.size();
  return align4(n + 1);  // at least one null octet terminates the item list
}
}  // namespace

core::Result<Sdes> Sdes::parse(const CommonHeader& h) {
  const auto b = h.body;
  Sdes sdes;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < h.count; ++i) {
    if (pos + 4 > b.size()) return Errc::RtcpBadSdes;
    SdesChunk chunk;
    chunk.ssrc = read_u32(&b[pos]);
    pos += 4;
    for (;;) {
      if (pos >= b.size()) return Errc::RtcpBadSdes;  // no terminating null octet
      const std::uint8_t type = b[pos];
      if (type == 0) {
        pos = align4(pos + 1);
        if (pos > b.size()) return Errc::RtcpBadSdes;
        break;
      }
      if (pos + 2 > b.size() || pos + 2 + b[pos + 1] > b.size()) return Errc::RtcpBadSdes;
      const std::uint8_t len = b[pos + 1];
      chunk.items.push_back({type, std::string(reinterpret_cast<const char*>(&b[pos + 2]), len)});
      pos += 2 + len;
    }
    sdes.chunks.push_back(std::move(chunk));
  }
  return sdes;
}

std::size_t Sdes::size() const {
  std::size_t n = kCommonHeaderSize;
  for (const auto& c : chunks)
    n += chunk_size(c);
  return n;
}

void Sdes::write(std::uint8_t* out) const {
  const std::size_t total = size();
  write_common_header(out, static_cast<std::uint8_t>(chunks.size()), kPtSdes, total);
  std::size_t pos = kCommonHeaderSize;
  for (const auto& c : chunks) {
    const std::size_t end = pos + chunk_size(c);
    write_u32(out + pos, c.ssrc);
    pos += 4;
    for (const auto& item : c.items) {
      out[pos] = item.type;
      out[pos + 1] = static_cast<std::uint8_t>(item.text.size());
      std::memcpy(out + pos + 2, item.text.data(), item.text.size());
      pos += 2 + item.text.size();
    }
    std::memset(out + pos, 0, end - pos);
    pos = end;
  }
}

}  // namespace va::rtp::rtcp
