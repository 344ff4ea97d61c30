// skm_random_fill_f32 / skm_random_fill_f64: blocks of the random matrices
// named by (seed, stream, dist). The mapping is defined by the scalar code in
// philox.h and written down in RANDOM.md; the Highway code below evaluates
// the same operations lane by lane (exact integer ops, f64 add/sub/mul/div/
// sqrt, selects; never MulAdd), so every target gives the same bits.
//
// Work: the requested block is cut into tiles (a few thousand entries); a tile
// is generated into a scratch buffer in f64, then scaled and stored (rounded
// to f32 for the f32 fill). Tiles are independent, so ParallelFor may run them
// on any number of threads without changing a bit.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "parallel.h"
#include "philox.h"
#include "sketchmat.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "random_fill.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

#ifndef SKETCHMAT_RANDOM_FILL_ONCE_
#define SKETCHMAT_RANDOM_FILL_ONCE_
namespace skm {
namespace random_fill {

// Scalar tile generator: the definition, used by targets without f64 lanes
// (Highway 1.0's WASM target, HWY_SCALAR). Layout as GenerateTile below.
inline void GenerateTileScalar(uint32_t kind, uint32_t k0, uint32_t k1,
                               uint32_t stream, uint32_t row, size_t nrows,
                               uint32_t p0, size_t nb, double* buf) {
  const uint32_t key[2] = {k0, k1};
  for (size_t r = 0; r < nrows; ++r) {
    double* out = buf + r * 2 * nb;
    for (size_t b = 0; b < nb; ++b) {
      const uint32_t ctr[4] = {p0 + static_cast<uint32_t>(b),
                               row + static_cast<uint32_t>(r), stream, kind};
      uint32_t x[4];
      Philox4x32(ctr, key, x);
      RandomPair(kind, x, &out[2 * b], &out[2 * b + 1]);
    }
  }
}

}  // namespace random_fill
}  // namespace skm
#endif  // SKETCHMAT_RANDOM_FILL_ONCE_

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {

#if HWY_TARGET == HWY_SCALAR || !HWY_HAVE_FLOAT64

void GenerateTile(uint32_t kind, uint32_t k0, uint32_t k1, uint32_t stream,
                  uint32_t row, size_t nrows, uint32_t p0, size_t nb,
                  double* HWY_RESTRICT buf) {
  random_fill::GenerateTileScalar(kind, k0, k1, stream, row, nrows, p0, nb,
                                  buf);
}

#else

namespace hn = hwy::HWY_NAMESPACE;
using DU = hn::ScalableTag<uint64_t>;
using DF = hn::ScalableTag<double>;
using VU = hn::Vec<DU>;
using VF = hn::Vec<DF>;

// Philox4x32-10 with one block per u64 lane; every word is kept in the low 32
// bits of its lane (upper bits zero). MulEven on the u32 view multiplies the
// low halves: the exact 32x32 -> 64 product.
HWY_INLINE void PhiloxLanes(VU& c0, VU& c1, VU& c2, VU& c3, uint32_t k0,
                            uint32_t k1) {
  const DU du;
  const hn::Repartition<uint32_t, DU> d32;
  const auto m0 = hn::BitCast(d32, hn::Set(du, uint64_t{kPhiloxM0}));
  const auto m1 = hn::BitCast(d32, hn::Set(du, uint64_t{kPhiloxM1}));
  const VU lo_mask = hn::Set(du, uint64_t{0xFFFFFFFFu});
  for (int r = 0; r < kPhiloxRounds; ++r) {
    const VU p0 = hn::MulEven(hn::BitCast(d32, c0), m0);
    const VU p1 = hn::MulEven(hn::BitCast(d32, c2), m1);
    const VU n0 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p1), c1),
                          hn::Set(du, uint64_t{k0}));
    const VU n2 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p0), c3),
                          hn::Set(du, uint64_t{k1}));
    c1 = hn::And(p1, lo_mask);
    c3 = hn::And(p0, lo_mask);
    c0 = n0;
    c2 = n2;
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
}

