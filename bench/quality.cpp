// Detection quality of the default pipeline on ../shared/datasets (on demand, never in tests).
//
//   cmake -S . -B build/bench -DLABELCHECK_BENCH=ON && cmake --build build/bench -j2
//   build/bench/bench/labelcheck_quality [--markdown]     (run from the repository root)
//
// For every noisy CSV: precision, recall and F1 of the flagged rows against truth.json, average
// precision of the whole ranking, wall time; beside the Python pipeline's F1 from the datasets
// README. For label-errors/: how many human-verified errors are flagged and where they rank.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "labelcheck/pipeline.hpp"
#include "support/read_file.hpp"

using namespace labelcheck;
using nlohmann::json;

namespace {

// "| iris | uniform10 | 0.759 (0.79 / 0.73) | 0.889 | 0.629 | 0.0 |" -> LR, kNN, HGB F1.
std::map<std::string, std::vector<double>> pythonFigures(const std::string& readme) {
  std::map<std::string, std::vector<double>> out;
  const std::regex row(R"(\|\s*(\w+)\s*\|\s*(\w+)\s*\|\s*([0-9.]+)[^|]*\|\s*([0-9.–-]+)\s*\|\s*([0-9.–-]+)\s*\|)");
  std::istringstream lines(readme);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row)) continue;
    auto num = [](const std::string& s) { return (s == "–" || s == "-") ? -1.0 : std::atof(s.c_str()); };
    out[m[1].str() + "." + m[2].str()] = {num(m[3]), num(m[4]), num(m[5])};
  }
  return out;
}

double averagePrecision(const PipelineResult& r, const std::set<Index>& truth) {
  std::vector<Index> order(static_cast<size_t>(r.labels.size()));
  std::iota(order.begin(), order.end(), Index(0));
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return r.labelQuality[a] < r.labelQuality[b]; });
  double hits = 0, sum = 0;
  for (size_t i = 0; i < order.size(); ++i)
    if (truth.count(r.sourceRows[order[i]])) sum += ++hits / static_cast<double>(i + 1);
  return truth.empty() ? 0 : sum / static_cast<double>(truth.size());
}
}  // namespace

