// Embind registration of the Confident Learning core (src/labelcheck/*.hpp): one raw function
// per cleanlab call. js/confident-learning.js is the public face: it copies the inputs in,
// supplies every option (so the defaults live in one place, js/options.js), and turns
// {ok:false} into LabelcheckError. Option *values* (filter names, score methods) are checked here by the core.
//
// Common arguments: labels (pointer, LabelsKind, N), predProbs (pointer, ProbsKind, rows, cols),
// then the resolved options object (every function takes one, used or not).
#include <emscripten/bind.h>

#include <cmath>
#include <string>
#include <vector>

#include "labelcheck/labelcheck.hpp"
#include "marshal.hpp"

namespace labelcheck::wasm {
namespace {

#define LC_INPUTS uintptr_t labelsPtr, int labelsKind, int n, uintptr_t probsPtr, int probsKind, int rows, int cols
#define LC_READ_INPUTS()                                                                  \
  Inputs in = readInputs(labelsPtr, labelsKind, n, probsPtr, probsKind, rows, cols);     \
  if (in.error) return errorValue(*in.error);                                             \
  if (auto reserved = reserveWorkspace(workspaceBytes(rows, cols, probsKind)); !reserved.ok()) \
    return errorValue(reserved.error())

Result<ScoreOptions> scoreOptions(const val& method, const val& adjust) {
  auto m = parseScoreMethod(method.as<std::string>());
  if (!m.ok()) return std::move(m).error();
  ScoreOptions o;
  o.method = m.value();
  o.adjustPredProbs = adjust.as<bool>();
  return o;
}


val latentValue(const LatentEstimates& l) {
  val out = okValue();
  out.set("py", float64Array(l.py));
  out.set("noiseMatrix", realMatrixValue(l.noiseMatrix));
  out.set("inverseNoiseMatrix", realMatrixValue(l.inverseNoiseMatrix));
  out.set("confidentJoint", countMatrixValue(l.confidentJoint));
  return out;
}

// ---- cleanlab.count ----

val getConfidentThresholdsRaw(LC_INPUTS, val /*options*/) {
  LC_READ_INPUTS();
  auto r = getConfidentThresholds(in.labels, in.predProbs);
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("thresholds", float64Array(r.value()));
  return out;
}

// options: {calibrate: bool}
val computeConfidentJointRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  ConfidentJointOptions o;
  o.calibrate = options["calibrate"].as<bool>();
  o.returnIndicesOfOffDiagonals = true;
  auto r = computeConfidentJoint(in.labels, in.predProbs, o);
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("confidentJoint", countMatrixValue(r.value().joint));
  out.set("indicesOfOffDiagonals", int32ArrayFromIndices(r.value().offDiagonalRows));
  return out;
}

val estimateJointRaw(LC_INPUTS, val /*options*/) {
  LC_READ_INPUTS();
  auto r = estimateJoint(in.labels, in.predProbs);
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("joint", realMatrixValue(r.value()));
  return out;
}

// confidentJoint: K x K float64 (whole numbers) at cjPtr. options: {pyMethod, convergeLatentEstimates}
val estimateLatentRaw(uintptr_t cjPtr, int cjRows, int cjCols, uintptr_t labelsPtr, int labelsKind, int n,
                      val options) {
  Inputs in = readInputs(labelsPtr, labelsKind, n, 0, 0, 0, 0);
  if (in.error) return errorValue(*in.error);
  if (cjRows != cjCols)
    return errorValue(makeError(Status::ShapeMismatch, "confident_joint must be square; got " +
                                                           std::to_string(cjRows) + " x " + std::to_string(cjCols)));
  const double* cjData = reinterpret_cast<const double*>(cjPtr);
  CountMatrix cj(cjRows, cjCols);
  for (Index i = 0; i < cj.size(); ++i) {
    const double v = cjData[i];
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9.0e15)
      return errorValue(makeError(Status::InvalidArgument, "confident_joint must hold whole numbers; entry " +
                                                               std::to_string(i) + " is " + std::to_string(v)));
    cj.data()[i] = static_cast<int64_t>(v);
  }
  auto method = parsePyMethod(options["pyMethod"].as<std::string>());
  if (!method.ok()) return errorValue(method.error());
  LatentOptions o;
  o.pyMethod = method.value();
  o.convergeLatentEstimates = options["convergeLatentEstimates"].as<bool>();
  auto r = estimateLatent(cj, in.labels, o);
  return r.ok() ? latentValue(r.value()) : errorValue(r.error());
}

