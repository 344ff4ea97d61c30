// N:M semi-structured sparse products (skm_structured_kernels.h).
//
// Each row keeps n of every m consecutive columns; its kept values are
// contiguous and their positions inside the groups are packed at
// ceil(log2 m) bits (2 for 2:4, as GPU 2:4 metadata is): at batch 1 the
// product is memory-bound, and the packed row (values + 1/16 of their size
// in metadata for f32 2:4) is read once.
//
// Two kernels. Batches go through transposed panels of samples (NmPanelsT,
// below): each kept value is a broadcast times a contiguous vector of up
// to 4 vectors of samples, with no gathers and half the multiply-adds of the
// dense product; the transposed product (X * W) adds into a transposed
// output panel the same way, and at a large finite batch decompresses W
// into slabs for the GEMM. One sample at a time (NmT, the f32 2:4 forward
// product under kPanelMin samples; on AVX-512 Dot24Wide, below) never
// decodes a column index: per step,
// a vector of N kept values (N = 4 or 8 lanes) covers 2N columns, the first
// N/2 values from the first N columns, the rest from the next N. One
// TableLookupLanes per half picks each value's x out of a dense load of its
// columns, the lane indices coming straight from a 256-entry table indexed
// by the metadata byte (4 positions a byte), and the halves are blended.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
#include "parallel.h"
#include "skm_structured_kernels.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "nm_sparse.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/cache_control.h"
#include "hwy/highway.h"

// Outside the per-target part: defined once, though foreach_target.h
// includes this file once per target.
#ifndef SKETCHMAT_NM_SPARSE_DETAIL_
#define SKETCHMAT_NM_SPARSE_DETAIL_
namespace skm {
namespace nm_detail {

// Bits per packed position: ceil(log2 m), 0 when m = 1.
inline unsigned BitsFor(size_t m) {
  unsigned b = 0;
  while ((size_t{1} << b) < m) ++b;
  return b;
}

// Position e of a row's bit stream (bits <= 8: it spans at most two bytes;
// the second is read only when the bits reach into it, so a row's last
// position never reads past the row).
inline unsigned PositionAt(const uint8_t* row, size_t e, unsigned bits) {
  if (bits == 0) return 0;
  const size_t at = e * bits;
  const unsigned sh = static_cast<unsigned>(at & 7);
  unsigned w = row[at >> 3];
  if (sh + bits > 8) w |= static_cast<unsigned>(row[(at >> 3) + 1]) << 8;
  return (w >> sh) & ((1u << bits) - 1);
}

// Each kept value's absolute column in one row.
inline void DecodeRow(const uint8_t* row, size_t per, size_t n, size_t m,
                      unsigned bits, int32_t* cols) {
  for (size_t e = 0; e < per; ++e) {
    cols[e] = static_cast<int32_t>((e / n) * m + PositionAt(row, e, bits));
  }
}

}  // namespace nm_detail
}  // namespace skm
#endif  // SKETCHMAT_NM_SPARSE_DETAIL_

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

using nm_detail::BitsFor;
using nm_detail::DecodeRow;

constexpr size_t kSampleTile = 16;

// sum_e v[e] x[cols[e]], four partial sums.
template <typename T>
HWY_INLINE T DotIndexed(const T* HWY_RESTRICT v, const int32_t* HWY_RESTRICT cols,
                        size_t per, const T* HWY_RESTRICT x) {
  T a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  size_t e = 0;
  for (; e + 4 <= per; e += 4) {
    a0 += v[e] * x[cols[e]];
    a1 += v[e + 1] * x[cols[e + 1]];
    a2 += v[e + 2] * x[cols[e + 2]];
    a3 += v[e + 3] * x[cols[e + 3]];
  }
  for (; e < per; ++e) a0 += v[e] * x[cols[e]];
  return (a0 + a1) + (a2 + a3);
}

#if HWY_TARGET == HWY_SCALAR
// No vectors (the fast path is off here: one lane).
template <class D>
HWY_INLINE void Dot24(D, const float*, const uint8_t*, const float*, const uint8_t*, size_t, const float*,
                      const uint8_t (*)[16], size_t, float*) {}
#else
// The byte-shuffle indices of one step's lanes: each 128-bit block of values
// takes its four positions from one metadata byte.
template <class D>
HWY_INLINE hn::Vec<hn::Repartition<uint8_t, D>> Lanes24(D, const uint8_t* HWY_RESTRICT pos, size_t k,
                                                        const uint8_t (*HWY_RESTRICT lut)[16]) {
  constexpr size_t N = hn::MaxLanes(D());
  const hn::Repartition<uint8_t, D> du8;
  if constexpr (N == 8) {
    const hn::Half<decltype(du8)> dh;
    return hn::Combine(du8, hn::LoadU(dh, lut[pos[2 * k + 1]]), hn::LoadU(dh, lut[pos[2 * k]]));
  } else {
    return hn::LoadU(du8, lut[pos[k]]);
  }
}

