// Per-target building blocks of the FWHT (fwht.cc): the register passes,
// the in-vector stages, rows in L1 and L2, and long rows. fwht.cc's header
// says what order of operations every path keeps; FWHT.md why the passes
// are shaped as they are.
//
// Include this INSIDE `namespace skm { namespace HWY_NAMESPACE {` after
// `namespace hn = hwy::HWY_NAMESPACE;`, with parallel.h included. No
// include guard on purpose: foreach_target.h re-includes the kernel once per
// target, and each pass needs its own copy in that target's namespace.
namespace {  // one copy per translation unit and target, out of the ODR

constexpr size_t kL1Bytes = 32 * 1024;   // a sub-row, transformed in L1
constexpr size_t kL2Bytes = 256 * 1024;  // a block, transformed in L2

// Stages per pass across vectors: 2^3 vectors stay in registers. Radix 16
// fits AVX-512's 32 registers too but measured slower (n = 2^12: 48 vs 62
// GFLOP/s): the 16 row addresses and lane tables spill.
constexpr size_t kMaxStagesPerPass = 3;

// Prefetch for reading into L2, not L1 (what is fetched ahead, the next
// block or strip, is as large as L1 and would evict the data being
// transformed), or for writing into L1.
template <bool kWrite>
HWY_INLINE void Prefetch(const void* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p, kWrite ? 1 : 0, kWrite ? 3 : 2);
#else
  (void)p;
#endif
}

// The definition, for targets without vectors of T.
template <typename T>
HWY_ATTR void RowScalar(T* x, size_t n) {
  for (size_t h = 1; h < n; h *= 2) {
    for (size_t i = 0; i < n; i += 2 * h) {
      for (size_t j = i; j < i + h; ++j) {
        const T u = x[j], v = x[j + h];
        x[j] = u + v;
        x[j + h] = u - v;
      }
    }
  }
}

// The stages across `rows` entries ld apart (one column of a pass-2 strip).
template <typename T>
HWY_ATTR void ColumnScalar(T* x, size_t ld, size_t rows) {
  for (size_t h = 1; h < rows; h *= 2) {
    for (size_t i = 0; i < rows; i += 2 * h) {
      for (size_t j = i; j < i + h; ++j) {
        const T u = x[j * ld], v = x[(j + h) * ld];
        x[j * ld] = u + v;
        x[(j + h) * ld] = u - v;
      }
    }
  }
}

// The +-1 patterns and partner indices of the stages h < L (inside one
// vector), made once per call.
template <typename T>
struct LaneTables {
  static constexpr size_t kMax = HWY_MAX_BYTES / sizeof(T);
  HWY_ALIGN hwy::MakeSigned<T> idx[4][kMax];
  HWY_ALIGN T sgn[4][kMax];
  explicit LaneTables(size_t L) {
    for (size_t s = 0; s < 4 && (size_t{1} << s) < L; ++s) {
      const size_t h = size_t{1} << s;
      for (size_t i = 0; i < L; ++i) {
        idx[s][i] = static_cast<hwy::MakeSigned<T>>(i ^ h);
        sgn[s][i] = (i & h) ? T(-1) : T(1);
      }
    }
  }
};

// What a pass does to each vector as it is loaded: nothing, or the stages
// inside the vector (below). `at` is the vector's element offset in the row.
struct NoLaneStages {
  template <class V>
  HWY_INLINE V operator()(V v, size_t /*at*/) const {
    return v;
  }
};

