// Embind registration of the one-call pipeline (src/labelcheck/pipeline.hpp): CSV bytes in,
// ranked label issues out. js/pipeline.js checkLabels() is the public face: it resolves every
// option (defaults live in JS), wraps onProgress, feeds the input bytes through one reused heap
// buffer a chunk at a time (so the heap never holds the whole text next to the parsed table),
// and turns the flat issue table below into one object per issue.
//
//   const run = new _CheckLabelsRun(options, onProgress);   // internal; js/pipeline.js deletes it
//   run.feed(bytesPtr, byteLength) -> {ok: true} | {ok: false, code, ...}   (per chunk)
//   run.finish() -> {ok: true, ...} | {ok: false, code, ...}
//
// options: {label: string | number | null, features: (string | number)[] | null,
//           mode: 'auto' | 'train' | 'probabilities', probabilityColumns: (string | number)[] | null,
//           delimiter: 'auto' | ',' | ';' | '\t' | '|', onBadRow: 'error' | 'skip',
//           model: 'auto' | 'logistic' | 'knn' | 'gbdt', cvNFolds, seed, repeats, budgetSeconds, refit, filterBy, fracNoise,
//           minExamplesPerClass, method, neighbors, maxExplainedIssues, projection, audit, sizeHint}
// onProgress: null, or a JS function (stage, done, total, detail) -> boolean, called from C++
// between units of work; false cancels (CANCELLED). It must not throw (the JS wrapper catches).
//
// Everything returned is a JS-owned copy. Per-issue and per-neighbour data, and the audit's
// per-row lists (audit_values.hpp), leave as flat typed arrays (one Embind call per array
// instead of one per field), assembled into objects in JS.
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <vector>

