// Binary vector codes: sign packing (SimHash) and Hamming top-k search.
//
// Top-k is memory-bound: a 256-bit code is 32 bytes read once per query
// block, and its distance costs one XOR and one popcount per vector. Codes
// are scanned in blocks of about 64 KB (they stay in L2 while every query of
// the call passes over them); for each block the distances of all its codes
// to one query are computed with vector popcounts into a small buffer, then
// a bounded max-heap per query keeps the k smallest (distance, index) keys.
// A key is (distance << 32) | index, so comparing keys compares distance
// first and breaks ties by the lower index: the k smallest keys are one
// well-defined set whatever order the codes are seen in.
//
// Threads split the codes into contiguous ranges; each range keeps its own k
// best per query and the ranges' keys are merged by selecting the k smallest
// of their union -- the same set a single thread finds, so results do not
// depend on the thread count.
//
// Popcounts: Highway's PopulationCount on bytes (native VPOPCNT where the
// target has it, a nibble table lookup elsewhere), summed by SumsOf8. Codes
// whose length is not a multiple of 16 bytes (32, 64 and 96 bits...) and
// the HWY_SCALAR target use a portable bit-twiddling popcount on words:
// x86's popcnt instruction is not part of Highway's target flags, and the
// compiler would otherwise call a library routine. WASM always takes the
// word loop: i64.popcnt is native there and beats SIMD128's emulation
// (measured: 1M 256-bit codes, ~100 ms with SumsOf8 emulated).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "alloc.h"
#include "cancel.h"
#include "guarded.h"
#include "parallel.h"
#include "skm_features.h"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "hamming.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"

#ifndef SKM_HAMMING_ONCE_
#define SKM_HAMMING_ONCE_
namespace skm {
// Popcounts without the popcnt instruction (Hacker's Delight 5-2); WASM has
// i32/i64.popcnt, which the builtins become there.
inline uint32_t PopCount32(uint32_t x) {
#if defined(__wasm__)
  return static_cast<uint32_t>(__builtin_popcount(x));
#else
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return (x * 0x01010101u) >> 24;
#endif
}
inline uint32_t PopCount64(uint64_t x) {
#if defined(__wasm__)
  return static_cast<uint32_t>(__builtin_popcountll(x));
#else
  return PopCount32(static_cast<uint32_t>(x)) + PopCount32(static_cast<uint32_t>(x >> 32));
#endif
}
// The k smallest keys seen, as a max-heap (front: the largest kept).
struct TopK {
  uint64_t* keys;  // k slots
  size_t k;
  size_t size;
  // Codes are offered in increasing index order, so a new code enters only
  // when its distance is below the largest kept: at equal distance its
  // index, hence its key, is larger.
  uint32_t Bound() const { return size < k ? UINT32_MAX : static_cast<uint32_t>(keys[0] >> 32); }
  void Offer(uint32_t dist, size_t index) {
    if (dist < Bound()) Push((uint64_t{dist} << 32) | uint64_t(index));
  }
  void Push(uint64_t key) {
    if (size < k) {
      keys[size++] = key;
      std::push_heap(keys, keys + size);
    } else {
      std::pop_heap(keys, keys + k);
      keys[k - 1] = key;
      std::push_heap(keys, keys + k);
    }
  }
};

}  // namespace skm
#endif

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Offers codes first .. first+count-1 (at `codes`, `bytes` apart; bytes a
// multiple of the tag's lanes) to `heap` by their distance to `query`.
template <class D8>
HWY_INLINE void ScanVec(D8 d8, const uint8_t* HWY_RESTRICT codes,
                        size_t bytes, size_t first, size_t count,
                        const uint8_t* HWY_RESTRICT query, TopK& heap) {
  const hn::Repartition<uint64_t, D8> d64;
  const size_t N = hn::Lanes(d8);
  size_t i = 0;
  // Four codes per lane sum: every u64 lane of a code's accumulator holds at
  // most its distance (<= bits <= 65504 < 2^16), so the four accumulators
  // fit side by side in 16-bit fields of one vector, and one SumOfLanes adds
  // all four codes' lanes without a carry crossing fields.
  uint32_t bound = heap.Bound();
  for (; i + 4 <= count; i += 4) {
    const uint8_t* c0 = codes + i * bytes;
    auto a0 = hn::Zero(d64), a1 = hn::Zero(d64), a2 = hn::Zero(d64), a3 = hn::Zero(d64);
    for (size_t b = 0; b < bytes; b += N) {
      const auto q = hn::LoadU(d8, query + b);
      a0 = hn::Add(a0, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + b), q))));
      a1 = hn::Add(a1, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + bytes + b), q))));
      a2 = hn::Add(a2, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + 2 * bytes + b), q))));
      a3 = hn::Add(a3, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + 3 * bytes + b), q))));
    }
    const auto packed = hn::Or(hn::Or(a0, hn::ShiftLeft<16>(a1)),
                               hn::Or(hn::ShiftLeft<32>(a2), hn::ShiftLeft<48>(a3)));
    const uint64_t t = hn::GetLane(hn::SumOfLanes(d64, packed));
    const uint32_t d0 = static_cast<uint32_t>(t & 0xFFFF), d1 = static_cast<uint32_t>((t >> 16) & 0xFFFF);
    const uint32_t d2 = static_cast<uint32_t>((t >> 32) & 0xFFFF), d3 = static_cast<uint32_t>(t >> 48);
    // Once the heap is full, almost no code enters: one test for the four.
    if (HWY_UNLIKELY(HWY_MIN(HWY_MIN(d0, d1), HWY_MIN(d2, d3)) < bound)) {
      heap.Offer(d0, first + i);
      heap.Offer(d1, first + i + 1);
      heap.Offer(d2, first + i + 2);
      heap.Offer(d3, first + i + 3);
      bound = heap.Bound();
    }
  }
  for (; i < count; ++i) {
    const uint8_t* c0 = codes + i * bytes;
    auto a0 = hn::Zero(d64);
    for (size_t b = 0; b < bytes; b += N) {
      const auto q = hn::LoadU(d8, query + b);
      a0 = hn::Add(a0, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + b), q))));
    }
    heap.Offer(static_cast<uint32_t>(hn::GetLane(hn::SumOfLanes(d64, a0))), first + i);
  }
}

