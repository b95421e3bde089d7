// The key fingerprint of DESIGN.md: first 12 hex digits of SHA-256, the one implementation.
#include "core/key_fingerprint.h"

#include <gtest/gtest.h>

namespace va::core {
namespace {

TEST(KeyFingerprint, IsTheFirstTwelveHexDigitsOfSha256) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(key_fingerprint("abc"), "ba7816bf8f01");
  // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
  EXPECT_EQ(key_fingerprint(""), "e3b0c44298fc");
}

TEST(KeyFingerprint, DiffersForKeysThatShareAPrefix) {
  EXPECT_NE(key_fingerprint("AIzaKey0001"), key_fingerprint("AIzaKey0002"));
}

}  // namespace
}  // namespace va::core