// One vector step kk of two rows' 2:4 dots (see Dot24). xr holds x with
// each 2N columns arranged as two vectors A and B whose 128-bit blocks are
// whole groups: in every block, lanes 0-1 take their x from A's block and
// lanes 2-3 from B's (a byte shuffle within blocks, then a blend).
template <class D, class M, class V>
HWY_INLINE void Step24(D d, M fromA, const float* HWY_RESTRICT v0, const uint8_t* HWY_RESTRICT pos0,
                       const float* HWY_RESTRICT v1, const uint8_t* HWY_RESTRICT pos1, size_t kk,
                       const float* HWY_RESTRICT xr, const uint8_t (*HWY_RESTRICT lut)[16], V& acc, V& bcc) {
  constexpr size_t N = hn::MaxLanes(D());
  const hn::Repartition<uint8_t, D> du8;
  const float* xc = xr + kk * 2 * N;
  const auto xa = hn::BitCast(du8, hn::LoadU(d, xc)), xb = hn::BitCast(du8, hn::LoadU(d, xc + N));
  const auto i0 = Lanes24(d, pos0, kk, lut), i1 = Lanes24(d, pos1, kk, lut);
  const auto g0 = hn::IfThenElse(fromA, hn::BitCast(d, hn::TableLookupBytes(xa, i0)), hn::BitCast(d, hn::TableLookupBytes(xb, i0)));
  const auto g1 = hn::IfThenElse(fromA, hn::BitCast(d, hn::TableLookupBytes(xa, i1)), hn::BitCast(d, hn::TableLookupBytes(xb, i1)));
  acc = hn::MulAdd(hn::LoadU(d, v0 + kk * N), g0, acc);
  bcc = hn::MulAdd(hn::LoadU(d, v1 + kk * N), g1, bcc);
}

// Rows r and r + 1 of the 2:4 product at once (v1, pos1: the second row's):
// each load of x feeds both rows, and the two rows' chains interleave.
// `steps` vector steps; out[0], out[1] get the two sums.
template <class D>
HWY_INLINE void Dot24(D d, const float* HWY_RESTRICT v0, const uint8_t* HWY_RESTRICT pos0,
                      const float* HWY_RESTRICT v1, const uint8_t* HWY_RESTRICT pos1,
                      size_t steps, const float* HWY_RESTRICT xr,
                      const uint8_t (*HWY_RESTRICT lut)[16], size_t ahead, float* out) {
  constexpr size_t N = hn::MaxLanes(D());
  const hn::RebindToSigned<D> di;
  const auto fromA = hn::RebindMask(d, hn::Eq(hn::And(hn::Iota(di, 0), hn::Set(di, 2)), hn::Zero(di)));
  auto a0 = hn::Zero(d), b0 = hn::Zero(d);
  for (size_t k = 0; k < steps; ++k) {
    // The next pair of rows, one pair ahead (a row streams from DRAM while
    // this one computes; prefetching a fixed distance within the row was too
    // short to hide the latency). Prefetches never fault past the end.
    if ((k & 1) == 0) {
      hwy::Prefetch(v0 + ahead + k * N);
      hwy::Prefetch(v1 + ahead + k * N);
    }
    Step24(d, fromA, v0, pos0, v1, pos1, k, xr, lut, a0, b0);
  }
  out[0] = hn::GetLane(hn::SumOfLanes(d, a0));
  out[1] = hn::GetLane(hn::SumOfLanes(d, b0));
}
#endif

#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr bool kWide24 = true;
// AVX-512: rows r and r + 1 at 16 kept values (32 columns) a step. One
// two-table permute (vpermt2ps) picks each value's x out of the two x
// vectors of its columns; its indices come from the step's 32 metadata bits
// (shifted per lane, masked, plus the lane's group base), so there is no
// table to load and x needs no rearranging. Half the instructions of the
// 8-lane path, which left the kernel compute-bound below what memory gives
// (4096 x 4096: 38 GB/s where the dense GEMV reads at 41).
HWY_INLINE void Dot24Wide(const float* HWY_RESTRICT v0, const uint8_t* HWY_RESTRICT pos0,
                          const float* HWY_RESTRICT v1, const uint8_t* HWY_RESTRICT pos1, size_t steps,
                          const float* HWY_RESTRICT x, size_t ahead, float* out) {
  const __m512i shifts = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i base = _mm512_setr_epi32(0, 0, 4, 4, 8, 8, 12, 12, 16, 16, 20, 20, 24, 24, 28, 28);
  const __m512i three = _mm512_set1_epi32(3);
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  for (size_t k = 0; k < steps; ++k) {
    // The next pair of rows, one pair ahead (as Dot24).
    hwy::Prefetch(v0 + ahead + k * 16);
    hwy::Prefetch(v1 + ahead + k * 16);
    const __m512 xlo = _mm512_loadu_ps(x + 32 * k), xhi = _mm512_loadu_ps(x + 32 * k + 16);
    uint32_t w0, w1;
    std::memcpy(&w0, pos0 + 4 * k, 4);
    std::memcpy(&w1, pos1 + 4 * k, 4);
    const __m512i i0 = _mm512_add_epi32(
        _mm512_and_si512(_mm512_srlv_epi32(_mm512_set1_epi32(static_cast<int>(w0)), shifts), three), base);
    const __m512i i1 = _mm512_add_epi32(
        _mm512_and_si512(_mm512_srlv_epi32(_mm512_set1_epi32(static_cast<int>(w1)), shifts), three), base);
    a0 = _mm512_fmadd_ps(_mm512_loadu_ps(v0 + 16 * k), _mm512_permutex2var_ps(xlo, i0, xhi), a0);
    a1 = _mm512_fmadd_ps(_mm512_loadu_ps(v1 + 16 * k), _mm512_permutex2var_ps(xlo, i1, xhi), a1);
  }
  out[0] = _mm512_reduce_add_ps(a0);
  out[1] = _mm512_reduce_add_ps(a1);
}
#else
constexpr bool kWide24 = false;
HWY_INLINE void Dot24Wide(const float*, const uint8_t*, const float*, const uint8_t*, size_t, const float*, size_t,
                          float*) {}
