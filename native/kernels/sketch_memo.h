// What a sketch's project generates from its seed on every call (the
// structure of S sorted for the sums, or the dense S of a Gaussian), kept
// across calls for small operators. A service projecting one embedding per
// request spent 95% of each call regenerating S: 384 -> 64, one row, sparse
// sign 65 us, Gaussian 267 us, where the product itself is a few us.
//
// What is kept is exactly what would be generated, so results are the same
// bits with or without it. An operator is kept from its second project on
// (one-off operators are not copied at all). Memory stays bounded: entries of at most
// kMemoEntryBytes, kMemoBytes in all, least recently used dropped first; an
// entry in use is pinned and never dropped under its user. Storing is best
// effort (skipped when memory is short), so a kernel never fails for it.
#ifndef SKETCHMAT_KERNELS_SKETCH_MEMO_H_
#define SKETCHMAT_KERNELS_SKETCH_MEMO_H_

#include <cstddef>
#include <cstdint>

#include "sketch_internal.h"

namespace skm {
namespace sketch {

#ifdef __EMSCRIPTEN__
// The WASM heap never shrinks: keep less there.
constexpr size_t kMemoBytes = size_t{8} << 20;
#else
constexpr size_t kMemoBytes = size_t{16} << 20;
#endif
constexpr size_t kMemoEntryBytes = size_t{4} << 20;

// Which generated thing an entry holds (with the element size, for dense S).
enum class MemoWhat : int32_t { kSparseRows = 1, kDenseF32 = 2, kDenseF64 = 3 };

// A pinned entry (data null when there was none); unpins when it goes.
class MemoPin {
 public:
  MemoPin() = default;
  MemoPin(const MemoPin&) = delete;
  MemoPin& operator=(const MemoPin&) = delete;
  ~MemoPin();
  const void* data() const { return data_; }

 private:
  friend void MemoFind(const Spec&, MemoWhat, MemoPin*);
  int slot_ = -1;
  const void* data_ = nullptr;
};

// Pins the entry for (s, what) into *pin, if there is one.
void MemoFind(const Spec& s, MemoWhat what, MemoPin* pin);
// Keeps a copy of the bytes at a (na of them) followed by those at b (nb)
// for (s, what), when they fit.
void MemoStore(const Spec& s, MemoWhat what, const void* a, size_t na, const void* b = nullptr,
               size_t nb = 0);

}  // namespace sketch
}  // namespace skm

#endif  // SKETCHMAT_KERNELS_SKETCH_MEMO_H_
