// Speed, memory and recall of the neighbour graph (src/labelcheck/neighbor_graph.hpp), natively
// and - the same file compiled by bench/wasm-bench.sh - in WebAssembly under Node.
//
//   neighbor_graph_bench [--case exact|approx|datasets|hnswlib|crossover|all] [--rows N]
//                        [--dims D] [--sample S] [--ef E] [--efc C] [--m M] [--k K]
//                        [--shared DIR] [--repeat R]
//
// Cases (all single-threaded; wall times in ms, best of --repeat):
//   exact     the exact graph of letter (20,000 x 16) and digits (1,797 x 64), k = 10 and 20,
//             against the brute force the core had before (Eigen GEMM in double, kept below as
//             oldGemmGraph), and how many lists the two agree on.
//   approx    Gaussian blobs 100,000 x 20 and 1,000,000 x 20 (5 classes, centres 1.5 N(0, 1),
//             noise sd 1.5, columns standardised): index build, queries of all rows, memory,
//             recall@k on --sample rows against the exact search, and a checksum of the graph
//             (equal checksums natively and in WebAssembly = the same graph).
//   crossover (not in "all") exact against approximate on blobs of 20,000, 50,000 and 100,000
//             rows (--dims, default 20): CPU ms of each, the cost model, recall.
//   datasets  recall@10 of the approximate graph at the given parameters against the exact one on
//             the shared datasets (numeric columns standardised, categorical columns one-hot).
//   hnswlib   the approximate cases with Debian's hnswlib 0.6.2 (only when compiled with
//             LABELCHECK_BENCH_HNSWLIB): stock L2Space and with our Float4 distance.
// The Gaussian draws are sums of 12 uniforms minus 6 (no libm call), so the data are the same
// bits on every platform.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "detail/exact_search.hpp"
#include "detail/float_rows.hpp"
#include "labelcheck/csv.hpp"
#include "labelcheck/encode.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/neighbor_graph.hpp"
#include "labelcheck/random.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#endif

#ifdef LABELCHECK_BENCH_HNSWLIB
#include <hnswlib/hnswlib.h>
#endif

using namespace labelcheck;

// Every operator new of the program is counted: allocations per queried row, ours vs hnswlib.
static uint64_t g_allocations = 0;
void* operator new(size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  std::abort();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace {

struct Args {
  std::string which = "all";
  std::string shared = "../shared";
  Index rows = 0;       // 0: the case's own sizes
  Index sample = 2000;  // rows whose recall is measured in the large approximate cases
  Index dims = 20;      // columns of the blobs
  int repeat = 1;
  NeighborGraphOptions graph;
};

double cpuMs() { return 1000.0 * static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double nowMs() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// Resident memory (native: VmRSS of /proc/self/status) or the WebAssembly heap size, in MB.
double memoryMb() {
#ifdef __EMSCRIPTEN__
  return static_cast<double>(emscripten_get_heap_size()) / 1e6;
#else
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1e3;
  return 0.0;
#endif
}

const char* platform() {
#if defined(__wasm_simd128__)
  return "wasm+simd128";
#elif defined(__EMSCRIPTEN__)
  return "wasm (no simd)";
#else
  return "native";
#endif
}

// FNV-1a over the indices and the distance bits: equal checksums = bit-identical graphs.
uint64_t checksum(const NeighborGraph& g) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  };
  for (int32_t i : g.indices) mix(static_cast<uint32_t>(i));
  for (float d : g.distances) {
    uint32_t b;
    std::memcpy(&b, &d, 4);
    mix(b);
  }
  return h;
}

double gaussian(Rng& rng) {
  double s = 0.0;
  for (int i = 0; i < 12; ++i) s += rng.uniform01();
  return s - 6.0;
}

void standardise(RealMatrix& X) {
  const Index n = X.rows();
  for (Index c = 0; c < X.cols(); ++c) {
    double mean = 0.0;
    for (Index i = 0; i < n; ++i) mean += X(i, c);
    mean /= static_cast<double>(n);
    double var = 0.0;
    for (Index i = 0; i < n; ++i) var += (X(i, c) - mean) * (X(i, c) - mean);
    const double sd = std::sqrt(var / static_cast<double>(n));
    for (Index i = 0; i < n; ++i) X(i, c) = sd > 0 ? (X(i, c) - mean) / sd : 0.0;
  }
}

RealMatrix blobs(Index n, Index dims, int classes, uint64_t seed) {
  Rng rng(seed);
  RealMatrix centres(classes, dims);
  for (Index i = 0; i < centres.size(); ++i) centres.data()[i] = 1.5 * gaussian(rng);
  RealMatrix X(n, dims);
  for (Index i = 0; i < n; ++i) {
    const Index c = static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(classes)));
    for (Index d = 0; d < dims; ++d) X(i, d) = centres(c, d) + 1.5 * gaussian(rng);
  }
  standardise(X);
  return X;
}