#endif

// The forward product one sample at a time (see the top of the file): for
// the f32 2:4 shape at a batch under kPanelMin, where it beats a panel.
template <typename T>
skm_status NmT(size_t batch, size_t rows, size_t cols, size_t n,
               size_t m, const T* values, const uint8_t* positions, const T* X,
               size_t ldx, T* Y, size_t ldy) {
  const size_t per = cols / m * n;
  const unsigned bits = BitsFor(m);
  const size_t rowBytes = (per * bits + 7) / 8;
  int32_t* colsBuf = AllocArray<int32_t>(per > 0 ? per : 1);
  if (colsBuf == nullptr) return SKM_ENOMEM;
  using DF = hn::CappedTag<float, 8>;
  constexpr size_t NF = hn::MaxLanes(DF());
  constexpr bool kHave24 = (NF == 4 || NF == 8);
  // The 2:4 fast path (f32, forward): lanes' indices by metadata byte, or
  // on AVX-512 computed from the metadata bits (Dot24Wide: 16 values a step).
  const bool fast = kHave24 && std::is_same_v<T, float> && n == 2 && m == 4;
  constexpr size_t NS = kWide24 ? 16 : NF;  // kept values a step
  HWY_ALIGN uint8_t lut[256][16];
  size_t steps = 0;
  // x rearranged per sample for the 2:4 path (see Step24): ns rows of steps * 2 NF.
  AlignedArray<float> xrBuf(fast && !kWide24 ? Count({kSampleTile, per / NF, 2 * NF}) : 0);
  if (fast && kWide24) {
    steps = per / NS;
  } else if (fast) {
    if (xrBuf.p == nullptr && per / NF > 0) {
      std::free(colsBuf);
      return SKM_ENOMEM;
    }
    for (unsigned b = 0; b < 256; ++b) {
      for (unsigned q = 0; q < 4; ++q) {
        const unsigned p = (b >> (2 * q)) & 3;
        for (unsigned y = 0; y < 4; ++y) lut[b][4 * q + y] = static_cast<uint8_t>(4 * p + y);
      }
    }
    steps = per / NF;
  }
  skm_status st = SKM_OK;
  for (size_t s0 = 0; s0 < batch && st == SKM_OK; s0 += kSampleTile) {
    const size_t ns = batch - s0 < kSampleTile ? batch - s0 : kSampleTile;
    if (fast && !kWide24) {
      // Chunks of 2 NF columns: with NF = 8, A = groups 0 and 2, B = groups 1
      // and 3 (a group per 128-bit block); with NF = 4, A and B are the
      // chunk's two vectors as they are.
      const size_t w = steps * 2 * NF;
      for (size_t r = 0; r < ns; ++r) {
        const T* x = X + (s0 + r) * ldx;
        float* xr = xrBuf.p + r * w;
        for (size_t c = 0; c < w; c += 2 * NF) {
          for (size_t g = 0; g < 2 * NF / 4; ++g) {
            // group g of the chunk goes to vector (g & 1) (A or B), block g / 2
            const size_t to = (g & 1) * NF + (g / 2) * 4;
            for (size_t y = 0; y < 4; ++y) xr[c + to + y] = static_cast<float>(x[c + 4 * g + y]);
          }
        }
      }
    }
    for (size_t i = 0; i < rows; ++i) {
      if ((i & 63) == 0 && Cancelled()) {
        st = SKM_ECANCELED;
        break;
      }
      const T* v = values + i * per;
      const uint8_t* pos = positions + i * rowBytes;
      if (fast) {
        if constexpr (kHave24 && std::is_same_v<T, float>) {
          // Steps on vectors, the rest (fewer than NF values) by decoded index.
          const size_t done = steps * NS;
          for (size_t e = done; e < per; ++e) {
            colsBuf[e] = static_cast<int32_t>((e / 2) * 4 + nm_detail::PositionAt(pos, e, 2));
          }
          // Two rows at a time (the second is row i itself when i is the last).
          const bool pair = i + 1 < rows;
          const T* v1 = pair ? v + per : v;
          const uint8_t* pos1 = pair ? pos + rowBytes : pos;
          for (size_t r = 0; r < ns; ++r) {
            const float* x = reinterpret_cast<const float*>(X + (s0 + r) * ldx);
            float acc[2];
            if constexpr (kWide24) {
              Dot24Wide(reinterpret_cast<const float*>(v), pos, reinterpret_cast<const float*>(v1), pos1, steps, x,
                        2 * per, acc);
            } else {
              Dot24(DF(), reinterpret_cast<const float*>(v), pos, reinterpret_cast<const float*>(v1), pos1, steps,
                    xrBuf.p + r * steps * 2 * NF, lut, 2 * per, acc);
            }
            for (size_t e = done; e < per; ++e) {
              acc[0] += static_cast<float>(v[e]) * x[colsBuf[e]];
              if (pair) acc[1] += static_cast<float>(v1[e]) * x[(e / 2) * 4 + nm_detail::PositionAt(pos1, e, 2)];
            }
            Y[(s0 + r) * ldy + i] = static_cast<T>(acc[0]);
            if (pair) Y[(s0 + r) * ldy + i + 1] = static_cast<T>(acc[1]);
          }
          if (pair) ++i;
        }
        continue;
      }
      DecodeRow(pos, per, n, m, bits, colsBuf);
      for (size_t r = 0; r < ns; ++r) Y[(s0 + r) * ldy + i] = DotIndexed<T>(v, colsBuf, per, X + (s0 + r) * ldx);
    }
  }
  std::free(colsBuf);
  return st;
}