// The stages h < L of one vector. Fixed shuffles where Highway has one for
// the distance (cheaper than a table lookup on x86; on WASM Highway 1.0.3
// emulates TableLookupLanes lane by lane with byte extracts).
template <class D>
struct LaneStages {
  using T = hn::TFromD<D>;
  using V = hn::Vec<D>;
  using Idx = decltype(hn::SetTableIndices(D(), static_cast<const hwy::MakeSigned<T>*>(nullptr)));
  static constexpr size_t kBytes = sizeof(T) * hn::MaxLanes(D());
  static constexpr size_t kStages = hn::MaxLanes(D()) >= 16 ? 4
                                    : hn::MaxLanes(D()) >= 8 ? 3
                                    : hn::MaxLanes(D()) >= 4 ? 2
                                    : hn::MaxLanes(D()) >= 2 ? 1 : 0;
  static_assert(hn::MaxLanes(D()) <= 16, "lane stages written for up to 16 lanes");
  Idx idx[4];
  V sgn[4];
  explicit LaneStages(const LaneTables<T>& t) {
    const D d;
    for (size_t s = 0; s < kStages; ++s) {
      idx[s] = hn::SetTableIndices(d, t.idx[s]);
      sgn[s] = hn::Load(d, t.sgn[s]);
    }
  }
  template <size_t s>
  HWY_INLINE V Stage(V v) const {
    constexpr size_t hb = sizeof(T) << s;  // bytes between partners
    V p;
#if (HWY_ARCH_X86 || HWY_TARGET == HWY_WASM || HWY_TARGET == HWY_EMU128) && HWY_TARGET != HWY_SCALAR
    if constexpr (hb == 4) {
      p = hn::Shuffle2301(v);
    } else if constexpr (hb == 8 && sizeof(T) == 4) {
      p = hn::Shuffle1032(v);
    } else if constexpr (hb == 8) {
      p = hn::Shuffle01(v);
    } else if constexpr (2 * hb == kBytes) {
      p = hn::ConcatLowerUpper(D(), v, v);
    } else {
      p = hn::TableLookupLanes(v, idx[s]);
    }
#else
    p = hn::TableLookupLanes(v, idx[s]);
#endif
    return hn::MulAdd(v, sgn[s], p);
  }
  HWY_INLINE V operator()(V v, size_t /*at*/) const {
    if constexpr (kStages > 0) v = Stage<0>(v);
    if constexpr (kStages > 1) v = Stage<1>(v);
    if constexpr (kStages > 2) v = Stage<2>(v);
    if constexpr (kStages > 3) v = Stage<3>(v);
    return v;
  }
};

// Entry j of the row times sign[j] (exact: sign is +-1), then the lane
// stages: the SRHT's D x fused into its first pass.
template <class D>
struct SignedLaneStages {
  LaneStages<D> lanes;
  const hn::TFromD<D>* sign;
  HWY_INLINE hn::Vec<D> operator()(hn::Vec<D> v, size_t at) const {
    return lanes(hn::Mul(v, hn::LoadU(D(), sign + at)), at);
  }
};

// S butterfly stages across 2^S vectors held in registers, in rising h.
template <size_t S, class V>
HWY_INLINE void Butterflies(V* v) {
  constexpr size_t K = size_t{1} << S;
#pragma GCC unroll 16
  for (size_t h = 1; h < K; h *= 2) {
#pragma GCC unroll 16
    for (size_t i = 0; i < K; i += 2 * h) {
#pragma GCC unroll 16
      for (size_t j = i; j < i + h; ++j) {
        const V a = v[j], b = v[j + h];
        v[j] = hn::Add(a, b);
        v[j + h] = hn::Sub(a, b);
      }
    }
  }
}

// Stages h0, 2 h0, .., 2^(S-1) h0 (h in rows) over `rows` rows of `width`
// elements (a multiple of the lanes): row r is read at src + r * lds and
// written at dst + r * ldd (dst may be src). Each vector goes through
// pre() as it is loaded; with pf > 0 the element pf past it is prefetched.
// pre is taken by value: a local copy stays in registers, where the
// caller's (vectors of float, which may alias float stores) would be
// reloaded after every store.
template <size_t S, bool kPrefetch, class D, class Pre, typename T = hn::TFromD<D>>
HWY_INLINE void RadixPass(D d, const T* src, size_t lds, T* dst, size_t ldd,
                          size_t rows, size_t width, size_t h0, const Pre pre,
                          size_t pf) {
  constexpr size_t K = size_t{1} << S;
  const size_t L = hn::Lanes(d);
  for (size_t g = 0; g < rows; g += K * h0) {
    for (size_t i = g; i < g + h0; ++i) {
      for (size_t c = 0; c < width; c += L) {
        hn::Vec<D> v[K];
#pragma GCC unroll 16
        for (size_t k = 0; k < K; ++k) {
          const size_t at = (i + k * h0) * lds + c;
          if constexpr (kPrefetch) Prefetch<false>(src + at + pf);
          v[k] = pre(hn::LoadU(d, src + at), at);
        }
        Butterflies<S>(v);
#pragma GCC unroll 16
        for (size_t k = 0; k < K; ++k) hn::StoreU(v[k], d, dst + (i + k * h0) * ldd + c);
      }
    }
  }
}

