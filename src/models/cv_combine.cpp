// Combining the units of a cross-validation plan: every model's out-of-sample probabilities,
// kNN votes read off the neighbour graph, and the held-out blend. See labelcheck/cv_plan.hpp.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "detail/blend.hpp"
#include "labelcheck/cv_plan.hpp"

namespace labelcheck {
namespace {

constexpr double kLogLossClip = 1e-15;  // scikit-learn's log_loss clipping

// ---- Brute-force distances for the rare test row whose graph list holds fewer than k training
// rows of its fold (same metric as the graph: euclidean, or 1 - cosine).

class Distances {
 public:
  Distances(const Eigen::Ref<const RealMatrix>& x, bool cosine) : m_dense(&x), m_cosine(cosine) {
    if (cosine) m_norms = x.rowwise().norm();
  }
  explicit Distances(const SparseRows& x) : m_sparse(&x), m_scratch(static_cast<size_t>(x.nCols), 0.0) {
    m_norms.resize(x.rows());
    for (Index i = 0; i < x.rows(); ++i) {
      double sq = 0;
      for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) sq += x.values[p] * x.values[p];
      m_norms[i] = std::sqrt(sq);
    }
  }

  // Calls fn(j, distance(i, j)) for every row j accepted by keep(j).
  template <typename Keep, typename Fn>
  void each(Index i, Keep&& keep, Fn&& fn) {
    if (m_dense) {
      const auto xi = m_dense->row(i);
      for (Index j = 0; j < m_dense->rows(); ++j) {
        if (!keep(j)) continue;
        if (m_cosine) {
          const double denom = m_norms[i] * m_norms[j];
          fn(j, denom > 0 ? 1.0 - xi.dot(m_dense->row(j)) / denom : 1.0);
        } else {
          fn(j, (xi - m_dense->row(j)).norm());
        }
      }
      return;
    }
    const SparseRows& x = *m_sparse;
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) m_scratch[x.cols[p]] = x.values[p];
    for (Index j = 0; j < x.rows(); ++j) {
      if (!keep(j)) continue;
      double dot = 0;
      for (int64_t p = x.rowPtr[j]; p < x.rowPtr[j + 1]; ++p) dot += x.values[p] * m_scratch[x.cols[p]];
      const double denom = m_norms[i] * m_norms[j];
      fn(j, denom > 0 ? 1.0 - dot / denom : 1.0);
    }
    for (int64_t p = x.rowPtr[i]; p < x.rowPtr[i + 1]; ++p) m_scratch[x.cols[p]] = 0.0;
  }

 private:
  const Eigen::Ref<const RealMatrix>* m_dense = nullptr;
  const SparseRows* m_sparse = nullptr;
  bool m_cosine = false;
  RealVector m_norms;
  std::vector<double> m_scratch;
};

// The kNN model's per-fold records of one repeat: accuracy and log loss on each fold's rows.
template <typename Trains>
void knnRecords(const CvPlan& plan, int repeat, const RealMatrix& probs, const LabelVector& y, const Trains& trains,
                std::vector<CvFold>& records) {
  const std::vector<int32_t>& foldOf = plan.foldOf[static_cast<size_t>(repeat)];
  for (int f = 0; f < plan.nFolds; ++f) {
    CvFold rec;
    rec.model = "knn";
    rec.repeat = repeat;
    rec.fold = f;
    double loss = 0;
    Index hits = 0;
    for (Index i = 0; i < plan.rows; ++i) {
      if (foldOf[i] != f) {
        rec.trainRows += trains(i, f);
        continue;
      }
      ++rec.testRows;
      Index best = 0;
      probs.row(i).maxCoeff(&best);
      hits += best == y[i];
      loss -= std::log(std::max(probs(i, y[i]), kLogLossClip));
    }
    if (rec.testRows > 0) {
      rec.accuracy = static_cast<double>(hits) / static_cast<double>(rec.testRows);
      rec.logLoss = loss / static_cast<double>(rec.testRows);
    }
    records.push_back(rec);
  }
}

