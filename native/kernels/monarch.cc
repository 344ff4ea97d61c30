// Monarch products Y = X M^T and Y = X M, M = P L P^T R (skm_structured.h).
//
// Per sample x (one row of X) the product is two rounds of small block
// products:
//   z[i0, j1] = sum_j0 R_{j1}[i0, j0] x[j1 p + j0]     (k blocks, t x p)
//   y[i1 t + i0] = sum_j1 L_{i0}[i1, j1] z[i0, j1]     (t blocks, q x k)
// The reshape-transpose permutations are where the results go: round one
// stores z with i0 outermost, so round two reads each block's input as one
// contiguous run; round two stores y at stride t, straight into Y. Neither
// round moves data on its own.
//
// Each round is a sum of axpys over a padded, transposed copy of the blocks
// (RT[j1][j0][:] is column j0 of R_{j1}, LT[i0][j1][:] column j1 of L_{i0}),
// so the vector lanes run along a block's output rows and every output is
// summed in the same order whatever the vector width (lanes are independent).
// Rows of X go four at a time so each block vector loaded feeds four samples,
// and a tile of up to 64 rows passes through each block before the next.
// Y = X M runs the same two rounds backwards: L's blocks on x read at stride
// t, then R's.
//
// The padded, transposed blocks ("packed", skm_monarch_pack_*) cost O(params)
// to make: an operator makes them once and calls skm_monarch_packed_* with
// them; skm_monarch_* packs into scratch on every call (at n = 4096 with 64
// blocks, the packing and its 2 MB of fresh scratch were 0.45 ms of the
// 0.49 ms a one-sample product took). Rows are padded to 64 bytes (16 f32,
// 8 f64 lanes), which every target's vector length divides, so one packed
// layout serves whichever SIMD target runs it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "skm_structured.h"

// The packed layout, shared by every target (defined once: foreach_target.h
// includes this file once per target).
#ifndef SKETCHMAT_MONARCH_LAYOUT_
#define SKETCHMAT_MONARCH_LAYOUT_
namespace skm {
namespace monarch {

// Forward: round one runs R's blocks transposed (k blocks, p rows of t),
// round two L's (t blocks, k rows of q). Transposed (Y = X M): round one runs
// L's blocks as stored (t blocks, q rows of k), round two R's (k blocks, t
// rows of p). w1, w2: the two rounds' row widths padded to 64 bytes; n1, n2:
// their sizes in elements (B2 starts at n1).
struct Layout {
  size_t w1, w2, blocks1, rows1, blocks2, rows2;
  uint64_t n1, n2;
};

inline Layout LayoutOf(bool trans, size_t k, size_t t, size_t p, size_t q, size_t elem) {
  const size_t lanes = 64 / elem;
  const auto pad = [lanes](size_t w) { return (w + lanes - 1) / lanes * lanes; };
  Layout l;
  l.w1 = trans ? pad(k) : pad(t);
  l.w2 = trans ? pad(p) : pad(q);
  l.blocks1 = trans ? t : k;
  l.rows1 = trans ? q : p;
  l.blocks2 = trans ? k : t;
  l.rows2 = trans ? t : k;
  l.n1 = Count({l.blocks1, l.rows1, l.w1});
  l.n2 = Count({l.blocks2, l.rows2, l.w2});
  return l;
}

// Writes the packed blocks (Layout's n1 + n2 elements, padding zeroed).
template <typename T>
void Pack(bool trans, size_t k, size_t t, size_t p, size_t q, const T* R, const T* L, T* out) {
  const Layout lay = LayoutOf(trans, k, t, p, q, sizeof(T));
  T* B1 = out;
  T* B2 = out + lay.n1;
  const size_t w1 = lay.w1, w2 = lay.w2;
  std::memset(static_cast<void*>(out), 0, size_t(lay.n1 + lay.n2) * sizeof(T));
  if (!trans) {
    for (size_t j1 = 0; j1 < k; ++j1)
      for (size_t i0 = 0; i0 < t; ++i0)
        for (size_t j0 = 0; j0 < p; ++j0) B1[(j1 * p + j0) * w1 + i0] = R[(j1 * t + i0) * p + j0];
    for (size_t i0 = 0; i0 < t; ++i0)
      for (size_t i1 = 0; i1 < q; ++i1)
        for (size_t j1 = 0; j1 < k; ++j1) B2[(i0 * k + j1) * w2 + i1] = L[(i0 * q + i1) * k + j1];
  } else {
    for (size_t i0 = 0; i0 < t; ++i0)
      for (size_t i1 = 0; i1 < q; ++i1)
        for (size_t j1 = 0; j1 < k; ++j1) B1[(i0 * q + i1) * w1 + j1] = L[(i0 * q + i1) * k + j1];
    for (size_t j1 = 0; j1 < k; ++j1)
      for (size_t i0 = 0; i0 < t; ++i0)
        for (size_t j0 = 0; j0 < p; ++j0) B2[(j1 * t + i0) * w2 + j0] = R[(j1 * t + i0) * p + j0];
  }
}

}  // namespace monarch
}  // namespace skm
#endif  // SKETCHMAT_MONARCH_LAYOUT_

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "monarch.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

