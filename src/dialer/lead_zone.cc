// LeadZone: zone lookups through the tz database; zone.tab is read once.
#include "dialer/lead_zone.h"

#include <date/tz.h>

#include <fstream>
#include <map>
#include <sstream>

#include "dialer/calling_codes.h"

namespace va::dialer {
namespace {

// zone.tab: "CC<TAB>coordinates<TAB>TZ..." per line; the first line of a country is its
// principal zone (tzdata's own ordering: most populous region first).
std::map<std::string, std::string> read_zone_tab() {
  std::map<std::string, std::string> out;
  for (const char* path : {"/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab"}) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream fields(line);
      std::string cc, coords, zone;
      if (!(fields >> cc >> coords >> zone) || cc.size() != 2) continue;
      out.emplace(cc, zone);  // keeps the first
    }
    if (!out.empty()) break;
  }
  return out;
}

}  // namespace

const date::time_zone* find_zone(const std::string& iana) {
  if (iana.empty()) return nullptr;
  try {
    return date::locate_zone(iana);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string country_of_number(const std::string& e164) {
  if (e164.size() < 2 || e164[0] != '+') return "";
  return region_for_calling_digits(e164.substr(1));
}

std::string default_zone_of_country(const std::string& iso2) {
  static const auto table = read_zone_tab();
  std::string key;
  for (char c : iso2)
    key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto it = table.find(key);
  return it == table.end() ? "" : it->second;
}

std::string zone_for_lead(const std::string& timezone, const std::string& phone,
                          const std::string& country) {
  if (find_zone(timezone)) return timezone;
  if (auto z = default_zone_of_country(country_of_number(phone)); !z.empty()) return z;
  if (country.size() == 2) {
    if (auto z = default_zone_of_country(country); !z.empty()) return z;
  }
  return "UTC";
}

}  // namespace va::dialer
