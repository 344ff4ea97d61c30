// Argument reading for the addon's doors onto the C ABI.
//
// lib/ validates every call with friendly messages before it reaches here; the
// checks below are the last line of defence that keeps a bypassed or buggy
// caller from making a kernel read or write outside a typed array. They throw
// JS exceptions (TypeError / RangeError), never crash.
#ifndef SKETCHMAT_ADDON_ARGS_H_
#define SKETCHMAT_ADDON_ARGS_H_

#include <napi.h>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "sketchmat.h"

namespace skm_addon {

template <typename T>
constexpr napi_typedarray_type TypedArrayTypeOf() {
  if constexpr (std::is_same_v<T, float>) return napi_float32_array;
  if constexpr (std::is_same_v<T, double>) return napi_float64_array;
  if constexpr (std::is_same_v<T, uint32_t>) return napi_uint32_array;
  if constexpr (std::is_same_v<T, int32_t>) return napi_int32_array;
  if constexpr (std::is_same_v<T, uint8_t>) return napi_uint8_array;
}

template <typename T>
const char* TypedArrayName() {
  if constexpr (std::is_same_v<T, float>) return "Float32Array";
  if constexpr (std::is_same_v<T, double>) return "Float64Array";
  if constexpr (std::is_same_v<T, uint32_t>) return "Uint32Array";
  if constexpr (std::is_same_v<T, int32_t>) return "Int32Array";
  if constexpr (std::is_same_v<T, uint8_t>) return "Uint8Array";
}

// A typed array's data pointer and element count, read in place (no copy).
template <typename T>
struct View {
  T* data;
  size_t length;
};

template <typename T>
View<T> ArgArray(const Napi::CallbackInfo& info, size_t i, const char* name) {
  Napi::Value v = info[i];
  if (!v.IsTypedArray() ||
      v.As<Napi::TypedArray>().TypedArrayType() != TypedArrayTypeOf<T>()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a " +
                                               TypedArrayName<T>());
  }
  Napi::TypedArrayOf<T> a = v.As<Napi::TypedArrayOf<T>>();
  // A detached buffer reports length 0 and a null data pointer.
  return View<T>{a.ElementLength() ? a.Data() : nullptr, a.ElementLength()};
}

// An integer argument in [lo, hi].
inline int64_t ArgInt(const Napi::CallbackInfo& info, size_t i,
                      const char* name, int64_t lo, int64_t hi) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) {
    throw Napi::TypeError::New(info.Env(),
                               std::string(name) + " must be a number");
  }
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) ||
      d != std::floor(d)) {
    throw Napi::RangeError::New(
        info.Env(), std::string(name) + " must be an integer in [" +
                        std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int64_t>(d);
}

// A size or leading dimension: a non-negative integer below 2^52, so that
// the products formed by ExtentOk cannot overflow 128 bits and are exact.
inline skm_int ArgSize(const Napi::CallbackInfo& info, size_t i,
                       const char* name) {
  return static_cast<skm_int>(ArgInt(info, i, name, 0, (int64_t{1} << 52)));
}

inline double ArgDouble(const Napi::CallbackInfo& info, size_t i,
                        const char* name) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) {
    throw Napi::TypeError::New(info.Env(),
                               std::string(name) + " must be a number");
  }
  return v.As<Napi::Number>().DoubleValue();
}

inline bool ArgBool(const Napi::CallbackInfo& info, size_t i) {
  return info[i].ToBoolean().Value();
}

// Elements a rows x cols block with leading dimension ld spans: (rows-1)*ld +
// cols, or 0 when empty.
inline unsigned __int128 Extent(skm_int rows, skm_int cols, skm_int ld) {
  if (rows == 0 || cols == 0) return 0;
  return static_cast<unsigned __int128>(rows - 1) * ld + cols;
}

template <typename T>
void RequireExtent(const Napi::CallbackInfo& info, const View<T>& a,
                   const char* name, skm_int rows, skm_int cols, skm_int ld) {
  if (rows > 1 && ld < cols) {
    throw Napi::RangeError::New(info.Env(),
                                std::string(name) + ": leading dimension " +
                                    std::to_string(ld) + " < row length " +
                                    std::to_string(cols));
  }
  if (Extent(rows, cols, ld) > a.length) {
    throw Napi::RangeError::New(
        info.Env(), std::string(name) + ": typed array has " +
                        std::to_string(a.length) + " elements, the " +
                        std::to_string(rows) + "x" + std::to_string(cols) +
                        " block needs more (detached?)");
  }
}

// Turns a kernel status into a JS exception. The error's `code` lets lib/ map
// it to its typed error classes.
void ThrowStatus(Napi::Env env, skm_status status, const char* what);

inline void Check(Napi::Env env, skm_status status, const char* what) {
  if (status != SKM_OK) ThrowStatus(env, status, what);
}

