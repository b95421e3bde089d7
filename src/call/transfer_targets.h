// Transfer targets: where a call may be handed to a person (issue 15). Nobody can make the AI
// (or an API client) transfer a caller to a number nobody allowed, e.g. a premium number.
// Rules:
//  1. A target is a phone number (crm::normalize_number's form: "+49 30 555" -> "+4930555",
//     at least 3 digits, no '*' or '#') or a sip:/sips: URI with a host and no ?headers (a
//     Refer-To header part could smuggle Replaces or other headers); at most
//     kMaxTransferTarget characters. normalize_transfer_target() gives its one stored form.
//  2. The allowed targets are the config's `transfer.allow` prefixes (env
//     VOICEAGENT_TRANSFER_ALLOW: comma-separated number prefixes "+4930,0800" or sip: URI
//     prefixes "sip:desk@pbx.example"), plus the call owner's (users.transfer_targets) and
//     its campaign's (campaigns.transfer_targets) exact targets; none of them = no transfer.
//  3. A target is allowed when its normal form starts with an allowed prefix (numbers with
//     number prefixes, URIs, compared case-insensitively, with URI prefixes), or equals a
//     user's/campaign's target (numbers exactly, URIs by RFC 3261 19.1.4 equivalence).
//  4. The REFER's Refer-To: a number goes through the trunk (sip:<number>@<trunk>); a URI as
//     it is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::call {

inline constexpr std::size_t kMaxTransferTarget = 256;
inline constexpr std::size_t kMaxTransferTargets = 32;  // per user and per campaign

// Rule 1: the stored form, or nullopt with `error` (if given) saying what is wrong.
std::optional<std::string> normalize_transfer_target(std::string_view text,
                                                     std::string* error = nullptr);
// Rules 2 and 3: `target` already normalized.
bool transfer_allowed(const std::vector<std::string>& allowed, const std::string& target);
// Rule 2: `transfer.allow` as prefixes (numbers in rule 1's form, URIs lower-cased); an
// entry that is neither sets `bad` and gives nullopt. "" = no prefixes.
std::optional<std::vector<std::string>> parse_transfer_allow(std::string_view text,
                                                             std::string* bad = nullptr);
// Rule 3's prefix part: `target` already normalized.
bool transfer_prefix_allowed(const std::vector<std::string>& prefixes, const std::string& target);
// Rule 4: the Refer-To URI (and the fallback's Request-URI) for a normalized target.
core::Result<std::string> transfer_uri(const std::string& target, std::string_view trunk_uri);

}  // namespace va::call
