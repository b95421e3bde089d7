// Calling code -> language: a small sorted table of the countries this product calls, with
// the language most of each country speaks on the phone. Where a country has several (BE,
// CH, CA) the largest group's. Tags are those the realtime AIs accept as a session language.
#include "call/spoken_language.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace va::call {
namespace {

struct Entry {
  std::string_view code;  // the calling code's digits
  std::string_view tag;
  std::string_view name;
  std::string_view address;
};

// Sorted by code (checked below, at compile time).
constexpr std::array kLanguages = {
    Entry{"1", "en-US", "English", ""},
    Entry{"30", "el-GR", "Greek", "εσείς"},
    Entry{"31", "nl-NL", "Dutch", "u"},
    Entry{"32", "nl-NL", "Dutch", "u"},
    Entry{"33", "fr-FR", "French", "vous"},
    Entry{"34", "es-ES", "Spanish", "usted"},
    Entry{"351", "pt-PT", "Portuguese", "o senhor / a senhora"},
    Entry{"352", "fr-FR", "French", "vous"},
    Entry{"353", "en-GB", "English", ""},
    Entry{"359", "bg-BG", "Bulgarian", "Вие"},
    Entry{"36", "hu-HU", "Hungarian", "Ön"},
    Entry{"380", "uk-UA", "Ukrainian", "Ви"},
    Entry{"39", "it-IT", "Italian", "Lei"},
    Entry{"40", "ro-RO", "Romanian", "dumneavoastră"},
    Entry{"41", "de-DE", "German", "Sie"},
    Entry{"420", "cs-CZ", "Czech", "vy"},
    Entry{"421", "sk-SK", "Slovak", "vy"},
    Entry{"43", "de-DE", "German", "Sie"},
    Entry{"44", "en-GB", "English", ""},
    Entry{"45", "da-DK", "Danish", ""},
    Entry{"46", "sv-SE", "Swedish", ""},
    Entry{"47", "nb-NO", "Norwegian", ""},
    Entry{"48", "pl-PL", "Polish", "Pan / Pani"},
    Entry{"49", "de-DE", "German", "Sie"},
    Entry{"52", "es-US", "Spanish", "usted"},
    Entry{"54", "es-US", "Spanish", "usted"},
    Entry{"55", "pt-BR", "Portuguese", "o senhor / a senhora"},
    Entry{"56", "es-US", "Spanish", "usted"},
    Entry{"57", "es-US", "Spanish", "usted"},
    Entry{"61", "en-AU", "English", ""},
    Entry{"64", "en-AU", "English", ""},
    Entry{"7", "ru-RU", "Russian", "Вы"},
    Entry{"81", "ja-JP", "Japanese", "keigo (polite form)"},
    Entry{"82", "ko-KR", "Korean", "jondaetmal (polite form)"},
    Entry{"86", "cmn-CN", "Mandarin Chinese", "您"},
    Entry{"90", "tr-TR", "Turkish", "siz"},
    Entry{"91", "en-IN", "English", ""},
};

static_assert(std::is_sorted(kLanguages.begin(), kLanguages.end(),
                             [](const Entry& a, const Entry& b) { return a.code < b.code; }),
              "kLanguages must be sorted by calling code");

// The digits of the international number `text` names, or "" when it names none.
std::string international_digits(std::string_view text) {
  if (text.rfind("sip:", 0) == 0 || text.rfind("sips:", 0) == 0 || text.rfind("tel:", 0) == 0) {
    text.remove_prefix(text.find(':') + 1);
    text = text.substr(0, text.find_first_of("@;"));
  }
  if (text.rfind("+", 0) == 0) {
    text.remove_prefix(1);
  } else if (text.rfind("00", 0) == 0) {
    text.remove_prefix(2);
  } else {
    return "";
  }
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return "";
    }
  }
  return digits;
}

}  // namespace

std::optional<SpokenLanguage> language_for_number(std::string_view number) {
  const auto digits = international_digits(number);
  // Country codes are 1..3 digits; a number is at least the code and one more digit.
  for (std::size_t len = 3; len >= 1; --len) {
    if (digits.size() <= len) continue;
    const std::string_view code(digits.data(), len);
    auto it = std::lower_bound(kLanguages.begin(), kLanguages.end(), code,
                               [](const Entry& e, std::string_view c) { return e.code < c; });
    if (it != kLanguages.end() && it->code == code) {
      return SpokenLanguage{std::string(it->tag), std::string(it->name), std::string(it->address)};
    }
  }
  return std::nullopt;
}

}  // namespace va::call
