// The sparse sketches: sparse sign (CountSketch is nnz = 1), very sparse, and
// TensorSketch seen as a CountSketch of [0, n^degree). S is never formed:
// its structure (for each column, the nonzero rows and their signs, no
// values: all nonzeros of one operator share one magnitude) is generated
// from the seed for a block of columns at a time (sketch_def.h), so memory
// is O(block) whatever n is.
//
// Sums are kept unscaled (sign * x added, an exact product) and multiplied by
// the operator's magnitude once at the end. Every output entry is summed over
// the columns of S in a fixed order (rising; in dense project as two
// interleaved partial sums, even- and odd-numbered nonzeros of the row of S),
// whichever thread computes it, so results do not depend on the thread count.
//
//   apply   S B, B dense: tasks own column chunks of the k x d output (whole
//           rows while k x d fits L3); for each row j of B, each nonzero
//           (r, s) of column j of S adds s B[j, :] to out[r, :] (contiguous,
//           vectorized along d).
//   apply   S B, B CSR: tasks own row ranges of the output.
//   project X S^T, X dense: S's block (<= 4096 columns) is re-sorted by rows;
//           tasks own tiles of 32 rows of X; a tile is transposed (4 x 4
//           blocks, L1-sized column chunks) so that each row of S sums its
//           columns of the tile in registers and is stored once; the k x 32
//           result is transposed into out. The next tile is prefetched while
//           a tile is summed.
//   project X S^T, X CSR: tasks own rows of X (scalar scatter).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "parallel.h"
#include "sketch_internal.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "sparse_sign.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

#ifndef SKETCHMAT_SPARSE_SIGN_ONCE_
#define SKETCHMAT_SPARSE_SIGN_ONCE_
namespace skm {
namespace sketch {

// Columns j0 .. j0+count-1 of S in compressed-column form: the nonzeros of
// column q are e in [ptr[q], ptr[q+1]), at row[e], with sign sign[e] (+-1).
template <typename T>
struct Columns {
  size_t count;
  const uint32_t* ptr;
  const uint32_t* row;
  const T* sign;
};

// The same block by rows of S: the nonzeros of row i are e in
// [ptr[i], ptr[i+1]), at local column col[e] (rising), sign sign[e].
template <typename T>
struct Rows {
  const uint32_t* ptr;
  const uint32_t* col;
  const T* sign;
};

constexpr size_t kTile = 32;  // rows of X per project tile
// Columns per project block: the tile's transposed slice (kProjectCols x
// kTile) stays within L2.
constexpr size_t kProjectCols = 4096;

}  // namespace sketch
}  // namespace skm
#endif  // SKETCHMAT_SPARSE_SIGN_ONCE_

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

// y[0:n] += s * x[0:n] with s = +-1: the product is exact, so a fused or
// unfused multiply-add gives the same bits on every target.
template <typename T>
HWY_INLINE HWY_ATTR void AxpySign(T s, const T* HWY_RESTRICT x,
                                  T* HWY_RESTRICT y, size_t n) {
  size_t i = 0;
#if HWY_TARGET != HWY_SCALAR
  if constexpr (sizeof(T) == 4 || HWY_HAVE_FLOAT64) {
    const hn::ScalableTag<T> d;
    const size_t L = hn::Lanes(d);
    const auto vs = hn::Set(d, s);
    for (; i + L <= n; i += L) {
      hn::StoreU(hn::MulAdd(vs, hn::LoadU(d, x + i), hn::LoadU(d, y + i)), d,
                 y + i);
    }
  }
#endif
  for (; i < n; ++i) y[i] = y[i] + s * x[i];
}

