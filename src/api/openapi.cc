// OpenAPI: one operation per route; {id} (integer) or {name} (string) becomes a path
// parameter; authenticated routes carry the bearer and cookie security schemes.
#include "api/openapi.h"

#include <algorithm>
#include <boost/json.hpp>

#include "core/version.h"

namespace va::api {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

boost::json::object error_schema() {
  return {
      {"type", "object"},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}};
}

// The name of the pattern's "{name}" segment ("" when it has none).
std::string path_parameter(const std::string& pattern) {
  const auto open = pattern.find('{');
  const auto close = pattern.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return pattern.substr(open + 1, close - open - 1);
}

}  // namespace

boost::json::value openapi_document(const Router& router) {
  boost::json::object paths;
  for (const auto& r : router.routes()) {
    auto& slot = paths[r.pattern];
    if (!slot.is_object()) slot.emplace_object();
    auto& item = slot.as_object();
    boost::json::object op{
        {"summary", r.summary},
        {"responses",
         {{"200", {{"description", "OK"}}},
          {"default",
           {{"description", "Error"},
            {"content",
             {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}};
    if (auto param = path_parameter(r.pattern); !param.empty()) {
      op["parameters"] =
          boost::json::array{{{"name", param},
                              {"in", "path"},
                              {"required", true},
                              {"schema", {{"type", param == "id" ? "integer" : "string"}}}}};
    }
    if (r.needs_auth) {
      op["security"] = boost::json::array{{{"bearer", boost::json::array{}}},
                                          {{"cookie", boost::json::array{}}}};
    }
    if (r.method == "POST" || r.method == "PUT" || r.method == "PATCH") {
      const bool csv = r.pattern == "/api/leads/import";
      op["requestBody"] = {
          {"required", r.pattern != "/api/keys/assign" && r.pattern != "/api/auth/logout"},
          {"content",
           {{csv ? "text/csv" : "application/json",
             {{"schema", {{"type", csv ? "string" : "object"}}}}}}}};
    }
    item[lower(r.method)] = std::move(op);
  }
  return boost::json::object{
      {"openapi", "3.0.3"},
      {"info", {{"title", "voiceagent"}, {"version", core::kVersion}}},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", {{"Error", error_schema()}}},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "va_session"}}}}}}}};
}

}  // namespace va::api
