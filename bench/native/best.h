// The best (minimum) wall time in seconds of `reps` calls of f, after one
// warm-up call: what every native bench harness reports.
#ifndef SKETCHMAT_BENCH_BEST_H_
#define SKETCHMAT_BENCH_BEST_H_

#include <algorithm>
#include <chrono>
#include <functional>

inline double Best(int reps, const std::function<void()>& f) {
  f();
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

#endif  // SKETCHMAT_BENCH_BEST_H_
