// ITU-T E.164 country calling codes -> ISO 3166-1 region (the "assigned country codes" list
// of ITU-T E.164 Annex; a shared code names its principal country: +1 US, +7 RU, +44 GB).
#pragma once

#include <string>

namespace va::dialer {

// `digits`: the number after the '+'. The region of its longest matching calling code, or "".
std::string region_for_calling_digits(const std::string& digits);

}  // namespace va::dialer
