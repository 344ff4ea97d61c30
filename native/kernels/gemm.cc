// Dense matrix multiply: C = alpha * op(A) * op(B) + beta * C (row-major).
//
// Goto/BLIS structure (see GEMM.md for the numbers and why):
//   for jc (nc columns of C)            B slab kc x nc lives in L2/L3
//     for pc (kc of the inner dimension) pack B slab once, shared by threads
//       ParallelFor over (ic, column chunk) tasks, each owning its C block
//         pack A block (mc x kc, L2), then
//         for jr (NR-column micro-panels of B, L1)
//           for ir (MR-row micro-panels of A)
//             micro-kernel: MR x NR tile of accumulators in registers
// Each C entry is summed in the same order (p = 0..k-1, kc blocks applied in
// order) whatever the thread count, mc, nc or whether it sits in an edge tile,
// so results are bit-identical for any number of threads. kc depends only on
// k and the target.
//
// Packed layouts:
//   A micro-panel: MR rows, row r at r * kAStride, element p at + p. Rows of a
//     non-transposed A are copied as they are (a vectorizable memcpy); the
//     micro-kernel broadcasts a[r * kAStride + p], whose offsets are
//     compile-time constants, so one pointer walks the panel.
//   B micro-panel: kc rows of NR values, element (p, c) at p * NR + c; the
//     micro-kernel loads NR / Lanes vectors per p.
// Padding rows/columns of edge panels are zero; edge tiles of C go through a
// small buffer so nothing outside C is read or written.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "sketchmat.h"

#ifndef SKM_GEMM_SHARED_
#define SKM_GEMM_SHARED_
namespace skm {
namespace gemm {

// A pool of 64-byte aligned scratch blocks reused across calls, so that packed
// panels are allocated once per call at most (usually not at all). Blocks are
// taken before any output is written: failure means C is untouched.
class ScratchPool {
 public:
  static ScratchPool& Get() {
    static ScratchPool* pool = new ScratchPool();  // leaked: outlives workers
    return *pool;
  }
  // Returns a block of at least `bytes` bytes, or null when out of memory.
  void* Acquire(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (size_t i = 0; i < count_; ++i) {
        if (HeaderOf(kept_[i])->bytes >= bytes) {
          void* p = kept_[i];
          kept_[i] = kept_[--count_];
          return p;
        }
      }
    }
    // The header (malloc's pointer, usable size) sits in the 64 bytes before
    // the aligned block.
    void* raw = std::malloc(bytes + 128);
    if (raw == nullptr) return nullptr;
    char* aligned = reinterpret_cast<char*>(
        (reinterpret_cast<uintptr_t>(raw) + 64 + 63) & ~uintptr_t{63});
    Header* h = HeaderOf(aligned);
    h->raw = raw;
    h->bytes = bytes;
    return aligned;
  }
  void Release(void* p) {
    if (p == nullptr) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (count_ < kKeep) {
      kept_[count_++] = p;
      return;
    }
    // Full: keep the larger of this block and the smallest kept one.
    size_t smallest = 0;
    for (size_t i = 1; i < count_; ++i) {
      if (HeaderOf(kept_[i])->bytes < HeaderOf(kept_[smallest])->bytes) smallest = i;
    }
    if (HeaderOf(kept_[smallest])->bytes < HeaderOf(p)->bytes) std::swap(kept_[smallest], p);
    std::free(HeaderOf(p)->raw);
  }

 private:
  struct Header {
    void* raw;
    size_t bytes;
  };
  static Header* HeaderOf(void* aligned) {
    return reinterpret_cast<Header*>(static_cast<char*>(aligned) - 64);
  }
  static constexpr size_t kKeep = 8;
  std::mutex mu_;
  void* kept_[kKeep] = {};
  size_t count_ = 0;
};

// Hands out one of `n` (<= 64) per-task scratch slots; at most as many tasks
// as there are threads hold one at a time, and n is at least that.
class SlotSet {
 public:
  explicit SlotSet(size_t n) : all_(n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1) {}
  size_t Claim() {
    for (;;) {
      uint64_t used = used_.load(std::memory_order_relaxed);
      const uint64_t free = ~used & all_;
      if (free == 0) {
#if !defined(__EMSCRIPTEN__)
        std::this_thread::yield();
#endif
        continue;
      }
      size_t slot = 0;
      while (!((free >> slot) & 1)) ++slot;
      if (used_.compare_exchange_weak(used, used | (uint64_t{1} << slot),
                                      std::memory_order_acquire)) {
        return slot;
      }
    }
  }
  void Free(size_t slot) {
    used_.fetch_and(~(uint64_t{1} << slot), std::memory_order_release);
  }