// Uniform53(lo, hi) = hi * 2^-32 + (lo >> 11) * 2^-53, all exact; each u32
// becomes a double through the 2^52 trick (bits 2^52 | v, minus 2^52).
HWY_INLINE VF Uniform53Lanes(VU lo, VU hi) {
  const DU du;
  const DF df;
  const VU magic = hn::Set(du, rng::kTwo52Bits);
  const VF two52 = hn::Set(df, rng::kTwo52);
  const VF hd = hn::Sub(hn::BitCast(df, hn::Or(hi, magic)), two52);
  const VF ld =
      hn::Sub(hn::BitCast(df, hn::Or(hn::ShiftRight<11>(lo), magic)), two52);
  return hn::Add(hn::Mul(hd, hn::Set(df, 0x1p-32)),
                 hn::Mul(ld, hn::Set(df, 0x1p-53)));
}

// skm::Log, lane by lane (same operations, same order).
HWY_INLINE VF LogLanes(VF x) {
  const DU du;
  const DF df;
  const VU bits = hn::BitCast(du, x);
  VF e = hn::Sub(hn::BitCast(df, hn::Or(hn::ShiftRight<52>(bits),
                                        hn::Set(du, rng::kTwo52Bits))),
                 hn::Set(df, rng::kTwo52 + 1023.0));
  VF m = hn::BitCast(
      df, hn::Or(hn::And(bits, hn::Set(du, uint64_t{0x000FFFFFFFFFFFFFull})),
                 hn::Set(du, uint64_t{0x3FF0000000000000ull})));
  const auto big = hn::Gt(m, hn::Set(df, rng::kSqrt2));
  m = hn::IfThenElse(big, hn::Mul(m, hn::Set(df, 0.5)), m);
  e = hn::IfThenElse(big, hn::Add(e, hn::Set(df, 1.0)), e);
  const VF f = hn::Sub(m, hn::Set(df, 1.0));
  const VF s = hn::Div(f, hn::Add(hn::Set(df, 2.0), f));
  const VF z = hn::Mul(s, s);
  VF t = hn::Set(df, rng::kLogL[9]);
  for (int k = 8; k >= 0; --k) {
    t = hn::Add(hn::Set(df, rng::kLogL[k]), hn::Mul(z, t));
  }
  const VF R = hn::Mul(z, t);
  const VF hfsq = hn::Mul(hn::Mul(hn::Set(df, 0.5), f), f);
  const VF lo = hn::Add(hn::Mul(s, hn::Add(hfsq, R)),
                        hn::Mul(e, hn::Set(df, rng::kLn2Lo)));
  return hn::Add(hn::Mul(e, hn::Set(df, rng::kLn2Hi)),
                 hn::Sub(f, hn::Sub(hfsq, lo)));
}

// skm::SinCos2Pi, lane by lane.
HWY_INLINE void SinCos2PiLanes(VF u, VF& sin_out, VF& cos_out) {
  const DU du;
  const DF df;
  const VF one = hn::Set(df, 1.0);
  const VF two52 = hn::Set(df, rng::kTwo52);
  const VF t = hn::Mul(u, hn::Set(df, 8.0));
  VF qd = hn::Sub(hn::Add(t, two52), two52);
  qd = hn::IfThenElse(hn::Gt(qd, t), hn::Sub(qd, one), qd);
  const VU q = hn::And(hn::BitCast(du, hn::Add(qd, two52)), hn::Set(du, 7));
  const VF f = hn::Sub(t, qd);
  const auto odd = hn::RebindMask(df, hn::TestBit(q, hn::Set(du, 1)));
  const VF g = hn::IfThenElse(odd, hn::Sub(one, f), f);
  const VF a = hn::Mul(g, hn::Set(df, rng::kPiOver4));
  const VF z = hn::Mul(a, a);
  VF ps = hn::Set(df, rng::kSinS[8]);
  for (int k = 7; k >= 0; --k) {
    ps = hn::Add(hn::Set(df, rng::kSinS[k]), hn::Mul(z, ps));
  }
  VF pc = hn::Set(df, rng::kCosC[8]);
  for (int k = 7; k >= 0; --k) {
    pc = hn::Add(hn::Set(df, rng::kCosC[k]), hn::Mul(z, pc));
  }
  const VF sa = hn::Add(a, hn::Mul(hn::Mul(a, z), ps));
  const VF ca = hn::Add(one, hn::Mul(z, pc));
  const VU two = hn::Set(du, 2);
  const VU four = hn::Set(du, 4);
  const auto swap = hn::RebindMask(df, hn::TestBit(hn::Add(q, hn::Set(du, 1)), two));
  const auto neg_sin = hn::RebindMask(df, hn::TestBit(q, four));
  const auto neg_cos = hn::RebindMask(df, hn::TestBit(hn::Add(q, two), four));
  VF sv = hn::IfThenElse(swap, ca, sa);
  VF cv = hn::IfThenElse(swap, sa, ca);
  sv = hn::IfThenElse(neg_sin, hn::Neg(sv), sv);
  cv = hn::IfThenElse(neg_cos, hn::Neg(cv), cv);
  sin_out = sv;
  cos_out = cv;
}

