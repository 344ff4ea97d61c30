// skm_fwht_f32 / skm_fwht_f64: in-place fast Walsh-Hadamard transform of each
// row, unnormalized (H has entries +-1) unless asked.
//
// Order of operations (what makes every target give the same bits): the
// transform is log2(n) butterfly stages, stage h (h = 1, 2, 4, ...) mapping
// each pair (u, v) = (x[i], x[i + h]) with i & h == 0 to (u + v, u - v).
// Every code path below runs the stages in rising h and forms each pair
// exactly so; grouping two stages into one radix-4 pass or into registers
// changes how often memory is touched, not a single rounding. The TypeScript
// reference (test/reference/sketch.ts) is the plain triple loop.
//
// Paths, by stride h (L = vector lanes):
// - h < L: inside one vector; the partner lane comes from TableLookupLanes
//   (i ^ h) and one multiply-add by a +-1 lane pattern forms u + v or u - v
//   (x * -1 + partner is exactly partner - x).
// - h >= L: whole vectors, two stages per pass (radix 4) over rows of a
//   (count x width) view, so each pass reads and writes memory once.
// - rows longer than 32 KB: cache blocking. The row is viewed as a matrix
//   of 32 KB sub-rows; stages h < 32 KB are done one sub-row at a time in L1,
//   then the remaining stages act down the columns, strip by strip, with each
//   strip (<= 512 KB) kept in L2. Sub-rows and strips are spread over threads.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "parallel.h"
#include "sketchmat.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "fwht.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr size_t kBlockBytes = 32 * 1024;
constexpr size_t kStripBytes = 512 * 1024;

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

// Stages h = h0 .. rows/2 (in units of rows) on `rows` rows of `width`
// contiguous T each, row r at x + r * ld. width is a multiple of the lanes
// of d (or d is one lane).
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE HWY_ATTR void RowStages(D d, T* HWY_RESTRICT x, size_t ld, size_t rows,
                          size_t width, size_t h0 = 1) {
  const size_t L = hn::Lanes(d);
  size_t h = h0;
  for (; 4 * h <= rows; h *= 4) {
    for (size_t g = 0; g < rows; g += 4 * h) {
      for (size_t i = g; i < g + h; ++i) {
        T* a = x + i * ld;
        T* b = a + h * ld;
        T* c = b + h * ld;
        T* e = c + h * ld;
        for (size_t v = 0; v < width; v += L) {
          const auto va = hn::LoadU(d, a + v), vb = hn::LoadU(d, b + v);
          const auto vc = hn::LoadU(d, c + v), ve = hn::LoadU(d, e + v);
          const auto s0 = hn::Add(va, vb), s1 = hn::Sub(va, vb);  // stage h
          const auto s2 = hn::Add(vc, ve), s3 = hn::Sub(vc, ve);
          hn::StoreU(hn::Add(s0, s2), d, a + v);  // stage 2h
          hn::StoreU(hn::Add(s1, s3), d, b + v);
          hn::StoreU(hn::Sub(s0, s2), d, c + v);
          hn::StoreU(hn::Sub(s1, s3), d, e + v);
        }
      }
    }
  }
  if (2 * h <= rows) {  // one stage left: h = rows / 2
    for (size_t i = 0; i < h; ++i) {
      T* a = x + i * ld;
      T* b = a + h * ld;
      for (size_t v = 0; v < width; v += L) {
        const auto va = hn::LoadU(d, a + v), vb = hn::LoadU(d, b + v);
        hn::StoreU(hn::Add(va, vb), d, a + v);
        hn::StoreU(hn::Sub(va, vb), d, b + v);
      }
    }
  }
}

// The +-1 patterns and partner indices of the stages h < L (inside one
// vector), made once per call.
template <typename T>
struct LaneTables {
  static constexpr size_t kMax = HWY_MAX_BYTES / sizeof(T);
  size_t stages = 0;
  HWY_ALIGN hwy::MakeSigned<T> idx[4][kMax];
  HWY_ALIGN T sgn[4][kMax];
  explicit LaneTables(size_t L) {
    while ((size_t{1} << stages) < L) ++stages;
    for (size_t s = 0; s < stages && s < 4; ++s) {
      const size_t h = size_t{1} << s;
      for (size_t i = 0; i < L; ++i) {
        idx[s][i] = static_cast<hwy::MakeSigned<T>>(i ^ h);
        sgn[s][i] = (i & h) ? T(-1) : T(1);
      }
    }
  }
};

