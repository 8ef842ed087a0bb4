// The label-column guess: one score per column from its name, position, type and cardinality
// (column_guess.hpp has the rule and its weights).
#include "labelcheck/column_guess.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "detail/distinct_numbers.hpp"
#include "labelcheck/csv_write.hpp"
#include "labelcheck/encode.hpp"

namespace labelcheck {

namespace {

// Distinct values beyond which counting stops: a column with this many is far past any label.
constexpr Index kDistinctCap = 100000;
constexpr Index kFewClasses = 20;       // "2 to 20 distinct values"
constexpr double kRowsPerValue = 20.0;  // fewer rows per value than this: a measurement
constexpr double kSparseRowsPerValue = 5.0;
constexpr double kMinRowsPerValue = 2.0;  // fewer: nearly one value per row, no class to check

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool isAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The words of a column name, lower case: split at every other byte and at camelCase humps
// ("trueLabel" -> true, label; "x.box" -> x, box).
std::vector<std::string> nameWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!isAlnum(c)) {
      if (!word.empty()) words.push_back(lower(word));
      word.clear();
      continue;
    }
    const bool hump = c >= 'A' && c <= 'Z' && i > 0 && name[i - 1] >= 'a' && name[i - 1] <= 'z';
    if (hump && !word.empty()) {
      words.push_back(lower(word));
      word.clear();
    }
    word.push_back(c);
  }
  if (!word.empty()) words.push_back(lower(word));
  return words;
}

// The whole name, lower case, with runs of spaces, '-' and '.' read as '_' ("Ground Truth").
std::string normalisedName(std::string_view name) {
  std::string out;
  for (char c : lower(trimAscii(name))) {
    const char d = (c == ' ' || c == '-' || c == '.') ? '_' : c;
    if (d == '_' && !out.empty() && out.back() == '_') continue;
    out.push_back(d);
  }
  return out;
}

