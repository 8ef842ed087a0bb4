// See audit_values.hpp.
#include "audit_values.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace labelcheck::wasm {

namespace {

// Sets of examples as file rows, flat: set s is rows[starts[s] .. starts[s + 1]).
val setsValue(const RowGroups& sets, const std::vector<Index>& sourceRows) {
  std::vector<int32_t> starts(sets.starts.begin(), sets.starts.end()), rows(sets.rows.size());
  for (size_t j = 0; j < rows.size(); ++j) rows[j] = static_cast<int32_t>(sourceRows[static_cast<size_t>(sets.rows[j])]);
  val out = val::object();
  out.set("starts", int32Array(starts.data(), starts.size()));
  out.set("rows", int32Array(rows.data(), rows.size()));
  return out;
}

val fileRowsValue(const std::vector<int32_t>& examples, const std::vector<Index>& sourceRows) {
  std::vector<int32_t> rows(examples.size());
  for (size_t j = 0; j < rows.size(); ++j) rows[j] = static_cast<int32_t>(sourceRows[static_cast<size_t>(examples[j])]);
  return int32Array(rows.data(), rows.size());
}

int32_t argmaxRow(const RealMatrix& m, Index i) {
  Index best = 0;
  for (Index k = 1; k < m.cols(); ++k)
    if (m(i, k) > m(i, best)) best = k;
  return static_cast<int32_t>(best);
}

val knnIssuesValue(const PipelineResult& p) {
  const PipelineAudit& a = p.audit;
  const size_t n = a.knnLabelIssues.size();
  std::vector<int32_t> row(n), example(n), given(n), suggested(n);
  std::vector<double> quality(n);
  for (size_t j = 0; j < n; ++j) {
    const Index e = a.knnLabelIssues[j];
    example[j] = static_cast<int32_t>(e);
    row[j] = static_cast<int32_t>(p.sourceRows[static_cast<size_t>(e)]);
    given[j] = p.labels[e];
    suggested[j] = argmaxRow(a.result.knnVote, e);
    quality[j] = a.knnLabelQuality[e];
  }
  val out = val::object();
  out.set("row", int32Array(row.data(), n));
  out.set("example", int32Array(example.data(), n));
  out.set("givenLabel", int32Array(given.data(), n));
  out.set("suggestedLabel", int32Array(suggested.data(), n));
  out.set("labelQuality", float64Array(quality.data(), n));
  return out;
}

}  // namespace

val auditValue(const PipelineResult& p) {
  if (!p.audited) return val::null();
  const AuditResult& a = p.audit.result;
  val out = val::object();
  {
    val g = val::object();
    g.set("skipped", a.graph.skipped);
    g.set("estimatedSeconds", p.audit.graphSeconds);
    g.set("k", a.graph.k);
    g.set("metric", std::string(a.graph.cosine ? "cosine" : "euclidean"));
    g.set("exact", a.graph.exact);
    g.set("recall", a.graph.recall);
    g.set("recallRows", static_cast<double>(a.graph.recallRows));
    out.set("graph", g);
  }
  {
    std::vector<double> scores(a.outliers.ranked.size());
    for (size_t j = 0; j < scores.size(); ++j) scores[j] = a.outliers.score[a.outliers.ranked[j]];
    val o = val::object();
    o.set("row", fileRowsValue(a.outliers.ranked, p.sourceRows));
    o.set("score", float64Array(scores.data(), scores.size()));
    out.set("outliers", o);
    out.set("outlierThreshold", a.outliers.threshold);
  }
  out.set("nearDuplicateSets", setsValue(a.nearDuplicates.sets, p.sourceRows));
  out.set("nearDuplicateRadius", a.nearDuplicates.radius);
  out.set("exactDuplicateSets", setsValue(a.nearDuplicates.exactSets, p.sourceRows));
  {
    const ClassImbalanceAudit& c = a.classImbalance;
    val ci = val::object();
    ci.set("flagged", c.flagged);
    ci.set("classIndex", c.rarestClass);
    ci.set("className", p.classNames[static_cast<size_t>(c.rarestClass)]);
    ci.set("count", static_cast<double>(c.rarestCount));
    ci.set("share", c.rarestShare);
    ci.set("threshold", c.threshold);
    out.set("classImbalance", ci);
  }
  {
    val ni = val::object();
    ni.set("pValue", a.nonIid.pValue);
    ni.set("statistic", a.nonIid.statistic);
    ni.set("permutations", a.nonIid.permutations);
    ni.set("flagged", a.nonIid.flagged);
    ni.set("rows", fileRowsValue(a.nonIid.rows, p.sourceRows));
    out.set("nonIid", ni);
  }
  out.set("emptyRows", fileRowsValue(a.emptyRows.emptyRows, p.sourceRows));
  {
    struct ColumnMissing { Index index; std::string name; Index missing; };
    std::vector<ColumnMissing> columns;
    // Names by column index, looked up once (a scan of every report per column took 20 s on
    // 100,000 columns).
    std::vector<const std::string*> nameOf;
    for (const ColumnReport& r : p.columns) {
      if (r.index < 0) continue;
      if (static_cast<size_t>(r.index) >= nameOf.size()) nameOf.resize(static_cast<size_t>(r.index) + 1, nullptr);
      nameOf[static_cast<size_t>(r.index)] = &r.name;
    }
    for (size_t j = 0; j < p.audit.missingColumns.size(); ++j) {
      const Index c = p.audit.missingColumns[j];
      const std::string* name = c >= 0 && static_cast<size_t>(c) < nameOf.size() ? nameOf[static_cast<size_t>(c)] : nullptr;
      columns.push_back({c, name ? *name : std::string(), a.emptyRows.missingPerColumn[j]});
    }
    out.set("missingByColumn", objectArray(columns, [](val& x, const ColumnMissing& c) {
      x.set("index", static_cast<double>(c.index));
      x.set("name", c.name);
      x.set("missing", static_cast<double>(c.missing));
    }));
  }
  out.set("knnLabelIssues", knnIssuesValue(p));
  out.set("knnVote", realMatrixValue(a.knnVote));
  {
    val s = val::object();
    s.set("outlier", float64Array(a.outliers.score));
    s.set("nearDuplicate", float64Array(a.nearDuplicates.score));
    s.set("nonIid", float64Array(a.nonIid.score));
    s.set("nonMissing", float64Array(a.emptyRows.nonMissingShare));
    s.set("classImbalance", float64Array(a.classImbalance.score));
    s.set("knnLabelQuality", float64Array(p.audit.knnLabelQuality));
    out.set("scores", s);
  }
  return out;
}

