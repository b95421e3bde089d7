// Header names (RFC 3261 7.3, compact forms 7.3.3 and 20; RFC 3265/3515/3841/3892/4028/4474)
// and the ordered list of header fields that Message does not type out.
#include "sip/headers.h"

#include <array>

#include "sip/scanner.h"

namespace va::sip {

namespace {

struct KnownName {
  std::string_view name;
  char compact;  // '\0' when the header has no compact form
};

constexpr std::array<KnownName, 62> kKnownNames{{
    {"Accept", 0},
    {"Accept-Contact", 'a'},
    {"Accept-Encoding", 0},
    {"Accept-Language", 0},
    {"Alert-Info", 0},
    {"Allow", 0},
    {"Allow-Events", 'u'},
    {"Authentication-Info", 0},
    {"Authorization", 0},
    {"Call-ID", 'i'},
    {"Call-Info", 0},
    {"Contact", 'm'},
    {"Content-Disposition", 0},
    {"Content-Encoding", 'e'},
    {"Content-Language", 0},
    {"Content-Length", 'l'},
    {"Content-Type", 'c'},
    {"CSeq", 0},
    {"Date", 0},
    {"Error-Info", 0},
    {"Event", 'o'},
    {"Expires", 0},
    {"From", 'f'},
    {"Identity", 'y'},
    {"In-Reply-To", 0},
    {"Max-Forwards", 0},
    {"Min-Expires", 0},
    {"Min-SE", 0},
    {"MIME-Version", 0},
    {"Organization", 0},
    {"P-Asserted-Identity", 0},
    {"P-Preferred-Identity", 0},
    {"Path", 0},
    {"Priority", 0},
    {"Privacy", 0},
    {"Proxy-Authenticate", 0},
    {"Proxy-Authorization", 0},
    {"Proxy-Require", 0},
    {"RAck", 0},
    {"Reason", 0},
    {"Record-Route", 0},
    {"Refer-To", 'r'},
    {"Referred-By", 'b'},
    {"Reject-Contact", 'j'},
    {"Reply-To", 0},
    {"Request-Disposition", 'd'},
    {"Require", 0},
    {"Retry-After", 0},
    {"Route", 0},
    {"RSeq", 0},
    {"Server", 0},
    {"Session-Expires", 'x'},
    {"Subject", 's'},
    {"Subscription-State", 0},
    {"Supported", 'k'},
    {"Timestamp", 0},
    {"To", 't'},
    {"Unsupported", 0},
    {"User-Agent", 0},
    {"Via", 'v'},
    {"Warning", 0},
    {"WWW-Authenticate", 0},
}};

// Lookup tables built once: compact letter -> name, and names bucketed by length so a lookup
// compares only candidates of the right size (this runs for every header of every message).
struct NameIndex {
  static constexpr std::size_t kMaxLength = 24;  // longest known name: 20
  std::array<std::string_view, 26> by_compact{};
  std::array<std::array<std::string_view, 8>, kMaxLength + 1> by_length{};  // fullest: 7

  NameIndex() {
    for (const KnownName& k : kKnownNames) {
      if (k.compact != 0) by_compact[static_cast<std::size_t>(k.compact - 'a')] = k.name;
      for (std::string_view& slot : by_length[k.name.size()]) {
        if (slot.empty()) {
          slot = k.name;
          break;
        }
      }
    }
  }
};

const NameIndex& name_index() {
  static const NameIndex index;
  return index;
}

}  // namespace

std::string_view known_header_name(std::string_view name) {
  const NameIndex& index = name_index();
  if (name.size() == 1) {
    const char c = scan::to_lower(name[0]);
    return c >= 'a' && c <= 'z' ? index.by_compact[static_cast<std::size_t>(c - 'a')]
                                : std::string_view{};
  }
  if (name.size() > NameIndex::kMaxLength) return {};
  for (std::string_view candidate : index.by_length[name.size()]) {
    if (candidate.empty()) break;
    if (scan::iequals(candidate, name)) return candidate;
  }
  return {};
}

std::string canonical_header_name(std::string_view name) {
  const std::string_view known = known_header_name(name);
  return std::string(known.empty() ? name : known);
}

bool header_name_equal(std::string_view a, std::string_view b) {
  if (scan::iequals(a, b)) return true;
  const std::string_view ka = known_header_name(a);
  return !ka.empty() && ka == known_header_name(b);
}

void Headers::add(std::string_view name, std::string_view value) {
  items_.push_back(Header{canonical_header_name(name), std::string(value)});
}

void Headers::set(std::string_view name, std::string_view value) {
  remove(name);
  add(name, value);
}

void Headers::remove(std::string_view name) {
  std::erase_if(items_, [name](const Header& h) { return header_name_equal(h.name, name); });
}

const std::string* Headers::get(std::string_view name) const {
  for (const Header& h : items_) {
    if (header_name_equal(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const Header& h : items_) {
    if (header_name_equal(h.name, name)) out.emplace_back(h.value);
  }
  return out;
}

std::size_t Headers::count(std::string_view name) const {
  std::size_t n = 0;
  for (const Header& h : items_) {
    if (header_name_equal(h.name, name)) ++n;
  }
  return n;
}

std::vector<std::string_view> split_header_list(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = scan::find_unquoted(value, ',', start);
    out.push_back(scan::trim(value.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace va::sip