// ---- Batches: samples in transposed panels -------------------------------

// Fewer samples than this go through NmT (also as the rest of a batch):
// where its time for that many samples passes a panel's (4096 x 4096 f32:
// AVX-512 NmT 0.45 ms a sample, a panel 3.0 ms; AVX2 about 0.9 and 3.3).
constexpr size_t kPanelMin = kWide24 ? 6 : 4;
//
// A panel of up to NV vectors of samples is
// transposed (Xt: one row of P = NV * N lanes per input index, zeros past
// the batch), so each kept value costs a broadcast and NV multiply-adds on
// contiguous loads: no gathers, no decompressed W, half the multiply-adds
// of the dense product. The forward product runs R rows of W at once (R * NV
// independent accumulators hide the multiply-add latency); the transposed
// one adds each kept value times x_i into a transposed output panel. Either
// way an output is summed in one fixed order (kept values in row order,
// rows in order), so the bits depend neither on the thread count nor on the
// panel a sample falls in.

// Column of kept value e of a row: 2:4 decoded inline, else from `cols`.
template <bool k24>
HWY_INLINE size_t ColumnOf(const uint8_t* HWY_RESTRICT pos, const int32_t* HWY_RESTRICT cols, size_t e) {
  if constexpr (k24) {
    return ((e >> 1) << 2) + ((pos[e >> 2] >> ((e & 3) << 1)) & 3);
  } else {
    return static_cast<size_t>(cols[e]);
  }
}

// Each kept value's column of one row, by group: no division per value.
inline void DecodeColumns(const uint8_t* row, size_t per, size_t n, size_t m, unsigned bits, int32_t* cols) {
  for (size_t g = 0, e = 0; e < per; ++g) {
    for (size_t t = 0; t < n; ++t, ++e) cols[e] = static_cast<int32_t>(g * m + nm_detail::PositionAt(row, e, bits));
  }
}

struct NmShape {
  size_t rows, cols, n, m, per, rowBytes;
  unsigned bits;
};

// Forward panel, rows [i0, i1): Y[j, i] = sum_e v_i[e] Xt[col_i(e), j] for
// the panel's ns samples (Y points at the panel's first sample). The kept
// values go in blocks of groups whose Xt rows fill ~32 KiB, each block over
// every row of the range, so Xt is read from L1 and not once per R rows;
// the sums carry over between blocks in `acc` ((i1 - i0 + R) x P).
template <typename T, size_t NV, size_t R, bool k24>
void ForwardRows(const NmShape& sh, size_t i0, size_t i1, const T* HWY_RESTRICT values,
                 const uint8_t* HWY_RESTRICT positions, const T* HWY_RESTRICT Xt, size_t ns,
                 T* HWY_RESTRICT Y, size_t ldy, int32_t* HWY_RESTRICT cols,
                 T* HWY_RESTRICT acc) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  constexpr size_t P = NV * N;
  const size_t nrows = i1 - i0, groups = sh.cols / sh.m;
  size_t gb = (size_t{32} << 10) / (sh.m * P * sizeof(T));
  gb = gb < 1 ? 1 : gb;
  if (!k24) {
    for (size_t r = 0; r < nrows; ++r)
      DecodeColumns(positions + (i0 + r) * sh.rowBytes, sh.per, sh.n, sh.m, sh.bits, cols + r * sh.per);
  }
  std::memset(static_cast<void*>(acc), 0, (nrows + R) * P * sizeof(T));
  for (size_t g0 = 0; g0 < groups; g0 += gb) {
    const size_t e0 = g0 * sh.n, e1 = (g0 + gb < groups ? g0 + gb : groups) * sh.n;
    for (size_t i = 0; i < nrows; i += R) {
      const size_t nr = nrows - i < R ? nrows - i : R;
      const T* v[R];
      const uint8_t* pos[R];
      const int32_t* col[R];
      T* a[R];
      V sum[R][NV];
      for (size_t r = 0; r < R; ++r) {
        // Rows past the range repeat row i and add into the spare rows of acc.
        const size_t row = i + (r < nr ? r : 0);
        v[r] = values + (i0 + row) * sh.per;
        pos[r] = positions + (i0 + row) * sh.rowBytes;
        col[r] = k24 ? nullptr : cols + row * sh.per;
        a[r] = acc + (r < nr ? i + r : nrows + r) * P;
        for (size_t q = 0; q < NV; ++q) sum[r][q] = Ops::Load(a[r] + q * N);
      }
      for (size_t e = e0; e < e1; ++e) {
#pragma GCC unroll 8
        for (size_t r = 0; r < R; ++r) {
          const auto vv = Ops::Set(v[r][e]);
          const T* x = Xt + ColumnOf<k24>(pos[r], col[r], e) * P;
#pragma GCC unroll 4
          for (size_t q = 0; q < NV; ++q) sum[r][q] = Ops::MulAdd(vv, Ops::Load(x + q * N), sum[r][q]);
        }
      }
      for (size_t r = 0; r < R; ++r)
        for (size_t q = 0; q < NV; ++q) Ops::Store(sum[r][q], a[r] + q * N);
    }
  }
  for (size_t r = 0; r < nrows; ++r)
    for (size_t j = 0; j < ns; ++j) Y[j * ldy + i0 + r] = acc[r * P + j];
}

