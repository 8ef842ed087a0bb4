#include "cleanlab_contract.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "labelcheck/labelcheck.hpp"

namespace labelcheck::contract {

namespace {

json number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return v;
}

json errorJson(const Error& e) {
  return {{"ok", false}, {"error", {{"type", statusCode(e.status)}, {"message", e.message}}}};
}

json okJson(json result) { return {{"ok", true}, {"result", std::move(result)}}; }

json vectorJson(const RealVector& v) {
  json out = json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(number(v[i]));
  return out;
}

template <typename Derived>
json matrixJson(const Eigen::MatrixBase<Derived>& m) {
  json out = json::array();
  for (Index r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (Index c = 0; c < m.cols(); ++c) {
      if constexpr (std::is_integral<typename Derived::Scalar>::value)
        row.push_back(m(r, c));
      else
        row.push_back(number(m(r, c)));
    }
    out.push_back(std::move(row));
  }
  return out;
}

json indicesJson(const IndexVector& v) {
  json out = json::array();
  for (Index i = 0; i < v.size(); ++i) out.push_back(v[i]);
  return out;
}

json latentJson(const LatentEstimates& l, bool withJoint) {
  json out = {{"py", vectorJson(l.py)},
              {"noise_matrix", matrixJson(l.noiseMatrix)},
              {"inverse_noise_matrix", matrixJson(l.inverseNoiseMatrix)}};
  if (withJoint) out["confident_joint"] = matrixJson(l.confidentJoint);
  return out;
}

json classesJson(const std::vector<ClassLabelQuality>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"class_index", r.classIndex},
                   {"label_issues", r.labelIssues},
                   {"inverse_label_issues", r.inverseLabelIssues},
                   {"label_noise", number(r.labelNoise)},
                   {"inverse_label_noise", number(r.inverseLabelNoise)},
                   {"label_quality_score", number(r.labelQualityScore)}});
  return out;
}

json overlapJson(const std::vector<OverlappingClasses>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"class_index_a", r.classIndexA},
                   {"class_index_b", r.classIndexB},
                   {"num_overlapping_examples", r.numOverlappingExamples},
                   {"joint_probability", number(r.jointProbability)}});
  return out;
}

// The inputs of one case, converted once.
struct CaseInputs {
  std::optional<Error> error;  // labels or pred_probs that cannot even be represented
  LabelVector labels;
  std::vector<double> probs64;
  std::vector<float> probs32;
  PredProbs predProbs;
  Labels view() const { return Labels::of(labels); }
};

double jsonToDouble(const json& v, bool& ok) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  ok = false;
  return 0;
}

CaseInputs readInputs(const json& request) {
  CaseInputs in;
  const json& labels = request.at("labels");
  const json& probs = request.at("pred_probs");
  const bool f32 = request.value("pred_probs_dtype", std::string("float64")) == "float32";
  std::vector<double> raw;
  bool ok = true;
  for (const auto& v : labels) raw.push_back(jsonToDouble(v, ok));
  if (!ok) {
    in.error = makeError(Status::LabelNotInteger, "labels must be numbers");
    return in;
  }
  auto converted = labelsFromNumbers(raw.data(), static_cast<Index>(raw.size()));
  if (!converted.ok()) {
    in.error = converted.error();
    return in;
  }
  in.labels = std::move(converted).value();
  const Index rows = static_cast<Index>(probs.size());
  const Index cols = rows > 0 ? static_cast<Index>(probs[0].size()) : 0;
  in.probs64.reserve(static_cast<size_t>(rows * cols));
  for (const auto& row : probs) {
    if (static_cast<Index>(row.size()) != cols) {
      in.error = makeError(Status::ShapeMismatch, "pred_probs rows must all have the same length");
      return in;
    }
    for (const auto& v : row) in.probs64.push_back(jsonToDouble(v, ok));
  }
  if (!ok) {
    in.error = makeError(Status::InvalidArgument, "pred_probs must hold numbers");
    return in;
  }
  if (f32) {
    in.probs32.assign(in.probs64.begin(), in.probs64.end());
    in.predProbs = PredProbs::f32(in.probs32.data(), rows, cols);
  } else {
    in.predProbs = PredProbs::f64(in.probs64.data(), rows, cols);
  }
  return in;
}

