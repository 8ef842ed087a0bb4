// See cv_values.hpp.
#include "cv_values.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace labelcheck::wasm {

Outcome readCvOptions(const val& o, CvOptions& cv) {
  auto model = parseCvModel(o["model"].as<std::string>());
  if (!model.ok()) return std::move(model).error();
  cv.model = model.value();
  cv.nFolds = o["cvNFolds"].as<int>();
  cv.seed = static_cast<uint64_t>(o["seed"].as<double>());
  cv.repeats = o["repeats"].as<int>();
  const val budget = o["budgetSeconds"];
  cv.budget = budget.isNull() || budget.isUndefined() ? -1.0 : budget.as<double>();
  if (std::isnan(cv.budget)) return makeError(Status::InvalidArgument, "budgetSeconds must be a number or null");
  if (cv.budget == std::numeric_limits<double>::infinity()) cv.budget = -1.0;
  cv.threads = 1;
  return {};
}

val planValue(const CvPlan& plan) {
  val units = val::array();
  for (const CvUnit& u : plan.units) {
    val x = val::object();
    x.set("kind", std::string(u.kind == CvUnitKind::Fit ? "fit" : "neighbors"));
    x.set("model", std::string(cvModelName(u.model)));
    x.set("repeat", u.repeat);
    x.set("fold", u.fold);
    x.set("rowBegin", static_cast<double>(u.rowBegin));
    x.set("rowEnd", static_cast<double>(u.rowEnd));
    x.set("cost", u.cost);
    units.call<void>("push", x);
  }
  val models = val::array();
  for (CvModel m : plan.models) models.call<void>("push", std::string(cvModelName(m)));
  val skipped = val::array();
  for (const std::string& s : plan.skipped) skipped.call<void>("push", s);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(plan.fingerprint()));
  val out = val::object();
  out.set("units", units);
  out.set("knnVote", plan.knnVote);
  out.set("models", models);
  out.set("skipped", skipped);
  out.set("totalCost", plan.totalCost);
  out.set("fingerprint", std::string(hex));
  return out;
}

val unitOutputValue(const CvPlan& plan, size_t unit, const CvUnitOutput& out) {
  val v = okValue();
  if (plan.units[unit].kind == CvUnitKind::Neighbors) {
    v.set("kind", std::string("neighbors"));
    v.set("indices", int32Array(out.indices.data(), out.indices.size()));
    v.set("distances", float32Array(out.distances.data(), out.distances.size()));
    return v;
  }
  v.set("kind", std::string("fit"));
  v.set("probs", float64Array(out.probs.data(), static_cast<size_t>(out.probs.size())));
  v.set("rows", static_cast<double>(out.probs.rows()));
  const CvFold& r = out.record;
  val rec = val::object();
  rec.set("trainRows", static_cast<double>(r.trainRows));
  rec.set("testRows", static_cast<double>(r.testRows));
  rec.set("accuracy", r.accuracy);
  rec.set("logLoss", r.logLoss);
  rec.set("iterations", r.iterations);
  rec.set("converged", r.converged);
  v.set("record", rec);
  return v;
}

Result<CvUnitOutput> unitOutputFrom(const CvPlan& plan, size_t unit, const val& record, uintptr_t probsPtr,
                                    double probsLength, uintptr_t indicesPtr, uintptr_t distancesPtr,
                                    double listLength) {
  if (unit >= plan.units.size())
    return makeError(Status::InvalidArgument, "unit " + std::to_string(unit) + " is not in the plan");
  const CvUnit& u = plan.units[unit];
  CvUnitOutput out;
  if (u.kind == CvUnitKind::Neighbors) {
    const size_t want = static_cast<size_t>((u.rowEnd - u.rowBegin) * plan.graphK);
    if (static_cast<size_t>(listLength) != want)
      return makeError(Status::ShapeMismatch, "unit " + std::to_string(unit) + ": neighbour lists of the wrong size");
    const int32_t* idx = reinterpret_cast<const int32_t*>(indicesPtr);
    const float* dist = reinterpret_cast<const float*>(distancesPtr);
    out.indices.assign(idx, idx + want);
    out.distances.assign(dist, dist + want);
    return out;
  }
  Index test = 0;
  for (int32_t f : plan.foldOf[static_cast<size_t>(u.repeat)]) test += f == u.fold;
  if (static_cast<Index>(probsLength) != test * plan.K)
    return makeError(Status::ShapeMismatch, "unit " + std::to_string(unit) + ": probabilities of the wrong size");
  out.probs = Eigen::Map<const RealMatrix>(reinterpret_cast<const double*>(probsPtr), test, plan.K);
  CvFold& r = out.record;
  r.model = cvModelName(u.model);
  r.repeat = u.repeat;
  r.fold = u.fold;
  r.trainRows = static_cast<Index>(record["trainRows"].as<double>());
  r.testRows = static_cast<Index>(record["testRows"].as<double>());
  r.accuracy = record["accuracy"].as<double>();
  r.logLoss = record["logLoss"].as<double>();
  r.iterations = record["iterations"].as<int>();
  r.converged = record["converged"].as<bool>();
  return out;
}

}  // namespace labelcheck::wasm
