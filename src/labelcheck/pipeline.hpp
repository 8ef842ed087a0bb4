// From CSV text to ranked label issues in one call: parse, type and encode the columns, produce
// out-of-sample probabilities with K-fold cross-validation (or take the probability columns the
// file already has), then Confident Learning. Used by the CLI, the JS API and the page.
//
//   ```cpp given: std::string_view csvText
//   PipelineOptions o;
//   o.label = ColumnRef::byName("species");
//   auto r = checkLabels(csvText, o);
//   if (!r.ok()) return r.error();              // CSV errors carry line and column
//   for (const PipelineIssue& i : r.value().issues) use(i);   // most likely wrong first
//   ```
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/audit.hpp"
#include "labelcheck/clean_refit.hpp"
#include "labelcheck/column_guess.hpp"
#include "labelcheck/cross_validation.hpp"
#include "labelcheck/cv_plan.hpp"
#include "labelcheck/csv.hpp"
#include "labelcheck/encode.hpp"
#include "labelcheck/filter.hpp"
#include "labelcheck/health.hpp"
#include "labelcheck/noise.hpp"
#include "labelcheck/progress.hpp"
#include "labelcheck/rank.hpp"

namespace labelcheck {

enum class PipelineMode {
  Auto,               // probabilities given when the file has one probability column per class
  Train,              // always train models on the feature columns
  ProbabilitiesGiven  // the file holds the label and one probability column per class
};
Result<PipelineMode> parsePipelineMode(std::string_view name);  // "auto", "train", "probabilities"

struct PipelineOptions {
  CsvOptions csv;
  // The label column. Empty name and index -1: guessed by guessColumns (column_guess.hpp: name,
  // position, type and cardinality weighed); ColumnNotFound when no column looks like a label.
  ColumnRef label;
  // A label column that looks continuous (labelLooksContinuous: numeric, many distinct values)
  // is refused with LabelLooksContinuous before anything is encoded or trained, unless this is
  // set: each distinct value would become a class.
  bool allowContinuousLabel = false;
  std::vector<ColumnRef> features;  // empty: every column but the label and identifiers
  PipelineMode mode = PipelineMode::Auto;
  // Probabilities-given mode: the probability columns in class order; empty = detected.
  std::vector<ColumnRef> probabilityColumns;
  CvOptions cv;                     // folds 5, seed 0, model auto, budget 12 s, threads 1
  FindLabelIssuesOptions issues;    // prune_by_noise_rate; ranking is always by `scoreMethod`
  ScoreMethod scoreMethod = ScoreMethod::SelfConfidence;  // the label quality shown and ranked by
  int neighborsPerIssue = 5;        // nearest rows listed for each explained issue (0 = none)
  Index maxExplainedIssues = 200;   // issues (top-ranked first) that get neighbours
  bool projection = true;           // 2-D PCA coordinates of every example
  // Train mode: the data audit (audit.hpp) of the encoded features after Confident Learning:
  // outliers, near-duplicates, class imbalance, order effects, empty rows (over the feature
  // columns) and Confident Learning on the neighbours' vote. Costs one k = 10 neighbour graph
  // (exact up to auditOptions.neighbors.exactMaxCost, approximate beyond; bench/README.md).
  bool audit = true;
  AuditOptions auditOptions;        // its seed is replaced by cv.seed
  // Train mode: cross-validate again with the label issues found on the first probabilities left
  // out of training, and report the issues of the second (see clean_refit.hpp). About twice the
  // cross-validation time. Off by default: it helps on well-separated classes but over-flags
  // where classes overlap (bench/README.md, "Clean, then refit").
  bool refit = false;
  // Limits, checked before any model or probability matrix is allocated (LimitExceeded beyond):
  // classes (distinct labels, or probability columns), and rows x classes, the size of the
  // probability matrix (2^27 values: 1 GiB of float64, a quarter of the WebAssembly memory).
  Index maxClasses = 1000;
  Index maxProbabilityValues = Index{1} << 27;
  ProgressFn onProgress;            // stages parse, encode, crossValidation, findIssues
};

struct PipelineIssue {
  Index example = 0;        // index into the examples (rows that had a label)
  Index row = 0;            // 0-based data row of the file (header excluded)
  long long line = 0;       // 1-based line of the file where the row starts
  int32_t givenLabel = 0;   // class index
  int32_t suggestedLabel = 0;  // the model's most probable class
  double labelQuality = 0;  // scoreMethod's score, lower = more likely wrong
  std::vector<Index> neighborExamples;  // nearest examples (filled for the top issues)
  std::vector<double> neighborDistances;
};

struct PipelineTimings {
  double parseMs = 0, encodeMs = 0, crossValidationMs = 0, findIssuesMs = 0, auditMs = 0, totalMs = 0;
};

// The audit of a train-mode run. Rows in `result` are examples (indices into labels and
// sourceRows), as everywhere in PipelineResult.
struct PipelineAudit {
  AuditResult result;
  // The neighbour graph's estimated cost in seconds of one WebAssembly core (the cost model of
  // neighbor_graph.hpp); above CvOptions::budget (when >= 0) the audit runs without it
  // (result.graph.skipped). Sparse rows: 0 (searched exactly, no estimate).
  double graphSeconds = 0;
  std::vector<Index> missingColumns;  // the table column of each column counted by result.emptyRows
  // Confident Learning (options.issues' filter) on the neighbours' vote instead of a model's
  // probabilities: the flagged examples, lowest self-confidence first, and every example's
  // self-confidence (the vote share of its given label). Empty when Confident Learning declines
  // the votes (e.g. a class no row votes for under a filter that needs it).
  std::vector<Index> knnLabelIssues;
  RealVector knnLabelQuality;
};

struct PipelineResult {
  PipelineMode mode = PipelineMode::Train;  // the mode used (never Auto)
  std::vector<std::string> classNames;      // K
  std::vector<ColumnReport> columns;        // how each column was typed and used
  std::vector<std::string> probabilityColumns;  // probabilities-given mode
  Index labelColumn = -1;
  // How the label column was chosen: the guess's reasons when it was guessed, else
  // {"named by the caller"}.
  std::vector<std::string> labelReasons;
  // Rows here are the file's 0-based data rows (Table::fileRow): records skipped with
  // onBadRow = skip keep their number, so row r is still the r-th data record a user counts.
  Index rowCount = 0;                       // data rows in the file (skipped records included)
  std::vector<ExcludedRow> excludedRows;    // rows not checked, and why
  CsvMeta csv;
  // For a person: how the file was read when not as one would assume, and classes of one row
  // (reading_warnings.hpp).
  std::vector<std::string> warnings;
  RowSpans rowSpans;                        // byte span and line of every data row in the input
  std::vector<Index> sourceRows;            // N: file row of each example
  LabelVector labels;                       // N given labels
  RealMatrix predProbs;                     // N x K out-of-sample (or given) probabilities
  RealVector labelQuality;                  // N scores
  std::vector<uint8_t> isLabelIssue;        // N
  std::vector<PipelineIssue> issues;        // flagged examples, ranked (lowest quality first)
  RealVector thresholds;                    // K confident thresholds
  HealthSummary health;
  LatentEstimates noise;                    // noise matrix, inverse, prior, confident joint
  double cvAccuracy = 0;                    // argmax(predProbs) == label (given probabilities too)
  std::string modelChoice;                  // "logistic", "knn", "logistic+knn", "given"
  std::vector<CvModelScore> models;
  std::vector<std::string> modelsSkipped;   // models auto left out, and why
  double estimatedCost = 0;                 // the cross-validation plan's estimated cost (cv_plan.hpp)
  int folds = 0;
  int repeats = 0;                          // K-fold repeats averaged (0: probabilities given)
  NeighborGraph neighborGraph;              // every example's nearest examples, when the kNN model searched
                                            // a graph of its own (else empty; its vote reads the audit's)
  Index refitExcludedRows = 0;              // rows left out of the second pass's training (0: no second pass)
  Index probabilityRowsAdjusted = 0;        // given probabilities clipped into [0, 1] and renormalised
  RealMatrix projection;                    // N x 2 (empty without features)
  bool audited = false;                     // options.audit in train mode
  PipelineAudit audit;
  PipelineTimings timings;
};

// Progress stages: parse, encode, crossValidation, findIssues, then audit (train mode, when on;
// when off, a graph built for auto's kNN vote is the crossValidation stage's last unit, detail
// "neighbour graph").
// Errors: every CSV error (line, column), COLUMN_NOT_FOUND, LABEL_LOOKS_CONTINUOUS,
// MISSING_LABEL (no labelled row),
// TOO_FEW_CLASSES, NO_FEATURES, PROBABILITY_OUT_OF_RANGE / NON_FINITE_VALUE for given
// probabilities (row, line), CANCELLED, and those of the models and of findLabelIssues.
Result<PipelineResult> checkLabels(std::string_view csvText, const PipelineOptions& options);

// What a run's audit builds: its options (PipelineOptions::auditOptions with the run's seed and
// no progress callback), and the estimated WebAssembly seconds of its graph, which the time
// budget weighs (beyond it, neighborChecks is false: the checks that need no graph only).
// planAudit gives the same plan wherever it is called with the same inputs.
struct AuditPlan {
  AuditOptions options;
  double graphSeconds = 0.0;
};
// rows x cols: the encoded features' shape; sparse: text columns (cosine, no time estimate).
AuditPlan planAudit(const AuditOptions& base, const CvOptions& cv, Index rows, Index cols, bool sparse);
// Whether auto's kNN beyond the exact search reads the audit's graph (CvOptions::knnVoteGraph):
// when the graph is within the budget and no refit (whose second pass leaves rows out of every
// neighbour list, which a shared graph cannot). With the audit on or off: without it the graph
// is built for the vote alone (when the plan takes kNN), so the label issues are the same.
bool auditGraphFeedsKnn(bool refit, const AuditPlan& plan);

// checkLabels with the CSV arriving in chunks, so that the caller never needs the whole text in
// memory next to the parsed table (the WASM binding copies a chunk at a time into the heap):
//
//   ```cpp given: const PipelineOptions& options; const std::vector<std::string>& chunks
//   PipelineRun run(options);
//   for (const std::string& chunk : chunks) if (Outcome o = run.feed(chunk); !o.ok()) return o.error();
//   Result<PipelineResult> r = run.finish();
//   ```
//
// Same result and errors as checkLabels on the concatenated chunks (which is exactly this with
// one chunk), however the input is cut. The "parse" stage starts at the first feed() (or at
// finish() for an empty input), where returning false from onProgress cancels. After an error
// every later call returns it; finish() is called once.
//
// finish() is prepare(), every cross-validation unit here (on options.cv.threads threads), then
// complete(). A caller that runs the units elsewhere (the JavaScript package, in other
// WebAssembly instances; see cv_plan.hpp) calls the steps itself:
//
//   ```cpp given: PipelineRun& run
//   if (Outcome o = run.prepare(); !o.ok()) return o; // parse, label, encode, plan
//   if (const CvPlan* plan = run.plan())              // null: probabilities given, nothing to fit
//     for (size_t u = 0; u < plan->units.size(); ++u) {
//       Result<CvUnitOutput> out = run.runUnit(u);    // or the output of unit u from anywhere
//       if (!out) return out.error();
//       if (Outcome o = run.setUnitOutput(u, std::move(out).value()); !o.ok()) return o;
//     }
//   Result<PipelineResult> r = run.complete();
//   ```
//
// The units' inputs are features(), labels() and cvOptions(); planCrossValidation on them gives
// the same plan (same fingerprint) in any instance. With refit on, complete() runs the second
// pass here, on one thread.
class PipelineRun {
 public:
  explicit PipelineRun(PipelineOptions options);
  ~PipelineRun();
  PipelineRun(PipelineRun&&) noexcept;
  PipelineRun& operator=(PipelineRun&&) noexcept;

