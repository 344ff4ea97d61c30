// Kernel-only timings of the sketch C entries on preallocated buffers (no
// JS, no allocation or page faults inside the timed region), for tuning.
// Build: bash bench/native/build.sh; run: SKETCHMAT_THREADS is not read here,
// threads = argv[2] (default 1).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "best.h"
#include "sketchmat.h"


int main(int argc, char** argv) {
  const long rows = argc > 1 ? atol(argv[1]) : 100000;
  skm_set_threads(argc > 2 ? atoi(argv[2]) : 1);
  const int reps = 5;
  const long n = 1024, k = 256;
  std::vector<float> X(rows * n), out(rows * k), copy(rows * n);
  unsigned s = 1;
  for (auto& v : X) { s = s * 1103515245u + 12345u; v = static_cast<float>(s) / 2147483648.0f - 1.0f; }
  std::memset(out.data(), 0, out.size() * 4);
  const double read = Best(reps, [&] { std::memcpy(copy.data(), X.data(), X.size() * 4); });
  std::printf("{\"rows\": %ld, \"memcpy_ms\": %.2f, \"nominal_read_ms\": %.2f", rows, read * 1e3, X.size() * 4 / 20e9 * 1e3);
  struct Op { const char* name; int kind; double param; } ops[] = {
      {"countSketch", SKM_SKETCH_SPARSE_SIGN, 1}, {"sparseSign", SKM_SKETCH_SPARSE_SIGN, 8},
      {"verySparse", SKM_SKETCH_VERY_SPARSE, 0}, {"srht", SKM_SKETCH_SRHT, 0},
      {"gaussian", SKM_SKETCH_GAUSSIAN, 0}};
  // verySparse: the default density 1/sqrt(n) of each shape.
  auto param = [](const Op& op, long cols) { return op.kind == SKM_SKETCH_VERY_SPARSE ? 1 / std::sqrt(double(cols)) : op.param; };
  for (const Op& op : ops) {
    const double t = Best(reps, [&] {
      skm_sketch_project_f32(op.kind, k, n, param(op, n), 1, 0, rows, X.data(), n, out.data(), k);
    });
    std::printf(", \"project_%s_ms\": %.2f", op.name, t * 1e3);
  }
  const long d = 512, kA = 2048;
  std::vector<float> outA(kA * d);
  for (const Op& op : ops) {
    if (op.kind == SKM_SKETCH_GAUSSIAN) continue;
    const double t = Best(3, [&] {
      skm_sketch_apply_f32(op.kind, kA, rows, param(op, rows), 1, 0, 0, rows, d, X.data(), d, outA.data(), d);
    });
    std::printf(", \"apply_%s_ms\": %.2f", op.name, t * 1e3);
  }
  for (int lg = 10; lg <= 16; lg += 2) {  // in cache (1 MB) and streaming (64 MB)
    const long m = 1L << lg;
    for (long total : {1L << 18, 1L << 24}) {
      const long r = total / m;
      const double t = Best(reps * 4, [&] { skm_fwht_f32(r, m, copy.data(), m, 1); });
      std::printf(", \"fwht_2^%d_%s_gflops\": %.1f", lg, total == (1L << 18) ? "cache" : "stream", r * m * lg / t / 1e9);
    }
  }
  for (int lg : {22, 24}) {
    const long m = 1L << lg;
    const double t = Best(reps, [&] { skm_fwht_f32(1, m, copy.data(), m, 0); });
    const double c = Best(reps, [&] { std::memcpy(X.data(), copy.data(), m * 4); });
    std::printf(", \"fwht_2^%d_ms\": %.2f, \"copy_2^%d_ms\": %.2f", lg, t * 1e3, lg, c * 1e3);
  }
  std::printf("}\n");
}
