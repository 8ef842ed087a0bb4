// Progress reporting and cancellation for long-running calls.
//
// A ProgressFn is called between units of work (for cross-validation: before the first fold and
// after each fold of each model). Returning false asks the call to stop; it then returns an
// Error with Status::Cancelled and no partial result. An empty ProgressFn is never called.
#pragma once

#include <functional>

namespace labelcheck {

struct Progress {
  const char* stage = "";    // "crossValidation", ... (static strings, stable names)
  int done = 0;              // units finished so far
  int total = 0;             // units in the stage; done == total at the end
  const char* detail = "";   // what runs now, e.g. the model: "logistic", "knn"
  // Estimated work done and in all, where units differ in size (cross-validation: seconds of one
  // WebAssembly core, cv_plan.hpp); 0 and 0 when every unit counts the same. For estimates of
  // the time left.
  double workDone = 0.0;
  double workTotal = 0.0;
};

using ProgressFn = std::function<bool(const Progress&)>;

// Calls fn if set; true means "go on". Kept inline: one branch per unit of work.
inline bool reportProgress(const ProgressFn& fn, const char* stage, int done, int total,
                           const char* detail = "", double workDone = 0.0, double workTotal = 0.0) {
  if (!fn) return true;
  Progress p;
  p.stage = stage;
  p.done = done;
  p.total = total;
  p.detail = detail;
  p.workDone = workDone;
  p.workTotal = workTotal;
  return fn(p);
}

}  // namespace labelcheck
