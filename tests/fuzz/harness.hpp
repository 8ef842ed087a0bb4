// What each fuzz target does with one input, shared by the libFuzzer targets (fuzz_target.cpp) and the
// Catch2 regression test (tests/cpp/test_regressions.cpp), which replays the seed corpus and every
// input that once failed. Each function returns "" when the input was handled, or the invariant
// that did not hold; crashes, leaks and undefined behaviour are the sanitizers' to report.
//
// Inputs are decoded by ByteReader: a few leading bytes pick sizes and options, the rest is data.
// Reading past the end yields zeros, so every byte string is a valid input.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/confident_joint.hpp"
#include "labelcheck/cross_validation.hpp"
#include "labelcheck/csv.hpp"
#include "labelcheck/encode.hpp"
#include "labelcheck/filter.hpp"
#include "labelcheck/health.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/logistic_regression.hpp"
#include "labelcheck/noise.hpp"
#include "labelcheck/rank.hpp"
#include "labelcheck/validate.hpp"

namespace labelcheck::fuzz {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}
  uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
  size_t remaining() const { return m_size - std::min(m_pos, m_size); }
  std::string_view rest() {
    std::string_view s(reinterpret_cast<const char*>(m_data) + std::min(m_pos, m_size), remaining());
    m_pos = m_size;
    return s;
  }

 private:
  const uint8_t* m_data;
  size_t m_size;
  size_t m_pos = 0;
};

#define LABELCHECK_FUZZ_EXPECT(cond)                                             \
  do {                                                                           \
    if (!(cond)) return std::string(__func__) + ": " #cond " (line " + std::to_string(__LINE__) + ")"; \
  } while (0)
#define LABELCHECK_FUZZ_PASS(expr)                  \
  do {                                              \
    std::string lc_fuzz_msg_ = (expr);              \
    if (!lc_fuzz_msg_.empty()) return lc_fuzz_msg_; \
  } while (0)

// Every failure must carry a real code: Internal means an invariant of the core broke.
inline bool acceptableError(const Error& e) { return e.status != Status::Ok && e.status != Status::Internal; }

inline bool sameDouble(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0;
}

// ---------------------------------------------------------------------------------------------
// CSV: options from two bytes, the rest is the text. Parsed whole and in chunks (the results must
// be identical), then the table's invariants are checked.

inline std::string checkTable(const Table& t, size_t inputSize) {
  const Index n = t.rowCount();
  LABELCHECK_FUZZ_EXPECT(t.rowEnds.size() == size_t(n) && t.rowLines.size() == size_t(n));
  for (Index r = 0; r < n; ++r) {
    LABELCHECK_FUZZ_EXPECT(t.rowOffsets[r] <= t.rowEnds[r] && t.rowEnds[r] <= inputSize);
    LABELCHECK_FUZZ_EXPECT(t.rowLines[r] >= 1);
    if (r > 0) LABELCHECK_FUZZ_EXPECT(t.rowOffsets[r] >= t.rowEnds[r - 1] && t.rowLines[r] > t.rowLines[r - 1]);
  }
  for (const Column& c : t.columns) {
    LABELCHECK_FUZZ_EXPECT(c.size() == n);
    LABELCHECK_FUZZ_EXPECT(c.missing >= 0 && c.missing <= n && c.nonFinite <= c.missing);
    Index missing = 0;
    for (Index i = 0; i < n; ++i) missing += c.isMissing(i);
    if (c.kind == ColumnKind::Numeric) {
      Index nan = 0;
      for (double v : c.numbers) nan += std::isnan(v);
      LABELCHECK_FUZZ_EXPECT(nan == c.missing);
      for (double v : c.numbers) LABELCHECK_FUZZ_EXPECT(std::isnan(v) || std::isfinite(v));
    } else if (c.kind == ColumnKind::Categorical) {
      LABELCHECK_FUZZ_EXPECT(missing == c.missing);
      std::vector<uint8_t> seen(c.levels.size(), 0);
      for (int32_t code : c.codes) {
        LABELCHECK_FUZZ_EXPECT(code >= -1 && code < static_cast<int32_t>(c.levels.size()));
        if (code >= 0) seen[size_t(code)] = 1;
      }
      for (uint8_t s : seen) LABELCHECK_FUZZ_EXPECT(s == 1);  // no unused level
      LABELCHECK_FUZZ_EXPECT(c.distinct == Index(c.levels.size()));
    } else {
      LABELCHECK_FUZZ_EXPECT(c.strings.size() == n);
    }
  }
  for (const SkippedRow& s : t.meta.skippedRows) LABELCHECK_FUZZ_EXPECT(s.line >= 1 && s.offset <= inputSize);
  return "";
}