// dst (cols x rows, leading dimension ldd) = src^T (src rows x cols, lds),
// in 4 x 4 blocks of 128-bit vectors where the target has them.
template <typename T>
HWY_INLINE HWY_ATTR void Transpose(const T* HWY_RESTRICT src, size_t lds,
                                   size_t rows, size_t cols, T* HWY_RESTRICT dst,
                                   size_t ldd) {
  size_t r0 = 0;
#if HWY_TARGET != HWY_SCALAR
  if constexpr (sizeof(T) == 4) {
    // Column chunks of 64 so the destination lines being filled stay in L1.
    const hn::Full128<T> d;
    const size_t full = rows / 4 * 4;
    for (size_t c0 = 0; c0 < cols; c0 += 64) {
    const size_t c1 = cols - c0 < 64 ? cols : c0 + 64;
    for (r0 = 0; r0 < full; r0 += 4) {
      const T* a = src + r0 * lds;
      size_t c = c0;
      for (; c + 4 <= c1; c += 4) {
        const auto va = hn::LoadU(d, a + c), vb = hn::LoadU(d, a + lds + c);
        const auto vc = hn::LoadU(d, a + 2 * lds + c);
        const auto vd = hn::LoadU(d, a + 3 * lds + c);
        const auto t0 = hn::InterleaveLower(d, va, vb);  // a0 b0 a1 b1
        const auto t1 = hn::InterleaveLower(d, vc, vd);  // c0 d0 c1 d1
        const auto t2 = hn::InterleaveUpper(d, va, vb);  // a2 b2 a3 b3
        const auto t3 = hn::InterleaveUpper(d, vc, vd);  // c2 d2 c3 d3
        T* o = dst + c * ldd + r0;
        hn::StoreU(hn::ConcatLowerLower(d, t1, t0), d, o);
        hn::StoreU(hn::ConcatUpperUpper(d, t1, t0), d, o + ldd);
        hn::StoreU(hn::ConcatLowerLower(d, t3, t2), d, o + 2 * ldd);
        hn::StoreU(hn::ConcatUpperUpper(d, t3, t2), d, o + 3 * ldd);
      }
      for (; c < c1; ++c) {
        for (size_t r = r0; r < r0 + 4; ++r) dst[c * ldd + r] = src[r * lds + c];
      }
    }
    }
    r0 = full;
  }
#endif
  for (size_t r = r0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) dst[c * ldd + r] = src[r * lds + c];
  }
}

template <typename T>
HWY_ATTR void ApplyChunkT(const sketch::Columns<T>& c, const T* B, size_t ldb,
                          size_t w, T* out, size_t ldo) {
  for (size_t q = 0; q < c.count; ++q) {
    const T* b = B + q * ldb;
    for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
      AxpySign(c.sign[e], b, out + static_cast<size_t>(c.row[e]) * ldo, w);
    }
  }
}

