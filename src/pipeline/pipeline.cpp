#include "labelcheck/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "labelcheck/confident_joint.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/missing_centre.hpp"
#include "labelcheck/projection.hpp"
#include "labelcheck/reading_warnings.hpp"

namespace labelcheck {

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Table rows (what the columns are indexed by) to the file's data rows (what results report).
std::vector<Index> fileRows(const Table& t, std::vector<Index> rows) {
  if (!t.meta.skippedRows.empty())
    for (Index& r : rows) r = t.fileRow(r);
  return rows;
}

bool report(const PipelineOptions& o, const char* stage, int done, int total, const char* detail = "") {
  return !o.onProgress || o.onProgress(Progress{stage, done, total, detail});
}

Error cancelled() { return makeError(Status::Cancelled, "cancelled"); }

// The "parse" stage counts MiB of input when its size is known, else one unit.
int parseUnits(const PipelineOptions& o) {
  return o.csv.sizeHint > 0 ? static_cast<int>(std::max<uint64_t>(o.csv.sizeHint >> 20, 1)) : 1;
}

// The label column when the caller did not name one: the guess, or why there is none.
Result<Index> detectLabelColumn(const Table& t, std::vector<std::string>& reasons) {
  ColumnGuess g = guessColumns(t);
  if (g.label >= 0) {
    reasons = std::move(g.labelReasons);
    return g.label;
  }
  std::string why;
  for (size_t i = 0; i < g.candidates.size() && i < 3; ++i) {
    const LabelCandidate& c = g.candidates[i];
    why += std::string(i ? "; " : "") + "\"" + t.columns[static_cast<size_t>(c.column)].name + "\": " +
           (c.reasons.empty() ? std::string("no signal") : c.reasons.back());
  }
  return makeError(Status::ColumnNotFound, "no label column found (" + why +
                                               "); name one (a column called label, class or target is found automatically)");
}

// Refuses a label column of measurements (column_guess.hpp) unless the caller allowed it.
Outcome checkLabelNotContinuous(const Table& t, Index labelColumn, const PipelineOptions& o) {
  if (o.allowContinuousLabel) return {};
  const Column& c = t.columns[static_cast<size_t>(labelColumn)];
  const ContinuousVerdict v = labelLooksContinuous(c);
  if (!v.continuous) return {};
  return makeError(Status::LabelLooksContinuous,
                   "the label column \"" + c.name + "\" looks continuous (" + v.reason +
                       "): this looks like a measurement, not a label, and every value would become a class. "
                       "Choose another label column, or allow it explicitly (option allowContinuousLabel, CLI "
                       "--allow-continuous-label)");
}

template <typename Fn>
Outcome forEachRowOf(const RealMatrix& m, Fn&& fn) {
  for (Index i = 0; i < m.rows(); ++i)
    if (Outcome o = fn(i); !o.ok()) return o;
  return {};
}

// Given probabilities: reject garbage, clip tiny excursions outside [0, 1] and renormalise
// those rows only, so that clean inputs reach Confident Learning exactly as given.
// Values that are not numbers (NaN, +-inf, a missing cell) or outside [0, 1] by more than
// kGivenProbabilityTolerance are errors with the row and line (they used to slip through: NaN
// compares false, and large excursions were clipped like tiny ones).
Outcome checkGivenProbabilities(RealMatrix& p, const Table& t, const std::vector<Index>& sourceRows,
                                const std::vector<Index>& columns, Index& adjusted) {
  return forEachRowOf(p, [&](Index i) -> Outcome {
    bool clipped = false;
    double sum = 0;
    for (Index k = 0; k < p.cols(); ++k) {
      double& v = p(i, k);
      const bool finite = std::isfinite(v);
      if (!finite || v < -kGivenProbabilityTolerance || v > 1.0 + kGivenProbabilityTolerance) {
        const long long line = t.rowLines[sourceRows[i]];
        const std::string where = "line " + std::to_string(line) + ": the probability in column \"" +
                                  t.columns[columns[k]].name + "\" ";
        Error e = finite ? makeError(Status::ProbabilityOutOfRange, where + "is " + std::to_string(v) +
                                                                        ", outside [0, 1]")
                         : makeError(Status::NonFiniteValue, where + "is missing or not a finite number");
        e.row = t.fileRow(sourceRows[i]);
        e.line = line;
        return e;
      }
      if (v < 0.0) { v = 0.0; clipped = true; }
      if (v > 1.0) { v = 1.0; clipped = true; }
      sum += v;
    }
    if (std::abs(sum - 1.0) > kProbabilityRowSumTolerance) {
      Error e = makeError(Status::ProbabilityOutOfRange,
                          "line " + std::to_string(t.rowLines[sourceRows[i]]) + ": the probabilities sum to " +
                              std::to_string(sum) + ", not 1 (tolerance " + std::to_string(kProbabilityRowSumTolerance) + ")");
      e.row = t.fileRow(sourceRows[i]);
      e.line = t.rowLines[sourceRows[i]];
      return e;
    }
    if (clipped) {
      p.row(i) /= sum;
      ++adjusted;
    }
    return {};
  });
}

struct Examples {
  LabelVector labels;
  std::vector<Index> sourceRows;
  std::vector<std::string> classNames;
  std::vector<ExcludedRow> excluded;
};

Examples labelledRows(const Table& t, Index labelColumn) {
  Examples ex;
  const LabelCoding coding = codeLabels(t.columns[labelColumn]);
  ex.classNames = coding.names;
  std::vector<int32_t> labels;
  for (Index r = 0; r < t.rowCount(); ++r) {
    const int32_t y = coding.perRow[r];
    if (y < 0) {
      ex.excluded.push_back({t.fileRow(r), t.rowLines[r], Status::MissingLabel,
                             "row " + std::to_string(t.fileRow(r)) + " (line " + std::to_string(t.rowLines[r]) +
                                 "): the label is missing"});
      continue;
    }
    ex.sourceRows.push_back(r);
    labels.push_back(y);
  }
  ex.labels = Eigen::Map<const LabelVector>(labels.data(), static_cast<Index>(labels.size()));
  return ex;
}

// The documented limits on classes and on the probability matrix (rows x classes).
Outcome checkClassLimits(Index rows, Index classes, const std::string& what, const PipelineOptions& o) {
  if (classes > o.maxClasses)
    return makeError(Status::LimitExceeded, what + " " + std::to_string(classes) + " classes; labelcheck checks at most " +
                                                std::to_string(o.maxClasses) + " (is it the right column?)");
  if (rows > 0 && classes > o.maxProbabilityValues / rows)
    return makeError(Status::LimitExceeded, std::to_string(rows) + " rows x " + std::to_string(classes) +
                                                " classes need more than " + std::to_string(o.maxProbabilityValues) +
                                                " probabilities; labelcheck allows at most that many (check fewer rows)");
  return {};
}

Outcome runProbabilitiesGiven(const Table& t, Index labelColumn, const std::vector<Index>& columns, const PipelineOptions& o,
                              PipelineResult& out) {
  Examples ex = labelledRows(t, labelColumn);
  const Index K = static_cast<Index>(columns.size());
  LABELCHECK_TRY(checkClassLimits(ex.labels.size(), K, "the file has probability columns for", o));
  // Classes are the probability columns; labels are matched to them by name.
  std::vector<std::string> classNames;
  for (Index c : columns) classNames.push_back(probabilityClassKey(t.columns[c].name));
  const bool byOrder = [&] {  // numeric labels 0..K-1 index the columns directly
    for (const std::string& n : ex.classNames) {
      char* end = nullptr;
      const double v = std::strtod(n.c_str(), &end);
      if (*end != '\0' || v < 0 || v >= K || v != std::floor(v)) return false;
    }
    return true;
  }();
  std::vector<int32_t> remap(ex.classNames.size(), -1);
  for (size_t k = 0; k < ex.classNames.size(); ++k) {
    if (byOrder) {
      remap[k] = static_cast<int32_t>(std::strtod(ex.classNames[k].c_str(), nullptr));
      continue;
    }
    for (Index j = 0; j < K; ++j)
      if (classNames[j] == lower(ex.classNames[k])) remap[k] = static_cast<int32_t>(j);
    if (remap[k] < 0)
      return makeError(Status::ColumnNotFound, "no probability column for class \"" + ex.classNames[k] + "\"");
  }
  if (byOrder)
    for (Index j = 0; j < K; ++j) classNames[j] = std::to_string(j);
  for (Index i = 0; i < ex.labels.size(); ++i) ex.labels[i] = remap[ex.labels[i]];

  out.predProbs.resize(ex.labels.size(), K);
  for (Index i = 0; i < ex.labels.size(); ++i)
    for (Index k = 0; k < K; ++k) out.predProbs(i, k) = t.columns[columns[k]].numbers[ex.sourceRows[i]];
  LABELCHECK_TRY(checkGivenProbabilities(out.predProbs, t, ex.sourceRows, columns, out.probabilityRowsAdjusted));
  for (Index c : columns) out.probabilityColumns.push_back(t.columns[c].name);
  out.columns.clear();
  for (Index c = 0; c < t.columnCount(); ++c) {
    ColumnReport r;
    r.index = c;
    r.name = t.columns[c].name;
    r.kind = t.columns[c].kind;
    const bool isProb = std::find(columns.begin(), columns.end(), c) != columns.end();
    r.use = c == labelColumn ? ColumnUse::Label : ColumnUse::Unused;
    r.why = c == labelColumn ? std::to_string(K) + " classes" : isProb ? "probability column" : "not used: probabilities given";
    out.columns.push_back(std::move(r));
  }
  out.classNames = std::move(classNames);
  out.labels = std::move(ex.labels);
  out.sourceRows = fileRows(t, std::move(ex.sourceRows));
  out.excludedRows = std::move(ex.excluded);
  out.modelChoice = "given";
  return {};
}

Index argmaxRow(const RealMatrix& p, Index i) {
  Index best = 0;
  for (Index k = 1; k < p.cols(); ++k)
    if (p(i, k) > p(i, best)) best = k;
  return best;
}

}  // namespace