 private:
  uint64_t all_;
  std::atomic<uint64_t> used_{0};
};

inline size_t DivCeil(size_t a, size_t b) { return (a + b - 1) / b; }
inline size_t RoundUp(size_t a, size_t b) { return DivCeil(a, b) * b; }

}  // namespace gemm
}  // namespace skm
#endif  // SKM_GEMM_SHARED_

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "gemm.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/cache_control.h"

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#include "vec_ops-inl.h"

// Tile shape per target: MR rows x NV vectors. The accumulators (MR * NV
// vectors) plus NV vectors of B and one broadcast of A must fit in the
// register file, or the compiler spills inside the innermost loop.
//   AVX-512 (32 zmm): 14 x 2 -> 28 accumulators + 2 B + 1 A (+1 spare).
//   AVX2 (16 ymm): 6 x 2 -> 12 + 2 + 1.
//   SSE4 (16 xmm, no FMA: MulAdd needs a temporary): 6 x 2 -> 12 + 2 + 1 + 1.
//   WASM SIMD128 (V8 maps v128 onto 16 xmm, mul + add): 5 x 2 -> 10 + 2 + 1
//     + a temporary + V8's scratch; 6 x 2 spills and runs at half speed.
//   Scalar: 4 x 4 lanes of 1 -> 16 accumulators in xmm registers.
// kc bounds the B micro-panel (kc x NR) so it stays in L1 while the A block
// (mc x kc) streams from L2; nc bounds the shared B slab (kc x nc).
template <typename T>
struct Tile {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  static constexpr size_t kMR = 14;
  static constexpr size_t kNV = 2;
  static constexpr size_t kKC = sizeof(T) == 4 ? 384 : 256;
  static constexpr size_t kMC = sizeof(T) == 4 ? 168 : 112;
  static constexpr size_t kNC = sizeof(T) == 4 ? 2048 : 1536;
#elif HWY_TARGET == HWY_AVX2
  static constexpr size_t kMR = 6;
  static constexpr size_t kNV = 2;
  static constexpr size_t kKC = 256;
  static constexpr size_t kMC = sizeof(T) == 4 ? 144 : 96;
  static constexpr size_t kNC = 2048;
#elif HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
  static constexpr size_t kMR = 4;
  static constexpr size_t kNV = 4;
  static constexpr size_t kKC = 256;
  static constexpr size_t kMC = 96;
  static constexpr size_t kNC = 1024;
#elif HWY_TARGET == HWY_WASM
  static constexpr size_t kMR = 5;
  static constexpr size_t kNV = 2;
  static constexpr size_t kKC = 256;
  static constexpr size_t kMC = 100;
  static constexpr size_t kNC = 2048;
#else  // SSE4, NEON, others with 128-bit vectors
  static constexpr size_t kMR = 6;
  static constexpr size_t kNV = 2;
  static constexpr size_t kKC = 256;
  static constexpr size_t kMC = sizeof(T) == 4 ? 144 : 96;
  static constexpr size_t kNC = 2048;
#endif
  static constexpr size_t kN = VecOps<T>::kN;
  static constexpr size_t kNR = kNV * kN;
  // Row stride of a packed A micro-panel: kKC plus one cache line, so the MR
  // rows do not all map to the same few L1 sets.
  static constexpr size_t kAStride = kKC + 64 / sizeof(T);
  static_assert(kMC % kMR == 0, "mc must be a multiple of MR");
};

