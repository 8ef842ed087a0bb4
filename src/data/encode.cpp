// Feature encoding: label classes, numeric imputation + scaling, one-hot, hashed TF-IDF.
#include "labelcheck/encode.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "labelcheck/csv_write.hpp"

namespace labelcheck {

struct FeatureEncoder::Block {
  Index column = 0;  // table column at fit time (for reports)
  std::string name;
  ColumnKind kind = ColumnKind::Numeric;
  Index first = 0;  // first output feature
  Index count = 0;  // output features
  // Numeric
  bool keepValue = false;
  bool indicator = false;
  double median = 0, mean = 0, scale = 1;
  // Categorical: kept levels in output order, then <other>, then <missing>
  std::vector<std::string> kept;
  bool other = false;
  bool missingSlot = false;
  std::vector<double> shares;  // of the kept levels, then of <other>, among the rows with a value
  // Text
  int bits = 0;
  bool bigrams = true;
  std::vector<double> idf;
};

namespace {

std::string formatNumber(double v) {
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string rowWhere(Index row, const Table& t) {
  return "row " + std::to_string(t.fileRow(row)) + " (line " + std::to_string(t.rowLines[static_cast<size_t>(row)]) + ")";
}

}  // namespace

LabelCoding codeLabels(const Column& c) {
  LabelCoding out;
  const Index n = c.size();
  out.perRow.assign(static_cast<size_t>(n), -1);
  if (c.kind == ColumnKind::Numeric) {
    std::vector<double> distinct;
    for (double v : c.numbers)
      if (!std::isnan(v)) distinct.push_back(v);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (Index i = 0; i < n; ++i) {
      const double v = c.numbers[static_cast<size_t>(i)];
      if (std::isnan(v)) continue;
      out.perRow[static_cast<size_t>(i)] =
          static_cast<int32_t>(std::lower_bound(distinct.begin(), distinct.end(), v) - distinct.begin());
    }
    for (double v : distinct) out.names.push_back(formatNumber(v));
    return out;
  }
  // Strings: codes in order of first appearance, then renumbered in sorted order.
  std::vector<int32_t> firstSeen(static_cast<size_t>(n), -1);
  std::vector<std::string_view> values;
  if (c.kind == ColumnKind::Categorical) {
    for (const std::string& l : c.levels) values.emplace_back(l);
    firstSeen.assign(c.codes.begin(), c.codes.end());
  } else {
    std::unordered_map<std::string_view, int32_t> seen;
    for (Index i = 0; i < n; ++i) {
      const std::string_view t = trimAscii(c.strings.at(i));
      if (isMissingToken(t)) continue;
      auto [it, inserted] = seen.emplace(t, static_cast<int32_t>(values.size()));
      if (inserted) values.push_back(t);
      firstSeen[static_cast<size_t>(i)] = it->second;
    }
  }
  // Spellings of one number ("1", "1.0", "1e0") are one class, as they are when every label is a
  // number (a numeric column); the first spelling in the file names it. Other text stays exact.
  // Keyed by the number's shortest exact text in the string map type used above (a new map or
  // sort type would cost the WebAssembly module kilobytes).
  {
    std::vector<std::string> canonical(values.size());
    std::unordered_map<std::string_view, int32_t> byNumber;
    std::vector<int32_t> newIndex(values.size());
    std::vector<std::string_view> kept;
    for (size_t k = 0; k < values.size(); ++k) {
      double v = 0;
      if (parseNumberToken(values[k], false, v) == NumberToken::Finite) {
        canonical[k] = formatNumber(v == 0.0 ? 0.0 : v);  // -0 is 0
        auto [it, inserted] = byNumber.emplace(canonical[k], static_cast<int32_t>(kept.size()));
        if (!inserted) {
          newIndex[k] = it->second;
          continue;
        }
      }
      newIndex[k] = static_cast<int32_t>(kept.size());
      kept.push_back(values[k]);
    }
    if (kept.size() < values.size()) {
      for (int32_t& code : firstSeen)
        if (code >= 0) code = newIndex[static_cast<size_t>(code)];
      values = std::move(kept);
    }
  }
  std::vector<int32_t> order(values.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int32_t>(k);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return values[static_cast<size_t>(a)] < values[static_cast<size_t>(b)]; });
  std::vector<int32_t> rank(values.size());
  for (size_t k = 0; k < order.size(); ++k) {
    rank[static_cast<size_t>(order[k])] = static_cast<int32_t>(k);
    out.names.emplace_back(values[static_cast<size_t>(order[k])]);
  }
  for (Index i = 0; i < n; ++i) {
    const int32_t code = firstSeen[static_cast<size_t>(i)];
    if (code >= 0) out.perRow[static_cast<size_t>(i)] = rank[static_cast<size_t>(code)];
  }
  return out;
}

namespace {

// --- Text -----------------------------------------------------------------------------------

constexpr uint32_t kFnvOffset = 2166136261u;
constexpr uint32_t kFnvPrime = 16777619u;

inline bool isTokenByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}
inline uint32_t lowerByte(char c) {
  return static_cast<unsigned char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
}

// Bucket of every unigram (and bigram) of `text`, into `out` (cleared), unsorted.
void hashTerms(std::string_view text, int bits, bool bigrams, std::vector<uint32_t>& out) {
  out.clear();
  const uint32_t mask = (uint32_t(1) << bits) - 1;
  uint32_t prev = 0;
  bool havePrev = false;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !isTokenByte(text[i])) ++i;
    if (i >= n) break;
    const size_t start = i;
    uint32_t h = kFnvOffset;
    for (; i < n && isTokenByte(text[i]); ++i) h = (h ^ lowerByte(text[i])) * kFnvPrime;
    out.push_back(h & mask);
    if (bigrams && havePrev) {  // FNV-1a of "prev token" + ' ' + this token
      uint32_t b = (prev ^ uint32_t(' ')) * kFnvPrime;
      for (size_t k = start; k < i; ++k) b = (b ^ lowerByte(text[k])) * kFnvPrime;
      out.push_back(b & mask);
    }
    prev = h;
    havePrev = true;
  }
}

