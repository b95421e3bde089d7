// JSON request bodies: parse (depth- and size-limited) into an object, then read typed fields
// with clear 400s: malformed JSON, not an object, missing or wrongly typed field, too long.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.h"

namespace va::api {

ApiResult<boost::json::object> parse_object(std::string_view body);

// A string field; nullopt when absent (or null). Error when present but not a string or
// longer than max_len bytes.
ApiResult<std::optional<std::string>> opt_string(const boost::json::object& o, const char* key,
                                                 std::size_t max_len);
ApiResult<std::string> req_string(const boost::json::object& o, const char* key,
                                  std::size_t max_len);
ApiResult<std::optional<std::int64_t>> opt_int(const boost::json::object& o, const char* key);
ApiResult<std::optional<bool>> opt_bool(const boost::json::object& o, const char* key);
ApiResult<std::optional<std::vector<std::int64_t>>> opt_int_array(const boost::json::object& o,
                                                                  const char* key,
                                                                  std::size_t max_items);

}  // namespace va::api
