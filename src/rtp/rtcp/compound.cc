// RTCP compound packet parse (RFC 3550 A.2) and serialize (6.1).
#include "rtp/rtcp/compound.h"

#include "rtp/errc.h"

namespace va::rtp::rtcp {
namespace {
template <class T>
std::size_t sum_size(const std::vector<T>& v) {
  std::size_t n = 0;
  for (const auto& x : v)
    n += x.size();
  return n;
}

template <class T>
std::size_t write_all(const std::vector<T>& v, std::uint8_t* out) {
  std::size_t n = 0;
  for (const auto& x : v) {
    x.write(out + n);
    n += x.size();
  }
  return n;
}

std::error_code add_packet(const CommonHeader& h, Compound& c) {
  switch (h.packet_type) {
    case kPtSr: {
      auto r = SenderReport::parse(h);
      if (!r) return r.error();
      c.sender_reports.push_back(std::move(*r));
      return {};
    }
    case kPtRr: {
      auto r = ReceiverReport::parse(h);
      if (!r) return r.error();
      c.receiver_reports.push_back(std::move(*r));
      return {};
    }
    case kPtSdes: {
      auto r = Sdes::parse(h);
      if (!r) return r.error();
      c.sdes.push_back(std::move(*r));
      return {};
    }
    case kPtBye: {
      auto r = Bye::parse(h);
      if (!r) return r.error();
      c.byes.push_back(std::move(*r));
      return {};
    }
    default:
      ++c.other_packets;
      return {};
  }
}
}  // namespace

std::size_t Compound::size() const {
  return sum_size(sender_reports) + sum_size(receiver_reports) + sum_size(sdes) + sum_size(byes);
}

core::Result<std::size_t> Compound::serialize(std::span<std::uint8_t> out) const {
  const std::size_t total = size();
  if (out.size() < total) return Errc::BufferTooSmall;
  for (const auto& sr : sender_reports)
    if (sr.report_blocks.size() > kMaxReportBlocks) return Errc::BadField;
  for (const auto& rr : receiver_reports)
    if (rr.report_blocks.size() > kMaxReportBlocks) return Errc::BadField;
  for (const auto& s : sdes) {
    if (s.chunks.size() > 31) return Errc::BadField;
    for (const auto& ch : s.chunks)
      for (const auto& it : ch.items)
        if (it.type == 0 || it.text.size() > 255) return Errc::BadField;
  }
  for (const auto& b : byes)
    if (b.ssrcs.size() > 31 || b.reason.size() > 255) return Errc::BadField;
  std::uint8_t* p = out.data();
  std::size_t n = write_all(sender_reports, p);
  n += write_all(receiver_reports, p + n);
  n += write_all(sdes, p + n);
  n += write_all(byes, p + n);
  return n;
}

core::Result<Compound> parse_compound(std::span<const std::uint8_t> d) {
  Compound c;
  std::size_t pos = 0;
  bool first = true;
  while (pos < d.size()) {
    auto h = parse_common_header(d.subspan(pos));
    if (!h) return h.error();
    if (first && h->packet_type != kPtSr && h->packet_type != kPtRr)
      return Errc::RtcpBadFirstPacket;
    first = false;
    pos += h->packet_size;
    if (h->padding && pos != d.size()) return Errc::RtcpPaddingNotLast;
    if (auto ec = add_packet(*h, c)) return ec;
  }
  if (first) return Errc::RtcpTooShort;
  return c;
}

}  // namespace va::rtp::rtcp