// Sorts the buckets and turns them into (bucket, count) runs, reusing the caller's buffers.
void countTerms(std::vector<uint32_t>& buckets, std::vector<std::pair<uint32_t, uint32_t>>& runs) {
  std::sort(buckets.begin(), buckets.end());
  runs.clear();
  for (uint32_t b : buckets) {
    if (!runs.empty() && runs.back().first == b) ++runs.back().second;
    else runs.emplace_back(b, 1u);
  }
}

bool sameKind(ColumnKind a, ColumnKind b) { return a == b; }

}  // namespace

const char* columnUseName(ColumnUse use) noexcept {
  switch (use) {
    case ColumnUse::Label: return "label";
    case ColumnUse::Feature: return "feature";
    case ColumnUse::Unused: return "unused";
  }
  return "unknown";
}

RealMatrix FeatureMatrix::toDense() const {
  if (!isSparse) return dense;
  RealMatrix out = RealMatrix::Zero(sparse.rows(), sparse.nCols);
  for (Index r = 0; r < sparse.rows(); ++r)
    for (int64_t p = sparse.rowPtr[static_cast<size_t>(r)]; p < sparse.rowPtr[static_cast<size_t>(r) + 1]; ++p)
      out(r, sparse.cols[static_cast<size_t>(p)]) = sparse.values[static_cast<size_t>(p)];
  return out;
}

namespace {

std::string lowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Levenshtein distance of the lower-cased names (names are short: a two-row table is enough).
size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// A mistyped column name is the commonest CLI and API mistake ("Species" for "species"): the
// message names the closest column (the same letters in another case first, else the fewest
// edits, at most a third of the name) and lists the columns, so nobody has to open the file.
std::string columnNotFoundMessage(const Table& table, const std::string& name) {
  const std::string wanted = lowerAscii(name);
  const std::string* closest = nullptr;
  size_t best = std::max<size_t>(1, wanted.size() / 3) + 1;
  for (const Column& c : table.columns) {
    const size_t d = editDistance(wanted, lowerAscii(c.name));
    if (d < best) {
      best = d;
      closest = &c.name;
    }
  }
  std::string message = "no column named \"" + name + "\"";
  if (closest) message += " (did you mean \"" + *closest + "\"?)";
  constexpr size_t kListed = 20;
  message += "; the columns are: ";
  for (size_t j = 0; j < table.columns.size() && j < kListed; ++j) message += (j ? ", " : "") + table.columns[j].name;
  if (table.columns.size() > kListed) message += ", ... (" + std::to_string(table.columns.size()) + " in all)";
  return message;
}

}  // namespace