bool loadDataset(const std::string& path, const std::string& label, RealMatrix& X) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  auto t = parseCsv(ss.str());
  if (!t.ok()) return false;
  FeatureSpec spec;
  spec.label = ColumnRef::byName(label);
  auto e = encodeFeatures(t.value(), spec);
  if (!e.ok() || e.value().features.isSparse) return false;
  X = e.value().features.dense;
  return true;
}

// The brute force of src/knn.cpp (now src/models/knn.cpp) before the neighbour graph: blocked Eigen GEMM in double,
// ||b||^2 - 2 a.b as the ranking key, ties to the lower index. Kept here to measure it.
void oldGemmGraph(const RealMatrix& X, int k, std::vector<int32_t>& out) {
  constexpr Index kQ = 64, kT = 2048;
  const Index n = X.rows();
  const RealVector sq = X.rowwise().squaredNorm();
  RealMatrix dots(kQ, kT);
  std::vector<double> key(static_cast<size_t>(n * k), std::numeric_limits<double>::infinity());
  out.assign(static_cast<size_t>(n * k), -1);
  for (Index q0 = 0; q0 < n; q0 += kQ) {
    const Index bq = std::min(kQ, n - q0);
    for (Index t0 = 0; t0 < n; t0 += kT) {
      const Index bt = std::min(kT, n - t0);
      dots.topLeftCorner(bq, bt).noalias() = X.middleRows(q0, bq) * X.middleRows(t0, bt).transpose();
      for (Index a = 0; a < bq; ++a) {
        double* kq = key.data() + (q0 + a) * k;
        int32_t* iq = out.data() + (q0 + a) * k;
        for (Index b = 0; b < bt; ++b) {
          if (t0 + b == q0 + a) continue;
          const double v = sq[t0 + b] - 2.0 * dots(a, b);
          if (!(v < kq[k - 1])) continue;
          int pos = k - 1;
          while (pos > 0 && kq[pos - 1] > v) {
            kq[pos] = kq[pos - 1];
            iq[pos] = iq[pos - 1];
            --pos;
          }
          kq[pos] = v;
          iq[pos] = static_cast<int32_t>(t0 + b);
        }
      }
    }
  }
}

// Share of the true k nearest found (as sets), over the rows `rows` (list j of `truth` is row
// rows[j]); `graph` holds every row.
double recall(const NeighborGraph& graph, const std::vector<int32_t>& truth, int k, const std::vector<Index>& rows) {
  Index hit = 0, total = 0;
  for (size_t j = 0; j < rows.size(); ++j) {
    const int32_t* t = truth.data() + j * k;
    const int32_t* g = graph.indices.data() + rows[j] * graph.k;
    for (int a = 0; a < k; ++a) {
      if (t[a] < 0) continue;
      ++total;
      for (int b = 0; b < k; ++b)
        if (g[b] == t[a]) {
          ++hit;
          break;
        }
    }
  }
  return total ? static_cast<double>(hit) / static_cast<double>(total) : 1.0;
}

