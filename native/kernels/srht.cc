// The subsampled randomized Hadamard transform S = sqrt(n2/k) R H D, with H
// orthonormal of order n2 = the next power of two >= n, which is
// (1/sqrt(k)) R H' D with H' the +-1 Hadamard matrix: so S x is the
// unnormalized FWHT of D x zero-padded to n2, sampled at k rows, times
// 1/sqrt(k) (one rounding, at the end). Entry (i, j) of S is
// (1/sqrt(k)) (-1)^(popcount(R_i & j)) D_j.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "alloc.h"
#include "fwht.h"
#include "parallel.h"
#include "sketch_internal.h"

namespace skm {
namespace sketch {
namespace {

skm_status Fwht(size_t rows, size_t n, float* x, size_t ldx) {
  return skm_fwht_f32(static_cast<skm_int>(rows), static_cast<skm_int>(n), x,
                      static_cast<skm_int>(ldx), 0);
}
skm_status Fwht(size_t rows, size_t n, double* x, size_t ldx) {
  return skm_fwht_f64(static_cast<skm_int>(rows), static_cast<skm_int>(n), x,
                      static_cast<skm_int>(ldx), 0);
}

template <typename T>
void ScaleBy(T* y, size_t n, T s) {
  for (size_t i = 0; i < n; ++i) y[i] = y[i] * s;
}

// The operator's structure: D for columns [j0, j0 + count) and R.
template <typename T>
struct Srht {
  uint64_t n2 = 1;
  T* d = nullptr;           // +-1
  uint32_t* rows = nullptr;  // k
  ~Srht() {
    std::free(d);
    std::free(rows);
  }
  bool Make(const Spec& s, uint64_t j0, uint64_t count) {
    n2 = NextPow2(s.n < 1 ? 1 : s.n);
    const uint32_t k = static_cast<uint32_t>(s.k);
    d = AllocArray<T>(Plus(count, 1));
    rows = AllocArray<uint32_t>(Plus(s.k, 1));
    uint64_t* table = AllocArray<uint64_t>(SrhtTableSize(k));
    // A row of n2 (and the sizes below made from it) must be addressable:
    // on wasm32 n2 can reach 2^32.
    if (!d || !rows || !table || n2 > SIZE_MAX / (64 * sizeof(T))) {
      std::free(table);
      return false;
    }
    SrhtRows(s.key, n2, k, table, rows);
    std::free(table);
    for (uint64_t j = 0; j < count; ++j) {
      d[j] = SrhtSignNegative(s.key, static_cast<uint32_t>(j0 + j)) ? T(-1)
                                                                     : T(1);
    }
    return true;
  }
};

}  // namespace

template <typename T>
skm_status SrhtDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                     size_t ldo) {
  Srht<T> h;
  if (!h.Make(s, col0, cols)) return SKM_ENOMEM;
  const T mag = static_cast<T>(SrhtValue(static_cast<uint32_t>(s.k)));
  for (size_t i = 0; i < s.k; ++i) {
    for (size_t c = 0; c < cols; ++c) {
      const uint64_t j = col0 + c;
      const bool odd = __builtin_popcountll(h.rows[i] & j) & 1;
      out[i * ldo + c] = (odd ? -h.d[c] : h.d[c]) * mag;
    }
  }
  return SKM_OK;
}

// S[:, row0 : row0 + rows] B, for chunks of w columns of B: the chunk's
// rows (times D) go into rows row0 .. of an n2 x w scratch y (zeros
// elsewhere), y's columns are transformed, and k rows of y are picked.
// When B has FwhtColumnsWidth (64 bytes) of columns or more and y is not
// much larger than B, a chunk is that wide and its columns are transformed
// together (FwhtColumns: whole vectors across a row of y, in cache
// blocks); else the columns are transposed into rows of y and transformed
// one by one. Both run fwht.cc's stages in rising h: the same bits.
template <typename T>
skm_status SrhtApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                     const T* B, size_t ldb, const Csr<T>* Bcsr, T* out,
                     size_t ldo) {
  Srht<T> h;
  if (!h.Make(s, row0, rows)) return SKM_ENOMEM;
  const size_t k = static_cast<size_t>(s.k);
  const size_t n2 = static_cast<size_t>(h.n2);
  const T mag = static_cast<T>(SrhtValue(static_cast<uint32_t>(k)));
  const size_t budget = size_t{16} << 20;  // scratch bytes per worker
  const size_t wide = FwhtColumnsWidth(T(0)), row_bytes = wide * sizeof(T);
  const size_t b_bytes = rows * d * sizeof(T);
  const bool together = wide && d >= wide && n2 <= SIZE_MAX / row_bytes &&
                        n2 * row_bytes <= (budget > b_bytes ? budget : b_bytes);
  // Chunk width: `wide` together, else scratch of at most the budget (at
  // least one column, at most 16).
  size_t w = together ? wide : budget / (n2 * sizeof(T));
  if (w < 1) w = 1;
  if (w > 16) w = 16;
  if (!together && w > d) w = d ? d : 1;
  const size_t chunks = d ? (d + w - 1) / w : 0;
  size_t workers = static_cast<size_t>(Threads());
  if (workers > chunks) workers = chunks ? chunks : 1;
  // Aligned, so the rows of y (64 bytes together) are cache lines.
  const AlignedArray<T> scratch(Count({workers, w, n2}));
  if (!scratch.p) return SKM_ENOMEM;
  // Where entry (row j of y, column c of the chunk) lives.
  const size_t sr = together ? w : 1, sc = together ? 1 : n2;
  ParallelFor(workers, [&](size_t wk) {
    T* y = scratch.p + wk * w * n2;
    for (size_t t = wk; t < chunks; t += workers) {
      const size_t c0 = t * w, cw = d - c0 < w ? d - c0 : w;
      if (together) {  // zero only what the rows below do not write
        for (size_t i = 0; i < row0 * w; ++i) y[i] = T(0);
        for (size_t i = (row0 + rows) * w; i < n2 * w; ++i) y[i] = T(0);
        if (cw < w || Bcsr) {
          for (size_t j = row0; j < row0 + rows; ++j) {
            for (size_t c = Bcsr ? 0 : cw; c < w; ++c) y[j * w + c] = T(0);
          }
        }
      } else {
        for (size_t i = 0; i < cw * n2; ++i) y[i] = T(0);
      }
      if (Bcsr) {
        for (size_t j = 0; j < rows; ++j) {
          for (int32_t p = Bcsr->Begin(j), p1 = Bcsr->End(j); p < p1; ++p) {
            size_t c;
            if (!Bcsr->Col(p, &c) || c < c0 || c >= c0 + cw) continue;
            // Duplicates in a row add up, as in a CSR matrix's meaning.
            T& slot = y[(row0 + j) * sr + (c - c0) * sc];
            slot = slot + h.d[j] * Bcsr->data[p];
          }
        }
      } else if (together) {
        // 64 bytes from each row of B: a stride the hardware prefetchers
        // lose at every page, so rows are prefetched into L2 64 ahead here
        // (100000 x 512 -> 2048 f32: 89-112 ms without; 60 ms with 32 rows
        // into L1; 48-55 ms like this, 96-256 rows no better).
        constexpr size_t kAhead = 64;
        for (size_t j = 0; j < rows; ++j) {
          const T* b = B + j * ldb + c0;
          if (j + kAhead < rows) {
            __builtin_prefetch(b + kAhead * ldb, 0, 2);
            __builtin_prefetch(b + kAhead * ldb + cw - 1, 0, 2);
          }
          T* __restrict__ yj = y + (row0 + j) * w;
          const T dj = h.d[j];
          for (size_t c = 0; c < cw; ++c) yj[c] = dj * b[c];
        }
      } else {
        for (size_t j = 0; j < rows; ++j) {
          const T* b = B + j * ldb + c0;
          for (size_t c = 0; c < cw; ++c) y[c * n2 + row0 + j] = h.d[j] * b[c];
        }
      }
      // The outputs are the transform over sqrt(k): keep them finite
      // wherever they are representable (fwht.h, OverflowShift).
      const size_t len = together ? n2 * w : cw * n2;
      const int e = OverflowShift<T>(MaxAbs(y, len), n2);
      if (e) ScaleBy(y, len, static_cast<T>(std::ldexp(1.0, -e)));
      const T mag_c = e ? static_cast<T>(mag * std::ldexp(1.0, e)) : mag;
      if (together) {
        FwhtColumns(y, n2, w);
      } else {
        Fwht(cw, n2, y, n2);
      }
      for (size_t i = 0; i < k; ++i) {
        const T* yi = y + h.rows[i] * sr;
        for (size_t c = 0; c < cw; ++c) out[i * ldo + c0 + c] = yi[c * sc] * mag_c;
      }
    }
  });
  return SKM_OK;
}