Result<Index> resolveColumn(const Table& table, const ColumnRef& ref) {
  if (!ref.name.empty()) {
    const Index j = table.findColumn(ref.name);
    if (j < 0) return makeError(Status::ColumnNotFound, columnNotFoundMessage(table, ref.name));
    return j;
  }
  if (ref.index < 0) return makeError(Status::InvalidArgument, "a column must be given by name or index");
  if (ref.index >= table.columnCount())
    return makeError(Status::ColumnNotFound, "no column " + std::to_string(ref.index) + " (the table has " +
                                                 std::to_string(table.columnCount()) + ")");
  return ref.index;
}

FeatureEncoder::FeatureEncoder() = default;
FeatureEncoder::~FeatureEncoder() = default;
FeatureEncoder::FeatureEncoder(FeatureEncoder&&) noexcept = default;
FeatureEncoder& FeatureEncoder::operator=(FeatureEncoder&&) noexcept = default;

namespace {
Error featureLimit(const FeatureSpec& spec, const std::string& column, Index before, size_t more) {
  return makeError(Status::LimitExceeded,
                   "too many features: column \"" + column + "\" would add " + std::to_string(more) + " to " +
                       std::to_string(before) + ", over the limit of " + std::to_string(spec.maxFeatures) +
                       " (each text column takes " + std::to_string(size_t(1) << spec.textHashBits) +
                       "); choose fewer feature columns");
}
}  // namespace