// The forward panel for 2:4, rows [i0, i1): as ForwardRows, stepping a
// metadata byte at a time (two groups, eight columns, four kept values per
// row), so a row's byte is loaded once per four values and each column is a
// shift and a mask off it. Even and odd kept values sum in two chains
// (added at the end: a fixed order), so R = 4 rows keep 8 * NV independent
// multiply-adds in flight with few enough pointers to stay in registers.
// `acc`: (i1 - i0 + R) x 2P.
template <typename T, size_t NV, size_t R>
void ForwardRows24(const NmShape& sh, size_t i0, size_t i1, const T* HWY_RESTRICT values,
                   const uint8_t* HWY_RESTRICT positions, const T* HWY_RESTRICT Xt, size_t ns,
                   T* HWY_RESTRICT Y, size_t ldy, T* HWY_RESTRICT acc) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  constexpr size_t P = NV * N;
  const size_t nrows = i1 - i0;
  // Whole bytes: per is even, so a row ends in a whole byte or half of one.
  const size_t bytes = sh.per / 4, tail = sh.per % 4;
  size_t kb = (size_t{32} << 10) / (8 * P * sizeof(T));
  kb = kb < 1 ? 1 : kb;
  std::memset(static_cast<void*>(acc), 0, (nrows + R) * 2 * P * sizeof(T));
  // Blocks of kb bytes; the half byte of a tail goes with the last block
  // (a block of its own when the whole bytes end on a block boundary).
  const size_t kEnd = bytes + (tail ? 1 : 0);
  for (size_t k0 = 0; k0 < kEnd; k0 += kb) {
    const size_t k1 = k0 + kb < bytes ? k0 + kb : bytes;
    const bool last = k0 + kb >= kEnd;
    for (size_t i = 0; i < nrows; i += R) {
      const size_t nr = nrows - i < R ? nrows - i : R;
      const T* v[R];
      const uint8_t* pos[R];
      T* a[R];
      V even[R][NV], odd[R][NV];
      for (size_t r = 0; r < R; ++r) {
        const size_t row = i + (r < nr ? r : 0);
        v[r] = values + (i0 + row) * sh.per;
        pos[r] = positions + (i0 + row) * sh.rowBytes;
        a[r] = acc + (r < nr ? i + r : nrows + r) * 2 * P;
        for (size_t q = 0; q < NV; ++q) {
          even[r][q] = Ops::Load(a[r] + q * N);
          odd[r][q] = Ops::Load(a[r] + P + q * N);
        }
      }
      for (size_t k = k0; k < k1; ++k) {
        const T* xb = Xt + 8 * k * P;
#pragma GCC unroll 4
        for (size_t r = 0; r < R; ++r) {
          const unsigned b = pos[r][k];
          const T* vk = v[r] + 4 * k;
          // The rows two blocks on, at this k: their values would otherwise
          // come from DRAM a few lines at a time, one row after another.
          if ((k & 3) == 0) hwy::Prefetch(vk + 2 * R * sh.per);
          const T* x0 = xb + (b & 3) * P;
          const T* x1 = xb + ((b >> 2) & 3) * P;
          const T* x2 = xb + (4 + ((b >> 4) & 3)) * P;
          const T* x3 = xb + (4 + (b >> 6)) * P;
          const auto v0 = Ops::Set(vk[0]), v1 = Ops::Set(vk[1]);
          const auto v2 = Ops::Set(vk[2]), v3 = Ops::Set(vk[3]);
#pragma GCC unroll 4
          for (size_t q = 0; q < NV; ++q) {
            even[r][q] = Ops::MulAdd(v0, Ops::Load(x0 + q * N), even[r][q]);
            odd[r][q] = Ops::MulAdd(v1, Ops::Load(x1 + q * N), odd[r][q]);
            even[r][q] = Ops::MulAdd(v2, Ops::Load(x2 + q * N), even[r][q]);
            odd[r][q] = Ops::MulAdd(v3, Ops::Load(x3 + q * N), odd[r][q]);
          }
        }
      }
      if (last && tail) {
        // The last group of a row whose kept values end half-way into a byte.
        const T* xb = Xt + 8 * bytes * P;
        for (size_t r = 0; r < R; ++r) {
          const unsigned b = pos[r][bytes];
          const auto v0 = Ops::Set(v[r][4 * bytes]), v1 = Ops::Set(v[r][4 * bytes + 1]);
          for (size_t q = 0; q < NV; ++q) {
            even[r][q] = Ops::MulAdd(v0, Ops::Load(xb + (b & 3) * P + q * N), even[r][q]);
            odd[r][q] = Ops::MulAdd(v1, Ops::Load(xb + ((b >> 2) & 3) * P + q * N), odd[r][q]);
          }
        }
      }
      for (size_t r = 0; r < R; ++r) {
        for (size_t q = 0; q < NV; ++q) {
          Ops::Store(even[r][q], a[r] + q * N);
          Ops::Store(odd[r][q], a[r] + P + q * N);
        }
      }
    }
  }
  HWY_ALIGN T out[P];
  for (size_t r = 0; r < nrows; ++r) {
    const T* a = acc + r * 2 * P;
    for (size_t q = 0; q < NV; ++q) Ops::Store(Ops::Add(Ops::Load(a + q * N), Ops::Load(a + P + q * N)), out + q * N);
    for (size_t j = 0; j < ns; ++j) Y[j * ldy + i0 + r] = out[j];
  }
}

