// A data audit beyond wrong labels: outliers, near-duplicates and exact copies, class imbalance,
// order effects (non-IID), empty rows, and a model-free label estimate (the neighbours' vote),
// all from one k-nearest-neighbour graph of the encoded features, built once. The checks follow
// cleanlab 2.9's Datalab issue managers (outlier, near_duplicate, class_imbalance, non_iid,
// null, and label issues from a kNN graph), reimplemented from their description.
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const MissingCells& missing
//   AuditOptions opt;                                   // k = 10, metric Auto, seed 0
//   Result<AuditResult> r = auditDataset(X, labels, K, missing, opt);
//   if (!r) return r.error();                           // e.g. NON_FINITE_VALUE, LABEL_OUT_OF_RANGE
//   const AuditResult& a = r.value();
//   for (int32_t row : a.outliers.ranked) use(row, a.outliers.score[row]);   // most unusual first
//   for (Index s = 0; s < a.nearDuplicates.sets.count(); ++s) use(a.nearDuplicates.sets.size(s));
//   if (a.nonIid.flagged) use(a.nonIid.pValue);
//   ```
//
// Rows are the rows of X (0-based). Every check is also callable on its own with a graph (the
// functions below auditDataset), e.g. to audit with a graph already built. checkLabels (the
// pipeline) audits the encoded features with their missing cells centred (missing_centre.hpp).
//
// The graph. k = 10 nearest other rows (at most N - 1) by buildNeighborGraph (neighbor_graph.hpp:
// exact search up to NeighborGraphOptions::exactMaxCost, the clustered approximate search beyond),
// with exact copies first in each other's lists at distance 0 (duplicatesFirst). Metric Auto:
// cosine distance when there are more than 3 feature columns, euclidean otherwise (Datalab's
// rule); sparse rows are always cosine. Cosine distance is 1 - cos(a, b) in [0, 2]; a row of
// zeros has no direction and is at distance 1 from every row except its exact copies (other
// rows of zeros), which are at 0. An approximate graph's recall@k is measured on a seeded sample
// of rows against exact search (AuditGraph::recall).
//
// Quantiles (outlier threshold, medians) are numpy's defaults: np.percentile's "linear" method
// (position q (n - 1) in the sorted values, interpolated as numpy's _lerp does) and np.median.
//
// Determinism: the result is a function of the inputs and options (seed included) only. The
// graph is the same natively and in WebAssembly (neighbor_graph.hpp), and so are every flag,
// set, order, threshold and p-value derived from it; the scores that go through exp() may
// differ in the last bit between the two C libraries.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "labelcheck/exact_duplicates.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/matrix.hpp"
#include "labelcheck/neighbor_graph.hpp"
#include "labelcheck/progress.hpp"
#include "labelcheck/row_groups.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"

namespace labelcheck {

// Missing cells of the audited rows in C columns of the table (e.g. the feature columns), as
// counts: what the empty-row check reads, without an N x C mask in memory (a million rows of a
// hundred columns would be 100 MB). columns = 0: no table was given, the check is skipped.
struct MissingCells {
  Index columns = 0;
  std::vector<int32_t> perRow;   // N: missing cells of each row, in [0, columns]
  std::vector<Index> perColumn;  // C: missing cells of each column