  Outcome feed(std::string_view chunk);
  Result<PipelineResult> finish();

  Outcome prepare();
  const CvPlan* plan() const;              // after prepare(); null when no model is trained
  const FeatureMatrix* features() const;   // the encoded features (train mode), else null
  const LabelVector* labels() const;       // the examples' labels (train mode), else null
  const CvOptions& cvOptions() const;
  Result<CvUnitOutput> runUnit(size_t unit);           // on this thread, in place
  Outcome setUnitOutput(size_t unit, CvUnitOutput output);
  // The audit's graph (after prepare()): null when complete() builds none (no training, over
  // the time budget, or no audit and auto's kNN not reading its vote: CvPlan::knnVote; without
  // the audit the graph serves the vote alone and complete() runs no check on it). It may be
  // built elsewhere, beside the units, by buildAuditGraph(X, plan->options) and handed over
  // with setAuditGraph, where X is
  // *features() with its missing cells centred when missingMarkers() is not empty
  // (centreMissingCells, missing_centre.hpp: the audit compares rows by the values they have);
  // complete() builds it otherwise. The result is the same either way.
  const AuditPlan* auditPlan() const;
  const std::vector<MissingMarker>& missingMarkers() const;  // train mode, else empty
  Outcome setAuditGraph(AuditNeighbors graph);
  // Builds the audit's graph here now, as complete() would, and keeps it as if handed over:
  // e.g. while other instances run the units (complete() then runs the order-effects check
  // here, unless setAuditNonIid hands one over).
  Outcome buildAuditGraph();
  // Once every unit has its output: combines them and runs Confident Learning, the ranking and
  // the explanations, i.e. all of complete() but the audit, so that this thread can do it while
  // the audit's graph is still being built elsewhere. complete() calls it when it was not called.
  Outcome findIssues();
  // While the audit's graph is built elsewhere: the audit's parts that need no graph (the exact
  // copies, the recall sample's exact neighbours; audit.hpp's AuditPrep), so that complete() has
  // only the checks left when the graph comes. Optional; the result is the same.
  Outcome prepareAudit();
  // With the graph handed over, the order-effects check may run elsewhere too (auditNonIid on
  // that graph, audit.hpp), beside the other checks: auditAllButNonIid() runs all of complete()
  // but that check here (findIssues() first when it was not called), and setAuditNonIid() hands
  // its result over, before or after. complete() runs the check itself when none was handed over.
  Outcome auditAllButNonIid();
  Outcome setAuditNonIid(NonIidAudit nonIid);
  Result<PipelineResult> complete();

 private:
  struct State;
  Outcome begin();
  Outcome findIssuesNow();
  Outcome buildAuditGraphNow(bool withProgress);  // progress: stage "audit", as complete() reports it
  // Without the audit, whether the graph for kNN's vote is still to be built here: it then
  // reports as the cross-validation's last unit (detail "neighbour graph").
  bool voteGraphUnit() const;
  Outcome auditChecksNow();  // once: the audit but, with a graph handed over, the order effects
  std::unique_ptr<State> m_state;
};

// Given probabilities: values may exceed [0, 1] by kGivenProbabilityTolerance (column_guess.hpp;
// then clipped, row renormalised); rows must sum to 1 within kProbabilityRowSumTolerance.
inline constexpr double kProbabilityRowSumTolerance = 1e-2;

}  // namespace labelcheck
