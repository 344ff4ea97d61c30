// Scratch allocation with checked sizes. Sizes are multiplied in 64 bits and
// checked against what size_t addresses, which on WebAssembly is 32 bits:
// there an unchecked k * block * sizeof(T) can wrap to a small number, and
// the kernel would then write past a small allocation. A size that does not
// fit is an allocation failure (SKM_ENOMEM), like one malloc refuses.
#ifndef SKETCHMAT_ALLOC_H_
#define SKETCHMAT_ALLOC_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>

namespace skm {

// The product of the factors, or UINT64_MAX if it overflows 64 bits.
inline uint64_t Count(std::initializer_list<uint64_t> factors) {
  uint64_t p = 1;
  for (const uint64_t f : factors) {
    if (__builtin_mul_overflow(p, f, &p)) return UINT64_MAX;
  }
  return p;
}

// a + b, or UINT64_MAX if it overflows.
inline uint64_t Plus(uint64_t a, uint64_t b) {
  uint64_t s;
  return __builtin_add_overflow(a, b, &s) ? UINT64_MAX : s;
}

// malloc / calloc of `count` T, or nullptr if count * sizeof(T) is more than
// this platform can address (or malloc fails).
template <typename T>
T* AllocArray(uint64_t count) {
  if (count > PTRDIFF_MAX / sizeof(T) || count > SIZE_MAX / sizeof(T)) return nullptr;
  return static_cast<T*>(std::malloc(static_cast<size_t>(count) * sizeof(T)));
}
template <typename T>
T* AllocZeroed(uint64_t count) {
  if (count > PTRDIFF_MAX / sizeof(T) || count > SIZE_MAX / sizeof(T)) return nullptr;
  return static_cast<T*>(std::calloc(static_cast<size_t>(count), sizeof(T)));
}

// `count` T starting on a 64-byte boundary, freed with the object; p is
// nullptr when the size does not fit or malloc fails. Typed arrays
// (malloc'd) often sit 16 bytes off a cache line, so every 64-byte vector of
// theirs spans two lines (~40% slower FWHT passes): scratch that vectors
// sweep is aligned instead.
template <typename T>
struct AlignedArray {
  void* mem = nullptr;
  T* p = nullptr;
  explicit AlignedArray(uint64_t count) {
    mem = AllocArray<char>(Plus(Count({count, sizeof(T)}), 64));
    if (mem) p = reinterpret_cast<T*>((reinterpret_cast<uintptr_t>(mem) + 63) & ~uintptr_t{63});
  }
  ~AlignedArray() { std::free(mem); }
  AlignedArray(const AlignedArray&) = delete;
  AlignedArray& operator=(const AlignedArray&) = delete;
};

}  // namespace skm

#endif  // SKETCHMAT_ALLOC_H_
