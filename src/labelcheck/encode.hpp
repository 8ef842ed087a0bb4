// From a typed Table to a model-ready feature matrix and integer labels.
//
//   ```cpp given: std::string_view text; LogisticRegression& lr
//   Result<Table> parsed = parseCsv(text);
//   if (!parsed) return parsed.error();
//   const Table& t = parsed.value();
//   FeatureSpec spec;
//   spec.label = ColumnRef::byName("species");       // features: every other usable column
//   Result<EncodedFeatures> r = encodeFeatures(t, spec);
//   if (!r) return r.error();
//   const EncodedFeatures& e = r.value();
//   Outcome fitted = e.features.isSparse ? lr.fit(e.features.sparse, e.labels, e.classCount())
//                                        : lr.fit(e.features.dense, e.labels, e.classCount());
//   // example i came from table row e.sourceRows[i], i.e. CSV line t.rowLines[e.sourceRows[i]]
//   ```
//
// Rules:
//  * Label: the values of the label column are class names whatever the column's kind. Class
//    order: a numeric label column sorts numerically (names printed like "3", "0.5", "-1e+20");
//    any other kind sorts by byte-wise string comparison (UTF-8 code point order) of the
//    trimmed values. labels[i] is the index in classNames. Rows with a missing label (missing
//    token, NaN or infinite number) are excluded and listed in excludedRows (MissingLabel).
//  * Feature columns: FeatureSpec::features, or when empty every column except the label,
//    identifier columns and a previous run's annotations (is_label_issue, label_quality and
//    suggested_label when all three are there: annotationColumnMask, csv_write.hpp), all
//    reported as unused. Naming an identifier column explicitly is an error-free no-op: it is
//    reported unused (turn TypingOptions::detectIdentifiers off instead); named annotation
//    columns are features.
//    A column with no value in the used rows, or with a single value, is dropped and reported.
//  * Numeric: missing -> median of the used rows' non-missing values; then standardised with the
//    mean and population standard deviation (ddof 0, as scikit-learn's StandardScaler) of the
//    imputed values. If the column has a missing value in the used rows, a 0/1 indicator column
//    "name=<missing>" follows it (not standardised). A constant column (after imputation) has
//    no information and is dropped; its indicator, if any, stays.
//  * Categorical: one-hot 0/1 columns "name=level" for the maxCategories most frequent levels
//    (ties: first appearance), "name=<other>" for all rarer levels (only if there are any), and
//    "name=<missing>" if a value is missing. A column that would give a single constant 0/1
//    column is dropped.
//  * Text: hashed TF-IDF. Tokens are maximal runs of [a-z0-9'] after lowercasing ASCII letters
//    (any other byte, including non-ASCII UTF-8, separates tokens); features are the unigrams
//    and, if textBigrams, the bigrams "w1 w2" of consecutive tokens, hashed with 32-bit FNV-1a
//    into 2^textHashBits buckets (collisions add up). Per row and bucket: tf = 1 + ln(count),
//    idf = ln((1 + n) / (1 + df)) + 1 with n = used rows and df = used rows having the bucket
//    (scikit-learn's smooth_idf, sublinear_tf), value = tf * idf, each row L2-normalised (an
//    empty or missing text gives a zero row). Feature names "name#bucket".
//  * Layout: blocks in table column order. If any text column is used the whole matrix is
//    sparse (FeatureMatrix::sparse, CSR with sorted columns and no explicit zeros, numeric and
//    one-hot values included); otherwise it is dense (FeatureMatrix::dense, N x D row-major).
//
// Failures: InvalidArgument (an empty ColumnRef, the label named as a feature, maxCategories < 1,
// textHashBits outside 1..24), LimitExceeded (more than FeatureSpec::maxFeatures feature columns,
// e.g. 65+ text columns; the message names the column that crossed it), ColumnNotFound (a name or index that does not exist; the message
// names it), MissingLabel (every row lacks a label), NoFeatures (nothing usable is left; the
// message says why for each column).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/sparse.hpp"
#include "labelcheck/status.hpp"
#include "labelcheck/table.hpp"

namespace labelcheck {

// A column by name (when name is not empty) or by 0-based index.
struct ColumnRef {
  std::string name;
  Index index = -1;

  static ColumnRef byName(std::string n) { return {std::move(n), -1}; }
  static ColumnRef byIndex(Index i) { return {std::string(), i}; }
};

struct FeatureSpec {
  ColumnRef label;
  std::vector<ColumnRef> features;  // empty = every column but the label, identifiers and annotations
  int maxCategories = 30;           // one-hot columns per categorical column before "<other>"
  int textHashBits = 14;            // 2^14 = 16384 buckets per text column
  bool textBigrams = true;
  // Total feature columns allowed (LimitExceeded beyond, checked column by column before a
  // column's features are built): 2^20, i.e. at most 64 text columns at 2^14 buckets each.
  // Bounds the memory of the feature names, the idf tables and the models' D x K matrices.
  int64_t maxFeatures = int64_t(1) << 20;
};

// The feature matrix: dense or sparse, never both (the other member is empty).
struct FeatureMatrix {
  bool isSparse = false;
  RealMatrix dense;   // N x D, row-major, when !isSparse
  SparseRows sparse;  // N rows, nCols = D, when isSparse

