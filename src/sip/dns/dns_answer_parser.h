// parse_dns_answer: our own reader of DNS response messages (RFC 1035 4.1), so the resolver
// keeps every record's TTL and no answer is half-believed.
//
// Rules:
//  1. The whole message is refused with one DnsErrc on the first fault: a short header or
//     record (Truncated, also for TC=1), QR clear or an opcode other than QUERY (NotAResponse),
//     more than one question (BadQuestion), a bad label or name (BadName, NameTooLong), rdata
//     that does not fit its type (BadRecord), more than kMaxRecords records (TooManyRecords),
//     bytes after the last counted record (TrailingBytes).
//  2. Names: labels of host-name octets (printable ASCII, no '.'), lower-cased, at most 255
//     octets in all. A compression pointer must point strictly before the label that holds it
//     (so no loop is possible) and a name follows at most kMaxPointers of them.
//  3. A, AAAA, SRV, NAPTR, CNAME and SOA are read; other types (OPT, RRSIG, ...) are checked
//     for length and skipped. Records of class other than IN are skipped (OPT's class is its
//     UDP size).
//  4. The RCODE is returned as is: the caller decides what NXDOMAIN or SERVFAIL mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "sip/dns/dns_errc.h"
#include "sip/dns/dns_record.h"

namespace va::sip {

inline constexpr std::size_t kMaxDnsRecords = 512;
inline constexpr int kMaxDnsPointers = 64;

core::Result<DnsAnswer> parse_dns_answer(std::span<const std::uint8_t> message);

}  // namespace va::sip