inline std::string sameTables(const Table& a, const Table& b) {
  LABELCHECK_FUZZ_EXPECT(a.rowOffsets == b.rowOffsets && a.rowEnds == b.rowEnds && a.rowLines == b.rowLines);
  LABELCHECK_FUZZ_EXPECT(a.columnCount() == b.columnCount());
  for (Index j = 0; j < a.columnCount(); ++j) {
    const Column& x = a.columns[size_t(j)];
    const Column& y = b.columns[size_t(j)];
    LABELCHECK_FUZZ_EXPECT(x.name == y.name && x.kind == y.kind && x.missing == y.missing);
    LABELCHECK_FUZZ_EXPECT(x.nonFinite == y.nonFinite && x.distinct == y.distinct && x.reason == y.reason);
    LABELCHECK_FUZZ_EXPECT(x.numbers.size() == y.numbers.size());
    for (size_t i = 0; i < x.numbers.size(); ++i) LABELCHECK_FUZZ_EXPECT(sameDouble(x.numbers[i], y.numbers[i]));
    LABELCHECK_FUZZ_EXPECT(x.codes == y.codes && x.levels == y.levels);
    LABELCHECK_FUZZ_EXPECT(x.strings.bytes == y.strings.bytes && x.strings.ends == y.strings.ends);
  }
  const CsvMeta& m = a.meta;
  const CsvMeta& o = b.meta;
  LABELCHECK_FUZZ_EXPECT(m.delimiter == o.delimiter && m.delimiterDetected == o.delimiterDetected);
  LABELCHECK_FUZZ_EXPECT(m.linebreak == o.linebreak && m.encoding == o.encoding && m.bomStripped == o.bomStripped);
  LABELCHECK_FUZZ_EXPECT(m.bytes == o.bytes && m.headerLine == o.headerLine && m.blankLines == o.blankLines);
  LABELCHECK_FUZZ_EXPECT(m.renamedColumns.size() == o.renamedColumns.size());
  LABELCHECK_FUZZ_EXPECT(m.skippedRows.size() == o.skippedRows.size());
  for (size_t i = 0; i < m.skippedRows.size(); ++i) {
    LABELCHECK_FUZZ_EXPECT(m.skippedRows[i].line == o.skippedRows[i].line);
    LABELCHECK_FUZZ_EXPECT(m.skippedRows[i].offset == o.skippedRows[i].offset);
    LABELCHECK_FUZZ_EXPECT(m.skippedRows[i].message == o.skippedRows[i].message);
  }
  return "";
}

// byte 0: bits 0-2 delimiter (auto , ; \t | and one invalid), bit 3 no header, bit 4 skip bad rows,
//         bit 5 quote '\'', bits 6-7 a small limit (columns, field bytes or rows)
// byte 1: chunk size for the chunked pass (1..32)
inline CsvOptions csvOptionsFrom(uint8_t b) {
  static const char kDelims[8] = {0, ',', ';', '\t', '|', 'x', 0, ','};
  CsvOptions o;
  o.delimiter = kDelims[b & 7];
  o.header = !(b & 8);
  o.onBadRow = (b & 16) ? BadRowPolicy::Skip : BadRowPolicy::Error;
  if (b & 32) o.quote = '\'';
  switch (b >> 6) {
    case 1: o.maxColumns = 6; break;
    case 2: o.maxFieldBytes = 24; break;
    case 3: o.maxRows = 7; break;
    default: break;
  }
  return o;
}

inline std::string fuzzCsv(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  const CsvOptions options = csvOptionsFrom(in.byte());
  const size_t chunk = 1 + in.byte() % 32;
  const std::string_view text = in.rest();

  Result<Table> whole = parseCsv(text, options);
  CsvReader reader(options);
  for (size_t at = 0; at < text.size(); at += chunk) {
    if (!reader.feed(text.substr(at, chunk)).ok()) break;
  }
  Result<Table> chunked = reader.finish();

  LABELCHECK_FUZZ_EXPECT(whole.status() == chunked.status());
  if (!whole.ok()) {
    const Error& a = whole.error();
    const Error& b = chunked.error();
    LABELCHECK_FUZZ_EXPECT(acceptableError(a));
    LABELCHECK_FUZZ_EXPECT(a.message == b.message && a.line == b.line && a.column == b.column);
    LABELCHECK_FUZZ_EXPECT(a.line == -1 || a.column >= 1);
    return "";
  }
  LABELCHECK_FUZZ_PASS(checkTable(whole.value(), text.size()));
  LABELCHECK_FUZZ_PASS(sameTables(whole.value(), chunked.value()));
  return "";
}

