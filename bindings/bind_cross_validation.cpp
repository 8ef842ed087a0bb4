// Embind registration of a cross-validation session: the units of another instance's plan, run
// here (js/parallel.js hands them out; src/labelcheck/cv_plan.hpp says what a unit is).
//
//   const s = new _CvSession(options, K);                  // options: resolved checkLabels options
//   HEAPF64.set(x, s.denseBuffer(rows, cols) / 8);         // or sparseBuffers(rows, nnz, cols) + setRowPtr
//   HEAP32.set(labels, s.labelsBuffer(rows) / 4);
//   s.setMissingMarkers(features.missingMarkers);          // from the coordinator's features()
//   s.plan() -> {ok, plan: planValue}                      // the same fingerprint as the coordinator's
//   s.runUnit(u) -> unit output (cv_values.hpp)
//   s.auditGraph() -> the audit's graph (audit_values.hpp), as the coordinator's run would build it
//   s.auditNonIid() -> the order-effects check on that graph, all its permutations (audit_values.hpp)
//   s.delete();
//
// The buffers are the session's own storage (no second copy of the features); a buffer
// function returns 0 when the memory cannot hold it (OUT_OF_MEMORY on the JS side).
#include <emscripten/bind.h>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "audit_values.hpp"
#include "cv_values.hpp"
#include "labelcheck/missing_centre.hpp"
#include "labelcheck/pipeline.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {

class CvSession {
 public:
  CvSession(val options, int K)
      : m_K(K), m_audit(options["audit"].as<bool>()), m_refit(options["refit"].as<bool>()) {
    m_status = readCvOptions(options, m_cv);
  }

  uintptr_t denseBuffer(double rows, double cols) {
    if (!reserveWorkspace(rows * cols * 8.0).ok()) return 0;
    m_sparse = false;
    m_dense.resize(static_cast<Index>(rows), static_cast<Index>(cols));
    return reinterpret_cast<uintptr_t>(m_dense.data());
  }

  // {values, columns, rowPtr} addresses: nnz doubles, nnz int32 and rows + 1 doubles (a scratch
  // block, converted to int64 offsets by setRowPtr()).
  val sparseBuffers(double rows, double nnz, double cols) {
    val out = val::object();
    if (!reserveWorkspace(nnz * 12.0 + (rows + 1) * 16.0).ok()) {
      out.set("ok", false);
      return out;
    }
    m_sparse = true;
    m_rows.nCols = static_cast<Index>(cols);
    m_rows.values.resize(static_cast<size_t>(nnz));
    m_rows.cols.resize(static_cast<size_t>(nnz));
    m_rowPtrScratch.resize(static_cast<size_t>(rows) + 1);
    out.set("ok", true);
    out.set("values", reinterpret_cast<uintptr_t>(m_rows.values.data()));
    out.set("columns", reinterpret_cast<uintptr_t>(m_rows.cols.data()));
    out.set("rowPtr", reinterpret_cast<uintptr_t>(m_rowPtrScratch.data()));
    return out;
  }

  void setRowPtr() {
    m_rows.rowPtr.assign(m_rowPtrScratch.begin(), m_rowPtrScratch.end());
    std::vector<double>().swap(m_rowPtrScratch);
  }

  // The coordinator's missing-cell markers (audit_values.hpp): auditGraph() centres them.
  void setMissingMarkers(val markers) { m_markers = missingMarkersFrom(markers); }

  uintptr_t labelsBuffer(double rows) {
    if (!reserveWorkspace(rows * 4.0).ok()) return 0;
    m_labels.resize(static_cast<Index>(rows));
    return reinterpret_cast<uintptr_t>(m_labels.data());
  }

  val plan() {
    if (!m_status.ok()) return errorValue(m_status.error());
    // As the coordinator's PipelineRun decides (its plan's fingerprint must match).
    m_cv.knnVoteGraph = auditGraphFeedsKnn(m_refit, auditPlan());
    auto p = m_sparse ? planCrossValidation(m_rows, m_labels, m_K, m_cv) : planCrossValidation(m_dense, m_labels, m_K, m_cv);
    if (!p.ok()) return errorValue(p.error());
    m_plan = std::make_unique<CvPlan>(std::move(p).value());
    m_runner = m_sparse ? std::make_unique<CvUnitRunner>(*m_plan, m_rows, m_labels, m_cv)
                        : std::make_unique<CvUnitRunner>(*m_plan, m_dense, m_labels, m_cv, true);
    val out = okValue();
    out.set("plan", planValue(*m_plan));
    return out;
  }