// Transposed panel, groups [g0, g1): Yt[col_i(e), :] += v_i[e] Xt[i, :]
// over every row i in order (Yt: cols x P, zeroed, this task's columns only).
template <typename T, size_t NV, bool k24>
void TransposedGroups(const NmShape& sh, size_t g0, size_t g1, const T* HWY_RESTRICT values,
                      const uint8_t* HWY_RESTRICT positions, const T* HWY_RESTRICT Xt,
                      T* HWY_RESTRICT Yt, int32_t* HWY_RESTRICT cols) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  constexpr size_t P = NV * N;
  const size_t e0 = g0 * sh.n, e1 = g1 * sh.n;
  for (size_t i = 0; i < sh.rows; ++i) {
    const T* v = values + i * sh.per;
    const uint8_t* pos = positions + i * sh.rowBytes;
    if (!k24) DecodeColumns(pos, sh.per, sh.n, sh.m, sh.bits, cols);
    V xi[NV];
    for (size_t q = 0; q < NV; ++q) xi[q] = Ops::Load(Xt + i * P + q * N);
    for (size_t e = e0; e < e1; ++e) {
      if ((e & 15) == 0) hwy::Prefetch(v + 4 * sh.per + e);
      if ((e & 255) == 0) hwy::Prefetch(pos + 4 * sh.rowBytes + (e * sh.bits >> 3));
      const auto vv = Ops::Set(v[e]);
      T* y = Yt + ColumnOf<k24>(pos, cols, e) * P;
#pragma GCC unroll 4
      for (size_t q = 0; q < NV; ++q) Ops::Store(Ops::MulAdd(vv, xi[q], Ops::Load(y + q * N)), y + q * N);
    }
  }
}

// One panel of ns <= NV * N samples starting at X (and Y).
template <typename T, size_t NV, bool k24>
skm_status Panel(bool trans, const NmShape& sh, const T* values, const uint8_t* positions, const T* X, size_t ldx,
                 size_t ns, T* Y, size_t ldy) {
  constexpr size_t N = VecOps<T>::kN;
  constexpr size_t P = NV * N;
  constexpr size_t R = NV >= 4 ? 2 : NV == 2 ? 4 : 8;
  const size_t nin = trans ? sh.rows : sh.cols;
  AlignedArray<T> xt(Count({nin, P}));
  AlignedArray<T> yt(trans ? Count({sh.cols, P}) : 0);
  if ((xt.p == nullptr && nin > 0) || (trans && yt.p == nullptr && sh.cols > 0)) return SKM_ENOMEM;
  for (size_t c = 0; c < nin; ++c) {
    T* row = xt.p + c * P;
    for (size_t j = 0; j < ns; ++j) row[j] = X[j * ldx + c];
    for (size_t j = ns; j < P; ++j) row[j] = T(0);
  }
  // A fixed split, whatever the threads. Forward: tasks of rows, about 2^16
  // kept values each. Transposed: tasks of groups whose output panel fills
  // ~32 KiB (and at least 64 groups), so each row's values for the task come
  // as one run of cache lines, not a line per row.
  const size_t groups = sh.cols / sh.m;
  const size_t unit = trans ? groups : sh.rows;
  size_t chunk = trans ? (size_t{32} << 10) / (sh.m * P * sizeof(T))
                       : (size_t{1} << 16) / (sh.per > 0 ? sh.per : 1);
  chunk = trans ? (chunk < 64 ? 64 : chunk) : chunk;
  chunk = chunk < 8 ? 8 : chunk - chunk % 8;
  const size_t tasks = (unit + chunk - 1) / chunk;
  std::atomic<int> failed{SKM_OK};
  ParallelFor(tasks, [&](size_t t) {
    if (failed.load(std::memory_order_relaxed) != SKM_OK) return;
    if (Cancelled()) {
      failed.store(SKM_ECANCELED, std::memory_order_relaxed);
      return;
    }
    const size_t a = t * chunk, b = a + chunk < unit ? a + chunk : unit;
    AlignedArray<int32_t> cols(k24 ? 0 : Count({trans ? 1 : b - a, sh.per}));
    AlignedArray<T> acc(trans ? 0 : Count({b - a + R, 2 * P}));
    if ((!k24 && cols.p == nullptr && sh.per > 0) || (!trans && acc.p == nullptr)) {
      failed.store(SKM_ENOMEM, std::memory_order_relaxed);
      return;
    }
    if (!trans) {
      if constexpr (k24) {
        constexpr size_t R24 = NV >= 4 ? 1 : NV == 2 ? 2 : 4;
        ForwardRows24<T, NV, R24>(sh, a, b, values, positions, xt.p, ns, Y, ldy, acc.p);
      } else {
        ForwardRows<T, NV, R, k24>(sh, a, b, values, positions, xt.p, ns, Y, ldy, cols.p, acc.p);
      }
      return;
    }
    const size_t c0 = a * sh.m, c1 = b * sh.m;
    std::memset(static_cast<void*>(yt.p + c0 * P), 0, (c1 - c0) * P * sizeof(T));
    TransposedGroups<T, NV, k24>(sh, a, b, values, positions, xt.p, yt.p, cols.p);
    for (size_t c = c0; c < c1; ++c)
      for (size_t j = 0; j < ns; ++j) Y[j * ldy + c] = yt.p[c * P + j];
  });
  return static_cast<skm_status>(failed.load());
}

