// Four float32 or two float64 lanes for the boosted trees' hot loops: SSE2 natively (every
// x86-64), simd128 in WebAssembly (-msimd128, the release build), plain arrays otherwise (the
// debug WebAssembly build, other CPUs).
//
// Why explicit: GCC does not if-convert floating-point selects under its default
// -ftrapping-math, so the gradient and split-score loops stayed scalar natively. Every operation
// here is an IEEE operation per lane (add, sub, mul, div, compare, select, float64 -> float32
// rounding, integer bit operations) and min / max are defined as `a < b ? a : b` /
// `a > b ? a : b` on every path (WebAssembly's pmin / pmax, x86's minps / maxps), so all three
// paths give the same bits for inputs without NaN.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define LABELCHECK_GBDT_SIMD_WASM 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define LABELCHECK_GBDT_SIMD_SSE2 1
#endif

namespace labelcheck::detail::simd {

#if defined(LABELCHECK_GBDT_SIMD_WASM)

struct F32x4 { v128_t v; };
struct F64x2 { v128_t v; };
inline F32x4 load(const float* p) { return {wasm_v128_load(p)}; }
inline void store(float* p, F32x4 a) { wasm_v128_store(p, a.v); }
inline F32x4 splat(float x) { return {wasm_f32x4_splat(x)}; }
inline F32x4 operator+(F32x4 a, F32x4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
inline F32x4 operator-(F32x4 a, F32x4 b) { return {wasm_f32x4_sub(a.v, b.v)}; }
inline F32x4 operator*(F32x4 a, F32x4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }
inline F32x4 operator/(F32x4 a, F32x4 b) { return {wasm_f32x4_div(a.v, b.v)}; }
inline F32x4 min(F32x4 a, F32x4 b) { return {wasm_f32x4_pmin(a.v, b.v)}; }  // pmin(a, b) = b < a ? b : a
inline F32x4 max(F32x4 a, F32x4 b) { return {wasm_f32x4_pmax(a.v, b.v)}; }  // pmax(a, b) = a < b ? b : a
// 2^k for integer-valued lanes of t = k + 1.5 * 2^23 (see expFloat): the low mantissa bits of t
// hold k, so (bits(t) - bits(1.5 * 2^23) + 127) << 23 are the bits of 2^k.
inline F32x4 pow2FromMagic(F32x4 t, float magic) {
  const v128_t k = wasm_i32x4_sub(t.v, wasm_f32x4_splat(magic));
  return {wasm_i32x4_shl(wasm_i32x4_add(k, wasm_i32x4_splat(127)), 23)};
}
// 1.0f where y == k, else 0.0f.
inline F32x4 indicator(const int32_t* y, int32_t k) {
  return {wasm_v128_and(wasm_i32x4_eq(wasm_v128_load(y), wasm_i32x4_splat(k)), wasm_f32x4_splat(1.0f))};
}
// float32 lanes of two float64 pairs (rounded to nearest).
// p[0 .. 8) = a0 b0 a1 b1 a2 b2 a3 b3.
inline void storeInterleaved(float* p, F32x4 a, F32x4 b) {
  wasm_v128_store(p, wasm_i32x4_shuffle(a.v, b.v, 0, 4, 1, 5));
  wasm_v128_store(p + 4, wasm_i32x4_shuffle(a.v, b.v, 2, 6, 3, 7));
}
inline F32x4 narrow(F64x2 lo, F64x2 hi) {
  const v128_t a = wasm_f32x4_demote_f64x2_zero(lo.v), b = wasm_f32x4_demote_f64x2_zero(hi.v);
  return {wasm_i64x2_shuffle(a, b, 0, 2)};
}
inline F64x2 load(const double* p) { return {wasm_v128_load(p)}; }
inline void store(double* p, F64x2 a) { wasm_v128_store(p, a.v); }
inline F64x2 splat(double x) { return {wasm_f64x2_splat(x)}; }
inline F64x2 operator+(F64x2 a, F64x2 b) { return {wasm_f64x2_add(a.v, b.v)}; }
inline F64x2 operator-(F64x2 a, F64x2 b) { return {wasm_f64x2_sub(a.v, b.v)}; }
inline F64x2 operator*(F64x2 a, F64x2 b) { return {wasm_f64x2_mul(a.v, b.v)}; }
inline F64x2 operator/(F64x2 a, F64x2 b) { return {wasm_f64x2_div(a.v, b.v)}; }
inline F64x2 max(F64x2 a, F64x2 b) { return {wasm_f64x2_pmax(a.v, b.v)}; }
inline F64x2 andGe(F64x2 mask, F64x2 a, F64x2 b) { return {wasm_v128_and(mask.v, wasm_f64x2_ge(a.v, b.v))}; }
inline F64x2 allOnes() { return {wasm_i64x2_splat(-1)}; }
inline F64x2 select(F64x2 mask, F64x2 yes, F64x2 no) { return {wasm_v128_bitselect(yes.v, no.v, mask.v)}; }
inline F64x2 gt(F64x2 a, F64x2 b) { return {wasm_f64x2_gt(a.v, b.v)}; }
inline F64x2 make(double x0, double x1) { return {wasm_f64x2_make(x0, x1)}; }
inline F64x2 unpackLo(F64x2 a, F64x2 b) { return {wasm_i64x2_shuffle(a.v, b.v, 0, 2)}; }  // (a0, b0)
inline F64x2 unpackHi(F64x2 a, F64x2 b) { return {wasm_i64x2_shuffle(a.v, b.v, 1, 3)}; }  // (a1, b1)
inline double lane0(F64x2 a) { return wasm_f64x2_extract_lane(a.v, 0); }
inline double lane1(F64x2 a) { return wasm_f64x2_extract_lane(a.v, 1); }

#elif defined(LABELCHECK_GBDT_SIMD_SSE2)

struct F32x4 { __m128 v; };
struct F64x2 { __m128d v; };
inline F32x4 load(const float* p) { return {_mm_loadu_ps(p)}; }
inline void store(float* p, F32x4 a) { _mm_storeu_ps(p, a.v); }
inline F32x4 splat(float x) { return {_mm_set1_ps(x)}; }
inline F32x4 operator+(F32x4 a, F32x4 b) { return {_mm_add_ps(a.v, b.v)}; }
inline F32x4 operator-(F32x4 a, F32x4 b) { return {_mm_sub_ps(a.v, b.v)}; }
inline F32x4 operator*(F32x4 a, F32x4 b) { return {_mm_mul_ps(a.v, b.v)}; }
inline F32x4 operator/(F32x4 a, F32x4 b) { return {_mm_div_ps(a.v, b.v)}; }
inline F32x4 min(F32x4 a, F32x4 b) { return {_mm_min_ps(b.v, a.v)}; }  // b < a ? b : a
inline F32x4 max(F32x4 a, F32x4 b) { return {_mm_max_ps(b.v, a.v)}; }
inline F32x4 pow2FromMagic(F32x4 t, float magic) {
  const __m128i k = _mm_sub_epi32(_mm_castps_si128(t.v), _mm_castps_si128(_mm_set1_ps(magic)));
  return {_mm_castsi128_ps(_mm_slli_epi32(_mm_add_epi32(k, _mm_set1_epi32(127)), 23))};
}
inline F32x4 indicator(const int32_t* y, int32_t k) {
  const __m128i eq = _mm_cmpeq_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(y)), _mm_set1_epi32(k));
  return {_mm_and_ps(_mm_castsi128_ps(eq), _mm_set1_ps(1.0f))};
}
inline void storeInterleaved(float* p, F32x4 a, F32x4 b) {
  _mm_storeu_ps(p, _mm_unpacklo_ps(a.v, b.v));
  _mm_storeu_ps(p + 4, _mm_unpackhi_ps(a.v, b.v));
}
inline F32x4 narrow(F64x2 lo, F64x2 hi) { return {_mm_movelh_ps(_mm_cvtpd_ps(lo.v), _mm_cvtpd_ps(hi.v))}; }
inline F64x2 load(const double* p) { return {_mm_loadu_pd(p)}; }
inline void store(double* p, F64x2 a) { _mm_storeu_pd(p, a.v); }
inline F64x2 splat(double x) { return {_mm_set1_pd(x)}; }
inline F64x2 operator+(F64x2 a, F64x2 b) { return {_mm_add_pd(a.v, b.v)}; }
inline F64x2 operator-(F64x2 a, F64x2 b) { return {_mm_sub_pd(a.v, b.v)}; }
inline F64x2 operator*(F64x2 a, F64x2 b) { return {_mm_mul_pd(a.v, b.v)}; }
inline F64x2 operator/(F64x2 a, F64x2 b) { return {_mm_div_pd(a.v, b.v)}; }
inline F64x2 max(F64x2 a, F64x2 b) { return {_mm_max_pd(b.v, a.v)}; }
inline F64x2 andGe(F64x2 mask, F64x2 a, F64x2 b) { return {_mm_and_pd(mask.v, _mm_cmpge_pd(a.v, b.v))}; }
inline F64x2 allOnes() { return {_mm_castsi128_pd(_mm_set1_epi32(-1))}; }
inline F64x2 select(F64x2 mask, F64x2 yes, F64x2 no) {
  return {_mm_or_pd(_mm_and_pd(mask.v, yes.v), _mm_andnot_pd(mask.v, no.v))};
}
inline F64x2 gt(F64x2 a, F64x2 b) { return {_mm_cmpgt_pd(a.v, b.v)}; }
inline F64x2 make(double x0, double x1) { return {_mm_set_pd(x1, x0)}; }
inline F64x2 unpackLo(F64x2 a, F64x2 b) { return {_mm_unpacklo_pd(a.v, b.v)}; }
inline F64x2 unpackHi(F64x2 a, F64x2 b) { return {_mm_unpackhi_pd(a.v, b.v)}; }
inline double lane0(F64x2 a) { return _mm_cvtsd_f64(a.v); }
inline double lane1(F64x2 a) { return _mm_cvtsd_f64(_mm_unpackhi_pd(a.v, a.v)); }

