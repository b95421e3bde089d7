// Router: method + path pattern ("/api/leads/{id}") -> handler. A path that matches no
// pattern is 404; a path that matches with another method is 405 with an Allow header.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "crm/entities.h"

namespace va::api {

// What a handler gets: the request, the {id} or {name} segment, the query, and who is asking.
struct RequestContext {
  const HttpRequest* req = nullptr;
  std::int64_t id = 0;
  std::string param;  // a {name} segment other than {id}, percent-decoded ("%2B49" -> "+49")
  std::map<std::string, std::string> query;
  crm::User actor;        // set when the route needs auth
  crm::OwnerScope scope;  // the owners the actor may see
  std::string token;      // the session token the request carried
};

struct Route {
  std::string method;
  std::string pattern;  // segments; "{id}" matches a positive decimal integer, any other
                        // "{name}" one non-empty segment (for keys that are not ids)
  std::string summary;  // for the OpenAPI document
  bool needs_auth = true;
  std::function<HttpResponse(RequestContext&)> handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::int64_t id = 0;  // the {id} segment, if the pattern has one
  std::string param;    // the other {name} segment, if the pattern has one
  std::map<std::string, std::string> query;
};

class Router {
 public:
  void add(Route r) { routes_.push_back(std::move(r)); }
  const std::vector<Route>& routes() const { return routes_; }

  // Either a match, or the status (404/405) and the allowed methods for 405.
  struct Outcome {
    std::optional<RouteMatch> match;
    int status = 404;
    std::string allow;
  };
  Outcome route(const std::string& method, const std::string& target) const;

 private:
  std::vector<Route> routes_;
};

// Percent-decoded query parameters ('+' is a space); the last of repeated names wins.
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace va::api
