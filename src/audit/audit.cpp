// The whole audit: the graph once, then every check on it. See labelcheck/audit.hpp.
#include "labelcheck/audit.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <string>
#include <utility>

#include "labelcheck/knn.hpp"
#include "labelcheck/random.hpp"

namespace labelcheck {

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

Error cancelled() { return makeError(Status::Cancelled, "cancelled"); }

// Stage "audit": the graph's row ranges, then one unit per check.
constexpr int kGraphParts = 8;
constexpr int kChecks = 6;
constexpr int kUnits = kGraphParts + kChecks;

Outcome checkOptions(const AuditOptions& o) {
  if (o.k < 1 || o.voteNeighbors < 1) return makeError(Status::InvalidArgument, "audit: k and voteNeighbors must be >= 1");
  if (o.nonIidPermutations < 0 || o.nonIidMaxRows < 0 || o.recallSampleRows < 0)
    return makeError(Status::InvalidArgument, "audit: nonIidPermutations, nonIidMaxRows and recallSampleRows must be >= 0");
  for (double v : {o.outlierIqrMultiplier, o.nearDuplicateRadius, o.classImbalanceThreshold, o.nonIidSignificance})
    if (!(v >= 0.0) || std::isinf(v))
      return makeError(Status::InvalidArgument,
                       "audit: outlierIqrMultiplier, nearDuplicateRadius, classImbalanceThreshold and nonIidSignificance "
                       "must be finite numbers >= 0");
  return {};
}

Outcome checkInputs(Index n, const LabelVector& labels, int K, const MissingCells& missing) {
  if (n < 2) return makeError(Status::EmptyInput, "audit: " + std::to_string(n) + " rows; at least 2 are needed to compare rows");
  if (labels.size() != n)
    return makeError(Status::ShapeMismatch, "audit: " + std::to_string(labels.size()) + " labels for " + std::to_string(n) + " rows");
  if (K < 1) return makeError(Status::InvalidArgument, "audit: K must be >= 1");
  for (Index i = 0; i < n; ++i)
    if (labels[i] < 0 || labels[i] >= K) {
      Error e = makeError(Status::LabelOutOfRange, "audit: label " + std::to_string(labels[i]) + " at row " +
                                                       std::to_string(i) + " is not in [0, " + std::to_string(K) + ")");
      e.row = i;
      return e;
    }
  if (missing.columns > 0 && static_cast<Index>(missing.perRow.size()) != n)
    return makeError(Status::ShapeMismatch, "audit: missing cells of " + std::to_string(missing.perRow.size()) +
                                                " rows for " + std::to_string(n) + " rows");
  return {};
}

// The graph of all rows, queried in kGraphParts ranges with progress between them (ranges
// concatenated equal the whole graph, neighbor_graph.hpp) where that costs nothing more: an
// exact dense search computes each pair inside a range once for both rows, so 8 ranges cost
// 0.94 N^2 D against 0.5 N^2 D for one; there it is one range (the index's own cost model says
// which).
Result<NeighborGraph> queryAll(const NeighborIndex& index, const AuditOptions& o) {
  const Index n = index.rows();
  double split = 0.0;
  for (int part = 0; part < kGraphParts; ++part)
    split += index.estimatedCost(n * part / kGraphParts, n * (part + 1) / kGraphParts);
  const int parts = split > 1.05 * index.estimatedCost(0, n) ? 1 : kGraphParts;
  if (parts == 1) {  // the lists as the query made them, not a copy (the heap never shrinks)
    Result<NeighborGraph> all = index.queryRows(0, n);
    if (all.ok() && !reportProgress(o.onProgress, "audit", kGraphParts, kUnits, "graph")) return cancelled();
    return all;
  }
  NeighborGraph g;
  g.k = index.k();
  g.exact = index.exact();
  g.rowCount = n;
  g.indices.reserve(static_cast<size_t>(n * g.k));
  g.distances.reserve(static_cast<size_t>(n * g.k));
  for (int part = 0; part < parts; ++part) {
    const Index begin = n * part / parts, end = n * (part + 1) / parts;
    Result<NeighborGraph> lists = index.queryRows(begin, end);
    if (!lists.ok()) return std::move(lists).error();
    g.indices.insert(g.indices.end(), lists.value().indices.begin(), lists.value().indices.end());
    g.distances.insert(g.distances.end(), lists.value().distances.begin(), lists.value().distances.end());
    if (!reportProgress(o.onProgress, "audit", (part + 1) * kGraphParts / parts, kUnits, "graph")) return cancelled();
  }
  return g;
}

// The seeded sample of rows whose recall an approximate graph's is measured on (ascending), and
// their exact k nearest (knn.hpp): what measureRecall needs of X, whatever the graph.
template <typename Exact>
Outcome recallTruth(Index n, int k, const AuditOptions& o, Exact&& exact, AuditPrep& prep) {
  prep.recallRows.clear();
  if (o.recallSampleRows == 0 || k == 0) return {};
  std::vector<int32_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(o.seed ^ 0x5EC0A11ull);
  const Index sample = std::min<Index>(o.recallSampleRows, n);
  for (Index i = 0; i < sample; ++i)  // the first `sample` steps of a Fisher-Yates shuffle
    std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(i + static_cast<Index>(rng.uniformBelow(
                                                                             static_cast<uint64_t>(n - i))))]);
  std::vector<Index> rows(order.begin(), order.begin() + sample);
  std::sort(rows.begin(), rows.end());
  Result<Neighbors> truth = exact(rows, k);
  if (!truth.ok()) return {};  // no recall reported, as before
  prep.recallRows = std::move(rows);
  prep.recallTruth = std::move(truth).value();
  return {};
}

