// exp and log with the same bits on every platform, for the gradient-boosted trees.
//
// The C library's exp and log differ between glibc (native) and musl (WebAssembly) by an ulp
// here and there, and one ulp in a gradient can change a split, so the boosted trees would not
// be bit-identical across builds. These use only IEEE additions, multiplications, divisions and
// bit operations, which round the same everywhere (no x87, and no fused multiply-add: see the
// pragma below). They are accurate to a few ulps, which is all the model needs.
//
// expFloat is branch-free so that loops over arrays vectorise (SSE2 natively, simd128 in
// WebAssembly): it computes the float32 softmax of every boosting round.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

// A fused multiply-add rounds once instead of twice, so contracting a * b + c would change the
// bits on machines that have the instruction (ARM64, x86 with -mfma or -march=native: measured,
// GCC 12 contracts C++ even with -std=c++17). Every gbdt source includes this header first, so
// the whole model is computed without contraction.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace labelcheck::detail {

inline float bitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline uint32_t floatToBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
inline double bitsToDouble(uint64_t u) {
  double d;
  std::memcpy(&d, &u, sizeof d);
  return d;
}
inline uint64_t doubleToBits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, sizeof u);
  return u;
}

// e^x in float32 for x in [-87, 88] (clamped there; NaN is not expected). Range reduction
// x = n ln2 + r with |r| <= ln2 / 2, a degree-6 polynomial for e^r (Cephes expf's
// coefficients), then scaling by 2^n through the exponent bits. Relative error < 3e-7.
inline float expFloat(float x) {
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  // Adding 1.5 * 2^23 rounds x / ln2 to the nearest integer, which then sits in the low
  // mantissa bits of t: no float-to-int conversion, no floor, so it vectorises with SSE2.
  const float magic = 12582912.0f;
  const float t = x * 1.44269504088896341f + magic;
  const float n = t - magic;
  const float r = (x - n * 0.693359375f) - n * -2.12194440e-4f;
  const float z = r * r;
  const float p = ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
                   1.6666665459e-1f) * r + 5.0000001201e-1f;
  const float e = p * z + r + 1.0f;
  const int32_t k = static_cast<int32_t>(floatToBits(t) - floatToBits(magic));  // n as an integer
  return e * bitsToFloat(static_cast<uint32_t>(k + 127) << 23);
}

// e^x in float64, a few ulps. Underflows to 0 below -745.2, overflows to +inf above 709.78.
inline double expDouble(double x) {
  if (!(x > -745.2)) return x != x ? x : 0.0;
  if (x > 709.78) return std::numeric_limits<double>::infinity();
  const double magic = 6755399441055744.0;  // 1.5 * 2^52: round to nearest integer
  const double n = (x * 1.4426950408889634074 + magic) - magic;
  // ln 2 split in two (fdlibm's): n * ln2Hi is exact for |n| < 2^20, so r keeps full precision.
  const double ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10;
  const double r = (x - n * ln2Hi) - n * ln2Lo;  // |r| <= 0.347
  // Taylor series to r^13: the remainder is below 4e-18 relative.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^n in two factors, each a normal double, so that results down to the subnormals round once.
  const int k = static_cast<int>(n);
  const int k1 = k / 2, k2 = k - k1;
  const double s1 = bitsToDouble(static_cast<uint64_t>(k1 + 1023) << 52);
  const double s2 = bitsToDouble(static_cast<uint64_t>(k2 + 1023) << 52);
  return (p * s1) * s2;
}

// Natural logarithm in float64, a few ulps. log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.
inline double logDouble(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int e = 0;
  if (x < 2.2250738585072014e-308) {  // subnormal: scale into the normal range first
    x *= 18014398509481984.0;          // 2^54
    e = -54;
  }
  uint64_t bits = doubleToBits(x);
  e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull;  // mantissa in [1, 2)
  double m = bitsToDouble(bits);
  if (m > 1.4142135623730951) {  // keep m in [sqrt(1/2), sqrt(2)] so that |s| <= 0.1716
    m *= 0.5;
    ++e;
  }
  // log m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1); m - 1 is exact.
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  double q = 1.0 / 23.0;
  q = q * z + 1.0 / 21.0;
  q = q * z + 1.0 / 19.0;
  q = q * z + 1.0 / 17.0;
  q = q * z + 1.0 / 15.0;
  q = q * z + 1.0 / 13.0;
  q = q * z + 1.0 / 11.0;
  q = q * z + 1.0 / 9.0;
  q = q * z + 1.0 / 7.0;
  q = q * z + 1.0 / 5.0;
  q = q * z + 1.0 / 3.0;
  // f - (f - 2s) keeps the leading term exact-ish: 2s = f - s f, so log m = f - s (f - R).
  const double logM = f - s * (f - 2.0 * z * q);
  const double ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10;
  const double de = static_cast<double>(e);
  return de * ln2Hi + (logM + de * ln2Lo);
}

}  // namespace labelcheck::detail
