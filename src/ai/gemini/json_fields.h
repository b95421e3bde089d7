// Lenient reads of a Gemini REST answer (ai-live-protocols.md B): a field of the wrong type is
// absent, so a parser checks what it needs and names what is missing.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace va::ai::gemini {

// `v` as an object, or nullptr when it is absent or not an object.
inline const boost::json::object* object_at(const boost::json::value* v) {
  return v && v->is_object() ? &v->get_object() : nullptr;
}

// The string at `key`, or "" when it is absent or not a string.
inline std::string_view string_at(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace va::ai::gemini
