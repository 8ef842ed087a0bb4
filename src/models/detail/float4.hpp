// Four float lanes: the one SIMD type of the neighbour search, with three implementations that
// give bit-identical results - WebAssembly SIMD (em++ -msimd128), SSE2 (every x86-64), and plain
// scalar code (the debug WebAssembly build has no -msimd128; other CPUs).
//
// Only lane-wise IEEE operations are offered (add, sub, mul, min, compare; and moves between
// lanes: transpose4, lane4), each arithmetic one rounding every
// lane exactly as one scalar float operation would, so a kernel written with Float4 computes the
// same bits on every platform - and therefore ranks neighbours the same natively and in the
// browser. Two rules keep it so: no fused multiply-add (WebAssembly SIMD has none; x86-64
// without -march has none; never build the core with -ffast-math or -ffp-contract=fast on a CPU
// with FMA), and no horizontal operation whose order differs between implementations
// (horizontalSum fixes the order: (l0 + l2) + (l1 + l3)).
// Private to the core.
#pragma once

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace labelcheck::detail {

#if defined(__wasm_simd128__)

struct Float4 {
  v128_t v;
};
inline Float4 load4(const float* p) { return {wasm_v128_load(p)}; }
inline void store4(float* p, Float4 a) { wasm_v128_store(p, a.v); }
inline Float4 splat4(float x) { return {wasm_f32x4_splat(x)}; }
inline Float4 add4(Float4 a, Float4 b) { return {wasm_f32x4_add(a.v, b.v)}; }
inline Float4 sub4(Float4 a, Float4 b) { return {wasm_f32x4_sub(a.v, b.v)}; }
inline Float4 mul4(Float4 a, Float4 b) { return {wasm_f32x4_mul(a.v, b.v)}; }
// Lane-wise a < b ? a : b (the SSE minps rule; callers never pass NaN).
inline Float4 min4(Float4 a, Float4 b) { return {wasm_f32x4_pmin(b.v, a.v)}; }
// Bit i set when lane i of a <= lane i of b.
inline int lessEqualMask4(Float4 a, Float4 b) { return wasm_i32x4_bitmask(wasm_f32x4_le(a.v, b.v)); }
// (l0 + l2) + (l1 + l3)
inline float horizontalSum4(Float4 a) {
  const v128_t hi = wasm_i32x4_shuffle(a.v, a.v, 2, 3, 0, 1);
  const v128_t s = wasm_f32x4_add(a.v, hi);  // l0 + l2, l1 + l3
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1);
}
// Rows a, b, c, d become columns: afterwards lane l of a, b, c, d holds lanes 0, 1, 2, 3 of the
// input row l.
inline void transpose4(Float4& a, Float4& b, Float4& c, Float4& d) {
  const v128_t t0 = wasm_i32x4_shuffle(a.v, b.v, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(c.v, d.v, 0, 4, 1, 5);
  const v128_t t2 = wasm_i32x4_shuffle(a.v, b.v, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(c.v, d.v, 2, 6, 3, 7);
  a.v = wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5);
  b.v = wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7);
  c.v = wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5);
  d.v = wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7);
}
// Lane L of a in every lane.
template <int L>
inline Float4 lane4(Float4 a) { return {wasm_i32x4_shuffle(a.v, a.v, L, L, L, L)}; }
constexpr const char* kFloat4Name = "wasm-simd128";

#elif defined(__SSE2__)

struct Float4 {
  __m128 v;
};
inline Float4 load4(const float* p) { return {_mm_loadu_ps(p)}; }
inline void store4(float* p, Float4 a) { _mm_storeu_ps(p, a.v); }
inline Float4 splat4(float x) { return {_mm_set1_ps(x)}; }
inline Float4 add4(Float4 a, Float4 b) { return {_mm_add_ps(a.v, b.v)}; }
inline Float4 sub4(Float4 a, Float4 b) { return {_mm_sub_ps(a.v, b.v)}; }
inline Float4 mul4(Float4 a, Float4 b) { return {_mm_mul_ps(a.v, b.v)}; }
inline Float4 min4(Float4 a, Float4 b) { return {_mm_min_ps(a.v, b.v)}; }
inline int lessEqualMask4(Float4 a, Float4 b) { return _mm_movemask_ps(_mm_cmple_ps(a.v, b.v)); }
inline float horizontalSum4(Float4 a) {
  const __m128 hi = _mm_movehl_ps(a.v, a.v);  // l2, l3, l2, l3
  const __m128 s = _mm_add_ps(a.v, hi);       // l0 + l2, l1 + l3
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}
inline void transpose4(Float4& a, Float4& b, Float4& c, Float4& d) { _MM_TRANSPOSE4_PS(a.v, b.v, c.v, d.v); }
template <int L>
inline Float4 lane4(Float4 a) { return {_mm_shuffle_ps(a.v, a.v, _MM_SHUFFLE(L, L, L, L))}; }
constexpr const char* kFloat4Name = "sse2";

#else

struct Float4 {
  float v[4];
};
inline Float4 load4(const float* p) { return {{p[0], p[1], p[2], p[3]}}; }
inline void store4(float* p, Float4 a) {
  for (int i = 0; i < 4; ++i) p[i] = a.v[i];
}
inline Float4 splat4(float x) { return {{x, x, x, x}}; }
inline Float4 add4(Float4 a, Float4 b) {
  return {{a.v[0] + b.v[0], a.v[1] + b.v[1], a.v[2] + b.v[2], a.v[3] + b.v[3]}};
}
inline Float4 sub4(Float4 a, Float4 b) {
  return {{a.v[0] - b.v[0], a.v[1] - b.v[1], a.v[2] - b.v[2], a.v[3] - b.v[3]}};
}
inline Float4 mul4(Float4 a, Float4 b) {
  return {{a.v[0] * b.v[0], a.v[1] * b.v[1], a.v[2] * b.v[2], a.v[3] * b.v[3]}};
}
inline Float4 min4(Float4 a, Float4 b) {
  Float4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
  return r;
}
inline int lessEqualMask4(Float4 a, Float4 b) {
  int m = 0;
  for (int i = 0; i < 4; ++i) m |= (a.v[i] <= b.v[i]) << i;
  return m;
}
inline float horizontalSum4(Float4 a) { return (a.v[0] + a.v[2]) + (a.v[1] + a.v[3]); }
inline void transpose4(Float4& a, Float4& b, Float4& c, Float4& d) {
  Float4* r[4] = {&a, &b, &c, &d};
  for (int i = 0; i < 4; ++i)
    for (int j = i + 1; j < 4; ++j) {
      const float t = r[i]->v[j];
      r[i]->v[j] = r[j]->v[i];
      r[j]->v[i] = t;
    }
}
template <int L>
inline Float4 lane4(Float4 a) { return splat4(a.v[L]); }
constexpr const char* kFloat4Name = "scalar";

#endif

}  // namespace labelcheck::detail