// Share of returned neighbours whose distance is within the true k-th distance (ties at the
// k-th distance count as found whatever their row index): recall that does not punish a
// different choice among equally near rows.
double distanceRecall(const NeighborGraph& graph, const NeighborGraph& exact, int k) {
  Index hit = 0, total = 0;
  for (Index i = 0; i < exact.rows(); ++i) {
    const float kth = exact.distance(i, k - 1);
    for (int j = 0; j < k; ++j) {
      if (exact.neighbor(i, j) < 0) continue;
      ++total;
      hit += graph.neighbor(i, j) >= 0 && graph.distance(i, j) <= kth;
    }
  }
  return total ? static_cast<double>(hit) / static_cast<double>(total) : 1.0;
}

// Exact lists of the rows `rows` of X (against all rows), through the exact kernel.
std::vector<int32_t> exactLists(const RealMatrix& X, const std::vector<Index>& rows, int k) {
  const detail::RowSource src(X.data(), X.rows(), X.cols(), X.outerStride(), false);
  detail::FloatPanels all, queries;
  detail::toPanels(src, nullptr, X.rows(), all);
  detail::toPanels(src, rows.data(), static_cast<Index>(rows.size()), queries);
  detail::NeighborLists lists;
  detail::exactCrossSearch(queries, all, rows.data(), nullptr, k, lists);
  std::vector<int32_t> idx;
  std::vector<float> keys;
  lists.finish(idx, keys);
  return idx;
}

std::vector<Index> sampleRows(Index n, Index count) {
  std::vector<Index> rows;
  if (count >= n) {
    for (Index i = 0; i < n; ++i) rows.push_back(i);
    return rows;
  }
  for (Index j = 0; j < count; ++j) rows.push_back(j * n / count);
  return rows;
}

void caseExact(const Args& a) {
  std::printf("\n## exact graph (%s)\n", platform());
  std::printf("| data | rows x dims | k | new exact ms | model ms | old GEMM ms | speed-up | lists equal | checksum |\n");
  std::printf("|---|---|---|---:|---:|---:|---:|---:|---|\n");
  struct Item {
    const char* name;
    const char* file;
    const char* label;
  };
  for (const Item& it : {Item{"letter", "letter.clean.csv", "lettr"}, Item{"digits", "digits.clean.csv", "digit"}}) {
    RealMatrix X;
    if (!loadDataset(a.shared + "/datasets/" + it.file, it.label, X)) {
      std::printf("| %s | (missing %s) |\n", it.name, it.file);
      continue;
    }
    for (int k : {10, 20}) {
      NeighborGraphOptions o = a.graph;
      o.k = k;
      o.method = NeighborMethod::Exact;
      double best = 1e300, bestOld = 1e300, bestCpu = 1e300, bestOldCpu = 1e300;
      Result<NeighborGraph> g = makeError(Status::Internal, "");
      std::vector<int32_t> old;
      for (int r = 0; r < a.repeat; ++r) {
        double t0 = nowMs(), c0 = cpuMs();
        g = buildNeighborGraph(X, o);
        best = std::min(best, nowMs() - t0);
        bestCpu = std::min(bestCpu, cpuMs() - c0);
        t0 = nowMs();
        c0 = cpuMs();
        oldGemmGraph(X, k, old);
        bestOld = std::min(bestOld, nowMs() - t0);
        bestOldCpu = std::min(bestOldCpu, cpuMs() - c0);
      }
      Index equal = 0;
      for (Index i = 0; i < X.rows(); ++i)
        equal += std::equal(old.begin() + i * k, old.begin() + (i + 1) * k, g.value().indices.begin() + i * k);
      std::printf("| %s | %ld x %ld | %d | %.1f (cpu %.1f) | %.1f | %.1f (cpu %.1f) | %.1fx | %.4f | %016llx |\n",
                  it.name, static_cast<long>(X.rows()), static_cast<long>(X.cols()), k, best, bestCpu,
                  NeighborIndex::estimatedGraphCost(X.rows(), X.cols(), o), bestOld, bestOldCpu,
                  bestOld / best,
                  static_cast<double>(equal) / static_cast<double>(X.rows()),
                  static_cast<unsigned long long>(checksum(g.value())));
    }
  }
}

