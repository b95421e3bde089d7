// Server side of digest authentication (RFC 7616 section 3.5): the response a client with a
// given password must have sent. Used by tests and the test PBX.
#pragma once

#include <string_view>

#include "core/result.h"
#include "sip/auth_challenge.h"

namespace va::sip {

// The response value expected for these credentials (the client's own nonce, cnonce, nc, qop,
// uri and algorithm) and password.
std::string expected_digest_response(const DigestCredentials& c, std::string_view method,
                                     std::string_view password);

// Whether an Authorization value answers correctly for this password, comparing in constant
// time. Parse errors from parse_digest_credentials. The caller still checks that realm and
// nonce are its own and that nc moves forward (replay protection is the server's policy).
core::Result<bool> verify_digest(std::string_view authorization_value, std::string_view method,
                                 std::string_view password);

}  // namespace va::sip
