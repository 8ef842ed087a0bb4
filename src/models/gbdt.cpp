// Gradient-boosted trees: input checks, the early-stopping slice, the boosting loop and
// prediction. Binning, tree growth and the loss live in src/models/detail/gbdt_*. See
// labelcheck/gbdt.hpp.
#include "labelcheck/gbdt.hpp"
#include "detail/gbdt_math.hpp"  // before any arithmetic: no fused multiply-add (see there)

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/detail/separate_call.hpp"
#include "detail/gbdt_binning.hpp"
#include "detail/gbdt_loss.hpp"
#include "detail/gbdt_tree.hpp"
#include "labelcheck/random.hpp"

namespace labelcheck {

struct GradientBoostedTrees::Model {
  int classes = 0;                  // K: columns of predictProba
  int features = 0;                 // D
  int trees = 0;                    // per round: Kp (softmax), 1 (logistic) or 0 (one class)
  std::vector<int> classOf;         // present class (compact id) -> class index
  std::vector<double> baseline;     // initial raw score of each tree of a round
  std::vector<detail::Tree> forest; // round by round, `trees` per round
  detail::BinMapper bins;           // the training rows' bin edges: predictions bin rows first
};

namespace {

// Binning draws its sample from a stream of its own, so changing validationFraction does not
// change which rows the edges come from for the same seed.
constexpr uint64_t kBinningStream = 0x6a09e667f3bcc909ull;
// Rows predicted together: each block is binned once, then walks every tree (see addTreeBinned).
constexpr int kPredictBlock = detail::kTreeBlock;

Error invalid(const std::string& what) { return makeError(Status::InvalidArgument, "gradient boosting: " + what); }

Outcome checkParams(const GbdtParams& p, int K) {
  if (p.maxIter < 1) return invalid("maxIter must be >= 1");
  if (!(p.learningRate > 0.0) || !std::isfinite(p.learningRate)) return invalid("learningRate must be > 0 and finite");
  if (p.maxLeafNodes < 2) return invalid("maxLeafNodes must be >= 2");
  if (p.maxDepth < 0) return invalid("maxDepth must be >= 0 (0 = no limit)");
  if (p.minSamplesLeaf < 1) return invalid("minSamplesLeaf must be >= 1");
  if (!(p.l2 >= 0.0) || !std::isfinite(p.l2)) return invalid("l2 must be >= 0 and finite");
  if (p.maxBins < 2 || p.maxBins > 255) return invalid("maxBins must be in [2, 255]");
  if (!(p.validationFraction >= 0.0 && p.validationFraction < 1.0))
    return invalid("validationFraction must be in [0, 1)");
  if (p.nIterNoChange < 1) return invalid("nIterNoChange must be >= 1");
  if (!(p.tol >= 0.0) || !std::isfinite(p.tol)) return invalid("tol must be >= 0 and finite");
  if (p.binSampleRows < 1) return invalid("binSampleRows must be >= 1");
  if (K < 1) return invalid("K must be >= 1");
  return {};
}

Error atRow(Status s, std::string message, Index row) {
  Error e = makeError(s, std::move(message));
  e.row = row;
  return e;
}

// The positions (into the fitted rows) of the early-stopping slice, ascending: from each present
// class floor(fraction * n_c) rows, drawn by a seeded partial shuffle. Empty when the slice
// would be too small to stop on (see gbdt.hpp).
std::vector<Index> validationSlice(const std::vector<int32_t>& compact, int kp, double fraction, uint64_t seed) {
  std::vector<Index> slice;
  if (fraction <= 0.0) return slice;
  std::vector<std::vector<Index>> byClass(static_cast<size_t>(kp));
  for (Index p = 0; p < static_cast<Index>(compact.size()); ++p) byClass[static_cast<size_t>(compact[p])].push_back(p);
  Index total = 0;
  std::vector<Index> take(static_cast<size_t>(kp));
  for (int c = 0; c < kp; ++c) {
    const Index nc = static_cast<Index>(byClass[static_cast<size_t>(c)].size());
    take[static_cast<size_t>(c)] = std::min(nc - 1, static_cast<Index>(std::floor(fraction * static_cast<double>(nc))));
    total += take[static_cast<size_t>(c)];
  }
  if (total < std::max<Index>(2 * kp, kGbdtMinValidationRows)) return slice;
  Rng rng(seed);
  for (int c = 0; c < kp; ++c) {
    std::vector<Index>& rows = byClass[static_cast<size_t>(c)];
    const Index nc = static_cast<Index>(rows.size());
    for (Index i = 0; i < take[static_cast<size_t>(c)]; ++i) {
      const Index j = i + static_cast<Index>(rng.uniformBelow(static_cast<uint64_t>(nc - i)));
      std::swap(rows[static_cast<size_t>(i)], rows[static_cast<size_t>(j)]);
      slice.push_back(rows[static_cast<size_t>(i)]);
    }
  }
  std::sort(slice.begin(), slice.end());
  return slice;
}

// What one boosting round reads and updates.
struct RoundState {
  detail::TreeGrower& grower;
  std::vector<detail::Tree>& forest;
  double* rawTrain;
  double* rawVal;
  const int32_t* trainY;
  const uint8_t* valBins;
  float* grad;
  float* scratch;
  uint32_t nTrain, nVal;
  int trees, leaves, features;
};

// One boosting round: the gradients, then a tree per class, appended to the forest and added to
// the raw scores. Returns whether any tree split. A call of its own per round (through
// separateCall): inlined into fit(), called once per fold, the whole first fold of a fresh
// WebAssembly instance ran unoptimised (1.6 s against 1.0 s for a letter fold).
bool boostRound(RoundState& s) {
  detail::logLossGradients(s.rawTrain, s.trees, s.nTrain, s.trainY, s.grad, s.scratch);
  s.grower.beginRound(s.grad);
  bool split = false;
  for (int k = 0; k < s.trees; ++k) {
    detail::Tree tree;
    tree.nodes.reserve(2 * static_cast<size_t>(s.leaves) - 1);
    s.grower.grow(k, tree);
    s.grower.addLeafValues(tree, s.rawTrain + size_t(k) * s.nTrain);
    if (s.nVal > 0) detail::addTreeBinned(tree, s.valBins, s.features, s.nVal, s.rawVal + size_t(k) * s.nVal, 1);
    split = split || tree.leaves > 1;
    s.forest.push_back(std::move(tree));
  }
  return split;
}

}  // namespace

GradientBoostedTrees::GradientBoostedTrees(const GbdtParams& params) : m_params(params) {}

Outcome GradientBoostedTrees::fit(const Eigen::Ref<const RealMatrix>& X, const LabelVector& y, int K,
                                  const std::vector<Index>* rows) {
  m_model.reset();
  m_iterations = 0;
  m_earlyStopped = false;
  m_validationRows = 0;
  m_validationLoss.clear();
  const GbdtParams& p = m_params;
  if (Outcome o = checkParams(p, K); !o.ok()) return o;

  const Index N = X.rows(), D = X.cols();
  if (y.size() != N)
    return makeError(Status::ShapeMismatch, "labels: " + std::to_string(y.size()) + " values for " +
                                                std::to_string(N) + " rows");
  const Index n = rows ? static_cast<Index>(rows->size()) : N;
  if (n == 0) return makeError(Status::EmptyInput, "no training rows");
  if (n > static_cast<Index>(std::numeric_limits<int32_t>::max()))
    return makeError(Status::LimitExceeded, "gradient boosting fits at most 2^31 - 1 rows");
  std::vector<Index> rowOf(static_cast<size_t>(n));
  if (rows) {
    for (Index q = 0; q < n; ++q) {
      const Index r = (*rows)[static_cast<size_t>(q)];
      if (r < 0 || r >= N)
        return atRow(Status::InvalidArgument, "row index " + std::to_string(r) + " is outside [0, " +
                                                  std::to_string(N) + ")", q);
      rowOf[static_cast<size_t>(q)] = r;
    }
  } else {
    std::iota(rowOf.begin(), rowOf.end(), Index(0));
  }

  // Labels and present classes (compact ids in class order).
  std::vector<int> compactOf(static_cast<size_t>(K), -1);
  for (Index q = 0; q < n; ++q) {
    const int32_t c = y[rowOf[static_cast<size_t>(q)]];
    if (c < 0 || c >= K)
      return atRow(Status::LabelOutOfRange, "label " + std::to_string(c) + " is outside [0, " + std::to_string(K) + ")",
                   q);
    compactOf[static_cast<size_t>(c)] = 0;
  }
  auto model = std::make_shared<Model>();
  model->classes = K;
  model->features = static_cast<int>(D);
  for (int c = 0; c < K; ++c)
    if (compactOf[static_cast<size_t>(c)] == 0) {
      compactOf[static_cast<size_t>(c)] = static_cast<int>(model->classOf.size());
      model->classOf.push_back(c);
    }
  const int kp = static_cast<int>(model->classOf.size());
  std::vector<int32_t> compact(static_cast<size_t>(n));
  for (Index q = 0; q < n; ++q) compact[static_cast<size_t>(q)] = compactOf[static_cast<size_t>(y[rowOf[static_cast<size_t>(q)]])];

  const double* data = X.data();
  const Index stride = X.outerStride();
  for (Index q = 0; q < n; ++q) {
    const double* row = data + rowOf[static_cast<size_t>(q)] * stride;
    for (Index f = 0; f < D; ++f)
      if (std::isinf(row[f]))
        return atRow(Status::NonFiniteValue, "feature " + std::to_string(f) + " is infinite (NaN is allowed: missing)",
                     q);
  }
  if (kp == 1) {  // nothing to learn: probability 1 for the one class
    m_model = std::move(model);
    return {};
  }

  // The early-stopping slice and the training rows, as X row indices.
  const std::vector<Index> slice = validationSlice(compact, kp, p.validationFraction, p.seed);
  std::vector<Index> trainRows, valRows;
  std::vector<int32_t> trainY, valY;
  trainRows.reserve(static_cast<size_t>(n - static_cast<Index>(slice.size())));
  trainY.reserve(trainRows.capacity());
  valRows.reserve(slice.size());
  valY.reserve(slice.size());
  for (Index q = 0, s = 0; q < n; ++q) {
    const bool held = s < static_cast<Index>(slice.size()) && slice[static_cast<size_t>(s)] == q;
    (held ? valRows : trainRows).push_back(rowOf[static_cast<size_t>(q)]);
    (held ? valY : trainY).push_back(compact[static_cast<size_t>(q)]);
    s += held;
  }
  std::vector<Index>().swap(rowOf);
  const uint32_t nTrain = static_cast<uint32_t>(trainRows.size()), nVal = static_cast<uint32_t>(valRows.size());
  m_validationRows = nVal;

  // Bins of the training and validation rows.
  detail::BinMapper& mapper = model->bins;
  const detail::FeatureRows trainX{data, stride, D, trainRows.data(), static_cast<Index>(nTrain)};
  const detail::FeatureRows valX{data, stride, D, valRows.data(), static_cast<Index>(nVal)};
  mapper.fit(trainX, p.maxBins, p.binSampleRows, p.seed ^ kBinningStream);
  std::vector<uint8_t> trainBins(size_t(nTrain) * size_t(D)), valBins(size_t(nVal) * size_t(D));
  mapper.transform(trainX, trainBins.data());
  mapper.transform(valX, valBins.data());

  // Initial raw scores: log priors (softmax) or log odds (logistic) of the training rows.
  const int trees = kp == 2 ? 1 : kp;
  model->trees = trees;
  std::vector<double> prior(static_cast<size_t>(kp), 0.0);
  for (int32_t c : trainY) prior[static_cast<size_t>(c)] += 1.0;
  if (trees == 1) {
    model->baseline = {detail::logDouble(prior[1]) - detail::logDouble(prior[0])};
  } else {
    for (int c = 0; c < kp; ++c)
      model->baseline.push_back(detail::logDouble(prior[static_cast<size_t>(c)] / static_cast<double>(nTrain)));
  }
  std::vector<double> rawTrain(size_t(trees) * nTrain), rawVal(size_t(trees) * nVal);
  for (int k = 0; k < trees; ++k) {
    std::fill_n(rawTrain.begin() + std::ptrdiff_t(k) * nTrain, nTrain, model->baseline[static_cast<size_t>(k)]);
    std::fill_n(rawVal.begin() + std::ptrdiff_t(k) * nVal, nVal, model->baseline[static_cast<size_t>(k)]);
  }

  // Every leaf holds minSamplesLeaf rows, so no tree has more than nTrain / minSamplesLeaf
  // leaves: a larger maxLeafNodes would only size buffers that are never used.
  const int leaves = static_cast<int>(std::min<Index>(p.maxLeafNodes, std::max<Index>(2, nTrain / p.minSamplesLeaf)));
  detail::GrowerParams gp;
  gp.maxLeafNodes = leaves;
  gp.maxDepth = p.maxDepth;
  gp.rules.minSamplesLeaf = static_cast<uint32_t>(p.minSamplesLeaf);
  gp.rules.l2 = p.l2;
  gp.learningRate = p.learningRate;
  detail::TreeGrower grower;
  grower.init(mapper, trainBins.data(), nTrain, trees, gp);
  std::vector<float> grad(2 * size_t(trees) * nTrain), scratch(detail::gradientScratchSize(trees));
  model->forest.reserve(size_t(trees) * static_cast<size_t>(std::min(p.maxIter, 1000)));

  const bool stopping = nVal > 0;
  double best = 0.0;
  int bestRounds = 0, rounds = 0;
  if (stopping) {
    best = detail::meanLogLoss(rawVal.data(), trees, nVal, valY.data());
    m_validationLoss.push_back(best);
  }
  RoundState state{grower, model->forest, rawTrain.data(), rawVal.data(), trainY.data(), valBins.data(), grad.data(),
                   scratch.data(), nTrain, nVal, trees, leaves, static_cast<int>(D)};
  const auto round = detail::separateCall(boostRound);
  for (; rounds < p.maxIter; ++rounds) {
    if (!round(state)) {  // no tree of this round found a split with positive gain: neither would the next
      model->forest.resize(model->forest.size() - static_cast<size_t>(trees));
      break;
    }
    if (stopping) {
      const double loss = detail::meanLogLoss(rawVal.data(), trees, nVal, valY.data());
      m_validationLoss.push_back(loss);
      if (loss < best - p.tol) {
        best = loss;
        bestRounds = rounds + 1;
      } else if (rounds + 1 - bestRounds >= p.nIterNoChange) {
        ++rounds;
        m_earlyStopped = rounds < p.maxIter;
        break;
      }
    }
  }
  const int kept = stopping ? bestRounds : rounds;
  model->forest.resize(size_t(kept) * size_t(trees));
  m_iterations = kept;
  m_model = std::move(model);
  return {};
}

RealMatrix GradientBoostedTrees::predictProba(const Eigen::Ref<const RealMatrix>& X,
                                              const std::vector<Index>* rows) const {
  if (!m_model || X.cols() != m_model->features) return {};
  const Model& m = *m_model;
  const Index N = X.rows();
  const Index n = rows ? static_cast<Index>(rows->size()) : N;
  std::vector<Index> rowOf(static_cast<size_t>(n));
  if (rows) {
    for (Index q = 0; q < n; ++q) {
      const Index r = (*rows)[static_cast<size_t>(q)];
      if (r < 0 || r >= N) return {};
      rowOf[static_cast<size_t>(q)] = r;
    }
  } else {
    std::iota(rowOf.begin(), rowOf.end(), Index(0));
  }
  RealMatrix out = RealMatrix::Zero(n, m.classes);
  if (m.trees == 0) {
    out.col(m.classOf[0]).setOnes();
    return out;
  }
  const int trees = m.trees, kp = static_cast<int>(m.classOf.size());
  const size_t d = static_cast<size_t>(m.features);
  std::vector<double> raw(size_t(kPredictBlock) * size_t(trees));
  std::vector<uint8_t> bins(size_t(kPredictBlock) * d);
  std::vector<double> probs(static_cast<size_t>(kp));
  for (Index first = 0; first < n; first += kPredictBlock) {
    const int count = static_cast<int>(std::min<Index>(kPredictBlock, n - first));
    for (int j = 0; j < count; ++j) {
      m.bins.binRow(X.data() + rowOf[static_cast<size_t>(first + j)] * X.outerStride(), bins.data() + size_t(j) * d);
      std::copy(m.baseline.begin(), m.baseline.end(), raw.begin() + std::ptrdiff_t(j) * trees);
    }
    for (size_t t = 0; t < m.forest.size(); ++t)
      detail::addTreeBinned(m.forest[t], bins.data(), m.features, static_cast<uint32_t>(count),
                            raw.data() + t % size_t(trees), size_t(trees));
    for (int j = 0; j < count; ++j) {
      detail::probabilitiesOf(raw.data() + size_t(j) * size_t(trees), trees, probs.data());
      for (int c = 0; c < kp; ++c) out(first + j, m.classOf[static_cast<size_t>(c)]) = probs[static_cast<size_t>(c)];
    }
  }
  return out;
}

std::vector<GbdtTreeStats> GradientBoostedTrees::treeStats() const {
  std::vector<GbdtTreeStats> stats;
  if (!m_model || m_model->trees == 0) return stats;
  const Model& m = *m_model;
  for (size_t t = 0; t < m.forest.size(); ++t) {
    GbdtTreeStats s;
    s.round = static_cast<int>(t / size_t(m.trees));
    s.classIndex = m.trees == 1 ? m.classOf[1] : m.classOf[t % size_t(m.trees)];
    s.leaves = m.forest[t].leaves;
    s.depth = m.forest[t].depth;
    s.minLeafRows = static_cast<Index>(m.forest[t].minLeafRows);
    stats.push_back(s);
  }
  return stats;
}

}  // namespace labelcheck