// C tile (rows x cols, ldc) = alpha * Apanel * Bpanel + beta * C tile.
// `a`: packed A micro-panel, row-major (kPMajor false: row r at r * kAStride,
// as a non-transposed A is copied) or p-major (kPMajor true: element (r, p) at
// p * MR + r, as a transposed A is copied); either way the broadcast offsets
// are compile-time constants and the arithmetic is the same. `b`: packed B
// micro-panel (kc x NR, 64-byte aligned). When beta == 0, C is not read.
// Edge tiles (rows < MR or cols < NR) are updated through a buffer with the
// same vector arithmetic, so an entry's bits do not depend on its tile.
template <typename T, bool kPMajor, bool kDirect = false>
HWY_NOINLINE void MicroKernel(size_t kc, const T* HWY_RESTRICT a,
                              const T* HWY_RESTRICT b, T alpha, T beta,
                              T* HWY_RESTRICT c, size_t ldc, size_t rows,
                              size_t cols, size_t lda = 0) {
  using TL = Tile<T>;
  constexpr size_t MR = TL::kMR, NV = TL::kNV, N = TL::kN, NR = TL::kNR;
  // kDirect: `a` is A itself, MR whole rows at stride lda (or, p-major, a
  // transposed A: MR consecutive entries of each of its rows, rows lda apart).
  const size_t AS = kDirect ? lda : TL::kAStride;
  using Ops = VecOps<T>;
  using V = typename Ops::V;

  // The C tile is read (or written) only after kc rank-1 updates; fetching
  // its lines now hides that latency behind them. On skinny products C does
  // not stay in L2 between kc blocks, and without this each tile waited on
  // L3 at its end (~7% of the time at 20000 x 2000 x 60 on AVX2).
  for (size_t r = 0; r < rows; ++r) {
    hwy::Prefetch(c + r * ldc);
    hwy::Prefetch(c + r * ldc + (cols - 1));
  }

  V acc[MR][NV];
#pragma GCC unroll 16
  for (size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 4
    for (size_t v = 0; v < NV; ++v) acc[r][v] = Ops::Zero();
  }

#if HWY_TARGET == HWY_WASM
  // V8 peels this loop and spills three accumulators at its head; four k
  // steps per trip spread that over four times the work.
#pragma clang loop unroll_count(4)
#endif
  for (size_t p = 0; p < kc; ++p) {
    V bv[NV];
#pragma GCC unroll 4
    for (size_t v = 0; v < NV; ++v) bv[v] = Ops::Load(b + v * N);
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
      const V ar = Ops::Set(a[kPMajor ? r : r * AS]);
#pragma GCC unroll 4
      for (size_t v = 0; v < NV; ++v) acc[r][v] = Ops::MulAdd(ar, bv[v], acc[r][v]);
    }
    a += kPMajor ? (kDirect ? lda : MR) : 1;
    b += NR;
  }

  HWY_ALIGN T tile[MR * NR];
  const bool edge = rows < MR || cols < NR;
  T* HWY_RESTRICT dst = c;
  size_t ldd = ldc;
  if (HWY_UNLIKELY(edge)) {
    dst = tile;
    ldd = NR;
    if (beta != T(0)) {
      for (size_t i = 0; i < MR * NR; ++i) tile[i] = T(0);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < cols; ++j) tile[r * NR + j] = c[r * ldc + j];
      }
    }
  }
  const V va = Ops::Set(alpha);
  if (beta == T(0)) {
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 4
      for (size_t v = 0; v < NV; ++v) {
        Ops::StoreU(Ops::Mul(va, acc[r][v]), dst + r * ldd + v * N);
      }
    }
  } else if (beta == T(1)) {
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 4
      for (size_t v = 0; v < NV; ++v) {
        T* HWY_RESTRICT cp = dst + r * ldd + v * N;
        Ops::StoreU(Ops::Add(Ops::Mul(va, acc[r][v]), Ops::LoadU(cp)), cp);
      }
    }
  } else {
    const V vb = Ops::Set(beta);
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 4
      for (size_t v = 0; v < NV; ++v) {
        T* HWY_RESTRICT cp = dst + r * ldd + v * N;
        Ops::StoreU(
            Ops::Add(Ops::Mul(va, acc[r][v]), Ops::Mul(vb, Ops::LoadU(cp))), cp);
      }
    }
  }
  if (HWY_UNLIKELY(edge)) {
    for (size_t r = 0; r < rows; ++r) {
      for (size_t j = 0; j < cols; ++j) c[r * ldc + j] = tile[r * NR + j];
    }
  }
}

// Rows ahead that packing a transposed A asks the prefetcher for.
constexpr size_t kPackAhead = 4;

// Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of op(A) into MR-row
// micro-panels, each kAStride * MR elements apart; rows past mc are zero.
//   Not transposed: row-major panels (row r at r * kAStride), a memcpy per row.
//   Transposed: op(A)(i, p) = A[p * lda + i], so row p of A holds consecutive
//   i: p-major panels ((r, p) at p * MR + r) make every copy contiguous on
//   both sides, and row p of A is read once, front to back, for all panels.
//   (A row-major panel would need a strided scatter per p; that gather was
//   the gap to OpenBLAS on skinny A^T * B.)
template <typename T>
void PackA(bool transA, const T* HWY_RESTRICT A, size_t lda, size_t i0,
           size_t mc, size_t p0, size_t kc, T* HWY_RESTRICT dst) {
  using TL = Tile<T>;
  using Ops = VecOps<T>;
  constexpr size_t MR = TL::kMR, AS = TL::kAStride, N = TL::kN;
  constexpr size_t kGroup = (MR + N - 1) / N * N;
  static_assert(AS * MR >= kGroup - MR + TL::kKC * MR, "a group's spill must fit in the panel's slack");
  if (transA) {
    const size_t full = mc - mc % MR;
    for (size_t p = 0; p < kc; ++p) {
      const T* HWY_RESTRICT src = A + (p0 + p) * lda + i0;
      T* HWY_RESTRICT out = dst + p * MR;
      // Each row gives only mc values (a few lines), a run too short for the
      // hardware prefetcher to pick up; ask for a row a few ahead.
      if (p + kPackAhead < kc) {
        for (size_t i = 0; i < mc; i += 64 / sizeof(T)) hwy::Prefetch(src + kPackAhead * lda + i);
      }
      // A group of MR values as whole vectors (RoundUp(MR, N) values): the
      // few past MR land in the next p's slot, which p + 1 overwrites, or
      // for the last p in the panel's slack (kAStride > kc). Only where
      // those extra reads stay inside the block's row.
      size_t ip = 0;
      for (; ip < full && ip + kGroup <= mc; ip += MR) {
#pragma GCC unroll 4
        for (size_t v = 0; v < kGroup; v += N) Ops::StoreU(Ops::LoadU(src + ip + v), out + ip * AS + v);
      }
      for (; ip < full; ip += MR) {
#pragma GCC unroll 16
        for (size_t r = 0; r < MR; ++r) out[ip * AS + r] = src[ip + r];
      }
      if (full < mc) {
        T* HWY_RESTRICT edge = out + full * AS;
        const size_t rows = mc - full;
        for (size_t r = 0; r < rows; ++r) edge[r] = src[full + r];
        for (size_t r = rows; r < MR; ++r) edge[r] = T(0);
      }
    }
    return;
  }
  for (size_t ip = 0; ip < mc; ip += MR) {
    const size_t rows = HWY_MIN(MR, mc - ip);
    T* HWY_RESTRICT panel = dst + ip * AS;
    // op(A)(i, p) = A[i * lda + p]: each row is a contiguous copy.
    for (size_t r = 0; r < rows; ++r) {
      std::memcpy(panel + r * AS, A + (i0 + ip + r) * lda + p0, kc * sizeof(T));
    }
    for (size_t r = rows; r < MR; ++r) {
      for (size_t p = 0; p < kc; ++p) panel[r * AS + p] = T(0);
    }
  }
}

// Packs rows [p0, p0 + kc) x columns [j0, j0 + nc) of op(B) into NR-column
// micro-panels of kc x NR each; columns past nc are zero.
template <typename T>
void PackB(bool transB, const T* HWY_RESTRICT B, size_t ldb, size_t p0,
           size_t kc, size_t j0, size_t nc, T* HWY_RESTRICT dst) {
  using TL = Tile<T>;
  constexpr size_t NR = TL::kNR, N = TL::kN;
  using Ops = VecOps<T>;
  for (size_t jp = 0; jp < nc; jp += NR) {
    const size_t cols = HWY_MIN(NR, nc - jp);
    T* HWY_RESTRICT panel = dst + jp * kc;
    if (!transB) {
      // op(B)(p, j) = B[p * ldb + j]: NR consecutive values per p.
      const T* HWY_RESTRICT src = B + p0 * ldb + j0 + jp;
      if (cols == NR) {
        for (size_t p = 0; p < kc; ++p) {
          for (size_t v = 0; v < NR; v += N) {
            Ops::Store(Ops::LoadU(src + p * ldb + v), panel + p * NR + v);
          }
        }
      } else {
        for (size_t p = 0; p < kc; ++p) {
          for (size_t j = 0; j < cols; ++j) panel[p * NR + j] = src[p * ldb + j];
          for (size_t j = cols; j < NR; ++j) panel[p * NR + j] = T(0);
        }
      }
    } else {
      // op(B)(p, j) = B[j * ldb + p]: column j of op(B) is row j of B.
      for (size_t j = 0; j < cols; ++j) {
        const T* HWY_RESTRICT src = B + (j0 + jp + j) * ldb + p0;
        for (size_t p = 0; p < kc; ++p) panel[p * NR + j] = src[p];
      }
      for (size_t p = 0; p < kc; ++p) {
        for (size_t j = cols; j < NR; ++j) panel[p * NR + j] = T(0);
      }
    }
  }
}

// ---- A * B^T with few rows on one side: dot products, nothing packed ----
//
// A neural-network layer at a small batch (X * W^T, X a few rows) or its
// transpose (W * X^T): packing would copy the whole of W, read it back, and
// write it again, three passes over the big operand where one is needed (at
// 2 x 4096 x 4096, 14.8 ms packed against 2.7 ms for one GEMV). Both
// operands' rows run along k, so every entry of C is a dot product of two
// contiguous rows: tiles of 4 rows of the many side by RQ of the few side,
// the few side staying in L1/L2 while the many side streams once.

// Up to this many rows on the few side take the dot-product path: past it
// the packed micro-kernel's register reuse wins over packing the many side
// (X * W^T, W 4096 x 4096: see GEMM.md). AVX-512's 4 x 4 tiles and V8's
// slow packing move the crossover up; 64 is also the bound the CLI's
// streamed products stay above (lib/cli/project.ts, MIN_BLOCK_ROWS).
template <typename T>
constexpr size_t FewDots() {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL || HWY_TARGET == HWY_WASM
  return sizeof(T) == 4 ? 64 : 48;
#else
  return sizeof(T) == 4 ? 32 : 24;
#endif
}

