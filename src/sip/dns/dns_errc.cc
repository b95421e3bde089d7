// sip::DnsErrc: descriptions and the error category.
#include "sip/dns/dns_errc.h"

#include "core/result.h"

namespace va::sip {

const char* describe(DnsErrc e) {
  switch (e) {
    case DnsErrc::Ok:
      return "ok";
    case DnsErrc::Truncated:
      return "DNS answer truncated";
    case DnsErrc::NotAResponse:
      return "DNS message is not a response to a standard query";
    case DnsErrc::BadQuestion:
      return "DNS answer has more than one question";
    case DnsErrc::BadName:
      return "DNS name has a bad label";
    case DnsErrc::NameTooLong:
      return "DNS name longer than 255 octets";
    case DnsErrc::BadPointer:
      return "DNS compression pointer does not point backwards";
    case DnsErrc::TooManyPointers:
      return "DNS name follows too many compression pointers";
    case DnsErrc::BadRecord:
      return "DNS record data does not match its type";
    case DnsErrc::TooManyRecords:
      return "DNS answer has too many records";
    case DnsErrc::TrailingBytes:
      return "DNS answer has bytes after its last record";
    case DnsErrc::ServerFailure:
      return "DNS server failure";
    case DnsErrc::Timeout:
      return "DNS query timed out";
    case DnsErrc::ResolverError:
      return "DNS query could not be sent";
    case DnsErrc::BadServerList:
      return "sip.dns_servers is not a list of ip[:port]";
    case DnsErrc::NoTargets:
      return "No DNS target for the SIP URI";
    case DnsErrc::UnsupportedTransport:
      return "SIP URI asks for a transport we do not speak";
  }
  return "dns error";
}

VA_ERROR_CATEGORY(DnsErrc, "sip.dns", dns_category)

}  // namespace va::sip