// ---------------------------------------------------------------------------------------------
// Encoding: parse (skipping bad rows), then encode with a label column and features chosen by
// the leading bytes, then fit an encoder on half the rows and transform all of them.

inline std::string checkFeatureMatrix(const FeatureMatrix& m, Index rows, Index cols) {
  LABELCHECK_FUZZ_EXPECT(m.rows() == rows && m.cols() == cols);
  if (m.isSparse) {
    LABELCHECK_FUZZ_EXPECT(isValidSparseRows(m.sparse) && m.dense.size() == 0);
    for (Index r = 0; r < rows; ++r)
      for (int64_t p = m.sparse.rowPtr[size_t(r)]; p < m.sparse.rowPtr[size_t(r) + 1]; ++p) {
        LABELCHECK_FUZZ_EXPECT(m.sparse.values[size_t(p)] != 0.0);  // no explicit zeros
        if (p > m.sparse.rowPtr[size_t(r)]) LABELCHECK_FUZZ_EXPECT(m.sparse.cols[size_t(p)] > m.sparse.cols[size_t(p) - 1]);
      }
  } else {
    LABELCHECK_FUZZ_EXPECT(m.dense.allFinite());
  }
  return "";
}

// byte 0: CSV options (as fuzzCsv, bad rows always skipped, no small limits)
// byte 1: label column (index modulo the column count); bit 7 of byte 2 set: by name
// byte 2: bits 0-6 feature columns (bit j: column j) when bit 6 of byte 3 is set, else all
// byte 3: bits 0-5 maxCategories - 1 (0 means 0: invalid), bit 7 no bigrams
// byte 4: bits 0-3 textHashBits (0..10, or 25 / 31: errors), bit 5 no identifier detection
inline std::string fuzzEncode(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  CsvOptions options = csvOptionsFrom(static_cast<uint8_t>(in.byte() & 0x3F));
  options.onBadRow = BadRowPolicy::Skip;
  const uint8_t labelByte = in.byte(), featureByte = in.byte(), catByte = in.byte(), hashByte = in.byte();
  options.typing.detectIdentifiers = !(hashByte & 32);
  const std::string_view text = in.rest();

  Result<Table> parsed = parseCsv(text, options);
  if (!parsed.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(parsed.error()));
    return "";
  }
  const Table& table = parsed.value();
  if (table.columnCount() == 0) return "";

  FeatureSpec spec;
  const Index labelIndex = labelByte % table.columnCount();
  spec.label = (featureByte & 0x80) ? ColumnRef::byName(table.columns[size_t(labelIndex)].name)
                                    : ColumnRef::byIndex(labelIndex);
  if (catByte & 0x40)
    for (Index j = 0; j < std::min<Index>(7, table.columnCount()); ++j)
      if (featureByte & (1u << j)) spec.features.push_back(ColumnRef::byIndex(j));
  spec.maxCategories = catByte & 0x3F;
  spec.textBigrams = !(catByte & 0x80);
  // 0..10 buckets bits, or out of range (0, 25, 31): 2^bits feature names per text column make
  // larger values slow without exercising anything new.
  spec.textHashBits = (hashByte & 15) <= 10 ? (hashByte & 15) : (hashByte & 1) ? 25 : 31;

  Result<EncodedFeatures> encoded = encodeFeatures(table, spec);
  if (!encoded.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(encoded.error()));
    return "";
  }
  const EncodedFeatures& e = encoded.value();
  const Index N = e.labels.size();
  const Index D = static_cast<Index>(e.featureNames.size());
  LABELCHECK_FUZZ_EXPECT(N >= 1 && Index(e.sourceRows.size()) == N);
  LABELCHECK_FUZZ_EXPECT(N + Index(e.excludedRows.size()) == table.rowCount());
  LABELCHECK_FUZZ_EXPECT(e.classCount() >= 1);
  for (Index i = 0; i < N; ++i) {
    LABELCHECK_FUZZ_EXPECT(e.labels[i] >= 0 && e.labels[i] < e.classCount());
    LABELCHECK_FUZZ_EXPECT(e.sourceRows[size_t(i)] >= 0 && e.sourceRows[size_t(i)] < table.rowCount());
    if (i > 0) LABELCHECK_FUZZ_EXPECT(e.sourceRows[size_t(i)] > e.sourceRows[size_t(i) - 1]);
  }
  std::vector<uint8_t> used(size_t(e.classCount()), 0);
  for (Index i = 0; i < N; ++i) used[size_t(e.labels[i])] = 1;
  for (uint8_t u : used) LABELCHECK_FUZZ_EXPECT(u == 1);  // every class name is some row's label
  LABELCHECK_FUZZ_EXPECT(Index(e.columns.size()) == table.columnCount());
  LABELCHECK_FUZZ_PASS(checkFeatureMatrix(e.features, N, D));

  // Refit on every other example, transform all of them: same columns, same finiteness.
  std::vector<Index> half;
  for (Index i = 0; i < N; i += 2) half.push_back(e.sourceRows[size_t(i)]);
  FeatureEncoder encoder;
  Outcome fitted = encoder.fit(table, spec, half);
  if (!fitted.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(fitted.error()));
    return "";
  }
  Result<FeatureMatrix> transformed = encoder.transform(table, e.sourceRows);
  LABELCHECK_FUZZ_EXPECT(transformed.ok());
  LABELCHECK_FUZZ_PASS(checkFeatureMatrix(transformed.value(), N, encoder.featureCount()));
  return "";
}