// The whole transform of one contiguous row that fits in L1/L2. Stages
// h < L run in registers (partner lane by TableLookupLanes; x * -1 +
// partner is exactly partner - x), fused with the first radix-4 pass over
// whole vectors, so the row is read and written once for the first
// log2(4L) stages.
template <class D, typename T = hn::TFromD<D>>
HWY_INLINE HWY_ATTR void SmallRow(D d, const LaneTables<T>& t,
                                  T* HWY_RESTRICT x, size_t n) {
  const size_t L = hn::Lanes(d);
  if (n < L) {  // too short for a vector
    RowScalar(x, n);
    return;
  }
  if (L == 1 || t.stages > 4) {  // no lanes to shuffle (or vectors wider than written for)
    if (L > 1) RowScalar(x, n);
    else RowStages(d, x, 1, n, 1);
    return;
  }
  const size_t st = t.stages;
  const auto i0 = hn::SetTableIndices(d, t.idx[0]);
  const auto i1 = hn::SetTableIndices(d, t.idx[st > 1 ? 1 : 0]);
  const auto i2 = hn::SetTableIndices(d, t.idx[st > 2 ? 2 : 0]);
  const auto i3 = hn::SetTableIndices(d, t.idx[st > 3 ? 3 : 0]);
  const auto s0 = hn::Load(d, t.sgn[0]);
  const auto s1 = hn::Load(d, t.sgn[st > 1 ? 1 : 0]);
  const auto s2 = hn::Load(d, t.sgn[st > 2 ? 2 : 0]);
  const auto s3 = hn::Load(d, t.sgn[st > 3 ? 3 : 0]);
  // Forced inline: clang for WASM otherwise emits a call per vector (~10x slower).
  auto lanes = [&](hn::Vec<D> v) HWY_ATTR __attribute__((always_inline)) {
#if HWY_TARGET == HWY_WASM || HWY_TARGET == HWY_EMU128
    // Highway 1.0.3 emulates TableLookupLanes here lane by lane (byte
    // extracts); four f32 lanes need only two fixed shuffles.
    if constexpr (sizeof(T) == 4) {
      if (st == 2) {
        v = hn::MulAdd(v, s0, hn::Shuffle2301(v));
        return hn::MulAdd(v, s1, hn::Shuffle1032(v));
      }
    }
#endif
    v = hn::MulAdd(v, s0, hn::TableLookupLanes(v, i0));
    if (st > 1) v = hn::MulAdd(v, s1, hn::TableLookupLanes(v, i1));
    if (st > 2) v = hn::MulAdd(v, s2, hn::TableLookupLanes(v, i2));
    if (st > 3) v = hn::MulAdd(v, s3, hn::TableLookupLanes(v, i3));
    return v;
  };
  const size_t rows = n / L;
  if (rows < 4) {
    for (size_t v = 0; v < n; v += L) hn::StoreU(lanes(hn::LoadU(d, x + v)), d, x + v);
    RowStages(d, x, L, rows, L);
    return;
  }
  for (size_t g = 0; g < n; g += 4 * L) {
    const auto va = lanes(hn::LoadU(d, x + g));
    const auto vb = lanes(hn::LoadU(d, x + g + L));
    const auto vc = lanes(hn::LoadU(d, x + g + 2 * L));
    const auto ve = lanes(hn::LoadU(d, x + g + 3 * L));
    const auto a0 = hn::Add(va, vb), a1 = hn::Sub(va, vb);  // stage L
    const auto a2 = hn::Add(vc, ve), a3 = hn::Sub(vc, ve);
    hn::StoreU(hn::Add(a0, a2), d, x + g);  // stage 2L
    hn::StoreU(hn::Add(a1, a3), d, x + g + L);
    hn::StoreU(hn::Sub(a0, a2), d, x + g + 2 * L);
    hn::StoreU(hn::Sub(a1, a3), d, x + g + 3 * L);
  }
  RowStages(d, x, L, rows, L, 4);
}

