// Softmax / logistic gradients, log loss and probabilities. See gbdt_loss.hpp.
#include "detail/gbdt_loss.hpp"
#include "detail/gbdt_math.hpp"  // before any arithmetic: no fused multiply-add (see there)

#include <algorithm>

#include "detail/gbdt_simd.hpp"

namespace labelcheck::detail {
namespace {

// Rows per chunk of the softmax: the per-row max and sum live in small arrays so that every
// loop runs over contiguous memory, four rows per step.
constexpr uint32_t kChunk = 256;

// expFloat on four lanes: the same operations in the same order (gbdt_math.hpp), so a row gets
// the same bits whether it falls in a vector or in the scalar tail.
inline simd::F32x4 expFloat4(simd::F32x4 x) {
  using namespace simd;
  const float magic = 12582912.0f;
  x = max(x, splat(-87.0f));
  x = min(x, splat(88.0f));
  const F32x4 t = x * splat(1.44269504088896341f) + splat(magic);
  const F32x4 n = t - splat(magic);
  const F32x4 r = (x - n * splat(0.693359375f)) - n * splat(-2.12194440e-4f);
  const F32x4 z = r * r;
  const F32x4 p = ((((splat(1.9875691500e-4f) * r + splat(1.3981999507e-3f)) * r + splat(8.3334519073e-3f)) * r +
                    splat(4.1665795894e-2f)) * r + splat(1.6666665459e-1f)) * r + splat(5.0000001201e-1f);
  const F32x4 e = p * z + r + splat(1.0f);
  return e * pow2FromMagic(t, magic);
}

// g = p - [y == k], h = max(p (1 - p), kMinRowHessian): scalar and four-lane forms, written as
// (g, h) pairs.
inline void gradientOf(float p, bool isClass, float* gh) {
  const float hp = p * (1.0f - p);
  gh[0] = p - (isClass ? 1.0f : 0.0f);
  gh[1] = kMinRowHessian > hp ? kMinRowHessian : hp;
}
inline void gradientOf4(simd::F32x4 p, simd::F32x4 isClass, float* gh) {
  using namespace simd;
  storeInterleaved(gh, p - isClass, max(p * (splat(1.0f) - p), splat(kMinRowHessian)));
}

void softmaxGradients(const double* raw, int trees, uint32_t n, const int32_t* y, float* grad, float* e) {
  using namespace simd;
  alignas(16) double mx[kChunk];
  alignas(16) float sum[kChunk];
  for (uint32_t i0 = 0; i0 < n; i0 += kChunk) {
    const uint32_t m = std::min(kChunk, n - i0), m4 = m & ~3u;
    const double* r0 = raw + i0;
    for (uint32_t j = 0; j < m; ++j) mx[j] = r0[j];
    for (int k = 1; k < trees; ++k) {
      const double* rk = raw + size_t(k) * n + i0;
      uint32_t j = 0;
      for (; j + 2 <= m; j += 2) store(mx + j, max(load(mx + j), load(rk + j)));
      for (; j < m; ++j) mx[j] = rk[j] > mx[j] ? rk[j] : mx[j];
    }
    for (uint32_t j = 0; j < m; ++j) sum[j] = 0.0f;
    for (int k = 0; k < trees; ++k) {  // e^(z - max), and their sum in class order
      const double* rk = raw + size_t(k) * n + i0;
      float* ek = e + size_t(k) * kChunk;
      for (uint32_t j = 0; j < m4; j += 4) {
        const F32x4 x = expFloat4(narrow(load(rk + j) - load(mx + j), load(rk + j + 2) - load(mx + j + 2)));
        store(ek + j, x);
        store(sum + j, load(sum + j) + x);
      }
      for (uint32_t j = m4; j < m; ++j) {
        ek[j] = expFloat(static_cast<float>(rk[j] - mx[j]));
        sum[j] += ek[j];
      }
    }
    const int32_t* yc = y + i0;
    for (int k = 0; k < trees; ++k) {
      const float* ek = e + size_t(k) * kChunk;
      float* gk = grad + 2 * (size_t(k) * n + i0);
      for (uint32_t j = 0; j < m4; j += 4) gradientOf4(load(ek + j) / load(sum + j), indicator(yc + j, k), gk + 2 * j);
      for (uint32_t j = m4; j < m; ++j) gradientOf(ek[j] / sum[j], yc[j] == k, gk + 2 * j);
    }
  }
}

void logisticGradients(const double* raw, uint32_t n, const int32_t* y, float* grad) {
  using namespace simd;
  const uint32_t n4 = n & ~3u;
  for (uint32_t i = 0; i < n4; i += 4) {
    const F32x4 z = narrow(load(raw + i), load(raw + i + 2));
    const F32x4 p = splat(1.0f) / (splat(1.0f) + expFloat4(splat(0.0f) - z));
    gradientOf4(p, indicator(y + i, 1), grad + 2 * i);
  }
  for (uint32_t i = n4; i < n; ++i) {
    const float p = 1.0f / (1.0f + expFloat(-static_cast<float>(raw[i])));
    gradientOf(p, y[i] == 1, grad + 2 * i);
  }
}

}  // namespace

size_t gradientScratchSize(int trees) { return size_t(trees) * kChunk; }

void logLossGradients(const double* raw, int trees, uint32_t n, const int32_t* y, float* grad, float* scratch) {
  if (trees == 1) logisticGradients(raw, n, y, grad);
  else softmaxGradients(raw, trees, n, y, grad, scratch);
}

double meanLogLoss(const double* raw, int trees, uint32_t n, const int32_t* y) {
  if (n == 0) return 0.0;
  double total = 0.0;
  if (trees == 1) {
    // -log p(y) = softplus(z) - y z, softplus(z) = max(z, 0) + log(1 + e^-|z|).
    for (uint32_t i = 0; i < n; ++i) {
      const double z = raw[i];
      const double softplus = (z > 0.0 ? z : 0.0) + logDouble(1.0 + expDouble(z > 0.0 ? -z : z));
      total += softplus - (y[i] == 1 ? z : 0.0);
    }
  } else {
    for (uint32_t i = 0; i < n; ++i) {
      double mx = raw[i];
      for (int k = 1; k < trees; ++k) mx = std::max(mx, raw[size_t(k) * n + i]);
      double sum = 0.0;
      for (int k = 0; k < trees; ++k) sum += expDouble(raw[size_t(k) * n + i] - mx);
      total += logDouble(sum) + mx - raw[size_t(y[i]) * n + i];
    }
  }
  return total / static_cast<double>(n);
}

void probabilitiesOf(const double* raw, int trees, double* p) {
  if (trees == 1) {
    const double z = raw[0];
    const double e = expDouble(z > 0.0 ? -z : z);  // in (0, 1]
    const double small = e / (1.0 + e);            // probability of the less likely class
    p[1] = z > 0.0 ? 1.0 - small : small;
    p[0] = z > 0.0 ? small : 1.0 - small;
    return;
  }
  double mx = raw[0];
  for (int k = 1; k < trees; ++k) mx = std::max(mx, raw[k]);
  double sum = 0.0;
  for (int k = 0; k < trees; ++k) {
    p[k] = expDouble(raw[k] - mx);
    sum += p[k];
  }
  for (int k = 0; k < trees; ++k) p[k] /= sum;
}

}  // namespace labelcheck::detail
