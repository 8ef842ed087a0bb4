// Test helpers for the model tests: a tiny reader for the all-numeric shared datasets
// (standardised features + label codes in sorted class-name order) and synthetic blobs.
// The project's CSV parser has its own tests; this reader only needs the simple shared files.
#pragma once

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/matrix.hpp"
#include "labelcheck/random.hpp"
#include "support/paths.hpp"

namespace labelcheck::test {

struct ModelsData {
  RealMatrix X;
  LabelVector y;
  int K = 0;
};

// Reads ../shared/datasets/<file>; false if missing. Numeric columns other than `labelColumn`.
inline bool loadNumericDataset(const std::string& file, const std::string& labelColumn, ModelsData& d) {
  std::ifstream in(sharedDir() + "/datasets/" + file);
  if (!in) return false;
  std::string line, field;
  std::getline(in, line);
  int labelAt = -1, j = 0;
  std::stringstream hs(line);
  while (std::getline(hs, field, ',')) {
    if (field == labelColumn) labelAt = j;
    ++j;
  }
  if (labelAt < 0) return false;
  std::vector<std::vector<double>> rows;
  std::vector<std::string> names;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::vector<double> r;
    j = 0;
    while (std::getline(ss, field, ',')) {
      if (j == labelAt) names.push_back(field);
      else r.push_back(std::stod(field));
      ++j;
    }
    rows.push_back(std::move(r));
  }
  std::map<std::string, int> codes;
  for (const auto& s : names) codes.emplace(s, 0);
  int k = 0;
  for (auto& kv : codes) kv.second = k++;
  d.K = k;
  const Index n = static_cast<Index>(rows.size()), dim = static_cast<Index>(rows[0].size());
  d.X.resize(n, dim);
  d.y.resize(n);
  for (Index i = 0; i < n; ++i) {
    for (Index c = 0; c < dim; ++c) d.X(i, c) = rows[i][c];
    d.y[i] = codes[names[i]];
  }
  for (Index c = 0; c < dim; ++c) {
    const double mean = d.X.col(c).mean();
    const double sd = std::sqrt((d.X.col(c).array() - mean).square().mean());
    d.X.col(c).array() -= mean;
    if (sd > 0) d.X.col(c) /= sd;
  }
  return true;
}

// K Gaussian blobs in D dimensions, centres `spread` apart on average, classes in row order
// (sorted, like iris), deterministic.
inline ModelsData makeBlobs(Index n, Index dim, int K, double spread, uint64_t seed) {
  Rng rng(seed);
  ModelsData d;
  d.K = K;
  RealMatrix centres(K, dim);
  for (Index i = 0; i < centres.size(); ++i) centres.data()[i] = spread * (rng.uniform01() * 2.0 - 1.0);
  d.X.resize(n, dim);
  d.y.resize(n);
  for (Index i = 0; i < n; ++i) {
    d.y[i] = static_cast<int32_t>(i * K / n);
    for (Index c = 0; c < dim; ++c) {
      const double u1 = rng.uniform01() + 1e-300, u2 = rng.uniform01();
      d.X(i, c) = centres(d.y[i], c) + std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
  }
  return d;
}

// One fold of a cross-validation, as a model sees it: the training rows (every row of another
// fold, minus those `leftOut` marks) and the fold's own rows, copied out of X and y.
struct FoldSplit {
  std::vector<Index> train, test;  // row numbers in X
  RealMatrix xTrain, xTest;
  LabelVector yTrain;
};

inline FoldSplit splitFold(const ModelsData& d, const std::vector<int32_t>& foldOf, int fold,
                           const std::vector<uint8_t>& leftOut = {}) {
  FoldSplit s;
  for (Index i = 0; i < d.X.rows(); ++i) {
    if (foldOf[static_cast<size_t>(i)] == fold) s.test.push_back(i);
    else if (leftOut.empty() || leftOut[static_cast<size_t>(i)] == 0) s.train.push_back(i);
  }
  s.xTrain.resize(static_cast<Index>(s.train.size()), d.X.cols());
  s.xTest.resize(static_cast<Index>(s.test.size()), d.X.cols());
  s.yTrain.resize(static_cast<Index>(s.train.size()));
  for (size_t j = 0; j < s.train.size(); ++j) {
    s.xTrain.row(static_cast<Index>(j)) = d.X.row(s.train[j]);
    s.yTrain[static_cast<Index>(j)] = d.y[s.train[j]];
  }
  for (size_t j = 0; j < s.test.size(); ++j) s.xTest.row(static_cast<Index>(j)) = d.X.row(s.test[j]);
  return s;
}

}  // namespace labelcheck::test