constexpr size_t kRowsTogether = 4;

// acc[r][0..w) = sum_c B[c][0..w) * in[r][c * ins] for c < count, r < nr;
// B's rows are w apart (w a multiple of the vector length), acc rows too.
// B may be a caller's packed array: no alignment is assumed (LoadU).
template <typename T>
HWY_INLINE void AxpyRounds(size_t nr, size_t count, size_t w,
                           const T* HWY_RESTRICT B, const T* const* in,
                           size_t ins, T* HWY_RESTRICT acc) {
  using Ops = VecOps<T>;
  constexpr size_t N = Ops::kN;
  size_t v = 0;
  if (nr == kRowsTogether) {
    // Two vectors by four samples: eight accumulators, each broadcast input
    // feeding two multiply-adds (one vector at a time was load-bound).
    for (; v + 2 * N <= w; v += 2 * N) {
      auto a0 = Ops::Zero(), a1 = Ops::Zero(), a2 = Ops::Zero(), a3 = Ops::Zero();
      auto b0 = Ops::Zero(), b1 = Ops::Zero(), b2 = Ops::Zero(), b3 = Ops::Zero();
      for (size_t c = 0; c < count; ++c) {
        const auto lo = Ops::LoadU(B + c * w + v), hi = Ops::LoadU(B + c * w + v + N);
        auto x = Ops::Set(in[0][c * ins]);
        a0 = Ops::MulAdd(lo, x, a0);
        b0 = Ops::MulAdd(hi, x, b0);
        x = Ops::Set(in[1][c * ins]);
        a1 = Ops::MulAdd(lo, x, a1);
        b1 = Ops::MulAdd(hi, x, b1);
        x = Ops::Set(in[2][c * ins]);
        a2 = Ops::MulAdd(lo, x, a2);
        b2 = Ops::MulAdd(hi, x, b2);
        x = Ops::Set(in[3][c * ins]);
        a3 = Ops::MulAdd(lo, x, a3);
        b3 = Ops::MulAdd(hi, x, b3);
      }
      Ops::StoreU(a0, acc + v);
      Ops::StoreU(b0, acc + v + N);
      Ops::StoreU(a1, acc + w + v);
      Ops::StoreU(b1, acc + w + v + N);
      Ops::StoreU(a2, acc + 2 * w + v);
      Ops::StoreU(b2, acc + 2 * w + v + N);
      Ops::StoreU(a3, acc + 3 * w + v);
      Ops::StoreU(b3, acc + 3 * w + v + N);
    }
  }
  for (; v < w; v += N) {
    auto a0 = Ops::Zero(), a1 = Ops::Zero(), a2 = Ops::Zero(), a3 = Ops::Zero();
    if (nr == kRowsTogether) {
      for (size_t c = 0; c < count; ++c) {
        const auto b = Ops::LoadU(B + c * w + v);
        a0 = Ops::MulAdd(b, Ops::Set(in[0][c * ins]), a0);
        a1 = Ops::MulAdd(b, Ops::Set(in[1][c * ins]), a1);
        a2 = Ops::MulAdd(b, Ops::Set(in[2][c * ins]), a2);
        a3 = Ops::MulAdd(b, Ops::Set(in[3][c * ins]), a3);
      }
      Ops::StoreU(a0, acc + v);
      Ops::StoreU(a1, acc + w + v);
      Ops::StoreU(a2, acc + 2 * w + v);
      Ops::StoreU(a3, acc + 3 * w + v);
    } else {
      for (size_t r = 0; r < nr; ++r) {
        a0 = Ops::Zero();
        for (size_t c = 0; c < count; ++c) {
          a0 = Ops::MulAdd(Ops::LoadU(B + c * w + v), Ops::Set(in[r][c * ins]), a0);
        }
        Ops::StoreU(a0, acc + r * w + v);
      }
    }
  }
}