// X S^T: each row of X (times D, zero-padded) transformed, k entries
// picked. Dense X goes through fwht.cc's SrhtRows (sign flip fused into the
// transform, next rows prefetched); CSR rows are scattered into scratch.
template <typename T>
skm_status SrhtProject(const Spec& s, size_t N, const T* X, size_t ldx,
                       const Csr<T>* Xcsr, T* out, size_t ldo) {
  Srht<T> h;
  if (!h.Make(s, 0, s.n)) return SKM_ENOMEM;
  const size_t k = static_cast<size_t>(s.k), n = static_cast<size_t>(s.n);
  const size_t n2 = static_cast<size_t>(h.n2);
  const T mag = static_cast<T>(SrhtValue(static_cast<uint32_t>(k)));
  // Rows per batch: ~256 KB of X, so that a call into fwht.cc is amortized
  // and threads take turns at a fine grain.
  size_t per = (size_t{256} << 10) / (n2 * sizeof(T));
  if (per < 1) per = 1;
  const size_t batches = (N + per - 1) / per;
  size_t workers = static_cast<size_t>(Threads());
  if (workers > batches) workers = batches ? batches : 1;
  // Each worker's row of scratch starts on a cache line: the FWHT's
  // vectors then never span two.
  const size_t line = 64 / sizeof(T), ny = (n2 + line - 1) / line * line;
  const AlignedArray<T> scratch(Count({workers, ny}));
  T* ys = scratch.p;
  if (!ys) return SKM_ENOMEM;
  const SrhtRowsArgs<T> args{N, n, n2, n ? X : nullptr, ldx, h.d, h.rows, k, mag, out, ldo};
  ParallelFor(workers, [&](size_t wk) {
    T* y = ys + wk * ny;
    for (size_t t = wk; t < batches; t += workers) {
      const size_t r0 = t * per, m = N - r0 < per ? N - r0 : per;
      if (!Xcsr) {
        SrhtRows(args, r0, m, y);
        continue;
      }
      for (size_t r = r0; r < r0 + m; ++r) {
        for (size_t j = 0; j < n2; ++j) y[j] = T(0);
        for (int32_t p = Xcsr->Begin(r), p1 = Xcsr->End(r); p < p1; ++p) {
          size_t j;
          if (Xcsr->Col(p, &j)) y[j] = y[j] + h.d[j] * Xcsr->data[p];
        }
        const int e = OverflowShift<T>(MaxAbs(y, n2), n2);  // as SrhtApply
        if (e) ScaleBy(y, n2, static_cast<T>(std::ldexp(1.0, -e)));
        const T mag_r = e ? static_cast<T>(mag * std::ldexp(1.0, e)) : mag;
        Fwht(1, n2, y, n2);
        T* o = out + r * ldo;
        for (size_t i = 0; i < k; ++i) o[i] = y[h.rows[i]] * mag_r;
      }
    }
  });
  return SKM_OK;
}

#define SKM_SRHT_INSTANTIATE(T)                                               \
  template skm_status SrhtDense<T>(const Spec&, uint64_t, uint64_t, T*,       \
                                   size_t);                                   \
  template skm_status SrhtApply<T>(const Spec&, uint64_t, size_t, size_t,     \
                                   const T*, size_t, const Csr<T>*, T*,       \
                                   size_t);                                   \
  template skm_status SrhtProject<T>(const Spec&, size_t, const T*, size_t,   \
                                     const Csr<T>*, T*, size_t);
SKM_SRHT_INSTANTIATE(float)
SKM_SRHT_INSTANTIATE(double)
#undef SKM_SRHT_INSTANTIATE

}  // namespace sketch
}  // namespace skm
