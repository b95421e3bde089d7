// Invariant checks (after Envoy's table): VA_ASSERT debug-only, VA_CHECK always fatal,
// VA_BUG fatal in debug and logged in release. Never used for bad network input.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace va::core {
[[noreturn]] inline void fail_check(const char* expr, const char* file, int line) {
  std::fprintf(stderr, "voiceagent: check failed: %s at %s:%d\n", expr, file, line);
  std::abort();
}
void report_bug(const char* expr, const char* file, int line);
}  // namespace va::core

#define VA_CHECK(expr) \
  ((expr) ? static_cast<void>(0) : ::va::core::fail_check(#expr, __FILE__, __LINE__))

#ifdef NDEBUG
#define VA_ASSERT(expr) static_cast<void>(0)
#define VA_BUG(expr) \
  ((expr) ? static_cast<void>(0) : ::va::core::report_bug(#expr, __FILE__, __LINE__))
#else
#define VA_ASSERT(expr) VA_CHECK(expr)
#define VA_BUG(expr) VA_CHECK(expr)
#endif
