// Row helpers: read text columns back into typed fields; build "IN ($k..)" owner filters.
#pragma once

#include <charconv>
#include <string>

#include "crm/entities.h"
#include "crm/sql/connection.h"

namespace va::crm::sql {

inline std::int64_t as_int(const std::optional<std::string>& v) {
  if (!v) return 0;
  std::int64_t out = 0;
  std::from_chars(v->data(), v->data() + v->size(), out);
  return out;
}

inline std::string as_text(const std::optional<std::string>& v) {
  return v.value_or("");
}

// 0 means "no reference" and is stored as NULL so foreign keys accept it.
inline Value id_or_null(Id id) {
  return id == 0 ? Value{} : Value{id};
}

// Appends " AND owner_id IN ($n, ...)" for a limited scope (binding the ids into params);
// an empty scope matches nothing. `column` is a constant of ours, never user input.
inline std::string owner_filter(const OwnerScope& scope, const char* column,
                                std::vector<Value>& params) {
  if (!scope) return "";
  if (scope->empty()) return " AND 1 = 0";
  std::string out = std::string(" AND ") + column + " IN (";
  for (std::size_t i = 0; i < scope->size(); ++i) {
    params.emplace_back((*scope)[i]);
    out += (i ? ", $" : "$") + std::to_string(params.size());
  }
  return out + ")";
}

inline std::string limit_offset(const Page& page, std::vector<Value>& params) {
  params.emplace_back(page.per_page);
  std::string out = " LIMIT $" + std::to_string(params.size());
  params.emplace_back((page.page - 1) * page.per_page);
  return out + " OFFSET $" + std::to_string(params.size());
}

}  // namespace va::crm::sql
