// TlsCounters: the label values of the failure reasons.
#include "sip/tls_counters.h"

namespace va::sip {

std::string_view to_string(TlsFailure failure) {
  switch (failure) {
    case TlsFailure::HostnameMismatch:
      return "hostname_mismatch";
    case TlsFailure::Untrusted:
      return "untrusted";
    case TlsFailure::Expired:
      return "expired";
    case TlsFailure::VerifyOther:
      return "verify_other";
    case TlsFailure::Handshake:
      return "handshake";
    case TlsFailure::Connect:
      return "connect";
  }
  return "unknown";
}

}  // namespace va::sip