Result<PipelineMode> parsePipelineMode(std::string_view name) {
  if (name == "auto") return PipelineMode::Auto;
  if (name == "train") return PipelineMode::Train;
  if (name == "probabilities") return PipelineMode::ProbabilitiesGiven;
  return makeError(Status::InvalidArgument, "mode must be auto, train or probabilities; got '" + std::string(name) + "'");
}

// Everything a run keeps between its steps. Heap-allocated once, never moved: the unit runner
// holds references to the plan, the features and the options.
struct PipelineRun::State {
  explicit State(PipelineOptions o) : options(std::move(o)), reader(options.csv) {}

  PipelineOptions options;
  CsvReader reader;
  Clock::time_point start = Clock::now();
  bool begun = false;
  bool prepared = false;
  bool completed = false;
  bool issuesFound = false;  // findIssues() ran (complete() then only audits)
  Outcome failed;  // the first error (cancellation, CSV, ...): every later call returns it
  uint64_t fedBytes = 0;
  int reportedMiB = 0;

  PipelineResult out;
  EncodedFeatures encoded;  // train mode
  bool train = false;
  CvOptions cv;
  std::unique_ptr<CvPlan> plan;
  std::vector<CvUnitOutput> outputs;
  std::vector<uint8_t> haveOutput;
  std::unique_ptr<CvUnitRunner> runner;
  Clock::time_point cvStart;
  MissingCells missing;                 // the audit's: the feature columns of the examples
  std::vector<Index> missingColumns;
  std::unique_ptr<AuditPlan> auditPlan;  // train mode with the audit on
  // The features as the audit compares rows (missing_centre.hpp) when a column marks missing
  // cells, else the audit reads `encoded.features`: made when the audit first needs it (after
  // the cross-validation on one thread) and let go when its checks have run.
  std::unique_ptr<FeatureMatrix> auditCentred;
  const FeatureMatrix& auditFeatures() const { return auditCentred ? *auditCentred : encoded.features; }
  std::unique_ptr<AuditNeighbors> auditGraph;  // built elsewhere (setAuditGraph), kept to complete()
  std::unique_ptr<AuditPrep> auditPrep;         // prepareAudit(), for the audit with a graph
  std::unique_ptr<NonIidAudit> auditNonIid;    // run elsewhere on that graph (setAuditNonIid)
  bool auditChecked = false;                   // auditChecksNow() ran
  Clock::time_point auditStart;
};

