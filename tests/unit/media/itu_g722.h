// An independent ITU-T G.722 (64 kbit/s, mode 1) encoder and decoder for tests: the blocks
// of the Recommendation's fixed-point description (QMF, QUANTL/QUANTH, INVQAL/INVQBL, LOGSCL,
// SCALEL, the pole-zero predictor), written from the Recommendation, not from spandsp. Its
// band signals are on the ITU scale (14-bit uniform PCM at the QMF input); the callers do
// what linphone and PJSIP do at the edge: 16-bit PCM >> 2 in, << 2 (saturated) out. The
// server's codec must agree with it on the level, which is what a softphone hears.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace va::media::test {

class ItuG722 {
 public:
  ItuG722() { reset(); }

  void reset() {
    low_ = Band{};
    high_ = Band{};
    low_.det = 32;
    high_.det = 8;
    tx_.fill(0);
    xd_.fill(0);
    xs_.fill(0);
  }

  // 16-bit PCM at 16 kHz (even count) to one byte per two samples.
  std::vector<std::uint8_t> encode(std::span<const std::int16_t> pcm16) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < pcm16.size(); i += 2) {
      int xl = 0, xh = 0;
      transmit_qmf(pcm16[i] >> 2, pcm16[i + 1] >> 2, xl, xh);
      const int il = quantize_low(sat(xl - low_.s), low_.det);
      const int dlt = (low_.det * kQm4[il >> 2]) >> 15;
      low_.det = scale_low(low_, il);
      predict(low_, dlt);
      const int ih = quantize_high(sat(xh - high_.s), high_.det);
      const int dh = (high_.det * kQm2[ih]) >> 15;
      high_.det = scale_high(high_, ih);
      predict(high_, dh);
      out.push_back(static_cast<std::uint8_t>((ih << 6) | il));
    }
    return out;
  }

  // One byte to two 16-bit samples at 16 kHz.
  std::vector<std::int16_t> decode(std::span<const std::uint8_t> bytes) {
    std::vector<std::int16_t> out;
    for (const std::uint8_t b : bytes) {
      const int il = b & 63, ih = b >> 6;
      const int rl = std::clamp(sat(low_.s + ((low_.det * kQm6[il]) >> 15)), -16384, 16383);
      const int dlt = (low_.det * kQm4[il >> 2]) >> 15;
      low_.det = scale_low(low_, il);
      predict(low_, dlt);
      const int dh = (high_.det * kQm2[ih]) >> 15;
      const int rh = std::clamp(high_.s + dh, -16384, 16383);
      high_.det = scale_high(high_, ih);
      predict(high_, dh);
      int x1 = 0, x2 = 0;
      receive_qmf(rl, rh, x1, x2);
      out.push_back(to_pcm16(x1));
      out.push_back(to_pcm16(x2));
    }
    return out;
  }

 private:
  struct Band {
    int s = 0, sp = 0, sz = 0, det = 0, nb = 0;
    std::array<int, 3> a{}, r{}, p{};
    std::array<int, 7> b{}, d{};
  };

  static constexpr std::array<int, 24> kQmf = {3,    -11,  -11,  53,   12,   -156, 32,   362,
                                               -210, -805, 951,  3876, 3876, 951,  -805, -210,
                                               362,  32,   -156, 12,   53,   -11,  -11,  3};
  static constexpr std::array<int, 16> kQm4 = {0,     -20456, -12896, -8968, -6288, -4240,
                                               -2584, -1200,  20456,  12896, 8968,  6288,
                                               4240,  2584,   1200,   0};
  static constexpr std::array<int, 64> kQm6 = {
      -136,   -136,   -136,  -136,  -24808, -21904, -19008, -16704, -14984, -13512, -12280,
      -11192, -10232, -9360, -8576, -7856,  -7192,  -6576,  -6000,  -5456,  -4944,  -4464,
      -4008,  -3576,  -3168, -2776, -2400,  -2032,  -1688,  -1360,  -1040,  -728,   24808,
      21904,  19008,  16704, 14984, 13512,  12280,  11192,  10232,  9360,   8576,   7856,
      7192,   6576,   6000,  5456,  4944,   4464,   4008,   3576,   3168,   2776,   2400,
      2032,   1688,   1360,  1040,  728,    432,    136,    -432,   -136};
  static constexpr std::array<int, 4> kQm2 = {-7408, -1616, 7408, 1616};
  static constexpr std::array<int, 32> kIlb = {2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383,
                                               2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
                                               2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371,
                                               3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008};
  // QUANTL decision levels and the codes above (ilp) and below (iln) zero.
  static constexpr std::array<int, 30> kQ6 = {
      0,   35,  72,  110, 150,  190,  233,  276,  323,  370,  422,  473,  530,  587,  650,
      714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919};
  static constexpr std::array<int, 31> kIlp = {0,  61, 60, 59, 58, 57, 56, 55, 54, 53, 52,
                                               51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41,
                                               40, 39, 38, 37, 36, 35, 34, 33, 32};
  static constexpr std::array<int, 31> kIln = {0,  63, 62, 31, 30, 29, 28, 27, 26, 25, 24,
                                               23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13,
                                               12, 11, 10, 9,  8,  7,  6,  5,  4};

  static int sat(int v) { return std::clamp(v, -32768, 32767); }

  static std::int16_t to_pcm16(int itu) {
    return static_cast<std::int16_t>(std::clamp(itu * 4, -32768, 32767));
  }

  static int quantize_low(int el, int det) {
    const int wd = el >= 0 ? el : -(el + 1);
    std::size_t m = 1;
    while (m < 30 && wd >= ((kQ6[m] * det) >> 12))
      ++m;
    return el < 0 ? kIln[m] : kIlp[m];
  }

  static int quantize_high(int eh, int det) {
    const int wd = eh >= 0 ? eh : -(eh + 1);
    const bool big = wd >= ((564 * det) >> 12);
    if (eh < 0) return big ? 0 : 1;
    return big ? 2 : 3;
  }

  // LOGSCL + SCALEL.
  static int scale_low(Band& band, int il) {
    static constexpr std::array<int, 8> kWl = {-60, -30, 58, 172, 334, 538, 1198, 3042};
    static constexpr std::array<int, 16> kRl42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
    band.nb = std::clamp(((band.nb * 32512) >> 15) + kWl[kRl42[il >> 2]], 0, 18432);
    return scale(band.nb, 8);
  }

  // LOGSCH + SCALEH.
  static int scale_high(Band& band, int ih) {
    static constexpr std::array<int, 3> kWh = {0, -214, 798};
    static constexpr std::array<int, 4> kRh2 = {2, 1, 2, 1};
    band.nb = std::clamp(((band.nb * 32512) >> 15) + kWh[kRh2[ih]], 0, 22528);
    return scale(band.nb, 10);
  }

  static int scale(int nb, int base) {
    const int mantissa = kIlb[(nb >> 6) & 31], exponent = nb >> 11;
    const int wd = exponent > base ? mantissa << (exponent - base) : mantissa >> (base - exponent);
    return wd << 2;
  }

  // RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC.
  static void predict(Band& band, int d) {
    band.d[0] = d;
    band.r[0] = sat(band.s + d);
    band.p[0] = sat(d + band.sz);
    const int sg0 = band.p[0] >> 15, sg1 = band.p[1] >> 15, sg2 = band.p[2] >> 15;
    const int wa1 = sat(band.a[1] * 4);
    int wa2 = sg0 == sg1 ? -wa1 : wa1;
    wa2 = std::min(wa2, 32767) >> 7;
    const int ap2 =
        std::clamp(wa2 + (sg0 == sg2 ? 128 : -128) + ((band.a[2] * 32512) >> 15), -12288, 12288);
    int ap1 = sat((sg0 == sg1 ? 192 : -192) + ((band.a[1] * 32640) >> 15));
    const int limit = sat(15360 - ap2);
    ap1 = std::clamp(ap1, -limit, limit);
    const int step = d == 0 ? 0 : 128, sgd = d >> 15;
    std::array<int, 7> bp{};
    for (std::size_t i = 1; i < 7; ++i)
      bp[i] = sat(((band.d[i] >> 15) == sgd ? step : -step) + ((band.b[i] * 32640) >> 15));
    for (std::size_t i = 6; i > 0; --i) {
      band.d[i] = band.d[i - 1];
      band.b[i] = bp[i];
    }
    for (std::size_t i = 2; i > 0; --i) {
      band.r[i] = band.r[i - 1];
      band.p[i] = band.p[i - 1];
    }
    band.a[1] = ap1;
    band.a[2] = ap2;
    band.sp =
        sat(((band.a[1] * sat(band.r[1] * 2)) >> 15) + ((band.a[2] * sat(band.r[2] * 2)) >> 15));
    band.sz = 0;
    for (std::size_t i = 6; i > 0; --i)
      band.sz = sat(band.sz + ((band.b[i] * sat(band.d[i] * 2)) >> 15));
    band.s = sat(band.sp + band.sz);
  }

  // Newest sample first; the even taps filter the earlier sample of each pair.
  void transmit_qmf(int first, int second, int& xl, int& xh) {
    std::copy_backward(tx_.begin(), tx_.end() - 2, tx_.end());
    tx_[1] = first;
    tx_[0] = second;
    int even = 0, odd = 0;
    for (std::size_t i = 0; i < 24; i += 2) {
      even += tx_[i] * kQmf[i];
      odd += tx_[i + 1] * kQmf[i + 1];
    }
    xl = std::clamp((even + odd) >> 13, -16384, 16383);
    xh = std::clamp((even - odd) >> 13, -16384, 16383);
  }

  void receive_qmf(int rl, int rh, int& x1, int& x2) {
    std::copy_backward(xd_.begin(), xd_.end() - 1, xd_.end());
    std::copy_backward(xs_.begin(), xs_.end() - 1, xs_.end());
    xd_[0] = std::clamp(rl - rh, -16384, 16383);
    xs_[0] = std::clamp(rl + rh, -16384, 16383);
    int a = 0, b = 0;
    for (std::size_t i = 0; i < 12; ++i) {
      a += xd_[i] * kQmf[2 * i];
      b += xs_[i] * kQmf[2 * i + 1];
    }
    x1 = std::clamp(a >> 12, -16384, 16383);
    x2 = std::clamp(b >> 12, -16384, 16383);
  }

  Band low_, high_;
  std::array<int, 24> tx_{};
  std::array<int, 12> xd_{}, xs_{};
};

}  // namespace va::media::test