// kNN probabilities of one repeat, votes read off the graph (brute force where the list runs
// short), smoothed as KnnClassifier does: p_c = (votes_c + s / K) / (votes + s).
void knnFromGraph(const CvPlan& plan, int repeat, int k, const NeighborGraph& graph, const LabelVector& y,
                  const CvOptions& o, Distances& distances, RealMatrix& probs, std::vector<CvFold>* records) {
  const std::vector<int32_t>& foldOf = plan.foldOf[static_cast<size_t>(repeat)];
  const Index n = plan.rows;
  const int K = plan.K, G = graph.k;
  const double s = o.knn.smoothing;
  // Per fold: are the left-out rows really left out (not when that would leave no training row)?
  std::vector<uint8_t> excluding(static_cast<size_t>(plan.nFolds), 0);
  if (!o.excludeFromTraining.empty()) {
    for (int f = 0; f < plan.nFolds; ++f)
      for (Index j = 0; j < n; ++j)
        if (foldOf[j] != f && o.excludeFromTraining[j] == 0) {
          excluding[f] = 1;
          break;
        }
  }
  auto trains = [&](Index j, int f) {
    return foldOf[j] != f && !(excluding[f] && o.excludeFromTraining[j] != 0);
  };
  probs.resize(n, K);
  std::vector<std::pair<double, Index>> candidates;
  for (Index i = 0; i < n; ++i) {
    const int f = foldOf[i];
    auto p = probs.row(i);
    p.setConstant(s / K);
    int votes = 0;
    const int32_t* list = graph.indices.data() + i * G;
    bool complete = false;  // the list holds every other row (padded or N - 1 long)
    for (int t = 0; t < G && votes < k; ++t) {
      if (list[t] < 0) {
        complete = true;
        break;
      }
      if (!trains(list[t], f)) continue;
      p[y[list[t]]] += 1.0;
      ++votes;
    }
    if (G == n - 1) complete = true;
    if (votes < k && !complete) {
      // Too few training rows in the list: the exact k nearest training rows, ties to the lower row.
      p.setConstant(s / K);
      votes = 0;
      candidates.clear();
      distances.each(i, [&](Index j) { return j != i && trains(j, f); },
                     [&](Index j, double d) { candidates.emplace_back(d, j); });
      const size_t take = std::min<size_t>(static_cast<size_t>(k), candidates.size());
      std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take), candidates.end());
      for (size_t t = 0; t < take; ++t, ++votes) p[y[candidates[t].second]] += 1.0;
    }
    const double total = votes + s;
    if (total > 0) p /= total;
    else p.setConstant(1.0 / K);
  }
  if (records) knnRecords(plan, repeat, probs, y, trains, *records);
}

// kNN as the vote of a graph of all rows (CvPlan::knnVote): each row's listed neighbours (never
// the row itself, so its own label never counts: out-of-sample like a fold's kNN), smoothed as
// knnFromGraph; the same for every repeat.
void knnFromVote(const CvPlan& plan, const NeighborGraph& graph, const LabelVector& y, const CvOptions& o,
                 RealMatrix& probs, std::vector<CvFold>& records) {
  const Index n = plan.rows;
  const int K = plan.K, G = graph.k;
  const double s = o.knn.smoothing;
  probs.resize(n, K);
  for (Index i = 0; i < n; ++i) {
    auto p = probs.row(i);
    p.setConstant(s / K);
    int votes = 0;
    for (const int32_t* list = graph.indices.data() + i * G; votes < G && list[votes] >= 0; ++votes) p[y[list[votes]]] += 1.0;
    const double total = votes + s;
    if (total > 0) p /= total;
    else p.setConstant(1.0 / K);
  }
  const std::vector<int32_t>& foldOf = plan.foldOf.front();
  knnRecords(plan, 0, probs, y, [&](Index j, int f) { return foldOf[j] != f; }, records);
}

int modelOrder(const char* name) {
  const std::string n(name);
  return n == "logistic" ? 0 : n == "knn" ? 1 : 2;
}

