// OpenAPI 3.0 document built from the router's own table, so it lists exactly what exists.
#pragma once

#include <boost/json/value.hpp>

#include "api/router.h"

namespace va::api {

boost::json::value openapi_document(const Router& router);

}  // namespace va::api