PipelineRun::PipelineRun(PipelineOptions options) : m_state(std::make_unique<State>(std::move(options))) {}
PipelineRun::~PipelineRun() = default;
PipelineRun::PipelineRun(PipelineRun&&) noexcept = default;
PipelineRun& PipelineRun::operator=(PipelineRun&&) noexcept = default;

Outcome PipelineRun::begin() {
  State& s = *m_state;
  if (s.begun) return s.failed;
  s.begun = true;
  s.start = Clock::now();
  if (!report(s.options, "parse", 0, parseUnits(s.options))) s.failed = cancelled();
  return s.failed;
}

Outcome PipelineRun::feed(std::string_view chunk) {
  LABELCHECK_TRY(begin());
  State& s = *m_state;
  if (Outcome o = s.reader.feed(chunk); !o.ok()) {
    s.failed = std::move(o);
    return s.failed;
  }
  // Reading progress in MiB of the input, when its size is known (CsvOptions::sizeHint).
  s.fedBytes += chunk.size();
  const uint64_t size = s.options.csv.sizeHint;
  if (size > 0 && s.fedBytes < size) {
    const int total = parseUnits(s.options);
    const int done = static_cast<int>(std::min<uint64_t>(s.fedBytes >> 20, static_cast<uint64_t>(total - 1)));
    if (done > s.reportedMiB) {
      s.reportedMiB = done;
      if (!report(s.options, "parse", done, total)) s.failed = cancelled();
    }
  }
  return s.failed;
}