#include "labelcheck/labelcheck.hpp"
#include "labelcheck/pipeline.hpp"
#include "audit_values.hpp"
#include "csv_values.hpp"
#include "cv_values.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {
namespace {

Result<ColumnRef> columnRef(const val& v, const char* what) {
  if (v.isString()) return ColumnRef::byName(v.as<std::string>());
  if (v.isNumber()) {
    const double d = v.as<double>();
    if (d >= 0 && d == static_cast<double>(static_cast<Index>(d))) return ColumnRef::byIndex(static_cast<Index>(d));
  }
  return makeError(Status::InvalidArgument, std::string(what) + " must be a column name or a 0-based column index");
}

Result<std::vector<ColumnRef>> columnRefs(const val& v, const char* what) {
  std::vector<ColumnRef> out;
  if (v.isNull() || v.isUndefined()) return out;
  const unsigned n = v["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) {
    auto r = columnRef(v[i], what);
    if (!r.ok()) return std::move(r).error();
    out.push_back(std::move(r).value());
  }
  return out;
}

Result<PipelineOptions> pipelineOptions(const val& o) {
  PipelineOptions p;
  const std::string delimiter = o["delimiter"].as<std::string>();
  if (delimiter == "auto") p.csv.delimiter = 0;
  else if (delimiter == "," || delimiter == ";" || delimiter == "\t" || delimiter == "|") p.csv.delimiter = delimiter[0];
  else return makeError(Status::InvalidArgument, "delimiter must be 'auto', ',', ';', '\\t' or '|'; got '" + delimiter + "'");
  // The input's size, known to JS before the first chunk (CsvOptions::sizeHint).
  if (o["sizeHint"].isNumber()) p.csv.sizeHint = static_cast<uint64_t>(o["sizeHint"].as<double>());
  const std::string onBadRow = o["onBadRow"].as<std::string>();
  if (onBadRow == "error") p.csv.onBadRow = BadRowPolicy::Error;
  else if (onBadRow == "skip") p.csv.onBadRow = BadRowPolicy::Skip;
  else return makeError(Status::InvalidArgument, "onBadRow must be 'error' or 'skip'; got '" + onBadRow + "'");

  const val label = o["label"];
  if (!label.isNull()) {
    auto r = columnRef(label, "label");
    if (!r.ok()) return std::move(r).error();
    p.label = std::move(r).value();
  }
  auto features = columnRefs(o["features"], "features");
  if (!features.ok()) return std::move(features).error();
  p.features = std::move(features).value();
  auto probColumns = columnRefs(o["probabilityColumns"], "probabilityColumns");
  if (!probColumns.ok()) return std::move(probColumns).error();
  p.probabilityColumns = std::move(probColumns).value();

  auto mode = parsePipelineMode(o["mode"].as<std::string>());
  if (!mode.ok()) return std::move(mode).error();
  p.mode = mode.value();

  LABELCHECK_TRY(readCvOptions(o, p.cv));
  p.refit = o["refit"].as<bool>();

  auto filter = parseFilterBy(o["filterBy"].as<std::string>());
  if (!filter.ok()) return std::move(filter).error();
  p.issues.filterBy = filter.value();
  p.issues.fracNoise = o["fracNoise"].as<double>();
  p.issues.minExamplesPerClass = static_cast<int64_t>(o["minExamplesPerClass"].as<double>());
  auto method = parseScoreMethod(o["method"].as<std::string>());
  if (!method.ok()) return std::move(method).error();
  p.scoreMethod = method.value();
  p.neighborsPerIssue = o["neighbors"].as<int>();
  p.maxExplainedIssues = static_cast<Index>(o["maxExplainedIssues"].as<double>());
  p.projection = o["projection"].as<bool>();
  p.audit = o["audit"].as<bool>();
  p.allowContinuousLabel = o["allowContinuousLabel"].isTrue();
  return p;
}

val columnsValue(const std::vector<ColumnReport>& columns) {
  return objectArray(columns, [](val& x, const ColumnReport& c) {
    x.set("index", static_cast<double>(c.index));
    x.set("name", c.name);
    x.set("kind", std::string(columnKindName(c.kind)));
    x.set("use", std::string(columnUseName(c.use)));
    x.set("why", c.why);
    x.set("featureCount", static_cast<double>(c.featureCount));
  });
}

val excludedValue(const std::vector<ExcludedRow>& rows) {
  return objectArray(rows, [](val& x, const ExcludedRow& r) {
    x.set("row", static_cast<double>(r.row));
    x.set("line", static_cast<double>(r.line));
    x.set("code", std::string(statusCode(r.reason)));
    x.set("message", r.message);
  });
}

val modelsValue(const std::vector<CvModelScore>& models) {
  return objectArray(models, [](val& x, const CvModelScore& m) {
    x.set("name", std::string(m.name));
    x.set("weight", m.weight);
    x.set("accuracy", m.accuracy);
    x.set("logLoss", m.logLoss);
  });
}

// The issues as parallel flat arrays; neighbours of issue j are
// neighborExamples[neighborStarts[j] .. neighborStarts[j + 1]).
val issuesValue(const std::vector<PipelineIssue>& issues) {
  const size_t n = issues.size();
  std::vector<int32_t> example(n), row(n), given(n), suggested(n), starts(n + 1, 0), nbExample;
  std::vector<double> line(n), quality(n), nbDistance;
  for (size_t j = 0; j < n; ++j) {
    const PipelineIssue& i = issues[j];
    example[j] = static_cast<int32_t>(i.example);
    row[j] = static_cast<int32_t>(i.row);
    line[j] = static_cast<double>(i.line);
    given[j] = i.givenLabel;
    suggested[j] = i.suggestedLabel;
    quality[j] = i.labelQuality;
    for (size_t k = 0; k < i.neighborExamples.size(); ++k) {
      nbExample.push_back(static_cast<int32_t>(i.neighborExamples[k]));
      nbDistance.push_back(i.neighborDistances[k]);
    }
    starts[j + 1] = static_cast<int32_t>(nbExample.size());
  }
  val out = val::object();
  out.set("example", int32Array(example.data(), n));
  out.set("row", int32Array(row.data(), n));
  out.set("line", float64Array(line.data(), n));
  out.set("givenLabel", int32Array(given.data(), n));
  out.set("suggestedLabel", int32Array(suggested.data(), n));
  out.set("labelQuality", float64Array(quality.data(), n));
  out.set("neighborStarts", int32Array(starts.data(), starts.size()));
  out.set("neighborExamples", int32Array(nbExample.data(), nbExample.size()));
  out.set("neighborDistances", float64Array(nbDistance.data(), nbDistance.size()));
  return out;
}

// The result with the keys and nesting of index.d.ts CheckLabelsResult, so that JS renames
// nothing; only `issues` leaves as the flat table above, which js/pipeline.js turns into one
// object per issue in place (fast in JS, one Embind call per field here), and the flat parts
// of `audit` (audit_values.hpp).
val resultValue(PipelineResult& p) {
  val out = okValue();
  out.set("mode", std::string(p.mode == PipelineMode::ProbabilitiesGiven ? "probabilities" : "train"));
  out.set("classNames", stringArray(p.classNames));
  {
    val labelColumn = val::object();
    labelColumn.set("index", static_cast<double>(p.labelColumn));
    std::string name;
    for (const ColumnReport& c : p.columns)
      if (c.index == p.labelColumn) name = c.name;
    labelColumn.set("name", name);
    labelColumn.set("reasons", stringArray(p.labelReasons));  // the guess's, or "named by the caller"
    out.set("labelColumn", labelColumn);
  }
  out.set("columns", columnsValue(p.columns));
  out.set("probabilityColumns", stringArray(p.probabilityColumns));
  out.set("rowCount", static_cast<double>(p.rowCount));
  out.set("excludedRows", excludedValue(p.excludedRows));
  out.set("csv", csvValue(p.csv));
  out.set("warnings", stringArray(p.warnings));
  out.set("rowSpans", rowSpansValue(p.rowSpans));
  const size_t N = static_cast<size_t>(p.labels.size());
  {
    val examples = val::object();
    examples.set("sourceRows", int32ArrayFromIndices(p.sourceRows));
    examples.set("labels", int32Array(p.labels.data(), N));
    examples.set("predProbs", realMatrixValue(p.predProbs));
    examples.set("labelQuality", float64Array(p.labelQuality));
    examples.set("isLabelIssue", uint8Array(p.isLabelIssue.data(), p.isLabelIssue.size()));
    examples.set("projection", p.projection.size() > 0 ? realMatrixValue(p.projection) : val::null());
    out.set("examples", examples);
  }
  out.set("issues", issuesValue(p.issues));
  out.set("audit", auditValue(p));
  {
    val s = val::object();
    s.set("rowsChecked", static_cast<double>(N));
    s.set("rowsFlagged", static_cast<double>(p.issues.size()));
    s.set("estimatedNoiseRate", N ? static_cast<double>(p.issues.size()) / static_cast<double>(N) : 0.0);
    s.set("overallLabelHealthScore", p.health.overallLabelHealthScore);
    s.set("model", p.modelChoice);
    s.set("models", modelsValue(p.models));
    s.set("modelsSkipped", stringArray(p.modelsSkipped));
    s.set("estimatedCostSeconds", p.estimatedCost);
    s.set("cvAccuracy", p.cvAccuracy);
    s.set("folds", p.folds);
    s.set("repeats", p.repeats);
    s.set("refitExcludedRows", static_cast<double>(p.refitExcludedRows));
    s.set("thresholds", float64Array(p.thresholds));
    s.set("joint", realMatrixValue(p.health.joint));
    s.set("noiseMatrix", realMatrixValue(p.noise.noiseMatrix));
    s.set("inverseNoiseMatrix", realMatrixValue(p.noise.inverseNoiseMatrix));
    s.set("py", float64Array(p.noise.py));
    s.set("confidentJoint", countMatrixValue(p.noise.confidentJoint));
    s.set("classesByLabelQuality", classRowsValue(p.health.classesByLabelQuality, &p.classNames));
    s.set("overlappingClasses", overlapRowsValue(p.health.overlappingClasses, &p.classNames));
    s.set("probabilityRowsAdjusted", static_cast<double>(p.probabilityRowsAdjusted));
    out.set("summary", s);
  }
  val t = val::object();
  t.set("parse", p.timings.parseMs);
  t.set("encode", p.timings.encodeMs);
  t.set("crossValidation", p.timings.crossValidationMs);
  t.set("findIssues", p.timings.findIssuesMs);
  t.set("audit", p.timings.auditMs);
  t.set("total", p.timings.totalMs);
  out.set("timingsMs", t);
  return out;
}

}  // namespace

