// The Hamming top-k kernel beside the time to read its codes once: a plain
// sum over the same uint32 array (the memory-bandwidth yardstick the issue
// names) and memcpy, on preallocated, pre-faulted buffers, minimum of reps.
// Build: bash bench/native/build-hamming.sh; run:
//   build/bench/hamming_kernels [codes=1000000] [bits=256] [threads=1] [k=10] [queries=1]
// Prints one JSON object.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "best.h"
#include "skm_features.h"


int main(int argc, char** argv) {
  const long n = argc > 1 ? atol(argv[1]) : 1000000;
  const long bits = argc > 2 ? atol(argv[2]) : 256;
  const int threads = argc > 3 ? atoi(argv[3]) : 1;
  const long k = argc > 4 ? atol(argv[4]) : 10;
  const long Q = argc > 5 ? atol(argv[5]) : 1;
  const int reps = 15;
  skm_set_threads(threads);
  const long words = bits / 32;
  std::vector<uint32_t> codes(n * words), copy(n * words), queries(Q * words);
  uint64_t s = 88172645463325252ull;
  auto next = [&] { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return static_cast<uint32_t>(s); };
  for (auto& w : codes) w = next();
  for (auto& w : queries) w = next();
  std::vector<int32_t> idx(Q * k);
  std::vector<uint16_t> dist(Q * k);

  volatile uint32_t sink = 0;
  const double sum_s = Best(reps, [&] {
    uint32_t acc = 0;
    for (size_t i = 0; i < codes.size(); ++i) acc += codes[i];
    sink = acc;
  });
  const double memcpy_s = Best(reps, [&] { std::memcpy(copy.data(), codes.data(), codes.size() * 4); });
  skm_status st = SKM_OK;
  const double topk_s = Best(reps, [&] {
    st = skm_hamming_topk(n, words, codes.data(), Q, queries.data(), k, idx.data(), dist.data());
  });
  const double bytes = double(codes.size()) * 4;
  std::printf(
      "{\"codes\": %ld, \"bits\": %ld, \"threads\": %d, \"k\": %ld, \"queries\": %ld, \"status\": %d, "
      "\"sum_ms\": %.3f, \"memcpy_ms\": %.3f, \"topk_ms\": %.3f, \"topk_ms_per_query\": %.3f, "
      "\"sum_gbps\": %.2f, \"topk_gbps_per_query\": %.2f, \"ratio_topk_per_query_to_sum\": %.3f, \"first\": [%d, %d]}\n",
      n, bits, threads, k, Q, st, sum_s * 1e3, memcpy_s * 1e3, topk_s * 1e3, topk_s * 1e3 / Q,
      bytes / sum_s / 1e9, bytes * Q / topk_s / 1e9, topk_s / Q / sum_s, Q * k > 0 ? idx[0] : -1,
      Q * k > 0 ? dist[0] : -1);
  return sink == 12345 ? 1 : 0;
}