// ---------------------------------------------------------------------------------------------
// Confident Learning: labels and probabilities from bytes, every entry point, float64 and float32.

// Probability values that exercise validation and the edge of the tolerance.
// The non-zero entries of X as sparse rows (the same rows, for the sparse code paths).
inline SparseRows sparseOf(const RealMatrix& X) {
  SparseRows S;
  S.nCols = X.cols();
  for (Index i = 0; i < X.rows(); ++i) {
    for (Index d = 0; d < X.cols(); ++d)
      if (X(i, d) != 0.0) {
        S.values.push_back(X(i, d));
        S.cols.push_back(int32_t(d));
      }
    S.rowPtr.push_back(int64_t(S.values.size()));
  }
  return S;
}

inline double specialValue(uint8_t b) {
  static const double kSpecial[16] = {
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), -1e-7, -2e-6, 1 + 1e-7, 1 + 2e-6, -0.0,
      std::numeric_limits<double>::denorm_min(), 1e-300, 1e-7, 1 - 1e-7, 0.5, 1.0, 0.0, 1e300};
  return kSpecial[b % 16];
}

struct ClInputs {
  LabelVector labels;
  std::vector<double> p64;
  std::vector<float> p32;
  Index N = 0, K = 0;
  bool normalized = true;  // rows sum to 1 (no special values)
};

// byte 0: K - 1 (low 3 bits; 1..8 classes)
// byte 1: flags: bit 0 raw labels (signed bytes, may be out of range), bit 1 raw probabilities
//         (a byte >= 240 becomes a special value: NaN, inf, slightly outside [0, 1]...)
// Then per row: one label byte, K weight bytes; each row is normalised to sum 1 (uniform if the
// weights are all zero). N = remaining bytes / (K + 1), at most 256.
inline ClInputs clInputsFrom(ByteReader& in) {
  ClInputs x;
  x.K = 1 + (in.byte() & 7);
  const uint8_t flags = in.byte();
  x.normalized = !(flags & 2);
  x.N = std::min<Index>(Index(in.remaining() / size_t(x.K + 1)), 256);
  x.labels.resize(x.N);
  x.p64.resize(size_t(x.N * x.K));
  std::vector<uint8_t> raw(size_t(x.K));
  for (Index i = 0; i < x.N; ++i) {
    const uint8_t lb = in.byte();
    x.labels[i] = (flags & 1) ? int32_t(int8_t(lb)) : int32_t(lb % x.K);
    double* row = x.p64.data() + i * x.K;
    double sum = 0;
    for (Index k = 0; k < x.K; ++k) sum += (raw[size_t(k)] = in.byte());
    for (Index k = 0; k < x.K; ++k) {
      row[k] = sum > 0 ? raw[size_t(k)] / sum : 1.0 / double(x.K);
      if ((flags & 2) && raw[size_t(k)] >= 240) row[k] = specialValue(raw[size_t(k)]);
    }
  }
  x.p32.assign(x.p64.begin(), x.p64.end());
  return x;
}

inline std::string checkIssues(const LabelIssues& r, Index N, bool ranked) {
  LABELCHECK_FUZZ_EXPECT(Index(r.isLabelIssue.size()) == N);
  Index flagged = 0;
  for (uint8_t m : r.isLabelIssue) {
    LABELCHECK_FUZZ_EXPECT(m <= 1);
    flagged += m;
  }
  LABELCHECK_FUZZ_EXPECT(r.indices.size() == flagged);
  std::vector<uint8_t> seen(size_t(N), 0);
  for (Index j = 0; j < r.indices.size(); ++j) {
    const Index i = r.indices[j];
    LABELCHECK_FUZZ_EXPECT(i >= 0 && i < N && r.isLabelIssue[size_t(i)] && !seen[size_t(i)]);
    seen[size_t(i)] = 1;
    if (!ranked && j > 0) LABELCHECK_FUZZ_EXPECT(r.indices[j - 1] < i);
  }
  return "";
}