  // Counts of a mask: N x C, row-major, non-zero = missing.
  static MissingCells ofMask(const RowMatrix<uint8_t>& mask);
};

enum class AuditMetric { Auto, Euclidean, Cosine };

struct AuditOptions {
  int k = 10;                             // neighbours per row (clamped to N - 1)
  AuditMetric metric = AuditMetric::Auto; // Auto: cosine for more than 3 dense columns (sparse: cosine)
  // How the graph is searched: method (Auto: exact up to exactMaxCost, approximate beyond),
  // the approximate index, seed. k, metric and duplicatesFirst are set by the audit. Beyond
  // exactMaxCost (5e10: 50,000 rows x 20) the audit takes the clustered search: about 5 times
  // cheaper than HNSW at 100,000 x 20 (recall 0.98-0.995 on the shared real datasets, 0.80 on
  // 100,000 x 20 Gaussian blobs, the hard case; bench/README.md). A missed neighbour makes a
  // row's mean distance (the outlier score) a little larger; near-duplicates, being very close,
  // are found. (Below 5e10 the exact search also keeps the heap lower: its float copy of the
  // rows is all it holds.)
  NeighborGraphOptions neighbors = [] {
    NeighborGraphOptions g;
    g.approximate = ApproximateIndex::Clusters;
    return g;
  }();
  // Outliers: flagged when the mean distance to the k neighbours exceeds Q3 + this x IQR of all
  // rows' mean distances (Datalab: 1 / 0.37037 - 1).
  double outlierIqrMultiplier = 1.7;
  // Near-duplicates: neighbours closer than this x the median nearest-neighbour distance.
  double nearDuplicateRadius = 0.13;
  // Class imbalance: the rarest class is flagged when its share of rows is below this / K.
  double classImbalanceThreshold = 0.1;
  int nonIidPermutations = 25;      // random row orders the observed one is compared with
  double nonIidSignificance = 0.05; // flagged when the p-value is below this
  int nonIidMaxRows = 10;           // rows reported where the order effect is strongest
  int voteNeighbors = 10;           // the kNN vote: Datalab's 11 neighbours minus the row itself
  int recallSampleRows = 100;       // approximate graph: rows whose lists are checked exactly
  uint64_t seed = 0;                // permutations and the recall sample
  // false: no neighbour graph (e.g. the file is too large for a time budget). The checks that
  // need none still run: exact copies (hashing), class imbalance, empty rows; the others report
  // nothing: no outliers, the exact copies as the only near-duplicate sets, no order effect
  // (p-value 1, 0 permutations), neutral scores (1; 0 for exact copies' near-duplicate score),
  // and no per-row data the graph would give: meanDistance, nearestDistance and perRow empty,
  // knnVote 0 x K. AuditGraph::skipped says so.
  bool neighborChecks = true;
  // false: auditDataset with a graph leaves the order-effects check out (nonIid stays empty), for
  // a caller that runs it elsewhere on the same graph, beside the other checks, and hands it to
  // completeAudit (see auditNonIid below).
  bool nonIidCheck = true;
  // Stage "audit", 14 units: 0 before the graph, 8 for the graph (reported after each eighth of
  // the rows where the search can be split at no cost, else at once), then one per check.
  // Returning false cancels.
  ProgressFn onProgress;
};

struct AuditGraph {
  bool skipped = false;  // AuditOptions::neighborChecks was false: no graph, k = 0
  int k = 0;
  bool cosine = false;
  bool exact = true;
  // Share of listed neighbours no farther than the true k-th nearest, on recallRows sampled rows
  // (1 for an exact graph, with recallRows 0).
  double recall = 1.0;
  Index recallRows = 0;
  double milliseconds = 0;  // building the graph (and measuring its recall)
};

struct OutlierAudit {
  RealVector meanDistance;     // N: mean distance to the listed neighbours (d-bar)
  RealVector score;            // N: exp(-d-bar / max(median(d-bar), 100 eps)); lower = more unusual
  double threshold = 0;        // Q3 + multiplier x IQR of d-bar
  std::vector<uint8_t> isOutlier;  // N: d-bar > threshold
  std::vector<int32_t> ranked; // the flagged rows, largest d-bar first (ties: lower row)
};

struct NearDuplicateAudit {
  RealVector nearestDistance;  // N: distance to the nearest other row (d1)
  RealVector score;            // N: 1 - exp(-d1 / m); 0 for an exact copy; lower = more duplicated
  double medianNearest = 0;    // m = max(median(d1), 1e-6)
  double radius = 0;           // radius x m: neighbours closer than this are near-duplicates
  std::vector<uint8_t> isNearDuplicate;  // N: the row has a near-duplicate
  // N groups: each row's near-duplicates, ascending: the listed neighbours closer than radius,
  // made symmetric; an exact copy is also paired with the first row of its copies.
  RowGroups perRow;
  RowGroups sets;              // connected sets of near-duplicates (2+ rows), by first row
  RowGroups exactSets;         // sets of exact copies (exact_duplicates.hpp), by first row
};

struct ClassImbalanceAudit {
  int32_t rarestClass = -1;    // fewest rows (ties: lower class)
  Index rarestCount = 0;
  double rarestShare = 0;      // rarestCount / N
  double threshold = 0;        // classImbalanceThreshold / K
  bool flagged = false;        // rarestShare < threshold
  RealVector score;            // N: the share of rows of the row's class
};

struct NonIidAudit {
  // KS distance between the row-index gaps of all graph pairs (i, neighbour j): |i - j|, and the
  // gaps of a uniformly random pair of distinct rows (what a shuffled file gives).
  double statistic = 0;
  // (1 + permutations with a statistic >= the observed one) / (1 + permutations): the share of
  // random row orders looking at least as ordered, counting the observed order (a permutation
  // p-value is never 0; with 25 permutations the smallest is 1/26 = 0.038).
  double pValue = 1;
  int permutations = 0;
  int reached = 0;             // of the permutations, those with a statistic >= the observed one
  bool flagged = false;        // pValue < significance
  RealVector score;            // N: 1 - the KS distance of the row's own k gaps to the gaps
                               //    expected at its position; lower = neighbours nearer in order
  std::vector<int32_t> rows;   // when flagged: the lowest scores (at most nonIidMaxRows), lowest first
};

struct EmptyRowsAudit {
  bool checked = false;              // false without missing-cell information (0 columns)
  Index columns = 0;                 // C
  RealVector nonMissingShare;        // N: share of the row's cells that are present
  std::vector<int32_t> emptyRows;    // rows with every cell missing, ascending
  std::vector<Index> missingPerColumn;  // C: missing cells per column
  Index rowsWithMissing = 0;         // rows with at least one missing cell
};

struct AuditResult {
  AuditGraph graph;
  OutlierAudit outliers;
  NearDuplicateAudit nearDuplicates;
  ClassImbalanceAudit classImbalance;
  NonIidAudit nonIid;
  EmptyRowsAudit emptyRows;
  // N x K: the share of each class among the row's voteNeighbors nearest other rows (unsmoothed;
  // Datalab's model-free estimate, for Confident Learning without training).
  RealMatrix knnVote;
  double milliseconds = 0;  // the whole audit
};

// The whole audit. labels: N class indices in [0, K). missing: counts of N rows, or 0 columns.
// Failures: EmptyInput (fewer than 2 rows: nothing to compare), ShapeMismatch (labels or
// missing rows != N, or inconsistent missing counts), InvalidArgument (K < 1, an option out of range: k, voteNeighbors,
// nonIidPermutations, nonIidMaxRows, recallSampleRows < 0 or < 1 where 1 is needed; a
// multiplier, radius, threshold or significance negative or NaN; and the graph's options),
// LabelOutOfRange, NonFiniteValue (NaN or infinity in X), Cancelled, LimitExceeded (2^31 - 1 rows).
Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options = {});
Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options = {});

