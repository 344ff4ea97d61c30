// N:M semi-structured sparse products (skm_structured_kernels.h).
//
// Each row keeps n of every m consecutive columns; its kept values are
// contiguous and their positions inside the groups are packed at
// ceil(log2 m) bits (2 for 2:4, as GPU 2:4 metadata is): at batch 1 the
// product is memory-bound, and the packed row (values + 1/16 of their size
// in metadata for f32 2:4) is read once.
//
// The 2:4 f32 path never decodes a column index. Per step, a vector of N
// kept values (N = 4 or 8 lanes) covers 2N columns: the first N/2 values
// come from the first N columns, the rest from the next N. One
// TableLookupLanes per half picks each value's x out of a dense load of its
// columns, the lane indices coming straight from a 256-entry table indexed by
// the metadata byte (4 positions a byte), and the halves are blended. Other
// N:M shapes, f64, and scalar targets decode each row's columns once into a
// buffer (per tile of samples) and gather by index. Samples go 16 at a time
// through each row, so a row's values are read once per 16 samples while
// their 16 x rows stay in L2.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "linalg_util.h"
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

template <typename T>
skm_status NmT(bool trans, size_t batch, size_t rows, size_t cols, size_t n,
               size_t m, const T* values, const uint8_t* positions, const T* X,
               size_t ldx, T* Y, size_t ldy) {
  const size_t per = cols / m * n;
  const unsigned bits = BitsFor(m);
  const size_t rowBytes = (per * bits + 7) / 8;
  int32_t* colsBuf = AllocArray<int32_t>(per > 0 ? per : 1);
  if (colsBuf == nullptr) return SKM_ENOMEM;
  if (trans) {
    for (size_t s = 0; s < batch; ++s) std::memset(static_cast<void*>(Y + s * ldy), 0, cols * sizeof(T));
  }
  using DF = hn::CappedTag<float, 8>;
  constexpr size_t NF = hn::MaxLanes(DF());
  constexpr bool kHave24 = (NF == 4 || NF == 8);
  // The 2:4 fast path (f32, forward): lanes' indices by metadata byte.
  const bool fast = kHave24 && !trans && std::is_same_v<T, float> && n == 2 && m == 4;
  HWY_ALIGN uint8_t lut[256][16];
  size_t steps = 0;
  // x rearranged per sample for the 2:4 path (see Step24): ns rows of steps * 2 NF.
  AlignedArray<float> xrBuf(fast ? Count({kSampleTile, per / NF, 2 * NF}) : 0);
  if (fast) {
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
    if (fast) {
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
          const size_t done = steps * NF;
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
            Dot24(DF(), reinterpret_cast<const float*>(v), pos, reinterpret_cast<const float*>(v1), pos1, steps,
                  xrBuf.p + r * steps * 2 * NF, lut, 2 * per, acc);
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
      if (!trans) {
        for (size_t r = 0; r < ns; ++r) Y[(s0 + r) * ldy + i] = DotIndexed<T>(v, colsBuf, per, X + (s0 + r) * ldx);
      } else {
        for (size_t r = 0; r < ns; ++r) {
          const T xi = X[(s0 + r) * ldx + i];
          T* y = Y + (s0 + r) * ldy;
          for (size_t e = 0; e < per; ++e) y[colsBuf[e]] += v[e] * xi;
        }
      }
    }
  }
  std::free(colsBuf);
  return st;
}

skm_status NmF32(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                 const float* values, const uint8_t* positions, const float* X, size_t ldx,
                 float* Y, size_t ldy) {
  return NmT<float>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}
skm_status NmF64(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                 const double* values, const uint8_t* positions, const double* X, size_t ldx,
                 double* Y, size_t ldy) {
  return NmT<double>(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(NmF32);
HWY_EXPORT(NmF64);

namespace {

skm_status Dispatch(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                    const float* values, const uint8_t* positions, const float* X, size_t ldx,
                    float* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(NmF32)(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}
skm_status Dispatch(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
                    const double* values, const uint8_t* positions, const double* X, size_t ldx,
                    double* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(NmF64)(trans, batch, rows, cols, n, m, values, positions, X, ldx, Y, ldy);
}

// From this batch on, the product goes through the GEMM a slab of rows at a
// time (DenseSlabs). The sparse kernel costs ~1.5 ms per sample at 4096²
// (f32, AVX2): it decodes each value's lanes once per 16 samples, but each
// sample still needs its own gathers. The slabs cost the dense product
// (~0.8 ms per sample) plus decompressing W (~8 ms). They meet near batch
// 16; at 256 the slabs take 128 ms where the sparse kernel took 380 (dense:
// 118). A 2:4 layer saves memory at any batch, and time only at batch 1,
// where the product is memory-bound (bench/structured.mjs).
constexpr size_t kDenseBatch = 16;

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

// Y (batch x rows) = X * W^T, or with trans Y (batch x cols) = X * W: W's
// rows decompressed to dense in slabs, each slab one GEMM.
template <typename T>
skm_status DenseSlabs(bool trans, size_t batch, size_t rows, size_t cols, size_t n, size_t m,
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
    const skm_status st =
        trans ? linalg::Gemm(false, false, skm_int(batch), skm_int(cols), skm_int(hh), T(1), X + i0, skm_int(ldx),
                             slab.p, skm_int(cols), i0 == 0 ? T(0) : T(1), Y, skm_int(ldy))
              : linalg::Gemm(false, true, skm_int(batch), skm_int(hh), skm_int(cols), T(1), X, skm_int(ldx),
                             slab.p, skm_int(cols), T(0), Y + i0, skm_int(ldy));
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
  if (batch >= kDenseBatch && AllFinite(X, size_t(batch), size_t(nin), size_t(ldx))) {
    return DenseSlabs(trans != 0, size_t(batch), size_t(rows), size_t(cols), size_t(n), size_t(m), values,
                      positions, X, size_t(ldx), Y, size_t(ldy));
  }
  return Dispatch(trans != 0, size_t(batch), size_t(rows), size_t(cols), size_t(n), size_t(m), values,
                  positions, X, size_t(ldx), Y, size_t(ldy));
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