// The few side can also be B: a tall X times a small W (Kronecker factors,
// a narrow head, low-rank factors). Then packing is cheap (B is small, A is
// copied row by row), and each dot product pays a lane reduction for only
// k / lanes multiply-adds: the dots only win on few columns and long rows.
// Measured (one thread; m large, ratio dots / packed), Zen 3: AVX2 f32 n = 8
// ~1.0 at k = 128, 0.54 at 1024; n = 16 1.4 at k = 256 to 1.05 at 1024;
// f64 n = 4 0.95 at k = 32, n = 8 1.1-1.2 everywhere; wasm-simd f32 n = 16
// 1.6 at k = 16, 0.9 at k = 256 (V8's packing is slow, so the dots go wider).
// A scalar target has no reduction to pay.
template <typename T>
constexpr bool DotsForFewB(size_t n, size_t k) {
#if HWY_TARGET == HWY_SCALAR || HWY_TARGET == HWY_EMU128
  (void)n, (void)k;
  return true;
#elif HWY_TARGET == HWY_WASM
  return k >= 16 * n;
#else
  return n < Tile<T>::kNR && k >= 16 * n;
#endif
}

template <typename T>
struct DotTileShape {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  static constexpr size_t kRQ = 4;  // 16 accumulators + 4 + 1 of 32 zmm
#else
  static constexpr size_t kRQ = 2;  // 8 accumulators + 4 + 1 of 16
#endif
};

// out[a * RQ + b] = dot(p row a, q row b) over k. The summation order of an
// entry depends on k only (lane partial sums over whole vectors, their sum,
// then the tail in order), never on the tile it sits in.
template <size_t RP, size_t RQ, typename T>
HWY_INLINE void DotTile(size_t k, const T* HWY_RESTRICT p, size_t ldp, const T* HWY_RESTRICT q,
                        size_t ldq, T* HWY_RESTRICT out) {
  using Ops = VecOps<T>;
  using V = typename Ops::V;
  constexpr size_t N = Ops::kN;
  V acc[RP][RQ];
  for (size_t a = 0; a < RP; ++a) {
    for (size_t b = 0; b < RQ; ++b) acc[a][b] = Ops::Zero();
  }
  size_t i = 0;
  for (; i + N <= k; i += N) {
    V pv[RP];
    for (size_t a = 0; a < RP; ++a) pv[a] = Ops::LoadU(p + a * ldp + i);
    for (size_t b = 0; b < RQ; ++b) {
      const V qv = Ops::LoadU(q + b * ldq + i);
      for (size_t a = 0; a < RP; ++a) acc[a][b] = Ops::MulAdd(pv[a], qv, acc[a][b]);
    }
  }
  for (size_t a = 0; a < RP; ++a) {
    for (size_t b = 0; b < RQ; ++b) {
      T sum = Ops::Sum(acc[a][b]);
      for (size_t j = i; j < k; ++j) sum += p[a * ldp + j] * q[b * ldq + j];
      out[a * RQ + b] = sum;
    }
  }
}

