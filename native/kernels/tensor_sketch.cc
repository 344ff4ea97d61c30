// TensorSketch's project (Pham & Pagh 2013): the sketch of x^(x)degree is the
// circular convolution of `degree` independent CountSketches of x, computed as
// IFFT(prod_t FFT(C_t x)) / k in f64, then rounded to T. With degree 1 it is
// the CountSketch itself (no FFT). The operator is defined in sketch_def.h;
// its apply and dense live in sparse_sign.cc.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "alloc.h"
#include "fft.h"
#include "parallel.h"
#include "sketch_internal.h"

namespace skm {
namespace sketch {

template <typename T>
skm_status TensorProject(const Spec& s, size_t N, const T* X, size_t ldx,
                         const Csr<T>* Xcsr, T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k), n = static_cast<size_t>(s.n);
  const size_t degree = static_cast<size_t>(s.param);
  FftPlan plan;
  if (degree > 1 && !plan.Init(k)) return SKM_ENOMEM;
  uint32_t* hrow = AllocArray<uint32_t>(Plus(Count({degree, s.n}), 1));
  double* hsign = AllocArray<double>(Plus(Count({degree, s.n}), 1));
  // Per worker: two batches of kFftBatch complex rows of length k (the
  // factor being transformed and the running product; fits in size_t when
  // scratch is allocated), and the FFT's scratch.
  constexpr size_t kB = kFftBatch;
  const uint64_t per_row64 = Plus(Count({2, 2, s.k, kB}), plan.scratch_size());
  const size_t per_row = static_cast<size_t>(per_row64);
  size_t workers = static_cast<size_t>(Threads());
  const size_t span = 16, tasks = (N + span - 1) / span;
  if (workers > tasks) workers = tasks ? tasks : 1;
  double* scratch = AllocArray<double>(Plus(Count({workers, per_row64}), 1));
  if (!hrow || !hsign || !scratch) {
    std::free(hrow);
    std::free(hsign);
    std::free(scratch);
    return SKM_ENOMEM;
  }
  for (size_t t = 0; t < degree; ++t) {
    for (size_t j = 0; j < n; ++j) {
      uint8_t neg;
      TensorHash(s.key, static_cast<uint32_t>(k), static_cast<uint32_t>(t),
                 static_cast<uint32_t>(j), &hrow[t * n + j], &neg);
      hsign[t * n + j] = neg ? -1.0 : 1.0;
    }
  }
  const double inv_k = 1.0 / static_cast<double>(k);
  // Rows go kB at a time, one per lane of the interleaved batches (element
  // r of row l at [r kB + l]); a short last batch leaves its other lanes 0.
  ParallelFor(workers, [&](size_t w) {
    double* re = scratch + w * per_row;  // the factor: re, then im
    double* im = re + k * kB;
    double* pre = im + k * kB;  // the product of the factors' transforms
    double* pim = pre + k * kB;
    double* fft_scratch = pim + k * kB;
    for (size_t task = w; task < tasks; task += workers) {
      const size_t i1 = (task + 1) * span < N ? (task + 1) * span : N;
      for (size_t i0 = task * span; i0 < i1; i0 += kB) {
        const size_t lanes = i1 - i0 < kB ? i1 - i0 : kB;
        for (size_t t = 0; t < degree; ++t) {
          // CountSketch t of each row, into its lane.
          for (size_t q = 0; q < 2 * k * kB; ++q) re[q] = 0.0;
          const uint32_t* h = hrow + t * n;
          const double* sg = hsign + t * n;
          for (size_t l = 0; l < lanes; ++l) {
            const size_t i = i0 + l;
            if (Xcsr) {
              for (int32_t p = Xcsr->Begin(i), p1 = Xcsr->End(i); p < p1; ++p) {
                size_t j;
                if (!Xcsr->Col(p, &j)) continue;
                double& e = re[h[j] * kB + l];
                e = e + sg[j] * static_cast<double>(Xcsr->data[p]);
              }
            } else {
              const T* x = X + i * ldx;
              for (size_t j = 0; j < n; ++j) {
                double& e = re[h[j] * kB + l];
                e = e + sg[j] * static_cast<double>(x[j]);
              }
            }
          }
          if (degree == 1) break;
          plan.Execute(re, im, false, fft_scratch);
          if (t == 0) {
            for (size_t q = 0; q < k * kB; ++q) {
              pre[q] = re[q];
              pim[q] = im[q];
            }
          } else {
            for (size_t q = 0; q < k * kB; ++q) {
              const double a = pre[q], b = pim[q];
              pre[q] = a * re[q] - b * im[q];
              pim[q] = a * im[q] + b * re[q];
            }
          }
        }
        if (degree == 1) {
          for (size_t l = 0; l < lanes; ++l) {
            T* o = out + (i0 + l) * ldo;
            for (size_t r = 0; r < k; ++r) o[r] = static_cast<T>(re[r * kB + l]);
          }
          continue;
        }
        plan.Execute(pre, pim, true, fft_scratch);
        for (size_t l = 0; l < lanes; ++l) {
          T* o = out + (i0 + l) * ldo;
          for (size_t r = 0; r < k; ++r) o[r] = static_cast<T>(pre[r * kB + l] * inv_k);
        }
      }
    }
  });
  std::free(hrow);
  std::free(hsign);
  std::free(scratch);
  return SKM_OK;
}

template skm_status TensorProject<float>(const Spec&, size_t, const float*,
                                         size_t, const Csr<float>*, float*,
                                         size_t);
template skm_status TensorProject<double>(const Spec&, size_t, const double*,
                                          size_t, const Csr<double>*, double*,
                                          size_t);

}  // namespace sketch
}  // namespace skm
