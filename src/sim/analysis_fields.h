// What the analysis endpoint reads in the caller's words (lower-cased `said`, as spoken
// `original`): a campaign field's value by its schema, and the day and hour a callback names.
// The rules are listed in src/sim/README.md ("Analysis answers: extracted fields").
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace va::sim::analysis {

// ASCII lower case.
std::string lower(std::string_view s);

// The day (days since the epoch) a caller's words name, after the call's day; nullopt: none.
std::optional<std::int64_t> named_day(const std::string& text, std::int64_t started_ms);

// "at 3 pm", "at 15", "at 9 am" -> hour of day; nullopt: none said.
std::optional<int> named_hour(const std::string& text);

// The value of the field `name` (its JSON schema `schema`) in the caller's words; null: not said.
// `started_ms` is the call's start, for a date field.
boost::json::value field_value(const std::string& name, const boost::json::object& schema,
                               std::int64_t started_ms, const std::string& said,
                               const std::string& original);

}  // namespace va::sim::analysis