namespace {
using Block = FeatureEncoder::Block;

// What fitting one column gave: the names of the features it adds, and the report's sentence.
// No names: the column is left out, and `why` says why.
struct ColumnFit {
  std::vector<std::string> names;
  std::string why;
};

// Stage 1: a report for every column of the table, with the reason a column is not a feature
// when that is known before looking at its values (the label, not requested, a previous run's
// annotation, an identifier). `annotation`: annotationColumnMask, all false when features are named.
std::vector<ColumnReport> initialReports(const Table& table, const FeatureSpec& spec, Index labelIndex,
                                         const std::vector<bool>& annotation) {
  std::vector<ColumnReport> reports;
  for (Index j = 0; j < table.columnCount(); ++j) {
    const Column& c = table.columns[static_cast<size_t>(j)];
    ColumnReport r;
    r.index = j;
    r.name = c.name;
    r.kind = c.kind;
    if (j == labelIndex) {
      r.use = ColumnUse::Label;
      r.why = "label column";
    } else if (!spec.features.empty()) {
      r.why = "not among the requested feature columns";
    } else if (annotation[static_cast<size_t>(j)]) {
      r.why = std::string(kAnnotationColumnWhy) + ", never features";
    } else if (c.kind == ColumnKind::Identifier) {
      r.why = "identifier (" + c.reason + ")";
    }
    reports.push_back(std::move(r));
  }
  return reports;
}

// Stage 2: the candidate feature columns, in the order asked for (or table order), each once.
Result<std::vector<Index>> candidateColumns(const Table& table, const FeatureSpec& spec, Index labelIndex,
                                            const std::vector<bool>& annotation, std::vector<ColumnReport>& reports) {
  std::vector<Index> candidates;
  if (spec.features.empty()) {
    for (Index j = 0; j < table.columnCount(); ++j)
      if (j != labelIndex && !annotation[static_cast<size_t>(j)] &&
          table.columns[static_cast<size_t>(j)].kind != ColumnKind::Identifier)
        candidates.push_back(j);
    return candidates;
  }
  for (const ColumnRef& ref : spec.features) {
    Result<Index> f = resolveColumn(table, ref);
    if (!f.ok()) return f.error();
    const Index j = f.value();
    const Column& c = table.columns[static_cast<size_t>(j)];
    if (j == labelIndex)
      return makeError(Status::InvalidArgument, "column \"" + c.name + "\" is the label and cannot be a feature too");
    if (std::find(candidates.begin(), candidates.end(), j) != candidates.end()) continue;
    if (c.kind == ColumnKind::Identifier) {
      reports[static_cast<size_t>(j)].why = "identifier (" + c.reason + "); identifiers are never features";
      continue;
    }
    candidates.push_back(j);
  }
  return candidates;
}

// Stage 3, numeric: median imputation (with an indicator when values are missing) and
// standardisation by the mean and the population standard deviation of the imputed values.
ColumnFit fitNumeric(const Column& c, const std::vector<Index>& rows, Block& b) {
  const Index n = static_cast<Index>(rows.size());
  std::vector<double> values;
  values.reserve(rows.size());
  for (Index r : rows) {
    const double v = c.numbers[static_cast<size_t>(r)];
    if (!std::isnan(v)) values.push_back(v);
  }
  if (values.empty()) return {{}, "no values in the rows used"};
  const Index missing = n - static_cast<Index>(values.size());
  double lo = values[0], hi = values[0], sum = 0;
  for (double v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  // The median on a copy: nth_element leaves the values in an order of the standard library's
  // own (libstdc++ natively, libc++ in WebAssembly), and the spread below, summed in that order,
  // made the scale, and so every feature, differ in its last bits between the two builds.
  std::vector<double> order(values);
  const size_t mid = order.size() / 2;
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(mid), order.end());
  b.median = order[mid];
  if (order.size() % 2 == 0) {
    const double below = *std::max_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(mid));
    b.median = below + (b.median - below) / 2;
  }
  b.indicator = missing > 0;
  const bool constant = lo == hi && (missing == 0 || b.median == lo);
  if (!constant) {
    b.mean = (sum + static_cast<double>(missing) * b.median) / static_cast<double>(n);
    double ss = static_cast<double>(missing) * (b.median - b.mean) * (b.median - b.mean);
    for (double v : values) ss += (v - b.mean) * (v - b.mean);
    b.scale = std::sqrt(ss / static_cast<double>(n));
    b.keepValue = b.scale > 0;
  }
  ColumnFit fit;
  if (b.keepValue) fit.names.push_back(c.name);
  if (b.indicator) fit.names.push_back(c.name + "=<missing>");
  if (fit.names.empty()) return {{}, "constant (a single value in the rows used)"};
  fit.why = b.keepValue ? "standardised (mean " + formatNumber(b.mean) + ", sd " + formatNumber(b.scale) + ")"
                        : "constant value dropped";
  if (b.indicator)
    fit.why += "; " + std::to_string(missing) + " missing values set to the median " + formatNumber(b.median) +
               ", with an indicator column";
  return fit;
}

// Stage 3, categorical: one-hot of the `maxCategories` most frequent levels, the rarer ones in
// <other>, missing values in <missing>.
ColumnFit fitCategorical(const Column& c, const std::vector<Index>& rows, int maxCategories, Block& b) {
  std::vector<Index> counts(c.levels.size(), 0);
  Index missing = 0;
  for (Index r : rows) {
    const int32_t code = c.codes[static_cast<size_t>(r)];
    if (code < 0) ++missing;
    else ++counts[static_cast<size_t>(code)];
  }
  std::vector<size_t> order;
  for (size_t k = 0; k < counts.size(); ++k)
    if (counts[k] > 0) order.push_back(k);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t x) { return counts[a] > counts[x]; });
  const size_t keep = std::min(order.size(), static_cast<size_t>(maxCategories));
  for (size_t k = 0; k < keep; ++k) b.kept.push_back(c.levels[order[k]]);
  b.other = order.size() > keep;
  b.missingSlot = missing > 0;
  const double present = static_cast<double>(static_cast<Index>(rows.size()) - missing);
  for (size_t k = 0; k < keep; ++k) b.shares.push_back(static_cast<double>(counts[order[k]]) / present);
  if (b.other) {
    Index rarer = 0;
    for (size_t k = keep; k < order.size(); ++k) rarer += counts[order[k]];
    b.shares.push_back(static_cast<double>(rarer) / present);
  }
  ColumnFit fit;
  for (const std::string& l : b.kept) fit.names.push_back(c.name + "=" + l);
  if (b.other) fit.names.push_back(c.name + "=<other>");
  if (b.missingSlot) fit.names.push_back(c.name + "=<missing>");
  if (fit.names.size() <= 1)
    return {{}, order.empty() ? "no values in the rows used" : "constant (a single value in the rows used)"};
  fit.why = "one-hot: " + std::to_string(keep) + " levels";
  if (b.other) fit.why += " + <other> for " + std::to_string(order.size() - keep) + " rarer levels";
  if (b.missingSlot) fit.why += " + <missing> (" + std::to_string(missing) + " rows)";
  return fit;
}

