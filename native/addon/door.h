// The generic door: one template turns any C ABI kernel into a JS function,
// sync and async, reading its arguments by the kernel's C signature.
//
// lib/ computes every extent and checks every limit, in the caller's words;
// lib/backend/kernel.ts passes each pointer argument as a typed array whose
// length is exactly what the kernel may touch. The door checks what keeps
// memory safe whatever lib/ does: each argument's type and range, each
// array's real kind, and that no written array shares memory with another.
//
//   const T* parameter   a typed array of T, read only (or null)
//   T* parameter         a typed array of T the kernel writes (or null)
//   skm_int              an integer in [0, 2^52]
//   int32_t / uint32_t   an integer in the type's range
//   double / float       any number
//
// Async calls take a cancellation flag (an Int32Array of 1) first. They run
// on libuv's pool over the very arrays passed in, which lib/ made for the
// call and never hands out until the Promise settles (so no one can detach
// or resize them meanwhile); references keep them alive until then. The
// Promise resolves to undefined: the outputs are in the arrays.
#ifndef SKETCHMAT_ADDON_DOOR_H_
#define SKETCHMAT_ADDON_DOOR_H_

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "args.h"
#include "sketchmat.h"

namespace skm_addon {

// The arrays one call passes: what they cover (for the overlap check and the
// huge-page hint) and, for async calls, references that pin them.
class Operands {
 public:
  Operands(napi_env env, bool pin) : env_(env), pin_(pin) {}
  ~Operands();  // releases the pins (on the JS thread; never throws)
  Operands(const Operands&) = delete;
  Operands& operator=(const Operands&) = delete;

  void Add(napi_value array, const void* data, size_t bytes, bool written);
  // Throws when a written array shares a byte with any other array
  // (among the arrays added from the `first`-th on).
  void CheckOverlap(Napi::Env env, const char* fn, size_t first = 0) const;
  // Asks for huge pages on large outputs (see AdviseHugePages).
  void AdviseOutputs() const;

 private:
  struct Span {
    const char* begin;
    size_t bytes;
    bool written;
  };
  napi_env env_;
  bool pin_;
  std::vector<Span> spans_;
  std::vector<napi_ref> pins_;
};

// A JS error for a bad argument: a lib/ bug if it ever shows (lib/ checks
// first), so its code is SKM_EINTERNAL.
[[noreturn]] void ThrowArg(Napi::Env env, const char* fn, size_t i,
                           const std::string& expected);
double ArgNumber(const Napi::CallbackInfo& info, size_t i, const char* fn);
int64_t ArgInteger(const Napi::CallbackInfo& info, size_t i, const char* fn,
                   int64_t lo, int64_t hi, const char* range);

template <typename T>
struct Param;

template <>
struct Param<skm_int> {
  static skm_int Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands&) {
    return static_cast<skm_int>(ArgInteger(info, i, fn, 0, int64_t{1} << 52, "a size in [0, 2^52]"));
  }
};
template <>
struct Param<int32_t> {
  static int32_t Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands&) {
    return static_cast<int32_t>(ArgInteger(info, i, fn, INT32_MIN, INT32_MAX, "an int32"));
  }
};
template <>
struct Param<uint32_t> {
  static uint32_t Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands&) {
    return static_cast<uint32_t>(ArgInteger(info, i, fn, 0, UINT32_MAX, "a uint32"));
  }
};
template <>
struct Param<double> {
  static double Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands&) {
    return ArgNumber(info, i, fn);
  }
};
template <>
struct Param<float> {
  static float Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands&) {
    return static_cast<float>(ArgNumber(info, i, fn));
  }
};
template <typename T>
struct Param<T*> {
  using Elem = std::remove_const_t<T>;
  static T* Read(const Napi::CallbackInfo& info, size_t i, const char* fn, Operands& ops) {
    napi_env env = info.Env();
    napi_value v = info[i];
    napi_valuetype vt;
    napi_typeof(env, v, &vt);
    if (vt == napi_null || vt == napi_undefined) return nullptr;
    bool is_typed = false;
    napi_is_typedarray(env, v, &is_typed);
    napi_typedarray_type type;
    size_t length = 0;
    void* data = nullptr;
    if (!is_typed ||
        napi_get_typedarray_info(env, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != TypedArrayTypeOf<Elem>()) {
      ThrowArg(info.Env(), fn, i, std::string("a ") + TypedArrayName<Elem>());
    }
    // A detached buffer reports length 0: never hand out its pointer.
    if (length == 0) data = nullptr;
    ops.Add(v, data, length * sizeof(Elem), !std::is_const_v<T>);
    return static_cast<T*>(data);
  }
};

// Queues `run` on libuv's pool with the kernels watching `flag`; returns the
// Promise its completion settles. `ops` (the pinned arrays) lives until then.
Napi::Value QueueKernel(Napi::Env env, const char* fn, const int32_t* flag,
                        std::function<skm_status()> run,
                        std::unique_ptr<Operands> ops);

template <auto F>
struct Door;

template <typename... A, skm_status (*F)(A...)>
struct Door<F> {
  static constexpr size_t kArity = sizeof...(A);