// Every Confident Learning entry point on one (labels, predProbs). The options come from `opt`.
// `normalized`: every row sums to 1 (no special values), so every score must be finite when K >= 2
// (with K = 1 the normalised entropy is 0 / log 1 = NaN, as in cleanlab).
inline std::string clAllEntryPoints(const LabelVector& labelVector, const PredProbs& pp, const uint8_t opt[6],
                                    bool normalized) {
  const Labels labels = Labels::of(labelVector);
  const Index N = labels.size, K = pp.cols;
  const Outcome valid = validateInputs(labels, pp, ClassCountRule::AnyCount);
  if (!valid.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(valid.error()));

  // A failure must carry a real code; a success needs valid inputs.
#define LABELCHECK_FUZZ_RESULT(r)                             \
  if (!(r).ok()) LABELCHECK_FUZZ_EXPECT(acceptableError((r).error())); \
  else LABELCHECK_FUZZ_EXPECT(valid.ok())

  auto thresholds = getConfidentThresholds(labels, pp);
  LABELCHECK_FUZZ_RESULT(thresholds);
  if (thresholds.ok()) LABELCHECK_FUZZ_EXPECT(thresholds.value().size() == K);

  for (int variant = 0; variant < 4; ++variant) {
    ConfidentJointOptions co;
    co.calibrate = variant & 1;
    co.returnIndicesOfOffDiagonals = variant & 2;
    auto cj = computeConfidentJoint(labels, pp, co);
    LABELCHECK_FUZZ_RESULT(cj);
    if (!cj.ok()) continue;
    LABELCHECK_FUZZ_EXPECT(cj.value().joint.rows() == K && cj.value().joint.cols() == K);
    for (Index r : cj.value().offDiagonalRows) LABELCHECK_FUZZ_EXPECT(r >= 0 && r < N);
    auto calibrated = calibrateConfidentJoint(cj.value().joint, labels);
    LABELCHECK_FUZZ_RESULT(calibrated);
    auto joint = estimateJoint(cj.value().joint, labels);
    LABELCHECK_FUZZ_RESULT(joint);
    for (PyMethod m : {PyMethod::Cnt, PyMethod::Eqn, PyMethod::Marginal, PyMethod::MarginalPs}) {
      LatentOptions lo;
      lo.pyMethod = m;
      lo.convergeLatentEstimates = variant & 1;
      auto latent = estimateLatent(cj.value().joint, labels, lo);
      if (!latent.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(latent.error()));
      else LABELCHECK_FUZZ_EXPECT(latent.value().py.size() == K && latent.value().noiseMatrix.rows() == K);
    }
  }
  auto joint = estimateJoint(labels, pp);
  LABELCHECK_FUZZ_RESULT(joint);

  NoiseEstimationOptions no;
  no.pyMethod = static_cast<PyMethod>(opt[0] % 4);
  no.convergeLatentEstimates = opt[0] & 4;
  no.calibrate = opt[0] & 8;
  auto noise = estimatePyAndNoiseMatricesFromProbabilities(labels, pp, no);
  if (!noise.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(noise.error()));
  else LABELCHECK_FUZZ_EXPECT(noise.value().py.size() == K && noise.value().inverseNoiseMatrix.cols() == K);

  for (NumLabelIssuesMethod m : {NumLabelIssuesMethod::OffDiagonal, NumLabelIssuesMethod::OffDiagonalCalibrated}) {
    auto n = numLabelIssues(labels, pp, m);
    if (!n.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(n.error()));
    else LABELCHECK_FUZZ_EXPECT(n.value() >= 0 && n.value() <= N);
  }

  for (ScoreMethod method : {ScoreMethod::SelfConfidence, ScoreMethod::NormalizedMargin,
                             ScoreMethod::ConfidenceWeightedEntropy}) {
    for (bool adjust : {false, true}) {
      auto scores = getLabelQualityScores(labels, pp, ScoreOptions{method, adjust});
      if (!scores.ok()) {
        LABELCHECK_FUZZ_EXPECT(acceptableError(scores.error()));
        continue;
      }
      LABELCHECK_FUZZ_EXPECT(valid.ok() && scores.value().size() == N);
      if (normalized && K >= 2) LABELCHECK_FUZZ_EXPECT(scores.value().allFinite());
    }
  }

  // findLabelIssues with every filter; the other options from opt[1..5].
  const FilterBy filters[] = {FilterBy::PruneByNoiseRate, FilterBy::PruneByClass, FilterBy::Both,
                              FilterBy::ConfidentLearning, FilterBy::PredictedNeqGiven,
                              FilterBy::LowNormalizedMargin, FilterBy::LowSelfConfidence};
  for (FilterBy f : filters) {
    FindLabelIssuesOptions o;
    o.filterBy = f;
    o.fracNoise = (opt[1] & 0x80) ? 1.0 : (opt[1] & 0x7F) / 100.0;  // 0 (invalid) .. 1.27 (invalid)
    o.minExamplesPerClass = opt[2] % 8;
    if (opt[3] & 0x80) {  // numToRemovePerClass: K entries from opt[4] and the row count
      for (Index k = 0; k < K; ++k) o.numToRemovePerClass.push_back(int64_t((opt[4] * (k + 1)) % (N + 2)));
      if (opt[3] & 0x40) o.numToRemovePerClass.back() = -1;
    }
    if (opt[5] % 4 != 3) o.rankBy = static_cast<ScoreMethod>(opt[5] % 4);
    o.adjustPredProbs = opt[5] & 4;
    auto issues = findLabelIssues(labels, pp, o);
    if (!issues.ok()) {
      LABELCHECK_FUZZ_EXPECT(acceptableError(issues.error()));
      continue;
    }
    LABELCHECK_FUZZ_EXPECT(valid.ok());
    LABELCHECK_FUZZ_PASS(checkIssues(issues.value(), N, o.rankBy.has_value()));
    auto ordered = orderLabelIssues(issues.value().isLabelIssue, labels, pp, ScoreOptions{});
    if (!ordered.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(ordered.error()));
    else LABELCHECK_FUZZ_EXPECT(ordered.value().size() == issues.value().indices.size());
  }

  for (bool asymmetric : {false, true}) {
    auto health = healthSummary(labels, pp, asymmetric);
    if (!health.ok()) {
      LABELCHECK_FUZZ_EXPECT(acceptableError(health.error()));
      continue;
    }
    const HealthSummary& h = health.value();
    LABELCHECK_FUZZ_EXPECT(Index(h.classesByLabelQuality.size()) == K);
    LABELCHECK_FUZZ_EXPECT(h.joint.rows() == K && h.joint.cols() == K && h.joint.allFinite());
    LABELCHECK_FUZZ_EXPECT(std::isfinite(h.overallLabelHealthScore));
    const Index pairs = asymmetric ? K * (K - 1) : K * (K - 1) / 2;
    LABELCHECK_FUZZ_EXPECT(Index(h.overlappingClasses.size()) == pairs);
    auto overlapping = findOverlappingClasses(labels, pp, asymmetric);
    LABELCHECK_FUZZ_EXPECT(overlapping.ok());
  }
  auto ranked = rankClassesByLabelQuality(labels, pp);
  LABELCHECK_FUZZ_RESULT(ranked);
  auto overall = overallLabelHealthScore(labels, pp);
  if (!overall.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(overall.error()));
#undef LABELCHECK_FUZZ_RESULT
  return "";
}