// Stage 3, text: the document frequency of each hashed term bucket, for TF-IDF weights.
ColumnFit fitText(const Column& c, const std::vector<Index>& rows, const FeatureSpec& spec, Block& b,
                  std::vector<uint32_t>& buckets) {
  const Index n = static_cast<Index>(rows.size());
  b.bits = spec.textHashBits;
  b.bigrams = spec.textBigrams;
  const size_t width = size_t(1) << b.bits;
  std::vector<uint32_t> df(width, 0);
  bool anyTerm = false;
  for (Index r : rows) {
    if (c.isMissing(r)) continue;
    hashTerms(c.strings.at(r), b.bits, b.bigrams, buckets);
    std::sort(buckets.begin(), buckets.end());
    buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
    for (uint32_t k : buckets) ++df[k];
    anyTerm = anyTerm || !buckets.empty();
  }
  if (!anyTerm) return {{}, "no words in the rows used"};
  b.idf.resize(width);
  for (size_t k = 0; k < width; ++k)
    b.idf[k] = std::log((1.0 + static_cast<double>(n)) / (1.0 + static_cast<double>(df[k]))) + 1.0;
  ColumnFit fit;
  for (size_t k = 0; k < width; ++k) fit.names.push_back(c.name + "#" + std::to_string(k));
  fit.why = "hashed TF-IDF of word " + std::string(b.bigrams ? "unigrams and bigrams" : "unigrams") + " into " +
            std::to_string(width) + " buckets";
  return fit;
}
}  // namespace