// Offers codes first .. first+count-1 (codes points at code `first`) to `heap`.
void ScanBlock(const uint32_t* codes, size_t words, size_t first, size_t count,
               const uint32_t* query, TopK* heap) {
  const size_t bytes = words * 4;
  const uint8_t* c8 = reinterpret_cast<const uint8_t*>(codes);
  const uint8_t* q8 = reinterpret_cast<const uint8_t*>(query);
  // At most 32-byte vectors: a 256-bit code is then one vector on AVX2 and
  // AVX-512 alike (a 64-byte vector would not divide it).
  const hn::CappedTag<uint8_t, 32> d32;
  const hn::CappedTag<uint8_t, 16> d16;
  // WASM has a native i64.popcnt, which beats emulating SumsOf8 in SIMD128;
  // one-lane "vectors" (HWY_SCALAR) would count a byte at a time.
#if !defined(__wasm__)
  if (HWY_TARGET != HWY_SCALAR) {
    if (bytes % hn::Lanes(d32) == 0) return ScanVec(d32, c8, bytes, first, count, q8, *heap);
    if (bytes % hn::Lanes(d16) == 0) return ScanVec(d16, c8, bytes, first, count, q8, *heap);
  }
#else
  (void)c8, (void)q8, (void)d32, (void)d16;
#endif
  for (size_t i = 0; i < count; ++i) {
    const uint32_t* c = codes + i * words;
    uint32_t d = 0;
    size_t w = 0;
    for (; w + 2 <= words; w += 2) {
      uint64_t x, y;
      std::memcpy(&x, c + w, 8);
      std::memcpy(&y, query + w, 8);
      d += PopCount64(x ^ y);
    }
    if (w < words) d += PopCount32(c[w] ^ query[w]);
    heap->Offer(d, first + i);
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(ScanBlock);

namespace {

// Codes per block: about 64 KB of codes, at least 16, at most kMaxBlock.
constexpr size_t kMaxBlock = 4096;
// Fewer codes than this per thread: not worth a thread.
constexpr size_t kMinCodesPerTask = 1 << 14;

// Scans codes [c0, c1) for every query into heaps[q] (each k keys from
// `keys`); false when cancelled.
bool ScanRange(const uint32_t* codes, size_t words, size_t c0, size_t c1,
               const uint32_t* queries, size_t Q, size_t k, uint64_t* keys,
               size_t* sizes) {
  const size_t block = std::min(kMaxBlock, std::max<size_t>(16, 65536 / (words * 4)));
  for (size_t b0 = c0; b0 < c1; b0 += block) {
    if (Cancelled()) return false;
    const size_t count = std::min(block, c1 - b0);
    for (size_t q = 0; q < Q; ++q) {
      TopK heap{keys + q * k, k, sizes[q]};
      HWY_DYNAMIC_DISPATCH(ScanBlock)(codes + b0 * words, words, b0, count,
                                      queries + q * words, &heap);
      sizes[q] = heap.size;
    }
  }
  return true;
}

skm_status HammingTopK(skm_int n, skm_int words, const uint32_t* codes,
                       skm_int Q, const uint32_t* queries, skm_int k,
                       int32_t* indices, uint16_t* distances) {
  if (n < 0 || words < 1 || Q < 0 || k < 0) return SKM_EINVAL;
  if (words > 65504 / 32 || n > INT32_MAX || k > n) return SKM_EINVAL;
  if (n > 0 && codes == nullptr) return SKM_EINVAL;
  if (Q > 0 && queries == nullptr) return SKM_EINVAL;
  if (Q > 0 && k > 0 && (indices == nullptr || distances == nullptr)) return SKM_EINVAL;
  if (Q == 0 || k == 0) return SKM_OK;
  const size_t nn = size_t(n), kk = size_t(k), QQ = size_t(Q), W = size_t(words);

  const size_t tasks = std::max<size_t>(
      1, std::min<size_t>(size_t(Threads()), nn / kMinCodesPerTask));
  // Per task: Q heaps of k keys and their sizes.
  const uint64_t per_task = Count({QQ, kk});
  AlignedArray<uint64_t> keys(Count({per_task, tasks}));
  AlignedArray<size_t> sizes(Count({QQ, tasks}));
  if (keys.p == nullptr || sizes.p == nullptr) return SKM_ENOMEM;
  std::fill(sizes.p, sizes.p + QQ * tasks, size_t{0});

  // Task t owns codes [nn * t / tasks, nn * (t + 1) / tasks).
  std::vector<char> done(tasks, 0);
  auto run = [&](size_t t) {
    const size_t c0 = nn * t / tasks, c1 = nn * (t + 1) / tasks;
    done[t] = ScanRange(codes, W, c0, c1, queries, QQ, kk, keys.p + t * per_task,
                        sizes.p + t * QQ) ? 1 : 0;
  };
  if (tasks == 1) {
    run(0);
  } else {
    ParallelFor(tasks, run);
  }
  for (size_t t = 0; t < tasks; ++t) {
    if (!done[t]) return SKM_ECANCELED;
  }

  // Merge: the k smallest keys of the tasks' heaps, ascending. Every task
  // kept min(k, its range) keys and the ranges cover n >= k codes, so the
  // union holds at least k.
  std::vector<uint64_t> merged;
  merged.reserve(kk * tasks);
  for (size_t q = 0; q < QQ; ++q) {
    merged.clear();
    for (size_t t = 0; t < tasks; ++t) {
      const uint64_t* h = keys.p + t * per_task + q * kk;
      merged.insert(merged.end(), h, h + sizes.p[t * QQ + q]);
    }
    if (merged.size() < kk) return SKM_EINTERNAL;
    std::partial_sort(merged.begin(), merged.begin() + kk, merged.end());
    for (size_t j = 0; j < kk; ++j) {
      indices[q * kk + j] = static_cast<int32_t>(merged[j] & 0xFFFFFFFFu);
      distances[q * kk + j] = static_cast<uint16_t>(merged[j] >> 32);
    }
  }
  return SKM_OK;
}

template <typename T>
skm_status SignPack(skm_int N, skm_int bits, const T* X, skm_int ldx,
                    uint32_t* codes) {
  if (N < 0 || bits < 32 || bits % 32 != 0 || bits > 65504 || ldx < 0) return SKM_EINVAL;
  if (N > 0 && (ldx < bits || X == nullptr || codes == nullptr)) return SKM_EINVAL;
  const size_t words = size_t(bits) / 32;
  for (size_t r = 0; r < size_t(N); ++r) {
    const T* x = X + r * size_t(ldx);
    uint32_t* out = codes + r * words;
    for (size_t w = 0; w < words; ++w) {
      uint32_t word = 0;
      // NaN > 0 is false: NaN packs as 0, like 0 and -0.
      for (size_t b = 0; b < 32; ++b) word |= uint32_t(x[w * 32 + b] > T(0)) << b;
      out[w] = word;
    }
  }
  return SKM_OK;
}

}  // namespace
}  // namespace skm

extern "C" {

skm_status skm_sign_pack_f32(skm_int N, skm_int bits, const float* X,
                             skm_int ldx, uint32_t* codes) {
  return skm::Guarded([&] { return skm::SignPack(N, bits, X, ldx, codes); });
}
skm_status skm_sign_pack_f64(skm_int N, skm_int bits, const double* X,
                             skm_int ldx, uint32_t* codes) {
  return skm::Guarded([&] { return skm::SignPack(N, bits, X, ldx, codes); });
}
skm_status skm_hamming_topk(skm_int n, skm_int words, const uint32_t* codes,
                            skm_int Q, const uint32_t* queries, skm_int k,
                            int32_t* indices, uint16_t* distances) {
  return skm::Guarded([&] {
    return skm::HammingTopK(n, words, codes, Q, queries, k, indices, distances);
  });
}

}  // extern "C"
#endif  // HWY_ONCE