// bytes 0-5: options (see clAllEntryPoints), then the inputs (see clInputsFrom). The same inputs
// run as float64 and as float32. A count matrix from the same bytes also goes through
// calibrateConfidentJoint and estimateLatent directly (negative counts must be rejected).
inline std::string fuzzConfidentLearning(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  uint8_t opt[6];
  for (uint8_t& b : opt) b = in.byte();
  const ClInputs x = clInputsFrom(in);
  if (x.N == 0) return "";
  LABELCHECK_FUZZ_PASS(clAllEntryPoints(x.labels, PredProbs::f64(x.p64.data(), x.N, x.K), opt, x.normalized));
  LABELCHECK_FUZZ_PASS(clAllEntryPoints(x.labels, PredProbs::f32(x.p32.data(), x.N, x.K), opt, x.normalized));

  CountMatrix counts(x.K, x.K);
  for (Index i = 0; i < x.K * x.K; ++i) {
    const double v = x.p64[size_t(i % Index(x.p64.size()))];
    counts.data()[i] = std::abs(v) <= 2 ? int64_t(v * 64) - (opt[0] & 0x80 ? 8 : 0) : int64_t(1) << 40;
  }
  const Labels labels = Labels::of(x.labels);
  auto calibrated = calibrateConfidentJoint(counts, labels);
  if (!calibrated.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(calibrated.error()));
  for (PyMethod m : {PyMethod::Cnt, PyMethod::Eqn, PyMethod::Marginal, PyMethod::MarginalPs}) {
    LatentOptions lo;
    lo.pyMethod = m;
    lo.convergeLatentEstimates = opt[0] & 0x40;
    auto latent = estimateLatent(counts, labels, lo);
    if (!latent.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(latent.error()));
  }
  auto joint = estimateJoint(counts, labels);
  if (!joint.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(joint.error()));

  std::vector<double> numbers(size_t(x.N));
  for (Index i = 0; i < x.N; ++i) numbers[size_t(i)] = x.p64[size_t(i * x.K)] * 3 - 0.5 + x.labels[i];
  auto fromNumbers = labelsFromNumbers(numbers.data(), x.N);
  if (!fromNumbers.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(fromNumbers.error()));
  return "";
}

