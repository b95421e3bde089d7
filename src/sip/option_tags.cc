// Option tags: the Require check of RFC 3261 8.2.2.3 (rules in the header).
#include "sip/option_tags.h"

#include "sip/headers.h"

namespace va::sip {
namespace {

bool we_support(std::string_view tag) {
  for (std::string_view ours : split_header_list(kSupportedOptions))
    if (ours == tag) return true;
  return false;
}

}  // namespace

std::string unsupported_requirements(const Message& request) {
  std::string out;
  for (std::string_view value : request.headers.get_all("Require")) {
    for (std::string_view tag : split_header_list(value)) {
      if (tag.empty() || we_support(tag)) continue;
      if (!out.empty()) out += ", ";
      out += tag;
    }
  }
  return out;
}

}  // namespace va::sip