// Recall@k of an approximate graph on the sample: the share of listed neighbours no farther than
// the true k-th nearest, so that ties count either way.
void measureRecall(const NeighborGraph& g, const AuditPrep& prep, AuditGraph& info) {
  if (g.exact || prep.recallRows.empty() || g.k == 0) return;
  const Neighbors& t = prep.recallTruth;
  const Index sample = static_cast<Index>(prep.recallRows.size());
  Index found = 0;
  for (Index s = 0; s < sample; ++s) {
    const Index row = prep.recallRows[static_cast<size_t>(s)];
    const double kth = t.distances(s, t.distances.cols() - 1);
    const double limit = kth + 1e-5 * kth + 1e-6;  // float32 distances against double ones
    for (int j = 0; j < g.k; ++j)
      if (g.neighbor(row, j) >= 0 && g.distance(row, j) <= limit) ++found;
  }
  info.recall = static_cast<double>(found) / static_cast<double>(sample * g.k);
  info.recallRows = sample;
}

// The parts of the audit that need X but no graph (AuditPrep); the recall's only when the graph
// may be approximate (`approximate`), as measureRecall skips an exact one.
template <typename Rows, typename Exact>
Result<AuditPrep> prepareRows(const Rows& X, Index n, const AuditOptions& o, bool approximate, Exact&& exact) {
  LABELCHECK_TRY(checkOptions(o));
  AuditPrep prep;
  prep.rows = n;
  prep.copies = findExactDuplicates(X);
  if (approximate && n >= 2) LABELCHECK_TRY(recallTruth(n, static_cast<int>(std::min<Index>(o.k, n - 1)), o, exact, prep));
  return prep;
}