// One tile of `rows` <= kTile rows of X (X at the block's first column):
// the tile's `count` columns are transposed into xt (count x kTile), then
// each row i of S (its nonzeros listed by r: local column, sign, columns
// rising) sums its columns of xt in registers -- two partial sums, even and
// odd entries, added at the end -- and stores once into acc (k x kTile),
// which is transposed into out. With `accumulate`, out's rows hold earlier
// blocks' sums and are continued. Loads are cheap and stores are not: this
// order makes one store per output vector instead of one per nonzero.
template <typename T>
HWY_ATTR void ProjectTileT(const sketch::Rows<T>& rs, size_t k, size_t count,
                           const T* X, size_t ldx, size_t rows,
                           bool accumulate, T* xt, T* acc, T* out,
                           size_t ldo, const T* next, size_t next_rows) {
  using sketch::kTile;
  if (rows < kTile) {
    for (size_t j = 0; j < count * kTile; ++j) xt[j] = T(0);
  }
  Transpose(X, ldx, rows, count, xt, kTile);
  if (accumulate) {
    for (size_t i = 0; i < k * kTile; ++i) acc[i] = T(0);
    Transpose(out, ldo, rows, k, acc, kTile);
  }
  const uint32_t* HWY_RESTRICT ptr = rs.ptr;
  const uint32_t* HWY_RESTRICT col = rs.col;
  const T* HWY_RESTRICT sign = rs.sign;
#if HWY_TARGET != HWY_SCALAR
  if constexpr (sizeof(T) == 4 || HWY_HAVE_FLOAT64) {
    const hn::ScalableTag<T> d;
    const size_t L = hn::Lanes(d);
    if (kTile % L == 0 && kTile / L == kTile / hn::MaxLanes(d)) {
      constexpr size_t kL = hn::MaxLanes(d);
      constexpr size_t kNV = kTile / kL > 0 ? kTile / kL : 1;
      // kNV vectors per row of the tile, each with two partial sums (even
      // and odd entries): 2 kNV independent chains hide the multiply-add
      // latency; the index and sign of an entry are loaded once.
      // While the tile is summed (no memory traffic of its own), prefetch
      // the next tile of X a few lines per row of S, so X keeps streaming.
      constexpr size_t kLine = 64 / sizeof(T);
      const size_t line_per_row = (count + kLine - 1) / kLine;
      const size_t lines = next ? next_rows * line_per_row : 0;
      const size_t per_i = k ? (lines + k - 1) / k : 0;
      size_t q = 0;
      for (size_t i = 0; i < k; ++i) {
        for (size_t p = 0; p < per_i && q < lines; ++p, ++q) {
          const size_t r = q / line_per_row, c = q - r * line_per_row;
          __builtin_prefetch(next + r * ldx + c * kLine);
        }
        T* a = acc + i * kTile;
        const uint32_t e1 = ptr[i + 1];
        hn::Vec<decltype(d)> s0[kNV], s1[kNV];
        for (size_t v = 0; v < kNV; ++v) {
          s0[v] = accumulate ? hn::LoadU(d, a + v * L) : hn::Zero(d);
          s1[v] = hn::Zero(d);
        }
        uint32_t e = ptr[i];
        for (; e + 1 < e1; e += 2) {
          const auto g0 = hn::Set(d, sign[e]), g1 = hn::Set(d, sign[e + 1]);
          const T* x0 = xt + size_t{col[e]} * kTile;
          const T* x1 = xt + size_t{col[e + 1]} * kTile;
          for (size_t v = 0; v < kNV; ++v) {
            s0[v] = hn::MulAdd(g0, hn::LoadU(d, x0 + v * L), s0[v]);
            s1[v] = hn::MulAdd(g1, hn::LoadU(d, x1 + v * L), s1[v]);
          }
        }
        if (e < e1) {
          const auto g0 = hn::Set(d, sign[e]);
          const T* x0 = xt + size_t{col[e]} * kTile;
          for (size_t v = 0; v < kNV; ++v) {
            s0[v] = hn::MulAdd(g0, hn::LoadU(d, x0 + v * L), s0[v]);
          }
        }
        for (size_t v = 0; v < kNV; ++v) hn::StoreU(hn::Add(s0[v], s1[v]), d, a + v * L);
      }
      Transpose(acc, kTile, k, rows, out, ldo);
      return;
    }
  }
#endif
  for (size_t i = 0; i < k; ++i) {  // the same sums, lane by lane
    T* a = acc + i * kTile;
    for (size_t v = 0; v < kTile; ++v) {
      T s0 = accumulate ? a[v] : T(0), s1 = T(0);
      uint32_t e = ptr[i];
      for (; e + 1 < ptr[i + 1]; e += 2) {
        s0 = s0 + sign[e] * xt[size_t{col[e]} * kTile + v];
        s1 = s1 + sign[e + 1] * xt[size_t{col[e + 1]} * kTile + v];
      }
      if (e < ptr[i + 1]) s0 = s0 + sign[e] * xt[size_t{col[e]} * kTile + v];
      a[v] = s0 + s1;
    }
  }
  Transpose(acc, kTile, k, rows, out, ldo);
}

