// Gaussian and Rademacher sketches: S is the random matrix of the fills
// (random_fill.cc, stream 0) times 1/sqrt(k), so S's entry (i, j) is exactly
// random.gaussian(k, n, { seed, scale: 1/sqrt(k) })'s. S is generated in
// column blocks of at most ~4 MB and multiplied with the GEMM, so memory stays
// O(block) for any n.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <type_traits>

#include "alloc.h"
#include "parallel.h"
#include "sketch_internal.h"
#include "sketch_memo.h"

namespace skm {
namespace sketch {
namespace {

// Columns [col0, col0 + cols) of S: the random fill of random.gaussian /
// random.rademacher (stream 0) scaled by 1/sqrt(k), so S is that matrix.
template <typename T>
skm_status Fill(const Spec& s, uint64_t col0, size_t cols, T* out,
                size_t ldo) {
  const int32_t dist = s.kind == SKM_SKETCH_GAUSSIAN ? SKM_DIST_GAUSSIAN
                                                     : SKM_DIST_RADEMACHER;
  const double scale = 1.0 / std::sqrt(static_cast<double>(s.k));
  const auto fill = [&](auto fn) {
    return fn(dist, s.key.lo, s.key.hi, 0, 0, static_cast<uint32_t>(col0),
              static_cast<skm_int>(s.k), static_cast<skm_int>(cols), scale,
              out, static_cast<skm_int>(ldo));
  };
  if constexpr (std::is_same_v<T, float>) return fill(skm_random_fill_f32);
  else return fill(skm_random_fill_f64);
}

skm_status Gemm(bool tA, bool tB, size_t m, size_t n, size_t k, const float* A,
                size_t lda, const float* B, size_t ldb, float beta, float* C,
                size_t ldc) {
  return skm_gemm_f32(tA, tB, static_cast<skm_int>(m), static_cast<skm_int>(n),
                      static_cast<skm_int>(k), 1.0f, A,
                      static_cast<skm_int>(lda), B, static_cast<skm_int>(ldb),
                      beta, C, static_cast<skm_int>(ldc));
}
skm_status Gemm(bool tA, bool tB, size_t m, size_t n, size_t k,
                const double* A, size_t lda, const double* B, size_t ldb,
                double beta, double* C, size_t ldc) {
  return skm_gemm_f64(tA, tB, static_cast<skm_int>(m), static_cast<skm_int>(n),
                      static_cast<skm_int>(k), 1.0, A,
                      static_cast<skm_int>(lda), B, static_cast<skm_int>(ldb),
                      beta, C, static_cast<skm_int>(ldc));
}

// Columns of S per block: about 4 MB of T, at least 1 and at most `cols`.
template <typename T>
size_t BlockCols(const Spec& s, uint64_t cols) {
  const uint64_t per_col = sizeof(T) * s.k;  // s.k < 2^32: no overflow in 64 bits
  size_t nb = static_cast<size_t>((uint64_t{4} << 20) / (per_col ? per_col : 1));
  if (nb < 64) nb = 64;
  return nb > cols ? static_cast<size_t>(cols) : nb;
}

// st (nb x k) = S[:, j0 : j0 + nb]^T, via tmp (k x nb).
template <typename T>
skm_status TransposedBlock(const Spec& s, uint64_t j0, size_t nb, T* tmp,
                           T* st) {
  const size_t k = static_cast<size_t>(s.k);
  const skm_status status = Fill(s, j0, nb, tmp, nb);
  if (status != SKM_OK) return status;
  for (size_t i = 0; i < k; ++i) {
    for (size_t q = 0; q < nb; ++q) st[q * k + i] = tmp[i * nb + q];
  }
  return SKM_OK;
}

}  // namespace

template <typename T>
skm_status DenseDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                      size_t ldo) {
  return Fill(s, col0, static_cast<size_t>(cols), out, ldo);
}

template <typename T>
skm_status DenseApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                      const T* B, size_t ldb, T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  if (rows == 0 || k == 0) {
    ZeroBlock(out, k, d, ldo);
    return SKM_OK;
  }
  const size_t nb = BlockCols<T>(s, rows);
  T* blk = AllocArray<T>(Count({s.k, nb}));
  if (!blk) return SKM_ENOMEM;
  skm_status st = SKM_OK;
  for (size_t b0 = 0; b0 < rows && st == SKM_OK; b0 += nb) {
    const size_t m = rows - b0 < nb ? rows - b0 : nb;
    st = Fill(s, row0 + b0, m, blk, m);
    if (st == SKM_OK) {
      st = Gemm(false, false, k, d, m, blk, m, B + b0 * ldb, ldb,
                b0 == 0 ? T(0) : T(1), out, ldo);
    }
  }
  std::free(blk);
  return st;
}

