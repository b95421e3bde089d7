// Calling codes: a sorted table, looked up by the number's first 3, 2 and 1 digits.
#include "dialer/calling_codes.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace va::dialer {
namespace {

using Entry = std::pair<std::string_view, std::string_view>;

// Sorted by code (checked by the unit test). Zones come from the tz database, not from here.
constexpr std::array kCodes = {
    Entry{"1", "US"},   Entry{"20", "EG"},  Entry{"212", "MA"}, Entry{"213", "DZ"},
    Entry{"216", "TN"}, Entry{"218", "LY"}, Entry{"220", "GM"}, Entry{"221", "SN"},
    Entry{"225", "CI"}, Entry{"233", "GH"}, Entry{"234", "NG"}, Entry{"237", "CM"},
    Entry{"251", "ET"}, Entry{"254", "KE"}, Entry{"255", "TZ"}, Entry{"256", "UG"},
    Entry{"260", "ZM"}, Entry{"263", "ZW"}, Entry{"27", "ZA"},  Entry{"30", "GR"},
    Entry{"31", "NL"},  Entry{"32", "BE"},  Entry{"33", "FR"},  Entry{"34", "ES"},
    Entry{"351", "PT"}, Entry{"352", "LU"}, Entry{"353", "IE"}, Entry{"354", "IS"},
    Entry{"355", "AL"}, Entry{"356", "MT"}, Entry{"357", "CY"}, Entry{"358", "FI"},
    Entry{"359", "BG"}, Entry{"36", "HU"},  Entry{"370", "LT"}, Entry{"371", "LV"},
    Entry{"372", "EE"}, Entry{"373", "MD"}, Entry{"374", "AM"}, Entry{"375", "BY"},
    Entry{"376", "AD"}, Entry{"377", "MC"}, Entry{"380", "UA"}, Entry{"381", "RS"},
    Entry{"382", "ME"}, Entry{"383", "XK"}, Entry{"385", "HR"}, Entry{"386", "SI"},
    Entry{"387", "BA"}, Entry{"389", "MK"}, Entry{"39", "IT"},  Entry{"40", "RO"},
    Entry{"41", "CH"},  Entry{"420", "CZ"}, Entry{"421", "SK"}, Entry{"423", "LI"},
    Entry{"43", "AT"},  Entry{"44", "GB"},  Entry{"45", "DK"},  Entry{"46", "SE"},
    Entry{"47", "NO"},  Entry{"48", "PL"},  Entry{"49", "DE"},  Entry{"51", "PE"},
    Entry{"52", "MX"},  Entry{"53", "CU"},  Entry{"54", "AR"},  Entry{"55", "BR"},
    Entry{"56", "CL"},  Entry{"57", "CO"},  Entry{"58", "VE"},  Entry{"60", "MY"},
    Entry{"61", "AU"},  Entry{"62", "ID"},  Entry{"63", "PH"},  Entry{"64", "NZ"},
    Entry{"65", "SG"},  Entry{"66", "TH"},  Entry{"7", "RU"},   Entry{"81", "JP"},
    Entry{"82", "KR"},  Entry{"84", "VN"},  Entry{"852", "HK"}, Entry{"86", "CN"},
    Entry{"880", "BD"}, Entry{"886", "TW"}, Entry{"90", "TR"},  Entry{"91", "IN"},
    Entry{"92", "PK"},  Entry{"93", "AF"},  Entry{"94", "LK"},  Entry{"95", "MM"},
    Entry{"960", "MV"}, Entry{"961", "LB"}, Entry{"962", "JO"}, Entry{"963", "SY"},
    Entry{"964", "IQ"}, Entry{"965", "KW"}, Entry{"966", "SA"}, Entry{"967", "YE"},
    Entry{"968", "OM"}, Entry{"970", "PS"}, Entry{"971", "AE"}, Entry{"972", "IL"},
    Entry{"973", "BH"}, Entry{"974", "QA"}, Entry{"975", "BT"}, Entry{"976", "MN"},
    Entry{"977", "NP"}, Entry{"98", "IR"},  Entry{"992", "TJ"}, Entry{"993", "TM"},
    Entry{"994", "AZ"}, Entry{"995", "GE"}, Entry{"996", "KG"}, Entry{"998", "UZ"},
};

}  // namespace

std::string region_for_calling_digits(const std::string& digits) {
  for (std::size_t len = 3; len >= 1; --len) {
    if (digits.size() < len) continue;
    const std::string_view code(digits.data(), len);
    auto it = std::lower_bound(kCodes.begin(), kCodes.end(), code,
                               [](const Entry& e, std::string_view c) { return e.first < c; });
    if (it != kCodes.end() && it->first == code) return std::string(it->second);
  }
  return "";
}

}  // namespace va::dialer
