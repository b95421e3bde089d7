// Loading what a request names. One answer for "no such row" and "not in your scope": 404, so
// a caller cannot probe for the ids of other owners. VA_TRY_RESP returns an ApiError as the
// handler's response.
#pragma once

#include <string>
#include <utility>

#include "api/api_error.h"
#include "core/result.h"
#include "crm/access.h"

namespace va::api {

// `found` (a store lookup of an entity with an owner_id) if the scope covers its owner; else
// 404 {"not_found", "<what> not found"}.
template <class T>
ApiResult<T> in_scope_or_404(core::Result<T> found, const crm::OwnerScope& scope,
                             const char* what) {
  if (!found || !crm::in_scope(scope, found->owner_id)) {
    return ApiError{404, "not_found", std::string(what) + " not found"};
  }
  return std::move(*found);
}

}  // namespace va::api

// `auto var = expr;` for an ApiResult, returning its error as the response.
#define VA_TRY_RESP(var, expr) \
  auto var = (expr);           \
  if (!var) return error_response(var.error());