// ---------------------------------------------------------------------------------------------
// Models on tiny inputs: logistic regression, kNN, nearest neighbours, folds, cross-validation.

inline std::string checkProba(const RealMatrix& p, Index N, Index K) {
  LABELCHECK_FUZZ_EXPECT(p.rows() == N && p.cols() == K);
  LABELCHECK_FUZZ_EXPECT(p.allFinite());
  for (Index i = 0; i < N; ++i) {
    LABELCHECK_FUZZ_EXPECT(std::abs(p.row(i).sum() - 1.0) < 1e-9);
    LABELCHECK_FUZZ_EXPECT(p.row(i).minCoeff() >= 0.0);
  }
  return "";
}

// estimateCvPredictedProbabilitiesInPlace on a copy of X against the copying variant's result
// `expected`: the same error or bit-identical probabilities, and the copy restored byte for byte
// (NaN and infinities included, hence memcmp).
inline std::string sameAsInPlace(const RealMatrix& X, const LabelVector& y, int K, const CvOptions& cv,
                                 const Result<CvResult>& expected) {
  RealMatrix moved = X;
  CvOptions single = cv;  // one thread in place against `expected`, made with cv.threads
  single.threads = 1;
  auto got = estimateCvPredictedProbabilitiesInPlace(moved, y, K, single);
  LABELCHECK_FUZZ_EXPECT(std::memcmp(moved.data(), X.data(), sizeof(double) * size_t(X.size())) == 0);
  LABELCHECK_FUZZ_EXPECT(got.ok() == expected.ok());
  if (!got.ok()) {
    LABELCHECK_FUZZ_EXPECT(got.error().status == expected.error().status);
    return "";
  }
  const RealMatrix& a = got.value().predProbs;
  const RealMatrix& b = expected.value().predProbs;
  LABELCHECK_FUZZ_EXPECT(a.rows() == b.rows() && a.cols() == b.cols());
  LABELCHECK_FUZZ_EXPECT(std::memcmp(a.data(), b.data(), sizeof(double) * size_t(a.size())) == 0);
  return "";
}