template <size_t S, class D, class Pre, typename T = hn::TFromD<D>>
HWY_INLINE void Radix(D d, const T* src, size_t lds, T* dst, size_t ldd,
                      size_t rows, size_t width, size_t h0, const Pre& pre,
                      size_t pf) {
  if (pf) {
    RadixPass<S, true>(d, src, lds, dst, ldd, rows, width, h0, pre, pf);
  } else {
    RadixPass<S, false>(d, src, lds, dst, ldd, rows, width, h0, pre, 0);
  }
}

template <class D, class Pre, typename T = hn::TFromD<D>>
HWY_INLINE void RadixN(size_t s, D d, const T* src, size_t lds, T* dst,
                       size_t ldd, size_t rows, size_t width, size_t h0,
                       const Pre& pre, size_t pf) {
  switch (s) {
    case 1: return Radix<1>(d, src, lds, dst, ldd, rows, width, h0, pre, pf);
    case 2: return Radix<2>(d, src, lds, dst, ldd, rows, width, h0, pre, pf);
    case 3: return Radix<3>(d, src, lds, dst, ldd, rows, width, h0, pre, pf);
    default: return;  // no more than kMaxStagesPerPass
  }
}

// How `stages` stages split into passes: as evenly as possible, each of at
// most kMaxStagesPerPass (5 = 3 + 2).
struct PassPlan {
  size_t passes = 0, stages = 0;
  explicit PassPlan(size_t m) : stages(m) {
    passes = (m + kMaxStagesPerPass - 1) / kMaxStagesPerPass;
  }
  size_t Of(size_t p) const { return stages / passes + (p < stages % passes ? 1 : 0); }
};

inline size_t Log2(size_t n) { return static_cast<size_t>(63 - __builtin_clzll(static_cast<unsigned long long>(n))); }

// Stages h0 .. rows/2 (in rows) in passes: the first reads src (through
// pre, prefetching pf ahead), the last writes dst, the ones between work in
// tmp (which may be src or dst). rows == h0 (no stage) still applies pre.
template <class D, class Pre, typename T = hn::TFromD<D>>
HWY_INLINE void Stages(D d, const T* src, size_t lds, T* tmp, size_t ldt,
                       T* dst, size_t ldd, size_t rows, size_t width,
                       size_t h0, const Pre& pre, size_t pf = 0) {
  const size_t L = hn::Lanes(d);
  if (rows <= h0) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < width; c += L) {
        hn::StoreU(pre(hn::LoadU(d, src + r * lds + c), r * lds + c), d, dst + r * ldd + c);
      }
    }
    return;
  }
  const PassPlan plan(Log2(rows / h0));
  size_t h = h0;
  for (size_t p = 0; p < plan.passes; ++p) {
    const size_t s = plan.Of(p);
    const bool last = p + 1 == plan.passes;
    T* out = last ? dst : tmp;
    const size_t ldo = last ? ldd : ldt;
    if (p == 0) {
      RadixN(s, d, src, lds, out, ldo, rows, width, h, pre, pf);
    } else {
      RadixN(s, d, tmp, ldt, out, ldo, rows, width, h, NoLaneStages(), 0);
    }
    h <<= s;
  }
}

// The whole transform of n contiguous elements (n <= 32 KB of them) from
// src into dst, passes between in tmp: the row as (n / L) rows of one
// vector, the lane stages fused into the first pass (pre: see
// SignedLaneStages, the SRHT reads its row from X).
template <class D, class Pre, typename T = hn::TFromD<D>>
HWY_INLINE void SmallRow(D d, const Pre& pre, const T* src, T* tmp, T* dst,
                         size_t n, size_t pf = 0) {
  const size_t L = hn::Lanes(d);
  Stages(d, src, L, tmp, L, dst, L, n / L, L, 1, pre, pf);
}

// In place of the lane stages for FwhtColumns: the unit of the passes is a
// row of kW elements (a multiple of the lanes), so the stages h < kW,
// inside a row, are skipped. Its own SmallRow keeps the ordinary
// transform's code (and its constant strides) as it was.
template <size_t kW>
struct RowsOf {};