// C = alpha * A * B^T + beta * C (A m x k, B n x k) when m <= FewDots<T>(),
// or n <= FewDots<T>() and DotsForFewB(n, k). Tasks own disjoint rows of the many side, so the bits do not
// depend on the thread count.
template <typename T>
skm_status GemmDots(size_t m, size_t n, size_t k, T alpha, const T* A, size_t lda, const T* B,
                    size_t ldb, T beta, T* C, size_t ldc) {
  constexpr size_t RP = 4, RQ = DotTileShape<T>::kRQ;
  const bool few_a = m <= n;
  const size_t many = few_a ? n : m, few = few_a ? m : n;
  const T* P = few_a ? B : A;
  const T* Q = few_a ? A : B;
  const size_t ldp = few_a ? ldb : lda, ldq = few_a ? lda : ldb;
  // C(i, j) for P row p and Q row q.
  const size_t cp = few_a ? 1 : ldc, cq = few_a ? ldc : 1;
  const auto put = [&](size_t p0, size_t q0, size_t rp, size_t rq, const T* dots, size_t stride) {
    for (size_t a = 0; a < rp; ++a) {
      for (size_t b = 0; b < rq; ++b) {
        T* c = C + (p0 + a) * cp + (q0 + b) * cq;
        const T d = alpha * dots[a * stride + b];
        *c = beta == T(0) ? d : d + beta * *c;
      }
    }
  };
  const auto rows = [&](size_t p0, size_t p1) {
    T dots[RP * RQ];
    size_t p = p0;
    for (; p + RP <= p1; p += RP) {
      size_t q = 0;
      for (; q + RQ <= few; q += RQ) {
        DotTile<RP, RQ>(k, P + p * ldp, ldp, Q + q * ldq, ldq, dots);
        put(p, q, RP, RQ, dots, RQ);
      }
      for (; q < few; ++q) {
        DotTile<RP, 1>(k, P + p * ldp, ldp, Q + q * ldq, ldq, dots);
        put(p, q, RP, 1, dots, 1);
      }
    }
    for (; p < p1; ++p) {
      for (size_t q = 0; q < few; ++q) {
        DotTile<1, 1>(k, P + p * ldp, ldp, Q + q * ldq, ldq, dots);
        put(p, q, 1, 1, dots, 1);
      }
    }
  };
  const double flops = 2.0 * double(m) * double(n) * double(k);
  const size_t threads = flops > double(1 << 21) ? size_t(Threads()) : 1;
  // Chunks of whole tiles, several per thread for balance, each a few ms at
  // most so that a cancel is seen between them.
  const size_t chunk = HWY_MAX(RP, (many / (threads * 8) + RP - 1) / RP * RP);
  const size_t chunks = (many + chunk - 1) / chunk;
  std::atomic<bool> canceled{false};
  const auto run = [&](size_t t) {
    if (Cancelled()) {
      canceled.store(true, std::memory_order_relaxed);
      return;
    }
    rows(t * chunk, HWY_MIN(many, (t + 1) * chunk));
  };
  if (threads > 1 && chunks > 1) {
    ParallelFor(chunks, run);
  } else {
    for (size_t t = 0; t < chunks; ++t) run(t);
  }
  return canceled.load() ? SKM_ECANCELED : SKM_OK;
}

// A is read in place, not packed, on WASM: there the copy ran at a fraction
// of native speed and cost 10-20% of a skinny product (20000 x 2000 x 60);
// natively packing keeps the micro-kernel's rows in distinct cache sets and
// costs little. The arithmetic, and so the bits, are the same either way.
#if HWY_TARGET == HWY_WASM
constexpr bool kDirectA = true;
#else
constexpr bool kDirectA = false;
#endif