// The audit's graph alone, the first and largest part of auditDataset, so that it can be built
// in another WebAssembly instance beside other work (js/cv-schedule.js) and handed back:
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const MissingCells& missing
//   AuditOptions opt;
//   Result<AuditNeighbors> g = buildAuditGraph(X, opt);       // anywhere, from the same X and options
//   if (!g) return g.error();
//   Result<AuditResult> r = auditDataset(X, labels, K, missing, opt, std::move(g).value());
//   ```
//
// The result equals auditDataset(X, labels, K, missing, opt) but for the timings. An approximate
// graph's recall is measured by auditDataset (with its options' recallSampleRows), not by
// buildAuditGraph: the instance that builds the graph for another leaves that part to it. The graph's
// progress ("audit", units 0 to 8) is reported by buildAuditGraph; auditDataset with a graph
// reports the checks. Failures: those of auditDataset that concern X and the options (not
// labels or missing); with a graph, InvalidArgument when it does not fit X (rows, k) or
// neighborChecks is false.
struct AuditNeighbors {
  NeighborGraph graph;
  AuditGraph info;  // k, cosine, exact, milliseconds (recall: measured by auditDataset)
};
Result<AuditNeighbors> buildAuditGraph(const Eigen::Ref<const RealMatrix>& X, const AuditOptions& options = {});
Result<AuditNeighbors> buildAuditGraph(const SparseRows& X, const AuditOptions& options = {});
Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options, const AuditNeighbors& graph);
Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options, const AuditNeighbors& graph);