void ApplyChunkF32(const sketch::Columns<float>& c, const float* B, size_t ldb,
                   size_t w, float* out, size_t ldo) {
  ApplyChunkT(c, B, ldb, w, out, ldo);
}
void ApplyChunkF64(const sketch::Columns<double>& c, const double* B,
                   size_t ldb, size_t w, double* out, size_t ldo) {
  ApplyChunkT(c, B, ldb, w, out, ldo);
}
void ProjectTileF32(const sketch::Rows<float>& r, size_t k, size_t count,
                    const float* X, size_t ldx, size_t rows, bool accumulate,
                    float* xt, float* acc, float* out, size_t ldo,
                    const float* next, size_t next_rows) {
  ProjectTileT(r, k, count, X, ldx, rows, accumulate, xt, acc, out, ldo, next,
               next_rows);
}
void ProjectTileF64(const sketch::Rows<double>& r, size_t k, size_t count,
                    const double* X, size_t ldx, size_t rows, bool accumulate,
                    double* xt, double* acc, double* out, size_t ldo,
                    const double* next, size_t next_rows) {
  ProjectTileT(r, k, count, X, ldx, rows, accumulate, xt, acc, out, ldo, next,
               next_rows);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
namespace sketch {

HWY_EXPORT(ApplyChunkF32);
HWY_EXPORT(ApplyChunkF64);
HWY_EXPORT(ProjectTileF32);
HWY_EXPORT(ProjectTileF64);

namespace {

void ApplyChunk(const Columns<float>& c, const float* B, size_t ldb, size_t w,
                float* out, size_t ldo) {
  HWY_DYNAMIC_DISPATCH(ApplyChunkF32)(c, B, ldb, w, out, ldo);
}
void ApplyChunk(const Columns<double>& c, const double* B, size_t ldb,
                size_t w, double* out, size_t ldo) {
  HWY_DYNAMIC_DISPATCH(ApplyChunkF64)(c, B, ldb, w, out, ldo);
}
void ProjectTile(const Rows<float>& r, size_t k, size_t count, const float* X,
                 size_t ldx, size_t rows, bool acc_in, float* xt, float* acc,
                 float* out, size_t ldo, const float* next, size_t next_rows) {
  HWY_DYNAMIC_DISPATCH(ProjectTileF32)(r, k, count, X, ldx, rows, acc_in, xt,
                                       acc, out, ldo, next, next_rows);
}
void ProjectTile(const Rows<double>& r, size_t k, size_t count,
                 const double* X, size_t ldx, size_t rows, bool acc_in,
                 double* xt, double* acc, double* out, size_t ldo,
                 const double* next, size_t next_rows) {
  HWY_DYNAMIC_DISPATCH(ProjectTileF64)(r, k, count, X, ldx, rows, acc_in, xt,
                                       acc, out, ldo, next, next_rows);
}

// Structure entries generated per block; ~10 MB of scratch at most.
constexpr size_t kMaxBlockEntries = size_t{1} << 20;

// The magnitude shared by all nonzeros of S.
double Magnitude(const Spec& s) {
  switch (s.kind) {
    case SKM_SKETCH_SPARSE_SIGN:
      return SparseSignValue(static_cast<uint32_t>(s.param));
    case SKM_SKETCH_VERY_SPARSE:
      return VerySparseValue(static_cast<uint32_t>(s.k), s.param);
    default:  // TensorSketch
      return 1.0;
  }
}

// Columns of S a block holds.
size_t BlockColumns(const Spec& s) {
  double per_col = 1.0;
  if (s.kind == SKM_SKETCH_SPARSE_SIGN) per_col = s.param;
  if (s.kind == SKM_SKETCH_VERY_SPARSE) per_col = s.param * s.k + 1.0;
  const double c = static_cast<double>(kMaxBlockEntries) / per_col;
  return c < 1.0 ? 1 : static_cast<size_t>(c);
}

// Per-factor hashes of TensorSketch: row[t * n + j], negative likewise.
struct TensorTables {
  uint32_t* row = nullptr;
  uint8_t* neg = nullptr;
  ~TensorTables() {
    std::free(row);
    std::free(neg);
  }
  bool Make(const Spec& s) {
    const size_t degree = static_cast<size_t>(s.param);
    const size_t n = static_cast<size_t>(s.n);
    row = static_cast<uint32_t*>(std::malloc((degree * n + 1) * 4));
    neg = static_cast<uint8_t*>(std::malloc(degree * n + 1));
    if (!row || !neg) return false;
    for (size_t t = 0; t < degree; ++t) {
      for (size_t j = 0; j < n; ++j) {
        TensorHash(s.key, static_cast<uint32_t>(s.k), static_cast<uint32_t>(t),
                   static_cast<uint32_t>(j), &row[t * n + j], &neg[t * n + j]);
      }
    }
    return true;
  }
};

// One block of S's structure, owned.
template <typename T>
class Block {
 public:
  ~Block() { Release(); }
  const Columns<T>& view() const { return view_; }

  // Generates columns j0 .. j0+count-1 of S.
  skm_status Make(const Spec& s, const TensorTables& tt, uint64_t j0,
                  size_t count) {
    Release();
    ptr_ = static_cast<uint32_t*>(std::malloc((count + 1) * 4));
    if (!ptr_) return SKM_ENOMEM;
    // Generation tasks: independent column ranges.
    const size_t tasks = count < 256 ? 1 : (count + 255) / 256;
    const uint32_t k = static_cast<uint32_t>(s.k);
    if (s.kind == SKM_SKETCH_SPARSE_SIGN) {
      const uint32_t nnz = static_cast<uint32_t>(s.param);
      const size_t total = count * nnz;
      if (!Alloc(total)) return SKM_ENOMEM;
      for (size_t q = 0; q <= count; ++q) ptr_[q] = static_cast<uint32_t>(q * nnz);
      const size_t workers = tasks < 64 ? tasks : 64;
      uint8_t* seen = static_cast<uint8_t*>(std::calloc(workers * (k + 1), 1));
      uint8_t* negs = static_cast<uint8_t*>(std::malloc(total + 1));
      if (!seen || !negs) {
        std::free(seen);
        std::free(negs);
        return SKM_ENOMEM;
      }
      ParallelFor(workers, [&](size_t w) {
        for (size_t t = w; t < tasks; t += workers) {
          const size_t q1 = (t + 1) * 256 < count ? (t + 1) * 256 : count;
          for (size_t q = t * 256; q < q1; ++q) {
            SparseSignColumn(s.key, k, nnz, static_cast<uint32_t>(j0 + q),
                             seen + w * (k + 1), row_ + q * nnz,
                             negs + q * nnz);
          }
        }
      });
      for (size_t e = 0; e < total; ++e) sign_[e] = negs[e] ? T(-1) : T(1);
      std::free(seen);
      std::free(negs);
    } else if (s.kind == SKM_SKETCH_VERY_SPARSE) {
      // Count, then fill: the walk is cheap (about k p + 1 Philox blocks).
      ptr_[0] = 0;
      ParallelFor(tasks, [&](size_t t) {
        const size_t q1 = (t + 1) * 256 < count ? (t + 1) * 256 : count;
        for (size_t q = t * 256; q < q1; ++q) {
          uint32_t c = 0;
          VerySparseColumn(s.key, k, s.param, static_cast<uint32_t>(j0 + q),
                           [&](uint32_t, uint8_t) { ++c; });
          ptr_[q + 1] = c;
        }
      });
      for (size_t q = 0; q < count; ++q) ptr_[q + 1] += ptr_[q];
      if (!Alloc(ptr_[count])) return SKM_ENOMEM;
      ParallelFor(tasks, [&](size_t t) {
        const size_t q1 = (t + 1) * 256 < count ? (t + 1) * 256 : count;
        for (size_t q = t * 256; q < q1; ++q) {
          uint32_t e = ptr_[q];
          VerySparseColumn(s.key, k, s.param, static_cast<uint32_t>(j0 + q),
                           [&](uint32_t r, uint8_t neg) {
                             row_[e] = r;
                             sign_[e] = neg ? T(-1) : T(1);
                             ++e;
                           });
        }
      });
    } else {  // TensorSketch: column J has one nonzero
      if (!Alloc(count)) return SKM_ENOMEM;
      const uint64_t n = s.n;
      const size_t degree = static_cast<size_t>(s.param);
      for (size_t q = 0; q < count; ++q) {
        uint64_t J = j0 + q, sum = 0;
        uint8_t neg = 0;
        for (size_t t = degree; t-- > 0;) {  // last factor = least significant
          const uint64_t j = J % n;
          J /= n;
          sum += tt.row[t * n + j];
          neg ^= tt.neg[t * n + j];
        }
        ptr_[q] = static_cast<uint32_t>(q);
        row_[q] = static_cast<uint32_t>(sum % s.k);
        sign_[q] = neg ? T(-1) : T(1);
      }
      ptr_[count] = static_cast<uint32_t>(count);
    }
    view_ = Columns<T>{count, ptr_, row_, sign_};
    return SKM_OK;
  }

 private:
  bool Alloc(size_t entries) {
    row_ = static_cast<uint32_t*>(std::malloc((entries + 1) * 4));
    sign_ = static_cast<T*>(std::malloc((entries + 1) * sizeof(T)));
    return row_ && sign_;
  }
  void Release() {
    std::free(ptr_);
    std::free(row_);
    std::free(sign_);
    ptr_ = row_ = nullptr;
    sign_ = nullptr;
  }
  uint32_t* ptr_ = nullptr;
  uint32_t* row_ = nullptr;
  T* sign_ = nullptr;
  Columns<T> view_{0, nullptr, nullptr, nullptr};
};

template <typename T>
void ScaleBlock(T* out, size_t rows, size_t cols, size_t ldo, T scale) {
  if (scale == T(1)) return;
  ParallelFor((rows + 63) / 64, [&](size_t t) {
    const size_t r1 = (t + 1) * 64 < rows ? (t + 1) * 64 : rows;
    for (size_t r = t * 64; r < r1; ++r) {
      T* o = out + r * ldo;
      for (size_t c = 0; c < cols; ++c) o[c] = o[c] * scale;
    }
  });
}

// Calls body(j0, block) for consecutive blocks covering columns
// [first, first + count) of S.
template <typename T, typename Body>
skm_status ForEachBlock(const Spec& s, uint64_t first, uint64_t count,
                        Body&& body, size_t max_cols = ~size_t{0}) {
  TensorTables tt;
  if (s.kind == SKM_SKETCH_TENSOR && !tt.Make(s)) return SKM_ENOMEM;
  size_t per = BlockColumns(s);
  if (per > max_cols) per = max_cols;
  Block<T> block;
  for (uint64_t done = 0; done < count;) {
    const size_t m = count - done < per ? static_cast<size_t>(count - done) : per;
    const skm_status st = block.Make(s, tt, first + done, m);
    if (st != SKM_OK) return st;
    body(done, block.view());
    done += m;
  }
  return SKM_OK;
}

}  // namespace

template <typename T>
skm_status SparseDense(const Spec& s, uint64_t col0, uint64_t cols, T* out,
                       size_t ldo) {
  const T mag = static_cast<T>(Magnitude(s));
  // Each block's columns are cleared only once its structure exists, so a
  // failed first allocation leaves out untouched.
  return ForEachBlock<T>(s, col0, cols, [&](uint64_t c0, const Columns<T>& c) {
    ZeroBlock(out + c0, static_cast<size_t>(s.k), c.count, ldo);
    for (size_t q = 0; q < c.count; ++q) {
      for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
        out[static_cast<size_t>(c.row[e]) * ldo + c0 + q] = c.sign[e] * mag;
      }
    }
  });
}

template <typename T>
skm_status SparseApply(const Spec& s, uint64_t row0, size_t rows, size_t d,
                       const T* B, size_t ldb, T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  ZeroBlock(out, k, d, ldo);
  // Output chunks of w columns. Whole rows of B while the k x d output
  // fits in L3 (~8 MB): B is then streamed once, sequentially, and the rows
  // of out that each nonzero touches are contiguous. Otherwise chunks whose
  // k x w output slab fits in L2. Then split further so every thread has a
  // chunk (sums do not depend on the split).
  size_t w = d;
  if (k * d * sizeof(T) > (size_t{8} << 20)) {
    w = (size_t{1} << 20) / (sizeof(T) * (k ? k : 1));
    w = w < 16 ? 16 : (w / 16) * 16;
  }
  const size_t threads = static_cast<size_t>(Threads());
  if (threads > 1 && (d + w - 1) / w < threads) {
    const size_t per = (d + threads - 1) / threads;
    w = per < 16 ? 16 : (per + 15) / 16 * 16;
  }
  if (w > d) w = d;
  const size_t chunks = w ? (d + w - 1) / w : 0;
  const skm_status st = ForEachBlock<T>(
      s, row0, rows, [&](uint64_t r0, const Columns<T>& c) {
        ParallelFor(chunks, [&](size_t t) {
          const size_t c0 = t * w, cw = d - c0 < w ? d - c0 : w;
          ApplyChunk(c, B + r0 * ldb + c0, ldb, cw, out + c0, ldo);
        });
      });
  if (st != SKM_OK) return st;
  ScaleBlock(out, k, d, ldo, static_cast<T>(Magnitude(s)));
  return SKM_OK;
}

template <typename T>
skm_status SparseApplyCsr(const Spec& s, uint64_t row0, size_t rows, size_t d,
                          const Csr<T>& B, T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  ZeroBlock(out, k, d, ldo);
  const size_t span = 64, tasks = (k + span - 1) / span;
  const skm_status st = ForEachBlock<T>(
      s, row0, rows, [&](uint64_t r0, const Columns<T>& c) {
        ParallelFor(tasks, [&](size_t t) {
          const uint32_t lo = static_cast<uint32_t>(t * span);
          const uint32_t hi = static_cast<uint32_t>(
              (t + 1) * span < k ? (t + 1) * span : k);
          for (size_t q = 0; q < c.count; ++q) {
            const size_t j = static_cast<size_t>(r0) + q;
            const int32_t p0 = B.indptr[j], p1 = B.indptr[j + 1];
            for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
              const uint32_t r = c.row[e];
              if (r < lo || r >= hi) continue;
              T* o = out + static_cast<size_t>(r) * ldo;
              const T sg = c.sign[e];
              for (int32_t p = p0; p < p1; ++p) {
                o[B.indices[p]] = o[B.indices[p]] + sg * B.data[p];
              }
            }
          }
        });
      });
  if (st != SKM_OK) return st;
  ScaleBlock(out, k, d, ldo, static_cast<T>(Magnitude(s)));
  return SKM_OK;
}

