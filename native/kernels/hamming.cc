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
// whose length is not a multiple of 16 bytes (32, 64 and 96 bits...) use a
// portable bit-twiddling popcount on 32-bit words: x86's popcnt instruction
// is not part of Highway's target flags, and the compiler would otherwise
// call a library routine.
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
// Popcount of a 32-bit word without the popcnt instruction (Hacker's
// Delight 5-2); WASM has i32.popcnt, which the builtin becomes there.
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
}  // namespace skm
#endif

HWY_BEFORE_NAMESPACE();
namespace skm {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// dist[i] = popcount(code i XOR query) over `bytes` bytes (a multiple of the
// tag's lanes), for i < count; codes are `bytes` apart.
template <class D8>
HWY_INLINE void DistancesVec(D8 d8, const uint8_t* HWY_RESTRICT codes,
                             size_t bytes, size_t count,
                             const uint8_t* HWY_RESTRICT query,
                             uint32_t* HWY_RESTRICT dist) {
  const hn::Repartition<uint64_t, D8> d64;
  const size_t N = hn::Lanes(d8);
  size_t i = 0;
  // Two codes at a time so one code's lane sum overlaps the other's loads.
  for (; i + 2 <= count; i += 2) {
    const uint8_t* c0 = codes + i * bytes;
    const uint8_t* c1 = c0 + bytes;
    auto acc0 = hn::Zero(d64);
    auto acc1 = hn::Zero(d64);
    for (size_t b = 0; b < bytes; b += N) {
      const auto q = hn::LoadU(d8, query + b);
      acc0 = hn::Add(acc0, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + b), q))));
      acc1 = hn::Add(acc1, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c1 + b), q))));
    }
    dist[i] = static_cast<uint32_t>(hn::GetLane(hn::SumOfLanes(d64, acc0)));
    dist[i + 1] = static_cast<uint32_t>(hn::GetLane(hn::SumOfLanes(d64, acc1)));
  }
  if (i < count) {
    const uint8_t* c0 = codes + i * bytes;
    auto acc0 = hn::Zero(d64);
    for (size_t b = 0; b < bytes; b += N) {
      const auto q = hn::LoadU(d8, query + b);
      acc0 = hn::Add(acc0, hn::SumsOf8(hn::PopulationCount(hn::Xor(hn::LoadU(d8, c0 + b), q))));
    }
    dist[i] = static_cast<uint32_t>(hn::GetLane(hn::SumOfLanes(d64, acc0)));
  }
}

void BlockDistances(const uint32_t* codes, size_t words, size_t count,
                    const uint32_t* query, uint32_t* dist) {
  const size_t bytes = words * 4;
  const uint8_t* c8 = reinterpret_cast<const uint8_t*>(codes);
  const uint8_t* q8 = reinterpret_cast<const uint8_t*>(query);
  // At most 32-byte vectors: a 256-bit code is then one vector on AVX2 and
  // AVX-512 alike (a 64-byte vector would not divide it).
  const hn::CappedTag<uint8_t, 32> d32;
  const hn::CappedTag<uint8_t, 16> d16;
  if (bytes % hn::Lanes(d32) == 0) {
    DistancesVec(d32, c8, bytes, count, q8, dist);
  } else if (bytes % hn::Lanes(d16) == 0) {
    DistancesVec(d16, c8, bytes, count, q8, dist);
  } else {
    for (size_t i = 0; i < count; ++i) {
      const uint32_t* c = codes + i * words;
      uint32_t d = 0;
      for (size_t w = 0; w < words; ++w) d += PopCount32(c[w] ^ query[w]);
      dist[i] = d;
    }
  }
}

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace skm
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace skm {
HWY_EXPORT(BlockDistances);

namespace {

// Codes per block: about 64 KB of codes, at least 16, at most kMaxBlock.
constexpr size_t kMaxBlock = 4096;
// Fewer codes than this per thread: not worth a thread.
constexpr size_t kMinCodesPerTask = 1 << 14;

// The k smallest keys seen, as a max-heap (front: the largest kept).
struct TopK {
  uint64_t* keys;  // k slots
  size_t k;
  size_t size;
  uint64_t Worst() const { return size < k ? UINT64_MAX : keys[0]; }
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

// Scans codes [c0, c1) for every query into heaps[q] (each k keys from
// `keys`); false when cancelled.
bool ScanRange(const uint32_t* codes, size_t words, size_t c0, size_t c1,
               const uint32_t* queries, size_t Q, size_t k, uint64_t* keys,
               size_t* sizes) {
  const size_t block = std::min(kMaxBlock, std::max<size_t>(16, 65536 / (words * 4)));
  uint32_t dist[kMaxBlock];
  for (size_t b0 = c0; b0 < c1; b0 += block) {
    if (Cancelled()) return false;
    const size_t count = std::min(block, c1 - b0);
    for (size_t q = 0; q < Q; ++q) {
      HWY_DYNAMIC_DISPATCH(BlockDistances)(codes + b0 * words, words, count,
                                           queries + q * words, dist);
      TopK heap{keys + q * k, k, sizes[q]};
      uint64_t worst = heap.Worst();
      for (size_t i = 0; i < count; ++i) {
        const uint64_t key = (uint64_t{dist[i]} << 32) | uint64_t(b0 + i);
        if (key < worst) {
          heap.Push(key);
          worst = heap.Worst();
        }
      }
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
