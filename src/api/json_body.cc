// JSON request bodies: boost::json with a depth limit; no exceptions on bad input.
#include "api/json_body.h"

#include <boost/json/parse.hpp>

namespace va::api {
namespace {
ApiError field_error(const char* key, const char* what) {
  return bad_request("invalid_field", std::string("field '") + key + "' " + what);
}
}  // namespace

ApiResult<boost::json::object> parse_object(std::string_view body) {
  boost::json::parse_options opts;
  opts.max_depth = 16;
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec, {}, opts);
  if (ec) return bad_request("malformed_json", "request body is not valid JSON");
  if (!v.is_object()) return bad_request("malformed_json", "request body must be a JSON object");
  return std::move(v.as_object());
}

ApiResult<std::optional<std::string>> opt_string(const boost::json::object& o, const char* key,
                                                 std::size_t max_len) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return field_error(key, "must be a string");
  const auto& s = v->get_string();
  if (s.size() > max_len) return field_error(key, "is too long");
  return std::optional<std::string>{std::string(s)};
}

ApiResult<std::string> req_string(const boost::json::object& o, const char* key,
                                  std::size_t max_len) {
  auto s = opt_string(o, key, max_len);
  if (!s) return s.error();
  if (!*s) return bad_request("missing_field", std::string("field '") + key + "' is required");
  return std::move(**s);
}

ApiResult<std::optional<std::int64_t>> opt_int(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>{v->get_int64()};
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX) {
    return std::optional<std::int64_t>{static_cast<std::int64_t>(v->get_uint64())};
  }
  return field_error(key, "must be an integer");
}

ApiResult<std::optional<bool>> opt_bool(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) return field_error(key, "must be true or false");
  return std::optional<bool>{v->get_bool()};
}

ApiResult<std::optional<std::vector<std::int64_t>>> opt_int_array(const boost::json::object& o,
                                                                  const char* key,
                                                                  std::size_t max_items) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::vector<std::int64_t>>{};
  if (!v->is_array()) return field_error(key, "must be an array of integers");
  const auto& a = v->get_array();
  if (a.size() > max_items) return field_error(key, "has too many items");
  std::vector<std::int64_t> out;
  for (const auto& item : a) {
    if (!item.is_int64()) return field_error(key, "must be an array of integers");
    out.push_back(item.get_int64());
  }
  return std::optional<std::vector<std::int64_t>>{std::move(out)};
}

}  // namespace va::api