  template <size_t... I>
  static std::tuple<A...> ReadAll(const Napi::CallbackInfo& info, size_t first,
                                  const char* fn, Operands& ops,
                                  std::index_sequence<I...>) {
    // Braced initialization reads the arguments left to right.
    return std::tuple<A...>{Param<A>::Read(info, first + I, fn, ops)...};
  }

  static void CheckArity(const Napi::CallbackInfo& info, size_t want, const char* fn) {
    if (info.Length() != want) {
      throw CodedError(info.Env(), "SKM_EINTERNAL",
                       std::string(fn) + ": expected " + std::to_string(want) +
                           " arguments, got " + std::to_string(info.Length()));
    }
  }

  static Napi::Value Sync(const Napi::CallbackInfo& info) {
    const char* fn = static_cast<const char*>(info.Data());
    return Guarded(info.Env(), [&]() -> Napi::Value {
      CheckArity(info, kArity, fn);
      Operands ops(info.Env(), false);
      auto args = ReadAll(info, 0, fn, ops, std::index_sequence_for<A...>{});
      ops.CheckOverlap(info.Env(), fn);
      ops.AdviseOutputs();
      Check(info.Env(), std::apply(F, args), fn);
      return info.Env().Undefined();
    });
  }

  // (flag: Int32Array(1), ...the kernel's arguments)
  static Napi::Value Async(const Napi::CallbackInfo& info) {
    const char* fn = static_cast<const char*>(info.Data());
    return Guarded(info.Env(), [&]() -> Napi::Value {
      CheckArity(info, kArity + 1, fn);
      auto ops = std::make_unique<Operands>(info.Env(), true);
      int32_t* flag = Param<int32_t*>::Read(info, 0, fn, *ops);
      if (flag == nullptr) ThrowArg(info.Env(), fn, 0, "an Int32Array(1) cancellation flag");
      auto args = ReadAll(info, 1, fn, *ops, std::index_sequence_for<A...>{});
      // Span 0 is the flag, not an operand of the kernel.
      ops->CheckOverlap(info.Env(), fn, 1);
      ops->AdviseOutputs();
      return QueueKernel(info.Env(), fn, flag, [args] { return std::apply(F, args); }, std::move(ops));
    });
  }
};

// The registry every doors_*.cc file adds to (see SKM_DOORS).
struct DoorEntry {
  std::string name;
  Napi::Value (*sync)(const Napi::CallbackInfo&);
  Napi::Value (*async)(const Napi::CallbackInfo&);
};
std::deque<DoorEntry>& DoorRegistry();
void AddDoors(const char* names, std::initializer_list<DoorEntry> entries);

template <auto... F>
struct DoorList {
  explicit DoorList(const char* names) {
    AddDoors(names, {DoorEntry{std::string(), &Door<F>::Sync, &Door<F>::Async}...});
  }
};

}  // namespace skm_addon

#define SKM_DOORS_CAT2(a, b) a##b
#define SKM_DOORS_CAT(a, b) SKM_DOORS_CAT2(a, b)
// SKM_DOORS(skm_foo_f32, skm_foo_f64, ...): exports each kernel as
// addon.kernels.<name> (sync) and addon.kernelsAsync.<name>.
#define SKM_DOORS(...)                                            \
  static const ::skm_addon::DoorList<__VA_ARGS__> SKM_DOORS_CAT( \
      skm_doors_, __LINE__){#__VA_ARGS__}

#endif  // SKETCHMAT_ADDON_DOOR_H_