template <class D, typename T = hn::TFromD<D>>
HWY_ATTR void RowT(D d, const LaneTables<T>& t, T* HWY_RESTRICT x, size_t n) {
  const size_t B = kBlockBytes / sizeof(T);
  if (n <= B) {
    SmallRow(d, t, x, n);
    return;
  }
  const size_t blocks = n / B;
  ParallelFor(blocks, [&](size_t b) HWY_ATTR { SmallRow(d, t, x + b * B, B); });
  size_t W = kStripBytes / (sizeof(T) * blocks);
  const size_t L = hn::Lanes(d);
  if (W < L) W = L;
  if (W > B) W = B;
  W = size_t{1} << (63 - __builtin_clzll(static_cast<unsigned long long>(W)));
  // A strip's rows are B apart: a power-of-two stride that maps them all to
  // a few cache sets. Each strip is copied to contiguous scratch (one
  // streaming read and write), transformed there in L2, and copied back.
  const size_t strips = B / W;
  size_t workers = static_cast<size_t>(Threads());
  if (workers > strips) workers = strips;
  // Few sub-rows (n <= 16 blocks) sit in few sets anyway: no copies.
  T* scratch = blocks <= 16 ? nullptr
                            : static_cast<T*>(std::malloc(workers * blocks * W * sizeof(T)));
  if (!scratch) {  // in place (and the fallback when scratch is not to be had)
    ParallelFor(strips, [&](size_t st) HWY_ATTR { RowStages(d, x + st * W, B, blocks, W); });
    return;
  }
  ParallelFor(workers, [&](size_t w) HWY_ATTR {
    T* buf = scratch + w * blocks * W;
    for (size_t st = w; st < strips; st += workers) {
      T* col = x + st * W;
      for (size_t r = 0; r < blocks; ++r) std::memcpy(buf + r * W, col + r * B, W * sizeof(T));
      RowStages(d, buf, W, blocks, W);
      for (size_t r = 0; r < blocks; ++r) std::memcpy(col + r * B, buf + r * W, W * sizeof(T));
    }
  });
  std::free(scratch);
}

template <typename T>
HWY_ATTR void ScaleRow(T* x, size_t n, T s) {
  for (size_t i = 0; i < n; ++i) x[i] = x[i] * s;
}

template <typename T>
HWY_ATTR void FwhtT(size_t rows, size_t n, T* x, size_t ldx, bool normalize) {
  const T scale = static_cast<T>(1.0 / std::sqrt(static_cast<double>(n)));
  const LaneTables<T> tables(hn::Lanes(hn::ScalableTag<T>()));
  auto one = [&](T* row) HWY_ATTR {
    if constexpr (sizeof(T) == 8 && !HWY_HAVE_FLOAT64) {
      RowScalar(row, n);  // Highway 1.0's WASM has no f64 lanes
    } else {
      RowT(hn::ScalableTag<T>(), tables, row, n);
    }
    if (normalize) ScaleRow(row, n, scale);
  };
  // Rows in groups so that a task holds ~64 KB of work or more.
  size_t per = (size_t{64} << 10) / (n * sizeof(T));
  if (per < 1) per = 1;
  const size_t tasks = (rows + per - 1) / per;
  ParallelFor(tasks, [&](size_t t) HWY_ATTR {
    const size_t r1 = (t + 1) * per < rows ? (t + 1) * per : rows;
    for (size_t r = t * per; r < r1; ++r) one(x + r * ldx);
  });
}

void FwhtF32(size_t rows, size_t n, float* x, size_t ldx, bool normalize) {
  FwhtT(rows, n, x, ldx, normalize);
}
void FwhtF64(size_t rows, size_t n, double* x, size_t ldx, bool normalize) {
  FwhtT(rows, n, x, ldx, normalize);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(FwhtF32);
HWY_EXPORT(FwhtF64);

namespace {
bool FwhtArgsOk(skm_int rows, skm_int n, skm_int ldx) {
  if (rows < 0 || n < 1 || (n & (n - 1)) != 0) return false;
  return rows <= 1 || ldx >= n;
}
}  // namespace

template <typename T>
skm_status Fwht(skm_int rows, skm_int n, T* x, skm_int ldx, int32_t normalize) {
  if (!FwhtArgsOk(rows, n, ldx)) return SKM_EINVAL;
  const size_t r = static_cast<size_t>(rows), m = static_cast<size_t>(n);
  const size_t ld = static_cast<size_t>(ldx);
  if constexpr (sizeof(T) == 4) {
    HWY_DYNAMIC_DISPATCH(FwhtF32)(r, m, x, ld, normalize != 0);
  } else {
    HWY_DYNAMIC_DISPATCH(FwhtF64)(r, m, x, ld, normalize != 0);
  }
  return SKM_OK;
}
}  // namespace skm

extern "C" {

SKM_API skm_status skm_fwht_f32(skm_int rows, skm_int n, float* x, skm_int ldx,
                                int32_t normalize) {
  return skm::Fwht(rows, n, x, ldx, normalize);
}

SKM_API skm_status skm_fwht_f64(skm_int rows, skm_int n, double* x,
                                skm_int ldx, int32_t normalize) {
  return skm::Fwht(rows, n, x, ldx, normalize);
}

}  // extern "C"
#endif  // HWY_ONCE
