// Which column holds the labels, and which hold one given probability per class: the one rule
// the pipeline (when no label is named), the CLI and the page all use, with its reasons.
//
//   const Table& t = parseCsv(text).value();
//   ColumnGuess g = guessColumns(t);
//   if (g.label < 0) explain(g.candidates);           // nothing looks like a label
//   for (const std::string& why : g.labelReasons) ...  // "named like a label ("species")", ...
//
// Every column gets a score, the sum of what speaks for and against it being the label:
//  * Name: the whole name is label, labels, class, classes or target +80 (the user's intent:
//    chosen even with no value, one value or free text, so that the check says what is wrong
//    with it); category, species, status, outcome, truth, ground_truth, gold or annotation +50;
//    y +40 (a model's target, but also a coordinate); a word of the name
//    (split at non-letters and camelCase) is label, labels, class, target, category or
//    outcome +30; a word says model output (pred, predicted, prediction, suggested, prob,
//    proba, probability, score, confidence, quality, issue) -40; named like an identifier -30.
//  * Position: last column +12, first column +8 (labels are kept at either end).
//  * Type: categorical +25; numeric whole numbers +5, and +5 more when they are class codes
//    (from 0 or 1 up, at least 4 in 5 of the range present); the only categorical column +10.
//  * Cardinality (distinct non-missing values): 2 to 20 +10; more, with at least 20 rows per
//    value +5, 5 to 20 rows per value 0, 2 to 5 -40 (too few to check a class); fewer than 2
//    (nearly one value per row) is never chosen (in a prefix only -40).
//  * Missing labels: more than half of the cells -20.
// Never chosen (eligible = false), unless named as the label (then -30): text and identifier
// columns, columns with no value or a single value (over a whole file; in a prefix a single
// value is only -30), more than 20 values with fewer than 2 rows each. Never chosen at all:
// identifiers, columns that look continuous (labelLooksContinuous) and a previous run's
// annotations (is_label_issue, label_quality, suggested_label when all three are there:
// annotationColumnMask, csv_write.hpp; "the only categorical column" does not count them).
// The highest eligible score wins; ties go to the later column. None eligible: label = -1
// (the pipeline then fails with ColumnNotFound, asking for the label to be named).
//
// The weights were set by reasoning about what each signal means, not fitted to any file: a
// name is the strongest evidence, then type, then position; position decides between columns
// that are otherwise alike (a file of pixel counts whose last column is the digit).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "labelcheck/table.hpp"

namespace labelcheck {

// Given probabilities: values may exceed [0, 1] by this much (then clipped, row renormalised).
inline constexpr double kGivenProbabilityTolerance = 1e-4;

// Whether a label column looks like a measurement rather than classes: numeric, not class codes
// (whole numbers from 0 or 1 up, at least 4 in 5 of the range present), more than 20 distinct values, and either fractions among them or fewer than
// 20 rows per value on average. Checking such a column treats every value as a class, which is
// slow and meaningless; the pipeline refuses it unless allowContinuousLabel is set.
struct ContinuousVerdict {
  bool continuous = false;
  std::string reason;  // "924 distinct numbers with fractions in 4331 rows" (empty if not)
};
ContinuousVerdict labelLooksContinuous(const Column& column);

struct LabelCandidate {
  Index column = 0;
  double score = 0;
  bool eligible = true;
  bool continuous = false;           // labelLooksContinuous (never eligible)
  Index distinct = 0;                // distinct non-missing values (numbers: counted up to 100000)
  std::vector<std::string> reasons;  // each signal that counted, in words
};

struct ColumnGuess {
  Index label = -1;                      // -1: no column looks like a label
  std::vector<std::string> labelReasons; // the chosen column's reasons
  // Columns holding one probability per class (numbers in [0, 1], matched to the label's
  // classes by name as findProbabilityColumns does), in class order; empty if none.
  std::vector<Index> probabilityColumns;
  std::vector<LabelCandidate> candidates;  // every column, best first
};

struct GuessOptions {
  // The table holds only the first rows of a longer input (a preview): a column with a single
  // value there may still be the label, so it is penalised instead of ruled out, and the
  // probability columns may cover classes that have not appeared yet.
  bool partial = false;
};

ColumnGuess guessColumns(const Table& table, const GuessOptions& options = {});

// "p_3", "prob_cat", "p(cat)", "cat" -> the class the probability column is about (lower case).
std::string probabilityClassKey(std::string_view columnName);

// The probability column of each class (classNames: the label's classes as codeLabels names
// them), or empty when the file does not have one per class. A column qualifies when it is
// numeric, has no missing cell, every value is within [0, 1] (kGivenProbabilityTolerance) and
// it is not a previous run's annotation (label_quality: annotationColumnMask). Columns match a
// class by name ("p_<class>", "<class>", ...). force (probabilities mode): any two or more
// qualifying columns, in table order, else namedProbabilityColumns. partial (a preview): every class seen has its column and
// more qualifying columns are accepted, in table order. Otherwise more qualifying columns than
// classes are accepted (in table order) only when all of them share the prefix of the classes'
// columns ("p_9" beside "p_0" ... "p_8": classes no row is labelled with).
std::vector<Index> findProbabilityColumns(const Table& table, Index labelColumn,
                                          const std::vector<std::string>& classNames, bool force,
                                          bool partial = false);

// The numeric columns named as one class's probability each ("p_<class>", "prob_<class>",
// "p(<class>)": a prefix, not the bare class name), in class order, whatever their values; empty
// unless every class (at least two) has one. Probabilities mode falls back on them (the values
// check then names the line of a value out of range), and a file trained on warns of them.
std::vector<Index> namedProbabilityColumns(const Table& table, Index labelColumn,
                                           const std::vector<std::string>& classNames);

// The warning for columns named as the classes' probabilities (namedProbabilityColumns) that a
// file is trained on instead, because of a value outside [0, 1] or a missing cell: which columns,
// and the first such cell's line, so that a file of model outputs is not silently read as
// features. Empty when `named` is (or every value is in range).
std::string probabilityNamesWarning(const Table& table, const std::vector<Index>& named);

}  // namespace labelcheck