template <class D, size_t kW, typename T = hn::TFromD<D>>
HWY_INLINE void SmallRow(D d, const RowsOf<kW>&, const T* src, T* tmp, T* dst,
                         size_t n, size_t pf = 0) {
  Stages(d, src, kW, tmp, kW, dst, kW, n / kW, kW, 1, NoLaneStages(), pf);
}

// Aligned scratch (AlignedArray) for rows of up to kL2Bytes, where the
// passes between a block's first and last run; one per thread, kept for the
// next call (rows come in batches; a malloc of 256 KB per row would map and
// fault in fresh pages each time). Null when memory is short (callers then
// work in place: slower, same bits).
template <typename T>
T* RowScratch() {
  static thread_local AlignedArray<T> s(kL2Bytes / sizeof(T));
  return s.p;
}

// Rows of up to kL2Bytes, through buf (n elements, or null: in place):
// 32 KB sub-rows in L1, then the stages across them. pre: as for SmallRow.
template <class D, class Pre, typename T = hn::TFromD<D>>
HWY_ATTR void Block(D d, const Pre& pre, T* x, size_t n, T* buf,
                    size_t pf = 0) {
  const size_t B = kL1Bytes / sizeof(T);
  T* tmp = buf ? buf : x;
  if (n <= B) {
    SmallRow(d, pre, x, tmp, x, n, pf);
    return;
  }
  // The prefetch of the next block rides on the sub-rows' first passes.
  for (size_t b = 0; b < n; b += B) SmallRow(d, pre, x + b, tmp + b, tmp + b, B, pf);
  Stages(d, tmp, B, tmp, B, x, B, n / B, B, 1, NoLaneStages());
}

// Longer rows, as up to 8 sub-rows (blocks of kL2Bytes, or sub-rows
// transformed the same way) and one radix-8 pass across them, in place.
// more: the row goes on after x + n (the last block prefetches it). pre: as
// for SmallRow (n >= its unit).
template <class D, class Pre, typename T = hn::TFromD<D>>
HWY_ATTR void RowT(D d, const Pre& pre, T* HWY_RESTRICT x, size_t n,
                   bool more = false) {
  const size_t B2 = kL2Bytes / sizeof(T);
  if (n <= B2) {
    Block(d, pre, x, n, RowScratch<T>());
    return;
  }
  const size_t Bk = n / 8 > B2 ? n / 8 : B2, blocks = n / Bk;
  size_t workers = static_cast<size_t>(Threads());
  if (workers > blocks) workers = blocks;
  ParallelFor(workers, [&](size_t w) HWY_ATTR {
    for (size_t b = w; b < blocks; b += workers) {
      if (Bk > B2) {
        RowT(d, pre, x + b * Bk, Bk, more || b + 1 < blocks);
      } else {  // prefetching the next block
        const bool next = b + workers < blocks || (more && workers == 1);
        Block(d, pre, x + b * B2, B2, RowScratch<T>(), next ? B2 * workers : 0);
      }
    }
  });
  // The stages across the blocks act down columns, so the strips (a page
  // per row, the next strip prefetched) may start anywhere: they start
  // `head` columns in, where x's vectors are aligned, and the L columns
  // this leaves (head at the start, L - head at the end) go one by one.
  const size_t L = hn::Lanes(d), VB = L * sizeof(T), W = 4096 / sizeof(T);
  const uintptr_t addr = reinterpret_cast<uintptr_t>(x);
  const size_t head = addr % sizeof(T) ? 0 : (VB - addr % VB) % VB / sizeof(T);
  const size_t width = head ? Bk - L : Bk;  // columns in strips
  const size_t strips = (width + W - 1) / W, stages = Log2(blocks);
  workers = static_cast<size_t>(Threads());
  if (workers > strips) workers = strips;
  ParallelFor(workers, [&](size_t w) HWY_ATTR {
    for (size_t st = w; st < strips; st += workers) {
      T* col = x + head + st * W;
      const size_t cw = width - st * W < W ? width - st * W : W;
      RadixN(stages, d, col, Bk, col, Bk, blocks, cw, 1, NoLaneStages(),
             st + workers < strips ? W * workers : 0);
    }
  });
  for (size_t c = 0; c < L && head; ++c) {
    ColumnScalar(x + (c < head ? c : Bk - L + c), Bk, blocks);
  }
}

}  // namespace