val auditGraphValue(const AuditNeighbors& g) {
  val out = okValue();
  out.set("indices", int32Array(g.graph.indices.data(), g.graph.indices.size()));
  out.set("distances", float32Array(g.graph.distances.data(), g.graph.distances.size()));
  val info = val::object();
  info.set("k", g.info.k);
  info.set("cosine", g.info.cosine);
  info.set("exact", g.info.exact);
  info.set("recall", g.info.recall);
  info.set("recallRows", static_cast<double>(g.info.recallRows));
  info.set("milliseconds", g.info.milliseconds);
  out.set("info", info);
  return out;
}

Result<AuditNeighbors> auditGraphFrom(uintptr_t indicesPtr, uintptr_t distancesPtr, double length, const val& info,
                                      Index rows) {
  AuditNeighbors g;
  g.info.k = info["k"].as<int>();
  g.info.cosine = info["cosine"].as<bool>();
  g.info.exact = info["exact"].as<bool>();
  g.info.recall = info["recall"].as<double>();
  g.info.recallRows = static_cast<Index>(info["recallRows"].as<double>());
  g.info.milliseconds = info["milliseconds"].as<double>();
  const size_t want = static_cast<size_t>(rows) * static_cast<size_t>(std::max(g.info.k, 0));
  if (static_cast<size_t>(length) != want)
    return makeError(Status::ShapeMismatch, "the audit's graph: neighbour lists of the wrong size");
  const int32_t* idx = reinterpret_cast<const int32_t*>(indicesPtr);
  const float* dist = reinterpret_cast<const float*>(distancesPtr);
  g.graph.k = g.info.k;
  g.graph.exact = g.info.exact;
  g.graph.rowCount = rows;
  g.graph.indices.assign(idx, idx + want);
  g.graph.distances.assign(dist, dist + want);
  return g;
}

val nonIidValue(const NonIidAudit& a) {
  val out = okValue();
  out.set("score", float64Array(a.score));
  out.set("rows", int32Array(a.rows.data(), a.rows.size()));
  val info = val::object();
  info.set("statistic", a.statistic);
  info.set("pValue", a.pValue);
  info.set("permutations", a.permutations);
  info.set("reached", a.reached);
  info.set("flagged", a.flagged);
  out.set("info", info);
  return out;
}

NonIidAudit nonIidFrom(uintptr_t scorePtr, double length, uintptr_t rowsPtr, double rowsLength, const val& info) {
  NonIidAudit a;
  a.statistic = info["statistic"].as<double>();
  a.pValue = info["pValue"].as<double>();
  a.permutations = info["permutations"].as<int>();
  a.reached = info["reached"].as<int>();
  a.flagged = info["flagged"].as<bool>();
  const double* score = reinterpret_cast<const double*>(scorePtr);
  a.score = Eigen::Map<const RealVector>(score, static_cast<Index>(length));
  const int32_t* rows = reinterpret_cast<const int32_t*>(rowsPtr);
  a.rows.assign(rows, rows + static_cast<size_t>(rowsLength));
  return a;
}

val missingMarkersValue(const std::vector<MissingMarker>& markers) {
  std::vector<double> flat;
  for (const MissingMarker& m : markers) {
    flat.insert(flat.end(), {static_cast<double>(m.marker), static_cast<double>(m.first), static_cast<double>(m.centre.size())});
    flat.insert(flat.end(), m.centre.begin(), m.centre.end());
  }
  return float64Array(flat.data(), flat.size());
}

std::vector<MissingMarker> missingMarkersFrom(const val& markers) {
  const std::vector<double> flat = emscripten::convertJSArrayToNumberVector<double>(markers);
  std::vector<MissingMarker> out;
  // A length past the end is cut short (centreMissingCells then checks the columns).
  for (size_t at = 0; at + 3 <= flat.size();) {
    const size_t width = std::min(static_cast<size_t>(flat[at + 2]), flat.size() - at - 3);
    out.push_back({static_cast<Index>(flat[at]), static_cast<Index>(flat[at + 1]),
                   std::vector<double>(flat.begin() + static_cast<std::ptrdiff_t>(at + 3), flat.begin() + static_cast<std::ptrdiff_t>(at + 3 + width))});
    at += 3 + width;
  }
  return out;
}

}  // namespace labelcheck::wasm