#else  // plain lanes: the same operations one by one

struct F32x4 { float v[4]; };
struct F64x2 { double v[2]; uint64_t m[2]; };  // m: the lane masks of comparisons
inline F32x4 load(const float* p) { F32x4 a; std::memcpy(a.v, p, sizeof a.v); return a; }
inline void store(float* p, F32x4 a) { std::memcpy(p, a.v, sizeof a.v); }
inline F32x4 splat(float x) { return {{x, x, x, x}}; }
#define LABELCHECK_LANES4(expr) F32x4 r; for (int i = 0; i < 4; ++i) r.v[i] = (expr); return r
inline F32x4 operator+(F32x4 a, F32x4 b) { LABELCHECK_LANES4(a.v[i] + b.v[i]); }
inline F32x4 operator-(F32x4 a, F32x4 b) { LABELCHECK_LANES4(a.v[i] - b.v[i]); }
inline F32x4 operator*(F32x4 a, F32x4 b) { LABELCHECK_LANES4(a.v[i] * b.v[i]); }
inline F32x4 operator/(F32x4 a, F32x4 b) { LABELCHECK_LANES4(a.v[i] / b.v[i]); }
inline F32x4 min(F32x4 a, F32x4 b) { LABELCHECK_LANES4(b.v[i] < a.v[i] ? b.v[i] : a.v[i]); }
inline F32x4 max(F32x4 a, F32x4 b) { LABELCHECK_LANES4(b.v[i] > a.v[i] ? b.v[i] : a.v[i]); }
inline F32x4 pow2FromMagic(F32x4 t, float magic) {
  uint32_t m;
  std::memcpy(&m, &magic, sizeof m);
  F32x4 r;
  for (int i = 0; i < 4; ++i) {
    uint32_t b;
    std::memcpy(&b, &t.v[i], sizeof b);
    const uint32_t bits = (b - m + 127u) << 23;
    std::memcpy(&r.v[i], &bits, sizeof bits);
  }
  return r;
}
inline F32x4 indicator(const int32_t* y, int32_t k) { LABELCHECK_LANES4(y[i] == k ? 1.0f : 0.0f); }
inline void storeInterleaved(float* p, F32x4 a, F32x4 b) {
  for (int i = 0; i < 4; ++i) {
    p[2 * i] = a.v[i];
    p[2 * i + 1] = b.v[i];
  }
}
#undef LABELCHECK_LANES4
inline F32x4 narrow(F64x2 lo, F64x2 hi) {
  return {{static_cast<float>(lo.v[0]), static_cast<float>(lo.v[1]), static_cast<float>(hi.v[0]),
           static_cast<float>(hi.v[1])}};
}
inline F64x2 load(const double* p) { F64x2 a{}; std::memcpy(a.v, p, sizeof a.v); return a; }
inline void store(double* p, F64x2 a) { std::memcpy(p, a.v, sizeof a.v); }
inline F64x2 splat(double x) { return {{x, x}, {0, 0}}; }
inline F64x2 operator+(F64x2 a, F64x2 b) { return {{a.v[0] + b.v[0], a.v[1] + b.v[1]}, {0, 0}}; }
inline F64x2 operator-(F64x2 a, F64x2 b) { return {{a.v[0] - b.v[0], a.v[1] - b.v[1]}, {0, 0}}; }
inline F64x2 operator*(F64x2 a, F64x2 b) { return {{a.v[0] * b.v[0], a.v[1] * b.v[1]}, {0, 0}}; }
inline F64x2 operator/(F64x2 a, F64x2 b) { return {{a.v[0] / b.v[0], a.v[1] / b.v[1]}, {0, 0}}; }
inline F64x2 max(F64x2 a, F64x2 b) {
  return {{b.v[0] > a.v[0] ? b.v[0] : a.v[0], b.v[1] > a.v[1] ? b.v[1] : a.v[1]}, {0, 0}};
}
inline F64x2 andGe(F64x2 mask, F64x2 a, F64x2 b) {
  F64x2 r = mask;
  for (int i = 0; i < 2; ++i) r.m[i] = mask.m[i] & (a.v[i] >= b.v[i] ? ~uint64_t(0) : 0);
  return r;
}
inline F64x2 allOnes() { return {{0, 0}, {~uint64_t(0), ~uint64_t(0)}}; }
inline F64x2 select(F64x2 mask, F64x2 yes, F64x2 no) {
  return {{mask.m[0] ? yes.v[0] : no.v[0], mask.m[1] ? yes.v[1] : no.v[1]}, {0, 0}};
}
inline F64x2 gt(F64x2 a, F64x2 b) {
  return {{0, 0}, {a.v[0] > b.v[0] ? ~uint64_t(0) : 0, a.v[1] > b.v[1] ? ~uint64_t(0) : 0}};
}
inline F64x2 make(double x0, double x1) { return {{x0, x1}, {0, 0}}; }
inline F64x2 unpackLo(F64x2 a, F64x2 b) { return {{a.v[0], b.v[0]}, {0, 0}}; }
inline F64x2 unpackHi(F64x2 a, F64x2 b) { return {{a.v[1], b.v[1]}, {0, 0}}; }
inline double lane0(F64x2 a) { return a.v[0]; }
inline double lane1(F64x2 a) { return a.v[1]; }

#endif

}  // namespace labelcheck::detail::simd
