// Results on the data plane: parsers and network-fed code return Result<T>, never throw.
#pragma once

#include <boost/system/result.hpp>
#include <string>
#include <system_error>

namespace va::core {

template <class T>
using Result = boost::system::result<T, std::error_code>;

// A small std::error_category for a module's Errc enum: message(ev) comes from describe().
template <class Errc, const char* Name, const char* (*Describe)(Errc)>
class EnumErrorCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return Name; }
  std::string message(int ev) const override { return Describe(static_cast<Errc>(ev)); }
  static const EnumErrorCategory& instance() {
    static const EnumErrorCategory category;
    return category;
  }
};

}  // namespace va::core