namespace {

// The audit's copy of the features with their missing cells centred, unless made already or
// not needed (no missing cells).
Outcome centreForAudit(const EncodedFeatures& e, std::unique_ptr<FeatureMatrix>& out) {
  if (out || e.missingMarkers.empty()) return {};
  auto f = std::make_unique<FeatureMatrix>();
  f->isSparse = e.features.isSparse;
  if (f->isSparse) {
    auto c = centreMissingCells(e.features.sparse, e.missingMarkers);
    if (!c.ok()) return std::move(c).error();
    f->sparse = std::move(c).value();
  } else {
    auto c = centreMissingCells(e.features.dense, e.missingMarkers);
    if (!c.ok()) return std::move(c).error();
    f->dense = std::move(c).value();
  }
  out = std::move(f);
  return {};
}

// No label column named: the guess chooses it.
bool labelGuessed(const PipelineOptions& o) { return o.label.name.empty() && o.label.index < 0; }

// The label column and, when the file has one per class, the probability columns.
Result<std::vector<Index>> chooseColumns(const Table& table, const PipelineOptions& o, PipelineResult& out) {
  const bool guessed = labelGuessed(o);
  auto labelColumn = guessed ? detectLabelColumn(table, out.labelReasons) : resolveColumn(table, o.label);
  if (!labelColumn.ok()) return std::move(labelColumn).error();
  out.labelColumn = labelColumn.value();
  if (!guessed) out.labelReasons = {"named by the caller"};
  LABELCHECK_TRY(checkLabelNotContinuous(table, out.labelColumn, o));
  std::vector<Index> probColumns;
  if (o.mode == PipelineMode::Train) return probColumns;
  if (!o.probabilityColumns.empty()) {
    for (const ColumnRef& ref : o.probabilityColumns) {
      auto c = resolveColumn(table, ref);
      if (!c.ok()) return std::move(c).error();
      probColumns.push_back(c.value());
    }
  } else {
    const LabelCoding coding = codeLabels(table.columns[out.labelColumn]);
    probColumns = findProbabilityColumns(table, out.labelColumn, coding.names, o.mode == PipelineMode::ProbabilitiesGiven);
    if (probColumns.empty() && o.mode == PipelineMode::Auto)
      if (std::string w = probabilityNamesWarning(table, namedProbabilityColumns(table, out.labelColumn, coding.names)); !w.empty())
        out.warnings.push_back(std::move(w));
  }
  if (o.mode == PipelineMode::ProbabilitiesGiven && probColumns.size() < 2)
    return makeError(Status::ColumnNotFound, "probabilities-given mode needs one probability column (values in [0, 1]) per class");
  return probColumns;
}

// Confident Learning on the probabilities: issues, scores, thresholds, health, noise matrices.
Outcome findIssuesStage(const PipelineOptions& o, PipelineResult& out) {
  const Labels labels = Labels::of(out.labels);
  const PredProbs pp = PredProbs::of(out.predProbs);
  const Index N = out.labels.size();
  Index correct = 0;
  for (Index i = 0; i < N; ++i) correct += argmaxRow(out.predProbs, i) == out.labels[i];
  out.cvAccuracy = N ? static_cast<double>(correct) / static_cast<double>(N) : 0.0;

  FindLabelIssuesOptions fo = o.issues;
  fo.rankBy.reset();
  auto found = findLabelIssues(labels, pp, fo);
  if (!found.ok()) return std::move(found).error();
  out.isLabelIssue = std::move(found.value().isLabelIssue);
  auto quality = getLabelQualityScores(labels, pp, {o.scoreMethod, false});
  if (!quality.ok()) return std::move(quality).error();
  out.labelQuality = std::move(quality).value();
  auto ranked = orderLabelIssues(out.isLabelIssue, labels, pp, {o.scoreMethod, false});
  if (!ranked.ok()) return std::move(ranked).error();
  auto thresholds = getConfidentThresholds(labels, pp);
  if (!thresholds.ok()) return std::move(thresholds).error();
  out.thresholds = std::move(thresholds).value();
  auto health = healthSummary(labels, pp);
  if (!health.ok()) return std::move(health).error();
  out.health = std::move(health).value();
  auto noise = estimatePyAndNoiseMatricesFromProbabilities(labels, pp);
  if (!noise.ok()) return std::move(noise).error();
  out.noise = std::move(noise).value();

  out.issues.reserve(static_cast<size_t>(ranked.value().size()));
  for (Index j = 0; j < ranked.value().size(); ++j) {
    const Index i = ranked.value()[j];
    PipelineIssue issue;
    issue.example = i;
    issue.row = out.sourceRows[i];
    issue.line = out.rowSpans.lines[static_cast<size_t>(issue.row)];
    issue.givenLabel = out.labels[i];
    issue.suggestedLabel = static_cast<int32_t>(argmaxRow(out.predProbs, i));
    issue.labelQuality = out.labelQuality[i];
    out.issues.push_back(std::move(issue));
  }
  return {};
}

// The missing cells of the examples (table rows `rows`) in the feature columns, counted before
// the table's columns are freed (the audit's empty-row check).
void countMissingCells(const Table& t, const std::vector<Index>& rows, const std::vector<ColumnReport>& columns,
                       MissingCells& out, std::vector<Index>& columnsOut) {
  for (const ColumnReport& c : columns)
    if (c.use == ColumnUse::Feature) columnsOut.push_back(c.index);
  out.columns = static_cast<Index>(columnsOut.size());
  out.perRow.assign(rows.size(), 0);
  out.perColumn.assign(columnsOut.size(), 0);
  for (size_t j = 0; j < columnsOut.size(); ++j) {
    const Column& col = t.columns[static_cast<size_t>(columnsOut[j])];
    if (col.missing == 0) continue;
    for (size_t i = 0; i < rows.size(); ++i)
      if (col.isMissing(rows[i])) {
        ++out.perRow[i];
        ++out.perColumn[j];
      }
  }
}

// The neighbour graph's cost in WebAssembly against the native cost model (as cv_plan.cpp's).
constexpr double kAuditWasmOverNative = 1.4;

// The data audit of the encoded features, and Confident Learning on its kNN vote; `graph`: the
// audit's graph built elsewhere (PipelineRun::setAuditGraph), else null. With a graph the
// order-effects check is left to completeAudit (PipelineRun::complete).
Outcome auditStage(const PipelineOptions& o, const AuditPlan& plan, const FeatureMatrix& features, MissingCells missing,
                   std::vector<Index> missingColumns, const AuditNeighbors* graph, std::unique_ptr<AuditPrep> prep,
                   PipelineResult& out) {
  AuditOptions ao = plan.options;
  ao.onProgress = o.onProgress;
  ao.nonIidCheck = graph == nullptr;
  const int K = static_cast<int>(out.classNames.size());
  // The same call for dense and sparse features: with the graph (and the preparation) when given.
  auto audit = [&](const auto& X) -> Result<AuditResult> {
    if (!graph) return auditDataset(X, out.labels, K, missing, ao);
    if (!prep) return auditDataset(X, out.labels, K, missing, ao, *graph);
    return auditDataset(X, out.labels, K, missing, ao, *graph, std::move(*prep));
  };
  auto audited = features.isSparse ? audit(features.sparse) : audit(features.dense);
  if (!audited.ok()) return std::move(audited).error();
  PipelineAudit& a = out.audit;
  a.result = std::move(audited).value();
  a.graphSeconds = plan.graphSeconds;
  a.missingColumns = std::move(missingColumns);
  if (a.result.graph.skipped) {  // no vote: every label's share is 1/K, nothing flagged
    a.knnLabelQuality = RealVector::Constant(out.labels.size(), 1.0 / K);
    out.audited = true;
    return {};
  }
  const Labels labels = Labels::of(out.labels);
  const PredProbs votes = PredProbs::of(a.result.knnVote);
  FindLabelIssuesOptions fo = o.issues;
  fo.rankBy.reset();
  auto found = findLabelIssues(labels, votes, fo);
  auto quality = getLabelQualityScores(labels, votes, {ScoreMethod::SelfConfidence, false});
  if (found.ok() && quality.ok()) {
    auto ranked = orderLabelIssues(found.value().isLabelIssue, labels, votes, {ScoreMethod::SelfConfidence, false});
    if (ranked.ok()) {
      a.knnLabelIssues.assign(ranked.value().data(), ranked.value().data() + ranked.value().size());
      a.knnLabelQuality = std::move(quality).value();
    }
  }
  out.audited = true;
  return {};
}

// Explanations: the nearest examples of the top issues (read off the kNN model's graph when
// there is one, `g`, else searched), and a 2-D picture of the data.
void explainStage(const PipelineOptions& o, const FeatureMatrix& features, const NeighborGraph& g, PipelineResult& out) {
  const Index N = out.labels.size();
  const Index explained = std::min<Index>(o.maxExplainedIssues, static_cast<Index>(out.issues.size()));
  if (o.neighborsPerIssue > 0 && explained > 0 && N > 1) {
    const int k = static_cast<int>(std::min<Index>(o.neighborsPerIssue, N - 1));
    if (g.k >= k) {
      for (Index j = 0; j < explained; ++j) {
        PipelineIssue& issue = out.issues[j];
        for (int c = 0; c < k; ++c) {
          const int32_t e = g.indices[issue.example * g.k + c];
          if (e < 0) break;
          issue.neighborExamples.push_back(e);
          issue.neighborDistances.push_back(g.distances[issue.example * g.k + c]);
        }
      }
    } else {
      std::vector<Index> queries;
      for (Index j = 0; j < explained; ++j) queries.push_back(out.issues[j].example);
      auto nn = features.isSparse ? nearestNeighbors(features.sparse, queries, k) : nearestNeighbors(features.dense, queries, k);
      if (nn.ok()) {
        for (Index j = 0; j < explained; ++j)
          for (int c = 0; c < k; ++c) {
            out.issues[j].neighborExamples.push_back(nn.value().indices(j, c));
            out.issues[j].neighborDistances.push_back(nn.value().distances(j, c));
          }
      }
    }
  }
  if (o.projection) {
    auto proj = features.isSparse ? principalComponents2d(features.sparse) : principalComponents2d(features.dense);
    if (proj.ok()) out.projection = std::move(proj).value();
  }
}

}  // namespace