// One checkLabels call, fed in chunks. Invalid options are reported by the first feed() or by
// finish(), since a constructor cannot return them.
class CheckLabelsRun {
 public:
  CheckLabelsRun(val options, val onProgress) {
    auto parsed = pipelineOptions(options);
    if (!parsed.ok()) {
      m_failed = std::move(parsed).error();
      return;
    }
    PipelineOptions o = std::move(parsed).value();
    if (!onProgress.isNull() && !onProgress.isUndefined()) {
      o.onProgress = [onProgress](const Progress& p) {
        return onProgress(std::string(p.stage), p.done, p.total, std::string(p.detail), p.workDone, p.workTotal).as<bool>();
      };
    }
    m_run = std::make_unique<PipelineRun>(std::move(o));
  }

  val feed(uintptr_t bytesPtr, double byteLength) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    const std::string_view chunk(reinterpret_cast<const char*>(bytesPtr), static_cast<size_t>(byteLength));
    if (Outcome o = m_run->feed(chunk); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  val finish() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    auto r = m_run->finish();
    if (!r.ok()) return errorValue(r.error());
    return resultValue(r.value());
  }

  // The same run in steps (js/parallel.js runs the cross-validation units in other instances):
  // prepare() -> {ok, plan: planValue | null}; features(); runUnit(u); setUnitOutput(u, ...);
  // complete() -> the result, as finish().
  val prepare() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->prepare(); !o.ok()) return errorValue(o.error());
    val out = okValue();
    out.set("plan", m_run->plan() ? planValue(*m_run->plan()) : val::null());
    // The audit's graph, when complete() would build one: {cost} (estimated seconds of one
    // WebAssembly core; 0 when unknown) for a helper to build it beside the units.
    const AuditPlan* audit = m_run->auditPlan();
    val graph = val::null();
    if (audit) {
      graph = val::object();
      graph.set("cost", audit->graphSeconds);
    }
    out.set("auditGraph", graph);
    return out;
  }

  // The units' inputs, as JS-owned copies: {ok, K, labels: Int32Array, sparse: false, rows,
  // cols, missingMarkers, data: Float64Array} or {..., sparse: true, rows, cols, missingMarkers,
  // values: Float64Array, columns: Int32Array, rowPtr: Float64Array}; missingMarkers
  // (audit_values.hpp) for the audit's graph.
  val features() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    const FeatureMatrix* f = m_run->features();
    if (!f || !m_run->plan()) return errorValue(makeError(Status::InvalidArgument, "features(): nothing to cross-validate"));
    val out = okValue();
    out.set("K", m_run->plan()->K);
    const LabelVector& y = *m_run->labels();
    out.set("labels", int32Array(y.data(), static_cast<size_t>(y.size())));
    out.set("sparse", f->isSparse);
    out.set("rows", static_cast<double>(f->rows()));
    out.set("cols", static_cast<double>(f->cols()));
    out.set("missingMarkers", missingMarkersValue(m_run->missingMarkers()));
    if (!f->isSparse) {
      out.set("data", float64Array(f->dense.data(), static_cast<size_t>(f->dense.size())));
    } else {
      out.set("values", float64Array(f->sparse.values.data(), f->sparse.values.size()));
      out.set("columns", int32Array(f->sparse.cols.data(), f->sparse.cols.size()));
      std::vector<double> rowPtr(f->sparse.rowPtr.begin(), f->sparse.rowPtr.end());
      out.set("rowPtr", float64Array(rowPtr.data(), rowPtr.size()));
    }
    return out;
  }

  val runUnit(int unit) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    auto r = m_run->runUnit(static_cast<size_t>(unit));
    if (!r.ok()) return errorValue(r.error());
    return unitOutputValue(*m_run->plan(), static_cast<size_t>(unit), r.value());
  }

  // Runs unit u here and keeps its output (no trip through JavaScript).
  val keepUnit(int unit) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    auto r = m_run->runUnit(static_cast<size_t>(unit));
    if (!r.ok()) return errorValue(r.error());
    if (Outcome o = m_run->setUnitOutput(static_cast<size_t>(unit), std::move(r).value()); !o.ok())
      return errorValue(o.error());
    return okValue();
  }

  val setUnitOutput(int unit, val record, uintptr_t probsPtr, double probsLength, uintptr_t indicesPtr,
                    uintptr_t distancesPtr, double listLength) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (!m_run->plan()) return errorValue(makeError(Status::InvalidArgument, "setUnitOutput(): no plan"));
    auto out = unitOutputFrom(*m_run->plan(), static_cast<size_t>(unit), record, probsPtr, probsLength, indicesPtr,
                              distancesPtr, listLength);
    if (!out.ok()) return errorValue(out.error());
    if (Outcome o = m_run->setUnitOutput(static_cast<size_t>(unit), std::move(out).value()); !o.ok())
      return errorValue(o.error());
    return okValue();
  }

  // The audit's graph from elsewhere (a _CvSession's auditGraph()).
  val setAuditGraph(uintptr_t indicesPtr, uintptr_t distancesPtr, double length, val info) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    const FeatureMatrix* f = m_run->features();
    if (!f) return errorValue(makeError(Status::InvalidArgument, "setAuditGraph(): nothing is audited"));
    auto g = auditGraphFrom(indicesPtr, distancesPtr, length, info, f->rows());
    if (!g.ok()) return errorValue(g.error());
    if (Outcome o = m_run->setAuditGraph(std::move(g).value()); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  // The audit's graph built here now, while other instances run units.
  val buildAuditGraph() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->buildAuditGraph(); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  // The order-effects check from elsewhere (a _CvSession's auditNonIid()).
  val setAuditNonIid(uintptr_t scorePtr, double length, uintptr_t rowsPtr, double rowsLength, val info) {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->setAuditNonIid(nonIidFrom(scorePtr, length, rowsPtr, rowsLength, info)); !o.ok())
      return errorValue(o.error());
    return okValue();
  }

  // The audit's checks but the order effects, once the graph is in, while they run elsewhere.
  val auditAllButNonIid() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->auditAllButNonIid(); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  // Confident Learning once every unit has its output, before the audit's graph is in.
  val findIssues() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->findIssues(); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  // The audit's parts that need no graph, while the graph is built elsewhere.
  val prepareAudit() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    if (Outcome o = m_run->prepareAudit(); !o.ok()) return errorValue(o.error());
    return okValue();
  }

  val complete() {
    if (!m_failed.ok()) return errorValue(m_failed.error());
    auto r = m_run->complete();
    if (!r.ok()) return errorValue(r.error());
    return resultValue(r.value());
  }

 private:
  Outcome m_failed;
  std::unique_ptr<PipelineRun> m_run;
};

}  // namespace labelcheck::wasm

