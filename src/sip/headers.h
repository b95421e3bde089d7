// Headers: the ordered header fields of a message other than the ones Message types out.
// Names are stored in their canonical long form (compact "m" -> "Contact", RFC 3261 7.3.3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace va::sip {

struct Header {
  std::string name;   // canonical long form, e.g. "Content-Type"
  std::string value;  // unfolded, leading/trailing whitespace removed
  bool operator==(const Header&) const = default;
};

// Long form for a compact or any-case header name; unknown names come back as given.
std::string canonical_header_name(std::string_view name);
// The canonical long form of a header this library knows (any case, or compact), else "".
std::string_view known_header_name(std::string_view name);
bool header_name_equal(std::string_view a, std::string_view b);

class Headers {
 public:
  void add(std::string_view name, std::string_view value);
  // add() for a name already in canonical form (the parser's fast path).
  void append_canonical(std::string_view canonical_name, std::string_view value) {
    items_.push_back(Header{std::string(canonical_name), std::string(value)});
  }
  // Replaces every field with this name by one.
  void set(std::string_view name, std::string_view value);
  void remove(std::string_view name);
  // First value, or nullptr.
  const std::string* get(std::string_view name) const;
  // Every field with this name, in order (comma-joined values are not split).
  std::vector<std::string_view> get_all(std::string_view name) const;
  std::size_t count(std::string_view name) const;

  const std::vector<Header>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  bool operator==(const Headers&) const = default;

 private:
  std::vector<Header> items_;
};

// Splits a comma-separated header value at top-level commas (not inside quotes or <>). Each
// element is trimmed; empty elements (",,") are kept so strict callers can reject them.
std::vector<std::string_view> split_header_list(std::string_view value);

}  // namespace va::sip