Outcome PipelineRun::prepare() {
  State& s = *m_state;
  if (s.prepared || !s.failed.ok()) return s.failed;
  auto stage = [&]() -> Outcome {
    LABELCHECK_TRY(begin());
    auto parsed = s.reader.finish();
    if (!parsed.ok()) return std::move(parsed).error();
    Table table = std::move(parsed).value();
    const PipelineOptions& o = s.options;
    PipelineResult& out = s.out;
    out.timings.parseMs = msSince(s.start);
    out.rowCount = table.fileRowCount();
    out.csv = table.meta;
    out.warnings = readingWarnings(table);
    out.rowSpans = fileRowSpans(table);
    if (!report(o, "parse", parseUnits(o), parseUnits(o))) return cancelled();

    auto probColumns = chooseColumns(table, o, out);
    if (!probColumns.ok()) return std::move(probColumns).error();
    const auto encodeStart = Clock::now();
    if (!report(o, "encode", 0, 1)) return cancelled();
    if (!probColumns.value().empty()) {
      out.mode = PipelineMode::ProbabilitiesGiven;
      LABELCHECK_TRY(runProbabilitiesGiven(table, out.labelColumn, probColumns.value(), o, out));
      out.timings.encodeMs = msSince(encodeStart);
      return {};
    }
    out.mode = PipelineMode::Train;
    s.train = true;
    FeatureSpec spec;
    spec.label = ColumnRef::byIndex(out.labelColumn);
    spec.features = o.features;
    auto enc = encodeFeatures(table, spec);
    if (!enc.ok()) return std::move(enc).error();
    s.encoded = std::move(enc).value();
    if (o.audit) countMissingCells(table, s.encoded.sourceRows, s.encoded.columns, s.missing, s.missingColumns);
    s.encoded.sourceRows = fileRows(table, std::move(s.encoded.sourceRows));
    const EncodedFeatures& e = s.encoded;
    // Errors about the label's classes name its column and say when it was guessed, so that a
    // wrong guess shows as one (here: the columns are released below).
    const std::string labelWhat =
        "the label column \"" + table.columns[out.labelColumn].name + "\"" + (labelGuessed(o) ? " (guessed)" : "");
    LABELCHECK_TRY(checkClassLimits(e.labels.size(), e.classCount(), labelWhat + " has", o));
    // The cells are encoded now; only the row positions are needed from here on, so the
    // columns' memory goes back before cross-validation.
    for (Column& c : table.columns) c = Column{};
    if (e.features.cols() == 0) return makeError(Status::NoFeatures, "no usable feature column");
    if (e.classCount() < 2)
      return makeError(Status::TooFewClasses, "the label column has only one class: nothing to compare against");
    out.timings.encodeMs = msSince(encodeStart);
    if (!report(o, "encode", 1, 1)) return cancelled();

    s.cvStart = Clock::now();
    s.cv = o.cv;
    s.cv.onProgress = o.onProgress;
    // The audit's graph is planned with the audit off too: auto's kNN beyond the exact search is
    // its vote, so that the models (and the label issues) do not depend on the audit option.
    s.auditPlan = std::make_unique<AuditPlan>(planAudit(o.auditOptions, o.cv, e.features.rows(), e.features.cols(), e.features.isSparse));
    s.cv.knnVoteGraph = auditGraphFeedsKnn(o.refit, *s.auditPlan);
    auto plan = e.features.isSparse ? planCrossValidation(e.features.sparse, e.labels, e.classCount(), s.cv)
                                    : planCrossValidation(e.features.dense, e.labels, e.classCount(), s.cv);
    if (!plan.ok()) {
      Error err = std::move(plan).error();
      if (err.status == Status::TooFewExamplesPerFold) err.message = labelWhat + ": " + err.message;
      return err;
    }
    s.plan = std::make_unique<CvPlan>(std::move(plan).value());
    if (!o.audit && !s.plan->knnVote) s.auditPlan.reset();  // no audit, no vote: no graph
    s.outputs.assign(s.plan->units.size(), CvUnitOutput{});
    s.haveOutput.assign(s.plan->units.size(), 0);
    return {};
  };
  if (Outcome o = stage(); !o.ok()) s.failed = std::move(o);
  s.prepared = true;
  return s.failed;
}