void caseApprox(const Args& a) {
  std::printf("\n## approximate graph, blobs (%s): m %d, efConstruction %d, efSearch %d, k %d\n", platform(),
              a.graph.m, a.graph.efConstruction, a.graph.efSearch, a.graph.k);
  std::printf("| rows x dims | build ms | query ms | model ms | index MB | bytes/row (index + graph) | memory MB before -> after | allocations per queried row | recall@%d (%ld rows) | checksum |\n",
              a.graph.k, static_cast<long>(a.sample));
  std::printf("|---|---:|---:|---:|---:|---:|---|---:|---:|---|\n");
  std::vector<Index> sizes = {100000, 1000000};
  if (a.rows > 0) sizes = {a.rows};
  for (Index n : sizes) {
    const RealMatrix X = blobs(n, a.dims, 5, 7);
    const double mem0 = memoryMb();
    NeighborGraphOptions o = a.graph;
    o.method = NeighborMethod::Approximate;
    double t0 = nowMs(), c0 = cpuMs();
    Result<NeighborIndex> index = NeighborIndex::build(X, o);
    const double buildMs = nowMs() - t0, buildCpu = cpuMs() - c0;
    t0 = nowMs();
    c0 = cpuMs();
    const uint64_t alloc0 = g_allocations;
    Result<NeighborGraph> g = index.value().queryRows(0, n);
    const double queryMs = nowMs() - t0, queryCpu = cpuMs() - c0;
    const double allocsPerRow = static_cast<double>(g_allocations - alloc0) / static_cast<double>(n);
    const double mem1 = memoryMb();
    const std::vector<Index> rows = sampleRows(n, a.sample);
    const double rec = recall(g.value(), exactLists(X, rows, o.k), o.k, rows);
    const double indexBytes = static_cast<double>(index.value().memoryBytes());
    const double graphBytes = static_cast<double>(g.value().indices.size() * 8);
    std::printf("| %ld x %ld | %.0f (cpu %.0f) | %.0f (cpu %.0f) | %.0f | %.1f | %.0f + %.0f | %.0f -> %.0f | %.4f | %.4f | %016llx |\n",
                static_cast<long>(n), static_cast<long>(a.dims), buildMs, buildCpu, queryMs, queryCpu,
                NeighborIndex::estimatedGraphCost(n, a.dims, o), indexBytes / 1e6, indexBytes / n, graphBytes / n, mem0, mem1,
                allocsPerRow, rec,
                static_cast<unsigned long long>(checksum(g.value())));
    std::fflush(stdout);
  }
}

// Exact against approximate on blobs of growing size: where Auto should switch (exactMaxCost).
void caseCrossover(const Args& a) {
  std::printf("\n## exact vs approximate, blobs x %ld (%s), k %d\n", static_cast<long>(a.dims), platform(), a.graph.k);
  std::printf("| rows | N^2 D | exact ms | model ms | approximate ms (build + query) | model ms | recall@%d |\n", a.graph.k);
  std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
  std::vector<Index> sizes = {20000, 50000, 100000};
  if (a.rows > 0) sizes = {a.rows};
  for (Index n : sizes) {
    const RealMatrix X = blobs(n, a.dims, 5, 7);
    NeighborGraphOptions o = a.graph;
    o.method = NeighborMethod::Exact;
    double c0 = cpuMs();
    Result<NeighborGraph> exact = buildNeighborGraph(X, o);
    const double exactMs = cpuMs() - c0;
    const double exactModel = NeighborIndex::estimatedGraphCost(n, a.dims, o);
    o.method = NeighborMethod::Approximate;
    c0 = cpuMs();
    Result<NeighborGraph> approx = buildNeighborGraph(X, o);
    const double approxMs = cpuMs() - c0;
    std::vector<Index> rows = sampleRows(n, n);
    std::printf("| %ld | %.1e | %.0f | %.0f | %.0f | %.0f | %.4f |\n", static_cast<long>(n),
                static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(a.dims), exactMs, exactModel,
                approxMs, NeighborIndex::estimatedGraphCost(n, a.dims, o),
                recall(approx.value(), exact.value().indices, o.k, rows));
    std::fflush(stdout);
  }
}