// Every check on the graph, in order, with progress after each.
Outcome runChecks(const NeighborGraph& g, const ExactDuplicates& copies, const LabelVector& labels, int K,
                  const MissingCells& missing, const AuditOptions& o, AuditResult& out) {
  int done = kGraphParts;
  auto step = [&](const char* what) { return reportProgress(o.onProgress, "audit", ++done, kUnits, what); };
  auto outliers = findOutliers(g, o.outlierIqrMultiplier);
  if (!outliers.ok()) return std::move(outliers).error();
  out.outliers = std::move(outliers).value();
  if (!step("outliers")) return cancelled();
  auto near = findNearDuplicates(g, copies, o.nearDuplicateRadius);
  if (!near.ok()) return std::move(near).error();
  out.nearDuplicates = std::move(near).value();
  if (!step("nearDuplicates")) return cancelled();
  auto imbalance = findClassImbalance(labels, K, o.classImbalanceThreshold);
  if (!imbalance.ok()) return std::move(imbalance).error();
  out.classImbalance = std::move(imbalance).value();
  if (!step("classImbalance")) return cancelled();
  auto empty = findEmptyRows(missing);
  if (!empty.ok()) return std::move(empty).error();
  out.emptyRows = std::move(empty).value();
  if (!out.emptyRows.checked) out.emptyRows.nonMissingShare = RealVector::Ones(labels.size());
  if (!step("emptyRows")) return cancelled();
  auto vote = knnVote(g, labels, K, o.voteNeighbors);
  if (!vote.ok()) return std::move(vote).error();
  out.knnVote = std::move(vote).value();
  if (!step("knnVote")) return cancelled();
  // Last, so that it can run elsewhere meanwhile (AuditOptions::nonIidCheck, completeAudit).
  if (!o.nonIidCheck) return {};
  auto nonIid = testNonIid(g, o.nonIidPermutations, o.nonIidSignificance, o.nonIidMaxRows, o.seed);
  if (!nonIid.ok()) return std::move(nonIid).error();
  out.nonIid = std::move(nonIid).value();
  if (!step("nonIid")) return cancelled();
  return {};
}

// Without a graph: the checks that need none, neutral values for the others (audit.hpp).
template <typename Rows>
Outcome auditWithoutGraph(const Rows& X, Index n, const LabelVector& labels, int K, const MissingCells& missing,
                          const AuditOptions& o, AuditResult& out) {
  out.graph.skipped = true;
  out.graph.exact = false;
  out.graph.recall = 0.0;
  const ExactDuplicates copies = findExactDuplicates(X);
  // Only what the result reports per row: no distances, no per-row lists, no vote matrix (a
  // million rows of 5 classes would hold 100 MB of constants; the heap never shrinks).
  OutlierAudit& ol = out.outliers;
  ol.score = RealVector::Ones(n);
  ol.isOutlier.assign(static_cast<size_t>(n), 0);
  NearDuplicateAudit& nd = out.nearDuplicates;
  nd.score = RealVector::Ones(n);
  nd.isNearDuplicate.assign(static_cast<size_t>(n), 0);
  for (Index i = 0; i < n; ++i)
    if (copies.groupOf[static_cast<size_t>(i)] >= 0) {
      nd.score[i] = 0.0;
      nd.isNearDuplicate[static_cast<size_t>(i)] = 1;
    }
  nd.sets = copies.groups;
  nd.exactSets = copies.groups;
  auto imbalance = findClassImbalance(labels, K, o.classImbalanceThreshold);
  if (!imbalance.ok()) return std::move(imbalance).error();
  out.classImbalance = std::move(imbalance).value();
  out.nonIid.score = RealVector::Ones(n);
  auto empty = findEmptyRows(missing);
  if (!empty.ok()) return std::move(empty).error();
  out.emptyRows = std::move(empty).value();
  if (!out.emptyRows.checked) out.emptyRows.nonMissingShare = RealVector::Ones(n);
  out.knnVote = RealMatrix(0, K);
  if (!reportProgress(o.onProgress, "audit", kUnits, kUnits, "without neighbours")) return cancelled();
  return {};
}