const CvPlan* PipelineRun::plan() const { return m_state->plan.get(); }
const FeatureMatrix* PipelineRun::features() const { return m_state->train ? &m_state->encoded.features : nullptr; }
const LabelVector* PipelineRun::labels() const { return m_state->train ? &m_state->encoded.labels : nullptr; }
const CvOptions& PipelineRun::cvOptions() const { return m_state->cv; }

Result<CvUnitOutput> PipelineRun::runUnit(size_t unit) {
  State& s = *m_state;
  if (!s.failed.ok()) return s.failed.error();
  if (!s.plan) return makeError(Status::InvalidArgument, "runUnit: no cross-validation plan (call prepare() first)");
  if (!s.runner) {
    FeatureMatrix& f = s.encoded.features;
    s.runner = f.isSparse ? std::make_unique<CvUnitRunner>(*s.plan, f.sparse, s.encoded.labels, s.cv)
                          : std::make_unique<CvUnitRunner>(*s.plan, f.dense, s.encoded.labels, s.cv, true);
  }
  return s.runner->run(unit);
}

Outcome PipelineRun::setUnitOutput(size_t unit, CvUnitOutput output) {
  State& s = *m_state;
  if (!s.failed.ok()) return s.failed;
  if (!s.plan || unit >= s.outputs.size())
    return makeError(Status::InvalidArgument, "setUnitOutput: unit " + std::to_string(unit) + " is not in the plan");
  s.outputs[unit] = std::move(output);
  s.haveOutput[unit] = 1;
  return {};
}

Outcome PipelineRun::findIssues() {
  State& s = *m_state;
  if (s.completed) return makeError(Status::InvalidArgument, "findIssues(): complete() was already called");
  if (s.issuesFound) return s.failed;
  LABELCHECK_TRY(prepare());
  s.issuesFound = true;
  Outcome found = findIssuesNow();
  if (!found.ok()) s.failed = found;
  return found;
}

Outcome PipelineRun::prepareAudit() {
  State& s = *m_state;
  if (s.completed) return makeError(Status::InvalidArgument, "prepareAudit(): complete() was already called");
  LABELCHECK_TRY(prepare());
  if (!s.options.audit || !s.auditPlan || !s.auditPlan->options.neighborChecks || s.auditPrep || s.auditChecked)
    return s.failed;
  if (Outcome c = centreForAudit(s.encoded, s.auditCentred); !c.ok()) {
    s.failed = c;
    return s.failed;
  }
  const FeatureMatrix& f = s.auditFeatures();
  // The recall sample whatever the graph turns out to be (an exact graph skips it, as before).
  auto prep = f.isSparse ? labelcheck::prepareAudit(f.sparse, s.auditPlan->options, true)
                         : labelcheck::prepareAudit(f.dense, s.auditPlan->options, true);
  if (!prep.ok()) {
    s.failed = std::move(prep).error();
    return s.failed;
  }
  s.auditPrep = std::make_unique<AuditPrep>(std::move(prep).value());
  return {};
}