// One round: for each block, every group of up to four samples of the tile
// through AxpyRounds; in_of(sample, block) is where a sample's input for that
// block starts (read at stride ins), store(sample, block, acc) puts the w
// results where the permutation sends them.
template <typename T, class In, class Store>
HWY_INLINE void Round(size_t blocks, size_t nt, size_t count, size_t w,
                      const T* B, size_t ins, T* acc, const In& in_of,
                      const Store& store) {
  const T* in[kRowsTogether];
  for (size_t blk = 0; blk < blocks; ++blk) {
    for (size_t g = 0; g < nt; g += kRowsTogether) {
      const size_t nr = nt - g < kRowsTogether ? nt - g : kRowsTogether;
      for (size_t r = 0; r < nr; ++r) in[r] = in_of(g + r, blk);
      AxpyRounds<T>(nr, count, w, B + blk * count * w, in, ins, acc);
      for (size_t r = 0; r < nr; ++r) store(g + r, blk, acc + r * w);
    }
  }
}

template <typename T>
skm_status MonarchT(bool trans, size_t batch, size_t k, size_t t, size_t p,
                    size_t q, const T* packed, const T* X, size_t ldx,
                    T* Y, size_t ldy) {
  const monarch::Layout lay = monarch::LayoutOf(trans, k, t, p, q, sizeof(T));
  const T* B1 = packed;
  const T* B2 = packed + lay.n1;
  const size_t w1 = lay.w1, w2 = lay.w2;
  const size_t aw = w1 > w2 ? w1 : w2;
  // Samples go through each block a tile at a time, so a block is read from
  // L1 once per tile rather than once per four samples (at n = 4096 the
  // blocks are 2 MB: re-reading them per four samples made batch 256 4x
  // slower); the tile's z (tile x k t) stays within ~256 KB, i.e. in L2,
  // and no larger than the batch needs.
  const size_t zRow = k * t * sizeof(T) > 0 ? k * t * sizeof(T) : 1;
  size_t tile = (size_t(256) << 10) / zRow / kRowsTogether * kRowsTogether;
  tile = tile < kRowsTogether ? kRowsTogether : tile > 64 ? 64 : tile;
  const size_t batchUp = (batch + kRowsTogether - 1) / kRowsTogether * kRowsTogether;
  if (tile > batchUp) tile = batchUp;
  const uint64_t nZ = Count({tile, k, t}), nAcc = Count({kRowsTogether, aw});
  AlignedArray<T> buf(Plus(nZ, nAcc));
  if (buf.p == nullptr) return SKM_ENOMEM;
  T* Z = buf.p;
  T* acc = Z + nZ;

  for (size_t tile0 = 0; tile0 < batch; tile0 += tile) {
    if (Cancelled()) return SKM_ECANCELED;
    const size_t nt = batch - tile0 < tile ? batch - tile0 : tile;
    const T* Xt = X + tile0 * ldx;
    T* Yt = Y + tile0 * ldy;
    if (!trans) {
      // Round one: block j1 of R on every sample's chunk j1; z stored as [i0][j1].
      Round<T>(k, nt, p, w1, B1, 1, acc, [&](size_t s, size_t j1) { return Xt + s * ldx + j1 * p; },
               [&](size_t s, size_t j1, const T* a) { for (size_t i0 = 0; i0 < t; ++i0) Z[(s * t + i0) * k + j1] = a[i0]; });
      // Round two: block i0 of L on z[i0][:]; results to Y at stride t.
      Round<T>(t, nt, k, w2, B2, 1, acc, [&](size_t s, size_t i0) { return Z + (s * t + i0) * k; },
               [&](size_t s, size_t i0, const T* a) { for (size_t i1 = 0; i1 < q; ++i1) Yt[s * ldy + i0 + i1 * t] = a[i1]; });
    } else {
      // Round one: block i0 of L^T on the samples' entries i0, i0 + t, ...
      // (read at stride t); w stored as [j1][i0].
      Round<T>(t, nt, q, w1, B1, t, acc, [&](size_t s, size_t i0) { return Xt + s * ldx + i0; },
               [&](size_t s, size_t i0, const T* a) { for (size_t j1 = 0; j1 < k; ++j1) Z[(s * k + j1) * t + i0] = a[j1]; });
      // Round two: block j1 of R^T on w[j1][:]; results to Y's chunk j1.
      Round<T>(k, nt, t, w2, B2, 1, acc, [&](size_t s, size_t j1) { return Z + (s * k + j1) * t; },
               [&](size_t s, size_t j1, const T* a) { for (size_t j0 = 0; j0 < p; ++j0) Yt[s * ldy + j1 * p + j0] = a[j0]; });
    }
  }
  return SKM_OK;
}