// What auditDataset with a graph computes from X alone - the exact copies, and the recall
// sample's exact neighbours when the graph may be approximate - can be computed before the
// graph is in (e.g. while another instance builds it) and passed in; the result is the same:
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const MissingCells& missing; const AuditNeighbors& g
//   AuditOptions opt;
//   Result<AuditPrep> prep = prepareAudit(X, opt, true);           // before the graph is in
//   if (!prep) return prep.error();
//   Result<AuditResult> r = auditDataset(X, labels, K, missing, opt, g, std::move(prep).value());
//   ```
//
// With `approximate` false no recall is prepared: an approximate graph then reports none.
// Failures: InvalidArgument for bad options or a preparation made on other rows.
struct AuditPrep {
  Index rows = 0;                   // the rows it was made on
  ExactDuplicates copies;
  std::vector<Index> recallRows;    // the recall sample (ascending); empty: none measured
  Neighbors recallTruth;            // their exact k nearest
};
Result<AuditPrep> prepareAudit(const Eigen::Ref<const RealMatrix>& X, const AuditOptions& options, bool approximate);
Result<AuditPrep> prepareAudit(const SparseRows& X, const AuditOptions& options, bool approximate);
Result<AuditResult> auditDataset(const Eigen::Ref<const RealMatrix>& X, const LabelVector& labels, int K,
                                 const MissingCells& missing, const AuditOptions& options, const AuditNeighbors& graph,
                                 AuditPrep prepared);
Result<AuditResult> auditDataset(const SparseRows& X, const LabelVector& labels, int K, const MissingCells& missing,
                                 const AuditOptions& options, const AuditNeighbors& graph, AuditPrep prepared);

// The order-effects check, the costliest after the graph, can run apart too: in the instance
// that built the graph, while this one runs the other checks (nonIidCheck false):
//
//   ```cpp given: const RealMatrix& X; const LabelVector& labels; int K; const MissingCells& missing
//   AuditOptions opt;
//   Result<AuditNeighbors> g = buildAuditGraph(X, opt);
//   if (!g) return g.error();
//   Result<NonIidAudit> order = auditNonIid(g.value(), opt);  // anywhere that holds the graph
//   if (!order) return order.error();
//   opt.nonIidCheck = false;
//   Result<AuditResult> r = auditDataset(X, labels, K, missing, opt, g.value());
//   if (!r) return r.error();
//   if (Outcome o = completeAudit(r.value(), g.value(), opt, &order.value()); !o.ok()) return o.error();
//   ```
//
// The result equals the one-call audit. completeAudit reports the check's progress (the last
// unit) and fails with InvalidArgument when the result given does not fit the graph's rows or
// ran another number of permutations than `options` asks for.
Result<NonIidAudit> auditNonIid(const AuditNeighbors& graph, const AuditOptions& options);
Outcome completeAudit(AuditResult& audit, const AuditNeighbors& graph, const AuditOptions& options,
                      const NonIidAudit* given);

// ---- The checks one by one, on a graph (neighbours nearest first, -1 padding ignored). ----

// Failures (each): InvalidArgument when the graph has no neighbours (k = 0) or fewer than 2 rows.
Result<OutlierAudit> findOutliers(const NeighborGraph& graph, double iqrMultiplier = 1.7);
// copies: the exact copies among the graph's rows (sets reported as such; may be empty groups).
Result<NearDuplicateAudit> findNearDuplicates(const NeighborGraph& graph, const ExactDuplicates& copies,
                                              double radius = 0.13);
// Failures: InvalidArgument (K < 1, threshold NaN), EmptyInput (no labels), LabelOutOfRange.
Result<ClassImbalanceAudit> findClassImbalance(const LabelVector& labels, int K, double threshold = 0.1);
Result<NonIidAudit> testNonIid(const NeighborGraph& graph, int permutations = 25, double significance = 0.05,
                               int maxRows = 10, uint64_t seed = 0);
// Permutation p is the file's order shuffled (Rng::shuffle) by Rng(nonIidPermutationSeed(seed, p)).
inline uint64_t nonIidPermutationSeed(uint64_t seed, int p) {
  return seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(p) + 1;
}
// Failures: ShapeMismatch (perColumn not of `columns` entries, a row count outside [0, columns]).
Result<EmptyRowsAudit> findEmptyRows(const MissingCells& missing);
// Failures: InvalidArgument (neighbours < 1, K < 1, graph without neighbours), ShapeMismatch,
// LabelOutOfRange. A row with no listed neighbour gets 1/K for every class.
Result<RealMatrix> knnVote(const NeighborGraph& graph, const LabelVector& labels, int K, int neighbors = 10);

}  // namespace labelcheck
