// LeadZone: the time zone a lead's calling hours are read in. An explicit IANA zone on the
// lead wins; else the default zone of its phone number's country: the country from the
// number's ITU-T E.164 calling code (calling_codes.cc), the zone from the system tz
// database's zone.tab (the first zone listed for the country, its most populous). No offsets
// are kept here: every conversion goes through the tz database (Howard Hinnant's date/tz,
// reading /usr/share/zoneinfo), so DST is the database's.
#pragma once

#include <optional>
#include <string>

namespace date {
class time_zone;
}

namespace va::dialer {

// The zone named `iana`, or nullptr if the tz database has no such zone.
const date::time_zone* find_zone(const std::string& iana);

// "DE" for "+4930123456"; "" when no calling code matches.
std::string country_of_number(const std::string& e164);

// The zone.tab default zone of an ISO 3166 country ("DE" -> "Europe/Berlin"); "" if unknown.
std::string default_zone_of_country(const std::string& iso2);

// The lead's zone name: `timezone` if set, else its number's country's default zone, else
// its `country` field read as an ISO code, else "UTC".
std::string zone_for_lead(const std::string& timezone, const std::string& phone,
                          const std::string& country);

}  // namespace va::dialer