Result<ScoreOptions> scoreOptions(const std::string& method, const json& kwargs) {
  auto m = parseScoreMethod(method);
  if (!m.ok()) return std::move(m).error();
  ScoreOptions o;
  o.method = m.value();
  o.adjustPredProbs = kwargs.is_object() && kwargs.value("adjust_pred_probs", false);
  return o;
}

json runCall(const CaseInputs& in, const std::string& call, const json& args) {
  if (in.error) return errorJson(*in.error);
  const Labels labels = in.view();
  const PredProbs& pp = in.predProbs;

  if (call == "get_confident_thresholds") {
    auto r = getConfidentThresholds(labels, pp);
    return r.ok() ? okJson(vectorJson(r.value())) : errorJson(r.error());
  }
  if (call == "compute_confident_joint") {
    ConfidentJointOptions o;
    o.calibrate = args.value("calibrate", true);
    o.returnIndicesOfOffDiagonals = args.value("return_indices_of_off_diagonals", false);
    auto r = computeConfidentJoint(labels, pp, o);
    if (!r.ok()) return errorJson(r.error());
    json joint = matrixJson(r.value().joint);
    if (!o.returnIndicesOfOffDiagonals) return okJson(joint);
    return okJson({{"confident_joint", joint}, {"indices", r.value().offDiagonalRows}});
  }
  if (call == "estimate_py_and_noise_matrices_from_probabilities") {
    auto method = parsePyMethod(args.value("py_method", std::string("cnt")));
    if (!method.ok()) return errorJson(method.error());
    NoiseEstimationOptions o;
    o.pyMethod = method.value();
    o.convergeLatentEstimates = args.value("converge_latent_estimates", true);
    o.calibrate = args.value("calibrate", true);
    auto r = estimatePyAndNoiseMatricesFromProbabilities(labels, pp, o);
    return r.ok() ? okJson(latentJson(r.value(), true)) : errorJson(r.error());
  }
  if (call == "estimate_latent") {
    auto method = parsePyMethod(args.value("py_method", std::string("cnt")));
    if (!method.ok()) return errorJson(method.error());
    const json& cjJson = args.at("confident_joint");
    const Index K = static_cast<Index>(cjJson.size());
    CountMatrix cj(K, K);
    for (Index r = 0; r < K; ++r) {
      if (static_cast<Index>(cjJson[r].size()) != K)
        return errorJson(makeError(Status::ShapeMismatch, "confident_joint must be square"));
      for (Index c = 0; c < K; ++c) cj(r, c) = cjJson[r][c].get<int64_t>();
    }
    LatentOptions o;
    o.pyMethod = method.value();
    o.convergeLatentEstimates = args.value("converge_latent_estimates", false);
    auto r = estimateLatent(cj, labels, o);
    return r.ok() ? okJson(latentJson(r.value(), false)) : errorJson(r.error());
  }
  if (call == "estimate_joint") {
    auto r = estimateJoint(labels, pp);
    return r.ok() ? okJson(matrixJson(r.value())) : errorJson(r.error());
  }
  if (call == "num_label_issues") {
    auto method = parseNumLabelIssuesMethod(args.value("estimation_method", std::string("off_diagonal")));
    if (!method.ok()) return errorJson(method.error());
    auto r = numLabelIssues(labels, pp, method.value());
    return r.ok() ? okJson(r.value()) : errorJson(r.error());
  }
  if (call == "find_label_issues") {
    FindLabelIssuesOptions o;
    auto filter = parseFilterBy(args.value("filter_by", std::string("prune_by_noise_rate")));
    if (!filter.ok()) return errorJson(filter.error());
    o.filterBy = filter.value();
    o.fracNoise = args.value("frac_noise", 1.0);
    o.minExamplesPerClass = args.value("min_examples_per_class", int64_t{1});
    if (args.contains("num_to_remove_per_class") && !args["num_to_remove_per_class"].is_null())
      o.numToRemovePerClass = args["num_to_remove_per_class"].get<std::vector<int64_t>>();
    const json ranked = args.value("return_indices_ranked_by", json());
    if (!ranked.is_null()) {
      auto so = scoreOptions(ranked.get<std::string>(), args.value("rank_by_kwargs", json::object()));
      if (!so.ok()) return errorJson(so.error());
      o.rankBy = so.value().method;
      o.adjustPredProbs = so.value().adjustPredProbs;
    }
    auto r = findLabelIssues(labels, pp, o);
    return r.ok() ? okJson(indicesJson(r.value().indices)) : errorJson(r.error());
  }
  if (call == "get_label_quality_scores") {
    json kwargs = {{"adjust_pred_probs", args.value("adjust_pred_probs", false)}};
    auto so = scoreOptions(args.value("method", std::string("self_confidence")), kwargs);
    if (!so.ok()) return errorJson(so.error());
    auto r = getLabelQualityScores(labels, pp, so.value());
    return r.ok() ? okJson(vectorJson(r.value())) : errorJson(r.error());
  }
  if (call == "order_label_issues") {
    auto so = scoreOptions(args.value("rank_by", std::string("self_confidence")), args.value("rank_by_kwargs", json::object()));
    if (!so.ok()) return errorJson(so.error());
    std::vector<uint8_t> mask(static_cast<size_t>(labels.size), 0);
    for (const auto& v : args.at("label_issues_indices")) {
      const int64_t i = v.get<int64_t>();
      if (i < 0 || i >= labels.size) return errorJson(makeError(Status::ShapeMismatch, "label issue index out of range"));
      mask[i] = 1;
    }
    auto r = orderLabelIssues(mask, labels, pp, so.value());
    return r.ok() ? okJson(indicesJson(r.value())) : errorJson(r.error());
  }
  if (call == "rank_classes_by_label_quality") {
    auto r = rankClassesByLabelQuality(labels, pp);
    return r.ok() ? okJson(classesJson(r.value())) : errorJson(r.error());
  }
  if (call == "find_overlapping_classes") {
    auto r = findOverlappingClasses(labels, pp, args.value("asymmetric", false));
    return r.ok() ? okJson(overlapJson(r.value())) : errorJson(r.error());
  }
  if (call == "overall_label_health_score") {
    auto r = overallLabelHealthScore(labels, pp);
    return r.ok() ? okJson(number(r.value())) : errorJson(r.error());
  }
  if (call == "health_summary") {
    auto r = healthSummary(labels, pp, args.value("asymmetric", false));
    if (!r.ok()) return errorJson(r.error());
    const HealthSummary& h = r.value();
    return okJson({{"overall_label_health_score", number(h.overallLabelHealthScore)},
                   {"joint", matrixJson(h.joint)},
                   {"classes_by_label_quality", classesJson(h.classesByLabelQuality)},
                   {"overlapping_classes", overlapJson(h.overlappingClasses)}});
  }
  return errorJson(makeError(Status::InvalidArgument, "unknown call '" + call + "'"));
}

}  // namespace

json answerRequest(const json& request) {
  const CaseInputs in = readInputs(request);
  if (request.contains("calls")) {
    json results = json::array();
    for (const auto& c : request["calls"]) {
      json r = runCall(in, c.at("call").get<std::string>(), c.value("args", json::object()));
      r["id"] = c.value("id", std::string());
      results.push_back(std::move(r));
    }
    return {{"results", std::move(results)}};
  }
  return runCall(in, request.at("call").get<std::string>(), request.value("args", json::object()));
}

}  // namespace labelcheck::contract