skm_status MonarchF32(bool trans, size_t batch, size_t k, size_t t, size_t p, size_t q,
                      const float* packed, const float* X, size_t ldx, float* Y, size_t ldy) {
  return MonarchT<float>(trans, batch, k, t, p, q, packed, X, ldx, Y, ldy);
}
skm_status MonarchF64(bool trans, size_t batch, size_t k, size_t t, size_t p, size_t q,
                      const double* packed, const double* X, size_t ldx, double* Y, size_t ldy) {
  return MonarchT<double>(trans, batch, k, t, p, q, packed, X, ldx, Y, ldy);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(MonarchF32);
HWY_EXPORT(MonarchF64);

namespace {

skm_status Dispatch(bool trans, size_t batch, size_t k, size_t t, size_t p, size_t q,
                    const float* packed, const float* X, size_t ldx, float* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(MonarchF32)(trans, batch, k, t, p, q, packed, X, ldx, Y, ldy);
}
skm_status Dispatch(bool trans, size_t batch, size_t k, size_t t, size_t p, size_t q,
                    const double* packed, const double* X, size_t ldx, double* Y, size_t ldy) {
  return HWY_DYNAMIC_DISPATCH(MonarchF64)(trans, batch, k, t, p, q, packed, X, ldx, Y, ldy);
}

// a * b fits in skm_int (both >= 0).
bool FitsProduct(skm_int a, skm_int b) {
  skm_int r;
  return !__builtin_mul_overflow(a, b, &r);
}

// The block sizes: consistent, and every count of elements fits.
bool DimsOk(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q) {
  if (trans != 0 && trans != 1) return false;
  if (k < 0 || t < 0 || p < 0 || q < 0) return false;
  if (!FitsProduct(k, p) || !FitsProduct(t, q)) return false;
  return FitsProduct(k, t) && FitsProduct(k * t, p) && FitsProduct(t * q, k);
}

// The packed length in elements, or -1 when it does not fit in skm_int.
template <typename T>
skm_int PackedLen(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q) {
  const monarch::Layout l = monarch::LayoutOf(trans != 0, size_t(k), size_t(t), size_t(p), size_t(q), sizeof(T));
  const uint64_t n = Plus(l.n1, l.n2);
  return n > uint64_t(INT64_MAX) / 2 ? -1 : skm_int(n);
}

// X, Y and the batch against the sizes; fills Y with zeros when the inner
// dimension is empty. Returns SKM_OK with *done set when nothing is left.
template <typename T>
skm_status CheckProduct(int32_t trans, skm_int batch, skm_int k, skm_int t, skm_int p, skm_int q,
                        const T* X, skm_int ldx, T* Y, skm_int ldy, bool* done) {
  *done = true;
  if (batch < 0 || ldx < 0 || ldy < 0) return SKM_EINVAL;
  // Forward: X is batch x n, Y batch x m; transposed the other way round.
  const skm_int n = trans ? t * q : k * p, m = trans ? k * p : t * q;
  if (batch > 0 && (ldx < n || ldy < m)) return SKM_EINVAL;
  if (batch > 0 && (!FitsProduct(batch - 1, ldx) || !FitsProduct(batch - 1, ldy))) return SKM_EINVAL;
  if (batch == 0 || m == 0) return SKM_OK;
  if (Y == nullptr) return SKM_EINVAL;
  if (n == 0) {
    // An empty inner dimension: Y = 0, nothing else is read.
    for (skm_int b = 0; b < batch; ++b)
      for (skm_int i = 0; i < m; ++i) Y[b * ldy + i] = T(0);
    return SKM_OK;
  }
  if (X == nullptr) return SKM_EINVAL;
  *done = false;
  return SKM_OK;
}

template <typename T>
skm_status Monarch(int32_t trans, skm_int batch, skm_int k, skm_int t, skm_int p, skm_int q,
                   const T* R, const T* L, const T* X, skm_int ldx, T* Y,
                   skm_int ldy) {
  if (!DimsOk(trans, k, t, p, q)) return SKM_EINVAL;
  bool done;
  const skm_status st = CheckProduct(trans, batch, k, t, p, q, X, ldx, Y, ldy, &done);
  if (st != SKM_OK || done) return st;
  if (R == nullptr || L == nullptr) return SKM_EINVAL;
  const skm_int len = PackedLen<T>(trans, k, t, p, q);
  if (len < 0) return SKM_EINVAL;
  AlignedArray<T> packed(static_cast<uint64_t>(len));
  if (packed.p == nullptr) return SKM_ENOMEM;
  monarch::Pack(trans != 0, size_t(k), size_t(t), size_t(p), size_t(q), R, L, packed.p);
  return Dispatch(trans != 0, size_t(batch), size_t(k), size_t(t), size_t(p), size_t(q), packed.p, X,
                  size_t(ldx), Y, size_t(ldy));
}

template <typename T>
skm_status MonarchPack(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q, const T* R, const T* L,
                       T* packed, skm_int len) {
  if (!DimsOk(trans, k, t, p, q)) return SKM_EINVAL;
  if (len < 0 || len != PackedLen<T>(trans, k, t, p, q)) return SKM_EINVAL;
  if (len == 0) return SKM_OK;
  if (packed == nullptr || (k * t * p > 0 && R == nullptr) || (t * q * k > 0 && L == nullptr)) return SKM_EINVAL;
  monarch::Pack(trans != 0, size_t(k), size_t(t), size_t(p), size_t(q), R, L, packed);
  return SKM_OK;
}

template <typename T>
skm_status MonarchPacked(int32_t trans, skm_int batch, skm_int k, skm_int t, skm_int p, skm_int q,
                         const T* packed, skm_int len, const T* X, skm_int ldx, T* Y, skm_int ldy) {
  if (!DimsOk(trans, k, t, p, q)) return SKM_EINVAL;
  if (len < 0 || len != PackedLen<T>(trans, k, t, p, q)) return SKM_EINVAL;
  bool done;
  const skm_status st = CheckProduct(trans, batch, k, t, p, q, X, ldx, Y, ldy, &done);
  if (st != SKM_OK || done) return st;
  if (packed == nullptr) return SKM_EINVAL;
  return Dispatch(trans != 0, size_t(batch), size_t(k), size_t(t), size_t(p), size_t(q), packed, X,
                  size_t(ldx), Y, size_t(ldy));
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_monarch_f32(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                   skm_int p, skm_int q, const float* R,
                                   const float* L, const float* X, skm_int ldx,
                                   float* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Monarch<float>(trans, batch, k, t, p, q, R, L, X, ldx, Y, ldy); });
}

SKM_API skm_status skm_monarch_f64(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                   skm_int p, skm_int q, const double* R,
                                   const double* L, const double* X,
                                   skm_int ldx, double* Y, skm_int ldy) {
  return skm::Guarded([&] { return skm::Monarch<double>(trans, batch, k, t, p, q, R, L, X, ldx, Y, ldy); });
}

SKM_API skm_status skm_monarch_pack_f32(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q,
                                        const float* R, const float* L, float* packed, skm_int len) {
  return skm::Guarded([&] { return skm::MonarchPack<float>(trans, k, t, p, q, R, L, packed, len); });
}

SKM_API skm_status skm_monarch_pack_f64(int32_t trans, skm_int k, skm_int t, skm_int p, skm_int q,
                                        const double* R, const double* L, double* packed, skm_int len) {
  return skm::Guarded([&] { return skm::MonarchPack<double>(trans, k, t, p, q, R, L, packed, len); });
}

SKM_API skm_status skm_monarch_packed_f32(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                          skm_int p, skm_int q, const float* packed, skm_int len,
                                          const float* X, skm_int ldx, float* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::MonarchPacked<float>(trans, batch, k, t, p, q, packed, len, X, ldx, Y, ldy);
  });
}

SKM_API skm_status skm_monarch_packed_f64(int32_t trans, skm_int batch, skm_int k, skm_int t,
                                          skm_int p, skm_int q, const double* packed, skm_int len,
                                          const double* X, skm_int ldx, double* Y, skm_int ldy) {
  return skm::Guarded([&] {
    return skm::MonarchPacked<double>(trans, batch, k, t, p, q, packed, len, X, ldx, Y, ldy);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
