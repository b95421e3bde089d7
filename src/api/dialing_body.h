// The campaign's "dialing" object (DESIGN.md "Campaign dialer"): read into
// crm::DialingSettings field by field, every error a 400 naming the field
// ("dialing.calling_hours.from must be HH:MM"), and shown back with defaults filled in.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "api/api_error.h"
#include "crm/entities.h"

namespace va::api {

// Applies the fields present in `v` over `d`. `lines`: the trunk's line names.
ApiResult<void> apply_dialing(const boost::json::value& v, crm::DialingSettings& d,
                              const std::vector<std::string>& lines);

boost::json::value dialing_view(const crm::DialingSettings& d);

// A list of trunk line names (a campaign's dialing.lines, a user's lines), each one of
// `known` ([[sip.trunk.lines]]); duplicates dropped. 400 invalid_field naming `field`.
ApiResult<std::vector<std::string>> parse_line_names(const boost::json::value& v,
                                                     const std::string& field,
                                                     const std::vector<std::string>& known);

// "HH:MM" (00:00 .. 24:00) -> minutes after midnight; -1 when malformed.
std::int64_t parse_hhmm(const std::string& text);

}  // namespace va::api