// options: {pyMethod, convergeLatentEstimates, calibrate}
val estimatePyAndNoiseMatricesFromProbabilitiesRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto method = parsePyMethod(options["pyMethod"].as<std::string>());
  if (!method.ok()) return errorValue(method.error());
  NoiseEstimationOptions o;
  o.pyMethod = method.value();
  o.convergeLatentEstimates = options["convergeLatentEstimates"].as<bool>();
  o.calibrate = options["calibrate"].as<bool>();
  auto r = estimatePyAndNoiseMatricesFromProbabilities(in.labels, in.predProbs, o);
  return r.ok() ? latentValue(r.value()) : errorValue(r.error());
}

// options: {estimationMethod}
val numLabelIssuesRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto method = parseNumLabelIssuesMethod(options["estimationMethod"].as<std::string>());
  if (!method.ok()) return errorValue(method.error());
  auto r = numLabelIssues(in.labels, in.predProbs, method.value());
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("count", static_cast<double>(r.value()));
  return out;
}

// ---- cleanlab.filter ----

// options: {filterBy, fracNoise, numToRemovePerClass: number[] | null, minExamplesPerClass,
//           returnIndicesRankedBy: string | null, adjustPredProbs}
val findLabelIssuesRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  FindLabelIssuesOptions o;
  auto filter = parseFilterBy(options["filterBy"].as<std::string>());
  if (!filter.ok()) return errorValue(filter.error());
  o.filterBy = filter.value();
  o.fracNoise = options["fracNoise"].as<double>();
  o.minExamplesPerClass = static_cast<int64_t>(options["minExamplesPerClass"].as<double>());
  const val perClass = options["numToRemovePerClass"];
  if (!perClass.isNull()) {
    const unsigned k = perClass["length"].as<unsigned>();
    o.numToRemovePerClass.reserve(k);
    for (unsigned i = 0; i < k; ++i) o.numToRemovePerClass.push_back(static_cast<int64_t>(perClass[i].as<double>()));
  }
  const val rankedBy = options["returnIndicesRankedBy"];
  if (!rankedBy.isNull()) {
    auto so = scoreOptions(rankedBy, options["adjustPredProbs"]);
    if (!so.ok()) return errorValue(so.error());
    o.rankBy = so.value().method;
    o.adjustPredProbs = so.value().adjustPredProbs;
  }
  auto r = findLabelIssues(in.labels, in.predProbs, o);
  if (!r.ok()) return errorValue(r.error());
  LabelIssues& issues = r.value();
  val out = okValue();
  out.set("isLabelIssue", uint8Array(issues.isLabelIssue.data(), issues.isLabelIssue.size()));
  out.set("count", static_cast<double>(issues.indices.size()));
  out.set("indices", int32ArrayFromIndices(issues.indices));
  return out;
}

// ---- cleanlab.rank ----

// options: {method, adjustPredProbs}
val getLabelQualityScoresRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto so = scoreOptions(options["method"], options["adjustPredProbs"]);
  if (!so.ok()) return errorValue(so.error());
  auto r = getLabelQualityScores(in.labels, in.predProbs, so.value());
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("scores", float64Array(r.value()));
  return out;
}

// mask: N bytes (non-zero = flagged). options: {rankBy, adjustPredProbs}
val orderLabelIssuesRaw(uintptr_t maskPtr, int maskLength, LC_INPUTS, val options) {
  LC_READ_INPUTS();
  if (maskLength != n)
    return errorValue(makeError(Status::ShapeMismatch, "label_issues_mask has " + std::to_string(maskLength) +
                                                           " entries but labels has " + std::to_string(n)));
  const auto* mask = reinterpret_cast<const uint8_t*>(maskPtr);
  std::vector<uint8_t> flags(mask, mask + maskLength);
  auto so = scoreOptions(options["rankBy"], options["adjustPredProbs"]);
  if (!so.ok()) return errorValue(so.error());
  auto r = orderLabelIssues(flags, in.labels, in.predProbs, so.value());
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("indices", int32ArrayFromIndices(r.value()));
  return out;
}