template <typename T>
skm_status NmPanelsT(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m, const T* values,
                     const uint8_t* positions, const T* X, size_t ldx, T* Y, size_t ldy) {
  constexpr size_t N = VecOps<T>::kN;
  NmShape sh{rows, cols, n, m, cols / m * n, 0, BitsFor(m)};
  sh.rowBytes = (sh.per * sh.bits + 7) / 8;
  const bool k24 = n == 2 && m == 4;
  // NmT's 2:4 f32 path (vector steps, no decoded indices) beats a panel for
  // a sample or three; its other paths gather by decoded index, a panel of
  // one vector beats them at any batch (f64 2:4 at batch 1: 21 ms against
  // 4.5, 4096 x 4096).
  using DF = hn::CappedTag<float, 8>;
  constexpr size_t NF = hn::MaxLanes(DF());
  // (Not on WASM, where its byte shuffles run slowly: batch 1 took 39 ms,
  // a panel takes 6.)
  const bool oneByOne = !trans && k24 && std::is_same_v<T, float> && (NF == 4 || NF == 8) && HWY_TARGET != HWY_WASM;
  for (size_t s0 = 0; s0 < batch;) {
    // A panel's time grows with its width in vectors (4 vectors: a little
    // less than 4 times 1), so full panels of 4, then 2, then 1 vector, and
    // the rest in one panel; a rest of fewer than kPanelMin samples goes one
    // sample at a time through NmT, which takes about what a panel of one
    // vector does for kPanelMin samples.
    const size_t left = batch - s0;
    const T* x = X + s0 * ldx;
    T* y = Y + s0 * ldy;
    if (oneByOne && left < kPanelMin) return NmT<T>(left, rows, cols, n, m, values, positions, x, ldx, y, ldy);
    // Transposed panels cost about the same at 1 and 2 vectors (they wait
    // on memory): there the rest goes in one panel as wide as it needs.
    const size_t nv = trans ? (left > 2 * N ? 4 : left > N ? 2 : 1) : (left >= 4 * N ? 4 : left >= 2 * N ? 2 : 1);
    const size_t ns = left < nv * N ? left : nv * N;
    skm_status st;
    if (nv == 4) {
      st = k24 ? Panel<T, 4, true>(trans, sh, values, positions, x, ldx, ns, y, ldy)
               : Panel<T, 4, false>(trans, sh, values, positions, x, ldx, ns, y, ldy);
    } else if (nv == 2) {
      st = k24 ? Panel<T, 2, true>(trans, sh, values, positions, x, ldx, ns, y, ldy)
               : Panel<T, 2, false>(trans, sh, values, positions, x, ldx, ns, y, ldy);
    } else {
      st = k24 ? Panel<T, 1, true>(trans, sh, values, positions, x, ldx, ns, y, ldy)
               : Panel<T, 1, false>(trans, sh, values, positions, x, ldx, ns, y, ldy);
    }
    if (st != SKM_OK) return st;
    s0 += ns;
  }
  return SKM_OK;
}

skm_status NmPanelsF32(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                       const float* values, const uint8_t* positions, const float* X, size_t ldx,
                       float* Y, size_t ldy) {
  return NmPanelsT<float>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}