template <typename T>
skm_status SparseProject(const Spec& s, size_t N, const T* X, size_t ldx,
                         T* out, size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  const size_t tiles = (N + kTile - 1) / kTile;
  const size_t maxc = s.n < kProjectCols ? static_cast<size_t>(s.n) : kProjectCols;
  // Scratch per worker: a k x kTile accumulator and the maxc x kTile
  // transposed slice; tiles are strided over workers. Plus S's block by rows.
  size_t workers = static_cast<size_t>(Threads());
  if (workers > tiles) workers = tiles ? tiles : 1;
  const size_t per = (k + maxc) * kTile;
  T* scratch = static_cast<T*>(std::malloc(workers * per * sizeof(T)));
  uint32_t* rptr = static_cast<uint32_t*>(std::malloc((k + 2) * 4));
  if (!scratch || !rptr) {
    std::free(scratch);
    std::free(rptr);
    return SKM_ENOMEM;
  }
  uint32_t* rcol = nullptr;
  T* rsign = nullptr;
  bool first = true, oom = false;
  const skm_status st = ForEachBlock<T>(
      s, 0, s.n,
      [&](uint64_t j0, const Columns<T>& c) {
        if (oom) return;
        // Counting sort of the block's nonzeros by row, columns rising.
        const uint32_t entries = c.ptr[c.count];
        std::free(rcol);
        std::free(rsign);
        rcol = static_cast<uint32_t*>(std::malloc((entries + 1) * 4));
        rsign = static_cast<T*>(std::malloc((entries + 1) * sizeof(T)));
        if (!rcol || !rsign) {
          oom = true;
          return;
        }
        for (size_t i = 0; i <= k + 1; ++i) rptr[i] = 0;
        for (uint32_t e = 0; e < entries; ++e) ++rptr[c.row[e] + 2];
        for (size_t i = 2; i <= k + 1; ++i) rptr[i] += rptr[i - 1];
        for (size_t q = 0; q < c.count; ++q) {
          for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
            const uint32_t at = rptr[c.row[e] + 1]++;
            rcol[at] = static_cast<uint32_t>(q);
            rsign[at] = c.sign[e];
          }
        }
        const Rows<T> rs{rptr, rcol, rsign};
        ParallelFor(workers, [&](size_t w) {
          T* acc = scratch + w * per;
          T* xt = acc + k * kTile;
          for (size_t t = w; t < tiles; t += workers) {
            const size_t r0 = t * kTile;
            const size_t rows = N - r0 < kTile ? N - r0 : kTile;
            const size_t n0 = r0 + workers * kTile;  // this worker's next tile
            const size_t nrows = n0 < N ? (N - n0 < kTile ? N - n0 : kTile) : 0;
            ProjectTile(rs, k, c.count, X + r0 * ldx + j0, ldx, rows, !first,
                        xt, acc, out + r0 * ldo, ldo,
                        nrows ? X + n0 * ldx + j0 : nullptr, nrows);
          }
        });
        first = false;
      },
      kProjectCols);
  std::free(scratch);
  std::free(rptr);
  std::free(rcol);
  std::free(rsign);
  if (st != SKM_OK) return st;
  if (oom) return SKM_ENOMEM;
  if (first) ZeroBlock(out, N, k, ldo);  // n = 0: S X^T is all zeros
  ScaleBlock(out, N, k, ldo, static_cast<T>(Magnitude(s)));
  return SKM_OK;
}

