// ExtractionSchema: the fields a campaign asks the post-call analysis to extract (DESIGN.md
// "After the call"): a JSON array [{"name", "type" (string|number|boolean|date),
// "description"}], checked once when a campaign is written, stored as its canonical JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace va::crm {

struct ExtractionField {
  std::string name;  // [A-Za-z_][A-Za-z0-9_]{0,63}, unique in the schema
  std::string type;  // string | number | boolean | date
  std::string description;
};

inline constexpr std::size_t kMaxExtractionFields = 32;

// Errc::Invalid for anything else; `error` then names the bad part, e.g.
// "extraction_schema[1].type must be one of string, number, boolean, date". "" and "[]" are an
// empty schema.
core::Result<std::vector<ExtractionField>> parse_extraction_schema(std::string_view json,
                                                                   std::string* error = nullptr);
std::string extraction_schema_json(const std::vector<ExtractionField>& fields);

}  // namespace va::crm