Outcome PipelineRun::findIssuesNow() {
  State& s = *m_state;
  s.runner.reset();
  const PipelineOptions& o = s.options;
  PipelineResult& out = s.out;
  if (s.train) {
    if (std::find(s.haveOutput.begin(), s.haveOutput.end(), 0) != s.haveOutput.end())
      return makeError(Status::InvalidArgument, "findIssues(), complete(): a cross-validation unit has no output yet");
    EncodedFeatures& e = s.encoded;
    const FeatureMatrix& f = e.features;
    // kNN as the audit graph's vote: the graph first, if it was not built or handed over yet
    // (with its progress, stage "audit": on one thread this is where the time goes).
    if (s.plan->knnVote && !s.auditGraph) LABELCHECK_TRY(buildAuditGraphNow(true));
    const NeighborGraph* vote = s.plan->knnVote ? &s.auditGraph->graph : nullptr;
    auto combined = f.isSparse ? combineCrossValidation(*s.plan, f.sparse, e.labels, s.cv, std::move(s.outputs), vote)
                               : combineCrossValidation(*s.plan, f.dense, e.labels, s.cv, std::move(s.outputs), vote);
    if (!combined.ok()) return std::move(combined).error();
    CvResult cv = std::move(combined).value();
    out.neighborGraph = std::move(cv.graph);
    out.modelsSkipped = cv.skipped;
    out.estimatedCost = cv.estimatedCost;
    if (o.refit) {
      const int units = static_cast<int>(s.plan->units.size());
      auto refit = f.isSparse ? refitAfterFirstPass(f.sparse, e.labels, e.classCount(), s.cv, o.issues, std::move(cv), units)
                              : refitAfterFirstPass(f.dense, e.labels, e.classCount(), s.cv, o.issues, std::move(cv), units);
      if (!refit.ok()) return std::move(refit).error();
      CleanRefitResult& r = refit.value();
      cv = std::move(r.cv);
      cv.models = r.models;
      cv.modelChoice = r.modelChoice;
      out.refitExcludedRows = r.excludedRows;
    }
    out.predProbs = std::move(cv.predProbs);
    out.modelChoice = cv.modelChoice;
    out.models = cv.models;
    out.folds = cv.nFolds;
    out.repeats = cv.repeats;
    out.timings.crossValidationMs = msSince(s.cvStart);
    out.classNames = e.classNames;
    out.columns = e.columns;
    out.labels = e.labels;
    out.sourceRows = e.sourceRows;
    out.excludedRows = e.excludedRows;
  }

  const auto clStart = Clock::now();
  for (std::string& w : classWarnings(out.classNames, out.labels)) out.warnings.push_back(std::move(w));
  if (!report(o, "findIssues", 0, 1)) return cancelled();
  LABELCHECK_TRY(findIssuesStage(o, out));
  // kNN as the audit graph's vote: the rows that voted explain the issues (no search).
  if (s.train)
    explainStage(o, s.encoded.features, s.plan && s.plan->knnVote ? s.auditGraph->graph : out.neighborGraph, out);
  out.timings.findIssuesMs = msSince(clStart);
  if (!report(o, "findIssues", 1, 1)) return cancelled();
  return {};
}

Result<PipelineResult> PipelineRun::complete() {
  State& s = *m_state;
  if (s.completed) return makeError(Status::InvalidArgument, "complete() was already called");
  LABELCHECK_TRY(findIssues());
  s.completed = true;
  const PipelineOptions& o = s.options;
  PipelineResult& out = s.out;
  if (s.train && o.audit) {
    LABELCHECK_TRY(auditChecksNow());
    if (s.auditGraph) {
      AuditOptions ao = s.auditPlan->options;
      ao.onProgress = o.onProgress;
      LABELCHECK_TRY(completeAudit(out.audit.result, *s.auditGraph, ao, s.auditNonIid.get()));
      s.auditNonIid.reset();
    }
    out.timings.auditMs = msSince(s.auditStart);
  }
  s.auditGraph.reset();  // read by the audit, or only by kNN's vote (findIssues) without it
  out.timings.totalMs = msSince(s.start);
  return std::move(out);
}

Result<PipelineResult> PipelineRun::finish() {
  LABELCHECK_TRY(prepare());
  State& s = *m_state;
  if (s.plan) {
    FeatureMatrix& f = s.encoded.features;
    const int threads = cvThreads(s.cv.threads, s.plan->units.size());
    // One thread: logistic folds train in place (no copy of the features); several: on copies.
    std::unique_ptr<CvUnitRunner> runner =
        f.isSparse ? std::make_unique<CvUnitRunner>(*s.plan, f.sparse, s.encoded.labels, s.cv)
                   : std::make_unique<CvUnitRunner>(*s.plan, f.dense, s.encoded.labels, s.cv, threads == 1);
    // With refit, pass 1 reports against twice its units (pass 2 is about as long and continues
    // from there; clean_refit.hpp), so that the fraction never goes back. Without the audit, a
    // graph built here for kNN's vote is one more unit at the end (buildAuditGraphNow), as on
    // several threads (js/cv-schedule.js).
    ProgressFn onProgress = s.cv.onProgress;
    if (s.options.refit && onProgress)
      onProgress = [fn = s.cv.onProgress](const Progress& p) {
        Progress q = p;
        q.total = 2 * p.total;
        q.workTotal = 2 * p.workTotal;
        return fn(q);
      };
    if (voteGraphUnit() && onProgress)
      onProgress = [fn = onProgress, cost = s.auditPlan->graphSeconds](const Progress& p) {
        Progress q = p;
        q.total = p.total + 1;
        q.workTotal = p.workTotal + cost;
        return fn(q);
      };
    if (!reportProgress(onProgress, "crossValidation", 0, static_cast<int>(s.plan->units.size()),
                        s.plan->units.empty() ? "" : cvModelName(s.plan->units.front().model), 0.0, s.plan->totalCost))
      return cancelled();
    Outcome ran = runCrossValidationUnits(*s.plan, *runner, threads, onProgress, s.outputs);
    if (!ran.ok()) {
      s.failed = ran;
      return ran.error();
    }
    std::fill(s.haveOutput.begin(), s.haveOutput.end(), 1);
  }
  return complete();
}

