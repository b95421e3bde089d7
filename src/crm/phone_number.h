// Dialled numbers as inbound routes store them and the trunk dials them: one normal form, so
// the CLI (`voiceagent routes`), the REST API (/api/inbound-routes) and the router agree.
#pragma once

#include <optional>
#include <string>

namespace va::crm {

// Drops visual separators (space - ( ) .) and keeps a leading '+', digits, '*' and '#':
// "+49 (30) 555-01" -> "+493055501". nullopt when anything else is left, when '+' is not
// first, or when nothing or more than 32 characters follow the '+' (longer is not a DID).
std::optional<std::string> normalize_number(const std::string& text);

}  // namespace va::crm
