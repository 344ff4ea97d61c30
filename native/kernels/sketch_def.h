// The definitions of the sketching operators: which entries of S are nonzero
// and what they hold, as pure functions of (seed, kind, parameters, i, j).
//
// This file is the scalar *definition* (see SKETCH.md for the same mapping in
// words); every kernel builds its structure through these functions and
// test/reference/sketch.ts evaluates exactly the same operations, so every
// backend and dtype sees the same operator. Same rules as philox.h: only
// exact integer work and correctly rounded binary64 +, -, *, /, sqrt, plus
// skm::Log (our fixed formula).
#ifndef SKETCHMAT_KERNELS_SKETCH_DEF_H_
#define SKETCHMAT_KERNELS_SKETCH_DEF_H_

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "philox.h"
#include "sketchmat.h"

namespace skm {
namespace sketch {

// Philox `kind` words (counter word 3). Below 16 belongs to random fills.
constexpr uint32_t kKindSparseSign = 16;
constexpr uint32_t kKindVerySparse = 17;
constexpr uint32_t kKindSrhtSigns = 18;
constexpr uint32_t kKindSrhtRows = 19;
constexpr uint32_t kKindTensorHash = 20;  // one Philox block: hash and sign

struct Key {
  uint32_t lo, hi;
};

inline void Block(Key key, uint32_t c0, uint32_t c1, uint32_t kind,
                  uint32_t out[4]) {
  const uint32_t ctr[4] = {c0, c1, 0u, kind};
  const uint32_t k[2] = {key.lo, key.hi};
  Philox4x32(ctr, k, out);
}

// Lemire's multiply-shift: floor(w * m / 2^32), an integer in [0, m) for
// m <= 2^32. Without rejection it is biased by at most m / 2^32, far below
// anything a sketch can notice; with it, the draw count would depend on luck.
inline uint32_t Bounded(uint32_t w, uint64_t m) {
  return static_cast<uint32_t>((static_cast<uint64_t>(w) * m) >> 32);
}

// ---- sparse sign (and CountSketch = nnz 1) ---------------------------------
// Column j holds nnz distinct rows, chosen by Floyd's algorithm (a uniformly
// random nnz-subset of [0, k) from exactly nnz draws): draw q = 0..nnz-1 takes
// t = k - nnz + q, r = Bounded(w_row, t + 1), and if r was already chosen
// takes t instead. Draw q reads Philox(ctr = (q >> 1, j, 0, 16)) words
// (2(q&1), 2(q&1)+1): the first picks the row, the top bit of the second is the
// sign (0: +, 1: -) of the q-th chosen row. `seen` is k bytes of zeros and is
// left zero. Writes rows[q], negative[q] for q < nnz.
inline void SparseSignColumn(Key key, uint32_t k, uint32_t nnz, uint32_t j,
                             uint8_t* seen, uint32_t* rows, uint8_t* negative) {
  uint32_t x[4];
  for (uint32_t q = 0; q < nnz; ++q) {
    if ((q & 1u) == 0) Block(key, q >> 1, j, kKindSparseSign, x);
    const uint32_t w = x[2 * (q & 1u)], s = x[2 * (q & 1u) + 1];
    const uint32_t t = k - nnz + q;
    uint32_t r = Bounded(w, static_cast<uint64_t>(t) + 1);
    if (seen[r]) r = t;
    seen[r] = 1;
    rows[q] = r;
    negative[q] = static_cast<uint8_t>(s >> 31);
  }
  for (uint32_t q = 0; q < nnz; ++q) seen[rows[q]] = 0;
}

inline double SparseSignValue(uint32_t nnz) {
  return 1.0 / std::sqrt(static_cast<double>(nnz));
}

// ---- very sparse (Li, Hastie, Church 2006) ---------------------------------
// Each entry is nonzero independently with probability p. Column j is walked
// by geometric gaps: the t-th step reads Philox(ctr = (t, j, 0, 17)) = x,
// u = Uniform53(x0, x1) + 2^-53 in (0, 1], gap g = floor(Log(u) / Log(1 - p))
// (g = 0 when p = 1), the next nonzero row is previous + 1 + g (previous
// starts at -1), and its sign is the top bit of x2. The walk stops at the
// first row >= k. Calls visit(row, negative) for each nonzero, rows rising.
template <typename Visit>
inline void VerySparseColumn(Key key, uint32_t k, double p, uint32_t j,
                             Visit&& visit) {
  const double log1mp = p >= 1.0 ? 0.0 : Log(1.0 - p);
  // p >= kMinVerySparseDensity (checked by MakeSpec) keeps 1 - p below 1,
  // so log1mp < 0 and every draw advances the row by at least one; the
  // bound on t holds the loop to k + 1 draws whatever reaches it.
  if (p < 1.0 && !(log1mp < 0.0)) return;
  double row = -1.0;
  for (uint64_t t = 0; t <= k; ++t) {
    uint32_t x[4];
    Block(key, static_cast<uint32_t>(t), j, kKindVerySparse, x);
    double g = 0.0;
    if (p < 1.0) {
      const double u = Uniform53(x[0], x[1]) + 0x1p-53;
      g = std::floor(Log(u) / log1mp);  // log1mp = 0 (p < 2^-53): +inf, stop
    }
    row = row + 1.0 + g;
    if (!(row < static_cast<double>(k))) return;
    visit(static_cast<uint32_t>(row), static_cast<uint8_t>(x[2] >> 31));
  }
}

// The smallest density the kernels take (the lib's limit too): 1 - p must
// stay well below 1 in double for the geometric skips above to be exact
// enough (2^-40: relative error of log(1 - p) near 2^-13).
constexpr double kMinVerySparseDensity = 0x1p-40;

inline double VerySparseValue(uint32_t k, double p) {
  return 1.0 / std::sqrt(static_cast<double>(k) * p);
}

// ---- SRHT: S = sqrt(n2/k) R H D = (1/sqrt(k)) R H_unnormalized D ----------
// D_j: top bit of word 0 of Philox(ctr = (j, 0, 0, 18)) (1: -1).
inline uint8_t SrhtSignNegative(Key key, uint32_t j) {
  uint32_t x[4];
  Block(key, j, 0, kKindSrhtSigns, x);
  return static_cast<uint8_t>(x[0] >> 31);
}

// The k sampled rows of H (distinct, in [0, n2)), Floyd's algorithm as for
// sparse sign: draw q reads word 0 of Philox(ctr = (q, 0, 0, 19)),
// t = n2 - k + q, r = Bounded(w, t + 1), r taken already -> t. rows[q] is row q
// of S. `table` is scratch of TableSize(k) words (an open-addressing set).
inline uint64_t SrhtTableSize(uint32_t k) {  // 64 bits: no wrap on wasm32
  uint64_t s = 16;
  while (s < 2 * uint64_t{k}) s *= 2;
  return s;
}
inline void SrhtRows(Key key, uint64_t n2, uint32_t k, uint64_t* table,
                     uint32_t* rows) {
  // Fits in size_t: the caller allocated the table.
  const size_t size = static_cast<size_t>(SrhtTableSize(k)), mask = size - 1;
  for (size_t i = 0; i < size; ++i) table[i] = 0;  // stores row + 1
  auto insert = [&](uint64_t r) -> bool {          // false if present
    size_t h = static_cast<size_t>((r * 0x9E3779B97F4A7C15ull) >> 40) & mask;
    for (;; h = (h + 1) & mask) {
      if (table[h] == r + 1) return false;
      if (table[h] == 0) {
        table[h] = r + 1;
        return true;
      }
    }
  };
  for (uint32_t q = 0; q < k; ++q) {
    uint32_t x[4];
    Block(key, q, 0, kKindSrhtRows, x);
    const uint64_t t = n2 - k + q;
    uint64_t r = Bounded(x[0], t + 1);
    if (!insert(r)) {
      r = t;
      insert(r);
    }
    rows[q] = static_cast<uint32_t>(r);
  }
}

inline uint64_t NextPow2(uint64_t n) {
  uint64_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

inline double SrhtValue(uint32_t k) {
  return 1.0 / std::sqrt(static_cast<double>(k));
}

// ---- TensorSketch (Pham & Pagh 2013) ---------------------------------------
// Factor t in [0, degree) is a CountSketch of [0, n) into [0, k): for column
// j, Philox(ctr = (j, t, 0, 20)) = x, hash h_t(j) = Bounded(x0, k), sign =
// top bit of x1. S = the CountSketch of [0, n^degree) whose column
// J = j_0 n^(degree-1) + ... + j_(degree-1) (x (x) x row-major) has row
// (sum_t h_t(j_t)) mod k and sign prod_t s_t(j_t); values are +-1.
inline void TensorHash(Key key, uint32_t k, uint32_t t, uint32_t j,
                       uint32_t* row, uint8_t* negative) {
  uint32_t x[4];
  Block(key, j, t, kKindTensorHash, x);
  *row = Bounded(x[0], k);
  *negative = static_cast<uint8_t>(x[1] >> 31);
}

}  // namespace sketch
}  // namespace skm

#endif  // SKETCHMAT_KERNELS_SKETCH_DEF_H_