void caseDatasets(const Args& a) {
  std::printf("\n## recall@%d on the shared datasets (%s): m %d, efConstruction %d, efSearch %d\n", a.graph.k, platform(),
              a.graph.m, a.graph.efConstruction, a.graph.efSearch);
  std::printf("| dataset | rows x dims | exact ms | approximate ms (build + query) | recall@%d | distance recall |\n", a.graph.k);
  std::printf("|---|---|---:|---:|---:|---:|\n");
  struct Item {
    const char* name;
    const char* label;
  };
  for (const Item& it : {Item{"letter", "lettr"}, Item{"digits", "digit"}, Item{"spambase", "type"},
                         Item{"hpc", "class"}, Item{"breast_cancer", "diagnosis"}}) {
    RealMatrix X;
    if (!loadDataset(a.shared + "/datasets/" + it.name + ".uniform10.csv", it.label, X)) {
      std::printf("| %s | (could not load) |\n", it.name);
      continue;
    }
    NeighborGraphOptions o = a.graph;
    o.method = NeighborMethod::Exact;
    double t0 = nowMs();
    Result<NeighborGraph> exact = buildNeighborGraph(X, o);
    const double exactMs = nowMs() - t0;
    o.method = NeighborMethod::Approximate;
    t0 = nowMs();
    Result<NeighborGraph> approx = buildNeighborGraph(X, o);
    const double approxMs = nowMs() - t0;
    std::vector<Index> rows = sampleRows(X.rows(), X.rows());
    std::printf("| %s | %ld x %ld | %.1f | %.1f | %.4f | %.4f |\n", it.name, static_cast<long>(X.rows()),
                static_cast<long>(X.cols()), exactMs, approxMs, recall(approx.value(), exact.value().indices, o.k, rows),
                distanceRecall(approx.value(), exact.value(), o.k));
  }
}

#ifdef LABELCHECK_BENCH_HNSWLIB
// Our lane distance as an hnswlib space (rows padded to a multiple of 4 floats).
class Float4Space : public hnswlib::SpaceInterface<float> {
 public:
  explicit Float4Space(size_t stride) : m_stride(stride) {}
  size_t get_data_size() override { return m_stride * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &dist; }
  void* get_dist_func_param() override { return &m_stride; }

 private:
  static float dist(const void* a, const void* b, const void* stride) {
    return detail::laneSquaredDistance(static_cast<const float*>(a), static_cast<const float*>(b),
                                       static_cast<int>(*static_cast<const size_t*>(stride)));
  }
  size_t m_stride;
};