Outcome FeatureEncoder::fit(const Table& table, const FeatureSpec& spec, const std::vector<Index>& rows) {
  if (spec.maxCategories < 1) return makeError(Status::InvalidArgument, "maxCategories must be at least 1");
  if (spec.textHashBits < 1 || spec.textHashBits > 24)
    return makeError(Status::InvalidArgument, "textHashBits must be between 1 and 24");
  m_blocks.clear();
  m_featureNames.clear();
  m_markers.clear();
  m_sparse = false;

  Index labelIndex = -1;
  if (!spec.label.name.empty() || spec.label.index >= 0) {
    Result<Index> l = resolveColumn(table, spec.label);
    if (!l.ok()) return l.error();
    labelIndex = l.value();
  }
  // Named features are taken as named, a previous run's annotations included.
  const std::vector<bool> annotation =
      spec.features.empty() ? annotationColumnMask(table) : std::vector<bool>(table.columns.size(), false);
  m_reports = initialReports(table, spec, labelIndex, annotation);
  Result<std::vector<Index>> candidates = candidateColumns(table, spec, labelIndex, annotation, m_reports);
  if (!candidates.ok()) return candidates.error();

  Index next = 0;
  std::vector<uint32_t> buckets;  // reused by every text column
  for (Index j : candidates.value()) {
    const Column& c = table.columns[static_cast<size_t>(j)];
    ColumnReport& report = m_reports[static_cast<size_t>(j)];
    Block b;
    b.column = j;
    b.name = c.name;
    b.kind = c.kind;
    ColumnFit fit;
    if (c.kind == ColumnKind::Numeric) {
      fit = fitNumeric(c, rows, b);
    } else if (c.kind == ColumnKind::Categorical) {
      fit = fitCategorical(c, rows, spec.maxCategories, b);
    } else if (c.kind == ColumnKind::Text) {
      // Checked before counting: a text column's width is known, and may be 2^24.
      const size_t width = size_t(1) << spec.textHashBits;
      if (static_cast<uint64_t>(next) + width > static_cast<uint64_t>(spec.maxFeatures))
        return featureLimit(spec, c.name, next, width);
      fit = fitText(c, rows, spec, b, buckets);
    } else {
      continue;  // identifiers never get here
    }
    report.why = std::move(fit.why);
    if (fit.names.empty()) continue;
    if (static_cast<uint64_t>(next) + fit.names.size() > static_cast<uint64_t>(spec.maxFeatures))
      return featureLimit(spec, c.name, next, fit.names.size());
    m_sparse = m_sparse || c.kind == ColumnKind::Text;
    b.first = next;
    b.count = static_cast<Index>(fit.names.size());
    next += b.count;
    report.use = ColumnUse::Feature;
    report.firstFeature = b.first;
    report.featureCount = b.count;
    for (std::string& name : fit.names) m_featureNames.push_back(std::move(name));
    if (b.kind == ColumnKind::Numeric && b.indicator) m_markers.push_back({b.first + (b.keepValue ? 1 : 0), b.first, {}});
    if (b.kind == ColumnKind::Categorical && b.missingSlot) m_markers.push_back({b.first + b.count - 1, b.first, b.shares});
    m_blocks.push_back(std::move(b));
  }

  if (m_blocks.empty()) {
    std::string why = "no usable feature column";
    for (const ColumnReport& r : m_reports)
      if (r.use == ColumnUse::Unused) why += "; " + r.name + ": " + (r.why.empty() ? "not used" : r.why);
    return makeError(Status::NoFeatures, why);
  }
  return {};
}

Result<FeatureMatrix> FeatureEncoder::transform(const Table& table, const std::vector<Index>& rows) const {
  // Find each fitted column again by name, and its category slots.
  std::vector<const Column*> cols;
  std::vector<std::vector<int32_t>> slots(m_blocks.size());
  for (size_t k = 0; k < m_blocks.size(); ++k) {
    const Block& b = m_blocks[k];
    // Where it was at fit time first (the same table, mostly): a search by name for each of
    // 100,000 columns took 30 s.
    const bool samePlace = b.column < table.columnCount() && table.columns[static_cast<size_t>(b.column)].name == b.name;
    const Index j = samePlace ? b.column : table.findColumn(b.name);
    if (j < 0) return makeError(Status::ColumnNotFound, "no column named \"" + b.name + "\"");
    const Column& c = table.columns[static_cast<size_t>(j)];
    if (!sameKind(c.kind, b.kind))
      return makeError(Status::ShapeMismatch, "column \"" + b.name + "\" is " + columnKindName(c.kind) +
                                                  ", it was " + columnKindName(b.kind) + " when fitted");
    cols.push_back(&c);
    if (b.kind == ColumnKind::Categorical) {
      std::unordered_map<std::string_view, int32_t> keptSlot;
      for (size_t s = 0; s < b.kept.size(); ++s) keptSlot.emplace(b.kept[s], static_cast<int32_t>(s));
      const int32_t otherSlot = b.other ? static_cast<int32_t>(b.kept.size()) : -1;
      for (const std::string& level : c.levels) {
        auto it = keptSlot.find(level);
        slots[k].push_back(it != keptSlot.end() ? it->second : otherSlot);
      }
    }
  }

  const Index n = static_cast<Index>(rows.size());
  const Index d = featureCount();
  FeatureMatrix out;
  out.isSparse = m_sparse;
  if (m_sparse) {
    out.sparse.nCols = d;
    out.sparse.rowPtr.reserve(rows.size() + 1);
  } else {
    out.dense = RealMatrix::Zero(n, d);
  }

  std::vector<uint32_t> buckets;
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  std::vector<double> weights;
  for (Index i = 0; i < n; ++i) {
    const Index r = rows[static_cast<size_t>(i)];
    auto emit = [&](Index col, double v) {
      if (!m_sparse) {
        out.dense(i, col) = v;
      } else if (v != 0) {
        out.sparse.values.push_back(v);
        out.sparse.cols.push_back(static_cast<int32_t>(col));
      }
    };
    for (size_t k = 0; k < m_blocks.size(); ++k) {
      const Block& b = m_blocks[k];
      const Column& c = *cols[k];
      if (b.kind == ColumnKind::Numeric) {
        const double v = c.numbers[static_cast<size_t>(r)];
        const bool missing = std::isnan(v);
        Index at = b.first;
        if (b.keepValue) emit(at++, ((missing ? b.median : v) - b.mean) / b.scale);
        if (b.indicator) emit(at, missing ? 1.0 : 0.0);
      } else if (b.kind == ColumnKind::Categorical) {
        const int32_t code = c.codes[static_cast<size_t>(r)];
        int32_t slot = code < 0 ? (b.missingSlot ? static_cast<int32_t>(b.count) - 1 : -1)
                                : slots[k][static_cast<size_t>(code)];
        if (slot >= 0) emit(b.first + slot, 1.0);
      } else if (b.kind == ColumnKind::Text) {
        if (c.isMissing(r)) continue;
        hashTerms(c.strings.at(r), b.bits, b.bigrams, buckets);
        countTerms(buckets, runs);
        weights.resize(runs.size());
        double norm = 0;
        for (size_t t = 0; t < runs.size(); ++t) {
          weights[t] = (1.0 + std::log(static_cast<double>(runs[t].second))) * b.idf[runs[t].first];
          norm += weights[t] * weights[t];
        }
        norm = std::sqrt(norm);
        for (size_t t = 0; t < runs.size(); ++t) emit(b.first + runs[t].first, weights[t] / norm);
      }
    }
    if (m_sparse) out.sparse.rowPtr.push_back(static_cast<int64_t>(out.sparse.values.size()));
  }
  return out;
}