  Index rows() const noexcept { return isSparse ? sparse.rows() : dense.rows(); }
  Index cols() const noexcept { return isSparse ? sparse.nCols : dense.cols(); }
  // A dense copy either way (for small inputs and tests; a text matrix can be large).
  RealMatrix toDense() const;
};

// A feature column that marks missing cells (a numeric column's "name=<missing>" indicator, a
// categorical column's "<missing>" level), and the centre of its column: where the data audit
// puts a marked cell (missing_centre.hpp says why).
struct MissingMarker {
  Index marker = 0;            // the 0/1 column
  Index first = 0;             // the column's value columns: first .. first + centre.size() - 1
  std::vector<double> centre;  // their mean over the fitted rows that have a value: a categorical
                               // column's level shares; empty for a numeric column (its value
                               // column already holds the median)
};

enum class ColumnUse { Label, Feature, Unused };
const char* columnUseName(ColumnUse use) noexcept;  // "label", "feature", "unused"

struct ColumnReport {
  Index index = 0;  // column in the table
  std::string name;
  ColumnKind kind = ColumnKind::Numeric;
  ColumnUse use = ColumnUse::Unused;
  std::string why;          // e.g. "identifier: named like ...", "constant", "standardised; median 3.5 imputed in 2 rows"
  Index firstFeature = -1;  // first feature column it produced (-1 if none)
  Index featureCount = 0;
};

// A table row that is not an example, and why.
struct ExcludedRow {
  Index row = 0;        // 0-based data row of the file (Table::fileRow)
  long long line = 0;   // 1-based CSV line
  Status reason = Status::MissingLabel;
  std::string message;  // "row 4 (line 6): the label is missing"
};

struct EncodedFeatures {
  FeatureMatrix features;               // N x D
  LabelVector labels;                   // N, in [0, K)
  std::vector<std::string> classNames;  // K
  std::vector<std::string> featureNames;  // D
  std::vector<Index> sourceRows;        // N: the table row of each example (increasing)
  std::vector<ExcludedRow> excludedRows;
  std::vector<ColumnReport> columns;    // one per table column, in table order
  std::vector<MissingMarker> missingMarkers;  // the columns that mark missing cells (for the audit)
  Index labelColumn = -1;

  int classCount() const noexcept { return static_cast<int>(classNames.size()); }
};

// Fits imputation, scaling, category levels and idf on some rows of a table, then encodes rows
// of that table or of another with the same column names and kinds. encodeFeatures() is
// fit + transform on the rows that have a label.
class FeatureEncoder {
 public:
  FeatureEncoder();
  ~FeatureEncoder();
  FeatureEncoder(FeatureEncoder&&) noexcept;
  FeatureEncoder& operator=(FeatureEncoder&&) noexcept;

  // Learns the encoding of the feature columns of `spec` (spec.label is only excluded) from
  // `rows` of `table`. Failures as encodeFeatures(), except MissingLabel.
  Outcome fit(const Table& table, const FeatureSpec& spec, const std::vector<Index>& rows);
  // Encodes `rows` of `table`. ColumnNotFound if a fitted column is absent; ShapeMismatch if it
  // changed kind. Category levels unseen at fit time count as "<other>" (or as nothing if there
  // is no "<other>" column).
  Result<FeatureMatrix> transform(const Table& table, const std::vector<Index>& rows) const;

  const std::vector<std::string>& featureNames() const noexcept { return m_featureNames; }
  const std::vector<ColumnReport>& columnReports() const noexcept { return m_reports; }
  Index featureCount() const noexcept { return static_cast<Index>(m_featureNames.size()); }
  bool isSparse() const noexcept { return m_sparse; }
  const std::vector<MissingMarker>& missingMarkers() const noexcept { return m_markers; }

  struct Block;  // one used column's fitted parameters (defined in encode.cpp)

 private:
  std::vector<Block> m_blocks;
  std::vector<std::string> m_featureNames;
  std::vector<ColumnReport> m_reports;
  std::vector<MissingMarker> m_markers;
  bool m_sparse = false;
};

// Label + features of a whole table, as described at the top of this file.
// A label column's values as classes: per table row the class index (-1 = missing) and the
// class names in order (numbers sorted numerically and printed shortest-exact, strings sorted
// by bytes; among strings, the spellings of one number, "1" and "1.0", are one class named by
// the first in the file).
struct LabelCoding {
  std::vector<int32_t> perRow;
  std::vector<std::string> names;
};
LabelCoding codeLabels(const Column& column);

Result<EncodedFeatures> encodeFeatures(const Table& table, const FeatureSpec& spec);

// Resolves a ColumnRef to a column index (InvalidArgument, ColumnNotFound).
Result<Index> resolveColumn(const Table& table, const ColumnRef& ref);

}  // namespace labelcheck
