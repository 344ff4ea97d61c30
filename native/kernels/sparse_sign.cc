// The sparse sketches: sparse sign (CountSketch is nnz = 1), very sparse, and
// TensorSketch seen as a CountSketch of [0, n^degree). S is never formed:
// its structure (for each column, the nonzero rows and their signs, no
// values: all nonzeros of one operator share one magnitude) is generated
// from the seed for a block of columns at a time (sketch_def.h), so memory
// is O(block) whatever n is.
//
// Sums are kept unscaled (sign * x added, an exact product) and multiplied by
// the operator's magnitude once at the end. Every output entry is summed over
// the columns of S in a fixed order (rising; in dense project the row of S's
// positive and negative nonzeros in separate sums, each in four interleaved
// partials, see ProjectTileT), whichever thread computes it, so results do
// not depend on the thread count.
//
//   apply   S B, B dense: tasks own column chunks of the k x d output (whole
//           rows while k x d fits L3); for each row j of B, each nonzero
//           (r, s) of column j of S adds s B[j, :] to out[r, :] (contiguous,
//           vectorized along d).
//   apply   S B, B CSR: tasks own row ranges of the output.
//   project X S^T, X dense: S's block (<= 4096 columns) is re-sorted by row
//           and sign; tasks own tiles of 32 rows of X; a tile is transposed
//           (8 x 8 blocks on AVX2 / AVX-512, 4 x 4 elsewhere, L1-sized
//           column chunks) so that each row of S sums its columns of the tile
//           in registers and is stored once, scaled; the k x 32 result is
//           transposed into out. The next tile is prefetched while a tile is
//           summed. A tile of one or two rows is summed in scalar code in
//           the same order instead (SmallTile). For n <= 4096 the sorted
//           structure is kept across calls (sketch_memo.h).
//   project X S^T, X CSR: tasks own rows of X (scalar scatter).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "alloc.h"
#include "parallel.h"
#include "sketch_internal.h"
#include "sketch_memo.h"

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

// The same block by rows of S, each row's nonzeros split by sign: row i's
// positive entries are e in [ptr[2i], ptr[2i+1]), its negative ones
// [ptr[2i+1], ptr[2i+2]), each list in rising column order; off[e] is the
// entry's column times kTile (its offset in the transposed tile).
struct Rows {
  const uint32_t* ptr;
  const uint32_t* off;
};