AuditPlan planAudit(const AuditOptions& base, const CvOptions& cv, Index rows, Index cols, bool sparse) {
  AuditPlan plan;
  plan.options = base;
  plan.options.seed = cv.seed;
  plan.options.onProgress = nullptr;
  // The graph keeps to the same time budget as the models (a million rows would take minutes):
  // above it, the checks that need no neighbours only.
  if (!sparse) {
    NeighborGraphOptions go = base.neighbors;
    go.k = base.k;
    plan.graphSeconds = kAuditWasmOverNative * NeighborIndex::estimatedGraphCost(rows, cols, go) / 1000.0;
    if (cv.budget >= 0.0 && plan.graphSeconds > cv.budget) plan.options.neighborChecks = false;
  }
  return plan;
}

bool auditGraphFeedsKnn(bool refit, const AuditPlan& plan) { return !refit && plan.options.neighborChecks; }

const AuditPlan* PipelineRun::auditPlan() const {
  const State& s = *m_state;  // auditPlan is made in train mode only
  return s.auditPlan && s.auditPlan->options.neighborChecks ? s.auditPlan.get() : nullptr;
}

const std::vector<MissingMarker>& PipelineRun::missingMarkers() const { return m_state->encoded.missingMarkers; }

Outcome PipelineRun::setAuditGraph(AuditNeighbors graph) {
  State& s = *m_state;
  if (!s.failed.ok()) return s.failed;
  if (!auditPlan()) return makeError(Status::InvalidArgument, "setAuditGraph: this run builds no audit graph");
  s.auditGraph = std::make_unique<AuditNeighbors>(std::move(graph));
  return {};
}

Outcome PipelineRun::buildAuditGraph() { return buildAuditGraphNow(false); }

bool PipelineRun::voteGraphUnit() const {
  const State& s = *m_state;
  return !s.options.audit && s.plan && s.plan->knnVote && !s.auditGraph && auditPlan();
}

Outcome PipelineRun::buildAuditGraphNow(bool withProgress) {
  State& s = *m_state;
  if (!s.failed.ok()) return s.failed;
  const AuditPlan* plan = auditPlan();
  if (!plan || s.completed) return makeError(Status::InvalidArgument, "buildAuditGraph: this run builds no audit graph");
  // Its progress: the audit's stage, or without the audit the cross-validation's last unit (see
  // finish()).
  const bool asUnit = withProgress && voteGraphUnit() && s.options.onProgress;
  const int units = asUnit ? static_cast<int>(s.plan->units.size()) : 0;
  const double before = asUnit ? s.plan->totalCost : 0.0, after = before + plan->graphSeconds;
  AuditOptions ao = plan->options;
  if (asUnit)
    ao.onProgress = [fn = s.options.onProgress, units, before, after](const Progress&) {
      return reportProgress(fn, "crossValidation", units, units + 1, "neighbour graph", before, after);
    };
  else if (withProgress && s.options.audit)
    ao.onProgress = s.options.onProgress;
  LABELCHECK_TRY(centreForAudit(s.encoded, s.auditCentred));
  const FeatureMatrix& f = s.auditFeatures();
  auto graph = f.isSparse ? labelcheck::buildAuditGraph(f.sparse, ao) : labelcheck::buildAuditGraph(f.dense, ao);
  if (!s.options.audit) s.auditCentred.reset();  // no checks to read the centred copy
  if (!graph.ok()) return std::move(graph).error();
  if (asUnit && !reportProgress(s.options.onProgress, "crossValidation", units + 1, units + 1, "neighbour graph", after, after))
    return cancelled();
  return setAuditGraph(std::move(graph).value());
}

Outcome PipelineRun::setAuditNonIid(NonIidAudit nonIid) {
  State& s = *m_state;
  if (!s.failed.ok()) return s.failed;
  if (!s.auditGraph || s.completed)
    return makeError(Status::InvalidArgument, "setAuditNonIid: no audit's graph was handed over (setAuditGraph)");
  s.auditNonIid = std::make_unique<NonIidAudit>(std::move(nonIid));
  return {};
}

Outcome PipelineRun::auditAllButNonIid() {
  State& s = *m_state;
  if (s.completed) return makeError(Status::InvalidArgument, "auditAllButNonIid(): complete() was already called");
  if (!s.failed.ok()) return s.failed;
  if (!s.auditGraph)
    return makeError(Status::InvalidArgument, "auditAllButNonIid(): no audit's graph was handed over (setAuditGraph)");
  LABELCHECK_TRY(findIssues());
  return s.options.audit ? auditChecksNow() : s.failed;
}

Outcome PipelineRun::auditChecksNow() {
  State& s = *m_state;
  if (s.auditChecked) return s.failed;
  s.auditChecked = true;
  s.auditStart = Clock::now();
  Outcome audited = centreForAudit(s.encoded, s.auditCentred);
  if (audited.ok())
    audited = auditStage(s.options, *s.auditPlan, s.auditFeatures(), std::move(s.missing), std::move(s.missingColumns),
                         s.auditGraph.get(), std::move(s.auditPrep), s.out);
  s.auditCentred.reset();  // the order-effects check left reads the graph only
  if (!audited.ok()) s.failed = audited;
  return audited;
}

Result<PipelineResult> checkLabels(std::string_view csvText, const PipelineOptions& options) {
  PipelineOptions o = options;
  o.csv.sizeHint = csvText.size();
  PipelineRun run(std::move(o));
  if (Outcome f = run.feed(csvText); !f.ok()) return f.error();
  return run.finish();
}

}  // namespace labelcheck