template <typename T>
skm_status DenseProject(const Spec& s, size_t N, const T* X, size_t ldx,
                        T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  if (s.n == 0 || k == 0) {
    ZeroBlock(out, N, k, ldo);
    return SKM_OK;
  }
  const size_t nb = BlockCols<T>(s, s.n);
  // One block (S within ~4 MB): S is kept across calls (sketch_memo.h), and
  // a call that finds it is this GEMM alone.
  const bool one = nb >= s.n;
  const MemoWhat what = sizeof(T) == 4 ? MemoWhat::kDenseF32 : MemoWhat::kDenseF64;
  if (one) {
    MemoPin pin;
    MemoFind(s, what, &pin);
    if (pin.data() != nullptr) {
      return Gemm(false, true, N, k, nb, X, ldx, static_cast<const T*>(pin.data()), nb, T(0),
                  out, ldo);
    }
  }
  T* blk = AllocArray<T>(Count({s.k, nb}));
  if (!blk) return SKM_ENOMEM;
  skm_status st = SKM_OK;
  for (size_t b0 = 0; b0 < s.n && st == SKM_OK; b0 += nb) {
    const size_t m = s.n - b0 < nb ? static_cast<size_t>(s.n - b0) : nb;
    st = Fill(s, b0, m, blk, m);
    if (st == SKM_OK && one) MemoStore(s, what, blk, k * m * sizeof(T));
    if (st == SKM_OK) {
      st = Gemm(false, true, N, k, m, X + b0, ldx, blk, m,
                b0 == 0 ? T(0) : T(1), out, ldo);
    }
  }
  std::free(blk);
  return st;
}

template <typename T>
skm_status DenseApplyCsr(const Spec& s, uint64_t row0, size_t rows, size_t d,
                         const Csr<T>& B, T* out, size_t ldo) {
  // out^T (d x k) += v * S[:, j]^T for each nonzero (j, c, v) of B:
  // contiguous along k, then transposed into out.
  const size_t k = static_cast<size_t>(s.k);
  const size_t nb = rows ? BlockCols<T>(s, rows) : 1;
  T* tmp = AllocArray<T>(Plus(Plus(Count({s.k, nb, 2}), Count({d, s.k})), 1));
  if (!tmp) return SKM_ENOMEM;
  T* st = tmp + k * nb;
  T* outT = st + k * nb;
  for (size_t i = 0; i < d * k; ++i) outT[i] = T(0);
  skm_status status = SKM_OK;
  for (size_t b0 = 0; b0 < rows && status == SKM_OK; b0 += nb) {
    const size_t m = rows - b0 < nb ? rows - b0 : nb;
    status = TransposedBlock(s, row0 + b0, m, tmp, st);
    if (status != SKM_OK) break;
    const size_t span = 16, tasks = (d + span - 1) / span;
    // Tasks own ranges of B's columns (rows of out^T).
    ParallelFor(tasks, [&](size_t t) {
      const size_t c_lo = t * span, c_hi = c_lo + span < d ? c_lo + span : d;
      for (size_t q = 0; q < m; ++q) {
        const size_t j = b0 + q;
        const T* sj = st + q * k;
        for (int32_t p = B.Begin(j), p1 = B.End(j); p < p1; ++p) {
          size_t c;
          if (!B.Col(p, &c) || c < c_lo || c >= c_hi) continue;
          T* o = outT + c * k;
          const T v = B.data[p];
          for (size_t i = 0; i < k; ++i) o[i] = o[i] + v * sj[i];
        }
      }
    });
  }
  if (status == SKM_OK) {
    for (size_t i = 0; i < k; ++i) {
      for (size_t c = 0; c < d; ++c) out[i * ldo + c] = outT[c * k + i];
    }
  }
  std::free(tmp);
  return status;
}

template <typename T>
skm_status DenseProjectCsr(const Spec& s, size_t N, const Csr<T>& X, T* out,
                           size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  const size_t nb = s.n ? BlockCols<T>(s, s.n) : 1;
  T* tmp = AllocArray<T>(Plus(Count({s.k, nb, 2}), 1));
  if (!tmp) return SKM_ENOMEM;
  T* st = tmp + k * nb;
  ZeroBlock(out, N, k, ldo);
  skm_status status = SKM_OK;
  for (uint64_t b0 = 0; b0 < s.n && status == SKM_OK; b0 += nb) {
    const size_t m = s.n - b0 < nb ? static_cast<size_t>(s.n - b0) : nb;
    status = TransposedBlock(s, b0, m, tmp, st);
    if (status != SKM_OK) break;
    const size_t span = 64, tasks = (N + span - 1) / span;
    ParallelFor(tasks, [&](size_t t) {
      const size_t i1 = (t + 1) * span < N ? (t + 1) * span : N;
      for (size_t r = t * span; r < i1; ++r) {
        T* o = out + r * ldo;
        for (int32_t p = X.Begin(r), p1 = X.End(r); p < p1; ++p) {
          size_t j;
          if (!X.Col(p, &j) || j < b0 || j >= b0 + m) continue;
          const T* sj = st + (j - b0) * k;
          const T v = X.data[p];
          for (size_t i = 0; i < k; ++i) o[i] = o[i] + v * sj[i];
        }
      }
    });
  }
  std::free(tmp);
  return status;
}

#define SKM_DENSE_INSTANTIATE(T)                                              \
  template skm_status DenseDense<T>(const Spec&, uint64_t, uint64_t, T*,      \
                                    size_t);                                  \
  template skm_status DenseApply<T>(const Spec&, uint64_t, size_t, size_t,    \
                                    const T*, size_t, T*, size_t);            \
  template skm_status DenseApplyCsr<T>(const Spec&, uint64_t, size_t, size_t, \
                                       const Csr<T>&, T*, size_t);            \
  template skm_status DenseProject<T>(const Spec&, size_t, const T*, size_t,  \
                                      T*, size_t);                            \
  template skm_status DenseProjectCsr<T>(const Spec&, size_t, const Csr<T>&,  \
                                         T*, size_t);
SKM_DENSE_INSTANTIATE(float)
SKM_DENSE_INSTANTIATE(double)
#undef SKM_DENSE_INSTANTIATE

}  // namespace sketch
}  // namespace skm
