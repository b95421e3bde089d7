// DNS response parser (RFC 1035 4.1, RFC 2782, RFC 3403 4.1, RFC 2181 8).
#include "sip/dns/dns_answer_parser.h"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>
#include <optional>

namespace va::sip {

std::string to_string(DnsType type) {
  switch (type) {
    case DnsType::A:
      return "A";
    case DnsType::Cname:
      return "CNAME";
    case DnsType::Soa:
      return "SOA";
    case DnsType::Aaaa:
      return "AAAA";
    case DnsType::Srv:
      return "SRV";
    case DnsType::Naptr:
      return "NAPTR";
    case DnsType::Opt:
      return "OPT";
  }
  return "TYPE" + std::to_string(static_cast<unsigned>(type));
}

namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxNameOctets = 255;

// A bounded cursor over the message: every read checks the end.
class Reader {
 public:
  explicit Reader(std::span<const std::uint8_t> message) : msg_(message) {}

  std::size_t pos() const { return pos_; }
  std::size_t size() const { return msg_.size(); }
  bool has(std::size_t n) const { return msg_.size() - pos_ >= n; }
  std::uint8_t at(std::size_t i) const { return msg_[i]; }

  std::optional<std::uint16_t> u16() {
    if (!has(2)) return std::nullopt;
    const auto v = static_cast<std::uint16_t>(msg_[pos_] << 8 | msg_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::optional<std::uint32_t> u32() {
    auto hi = u16();
    auto lo = hi ? u16() : std::nullopt;
    if (!lo) return std::nullopt;
    return static_cast<std::uint32_t>(*hi) << 16 | *lo;
  }
  void skip(std::size_t n) { pos_ += n; }
  void seek(std::size_t p) { pos_ = p; }

 private:
  std::span<const std::uint8_t> msg_;
  std::size_t pos_ = 0;
};

bool host_octet(std::uint8_t c) {
  return c > 0x20 && c < 0x7f && c != '.';
}

// Rule 2. Leaves the reader after the name's in-place part (after the first pointer).
core::Result<std::string> read_name(Reader& r) {
  std::string name;
  std::size_t octets = 1;  // the root label
  std::size_t at = r.pos();
  std::optional<std::size_t> resume;
  for (int jumps = 0;;) {
    if (at >= r.size()) return DnsErrc::Truncated;
    const std::uint8_t len = r.at(at);
    if ((len & 0xC0) == 0xC0) {
      if (at + 1 >= r.size()) return DnsErrc::Truncated;
      const std::size_t target = static_cast<std::size_t>(len & 0x3F) << 8 | r.at(at + 1);
      if (target >= at) return DnsErrc::BadPointer;
      if (++jumps > kMaxDnsPointers) return DnsErrc::TooManyPointers;
      if (!resume) resume = at + 2;
      at = target;
      continue;
    }
    if ((len & 0xC0) != 0) return DnsErrc::BadName;
    if (len == 0) {
      r.seek(resume ? *resume : at + 1);
      return name;
    }
    if (at + 1 + len > r.size()) return DnsErrc::Truncated;
    octets += 1 + len;
    if (octets > kMaxNameOctets) return DnsErrc::NameTooLong;
    if (!name.empty()) name += '.';
    for (std::size_t i = at + 1; i <= at + len; ++i) {
      const std::uint8_t c = r.at(i);
      if (!host_octet(c)) return DnsErrc::BadName;
      name += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    at += 1 + len;
  }
}

// A <character-string> (RFC 1035 3.3): one length octet and that many octets.
core::Result<std::string> read_text(Reader& r, std::size_t end) {
  if (r.pos() >= end) return DnsErrc::BadRecord;
  const std::uint8_t len = r.at(r.pos());
  if (r.pos() + 1 + len > end) return DnsErrc::BadRecord;
  std::string out;
  for (std::size_t i = r.pos() + 1; i <= r.pos() + len; ++i)
    out += static_cast<char>(r.at(i));
  r.skip(1 + len);
  return out;
}

// A name inside rdata must end inside it.
core::Result<std::string> read_rdata_name(Reader& r, std::size_t end) {
  auto name = read_name(r);
  if (name && r.pos() > end) return DnsErrc::BadRecord;
  return name;
}

core::Result<void> read_naptr(Reader& r, std::size_t end, NaptrData& out) {
  if (r.pos() + 4 > end) return DnsErrc::BadRecord;
  out.order = *r.u16();
  out.preference = *r.u16();
  auto flags = read_text(r, end);
  if (!flags) return flags.error();
  for (char& c : *flags)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  out.flags = std::move(*flags);
  auto services = read_text(r, end);
  if (!services) return services.error();
  out.services = std::move(*services);
  auto regexp = read_text(r, end);
  if (!regexp) return regexp.error();
  out.regexp = std::move(*regexp);
  auto replacement = read_rdata_name(r, end);
  if (!replacement) return replacement.error();
  out.replacement = std::move(*replacement);
  return {};
}

core::Result<void> read_soa(Reader& r, std::size_t end, DnsRecord& out) {
  for (int i = 0; i < 2; ++i) {  // MNAME, RNAME
    if (auto name = read_rdata_name(r, end); !name) return name.error();
  }
  if (r.pos() + 20 != end) return DnsErrc::BadRecord;
  r.skip(16);  // SERIAL, REFRESH, RETRY, EXPIRE
  out.soa_minimum = *r.u32();
  return {};
}

// Rule 3: the rdata of `rec`, which spans [r.pos(), end).
core::Result<void> read_rdata(Reader& r, std::size_t end, DnsRecord& rec) {
  const std::size_t length = end - r.pos();
  switch (rec.type) {
    case DnsType::A: {
      if (length != 4) return DnsErrc::BadRecord;
      boost::asio::ip::address_v4::bytes_type b{};
      for (auto& octet : b) {
        octet = r.at(r.pos());
        r.skip(1);
      }
      rec.address = boost::asio::ip::address_v4(b);
      return {};
    }
    case DnsType::Aaaa: {
      if (length != 16) return DnsErrc::BadRecord;
      boost::asio::ip::address_v6::bytes_type b{};
      for (auto& octet : b) {
        octet = r.at(r.pos());
        r.skip(1);
      }
      rec.address = boost::asio::ip::address_v6(b);
      return {};
    }
    case DnsType::Srv: {
      if (length < 7) return DnsErrc::BadRecord;
      rec.srv.priority = *r.u16();
      rec.srv.weight = *r.u16();
      rec.srv.port = *r.u16();
      auto target = read_rdata_name(r, end);
      if (!target) return target.error();
      rec.srv.target = std::move(*target);
      return {};
    }
    case DnsType::Naptr:
      return read_naptr(r, end, rec.naptr);
    case DnsType::Cname: {
      auto target = read_rdata_name(r, end);
      if (!target) return target.error();
      rec.cname = std::move(*target);
      return {};
    }
    case DnsType::Soa:
      return read_soa(r, end, rec);
    default:
      r.seek(end);
      return {};
  }
}

// One resource record; nullopt when it is skipped (rule 3).
core::Result<std::optional<DnsRecord>> read_record(Reader& r) {
  DnsRecord rec;
  auto name = read_name(r);
  if (!name) return name.error();
  rec.name = std::move(*name);
  if (!r.has(10)) return DnsErrc::Truncated;
  rec.type = static_cast<DnsType>(*r.u16());
  const std::uint16_t klass = *r.u16();
  const std::uint32_t ttl = *r.u32();
  rec.ttl = (ttl & 0x80000000U) != 0 ? 0 : ttl;  // RFC 2181 8
  const std::uint16_t rdlength = *r.u16();
  if (!r.has(rdlength)) return DnsErrc::Truncated;
  const std::size_t end = r.pos() + rdlength;
  const bool known = rec.type != DnsType::Opt && klass == 1;
  if (!known) {
    r.seek(end);
    return std::optional<DnsRecord>();
  }
  if (auto ok = read_rdata(r, end, rec); !ok) return ok.error();
  if (r.pos() != end) return DnsErrc::BadRecord;
  return std::optional<DnsRecord>(std::move(rec));
}

core::Result<void> read_section(Reader& r, std::uint16_t count, std::vector<DnsRecord>& out) {
  for (std::uint16_t i = 0; i < count; ++i) {
    auto rec = read_record(r);
    if (!rec) return rec.error();
    if (*rec) out.push_back(std::move(**rec));
  }
  return {};
}

}  // namespace

core::Result<DnsAnswer> parse_dns_answer(std::span<const std::uint8_t> message) {
  Reader r(message);
  if (!r.has(kHeaderSize)) return DnsErrc::Truncated;
  DnsAnswer out;
  out.id = *r.u16();
  const std::uint16_t flags = *r.u16();
  if ((flags & 0x8000) == 0 || ((flags >> 11) & 0xF) != 0) return DnsErrc::NotAResponse;
  if ((flags & 0x0200) != 0) return DnsErrc::Truncated;
  out.rcode = flags & 0xF;
  const std::uint16_t qdcount = *r.u16();
  const std::uint16_t counts[3] = {*r.u16(), *r.u16(), *r.u16()};
  if (qdcount > 1) return DnsErrc::BadQuestion;
  if (std::size_t{counts[0]} + counts[1] + counts[2] > kMaxDnsRecords) {
    return DnsErrc::TooManyRecords;
  }
  if (qdcount == 1) {
    auto name = read_name(r);
    if (!name) return name.error();
    if (!r.has(4)) return DnsErrc::Truncated;
    out.question_name = std::move(*name);
    out.question_type = static_cast<DnsType>(*r.u16());
    r.skip(2);  // QCLASS
  }
  std::vector<DnsRecord> authority;
  for (auto [count, section] :
       {std::pair{counts[0], &out.answers}, std::pair{counts[1], &authority},
        std::pair{counts[2], &out.additional}}) {
    if (auto ok = read_section(r, count, *section); !ok) return ok.error();
  }
  for (auto& rec : authority) {
    if (rec.type == DnsType::Soa) out.authority.push_back(std::move(rec));
  }
  if (r.pos() != r.size()) return DnsErrc::TrailingBytes;
  return out;
}

}  // namespace va::sip