// Allocates with malloc and throws std::bad_alloc when it returns NULL, so a
// request larger than the machine is an ordinary allocation failure (Guarded
// makes it SKM_ENOMEM) everywhere -- also under AddressSanitizer, whose
// operator new aborts the process instead of throwing.
template <typename T>
struct MallocAllocator {
  using value_type = T;
  MallocAllocator() = default;
  template <typename U>
  MallocAllocator(const MallocAllocator<U>&) {}
  T* allocate(size_t n) {
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_alloc();
    void* p = std::malloc(n * sizeof(T));
    if (p == nullptr && n != 0) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <typename U>
  bool operator==(const MallocAllocator<U>&) const { return true; }
  template <typename U>
  bool operator!=(const MallocAllocator<U>&) const { return false; }
};

// Memory the doors own for async work (copies of inputs, results).
template <typename T>
using Buffer = std::vector<T, MallocAllocator<T>>;

// Copies a block (rows x cols, leading dimension ld) into a dense owned
// buffer, for async work that must not read the caller's buffer later.
template <typename T>
Buffer<T> CopyBlock(const View<T>& a, skm_int rows, skm_int cols,
                    skm_int ld) {
  Buffer<T> out(static_cast<size_t>(rows) * static_cast<size_t>(cols));
  for (skm_int r = 0; r < rows; ++r) {
    const T* src = a.data + static_cast<size_t>(r) * ld;
    std::copy(src, src + cols, out.data() + static_cast<size_t>(r) * cols);
  }
  return out;
}

// A JS Error carrying `code`, which lib/ maps to its typed classes.
inline Napi::Error CodedError(Napi::Env env, const char* code,
                              const std::string& msg) {
  Napi::Error e = Napi::Error::New(env, msg);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

// node-addon-api turns a thrown Napi::Error into a JS exception, but any
// other C++ exception leaving a callback terminates the process. Every door
// runs inside this: std::bad_alloc / std::length_error (a copy or result too
// large for memory) become SKM_ENOMEM errors, anything else SKM_EINTERNAL.
template <typename F>
Napi::Value Guarded(Napi::Env env, F&& body) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw CodedError(env, "SKM_ENOMEM", "out of memory");
  } catch (const std::length_error&) {
    throw CodedError(env, "SKM_ENOMEM", "out of memory (size too large)");
  } catch (const std::exception& e) {
    throw CodedError(env, "SKM_EINTERNAL",
                     std::string("internal error: ") + e.what());
  } catch (...) {
    throw CodedError(env, "SKM_EINTERNAL", "internal error");
  }
}

// Elements a result made by the addon may hold: V8's typed-array limit.
// Checked (without overflow) before a result buffer is sized as rows * cols.
constexpr uint64_t kMaxResultElements = uint64_t{1} << 32;

inline void RequireResultSize(const Napi::CallbackInfo& info, skm_int rows,
                              skm_int cols, const char* what) {
  if (static_cast<unsigned __int128>(rows) * static_cast<uint64_t>(cols) >
      kMaxResultElements) {
    throw CodedError(info.Env(), "SKM_ENOMEM",
                     std::string(what) + ": a " + std::to_string(rows) + "x" +
                         std::to_string(cols) +
                         " result is larger than a typed array can be");
  }
}

// Dispatches on the dtype of the array at `arg`.
template <Napi::Value (*F32)(const Napi::CallbackInfo&),
          Napi::Value (*F64)(const Napi::CallbackInfo&)>
Napi::Value ByDtype(const Napi::CallbackInfo& info, size_t arg) {
  return Guarded(info.Env(), [&]() -> Napi::Value {
    Napi::Value v = info[arg];
    if (v.IsTypedArray()) {
      auto t = v.As<Napi::TypedArray>().TypedArrayType();
      if (t == napi_float32_array) return F32(info);
      if (t == napi_float64_array) return F64(info);
    }
    throw Napi::TypeError::New(info.Env(),
                               "expected a Float32Array or Float64Array");
  });
}

// A hint, not math: asks Linux for transparent huge pages on the 2 MB-aligned
// inside of a large output the kernel is about to write (the doors of gemm,
// the random fills and the sketches call it). A fresh typed array is
// untouched zero pages; written with 4 KB pages its first touch costs a
// fault per page (~40 ms for a 100000 x 256 f32 result), with 2 MB pages a
// few dozen. Failure or another OS changes nothing but speed.
template <typename T>
void AdviseHugePages(const View<T>& out) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t begin = reinterpret_cast<uintptr_t>(out.data);
  const uintptr_t end = begin + out.length * sizeof(T);
  const uintptr_t a = (begin + kHuge - 1) & ~(kHuge - 1), b = end & ~(kHuge - 1);
  if (out.data && b > a) madvise(reinterpret_cast<void*>(a), b - a, MADV_HUGEPAGE);
#else
  (void)out;
#endif
}

// Whether two arrays share any byte.
template <typename A, typename B>
bool Overlap(const View<A>& a, const View<B>& b) {
  if (!a.data || !b.data) return false;
  const char* a0 = reinterpret_cast<const char*>(a.data);
  const char* b0 = reinterpret_cast<const char*>(b.data);
  return a0 < b0 + b.length * sizeof(B) && b0 < a0 + a.length * sizeof(A);
}

}  // namespace skm_addon

#endif  // SKETCHMAT_ADDON_ARGS_H_