constexpr size_t kTile = 32;  // rows of X per project tile
constexpr size_t kRowChunk = 2048;  // rows of S per project accumulator
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

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
// One square block of 256-bit vectors transposed: 8 x 8 for f32, 4 x 4 for
// f64 (AVX2 and AVX-512 targets; AVX-512 uses the 256-bit halves, whose
// shuffles are cheaper). Three (f32) or two (f64) rounds of interleaves: one
// load and one store per vector instead of two of each with 128-bit blocks.
template <typename T>
HWY_INLINE HWY_ATTR void TransposeSquare256(const T* HWY_RESTRICT a, size_t lda,
                                            T* HWY_RESTRICT o, size_t ldo) {
  const hn::Simd<T, 32 / sizeof(T), 0> d;
  if constexpr (sizeof(T) == 4) {
    const hn::Repartition<double, decltype(d)> d64;
    const auto r0 = hn::LoadU(d, a), r1 = hn::LoadU(d, a + lda);
    const auto r2 = hn::LoadU(d, a + 2 * lda), r3 = hn::LoadU(d, a + 3 * lda);
    const auto r4 = hn::LoadU(d, a + 4 * lda), r5 = hn::LoadU(d, a + 5 * lda);
    const auto r6 = hn::LoadU(d, a + 6 * lda), r7 = hn::LoadU(d, a + 7 * lda);
    // Per 128-bit half: pairs of rows interleaved (a0 b0 a1 b1 | a4 b4 a5 b5).
    const auto t0 = hn::BitCast(d64, hn::InterleaveLower(d, r0, r1));
    const auto t1 = hn::BitCast(d64, hn::InterleaveUpper(d, r0, r1));
    const auto t2 = hn::BitCast(d64, hn::InterleaveLower(d, r2, r3));
    const auto t3 = hn::BitCast(d64, hn::InterleaveUpper(d, r2, r3));
    const auto t4 = hn::BitCast(d64, hn::InterleaveLower(d, r4, r5));
    const auto t5 = hn::BitCast(d64, hn::InterleaveUpper(d, r4, r5));
    const auto t6 = hn::BitCast(d64, hn::InterleaveLower(d, r6, r7));
    const auto t7 = hn::BitCast(d64, hn::InterleaveUpper(d, r6, r7));
    // Then pairs of pairs (a0 b0 c0 d0 | a4 b4 c4 d4), then the halves.
    const auto u0 = hn::BitCast(d, hn::InterleaveLower(d64, t0, t2));
    const auto u1 = hn::BitCast(d, hn::InterleaveUpper(d64, t0, t2));
    const auto u2 = hn::BitCast(d, hn::InterleaveLower(d64, t1, t3));
    const auto u3 = hn::BitCast(d, hn::InterleaveUpper(d64, t1, t3));
    const auto u4 = hn::BitCast(d, hn::InterleaveLower(d64, t4, t6));
    const auto u5 = hn::BitCast(d, hn::InterleaveUpper(d64, t4, t6));
    const auto u6 = hn::BitCast(d, hn::InterleaveLower(d64, t5, t7));
    const auto u7 = hn::BitCast(d, hn::InterleaveUpper(d64, t5, t7));
    hn::StoreU(hn::ConcatLowerLower(d, u4, u0), d, o);
    hn::StoreU(hn::ConcatLowerLower(d, u5, u1), d, o + ldo);
    hn::StoreU(hn::ConcatLowerLower(d, u6, u2), d, o + 2 * ldo);
    hn::StoreU(hn::ConcatLowerLower(d, u7, u3), d, o + 3 * ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, u4, u0), d, o + 4 * ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, u5, u1), d, o + 5 * ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, u6, u2), d, o + 6 * ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, u7, u3), d, o + 7 * ldo);
  } else {
    const auto r0 = hn::LoadU(d, a), r1 = hn::LoadU(d, a + lda);
    const auto r2 = hn::LoadU(d, a + 2 * lda), r3 = hn::LoadU(d, a + 3 * lda);
    const auto t0 = hn::InterleaveLower(d, r0, r1);  // a0 b0 | a2 b2
    const auto t1 = hn::InterleaveUpper(d, r0, r1);  // a1 b1 | a3 b3
    const auto t2 = hn::InterleaveLower(d, r2, r3);
    const auto t3 = hn::InterleaveUpper(d, r2, r3);
    hn::StoreU(hn::ConcatLowerLower(d, t2, t0), d, o);
    hn::StoreU(hn::ConcatLowerLower(d, t3, t1), d, o + ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, t2, t0), d, o + 2 * ldo);
    hn::StoreU(hn::ConcatUpperUpper(d, t3, t1), d, o + 3 * ldo);
  }
}
#endif

