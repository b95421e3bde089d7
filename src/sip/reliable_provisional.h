// Reliable provisional responses (RFC 3262): the RSeq and RAck headers, and which responses
// and requests ask for them.
//
// Rules:
//  1. RSeq = 1*DIGIT, 1 .. 2^32-1 (7.1); RAck = response-num LWS CSeq-num LWS Method (7.2),
//     where response-num is an RSeq and the method is a known one (INVITE in practice).
//     Anything else is an error (the PRACK then gets 481: it names no response of ours).
//  2. A response is reliable when it is a 101-199 with "100rel" in Require and an RSeq (4).
//  3. An INVITE wants reliable provisionals when it Requires 100rel (3: we then MUST send
//     them; with only Supported we MAY, and do not: our 180 carries no SDP).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sip/message.h"

namespace va::sip {

inline constexpr std::string_view k100rel = "100rel";

struct RAck {
  std::uint32_t rseq = 0;
  std::uint32_t cseq = 0;
  Method method = Method::Unknown;

  std::string to_string() const;
  bool operator==(const RAck&) const = default;
};

// Rule 1.
core::Result<std::uint32_t> parse_rseq(std::string_view value);
core::Result<RAck> parse_rack(std::string_view value);

// Rule 2: the RSeq of a reliable provisional response, nullopt for any other response (or
// one whose RSeq does not parse).
std::optional<std::uint32_t> reliable_rseq(const Message& response);

// Rule 3.
bool wants_reliable_provisionals(const Message& invite);

}  // namespace va::sip