Result<EncodedFeatures> encodeFeatures(const Table& table, const FeatureSpec& spec) {
  Result<Index> labelIndex = resolveColumn(table, spec.label);
  if (!labelIndex.ok()) return labelIndex.error();
  const Column& labelColumn = table.columns[static_cast<size_t>(labelIndex.value())];

  EncodedFeatures out;
  out.labelColumn = labelIndex.value();
  LabelCoding coding = codeLabels(labelColumn);
  std::vector<int32_t> labels;
  for (Index r = 0; r < table.rowCount(); ++r) {
    const int32_t y = coding.perRow[static_cast<size_t>(r)];
    if (y < 0) {
      out.excludedRows.push_back({table.fileRow(r), table.rowLines[static_cast<size_t>(r)], Status::MissingLabel,
                                  rowWhere(r, table) + ": the label (column \"" + labelColumn.name + "\") is missing"});
      continue;
    }
    out.sourceRows.push_back(r);
    labels.push_back(y);
  }
  if (out.sourceRows.empty())
    return makeError(Status::MissingLabel, "every row is missing its label (column \"" + labelColumn.name + "\")");

  FeatureEncoder encoder;
  if (Outcome o = encoder.fit(table, spec, out.sourceRows); !o.ok()) return o.error();
  Result<FeatureMatrix> x = encoder.transform(table, out.sourceRows);
  if (!x.ok()) return x.error();
  out.features = std::move(x).value();
  out.labels = Eigen::Map<const LabelVector>(labels.data(), static_cast<Index>(labels.size()));
  out.classNames = std::move(coding.names);
  out.featureNames = encoder.featureNames();
  out.columns = encoder.columnReports();
  out.missingMarkers = encoder.missingMarkers();
  ColumnReport& lr = out.columns[static_cast<size_t>(out.labelColumn)];
  lr.why = std::to_string(out.classNames.size()) + " classes";
  if (!out.excludedRows.empty()) lr.why += "; " + std::to_string(out.excludedRows.size()) + " rows without a label excluded";
  return out;
}

}  // namespace labelcheck