  val runUnit(int unit) {
    if (!m_runner) return errorValue(makeError(Status::InvalidArgument, "runUnit(): call plan() first"));
    auto r = m_runner->run(static_cast<size_t>(unit));
    if (!r.ok()) return errorValue(r.error());
    return unitOutputValue(*m_plan, static_cast<size_t>(unit), r.value());
  }

  // The audit's graph of these features, with the audit's default options and the session's seed
  // and budget (what PipelineRun::auditPlan() of the coordinator plans; the coordinator checks
  // its shape). Between units: logistic folds put the rows back in order when they finish.
  // Its recall is measured by the coordinator when the graph arrives (auditDataset), beside this
  // instance's order-effects check.
  val auditGraph() {
    if (!m_status.ok()) return errorValue(m_status.error());
    const AuditPlan plan = auditPlan();
    auto g = m_sparse ? auditGraphOf(m_rows, plan.options) : auditGraphOf(m_dense, plan.options);
    if (!g.ok()) return errorValue(g.error());
    val out = auditGraphValue(g.value());  // copies
    // Kept for auditNonIid() with the audit on; without it the graph was for kNN's vote alone.
    if (m_audit) {
      m_auditOptions = plan.options;
      m_graph = std::make_unique<AuditNeighbors>(std::move(g).value());
    }
    return out;
  }

  // The order-effects check on the graph auditGraph() built (then let go), with the same options:
  // the coordinator runs the other checks meanwhile (PipelineRun::auditAllButNonIid).
  val auditNonIid() {
    if (!m_graph) return errorValue(makeError(Status::InvalidArgument, "auditNonIid(): call auditGraph() first"));
    auto r = labelcheck::auditNonIid(*m_graph, m_auditOptions);
    m_graph.reset();
    if (!r.ok()) return errorValue(r.error());
    return nonIidValue(r.value());
  }

 private:
  // The audit's graph of `X`, its missing cells centred first when there are markers (a
  // transient copy, as the coordinator's run keeps one for its audit).
  template <typename Rows>
  Result<AuditNeighbors> auditGraphOf(const Rows& X, const AuditOptions& options) const {
    if (m_markers.empty()) return buildAuditGraph(X, options);
    auto centred = centreMissingCells(X, m_markers);
    if (!centred.ok()) return std::move(centred).error();
    return buildAuditGraph(centred.value(), options);
  }

  // The audit's plan for these features: the audit's default options with the session's seed and
  // budget, what PipelineRun::auditPlan() of the coordinator plans.
  AuditPlan auditPlan() const {
    return m_sparse ? planAudit(AuditOptions{}, m_cv, m_rows.rows(), m_rows.nCols, true)
                    : planAudit(AuditOptions{}, m_cv, m_dense.rows(), m_dense.cols(), false);
  }

  int m_K;
  bool m_audit;  // the run's option audit: whether auditNonIid() follows auditGraph()
  bool m_refit;  // the run's option refit: whether kNN reads the audit's graph
  Outcome m_status;
  CvOptions m_cv;
  bool m_sparse = false;
  RealMatrix m_dense;
  SparseRows m_rows;
  std::vector<double> m_rowPtrScratch;
  LabelVector m_labels;
  std::unique_ptr<CvPlan> m_plan;
  std::unique_ptr<CvUnitRunner> m_runner;  // declared after what it refers to: destroyed first
  std::vector<MissingMarker> m_markers;
  AuditOptions m_auditOptions;
  std::unique_ptr<AuditNeighbors> m_graph;  // from auditGraph() to auditNonIid()
};

}  // namespace labelcheck::wasm

EMSCRIPTEN_BINDINGS(labelcheck_cross_validation) {
  emscripten::class_<labelcheck::wasm::CvSession>("_CvSession")
      .constructor<emscripten::val, int>()
      .function("denseBuffer", &labelcheck::wasm::CvSession::denseBuffer)
      .function("sparseBuffers", &labelcheck::wasm::CvSession::sparseBuffers)
      .function("setRowPtr", &labelcheck::wasm::CvSession::setRowPtr)
      .function("labelsBuffer", &labelcheck::wasm::CvSession::labelsBuffer)
      .function("setMissingMarkers", &labelcheck::wasm::CvSession::setMissingMarkers)
      .function("plan", &labelcheck::wasm::CvSession::plan)
      .function("runUnit", &labelcheck::wasm::CvSession::runUnit)
      .function("auditGraph", &labelcheck::wasm::CvSession::auditGraph)
      .function("auditNonIid", &labelcheck::wasm::CvSession::auditNonIid);
}
