// Random tokens: a per-thread generator, so shards never contend (RFC 3261 19.3, 8.1.1.7).
#include "sip/random_token.h"

#include <fmt/format.h>

#include <random>

#include "sip/via.h"

namespace va::sip {
namespace {
std::uint64_t next_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}
}  // namespace

std::string make_tag() {
  return fmt::format("{:016x}", next_random());
}

std::string make_branch() {
  return fmt::format("{}{:016x}", kMagicCookie, next_random());
}

}  // namespace va::sip