skm_status NmPanelsF64(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                       const double* values, const uint8_t* positions, const double* X, size_t ldx,
                       double* Y, size_t ldy) {
  return NmPanelsT<double>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(NmPanelsF32);
HWY_EXPORT(NmPanelsF64);

namespace {

skm_status Dispatch(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                    const float* values, const uint8_t* positions, const float* X, size_t ldx,
                    float* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(NmPanelsF32)(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}
skm_status Dispatch(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                    const double* values, const uint8_t* positions, const double* X, size_t ldx,
                    double* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(NmPanelsF64)(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}

// The transposed product from this batch on goes through DenseSlabs when X
// is finite.
constexpr size_t kSlabBatch = 64;

// The slabs multiply the pruned zeros too, and 0 * Inf is NaN where the
// sparse kernel never reads that x: only finite X takes the GEMM path, so
// both paths mean the same sum over the kept values.
template <typename T>
bool AllFinite(const T* X, size_t batch, size_t len, size_t ldx) {
  for (size_t b = 0; b < batch; ++b) {
    const T* x = X + b * ldx;
    T acc = T(0);
    // x - x is 0 for finite x and NaN for NaN and +-Inf.
    for (size_t j = 0; j < len; ++j) acc += x[j] - x[j];
    if (acc != T(0)) return false;
  }
  return true;
}

// Rows of W decompressed per slab: about 1 MiB of T.
template <typename T>
size_t SlabRows(size_t cols) {
  const size_t rows = (size_t{1} << 20) / (sizeof(T) * cols);
  return rows < 16 ? 16 : rows;
}

// Y (batch x cols) = X * W, the transposed product at a large batch: W's
// rows decompressed to dense in slabs, each slab one GEMM adding into Y.
// (The transposed panels add each kept value into a transposed output in
// memory, which at batch 256 took 94 ms where the slabs take 54 and the
// dense product 48: 4096 x 4096 f32, one thread, Zen 5.)
template <typename T>
skm_status DenseSlabs(size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                      const T* values, const uint8_t* positions, const T* X, size_t ldx, T* Y,
                      size_t ldy) {
  const size_t per = cols / m * n;
  const unsigned bits = nm_detail::BitsFor(m);
  const size_t rowBytes = (per * bits + 7) / 8;
  const size_t h = SlabRows<T>(cols) < rows ? SlabRows<T>(cols) : rows;
  linalg::Scratch<T> slab(Count({h, cols}));
  if (slab.p == nullptr) return SKM_ENOMEM;
  for (size_t i0 = 0; i0 < rows; i0 += h) {
    if (Cancelled()) return SKM_ECANCELED;
    const size_t hh = rows - i0 < h ? rows - i0 : h;
    for (size_t r = 0; r < hh; ++r) {
      const T* v = values + (i0 + r) * per;
      const uint8_t* pos = positions + (i0 + r) * rowBytes;
      T* d = slab.p + r * cols;
      // Zeros, then each group's kept values; 2-bit positions (2:4, 1:4,
      // 3:4) decoded inline, and no division per value. Added, not stored:
      // the ABI allows two values at one position (the sparse kernel sums
      // both), though the library never makes such rows.
      std::memset(static_cast<void*>(d), 0, cols * sizeof(T));
      for (size_t g = 0, e = 0; g < cols / m; ++g) {
        T* dg = d + g * m;
        if (bits == 2) {
          for (size_t t = 0; t < n; ++t, ++e) dg[(pos[e >> 2] >> (2 * (e & 3))) & 3] += v[e];
        } else {
          for (size_t t = 0; t < n; ++t, ++e) dg[nm_detail::PositionAt(pos, e, bits)] += v[e];
        }
      }
    }
    const skm_status st = linalg::Gemm(false, false, skm_int(batch), skm_int(cols), skm_int(hh), T(1), X + i0,
                                       skm_int(ldx), slab.p, skm_int(cols), i0 == 0 ? T(0) : T(1), Y, skm_int(ldy));
    if (st != SKM_OK) return st;
  }
  return SKM_OK;
}

template <typename T>
skm_status Nm(int32_t trans, skm_int batch, skm_int rows, skm_int cols, skm_int n, skm_int m,
              const T* values, const uint8_t* positions, const T* X, skm_int ldx, T* Y,
              skm_int ldy) {
  if (trans != 0 && trans != 1) return SKM_EINVAL;
  if (batch < 0 || rows < 0 || cols < 0 || ldx < 0 || ldy < 0) return SKM_EINVAL;
  if (m < 1 || m > 255 || n < 1 || n > m || cols % m != 0) return SKM_EINVAL;
  // Columns are int32 inside the kernel.
  if (cols > INT32_MAX) return SKM_EINVAL;
  const skm_int nin = trans ? rows : cols, nout = trans ? cols : rows;
  if (batch > 0 && (ldx < nin || ldy < nout)) return SKM_EINVAL;
  skm_int last;
  if (batch > 0 && (__builtin_mul_overflow(batch - 1, ldx, &last) ||
                    __builtin_mul_overflow(batch - 1, ldy, &last))) {
    return SKM_EINVAL;
  }
  const skm_int per = cols / m * n;
  const unsigned bits = nm_detail::BitsFor(static_cast<size_t>(m));
  skm_int total;
  if (__builtin_mul_overflow(rows, per, &total) || __builtin_mul_overflow(per, skm_int(bits), &last)) {
    return SKM_EINVAL;
  }
  if (batch == 0 || nout == 0) return SKM_OK;
  if (Y == nullptr) return SKM_EINVAL;
  if (nin == 0 || per == 0) {
    for (skm_int b = 0; b < batch; ++b)
      for (skm_int i = 0; i < nout; ++i) Y[b * ldy + i] = T(0);
    return SKM_OK;
  }
  if (values == nullptr || X == nullptr || (bits > 0 && positions == nullptr)) return SKM_EINVAL;
  // Positions become addresses: each must be below m. With m a power of two
  // every bit pattern is; otherwise check them all before writing anything.
  if ((m & (m - 1)) != 0) {
    const size_t rowBytes = (size_t(per) * bits + 7) / 8;
    for (skm_int i = 0; i < rows; ++i) {
      const uint8_t* row = positions + size_t(i) * rowBytes;
      for (skm_int e = 0; e < per; ++e) {
        if (nm_detail::PositionAt(row, size_t(e), bits) >= unsigned(m)) return SKM_EINVAL;
      }
    }
  }
  if (trans != 0 && size_t(batch) >= kSlabBatch && AllFinite(X, size_t(batch), size_t(nin), size_t(ldx))) {
    return DenseSlabs(size_t(batch), size_t(rows), size_t(cols), size_t(n), size_t(m), values, positions, X,
                      size_t(ldx), Y, size_t(ldy));
  }
  return Dispatch(trans != 0, size_t(batch), size_t(rows), size_t(cols), size_t(n), size_t(m), values, positions, X,
                  size_t(ldx), Y, size_t(ldy));
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_nm_sparse_f32(int32_t trans, skm_int batch, skm_int rows, skm_int cols,
                                     skm_int n, skm_int m, const float* values,
                                     const uint8_t* positions, const float* X, skm_int ldx,
                                     float* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::Nm<float>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
  });
}

SKM_API skm_status skm_nm_sparse_f64(int32_t trans, skm_int batch, skm_int rows, skm_int cols,
                                     skm_int n, skm_int m, const double* values,
                                     const uint8_t* positions, const double* X, skm_int ldx,
                                     double* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::Nm<double>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