bool oneOf(const std::string& s, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

// What the numbers of a numeric column look like (distinct values counted up to kDistinctCap).
struct NumberProfile {
  Index values = 0;     // non-missing
  Index distinct = 0;   // capped
  bool fractions = false;
  bool codes = false;   // whole numbers 0..K-1 or 1..K, nearly every one present
  double lo = 0, hi = 0;
};

NumberProfile profileNumbers(const Column& c) {
  NumberProfile p;
  detail::DistinctNumbers seen(std::min<size_t>(c.numbers.size(), static_cast<size_t>(kDistinctCap)));
  double& lo = p.lo;
  double& hi = p.hi;
  for (double v : c.numbers) {
    if (std::isnan(v)) continue;
    if (p.values == 0) lo = hi = v;
    ++p.values;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    if (v != std::floor(v)) p.fractions = true;
    seen.insert(v);  // up to kDistinctCap
  }
  p.distinct = static_cast<Index>(seen.size());
  // Whole numbers from 0 or 1 up, at least 4 in 5 of the range present (a class or two may be
  // absent from a sample): class codes, whatever their count.
  p.codes = !p.fractions && p.distinct >= 2 && (lo == 0 || lo == 1) &&
            (hi - lo + 1) * 4 <= static_cast<double>(p.distinct) * 5;
  return p;
}

ContinuousVerdict continuousVerdict(const NumberProfile& p);

std::string count(Index n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string percent(double x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * x);
  return buf;
}

LabelCandidate scoreColumn(const Table& t, Index j, bool onlyCategorical, bool annotation, const GuessOptions& options) {
  const Column& c = t.columns[static_cast<size_t>(j)];
  LabelCandidate out;
  out.column = j;
  out.distinct = c.distinct;
  auto add = [&](double points, std::string why) {
    out.score += points;
    out.reasons.push_back(std::move(why));
  };
  auto rule_out = [&](std::string why) {
    out.eligible = false;
    out.reasons.push_back(std::move(why));
  };
  // suggested_label scores like a label (categorical, few values, the last column, "label" in
  // its name): without this it wins over an annotated file's own label when that one is only
  // named like a feature ("kind" in the middle of the columns).
  if (annotation) {
    rule_out(std::string(kAnnotationColumnWhy) + ", not a label");
    return out;
  }

  // Name.
  const std::string whole = normalisedName(c.name);
  const std::vector<std::string> words = nameWords(c.name);
  // Named "label" (class, target, ...) outright: the user's intent. Such a column is chosen even
  // when it has no value, a single value or free text, so that the check then says what is wrong
  // with it (MISSING_LABEL, TOO_FEW_CLASSES) instead of quietly taking another column.
  const bool explicitName = oneOf(whole, {"label", "labels", "class", "classes", "target"});
  auto unusable = [&](std::string why) {
    if (explicitName) add(-30, std::move(why));
    else rule_out(std::move(why));
  };
  if (explicitName) {
    add(80, "named as the label (\"" + c.name + "\")");
  } else if (oneOf(whole, {"category", "species", "status", "outcome", "truth", "ground_truth", "gold", "annotation"})) {
    add(50, "named like a label (\"" + c.name + "\")");
  } else if (whole == "y") {
    add(40, "named like a model's target (\"y\")");
  } else {
    for (const std::string& w : words)
      if (oneOf(w, {"label", "labels", "class", "target", "category", "outcome"})) {
        add(30, "the name contains \"" + w + "\"");
        break;
      }
  }
  for (const std::string& w : words)
    if (oneOf(w, {"pred", "predicted", "prediction", "suggested", "prob", "proba", "probability", "score", "confidence",
                  "quality", "issue"})) {
      add(-40, "the name (\"" + w + "\") says model output, not a given label");
      break;
    }
  if (c.kind != ColumnKind::Identifier && looksLikeIdName(c.name)) add(-30, "named like an identifier");

  // Position.
  if (t.columnCount() > 1 && j == t.columnCount() - 1) add(12, "last column");
  else if (t.columnCount() > 1 && j == 0) add(8, "first column");

  // Type and cardinality.
  const Index n = c.size();
  const Index values = n - c.missing;
  if (c.kind == ColumnKind::Text) unusable("free text, not a label (" + c.reason + ")");
  if (c.kind == ColumnKind::Identifier) rule_out("an identifier, not a label (" + c.reason + ")");
  if (values == 0) {
    unusable("no values");
    return out;
  }
  if (!out.eligible) return out;

  Index distinct = c.distinct;
  if (c.kind == ColumnKind::Numeric) {
    const NumberProfile p = profileNumbers(c);
    distinct = p.distinct;
    out.distinct = distinct;
    const ContinuousVerdict v = continuousVerdict(p);
    if (v.continuous) {
      out.continuous = true;
      rule_out("looks continuous: " + v.reason + "; a measurement, not a label");
      return out;
    }
    if (!p.fractions) add(5, "whole numbers");
    if (p.codes)
      add(5, "class codes " + std::to_string(static_cast<long long>(p.lo)) + " to " +
                 std::to_string(static_cast<long long>(p.hi)));
  } else {
    add(25, "categorical");
    if (onlyCategorical) add(10, "the only categorical column");
  }

  if (distinct <= 1) {
    if (options.partial) add(-30, "a single value in the rows read");
    else unusable("a single value: nothing to check");
    if (!out.eligible) return out;
  } else {
    const double perValue = static_cast<double>(values) / static_cast<double>(distinct);
    const std::string what = count(distinct, "value", "values");
    if (distinct <= kFewClasses) add(10, what + ", a plausible number of classes");
    else if (perValue >= kRowsPerValue) add(5, what + ", " + std::to_string(static_cast<Index>(perValue)) + " rows each on average");
    else if (perValue >= kSparseRowsPerValue) add(0, what + ", about " + std::to_string(static_cast<Index>(perValue)) + " rows each");
    else if (perValue >= kMinRowsPerValue)
      add(-40, what + ", about " + std::to_string(static_cast<Index>(perValue)) + " rows each: few to check a class");
    // Checking it would fail (thousands of classes) or mean nothing (single-row classes): say
    // that no column looks like a label rather than take it. A preview's rows may be the start
    // of a file whose classes repeat later: penalised there, as a single value is.
    else if (options.partial) add(-40, what + " in " + std::to_string(values) + " rows: nearly one per row");
    else unusable(what + " in " + std::to_string(values) + " rows: nearly one per row, too few to check any class");
  }
  if (c.missing * 2 > n) add(-20, "mostly missing (" + percent(static_cast<double>(c.missing) / static_cast<double>(n)) + ")");
  return out;
}

bool isProbabilityColumn(const Column& c) {
  if (c.kind != ColumnKind::Numeric || c.missing > 0) return false;
  for (double v : c.numbers)
    if (!(v >= -kGivenProbabilityTolerance && v <= 1.0 + kGivenProbabilityTolerance)) return false;
  return true;
}

}  // namespace