// The graph of all rows (AuditNeighbors; its recall is measured by auditRows, so that an
// instance building it for another leaves that part to the other); `copies` receives the exact
// copies the index found.
template <typename Rows>
Result<AuditNeighbors> graphRows(const Rows& X, Index n, bool cosine, const AuditOptions& o, ExactDuplicates* copies) {
  const auto start = Clock::now();
  LABELCHECK_TRY(checkOptions(o));
  if (n < 2) return makeError(Status::EmptyInput, "audit: " + std::to_string(n) + " rows; at least 2 are needed to compare rows");
  if (!o.neighborChecks) return makeError(Status::InvalidArgument, "audit: no graph is built when neighborChecks is false");
  if (!reportProgress(o.onProgress, "audit", 0, kUnits, "graph")) return cancelled();
  NeighborGraphOptions go = o.neighbors;
  go.k = o.k;
  go.metric = cosine ? KnnMetric::Cosine : KnnMetric::Euclidean;
  go.duplicatesFirst = true;
  Result<NeighborGraph> graph = [&]() -> Result<NeighborGraph> {
    // The index (a float32 copy of X, HNSW links, or the clustered search's lists) goes away
    // before the checks run.
    Result<NeighborIndex> index = NeighborIndex::build(X, go);
    if (!index.ok()) return std::move(index).error();
    if (copies) *copies = *index.value().duplicates();
    return queryAll(index.value(), o);
  }();
  if (!graph.ok()) return std::move(graph).error();
  AuditNeighbors out;
  out.graph = std::move(graph).value();
  out.info.k = out.graph.k;
  out.info.cosine = cosine;
  out.info.exact = out.graph.exact;
  out.info.milliseconds = msSince(start);
  return out;
}

// The audit; `given`: a graph built by graphRows elsewhere, or null to build it here; `prepared`:
// prepareRows' output for these rows, or null to compute it here.
template <typename Rows, typename Exact>
Result<AuditResult> auditRows(const Rows& X, Index n, bool cosine, const LabelVector& labels, int K,
                              const MissingCells& missing, const AuditOptions& o, Exact&& exact, const AuditNeighbors* given,
                              AuditPrep* prepared = nullptr) {
  const auto start = Clock::now();
  LABELCHECK_TRY(checkOptions(o));
  LABELCHECK_TRY(checkInputs(n, labels, K, missing));
  if (!o.neighborChecks) {
    if (given) return makeError(Status::InvalidArgument, "audit: a graph was given but neighborChecks is false");
    if (!reportProgress(o.onProgress, "audit", 0, kUnits, "graph")) return cancelled();
    AuditResult out;
    out.graph.cosine = cosine;
    LABELCHECK_TRY(auditWithoutGraph(X, n, labels, K, missing, o, out));
    out.milliseconds = msSince(start);
    return out;
  }
  if (prepared && prepared->rows != n)
    return makeError(Status::InvalidArgument, "audit: the preparation given was not made on these rows");
  AuditPrep prep;
  AuditNeighbors built;
  if (given) {
    const NeighborGraph& g = given->graph;
    const int k = static_cast<int>(std::min<Index>(o.k, n - 1));
    if (g.rows() != n || g.k != k || g.indices.size() != static_cast<size_t>(n * k) ||
        g.distances.size() != static_cast<size_t>(n * k) || given->info.cosine != cosine)
      return makeError(Status::InvalidArgument, "audit: the graph given was not built from these rows and options");
    if (!prepared) prep.copies = findExactDuplicates(X);
    if (!reportProgress(o.onProgress, "audit", kGraphParts, kUnits, "graph")) return cancelled();
  } else {
    Result<AuditNeighbors> b = graphRows(X, n, cosine, o, &prep.copies);
    if (!b.ok()) return std::move(b).error();
    built = std::move(b).value();
    given = &built;
  }
  if (prepared) prep = std::move(*prepared);
  // The recall of an approximate graph, wherever it was built.
  AuditResult out;
  out.graph = given->info;
  const auto measuring = Clock::now();
  if (!prepared && !given->graph.exact) LABELCHECK_TRY(recallTruth(n, given->graph.k, o, exact, prep));
  measureRecall(given->graph, prep, out.graph);
  out.graph.milliseconds += msSince(measuring);
  LABELCHECK_TRY(runChecks(given->graph, prep.copies, labels, K, missing, o, out));
  out.milliseconds = msSince(start);
  return out;
}

