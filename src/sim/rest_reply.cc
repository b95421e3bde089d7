// The simulator's REST answers.
#include "sim/rest_reply.h"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

namespace va::sim {
namespace json = boost::json;

http::response<http::string_body> json_response(const http::request<http::string_body>& req,
                                                http::status status, const json::value& body) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::content_type, "application/json; charset=UTF-8");
  res.keep_alive(req.keep_alive());
  res.body() = json::serialize(body) + "\n";
  res.prepare_payload();
  return res;
}

http::response<http::string_body> rest_error(const http::request<http::string_body>& req, int code,
                                             std::string_view status, std::string_view message,
                                             std::string_view reason) {
  json::object err{{"code", code}, {"message", message}, {"status", status}};
  if (!reason.empty()) {
    err["details"] =
        json::array{json::object{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                 {"reason", reason},
                                 {"domain", "googleapis.com"},
                                 {"metadata", {{"service", "generativelanguage.googleapis.com"}}}}};
  }
  return json_response(req, static_cast<http::status>(code), json::object{{"error", err}});
}

std::string_view model_of(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  auto at = path.find("/models/");
  if (at == std::string_view::npos) return {};
  auto model = path.substr(at + 8);
  return model.substr(0, model.rfind(':'));
}

std::string key_of(const http::request<http::string_body>& req) {
  if (auto it = req.find("x-goog-api-key"); it != req.end()) return std::string(it->value());
  auto url = boost::urls::parse_origin_form(req.target());
  if (!url) return {};
  for (auto param : url->params()) {
    if (param.key == "key") return param.value;
  }
  return {};
}

http::response<http::string_body> unknown_model(const http::request<http::string_body>& req,
                                                std::string_view model) {
  return rest_error(req, 404, "NOT_FOUND",
                    "models/" + std::string(model) +
                        " is not found for API version v1beta, or is not supported for "
                        "generateContent. Call ListModels to see the list of available models "
                        "and their supported methods.");
}

}  // namespace va::sim