void caseHnswlib(const Args& a) {
  std::printf("\n## hnswlib 0.6.2 (%s): M %d, efConstruction %d, ef %d, k %d\n", platform(), a.graph.m,
              a.graph.efConstruction, a.graph.efSearch, a.graph.k);
  std::printf("| rows x dims | space | build ms | query ms | memory MB before -> after | allocations per queried row | recall@%d (%ld rows) | checksum |\n",
              a.graph.k, static_cast<long>(a.sample));
  std::printf("|---|---|---:|---:|---|---:|---:|---|\n");
  std::vector<Index> sizes = {100000, 1000000};
  if (a.rows > 0) sizes = {a.rows};
  for (Index n : sizes) {
    const RealMatrix X = blobs(n, 20, 5, 7);
    const detail::RowSource src(X.data(), X.rows(), X.cols(), X.outerStride(), false);
    detail::FloatRows rows;
    detail::toRows(src, rows);
    for (int space = 0; space < 2; ++space) {
      const double mem0 = memoryMb();
      hnswlib::L2Space l2(static_cast<size_t>(rows.stride));
      Float4Space f4(static_cast<size_t>(rows.stride));
      hnswlib::SpaceInterface<float>* s = space == 0 ? static_cast<hnswlib::SpaceInterface<float>*>(&l2) : &f4;
      const int k = a.graph.k;
      double t0 = nowMs(), c0 = cpuMs();
      auto* h = new hnswlib::HierarchicalNSW<float>(s, static_cast<size_t>(n), static_cast<size_t>(a.graph.m),
                                                    static_cast<size_t>(a.graph.efConstruction),
                                                    100 + a.graph.seed);
      for (Index i = 0; i < n; ++i) h->addPoint(rows.row(i), static_cast<size_t>(i));
      const double buildMs = nowMs() - t0, buildCpu = cpuMs() - c0;
      h->setEf(static_cast<size_t>(std::max(a.graph.efSearch > 0 ? a.graph.efSearch : 48, k + 1)));
      NeighborGraph g;
      g.k = k;
      g.rowCount = n;
      g.indices.assign(static_cast<size_t>(n * k), -1);
      g.distances.assign(static_cast<size_t>(n * k), std::numeric_limits<float>::infinity());
      t0 = nowMs();
      c0 = cpuMs();
      std::vector<std::pair<float, int32_t>> got;
      got.reserve(static_cast<size_t>(k + 1));
      const uint64_t alloc0 = g_allocations;
      for (Index i = 0; i < n; ++i) {
        auto pq = h->searchKnn(rows.row(i), static_cast<size_t>(k + 1));
        got.clear();
        while (!pq.empty()) {
          if (static_cast<Index>(pq.top().second) != i) got.push_back({pq.top().first, static_cast<int32_t>(pq.top().second)});
          pq.pop();
        }
        std::sort(got.begin(), got.end());
        for (int j = 0; j < k && j < static_cast<int>(got.size()); ++j) {
          g.indices[static_cast<size_t>(i * k + j)] = got[static_cast<size_t>(j)].second;
          g.distances[static_cast<size_t>(i * k + j)] = got[static_cast<size_t>(j)].first;
        }
      }
      const double queryMs = nowMs() - t0, queryCpu = cpuMs() - c0;
      const double allocsPerRow = static_cast<double>(g_allocations - alloc0) / static_cast<double>(n);
      const double mem1 = memoryMb();
      const std::vector<Index> sample = sampleRows(n, a.sample);
      const double rec = recall(g, exactLists(X, sample, k), k, sample);
      std::printf("| %ld x 20 | %s | %.0f (cpu %.0f) | %.0f (cpu %.0f) | %.0f -> %.0f | %.2f | %.4f | %016llx |\n",
                  static_cast<long>(n), space == 0 ? "L2Space" : "Float4", buildMs, buildCpu, queryMs, queryCpu, mem0,
                  mem1, allocsPerRow, rec,
                  static_cast<unsigned long long>(checksum(g)));
      std::fflush(stdout);
      delete h;
    }
  }
}
#endif

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], v = argv[i + 1];
    if (key == "--case") a.which = v;
    else if (key == "--shared") a.shared = v;
    else if (key == "--rows") a.rows = std::atol(v.c_str());
    else if (key == "--sample") a.sample = std::atol(v.c_str());
    else if (key == "--dims") a.dims = std::atol(v.c_str());
    else if (key == "--repeat") a.repeat = std::max(1, std::atoi(v.c_str()));
    else if (key == "--k") a.graph.k = std::atoi(v.c_str());
    else if (key == "--m") a.graph.m = std::atoi(v.c_str());
    else if (key == "--efc") a.graph.efConstruction = std::atoi(v.c_str());
    else if (key == "--ef") a.graph.efSearch = std::atoi(v.c_str());
    else if (key == "--approximate" && (v == "hnsw" || v == "clusters"))
      a.graph.approximate = v == "hnsw" ? ApproximateIndex::Hnsw : ApproximateIndex::Clusters;
    else {
      std::fprintf(stderr, "unknown option %s\n", key.c_str());
      return 2;
    }
  }
  std::printf("neighbor_graph_bench on %s, Float4 = %s\n", platform(), detail::kFloat4Name);
  const bool all = a.which == "all";
  if (all || a.which == "exact") caseExact(a);
  if (all || a.which == "datasets") caseDatasets(a);
  if (all || a.which == "approx") caseApprox(a);
  if (a.which == "crossover") caseCrossover(a);
#ifdef LABELCHECK_BENCH_HNSWLIB
  if (all || a.which == "hnswlib") caseHnswlib(a);
#endif
  return 0;
}