// The general case: m, n >= 2, k >= 1, alpha != 0 (checked by the caller).
template <typename T>
skm_status GemmPacked(bool transA, bool transB, size_t m, size_t n, size_t k,
                      T alpha, const T* A, size_t lda, const T* B, size_t ldb,
                      T beta, T* C, size_t ldc) {
  using TL = Tile<T>;
  using gemm::DivCeil;
  using gemm::RoundUp;
  constexpr size_t MR = TL::kMR, NR = TL::kNR, AS = TL::kAStride;
  if (!transA && transB &&
      (m <= FewDots<T>() || (n <= FewDots<T>() && DotsForFewB<T>(n, k)))) {
    return GemmDots(m, n, k, alpha, A, lda, B, ldb, beta, C, ldc);
  }

  // kc depends on k and the target only: it fixes where alpha * (partial sum)
  // is added into C, hence the bits.
  const size_t kc_max = DivCeil(k, DivCeil(k, TL::kKC));

  const double flops = 2.0 * double(m) * double(n) * double(k);
  const size_t threads =
      flops > double(1 << 21) ? HWY_MIN(size_t(Threads()), size_t{64}) : 1;

  // Column blocks of C (nc, a multiple of NR, balanced).
  const size_t nc_max = RoundUp(DivCeil(n, DivCeil(n, TL::kNC)), NR);
  // Row blocks (mc, a multiple of MR): balanced, and a multiple of the thread
  // count so that every thread gets the same share.
  size_t blocks_m = DivCeil(m, TL::kMC);
  if (threads > 1) blocks_m = RoundUp(blocks_m, threads);
  const size_t mc_max = RoundUp(DivCeil(m, blocks_m), MR);
  blocks_m = DivCeil(m, mc_max);
  // Too few row blocks to keep every thread busy: also split the columns.
  const size_t splits_n = blocks_m >= threads ? 1 : DivCeil(threads, blocks_m);
  const size_t tasks = blocks_m * splits_n;
  const size_t slots = HWY_MIN(threads, tasks);

  const size_t b_elems = RoundUp(kc_max * nc_max, 64 / sizeof(T));
  const size_t a_elems = RoundUp(mc_max * AS, 64 / sizeof(T));
  gemm::ScratchPool& pool = gemm::ScratchPool::Get();
  T* scratch = static_cast<T*>(pool.Acquire((b_elems + slots * a_elems) * sizeof(T)));
  if (scratch == nullptr) return SKM_ENOMEM;
  T* const packed_b = scratch;
  gemm::SlotSet slot_set(slots);

  for (size_t jc = 0; jc < n; jc += nc_max) {
    const size_t nc = HWY_MIN(nc_max, n - jc);
    const size_t chunk = RoundUp(DivCeil(nc, splits_n), NR);
    for (size_t pc = 0; pc < k; pc += kc_max) {
      // Between blocks (each a few ms at most): a canceled call stops here,
      // C partly updated, which SKM_ECANCELED allows.
      if (Cancelled()) {
        pool.Release(scratch);
        return SKM_ECANCELED;
      }
      const size_t kc = HWY_MIN(kc_max, k - pc);
      const T beta_now = pc == 0 ? beta : T(1);
      if (threads > 1 && nc > NR) {
        // Packing is a copy: any split gives the same panels.
        const size_t pack_chunk = RoundUp(DivCeil(nc, threads), NR);
        ParallelFor(DivCeil(nc, pack_chunk), [&](size_t t) {
          const size_t j_lo = t * pack_chunk;
          PackB(transB, B, ldb, pc, kc, jc + j_lo,
                HWY_MIN(pack_chunk, nc - j_lo), packed_b + j_lo * kc);
        });
      } else {
        PackB(transB, B, ldb, pc, kc, jc, nc, packed_b);
      }

      const auto run_task = [&](size_t t) {
        const size_t i0 = (t / splits_n) * mc_max;
        const size_t j_lo = (t % splits_n) * chunk;
        if (i0 >= m || j_lo >= nc) return;
        const size_t mc = HWY_MIN(mc_max, m - i0);
        const size_t j_hi = HWY_MIN(nc, j_lo + chunk);
        const size_t slot = slot_set.Claim();
        T* HWY_RESTRICT packed_a = scratch + b_elems + slot * a_elems;
        // Whole MR-row panels of A read in place where packing costs more
        // than it saves (kDirectA); the last short panel is packed (zero
        // rows past the matrix: reading them in place could run past A).
        const size_t whole = kDirectA ? mc - mc % MR : 0;
        if (whole < mc) PackA(transA, A, lda, i0 + whole, mc - whole, pc, kc, packed_a);
        for (size_t jr = j_lo; jr < j_hi; jr += NR) {
          const size_t cols = HWY_MIN(NR, j_hi - jr);
          const T* bp = packed_b + jr * kc;
          for (size_t ir = 0; ir < mc; ir += MR) {
            T* cp = C + (i0 + ir) * ldc + jc + jr;
            const size_t rows = HWY_MIN(MR, mc - ir);
            if (ir < whole) {
              if (transA) {
                MicroKernel<T, true, kDirectA>(kc, A + pc * lda + i0 + ir, bp, alpha, beta_now, cp, ldc, rows, cols, lda);
              } else {
                MicroKernel<T, false, kDirectA>(kc, A + (i0 + ir) * lda + pc, bp, alpha, beta_now, cp, ldc, rows, cols, lda);
              }
              continue;
            }
            const T* ap = packed_a + (ir - whole) * AS;
            if (transA) {
              MicroKernel<T, true>(kc, ap, bp, alpha, beta_now, cp, ldc, rows, cols);
            } else {
              MicroKernel<T, false>(kc, ap, bp, alpha, beta_now, cp, ldc, rows, cols);
            }
          }
        }
        slot_set.Free(slot);
      };
      if (tasks == 1) {
        run_task(0);
      } else {
        ParallelFor(tasks, run_task);
      }
    }
  }
  pool.Release(scratch);
  return SKM_OK;
}