bool cosineFor(const Eigen::Ref<const RealMatrix>& X, const AuditOptions& o) {
  // Datalab's rule: cosine for more than 3 dimensions, euclidean for 3 or fewer.
  return o.metric == AuditMetric::Cosine || (o.metric == AuditMetric::Auto && X.cols() > 3);
}

auto exactOf(const Eigen::Ref<const RealMatrix>& X, bool cosine) {
  return [&X, cosine](const std::vector<Index>& rows, int k) {
    return nearestNeighbors(X, rows, k, cosine ? KnnMetric::Cosine : KnnMetric::Euclidean);
  };
}

auto exactOf(const SparseRows& X) {
  return [&X](const std::vector<Index>& rows, int k) { return nearestNeighbors(X, rows, k); };
}

}  // namespace

Result<NonIidAudit> auditNonIid(const AuditNeighbors& graph, const AuditOptions& o) {
  LABELCHECK_TRY(checkOptions(o));
  return testNonIid(graph.graph, o.nonIidPermutations, o.nonIidSignificance, o.nonIidMaxRows, o.seed);
}

Outcome completeAudit(AuditResult& audit, const AuditNeighbors& graph, const AuditOptions& o, const NonIidAudit* given) {
  const auto start = Clock::now();
  const Index n = graph.graph.rows();
  if (given) {
    bool fits = given->score.size() == n && static_cast<Index>(given->rows.size()) <= n &&
                given->permutations == o.nonIidPermutations;
    for (int32_t r : given->rows) fits = fits && r >= 0 && r < n;
    if (!fits) return makeError(Status::InvalidArgument, "audit: the order-effects check given was not made on this graph");
    audit.nonIid = *given;
  } else {
    Result<NonIidAudit> ran = auditNonIid(graph, o);
    if (!ran.ok()) return std::move(ran).error();
    audit.nonIid = std::move(ran).value();
  }
  audit.milliseconds += msSince(start);
  if (!reportProgress(o.onProgress, "audit", kUnits, kUnits, "nonIid")) return cancelled();
  return {};
}

Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options) {
  const bool cosine = cosineFor(X, options);
  return auditRows(X, X.rows(), cosine, labels, K, missing, options, exactOf(X, cosine), nullptr);
}

Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options) {
  return auditRows(X, X.rows(), true, labels, K, missing, options, exactOf(X), nullptr);
}

Result<AuditNeighbors> buildAuditGraph(const Eigen::Ref<const RealMatrix>& X, const AuditOptions& options) {
  const bool cosine = cosineFor(X, options);
  return graphRows(X, X.rows(), cosine, options, nullptr);
}

Result<AuditNeighbors> buildAuditGraph(const SparseRows& X, const AuditOptions& options) {
  return graphRows(X, X.rows(), true, options, nullptr);
}

Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options, const AuditNeighbors& graph) {
  const bool cosine = cosineFor(X, options);
  return auditRows(X, X.rows(), cosine, labels, K, missing, options, exactOf(X, cosine), &graph);
}

Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options, const AuditNeighbors& graph) {
  return auditRows(X, X.rows(), true, labels, K, missing, options, exactOf(X), &graph);
}

Result<AuditPrep> prepareAudit(const Eigen::Ref<const RealMatrix>& X, const AuditOptions& options, bool approximate) {
  return prepareRows(X, X.rows(), options, approximate, exactOf(X, cosineFor(X, options)));
}

Result<AuditPrep> prepareAudit(const SparseRows& X, const AuditOptions& options, bool approximate) {
  return prepareRows(X, X.rows(), options, approximate, exactOf(X));
}

Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options, const AuditNeighbors& graph,
                                 AuditPrep prepared) {
  const bool cosine = cosineFor(X, options);
  return auditRows(X, X.rows(), cosine, labels, K, missing, options, exactOf(X, cosine), &graph, &prepared);
}

Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options, const AuditNeighbors& graph, AuditPrep prepared) {
  return auditRows(X, X.rows(), true, labels, K, missing, options, exactOf(X), &graph, &prepared);
}

}  // namespace labelcheck