// byte 0: K - 1 (low 2 bits; 1..4 classes), bits 2-4: D - 1 (1..8 features)
// byte 1: flags: bit 0 raw labels, bit 1 special feature values (NaN, inf, 1e300...) for bytes
//         >= 248, bit 2 cosine metric, bits 3-4 CV model (logistic, knn, auto), bit 5 no warm start,
//         bit 6 cross-validate the sparse rows (else the dense ones)
// byte 2: folds (2..6 from bits 0-2; 7 means 1: invalid), bits 3-7: kNN k - 1 (0..31, 0 = 1)
// byte 3: seed; byte 4: C = (byte + 1) / 32, maxIter = 1 + byte % 20
// Then per row: a label byte and D feature bytes (signed, / 16). N = remaining / (D + 1), <= 48.
inline std::string fuzzModels(const uint8_t* data, size_t size) {
  ByteReader in(data, size);
  const uint8_t shape = in.byte(), flags = in.byte(), folds = in.byte(), seed = in.byte(), lrByte = in.byte();
  const int K = 1 + (shape & 3);
  const Index D = 1 + ((shape >> 2) & 7);
  const Index N = std::min<Index>(Index(in.remaining() / size_t(D + 1)), 48);
  if (N == 0) return "";
  LabelVector y(N);
  RealMatrix X(N, D);
  for (Index i = 0; i < N; ++i) {
    const uint8_t lb = in.byte();
    y[i] = (flags & 1) ? int32_t(int8_t(lb)) : int32_t(lb % K);
    for (Index d = 0; d < D; ++d) {
      const uint8_t b = in.byte();
      X(i, d) = (flags & 2) && b >= 248 ? specialValue(b) : double(int8_t(b)) / 16.0;
    }
  }
  const SparseRows S = sparseOf(X);
  bool labelsValid = true;
  for (Index i = 0; i < N; ++i) labelsValid = labelsValid && y[i] >= 0 && y[i] < K;
  const bool finite = X.allFinite();

  LogisticRegressionParams lp;
  lp.C = (lrByte + 1) / 32.0;
  lp.maxIter = 1 + lrByte % 20;
  {
    LogisticRegression lr(lp);
    Outcome o = lr.fit(X, y, K);
    if (!o.ok()) {
      LABELCHECK_FUZZ_EXPECT(acceptableError(o.error()));
      LABELCHECK_FUZZ_EXPECT(!labelsValid || !finite);
    } else {
      LABELCHECK_FUZZ_PASS(checkProba(lr.predictProba(X), N, K));
    }
    LogisticRegression sparse(lp);
    Outcome os = sparse.fit(S, y, K);
    if (!os.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(os.error()));
    else LABELCHECK_FUZZ_PASS(checkProba(sparse.predictProba(S), N, K));
  }

  KnnParams kp;
  kp.k = 1 + (folds >> 3);
  kp.metric = (flags & 4) ? KnnMetric::Cosine : KnnMetric::Euclidean;
  {
    KnnClassifier knn(kp);
    Outcome o = knn.fit(X, y, K);
    if (!o.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(o.error()));
    else LABELCHECK_FUZZ_PASS(checkProba(knn.predictProba(X), N, K));
    KnnClassifier sparse(kp);
    Outcome os = sparse.fit(S, y, K);
    if (!os.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(os.error()));
    else LABELCHECK_FUZZ_PASS(checkProba(sparse.predictProba(S), N, K));
  }

  std::vector<Index> queries;
  for (Index i = 0; i < N; i += 1 + seed % 3) queries.push_back(i);
  for (int sparse = 0; sparse < 2; ++sparse) {
    auto nn = sparse ? nearestNeighbors(S, queries, kp.k) : nearestNeighbors(X, queries, kp.k, kp.metric);
    if (!nn.ok()) {
      LABELCHECK_FUZZ_EXPECT(acceptableError(nn.error()));
      continue;
    }
    const Neighbors& n = nn.value();
    LABELCHECK_FUZZ_EXPECT(n.indices.rows() == Index(queries.size()) && n.indices.cols() == n.distances.cols());
    for (Index q = 0; q < n.indices.rows(); ++q)
      for (Index j = 0; j < n.indices.cols(); ++j) {
        const int64_t r = n.indices(q, j);
        LABELCHECK_FUZZ_EXPECT(r >= -1 && r < N && r != queries[size_t(q)]);
        if (r >= 0) LABELCHECK_FUZZ_EXPECT(!std::isnan(n.distances(q, j)));
      }
  }

  const int nFolds = (folds & 7) == 7 ? 1 : 2 + (folds & 7);
  auto foldOf = stratifiedKFold(y, K, nFolds, seed);
  if (!foldOf.ok()) LABELCHECK_FUZZ_EXPECT(acceptableError(foldOf.error()));
  else
    for (int32_t f : foldOf.value()) LABELCHECK_FUZZ_EXPECT(f >= 0 && f < nFolds);

  CvOptions cv;
  cv.nFolds = nFolds;
  cv.seed = seed;
  cv.model = static_cast<CvModel>((flags >> 3) & 3);  // logistic, knn, gbdt, auto
  cv.logistic = lp;
  cv.knn = kp;
  cv.gbdt.maxIter = 1 + seed % 8;  // keep a fuzz run fast
  cv.threads = (flags & 32) ? 2 : 1;  // any thread count gives the same bits (checked below)
  auto r = (flags & 64) ? estimateCvPredictedProbabilities(S, y, K, cv) : estimateCvPredictedProbabilities(X, y, K, cv);
  if (!r.ok()) {
    LABELCHECK_FUZZ_EXPECT(acceptableError(r.error()));
  } else {
    LABELCHECK_FUZZ_PASS(checkProba(r.value().predProbs, N, K));
    LABELCHECK_FUZZ_EXPECT(Index(r.value().foldOf.size()) == N);
  }
  if (flags & 64) return "";
  // The pipeline's in-place variant (rows moved within X per fold) must give the same outcome
  // to the bit and leave X as it was, with and without rows left out of training.
  LABELCHECK_FUZZ_PASS(sameAsInPlace(X, y, K, cv, r));
  for (Index i = 0; i < N; ++i) cv.excludeFromTraining.push_back((i * 7 + seed) % 4 == 0);
  LABELCHECK_FUZZ_PASS(sameAsInPlace(X, y, K, cv, estimateCvPredictedProbabilities(X, y, K, cv)));
  return "";
}

}  // namespace labelcheck::fuzz
