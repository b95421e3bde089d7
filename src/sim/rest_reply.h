// The simulator's REST answers (ai-live-protocols.md B): JSON bodies, the google.rpc.Status
// error body, and what a request names (its model, its key), shared by the TTS and the
// analysis endpoints.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace va::sim {

namespace http = boost::beast::http;

inline constexpr std::string_view kNoKey =
    "Method doesn't allow unregistered callers (callers without established identity). Please "
    "use API Key or other form of API consumer identity to call this API.";
inline constexpr std::string_view kBadKey = "API key not valid. Please pass a valid API key.";
inline constexpr std::string_view kQuota =
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";

http::response<http::string_body> json_response(const http::request<http::string_body>& req,
                                                http::status status,
                                                const boost::json::value& body);
// {"error": {"code", "message", "status", "details"?: [ErrorInfo with `reason`]}}
http::response<http::string_body> rest_error(const http::request<http::string_body>& req, int code,
                                             std::string_view status, std::string_view message,
                                             std::string_view reason = {});
// ".../models/{model}:generateContent?..." -> model
std::string_view model_of(std::string_view target);
// x-goog-api-key, else ?key=; "" when neither.
std::string key_of(const http::request<http::string_body>& req);
// 404 NOT_FOUND as the service words it for a model that does not serve generateContent.
http::response<http::string_body> unknown_model(const http::request<http::string_body>& req,
                                                std::string_view model);

}  // namespace va::sim
