// The language a callee most likely speaks, from the country of their phone number: what an
// agent profile's language "auto" means (as the system this replaces did). Also the polite
// form of address of that language, for languages that have one ("Sie", "vous", "usted").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace va::call {

struct SpokenLanguage {
  std::string tag;      // BCP-47, as the AI session's language ("de-DE")
  std::string name;     // in English, for the system instruction ("German")
  std::string address;  // the polite form of address ("Sie"); "" where none is customary
};

// `number`: E.164 ("+4930..."), international with 00 ("004930..."), or a sip:/sips:/tel: URI
// whose user part is one of those. The longest calling code in the table wins (+1 is
// English for the whole North American plan). nullopt: a national number, an unknown
// code, or not a number at all.
std::optional<SpokenLanguage> language_for_number(std::string_view number);

}  // namespace va::call