EMSCRIPTEN_BINDINGS(labelcheck_pipeline) {
  emscripten::class_<labelcheck::wasm::CheckLabelsRun>("_CheckLabelsRun")
      .constructor<emscripten::val, emscripten::val>()
      .function("feed", &labelcheck::wasm::CheckLabelsRun::feed)
      .function("finish", &labelcheck::wasm::CheckLabelsRun::finish)
      .function("prepare", &labelcheck::wasm::CheckLabelsRun::prepare)
      .function("features", &labelcheck::wasm::CheckLabelsRun::features)
      .function("runUnit", &labelcheck::wasm::CheckLabelsRun::runUnit)
      .function("keepUnit", &labelcheck::wasm::CheckLabelsRun::keepUnit)
      .function("setUnitOutput", &labelcheck::wasm::CheckLabelsRun::setUnitOutput)
      .function("setAuditGraph", &labelcheck::wasm::CheckLabelsRun::setAuditGraph)
      .function("buildAuditGraph", &labelcheck::wasm::CheckLabelsRun::buildAuditGraph)
      .function("setAuditNonIid", &labelcheck::wasm::CheckLabelsRun::setAuditNonIid)
      .function("auditAllButNonIid", &labelcheck::wasm::CheckLabelsRun::auditAllButNonIid)
      .function("findIssues", &labelcheck::wasm::CheckLabelsRun::findIssues)
      .function("prepareAudit", &labelcheck::wasm::CheckLabelsRun::prepareAudit)
      .function("complete", &labelcheck::wasm::CheckLabelsRun::complete);
}
