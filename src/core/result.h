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

// Defines `const std::error_category& CATEGORY_FN()` and `std::error_code make_error_code(ENUM)`
// for a module's error enum, messages from its `const char* describe(ENUM)`: the one way every
// module names its errors. Use inside the module's namespace, after describe().
#define VA_ERROR_CATEGORY(Enum, category_name, category_fn)                   \
  const std::error_category& category_fn() {                                  \
    static constexpr char kName[] = category_name;                            \
    return ::va::core::EnumErrorCategory<Enum, kName, &describe>::instance(); \
  }                                                                           \
  std::error_code make_error_code(Enum e) {                                   \
    return {static_cast<int>(e), category_fn()};                              \
  }