template <typename Features>
Result<CvResult> combine(const CvPlan& plan, const Features& x, const LabelVector& y, const CvOptions& o,
                         std::vector<CvUnitOutput> outputs, Distances distances, const NeighborGraph* voteGraph) {
  if (outputs.size() != plan.units.size())
    return makeError(Status::ShapeMismatch, std::to_string(outputs.size()) + " unit outputs for " +
                                                std::to_string(plan.units.size()) + " units");
  if (plan.knnVote && !voteGraph)
    return makeError(Status::InvalidArgument, "the plan's kNN reads a neighbour graph that was not given");
  if (plan.knnVote && (voteGraph->rows() != plan.rows || voteGraph->k < 1 ||
                       voteGraph->indices.size() != static_cast<size_t>(plan.rows * voteGraph->k)))
    return makeError(Status::ShapeMismatch, "the neighbour graph for the kNN vote is not one of the plan's rows");
  const Index n = plan.rows;
  const int K = plan.K;
  CvResult res;
  res.nFolds = plan.nFolds;
  res.repeats = plan.repeats;
  res.foldOf = plan.foldOf.front();
  res.estimatedCost = plan.totalCost;
  res.skipped = plan.skipped;

  // The blend's components: every model, the kNN model once per scale of k.
  struct Component {
    CvModel model;
    int k = 0;  // kNN
    RealMatrix probs;  // N x K, summed over repeats, then averaged
  };
  std::vector<Component> comps;
  for (CvModel m : plan.models) {
    if (m != CvModel::Knn) {
      comps.push_back({m, 0, RealMatrix::Zero(n, K)});
      continue;
    }
    if (plan.knnVote) {
      comps.push_back({m, voteGraph->k, RealMatrix::Zero(n, K)});
      continue;
    }
    std::vector<int> ks;
    for (int scale : o.knnScales) ks.push_back(std::max(o.knn.k, 1) * scale);
    if (ks.empty()) ks.push_back(std::max(o.knn.k, 1));
    for (int k : ks) comps.push_back({m, k, RealMatrix::Zero(n, K)});
  }
  const size_t C = comps.size();
  auto slot = [&](CvModel m) {
    for (size_t c = 0; c < C; ++c)
      if (comps[c].model == m) return c;
    return C;
  };
  if (plan.graphK > 0) {
    res.graph.k = plan.graphK;
    res.graph.exact = plan.graphExact;
    res.graph.rowCount = n;
    res.graph.indices.assign(static_cast<size_t>(n * plan.graphK), -1);
    res.graph.distances.assign(static_cast<size_t>(n * plan.graphK), 0.0f);
  }
  std::vector<uint8_t> covered(static_cast<size_t>(n), 0);
  for (size_t u = 0; u < outputs.size(); ++u) {
    const CvUnit& unit = plan.units[u];
    CvUnitOutput& out = outputs[u];
    if (unit.kind == CvUnitKind::Neighbors) {
      const size_t want = static_cast<size_t>((unit.rowEnd - unit.rowBegin) * plan.graphK);
      if (out.indices.size() != want || out.distances.size() != want)
        return makeError(Status::ShapeMismatch, "unit " + std::to_string(u) + ": neighbour lists of the wrong size");
      std::copy(out.indices.begin(), out.indices.end(), res.graph.indices.begin() + unit.rowBegin * plan.graphK);
      std::copy(out.distances.begin(), out.distances.end(), res.graph.distances.begin() + unit.rowBegin * plan.graphK);
      for (Index i = unit.rowBegin; i < unit.rowEnd; ++i) covered[i] = 1;
      continue;
    }
    const std::vector<int32_t>& foldOf = plan.foldOf[static_cast<size_t>(unit.repeat)];
    const size_t c = slot(unit.model);
    if (c == C) return makeError(Status::Internal, "a unit of a model that is not in the plan");
    RealMatrix& sum = comps[c].probs;
    Index j = 0;
    for (Index i = 0; i < n; ++i) {
      if (foldOf[i] != unit.fold) continue;
      if (j >= out.probs.rows() || out.probs.cols() != K)
        return makeError(Status::ShapeMismatch, "unit " + std::to_string(u) + ": probabilities of the wrong shape");
      sum.row(i) += out.probs.row(j++);
    }
    if (j != out.probs.rows())
      return makeError(Status::ShapeMismatch, "unit " + std::to_string(u) + ": probabilities of the wrong shape");
    res.folds.push_back(out.record);
    out.probs = RealMatrix();  // free as we go: the outputs can be most of the memory
  }
  if (plan.graphK > 0) {
    if (std::find(covered.begin(), covered.end(), 0) != covered.end())
      return makeError(Status::Internal, "the neighbour units did not cover every row");
    RealMatrix p;
    bool first = true;
    for (Component& comp : comps) {
      if (comp.model != CvModel::Knn) continue;
      for (int r = 0; r < plan.repeats; ++r) {
        // The per-fold records are those of the first scale (k = knn.k).
        knnFromGraph(plan, r, comp.k, res.graph, y, o, distances, p, first ? &res.folds : nullptr);
        comp.probs += p;
      }
      first = false;
    }
  }
  for (Component& comp : comps) {
    const int reps = comp.model == CvModel::Gbdt ? plan.gbdtRepeats : plan.repeats;
    if (reps > 1) comp.probs /= static_cast<double>(reps);
  }
  // The vote is the same for every repeat: computed once, after the averaging.
  if (plan.knnVote) knnFromVote(plan, *voteGraph, y, o, comps[slot(CvModel::Knn)].probs, res.folds);
  std::stable_sort(res.folds.begin(), res.folds.end(), [](const CvFold& a, const CvFold& b) {
    const int ma = modelOrder(a.model), mb = modelOrder(b.model);
    if (ma != mb) return ma < mb;
    return a.repeat != b.repeat ? a.repeat < b.repeat : a.fold < b.fold;
  });
  for (const CvFold& f : res.folds) res.converged = res.converged && f.converged;

  // The blend: weights per fold of the first repeat, each chosen on the other folds' rows.
  std::vector<double> applied(C, 0.0);  // mean weight over rows
  if (!o.fixedWeights.empty() && o.fixedWeights.size() != C)
    return makeError(Status::ShapeMismatch, "fixedWeights: " + std::to_string(o.fixedWeights.size()) + " weights for " +
                                                std::to_string(C) + " blend components");
  if (C == 1) {
    res.predProbs = comps[0].probs;
    applied[0] = 1.0;
  } else {
    std::vector<double> q(static_cast<size_t>(n) * C);
    for (Index i = 0; i < n; ++i)
      for (size_t c = 0; c < C; ++c) q[i * C + c] = std::max(comps[c].probs(i, y[i]), kLogLossClip);
    const std::vector<int32_t>& foldOf = plan.foldOf.front();
    std::vector<std::vector<double>> weights(static_cast<size_t>(plan.nFolds));
    if (!o.fixedWeights.empty()) {
      double total = 0;
      for (double w : o.fixedWeights) total += w;
      for (auto& w : weights)
        for (double v : o.fixedWeights) w.push_back(v / total);
    } else {
      std::vector<Index> rows;
      for (int f = 0; f < plan.nFolds; ++f) {
        rows.clear();
        for (Index i = 0; i < n; ++i)
          if (foldOf[i] != f) rows.push_back(i);
        weights[f] = detail::mixtureWeights(q, static_cast<int>(C), rows);
      }
    }
    res.predProbs.setZero(n, K);
    for (Index i = 0; i < n; ++i) {
      const std::vector<double>& w = weights[foldOf[i]];
      for (size_t c = 0; c < C; ++c) {
        if (w[c] == 0.0) continue;
        res.predProbs.row(i) += w[c] * comps[c].probs.row(i);
        applied[c] += w[c];
      }
    }
    for (double& a : applied) a /= static_cast<double>(n);
  }
  res.componentWeights = applied;
  // Per model: its components' weights summed; its probabilities those components blended
  // with their mean weights (the first scale alone for a kNN that got no weight).
  for (CvModel m : plan.models) {
    double weight = 0.0;
    RealMatrix pm = RealMatrix::Zero(n, K);
    const RealMatrix* only = nullptr;
    for (size_t c = 0; c < C; ++c) {
      if (comps[c].model != m) continue;
      if (!only) only = &comps[c].probs;
      weight += applied[c];
      if (applied[c] > 0.0) pm += applied[c] * comps[c].probs;
    }
    if (weight > 0.0) pm /= weight;
    else pm = *only;
    res.models.push_back({cvModelName(m), weight, argmaxAccuracy(pm, y), meanLogLoss(pm, y)});
    if (weight > 0.0) res.modelChoice += (res.modelChoice.empty() ? "" : "+") + std::string(cvModelName(m));
  }
  res.accuracy = argmaxAccuracy(res.predProbs, y);
  res.logLoss = meanLogLoss(res.predProbs, y);
  (void)x;
  return res;
}

}  // namespace

Result<CvResult> combineCrossValidation(const CvPlan& plan, const Eigen::Ref<const RealMatrix>& X,
                                        const LabelVector& labels, const CvOptions& options,
                                        std::vector<CvUnitOutput> outputs, const NeighborGraph* voteGraph) {
  return combine(plan, X, labels, options, std::move(outputs), Distances(X, options.knn.metric == KnnMetric::Cosine),
                 voteGraph);
}

Result<CvResult> combineCrossValidation(const CvPlan& plan, const SparseRows& X, const LabelVector& labels,
                                        const CvOptions& options, std::vector<CvUnitOutput> outputs,
                                        const NeighborGraph* voteGraph) {
  return combine(plan, X, labels, options, std::move(outputs), Distances(X), voteGraph);
}

}  // namespace labelcheck