skm_status GemmF32(bool transA, bool transB, size_t m, size_t n, size_t k,
                   float alpha, const float* A, size_t lda, const float* B,
                   size_t ldb, float beta, float* C, size_t ldc) {
  return GemmPacked<float>(transA, transB, m, n, k, alpha, A, lda, B, ldb, beta,
                           C, ldc);
}
skm_status GemmF64(bool transA, bool transB, size_t m, size_t n, size_t k,
                   double alpha, const double* A, size_t lda, const double* B,
                   size_t ldb, double beta, double* C, size_t ldc) {
  return GemmPacked<double>(transA, transB, m, n, k, alpha, A, lda, B, ldb,
                            beta, C, ldc);
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(GemmF32);
HWY_EXPORT(GemmF64);

namespace {
skm_status DispatchGemmF32(bool transA, bool transB, size_t m, size_t n,
                           size_t k, float alpha, const float* A, size_t lda,
                           const float* B, size_t ldb, float beta, float* C,
                           size_t ldc) {
  return HWY_DYNAMIC_DISPATCH(GemmF32)(transA, transB, m, n, k, alpha, A, lda,
                                       B, ldb, beta, C, ldc);
}
skm_status DispatchGemmF64(bool transA, bool transB, size_t m, size_t n,
                           size_t k, double alpha, const double* A, size_t lda,
                           const double* B, size_t ldb, double beta, double* C,
                           size_t ldc) {
  return HWY_DYNAMIC_DISPATCH(GemmF64)(transA, transB, m, n, k, alpha, A, lda,
                                       B, ldb, beta, C, ldc);
}
}  // namespace

namespace {

// C = beta * C over m x n (beta == 0 writes zeros without reading C).
template <typename T>
void ScaleC(size_t m, size_t n, T beta, T* C, size_t ldc) {
  if (beta == T(1)) return;
  for (size_t i = 0; i < m; ++i) {
    T* row = C + i * ldc;
    if (beta == T(0)) {
      for (size_t j = 0; j < n; ++j) row[j] = T(0);
    } else {
      for (size_t j = 0; j < n; ++j) row[j] = beta * row[j];
    }
  }
}

// A stored matrix of `rows` x `cols` with leading dimension `ld`: ld must be
// >= cols when there is a row to read; a null pointer only when it is empty.
bool StoredOk(const void* p, skm_int rows, skm_int cols, skm_int ld) {
  if (ld < 0) return false;
  if (rows > 0 && ld < cols) return false;
  if (rows > 0 && cols > 0 && p == nullptr) return false;
  return true;
}

skm_status GemvF32(int32_t trans, skm_int m, skm_int n, float alpha,
                   const float* A, skm_int lda, const float* x, skm_int incx,
                   float beta, float* y, skm_int incy) {
  return skm_gemv_f32(trans, m, n, alpha, A, lda, x, incx, beta, y, incy);
}
skm_status GemvF64(int32_t trans, skm_int m, skm_int n, double alpha,
                   const double* A, skm_int lda, const double* x, skm_int incx,
                   double beta, double* y, skm_int incy) {
  return skm_gemv_f64(trans, m, n, alpha, A, lda, x, incx, beta, y, incy);
}

template <typename T, class Packed, class Gemv>
skm_status Gemm(int32_t transA, int32_t transB, skm_int m, skm_int n,
                skm_int k, T alpha, const T* A, skm_int lda, const T* B,
                skm_int ldb, T beta, T* C, skm_int ldc, Packed packed,
                Gemv gemv) {
  if ((transA != 0 && transA != 1) || (transB != 0 && transB != 1)) {
    return SKM_EINVAL;
  }
  if (m < 0 || n < 0 || k < 0) return SKM_EINVAL;
  if (!StoredOk(A, transA ? k : m, transA ? m : k, lda)) return SKM_EINVAL;
  if (!StoredOk(B, transB ? n : k, transB ? k : n, ldb)) return SKM_EINVAL;
  if (!StoredOk(C, m, n, ldc)) return SKM_EINVAL;
  if (m == 0 || n == 0) return SKM_OK;
  if (k == 0 || alpha == T(0)) {
    ScaleC<T>(size_t(m), size_t(n), beta, C, size_t(ldc));
    return SKM_OK;
  }
  // One column or one row of C: a matrix-vector product (memory-bound; the
  // packed path would pad NR or MR times the work).
  if (n == 1) {
    // c = op(A) b, b = column 0 of op(B): B[p * ldb] or B[p].
    return gemv(transA, transA ? k : m, transA ? m : k, alpha, A, lda, B,
                transB ? skm_int{1} : ldb, beta, C, ldc);
  }
  if (m == 1) {
    // c^T = op(B)^T a, a = row 0 of op(A): A[p] or A[p * lda].
    return gemv(transB ? 0 : 1, transB ? n : k, transB ? k : n, alpha, B, ldb,
                A, transA ? lda : skm_int{1}, beta, C, skm_int{1});
  }
  return packed(transA != 0, transB != 0, size_t(m), size_t(n), size_t(k),
                alpha, A, size_t(lda), B, size_t(ldb), beta, C, size_t(ldc));
}

}  // namespace
}  // namespace skm

extern "C" {

SKM_API skm_status skm_gemm_f32(int32_t transA, int32_t transB, skm_int m,
                                skm_int n, skm_int k, float alpha,
                                const float* A, skm_int lda, const float* B,
                                skm_int ldb, float beta, float* C,
                                skm_int ldc) {
  return skm::Guarded([&] {
    return skm::Gemm<float>(transA, transB, m, n, k, alpha, A, lda, B, ldb,
                            beta, C, ldc, skm::DispatchGemmF32,
                            skm::GemvF32);
  });
}

SKM_API skm_status skm_gemm_f64(int32_t transA, int32_t transB, skm_int m,
                                skm_int n, skm_int k, double alpha,
                                const double* A, skm_int lda, const double* B,
                                skm_int ldb, double beta, double* C,
                                skm_int ldc) {
  return skm::Guarded([&] {
    return skm::Gemm<double>(transA, transB, m, n, k, alpha, A, lda, B, ldb,
                             beta, C, ldc, skm::DispatchGemmF64,
                             skm::GemvF64);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