int main(int argc, char** argv) {
  // --model logistic|knn|auto (default auto), --only NAME: one dataset, --repeats R (0 = auto),
  // --refit on|off (default off: one pass; on: clean, then refit), --seed S (fold shuffling, default 0),
  // --threads T (default 0: every core; results do not depend on it), --budget S (auto's time budget),
  // --knn-k K (neighbours of the kNN model, default 10), --filter-by F (cleanlab's filter_by name;
  // default the pipeline's, prune_by_noise_rate; also for the label-errors sets)
  CvModel model = CvModel::Auto;
  std::string only;
  int repeats = 0;
  bool refit = PipelineOptions{}.refit;
  uint64_t seed = 0;
  int threads = 0;
  double budget = CvOptions{}.budget;
  int knnK = KnnParams{}.k;
  int gbdtRepeats = CvOptions{}.gbdtMaxRepeats;
  std::vector<int> knnScales = CvOptions{}.knnScales;
  FilterBy filterBy = PipelineOptions{}.issues.filterBy;
  // --neighbors exact|hnsw|clusters: the kNN model's graph searched that way at every size
  // (default: the pipeline's choice, exact up to NeighborGraphOptions::exactMaxCost).
  NeighborGraphOptions neighbors = CvOptions{}.neighbors;
  // --datasets DIR: the files of DIR/datasets.json (the shared schema: truth files with "csv"
  // and "flipped_rows"), e.g. bench/results/large/ written by bench/quality-large.mjs; the
  // label-errors sets are then left out.
  std::string shared = "../shared/datasets/";
  int extraSeeds = 0;  // --seeds S: also the mean F1 over seeds seed .. seed + S - 1 (small files are noisy)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--model") model = parseCvModel(value).ok() ? parseCvModel(value).value() : CvModel::Auto;
    if (flag == "--only") only = value;
    if (flag == "--repeats") repeats = std::atoi(value.c_str());
    if (flag == "--refit") refit = value == "on";
    if (flag == "--seed") seed = std::strtoull(value.c_str(), nullptr, 10);
    if (flag == "--threads") threads = std::atoi(value.c_str());
    if (flag == "--budget") budget = std::atof(value.c_str());
    if (flag == "--knn-k") knnK = std::atoi(value.c_str());
    if (flag == "--filter-by") {
      auto f = parseFilterBy(value);
      if (!f.ok()) {
        std::fprintf(stderr, "--filter-by: %s\n", f.error().message.c_str());
        return 2;
      }
      filterBy = f.value();
    }
    if (flag == "--gbdt-repeats") gbdtRepeats = std::atoi(value.c_str());
    if (flag == "--knn-scales") {  // e.g. 1,2,4
      knnScales.clear();
      for (size_t at = 0; at < value.size();) {
        knnScales.push_back(std::atoi(value.c_str() + at));
        const size_t comma = value.find(',', at);
        at = comma == std::string::npos ? value.size() : comma + 1;
      }
    }
    if (flag == "--neighbors") {
      neighbors.method = value == "exact" ? NeighborMethod::Exact : NeighborMethod::Approximate;
      neighbors.approximate = value == "clusters" ? ApproximateIndex::Clusters : ApproximateIndex::Hnsw;
    }
    if (flag == "--datasets") shared = value.back() == '/' ? value : value + "/";
    if (flag == "--seeds") extraSeeds = std::atoi(value.c_str()) - 1;
  }
  const json manifest = json::parse(test::readFile(shared + "datasets.json"));
  const auto python = pythonFigures(test::readFile(shared + "README.md"));
  std::printf("| dataset | variant | flagged | precision | recall | F1 | F1, mean of seeds | AP | Python LR F1 | best Python F1 | model | CV acc | s |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  double sumOurs = 0, sumLr = 0, sumBest = 0, sumSeeds = 0;
  int floorsMet = 0, seedFloorsMet = 0;
  std::string missed;
  int n = 0;
  for (auto it = manifest.begin(); it != manifest.end(); ++it) {
    const json& d = it.value();
    if (!d.is_object() || !d.contains("variants") || (!only.empty() && it.key() != only)) continue;
    for (auto v = d["variants"].begin(); v != d["variants"].end(); ++v) {
      const json truth = json::parse(test::readFile(shared + v.value()["truth"].get<std::string>()));
      PipelineOptions o;
      o.label = ColumnRef::byName(d["label_column"].get<std::string>());
      o.cv.model = model;
      o.cv.repeats = repeats;
      o.refit = refit;
      o.issues.filterBy = filterBy;
      o.cv.seed = seed;
      o.cv.threads = threads;
      o.cv.budget = budget;
      o.cv.knn.k = knnK;
      o.cv.gbdtMaxRepeats = gbdtRepeats;
      o.cv.knnScales = knnScales;
      o.cv.neighbors = neighbors;
      const auto t0 = std::chrono::steady_clock::now();
      auto r = checkLabels(test::readFile(shared + truth["csv"].get<std::string>()), o);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!r.ok()) {
        std::printf("| %s | %s | error: %s |\n", it.key().c_str(), v.key().c_str(), r.error().message.c_str());
        continue;
      }
      std::set<Index> flipped;
      for (const auto& x : truth["flipped_rows"]) flipped.insert(x.get<Index>());
      Index hits = 0;
      for (const auto& issue : r.value().issues) hits += flipped.count(issue.row);
      const double p = r.value().issues.empty() ? 0 : double(hits) / r.value().issues.size();
      const double rec = double(hits) / flipped.size();
      const double f1 = p + rec > 0 ? 2 * p * rec / (p + rec) : 0;
      double seedsF1 = f1;
      for (int extra = 1; extra <= extraSeeds; ++extra) {
        PipelineOptions os = o;
        os.cv.seed = seed + static_cast<uint64_t>(extra);
        auto rs = checkLabels(test::readFile(shared + truth["csv"].get<std::string>()), os);
        if (!rs.ok()) continue;
        Index h = 0;
        for (const auto& issue : rs.value().issues) h += flipped.count(issue.row);
        const double ps = rs.value().issues.empty() ? 0 : double(h) / rs.value().issues.size(), rcs = double(h) / flipped.size();
        seedsF1 += ps + rcs > 0 ? 2 * ps * rcs / (ps + rcs) : 0;
      }
      seedsF1 /= extraSeeds + 1;
      sumSeeds += seedsF1;
      const auto fig = python.count(it.key() + "." + v.key()) ? python.at(it.key() + "." + v.key()) : std::vector<double>{-1, -1, -1};
      const double best = *std::max_element(fig.begin(), fig.end());
      std::printf("| %s | %s | %zu | %.3f | %.3f | **%.3f** | %.3f | %.3f | %.3f | %.3f | %s | %.3f | %.2f |\n", it.key().c_str(),
                  v.key().c_str(), r.value().issues.size(), p, rec, f1, seedsF1, averagePrecision(r.value(), flipped), fig[0], best,
                  r.value().modelChoice.c_str(), r.value().cvAccuracy, secs);
      floorsMet += f1 >= fig[0] - 0.02;
      seedFloorsMet += seedsF1 >= fig[0] - 0.02;
      if (f1 < fig[0] - 0.02) missed += " " + it.key() + "." + v.key();
      sumOurs += f1;
      sumLr += fig[0];
      sumBest += best;
      ++n;
    }
  }
  std::printf("\nmean F1 over %d files: labelcheck %.3f, Python LR %.3f, Python best-of-three %.3f\n", n, sumOurs / n,
              sumLr / n, sumBest / n);
  if (extraSeeds > 0)
    std::printf("mean F1 over %d files and %d seeds from %llu: %.3f; files at or above their floor by that mean: %d\n", n,
                extraSeeds + 1, static_cast<unsigned long long>(seed), sumSeeds / n, seedFloorsMet);
  std::printf("files at or above their floor (Python LR F1 - 0.02): %d of %d%s%s\n\n", floorsMet, n,
              missed.empty() ? "" : "; below:", missed.c_str());

  if (shared != "../shared/datasets/") return 0;
  std::printf("| label-errors set | rows | flagged | verified errors | flagged of them | median rank among flagged | s |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const char* name : {"mnist", "cifar10", "imdb", "20news"}) {
    const std::string stem = shared + "label-errors/" + name;
    const json verified = json::parse(test::readFile(stem + "_verified_errors.json"));
    PipelineOptions o;
    o.label = ColumnRef::byName("label");
    o.mode = PipelineMode::ProbabilitiesGiven;
    o.issues.filterBy = filterBy;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = checkLabels(test::readFile(stem + "_test_pred_probs.csv"), o);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) {
      std::printf("| %s | error: %s |\n", name, r.error().message.c_str());
      continue;
    }
    std::map<Index, size_t> rankOf;
    for (size_t i = 0; i < r.value().issues.size(); ++i) rankOf[r.value().issues[i].row] = i + 1;
    std::vector<size_t> ranks;
    for (const auto& x : verified["verified_label_errors"])
      if (rankOf.count(x.get<Index>())) ranks.push_back(rankOf[x.get<Index>()]);
    std::sort(ranks.begin(), ranks.end());
    std::printf("| %s | %lld | %zu | %zu | %zu | %zu | %.2f |\n", name, static_cast<long long>(r.value().rowCount),
                r.value().issues.size(), verified["verified_label_errors"].size(), ranks.size(),
                ranks.empty() ? 0 : ranks[ranks.size() / 2], secs);
  }
  return 0;
}