ContinuousVerdict labelLooksContinuous(const Column& c) {
  if (c.kind != ColumnKind::Numeric) return {};
  return continuousVerdict(profileNumbers(c));
}

namespace {
ContinuousVerdict continuousVerdict(const NumberProfile& p) {
  ContinuousVerdict out;
  if (p.codes || p.distinct <= kFewClasses) return out;
  const double perValue = static_cast<double>(p.values) / static_cast<double>(p.distinct);
  if (!p.fractions && perValue >= kRowsPerValue) return out;
  out.continuous = true;
  out.reason = (p.distinct >= kDistinctCap ? "over " : "") + std::to_string(p.distinct) + " distinct numbers" +
               (p.fractions ? " with fractions" : "") + " in " + std::to_string(p.values) + " rows";
  return out;
}
}  // namespace

std::string probabilityClassKey(std::string_view name) {
  std::string n = lower(name);
  if (n.size() > 3 && n.compare(0, 2, "p(") == 0 && n.back() == ')') return n.substr(2, n.size() - 3);
  for (const char* prefix : {"probability_", "proba_", "prob_", "pred_", "p_", "p"}) {
    const size_t len = std::strlen(prefix);
    if (n.size() > len && n.compare(0, len, prefix) == 0) return n.substr(len);
  }
  return n;
}

namespace {

// Whether the columns `byClass` (matched to classes by name) all have one non-empty prefix before
// their class key, and every column of `candidates` has it too.
bool sharedProbabilityPrefix(const Table& t, const std::vector<Index>& byClass, const std::vector<Index>& candidates) {
  std::string prefix;
  for (size_t k = 0; k < byClass.size(); ++k) {
    const std::string name = lower(t.columns[static_cast<size_t>(byClass[k])].name);
    const std::string key = probabilityClassKey(name);
    const std::string p = name.substr(0, name.size() - key.size());
    if (p.empty() || name.compare(name.size() - key.size(), key.size(), key) != 0) return false;
    if (k == 0) prefix = p;
    else if (p != prefix) return false;
  }
  for (Index c : candidates) {
    const std::string name = lower(t.columns[static_cast<size_t>(c)].name);
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
  }
  return true;
}

// The column of `columns` named for each class (the last one, by probabilityClassKey; -1 where
// none is). prefixed: only names with a prefix before the class ("p_cat", not "cat"). Each
// column's key is computed once.
std::vector<Index> columnOfEachClass(const Table& t, const std::vector<Index>& columns,
                                     const std::vector<std::string>& classNames, bool prefixed) {
  std::vector<std::string> keys(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const std::string& name = t.columns[static_cast<size_t>(columns[i])].name;
    std::string key = probabilityClassKey(name);
    if (!prefixed || key.size() < name.size()) keys[i] = std::move(key);
  }
  std::vector<Index> byClass(classNames.size(), -1);
  for (size_t k = 0; k < classNames.size(); ++k) {
    const std::string name = lower(classNames[k]);
    for (size_t i = 0; i < keys.size(); ++i)
      if ((!prefixed || !keys[i].empty()) && keys[i] == name) byClass[k] = columns[i];
  }
  return byClass;
}

}  // namespace

