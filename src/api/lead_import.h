// Lead import: a CSV with a header row (name, phone required; email, company, country,
// notes, status optional, any order) becomes leads for one owner, or a per-row error report.
// The caller stores the leads only when there is no error, so a bad row leaves nothing behind.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.h"
#include "crm/entities.h"

namespace va::api {

struct RowError {
  std::size_t row;   // 1-based data row (the header is row 0)
  std::size_t line;  // 1-based line in the file
  std::string message;
};

struct ImportPlan {
  std::vector<crm::Lead> leads;
  std::vector<RowError> errors;
};

// A malformed CSV or a bad header is an ApiError (400); row problems go into `errors`.
ApiResult<ImportPlan> plan_import(std::string_view csv, crm::Id owner_id);

}  // namespace va::api
