// What every door shares: typed-array kinds, status codes as JS errors, the
// exception guard, and the huge-page hint. The generic door (door.h) reads
// kernel arguments; addon.cc reads the library calls' few integers.
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
  if constexpr (std::is_same_v<T, uint16_t>) return napi_uint16_array;
  if constexpr (std::is_same_v<T, uint8_t>) return napi_uint8_array;
}

template <typename T>
const char* TypedArrayName() {
  if constexpr (std::is_same_v<T, float>) return "Float32Array";
  if constexpr (std::is_same_v<T, double>) return "Float64Array";
  if constexpr (std::is_same_v<T, uint32_t>) return "Uint32Array";
  if constexpr (std::is_same_v<T, int32_t>) return "Int32Array";
  if constexpr (std::is_same_v<T, uint16_t>) return "Uint16Array";
  if constexpr (std::is_same_v<T, uint8_t>) return "Uint8Array";
}

// A typed array's data pointer and element count, read in place (no copy).
template <typename T>
struct View {
  T* data;
  size_t length;
};

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

// A kernel status as the `code` of a JS error (lib/ maps it to its typed
// classes and its own messages) and as words.
inline const char* StatusCode(skm_status status) {
  switch (status) {
    case SKM_EINVAL: return "SKM_EINVAL";
    case SKM_ENOMEM: return "SKM_ENOMEM";
    case SKM_ECANCELED: return "SKM_ECANCELED";
    default: return "SKM_EINTERNAL";
  }
}
inline std::string StatusMessage(skm_status status) {
  switch (status) {
    case SKM_EINVAL: return "invalid arguments";
    case SKM_ENOMEM: return "out of memory";
    case SKM_ECANCELED: return "canceled";
    default: return "internal error (status " + std::to_string(status) + ")";
  }
}

// Turns a kernel status into a JS exception carrying its code.
void ThrowStatus(Napi::Env env, skm_status status, const char* what);

inline void Check(Napi::Env env, skm_status status, const char* what) {
  if (status != SKM_OK) ThrowStatus(env, status, what);
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

}  // namespace skm_addon

#endif  // SKETCHMAT_ADDON_ARGS_H_