std::vector<Index> findProbabilityColumns(const Table& t, Index labelColumn, const std::vector<std::string>& classNames,
                                          bool force, bool partial) {
  std::vector<Index> candidates;
  // label_quality is a number in [0, 1] for every checked row: an annotated file's would be
  // one column too many, or a class's probabilities with the given ones.
  const std::vector<bool> annotation = annotationColumnMask(t);
  for (Index c = 0; c < t.columnCount(); ++c)
    if (c != labelColumn && !annotation[static_cast<size_t>(c)] && isProbabilityColumn(t.columns[static_cast<size_t>(c)]))
      candidates.push_back(c);
  const std::vector<Index> byClass = columnOfEachClass(t, candidates, classNames, false);
  const bool everyClass = !byClass.empty() && std::find(byClass.begin(), byClass.end(), -1) == byClass.end();
  if (everyClass && candidates.size() == byClass.size()) return byClass;
  // Classes no row is labelled with: every class seen has its column, they all share one prefix
  // ("p_0" ... "p_8"), and so does every further qualifying column ("p_9"): a model's output
  // over all its classes, some absent from these labels. Taken as in probabilities mode (the
  // columns in table order, one class each); a further column named otherwise may be a
  // feature, and the file is then trained on as before.
  if (everyClass && !force && !partial && sharedProbabilityPrefix(t, byClass, candidates)) return candidates;
  // More qualifying columns than classes seen: classes absent from the labels (kept when the
  // caller insists, or in a preview, where the rest of the file may hold them).
  if (everyClass && partial) return candidates;
  if (force && candidates.size() >= 2) return candidates;
  // The caller says the file gives probabilities and each class has a column named for it, some
  // value out of range or missing: those columns, so that the check of the values names the
  // line and the value (instead of "no probability columns").
  if (force) return namedProbabilityColumns(t, labelColumn, classNames);
  return {};
}

std::vector<Index> namedProbabilityColumns(const Table& t, Index labelColumn, const std::vector<std::string>& classNames) {
  const std::vector<bool> annotation = annotationColumnMask(t);
  std::vector<Index> numeric;
  for (Index c = 0; c < t.columnCount(); ++c)
    if (c != labelColumn && !annotation[static_cast<size_t>(c)] && t.columns[static_cast<size_t>(c)].kind == ColumnKind::Numeric)
      numeric.push_back(c);
  // A class's own name alone is a feature's name as often as a probability's: a prefix is needed.
  const std::vector<Index> byClass = columnOfEachClass(t, numeric, classNames, true);
  if (byClass.size() < 2 || std::find(byClass.begin(), byClass.end(), -1) != byClass.end()) return {};
  return byClass;
}

std::string probabilityNamesWarning(const Table& t, const std::vector<Index>& named) {
  if (named.empty()) return {};
  std::string names;
  for (Index c : named) names += (names.empty() ? "\"" : ", \"") + t.columns[static_cast<size_t>(c)].name + "\"";
  for (Index c : named) {
    const Column& col = t.columns[static_cast<size_t>(c)];
    for (Index i = 0; i < col.size(); ++i) {
      const double v = col.numbers[static_cast<size_t>(i)];
      if (std::isfinite(v) && v >= -kGivenProbabilityTolerance && v <= 1.0 + kGivenProbabilityTolerance) continue;
      char value[32];
      std::snprintf(value, sizeof value, "%g", v);
      return "columns " + names + " are named as the classes' probabilities but are read as features: line " +
             std::to_string(t.rowLines[static_cast<size_t>(i)]) + " has " +
             (std::isfinite(v) ? std::string(value) : std::string("no number")) + " in \"" + col.name +
             "\" (probabilities are numbers in [0, 1] in every row)";
    }
  }
  return {};
}

ColumnGuess guessColumns(const Table& t, const GuessOptions& options) {
  ColumnGuess g;
  Index categorical = 0;
  // Annotations are not counted, so that "the only categorical column" of a file stays so once
  // annotated (is_label_issue and suggested_label are categorical).
  const std::vector<bool> annotation = annotationColumnMask(t);
  for (size_t j = 0; j < t.columns.size(); ++j)
    categorical += !annotation[j] && t.columns[j].kind == ColumnKind::Categorical;
  for (Index j = 0; j < t.columnCount(); ++j)
    g.candidates.push_back(scoreColumn(t, j, categorical == 1, annotation[static_cast<size_t>(j)], options));
  std::stable_sort(g.candidates.begin(), g.candidates.end(), [](const LabelCandidate& a, const LabelCandidate& b) {
    if (a.eligible != b.eligible) return a.eligible;
    if (a.score != b.score) return a.score > b.score;
    return a.column > b.column;  // ties: the later column
  });
  if (g.candidates.empty() || !g.candidates.front().eligible) return g;
  g.label = g.candidates.front().column;
  g.labelReasons = g.candidates.front().reasons;
  const LabelCoding coding = codeLabels(t.columns[static_cast<size_t>(g.label)]);
  g.probabilityColumns = findProbabilityColumns(t, g.label, coding.names, false, options.partial);
  return g;
}

}  // namespace labelcheck
