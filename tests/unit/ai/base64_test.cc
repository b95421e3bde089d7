// Base64 (RFC 4648): round trips, test vectors, URL-safe and unpadded input, damage.
#include "ai/base64.h"

#include <gtest/gtest.h>

#include <array>

#include "ai/errc.h"

namespace va::ai {
namespace {

std::string enc(std::string_view s) {
  std::string out;
  base64_encode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}, out);
  return out;
}
std::string dec(std::string_view s) {
  std::vector<std::uint8_t> out;
  EXPECT_FALSE(base64_decode(s, out));
  return {out.begin(), out.end()};
}

TEST(Base64, EncodesTheRfc4648TestVectors) {
  EXPECT_EQ(enc(""), "");
  EXPECT_EQ(enc("f"), "Zg==");
  EXPECT_EQ(enc("fo"), "Zm8=");
  EXPECT_EQ(enc("foo"), "Zm9v");
  EXPECT_EQ(enc("foob"), "Zm9vYg==");
  EXPECT_EQ(enc("fooba"), "Zm9vYmE=");
  EXPECT_EQ(enc("foobar"), "Zm9vYmFy");
}

TEST(Base64, DecodesPaddedUnpaddedAndUrlSafeInput) {
  EXPECT_EQ(dec("Zm9vYg=="), "foob");
  EXPECT_EQ(dec("Zm9vYg"), "foob");
  EXPECT_EQ(dec("Zm9vYmE"), "fooba");
  EXPECT_EQ(dec("-_8"), dec("+/8="));
}

TEST(Base64, RoundTripsEveryByteValue) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    EXPECT_EQ(dec(enc(all.substr(0, n))), all.substr(0, n));
  }
}

TEST(Base64, RejectsForeignCharactersAndBadPadding) {
  std::vector<std::uint8_t> out;
  EXPECT_EQ(base64_decode("Zm9v!mFy", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode("Z", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode("Zm9===", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode("Zg=", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode("Zm 9v", out), make_error_code(Errc::ProtocolError));
}

TEST(Base64, DecodesIntoABufferOfExactlyTheDecodedSize) {
  EXPECT_EQ(base64_decoded_size("Zm9vYmE="), 5u);
  EXPECT_EQ(base64_decoded_size("Zm9vYmE"), 5u);  // padding optional
  EXPECT_EQ(base64_decoded_size(""), 0u);
  EXPECT_EQ(base64_decoded_size("Z"), 0u);  // impossible length
  std::array<std::uint8_t, 5> out{};
  ASSERT_FALSE(base64_decode_into("Zm9vYmE=", out));
  EXPECT_EQ(std::string(out.begin(), out.end()), "fooba");
  std::array<std::uint8_t, 4> short_out{};
  EXPECT_EQ(base64_decode_into("Zm9vYmE=", short_out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode_into("Zm9v!mE=", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode_into("Zm9vYm!=", out), make_error_code(Errc::ProtocolError));
  EXPECT_EQ(base64_decode_into("Z", {}), make_error_code(Errc::ProtocolError));
}

}  // namespace
}  // namespace va::ai
