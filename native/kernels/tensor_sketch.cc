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
  // Fits in size_t when scratch is allocated.
  const uint64_t per_row64 = Plus(Count({degree + 1, 2, s.k}), plan.scratch_size());
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
  ParallelFor(workers, [&](size_t w) {
    double* base = scratch + w * per_row;
    double* fft_scratch = base + (degree + 1) * 2 * k;
    for (size_t task = w; task < tasks; task += workers) {
      const size_t i1 = (task + 1) * span < N ? (task + 1) * span : N;
      for (size_t i = task * span; i < i1; ++i) {
        // CountSketch t of row i into (re, im) pair t.
        for (size_t t = 0; t < degree; ++t) {
          double* re = base + 2 * t * k;
          double* im = re + k;
          for (size_t r = 0; r < 2 * k; ++r) re[r] = 0.0;
          const uint32_t* h = hrow + t * n;
          const double* sg = hsign + t * n;
          if (Xcsr) {
            for (int32_t p = Xcsr->indptr[i]; p < Xcsr->indptr[i + 1]; ++p) {
              const size_t j = static_cast<size_t>(Xcsr->indices[p]);
              re[h[j]] = re[h[j]] + sg[j] * static_cast<double>(Xcsr->data[p]);
            }
          } else {
            const T* x = X + i * ldx;
            for (size_t j = 0; j < n; ++j) {
              re[h[j]] = re[h[j]] + sg[j] * static_cast<double>(x[j]);
            }
          }
          (void)im;
        }
        T* o = out + i * ldo;
        if (degree == 1) {
          for (size_t r = 0; r < k; ++r) o[r] = static_cast<T>(base[r]);
          continue;
        }
        double* pre = base + 2 * degree * k;
        double* pim = pre + k;
        for (size_t t = 0; t < degree; ++t) {
          double* re = base + 2 * t * k;
          double* im = re + k;
          plan.Execute(re, im, false, fft_scratch);
          if (t == 0) {
            for (size_t r = 0; r < k; ++r) {
              pre[r] = re[r];
              pim[r] = im[r];
            }
          } else {
            for (size_t r = 0; r < k; ++r) {
              const double a = pre[r], b = pim[r];
              pre[r] = a * re[r] - b * im[r];
              pim[r] = a * im[r] + b * re[r];
            }
          }
        }
        plan.Execute(pre, pim, true, fft_scratch);
        for (size_t r = 0; r < k; ++r) o[r] = static_cast<T>(pre[r] * inv_k);
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