// The values of the blocks with counter words (c0, c1, stream, kKind).
template <uint32_t kKind>
HWY_INLINE void PairLanes(VU c0, VU c1, uint32_t stream, uint32_t k0,
                          uint32_t k1, VF& even, VF& odd) {
  const DU du;
  const DF df;
  VU c2 = hn::Set(du, uint64_t{stream});
  VU c3 = hn::Set(du, uint64_t{kKind});
  PhiloxLanes(c0, c1, c2, c3, k0, k1);
  if (kKind == kKindUniform) {
    even = Uniform53Lanes(c0, c1);
    odd = Uniform53Lanes(c2, c3);
  } else if (kKind == kKindGaussian) {
    const VF u0 = hn::Add(Uniform53Lanes(c0, c1), hn::Set(df, 0x1p-53));
    const VF u1 = Uniform53Lanes(c2, c3);
    const VF r = hn::Sqrt(hn::Mul(hn::Set(df, -2.0), LogLanes(u0)));
    VF sn, cs;
    SinCos2PiLanes(u1, sn, cs);
    even = hn::Mul(r, cs);
    odd = hn::Mul(r, sn);
  } else {
    const VU top = hn::Set(du, uint64_t{0x80000000u});
    const VF plus = hn::Set(df, 1.0);
    const VF minus = hn::Set(df, -1.0);
    even = hn::IfThenElse(hn::RebindMask(df, hn::TestBit(c1, top)), minus, plus);
    odd = hn::IfThenElse(hn::RebindMask(df, hn::TestBit(c3, top)), minus, plus);
  }
}

template <uint32_t kKind>
HWY_NOINLINE void TileLanes(uint32_t k0, uint32_t k1, uint32_t stream,
                            uint32_t row, size_t nrows, uint32_t p0, size_t nb,
                            double* HWY_RESTRICT buf) {
  const DU du;
  const DF df;
  const size_t N = hn::Lanes(du);
  const VU w32 = hn::Set(du, uint64_t{0xFFFFFFFFu});
  HWY_ALIGN double tmp_e[(HWY_MAX_BYTES / 8)];
  HWY_ALIGN double tmp_o[(HWY_MAX_BYTES / 8)];
  HWY_ALIGN double tmp[2 * (HWY_MAX_BYTES / 8)];
  VF even, odd;
  if (nb >= N) {
    // Lanes run along the row: blocks p0 + b + lane.
    for (size_t r = 0; r < nrows; ++r) {
      const VU c1 = hn::Set(du, uint64_t{row + static_cast<uint32_t>(r)});
      double* out = buf + r * 2 * nb;
      size_t b = 0;
      for (; b + N <= nb; b += N) {
        const VU c0 = hn::Iota(du, uint64_t{p0} + b);
        PairLanes<kKind>(c0, c1, stream, k0, k1, even, odd);
        hn::StoreInterleaved2(even, odd, df, out + 2 * b);
      }
      if (b < nb) {
        const VU c0 = hn::And(hn::Iota(du, uint64_t{p0} + b), w32);
        PairLanes<kKind>(c0, c1, stream, k0, k1, even, odd);
        hn::StoreInterleaved2(even, odd, df, tmp);
        std::memcpy(out + 2 * b, tmp, 2 * (nb - b) * sizeof(double));
      }
    }
  } else {
    // Narrow tiles: lanes run down a column of blocks, rows row + r + lane.
    for (size_t b = 0; b < nb; ++b) {
      const VU c0 = hn::Set(du, uint64_t{p0 + static_cast<uint32_t>(b)});
      for (size_t r = 0; r < nrows; r += N) {
        const VU c1 = hn::And(hn::Iota(du, uint64_t{row} + r), w32);
        PairLanes<kKind>(c0, c1, stream, k0, k1, even, odd);
        hn::Store(even, df, tmp_e);
        hn::Store(odd, df, tmp_o);
        const size_t n = nrows - r < N ? nrows - r : N;
        for (size_t l = 0; l < n; ++l) {
          buf[(r + l) * 2 * nb + 2 * b] = tmp_e[l];
          buf[(r + l) * 2 * nb + 2 * b + 1] = tmp_o[l];
        }
      }
    }
  }
}

