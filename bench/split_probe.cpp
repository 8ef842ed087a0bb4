// Probe for bench/split_artifact.py (on demand): out-of-sample probabilities and Confident
// Learning flags, written as CSV, so that a Python script can compare our models and
// scikit-learn's on the same folds.
//
//   labelcheck_split_probe train CSV LABEL MODEL REPEATS SEED OUT   pipeline, train mode
//   labelcheck_split_probe folds CSV LABEL FOLDFILE MODEL OUT       our model on given folds
//   labelcheck_split_probe given PROBCSV OUT                        pipeline, probabilities given
//
// MODEL is auto, logistic or knn (folds: logistic or knn); FOLDFILE holds one fold index per
// labelled row. `train` and `given` write "row,label,flag,p_<class>..." (label = class index,
// flag = Confident Learning's verdict with default settings); `folds` writes a
// probabilities-given CSV "label,p_<class>..." that `given` reads back.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/csv.hpp"
#include "labelcheck/encode.hpp"
#include "labelcheck/knn.hpp"
#include "labelcheck/logistic_regression.hpp"
#include "labelcheck/pipeline.hpp"
#include "support/read_file.hpp"

using namespace labelcheck;

namespace {

int fail(const std::string& what) {
  std::fprintf(stderr, "labelcheck_split_probe: %s\n", what.c_str());
  return 1;
}

int writeFlags(const PipelineResult& v, const char* out) {
  FILE* f = std::fopen(out, "w");
  if (!f) return fail(std::string("cannot write ") + out);
  std::fprintf(f, "row,label,flag");
  for (const auto& c : v.classNames) std::fprintf(f, ",p_%s", c.c_str());
  std::fprintf(f, "\n");
  for (Index i = 0; i < v.labels.size(); ++i) {
    std::fprintf(f, "%lld,%d,%d", static_cast<long long>(v.sourceRows[i]), v.labels[i], int(v.isLabelIssue[i]));
    for (Index k = 0; k < v.predProbs.cols(); ++k) std::fprintf(f, ",%.17g", v.predProbs(i, k));
    std::fprintf(f, "\n");
  }
  std::fclose(f);
  std::printf("{\"model\":\"%s\",\"flagged\":%zu", v.modelChoice.c_str(), v.issues.size());
  for (const auto& s : v.models) std::printf(",\"w_%s\":%.2f", s.name, s.weight);
  std::printf("}\n");
  return 0;
}

int runPipeline(const std::string& text, PipelineOptions o, const char* out) {
  o.projection = false;
  o.neighborsPerIssue = 0;
  auto r = checkLabels(text, o);
  if (!r.ok()) return fail(r.error().message);
  return writeFlags(r.value(), out);
}

int runFolds(const std::string& text, const char* label, const char* foldFile, const std::string& model, const char* out) {
  auto t = parseCsv(text);
  if (!t.ok()) return fail(t.error().message);
  FeatureSpec spec;
  spec.label = ColumnRef::byName(label);
  auto e = encodeFeatures(t.value(), spec);
  if (!e.ok()) return fail(e.error().message);
  const EncodedFeatures& enc = e.value();
  if (enc.features.isSparse) return fail("folds: dense features only");
  const RealMatrix& X = enc.features.dense;
  const Index n = X.rows();
  const int K = enc.classCount();
  std::vector<int> fold(static_cast<size_t>(n), -1);
  std::ifstream ff(foldFile);
  int nFolds = 0;
  for (int& f : fold) {
    if (!(ff >> f) || f < 0) return fail("fold file: one non-negative fold index per labelled row");
    nFolds = std::max(nFolds, f + 1);
  }
  RealMatrix P(n, K);
  for (int f = 0; f < nFolds; ++f) {
    std::vector<Index> tr, te;
    for (Index i = 0; i < n; ++i) (fold[i] == f ? te : tr).push_back(i);
    RealMatrix xtr(static_cast<Index>(tr.size()), X.cols()), xte(static_cast<Index>(te.size()), X.cols());
    LabelVector ytr(static_cast<Index>(tr.size()));
    for (size_t j = 0; j < tr.size(); ++j) {
      xtr.row(j) = X.row(tr[j]);
      ytr[j] = enc.labels[tr[j]];
    }
    for (size_t j = 0; j < te.size(); ++j) xte.row(j) = X.row(te[j]);
    RealMatrix p;
    if (model == "logistic") {
      LogisticRegression lr;
      if (Outcome o = lr.fit(xtr, ytr, K); !o.ok()) return fail(o.error().message);
      p = lr.predictProba(xte);
    } else {
      KnnClassifier knn;
      if (Outcome o = knn.fit(xtr, ytr, K); !o.ok()) return fail(o.error().message);
      p = knn.predictProba(xte);
    }
    for (size_t j = 0; j < te.size(); ++j) P.row(te[j]) = p.row(static_cast<Index>(j));
  }
  FILE* o = std::fopen(out, "w");
  if (!o) return fail(std::string("cannot write ") + out);
  std::fprintf(o, "label");
  for (const auto& c : enc.classNames) std::fprintf(o, ",p_%s", c.c_str());
  std::fprintf(o, "\n");
  for (Index i = 0; i < n; ++i) {
    std::fprintf(o, "%s", enc.classNames[enc.labels[i]].c_str());
    for (int k = 0; k < K; ++k) std::fprintf(o, ",%.17g", P(i, k));
    std::fprintf(o, "\n");
  }
  std::fclose(o);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "train" && argc == 8) {
    PipelineOptions o;
    o.mode = PipelineMode::Train;
    o.label = ColumnRef::byName(argv[3]);
    const std::string m = argv[4];
    o.cv.model = parseCvModel(m).ok() ? parseCvModel(m).value() : CvModel::Auto;
    o.cv.repeats = std::atoi(argv[5]);
    o.cv.seed = std::strtoull(argv[6], nullptr, 10);
    return runPipeline(test::readFile(argv[2]), o, argv[7]);
  }
  if (cmd == "folds" && argc == 7) return runFolds(test::readFile(argv[2]), argv[3], argv[4], argv[5], argv[6]);
  if (cmd == "given" && argc == 4) {
    PipelineOptions o;
    o.mode = PipelineMode::ProbabilitiesGiven;
    o.label = ColumnRef::byName("label");
    return runPipeline(test::readFile(argv[2]), o, argv[3]);
  }
  return fail("usage: train CSV LABEL MODEL REPEATS SEED OUT | folds CSV LABEL FOLDFILE MODEL OUT | given PROBCSV OUT");
}