template <typename T>
skm_status SparseProjectCsr(const Spec& s, size_t N, const Csr<T>& X, T* out,
                            size_t ldo) {
  const size_t k = static_cast<size_t>(s.k);
  ZeroBlock(out, N, k, ldo);
  const size_t span = 64, tasks = (N + span - 1) / span;
  const skm_status st = ForEachBlock<T>(
      s, 0, s.n, [&](uint64_t j0, const Columns<T>& c) {
        ParallelFor(tasks, [&](size_t t) {
          const size_t i1 = (t + 1) * span < N ? (t + 1) * span : N;
          for (size_t i = t * span; i < i1; ++i) {
            T* o = out + i * ldo;
            for (int32_t p = X.indptr[i]; p < X.indptr[i + 1]; ++p) {
              const uint64_t j = static_cast<uint64_t>(X.indices[p]);
              if (j < j0 || j >= j0 + c.count) continue;
              const size_t q = static_cast<size_t>(j - j0);
              const T v = X.data[p];
              for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
                o[c.row[e]] = o[c.row[e]] + c.sign[e] * v;
              }
            }
          }
        });
      });
  if (st != SKM_OK) return st;
  ScaleBlock(out, N, k, ldo, static_cast<T>(Magnitude(s)));
  return SKM_OK;
}

#define SKM_SPARSE_INSTANTIATE(T)                                             \
  template skm_status SparseDense<T>(const Spec&, uint64_t, uint64_t, T*,     \
                                     size_t);                                 \
  template skm_status SparseApply<T>(const Spec&, uint64_t, size_t, size_t,   \
                                     const T*, size_t, T*, size_t);           \
  template skm_status SparseApplyCsr<T>(const Spec&, uint64_t, size_t,        \
                                        size_t, const Csr<T>&, T*, size_t);   \
  template skm_status SparseProject<T>(const Spec&, size_t, const T*, size_t, \
                                       T*, size_t);                           \
  template skm_status SparseProjectCsr<T>(const Spec&, size_t, const Csr<T>&, \
                                          T*, size_t);
SKM_SPARSE_INSTANTIATE(float)
SKM_SPARSE_INSTANTIATE(double)
#undef SKM_SPARSE_INSTANTIATE

}  // namespace sketch
}  // namespace skm
#endif  // HWY_ONCE