// Writes the values of blocks p0 .. p0+nb-1 of rows row .. row+nrows-1 to
// buf[r * 2nb + 2b] (even column) and buf[r * 2nb + 2b + 1] (odd column).
void GenerateTile(uint32_t kind, uint32_t k0, uint32_t k1, uint32_t stream,
                  uint32_t row, size_t nrows, uint32_t p0, size_t nb,
                  double* HWY_RESTRICT buf) {
  switch (kind) {
    case kKindUniform:
      return TileLanes<kKindUniform>(k0, k1, stream, row, nrows, p0, nb, buf);
    case kKindGaussian:
      return TileLanes<kKindGaussian>(k0, k1, stream, row, nrows, p0, nb, buf);
    default:
      return TileLanes<kKindRademacher>(k0, k1, stream, row, nrows, p0, nb,
                                        buf);
  }
}

#endif  // HWY_TARGET == HWY_SCALAR || !HWY_HAVE_FLOAT64

}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {

HWY_EXPORT(GenerateTile);

namespace {

// Entries per tile (the scratch buffer lives on the stack: 8 * kTile bytes
// plus a little). Even, so column chunks start on block boundaries.
constexpr size_t kTile = 4096;
// Below this many entries, one thread does everything.
constexpr size_t kParallelMin = 65536;

constexpr uint64_t kTwo32 = uint64_t{1} << 32;

template <typename T>
inline void StoreValue(uint32_t kind, double v, double scale, T* out);
template <>
inline void StoreValue<double>(uint32_t, double v, double scale, double* out) {
  *out = v * scale;
}
template <>
inline void StoreValue<float>(uint32_t kind, double v, double scale,
                              float* out) {
  *out = ToF32(kind, v, scale);
}

template <typename T>
skm_status Fill(int32_t dist, uint32_t seed_lo, uint32_t seed_hi,
                uint32_t stream, uint32_t row0, uint32_t col0, skm_int rows,
                skm_int cols, double scale, T* out, skm_int ldo) {
  if (dist != SKM_DIST_UNIFORM && dist != SKM_DIST_GAUSSIAN &&
      dist != SKM_DIST_RADEMACHER) {
    return SKM_EINVAL;
  }
  if (seed_hi >= (1u << 21)) return SKM_EINVAL;
  if (rows < 0 || cols < 0) return SKM_EINVAL;
  // Offsets are uint32 (up to 2^32 - 1 on every platform, wasm32 included).
  const uint64_t r_off = row0, c_off = col0;
  if (r_off + static_cast<uint64_t>(rows) > kTwo32 ||
      c_off + static_cast<uint64_t>(cols) > kTwo32) {
    return SKM_EINVAL;
  }
  if (rows > 0 && ldo < cols) return SKM_EINVAL;
  if (rows == 0 || cols == 0) return SKM_OK;
  if (out == nullptr) return SKM_EINVAL;

  const uint32_t kind = static_cast<uint32_t>(dist);
  const uint64_t c_begin = c_off;
  const uint64_t ncols = static_cast<uint64_t>(cols);
  const uint64_t nrows = static_cast<uint64_t>(rows);
  // Tiles: wide rows are cut into column chunks of kTile entries (aligned to
  // even absolute columns); narrow ones are stacked several rows per tile.
  uint64_t chunk_cols, tile_rows;
  if (ncols + 3 > kTile) {
    chunk_cols = kTile;
    tile_rows = 1;
  } else {
    chunk_cols = ncols;
    tile_rows = kTile / (ncols + 3);
  }
  // Column chunk c covers absolute columns [start_c, end_c) with
  // start_0 = col0, start_c = align_even(col0) + c * chunk_cols afterwards.
  const uint64_t c_aligned = c_begin & ~uint64_t{1};
  const uint64_t c_end = c_begin + ncols;
  const uint64_t num_chunks =
      chunk_cols == ncols ? 1 : (c_end - c_aligned + chunk_cols - 1) / chunk_cols;
  const uint64_t num_row_tiles = (nrows + tile_rows - 1) / tile_rows;
  const uint64_t num_tasks = num_chunks * num_row_tiles;

  const auto task = [&](size_t t) {
    // Scratch: at most kTile + 3 values per row times rows per tile.
    HWY_ALIGN double buf[kTile + 64];
    const uint64_t rt = t / num_chunks;
    const uint64_t ct = t % num_chunks;
    const uint64_t r_begin = rt * tile_rows;
    const uint64_t r_count =
        nrows - r_begin < tile_rows ? nrows - r_begin : tile_rows;
    uint64_t cs, ce;
    if (num_chunks == 1) {
      cs = c_begin;
      ce = c_end;
    } else {
      cs = c_aligned + ct * chunk_cols;
      if (cs < c_begin) cs = c_begin;
      ce = c_aligned + (ct + 1) * chunk_cols;
      if (ce > c_end) ce = c_end;
    }
    const uint64_t p_begin = cs >> 1;
    const uint64_t p_end = ((ce - 1) >> 1) + 1;
    const size_t nb = static_cast<size_t>(p_end - p_begin);
    const uint64_t row_abs = r_off + r_begin;
    HWY_DYNAMIC_DISPATCH(GenerateTile)
    (kind, seed_lo, seed_hi, stream, static_cast<uint32_t>(row_abs),
     static_cast<size_t>(r_count), static_cast<uint32_t>(p_begin), nb, buf);
    const size_t skip = static_cast<size_t>(cs - 2 * p_begin);  // 0 or 1
    const size_t n = static_cast<size_t>(ce - cs);
    for (uint64_t r = 0; r < r_count; ++r) {
      const double* src = buf + r * 2 * nb + skip;
      T* dst = out + static_cast<size_t>(r_begin + r) * static_cast<size_t>(ldo) +
               static_cast<size_t>(cs - c_begin);
      for (size_t c = 0; c < n; ++c) StoreValue<T>(kind, src[c], scale, dst + c);
    }
  };

  const uint64_t total = nrows * ncols;
  if (total < kParallelMin || num_tasks == 1) {
    for (uint64_t t = 0; t < num_tasks; ++t) task(static_cast<size_t>(t));
  } else {
    ParallelFor(static_cast<size_t>(num_tasks), task);
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_random_fill_f32(int32_t dist, uint32_t seed_lo,
                                       uint32_t seed_hi, uint32_t stream,
                                       uint32_t row0, uint32_t col0,
                                       skm_int rows, skm_int cols, double scale,
                                       float* out, skm_int ldo) {
  return skm::Fill<float>(dist, seed_lo, seed_hi, stream, row0, col0, rows,
                          cols, scale, out, ldo);
}

SKM_API skm_status skm_random_fill_f64(int32_t dist, uint32_t seed_lo,
                                       uint32_t seed_hi, uint32_t stream,
                                       uint32_t row0, uint32_t col0,
                                       skm_int rows, skm_int cols, double scale,
                                       double* out, skm_int ldo) {
  return skm::Fill<double>(dist, seed_lo, seed_hi, stream, row0, col0, rows,
                           cols, scale, out, ldo);
}

}  // extern "C"
#endif  // HWY_ONCE