// dst (cols x rows, leading dimension ldd) = src^T (src rows x cols, lds),
// in square blocks of vectors where the target has them (256-bit blocks on
// AVX2 / AVX-512, 4 x 4 f32 blocks of 128-bit vectors elsewhere), in column
// chunks of 64 so the destination lines being filled stay in L1.
template <typename T>
HWY_INLINE HWY_ATTR void Transpose(const T* HWY_RESTRICT src, size_t lds,
                                   size_t rows, size_t cols, T* HWY_RESTRICT dst,
                                   size_t ldd) {
  size_t r0 = 0;
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
  constexpr size_t kB = 32 / sizeof(T);
  {
    const size_t full = rows / kB * kB;
    for (size_t c0 = 0; c0 < cols; c0 += 64) {
      const size_t c1 = cols - c0 < 64 ? cols : c0 + 64;
      for (r0 = 0; r0 < full; r0 += kB) {
        const T* a = src + r0 * lds;
        size_t c = c0;
        for (; c + kB <= c1; c += kB) TransposeSquare256(a + c, lds, dst + c * ldd + r0, ldd);
        for (; c < c1; ++c) {
          for (size_t r = r0; r < r0 + kB; ++r) dst[c * ldd + r] = src[r * lds + c];
        }
      }
    }
    r0 = full;
  }
#elif HWY_TARGET != HWY_SCALAR
  if constexpr (sizeof(T) == 4) {
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

// The sums of rows i < kc of S (ptr, off as in Rows, from the chunk's first
// row) over the transposed tile xt (count x kTile). In registers: P = the
// running sum (0, or with `accumulate` the earlier blocks' sums, which acc
// holds) plus the columns of row i's positive entries, N = the sum of the
// columns of its negative ones, each list summed in four partials (its
// entries numbered 0, 1, 2, ... going to partial (number mod 4), the running
// sum starting partial 0, combined as (q0 + q1) + (q2 + q3)); acc's row i
// (kc x kTile) = (P - N) * scale, stored once. prefetch() runs once per row.
// Why this shape: adding or subtracting a column is exactly the +-1
// multiply-add, at one instruction per vector with no sign to load; one
// store per output vector instead of one per nonzero; four partials keep
// eight add chains in flight (two vectors of the tile at a time), enough to
// hide the latency at two adds per cycle.
template <typename T, class Prefetch>
HWY_INLINE HWY_ATTR void SumRowsT(const uint32_t* HWY_RESTRICT ptr,
                                  const uint32_t* HWY_RESTRICT off, size_t kc,
                                  const T* HWY_RESTRICT xt, bool accumulate,
                                  T scale, T* HWY_RESTRICT acc,
                                  Prefetch& prefetch) {
  using sketch::kTile;
#if HWY_TARGET != HWY_SCALAR
  if constexpr (sizeof(T) == 4 || HWY_HAVE_FLOAT64) {
    const hn::ScalableTag<T> d;
    using V = hn::Vec<decltype(d)>;
    constexpr size_t kL = hn::MaxLanes(d);
    if (kTile % (2 * kL) == 0 && hn::Lanes(d) == kL) {
      const V vscale = hn::Set(d, scale);
      // The sum of one list (entries e .. e1) of two vectors at x, in four
      // partials; q0 holds the running sum on entry.
      auto sum = [&](const T* x, uint32_t e, uint32_t e1, V& q0a, V& q0b)
          HWY_ATTR __attribute__((always_inline)) {
        V q1a = hn::Zero(d), q1b = q1a, q2a = q1a, q2b = q1a, q3a = q1a, q3b = q1a;
        for (; e + 3 < e1; e += 4) {
          const T* x0 = x + off[e];
          const T* x1 = x + off[e + 1];
          const T* x2 = x + off[e + 2];
          const T* x3 = x + off[e + 3];
          q0a = hn::Add(q0a, hn::LoadU(d, x0));
          q0b = hn::Add(q0b, hn::LoadU(d, x0 + kL));
          q1a = hn::Add(q1a, hn::LoadU(d, x1));
          q1b = hn::Add(q1b, hn::LoadU(d, x1 + kL));
          q2a = hn::Add(q2a, hn::LoadU(d, x2));
          q2b = hn::Add(q2b, hn::LoadU(d, x2 + kL));
          q3a = hn::Add(q3a, hn::LoadU(d, x3));
          q3b = hn::Add(q3b, hn::LoadU(d, x3 + kL));
        }
        if (e < e1) {
          q0a = hn::Add(q0a, hn::LoadU(d, x + off[e]));
          q0b = hn::Add(q0b, hn::LoadU(d, x + off[e] + kL));
        }
        if (e + 1 < e1) {
          q1a = hn::Add(q1a, hn::LoadU(d, x + off[e + 1]));
          q1b = hn::Add(q1b, hn::LoadU(d, x + off[e + 1] + kL));
        }
        if (e + 2 < e1) {
          q2a = hn::Add(q2a, hn::LoadU(d, x + off[e + 2]));
          q2b = hn::Add(q2b, hn::LoadU(d, x + off[e + 2] + kL));
        }
        q0a = hn::Add(hn::Add(q0a, q1a), hn::Add(q2a, q3a));
        q0b = hn::Add(hn::Add(q0b, q1b), hn::Add(q2b, q3b));
      };
      for (size_t i = 0; i < kc; ++i) {
        prefetch();
        T* a = acc + i * kTile;
        for (size_t v = 0; v < kTile; v += 2 * kL) {  // two vectors at a time
          V pa = accumulate ? hn::LoadU(d, a + v) : hn::Zero(d);
          V pb = accumulate ? hn::LoadU(d, a + v + kL) : hn::Zero(d);
          V na = hn::Zero(d), nb = na;
          sum(xt + v, ptr[2 * i], ptr[2 * i + 1], pa, pb);
          sum(xt + v, ptr[2 * i + 1], ptr[2 * i + 2], na, nb);
          hn::StoreU(hn::Mul(hn::Sub(pa, na), vscale), d, a + v);
          hn::StoreU(hn::Mul(hn::Sub(pb, nb), vscale), d, a + v + kL);
        }
      }
      return;
    }
  }
#endif
  // The same sums without vectors (HWY_SCALAR; f64 on WASM): each entry adds
  // its contiguous row of xt to all kTile lanes of its partial, so the
  // loads run along memory and every lane sees the same adds in the same
  // order as above.
  for (size_t i = 0; i < kc; ++i) {
    prefetch();
    T* a = acc + i * kTile;
    T q[2][4][kTile];  // [positive, negative][partial][lane]
    for (size_t v = 0; v < kTile; ++v) {
      q[0][0][v] = accumulate ? a[v] : T(0);
      q[0][1][v] = q[0][2][v] = q[0][3][v] = T(0);
      q[1][0][v] = q[1][1][v] = q[1][2][v] = q[1][3][v] = T(0);
    }
    for (size_t list = 0; list < 2; ++list) {
      const uint32_t e0 = ptr[2 * i + list], e1 = ptr[2 * i + list + 1];
      for (uint32_t e = e0; e < e1; ++e) {
        T* HWY_RESTRICT p = q[list][(e - e0) & 3];
        const T* HWY_RESTRICT x = xt + off[e];
        for (size_t v = 0; v < kTile; ++v) p[v] = p[v] + x[v];
      }
    }
    for (size_t v = 0; v < kTile; ++v) {
      const T pos = (q[0][0][v] + q[0][1][v]) + (q[0][2][v] + q[0][3][v]);
      const T neg = (q[1][0][v] + q[1][1][v]) + (q[1][2][v] + q[1][3][v]);
      a[v] = (pos - neg) * scale;
    }
  }
}

// One tile of `rows` <= kTile rows of X (X at the block's first column):
// the tile's `count` columns are transposed into xt, the rows of S are
// summed over it (SumRowsT) kRowChunk at a time, so acc stays kRowChunk x
// kTile whatever k is (each output entry is one row of S's sum: the chunking
// changes no bits), and acc is transposed into out. While the sums run (no
// memory traffic of their own) the next tile of X is prefetched, a few lines
// per row of S, so X keeps streaming.
//
// A tile of one or two rows (a service projecting one embedding per call)
// skips the transposes and the 32-lane sums, 31 of whose lanes would be
// padding: each output entry gets the same adds in the same order as its
// lane above, in scalar code (SmallTile), so the bits are the same.
template <typename T>
HWY_ATTR void SmallTile(const sketch::Rows& rs, size_t k, const T* X, size_t ldx, size_t rows,
                        bool accumulate, T scale, T* out, size_t ldo) {
  using sketch::kTile;
  const uint32_t* HWY_RESTRICT off = rs.off;
  // One list (entries e .. e1) in four partials, entry number mod 4, q0
  // holding the running sum on entry: SumRowsT's order, unrolled the same way
  // so the partials stay in registers.
  const auto sum = [off](const T* HWY_RESTRICT x, uint32_t e, uint32_t e1, T q0) {
    T q1 = T(0), q2 = T(0), q3 = T(0);
    for (; e + 3 < e1; e += 4) {
      q0 = q0 + x[off[e] / kTile];
      q1 = q1 + x[off[e + 1] / kTile];
      q2 = q2 + x[off[e + 2] / kTile];
      q3 = q3 + x[off[e + 3] / kTile];
    }
    if (e < e1) q0 = q0 + x[off[e] / kTile];
    if (e + 1 < e1) q1 = q1 + x[off[e + 1] / kTile];
    if (e + 2 < e1) q2 = q2 + x[off[e + 2] / kTile];
    return (q0 + q1) + (q2 + q3);
  };
  for (size_t r = 0; r < rows; ++r) {
    const T* HWY_RESTRICT x = X + r * ldx;
    T* HWY_RESTRICT o = out + r * ldo;
    for (size_t i = 0; i < k; ++i) {
      const T pos = sum(x, rs.ptr[2 * i], rs.ptr[2 * i + 1], accumulate ? o[i] : T(0));
      const T neg = sum(x, rs.ptr[2 * i + 1], rs.ptr[2 * i + 2], T(0));
      o[i] = (pos - neg) * scale;
    }
  }
}

template <typename T>
HWY_ATTR void ProjectTileT(const sketch::Rows& rs, size_t k, size_t count,
                           const T* X, size_t ldx, size_t rows,
                           bool accumulate, T scale, T* xt, T* acc, T* out,
                           size_t ldo, const T* next, size_t next_rows) {
  using sketch::kTile;
  if (rows <= 2) {
    SmallTile(rs, k, X, ldx, rows, accumulate, scale, out, ldo);
    return;
  }
  if (rows < kTile) {
    for (size_t j = 0; j < count * kTile; ++j) xt[j] = T(0);
  }
  Transpose(X, ldx, rows, count, xt, kTile);
  constexpr size_t kLine = 64 / sizeof(T);
  const size_t line_per_row = (count + kLine - 1) / kLine;
  const size_t lines = next ? next_rows * line_per_row : 0;
  const size_t per_i = k ? (lines + k - 1) / k : 0;
  size_t q = 0, pr = 0, pc = 0;  // prefetched lines; line q is (pr, pc)
  auto prefetch = [&]() HWY_ATTR {
    for (size_t p = 0; p < per_i && q < lines; ++p, ++q) {
      __builtin_prefetch(next + pr * ldx + pc * kLine);
      if (++pc == line_per_row) pc = 0, ++pr;
    }
  };
  for (size_t i0 = 0; i0 < k; i0 += sketch::kRowChunk) {
    const size_t kc = k - i0 < sketch::kRowChunk ? k - i0 : sketch::kRowChunk;
    if (accumulate) {
      for (size_t i = 0; i < kc * kTile; ++i) acc[i] = T(0);
      Transpose(out + i0, ldo, rows, kc, acc, kTile);
    }
    SumRowsT(rs.ptr + 2 * i0, rs.off, kc, xt, accumulate, scale, acc, prefetch);
    Transpose(acc, kTile, kc, rows, out + i0, ldo);
  }
}

void ApplyChunkF32(const sketch::Columns<float>& c, const float* B, size_t ldb,
                   size_t w, float* out, size_t ldo) {
  ApplyChunkT(c, B, ldb, w, out, ldo);
}
void ApplyChunkF64(const sketch::Columns<double>& c, const double* B,
                   size_t ldb, size_t w, double* out, size_t ldo) {
  ApplyChunkT(c, B, ldb, w, out, ldo);
}
void ProjectTileF32(const sketch::Rows& r, size_t k, size_t count,
                    const float* X, size_t ldx, size_t rows, bool accumulate,
                    float scale, float* xt, float* acc, float* out, size_t ldo,
                    const float* next, size_t next_rows) {
  ProjectTileT(r, k, count, X, ldx, rows, accumulate, scale, xt, acc, out, ldo, next,
               next_rows);
}
void ProjectTileF64(const sketch::Rows& r, size_t k, size_t count,
                    const double* X, size_t ldx, size_t rows, bool accumulate,
                    double scale, double* xt, double* acc, double* out, size_t ldo,
                    const double* next, size_t next_rows) {
  ProjectTileT(r, k, count, X, ldx, rows, accumulate, scale, xt, acc, out, ldo, next,
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
void ProjectTile(const Rows& r, size_t k, size_t count, const float* X,
                 size_t ldx, size_t rows, bool acc_in, float scale, float* xt, float* acc,
                 float* out, size_t ldo, const float* next, size_t next_rows) {
  HWY_DYNAMIC_DISPATCH(ProjectTileF32)(r, k, count, X, ldx, rows, acc_in, scale, xt,
                                       acc, out, ldo, next, next_rows);
}
void ProjectTile(const Rows& r, size_t k, size_t count,
                 const double* X, size_t ldx, size_t rows, bool acc_in, double scale,
                 double* xt, double* acc, double* out, size_t ldo,
                 const double* next, size_t next_rows) {
  HWY_DYNAMIC_DISPATCH(ProjectTileF64)(r, k, count, X, ldx, rows, acc_in, scale, xt,
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
    row = AllocArray<uint32_t>(Plus(Count({degree, s.n}), 1));
    neg = AllocArray<uint8_t>(Plus(Count({degree, s.n}), 1));
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
    ptr_ = AllocArray<uint32_t>(Plus(count, 1));
    if (!ptr_) return SKM_ENOMEM;
    // Generation tasks: independent column ranges.
    const size_t tasks = count < 256 ? 1 : (count + 255) / 256;
    const uint32_t k = static_cast<uint32_t>(s.k);
    if (s.kind == SKM_SKETCH_SPARSE_SIGN) {
      const uint32_t nnz = static_cast<uint32_t>(s.param);
      const uint64_t total = Count({count, nnz});
      if (!Alloc(total)) return SKM_ENOMEM;
      for (size_t q = 0; q <= count; ++q) ptr_[q] = static_cast<uint32_t>(q * nnz);
      const size_t workers = tasks < 64 ? tasks : 64;
      uint8_t* seen = AllocZeroed<uint8_t>(Count({workers, Plus(k, 1)}));
      uint8_t* negs = AllocArray<uint8_t>(Plus(total, 1));
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
  bool Alloc(uint64_t entries) {
    row_ = AllocArray<uint32_t>(Plus(entries, 1));
    sign_ = AllocArray<T>(Plus(entries, 1));
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
            const int32_t p0 = B.Begin(j), p1 = B.End(j);
            for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
              const uint32_t r = c.row[e];
              if (r < lo || r >= hi) continue;
              T* o = out + static_cast<size_t>(r) * ldo;
              const T sg = c.sign[e];
              for (int32_t p = p0; p < p1; ++p) {
                size_t col;
                if (B.Col(p, &col)) o[col] = o[col] + sg * B.data[p];
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
  // Scratch per worker: a min(k, kRowChunk) x kTile accumulator and the
  // maxc x kTile transposed slice; tiles are strided over workers. Plus S's
  // block by rows and signs.
  size_t workers = static_cast<size_t>(Threads());
  if (workers > tiles) workers = tiles ? tiles : 1;
  const size_t kc = k < kRowChunk ? k : kRowChunk;
  const size_t per = (kc + maxc) * kTile;
  T* scratch = AllocArray<T>(Count({workers, per}));
  if (!scratch) return SKM_ENOMEM;
  const T mag = static_cast<T>(Magnitude(s));
  // The block's sums over every tile of X (the magnitude applied as the last
  // block's sums are stored).
  const auto sums = [&](const Rows& rs, uint64_t j0, size_t count, bool first) {
    const T scale = j0 + count == s.n ? mag : T(1);
    ParallelFor(workers, [&](size_t w) {
      T* acc = scratch + w * per;
      T* xt = acc + kc * kTile;
      for (size_t t = w; t < tiles; t += workers) {
        const size_t r0 = t * kTile;
        const size_t rows = N - r0 < kTile ? N - r0 : kTile;
        const size_t n0 = r0 + workers * kTile;  // this worker's next tile
        const size_t nrows = n0 < N ? (N - n0 < kTile ? N - n0 : kTile) : 0;
        ProjectTile(rs, k, count, X + r0 * ldx + j0, ldx, rows, !first, scale, xt, acc,
                    out + r0 * ldo, ldo, nrows ? X + n0 * ldx + j0 : nullptr, nrows);
      }
    });
  };
  // One block (n <= kProjectCols): its sorted structure is kept across calls
  // (sketch_memo.h) as [rptr: 2k + 2 | roff: entries].
  const bool memo = s.n > 0 && s.n <= kProjectCols && s.kind != SKM_SKETCH_TENSOR;
  if (memo) {
    MemoPin pin;
    MemoFind(s, MemoWhat::kSparseRows, &pin);
    if (pin.data() != nullptr) {
      const uint32_t* kept = static_cast<const uint32_t*>(pin.data());
      sums(Rows{kept, kept + 2 * k + 2}, 0, static_cast<size_t>(s.n), true);
      std::free(scratch);
      return SKM_OK;
    }
  }
  uint32_t* rptr = AllocArray<uint32_t>(Plus(Count({2, s.k}), 2));
  if (!rptr) {
    std::free(scratch);
    return SKM_ENOMEM;
  }
  uint32_t* roff = nullptr;
  bool first = true, oom = false;
  const skm_status st = ForEachBlock<T>(
      s, 0, s.n,
      [&](uint64_t j0, const Columns<T>& c) {
        if (oom) return;
        // Counting sort of the block's nonzeros by (row, sign), columns
        // rising: key 2 row + (1 if negative).
        const uint32_t entries = c.ptr[c.count];
        std::free(roff);
        roff = AllocArray<uint32_t>(Plus(entries, 1));
        if (!roff) {
          oom = true;
          return;
        }
        const auto key = [&](uint32_t e) { return 2 * size_t{c.row[e]} + (c.sign[e] < T(0)); };
        for (size_t i = 0; i <= 2 * k + 1; ++i) rptr[i] = 0;
        for (uint32_t e = 0; e < entries; ++e) ++rptr[key(e) + 2];
        for (size_t i = 2; i <= 2 * k + 1; ++i) rptr[i] += rptr[i - 1];
        for (size_t q = 0; q < c.count; ++q) {
          for (uint32_t e = c.ptr[q]; e < c.ptr[q + 1]; ++e) {
            roff[rptr[key(e) + 1]++] = static_cast<uint32_t>(q * kTile);
          }
        }
        sums(Rows{rptr, roff}, j0, c.count, first);
        if (memo) {
          MemoStore(s, MemoWhat::kSparseRows, rptr, (2 * k + 2) * sizeof(uint32_t), roff,
                    entries * sizeof(uint32_t));
        }
        first = false;
      },
      kProjectCols);
  std::free(scratch);
  std::free(rptr);
  std::free(roff);
  if (st != SKM_OK) return st;
  if (oom) return SKM_ENOMEM;
  if (first) ZeroBlock(out, N, k, ldo);  // n = 0: S X^T is all zeros
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
            for (int32_t p = X.Begin(i), p1 = X.End(i); p < p1; ++p) {
              size_t j;
              if (!X.Col(p, &j) || j < j0 || j >= j0 + c.count) continue;
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