// ---- cleanlab.dataset ----

// options: {classNames}
val rankClassesByLabelQualityRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto r = rankClassesByLabelQuality(in.labels, in.predProbs);
  if (!r.ok()) return errorValue(r.error());
  const auto names = classNamesOption(options);
  const std::vector<std::string>* named = names ? &*names : nullptr;
  if (auto c = checkClassNames(r.value(), named); !c.ok()) return errorValue(c.error());
  val out = okValue();
  out.set("rows", classRowsValue(r.value(), named));
  return out;
}

// options: {asymmetric, classNames}
val findOverlappingClassesRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto r = findOverlappingClasses(in.labels, in.predProbs, options["asymmetric"].as<bool>());
  if (!r.ok()) return errorValue(r.error());
  const auto names = classNamesOption(options);
  const std::vector<std::string>* named = names ? &*names : nullptr;
  if (auto c = checkClassNames(r.value(), named); !c.ok()) return errorValue(c.error());
  val out = okValue();
  out.set("rows", overlapRowsValue(r.value(), named));
  return out;
}

val overallLabelHealthScoreRaw(LC_INPUTS, val /*options*/) {
  LC_READ_INPUTS();
  auto r = overallLabelHealthScore(in.labels, in.predProbs);
  if (!r.ok()) return errorValue(r.error());
  val out = okValue();
  out.set("score", r.value());
  return out;
}

// options: {asymmetric}
val healthSummaryRaw(LC_INPUTS, val options) {
  LC_READ_INPUTS();
  auto r = healthSummary(in.labels, in.predProbs, options["asymmetric"].as<bool>());
  if (!r.ok()) return errorValue(r.error());
  const HealthSummary& h = r.value();
  const auto names = classNamesOption(options);
  const std::vector<std::string>* named = names ? &*names : nullptr;
  if (auto c = checkClassNames(h.classesByLabelQuality, named); !c.ok()) return errorValue(c.error());
  if (auto c = checkClassNames(h.overlappingClasses, named); !c.ok()) return errorValue(c.error());
  val out = okValue();
  out.set("overallLabelHealthScore", h.overallLabelHealthScore);
  out.set("joint", realMatrixValue(h.joint));
  out.set("classesByLabelQuality", classRowsValue(h.classesByLabelQuality, named));
  out.set("overlappingClasses", overlapRowsValue(h.overlappingClasses, named));
  return out;
}

#undef LC_READ_INPUTS
#undef LC_INPUTS

}  // namespace
}  // namespace labelcheck::wasm

EMSCRIPTEN_BINDINGS(labelcheck_confident_learning) {
  using namespace labelcheck::wasm;
  using emscripten::function;
  function("_getConfidentThresholds", &getConfidentThresholdsRaw);
  function("_computeConfidentJoint", &computeConfidentJointRaw);
  function("_estimateJoint", &estimateJointRaw);
  function("_estimateLatent", &estimateLatentRaw);
  function("_estimatePyAndNoiseMatricesFromProbabilities", &estimatePyAndNoiseMatricesFromProbabilitiesRaw);
  function("_numLabelIssues", &numLabelIssuesRaw);
  function("_findLabelIssues", &findLabelIssuesRaw);
  function("_getLabelQualityScores", &getLabelQualityScoresRaw);
  function("_orderLabelIssues", &orderLabelIssuesRaw);
  function("_rankClassesByLabelQuality", &rankClassesByLabelQualityRaw);
  function("_findOverlappingClasses", &findOverlappingClassesRaw);
  function("_overallLabelHealthScore", &overallLabelHealthScoreRaw);
  function("_healthSummary", &healthSummaryRaw);
}
