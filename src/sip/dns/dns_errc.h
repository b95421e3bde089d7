// sip::DnsErrc: why a DNS answer was refused or a lookup failed (RFC 1035, RFC 2782, RFC 3403,
// RFC 3263).
#pragma once

#include <system_error>

namespace va::sip {

enum class DnsErrc {
  Ok = 0,
  Truncated,             // shorter than its header or a record says, or TC set
  NotAResponse,          // QR clear, or an opcode other than QUERY
  BadQuestion,           // more than one question
  BadName,               // a label type other than 00/11, a byte that is not a host name character
  NameTooLong,           // over 255 octets (RFC 1035 3.1)
  BadPointer,            // a compression pointer that does not point strictly backwards
  TooManyPointers,       // more compression jumps than a name can need
  BadRecord,             // rdata whose length does not match its type
  TooManyRecords,        // more records than a 64 KiB message can honestly hold
  TrailingBytes,         // bytes after the last counted record
  ServerFailure,         // RCODE 2 (or another error RCODE than NXDOMAIN)
  Timeout,               // no server answered
  ResolverError,         // c-ares could not send the query (no servers, socket error)
  BadServerList,         // sip.dns_servers is not "ip[:port],..."
  NoTargets,             // RFC 3263 found no address for the URI
  UnsupportedTransport,  // sips: or a transport we do not speak
};

const char* describe(DnsErrc e);
const std::error_category& dns_category();
std::error_code make_error_code(DnsErrc e);

}  // namespace va::sip

template <>
struct std::is_error_code_enum<va::sip::DnsErrc> : std::true_type {};
